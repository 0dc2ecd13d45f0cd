"""Keeping a knowledge base's stored keyword tokens in step with the tokenizer.

Tokens are computed once, at ingest, and stored with each chunk; a query is tokenized by the
running version. When `tokenize` changes (a new kind of token, such as 第21条之1), chunks
stored earlier keep their old tokens and such queries stop meeting them by keyword. So the store
records the tokenizer version that made its tokens; a knowledge base opened by a newer version
re-tokenizes every chunk once (superseded versions too: `as_of` searches them) before it is
searched or written to. Vectors are untouched: no re-embedding.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from luodi.index.tokenize import TOKENIZER_VERSION, index_text, tokenize

log = logging.getLogger(__name__)

BATCH = 2048  # chunks read, tokenized and written per transaction
_lock = threading.Lock()  # a server's first search and an upload must not both re-tokenize


def tokens_stale(store) -> bool:
    """Whether the stored tokens were made by an older tokenizer (or one that kept no version)."""
    return _older(store.tokens_version())


def _older(found: str | None) -> bool:
    # A newer release's tokens are left alone: two releases sharing a store during an upgrade
    # must not rewrite each other's tokens back and forth.
    return found is None or found < TOKENIZER_VERSION


def reindex_tokens(store, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-tokenize every chunk and record this tokenizer's version; returns the chunk count.

    `progress(done, total)` is called after each batch. Batches commit one by one: an interrupted
    run leaves the version unrecorded, so the next open simply starts again.
    """
    ids = store.chunk_ids()
    for start in range(0, len(ids), BATCH):
        chunks = store.chunks(ids[start : start + BATCH])
        store.set_tokens({c.id: tokenize(index_text(c)) for c in chunks})
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    store.set_tokens({}, version=TOKENIZER_VERSION)
    return len(ids)


def ensure_tokens(store, progress: Callable[[int, int], None] | None = None) -> int:
    """Re-tokenize when the stored tokens were made by an older version; returns the chunks
    re-tokenized (0 when they are current; an empty store is only marked). One thread of a
    process does it; the others wait and find it done."""
    if not tokens_stale(store):
        return 0
    with _lock:
        found = store.tokens_version()  # again: another thread may have done it meanwhile
        if not _older(found):
            return 0
        n = reindex_tokens(store, progress)
    if n:
        log.warning("re-tokenized %d chunks for keyword search (their tokens were made by "
                    "tokenizer %s, this is %s)", n, found or "of an earlier release",
                    TOKENIZER_VERSION)
    return n
