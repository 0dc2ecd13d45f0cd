"""The `luodi` command: a thin layer over `luodi.app.Luodi`. Errors become one line and an exit code."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.markup import escape

from luodi.cli_common import JsonOpt, KbOpt, emit, err, open_kb, out
from luodi.errors import InputError, LuodiError
from luodi.timeutil import local_day

if TYPE_CHECKING:
    from luodi.types import Hit

app = typer.Typer(no_args_is_help=True, add_completion=False, help="Luodi: grounded answers from your own documents.")


def _register_model_commands() -> None:
    from luodi.cli_models import costs_cmd, models_app

    app.add_typer(models_app, name="models")
    app.command("costs")(costs_cmd)


_register_model_commands()


def _register_command_groups() -> None:
    """Command groups that live in their own modules: each exposes `register(app)`."""
    from luodi import cli_chat, cli_docs, cli_serve, cli_tools

    for module in (cli_docs, cli_chat, cli_tools, cli_serve):
        module.register(app)


_register_command_groups()


@app.command()
def clean(path: Annotated[str, typer.Argument(help="A file, or an http(s) URL.")],
          as_json: JsonOpt = False) -> None:
    """Print the cleaned main text of one file or web page (html, txt, md, pdf, docx)."""
    from luodi.clean import clean as clean_raw
    from luodi.clean import clean_path
    from luodi.config import load_settings
    from luodi.read.fetch import is_url, read_url

    settings = load_settings()
    if is_url(path):
        doc = clean_raw(read_url(path, max_bytes=settings.max_file_bytes, allow_hosts=settings.allow_hosts))
    else:
        doc = clean_path(path, max_bytes=settings.max_file_bytes)
    if as_json:
        emit({"uri": doc.uri, "title": doc.title, "format": doc.format, "text": doc.text,
              "removed": doc.removed})
    else:
        sys.stdout.write(doc.text.rstrip("\n") + "\n")


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(help="Files, directories or http(s) URLs.")],
    kb: KbOpt = None,
    licence: Annotated[str | None, typer.Option(help="Licence of these sources, e.g. CC-BY-4.0 or internal.")] = None,
    consent: Annotated[str | None, typer.Option(help="yes or no: whether the owner allows indexing.")] = None,
    pii: Annotated[str | None, typer.Option(help="mask (default), keep or reversible.")] = None,
    collection: Annotated[str, typer.Option(help="Collection to put the documents in.")] = "default",
    effective_date: Annotated[str | None, typer.Option(help="Date the documents take effect (YYYY-MM-DD).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Add or update documents. Unchanged files are left alone; failed files do not stop the batch."""
    from luodi.cli_progress import IngestProgress

    if consent is not None and consent.lower() not in ("yes", "no"):
        raise InputError("--consent takes yes or no")
    with open_kb(kb) as lu, IngestProgress(enabled=not as_json) as progress:
        results = lu.ingest(
            paths, licence=licence, consent=None if consent is None else consent.lower() == "yes",
            collection=collection, effective_date=effective_date, pii=pii, progress=progress,
        )
    bad = [r for r in results if r.failed]
    if as_json:
        emit({"results": [r.to_dict() for r in results], "failed": len(bad)})
    else:
        for r in results:
            style = {"failed": "red", "refused": "yellow", "duplicate": "yellow", "gone": "yellow"}.get(r.status, "green")
            note = r.message if r.status != "unchanged" else ""
            out.print(f"[{style}]{r.status:9}[/{style}] {escape(r.uri)}  {escape(note)}", markup=True, highlight=False)
        counts: dict[str, int] = {}
        for r in results:
            counts[r.status] = counts.get(r.status, 0) + 1
        out.print(", ".join(f"{v} {k}" for k, v in counts.items()) or "no files", highlight=False)
    if bad:
        raise typer.Exit(3)


def _search_filters(lu, item: dict) -> dict:
    """collection, documents (path/URL as ingested, or id) and as_of for one search; a value of
    the wrong type (from a --batch line) is an InputError for that line alone."""
    docs = item.get("document")
    docs = docs if isinstance(docs, list) else [] if docs is None else [docs]
    if any(isinstance(d, bool) or not isinstance(d, str | int) for d in docs):
        raise InputError("document must be a path or URL as ingested, or an id (or a list of them)")
    _strings(item, ("collection", "as_of"))
    return {"collection": item.get("collection"), "as_of": item.get("as_of"),
            "document_ids": {lu.document(d).id for d in docs} if docs else None}


