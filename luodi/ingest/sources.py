"""Which files an ingest covers, and what each source's owner allows (licence, consent)."""

from __future__ import annotations

import os
import re
import tomllib
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from luodi.errors import InputError
from luodi.read.fetch import is_url

SIDECAR_SUFFIX = ".source.toml"
DIR_SIDECAR = "source.toml"
_TAKES_EFFECT = re.compile(r"起\s*(?:施行|生效|实施|實施)")
_EFFECTIVE = re.compile(r"自\s*(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*" + _TAKES_EFFECT.pattern)


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
        if not str(raw).strip():  # Path("") is the working directory: an unset variable would ingest it
            raise InputError("an empty path was given (an unset shell variable?): name a file, folder or URL")
        path = Path(raw)
        if path.is_dir():
            out += sorted(_files_under(path))
        else:
            out.append(path)  # a missing file is reported per file by the reader
    return out


def _files_under(top: Path) -> list[Path]:
    """The files under `top`, symlinked folders followed (each real folder once: a link loop
    ends), hidden files and folders and sidecars skipped."""
    seen: set[str] = set()
    out: list[Path] = []
    for folder, dirs, files in os.walk(top, followlinks=True):
        real = os.path.realpath(folder)
        if real in seen:
            dirs[:] = []
            continue
        seen.add(real)
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        out += [p for f in files if not f.startswith(".") and (p := Path(folder) / f).is_file() and not _is_sidecar(p)]
    return out


def file_uri(path: str | Path) -> str:
    """A file's identity in the store: its absolute path, `..` and `.` folded (symlinks kept)."""
    return os.path.abspath(os.path.expanduser(str(path)))


def gone_under(paths: list[str | Path], store: Any) -> list:
    """The stored documents whose files lay under a folder among `paths` and are gone from it:
    searched still, until forgotten, which an ingest of that folder says (the store is read only
    when a folder was given)."""
    folders = [file_uri(p) for p in paths
               if not is_url(p) and str(p).strip() and Path(p).is_dir()]
    return [] if not folders else [d for d in store.documents() if any(d.uri.startswith(f.rstrip(os.sep) + os.sep) for f in folders)
            and not os.path.lexists(d.uri)]


def _is_sidecar(path: Path) -> bool:
    return path.name.endswith(SIDECAR_SUFFIX) or path.name == DIR_SIDECAR


def _read_sidecar(path: Path) -> dict:
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"{path}: sidecar is not valid TOML ({exc}); fix it or remove it") from exc
    return data


def _is_file(path: Path) -> bool:
    try:
        return path.is_file()
    except OSError:  # a file's name at the system's limit leaves no room for its sidecar's: none
        return False


def name_is_text(uri: str) -> None:
    """InputError when the file system gave a name that is not UTF-8 (Python keeps its bytes as
    surrogates, which no store can hold)."""
    try:
        uri.encode("utf-8")
    except UnicodeEncodeError:
        raise InputError(f"{shown_name(uri)}: the file's name is not UTF-8 (a name copied from a GBK "
                         "or Big5 system?): rename it, e.g. `convmv -f gbk -t utf-8 --notest FILE`, "
                         "and ingest it again") from None


def shown_name(uri: str) -> str:
    """The name as it can be printed and stored: undecodable bytes as escapes (\\xb9)."""
    return uri.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def source_options(path: Path, cli: SourceOptions) -> SourceOptions:
    """Merge the directory sidecar, the file's own sidecar and CLI flags (flags win)."""
    name_is_text(str(path))
    merged: dict = {}
    for sidecar in (path.parent / DIR_SIDECAR, path.with_name(path.name + SIDECAR_SUFFIX)):
        if _is_file(sidecar):
            merged.update(_read_sidecar(sidecar))
    consent = _consent(merged.get("consent"), path)
    for key, example in (("licence", "internal"), ("license", "internal"), ("collection", "handbook")):
        if key in merged and not isinstance(merged[key], str):
            raise InputError(f"{path}: sidecar {key} must be text in quotes, e.g. {key} = \"{example}\"")
    effective = merged.get("effective_date")
    if isinstance(effective, (date, datetime)):  # TOML reads an unquoted 2026-01-01 as a date
        effective = effective.isoformat()[:10]
    elif effective is not None and not isinstance(effective, str):
        raise InputError(f"{path}: sidecar effective_date = {effective!r} is not a date; write 2026-03-01")
    effective = cli.effective_date or effective
    return SourceOptions(
        licence=cli.licence or merged.get("licence") or merged.get("license"),
        consent=cli.consent if cli.consent is not None else (True if consent is None else bool(consent)),
        collection=cli.collection if cli.collection != "default" else merged.get("collection", "default"),
        effective_date=effective or None,  # normalised (or refused) with the file, in Ingestor._prepare
    )


def _consent(value: object, path: Path) -> bool | None:
    """A sidecar's consent: true/false, or yes/no as text. Anything else is refused rather than
    guessed: a typo must not index what its owner withheld, nor withhold what they allowed."""
    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("yes", "true", "y", "1", "no", "false", "n", "0"):
        return value.strip().lower() in ("yes", "true", "y", "1")
    raise InputError(f"{path}: sidecar consent = {value!r} is neither yes nor no; write consent = true or false")


def detect_effective_date(text: str) -> str | None:
    """'本手册自2026年1月1日起施行' → 2026-01-01, written out (自二〇二六年三月一日起施行) or in
    full-width digits too; the last such statement wins (it is usually in 附则). A day that does
    not exist (2026年2月30日, a typo) is no effective date: stored, it would hide the document
    from every search on a day."""
    from luodi.index.tokenize import normalise

    # only the words before each 起施行 are normalised: folding a whole 3 MB text costs seconds
    for end in reversed([m.end() for m in _TAKES_EFFECT.finditer(text)]):
        for found in reversed(_EFFECTIVE.findall(normalise(text[max(0, end - 40):end]))):
            try:
                return date(*map(int, found)).isoformat()
            except ValueError:
                continue
    return None


def read_file(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, refused with a clear error past `max_bytes` or when it is no regular file."""
    from luodi.read import too_big

    if not path.exists():
        raise InputError(f"{path}: no such file; check the path")
    if not path.is_file():  # a device (a link to /dev/zero) reads forever, a pipe blocks
        raise InputError(f"{path}: not a regular file (a device, pipe or socket); give a file")
    size = path.stat().st_size
    if size > max_bytes:
        raise too_big(str(path), size, max_bytes)
    with path.open("rb") as f:  # st_size can understate (a file still being written)
        data = f.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise too_big(str(path), len(data), max_bytes)
    return data
