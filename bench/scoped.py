"""Questions that name a place one service's price table covers (香港, 澳門, 台灣 are rows of the
HK/Macau/Taiwan rules' table only), asked over the demo handbook: are they answered from that
service's rules, not from the domestic manual's?

    .venv/bin/python bench/scoped.py [--kb DIR] [--json]

bench/data/service_questions.jsonl: `question`, the `document` (file name) and `section` (the
article's label) that answer it, and `expect`, the figure a computed answer must give, where one is
due; controls that name no such place keep the manual's article (g01–g06: questions the manual and
a service's own rules both answer, which name no service: the manual's); a probe (`document` null)
should be declined. Printed: answered from the right article, from another document, declined, and for the
probes how many are declined. Without --kb the handbook is ingested into a temporary knowledge
base (about a minute).
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from bench.common import demo_parser, on_demo, read_jsonl  # noqa: E402

SET = REPO / "bench" / "data" / "service_questions.jsonl"


def run(lu) -> dict:
    rows = read_jsonl(SET)
    out = {"questions": 0, "right": 0, "other_document": 0, "declined": 0, "figure_wrong": 0,
           "probes": 0, "probes_declined": 0, "misses": []}
    for row in rows:
        ans = lu.ask(row["question"], mode="extractive", use_cache=False)
        if row["document"] is None:
            out["probes"] += 1
            out["probes_declined"] += ans.abstained
            continue
        out["questions"] += 1
        if ans.abstained:
            out["declined"] += 1
            out["misses"].append({"id": row["id"], "got": "declined"})
            continue
        first = ans.citations[0]
        computed = [c.atom for c in ans.checks if c.kind == "computed"]
        if row.get("expect") and computed and computed[0].split()[0] != row["expect"]:
            out["figure_wrong"] += 1
        cited = [c for c in ans.citations if c.document.endswith(row["document"])
                 and c.section.endswith(row["section"])]
        if first.document.endswith(row["document"]) and cited:
            out["right"] += 1
        else:
            out["other_document"] += 1
            out["misses"].append({"id": row["id"], "got": f"{Path(first.document).name} {first.section[-8:]}"})
    return out


def main(argv: list[str] | None = None) -> int:
    args = demo_parser(__doc__).parse_args(argv)
    res = on_demo(args, "luodi-scoped-", run)
    if res is None:
        return 0
    print(f"questions {res['questions']}: right article {res['right']}, another document {res['other_document']}, "
          f"declined {res['declined']}, computed figure wrong {res['figure_wrong']}; probes declined "
          f"{res['probes_declined']}/{res['probes']}")
    for miss in res["misses"]:
        print(f"  {miss['id']}: {miss['got']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
