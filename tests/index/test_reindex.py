"""Stored keyword tokens follow the tokenizer: chunks whose tokens an older release made are
re-tokenized, chunk by chunk, before the knowledge base is searched or written to."""

from __future__ import annotations

import sqlite3
import threading

import pytest

from luodi.config import Settings
from luodi.errors import StoreError
from luodi.index import reindex
from luodi.index.reindex import ensure_tokens, reindex_tokens
from luodi.index.tokenize import TOKENIZER_VERSION, index_text, tokenize
from luodi.ingest import Ingestor
from luodi.retrieve import Retriever
from luodi.store import connection as store_connection
from luodi.store import sql as sql_store
from luodi.store.sqlite import SQLiteStore

RULE = "第二十一条之一 夜间派送自2026年3月1日起执行。"


def _age(store, ids=None, version=None):
    """Make chunks look as an older release left them: other tokens, another version."""
    with store.transaction() as db:
        for cid in ids or store.chunk_ids():
            db.execute("UPDATE chunks SET tokens = '第21条 之一', tokenizer = ? WHERE id = ?",
                       (version, cid))
        store._bump(db)  # as any write does: live indexes look again


@pytest.fixture
def old_kb(tmp_path, add):
    """A knowledge base as an older release left it: its own tokens, no version recorded."""
    store = SQLiteStore(tmp_path / "kb.db")
    add(store, "rules.md", [RULE, "第二十二条 保价快件丢失按声明价值赔偿。"])
    add(store, "rules.md", [RULE.replace("夜间", "晚间"), "第二十二条 保价快件丢失按声明价值赔偿。"])
    _age(store)
    yield store
    store.close()


def _current(store, cid):
    chunk = store.chunks([cid])[0]
    return chunk.tokens == tokenize(index_text(chunk))


def test_stale_tokens_are_rewritten_once_superseded_versions_too(old_kb):
    calls = []
    assert len(ensure_tokens(old_kb, lambda done, total: calls.append((done, total)))) == 4
    assert calls[-1] == (4, 4)
    assert all(_current(old_kb, cid) for cid in old_kb.chunk_ids())
    assert "第21条之1" in old_kb.chunks(old_kb.chunk_ids()[:1])[0].tokens
    assert old_kb.stale_token_ids(TOKENIZER_VERSION) == []
    gen = old_kb.generation()
    assert ensure_tokens(old_kb) == [] and old_kb.generation() == gen


def test_only_the_chunks_an_older_release_wrote_are_rewritten(old_kb):
    ensure_tokens(old_kb)
    # During an upgrade the older release goes on ingesting: its chunks carry an older version
    # (or none, from a release that kept versions per store) and are caught on the next open.
    first, *rest = old_kb.chunk_ids()
    _age(old_kb, [first], version="2000-01-01")
    assert ensure_tokens(old_kb) == [first] and _current(old_kb, first)


def test_a_newer_releases_tokens_are_left_alone(old_kb):
    _age(old_kb, version="9999-12-31")
    assert ensure_tokens(old_kb) == []
    assert old_kb.chunks(old_kb.chunk_ids()[:1])[0].tokens == ["第21条", "之一"]
    assert reindex_tokens(old_kb) == 0  # not even forced (luodi docs reindex)
    assert old_kb.chunks(old_kb.chunk_ids()[:1])[0].tokens == ["第21条", "之一"]


def test_a_forced_run_rewrites_current_tokens(old_kb):
    ensure_tokens(old_kb)
    with old_kb.transaction() as db:
        db.execute("UPDATE chunks SET tokens = 'x'")
    assert reindex_tokens(old_kb) == 4 and all(_current(old_kb, c) for c in old_kb.chunk_ids())


def test_an_interrupted_run_resumes_where_it_stopped(old_kb, monkeypatch):
    monkeypatch.setattr(reindex, "BATCH", 1)

    def fail(done, total):
        if done == 3:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        ensure_tokens(old_kb, fail)
    assert len(ensure_tokens(old_kb)) == 1


@pytest.fixture
def earlier_release(monkeypatch):
    """Stores opened inside this context are made without migration 0004, as the release
    before per-chunk versions made them."""
    earlier = [m for m in store_connection.all_migrations() if m[0] != "0004_chunk_tokenizer"]
    monkeypatch.setattr(store_connection, "all_migrations", lambda: earlier)
    return monkeypatch


