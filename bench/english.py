"""Questions over the demo handbook's English guide and FAQ, in English and in Chinese (extractive answers, e5).

    .venv/bin/python bench/english.py [--kb DIR] [--json]

The abstention rule was fitted on Chinese data; there is no English QA set in ../shared/data, so
this small set of our own keeps the English side measured: 16 questions whose answer is one
numbered section of demo/handbook/international-shipping-guide.md or driver-safety-faq.md
(`section`: "2.1", "Q3"), asked in other words than the section's, and 5 probes that nothing in
the handbook answers (`section`: null). Printed: how many are answered, how many of those cite
the right section first, how often search puts that section first and in its top 5, how many
of the declined questions list the right section among the closest passages (and first), how
many probes are declined. Then the same for 20 questions in Chinese (`lang` zh-Hans or zh-Hant)
over sections of the guide that no Chinese document covers (international rates, customs, claims),
and 3 Chinese probes: a question naming the guide's service (国际件) is asked of the guide
(luodi.retrieve.foreign) and answered with the English line that holds most of its words'
dictionary glosses, or declined with the guide's passages listed (luodi.answer.crosslingual;
docs/benchmarks.md). `--set bench/data/english_zh_heldout.jsonl`: 18 more Chinese questions and 4
probes, written before that answering was built. Without --kb the handbook is ingested into a
temporary knowledge base (about a minute).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.common import demo_parser, on_demo, read_jsonl  # noqa: E402

SET = REPO / "bench" / "data" / "english_questions.jsonl"
LABELS = {"en": "English questions", "zh": "Chinese questions"}


def _is(section: str, hit_section: str, text: str) -> bool:
    """Whether a hit or a citation holds the numbered section: an FAQ entry by its heading
    ("Q3. How long may I drive…"), a guide's item by a line of the text that starts with its
    number ("2.1 Zone A covers…"; a chunk may hold several items)."""
    heading = hit_section.rsplit(">", 1)[-1].strip()
    if heading.split(" ", 1)[0].rstrip(".") == section:
        return True
    return any(line.strip().split(" ", 1)[0] == section for line in text.splitlines())


def run(lu, questions: Path = SET) -> dict:
    rows = read_jsonl(questions)
    by_lang: dict[str, dict] = {}
    for row in rows:
        lang = "en" if row.get("lang", "en") == "en" else "zh"
        out = by_lang.setdefault(lang, {"questions": 0, "answered": 0, "cited_right": 0, "top1_right": 0,
                                        "top5_right": 0, "declined_listing_right": 0,
                                        "declined_first_listed_right": 0, "probes": 0,
                                        "probes_declined": 0, "wrong": []})
        ans = lu.ask(row["question"], mode="extractive", use_cache=False)
        if row["section"] is None:
            out["probes"] += 1
            out["probes_declined"] += ans.abstained
            continue
        out["questions"] += 1
        hits = lu.search(row["question"], k=5)
        out["top1_right"] += bool(hits) and _is(row["section"], hits[0].section, hits[0].text)
        out["top5_right"] += any(_is(row["section"], h.section, h.text) for h in hits)
        if ans.abstained:  # a decline lists the closest passages: does one hold the section?
            listed = {c.id: c for c in lu.store.chunks([c.chunk for c in ans.citations])}
            right = [_is(row["section"], listed[c.chunk].section, listed[c.chunk].text)
                     for c in ans.citations if c.chunk in listed]
            out["declined_listing_right"] += any(right)
            out["declined_first_listed_right"] += bool(right) and right[0]
            continue
        out["answered"] += 1
        first = ans.citations[0]
        if _is(row["section"], first.section, first.quote):
            out["cited_right"] += 1
        else:
            out["wrong"].append({"id": row["id"], "answer": ans.answer[:120]})
    return by_lang


def main(argv: list[str] | None = None) -> int:
    args = demo_parser(__doc__, SET, "questions (JSON Lines, this set's format); bench/data/english_zh_heldout.jsonl "
                       "holds Chinese ones written before the answering they measure").parse_args(argv)
    res = on_demo(args, "luodi-english-", lambda lu: run(lu, args.set))
    for lang, r in (res or {}).items():
        print(f"{LABELS[lang]}: answered {r['answered']}/{r['questions']}, first citation right "
              f"{r['cited_right']}, search: right section first {r['top1_right']}, in the top 5 "
              f"{r['top5_right']}; declined with the right section listed "
              f"{r['declined_listing_right']} (first {r['declined_first_listed_right']}); probes declined "
              f"{r['probes_declined']}/{r['probes']}")
        for w in r["wrong"]:
            print(f"  wrong {w['id']}: {w['answer']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
