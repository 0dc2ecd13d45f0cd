"""Stored keyword tokens follow the tokenizer: a knowledge base made by an older release is
re-tokenized once, before it is searched or written to."""

from __future__ import annotations

import threading

import pytest

from luodi.config import Settings
from luodi.errors import StoreError
from luodi.index import reindex
from luodi.index.reindex import ensure_tokens, reindex_tokens, tokens_stale
from luodi.index.tokenize import TOKENIZER_VERSION, index_text, tokenize
from luodi.ingest import Ingestor
from luodi.retrieve import Retriever
from luodi.store.sqlite import SQLiteStore

RULE = "第二十一条之一 夜间派送自2026年3月1日起执行。"


@pytest.fixture
def old_kb(tmp_path, add):
    """A knowledge base as an older release left it: its own tokens, no version recorded."""
    store = SQLiteStore(tmp_path / "kb.db")
    add(store, "rules.md", [RULE, "第二十二条 保价快件丢失按声明价值赔偿。"])
    add(store, "rules.md", [RULE.replace("夜间", "晚间"), "第二十二条 保价快件丢失按声明价值赔偿。"])
    store.set_tokens({cid: ["第21条", "之一"] for cid in store.chunk_ids()})
    assert store.tokens_version() is None
    yield store
    store.close()


def test_stale_tokens_are_rewritten_once_superseded_versions_too(old_kb):
    assert tokens_stale(old_kb)
    calls = []
    assert ensure_tokens(old_kb, lambda done, total: calls.append((done, total))) == 4
    assert calls[-1] == (4, 4)
    for chunk in old_kb.chunks(old_kb.chunk_ids()):
        assert chunk.tokens == tokenize(index_text(chunk))
    assert "第21条之1" in old_kb.chunks(old_kb.chunk_ids()[:1])[0].tokens
    assert old_kb.tokens_version() == TOKENIZER_VERSION and not tokens_stale(old_kb)
    gen = old_kb.generation()
    assert ensure_tokens(old_kb) == 0 and old_kb.generation() == gen


def test_a_newer_releases_tokens_are_left_alone(old_kb):
    old_kb.set_tokens({}, version="9999-12-31")
    assert not tokens_stale(old_kb) and ensure_tokens(old_kb) == 0
    assert old_kb.chunks(old_kb.chunk_ids()[:1])[0].tokens == ["第21条", "之一"]
    assert reindex_tokens(old_kb) == 4  # forced (luodi docs reindex)
    assert old_kb.tokens_version() == TOKENIZER_VERSION


def test_an_interrupted_run_records_no_version(old_kb, monkeypatch):
    monkeypatch.setattr(reindex, "BATCH", 1)

    def fail(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        reindex_tokens(old_kb, fail)
    assert old_kb.tokens_version() is None  # the next open starts again
    assert ensure_tokens(old_kb) == 4


def test_search_on_an_old_kb_meets_new_tokens(old_kb):
    hits = Retriever(old_kb, None, mode="keyword").search("第21条之1", k=1)
    assert hits and hits[0].text.startswith("第二十一条之一 晚间")
    assert old_kb.tokens_version() == TOKENIZER_VERSION


def test_a_live_retriever_rebuilds_when_another_release_rewrites_tokens(old_kb):
    r = Retriever(old_kb, None, mode="keyword")
    assert r.search("保价", k=1)
    # A newer release re-tokenizes the store under its own version while this one is running.
    target = min(old_kb.current_chunk_ids())  # the rule, not the 保价 one
    old_kb.set_tokens({cid: ["保价"] if cid == target else ["别的"] for cid in old_kb.chunk_ids()},
                      version="9999-12-31")
    assert r.search("保价", k=1)[0].chunk_id == target  # its new tokens, not the stale index


def test_ingest_into_an_old_kb_rewrites_its_tokens_first(old_kb, tmp_path):
    Ingestor(old_kb, Settings(kb=tmp_path))
    assert old_kb.tokens_version() == TOKENIZER_VERSION


def test_a_store_that_cannot_be_written_is_searched_with_its_stored_tokens(old_kb, caplog):
    old_kb._db.execute("PRAGMA query_only = ON")  # as a read-only file or a busy writer would
    with pytest.raises(StoreError, match="luodi docs reindex"):
        ensure_tokens(old_kb)
    hits = Retriever(old_kb, None, mode="keyword").search("第21条", k=1)
    assert hits and "searching with the stored tokens" in caplog.text
    old_kb._db.execute("PRAGMA query_only = OFF")
    assert ensure_tokens(old_kb) == 4


def test_threads_of_one_process_re_tokenize_once(old_kb, monkeypatch):
    calls = []
    real = reindex.reindex_tokens
    monkeypatch.setattr(reindex, "reindex_tokens", lambda *a: calls.append(1) or real(*a))
    threads = [threading.Thread(target=ensure_tokens, args=(old_kb,)) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(calls) == 1 and not tokens_stale(old_kb)


def test_an_empty_store_is_only_marked(tmp_path):
    store = SQLiteStore(tmp_path / "kb.db")
    assert ensure_tokens(store) == 0 and store.tokens_version() == TOKENIZER_VERSION
    store.close()
