"""HTTP endpoints for sessions and user memory. Everything is scoped to the caller (tenant + user
of the API key): a caller can never read or forget another user's sessions or facts."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends
from pydantic import BaseModel, Field

from luodi.app import label
from luodi.errors import InputError
from luodi.server.deps import Id, get_luodi, get_principal

router = APIRouter(tags=["memory"])
PrincipalDep = Annotated[Any, Depends(get_principal)]
LuodiDep = Annotated[Any, Depends(get_luodi)]


class NewSession(BaseModel):
    session: str | None = Field(default=None, max_length=200)  # default: a random name
    user: str | None = Field(default=None, max_length=200)


class ForgetRequest(BaseModel):
    what: str = Field(min_length=1, max_length=200)
    user: str | None = Field(default=None, max_length=200)


def _user(principal: Any, requested: str | None = None) -> str:
    # A key bound to a user always acts as that user; an unbound key (or the open local server)
    # names the user in the request.
    user = principal.effective_user(requested) if hasattr(principal, "effective_user") \
        else (principal.user or requested)
    if not user:
        raise InputError("sessions and memory need a user: use a key bound to a user, or pass user=")
    return label(user, "user")


def _public(result: dict[str, Any]) -> dict[str, Any]:
    # Never echo forgotten values back.
    return {k: v for k, v in result.items() if k != "values"}


@router.get("/api/sessions")
def list_sessions(principal: PrincipalDep, lu: LuodiDep, user: str | None = None) -> dict:
    """The caller's sessions, most recent first, with their turn counts."""
    return {"sessions": lu.memory.sessions(_user(principal, user), principal.tenant)}


@router.post("/api/sessions")
def create_session(principal: PrincipalDep, lu: LuodiDep, body: NewSession | None = None) -> dict:
    """Create (or reopen) a session; ask with its name to continue the conversation."""
    from luodi.timeutil import now_iso

    # cleaned as an ask cleans it, or the session made here could not be reached from an ask
    name = label(body.session if body else None, "session") or uuid.uuid4().hex[:12]
    lu.store.memory_session(principal.tenant, _user(principal, body.user if body else None), name,
                            now_iso())
    return {"session": name}


@router.get("/api/sessions/{session}/turns")
def session_turns(session: str, principal: PrincipalDep, lu: LuodiDep, user: str | None = None) -> dict:
    """The turns of one of the caller's sessions (forgotten values appear masked)."""
    return {"session": session,
            "turns": lu.memory.turns(_user(principal, user), label(session, "session"), principal.tenant)}


@router.get("/api/memory")
def list_memory(principal: PrincipalDep, lu: LuodiDep, history: bool = False,
                user: str | None = None) -> dict:
    """What Luodi remembers about the caller (with replaced values when history=true)."""
    return {"facts": lu.memory.facts(_user(principal, user), principal.tenant, history=history)}


@router.delete("/api/memory/{fact_id}")
def forget_fact(fact_id: Id, principal: PrincipalDep, lu: LuodiDep, user: str | None = None) -> dict:
    """Forget one fact and its whole history (same key); past turns are masked."""
    return _public(lu.memory.forget(_user(principal, user), principal.tenant, fact_ids=[fact_id]))


@router.post("/api/memory/forget")
def forget_what(body: ForgetRequest, principal: PrincipalDep, lu: LuodiDep) -> dict:
    """Forget by words: {"what": "phone"} / {"what": "我的地址"} / {"what": "everything"}."""
    return _public(lu.memory.forget_what(_user(principal, body.user), body.what, principal.tenant))
