"""Inverse document frequencies of question terms over the knowledge base.

Extractive scoring and abstention weigh a question's rare terms above its common ones. The
statistics are computed once and refreshed only when the corpus has grown or shrunk by a tenth:
IDF is a statistic, and recomputing it on every ingest would cost more than it changes.
"""

from __future__ import annotations

import math
import random
import threading

from luodi.answer.text import text_terms

MAX_SAMPLE = 20000  # chunks; beyond this, frequencies are estimated from a random sample
MIN_CORPUS = 50  # below this, frequencies say nothing: every term weighs the same


class TermStats:
    def __init__(self, texts: list[str]):
        self.n = len(texts)
        df: dict[str, int] = {}
        for text in texts:
            for term in text_terms(text):
                df[term] = df.get(term, 0) + 1
        self.df = df

    def idf(self, term: str) -> float:
        if self.n < MIN_CORPUS:
            return 1.0
        return math.log((self.n + 1) / (self.df.get(term, 0) + 0.5))

    def weighted_coverage(self, terms: set[str], text: str, absent: set[str] | frozenset[str] = frozenset()) -> float:
        """Share of the question's IDF weight that the text contains (0..1); `absent` terms count
        as not contained."""
        return self.share(terms, text_terms(text) - absent)

    def share(self, terms: set[str], have: set[str]) -> float:
        """Share of the question's IDF weight among the terms a text has (`text_terms`)."""
        # fsum: a plain sum over a set adds in hash order, which Python varies per process, so
        # two sentences tied on the same terms could rank either way from one run to the next
        total = math.fsum(self.idf(t) for t in terms)
        if not total:
            return 0.0
        return math.fsum(self.idf(t) for t in terms & have) / total


_cache: dict[str, tuple[int, int, TermStats]] = {}  # store url -> (generation, chunks, stats)
_lock = threading.Lock()


def stats_for(store) -> TermStats:
    """Term statistics of a store's current chunks, cached per store and kept until the number of
    chunks moves by a tenth. An unchanged generation skips even the count: no scan per question."""
    with _lock:
        generation = store.generation()
        cached = _cache.get(store.url)
        if cached and cached[0] == generation:
            return cached[2]
        ids = store.current_chunk_ids()
        if cached and abs(cached[1] - len(ids)) <= 0.1 * max(cached[1], 1):
            _cache[store.url] = (generation, cached[1], cached[2])
            return cached[2]
        sample = sorted(ids) if len(ids) <= MAX_SAMPLE else random.Random(0).sample(sorted(ids), MAX_SAMPLE)
        stats = TermStats([c.text for c in store.chunks(sample)])
        _cache[store.url] = (generation, len(ids), stats)
        return stats
