"""PostgreSQL store (psycopg 3): the server backend, for a deployment that outgrows one file.

The tables and the SQL are SQLite's (luodi/store/sql.py and the mixins); `translate` rewrites the
few spellings that differ, so that one body of SQL serves both and one contract suite tests both.
Text columns use the "C" collation (migrations.render): comparisons and ORDER BY then follow code
points, as in SQLite, whatever the database's locale. Write transactions take one advisory lock,
so writers queue as SQLite's BEGIN IMMEDIATE makes them: read-then-insert steps (a memory session,
a document's next version) never race another process.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from luodi.errors import ConfigError, StoreError
from luodi.store.migrations import all_migrations
from luodi.store.sql import SQLStore

# Tables whose id is a serial: an INSERT into one returns the id (sqlite3's lastrowid).
_SERIAL = frozenset({
    "sources", "documents", "versions", "chunks", "pii_vault", "ingest_log", "ledger",
    "mem_sessions", "mem_turns", "mem_facts", "tool_audit",
})
_INSERT = re.compile(r"\s*INSERT\s+INTO\s+(\w+)", re.IGNORECASE)
_WRITE_LOCK = 0x4C756F6469  # "Luodi": the advisory lock every write transaction holds


@lru_cache(maxsize=1024)
def translate(sql: str) -> tuple[str, bool]:
    """SQLite's spelling -> PostgreSQL's, and whether the statement returns a new row's id.

    `?` becomes `%s` (a literal % is doubled); LIKE becomes ILIKE with no escape character,
    because SQLite's LIKE ignores ASCII case and treats a backslash as itself."""
    out = sql.replace("%", "%%")
    out = re.sub(r"\bLIKE \?", "ILIKE ? ESCAPE ''", out)
    out = out.replace("?", "%s")
    m = _INSERT.match(sql)
    returning = bool(m and m.group(1).lower() in _SERIAL and "RETURNING" not in sql.upper())
    return (out + " RETURNING id" if returning else out), returning


