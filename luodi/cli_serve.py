"""`luodi serve` (HTTP API and web page) and `luodi admin` (tenants, API keys, store copies)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from luodi.cli_common import JsonOpt, KbOpt, emit

admin_app = typer.Typer(no_args_is_help=True,
                        help="Tenants and API keys for `luodi serve`; moving stores to PostgreSQL.")
tenant_app = typer.Typer(no_args_is_help=True, help="Create and list tenants.")
key_app = typer.Typer(no_args_is_help=True, help="Create, list and revoke API keys.")
admin_app.add_typer(tenant_app, name="tenant")
admin_app.add_typer(key_app, name="key")


def _registry():
    from luodi.config import luodi_home
    from luodi.server.tenants import TenantRegistry

    return TenantRegistry(luodi_home())


def serve(
    host: Annotated[str, typer.Option(help="Address to bind; without API keys only 127.0.0.1 is allowed.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port.", min=1, max=65535)] = 8000,
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge base of tenant \"default\" (default: $LUODI_KB or the user data folder).")] = None,
    log_level: Annotated[str, typer.Option(help="uvicorn log level.")] = "info",
) -> None:
    """Start the HTTP API (OpenAI-compatible /v1 and native /api) and the web page."""
    import uvicorn

    from luodi.server import create_app

    app = create_app(kb=kb, host=host)
    typer.echo(f"Luodi on http://{host}:{port}/  (API docs: /docs)", err=True)
    uvicorn.run(app, host=host, port=port, log_level=log_level, access_log=log_level == "debug")


@tenant_app.command("create")
def tenant_create(name: str, as_json: JsonOpt = False) -> None:
    """Create a tenant with its own knowledge base."""
    reg = _registry()
    try:
        reg.create_tenant(name)
        kb = reg.kb_dir(name)
    finally:
        reg.close()
    if as_json:
        emit({"tenant": name, "kb": str(kb)})
    else:
        typer.echo(f"created tenant {name} (knowledge base {kb})")


@tenant_app.command("list")
def tenant_list(as_json: JsonOpt = False) -> None:
    """List tenants and their active keys."""
    reg = _registry()
    try:
        rows = reg.tenants()
    finally:
        reg.close()
    if as_json:
        emit(rows)
        return
    for r in rows:
        typer.echo(f"{r['name']:24} {r['active_keys']} active keys  created {r['created_at'][:19]}")
    if not rows:
        typer.echo("no tenants: `luodi admin tenant create NAME`")


@key_app.command("create")
def key_create(
    tenant: str,
    role: Annotated[str, typer.Option(help="admin (may upload, forget, see costs), service (may act for the users it names), user, or a tool role.")] = "user",
    user: Annotated[str | None, typer.Option(help="Bind the key to this user (ledger, memory).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an API key; it is printed once and only its hash is kept."""
    from luodi.tools.registry import KNOWN_ROLES

    reg = _registry()
    try:
        rec, key = reg.create_key(tenant, role, user)
    finally:
        reg.close()
    if as_json:
        emit(rec.to_dict() | {"key": key})
    else:
        typer.echo(key)
        typer.echo(f"key id {rec.key_id} for tenant {tenant}, role {role}"
                   + (f", user {user}" if user else "") + ". Store the key now: it is not shown again.",
                   err=True)
    if role not in KNOWN_ROLES | {"user"}:  # free-form on purpose (a deployment's own tool roles)
        typer.echo(f"note: role {role!r} is none of {', '.join(sorted(KNOWN_ROLES | {'user'}))}; unless a "
                   "registered tool names it, this key may ask and use read-only tools only", err=True)


@key_app.command("list")
def key_list(tenant: Annotated[str | None, typer.Argument()] = None, as_json: JsonOpt = False) -> None:
    """List keys (ids, never the keys themselves)."""
    reg = _registry()
    try:
        keys = reg.keys(tenant)
    finally:
        reg.close()
    if as_json:
        emit([k.to_dict() for k in keys])
        return
    for k in keys:
        state = f"revoked {k.revoked_at[:19]}" if k.revoked_at else "active"
        typer.echo(f"{k.key_id}  {k.tenant:16} {k.role:8} {k.user or '-':12} {state}")


