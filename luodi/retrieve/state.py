"""The retriever's in-memory view of the store: one immutable snapshot per store generation.

A snapshot maps integer slots to current chunks and holds the keyword index, the vector
matrix and the filter columns (document, collection, effective date) for those slots.
`apply_delta` returns a new snapshot that shares everything unchanged with the old one.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np

from luodi.index.dense import Embedder, VectorMatrix, embed_chunks, from_bytes, to_bytes
from luodi.index.keyword import KeywordIndex
from luodi.index.script import NO_CJK, TRADITIONAL, script_of
from luodi.index.tokenize import index_text, tokenize
from luodi.retrieve.names import title_of
from luodi.retrieve.refs import chapter_of, label_of
from luodi.timeutil import file_date
from luodi.types import Chunk


@dataclass(frozen=True)
class Snapshot:
    generation: int
    ids: np.ndarray  # chunk id by slot
    slot_of: dict[int, int]
    doc_ids: np.ndarray  # document id by slot
    coll: np.ndarray  # collection code by slot
    collections: dict[str, int]
    effective: np.ndarray  # effective date by slot ("" = always in effect), ISO strings
    keyword: KeywordIndex
    vectors: VectorMatrix | None
    stats: dict[str, float] = field(default_factory=dict)
    lineage: int = 0  # changes on a full rebuild: matrix rows of two lineages never mix
    script: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int8))  # by slot
    traditional_share: float | None = None  # of live CJK chunks; None: none has CJK
    past: frozenset[int] = frozenset()  # chunk ids of superseded versions (luodi.retrieve.history)
    tokens_epoch: int | None = None  # the store's tokens_epoch the keyword index was built from
    labels: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # article by slot
    chapters: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))  # 章 × 100 + 节
    titles: dict[int, str] = field(default_factory=dict)  # document id -> its names (luodi.retrieve.refs)
    dated: dict[int, str] = field(default_factory=dict)  # document id -> its file name's date, if any

    @property
    def live(self) -> np.ndarray:
        return self.keyword.live

    @property
    def n_live(self) -> int:
        return self.keyword.n_live

    def candidates(self, collection: str | None = None, document_ids: set[int] | None = None,
                   as_of: str | None = None) -> np.ndarray | None:
        """Boolean mask of slots that pass the filters (None: no filter), applied before ranking."""
        mask: np.ndarray | None = None

        def both(m: np.ndarray) -> None:
            nonlocal mask
            mask = m if mask is None else (mask & m)

        if collection is not None:
            code = self.collections.get(collection, -1)
            both(self.coll == code)
        if document_ids is not None:
            ids = [d for d in document_ids if 0 <= d < 2**63]  # no stored id lies outside int64
            both(np.isin(self.doc_ids, np.array(ids, dtype=np.int64)))
        if as_of is not None:
            both((self.effective == "") | (self.effective <= as_of[:10]))
        return mask


def empty_snapshot(dim: int | None, lineage: int = 0) -> Snapshot:
    return Snapshot(lineage=lineage,
        generation=-1, ids=np.zeros(0, dtype=np.int64), slot_of={},
        doc_ids=np.zeros(0, dtype=np.int64), coll=np.zeros(0, dtype=np.int32), collections={},
        effective=np.zeros(0, dtype="U10"), keyword=KeywordIndex(),
        vectors=VectorMatrix(dim) if dim else None, script=np.zeros(0, dtype=np.int8),
    )


def apply_delta(
    snap: Snapshot,
    generation: int,
    new_chunks: Sequence[Chunk],
    removed_ids: Sequence[int],
    meta: dict[int, tuple[int, str, str | None]],
    stored_vectors: dict[int, bytes],
    embedder: Embedder | None,
    write_vectors: Callable[[dict[int, bytes]], None] | None = None,
    progress: Callable[[int], None] | None = None,
) -> Snapshot:
    """A new snapshot with `new_chunks` appended and `removed_ids` dead.

    Chunks without stored tokens are tokenized here; chunks without a stored vector are
    embedded (in batches) and handed to `write_vectors` so the next process finds them.
    """
    base = len(snap.ids)
    new_ids = np.fromiter((c.id for c in new_chunks), dtype=np.int64, count=len(new_chunks))
    slot_of = dict(snap.slot_of)
    for i, cid in enumerate(new_ids.tolist()):
        slot_of[cid] = base + i
    removed_slots = [slot_of[c] for c in removed_ids if c in slot_of]

    collections = dict(snap.collections)
    doc_ids = np.empty(len(new_chunks), dtype=np.int64)
    coll = np.empty(len(new_chunks), dtype=np.int32)
    eff = np.empty(len(new_chunks), dtype="U10")
    for i, ch in enumerate(new_chunks):
        doc_id, collection, effective = meta.get(ch.id, (ch.document_id or 0, "default", None))
        doc_ids[i] = doc_id
        coll[i] = collections.setdefault(collection, len(collections))
        eff[i] = (effective or "")[:10]

    token_lists = [c.tokens if c.tokens else tokenize(index_text(c)) for c in new_chunks]
    keyword = snap.keyword.extended(token_lists, removed_slots)
    script = np.concatenate([snap.script, np.fromiter(
        (script_of(c.text) for c in new_chunks), dtype=np.int8, count=len(new_chunks))])

    labels = np.concatenate([snap.labels, np.fromiter(
        (label_of(c.section or "") for c in new_chunks), dtype=np.int64, count=len(new_chunks))])
    chapters = np.concatenate([snap.chapters, np.fromiter(
        (chapter_of(c.section or "") for c in new_chunks), dtype=np.int64, count=len(new_chunks))])
    titles, dated = dict(snap.titles), dict(snap.dated)
    rooted: set[int] = set()  # a document's title is read once, from a chunk with a section path
    for ch, doc_id in zip(new_chunks, doc_ids.tolist(), strict=True):
        if doc_id not in rooted and (">" in (ch.section or "") or doc_id not in titles):
            titles[doc_id] = title_of(ch.section or "", ch.document)
            if day := file_date(ch.document):
                dated[doc_id] = day
            if ">" in (ch.section or ""):
                rooted.add(doc_id)

    vectors = snap.vectors
    missing: list[Chunk] = []
    if vectors is not None and embedder is not None:
        found: dict[int, np.ndarray] = {}
        for i, ch in enumerate(new_chunks):
            blob = stored_vectors.get(ch.id)
            if blob and len(blob) % (4 * vectors.dim) == 0:
                found[base + i] = from_bytes(blob, vectors.dim)
            else:
                missing.append(ch)
        if missing:
            fresh = embed_chunks(embedder, missing, progress=progress)
            for ch, vec in zip(missing, fresh, strict=True):
                found[slot_of[ch.id]] = vec
            if write_vectors is not None:
                write_vectors({ch.id: to_bytes(vec) for ch, vec in zip(missing, fresh, strict=True)})
        vectors = vectors.extended(len(new_chunks), found)

    return Snapshot(
        generation=generation,
        ids=np.concatenate([snap.ids, new_ids]),
        slot_of=slot_of,
        doc_ids=np.concatenate([snap.doc_ids, doc_ids]),
        coll=np.concatenate([snap.coll, coll]),
        collections=collections,
        effective=np.concatenate([snap.effective, eff]),
        keyword=keyword,
        vectors=vectors,
        stats={"added": len(new_chunks), "removed": len(removed_slots),
               "embedded": len(missing)},
        lineage=snap.lineage,
        script=script,
        traditional_share=_traditional_share(script, keyword.live),
        labels=labels,
        chapters=chapters,
        titles=titles,
        dated=dated,
    )


def _traditional_share(script: np.ndarray, live: np.ndarray) -> float | None:
    """Share of live chunks with CJK text that are written in traditional characters."""
    cjk = live & (script != NO_CJK)
    n = int(cjk.sum())
    return float((script[cjk] == TRADITIONAL).sum()) / n if n else None