def redact(url: str) -> str:
    """The URL without its password: safe for messages, logs and cache keys."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    host = parts.hostname or ""
    netloc = f"{parts.username or ''}:***@{host}" + (f":{parts.port}" if parts.port else "")
    return urlunsplit(parts._replace(netloc=netloc))


def split_schema(url: str) -> tuple[str, str]:
    """The URL libpq accepts (without `schema=`), and the schema it named ("" for none)."""
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    schema = next((v for k, v in query if k == "schema"), "")
    rest = urlencode([(k, v) for k, v in query if k != "schema"])
    return urlunsplit(parts._replace(query=rest)), schema


class _Cursor:
    """The part of sqlite3.Cursor the shared SQL reads."""

    def __init__(self, cursor: Any, returning: bool):
        self._cursor = cursor
        self.lastrowid = None
        if returning:
            row = cursor.fetchone()
            self.lastrowid = row[0] if row else None
        self.rowcount = cursor.rowcount
        self.description = cursor.description

    def fetchone(self) -> tuple | None:
        return self._cursor.fetchone() if self.description is not None else None

    def fetchall(self) -> list[tuple]:  # an INSERT or UPDATE reads as no rows, as in sqlite3
        return self._cursor.fetchall() if self.description is not None else []

    def __iter__(self) -> Iterator[tuple]:
        return iter(self._cursor)


class _Connection:
    """The part of sqlite3.Connection the shared SQL calls, over a psycopg connection."""

    def __init__(self, conn: Any):
        self._conn = conn

    def execute(self, sql: str, args: Iterable[Any] = ()) -> _Cursor:
        text, returning = translate(sql)
        return _Cursor(self._conn.execute(text, _storable(args)), returning)

    def executescript(self, script: str) -> None:
        """Statements separated by ";" (none of them holding one), each in turn."""
        for stmt in script.split(";"):
            if stmt.strip():
                self.execute(stmt)

    def executemany(self, sql: str, rows: Iterable[Iterable[Any]]) -> _Cursor:
        text, returning = translate(sql)
        if returning:  # many rows: no one id to return
            text = text.removesuffix(" RETURNING id")
        cursor = self._conn.cursor()
        cursor.executemany(text, [_storable(r) for r in rows])
        return _Cursor(cursor, False)


def _storable(args: Iterable[Any]) -> tuple:
    """PostgreSQL text cannot hold NUL: one that got past the input checks becomes U+FFFD
    rather than failing the whole write."""
    return tuple(a.replace("\x00", "\ufffd") if isinstance(a, str) and "\x00" in a else a
                 for a in args)


def connect(url: str, where: str, schema: str = "") -> tuple[Any, _Connection]:
    """A psycopg connection (autocommit) and its sqlite3-shaped wrapper; with `schema`, every
    table it names lives there (created when missing)."""
    psycopg = _psycopg()
    try:
        conn = psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.Error as exc:
        raise StoreError(
            f"Cannot connect to the PostgreSQL store at {where}: {str(exc).strip()}. Check the "
            "URL (LUODI_STORE, or `store` in the config: host, port, database, user; a password "
            "is best given in PGPASSWORD or ~/.pgpass) and that the server is running."
        ) from exc
    if schema:
        name = psycopg.sql.Identifier(schema)
        with conn.transaction():  # two processes creating it at once would collide
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (_WRITE_LOCK,))
            conn.execute(psycopg.sql.SQL("CREATE SCHEMA IF NOT EXISTS {}").format(name))
        conn.execute(psycopg.sql.SQL("SET search_path TO {}").format(name))
    return conn, _Connection(conn)


def _psycopg() -> Any:
    try:
        import psycopg
    except ImportError as exc:
        raise ConfigError("The PostgreSQL store needs psycopg: pip install 'luodi[pg]' "
                          "(scripts/setup.sh installs it).") from exc
    return psycopg


class PostgresStore(SQLStore):
    """A `Store` in one PostgreSQL database. Safe to share between threads (one lock)."""

    dialect = "postgresql"

    def __init__(self, url: str):
        self._psycopg = _psycopg()
        self.url = self.where = redact(url)
        self._dsn, self.schema = split_schema(url)
        errors = self._psycopg.errors
        self._write_errors = (self._psycopg.OperationalError, errors.InsufficientPrivilege,
                              errors.ReadOnlySqlTransaction)
        self._errors = (self._psycopg.Error,)
        self._lock = threading.RLock()
        self._connect()
        self._migrate()

    def _connect(self) -> None:
        self._conn, self._db = connect(self._dsn, self.where, self.schema)
        self._lock_key = _WRITE_LOCK
        if self.schema:  # a tenant's writers queue on a lock of their own
            digest = hashlib.sha256(self.schema.encode()).digest()
            self._lock_key = int.from_bytes(digest[:8], "big", signed=True)

    def _q(self, sql: str, args: Iterable[Any] = ()) -> list[tuple]:
        """A read; one that finds the connection lost (a server restart, an idle timeout)
        connects again and is retried once: reads change nothing."""
        with self._lock:
            try:
                return super()._q(sql, args)
            except self._psycopg.OperationalError:
                if self._depth or not self._conn.broken:
                    raise
                self._connect()
                return super()._q(sql, args)

    def close(self) -> None:
        self._conn.close()

    def _failed(self, exc: BaseException) -> StoreError:
        if not self._conn.broken:
            return super()._failed(exc)
        return StoreError(f"Lost the connection to the PostgreSQL store at {self.where} "
                          f"({str(exc).strip()}): this write was not kept. Try again; the next "
                          "call connects anew.")

    def _rollback(self) -> None:
        if not self._conn.broken:  # a lost connection's transaction is gone with it
            super()._rollback()

    def _begin(self) -> None:
        if self._conn.broken:  # lost since the last call: a write starts on a new connection
            self._connect()
        self._conn.execute("BEGIN")
        self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (self._lock_key,))

    def tables(self) -> list[str]:
        return [r[0] for r in self._q("SELECT table_name FROM information_schema.tables WHERE "
                                      "table_schema = current_schema() ORDER BY table_name")]

    def _after_copy(self, db: _Connection) -> None:
        for table in sorted(_SERIAL):
            db.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                       f"COALESCE((SELECT MAX(id) FROM {table}), 0) + 1, false)")

    def integrity_ok(self) -> bool:
        """The server keeps its own pages consistent; here: every migration is applied."""
        done = {r[0] for r in self._q("SELECT name FROM schema_migrations")}
        return all(name in done for name, _ in all_migrations())