def _strings(item: dict, keys: tuple[str, ...]) -> None:
    for key in keys:
        if item.get(key) is not None and not isinstance(item[key], str):
            raise InputError(f"{key} must be a string")


def _no_hits(lu, given: dict) -> str:
    """Why a search found nothing, and what to do: an empty knowledge base and a filter that
    excludes everything look alike on stdout (no hits)."""
    if not lu.documents():
        return "no passages: the knowledge base holds no documents yet; add some with `luodi ingest PATH`"
    if not given.get("as_of") and (later := lu.schedule()).pending:
        return (f"no passages in force today; {later.documents} document(s) take effect later (the first "
                f"{min(later.pending.values())}: see `luodi docs list`); to search them, give --as-of that day")
    if any(given.values()):
        return "no passages match these filters; try without --collection, --document or --as-of"
    return "no passages found; try other words"


def _version_note(hit: Hit, asked: str | None, today: str) -> str:
    """What a hit's version is, where it is not simply the one in force today."""
    if hit.superseded:
        return "  (an earlier version, in force on that day)" if asked else \
            "  (in force today; a newer version takes effect later)"
    if hit.effective_date and hit.effective_date > today:
        return f"  (takes effect {hit.effective_date})"
    return ""


@app.command()
def search(
    query: Annotated[str | None, typer.Argument(help="The query.")] = None,
    kb: KbOpt = None,
    k: Annotated[int, typer.Option("-k", help="How many hits.")] = 5,
    batch: Annotated[Path | None, typer.Option(
        "--batch", help="JSON Lines file (- for standard input) of {id, query[, k, collection, document, "
                        "as_of]}; exits 1 if any line failed (its output line carries \"error\").")] = None,
    collection: str | None = None,
    document: Annotated[list[str] | None, typer.Option(
        "--document", help="Only this document (path/URL as ingested, or id); repeatable.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Search the versions in force on this day (YYYY-MM-DD); default: today.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Search the knowledge base; hits carry document, section, text and score."""
    if (query is None) == (batch is None):
        raise InputError("give a QUERY or --batch FILE (not both)")
    given = {"collection": collection, "document": document or None, "as_of": as_of}
    with open_kb(kb, existing=True) as lu:
        if batch is not None:
            def line(item: dict) -> dict:
                found = lu.search(item["query"], item.get("k", k), **_search_filters(lu, given | {
                    key: item[key] for key in given if key in item}))
                return {"query": item["query"], "hits": [h.public() for h in found]}

            run_batch(batch, "query", line)
            return
        hits = lu.search(query, k, **_search_filters(lu, given))
        if not hits and not as_json:
            err.print(_no_hits(lu, given), highlight=False, markup=False)
    if as_json:
        emit({"query": query, "hits": [h.public() for h in hits]})
        return
    today = local_day()
    for i, h in enumerate(hits, 1):
        past = _version_note(h, as_of, today)
        cited = "  (cited by the query)" if h.scores.get("cited") else ""  # its article or chapter
        out.print(f"[bold]{i}. {escape(h.document)}[/bold]  {escape(h.section)}  (score {h.score:.4f}){cited}{past}",
                  markup=True, highlight=False)
        out.print(h.text, highlight=False)
        out.print()


@app.command()
def ask(
    question: Annotated[str | None, typer.Argument(help="The question.")] = None,
    kb: KbOpt = None,
    batch: Annotated[Path | None, typer.Option(
        "--batch", help="JSON Lines file (- for standard input) of {id, question[, now, as_of]}; exits 1 "
                        "if any line failed (its output line carries \"error\").")] = None,
    mode: Annotated[str | None, typer.Option(help="llm or extractive (default: llm when a model is installed).")] = None,
    now: Annotated[str | None, typer.Option("--now", help="Current time, ISO (for relative dates; its day is the one whose versions are read).")] = None,
    user: Annotated[str | None, typer.Option(help="Who is asking (ledger, budgets).")] = None,
    session: Annotated[str | None, typer.Option(help="Session id.")] = None,
    role: Annotated[str | None, typer.Option(help="The asker's role, for tool permissions (e.g. courier).")] = None,
    k: Annotated[int, typer.Option("-k", help="Passages to retrieve.")] = 5,
    no_cache: Annotated[bool, typer.Option("--no-cache", help="Do not serve or store cached answers.")] = False,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Answer from the versions in force on this day (YYYY-MM-DD); default: today.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Answer a question from the knowledge base, with citations and checks."""
    from luodi.timeutil import parse_now

    if (question is None) == (batch is None):
        raise InputError("give a QUESTION or --batch FILE (not both)")
    with open_kb(kb, existing=True) as lu:
        def one(q: str, when: str | None, day: str | None = as_of):
            return lu.ask(q, mode=mode, now=parse_now(when or now), user=user, session=session, k=k,
                          use_cache=not no_cache, role=role, as_of=day)

        if batch is not None:
            def line(item: dict) -> dict:
                _strings(item, ("now", "as_of"))
                return one(item["question"], item.get("now"), item.get("as_of", as_of)).to_dict()

            run_batch(batch, "question", line)
            return
        answer = one(question, None)
    if as_json:
        emit(answer.to_dict())
        return
    print_answer(answer)


def print_answer(answer) -> None:
    out.print(answer.answer, highlight=False)
    for i, c in enumerate(answer.citations, 1):
        out.print(f"  [{i}] {c.document} § {c.section}: {c.quote[:100]}", style="dim", highlight=False)
    for later in answer.extra.get("takes_effect_later") or []:
        out.print(f"  note: a newer version of {later['document']} takes effect {later['effective_date']}; "
                  "this answer is from the version in force today", style="dim", highlight=False)
    if answer.checks:
        ok = sum(c.supported for c in answer.checks)
        out.print(f"  checks: {ok}/{len(answer.checks)} supported", style="dim", highlight=False)
    u = answer.usage
    out.print(f"  {answer.route} · {answer.mode} · {u.model} · {u.tokens_in}+{u.tokens_out} tok · "
              f"{u.cost_li:g} 厘 · {u.latency_ms:.0f} ms", style="dim", highlight=False)


@app.command()
def verify(
    answer: Annotated[str | None, typer.Option("--answer", help="The answer text to check.")] = None,
    source: Annotated[list[Path] | None, typer.Option("--source", help="Source file(s) to check against.")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Check every atom of an answer (numbers, dates, URLs, article refs…) against source files.

    Without --answer, reads JSON from stdin: {"answer": "...", "sources": ["text", ...]}.
    """
    from luodi.clean import clean_path
    from luodi.verify.check import check_atoms

    texts: list[str] = []
    if answer is None:
        try:
            data = json.loads(sys.stdin.read())
            answer, texts = data["answer"], list(data.get("sources", []))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise InputError('stdin must be JSON like {"answer": "...", "sources": ["..."]}') from exc
    texts += [clean_path(p).text for p in source or []]
    if not texts:
        raise InputError("give at least one --source FILE (or sources in the stdin JSON)")
    checks = check_atoms(answer, texts)
    supported = all(c.supported for c in checks)
    if as_json:
        emit({"supported": supported, "checks": [c.to_dict() for c in checks]})
    else:
        for c in checks:
            mark = "[green]✓[/green]" if c.supported else "[red]✗[/red]"
            where = f" (source {c.citation + 1})" if c.citation is not None else ""
            out.print(f"{mark} {c.kind:8} {escape(c.atom)}{where}", markup=True, highlight=False)
        out.print("all supported" if supported else "some atoms are NOT supported by the sources")
    if not supported:
        raise typer.Exit(1)


def run_batch(path: Path, field: str, line: Callable[[dict], dict]) -> None:
    """Each line of a batch file through `line`, one JSON object out per line with its id and
    its line number (`line`: a line without an id has its number as id, which may be another
    line's id), written as soon as it is done, so that a program can feed `--batch -` a request
    and wait for its answer. A bad line, or one `line` refuses, prints its error in its place;
    the others still run, and then the command exits 1, saying how many lines failed, so that a
    script sees the failure."""
    failed = total = 0
    for item in read_batch(path, field):
        total += 1
        head = {"id": item["id"], "line": item["line"]}
        if "error" not in item:
            try:
                item = {**head, **line(item)}
            except LuodiError as exc:  # the request stays beside its error: which one failed is plain
                item = {**head, field: item.get(field), "error": str(exc)}
        failed += "error" in item
        emit(item)
    if failed:
        err.print(f"{failed} of {total} lines of {path} failed: see the \"error\" field of each",
                  highlight=False, markup=False)
        raise typer.Exit(1)


def read_batch(path: Path, field: str) -> Iterator[dict]:
    """JSON Lines in (a UTF-8 BOM is fine), read one line at a time: each line an object with
    `field` (`id` defaults to the line number), or plain text, which is `field` itself: a file of
    questions one per line is what people write first. A bad line becomes `{"id": N, "error": ...}`
    in its place; the others still run. Every item carries its `line` number."""
    seen = False
    for n, raw in enumerate(_raw_lines(path), 1):
        raw = raw.removeprefix(b"\xef\xbb\xbf") if n == 1 else raw
        try:
            text = raw.decode("utf-8").rstrip("\r\n")
        except UnicodeDecodeError as exc:
            seen = True
            yield {"id": n, "line": n, "error": f"{path}:{n}: not UTF-8 ({exc.reason} at byte {exc.start}); "
                                                "save the file as UTF-8"}
            continue
        if not text.strip():
            continue
        seen = True
        item, wrong = _batch_line(text, field)
        if wrong:
            yield {"id": item.get("id", n), "line": n, "error": f"{path}:{n}: {wrong}"}
            continue
        item.setdefault("id", n)
        yield {**item, "line": n}
    if not seen:  # an empty file is almost always the wrong file: say so instead of printing nothing
        raise InputError(f"batch file {path} holds no lines; write one {field} per line, or one JSON "
                         f"object with \"{field}\" per line")


def _raw_lines(path: Path) -> Iterator[bytes]:
    """The file's lines as bytes, split on "\\n" only (U+2028 and its kin may sit inside a JSON
    string, and each line is decoded alone, so that one line in another encoding fails by
    itself); "-" is standard input, read as lines arrive."""
    if str(path) == "-":
        if sys.stdin is None:  # started with standard input closed (<&-)
            raise InputError("--batch - reads standard input, which is closed; pipe the lines in or give a file")
        yield from sys.stdin.buffer
        return
    try:
        handle = path.open("rb")
    except OSError as exc:
        raise InputError(f"cannot read batch file {path}: {exc}") from exc
    with handle:
        yield from handle


def _batch_line(line: str, field: str) -> tuple[dict, str | None]:
    """One line as a request, and what is wrong with it if anything. Only a line that opens an
    object or a list is read as JSON (a broken one is an error, not a question); any other line
    is the text itself, a quoted string unquoted."""
    text = line.strip()
    if text[0] not in "{[":
        try:
            value = json.loads(text)
        except json.JSONDecodeError:
            value = text
        return {field: value if isinstance(value, str) else text}, None
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        return {}, f"not JSON ({exc.msg}); write {{\"{field}\": \"…\"}} or only the text on the line"
    if not isinstance(item, dict):
        return {}, f"each line needs an object with \"{field}\""
    return item, None if field in item else f"each line needs an object with \"{field}\""


def main() -> None:
    try:
        # Outside standalone mode click returns, not raises, the code of a typer.Exit.
        code = app(standalone_mode=False)
    except LuodiError as exc:
        err.print(f"error: {exc}", highlight=False, markup=False)
        sys.exit(exc.exit_code)
    except typer.Exit as exc:
        sys.exit(exc.exit_code)
    except typer.Abort:
        err.print("aborted")
        sys.exit(130)
    except typer.TyperException as exc:
        # Usage errors (a bad option value, an unknown command). Typer 0.29 raises its own copy of
        # click's exceptions, which `click.ClickException` does not catch: they printed tracebacks.
        show = getattr(exc, "show", None)
        if show is None:
            raise
        show()
        sys.exit(getattr(exc, "exit_code", 2))
    if isinstance(code, int) and code:
        sys.exit(code)


if __name__ == "__main__":
    main()
