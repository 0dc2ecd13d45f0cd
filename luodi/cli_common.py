"""What every `luodi` command module shares: the --kb and --json options, opening a knowledge
base, JSON output. Apart from luodi.cli, so the command modules can import it at the top."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from luodi.errors import InputError

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

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
        raise InputError(f"no knowledge base at {settings.kb}: run `luodi ingest FILES --kb "
                         f"{settings.kb}` first, or check --kb / LUODI_KB")
    return Luodi(settings=settings)


def emit(obj: object) -> None:
    """One JSON document on stdout, UTF-8, no ASCII escaping (Chinese stays readable)."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=str) + "\n")
    sys.stdout.flush()
