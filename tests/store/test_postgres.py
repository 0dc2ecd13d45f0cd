"""What only the PostgreSQL backend does: its SQL spelling, its messages, its collation.
Everything else it shares with SQLite is in test_contract.py (run against a real server)."""

from __future__ import annotations

import pytest

from luodi.errors import StoreError
from luodi.store.base import open_store
from luodi.store.migrations import MIGRATIONS, render
from luodi.store.postgres import redact, translate


def test_placeholders_like_and_new_ids_are_translated():
    sql, returning = translate("INSERT INTO chunks (text) VALUES (?)")
    assert sql == "INSERT INTO chunks (text) VALUES (%s) RETURNING id" and returning
    sql, returning = translate("INSERT INTO toolsets (name) VALUES (?)")  # a text key: no id
    assert sql == "INSERT INTO toolsets (name) VALUES (%s)" and not returning
    sql, _ = translate("DELETE FROM answer_cache WHERE document_ids LIKE ? AND note='5%'")
    assert sql == "DELETE FROM answer_cache WHERE document_ids ILIKE %s ESCAPE '' AND note='5%%'"


def test_text_columns_compare_by_code_point():
    sql = render(MIGRATIONS[0][1], "postgresql")
    assert 'uri TEXT COLLATE "C" NOT NULL' in sql and "BIGSERIAL" in sql
    assert "COLLATE" not in render(MIGRATIONS[0][1], "sqlite")


def test_password_never_shown():
    assert redact("postgresql://kb:s3cret@db.internal:5433/luodi") == "postgresql://kb:***@db.internal:5433/luodi"
    assert redact("postgresql://kb@db/luodi") == "postgresql://kb@db/luodi"


def test_unreachable_server_says_what_to_check(tmp_path):
    with pytest.raises(StoreError) as err:
        open_store(f"postgresql://kb:s3cret@/luodi?host={tmp_path}&connect_timeout=2")
    text = str(err.value)
    assert "LUODI_STORE" in text and "s3cret" not in text and "kb:***@" in text


def test_case_and_backslash_in_like_match_as_in_sqlite(any_store):
    """Forgetting a value masks it in stored turns whatever its case, backslashes included."""
    sid = any_store.memory_session("default", "u", "s", "2026-03-01T00:00:00")
    any_store.memory_add_turn(sid, "default", "u", "user", r"my code is ABC\d-9", "2026-03-01T00:00:00")
    any_store.memory_add_fact("default", "u", "code", r"abc\d-9", "2026-03-01T00:00:00")
    assert any_store.memory_forget("default", "u", keys=["code"])["turns_masked"] == 1
    assert any_store.memory_turns(sid)[0]["content"] == "my code is [forgotten]"


def test_a_lost_connection_is_opened_again(pg_url):
    import psycopg

    from tests.store.test_contract import _version

    st = open_store(pg_url)
    try:
        st.save_version(_version())
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (st._conn.info.backend_pid,))
        assert [d.uri for d in st.documents()] == ["a.md"]  # the read is retried once
        with psycopg.connect(pg_url, autocommit=True) as admin:
            admin.execute("SELECT pg_terminate_backend(%s)", (st._conn.info.backend_pid,))
        with pytest.raises(StoreError, match="Lost the connection.*not kept"):
            st.save_version(_version(file_hash="f2", text="第一条 丙。"))  # noticed in flight
        st.save_version(_version(file_hash="f2", text="第一条 丙。"))  # the next write reconnects
        assert len(st.versions(st.documents()[0].id)) == 2
    finally:
        st.close()


def test_a_nul_that_reaches_the_store_is_kept_as_a_replacement_character(pg_url):
    st = open_store(pg_url)
    try:
        sid = st.memory_session("default", "u", "s\x00", "2026-03-01T00:00:00")
        st.memory_add_turn(sid, "default", "u", "user", "甲\x00乙", "2026-03-01T00:00:00")
        assert st.memory_turns(sid)[0]["content"] == "甲\ufffd乙"
        assert st.memory_sessions("default", "u")[0]["session"] == "s\ufffd"
    finally:
        st.close()


def test_a_write_the_server_refuses_is_a_store_error_and_undone(pg_url):
    """A key too long for a btree index (SQLite has no such limit): the version is not written,
    the error is the package's own (an ingest batch records the file as failed and goes on)."""
    import random

    from tests.store.test_contract import _version

    st = open_store(pg_url)
    try:
        rng = random.Random(0)  # random characters: a repeated one compresses under the limit
        uri = "".join(chr(rng.randint(0x4E00, 0x9FFF)) for _ in range(1200))
        with pytest.raises(StoreError, match="failed and was undone .*ProgramLimitExceeded"):
            st.save_version(_version(uri=uri))
        assert st.documents() == [] and st.current_chunks() == []
        st.save_version(_version())  # the store goes on
        assert len(st.documents()) == 1
    finally:
        st.close()
