"""Where the store lives: LUODI_STORE, then `store` in the config file, then kb.db in the kb."""

from __future__ import annotations

import pytest

from luodi.config import load_settings
from luodi.errors import ConfigError


@pytest.fixture
def config(tmp_path, monkeypatch):
    path = tmp_path / "config.toml"
    monkeypatch.setenv("LUODI_CONFIG", str(path))
    monkeypatch.delenv("LUODI_STORE", raising=False)
    return path


def test_store_url_from_environment_config_or_kb(tmp_path, config, monkeypatch):
    assert load_settings(tmp_path / "kb").store_url == f"sqlite:///{tmp_path / 'kb' / 'kb.db'}"
    config.write_text('store = "postgresql://luodi@db/luodi"\n', encoding="utf-8")
    assert load_settings(tmp_path / "kb").store_url == "postgresql://luodi@db/luodi"
    assert load_settings(tmp_path / "kb", tenant="acme").store_url == (
        "postgresql://luodi@db/luodi?schema=tenant_acme")
    monkeypatch.setenv("LUODI_STORE", "sqlite:///srv/shared.db")
    assert load_settings(tmp_path / "kb").store_url == "sqlite:///srv/shared.db"
    # a tenant's own kb folder holds its own kb.db already: nothing to scope
    monkeypatch.delenv("LUODI_STORE")
    config.write_text("", encoding="utf-8")
    assert load_settings(tmp_path / "t", tenant="acme").store_url == f"sqlite:///{tmp_path / 't' / 'kb.db'}"


def test_a_store_that_is_not_a_url_is_refused(tmp_path, config):
    config.write_text("store = 5\n", encoding="utf-8")
    with pytest.raises(ConfigError, match="store must be a URL"):
        load_settings(tmp_path / "kb")
