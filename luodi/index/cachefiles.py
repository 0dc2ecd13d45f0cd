"""Derived files in Luodi's cache folder: jieba's dictionary, the dictionary tables, the encoder's
rewritten graph. Each can be rebuilt, so a folder that cannot be written only costs time."""

from __future__ import annotations

import logging
import os
from pathlib import Path

_log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """Luodi's cache folder: $LUODI_CACHE, else $XDG_CACHE_HOME/luodi, else ~/.cache/luodi."""
    env = os.environ.get("LUODI_CACHE")
    if env:
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "luodi"


def save_cache_file(path: Path, data: bytes) -> bool:
    """Write a derived file whole or not at all (several processes may start at once); False
    where the folder cannot be written, so the caller just rebuilds next time."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")  # one per writer
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        _log.debug("cannot cache %s: %s", path, exc)
        return False
    return True
