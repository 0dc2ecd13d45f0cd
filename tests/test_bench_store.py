"""bench/store.py measures both backends on the same documents (a small run of it)."""

from __future__ import annotations

from bench.store import documents, measure, versions


def test_store_bench_writes_reads_and_times_every_step(store_url):
    new = versions(documents(3))
    out = measure(store_url, new, runs=3)
    assert out["chunks"] == sum(len(v.chunks) for v in new) > 0
    assert out["ingest_chunks_per_s"] > 0 and out["load_all_s"] >= 0
    for key in ("hits_ms", "generation_ms", "cache_miss_ms", "memory_turn_ms"):
        p50, p95 = out[key]
        assert 0 < p50 <= p95
