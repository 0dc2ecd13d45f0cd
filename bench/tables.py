"""Questions answered by a table row, over the demo handbook's tables (e5, hybrid search).

    .venv/bin/python bench/tables.py [--json]

16 questions of our own (bench/data/table_questions.jsonl), each answered by one row of one of
the handbook's five tables (`table`: the section its table ends, or the file of a page's table; `cell`: the cell that answers),
in other words than the row's ("省内件加急多久能到？" for the row 省内 | 10 | 3 | 1—2日 | 次日达
under 加急时效). The handbook is ingested twice in this process: with each table row embedded
with its column names (luodi.index.parts `_rows_with_header`, the release) and as the bare
row (the baseline). Printed for both: how often the table is the first hit, in the top 3 and
in the top 5, how often the answer's first citation is the table, and how often the answer opens
with the cell that answers, read from the table (luodi.answer.cells). About a minute.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
SET = REPO / "bench" / "data" / "table_questions.jsonl"


def _is(table: str, document: str, section: str) -> bool:
    return document.endswith(table) or section.rstrip().endswith(table) or f"{table}." in section


def run(kb: Path) -> dict:
    from luodi.app import Luodi

    rows = [json.loads(line) for line in SET.read_text("utf-8").splitlines() if line.strip()]
    ranks, cited, opened = [], 0, 0
    with Luodi(kb) as lu:
        lu.ingest([REPO / "demo" / "handbook"], licence="internal (fictional demo)", consent=True)
        for row in rows:
            hits = lu.search(row["question"], k=5)
            ranks.append(next((i for i, h in enumerate(hits, 1)
                               if _is(row["table"], h.document, h.section)), None))
            ans = lu.ask(row["question"], mode="extractive", use_cache=False)
            first = ans.citations[0] if ans.citations and not ans.abstained else None
            cited += first is not None and _is(row["table"], first.document, first.section)
            opened += _opens_with_cell(ans, row["table"], row["cell"])
    n = len(rows)
    return {"questions": n, "top1": sum(r == 1 for r in ranks), "top3": sum(r is not None and r <= 3 for r in ranks),
            "top5": sum(r is not None for r in ranks), "answer_cites_table": cited,
            "answer_opens_with_the_cell": opened, "ranks": ranks}


def _opens_with_cell(ans, table: str, cell: str) -> bool:
    """Whether the answer's first line is the asked cell of the table (luodi.answer.cells), cited."""
    first = ans.answer.split("\n", 1)[0]
    said = first.rsplit(" [", 1)[0]
    if ans.abstained or " · " not in first or not re.search(rf"[：:] ?{re.escape(cell)}(?:（|$)", said):
        return False
    n = int(first.rsplit("[", 1)[1].rstrip("]"))
    c = ans.citations[n - 1]
    return _is(table, c.document, c.section)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    import luodi.index.parts as tok

    release = tok._rows_with_header
    out = {}
    for name, rows_fn in (("baseline: bare rows", lambda parts: parts), ("rows with column names", release)):
        tok._rows_with_header = rows_fn
        with tempfile.TemporaryDirectory() as tmp:
            out[name] = run(Path(tmp) / "kb")
    tok._rows_with_header = release
    if args.json:
        print(json.dumps(out, ensure_ascii=False))
        return 0
    for name, r in out.items():
        print(f"{name:<24} table first {r['top1']}/{r['questions']}, top 3 {r['top3']}, top 5 {r['top5']}, "
              f"answer cites it first {r['answer_cites_table']}, opens with the right cell "
              f"{r['answer_opens_with_the_cell']}  ranks {r['ranks']}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
