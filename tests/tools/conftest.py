"""Fixtures for tool tests: a knowledge base with the courier-demo toolset, no model, fixed clock."""

from __future__ import annotations

import pytest

from luodi.timeutil import parse_now

NOW = parse_now("2026-03-11T10:00")  # a Wednesday


@pytest.fixture
def lu(tmp_path, monkeypatch, backend):
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_MODE", "extractive")
    from luodi.app import Luodi
    from luodi.tools.runner import runner_for

    kb = Luodi(tmp_path / "kb")
    runner_for(kb).enable("courier-demo")
    yield kb
    kb.close()


@pytest.fixture
def runner(lu):
    return lu.tools


@pytest.fixture
def now():
    return NOW
