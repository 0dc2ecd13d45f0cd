"""`luodi docs list|show|forget|log|reindex`: the documents of a knowledge base.

Registered by luodi.cli through `register(app)`; the shared options and helpers come from
luodi.cli_common.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer

from luodi.cli_common import JsonOpt, KbOpt, emit, open_kb, out
from luodi.errors import ConfigError
from luodi.timeutil import local_day

docs_app = typer.Typer(no_args_is_help=True, help="List, show and forget documents; rebuild keyword tokens and vectors.")


def register(app: typer.Typer) -> None:
    app.add_typer(docs_app, name="docs")


@docs_app.command("list")
def docs_list(kb: KbOpt = None, collection: str | None = None, as_json: JsonOpt = False) -> None:
    """List the documents in the knowledge base."""
    with open_kb(kb, existing=True) as lu:
        docs = lu.documents(collection)
    if as_json:
        emit([d.to_dict() for d in docs])
        return
    from rich.table import Column, Table

    rows = [(str(d.id), d.collection, d.uri, d.title or "", str(d.chunks),
             (d.effective_date or "") + (" (later)" if (d.effective_date or "")[:10] > local_day() else ""),
             d.licence) for d in docs]  # (later): not in force yet
    if not out.is_terminal:  # a pipe: whole paths, one document a line, tab-separated
        for row in rows:
            typer.echo("\t".join(row))  # rich would turn the tabs into spaces
        return
    # paths wrap rather than end in "…": in a narrow terminal they all began the same
    table = Table("id", "collection", Column("document", overflow="fold"), "title", "chunks", "effective", "licence")
    for row in rows:
        table.add_row(*row)
    out.print(table)


@docs_app.command("show")
def docs_show(ref: str, kb: KbOpt = None, as_json: JsonOpt = False,
              text: Annotated[bool, typer.Option("--text", help="Print the stored text too.")] = False) -> None:
    """Show one document (by id or source path) with its versions."""
    with open_kb(kb, existing=True) as lu:
        doc = lu.document(ref)
        info = doc.to_dict() | {"versions": lu.store.versions(doc.id)}
        if text and doc.current_version:
            info["text"] = lu.store.version_text(doc.current_version)
    if as_json:
        emit(info)
        return
    for key, value in info.items():
        if key not in ("versions", "text"):
            out.print(f"{key:15} {value}", highlight=False)
    for v in info["versions"]:
        out.print(f"version {v['id']:<6} {v['created_at']}  {v['content_hash'][:12]}  "
                  f"{_state(v, info['versions'], doc.current_version)}", highlight=False)
    if "text" in info:
        out.print(info["text"], highlight=False)


def _state(version: dict, versions: list[dict], current: int | None) -> str:
    """In force today, waiting for its effective date, or superseded (luodi.retrieve.history)."""
    from luodi.retrieve.history import in_force, version_state

    day, today = (version["effective_date"] or "")[:10], local_day()
    state = version_state(versions, version["id"], today)
    if state == "in force":
        return "in force" + (f" since {day}" if day else "")
    if state == "pending":  # with no version in force before it, the document is not searched yet
        notes = ["newest"] * (version["id"] == current) + ["not searched before then"] * (not in_force(versions, today))
        return f"takes effect {day}" + (f"  ({'; '.join(notes)})" if notes else "")
    return f"superseded by {version['superseded_by']}"


@docs_app.command("forget")
def docs_forget(ref: str, kb: KbOpt = None, as_json: JsonOpt = False) -> None:
    """Purge a document everywhere: chunks, versions, vectors, vault entries and cached answers."""
    with open_kb(kb, existing=True) as lu:
        doc = lu.document(ref)
        removed = lu.forget(doc.id)
    if as_json:
        emit({"document": doc.uri, "removed": removed})
    else:
        out.print(f"forgot {doc.uri}: " + ", ".join(f"{v} {k}" for k, v in removed.items()), highlight=False)


@docs_app.command("log")
def docs_log(kb: KbOpt = None, limit: int = 50, as_json: JsonOpt = False) -> None:
    """Show the ingest log (newest first)."""
    with open_kb(kb, existing=True) as lu:
        rows = lu.store.ingest_log(limit)
    if as_json:
        emit(rows)
    else:
        for r in rows:
            out.print(f"{r['at'][:19]} {r['action']:7} {r['status']:9} {r['uri']}  {r['message']}", highlight=False)


@docs_app.command("reindex")
def docs_reindex(kb: KbOpt = None, as_json: JsonOpt = False,
                 vectors: Annotated[bool, typer.Option(
                     "--vectors", help="Also embed every chunk again (minutes on a large knowledge "
                                       "base): an upgrade's better vectors reach documents ingested before it.")] = False,
                 ) -> None:
    """Re-tokenize every stored chunk for keyword search; vectors are kept unless --vectors.

    Opening a knowledge base whose tokens an older release made does this once by itself.
    """
    from luodi.cli_progress import steps_bar
    from luodi.index.reindex import reembed_vectors, reindex_tokens
    from luodi.index.tokenize import TOKENIZER_VERSION

    bar = steps_bar(disable=as_json)
    with open_kb(kb, existing=True) as lu, bar:
        t0 = time.perf_counter()
        embedded = 0
        if vectors:
            if lu.embedder is None:
                raise ConfigError("This knowledge base has no embedder set: there are no vectors to rebuild.")
            task = bar.add_task("embedding chunks", total=None)
            embedded = reembed_vectors(lu.store, lu.embedder,
                                       lambda done, total: bar.update(task, completed=done, total=total))
        task = bar.add_task("re-tokenizing chunks", total=None)
        n = reindex_tokens(lu.store, lambda done, total: bar.update(task, completed=done, total=total))
        seconds = round(time.perf_counter() - t0, 2)
    if as_json:
        emit({"chunks": n, "tokenizer": TOKENIZER_VERSION, "embedded": embedded, "seconds": seconds})
    else:
        done = f"embedded {embedded} chunks again ({lu.embedder.name}) and " if vectors else ""
        out.print(f"{done}re-tokenized {n} chunks (tokenizer {TOKENIZER_VERSION}) in {seconds} s",
                  highlight=False)
