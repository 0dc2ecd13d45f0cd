"""FastAPI dependencies: who is asking (`get_principal`) and their knowledge base (`get_luodi`).

Other routers (memory, tools) use these two and nothing else to stay inside one tenant.
"""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from urllib.parse import urlsplit

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from luodi.errors import LuodiError
from luodi.server.limits import Gate, RateLimiter, ServerLimits
from luodi.server.tenants import DEFAULT_TENANT, LuodiPool, TenantRegistry
from luodi.timeutil import parse_now

ACTS_FOR_USERS = ("admin", "service")  # roles whose unbound keys may name the user they act for
NOW_SKEW = timedelta(minutes=10)  # a client's clock may be this far off and still be "now"


class AuthError(LuodiError):
    http_status = 401


class ForbiddenError(LuodiError):
    http_status = 403


@dataclass(frozen=True)
class Principal:
    tenant: str
    key_id: str | None
    role: str
    user: str | None

    def effective_user(self, requested: str | None) -> str | None:
        """A key bound to a user always acts as that user. An unbound key names the user it acts
        for only with role admin or service (a backend serving its own users): an unbound user
        key naming anyone would read and continue every user's conversations and facts."""
        if self.user or not requested:
            return self.user
        if self.role not in ACTS_FOR_USERS:
            raise ForbiddenError(
                f"this key (role {self.role}) is not bound to a user, so it may not act for user "
                f"{requested!r}: create a key for that user with `luodi admin key create "
                f"{self.tenant} --user NAME`, or use a key with role service or admin")
        return requested

    def clock(self, now: datetime | str | None) -> datetime:
        """The request's `now`. Only role admin may set another time (a testing aid: run from
        any other key it would let a caller run an action past its time); any key may give the
        present moment in its own zone, for its relative dates."""
        when = parse_now(now)
        if now and self.role != "admin" and abs(when - datetime.now(UTC)) > NOW_SKEW:
            raise ForbiddenError(f"now {when.isoformat()} is not the present: only a key with "
                                 f"role admin may set another time (leave now out, or send the "
                                 f"current time with your zone)")
        return when


@dataclass
class ServerState:
    registry: TenantRegistry
    pool: LuodiPool
    limits: ServerLimits
    rate: RateLimiter
    gate: Gate
    open_ok: bool  # no keys and bound to loopback: local development without auth

    def close(self) -> None:
        self.pool.close()
        self.registry.close()


def state(request: Request) -> ServerState:
    return request.app.state.luodi


def is_loopback(host: str) -> bool:
    if host in ("localhost",):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _local_caller(request: Request) -> None:
    """Open mode (no keys, loopback) trusts whoever can reach the port, which a web page can too:
    a form posted from another site carries no preflight (CSRF), and a site whose name is made to
    resolve to 127.0.0.1 reads the answers (DNS rebinding). So the request must be addressed to
    a loopback name and come from no other site."""
    host = urlsplit(f"//{request.headers.get('host', '')}").hostname or ""
    origin = request.headers.get("origin")
    foreign = request.headers.get("sec-fetch-site") == "cross-site" or (
        origin is not None and not is_loopback(urlsplit(origin).hostname or ""))
    if not is_loopback(host) or foreign:
        raise ForbiddenError("this server runs without API keys, so it answers only requests to "
                             "localhost from this machine's own pages; to serve other hosts or "
                             "pages, create a key with `luodi admin key create TENANT`")


def _presented_key(request: Request) -> str | None:
    auth = request.headers.get("authorization")
    if auth:
        scheme, _, value = auth.partition(" ")
        return value.strip() if scheme.lower() == "bearer" else None
    return request.headers.get("api-key") or request.headers.get("x-api-key")


# Declares the scheme in the OpenAPI document; the key itself is read by `_presented_key`, which
# also accepts the `api-key` / `x-api-key` headers that OpenAI client variants send.
bearer = HTTPBearer(auto_error=False, description="An API key from `luodi admin key create`")


def get_principal(
    request: Request, _creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer)]
) -> Principal:
    """Authenticate the request (and count it against its key's rate limit)."""
    st = state(request)
    key = _presented_key(request)
    if not st.registry.has_keys():
        if not st.open_ok:
            raise AuthError("this server has no API keys yet: create one with "
                            "`luodi admin key create TENANT`")
        _local_caller(request)
        principal = Principal(DEFAULT_TENANT, None, "admin", None)
        client = request.client.host if request.client else "local"
        st.rate.check(f"open:{client}")
        return principal
    if not key:
        raise AuthError("missing API key: send `Authorization: Bearer <key>`")
    rec = st.registry.authenticate(key)
    if rec is None:
        raise AuthError("invalid or revoked API key")
    st.rate.check(rec.key_id)
    return Principal(rec.tenant, rec.key_id, rec.role, rec.user)


PrincipalDep = Annotated[Principal, Depends(get_principal)]
Id = Annotated[int, Path(ge=1, le=2**53)]  # a row id in a path: past SQLite's integers is a 422, not a 500


def require_admin(principal: PrincipalDep) -> Principal:
    if principal.role != "admin":
        raise ForbiddenError(f"this needs a key with role admin (this key's role is {principal.role})")
    return principal


def get_luodi(request: Request, principal: PrincipalDep) -> Any:
    """The tenant's own `Luodi`: every id a route looks up is looked up in this store only."""
    return state(request).pool.get(principal.tenant)


def get_admin_luodi(request: Request, principal: Annotated[Principal, Depends(require_admin)]) -> Any:
    return state(request).pool.get(principal.tenant)


LuodiDep = Annotated[Any, Depends(get_luodi)]  # the caller's tenant's Luodi
AdminLuodiDep = Annotated[Any, Depends(get_admin_luodi)]  # the same, for role admin only


# The library's messages name the command that helps at a terminal; over HTTP, the route
_ROUTES = ((re.compile(r"`?luodi tools confirm (\w+)`?"), r"`POST /api/tools/\1/confirm`"),
           (re.compile(r"`luodi docs list`"), "`GET /api/documents`"),
           (re.compile(r"`luodi docs show (\d+)`"), r"`GET /api/documents/\1`"),
           (re.compile(r"`luodi audit`"), "`GET /api/audit`"))


def for_http(text: str) -> str:
    """`text` with the CLI commands it suggests given as the HTTP routes that do the same."""
    for pattern, route in _ROUTES:
        text = pattern.sub(route, text)
    return text
