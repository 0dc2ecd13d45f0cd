"""Memory tests run without a model and with the cheap hash embedder."""

from __future__ import annotations

import pytest


@pytest.fixture
def lu(tmp_path, monkeypatch, backend):
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_MODE", "extractive")
    from luodi.app import Luodi

    app = Luodi(tmp_path / "kb")
    app.ingest_bytes("第一条　签回单服务每票收费3元。\n\n第二条　定时派送费每票5元。".encode(), "rules.md")
    yield app
    app.close()


@pytest.fixture
def store(any_store):
    """The memory tables' tests run on every backend."""
    return any_store
