"""The answer cache: normalised keys, per-document invalidation, and hit latency."""

from __future__ import annotations

import time

import pytest

from luodi import cache
from luodi.store.base import NewVersion
from luodi.types import Chunk, SourceInfo

SETTINGS = {"mode": "llm", "model": "qwen2.5-coder-0.5b"}


@pytest.mark.parametrize(
    "a,b",
    [
        ("運費是多少？", "运费是多少"),
        ("运费 是多少?", "运费是多少。"),
        ("  What is the FEE?? ", "what is the fee"),
        ("Ｑ１：费用", "q1 费用"),
        ("9.11 和 9.8 哪个大", "9.11和9.8哪個大？"),
    ],
)
def test_same_question_same_key(a, b):
    assert cache.cache_key(a, "t", SETTINGS) == cache.cache_key(b, "t", SETTINGS)


@pytest.mark.parametrize(
    "a,b",
    [
        ("9.11 和 9.8 哪个大", "911 和 98 哪个大"),
        ("1,000元", "1.000元"),
        ("运费5%", "运费5"),
        ("what is the fee", "whatis the fee"),
    ],
)
def test_different_questions_differ(a, b):
    assert cache.normalise_question(a) != cache.normalise_question(b)


def test_tenant_and_settings_are_part_of_the_key():
    base = cache.cache_key("运费", "t1", SETTINGS)
    assert base != cache.cache_key("运费", "t2", SETTINGS)
    assert base != cache.cache_key("运费", "t1", {**SETTINGS, "model": "deepseek-chat"})
    assert base == cache.cache_key("运费", "t1", dict(reversed(SETTINGS.items())))


def add_doc(store, uri, text=None):
    text = text or f"text of {uri}"
    chunk = Chunk(text=text, section="", start=0, end=10, tokens=["text"])
    new = NewVersion(SourceInfo(uri), uri, "default", None, "txt", text, text, text, None, [chunk])
    return store.save_version(new)[0]


def test_put_get_and_invalidation_by_document(store):
    doc_a, doc_b = add_doc(store, "a.txt"), add_doc(store, "b.txt")
    answer = {"answer": "首重12元", "citations": [{"document": "a.txt"}]}
    cache.put(store, "运费多少？", "t", SETTINGS, answer, [doc_a])
    cache.put(store, "时效多久？", "t", SETTINGS, {"answer": "2天"}, [doc_b])
    cache.put(store, "你好", "t", SETTINGS, {"answer": "no evidence"}, [])
    assert cache.get(store, "運費多少", "t", SETTINGS) == answer
    assert cache.get(store, "运费多少", "other-tenant", SETTINGS) is None
    store.cache_invalidate([doc_a])  # what ingest/forget of a.txt does
    assert cache.get(store, "运费多少", "t", SETTINGS) is None
    assert cache.get(store, "时效多久", "t", SETTINGS) == {"answer": "2天"}
    assert cache.get(store, "你好", "t", SETTINGS) is None  # uncited answers drop on any change


def test_a_new_version_drops_only_the_answers_that_used_it(store):
    doc_a, doc_b = add_doc(store, "a.txt"), add_doc(store, "b.txt")
    cache.put(store, "运费多少？", "t", SETTINGS, {"answer": "12"}, [doc_a])
    cache.put(store, "时效多久？", "t", SETTINGS, {"answer": "2天"}, [doc_b])
    assert add_doc(store, "a.txt", "new text of a.txt") == doc_a
    assert cache.get(store, "运费多少？", "t", SETTINGS) is None
    assert cache.get(store, "时效多久？", "t", SETTINGS) == {"answer": "2天"}


def test_forget_drops_the_answers_that_used_the_document(store):
    doc_a = add_doc(store, "a.txt")
    cache.put(store, "运费多少？", "t", SETTINGS, {"answer": "x"}, [doc_a])
    store.forget(doc_a)
    assert cache.get(store, "运费多少？", "t", SETTINGS) is None


def test_cache_hit_is_fast(store):
    doc_a = add_doc(store, "a.txt")
    answer = {"answer": "首重12元" * 50, "citations": [{"document": "a.txt", "quote": "x" * 300}]}
    cache.put(store, "运费多少？", "t", SETTINGS, answer, [doc_a])
    cache.get(store, "运费多少？", "t", SETTINGS)  # warm the converter
    times = []
    for _ in range(50):
        start = time.perf_counter()
        assert cache.get(store, "運費多少?", "t", SETTINGS) is not None
        times.append(time.perf_counter() - start)
    assert sorted(times)[len(times) // 2] < 0.005