def _earlier_store(path, add, recorded):
    store = SQLiteStore(path)
    with store.transaction() as db:
        db.execute("ALTER TABLE chunks ADD COLUMN tokenizer TEXT")  # what `add` writes to
    add(store, "rules.md", [RULE])
    with store.transaction() as db:
        db.execute("ALTER TABLE chunks DROP COLUMN tokenizer")
        db.execute("DELETE FROM kb_state WHERE key = 'tokenizer'")
        if recorded:
            db.execute("INSERT INTO kb_state VALUES ('tokenizer', ?)", (recorded,))
    store.close()


def test_an_upgraded_store_keeps_the_version_its_release_recorded(tmp_path, add, earlier_release):
    """Stores of the release that recorded one version per store (kb_state 'tokenizer') gain
    the per-chunk column with that version: current tokens are not rewritten again."""
    _earlier_store(tmp_path / "marked.db", add, TOKENIZER_VERSION)
    _earlier_store(tmp_path / "unmarked.db", add, None)
    earlier_release.undo()
    for name, stale in (("marked", 0), ("unmarked", 1)):
        store = SQLiteStore(tmp_path / f"{name}.db")
        assert len(store.stale_token_ids(TOKENIZER_VERSION)) == stale
        store.close()


def test_a_read_only_store_that_needs_the_upgrade_says_how(tmp_path, add, earlier_release):
    _earlier_store(tmp_path / "kb.db", add, None)
    earlier_release.undo()
    connect = sqlite3.connect
    earlier_release.setattr(sqlite3, "connect", lambda path, **kw: connect(
        f"file:{path}?mode=ro", uri=True, **kw))
    with pytest.raises(StoreError, match="needs a schema upgrade .*Open it once with write access"):
        SQLiteStore(tmp_path / "kb.db")


def test_the_release_before_per_chunk_versions_finds_a_version_it_leaves_alone(tmp_path, old_kb):
    """It reads only kb_state 'tokenizer' and re-tokenizes everything when that is older than
    its own or missing; then the chunks would carry a version their tokens lack."""
    def recorded(store):
        return store._q("SELECT value FROM kb_state WHERE key = 'tokenizer'")[0][0]

    ensure_tokens(old_kb)
    assert recorded(old_kb) == TOKENIZER_VERSION
    fresh = SQLiteStore(tmp_path / "fresh.db")
    (tmp_path / "rules.md").write_text(RULE, encoding="utf-8")
    Ingestor(fresh, Settings(kb=tmp_path)).ingest([tmp_path / "rules.md"])
    assert recorded(fresh) == TOKENIZER_VERSION
    fresh.set_tokens({fresh.chunk_ids()[0]: ["x"]}, "2000-01-01")  # an older writer: no effect
    assert recorded(fresh) == TOKENIZER_VERSION and fresh.chunks(fresh.chunk_ids())[0].tokens != ["x"]
    fresh.close()


def test_search_on_an_old_kb_meets_new_tokens(old_kb):
    hits = Retriever(old_kb, None, mode="keyword").search("第21条之1", k=1)
    assert hits and hits[0].text.startswith("第二十一条之一 晚间")
    assert old_kb.stale_token_ids(TOKENIZER_VERSION) == []


def test_a_live_retriever_rebuilds_when_another_release_rewrites_tokens(old_kb):
    r = Retriever(old_kb, None, mode="keyword")
    assert r.search("保价", k=1)
    # A newer release re-tokenizes the store under its own version while this one is running.
    target = min(old_kb.current_chunk_ids())  # the rule, not the 保价 one
    old_kb.set_tokens({cid: ["保价"] if cid == target else ["别的"] for cid in old_kb.chunk_ids()},
                      "9999-12-31")
    assert r.search("保价", k=1)[0].chunk_id == target  # its new tokens, not the stale index


def test_chunks_an_older_release_adds_beside_a_live_index_need_no_rebuild(old_kb, add):
    ensure_tokens(old_kb)
    r = Retriever(old_kb, None, mode="keyword")
    lineage = r.refresh().lineage
    add(old_kb, "notice.md", ["第三十条之一 节假日照常派送。"])
    _age(old_kb, [max(old_kb.chunk_ids())])  # written by an older release
    hits = r.search("第30条之1", k=1)
    assert hits and hits[0].text.startswith("第三十条之一") and r.refresh().lineage == lineage
    _age(old_kb, [min(old_kb.current_chunk_ids())])  # one the index holds: rebuilt
    assert r.search("第21条之1", k=1)[0].text.startswith("第二十一条之一")
    assert r.refresh().lineage == lineage + 1


