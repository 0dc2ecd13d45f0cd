"""The dialogue suite (bench/data/dialogues.jsonl) over the demo handbook, rule-based mode, through
the HTTP API when the server package is present."""

from __future__ import annotations

import importlib.util
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _runner():
    spec = importlib.util.spec_from_file_location("bench_dialogues", REPO / "bench" / "dialogues.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_dialogue_suite_rule_based(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_MODE", "extractive")
    runner = _runner()
    suite = runner.load_suite()
    assert len(suite) >= 45 and {d["lang"] for d in suite} == {"zh-Hans", "zh-Hant", "en"}
    kb = tmp_path / "kb"
    runner.build_kb(kb)
    summary, _backend = runner.run_suite(kb, mode="extractive", home=tmp_path / "home")
    failures = "\n".join(f"{f['dialogue']} {f['kind']}: {f['detail']}" for f in summary["failures"])
    assert summary["overall"]["rate"] >= 0.9, failures
    assert summary["forgotten_never_recalled"]["rate"] == 1.0, failures
