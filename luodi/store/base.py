"""The storage protocol. Every backend (SQLite, PostgreSQL) passes one contract suite."""

from __future__ import annotations

import hashlib
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
    tokenizer: str | None = None  # version of the tokenizer that made the chunks' tokens
    # The version the writer read as current (None: none, a new document). When another version
    # has become current since and holds the same file, text, date, title and licence (two ingests
    # of one file at once), nothing is written and `skipped` is set: no duplicate versions.
    current: int | None = None
    skipped: bool = False
    # A stored document this version continues (its file moved or renamed, or a newer edition under
    # another name): it lives at `uri` from now on, its older versions cited by their own files.
    moves: int | None = None


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
    def set_version_file_hash(self, document_id: int, file_hash: str) -> None:
        """Record that the current version also stands for this file hash (same file, newer
        pipeline, same text): the next ingest skips it without re-reading."""
        ...
    def version_text(self, version_id: int) -> str: ...
    def versions(self, document_id: int) -> list[dict[str, Any]]: ...
    def save_version(self, new: NewVersion) -> tuple[int, int]: ...
    def forget(self, document_id: int) -> dict[str, int]: ...

    # chunks and vectors
    def current_chunks(self, after_id: int = 0) -> list[Chunk]: ...
    def document_chunks(self, document_id: int) -> list[Chunk]: ...
    def version_chunks(self, version_id: int) -> list[Chunk]: ...  # any version, superseded too
    def current_chunk_ids(self) -> set[int]: ...
    def chunks(self, ids: Iterable[int], tokens: bool = True) -> list[Chunk]: ...  # tokens=False: [] (not read)
    def chunk_ids(self) -> list[int]: ...  # every chunk, superseded versions' too
    # Keyword tokens are computed at ingest and stored with the tokenizer version that made
    # them (NewVersion.tokenizer). `stale_token_ids` lists every chunk (superseded ones too)
    # whose version is older than `version` or unknown. `set_tokens` replaces chunks' tokens
    # and records their version, except where a newer version made them; it returns how many
    # it replaced and, when any, bumps the generation and `tokens_epoch` (which tells live
    # indexes that chunks may have changed tokens).
    def stale_token_ids(self, version: str) -> list[int]: ...
    def set_tokens(self, tokens: dict[int, list[str]], version: str) -> int: ...
    def tokens_epoch(self) -> int: ...
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
    def usage_spent(self, tenant: str, user: str | None, month: str, day: str) -> dict[str, float]:
        """厘 recorded since `month` and since `day` (ISO times) for the tenant and for the user
        (any tenant): keys tenant_month, tenant_day, user_month, user_day."""
        ...
    def cache_get(self, key: str) -> str | None: ...
    def cache_put(self, key: str, tenant: str, question: str, answer_json: str,
                  document_ids: Iterable[int], words: Iterable[str] | None = None) -> None: ...
    # None: every answer; else those that used these documents or none, and with a new text's
    # `vocabulary`, those whose question shares half its words with it (luodi.cache.question_words)
    def cache_invalidate(self, document_ids: Iterable[int] | None = None,
                         vocabulary: set[str] | None = None) -> int: ...

    # memory (luodi/store/memory.py)
    def memory_session(self, tenant: str, user: str | None, name: str, at: str,
                       create: bool = True) -> int | None: ...
    def memory_sessions(self, tenant: str, user: str | None, limit: int = 100) -> list[dict[str, Any]]: ...
    def memory_add_turn(self, session_id: int, tenant: str, user: str | None, role: str, content: str,
                        at: str, *, standalone: str = "", citations: Iterable[dict[str, Any]] = (),
                        title: str | None = None) -> int: ...
    def memory_turns(self, session_id: int, limit: int | None = None) -> list[dict[str, Any]]: ...
    def memory_add_fact(self, tenant: str, user: str, key: str, value: str, at: str, *,
                        statement: str = "", source_turn: int | None = None,
                        session_id: int | None = None) -> int: ...
    def memory_facts(self, tenant: str, user: str, *, history: bool = False) -> list[dict[str, Any]]: ...
    def memory_forget(self, tenant: str, user: str, *, keys: Iterable[str] | None = None,
                      fact_ids: Iterable[int] | None = None, everything: bool = False,
                      masks: dict[str, str] | None = None) -> dict[str, Any]: ...
    def memory_mask(self, tenant: str, user: str, masks: dict[str, str]) -> int: ...

    # tools (luodi/store/tools.py)
    def toolset_enable(self, name: str, config: dict[str, Any] | None = None) -> None: ...
    def toolset_disable(self, name: str) -> bool: ...
    def toolsets(self) -> dict[str, dict[str, Any]]: ...
    def tool_call_add(self, call: dict[str, Any]) -> None: ...
    def tool_call(self, call_id: str, tenant: str | None = None) -> dict[str, Any] | None: ...
    def tool_call_transition(self, call_id: str, from_status: str | tuple[str, ...], to_status: str, *,
                             result: Any = None, reason: str | None = None) -> bool: ...
    def tool_calls(self, tenant: str | None = None, status: str | None = None,
                   limit: int = 100) -> list[dict[str, Any]]: ...
    def audit_append(self, entry: dict[str, Any]) -> int: ...
    def audit_log(self, tenant: str | None = None, *, call_id: str | None = None,
                  limit: int = 200) -> list[dict[str, Any]]: ...


def is_postgres(url: str) -> bool:
    return url.startswith(("postgresql://", "postgres://"))


def tenant_url(url: str, tenant: str) -> str:
    """A server tenant's own store inside a shared one: its own schema of the same PostgreSQL
    database, or its own file beside a SQLite file. Tenants never share tables."""
    from urllib.parse import parse_qsl, urlencode, urlsplit

    if url.startswith("sqlite:///"):
        path = url[len("sqlite:///"):]
        stem, dot, ext = path.rpartition(".")
        return f"sqlite:///{stem}.tenant-{tenant}.{ext}" if dot and "/" not in ext else f"{url}.tenant-{tenant}"
    parts = urlsplit(url)
    query = dict(parse_qsl(parts.query))
    schema = f"{query['schema']}_tenant_{tenant}" if query.get("schema") else f"tenant_{tenant}"
    if len(schema.encode()) > 63:  # PostgreSQL would cut a longer name, and two could meet
        schema = f"{schema[:40]}_{hashlib.sha256(schema.encode()).hexdigest()[:12]}"
    query["schema"] = schema
    return parts._replace(query=urlencode(query)).geturl()


def open_store(url: str) -> Store:
    """Open a store from a URL: `sqlite:///path/to/kb.db` or `postgresql://...[?schema=NAME]`."""
    from luodi.errors import ConfigError

    if url.startswith("sqlite:///"):
        from luodi.store.sqlite import SQLiteStore

        return SQLiteStore(url[len("sqlite:///"):])
    if is_postgres(url):
        from luodi.store.postgres import PostgresStore

        return PostgresStore(url)
    from luodi.store.postgres import redact

    raise ConfigError(f"Unknown store URL {redact(url)!r}: use sqlite:///PATH or postgresql://…")
