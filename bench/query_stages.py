"""Where a hybrid query's time goes, stage by stage, on the retrieval sets.

    .venv/bin/python bench/query_stages.py                  # drcd, cmrc, laws; 300 questions each
    .venv/bin/python bench/query_stages.py --sets drcd --sample 600 --json

Each set's knowledge base is built as bench/retrieval.py builds it (cached vectors), then every
sampled question is searched with the query-vector cache cleared, and its stages timed apart:
the encoder's tokenizer, the encoder run (tokenizer included), the dense side's product over
every vector row, keyword scoring, and the whole search. The dense product is timed twice right
after the question's embedding, as a search meets it: by luodi.index.dense's own loop and by
OpenBLAS (`rows @ q`, the baseline), in alternating order.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import EmbeddingCache, add_source_args, load_set, sources_found  # noqa: E402
from bench.retrieval import build_kb  # noqa: E402
from luodi.index import dense  # noqa: E402
from luodi.index.crosslingual import translation_groups  # noqa: E402
from luodi.index.dense import E5Embedder  # noqa: E402
from luodi.retrieve import Retriever  # noqa: E402

STAGES = ("tokenizer", "encoder", "dense_ours", "dense_blas", "keyword", "search")


def _timed(fn, *args) -> float:
    t0 = time.perf_counter()
    fn(*args)
    return (time.perf_counter() - t0) * 1000


def measure(retriever: Retriever, embedder: E5Embedder, questions: list[str]) -> dict:
    snap = retriever.refresh()
    model = embedder._load()
    rows = snap.vectors.rows
    times: dict[str, list[float]] = {s: [] for s in STAGES}
    for i, q in enumerate(questions):
        times["tokenizer"].append(_timed(model.tok.content, "query: " + q))
        vec = embedder.embed_query(q)
        times["encoder"].append(_timed(embedder.embed_query, q))
        pair = [("dense_ours", dense._dot), ("dense_blas", np.matmul)]
        for name, fn in pair if i % 2 else pair[::-1]:
            embedder.embed_query(q)  # the product runs after the encoder in a search
            times[name].append(_timed(fn, rows, vec))
        groups = translation_groups(q, snap.keyword.has_term)
        times["keyword"].append(_timed(retriever._keyword, snap, q, groups, None, retriever.depth))
        retriever._qcache.clear()
        times["search"].append(_timed(retriever.search, q, 10))
    out = {s: round(float(np.median(v)), 3) for s, v in times.items()}
    out["dense_ratio"] = round(out["dense_ours"] / out["dense_blas"], 3)
    out["vector_rows"] = int(len(rows))
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="drcd,cmrc,laws", help="comma list of drcd, cmrc, laws")
    ap.add_argument("--sample", type=int, default=300, help="questions per set (0 = all)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--no-cache", action="store_true", help="embed everything (cold build)")
    add_source_args(ap)
    args = ap.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    if not sources_found(names, args):
        return 2
    embedder = E5Embedder(threads=2)
    cache = None if args.no_cache else EmbeddingCache(embedder.name, embedder.dim)
    results = {}
    for name in names:
        docs, qs = load_set(name, args)
        picked = [q.question for q in qs]
        if args.sample and len(picked) > args.sample:
            picked = random.Random(0).sample(picked, args.sample)
        with tempfile.TemporaryDirectory() as tmp:
            store, _ = build_kb(docs, Path(tmp), embedder, cache)
            res = measure(Retriever(store, embedder, mode="hybrid", ann="off"), embedder, picked)
            store.close()
        res["questions"] = len(picked)
        results[name] = res
        if not args.json:
            print(f"{name}: " + ", ".join(f"{k} {v}" for k, v in res.items()))
    if args.json:
        print(json.dumps(results, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
