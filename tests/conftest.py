"""Shared fixtures. Unit tests never touch the network; data tests skip without ../shared/data."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"../shared/data not found at {SHARED_DATA}: data tests run in CI only")
    return SHARED_DATA


@pytest.fixture
def store(tmp_path):
    from luodi.store.sqlite import SQLiteStore

    st = SQLiteStore(tmp_path / "kb.db")
    yield st
    st.close()