def test_ingest_into_an_old_kb_rewrites_its_tokens_first(old_kb, tmp_path):
    Ingestor(old_kb, Settings(kb=tmp_path))
    assert old_kb.stale_token_ids(TOKENIZER_VERSION) == []


def test_ingested_chunks_carry_the_version(tmp_path):
    (tmp_path / "rules.md").write_text(RULE, encoding="utf-8")
    store = SQLiteStore(tmp_path / "kb.db")
    Ingestor(store, Settings(kb=tmp_path)).ingest([tmp_path / "rules.md"])
    assert store.chunk_ids() and store.stale_token_ids(TOKENIZER_VERSION) == []
    store.close()


def test_a_store_that_cannot_be_written_is_searched_with_its_stored_tokens(old_kb, caplog):
    old_kb._db.execute("PRAGMA query_only = ON")  # as a read-only file or a busy writer would
    with pytest.raises(StoreError, match="luodi docs reindex"):
        ensure_tokens(old_kb)
    hits = Retriever(old_kb, None, mode="keyword").search("第21条", k=1)
    assert hits and "searching with the stored tokens" in caplog.text
    old_kb._db.execute("PRAGMA query_only = OFF")
    assert len(ensure_tokens(old_kb)) == 4


def test_threads_of_one_process_re_tokenize_once(old_kb, monkeypatch):
    calls = []
    real = reindex.reindex_tokens
    monkeypatch.setattr(reindex, "reindex_tokens", lambda *a: calls.append(len(a[2])) or real(*a))
    threads = [threading.Thread(target=ensure_tokens, args=(old_kb,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sum(calls) == 4 and old_kb.stale_token_ids(TOKENIZER_VERSION) == []


def test_the_staleness_check_reads_an_index_not_the_table(old_kb):
    """It runs before every refresh, so it must not scan every chunk's text."""
    plan = old_kb._q("EXPLAIN QUERY PLAN " + sql_store._STALE_TOKENS, ["x"])
    assert any("chunks_tokenizer" in row[-1] for row in plan), plan


def test_the_version_keeps_a_format_that_sorts_as_text():
    # The store finds stale chunks with `tokenizer < ?` in SQL: "2026-11-30.10" sorts before
    # "2026-11-30.9", so chunks tokenized by .9 would never be redone. A tenth change in one day
    # needs a new scheme.
    import re

    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}(\.[2-9])?", TOKENIZER_VERSION), TOKENIZER_VERSION


LIST_RULE = "第四十条 有下列行为之一的，处1万元以下的罚款：\n（一）网点未备案；\n（二）停业未公告。"


def _rows(store, emb, cid):
    from luodi.index.dense import from_bytes

    return len(from_bytes(dict(store.vectors(emb.name, [cid]))[cid], emb.dim))


def test_vectors_embedded_again_take_this_releases_parts_and_reach_a_live_index(tmp_path, add):
    from luodi.index.dense import HashEmbedder, to_bytes
    from luodi.index.reindex import reembed_vectors

    emb = HashEmbedder()
    store = SQLiteStore(tmp_path / "kb.db")
    add(store, "rules.md", [LIST_RULE], embedder=emb)
    cid = store.chunk_ids()[0]
    fresh = _rows(store, emb, cid)  # whole, 3 clauses, 2 items after their lead-in
    r = Retriever(store, emb, mode="dense")
    r.search("罚款", k=1)
    # as an older release embedded it: the whole text only
    store.put_vectors(emb.name, {cid: to_bytes(emb.embed_passages([index_text(store.chunks([cid])[0])]))})
    assert _rows(store, emb, cid) == 1
    assert reembed_vectors(store, emb) == 1 and _rows(store, emb, cid) == fresh == 6
    reindex_tokens(store)  # as `luodi docs reindex --vectors` does next: live indexes rebuild
    snap = r.refresh()
    assert snap.vectors.count[snap.slot_of[cid]] == fresh
    store.close()
