"""A knowledge base of its own for each ingest test (hash embedder: fast and deterministic)."""

from __future__ import annotations

import pytest

from luodi.app import Luodi
from luodi.config import load_settings


@pytest.fixture
def lu(tmp_path, monkeypatch, backend):
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    with Luodi(settings=load_settings(tmp_path / "kb")) as inst:
        yield inst
