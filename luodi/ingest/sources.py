"""Which files an ingest covers, and what each source's owner allows (licence, consent)."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

from luodi.errors import InputError
from luodi.read.fetch import is_url

SIDECAR_SUFFIX = ".source.toml"
DIR_SIDECAR = "source.toml"
_EFFECTIVE = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*起\s*(?:施行|生效|实施|實施)")


@dataclass
class SourceOptions:
    """Per-source settings: CLI flags first, then a sidecar file may say more."""

    licence: str | None = None
    consent: bool | None = None
    collection: str = "default"
    effective_date: str | None = None


def expand_paths(paths: list[str | Path]) -> list[Path | str]:
    """Files named directly, and files under named directories (hidden files and sidecars
    skipped); http(s) URLs pass through as text."""
    out: list[Path | str] = []
    for raw in paths:
        if is_url(raw):
            out.append(str(raw).strip())
            continue
        path = Path(raw)
        if path.is_dir():
            for sub in sorted(path.rglob("*")):
                rel = sub.relative_to(path)
                if sub.is_file() and not any(p.startswith(".") for p in rel.parts) and not _is_sidecar(sub):
                    out.append(sub)
        else:
            out.append(path)  # a missing file is reported per file by the reader
    return out


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX) or path.name == DIR_SIDECAR


def _read_sidecar(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: sidecar is not valid TOML ({exc}); fix it or remove it") from exc
    return data


def source_options(path: Path, cli: SourceOptions) -> SourceOptions:
    """Merge the directory sidecar, the file's own sidecar and CLI flags (flags win)."""
    merged: dict = {}
    for sidecar in (path.parent / DIR_SIDECAR, path.with_name(path.name + SIDECAR_SUFFIX)):
        if sidecar.is_file():
            merged.update(_read_sidecar(sidecar))
    consent = merged.get("consent")
    if isinstance(consent, str):
        consent = consent.strip().lower() in ("yes", "true", "1", "y")
    effective = cli.effective_date or merged.get("effective_date")
    return SourceOptions(
        licence=cli.licence or merged.get("licence") or merged.get("license"),
        consent=cli.consent if cli.consent is not None else (True if consent is None else bool(consent)),
        collection=cli.collection if cli.collection != "default" else merged.get("collection", "default"),
        effective_date=effective or None,  # normalised (or refused) with the file, in Ingestor._prepare
    )


def detect_effective_date(text: str) -> str | None:
    """'本手册自2026年1月1日起施行' → 2026-01-01 (the last such statement wins: it is usually in 附则)."""
    found = _EFFECTIVE.findall(text)
    if not found:
        return None
    y, m, d = found[-1]
    return f"{int(y):04d}-{int(m):02d}-{int(d):02d}"
