"""The Python API. The CLI, the HTTP API and the web page are thin layers over `Luodi`."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from luodi.config import Settings, load_settings
from luodi.ingest import Ingestor, Progress
from luodi.ingest.sources import SourceOptions
from luodi.store.base import Store, open_store
from luodi.types import DocumentRecord, Hit, IngestResult


class Luodi:
    """One knowledge base: ingest, search, ask. Heavy parts (encoder, model) load on first use."""

    def __init__(self, kb: str | Path | None = None, settings: Settings | None = None):
        self.settings = settings or load_settings(kb)
        self.store: Store = open_store(self.settings.store_url)
        self._lock = threading.Lock()
        self._embedder: Any = None
        self._retriever: Any = None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Luodi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lazily built parts ------------------------------------------------------
    @property
    def embedder(self):
        with self._lock:
            if self._embedder is None and self.settings.embedder != "none":
                from luodi.index.dense import get_embedder

                self._embedder = get_embedder(self.settings.embedder)
            return self._embedder

    @property
    def retriever(self):
        with self._lock:
            if self._retriever is None:
                from luodi.retrieve import Retriever

                self._retriever = Retriever(
                    self.store, None, mode=self.settings.retrieval_mode
                )
        # the embedder is attached outside the lock above: building it takes the same lock
        if self._retriever.embedder is None and self.settings.embedder != "none":
            self._retriever.embedder = self.embedder
        return self._retriever

    # -- documents -------------------------------------------------------------------
    def ingest(self, paths: list[str | Path], *, licence: str | None = None,
               consent: bool | None = None, collection: str = "default",
               effective_date: str | None = None, pii: str | None = None,
               progress: Progress | None = None) -> list[IngestResult]:
        opts = SourceOptions(licence=licence, consent=consent, collection=collection,
                             effective_date=effective_date)
        ingestor = Ingestor(self.store, self.settings, self.embedder)
        return ingestor.ingest(paths, opts, pii=pii, progress=progress)

    def ingest_bytes(self, data: bytes, name: str, *, uri: str | None = None, **kw: Any) -> IngestResult:
        opts = SourceOptions(licence=kw.get("licence"), consent=kw.get("consent"),
                             collection=kw.get("collection", "default"))
        ingestor = Ingestor(self.store, self.settings, self.embedder)
        return ingestor.ingest_bytes(data, name, uri or f"upload:{name}", opts, pii=kw.get("pii"))

    def documents(self, collection: str | None = None) -> list[DocumentRecord]:
        return self.store.documents(collection)

    def document(self, ref: int | str) -> DocumentRecord:
        return self.store.document(ref)

    def forget(self, ref: int | str) -> dict[str, int]:
        """Purge a document everywhere (chunks, versions, vectors, vault, caches) and log it."""
        doc = self.store.document(ref)
        removed = self.store.forget(doc.id)
        summary = ", ".join(f"{v} {k}" for k, v in removed.items() if v) or "nothing else"
        self.store.log_ingest(doc.uri, "forget", "removed", f"removed {summary}")
        return removed

    # -- questions -----------------------------------------------------------------
    def search(self, query: str, k: int = 5, *, collection: str | None = None,
               document_ids: set[int] | None = None, as_of: str | None = None) -> list[Hit]:
        return self.retriever.search(query, k, collection=collection, document_ids=document_ids,
                                     as_of=as_of)
