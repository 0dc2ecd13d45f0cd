"""What every SQL backend shares below the SQL itself: nestable transactions, reads, migrations.

A backend (SQLite, PostgreSQL) sets the connection `_db`, an object with sqlite3's
`execute` / `executemany` (cursors with `fetchone`, `fetchall`, `rowcount`, `lastrowid`), a
`_lock`, `_begin()` for the outermost transaction, `_errors` (every error of its driver) and
`_write_errors`, the ones a refused write raises.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from luodi.errors import StoreError
from luodi.store.migrations import all_migrations, render
from luodi.timeutil import now_iso


class Connection:
    dialect = "sqlite"
    where = ""  # what error messages call this store: a file path, or a redacted URL
    read_only = False  # opened so that writes fail (luodi.store.sqlite: a read-only volume)
    _write_errors: tuple[type[BaseException], ...] = ()
    _errors: tuple[type[BaseException], ...] = ()  # every error of the driver

    _db: Any  # the backend's connection (or its sqlite3-shaped wrapper)
    _lock: threading.RLock
    _depth = 0

    def _begin(self) -> None:
        """Open the outermost transaction so that writers queue, never deadlock."""
        raise NotImplementedError

    def tables(self) -> list[str]:
        """The names of this store's tables."""
        raise NotImplementedError

    def _after_copy(self, db: Any) -> None:
        """After rows were written with their ids (luodi.store.copy): new rows must not reuse them."""

    def _rollback(self) -> None:
        try:
            self._db.execute("ROLLBACK")
        except self._errors:  # nothing left to undo (the driver ended it): keep the first error
            pass

    def _failed(self, exc: BaseException) -> StoreError:
        if self.read_only:
            return StoreError(f"{self.where} is opened read-only (its file or folder cannot be written "
                              "here): searching works; adding documents or asking questions needs "
                              "write access")
        return StoreError(f"A write to {self.where} failed and was undone ({type(exc).__name__}: "
                          f"{str(exc).strip()})")

    @contextmanager
    def transaction(self) -> Iterator[Any]:
        """Nestable; only the outermost level commits. A driver error inside becomes a StoreError
        (after the rollback): callers that keep going after one failure, such as an ingest
        batch, catch the package's own errors."""
        with self._lock:
            if self._depth:
                self._depth += 1
                try:
                    yield self._db
                finally:
                    self._depth -= 1
                return
            try:
                self._begin()
            except self._errors as exc:
                raise self._failed(exc) from exc
            self._depth = 1
            try:
                yield self._db
                self._depth = 0
                self._db.execute("COMMIT")
            except BaseException as exc:
                self._depth = 0
                self._rollback()
                if isinstance(exc, self._errors):
                    raise self._failed(exc) from exc
                raise

    def _q(self, sql: str, args: Iterable[Any] = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, tuple(args)).fetchall()

    def _migration_error(self, name: str, exc: BaseException) -> StoreError:
        return StoreError(f"{self.where} needs a schema upgrade ({name}) but it cannot be "
                          f"written ({exc}). Open it once with write access.")

    def _migrate(self) -> None:
        with self.transaction() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {r[0] for r in db.execute("SELECT name FROM schema_migrations")}
            for name, sql in all_migrations():
                if name in done:
                    continue
                try:
                    for stmt in render(sql, self.dialect).split(";"):
                        if stmt.strip():
                            db.execute(stmt)
                except self._write_errors as exc:
                    raise self._migration_error(name, exc) from exc
                db.execute("INSERT INTO schema_migrations VALUES (?, ?)", (name, now_iso()))
