"""The quote sets of bench/quotes.py expect text the demo handbook really holds."""

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
HANDBOOK = "\n".join(p.read_text(encoding="utf-8") for p in sorted((REPO / "demo" / "handbook").iterdir()))


@pytest.mark.parametrize("name", ["quote_questions", "quote_heldout", "quote_heldout2", "quote_heldout3"])
def test_every_expected_quote_is_in_the_handbook(name):
    rows = [json.loads(line) for line in (REPO / "bench" / "data" / f"{name}.jsonl").read_text(
        encoding="utf-8").splitlines() if line.strip()]
    assert rows and all(r["question"].strip() for r in rows)
    # a table row is quoted as its cells joined by " | " (the HTML notice's rows hold no such text)
    missing = [r["expect"] for r in rows if not all(cell in HANDBOOK for cell in r["expect"].split(" | "))]
    assert not missing, f"not in demo/handbook: {missing}"
