"""The memory endpoints through the real app: every call is scoped to the key's tenant and user."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")


@pytest.fixture
def client(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_MODE", "extractive")
    from fastapi.testclient import TestClient

    from luodi.server.app import create_app

    app = create_app(tmp_path / "home", kb=tmp_path / "kb")
    reg = app.state.luodi.registry
    if not reg.tenant_exists("default"):
        reg.create_tenant("default")
    keys = {u: {"Authorization": f"Bearer {reg.create_key('default', 'user', u)[1]}"} for u in ("ann", "ben")}
    yield TestClient(app), keys
    app.state.luodi.close()


def test_sessions_facts_and_forgetting(client):
    c, keys = client
    ann, ben = keys["ann"], keys["ben"]
    assert c.post("/api/sessions", json={"session": "s1"}, headers=ann).json() == {"session": "s1"}
    r = c.post("/api/ask", json={"question": "我的电话是13812345678", "session": "s1"}, headers=ann)
    assert r.status_code == 200 and "13812345678" in r.json()["answer"]
    c.post("/api/ask", json={"question": "I work at the Haidian depot", "session": "s1"}, headers=ann)
    facts = c.get("/api/memory", headers=ann).json()["facts"]
    assert {f["key"] for f in facts} == {"phone", "depot"}
    assert c.get("/api/memory", headers=ben).json()["facts"] == []
    [s] = c.get("/api/sessions", headers=ann).json()["sessions"]
    assert s["session"] == "s1" and s["turns"] == 4
    assert c.get("/api/sessions", headers=ben).json()["sessions"] == []
    assert c.get("/api/sessions/s1/turns", headers=ben).status_code == 404

    phone = next(f for f in facts if f["key"] == "phone")
    assert c.delete(f"/api/memory/{phone['id']}", headers=ben).status_code == 404  # not ben's
    out = c.delete(f"/api/memory/{phone['id']}", headers=ann).json()
    assert out["facts"] == 1 and out["turns_masked"] == 2 and "values" not in out
    turns = c.get("/api/sessions/s1/turns", headers=ann).json()["turns"]
    assert all("13812345678" not in t["content"] for t in turns)

    out = c.post("/api/memory/forget", json={"what": "depot"}, headers=ann).json()
    assert out["keys"] == ["depot"] and c.get("/api/memory", headers=ann).json()["facts"] == []
    assert c.post("/api/memory/forget", json={"what": "天气"}, headers=ann).status_code in (400, 422)
