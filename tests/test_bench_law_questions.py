"""The laws paraphrase sets (bench/data/laws_zh_questions.jsonl, the dev set; laws_zh_heldout.jsonl
and laws_zh_heldout2.jsonl to laws_zh_heldout5.jsonl, written later; laws_zh_amounts.jsonl, a probe
of amounts stated in the other form): well formed, every label an article of its law, and no Chinese
question findable by copying its article's words."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from bench.common import law_files
from luodi.fold import to_simplified

DATA = Path(__file__).resolve().parents[1] / "bench" / "data"
SETS = {"laws_zh_questions.jsonl": ("q", 246), "laws_zh_heldout.jsonl": ("h", 80),
        "laws_zh_heldout2.jsonl": ("g", 90), "laws_zh_heldout3.jsonl": ("k", 90),
        "laws_zh_heldout4.jsonl": ("m", 90), "laws_zh_heldout5.jsonl": ("n", 90),
        "laws_zh_amounts.jsonl": ("a", 12)}


def _rows(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()]


def _articles(text: str) -> dict[str, str]:
    """Each article's text, by its label (第X条 at a line's start, up to the next label)."""
    parts = re.split(r"(?m)^(第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?)[ \u3000]", text)
    return {parts[i]: parts[i + 1] for i in range(1, len(parts) - 1, 2)}


def _longest_common(a: str, b: str) -> int:
    best, prev = 0, [0] * (len(b) + 1)
    for ca in a:
        cur = [0] * (len(b) + 1)
        for j, cb in enumerate(b, 1):
            if ca == cb:
                cur[j] = prev[j - 1] + 1
                best = max(best, cur[j])
        prev = cur
    return best


@pytest.mark.parametrize("name", sorted(SETS))
def test_rows_are_well_formed(name):
    prefix, n = SETS[name]
    rows = _rows(name)
    assert [r["id"] for r in rows] == [f"{prefix}{i:03d}" for i in range(1, n + 1)]
    for r in rows:
        assert r["lang"] in ("zh-Hans", "zh-Hant", "en")
        assert r["persona"] in ("courier", "customer_service", "compliance")
        assert r["question"].strip() and r["law"] and r["article"].startswith("第")
    others = {r["question"] for other in SETS if other != name for r in _rows(other)}
    assert not others & {r["question"] for r in rows}


@pytest.mark.parametrize("name", sorted(SETS))
def test_labels_are_articles_and_questions_do_not_copy_them(name, shared_data):
    laws = {p.stem: _articles(p.read_text("utf-8")) for p in law_files(shared_data / "laws_zh")}
    for r in _rows(name):
        for label in [r] + r.get("also", []):
            assert label["article"] in laws[label["law"]], (r["id"], label)
        if r["lang"] != "en":
            gold = to_simplified(laws[r["law"]][r["article"]])
            assert _longest_common(to_simplified(r["question"]), gold) < 8, r["id"]
