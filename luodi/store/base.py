"""The storage protocol. Every backend (SQLite, PostgreSQL) passes one contract suite."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from luodi.types import Chunk, DocumentRecord, SourceInfo


@dataclass
class NewVersion:
    """Everything one document version writes, stored in a single transaction."""

    source: SourceInfo
    uri: str
    collection: str
    title: str | None
    format: str
    text: str
    content_hash: str
    file_hash: str
    effective_date: str | None
    chunks: list[Chunk]
    vectors: dict[int, bytes] = field(default_factory=dict)  # chunk ordinal -> float32 bytes
    vector_model: str | None = None
    signature: bytes | None = None
    vault: list[tuple[str, str, str]] = field(default_factory=list)  # token, kind, ciphertext


@dataclass
class UsageRow:
    at: str
    purpose: str
    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: float = 0.0
    cost_li: float = 0.0
    tenant: str = "default"
    user_id: str | None = None
    session: str | None = None
    cached: bool = False
    note: str = ""


class Store(Protocol):
    url: str

    def close(self) -> None: ...
    def transaction(self) -> AbstractContextManager[Any]: ...
    def generation(self) -> int: ...
    def integrity_ok(self) -> bool: ...

    # documents
    def source(self, uri: str) -> SourceInfo | None: ...
    def document(self, ref: int | str, collection: str | None = None) -> DocumentRecord: ...
    def find_document(self, uri: str, collection: str = "default") -> DocumentRecord | None: ...
    def documents(self, collection: str | None = None) -> list[DocumentRecord]: ...
    def version_file_hash(self, document_id: int) -> str | None: ...
    def version_text(self, version_id: int) -> str: ...
    def versions(self, document_id: int) -> list[dict[str, Any]]: ...
    def save_version(self, new: NewVersion) -> tuple[int, int]: ...
    def forget(self, document_id: int) -> dict[str, int]: ...

    # chunks and vectors
    def current_chunks(self, after_id: int = 0) -> list[Chunk]: ...
    def document_chunks(self, document_id: int) -> list[Chunk]: ...
    def current_chunk_ids(self) -> set[int]: ...
    def chunks(self, ids: Iterable[int]) -> list[Chunk]: ...
    def vectors(self, model: str, ids: Iterable[int] | None = None) -> Iterator[tuple[int, bytes]]: ...
    def put_vectors(self, model: str, vectors: dict[int, bytes]) -> None: ...
    def signatures(self) -> list[tuple[int, bytes]]: ...
    def chunk_documents(self) -> dict[int, tuple[int, str, str | None]]: ...

    # logs, vault, ledger, cache
    def log_ingest(self, uri: str, action: str, status: str, message: str = "") -> None: ...
    def ingest_log(self, limit: int = 100) -> list[dict[str, Any]]: ...
    def vault_entries(self, version_id: int) -> list[tuple[str, str, str]]: ...
    def record_usage(self, row: UsageRow) -> None: ...
    def usage(self, since: str | None = None, until: str | None = None) -> list[UsageRow]: ...
    def cache_get(self, key: str) -> str | None: ...
    def cache_put(self, key: str, tenant: str, question: str, answer_json: str,
                  document_ids: Iterable[int]) -> None: ...
    def cache_invalidate(self, document_ids: Iterable[int] | None = None) -> int: ...


def open_store(url: str) -> Store:
    """Open a store from a URL: `sqlite:///path/to/kb.db` or `postgresql://...`."""
    from luodi.errors import ConfigError

    if url.startswith("sqlite:///"):
        from luodi.store.sqlite import SQLiteStore

        return SQLiteStore(url[len("sqlite:///"):])
    if url.startswith(("postgresql://", "postgres://")):
        raise ConfigError("The PostgreSQL store is not available yet; use sqlite:///PATH.")
    raise ConfigError(f"Unknown store URL {url!r}: use sqlite:///PATH or postgresql://…")
