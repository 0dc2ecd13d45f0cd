from __future__ import annotations

import os

from luodi.index.cachefiles import cache_dir, save_cache_file


def test_cache_dir_follows_luodi_cache(tmp_path, monkeypatch):
    assert cache_dir().name == "luodi" or "LUODI_CACHE" in os.environ
    monkeypatch.setenv("LUODI_CACHE", str(tmp_path))
    assert cache_dir() == tmp_path


def test_save_cache_file_writes_whole_or_reports_failure(tmp_path):
    target = tmp_path / "sub" / "table.json"
    assert save_cache_file(target, b"{}")
    assert target.read_bytes() == b"{}"
    assert not list(target.parent.glob("*.tmp"))
    blocker = tmp_path / "file"
    blocker.write_text("x")
    assert not save_cache_file(blocker / "table.json", b"{}")  # a file where the folder should be
