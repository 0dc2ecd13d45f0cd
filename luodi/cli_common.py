"""What every `luodi` command module shares: the --kb and --json options, opening a knowledge
base, JSON output. Apart from luodi.cli, so the command modules can import it at the top."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from luodi.errors import InputError, NotFoundError

# Markup off unless a print asks for it: paths, headings and answers may hold "[b]" or "[/]"
# (a file named "[draft] rates.md"), which Rich would read as tags or fail on.
out = Console(soft_wrap=True, markup=False)
err = Console(stderr=True, soft_wrap=True, markup=False)

KbOpt = Annotated[Path | None, typer.Option("--kb", help="Knowledge-base directory (default: $LUODI_KB or the user data folder).")]
JsonOpt = Annotated[bool, typer.Option("--json", help="Print JSON for machines.")]


def open_kb(kb: Path | None, existing: bool = False):
    """The knowledge base at `kb` (or the configured one); with `existing`, one that must already
    hold a store: a mistyped --kb for a search should say so, not create an empty one."""
    from luodi.app import Luodi
    from luodi.config import load_settings

    settings = load_settings(kb)
    if settings.kb.exists() and not settings.kb.is_dir():
        raise InputError(f"--kb {settings.kb} is a file; give the knowledge base's folder")
    url = settings.store_url
    if existing and url.startswith("sqlite:///") and not Path(url.removeprefix("sqlite:///")).exists():
        raise NotFoundError(f"no knowledge base at {settings.kb}: run `luodi ingest FILES --kb "
                            f"{settings.kb}` first, or check --kb / LUODI_KB")
    return Luodi(settings=settings)


# JSON allows these raw inside a string, but a reader that splits lines on them (Python's
# splitlines, many editors) would break one JSON line in two
_LINE_BREAKS = str.maketrans({"\u2028": "\\u2028", "\u2029": "\\u2029", "\x85": "\\u0085"})


def json_line(obj: object) -> str:
    """`obj` as one line of JSON: UTF-8 text, no ASCII escaping (Chinese stays readable), but a
    lone surrogate (a batch line's "\\ud83d") and the Unicode line breaks escaped, so that the
    line can be written as UTF-8 and read back as one line."""
    text = json.dumps(obj, ensure_ascii=False, default=str)
    # backslashreplace writes a surrogate as \udXXX: in a JSON string, that is its own escape
    return text.encode("utf-8", "backslashreplace").decode("utf-8").translate(_LINE_BREAKS)


def emit(obj: object) -> None:
    """One JSON document on stdout (`json_line`)."""
    sys.stdout.write(json_line(obj) + "\n")
    sys.stdout.flush()
