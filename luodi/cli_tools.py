"""`luodi tools list|enable|disable|confirm|reject|calls` and `luodi audit`.

Registered by luodi.cli through `register(app)`; the shared options and helpers come from
luodi.cli_common.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from luodi.cli_common import JsonOpt, KbOpt, emit, open_kb, out

tools_app = typer.Typer(no_args_is_help=True, help="Actions: enable toolsets, confirm or reject proposed calls.")

UserOpt = Annotated[str | None, typer.Option("--user", help="Who acts (recorded in the audit log).")]
RoleOpt = Annotated[str | None, typer.Option("--role", help="The actor's role (default: the proposer's).")]
TenantOpt = Annotated[str, typer.Option("--tenant", help="Tenant whose calls and audit rows to use.")]


def _runner(kb: Path | None):
    from luodi.tools.runner import runner_for

    lu = open_kb(kb)
    return lu, runner_for(lu)


def _who(user: str | None) -> str | None:
    """The audit log names who acted: --user, else the operating-system account."""
    if user:
        return user
    import getpass

    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return None


def print_call(call: dict) -> None:
    """One line per call (id, status, name and arguments), its result and any reason below."""
    from luodi.tools.courier import describe

    args = ", ".join(f"{k}={v}" for k, v in call["arguments"].items())
    out.print(f"{call['id']}  {call['status']:20} {call['name']}({args})", highlight=False)
    if call.get("result") is not None:
        out.print(f"  {describe(call['result'])}", highlight=False)
    if call.get("reason") or call.get("question"):
        out.print(f"  {call.get('reason') or call.get('question')}", style="dim", highlight=False)


@tools_app.command("list")
def tools_list(kb: KbOpt = None, role: RoleOpt = None, as_json: JsonOpt = False) -> None:
    """List the declared tools: arguments, side effects, allowed roles, and enabled toolsets."""
    lu, runner = _runner(kb)
    with lu:
        enabled = sorted(lu.store.toolsets())
        tools = runner.tools(role)
    if as_json:
        emit({"enabled": enabled, "tools": tools})
        return
    out.print(f"toolsets enabled: {', '.join(enabled) or 'none (luodi tools enable courier-demo)'}", highlight=False)
    for t in tools:
        params = t["parameters"]["properties"]
        sig = ", ".join(p + ("" if p in t["parameters"]["required"] else "?") for p in params)
        flag = "side effect, needs confirmation" if t["side_effect"] else "read-only"
        out.print(f"[bold]{escape(t['name'])}[/bold]({escape(sig)})  {flag}; roles: {escape(', '.join(t['roles']))}",
                  markup=True, highlight=False)
        out.print(f"  {t['description']}", style="dim", highlight=False)


@tools_app.command("enable")
def tools_enable(name: Annotated[str, typer.Argument(help="Toolset name, e.g. courier-demo.")],
                 kb: KbOpt = None, as_json: JsonOpt = False) -> None:
    """Turn a toolset on for a knowledge base (courier-demo creates its demo order database)."""
    lu, runner = _runner(kb)
    with lu:
        runner.enable(name)
        path = lu.settings.kb / "courier-demo.sqlite"
    if as_json:
        emit({"enabled": name, "database": str(path)})
    else:
        out.print(f"enabled {name} for {lu.settings.kb} (demo orders: {path})", highlight=False)


@tools_app.command("disable")
def tools_disable(name: str, kb: KbOpt = None) -> None:
    """Turn a toolset off (its calls and audit log stay)."""
    lu, _ = _runner(kb)
    with lu:
        done = lu.store.toolset_disable(name)
    out.print(f"disabled {name}" if done else f"{name} was not enabled", highlight=False)


@tools_app.command("confirm")
def tools_confirm(call_id: str, kb: KbOpt = None, user: UserOpt = None, role: RoleOpt = None,
                  tenant: TenantOpt = "default", as_json: JsonOpt = False,
                  now: Annotated[str | None, typer.Option(
                      "--now", help="Current time, ISO: a call whose time has passed is not run.")] = None) -> None:
    """Run a pending call. Confirming again (or concurrently) returns the first result: it runs once."""
    from luodi.timeutil import parse_now

    lu, runner = _runner(kb)
    with lu:
        call = runner.confirm(call_id, user=_who(user), role=role, now=parse_now(now), tenant=tenant)
    emit(call) if as_json else print_call(call)
    if call["status"] == "failed":
        raise typer.Exit(1)


@tools_app.command("reject")
def tools_reject(call_id: str, kb: KbOpt = None, user: UserOpt = None, role: RoleOpt = None,
                 tenant: TenantOpt = "default",
                 reason: Annotated[str, typer.Option(help="Why (kept in the audit log).")] = "",
                 as_json: JsonOpt = False) -> None:
    """Reject a pending call; it will never run."""
    lu, runner = _runner(kb)
    with lu:
        call = runner.reject(call_id, user=_who(user), role=role, tenant=tenant, reason=reason)
    emit(call) if as_json else print_call(call)


@tools_app.command("calls")
def tools_calls(kb: KbOpt = None, status: Annotated[str | None, typer.Option(help="Only this status.")] = None,
                tenant: TenantOpt = "default", limit: int = 50, as_json: JsonOpt = False) -> None:
    """List recent tool calls (newest first)."""
    from luodi.tools.runner import _view

    lu, _ = _runner(kb)
    with lu:
        calls = [_view(c) for c in lu.store.tool_calls(tenant, status, limit)]
    if as_json:
        emit(calls)
    else:
        for c in calls:
            print_call(c)


def audit_cmd(kb: KbOpt = None, tenant: TenantOpt = "default", limit: int = 200,
              call: Annotated[str | None, typer.Option("--call", help="Only this call id.")] = None,
              as_json: JsonOpt = False) -> None:
    """Show the append-only audit log of tool calls: who, what, arguments, result, when."""
    lu, _ = _runner(kb)
    with lu:
        rows = lu.store.audit_log(tenant, call_id=call, limit=limit)
    if as_json:
        emit(rows)
        return
    if not rows:
        out.print("no audited tool calls", highlight=False)
    for r in rows:
        args = ", ".join(f"{k}={v}" for k, v in r["arguments"].items())
        who = f"{r['user_id'] or '-'}/{r['role'] or '-'}"
        line = f"{r['at'][:19]}  {r['event']:11} {who:22} {r['call_id']}  {r['name']}({args})"
        out.print(line, highlight=False)
        if r["result"] is not None or r["note"]:
            from luodi.tools.courier import describe

            detail = describe(r["result"]) if isinstance(r["result"], dict) else r["note"]
            out.print(f"  {detail}", style="dim", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(tools_app, name="tools")
    app.command("audit")(audit_cmd)
