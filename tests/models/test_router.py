"""The routing policy: cheap first, escalate only when it is worth it and affordable."""

from __future__ import annotations

import pytest

from luodi.models.router import Decision, RoutingPolicy, looks_hard

POLICY = RoutingPolicy(cheap="qwen2.5-coder-0.5b", strong="deepseek-chat")


@pytest.mark.parametrize(
    "question,hard",
    [
        ("运费多少钱？", False),
        ("What is the fee?", False),
        ("为什么同城件比省内件贵？", True),
        ("快递和物流有什么区别", True),
        ("Explain the refund rule", True),
        ("运费多少？几天到？", True),
        ("请问" + "很长的问题" * 20, True),
    ],
)
def test_looks_hard(question, hard):
    assert looks_hard(question) is hard


def test_easy_questions_go_to_the_cheap_model():
    assert POLICY.first("运费多少钱？") == Decision("qwen2.5-coder-0.5b", "cheap-first")


def test_hard_questions_go_to_the_strong_model_when_affordable():
    assert POLICY.first("为什么这么贵？").model == "deepseek-chat"
    d = POLICY.first("为什么这么贵？", strong_affordable=False)
    assert d == Decision("qwen2.5-coder-0.5b", "over-budget")


def test_without_a_strong_model_everything_stays_cheap():
    policy = RoutingPolicy(cheap="small")
    assert policy.first("为什么", hard=True).model == "small"
    assert policy.after(policy.first("x"), verified=False) is None


def test_failed_verification_escalates_once():
    first = POLICY.first("运费多少钱？")
    second = POLICY.after(first, verified=False)
    assert second == Decision("deepseek-chat", "verification-failed", escalated=True)
    assert POLICY.after(second, verified=False) is None
    assert POLICY.after(first, verified=True) is None
    assert POLICY.after(first, verified=False, strong_affordable=False) is None
    assert POLICY.after(first, verified=False, escalations=1) is None
