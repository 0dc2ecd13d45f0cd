"""Retrieval benchmark: keyword, dense and hybrid search on real Chinese data.

    .venv/bin/python bench/retrieval.py                 # drcd, cmrc, laws
    .venv/bin/python bench/retrieval.py --sets laws --json
    .venv/bin/python bench/retrieval.py --sets drcd --sample 500 --tune
    .venv/bin/python bench/retrieval.py --scale         # laws_zh_national

Each set is ingested into a fresh SQLite knowledge base (tokens computed with
luodi.index.tokenize, vectors with the bundled e5), then every question is searched once per
mode. Gold: the question's paragraph (DRCD, CMRC) or article (laws). Embeddings are cached in
bench/out/ by text hash; --no-cache measures a cold build.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import random
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (  # noqa: E402
    DATA,
    Doc,
    EmbeddingCache,
    Question,
    add_source_args,
    article_of,
    embed_cached,
    law_stem,
    load_law_questions,
    load_laws,
    load_set,
    sources_found,
)
from luodi.index.dense import E5Embedder, to_bytes  # noqa: E402
from luodi.index.parts import part_texts  # noqa: E402
from luodi.index.reindex import reindex_tokens  # noqa: E402
from luodi.index.tokenize import TOKENIZER_VERSION, index_text, tokenize  # noqa: E402
from luodi.retrieve import Retriever  # noqa: E402
from luodi.store.base import NewVersion  # noqa: E402
from luodi.store.sqlite import SQLiteStore  # noqa: E402
from luodi.types import Chunk, SourceInfo  # noqa: E402

MODES = ("keyword", "dense", "hybrid")


def chunks_of(doc: Doc) -> list[Chunk]:
    if doc.format == "md":
        from luodi.chunk import chunk_text

        return chunk_text(doc.text, "md")
    return [Chunk(text=doc.text, section="", start=0, end=len(doc.text), ordinal=0)]


def gold_key(hit, law_set: bool) -> str:
    if law_set:
        return f"{law_stem(hit.document)}#{article_of(hit.section)}"
    return hit.document


def save_doc(store: SQLiteStore, doc: Doc, chunks: list[Chunk], vectors: dict[int, bytes] | None = None,
             model: str | None = None) -> None:
    """One version of `doc`, its chunks tokenized by this release (and embedded by `model`)."""
    digest = hashlib.sha256(doc.text.encode()).hexdigest()
    store.save_version(NewVersion(
        source=SourceInfo(uri=doc.uri), uri=doc.uri, collection="default", title=doc.title,
        format=doc.format, text=doc.text, content_hash=digest, file_hash=digest,
        effective_date=None, chunks=chunks, vectors=vectors or {}, vector_model=model,
        tokenizer=TOKENIZER_VERSION))


def build_kb(docs: list[Doc], folder: Path, embedder, cache) -> tuple[SQLiteStore, dict]:
    """Chunk, tokenize, embed (batched, cached) and write one version per document."""
    store = SQLiteStore(folder / "kb.db")
    t0 = time.perf_counter()
    per_doc = [chunks_of(d) for d in docs]
    t_chunk = time.perf_counter() - t0
    texts, spans = [], []  # per chunk: whole text, then its parts (as embed_chunks does)
    for cs in per_doc:
        for c in cs:
            mine = [index_text(c)] + part_texts(c)
            spans.append((len(texts), len(mine)))
            texts.extend(mine)
    t0 = time.perf_counter()
    for cs in per_doc:
        for c in cs:
            c.tokens = tokenize(index_text(c))
    t_tok = time.perf_counter() - t0
    n_tokens = sum(len(c.tokens) for cs in per_doc for c in cs)
    t0 = time.perf_counter()
    vecs, n_embedded = embed_cached(embedder, texts, cache)
    t_emb = time.perf_counter() - t0
    t0 = time.perf_counter()
    row = 0
    for doc, cs in zip(docs, per_doc, strict=True):
        vectors = {}
        for c in cs:
            s, n = spans[row]
            vectors[c.ordinal] = to_bytes(vecs[s : s + n])
            row += 1
        save_doc(store, doc, cs, vectors, embedder.name)
    t_store = time.perf_counter() - t0
    stats = {"docs": len(docs), "chunks": len(spans), "texts_embedded": len(texts),
             "chars": sum(map(len, texts)),
             "keyword_tokens": n_tokens, "chunk_s": round(t_chunk, 2),
             "tokenize_s": round(t_tok, 2), "tokenize_chunks_per_s": round(len(spans) / t_tok, 1),
             "embedded": n_embedded, "embed_s": round(t_emb, 2), "store_s": round(t_store, 2)}
    if n_embedded:
        stats["embed_texts_per_s"] = round(n_embedded / t_emb, 2)
    return store, stats


def encoder_probe(embedder: E5Embedder, texts: list[str], n: int = 96) -> dict:
    """Raw throughput of both e5 engines (one batch call each) vs the pipeline path, same texts."""
    sample = random.Random(0).sample(texts, min(n, len(texts)))
    out = {"probe_chunks": len(sample), "engine": embedder.engine}
    toks = 0
    for engine in E5Embedder.ENGINES:
        model = (embedder if embedder.engine == engine else E5Embedder(engine=engine))._load()
        toks = toks or sum(model.token_count(t) for t in sample)
        model.passage(sample[:2])  # warm: thread pools, first-touch pages
        t0 = time.perf_counter()
        model.passage(sample)
        raw = time.perf_counter() - t0
        out[f"raw_{engine}_chunks_per_s"] = round(len(sample) / raw, 2)
        out[f"raw_{engine}_tokens_per_s"] = round(toks / raw, 1)
    embedder.embed_passages(sample[:2])
    t0 = time.perf_counter()
    embedder.embed_passages(sample)
    pipe = time.perf_counter() - t0
    out["pipeline_chunks_per_s"] = round(len(sample) / pipe, 2)
    out["pipeline_tokens_per_s"] = round(toks / pipe, 1)
    return out


def metrics(ranks: list[int | None], lat: list[float]) -> dict:
    n = len(ranks)
    out = {f"r@{k}": round(sum(1 for r in ranks if r is not None and r <= k) / n, 4)
           for k in (1, 4, 5, 10)}
    out["mrr@10"] = round(sum(1 / r for r in ranks if r is not None and r <= 10) / n, 4)
    if lat:
        out["p50_ms"] = round(float(np.percentile(lat, 50)), 2)
        out["p95_ms"] = round(float(np.percentile(lat, 95)), 2)
    return out


def rank_of(keys: list[str], gold: set[str]) -> int | None:
    return next((i for i, key in enumerate(keys, 1) if key in gold), None)


def run_mode(retriever: Retriever, questions: list[Question], law_set: bool) -> tuple[dict, list]:
    ranks, lat = [], []
    for q in questions:
        t0 = time.perf_counter()
        hits = retriever.search(q.question, k=10)
        lat.append((time.perf_counter() - t0) * 1000)
        ranks.append(rank_of([gold_key(h, law_set) for h in hits], q.gold))
    return metrics(ranks, lat), ranks


def bm25s_baseline(store: SQLiteStore, questions: list[Question], law_set: bool, split) -> dict:
    """bm25s over `split(text)` tokens of every current chunk, no folding or fusion."""
    import bm25s

    chunks = store.current_chunks()
    model = bm25s.BM25()
    model.index([split(index_text(c)) or ["∅"] for c in chunks], show_progress=False)
    keys = [gold_key(c, law_set) for c in chunks]
    ranks, lat = [], []
    for q in questions:
        t0 = time.perf_counter()
        tokens = split(q.question)
        scores = model.get_scores(tokens) if tokens else np.zeros(len(chunks))
        top = np.argsort(-scores, kind="stable")[:10]
        lat.append((time.perf_counter() - t0) * 1000)
        ranks.append(rank_of([keys[i] for i in top if scores[i] > 0], q.gold))
    return metrics(ranks, lat)


def jieba_split(text: str) -> list[str]:
    import jieba

    return [w for w in jieba.lcut(text) if w.strip()]


def tune(retriever: Retriever, questions: list[Question], law_set: bool) -> dict:
    """Fusion settings scored offline from the same per-retriever candidate lists."""
    from luodi.index.fusion import fuse, ranked

    snap = retriever.refresh()
    lists = [retriever.score_lists(q.question, 50, snap=snap) for q in questions]
    chunk_key = {c.id: gold_key(c, law_set) for c in retriever.store.current_chunks()}
    grid = [("rrf", (1, 1), 60), ("rrf", (1, 1), 20), ("rrf", (1, 2), 60), ("rrf", (2, 1), 60),
            ("rrf", (1, 1.5), 30), ("rrf", (1, 3), 60)]
    grid += [("weighted", (1 - w, w), 0) for w in (0.3, 0.4, 0.5, 0.6, 0.7, 0.8)]
    grid += [("retriever", retriever.weights, 0)]  # its own fusion: weights follow sharpness
    out = {}
    for method, weights, k in grid:
        ranks = []
        for q, (kw, dense) in zip(questions, lists, strict=True):
            scores = (retriever.fused(snap, q.question, kw, dense) if method == "retriever"
                      else fuse([kw, dense], method, weights, k))
            best = ranked(scores, 10)
            ranks.append(rank_of([chunk_key[int(snap.ids[s])] for s, _ in best], q.gold))
        out[f"{method} w={weights} k={k}"] = metrics(ranks, [])
    return out


def run_set(name: str, docs: list[Doc], questions: list[Question], args, embedder, cache) -> dict:
    law_set = name == "laws"
    result: dict = {"set": name, "questions": len(questions)}
    with tempfile.TemporaryDirectory() as tmp:
        store, build = build_kb(docs, Path(tmp), embedder, cache)
        result["build"] = build
        if args.probe:
            texts = [index_text(c) for c in store.current_chunks()]
            result["build"].update(encoder_probe(embedder, texts))
        result["baseline_whitespace_bm25"] = bm25s_baseline(store, questions, law_set, str.split)
        if law_set:
            result["baseline_naive_jieba_bm25"] = bm25s_baseline(store, questions, law_set,
                                                                 jieba_split)
        for mode in MODES:
            r = Retriever(store, embedder, mode=mode, ann="off")
            tracemalloc.start()
            t0 = time.perf_counter()
            r.refresh()
            index_s = time.perf_counter() - t0
            peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
            m, ranks = run_mode(r, questions, law_set)
            m.update(index_s=round(index_s, 2), index_peak_mb=round(peak / 2**20, 1))
            if law_set:
                for lang in sorted({q.lang for q in questions}):
                    sel = [rk for q, rk in zip(questions, ranks, strict=True) if q.lang == lang]
                    m[f"r@5[{lang}]"] = metrics(sel, [])["r@5"]
            result[mode] = m
            if args.tune and mode == "hybrid":
                result["tune"] = tune(r, questions, law_set)
        store.close()
    return result


def _rss_mb() -> float:
    """Current resident memory (Linux), in MiB."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_scale(args, embedder, cache) -> dict:
    """laws_zh_national: keyword index over every document; dense, hybrid and the approximate
    index over a random slice of documents whose chunks fit the --scale-embed budget (the
    bundled encoder needs over an hour for the whole corpus on 2 cores)."""
    docs = load_laws(DATA / "laws_zh_national")
    if args.scale_docs:
        docs = random.Random(0).sample(docs, min(args.scale_docs, len(docs)))
    questions = load_law_questions(args.law_questions)
    queries = [q.question for q in questions]
    out: dict = {"set": "laws_zh_national", "queries": len(queries)}
    with tempfile.TemporaryDirectory() as tmp:
        # Part 1: every document, keyword only (no vectors: the encoder is the bottleneck).
        store = SQLiteStore(Path(tmp) / "kw.db")
        t0 = time.perf_counter()
        n_chunks = n_tokens = 0
        for doc in docs:
            cs = chunks_of(doc)
            for c in cs:
                c.tokens = tokenize(index_text(c))
                n_tokens += len(c.tokens)
            n_chunks += len(cs)
            save_doc(store, doc, cs)
        ingest_s = time.perf_counter() - t0
        r = Retriever(store, None, mode="keyword")
        rss0 = _rss_mb()
        t0 = time.perf_counter()
        r.refresh()
        index_s = time.perf_counter() - t0  # tracemalloc would slow this build several-fold
        grown = _rss_mb() - rss0
        lat = []
        for q in queries:
            t0 = time.perf_counter()
            r.search(q, k=10)
            lat.append((time.perf_counter() - t0) * 1000)
        # An update: forgetting one document is applied as a delta, not a rebuild.
        extra = docs[0]
        store.forget(store.find_document(extra.uri).id)
        t0 = time.perf_counter()
        r.refresh()
        forget_s = time.perf_counter() - t0
        # An upgrade: every chunk re-tokenized in place (luodi.index.reindex), vectors untouched.
        t0 = time.perf_counter()
        n_re = reindex_tokens(store)
        reindex_s = time.perf_counter() - t0
        out["keyword_full"] = {
            "docs": len(docs), "chunks": n_chunks, "keyword_tokens": n_tokens,
            "ingest_s": round(ingest_s, 1), "ingest_chunks_per_s": round(n_chunks / ingest_s, 1),
            "index_s": round(index_s, 2), "index_rss_growth_mb": round(grown, 1),
            "rss_mb_after_index": round(_rss_mb(), 1), "forget_delta_s": round(forget_s, 3),
            "reindex_s": round(reindex_s, 1), "reindex_chunks_per_s": round(n_re / reindex_s, 1),
            "p50_ms": round(float(np.percentile(lat, 50)), 2),
            "p95_ms": round(float(np.percentile(lat, 95)), 2)}
        store.close()
        # Part 2: a random slice of documents within the embedding budget, all modes + ANN.
        picked, budget = [], args.scale_embed
        for doc in random.Random(1).sample(docs, len(docs)):
            n = len(chunks_of(doc))
            if n > budget:
                continue
            picked.append(doc)
            budget -= n
        (Path(tmp) / "dense").mkdir()
        store, build = build_kb(picked, Path(tmp) / "dense", embedder, cache)
        out["dense_slice"] = {"build": build}
        exact_lists = []
        for mode, ann in (("keyword", "off"), ("dense", "off"), ("hybrid", "off"),
                          ("dense", "on"), ("hybrid", "on")):
            r = Retriever(store, embedder, mode=mode, ann=ann)
            t0 = time.perf_counter()
            r.refresh()
            index_s = time.perf_counter() - t0
            lat, lists = [], []
            for q in queries:
                t0 = time.perf_counter()
                hits = r.search(q, k=10)
                lat.append((time.perf_counter() - t0) * 1000)
                lists.append([h.chunk_id for h in hits])
            row = {"index_s": round(index_s, 2), "p50_ms": round(float(np.percentile(lat, 50)), 2),
                   "p95_ms": round(float(np.percentile(lat, 95)), 2)}
            if ann == "off" and mode == "dense":
                exact_lists = lists
            if ann == "on" and mode == "dense":
                row["recall@10_vs_exact"] = round(float(np.mean(
                    [len(set(a) & set(e)) / max(1, len(e)) for a, e in zip(lists, exact_lists, strict=True)])), 4)
            out["dense_slice"][f"{mode}{'+ann' if ann == 'on' else ''}"] = row
        store.close()
    return out


