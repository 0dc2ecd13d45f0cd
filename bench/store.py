"""The two store backends side by side: SQLite (the default) and PostgreSQL, in one process.

    python bench/store.py [--docs 300] [--ask] [--pg URL] [--json]

Writes the same documents (laws from ../shared/data/laws_zh_national, or the demo handbook
repeated when that is absent) with 384-d vectors for each chunk and its clauses, then times what
Luodi asks of a store: ingest (chunks/s), the full read an index build does (every current chunk
and vector), and the reads and writes of one question (its hits' chunks, the generation check,
an answer-cache lookup, a memory turn), and `luodi admin copy-store`'s copy of the SQLite store
into PostgreSQL; with --ask, whole answers to the demo questions over the
demo handbook (hash embedder, extractive). PostgreSQL is the server LUODI_TEST_PG or --pg names,
else one started here with pgserver (a local socket: no network in the figures).
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import DATA, HANDBOOK, law_files  # noqa: E402
from luodi.chunk import chunk_text  # noqa: E402
from luodi.store.base import NewVersion, open_store  # noqa: E402
from luodi.types import SourceInfo  # noqa: E402

DIM = 384


def documents(limit: int) -> list[tuple[str, str]]:
    folder = DATA / "laws_zh_national"
    if folder.is_dir():
        return [(str(p), p.read_text(encoding="utf-8")) for p in list(law_files(folder))[:limit]]
    files = sorted(HANDBOOK.glob("*.md"))
    texts = [(p.name, p.read_text(encoding="utf-8")) for p in files]
    return [(f"copy{i}/{name}", text) for i in range(limit // len(texts) + 1)
            for name, text in texts][:limit]


def versions(docs: list[tuple[str, str]]) -> list[NewVersion]:
    rng = np.random.default_rng(0)
    out = []
    for uri, text in docs:
        chunks = chunk_text(text, "md")
        for ch in chunks:
            ch.tokens = list(ch.text[:80])
        vectors = {c.ordinal: rng.standard_normal((3, DIM)).astype(np.float32).tobytes()
                   for c in chunks}
        digest = hashlib.sha256(text.encode()).hexdigest()
        out.append(NewVersion(
            source=SourceInfo(uri=uri), uri=uri, collection="default", title=uri, format="md",
            text=text, content_hash=digest, file_hash=digest, effective_date=None, chunks=chunks,
            vectors=vectors, vector_model="bench", tokenizer="bench"))
    return out


def _ms(fn, runs: int) -> tuple[float, float]:
    times = []
    for _ in range(runs):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.95) - 1]


def measure(url: str, new: list[NewVersion], runs: int) -> dict:
    store = open_store(url)
    try:
        t0 = time.perf_counter()
        for v in new:
            store.save_version(v)
        ingest_s = time.perf_counter() - t0
        n_chunks = sum(len(v.chunks) for v in new)
        t0 = time.perf_counter()
        chunks = store.current_chunks()
        vecs = sum(1 for _ in store.vectors("bench"))
        load_s = time.perf_counter() - t0
        assert len(chunks) == n_chunks == vecs
        ids = [c.id for c in chunks]
        rng = np.random.default_rng(1)
        hits = lambda: store.chunks(rng.choice(ids, 5, replace=False).tolist())  # noqa: E731
        session = store.memory_session("default", "bench", "s", "2026-01-01T00:00:00")
        turn = lambda: store.memory_add_turn(session, "default", "bench", "user", "问题",  # noqa: E731
                                             "2026-01-01T00:00:00")
        return {
            "chunks": n_chunks, "ingest_s": round(ingest_s, 2),
            "ingest_chunks_per_s": round(n_chunks / ingest_s, 1), "load_all_s": round(load_s, 2),
            **{f"{name}_ms": [round(x, 3) for x in _ms(fn, runs)] for name, fn in (
                ("hits", hits), ("generation", store.generation),
                ("cache_miss", lambda: store.cache_get("nope")), ("memory_turn", turn))},
        }
    finally:
        store.close()


def asks(url: str, kb: Path, runs: int) -> tuple[float, float]:
    """p50/p95 ms of the demo questions answered over the demo handbook in this store, every
    question asked `runs` times over (the hash embedder: the store's share is what differs)."""
    from luodi.app import Luodi
    from luodi.config import load_settings

    settings = load_settings(kb)
    settings.store, settings.embedder, settings.answer_mode = url, "hash", "extractive"
    questions = [q for q in (HANDBOOK.parent / "questions.txt").read_text(encoding="utf-8")
                 .splitlines() if q.strip()]
    with Luodi(settings=settings) as lu:
        lu.ingest([HANDBOOK], licence="internal", consent=True)
        lu.ask(questions[0], use_cache=False)  # warm: index built, dictionaries loaded
        asked = itertools.cycle(questions)
        p50, p95 = _ms(lambda: lu.ask(next(asked), use_cache=False),
                       max(1, runs // len(questions)) * len(questions))
    return round(p50, 2), round(p95, 2)


def copy_time(src_url: str, dst_url: str) -> dict:
    """`luodi admin copy-store` from the SQLite store just measured into an empty PostgreSQL schema."""
    from luodi.store.copy import copy_store

    src, dst = open_store(src_url), open_store(dst_url)
    try:
        t0 = time.perf_counter()
        counts = copy_store(src, dst)
        seconds = time.perf_counter() - t0
    finally:
        src.close()
        dst.close()
    rows = sum(counts.values())
    return {"rows": rows, "seconds": round(seconds, 2), "rows_per_s": round(rows / seconds)}


def pg_url(arg: str | None):
    import os

    url = arg or os.environ.get("LUODI_TEST_PG")
    if url:
        return url, None
    import warnings

    warnings.filterwarnings("ignore", module="platformdirs")
    import pgserver

    folder = tempfile.mkdtemp(prefix="luodi-pg.")
    server = pgserver.get_server(folder, cleanup_mode="delete")
    return server.get_uri(), server


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--docs", type=int, default=300)
    ap.add_argument("--runs", type=int, default=300, help="timed repeats of each per-question step")
    ap.add_argument("--pg", help="a PostgreSQL server URL (default: LUODI_TEST_PG, else pgserver)")
    ap.add_argument("--ask", action="store_true",
                    help="also time whole answers: the demo questions over the demo handbook")
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args()
    new = versions(documents(args.docs))
    base, server = pg_url(args.pg)
    import psycopg

    name = "luodi_bench_" + hashlib.sha256(str(time.time()).encode()).hexdigest()[:8]
    with psycopg.connect(base, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    try:
        with tempfile.TemporaryDirectory() as tmp:
            from urllib.parse import urlsplit

            pg = urlsplit(base)._replace(path="/" + name).geturl()
            results = {"sqlite": measure(f"sqlite:///{tmp}/kb.db", new, args.runs),
                       "postgresql": measure(pg, new, args.runs)}
            results["copy"] = copy_time(f"sqlite:///{tmp}/kb.db", f"{pg}&schema=copy" if "?" in pg
                                        else f"{pg}?schema=copy")
            if args.ask:
                results["sqlite"]["ask_ms"] = asks(f"sqlite:///{tmp}/ask.db", Path(tmp), args.runs)
                results["postgresql"]["ask_ms"] = asks(f"{pg}&schema=ask" if "?" in pg
                                                       else f"{pg}?schema=ask", Path(tmp), args.runs)
    finally:
        with psycopg.connect(base, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        if server is not None:
            server.cleanup()
    report(results, len(new), args.json)
    return 0


def report(results: dict, docs: int, as_json: bool) -> None:
    if as_json:
        print(json.dumps({"documents": docs, **results}, ensure_ascii=False))
        return
    s, p, c = results["sqlite"], results["postgresql"], results["copy"]
    print(f"{docs} documents, {s['chunks']} chunks, 3 vectors of {DIM} floats each")
    print(f"{'':28}{'SQLite':>14}{'PostgreSQL':>14}{'ratio':>8}")
    rows = [("ingest (chunks/s)", "ingest_chunks_per_s"), ("read all for index (s)", "load_all_s")]
    for label, key in rows:
        print(f"{label:28}{s[key]:>14}{p[key]:>14}{p[key] / s[key]:>8.2f}")
    for label, key in (("5 hits' chunks", "hits_ms"), ("generation check", "generation_ms"),
                       ("answer-cache miss", "cache_miss_ms"), ("memory turn write", "memory_turn_ms"),
                       ("whole answer (--ask)", "ask_ms")):
        if key not in s:
            continue
        print(f"{label + ' p50/p95 ms':28}{_pair(s[key]):>14}{_pair(p[key]):>14}"
              f"{p[key][0] / s[key][0]:>8.2f}")
    print(f"copy SQLite -> PostgreSQL: {c['rows']} rows in {c['seconds']} s ({c['rows_per_s']} rows/s)")


def _pair(values: list[float]) -> str:
    return f"{values[0]:.3f}/{values[1]:.3f}"


if __name__ == "__main__":
    sys.exit(main())