@key_app.command("revoke")
def key_revoke(key_id: str, as_json: JsonOpt = False) -> None:
    """Revoke a key by its id; requests with it get 401 from then on."""
    reg = _registry()
    try:
        rec = reg.revoke_key(key_id)
    finally:
        reg.close()
    if as_json:
        emit(rec.to_dict())
    else:
        typer.echo(f"revoked {rec.key_id} ({rec.tenant})")


@admin_app.command("copy-store")
def copy_store(
    to: Annotated[str, typer.Option("--to", help="The empty store to fill: postgresql://USER@HOST/DB[?schema=NAME] or sqlite:///PATH.")],
    kb: KbOpt = None, as_json: JsonOpt = False,
) -> None:
    """Copy a knowledge base's whole store into another (e.g. SQLite to PostgreSQL).

    Documents, vectors, memory, ledger, tool calls and audit log, ids kept and nothing
    re-embedded, into an empty store; then point LUODI_STORE at it.
    """
    from luodi.cli_common import open_kb
    from luodi.cli_progress import steps_bar
    from luodi.errors import InputError
    from luodi.store.base import open_store
    from luodi.store.copy import copy_store as copy_rows
    from luodi.store.copy import describe

    with open_kb(kb, existing=True) as lu:
        if lu.settings.store_url == to:
            raise InputError("--to names the store being copied: give another one")
        bar = steps_bar(disable=as_json)
        tasks: dict[str, object] = {}

        def step(table: str, done: int, total: int) -> None:
            if table not in tasks:
                tasks[table] = bar.add_task(table, total=total)
            bar.update(tasks[table], completed=done)

        target = open_store(to)
        try:
            with bar:
                counts = copy_rows(lu.store, target, step)
            where = target.url
        finally:
            target.close()
    if as_json:
        emit({"from": lu.store.url, "to": where, "rows": counts})
    else:
        typer.echo(f"copied {describe(counts)} to {where}")


@admin_app.command("copy-server")
def copy_server(
    to: Annotated[str, typer.Option("--to", help="An empty PostgreSQL database: postgresql://USER@HOST/DB.")],
    kb: Annotated[Path | None, typer.Option("--kb", help="Knowledge base of tenant \"default\" (default: $LUODI_KB or the user data folder).")] = None,
    as_json: JsonOpt = False,
) -> None:
    """Move a whole server (tenants, API keys, every knowledge base) into PostgreSQL.

    Its tenants and API keys, the default knowledge base and every tenant's (each into its own
    schema) go into an empty database. Then serve with LUODI_STORE set to the same URL: every key
    keeps working. After a failure, drop the database and run it again.
    """
    from luodi.config import load_settings, luodi_home
    from luodi.errors import InputError
    from luodi.server.tenants import TenantRegistry
    from luodi.store.base import is_postgres, tenant_url

    if not is_postgres(to):
        raise InputError("--to must be a postgresql:// URL")
    source = TenantRegistry(luodi_home(), store="")
    target = TenantRegistry(luodi_home(), store=to)
    bases: dict[str, int] = {}  # tenant -> rows copied
    try:
        if target.tenants():
            raise InputError("the target database already has tenants: copy into an empty one")
        folders = {"default": load_settings(kb).kb,
                   **{t["name"]: source.kb_dir(t["name"]) for t in source.tenants() if t["name"] != "default"}}
        for tenant, folder in folders.items():
            if (folder / "kb.db").exists():
                bases[tenant] = _copy_kb(folder, to if tenant == "default" else tenant_url(to, tenant))
        # last, in one transaction: a database left half-copied by a failure has no keys to serve
        registry = source.copy_into(target)
    finally:
        source.close()
        target.close()
    if as_json:
        emit({"registry": registry, "knowledge_bases": bases})
    else:
        listed = ", ".join(f"{t} ({n} rows)" for t, n in bases.items()) or "none"
        typer.echo(f"copied {registry['tenants']} tenants and {registry['keys']} keys; knowledge "
                   f"bases: {listed}. Now serve with LUODI_STORE set to that URL.")


def _copy_kb(folder: Path, url: str) -> int:
    from luodi.store.base import open_store
    from luodi.store.copy import copy_store as copy_rows

    src, dst = open_store(f"sqlite:///{folder / 'kb.db'}"), open_store(url)
    try:
        return sum(copy_rows(src, dst).values())
    finally:
        src.close()
        dst.close()


def register(app: typer.Typer) -> None:
    app.command("serve")(serve)
    app.add_typer(admin_app, name="admin")
