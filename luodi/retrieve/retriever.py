"""Hybrid retrieval over the store's current chunks: BM25 + dense vectors, fused.

The retriever keeps an in-memory snapshot built from the store and checks the store's
generation on every search; on a change it applies the delta (new chunks appended, removed
ones marked dead) to a copy and swaps one reference, so a query sees either the old or the
new index, never half of an update. Filters restrict the candidate slots before ranking.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import replace

import numpy as np

from luodi.errors import ConfigError, StoreError
from luodi.index import ann as ann_mod
from luodi.index.crosslingual import dictionary, translation_groups
from luodi.index.dense import Embedder
from luodi.index.fusion import sharpness_weights
from luodi.index.keyword import top_k
from luodi.index.reindex import batches, ensure_tokens
from luodi.index.script import query_in_script
from luodi.index.tokenize import tokenize
from luodi.index.variants import bridged
from luodi.retrieve import across, foreign, hubs
from luodi.retrieve.history import as_of_snapshot
from luodi.retrieve.nearest import nearest
from luodi.retrieve.refs import cited_first
from luodi.retrieve.state import Snapshot, apply_delta, empty_snapshot
from luodi.timeutil import parse_day
from luodi.types import Hit

MODES = ("keyword", "dense", "hybrid")
_log = logging.getLogger(__name__)

# Tuned on DRCD, CMRC 2018 and the laws set (bench/retrieval.py --tune): min-max weighted beats
# RRF on all three; dense gets the larger vote as keyword search finds the paraphrased questions'
# articles far less often (laws r@5 0.46 vs 0.74); on DRCD/CMRC 0.4/0.6 beats either alone.
# They are base weights: each question's follow how sharp each list is (fusion.sharpness_weights).
DEFAULT_FUSION = "weighted"
DEFAULT_WEIGHTS = (0.4, 0.6)  # keyword, dense
DEFAULT_RRF_K = 60.0
DEFAULT_DEPTH = 50  # candidates taken from each retriever before fusion
COMPACT_DEAD_FRACTION = 0.3  # rebuild from the store once this share of slots is dead
COMPACT_MIN_SLOTS = 1000
DELTA_BATCH = 4096  # chunks read from the store at a time


class Retriever:
    """Search a store's current chunks by keyword, dense vectors, or both."""

    def __init__(self, store, embedder: Embedder | None, mode: str = "hybrid", *,
                 fusion: str = DEFAULT_FUSION, weights: tuple[float, float] = DEFAULT_WEIGHTS,
                 rrf_k: float = DEFAULT_RRF_K, depth: int = DEFAULT_DEPTH, ann: str = "auto",
                 adaptive: bool = True, bank: bool = True,
                 ann_threshold: int = ann_mod.ANN_THRESHOLD,
                 progress: Callable[[int], None] | None = None):
        if mode not in MODES:
            raise ConfigError(f"Unknown search mode {mode!r}: use one of {', '.join(MODES)}.")
        if mode in ("dense", "hybrid") and embedder is None:
            if mode == "dense":
                raise ConfigError("Dense search needs an embedder: set one (e5) or use keyword mode.")
            mode = "keyword"  # no embedder: hybrid degrades to keyword search
        if fusion not in ("rrf", "weighted"):
            raise ConfigError(f"Unknown fusion {fusion!r}: use rrf or weighted.")
        if ann not in ("auto", "on", "off"):
            raise ConfigError(f"Unknown ann setting {ann!r}: use auto, on or off.")
        self.store = store
        self.embedder = embedder if mode != "keyword" else None
        self.mode = mode
        self.fusion, self.weights, self.rrf_k, self.depth = fusion, tuple(weights), rrf_k, depth
        self.adaptive = adaptive  # weighted fusion's weights follow each list's sharpness
        self.bank = bank  # dense ranking discounts passages near every question (luodi.retrieve.hubs)
        self.ann_setting, self.ann_threshold = ann, ann_threshold
        self.progress = progress
        self._snap: Snapshot = empty_snapshot(self.embedder.dim if self.embedder else None)
        self._lock = threading.Lock()  # one writer of snapshots at a time
        self._ann: ann_mod.AnnIndex | None = None
        self._ann_lineage = -1  # the snapshot lineage whose matrix rows the graph's keys are
        self._ann_keys: set[int] = set()
        self._ann_building = False
        self._qcache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._past: OrderedDict[tuple[int, int, str], Snapshot] = OrderedDict()
        self._titles: tuple[tuple[int, int, str | None], foreign.TitleTerms] | None = None

    # -- keeping up with the store ---------------------------------------------------
    def refresh(self) -> Snapshot:
        """Bring the in-memory indexes up to the store's generation; returns the snapshot."""
        snap = self._snap
        if snap.generation == self.store.generation():
            return snap
        with self._lock:
            snap = self._snap
            generation = self.store.generation()
            if snap.generation == generation:
                return snap
            before = epoch = self.store.tokens_epoch()
            rewritten = self._ensure_tokens()
            if rewritten:
                generation, epoch = self.store.generation(), self.store.tokens_epoch()
            if _tokens_changed(snap, before, epoch, rewritten) or (
                    snap.keyword.dead_fraction > COMPACT_DEAD_FRACTION
                    and len(snap.ids) > COMPACT_MIN_SLOTS):
                # a rebuild: too many dead slots, or chunks it holds had their tokens rewritten
                snap = empty_snapshot(snap.vectors.dim if snap.vectors else None,
                                      lineage=snap.lineage + 1)
                self._drop_ann()
            new = replace(self._delta(snap, generation), tokens_epoch=epoch)
            self._snap = new  # the atomic swap
            self._sync_ann(new)
            return new

    def _ensure_tokens(self) -> list[int]:
        """Tokens stored by an older release are re-tokenized in place before searching; when
        the store cannot be written (read-only, busy), search goes on with the stored ones."""
        try:
            return ensure_tokens(self.store)
        except StoreError as exc:
            _log.warning("%s; searching with the stored tokens meanwhile", exc)
            return []

    def _delta(self, snap: Snapshot, generation: int) -> Snapshot:
        store = self.store
        current = store.current_chunk_ids()
        unknown = sorted(current.difference(snap.slot_of))
        live_ids = snap.ids[snap.live].tolist()
        removed = [cid for cid in live_ids if cid not in current]
        meta = store.chunk_documents() if unknown else {}
        model = self.embedder.name if self.embedder else None
        bumped = False

        def write(vectors: dict[int, bytes]) -> None:
            nonlocal bumped
            store.put_vectors(model, vectors)
            bumped = True

        # In batches: a first build never holds every chunk's tokens as Python strings at once.
        new = snap
        for start in range(0, max(len(unknown), 1), DELTA_BATCH):
            ids = unknown[start : start + DELTA_BATCH]
            new_chunks = store.chunks(ids) if ids else []
            stored = dict(store.vectors(model, ids)) if model and ids else {}
            new = apply_delta(new, generation, new_chunks, removed if start == 0 else [], meta,
                              stored, self.embedder, write_vectors=write if model else None,
                              progress=self.progress)
        if bumped and store.generation() == generation + 1:
            # Our own vector write-back is the only change since: no need to look again.
            new = replace(new, generation=generation + 1)
        return new

    # -- approximate index -------------------------------------------------------------
    def _drop_ann(self) -> None:
        self._ann, self._ann_keys, self._ann_lineage = None, set(), -1

    def _ann_wanted(self, snap: Snapshot) -> bool:
        if self.ann_setting == "off" or snap.vectors is None:
            return False
        if self.ann_setting != "on" and snap.n_live < self.ann_threshold:
            return False  # decided before `available()`, which loads usearch
        return ann_mod.available()

    def _sync_ann(self, snap: Snapshot) -> None:
        """Keep the graph in step with the snapshot; build it (in the background for auto)."""
        if not self._ann_wanted(snap):
            return
        if self._ann is None:
            if self.ann_setting == "on":
                self._install_ann(snap, self._build_ann(snap))
            elif not self._ann_building:
                self._ann_building = True
                threading.Thread(target=self._build_ann_bg, daemon=True).start()
            return
        want = set(_live_rows(snap).tolist())
        add = sorted(want - self._ann_keys)
        gone = sorted(self._ann_keys - want)
        if add:
            self._ann.add(np.asarray(add), snap.vectors.rows[add])
        if gone:
            self._ann.remove(np.asarray(gone))
        self._ann_keys = (self._ann_keys | set(add)) - set(gone)

    def _build_ann(self, snap: Snapshot) -> tuple[ann_mod.AnnIndex, set[int]]:
        rows = _live_rows(snap)
        index = ann_mod.AnnIndex(snap.vectors.dim)
        index.add(rows, snap.vectors.rows[rows])
        return index, set(rows.tolist())

    def _install_ann(self, snap: Snapshot, built: tuple[ann_mod.AnnIndex, set[int]]) -> None:
        self._ann, self._ann_keys, self._ann_lineage = built[0], built[1], snap.lineage

    def _build_ann_bg(self) -> None:
        try:
            snap = self._snap
            built = self._build_ann(snap)
            with self._lock:
                if self._snap.lineage == snap.lineage:  # no full rebuild meanwhile
                    self._install_ann(snap, built)
                    self._sync_ann(self._snap)  # catch up with changes made while building
        finally:
            self._ann_building = False

    @property
    def ann_active(self) -> bool:
        return self._ann is not None

    # -- searching -------------------------------------------------------------------------
    def query_vector(self, query: str, snap: Snapshot | None = None) -> np.ndarray:
        """The query's embedding, written in the script most of the corpus uses (see
        luodi.index.script), an English question with its dictionary's translations
        (`across.with_translations`); repeated queries are served from a small cache."""
        snap = snap or self._snap
        groups = translation_groups(query, snap.keyword.has_term, dictionary())
        text = query_in_script(across.with_translations(snap, query, groups), snap.traditional_share)
        vec = self._qcache.get(text)
        if vec is None:
            vec = self.embedder.embed_query(text)
            self._qcache[text] = vec
            if len(self._qcache) > 256:
                self._qcache.popitem(last=False)
        return vec

    def _keyword(self, snap: Snapshot, query: str, groups: list[list[str]], cand: np.ndarray | None,
                 n: int) -> tuple[dict[int, float], np.ndarray]:
        kwi = snap.keyword
        scores = kwi.scores(tokenize(bridged(query, kwi.has_term)), cand, groups)  # 個資 → 个人信息
        mask = snap.live if cand is None else (snap.live & cand)
        slots, vals = top_k(scores, n, mask)
        return dict(zip(slots.tolist(), vals.tolist(), strict=True)), scores

    def _dense(self, snap: Snapshot, qvec: np.ndarray, cand: np.ndarray | None,
               n: int, by_script: bool = False) -> dict[int, float]:
        ann = self._ann if self._ann_lineage == snap.lineage else None  # keys are its rows
        return nearest(snap, qvec, cand, n, by_script, ann)

    def score_lists(self, query: str, depth: int | None = None, *, collection: str | None = None,
                    document_ids: set[int] | None = None, as_of: str | None = None,
                    snap: Snapshot | None = None) -> tuple[dict[int, float], dict[int, float]]:
        """Per-retriever candidates before fusion: ({slot: bm25}, {slot: cosine}), `depth` each."""
        as_of = _day(as_of)
        snap = snap or self.view(as_of)
        kw, dense, _, _ = self._score_lists(query, depth, collection, document_ids, as_of, snap)
        return kw, dense

    def _score_lists(self, query: str, depth: int | None, collection: str | None,
                     document_ids: set[int] | None, as_of: str | None, snap: Snapshot | None
                     ) -> tuple[dict[int, float], dict[int, float], np.ndarray | None, np.ndarray | None]:
        """As score_lists, plus every candidate's BM25 and the query vector (the hits' raw scores
        come from them)."""
        snap = snap or self.refresh()
        kw: dict[int, float] = {}
        dense: dict[int, float] = {}
        kw_all = qvec = None
        if not snap.n_live or not query.strip():
            return kw, dense, kw_all, qvec
        cand = snap.candidates(collection, document_ids, as_of)
        if cand is not None and not (cand & snap.live).any():
            return kw, dense, kw_all, qvec
        depth = depth or self.depth
        groups = translation_groups(query, snap.keyword.has_term)  # [] unless the query has English
        if self.mode in ("keyword", "hybrid"):
            kw_groups = groups or across.glossed(snap, query, cand)
            kw, kw_all = self._keyword(snap, query, kw_groups, cand, depth)
        if self.mode in ("dense", "hybrid"):
            qvec = self.query_vector(query, snap)
            ranking = hubs.ranking_vector(qvec, query, self.embedder) if self.bank else qvec
            dense = self._dense(snap, ranking, cand, depth, by_script=across.english(query))
        return kw, dense, kw_all, qvec

    def search(self, query: str, k: int = 5, *, collection: str | None = None,
               document_ids: set[int] | None = None, as_of: str | None = None) -> list[Hit]:
        """The k best current chunks for `query`, restricted by the filters before ranking;
        with `as_of` (a day), the versions in force that day."""
        if k <= 0:
            return []
        as_of = _day(as_of)
        snap = self.view(as_of)
        kw, dense, kw_all, qvec = self._score_lists(query, max(k, self.depth), collection,
                                                    document_ids, as_of, snap)
        scores = (kw if self.mode == "keyword" else dense if self.mode == "dense"
                  else self.fused(snap, query, kw, dense))
        # a question citing an article by number gets it first
        best, n_cited = cited_first(snap, query, scores, snap.candidates(collection, document_ids, as_of),
                                    qvec, k)
        return self._hits(snap, best, kw_all, qvec, n_cited)

    def fused(self, snap: Snapshot, query: str, kw: dict[int, float], dense: dict[int, float]
              ) -> dict[int, float]:
        """The hybrid score of each candidate of the two lists, as `search` ranks them."""
        adapt = self.adaptive and self.fusion == "weighted"
        weights = sharpness_weights(kw, dense, self.weights) if adapt else self.weights
        return across.fused(snap, query, kw, dense, self.fusion, weights, self.rrf_k)

    def scopes(self, query: str, *, collection: str | None = None, document_ids: set[int] | None = None,
               as_of: str | None = None) -> foreign.Named:
        """The query's words that name documents, with the documents each names, and the
        documents its words name by title (luodi.retrieve.foreign), among those the filters leave
        (as `search` filters)."""
        as_of = _day(as_of)
        snap = self.view(as_of)
        key = (snap.lineage, snap.generation, as_of)  # a past day's view holds other versions
        if self._titles is None or self._titles[0] != key:
            self._titles = (key, foreign.title_terms(snap))
        cand = snap.candidates(collection, document_ids, as_of)
        return foreign.named_scopes(snap, self._titles[1], query, cand)

    def chinese_documents(self, as_of: str | None = None) -> set[int]:
        """The documents written mostly in Chinese, when the knowledge base holds others too
        (`across.chinese_documents`); else empty."""
        return across.chinese_documents(self.view(_day(as_of)))

    def view(self, day: str | None = None) -> Snapshot:
        """The current snapshot; for a day (YYYY-MM-DD), one where documents not yet in effect
        then are searched in their version that was (luodi.retrieve.history), kept for reuse
        until the store changes."""
        snap = self.refresh()
        if day is None:
            return snap
        key = (snap.lineage, snap.generation, day)
        past = self._past.get(key)
        if past is None:
            past = as_of_snapshot(snap, self.store, self.embedder, day)
            # each holds a copy of the vector matrix: none outlives its generation
            for old in [k for k in self._past if k[:2] != key[:2]]:
                del self._past[old]
            self._past[key] = past
            if len(self._past) > 4:
                self._past.popitem(last=False)
        return past

    def _hits(self, snap: Snapshot, best: list[tuple[int, float]], kw_all: np.ndarray | None,
              qvec: np.ndarray | None, n_cited: int = 0) -> list[Hit]:
        """Hits with their raw scores: `kw_all` holds BM25 for every candidate slot, also those
        that only the dense side found; `qvec` (None in keyword mode) gives their cosines. The
        first `n_cited` are articles the question cites by number (scores["cited"] = 1)."""
        ids = [int(snap.ids[slot]) for slot, _ in best]
        chunks = {c.id: c for c in self.store.chunks(ids, tokens=False)}
        vectors = snap.vectors if qvec is not None else None
        dense = vectors.slot_scores(qvec, [s for s, _ in best if vectors.has[s]]) if vectors is not None else {}
        hits = []
        for rank, ((slot, score), cid) in enumerate(zip(best, ids, strict=True)):
            ch = chunks.get(cid)
            if ch is None:  # forgotten between the snapshot and now
                continue
            scores: dict[str, float] = {"cited": 1.0} if rank < n_cited else {}
            if kw_all is not None:
                scores["keyword"] = round(float(kw_all[slot]), 6)
            if slot in dense:
                scores["dense"] = round(dense[slot], 6)
                top, second = vectors.clause_scores(qvec, slot)
                scores["clause"], scores["clause2"] = round(top, 6), round(second, 6)
            hits.append(Hit(chunk_id=cid, document=ch.document or "", section=ch.section, text=ch.text,
                            score=round(float(score), 6), document_id=ch.document_id, scores=scores,
                            superseded=cid in snap.past, effective_date=str(snap.effective[slot]) or None,
                            start=ch.start, end=ch.end))
        return hits


def _day(as_of: str | None) -> str | None:
    return parse_day(as_of, "as_of") if as_of is not None else None


def _tokens_changed(snap: Snapshot, before: int, after: int, rewritten: list[int]) -> bool:
    """Whether chunks the snapshot holds may have had their tokens rewritten since it was built.
    Re-tokenizing done just now of chunks it has not seen (an older release still writing
    beside this one) needs no rebuild: they enter as new chunks, with their new tokens."""
    if snap.tokens_epoch != before or after - before > batches(len(rewritten)):
        return True  # another process rewrote tokens
    return any(cid in snap.slot_of for cid in rewritten)


def _live_rows(snap: Snapshot) -> np.ndarray:
    """Matrix rows (whole texts and parts) of live chunks: the approximate index's keys."""
    vecs = snap.vectors
    return np.flatnonzero(snap.live[vecs.owner] & vecs.has[vecs.owner])
