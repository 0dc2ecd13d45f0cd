"""The CLI flow from the issue: ask → pending call → confirm once → audit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luodi.cli import app


@pytest.fixture
def env(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_MODE", "extractive")
    return str(tmp_path / "kb")


def _run(*args):
    result = CliRunner().invoke(app, list(args), catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result.output


def test_ask_confirm_audit(env):
    _run("tools", "enable", "courier-demo", "--kb", env)
    assert "send_delivery_notice" in _run("tools", "list", "--kb", env)
    text = _run("ask", "--kb", env, "--now", "2026-03-11T10:00", "--role", "courier",
                "跟YT3018846620517的客户说我三点到")
    assert "待确认" in text and "2026-03-11T15:00" in text
    data = json.loads(_run("ask", "--kb", env, "--now", "2026-03-11T10:00", "--role", "courier", "--json",
                           "跟YT3018846620517的客户说我三点到"))
    call = data["tool_calls"][0]
    assert data["route"] == "tool" and call["status"] == "pending_confirmation"
    first = json.loads(_run("tools", "confirm", call["id"], "--kb", env, "--json", "--now", "2026-03-11T10:05"))
    again = json.loads(_run("tools", "confirm", call["id"], "--kb", env, "--json", "--now", "2026-03-11T10:05"))
    assert first["status"] == again["status"] == "executed"
    assert first["result"]["outbox_id"] == again["result"]["outbox_id"]
    rows = json.loads(_run("audit", "--kb", env, "--json"))
    assert [r["event"] for r in rows if r["call_id"] == call["id"]] == ["proposed", "confirmed", "executed"]
    assert call["id"] in _run("audit", "--kb", env)


def test_reject(env):
    _run("tools", "enable", "courier-demo", "--kb", env)
    data = json.loads(_run("ask", "--kb", env, "--now", "2026-03-11T10:00", "--role", "courier", "--json",
                           "YT3018846620517地址错了，报个异常"))
    out = json.loads(_run("tools", "reject", data["tool_calls"][0]["id"], "--kb", env, "--json"))
    assert out["status"] == "rejected"


@pytest.mark.parametrize(("answer_yes", "events"), [
    (True, ["proposed", "confirmed", "executed"]),
    (False, ["proposed", "rejected"]),
])
def test_interactive_chat_asks_before_acting(env, monkeypatch, answer_yes, events):
    """`luodi chat` at a terminal: a proposed action runs only after an explicit yes."""
    import rich.prompt

    from luodi import cli_chat

    _run("tools", "enable", "courier-demo", "--kb", env)
    messages = iter(["跟YT3018846620517的客户说我三点到"])

    def next_message(*_a, **_k):
        try:
            return next(messages)
        except StopIteration:
            raise EOFError from None

    asked = []
    monkeypatch.setattr(rich.prompt.Prompt, "ask", staticmethod(next_message))
    monkeypatch.setattr(rich.prompt.Confirm, "ask",
                        staticmethod(lambda question, **k: asked.append(question) or answer_yes))
    monkeypatch.setattr(cli_chat.sys.stdin, "isatty", lambda: True)
    cli_chat.chat(kb=Path(env), user="u", now="2026-03-11T10:00", role="courier")
    assert len(asked) == 1 and "send_delivery_notice" in asked[0] and "2026-03-11T15:00" in asked[0]
    rows = json.loads(_run("audit", "--kb", env, "--json"))
    assert [r["event"] for r in rows] == events
