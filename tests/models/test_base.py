"""Prompt budget, token estimates and the model factory."""

from __future__ import annotations

import pytest

from luodi.errors import ConfigError
from luodi.models.base import (
    PromptTooLarge,
    estimate_tokens,
    fit_prompt,
    get_model,
)
from luodi.models.fake import FakeModel
from luodi.models.openai_http import OpenAIHTTPModel


def count(messages):  # one token per character, easy to reason about
    return sum(len(m["content"]) for m in messages)


def msg(role, n):
    return {"role": role, "content": "x" * n}


@pytest.mark.parametrize(
    "text,expected", [("", 0), ("abcd", 1), ("abcde", 2), ("运费多少", 4), ("运费 is", 2 + 1)]
)
def test_estimate_tokens(text, expected):
    assert estimate_tokens(text) == expected


def test_prompt_within_budget_is_untouched():
    msgs = [msg("system", 10), msg("user", 10)]
    assert fit_prompt(msgs, 20, count) == (msgs, 20, "prompt 20 tok")
    assert fit_prompt(msgs, None, count)[1] == 20


def test_older_turns_are_dropped_first_keeping_system_and_last():
    msgs = [msg("system", 10), msg("user", 30), msg("assistant", 30), msg("user", 10)]
    kept, size, note = fit_prompt(msgs, 50, count)
    assert [m["role"] for m in kept] == ["system", "assistant", "user"] and size == 50
    assert "trimmed 1 older turns" in note


def test_evidence_is_never_cut_silently():
    with pytest.raises(PromptTooLarge, match="max_prompt_tokens is 50"):
        fit_prompt([msg("system", 10), msg("user", 60)], 50, count)


def test_fake_model_applies_the_budget_and_notes_the_size():
    m = FakeModel(["ok"], max_prompt_tokens=1000)
    c = m.complete([{"role": "user", "content": "运费多少"}])
    assert c.note.startswith("prompt ")


def test_factory_builds_each_backend():
    assert isinstance(get_model({"backend": "fake", "replies": ["a"]}), FakeModel)
    m = get_model(
        {
            "backend": "openai",
            "base_url": "https://api.example.com/v1",
            "name": "deepseek-chat",
            "api_key_env": "X",
            "timeout": 5,
            "unknown": 1,
        }
    )
    assert isinstance(m, OpenAIHTTPModel) and m.timeout == 5 and not m.local
    with pytest.raises(ConfigError):
        get_model({"backend": "openai", "name": "x"})
    with pytest.raises(ConfigError):
        get_model({"backend": "telepathy"})
