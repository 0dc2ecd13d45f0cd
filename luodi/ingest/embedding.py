"""The embedding stage of an ingest: one batched encoder pass over every new chunk of a batch of
prepared versions; chunks an updated document already had keep their vectors."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from luodi.index.dense import embed_chunks, to_bytes
from luodi.index.tokenize import index_text

if TYPE_CHECKING:
    from luodi.ingest import Progress, _Prepared


def embed_batch(store: Any, embedder: Any, batch: list[_Prepared], progress: Progress) -> None:
    """Fill each prepared version's vectors (none without an embedder)."""
    if not embedder or not batch:
        return
    reuse = _reusable_vectors(store, embedder, batch)
    todo = [(p, i) for p in batch for i, t in enumerate(p.texts) if t not in reuse]
    tick = progress.embedding(len(todo))
    matrices = embed_chunks(embedder, [p.new.chunks[i] for p, i in todo], progress=tick)
    for (p, i), matrix in zip(todo, matrices, strict=True):
        p.new.vectors[p.new.chunks[i].ordinal] = to_bytes(matrix)
    for p in batch:
        for i, t in enumerate(p.texts):
            if t in reuse:
                p.new.vectors[p.new.chunks[i].ordinal] = reuse[t]


def _reusable_vectors(store: Any, embedder: Any, batch: list[_Prepared]) -> dict[str, bytes]:
    """Unchanged chunks of an updated (or moved) document keep their vectors: no re-embedding."""
    out: dict[str, bytes] = {}
    for p in batch:
        if p.doc_id is None:
            continue
        old = store.document_chunks(p.doc_id)
        by_id = dict(store.vectors(embedder.name, [c.id for c in old]))
        for c in old:
            if c.id in by_id:
                out[index_text(c)] = by_id[c.id]
    return out
