"""Freight questions over the demo handbook's price tables, computed or not (extractive answers, e5).

    .venv/bin/python bench/freight.py [--kb DIR] [--set dev|heldout|all] [--json]

bench/data/freight_questions.jsonl ("dev", 41) and freight_heldout.jsonl ("heldout", 40):
questions of our own in zh-Hans, zh-Hant and English over the handbook's four tariffs (the
domestic manual's first-weight table, the bulky-freight starting-price table, the HK/Macau/Taiwan
table, the international guide's half-kilogram zones) and its surcharges, each with the total in
yuan that the handbook's rules give (`expect`, worked out by hand), or null where no figure
should be computed (over a weight limit, a size given, several parcels, no region, a place no
rule puts in one, a service not offered). Printed: computed right, computed wrong, not computed
where a figure was due (missed), computed where none was (wrongly computed). The dev set was
written while the readers were built and fixed against; the held-out set was written in batches
afterwards, each run once before anything was changed for it (bench/data/README.md,
docs/benchmarks.md). Without --kb the handbook is ingested into a temporary knowledge base
(about a minute)."""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.common import demo_parser, on_demo, read_jsonl  # noqa: E402

SETS = {"dev": REPO / "bench" / "data" / "freight_questions.jsonl",
        "heldout": REPO / "bench" / "data" / "freight_heldout.jsonl"}


def run(lu, path: Path) -> dict:
    rows = read_jsonl(path)
    out = {"questions": len(rows), "right": 0, "wrong": 0, "missed": 0, "wrongly_computed": 0, "cases": []}
    for row in rows:
        ans = lu.ask(row["question"], mode="extractive", use_cache=False)
        got = next((c.atom.removesuffix(" 元") for c in ans.checks if c.kind == "computed"), None)
        want = row["expect"]
        kind = ("right" if got == want else "wrong") if got and want else \
               ("missed" if want else ("wrongly_computed" if got else "right"))
        out[kind] += 1
        if kind != "right":
            out["cases"].append({"id": row["id"], "kind": kind, "expect": want, "got": got})
    return out


def main(argv: list[str] | None = None) -> int:
    ap = demo_parser(__doc__)
    ap.add_argument("--set", choices=[*SETS, "all"], default="all")
    args = ap.parse_args(argv)
    names = list(SETS) if args.set == "all" else [args.set]
    res = on_demo(args, "luodi-freight-", lambda lu: {name: run(lu, SETS[name]) for name in names})
    if res is None:
        return 0
    for name, r in res.items():
        print(f"{name} ({r['questions']} questions): right {r['right']} (computed or rightly not), computed wrong "
              f"{r['wrong']}, missed {r['missed']}, computed where no figure was due {r['wrongly_computed']}")
        for c in r["cases"]:
            print(f"  {c['id']}: {c['kind']}, expected {c['expect']}, got {c['got']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
