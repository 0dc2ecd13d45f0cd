"""Does the answer quote what the question asks for? Questions over the demo handbook whose answer
sits where a plain best-sentence pick misses it: in the clause after the one that shares the
question's words (…佩戴安全头盔；禁止载人), in the table row the question names (同城件 | …), in
the rule a sentence only points to (按第一百零九条处理), or in the sentence that counts what is
asked (几折 → 八五折, not 3个月 or 100票).

    .venv/bin/python bench/quotes.py [--set FILE] [--kb DIR] [--json]

Sets (JSON Lines: `question`, `expect`, a text the answer must hold in its first 300 characters,
or open with when `first` is true): bench/data/quote_questions.jsonl (the questions the changes
were made on), bench/data/quote_heldout.jsonl and quote_heldout2.jsonl (each written before the
changes of its session were run on it), quote_lists.jsonl (questions asking for a list: L1–L8
found by hand, H1–H8 written before the change), and quote_items.jsonl (whether a thing may be
sent: `expect` null for a thing the handbook does not name, which must be declined; `set` dev or
held-out). Printed: right,
answered without the expected text (wrong), declined. Without --kb the handbook is ingested into
a temporary knowledge base (about a minute).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.common import demo_parser, on_demo, read_jsonl  # noqa: E402

SET = REPO / "bench" / "data" / "quote_questions.jsonl"
HEAD = 300  # characters of the answer the expected text must sit in: it answers, not a footnote


def run(lu, path: Path) -> dict:
    out = {"questions": 0, "right": 0, "wrong": 0, "declined": 0, "misses": []}
    for row in read_jsonl(path):
        ans = lu.ask(row["question"], mode="extractive", use_cache=False)
        if row["expect"] is None:  # nothing in the handbook answers it: right only when declined
            out["probes"] = out.get("probes", 0) + 1
            out["probes_declined"] = out.get("probes_declined", 0) + ans.abstained
            if not ans.abstained:
                out["misses"].append({"question": row["question"], "got": ans.answer[:80].replace("\n", " / ")})
            continue
        out["questions"] += 1
        if ans.abstained:
            out["declined"] += 1
            out["misses"].append({"question": row["question"], "got": "declined"})
        elif ans.answer.startswith(row["expect"]) if row.get("first") else row["expect"] in ans.answer[:HEAD]:
            out["right"] += 1
        else:
            out["wrong"] += 1
            out["misses"].append({"question": row["question"], "got": ans.answer[:80].replace("\n", " / ")})
    return out


def main(argv: list[str] | None = None) -> int:
    args = demo_parser(__doc__, SET, "JSON Lines of question and expect").parse_args(argv)
    res = on_demo(args, "luodi-quotes-", lambda lu: run(lu, args.set))
    if res is None:
        return 0
    print(f"{args.set.name}: questions {res['questions']}: right {res['right']}, wrong {res['wrong']}, "
          f"declined {res['declined']}" + (f"; probes declined {res['probes_declined']}/{res['probes']}"
                                            if res.get("probes") else ""))
    for miss in res["misses"]:
        print(f"  {miss['question']} → {miss['got']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
