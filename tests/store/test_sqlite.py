import sqlite3

import pytest

from luodi.errors import StoreError
from luodi.retrieve import Retriever
from luodi.store import sqlite as sqlite_mod
from luodi.store.sqlite import SQLiteStore


def test_a_kb_its_reader_cannot_write_is_searched_read_only(tmp_path, add, monkeypatch):
    store = SQLiteStore(tmp_path / "kb.db")
    add(store, "rules.md", ["第二条 仓库温度应当保持在5摄氏度至25摄氏度之间。"])
    store.close()

    def refused(self):  # what a read-only volume gives: WAL mode cannot make its -shm file
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(SQLiteStore, "_open", refused)
    monkeypatch.setattr(sqlite_mod, "_read_only_volume", lambda path: True)
    ro = SQLiteStore(tmp_path / "kb.db")
    assert ro.read_only
    assert Retriever(ro, None, mode="keyword").search("仓库温度", k=1)[0].document == "rules.md"
    with pytest.raises(StoreError, match="opened read-only .*searching works"):
        add(ro, "more.md", ["第三条 另一条。"])
    ro.close()


def test_a_damaged_file_is_called_damaged(tmp_path):
    (tmp_path / "kb.db").write_bytes(b"not a database at all" * 100)
    with pytest.raises(StoreError, match="Move the damaged file away"):
        SQLiteStore(tmp_path / "kb.db")


def test_a_folder_that_cannot_be_made_is_not_called_damage(tmp_path):
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreError, match="Check the path") as err:
        SQLiteStore(tmp_path / "file" / "kb.db")
    assert "damaged" not in str(err.value)


def _refusing(monkeypatch, message):
    def refused(self):
        raise sqlite3.OperationalError(message)

    monkeypatch.setattr(SQLiteStore, "_open", refused)


def test_another_users_kb_is_refused_not_opened_frozen(tmp_path, add, monkeypatch):
    # opened immutable, it would never show the documents its owner adds while it is open
    SQLiteStore(tmp_path / "kb.db").close()
    _refusing(monkeypatch, "attempt to write a readonly database")
    monkeypatch.setattr(sqlite_mod.os, "access", lambda path, mode: False)
    with pytest.raises(StoreError, match="this user may not write it .*Give this user write access"):
        SQLiteStore(tmp_path / "kb.db")


def test_a_busy_kb_is_called_busy_not_read_only(tmp_path, monkeypatch):
    SQLiteStore(tmp_path / "kb.db").close()
    _refusing(monkeypatch, "database is locked")
    with pytest.raises(StoreError, match="is busy: another process holds it"):
        SQLiteStore(tmp_path / "kb.db")
