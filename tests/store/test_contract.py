"""One contract suite for every store backend: each backend fixture must pass all of it."""

from __future__ import annotations

import threading

import numpy as np
import pytest

from luodi.errors import NotFoundError
from luodi.store.base import NewVersion, UsageRow, open_store
from luodi.types import Chunk, SourceInfo


@pytest.fixture
def st(any_store):
    return any_store


def _version(uri="a.md", text="第一条 甲。\n第二条 乙。", file_hash="f1", sig=b"s" * 8, **kw):
    chunks = [
        Chunk(text=line, section=f"第{i + 1}条", start=0, end=len(line), ordinal=i, tokens=["t", str(i)])
        for i, line in enumerate(text.splitlines())
    ]
    vecs = {c.ordinal: np.full(4, c.ordinal + 1, dtype=np.float32).tobytes() for c in chunks}
    return NewVersion(
        source=SourceInfo(uri=uri, licence=kw.get("licence", "internal")), uri=uri,
        collection=kw.get("collection", "default"), title="T", format="md", text=text,
        content_hash="c-" + file_hash, file_hash=file_hash, effective_date=kw.get("effective"),
        chunks=chunks, vectors=vecs, vector_model="m", signature=sig,
        vault=kw.get("vault", []), tokenizer=kw.get("tokenizer"),
    )


def test_save_and_read_back(st):
    gen = st.generation()
    doc_id, vid = st.save_version(_version())
    assert st.generation() == gen + 1
    doc = st.document(doc_id)
    assert (doc.uri, doc.current_version, doc.chunks, doc.licence) == ("a.md", vid, 2, "internal")
    assert st.document("a.md").id == doc_id
    chunks = st.current_chunks()
    assert [c.section for c in chunks] == ["第1条", "第2条"]
    assert chunks[0].tokens == ["t", "0"] and chunks[0].document == "a.md"
    bare = st.chunks([c.id for c in chunks], tokens=False)  # a search's hits: text without tokens
    assert [(c.text, c.tokens) for c in bare] == [(c.text, []) for c in chunks]
    vecs = dict(st.vectors("m"))
    assert np.frombuffer(vecs[chunks[1].id], dtype=np.float32)[0] == 2.0
    assert st.version_file_hash(doc_id) == "f1"
    gen = st.generation()
    st.set_version_file_hash(doc_id, "f1-pipeline2")
    assert st.version_file_hash(doc_id) == "f1-pipeline2" and st.generation() == gen
    assert st.document(doc_id).current_version == vid
    assert st.integrity_ok()


def test_a_version_written_since_the_writer_read_is_not_written_again(st):
    # two ingests of one changed file at once: both read v1 as current, the second finds the same
    # file already current and writes nothing
    doc_id, v1 = st.save_version(_version())
    first, second = (_version(text="第一条 丙。", file_hash="f2") for _ in range(2))
    first.current = second.current = v1
    _, v2 = st.save_version(first)
    gen = st.generation()
    assert st.save_version(second) == (doc_id, v2) and second.skipped and not first.skipped
    assert [v["id"] for v in st.versions(doc_id)] == [v1, v2] and st.generation() == gen
    # the same text with another date or licence, or made over the current version, is written
    for changed in (dict(effective="2027-01-01"), dict(licence="cc-by")):
        again = _version(text="第一条 丙。", file_hash="f2", **changed)
        again.current = v1
        assert st.save_version(again)[1] > v2 and not again.skipped
    same = _version(text="第一条 丙。", file_hash="f2", licence="cc-by")
    same.current = st.document(doc_id).current_version
    assert st.save_version(same)[1] > same.current and not same.skipped


def test_new_version_replaces_old_atomically(st):
    doc_id, v1 = st.save_version(_version())
    old_ids = st.current_chunk_ids()
    _, v2 = st.save_version(_version(text="第一条 丙。", file_hash="f2"))
    assert st.document(doc_id).current_version == v2
    assert st.current_chunk_ids().isdisjoint(old_ids)
    versions = st.versions(doc_id)
    assert [v["id"] for v in versions] == [v1, v2] and versions[0]["superseded_by"] == v2
    assert [c.text for c in st.current_chunks()] == ["第一条 丙。"]
    # the superseded version keeps its chunks and vectors: searching the past reads them
    old = st.version_chunks(v1)
    assert [c.text for c in old] == ["第一条 甲。", "第二条 乙。"] and {c.id for c in old} == old_ids
    assert all(c.version_id == v1 and c.document == "a.md" for c in old)
    assert set(dict(st.vectors("m", [c.id for c in old]))) == old_ids


