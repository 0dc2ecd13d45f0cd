"""Copying a knowledge base between stores (SQLite <-> PostgreSQL): every row, ids kept."""

from __future__ import annotations

import pytest

from luodi.errors import InputError
from luodi.store import copy as copy_mod
from luodi.store.base import UsageRow, open_store
from tests.store.test_contract import _version

AT = "2026-03-01T00:00:00"


def _fill(st) -> None:
    doc_id, _ = st.save_version(_version(vault=[("[手机号#1]", "mobile", "x")], tokenizer="t1"))
    st.save_version(_version(text="第一条 丙。\n第二条 丁。\n第三条 戊。", file_hash="f2", tokenizer="t1"))
    st.save_version(_version(uri="b.md", file_hash="f3", collection="c2", effective="2026-01-01"))
    st.set_tokens({st.chunk_ids()[0]: ["新", "词"]}, "t2")
    st.log_ingest("a.md", "ingest", "added", "3 chunks")
    st.record_usage(UsageRow(at=AT, purpose="answer", model="m", tokens_in=5, cost_li=1.5, user_id="u"))
    st.cache_put("k1", "default", "问题", '{"answer": "甲"}', [doc_id])
    sid = st.memory_session("default", "u", "s1", AT)
    turn = st.memory_add_turn(sid, "default", "u", "user", "我负责西城区", AT, title="我负责西城区")
    st.memory_add_fact("default", "u", "area", "西城区", AT, source_turn=turn, session_id=sid)
    st.memory_add_fact("default", "u", "area", "东城区", AT)
    st.toolset_enable("courier-demo", {"x": 1})
    st.tool_call_add({"id": "tc_1", "name": "notify", "arguments": {"a": 1}, "status": "pending",
                      "idempotency_key": "default:tc_1"})
    st.audit_append({"event": "proposed", "name": "notify", "call_id": "tc_1"})


def _dump(st) -> dict[str, list]:
    return {t: [rows for _, rows in copy_mod.pages(st, t, 10**6)] for t in copy_mod.TABLES}


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(copy_mod, "BATCH", 2)  # pages of two rows: composite keys page too


def test_sqlite_to_postgresql_and_back_keeps_every_row(tmp_path, pg_url, small_pages):
    src = open_store(f"sqlite:///{tmp_path / 'a.db'}")
    dst = open_store(pg_url)
    back = open_store(f"sqlite:///{tmp_path / 'b.db'}")
    try:
        _fill(src)
        seen = []
        counts = copy_mod.copy_store(src, dst, lambda t, done, total: seen.append((t, done, total)))
        assert counts["chunks"] == 7 and counts["chunk_vectors"] == 7 and counts["mem_facts"] == 2
        assert ("chunks", 7, 7) in seen and ("chunks", 2, 7) in seen
        assert _dump(dst) == _dump(src) and dst.generation() == src.generation()
        assert [c.tokens for c in dst.current_chunks()] == [c.tokens for c in src.current_chunks()]
        copy_mod.copy_store(dst, back)
        assert _dump(back) == _dump(src)
        with pytest.raises(Exception, match="append-only"):  # before any tool call on the copy
            back._q("DELETE FROM tool_audit")
        # the copy goes on living: new rows get new ids, the audit log is still append-only
        doc_id, _ = dst.save_version(_version(uri="c.md", file_hash="f9"))
        assert doc_id == max(d.id for d in src.documents()) + 1
        assert dst.audit_append({"event": "confirmed", "name": "notify", "call_id": "tc_1"}) == 2
        with pytest.raises(Exception, match="append-only"):
            dst._q("DELETE FROM tool_audit")
        assert back.save_version(_version(uri="c.md", file_hash="f9"))[0] == doc_id  # SQLite too
    finally:
        for st in (src, dst, back):
            st.close()


def test_copy_refuses_a_store_that_holds_data(tmp_path, store_url):
    src = open_store(f"sqlite:///{tmp_path / 'src.db'}")
    dst = open_store(store_url)
    try:
        _fill(src)
        dst.record_usage(UsageRow(at=AT, purpose="answer", model="m"))
        with pytest.raises(InputError, match="already holds data \\(ledger\\)"):
            copy_mod.copy_store(src, dst)
        assert dst.documents() == []
    finally:
        src.close()
        dst.close()


def test_every_table_is_copied():
    """A migration that adds a table must add it to the copy too."""
    from luodi.store.migrations import all_migrations, render

    made = {line.split()[2] for _, sql in all_migrations()
            for line in render(sql, "sqlite").splitlines() if line.startswith("CREATE TABLE")}
    assert made == set(copy_mod.TABLES)
