"""Dense candidates: the chunks nearest a query vector, exactly or through the approximate graph.

Exact search scores every row of the float32 matrix (or the filter's rows); the HNSW graph
(luodi.index.ann), once built for a large corpus, answers unfiltered queries and its rows'
chunks are rescored exactly (whole text + parts). An English question keeps the best n of each
script (across.by_script), on either path.
"""

from __future__ import annotations

import numpy as np

from luodi.index.ann import AnnIndex
from luodi.index.fusion import ranked
from luodi.index.keyword import top_k
from luodi.index.script import NO_CJK
from luodi.retrieve.state import Snapshot


def nearest(snap: Snapshot, qvec: np.ndarray, cand: np.ndarray | None, n: int,
            by_script: bool = False, ann: AnnIndex | None = None) -> dict[int, float]:
    """{slot: blended cosine} of the best n live chunks among `cand` (None: all); `by_script`:
    the best n of each script; `ann`: the graph over this snapshot's rows, used unfiltered."""
    masks: list[np.ndarray | None] = [None]
    if by_script:
        english = snap.script[: len(snap.live)] == NO_CJK
        masks = [english, ~english]
    if ann is None or cand is not None:  # one pass over the rows, then the best of each mask
        scores = snap.vectors.scores(qvec, None if cand is None else (snap.live & cand))
        ok = snap.live & np.isfinite(scores)
        return {s: v for m in masks for s, v in _best(scores, n, ok if m is None else ok & m).items()}
    found = _approximate(snap, ann, qvec, n)
    out: dict[int, float] = {}
    for m in masks:
        part = found if m is None else {s: v for s, v in found.items() if m[s]}
        if m is not None and len(part) < n and (m & snap.live).sum() > len(part):
            part = nearest(snap, qvec, m, n)  # the graph's nearest rows were the other script's: exactly
        out.update(ranked(part, n))
    return out


def _approximate(snap: Snapshot, ann: AnnIndex, qvec: np.ndarray, n: int) -> dict[int, float]:
    """A chunk owns several rows, so the graph is asked for enough rows to cover n chunks
    twice over."""
    vecs = snap.vectors
    per_chunk = vecs.n_rows / max(1, int(vecs.has.sum()))
    rows, _ = ann.search(qvec, min(vecs.n_rows, int(2 * (n + 16) * per_chunk)))
    rows = rows[(rows >= 0) & (rows < vecs.n_rows)]
    slots = [s for s in dict.fromkeys(vecs.owner[rows].tolist())
             if s < len(snap.live) and snap.live[s]]
    return vecs.slot_scores(qvec, slots)


def _best(scores: np.ndarray, n: int, mask: np.ndarray) -> dict[int, float]:
    slots, vals = top_k(scores, n, mask, positive_only=False)
    return dict(zip(slots.tolist(), vals.tolist(), strict=True))
