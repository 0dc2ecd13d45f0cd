"""Configuration: a TOML file plus `LUODI_*` environment variables (which win).

The file is `$LUODI_CONFIG`, else `$LUODI_HOME/config.toml` (LUODI_HOME defaults to
~/.local/share/luodi). The knowledge base directory is `--kb`, else `$LUODI_KB`, else
`$LUODI_HOME/kb`.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from luodi.errors import ConfigError

PII_POLICIES = ("mask", "keep", "reversible")


def luodi_home() -> Path:
    base = os.environ.get("LUODI_HOME") or os.path.join(
        os.environ.get("XDG_DATA_HOME") or os.path.expanduser("~/.local/share"), "luodi"
    )
    return Path(base)


def config_path() -> Path:
    return Path(os.environ.get("LUODI_CONFIG") or luodi_home() / "config.toml")


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return float(raw)
    except ValueError as exc:
        raise ConfigError(f"{name}={raw!r} is not a number") from exc


@dataclass
class Settings:
    kb: Path
    max_file_mb: float = 20.0
    chunk_chars: int = 600
    pii: str = "mask"
    embedder: str = "e5"
    retrieval_mode: str = "hybrid"
    # extractive by default: with the bundled 0.5B, llm answers contained the gold answer for 33% of
    # sampled DRCD questions against 78% extractively (docs/benchmarks.md); auto = llm when a model is set
    answer_mode: str = "extractive"
    max_question_chars: int = 2000
    store: str = ""  # the store's URL (LUODI_STORE, or `store` in the config); "" = kb.db in kb
    raw: dict[str, Any] = field(default_factory=dict)  # every section, for the stages that read them

    def __post_init__(self) -> None:
        if self.pii not in PII_POLICIES:
            raise ConfigError(f"pii policy {self.pii!r} is unknown: use one of {', '.join(PII_POLICIES)}")
        if self.answer_mode not in ("auto", "llm", "extractive"):
            raise ConfigError(f"answer mode {self.answer_mode!r} is unknown: use auto, llm or extractive")
        if self.max_file_mb <= 0:
            raise ConfigError("max_file_mb must be positive")

    @property
    def max_file_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)

    @property
    def allow_hosts(self) -> tuple[str, ...]:
        """Hosts behind the firewall that `ingest` and `clean` may fetch from ([ingest] allow_hosts)."""
        hosts = self.section("ingest").get("allow_hosts", [])
        if isinstance(hosts, str):
            hosts = [hosts]
        if not isinstance(hosts, list) or not all(isinstance(h, str) for h in hosts):
            raise ConfigError('[ingest] allow_hosts must be a list of host names, e.g. ["wiki.intranet"]')
        return tuple(hosts)

    @property
    def store_url(self) -> str:
        return self.store or f"sqlite:///{self.kb / 'kb.db'}"

    def section(self, name: str) -> dict[str, Any]:
        value = self.raw.get(name, {})
        return value if isinstance(value, dict) else {}


def load_settings(kb: str | Path | None = None, tenant: str | None = None) -> Settings:
    """Read the config file (if any), then the environment, then explicit arguments. A server
    tenant's knowledge base (`tenant`) gets its own part of a configured shared store."""
    path = config_path()
    raw: dict[str, Any] = {}
    if path.exists():
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path} is not valid TOML: {exc}. Fix or remove the file.") from exc
    ingest = raw.get("ingest", {}) if isinstance(raw.get("ingest"), dict) else {}
    retrieval = raw.get("retrieval", {}) if isinstance(raw.get("retrieval"), dict) else {}
    kb_dir = Path(kb or os.environ.get("LUODI_KB") or raw.get("kb") or luodi_home() / "kb")
    return Settings(
        kb=kb_dir.expanduser(),
        max_file_mb=_env_float("LUODI_MAX_FILE_MB", float(ingest.get("max_file_mb", 20))),
        chunk_chars=int(_env_float("LUODI_CHUNK_CHARS", float(ingest.get("chunk_chars", 600)))),
        pii=os.environ.get("LUODI_PII") or ingest.get("pii", "mask"),
        embedder=os.environ.get("LUODI_EMBEDDER") or retrieval.get("embedder", "e5"),
        retrieval_mode=os.environ.get("LUODI_RETRIEVAL") or retrieval.get("mode", "hybrid"),
        answer_mode=os.environ.get("LUODI_MODE") or raw.get("answer", {}).get("mode", "extractive"),
        store=_store_url(raw, tenant),
        raw=raw,
    )


def _store_url(raw: dict[str, Any], tenant: str | None) -> str:
    url = os.environ.get("LUODI_STORE") or raw.get("store") or ""
    if not isinstance(url, str):
        raise ConfigError('store must be a URL string, e.g. store = "postgresql://luodi@db/luodi"')
    if url and tenant:
        from luodi.store.base import tenant_url

        url = tenant_url(url, tenant)
    return url
