"""`luodi chat` (terminal chat, scriptable through stdin) and `luodi memory list|forget`.

Registered by luodi.cli through `register(app)`. luodi.cli imports this module while it is still
loading, so its print_answer is imported inside the command; the rest comes from luodi.cli_common.
"""

from __future__ import annotations

import getpass
import sys
from datetime import datetime
from typing import Annotated

import typer

from luodi.cli_common import JsonOpt, KbOpt, emit, open_kb

UserOpt = Annotated[str | None, typer.Option("--user", help="Who is talking (default: your login name); facts are remembered per user.")]
TenantOpt = Annotated[str, typer.Option("--tenant", help="Tenant the user belongs to.")]

memory_app = typer.Typer(no_args_is_help=True, help="What Luodi remembers about a user: list, forget.")


def _default_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name (containers): one shared local user
        return "local"


def chat(
    kb: KbOpt = None,
    user: UserOpt = None,
    session: Annotated[str | None, typer.Option("--session", help="Session to continue (default: a new one).")] = None,
    now: Annotated[str | None, typer.Option("--now", help="Current time, ISO (relative dates, turn times; its day is the one whose versions are read).")] = None,
    role: Annotated[str | None, typer.Option("--role", help="The user's role, for tool permissions.")] = None,
    mode: Annotated[str | None, typer.Option("--mode", help="llm or extractive.")] = None,
    as_of: Annotated[str | None, typer.Option(
        "--as-of", help="Answer from the versions in force on this day (YYYY-MM-DD); default: today.")] = None,
    tenant: TenantOpt = "default",
    as_json: JsonOpt = False,
) -> None:
    """Chat with follow-ups and memory; proposed actions are confirmed with y/N. Piped stdin: one
    message per line, one reply per line, actions left pending for `luodi tools confirm`."""
    from luodi.errors import LuodiError
    from luodi.timeutil import parse_day, parse_now

    as_of = parse_day(as_of, "--as-of") if as_of else None  # a bad day fails before the first message
    user = user or _default_user()
    session = session or datetime.now().strftime("chat-%Y%m%d-%H%M%S-%f")
    interactive = sys.stdin.isatty()
    with open_kb(kb, existing=True) as lu:
        def one(message: str):
            return lu.ask(message, mode=mode, now=parse_now(now), user=user, tenant=tenant,
                          session=session, role=role, as_of=as_of)

        if not interactive:
            for line in sys.stdin:
                message = line.strip()
                if not message:
                    continue
                try:
                    answer = one(message)
                except LuodiError as exc:
                    emit({"error": str(exc)}) if as_json else print(f"error: {exc}", flush=True)
                    continue
                if as_json:
                    emit(answer.to_dict())
                else:
                    sys.stdout.write(" ".join(answer.answer.split()) + "\n")
                    sys.stdout.flush()
            return
        def decide(call_id: str, yes: bool) -> dict:
            if yes:
                return lu.tools.confirm(call_id, user=user, role=role, now=parse_now(now),
                                        tenant=tenant)
            return lu.tools.reject(call_id, user=user, role=role, tenant=tenant,
                                   reason="declined in chat")

        _interactive(one, decide, session, user, as_json)


def _confirm_calls(answer, decide, console) -> None:
    """Ask y/N for each action the answer proposed: only an explicit yes runs it, once."""
    from rich.prompt import Confirm

    from luodi.cli_tools import print_call

    for call in answer.extra.get("tool_calls") or []:
        if call.get("status") != "pending_confirmation":
            continue
        args = ", ".join(f"{k}={v}" for k, v in call["arguments"].items())
        try:
            yes = Confirm.ask(f"run {call['name']}({args})?", default=False, console=console)
        except (EOFError, KeyboardInterrupt):
            yes = False
        print_call(decide(call["id"], yes))


def _interactive(one, decide, session: str, user: str, as_json: bool) -> None:
    from rich.console import Console
    from rich.markup import escape
    from rich.prompt import Prompt

    from luodi.cli import print_answer
    from luodi.errors import LuodiError

    console = Console(soft_wrap=True, markup=False)  # see luodi.cli_common
    console.print(f"session {session} · user {user} · /quit to leave", style="dim")
    while True:
        try:
            message = Prompt.ask("[bold cyan]you[/bold cyan]").strip()
        except (EOFError, KeyboardInterrupt):
            console.print()
            return
        if message in ("/quit", "/exit", "/q"):
            return
        if not message:
            continue
        try:
            answer = one(message)
        except LuodiError as exc:
            console.print(f"[red]error:[/red] {escape(str(exc))}", markup=True, highlight=False)
            continue
        if as_json:
            emit(answer.to_dict())
            continue
        rewritten = answer.extra.get("rewritten_question")
        if rewritten and rewritten != message:
            console.print(f"→ {rewritten}", style="dim", highlight=False)
        print_answer(answer)
        _confirm_calls(answer, decide, console)


@memory_app.command("list")
def memory_list(
    user: Annotated[str, typer.Option("--user", help="Whose facts.")],
    kb: KbOpt = None,
    tenant: TenantOpt = "default",
    history: Annotated[bool, typer.Option("--history", help="Include replaced (older) values.")] = False,
    as_json: JsonOpt = False,
) -> None:
    """List what Luodi remembers about a user, with where and when it was said."""
    from luodi.memory.facts import describe

    with open_kb(kb) as lu:
        facts = lu.memory.facts(user, tenant, history=history)
    if as_json:
        emit({"user": user, "tenant": tenant, "facts": facts})
        return
    if not facts:
        print(f"nothing remembered about {user}")
    for f in facts:
        old = f" (replaced by {f['superseded_by']})" if f["superseded_by"] else ""
        print(f"{f['id']}\t{describe(f, 'zh-Hans')}\t{f['created_at'][:19]}\tsession {f['session']}{old}")


@memory_app.command("forget")
def memory_forget(
    what: Annotated[str, typer.Argument(help="Which fact: phone, address, area, 电话, a remembered value, a fact id, or 'everything'.")],
    user: Annotated[str, typer.Option("--user", help="Whose fact.")],
    kb: KbOpt = None,
    tenant: TenantOpt = "default",
    as_json: JsonOpt = False,
) -> None:
    """Forget a fact everywhere: its history is deleted and past turns are masked."""
    with open_kb(kb) as lu:
        if what.isdigit():
            result = lu.memory.forget(user, tenant, fact_ids=[int(what)])
        else:
            result = lu.memory.forget_what(user, what, tenant)
    result.pop("values", None)  # never echo what was forgotten
    if as_json:
        emit(result)
    else:
        print(f"forgot {result['facts']} fact rows ({', '.join(result['keys']) or 'none'}); "
              f"masked {result['turns_masked']} turns")


def register(app: typer.Typer) -> None:
    """Add `chat` and the `memory` group to the main CLI."""
    app.command("chat")(chat)
    app.add_typer(memory_app, name="memory")
