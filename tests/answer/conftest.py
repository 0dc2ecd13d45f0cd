"""Shared by the answer-stage tests."""

from __future__ import annotations


class FixedRetriever:
    """A retriever that returns the same hits for every question (no index, no embedder)."""

    embedder = None

    def __init__(self, hits):
        self.hits = hits

    def search(self, query, k=5, **kw):
        return self.hits[:k]
