"""Approximate nearest neighbours (usearch HNSW), used only for large corpora.

Exact search over a float32 matrix is fast enough up to tens of thousands of chunks; above
`ANN_THRESHOLD` live vectors an HNSW graph answers unfiltered dense queries. Filtered queries
always use exact search over the restricted candidates, so a filter never drops a match
that an approximate search happened to miss.

Keys are chunk ids. The graph is updated in place (adds and removals under a lock); readers
map keys back through their own snapshot and ignore ids it does not know or holds dead.
"""

from __future__ import annotations

import threading

import numpy as np

from luodi.errors import MissingExtra

ANN_THRESHOLD = 50_000


def _usearch_index():
    try:
        # onnxruntime (the default e5 engine) crashes the process with SIGSEGV when its library
        # is loaded after usearch's (usearch 2.26.6 + onnxruntime 1.32.0, reproducible with
        # `python -c "import usearch.index; import onnxruntime"`); the other order is fine.
        import onnxruntime  # noqa: F401
    except ImportError:
        pass
    try:
        from usearch.index import Index
    except ImportError as exc:
        raise MissingExtra("usearch", "ann") from exc
    return Index


def available() -> bool:
    try:
        _usearch_index()
    except MissingExtra:
        return False
    return True


class AnnIndex:
    """An HNSW graph over unit vectors (inner product), keyed by chunk id."""

    def __init__(self, dim: int, connectivity: int = 16, expansion_add: int = 128,
                 expansion_search: int = 96, threads: int = 2):
        index_cls = _usearch_index()
        self.dim = dim
        self.threads = threads
        self._index = index_cls(ndim=dim, metric="ip", dtype="f32", connectivity=connectivity,
                                expansion_add=expansion_add, expansion_search=expansion_search)
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._index)

    def add(self, keys: np.ndarray, vectors: np.ndarray) -> None:
        if not len(keys):
            return
        with self._lock:
            self._index.add(np.asarray(keys, dtype=np.uint64),
                            np.ascontiguousarray(vectors, dtype=np.float32), threads=self.threads)

    def remove(self, keys: np.ndarray) -> None:
        if not len(keys):
            return
        with self._lock:
            self._index.remove(np.asarray(keys, dtype=np.uint64))

    def search(self, query: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
        """(chunk ids, cosine similarities), best first."""
        if not len(self._index) or k <= 0:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
        with self._lock:
            res = self._index.search(np.asarray(query, dtype=np.float32), k)
        keys = np.asarray(res.keys, dtype=np.int64)
        sims = 1.0 - np.asarray(res.distances, dtype=np.float32)  # usearch "ip" distance is 1 - dot
        return keys, sims
