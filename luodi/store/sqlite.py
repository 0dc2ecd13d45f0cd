"""SQLite store: one file in WAL mode. The embedded default backend."""

from __future__ import annotations

import os
import sqlite3
import threading
from pathlib import Path

from luodi.errors import StoreError
from luodi.store.sql import SQLStore


class SQLiteStore(SQLStore):
    """A `Store` over one SQLite file. Safe to share between threads (one lock)."""

    dialect = "sqlite"
    _write_errors = (sqlite3.OperationalError,)
    _errors = (sqlite3.Error,)

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self.where = str(self.path)
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = self._open()
        except (OSError, sqlite3.DatabaseError) as exc:
            self._db = self._open_read_only(exc)
        self._lock = threading.RLock()
        self._migrate()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(str(self.path), isolation_level=None, check_same_thread=False, timeout=30)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("PRAGMA foreign_keys=ON")
        return db

    def _open_read_only(self, exc: BaseException) -> sqlite3.Connection:
        """A knowledge base on a read-only volume is searched as it is: WAL mode cannot make its
        -shm file there, and nothing can change the file, so it is opened immutable. One that
        only this user may not write (another user's) is refused, not opened immutable: its
        owner may add documents while it is open, and they would never show."""
        folder = self.path.parent
        if self.path.is_file() and _read_only_volume(self.path):
            for flags in ("mode=ro", "immutable=1"):
                try:
                    db = sqlite3.connect(f"{self.path.resolve().as_uri()}?{flags}", uri=True,
                                         isolation_level=None, check_same_thread=False, timeout=30)
                    db.execute("SELECT count(*) FROM sqlite_master").fetchone()
                except sqlite3.DatabaseError:
                    continue
                self.read_only = True
                return db
        if self.path.is_file() and not (os.access(folder, os.W_OK) and os.access(self.path, os.W_OK)):
            raise StoreError(f"Cannot open the knowledge base at {self.path}: this user may not write "
                             f"it or its folder ({exc}), and SQLite writes beside it even to read. Give "
                             "this user write access to the folder, or serve it from a read-only volume.") from exc
        if isinstance(exc, OSError) or "unable to open" in str(exc):
            raise StoreError(f"Cannot open the knowledge base at {self.path}: {exc}. Check the "
                             "path and that its folder can be read (and written, to add documents).") from exc
        if "locked" in str(exc):
            raise StoreError(f"The knowledge base at {self.path} is busy: another process holds it "
                             f"({exc}). Try again when it is done.") from exc
        raise StoreError(f"Cannot open the knowledge base at {self.path}: {exc}. "
                         "Move the damaged file away and re-ingest.") from exc

    def close(self) -> None:
        self._db.close()

    def _begin(self) -> None:
        self._db.execute("BEGIN IMMEDIATE")  # writers queue on the file's lock, never deadlock

    def _migration_error(self, name: str, exc: BaseException) -> StoreError:
        return StoreError(
            f"{self.path} needs a schema upgrade ({name}) from an earlier release, but it cannot "
            f"be written ({exc}). Open it once with write access (any luodi command on it does "
            "the upgrade); after that it can be read-only again."
        )

    def tables(self) -> list[str]:
        return [r[0] for r in self._q("SELECT name FROM sqlite_master WHERE type='table' "
                                      "AND name NOT LIKE 'sqlite_%' ORDER BY name")]

    def integrity_ok(self) -> bool:
        return self._q("PRAGMA integrity_check")[0][0] == "ok"


def _read_only_volume(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except OSError:
        return False