def test_a_version_that_continues_a_document_keeps_its_history_and_files(st):
    doc_id, v1 = st.save_version(_version())
    moved = _version(uri="b.md", text="第一条 丙。", file_hash="f2")
    moved.moves, moved.current = doc_id, v1
    doc2, v2 = st.save_version(moved)
    assert doc2 == doc_id and [v["id"] for v in st.versions(doc_id)] == [v1, v2]
    assert st.find_document("a.md") is None and st.document(doc_id).uri == "b.md"
    # each version's text is cited by the file it was read from
    assert {c.document for c in st.version_chunks(v1)} == {"a.md"}
    assert [c.document for c in st.current_chunks()] == ["b.md"]
    gone = _version(uri="c.md", file_hash="f3")
    gone.moves = doc_id + 99
    with pytest.raises(NotFoundError):
        st.save_version(gone)
    assert st.find_document("c.md") is None  # nothing of it written


def test_forget_purges_everything(st):
    doc_id, vid = st.save_version(_version(vault=[("[手机号#1]", "mobile", "x")]))
    st.cache_put("k", "default", "q", "{}", [doc_id])
    removed = st.forget(doc_id)
    assert removed["chunks"] == 2 and removed["vectors"] == 2 and removed["vault"] == 1
    assert removed["cache"] == 1 and removed["documents"] == 1
    assert st.current_chunks() == [] and list(st.vectors("m")) == [] and st.signatures() == []
    with pytest.raises(NotFoundError):
        st.document(doc_id)


def test_failed_transaction_leaves_nothing(st):
    st.save_version(_version())
    before = (st.generation(), st.current_chunk_ids())
    bad = _version(uri="b.md", file_hash="f9")
    bad.chunks.append(Chunk(text=None, section="", start=0, end=0, ordinal=9))  # NOT NULL violation
    with pytest.raises(Exception):  # noqa: B017 - each backend raises its own driver error
        st.save_version(bad)
    assert (st.generation(), st.current_chunk_ids()) == before
    assert st.find_document("b.md") is None


def test_cache_invalidation_by_document(st):
    a, _ = st.save_version(_version())
    b, _ = st.save_version(_version(uri="b.md", file_hash="fb"))
    st.cache_put("ka", "default", "qa", '{"a":1}', [a])
    st.cache_put("kb", "default", "qb", '{"b":1}', [b])
    st.cache_put("kn", "default", "qn", '{"n":1}', [])
    st.save_version(_version(text="第一条 新。", file_hash="f3"))  # updates a
    assert st.cache_get("ka") is None and st.cache_get("kn") is None
    assert st.cache_get("kb") == '{"b":1}'


def test_a_new_texts_vocabulary_drops_the_cached_answers_it_may_change(st):
    a, _ = st.save_version(_version())
    st.cache_put("half", "default", "q", '{"h":1}', [a], ["t", "冷库"])  # half its words are there
    st.cache_put("most", "default", "q", '{"m":1}', [a], ["t", "冷库", "温度"])
    st.cache_put("tr", "default", "q", '{"t":1}', [a], ["temperatur|温度|气温", "cold|冷"])  # in English
    st.cache_put("far", "default", "q", '{"f":1}', [a], ["冷库", "零下", "t"])
    st.cache_put("old", "default", "q", '{"o":1}', [a])  # no words kept: not checked
    assert st.cache_invalidate([], {"t", "温度"}) == 3
    assert [st.cache_get(k) for k in ("half", "most", "tr")] == [None] * 3
    assert st.cache_get("far") == '{"f":1}' and st.cache_get("old") == '{"o":1}'
    st.save_version(_version(uri="c.md", file_hash="fc"))  # a write alone checks only documents
    assert st.cache_get("far") == '{"f":1}'


def test_ledger_rows_round_trip(st):
    st.record_usage(UsageRow(at="2026-11-01T10:00:00", purpose="answer", model="m", tokens_in=10,
                             tokens_out=5, cost_li=1.5, user_id="u"))
    st.record_usage(UsageRow(at="2026-11-02T10:00:00", purpose="embed", model="e", tokens_in=3))
    rows = st.usage(since="2026-11-02")
    assert len(rows) == 1 and rows[0].model == "e"
    assert st.usage()[0].cost_li == 1.5 and st.usage()[0].user_id == "u"


