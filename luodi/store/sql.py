"""The SQL both backends share: documents, versions, chunks and vectors (and, through the mixins,
records, memory and tools). Written with `?` placeholders in the subset both dialects accept;
transactions and migrations are luodi/store/connection.py's.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from luodi.errors import NotFoundError, StoreError
from luodi.store.base import NewVersion
from luodi.store.connection import Connection
from luodi.store.memory import MemoryStoreMixin
from luodi.store.records import RecordsStoreMixin
from luodi.store.tools import ToolsStoreMixin
from luodi.timeutil import now_iso
from luodi.types import Chunk, DocumentRecord, SourceInfo

_DOC_SELECT = """
SELECT d.id, d.uri, d.title, d.collection, d.current_version_id, v.content_hash,
       v.effective_date, s.licence, s.consent, d.created_at, d.updated_at,
       (SELECT COUNT(*) FROM chunks c WHERE c.version_id = d.current_version_id)
FROM documents d JOIN sources s ON s.id = d.source_id
LEFT JOIN versions v ON v.id = d.current_version_id
"""


def _doc(row: tuple) -> DocumentRecord:
    return DocumentRecord(
        id=row[0], uri=row[1], title=row[2], collection=row[3], current_version=row[4],
        content_hash=row[5], effective_date=row[6], licence=row[7], consent=bool(row[8]),
        created_at=row[9], updated_at=row[10], chunks=row[11],
    )


def _chunk(row: tuple) -> Chunk:
    return Chunk(
        id=row[0], version_id=row[1], document_id=row[2], ordinal=row[3], section=row[4],
        start=row[5], end=row[6], text=row[7], tokens=row[8].split(" ") if row[8] else [],
        document=row[9],
    )


# Run before every refresh: no ORDER BY, so that the tokenizer index is read, not the table.
_STALE_TOKENS = "SELECT id FROM chunks WHERE tokenizer IS NULL OR tokenizer < ?"
# Tokens a newer tokenizer made are never overwritten, even by a forced re-index.
_SET_TOKENS = ("UPDATE chunks SET tokens=?, tokenizer=? WHERE id=? "
               "AND (tokenizer IS NULL OR tokenizer <= ?)")


def _mark_tokenizer(db: Any, version: str) -> None:
    """Keep kb_state 'tokenizer' at the newest version that wrote tokens here: the release before
    per-chunk versions reads only that, and re-tokenizes every chunk when it finds it older than
    its own (or missing), which would leave chunks marked with a version their tokens lack."""
    db.execute("INSERT INTO kb_state (key, value) VALUES ('tokenizer', ?) "
               "ON CONFLICT (key) DO UPDATE SET value = CASE WHEN excluded.value > kb_state.value "
               "THEN excluded.value ELSE kb_state.value END", (version,))


_CHUNK_SELECT = """
SELECT c.id, c.version_id, c.document_id, c.ordinal, c.section, c.start_offset,
       c.end_offset, c.text, c.tokens, COALESCE(v.uri, d.uri)
