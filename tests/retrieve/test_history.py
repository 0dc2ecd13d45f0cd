"""Searching the past: with `as_of`, a document not yet in effect that day is searched in the
version that was (luodi/retrieve/history.py); without it, current versions only."""

from __future__ import annotations

import pytest

from luodi.errors import InputError
from luodi.index.dense import HashEmbedder
from luodi.retrieve import Retriever
from luodi.retrieve.history import in_force

OLD = "第五条 每件快件最多派送3次，仍无法投递的退回寄件人。"
NEW = "第五条 每件快件最多派送2次，仍无法投递的转入驿站保管7日。"


@pytest.fixture
def emb():
    return HashEmbedder()


@pytest.fixture
def kb(store, add, emb):
    add(store, "rules.md", [OLD], embedder=emb, effective="2025-01-01")
    add(store, "rules.md", [NEW], embedder=emb, effective="2027-01-01")  # supersedes the first
    add(store, "faq.md", ["派送失败时快递员会短信通知收件人。"], embedder=emb)  # no date: always
    return store


def texts(hits):
    return [(h.document, h.text, h.superseded) for h in hits]


def rules(r, **kw):
    """The text of the rules.md hit among the top three, or None."""
    return next((h.text for h in r.search("快件最多派送几次", k=3, **kw) if h.document == "rules.md"), None)


@pytest.mark.parametrize("mode", ["keyword", "dense", "hybrid"])
def test_a_day_finds_the_version_then_in_force(kb, emb, mode):
    r = Retriever(kb, emb, mode=mode)
    assert ("rules.md", NEW, False) in texts(r.search("快件最多派送几次", k=2))
    past = texts(r.search("快件最多派送几次", k=2, as_of="2026-06-01"))
    assert ("rules.md", OLD, True) in past and ("rules.md", NEW, False) not in past
    assert ("rules.md", NEW, False) in texts(r.search("快件最多派送几次", k=2, as_of="2027-01-01"))
    before = texts(r.search("快件最多派送几次", k=2, as_of="2024-12-31"))
    assert [d for d, _, _ in before] == ["faq.md"]  # neither version was in force yet


def test_later_updates_are_seen_and_the_current_index_is_untouched(kb, emb, add):
    r = Retriever(kb, emb)
    assert rules(r, as_of="2026-06-01") == OLD
    add(kb, "extra.md", ["快件派送前请核对收件人地址。"] * 3, embedder=emb)  # grows the matrix
    current = r.refresh()
    for _ in range(2):  # the second time from the kept view
        assert rules(r, as_of="2026-06-01") == OLD
    assert r.refresh() is current and not current.past
    assert len(r._past) == 1  # the view of the generation before the update was dropped
    assert rules(r) == NEW
    add(kb, "rules.md", ["第五条 每件快件最多派送4次。"], embedder=emb, effective="2026-03-01")
    assert rules(r, as_of="2026-06-01") == "第五条 每件快件最多派送4次。"


def test_a_bad_day_is_a_clear_error(kb, emb):
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        Retriever(kb, emb).search("派送", as_of="next tuesday")
    assert rules(Retriever(kb, emb), as_of="2026/6/1") == OLD


def test_in_force_picks_the_newest_version_in_effect():
    versions = [{"id": 1, "effective_date": None}, {"id": 2, "effective_date": "2026-01-01"},
                {"id": 3, "effective_date": "2028-01-01"}]
    assert in_force(versions, "2025-01-01")["id"] == 1
    assert in_force(versions, "2026-01-01")["id"] == 2
    assert in_force(versions, "2030-01-01")["id"] == 3
    assert in_force(versions[1:], "2025-01-01") is None
