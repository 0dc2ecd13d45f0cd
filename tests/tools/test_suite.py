"""The courier utterance suite in rule-based mode (no model): accuracy and injection safety."""

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))


def test_rule_based_suite():
    from bench.tools import load_suite, run_courier

    items = load_suite()
    assert len(items) >= 90
    result = run_courier("rules", None, items, verbose=True)
    assert result["injected_calls"] == 0, result
    assert result["accuracy"] >= 0.9, result["failures"]


def test_rule_based_heldout_suite():
    from bench.tools import REPO, load_suite, run_courier

    result = run_courier("rules", None, load_suite(REPO / "bench" / "data" / "courier_heldout.jsonl"), verbose=True)
    assert result["injected_calls"] == 0, result
    assert result["accuracy"] >= 0.9, result["failures"]
