"""The HTTP endpoints, with the server's dependencies replaced by a fixed principal."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")


@pytest.fixture
def client(lu):
    from fastapi import FastAPI
    from fastapi.responses import JSONResponse
    from fastapi.testclient import TestClient

    from luodi.errors import LuodiError
    from luodi.server import deps
    from luodi.server.routes_tools import router

    role = {"value": "courier"}
    api = FastAPI()
    api.include_router(router)
    api.dependency_overrides[deps.get_principal] = lambda: deps.Principal("default", "k1", role["value"], "alice")
    api.dependency_overrides[deps.get_luodi] = lambda: lu

    @api.exception_handler(LuodiError)
    async def err(request, exc):
        return JSONResponse({"error": str(exc)}, status_code=exc.http_status)

    with TestClient(api) as c:
        c.role = role
        yield c


def test_confirm_reject_audit(client, lu, now):
    call = lu.ask("跟YT3018846620517的客户说我三点到", now=now, role="courier", user="alice").extra["tool_calls"][0]
    assert client.get("/api/tools").json()["enabled"] == ["courier-demo"]
    # a courier's key may not move the clock: its call's time would never pass
    r = client.post(f"/api/tools/{call['id']}/confirm", json={"now": now.isoformat()})
    assert r.status_code == 403 and "role admin" in r.json()["error"]
    client.role["value"] = "admin"  # the simulated time of the proposal needs an admin's key
    r1 = client.post(f"/api/tools/{call['id']}/confirm", json={"now": now.isoformat()})
    r2 = client.post(f"/api/tools/{call['id']}/confirm", json={"now": now.isoformat()})
    assert r1.status_code == r2.status_code == 200
    assert r1.json()["result"]["outbox_id"] == r2.json()["result"]["outbox_id"]
    other = lu.ask("跟YT3018846620517的客户说我五点到", now=now, role="courier", user="zoe").extra["tool_calls"][0]
    entries = client.get("/api/audit").json()["entries"]
    assert [e["event"] for e in entries] == ["proposed", "confirmed", "executed", "proposed"]
    assert entries[1]["user_id"] == "alice"
    client.role["value"] = "courier"  # another role sees only the calls its key took part in
    entries = client.get("/api/audit").json()["entries"]
    assert [e["event"] for e in entries] == ["proposed", "confirmed", "executed"]
    assert other["id"] not in {e["call_id"] for e in entries}
    # nor may it settle zoe's call: her notice is hers to send
    for action in ("confirm", "reject"):
        r = client.post(f"/api/tools/{other['id']}/{action}", json={})
        assert r.status_code == 403 and "another user" in r.json()["error"]
    assert lu.store.tool_call(other["id"])["status"] == "pending_confirmation"
    assert client.post("/api/tools/tc_nope/confirm").status_code == 404


def test_forbidden_role(client, lu, now):
    call = lu.ask("跟YT3018846620517的客户说我三点到", now=now, role="courier", user="alice").extra["tool_calls"][0]
    client.role["value"] = "viewer"
    assert client.post(f"/api/tools/{call['id']}/confirm").status_code == 403
    assert client.post(f"/api/tools/{call['id']}/reject", json={"reason": "no"}).status_code == 403  # nor cancel it
    client.role["value"] = "courier"
    assert client.post(f"/api/tools/{call['id']}/reject", json={"reason": "no"}).json()["status"] == "rejected"