def test_spending_is_summed_per_tenant_and_user(st):
    def row(at, cost, tenant="t1", user="u"):
        st.record_usage(UsageRow(at=at, purpose="answer", model="m", cost_li=cost, tenant=tenant,
                                 user_id=user))

    row("2026-10-31T23:59:59", 100.0)  # last month
    row("2026-11-01T00:00:00", 1.5)
    row("2026-11-20T09:00:00", 2.0)
    row("2026-11-20T10:00:00", 4.0, tenant="t2")  # same user, other tenant
    row("2026-11-20T11:00:00", 8.0, user="v")
    row("2026-11-20T12:00:00", 16.0, user=None)
    spent = st.usage_spent("t1", "u", "2026-11-01T00:00:00", "2026-11-20T00:00:00")
    assert spent == {"tenant_month": 27.5, "tenant_day": 26.0, "user_month": 7.5, "user_day": 6.0}
    assert st.usage_spent("t1", None, "2026-11-01", "2026-11-20")["user_month"] == 0.0
    assert st.usage_spent("t9", "nobody", "2026-11-01", "2026-11-20") == {
        "tenant_month": 0.0, "tenant_day": 0.0, "user_month": 0.0, "user_day": 0.0}


def test_tokens_are_replaced_with_their_version_chunk_by_chunk(st):
    _, v1 = st.save_version(_version())
    st.save_version(_version(text="第一条 丙。", file_hash="f2", tokenizer="2026-01-01"))
    ids = st.chunk_ids()
    assert len(ids) == 3 and ids == sorted(ids)  # the superseded version's chunks too
    assert st.stale_token_ids("2026-01-01") == ids[:2]  # no version recorded: stale
    assert st.stale_token_ids("2026-02-01") == ids and st.stale_token_ids("2025-12-31") == ids[:2]
    gen, epoch = st.generation(), st.tokens_epoch()
    assert st.set_tokens({}, "2026-02-01") == 0
    assert st.set_tokens({ids[2]: ["older"]}, "2025-12-31") == 0  # a newer tokenizer's: kept
    assert (st.generation(), st.tokens_epoch()) == (gen, epoch)  # nothing rewritten
    assert st.set_tokens({ids[0]: ["x", "第1条"], ids[2]: []}, "2026-02-01") == 2
    assert st.chunks([ids[0]])[0].tokens == ["x", "第1条"] and st.chunks([ids[2]])[0].tokens == []
    assert [c.tokens for c in st.version_chunks(v1)][1] == ["t", "1"]
    assert st.stale_token_ids("2026-02-01") == [ids[1]]
    assert (st.generation(), st.tokens_epoch()) == (gen + 1, epoch + 1)
    assert st.set_tokens({ids[2]: ["again"]}, "2026-02-01") == 1  # the same version: a forced run


def test_ingest_log_and_sources(st):
    st.save_version(_version())
    st.log_ingest("a.md", "ingest", "added", "2 chunks")
    assert st.ingest_log()[0]["status"] == "added"
    assert st.source("a.md").licence == "internal"
    assert st.source("zzz") is None


def test_reopen_keeps_data_and_schema(store_url):
    st = open_store(store_url)
    st.save_version(_version())
    st.close()
    st = open_store(store_url)
    assert len(st.documents()) == 1 and st.integrity_ok()
    st.close()


def test_two_connections_write_without_losing_or_doubling(store_url):
    """Two processes' stores on one knowledge base: read-then-insert steps never race."""
    stores = [open_store(store_url) for _ in range(2)]
    barrier = threading.Barrier(8)
    ids, errors = [], []

    def go(i):
        st = stores[i % 2]
        barrier.wait()
        try:
            ids.append(st.memory_session("default", "u", "shared", "2026-03-01T00:00:00"))
            st.save_version(_version(text=f"第一条 {i}。", file_hash=f"f{i}"))
        except Exception as exc:  # pragma: no cover - the assertion below shows it
            errors.append(exc)

    threads = [threading.Thread(target=go, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors and len(set(ids)) == 1
        [doc] = stores[0].documents()
        versions = stores[1].versions(doc.id)
        assert len(versions) == 8 and [v["superseded_by"] for v in versions[:-1]] == [
            v["id"] for v in versions[1:]]
        assert len(stores[1].current_chunks()) == 1
    finally:
        for st in stores:
            st.close()
