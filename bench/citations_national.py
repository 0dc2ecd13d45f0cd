"""Citation lookups at national scale: ../shared/data/laws_zh_national (about 1,600 laws,
regulations and judicial interpretations, many with near-identical long titles and several
versions of one law).

    .venv/bin/python bench/citations_national.py [--sample 150] [--json]

The whole folder is ingested through Luodi's own pipeline (the hash embedder: lookups by name and
number need no encoder; about 90 s), then for a sample of documents one article each is asked for
by its full title in 《》 ("《中华人民共和国立法法》第九十四条说了什么") and by its title without
中华人民共和国 and brackets ("立法法第九十四条说了什么"), extractive mode. Right: the answer's first
citation is that article of that document, or of a newer dated version of it (立法法(2023-03-13).md
for a sampled 立法法(2015-03-15).md: the law in force). Printed per form: right, another document's
article, declined, p50 ms; and what the ingest did with the folder.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import re
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import DATA  # noqa: E402

NATIONAL = DATA / "laws_zh_national"
_LABEL = re.compile(r"(第[一二三四五六七八九十百零]+条)$")


def _sample(lu, n: int, seed: int = 0) -> list[tuple[object, str]]:
    """(document, article label) pairs: a random document with numbered articles, one of them."""
    rng = random.Random(seed)
    docs = sorted((d for d in lu.store.documents() if d.title), key=lambda d: d.id)
    out = []
    for d in rng.sample(docs, min(len(docs), 3 * n)):
        labels = [m.group(1) for c in lu.store.document_chunks(d.id) if (m := _LABEL.search(c.section or ""))]
        if labels:
            out.append((d, rng.choice(labels)))
        if len(out) == n:
            break
    return out


def _right(lu, doc, label: str, citation) -> bool:
    if not (citation.section or "").endswith(label):
        return False
    if citation.document == doc.uri:
        return True
    from luodi.timeutil import file_date

    cited = lu.store.document(citation.document)
    mine, theirs = file_date(doc.uri), file_date(cited.uri)
    return cited.title == doc.title and bool(mine and theirs and theirs > mine)


def run(sample: int) -> dict:
    from luodi.app import Luodi
    from luodi.config import load_settings

    with tempfile.TemporaryDirectory(prefix="luodi-national-") as tmp:
        os.environ["LUODI_EMBEDDER"] = "hash"
        os.environ["LUODI_HOME"] = str(Path(tmp) / "home")
        with Luodi(settings=load_settings(Path(tmp) / "kb")) as lu:
            start = time.perf_counter()
            results = lu.ingest([NATIONAL], licence="public law (PRC Copyright Law Art. 5)", consent=True)
            ingest = dict(Counter(r.status for r in results))
            ingest["replaced an older version"] = sum("replaces" in (r.message or "") for r in results)
            ingest["seconds"] = round(time.perf_counter() - start, 1)
            forms = {"《full title》+label": lambda d: f"《{d.title}》", "short title+label": _short}
            out: dict = {"ingest": ingest}
            for form, name in forms.items():
                counts, lat = Counter(), []
                for doc, label in _sample(lu, sample):
                    t0 = time.perf_counter()
                    ans = lu.ask(f"{name(doc)}{label}说了什么", mode="extractive", use_cache=False)
                    lat.append((time.perf_counter() - t0) * 1000)
                    if ans.abstained or not ans.citations:
                        counts["declined"] += 1
                    else:
                        counts["right" if _right(lu, doc, label, ans.citations[0]) else "other"] += 1
                n = max(1, sum(counts.values()))
                out[form] = {"questions": n, "right": round(counts["right"] / n, 4),
                             "another article": round(counts["other"] / n, 4),
                             "declined": round(counts["declined"] / n, 4),
                             "p50_ms": round(statistics.median(lat), 1) if lat else None}
    return out


def _short(doc) -> str:
    return re.sub(r"^中华人民共和国", "", doc.title)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sample", type=int, default=150, help="documents asked about")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    if not NATIONAL.is_dir():
        print(f"not found: {NATIONAL} (../shared/data beside the checkout)", file=sys.stderr)
        return 2
    res = run(args.sample)
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return 0
    print("ingest:", "  ".join(f"{k} {v}" for k, v in res.pop("ingest").items()))
    for form, row in res.items():
        print(f"  {form:<22} " + "  ".join(f"{k} {v}" for k, v in row.items()))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
