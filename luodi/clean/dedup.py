"""Near-duplicate detection: MinHash over character 3-grams of folded text.

Text is folded to simplified Chinese and NFKC, lower-cased and stripped of whitespace and
punctuation before shingling, so the same article in traditional and simplified script, or
re-wrapped, or re-punctuated, gets (nearly) the same signature.

Shingles are packed exactly into 64-bit integers (see `shingle_codes`) instead of being hashed
one by one with SHA-1, which is what makes signatures fast.

A signature is 128 MinHash values (datasketch, "affine64" scheme, seed 1) stored as 1,024
little-endian uint64 bytes: plain data, safe to keep in a database, never pickled.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import numpy as np

from luodi.errors import InputError
from luodi.fold import to_simplified

NUM_PERM = 128
SEED = 1
SCHEME = "affine64"  # 64-bit hash values: the stored format is uint64 either way
SHINGLE = 3
SIG_BYTES = NUM_PERM * 8
_DTYPE = np.dtype("<u8")
_LSH_THRESHOLD = 0.5  # candidate recall for queries at or above this; lower ones scan exactly
_DROP = re.compile(r"[\W_]+")
_BATCH = 4096


def _identity(value: int) -> int:
    return value


@lru_cache(maxsize=1)
def _template():
    from datasketch import MinHash

    # Permutations are derived once; every signature reuses them.
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=_identity)


def normalise(text: str) -> str:
    """The text that is shingled: simplified, NFKC (full-width → ASCII), lower-case, letters and
    digits only."""
    return _DROP.sub("", _folded(text))


def _folded(text: str) -> str:
    """Simplified, NFKC (full-width → ASCII), lower-case."""
    s = to_simplified(text)
    if not unicodedata.is_normalized("NFKC", s):  # the check is far cheaper than normalising
        s = unicodedata.normalize("NFKC", s)
    return s.lower()


def adds_nothing(text: str, other: str) -> bool:
    """Whether a near-duplicate `text` says nothing `other` does not: its letters and digits,
    folded as `normalise` folds them, all stand in `other` in one run (a traditional copy, other
    spacing or punctuation, a page without the other's footer). Two branches' rules from one
    template share most shingles but not their hours, prices or city: both are kept."""
    return _with_figures(text) in _with_figures(other)


def _with_figures(text: str) -> str:
    """`normalise`'s letters and digits, with the signs that make a figure kept beside its
    digits: -18℃ is not 18℃, 1.5公斤 not 15公斤, 2026.1.12 not 2026.11.2."""
    def sign(m: re.Match[str]) -> str:
        t, i = m.string, m.start()
        beside = i > 0 and t[i - 1].isdigit() or i + 1 < len(t) and t[i + 1].isdigit()
        return m.group(0) if beside and not m.group(0).isspace() else ""

    return _DROP.sub(sign, _folded(text))


def shingle_codes(text: str) -> np.ndarray:
    """Distinct character 3-grams of the normalised text, each packed into one uint64.

    Three 21-bit code points fit in 63 bits, so packing is exact (no collisions); datasketch's
    affine64 scheme mixes the values before permuting them. Text shorter than three characters
    is one shingle; empty text has none.
    """
    s = normalise(text)
    if not s:
        return np.empty(0, dtype=np.uint64)
    cps = np.frombuffer(s.encode("utf-32-le"), dtype="<u4").astype(np.uint64)
    if len(cps) < SHINGLE:
        cps = np.concatenate([cps, np.zeros(SHINGLE - len(cps), dtype=np.uint64)])
    codes = (cps[:-2] << np.uint64(42)) | (cps[1:-1] << np.uint64(21)) | cps[2:]
    return np.unique(codes)


def _minhash(text: str):
    from datasketch import MinHash

    tpl = _template()
    mh = MinHash(
        num_perm=NUM_PERM,
        seed=SEED,
        scheme=SCHEME,
        hashfunc=_identity,
        permutations=tpl.permutations,
    )
    codes = shingle_codes(text)
    # datasketch builds a (shingles x permutations) matrix per batch: feed it in slices so a
    # long document costs a few MB, not hundreds.
    for i in range(0, len(codes), _BATCH):
        mh.update_batch(codes[i : i + _BATCH].tolist())
    return mh


def signature(text: str) -> bytes:
    """MinHash signature of `text` (1,024 bytes). Empty text gets the empty-set signature."""
    return np.asarray(_minhash(text).hashvalues, dtype=_DTYPE).tobytes()


def _values(sig: bytes) -> np.ndarray:
    if not isinstance(sig, (bytes, bytearray, memoryview)) or len(sig) != SIG_BYTES:
        raise InputError(
            f"Not a near-duplicate signature: expected {SIG_BYTES} bytes from "
            "luodi.clean.dedup.signature(); recompute it from the text."
        )
    return np.frombuffer(sig, dtype=_DTYPE)


def similarity(a: bytes, b: bytes) -> float:
    """Estimated Jaccard similarity of the shingle sets behind two signatures."""
    return float(np.count_nonzero(_values(a) == _values(b))) / NUM_PERM


class NearDuplicateIndex:
    """In-memory index of signatures: LSH finds candidates, then similarity is checked exactly."""

    def __init__(self) -> None:
        from datasketch import MinHashLSH

        self._lsh = MinHashLSH(threshold=_LSH_THRESHOLD, num_perm=NUM_PERM)
        self._sigs: dict[int, np.ndarray] = {}

    def __len__(self) -> int:
        return len(self._sigs)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._sigs

    def _as_minhash(self, values: np.ndarray):
        from datasketch import MinHash

        return MinHash(
            num_perm=NUM_PERM,
            seed=SEED,
            scheme=SCHEME,
            hashfunc=_identity,
            hashvalues=values,
            permutations=_template().permutations,
        )

    def add(self, doc_id: int, sig: bytes) -> None:
        """Index `sig` under `doc_id`, replacing what was there."""
        values = _values(sig).copy()
        if doc_id in self._sigs:
            self.remove(doc_id)
        self._lsh.insert(doc_id, self._as_minhash(values))
        self._sigs[doc_id] = values

    def remove(self, doc_id: int) -> None:
        """Forget `doc_id`; unknown ids are ignored."""
        if self._sigs.pop(doc_id, None) is not None:
            self._lsh.remove(doc_id)

    def query(self, sig: bytes, threshold: float = 0.85) -> list[tuple[int, float]]:
        """Indexed documents whose similarity to `sig` is at least `threshold`, best first."""
        values = _values(sig)
        if threshold >= _LSH_THRESHOLD:
            ids = self._lsh.query(self._as_minhash(values))
        else:  # LSH was tuned for higher thresholds: compare with everything
            ids = list(self._sigs)
        hits = []
        for doc_id in ids:
            sim = float(np.count_nonzero(self._sigs[doc_id] == values)) / NUM_PERM
            if sim >= threshold:
                hits.append((doc_id, sim))
        hits.sort(key=lambda h: (-h[1], h[0]))
        return hits