FROM chunks c JOIN documents d ON d.id = c.document_id JOIN versions v ON v.id = c.version_id
"""


class SQLStore(Connection, RecordsStoreMixin, MemoryStoreMixin, ToolsStoreMixin):
    """Every `Store` method whose SQL is the same in each backend."""

    def _bump(self, db: Any, counter: str = "generation") -> None:
        db.execute(
            "INSERT INTO kb_state (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET "
            "value = CAST(CAST(kb_state.value AS INTEGER) + 1 AS TEXT)", (counter,)
        )

    def _counter(self, name: str) -> int:
        rows = self._q("SELECT value FROM kb_state WHERE key=?", [name])
        return int(rows[0][0]) if rows else 0

    def generation(self) -> int:
        return self._counter("generation")

    # -- documents --------------------------------------------------------------
    def source(self, uri: str) -> SourceInfo | None:
        rows = self._q("SELECT uri, licence, consent, fetched_at FROM sources WHERE uri=?", [uri])
        if not rows:
            return None
        r = rows[0]
        return SourceInfo(uri=r[0], licence=r[1], consent=bool(r[2]), fetched_at=r[3])

    def document(self, ref: int | str, collection: str | None = None) -> DocumentRecord:
        if isinstance(ref, int) or (isinstance(ref, str) and ref.isdigit()):
            # no stored id lies outside int64 (SQLite would overflow on the lookup)
            rows = self._q(_DOC_SELECT + " WHERE d.id=?", [int(ref)]) if 0 <= int(ref) < 2**63 else []
        else:
            sql, args = _DOC_SELECT + " WHERE d.uri=?", [ref]
            if collection:
                sql, args = sql + " AND d.collection=?", args + [collection]
            rows = self._q(sql, args)
        if not rows:
            raise NotFoundError(f"No document {ref!r} in this knowledge base (see `luodi docs list`).")
        return _doc(rows[0])

    def find_document(self, uri: str, collection: str = "default") -> DocumentRecord | None:
        rows = self._q(_DOC_SELECT + " WHERE d.uri=? AND d.collection=?", [uri, collection])
        return _doc(rows[0]) if rows else None

    def documents(self, collection: str | None = None) -> list[DocumentRecord]:
        if collection:
            rows = self._q(_DOC_SELECT + " WHERE d.collection=? ORDER BY d.id", [collection])
        else:
            rows = self._q(_DOC_SELECT + " ORDER BY d.id")
        return [_doc(r) for r in rows]

    def set_version_file_hash(self, document_id: int, file_hash: str) -> None:
        with self.transaction() as db:
            db.execute("UPDATE versions SET file_hash=? WHERE id=(SELECT current_version_id FROM "
                       "documents WHERE id=?)", (file_hash, document_id))

    def version_file_hash(self, document_id: int) -> str | None:
        rows = self._q(
            "SELECT v.file_hash FROM documents d JOIN versions v ON v.id=d.current_version_id "
            "WHERE d.id=?",
            [document_id],
        )
        return rows[0][0] if rows else None

    def version_text(self, version_id: int) -> str:
        rows = self._q("SELECT text FROM versions WHERE id=?", [version_id])
        if not rows:
            raise NotFoundError(f"No version {version_id}.")
        return rows[0][0]

    def versions(self, document_id: int) -> list[dict[str, Any]]:
        rows = self._q(
            "SELECT id, content_hash, effective_date, created_at, superseded_by, uri FROM versions "
            "WHERE document_id=? ORDER BY id",
            [document_id],
        )
        keys = ("id", "content_hash", "effective_date", "created_at", "superseded_by", "uri")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    def save_version(self, new: NewVersion) -> tuple[int, int]:
        """Write a version and make it current, all or nothing (see NewVersion.current)."""
        now = now_iso()
        with self.transaction() as db:
            if new.moves is not None:  # the document it continues lives at its file from now on
                if not db.execute("UPDATE documents SET uri=?, updated_at=? WHERE id=?",
                                  (new.uri, now, new.moves)).rowcount:
                    raise NotFoundError(f"no document {new.moves} to continue")
            same = _written_since(db, new)
            if same:
                new.skipped = True
                return same
            db.execute(
                "INSERT INTO sources (uri, licence, consent, fetched_at) VALUES (?,?,?,?) "
                "ON CONFLICT(uri) DO UPDATE SET licence=excluded.licence, "
                "consent=excluded.consent, fetched_at=excluded.fetched_at",
                (new.source.uri, new.source.licence, int(new.source.consent),
                 new.source.fetched_at or now),
            )
            source_id = db.execute("SELECT id FROM sources WHERE uri=?", (new.source.uri,)).fetchone()[0]
            row = db.execute(
                "SELECT id, current_version_id FROM documents WHERE uri=? AND collection=?",
                (new.uri, new.collection),
            ).fetchone()
            if row:
                doc_id, old_version = row
            else:
                doc_id = db.execute(
                    "INSERT INTO documents (source_id, uri, collection, title, created_at, updated_at)"
                    " VALUES (?,?,?,?,?,?)",
                    (source_id, new.uri, new.collection, new.title, now, now),
                ).lastrowid
                old_version = None
            version_id = db.execute(
                "INSERT INTO versions (document_id, content_hash, file_hash, effective_date, format,"
                " text, created_at, uri) VALUES (?,?,?,?,?,?,?,?)",
                (doc_id, new.content_hash, new.file_hash, new.effective_date, new.format,
                 new.text, now, new.uri),
            ).lastrowid
            db.executemany(
                "INSERT INTO chunks (version_id, document_id, ordinal, section, start_offset,"
                " end_offset, text, tokens, tokenizer) VALUES (?,?,?,?,?,?,?,?,?)",
                [(version_id, doc_id, ch.ordinal, ch.section, ch.start, ch.end, ch.text,
                  " ".join(ch.tokens or []), new.tokenizer) for ch in new.chunks],
            )
            if new.vectors and new.vector_model:  # one statement per batch, not per chunk
                ids = dict(db.execute("SELECT ordinal, id FROM chunks WHERE version_id=?",
                                      (version_id,)).fetchall())
                db.executemany(
                    "INSERT INTO chunk_vectors (chunk_id, model, vector) VALUES (?,?,?)",
                    [(ids[o], new.vector_model, vec) for o, vec in new.vectors.items() if o in ids],
                )
            if old_version is not None:
                db.execute("UPDATE versions SET superseded_by=? WHERE id=?", (version_id, old_version))
                db.execute("UPDATE chunks SET current=0 WHERE version_id=?", (old_version,))
            db.execute(
                "UPDATE documents SET current_version_id=?, title=?, source_id=?, updated_at=? "
                "WHERE id=?",
                (version_id, new.title, source_id, now, doc_id),
            )
            if new.tokenizer:
                _mark_tokenizer(db, new.tokenizer)
            if new.signature is not None:
                db.execute(
                    "INSERT INTO signatures (document_id, signature) VALUES (?,?) "
                    "ON CONFLICT(document_id) DO UPDATE SET signature=excluded.signature",
                    (doc_id, new.signature),
                )
            for token, kind, cipher in new.vault:
                db.execute(
                    "INSERT INTO pii_vault (version_id, token, kind, ciphertext) VALUES (?,?,?,?)",
                    (version_id, token, kind, cipher),
                )
            self._invalidate(db, [doc_id])
            self._bump(db)
        return doc_id, version_id

    def forget(self, document_id: int) -> dict[str, int]:
        """Purge a document everywhere: chunks, vectors, versions, vault, signature, caches."""
        self.document(document_id)
        removed: dict[str, int] = {}
        with self.transaction() as db:
            vids = [r[0] for r in db.execute("SELECT id FROM versions WHERE document_id=?", (document_id,))]
            marks = ",".join("?" * len(vids)) or "NULL"
            removed["vectors"] = db.execute(
                "DELETE FROM chunk_vectors WHERE chunk_id IN "
                "(SELECT id FROM chunks WHERE document_id=?)", (document_id,)
            ).rowcount
            removed["chunks"] = db.execute("DELETE FROM chunks WHERE document_id=?", (document_id,)).rowcount
            removed["vault"] = db.execute(f"DELETE FROM pii_vault WHERE version_id IN ({marks})", vids).rowcount
            db.execute("UPDATE documents SET current_version_id=NULL WHERE id=?", (document_id,))
            removed["versions"] = db.execute("DELETE FROM versions WHERE document_id=?", (document_id,)).rowcount
            removed["signatures"] = db.execute("DELETE FROM signatures WHERE document_id=?", (document_id,)).rowcount
            removed["cache"] = self._invalidate(db, [document_id])
            removed["documents"] = db.execute("DELETE FROM documents WHERE id=?", (document_id,)).rowcount
            self._bump(db)
        return removed

    # -- chunks and vectors -------------------------------------------------------
    def current_chunks(self, after_id: int = 0) -> list[Chunk]:
        rows = self._q(_CHUNK_SELECT + " WHERE c.current=1 AND c.id>? ORDER BY c.id", [after_id])
        return [_chunk(r) for r in rows]

    def document_chunks(self, document_id: int) -> list[Chunk]:
        rows = self._q(
            _CHUNK_SELECT + " WHERE c.current=1 AND c.document_id=? ORDER BY c.ordinal", [document_id]
        )
        return [_chunk(r) for r in rows]

    def version_chunks(self, version_id: int) -> list[Chunk]:
        rows = self._q(_CHUNK_SELECT + " WHERE c.version_id=? ORDER BY c.ordinal", [version_id])
        return [_chunk(r) for r in rows]

    def current_chunk_ids(self) -> set[int]:
        return {r[0] for r in self._q("SELECT id FROM chunks WHERE current=1")}

    def chunks(self, ids: Iterable[int], tokens: bool = True) -> list[Chunk]:
        ids = list(ids)
        out: dict[int, Chunk] = {}
        # a search's hits never read their tokens: a long chunk's token string is a quarter of
        # what a hit costs to fetch
        select = _CHUNK_SELECT if tokens else _CHUNK_SELECT.replace("c.tokens", "''")
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            rows = self._q(select + f" WHERE c.id IN ({','.join('?' * len(part))})", part)
            out.update({r[0]: _chunk(r) for r in rows})
        return [out[i] for i in ids if i in out]

    def chunk_ids(self) -> list[int]:
        return [r[0] for r in self._q("SELECT id FROM chunks ORDER BY id")]

    def stale_token_ids(self, version: str) -> list[int]:
        return sorted(r[0] for r in self._q(_STALE_TOKENS, [version]))

    def tokens_epoch(self) -> int:
        return self._counter("tokens_epoch")

    def set_tokens(self, tokens: dict[int, list[str]], version: str) -> int:
        if not tokens:
            return 0
        try:
            with self.transaction() as db:
                n = db.executemany(_SET_TOKENS, [(" ".join(t), version, cid, version)
                                                 for cid, t in tokens.items()]).rowcount
                if n:
                    self._bump(db, "tokens_epoch")
                    self._bump(db)
                _mark_tokenizer(db, version)
        except (StoreError, *self._write_errors) as exc:  # read-only, or another writer holds it
            raise StoreError(f"cannot rewrite the keyword tokens in {self.where}: {exc}. Make it "
                             "writable, or wait for the other writer, then run "
                             "`luodi docs reindex`") from exc
        return n

    def chunk_documents(self) -> dict[int, tuple[int, str, str | None]]:
        """Current chunk id -> (document id, collection, effective date): filters apply before ranking."""
        rows = self._q(
            "SELECT c.id, d.id, d.collection, v.effective_date FROM chunks c "
            "JOIN documents d ON d.id=c.document_id JOIN versions v ON v.id=c.version_id "
            "WHERE c.current=1"
        )
        return {r[0]: (r[1], r[2], r[3]) for r in rows}

    def vectors(self, model: str, ids: Iterable[int] | None = None) -> Iterator[tuple[int, bytes]]:
        if ids is None:
            rows = self._q(
                "SELECT v.chunk_id, v.vector FROM chunk_vectors v JOIN chunks c ON c.id=v.chunk_id "
                "WHERE v.model=? AND c.current=1 ORDER BY v.chunk_id",
                [model],
            )
            yield from rows
            return
        ids = list(ids)
        for i in range(0, len(ids), 500):
            part = ids[i : i + 500]
            yield from self._q(
                f"SELECT chunk_id, vector FROM chunk_vectors WHERE model=? AND chunk_id IN "
                f"({','.join('?' * len(part))})",
                [model, *part],
            )

    def put_vectors(self, model: str, vectors: dict[int, bytes]) -> None:
        with self.transaction() as db:
            db.executemany(
                "INSERT INTO chunk_vectors (chunk_id, model, vector) VALUES (?,?,?) "
                "ON CONFLICT (chunk_id, model) DO UPDATE SET vector=excluded.vector",
                [(cid, model, vec) for cid, vec in vectors.items()],
            )
            self._bump(db)

    def signatures(self) -> list[tuple[int, bytes]]:
        return self._q("SELECT document_id, signature FROM signatures ORDER BY document_id")


def _written_since(db: Any, new: NewVersion) -> tuple[int, int] | None:
    """(document, version) when a version other than the one `new` was made over (or any, for
    a new document) is current and holds the same file, text, date, title and licence."""
    row = db.execute(
        "SELECT d.id, v.id, v.file_hash, v.content_hash, v.effective_date, d.title, s.licence "
        "FROM documents d JOIN versions v ON v.id=d.current_version_id JOIN sources s ON s.id=d.source_id "
        "WHERE d.uri=? AND d.collection=?", (new.uri, new.collection)).fetchone()
    if row is None or row[1] == new.current:
        return None
    wanted = (new.file_hash, new.content_hash, new.effective_date, new.title, new.source.licence)
    return (row[0], row[1]) if tuple(row[2:]) == wanted else None
