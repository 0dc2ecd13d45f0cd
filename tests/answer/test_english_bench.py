"""bench/english.py: its set is well formed and its section matcher reads the guide's and the FAQ's
numbering."""

from __future__ import annotations

import json

from bench.english import SET, _is


def test_the_set_names_sections_the_handbook_has():
    rows = [json.loads(line) for line in SET.read_text("utf-8").splitlines() if line.strip()]
    handbook = SET.parents[2] / "demo" / "handbook"
    text = (handbook / "international-shipping-guide.md").read_text("utf-8") + \
        (handbook / "driver-safety-faq.md").read_text("utf-8")
    sections = [r["section"] for r in rows if r["section"]]
    english = [r for r in rows if r.get("lang", "en") == "en"]
    assert sum(bool(r["section"]) for r in english) == 16 and sum(r["section"] is None for r in english) == 5
    assert len(sections) == 36 and {r.get("lang", "en") for r in rows} == {"en", "zh-Hans", "zh-Hant"}
    assert all(f"\n{s} " in text or f"## {s}." in text for s in sections)


def test_a_hit_is_matched_to_its_numbered_section():
    assert _is("2.1", "Guide > Section 2. Destination zones", "2.1 Zone A covers Japan")
    assert _is("2.2", "Guide > Section 2. Destination zones", "2.1 Zone A covers Japan.\n2.2 Zone B covers")
    assert not _is("2.1", "Guide > Section 2. Destination zones", "2.2 Zone B covers, as 2.1 says")
    assert _is("Q3", "FAQ > Q3. How long may I drive without a break?", "No more than 4 hours")
    assert not _is("Q3", "FAQ > Q13. How many hours do I work?", "Normally no more than 8")
