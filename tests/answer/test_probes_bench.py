"""bench/probes.py: its two sets are well formed, and it counts declines by kind and language."""

from __future__ import annotations

import json
from types import SimpleNamespace

from bench.probes import SET, run


def _rows(path):
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def test_the_sets_are_well_formed_and_apart():
    dev, held_out = _rows(SET), _rows(SET.with_name("handbook_probes_heldout.jsonl"))
    for rows, n in ((dev, 60), (held_out, 40)):
        assert len(rows) == n and len({r["id"] for r in rows}) == n
        assert {r["kind"] for r in rows} == {"company", "near", "off"}
        assert {r["lang"] for r in rows} == {"en", "zh-Hans", "zh-Hant"}
    assert not {r["question"] for r in dev} & {r["question"] for r in held_out}
    third = _rows(SET.with_name("handbook_probes_heldout2.jsonl"))
    assert len({r["id"] for r in third}) == len(third) == 8
    assert {r["kind"] for r in third} <= {"company", "near", "off"}
    assert not {r["question"] for r in third} & {r["question"] for r in dev + held_out}


def test_declines_are_counted_by_kind_and_language(tmp_path):
    path = tmp_path / "p.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in (
        {"id": "a", "question": "飞鸽快递的CEO是谁？", "lang": "zh-Hans", "kind": "company"},
        {"id": "b", "question": "5号纸箱多少钱？", "lang": "zh-Hans", "kind": "near"},
    )), "utf-8")
    lu = SimpleNamespace(ask=lambda q, **kw: SimpleNamespace(abstained="CEO" in q, answer="1号纸箱8元"))
    res = run(lu, path)
    assert res["probes"] == 2 and res["declined"] == 1
    assert res["by_kind"] == {"company": [1, 1], "near": [0, 1]} and res["by_lang"] == {"zh-Hans": [1, 2]}
    assert res["answered"] == [{"id": "b", "question": "5号纸箱多少钱？", "answer": "1号纸箱8元"}]
