"""Fusing ranked lists from several retrievers. Pure functions over {id: score} maps.

Two methods:
- reciprocal rank fusion: score = sum_r w_r / (k + rank_r), rank from 1; ignores score scales.
- weighted scores: each retriever's scores are min-max normalised over its own candidate list
  (best = 1, worst listed = 0, unlisted = 0), then summed with weights.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

Ranking = Sequence[int]  # ids, best first


def rrf(rankings: Sequence[Ranking], weights: Sequence[float] | None = None,
        k: float = 60.0) -> dict[int, float]:
    """Reciprocal rank fusion of best-first id lists."""
    weights = list(weights) if weights is not None else [1.0] * len(rankings)
    if len(weights) != len(rankings):
        raise ValueError("one weight per ranking")
    out: dict[int, float] = {}
    for ranking, w in zip(rankings, weights, strict=True):
        for rank, item in enumerate(ranking, start=1):
            out[item] = out.get(item, 0.0) + w / (k + rank)
    return out


def minmax(scores: Mapping[int, float]) -> dict[int, float]:
    """Scale to [0, 1] over the listed items; all-equal scores map to 1."""
    if not scores:
        return {}
    lo, hi = min(scores.values()), max(scores.values())
    if hi <= lo:
        return {i: 1.0 for i in scores}
    span = hi - lo
    return {i: (s - lo) / span for i, s in scores.items()}


def weighted(score_maps: Sequence[Mapping[int, float]],
             weights: Sequence[float] | None = None) -> dict[int, float]:
    """Weighted sum of min-max normalised scores."""
    weights = list(weights) if weights is not None else [1.0] * len(score_maps)
    if len(weights) != len(score_maps):
        raise ValueError("one weight per score map")
    out: dict[int, float] = {}
    for scores, w in zip(score_maps, weights, strict=True):
        for item, s in minmax(scores).items():
            out[item] = out.get(item, 0.0) + w * s
    return out


def fuse(score_maps: Sequence[Mapping[int, float]], method: str = "rrf",
         weights: Sequence[float] | None = None, rrf_k: float = 60.0) -> dict[int, float]:
    """Fuse per-retriever {id: score} maps (higher is better) with `method` rrf or weighted."""
    if method == "rrf":
        rankings = [ranked(s) for s in score_maps]
        return rrf([[i for i, _ in r] for r in rankings], weights, rrf_k)
    if method == "weighted":
        return weighted(score_maps, weights)
    raise ValueError(f"unknown fusion method {method!r}: use rrf or weighted")


def ranked(scores: Mapping[int, float], k: int | None = None) -> list[tuple[int, float]]:
    """Items best first; ties broken by the smaller id so results are deterministic."""
    items = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))
    return items if k is None else items[:k]


# Sharpness at which a retriever keeps its base weight: the medians over the laws paraphrase dev
# set and first two held-out sets (bench/data/laws_zh_questions.jsonl, laws_zh_heldout.jsonl,
# laws_zh_heldout2.jsonl) of the keyword list's best/10th BM25 ratio and the dense list's best−10th
# cosine gap (measured on plain cosines; the dense list now ranks by cosine less the question
# bank's term, luodi.retrieve.hubs, a shift per passage that leaves its gaps much as they were).
KEYWORD_SHARPNESS = 1.875
DENSE_SHARPNESS = 0.01257
_MAX_RATIO = 9.0  # also when under ten chunks match at all: the tenth scores 0
# Each sharpness over the usual one is kept within the bounds a BM25 ratio has (1 to _MAX_RATIO),
# so both weights move by the same factors at most (0.73–2.19 before rescaling).
_BOUNDS = (1 / KEYWORD_SHARPNESS, _MAX_RATIO / KEYWORD_SHARPNESS)
_SPAN = 10  # the list's best against its tenth; a smaller pool keeps the base weights


def sharpness_weights(keyword: Mapping[int, float], dense: Mapping[int, float],
                      base: Sequence[float]) -> tuple[float, float]:
    """Per-question weights for min-max fusion: each retriever's base weight scaled by the square
    root of how sharply its list's best stands out from its tenth, against the usual sharpness.
    Min-max scaling gives a flat list (a question whose words many chunks share, or whose vector
    is about equally near many) the same 0..1 spread as a decisive one; this puts the vote back
    with the retriever that is sure. BM25 scores are compared as a ratio (their scale follows the
    question's idf), cosines as a difference (e5's sit in a narrow band). `dense` lists every
    candidate up to the search depth, so under ten of them (a small knowledge base, a filter to
    one document) leaves nothing to compare. Measured in docs/benchmarks.md ("Retrieval", session
    42)."""
    kw = sorted((v for v in keyword.values() if math.isfinite(v)), reverse=True)
    cos = sorted((v for v in dense.values() if math.isfinite(v)), reverse=True)
    if len(cos) < _SPAN or base[0] < 0 or base[1] < 0 or base[0] + base[1] <= 0:
        return base[0], base[1]
    ratio = kw[0] / kw[_SPAN - 1] if len(kw) >= _SPAN and kw[_SPAN - 1] > 0 else _MAX_RATIO
    w_kw = base[0] * _bounded(ratio / KEYWORD_SHARPNESS) ** 0.5
    w_dense = base[1] * _bounded((cos[0] - cos[_SPAN - 1]) / DENSE_SHARPNESS) ** 0.5
    scale = (base[0] + base[1]) / (w_kw + w_dense)  # fused scores keep the base weights' range
    return w_kw * scale, w_dense * scale


def _bounded(x: float) -> float:
    return min(max(x, _BOUNDS[0]), _BOUNDS[1])
