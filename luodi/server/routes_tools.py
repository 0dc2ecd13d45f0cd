"""HTTP endpoints for actions: list tools, confirm or reject a proposed call, read the audit log.

Included by the server when present. The caller's tenant and role come from the API key
(`get_principal`); a call can only be confirmed within its own tenant, and the confirmer's role
must be allowed to use the tool. Confirming twice returns the first result (the call ran once).
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from luodi.server.deps import ForbiddenError, get_luodi, get_principal

router = APIRouter(tags=["tools"])
OWN_ROWS_SCANNED = 20_000  # the tenant's latest rows a non-admin key's own are looked for in
Who = Annotated[Any, Depends(get_principal)]
KB = Annotated[Any, Depends(get_luodi)]


class RejectBody(BaseModel):
    reason: str = Field(default="", max_length=500)


class ConfirmBody(BaseModel):
    now: datetime | None = Field(default=None, description="Current time, ISO 8601: a call whose "
                                 "time has passed is not run; without a zone it is the server's local time")


def _runner(lu: Any):
    from luodi.tools.runner import runner_for

    return runner_for(lu)


@router.get("/api/tools")
def list_tools(principal: Who, lu: KB) -> dict[str, Any]:
    """The declared tools, whether the caller's role may use each, and the enabled toolsets."""
    runner = _runner(lu)
    return {"enabled": sorted(lu.store.toolsets()), "role": principal.role, "tools": runner.tools(principal.role)}


@router.post("/api/tools/{call_id}/confirm")
def confirm_call(call_id: str, principal: Who, lu: KB, body: ConfirmBody | None = None) -> dict[str, Any]:
    """Run a pending call once; a repeated or concurrent confirmation returns the same result."""
    runner = _own(lu, principal, call_id)
    return runner.confirm(call_id, user=principal.user or principal.key_id, role=principal.role,
                          tenant=principal.tenant, now=principal.clock(body.now if body else None))


@router.post("/api/tools/{call_id}/reject")
def reject_call(call_id: str, principal: Who, lu: KB, body: RejectBody | None = None) -> dict[str, Any]:
    runner = _own(lu, principal, call_id)
    return runner.reject(call_id, user=principal.user or principal.key_id, role=principal.role,
                         tenant=principal.tenant, reason=body.reason if body else "")


def _own(lu: Any, principal: Any, call_id: str):
    """The runner, when the caller may settle this call: an admin any of the tenant's, any other
    key the calls of its user (one courier's key does not send another's notices). A call asked
    for by no user (a key bound to none) is any such key's: they cannot be told apart."""
    runner = _runner(lu)
    call = runner.call(call_id, principal.tenant)
    if principal.role != "admin" and call["user_id"] != principal.user:
        raise ForbiddenError(f"call {call_id} was proposed by another user: only they, or an admin key, "
                             "may confirm or reject it")
    return runner


@router.get("/api/audit")
def audit(principal: Who, lu: KB, limit: int = 200, call: str | None = None) -> dict[str, Any]:
    """The tenant's audit rows, oldest first: all of them for role admin; for any other key, the
    rows of the calls it took part in (the log names customers and what they were told)."""
    limit = max(1, min(limit, 1000))
    if principal.role == "admin":
        return {"tenant": principal.tenant, "entries": lu.store.audit_log(principal.tenant, call_id=call, limit=limit)}
    me = {principal.user or principal.key_id, principal.key_id} - {None}
    rows = lu.store.audit_log(principal.tenant, call_id=call, limit=OWN_ROWS_SCANNED)
    mine = {r["call_id"] for r in rows if r["user_id"] in me}
    return {"tenant": principal.tenant, "entries": [r for r in rows if r["call_id"] in mine][-limit:]}
