"""Questions the demo handbook does not answer, asked of it: how many are declined, by kind and
language, and what the answered ones said.

    .venv/bin/python bench/probes.py [--kb DIR] [--set FILE] [--json]

bench/data/handbook_probes.jsonl (bench/data/README.md): 60 questions written blind by a helper that
read only the handbook: `kind` company (facts about the company it never states: its CEO, its
founding year), near (its own domain and words, a case it does not cover: a 5号纸箱, a duty-free
amount) and off (off-topic). Every one should be declined. Without --kb the handbook is ingested
into a temporary knowledge base (about a minute).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.common import demo_parser, on_demo, read_jsonl  # noqa: E402

SET = REPO / "bench" / "data" / "handbook_probes.jsonl"


def run(lu, questions: Path = SET) -> dict:
    out: dict = {"probes": 0, "declined": 0, "by_kind": {}, "by_lang": {}, "answered": []}
    for row in read_jsonl(questions):
        ans = lu.ask(row["question"], mode="extractive", use_cache=False)
        out["probes"] += 1
        out["declined"] += ans.abstained
        for key, value in (("by_kind", row["kind"]), ("by_lang", row["lang"])):
            tally = out[key].setdefault(value, [0, 0])  # declined, asked
            tally[0] += ans.abstained
            tally[1] += 1
        if not ans.abstained:
            out["answered"].append({"id": row["id"], "question": row["question"], "answer": ans.answer[:80]})
    return out


def main(argv: list[str] | None = None) -> int:
    args = demo_parser(__doc__, SET, "probe questions (JSON Lines)").parse_args(argv)
    res = on_demo(args, "luodi-probes-", lambda lu: run(lu, args.set))
    if res is None:
        return 0
    print(f"probes declined {res['declined']}/{res['probes']}")
    for key in ("by_kind", "by_lang"):
        print("  " + ", ".join(f"{k} {d}/{n}" for k, (d, n) in sorted(res[key].items())))
    for row in res["answered"]:
        print(f"  answered {row['id']}: {row['question'][:40]} → {row['answer']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
