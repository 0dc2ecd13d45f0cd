from __future__ import annotations

import pytest

from luodi.errors import NotFoundError

AT = "2026-03-02T01:00:00.000000+00:00"


def test_sessions_are_scoped_by_tenant_and_user(store):
    a = store.memory_session("default", "alice", "s1", AT)
    assert store.memory_session("default", "alice", "s1", AT) == a
    assert store.memory_session("default", "bob", "s1", AT) != a
    assert store.memory_session("t2", "alice", "s1", AT) != a
    assert store.memory_session("default", "carol", "nope", AT, create=False) is None
    store.memory_add_turn(a, "default", "alice", "user", "你好", AT, standalone="你好", title="你好")
    [s] = store.memory_sessions("default", "alice")
    assert s["session"] == "s1" and s["turns"] == 1 and s["title"] == "你好"
    assert store.memory_sessions("default", "bob")[0]["turns"] == 0


def test_turns_keep_order_and_limit(store):
    sid = store.memory_session("default", "u", "s", AT)
    for i in range(10):
        store.memory_add_turn(sid, "default", "u", "user", f"q{i}", AT, citations=[{"chunk": i}])
    turns = store.memory_turns(sid, limit=3)
    assert [t["content"] for t in turns] == ["q7", "q8", "q9"]
    assert turns[-1]["citations"] == [{"chunk": 9}]


def test_newer_fact_supersedes_older_and_history_is_kept(store):
    first = store.memory_add_fact("default", "u", "area", "西城区", AT, statement="我负责西城区")
    assert store.memory_add_fact("default", "u", "area", "西城区", AT) == first  # restated
    second = store.memory_add_fact("default", "u", "area", "东城区", AT)
    assert [f["value"] for f in store.memory_facts("default", "u")] == ["东城区"]
    history = store.memory_facts("default", "u", history=True)
    assert [(f["value"], f["superseded_by"]) for f in history] == [("西城区", second), ("东城区", None)]
    assert store.memory_facts("default", "other") == [] and store.memory_facts("t2", "u") == []


def test_forget_deletes_history_masks_turns_and_empties_cache(store):
    sid = store.memory_session("default", "u", "s", AT)
    other = store.memory_session("default", "v", "s", AT)
    turn = store.memory_add_turn(sid, "default", "u", "user", "我的电话是13812345678", AT)
    store.memory_add_turn(sid, "default", "u", "assistant", "好的，我记住了：电话：13812345678。", AT)
    store.memory_add_turn(other, "default", "v", "user", "13812345678 是谁的电话", AT)
    store.memory_add_fact("default", "u", "phone", "13812345678", AT, source_turn=turn, session_id=sid)
    store.memory_add_fact("default", "u", "phone", "13900000000", AT)
    store.memory_add_fact("default", "u", "area", "西城区", AT)
    store.cache_put("k", "default", "q", "{}", [])
    out = store.memory_forget("default", "u", keys=["phone"], masks={"13812345678": "[已遗忘]"})
    assert out["facts"] == 2 and out["turns_masked"] == 2 and out["cache"] == 1
    assert [f["key"] for f in store.memory_facts("default", "u", history=True)] == ["area"]
    texts = [t["content"] for t in store.memory_turns(sid)]
    assert all("13812345678" not in t for t in texts) and "[已遗忘]" in texts[0]
    assert store.memory_turns(other)[0]["content"].startswith("13812345678")  # another user's turn
    assert store.cache_get("k") is None


def test_forget_by_id_is_scoped_to_the_owner(store):
    fid = store.memory_add_fact("default", "u", "phone", "13812345678", AT)
    with pytest.raises(NotFoundError):
        store.memory_forget("default", "intruder", fact_ids=[fid])
    assert store.memory_forget("default", "u", fact_ids=[fid])["facts"] == 1


def test_forget_everything(store):
    store.memory_add_fact("default", "u", "phone", "13812345678", AT)
    store.memory_add_fact("default", "u", "name", "张伟", AT)
    assert store.memory_forget("default", "u", everything=True)["facts"] == 2
    assert store.memory_facts("default", "u", history=True) == []
