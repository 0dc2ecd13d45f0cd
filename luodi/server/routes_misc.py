"""Costs (the tenant's own ledger) and health."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool

import luodi
from luodi.errors import InputError
from luodi.server.deps import AdminLuodiDep, state
from luodi.server.schemas import ERRORS, CostsOut, HealthOut

router = APIRouter(responses=ERRORS)
SUMS = ("calls", "cached", "tokens_in", "tokens_out", "cost_li", "unpriced")


def _when(name: str, value: str | None) -> str | None:
    if value is None:
        return None
    try:
        datetime.fromisoformat(value)
    except ValueError as exc:
        raise InputError(f"{name}={value!r} is not a date or ISO time; use e.g. 2026-05-01") from exc
    return value


@router.get("/api/costs", response_model=CostsOut, tags=["native"])
async def costs(lu: AdminLuodiDep, by: Literal["day", "model", "user", "tenant", "purpose"] = "day",
                since: Annotated[str | None, Query(max_length=40, description="First day or ISO time")] = None,
                until: Annotated[str | None, Query(max_length=40, description="End (exclusive)")] = None) -> Any:
    """The tenant's ledger summed per day, model or user: calls, tokens, cost in 厘. Admin only."""
    from luodi.ledger import Ledger

    since, until = _when("since", since), _when("until", until)

    def work() -> list[dict[str, Any]]:
        try:
            return Ledger.from_config(lu.store, lu.settings.raw).costs(by, since, until)
        except (ValueError, OverflowError) as exc:
            raise InputError(f"since/until out of range: {exc}") from exc

    rows = await run_in_threadpool(work)
    total: dict[str, Any] = {by: "total", **{k: sum(r.get(k, 0) for r in rows) for k in SUMS}}
    total["cost_li"] = round(total["cost_li"], 6)
    return {"by": by, "rows": rows, "total": total}


@router.get("/api/health", response_model=HealthOut, tags=["native"])
async def health(request: Request) -> Any:
    """Liveness, without a key. `auth` says whether requests need one."""
    has_keys = await run_in_threadpool(state(request).registry.has_keys)
    return {"status": "ok", "version": luodi.__version__, "auth": has_keys or not state(request).open_ok}
