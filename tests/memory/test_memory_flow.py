"""Memory inside Luodi.ask: follow-ups, facts across sessions, forgetting, the model rewrite."""

from __future__ import annotations

from datetime import datetime, timedelta

from luodi.models.fake import FakeModel

NOW = datetime.fromisoformat("2026-03-02T09:00:00+08:00")


def test_follow_up_is_rewritten_and_shown(lu):
    lu.ask("签回单服务每票收费多少？", user="u", session="s", now=NOW)
    a = lu.ask("那定时派送呢？", user="u", session="s", now=NOW)
    assert a.extra["rewritten_question"] == "定时派送服务每票收费多少？"
    assert a.extra["rewrite_by"] == "rules"
    other = lu.ask("那定时派送呢？", user="u", session="other", now=NOW)
    assert other.extra["rewritten_question"] == "那定时派送呢？"


def test_default_session_only_follows_recent_questions(lu):
    lu.ask("签回单服务每票收费多少？", user="u", now=NOW)
    assert "收费" in lu.ask("那定时派送呢？", user="u", now=NOW + timedelta(minutes=5)).extra["rewritten_question"]
    late = lu.ask("那定时派送呢？", user="u", now=NOW + timedelta(hours=5))
    assert late.extra["rewritten_question"] == "那定时派送呢？"


def test_facts_cross_sessions_update_and_forget(lu):
    a = lu.ask("我负责西城区", user="u", session="s1", now=NOW)
    assert a.route == "chat" and "西城区" in a.answer and a.extra["memory"] == "remember"
    b = lu.ask("我负责的区域下周有什么安排？", user="u", session="s2", now=NOW)
    assert "西城区" in b.extra["rewritten_question"] and b.extra["memory_facts"] == ["负责区域：西城区"]
    lu.ask("我现在负责东城区", user="u", session="s3", now=NOW)
    assert "东城区" in lu.ask("我负责哪个区？", user="u", session="s3", now=NOW).answer
    f = lu.ask("忘掉我负责的区域", user="u", session="s3", now=NOW)
    assert f.extra["memory"] == "forget" and f.extra["forgotten"]["facts"] == 2
    c = lu.ask("我负责的区域下周有什么安排？", user="u", session="s4", now=NOW)
    assert "西城区" not in c.extra["rewritten_question"] and "东城区" not in c.extra["rewritten_question"]
    stored = " ".join(t["content"] + t["standalone"] for s in lu.memory.sessions("u")
                      for t in lu.memory.turns("u", s["session"]))
    assert "西城区" not in stored and "东城区" not in stored and "[已遗忘]" in stored
    assert lu.memory.facts("u", history=True) == []


def test_facts_never_leak_to_other_users_or_tenants(lu):
    lu.ask("my employee number is B7741", user="alice", session="s", now=NOW)
    for user, tenant in (("bob", "default"), ("alice", "other")):
        a = lu.ask("what's my employee number?", user=user, tenant=tenant, session="s", now=NOW)
        assert "B7741" not in a.answer
    assert "B7741" in lu.ask("what's my employee number?", user="alice", session="t", now=NOW).answer


def test_without_a_user_facts_are_not_kept(lu):
    a = lu.ask("我负责西城区", session="anon", now=NOW)
    assert a.extra["memory"] == "no_user"
    assert lu.store.memory_facts("default", "") == []


def test_model_rewrite_is_used_when_it_passes_the_checks(lu):
    fake = FakeModel([{"question": "定时派送每票收费多少？"}, {"question": "签回单每票收费多少？"}])
    lu._model, lu._model_loaded = fake, True
    lu.settings.answer_mode = "llm"
    lu.ask("签回单服务每票收费多少？", user="u", session="s", now=NOW, mode="extractive")
    a = lu.ask("那定时派送呢？", user="u", session="s", now=NOW, mode="extractive")
    assert a.extra["rewrite_by"] == "model" and a.extra["rewritten_question"] == "定时派送每票收费多少？"
    assert fake.calls and fake.calls[0]["json_schema"]["required"] == ["question"]
    # a proposal that drops the new value is refused: the rules answer instead
    b = lu.ask("那代收货款呢？", user="u", session="s", now=NOW, mode="extractive")
    assert b.extra["rewrite_by"] == "rules" and "代收货款" in b.extra["rewritten_question"]
    purposes = [r.purpose for r in lu.store.usage()]
    assert purposes.count("rewrite") == 2


def test_model_failure_falls_back_to_rules(lu):
    from luodi.errors import ModelError

    lu._model, lu._model_loaded = FakeModel([ModelError("boom")]), True
    lu.settings.answer_mode = "llm"
    lu.ask("签回单服务每票收费多少？", user="u", session="s", now=NOW, mode="extractive")
    a = lu.ask("那定时派送呢？", user="u", session="s", now=NOW, mode="extractive")
    assert a.extra["rewrite_by"] == "rules" and "定时派送" in a.extra["rewritten_question"]


def test_statement_and_question_in_one_message(lu):
    a = lu.ask("我是快递员，签回单服务每票收费多少？", user="u", session="s", now=NOW)
    assert a.extra["rewritten_question"] == "签回单服务每票收费多少？" and "memory" not in a.extra
    assert [(f["key"], f["value"]) for f in lu.memory.facts("u")] == [("role", "快递员")]


def test_where_the_user_is_stays_in_the_question(lu):
    """寄到北京多少钱 from 广州 is 跨省: the place is remembered and still asked with."""
    a = lu.ask("我在广州天河网点，寄到北京的2公斤快件多少钱？", user="u", session="s", now=NOW)
    assert "广州天河网点" in a.extra["rewritten_question"]
    assert [(f["key"], f["value"]) for f in lu.memory.facts("u")] == [("depot", "广州天河网点")]


def test_forgetting_masks_every_copy_and_nothing_else(lu):
    lu.ask("我叫李雷，我的手机号是 138 0013 8000", user="u", session="s", now=NOW)
    lu.ask("call me Al", user="v", session="s", now=NOW)
    lu.ask("Can lithium batteries be shipped internationally?", user="v", session="s", now=NOW)
    lu.ask("忘掉我的手机号", user="u", session="s", now=NOW)
    lu.ask("forget my name", user="v", session="s", now=NOW)
    dump = " ".join(str(t) for t in lu.memory.turns("u", "s"))
    assert "138 0013 8000" not in dump and "13800138000" not in dump  # written with spaces too
    assert all("138" not in f["statement"] for f in lu.memory.facts("u"))  # the name's sentence held it
    assert any("internationally" in (t["content"] or "") for t in lu.memory.turns("v", "s"))  # "Al": a word


def test_forgetting_masks_session_titles_too(lu):
    lu.ask("我的电话是13812345678", user="u", session="s", now=NOW)
    assert "13812345678" in lu.memory.sessions("u")[0]["title"]
    lu.ask("忘掉我的电话", user="u", session="s2", now=NOW)
    assert all("13812345678" not in s["title"] for s in lu.memory.sessions("u"))


def test_a_session_without_a_user_does_not_keep_what_it_says_it_cannot_remember(lu):
    lu.ask("我的手机号是13655556666", session="anon1", now=NOW)
    assert all("13655556666" not in str(t) for t in lu.memory.turns(None, "anon1"))
    assert all("13655556666" not in s["title"] for s in lu.memory.sessions(None))
