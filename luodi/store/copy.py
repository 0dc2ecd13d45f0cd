"""Copy a knowledge base from one store to another: SQLite to PostgreSQL when a deployment
outgrows one file (or back). Every row of every table, ids kept, nothing re-embedded: documents
and their versions, chunks, vectors, the ledger, the answer cache, memory, tool calls and the
audit log arrive as they were, in one transaction (all or nothing), read in pages of `BATCH`
rows so that a national-scale store never sits in memory whole.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from luodi.errors import InputError, StoreError
from luodi.store.sql import SQLStore

# Parents before children. Each store keeps its own schema_migrations.
TABLES = ("sources", "documents", "versions", "chunks", "chunk_vectors", "signatures", "pii_vault",
          "ingest_log", "kb_state", "ledger", "answer_cache", "mem_sessions", "mem_turns",
          "mem_facts", "tool_calls", "tool_audit", "toolsets")
# Each table's primary key, for paging: `id` unless named here.
KEYS = {"chunk_vectors": ("chunk_id", "model"), "signatures": ("document_id",), "kb_state": ("key",),
        "answer_cache": ("key",), "toolsets": ("name",)}
BATCH = 500

Progress = Callable[[str, int, int], None]  # table, rows copied, rows in the table


def pages(store: SQLStore, table: str, size: int | None = None) -> Iterator[tuple[list[str], list[tuple]]]:
    """(column names, rows) of a table, `size` (default `BATCH`) rows at a time in key order."""
    size = size or BATCH
    key = KEYS.get(table, ("id",))
    order = ", ".join(key)
    after: tuple | None = None
    while True:
        where = f" WHERE ({order}) > ({', '.join('?' * len(key))})" if after else ""
        with store._lock:
            cursor = store._db.execute(f"SELECT * FROM {table}{where} ORDER BY {order} LIMIT ?",
                                       (*(after or ()), size))
            columns = [d[0] for d in cursor.description]
            rows = [tuple(r) for r in cursor.fetchall()]
        if not rows:
            return
        yield columns, rows
        at = [columns.index(k) for k in key]
        after = tuple(rows[-1][i] for i in at)


def copy_store(src: SQLStore, dst: SQLStore, progress: Progress | None = None) -> dict[str, int]:
    """Copy every row of `src` into the empty store `dst`; returns rows copied per table."""
    unknown = set(src.tables()) - set(TABLES) - {"schema_migrations"}
    if unknown:
        raise StoreError(f"{src.where} has tables this release cannot copy ({', '.join(sorted(unknown))}): "
                         "copy it with the release that made them")
    busy = [t for t in TABLES if t != "kb_state" and dst._q(f"SELECT 1 FROM {t} LIMIT 1")]
    if busy:
        raise InputError(f"{dst.where} already holds data ({', '.join(busy)}): copy into an empty "
                         "database, schema or file")
    counts: dict[str, int] = {}
    with dst.transaction() as db:
        db.execute("DELETE FROM kb_state")  # a new store's generation row: replaced by the source's
        for table in TABLES:
            total = src._q(f"SELECT COUNT(*) FROM {table}")[0][0]
            counts[table] = 0
            for columns, rows in pages(src, table):
                marks = ", ".join("?" * len(columns))
                db.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows)
                counts[table] += len(rows)
                if progress:
                    progress(table, counts[table], total)
        dst._after_copy(db)
    dst._tools_ready()  # the copied audit log is append-only from the first moment, not first use
    _check(src, dst, counts)
    return counts


def _check(src: SQLStore, dst: SQLStore, counts: dict[str, int]) -> None:
    for table in TABLES:
        there = dst._q(f"SELECT COUNT(*) FROM {table}")[0][0]
        if there != counts[table]:  # pragma: no cover - a write into dst during the copy
            raise StoreError(f"{table}: {counts[table]} rows copied but {there} in {dst.where}")
    if src.generation() != dst.generation():  # pragma: no cover - src written during the copy
        raise StoreError(f"{src.where} changed during the copy: run it again into an empty store")


def describe(counts: dict[str, Any]) -> str:
    main = ("documents", "versions", "chunks", "chunk_vectors", "ledger", "mem_turns", "tool_audit")
    return ", ".join(f"{counts[t]} {t.replace('_', ' ')}" for t in main)