def print_table(res: dict) -> None:
    b = res["build"]
    print(f"\n== {res['set']}: {b['docs']} docs, {b['chunks']} chunks, {res['questions']} questions")
    print(f"   build: tokenize {b['tokenize_s']}s ({b['tokenize_chunks_per_s']} chunks/s, "
          f"{b['keyword_tokens']} tokens), embed {b['embed_s']}s for {b['embedded']} new "
          f"(rest cached), store {b['store_s']}s")
    if "probe_chunks" in b:
        raw = "; ".join(f"raw {e} {b[f'raw_{e}_chunks_per_s']} chunks/s {b[f'raw_{e}_tokens_per_s']} tok/s"
                        for e in E5Embedder.ENGINES)
        print(f"   encoder probe ({b['probe_chunks']} chunks): {raw}; pipeline ({b['engine']}) "
              f"{b['pipeline_chunks_per_s']} chunks/s {b['pipeline_tokens_per_s']} tok/s")
    cols = ["r@1", "r@4", "r@5", "r@10", "mrr@10", "p50_ms", "p95_ms", "index_s", "index_peak_mb"]
    extra = sorted({k for m in MODES for k in res[m] if k.startswith("r@5[")})
    width = [max(8, len(c)) + 2 for c in cols + extra]
    print("   " + f"{'mode':<26}" + "".join(f"{c:>{w}}" for c, w in zip(cols + extra, width, strict=True)))
    for key in ("baseline_whitespace_bm25", "baseline_naive_jieba_bm25", *MODES):
        if key in res:
            row = res[key]
            print("   " + f"{key:<26}" + "".join(f"{row.get(c, ''):>{w}}"
                                                 for c, w in zip(cols + extra, width, strict=True)))
    for key, row in res.get("tune", {}).items():
        print(f"   tune {key:<34} r@5 {row['r@5']:.4f}  mrr@10 {row['mrr@10']:.4f}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sets", default="drcd,cmrc,laws", help="comma list of drcd, cmrc, laws")
    ap.add_argument("--sample", type=int, default=0, help="questions per set (0 = all)")
    ap.add_argument("--json", action="store_true", help="print one JSON object")
    ap.add_argument("--tune", action="store_true", help="also score fusion settings")
    ap.add_argument("--no-cache", action="store_true", help="embed everything (cold build)")
    ap.add_argument("--probe", action="store_true", help="measure raw encoder throughput")
    ap.add_argument("--scale", action="store_true", help="run the laws_zh_national scale test")
    ap.add_argument("--scale-docs", type=int, default=0, help="scale: documents (0 = all)")
    ap.add_argument("--scale-embed", type=int, default=600,
                    help="scale: chunks embedded with e5 for the dense/ANN part")
    add_source_args(ap)
    args = ap.parse_args(argv)
    names = [s.strip() for s in args.sets.split(",") if s.strip()]
    if args.scale:
        names = []  # the scale run reads laws_zh_national and asks the law questions
    if not sources_found(names, args, (DATA / "laws_zh_national", args.law_questions)
                         if args.scale else ()):
        return 2
    embedder = E5Embedder(threads=2)
    cache = None if args.no_cache else EmbeddingCache(embedder.name, embedder.dim)
    results = []
    if args.scale:
        results.append(run_scale(args, embedder, cache))
    else:
        for name in names:
            docs, qs = load_set(name, args)
            if args.sample and len(qs) > args.sample:
                qs = random.Random(0).sample(qs, args.sample)
            res = run_set(name, docs, qs, args, embedder, cache)
            results.append(res)
            if not args.json:
                print_table(res)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if args.json:
        print(json.dumps({"results": results, "max_rss_mb": round(rss, 1)}, ensure_ascii=False))
    else:
        if args.scale:
            print(json.dumps(results[0], ensure_ascii=False, indent=1))
        print(f"\npeak RSS {rss:.0f} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
