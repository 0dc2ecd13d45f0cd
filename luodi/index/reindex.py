"""Keeping a knowledge base's stored keyword tokens in step with the tokenizer.

Tokens are computed once, at ingest, and stored with each chunk; a query is tokenized by the
running version. When `tokenize` changes (a new kind of token, such as 第21条之1), chunks
stored earlier keep their old tokens and such queries stop meeting them by keyword. So each
chunk records the tokenizer version that made its tokens, and a knowledge base opened by a newer
version re-tokenizes the chunks an older (or unknown) one made, superseded versions too (`as_of`
searches them), before it is searched or written to. Because the version is per chunk, chunks
that an older release keeps writing during an upgrade are caught on the next open, and an
interrupted run resumes where it stopped. Vectors are untouched: no re-embedding.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable

from luodi.index.tokenize import TOKENIZER_VERSION, index_text, tokenize

log = logging.getLogger(__name__)

BATCH = 2048  # chunks read, tokenized and written per transaction
_lock = threading.Lock()  # a server's first search and an upload must not both re-tokenize

Progress = Callable[[int, int], None]


def reindex_tokens(store, progress: Progress | None = None, ids: list[int] | None = None) -> int:
    """Re-tokenize these chunks (default: every chunk) under this tokenizer's version, except
    those a newer one made; returns how many were rewritten. `progress(done, total)` is called
    after each batch, and each batch commits."""
    ids = store.chunk_ids() if ids is None else ids
    n = 0
    for start in range(0, len(ids), BATCH):
        chunks = store.chunks(ids[start : start + BATCH])
        n += store.set_tokens({c.id: tokenize(index_text(c)) for c in chunks}, TOKENIZER_VERSION)
        if progress is not None:
            progress(min(start + BATCH, len(ids)), len(ids))
    return n


def reembed_vectors(store, embedder, progress: Progress | None = None, batch: int = 256) -> int:
    """Embed every chunk again (superseded versions too: `as_of` searches them) with this
    release's texts: a chunk's vector rows are its whole text and its parts (`part_texts`),
    whose layout improves between releases (list items with their lead-in, for one), while
    ingest embeds only new or changed chunks. Returns how many chunks were embedded;
    `progress(done, total)` after each batch, and each batch is written at once, so an
    interrupted run keeps what it did. Live indexes see the new rows after their next rebuild
    (`luodi docs reindex --vectors` re-tokenizes afterwards, which causes one)."""
    from luodi.index.dense import embed_chunks, to_bytes

    ids = store.chunk_ids()
    for start in range(0, len(ids), batch):
        chunks = store.chunks(ids[start : start + batch])
        matrices = embed_chunks(embedder, chunks)
        store.put_vectors(embedder.name, {c.id: to_bytes(m) for c, m in zip(chunks, matrices, strict=True)})
        if progress is not None:
            progress(min(start + batch, len(ids)), len(ids))
    return len(ids)


def batches(n_ids: int) -> int:
    """The most times re-tokenizing this many chunks moves the store's tokens epoch."""
    return -(-n_ids // BATCH)


def ensure_tokens(store, progress: Progress | None = None) -> list[int]:
    """Re-tokenize the chunks whose tokens an older or unknown tokenizer made (a newer
    release's are left alone: two releases sharing a store during an upgrade must not rewrite
    each other's tokens back and forth); returns their ids. One thread of a process does it;
    the others wait and find it done."""
    if not store.stale_token_ids(TOKENIZER_VERSION):
        return []
    with _lock:
        stale = store.stale_token_ids(TOKENIZER_VERSION)  # again: another thread may have done it
        n = reindex_tokens(store, progress, stale)
    if n:
        log.warning("re-tokenized %d %s for keyword search (an earlier release made their "
                    "tokens; this is tokenizer %s)", n, "chunk" if n == 1 else "chunks",
                    TOKENIZER_VERSION)
    return stale
