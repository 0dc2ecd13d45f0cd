"""Tenant isolation: every endpoint tried with missing, wrong, revoked and other tenants' keys
and ids answers 401/403/404 — never the other tenant's data."""

from __future__ import annotations

import re

import pytest

# Strings only acme's documents contain; none may ever reach a globex caller.
ACME_SECRETS = ("顺达", "400-800-1234", "500元", "Acme", "oversize", "claims.md", "alice")
ACME_Q = "未保价快件丢失最多赔多少钱？"


def assert_no_acme(text: str) -> None:
    for s in ACME_SECRETS:
        assert s not in text, f"acme data {s!r} leaked: {text[:300]}"


def routes(client):
    """Every operation in the OpenAPI document (including the memory and tools routers)."""
    out = []
    for path, ops in client.get("/openapi.json").json()["paths"].items():
        if path != "/api/health":
            out += [(m.upper(), re.sub(r"\{[^}]+\}", "1", path)) for m in ops]
    return out


def test_every_route_needs_a_valid_key(client, home):
    found = routes(client)
    assert len(found) >= 10
    for method, path in found:
        for headers in ({}, {"Authorization": "Bearer wrong"}, home.auth("revoked"),
                        {"x-api-key": "lk_" + "a" * 12 + "_" + "b" * 43}):
            r = client.request(method, path, headers=headers, json={})
            assert r.status_code == 401, (method, path, headers, r.status_code, r.text)
            assert_no_acme(r.text)


@pytest.mark.parametrize("method, path", [
    ("POST", "/api/documents"), ("DELETE", "/api/documents/1"), ("GET", "/api/costs")])
def test_admin_routes_refuse_user_role(client, home, method, path):
    r = client.request(method, path, headers=home.auth("acme_user"))
    assert r.status_code == 403 and "role admin" in r.json()["error"]["message"]


def test_other_tenants_document_and_chunk_ids_are_404(client, home):
    acme, globex = home.auth("acme_admin"), home.auth("globex_admin")
    acme_docs = client.get("/api/documents", headers=acme).json()["documents"]
    globex_ids = {d["id"] for d in client.get("/api/documents", headers=globex).json()["documents"]}
    only_acme = [d["id"] for d in acme_docs if d["id"] not in globex_ids]
    assert only_acme, "fixture needs acme ids that globex lacks"
    chunk_ids = set()
    for doc_id in only_acme:
        assert client.get(f"/api/documents/{doc_id}", headers=acme).status_code == 200
        for path in (f"/api/documents/{doc_id}", f"/api/documents/{doc_id}?text=1"):
            r = client.get(path, headers=globex)
            assert r.status_code == 404, r.text
            assert_no_acme(r.text)
        r = client.delete(f"/api/documents/{doc_id}", headers=globex)
        assert r.status_code == 404 and client.get(f"/api/documents/{doc_id}", headers=acme).status_code == 200
    for q in ("索赔", "oversize parcels", "客服热线"):
        chunk_ids |= {h["chunk"] for h in client.get("/api/search", params={"q": q}, headers=acme).json()["hits"]}
    globex_chunks = {h["chunk"] for h in client.get("/api/search", params={"q": "保管"}, headers=globex).json()["hits"]}
    for cid in chunk_ids - globex_chunks:
        assert client.get(f"/api/chunks/{cid}", headers=acme).status_code == 200
        r = client.get(f"/api/chunks/{cid}", headers=globex)
        assert r.status_code == 404
        assert_no_acme(r.text)


def test_overlapping_ids_show_only_the_callers_own_data(client, home):
    globex = home.auth("globex_admin")
    r = client.get("/api/documents/1?text=1", headers=globex)  # acme also has a document 1
    assert r.status_code == 200 and "保管" in r.json()["text"]
    assert_no_acme(r.text)
    r = client.get("/api/chunks/1", headers=globex)
    assert r.status_code in (200, 404)
    assert_no_acme(r.text)


def test_search_ask_chat_costs_see_only_own_tenant(client, home):
    acme, globex = home.auth("acme_user"), home.auth("globex_admin")
    # acme asks first: its answer is now cached and in its ledger and session
    a = client.post("/api/ask", json={"question": ACME_Q, "session": "shared-1"}, headers=acme).json()
    assert "500元" in a["answer"]
    checks = [
        client.get("/api/search", params={"q": "顺达 赔偿 500元"}, headers=globex),
        client.post("/api/ask", json={"question": ACME_Q}, headers=globex),
        client.post("/api/ask", json={"question": "那最多是多少？", "session": "shared-1"}, headers=globex),
        client.post("/v1/chat/completions", headers=globex,
                    json={"messages": [{"role": "user", "content": ACME_Q}], "session": "shared-1"}),
        client.post("/v1/chat/completions", headers=globex,
                    json={"messages": [{"role": "user", "content": ACME_Q}], "stream": True}),
        client.get("/api/costs", params={"by": "user"}, headers=globex),
        client.get("/api/documents", headers=globex),
        client.get("/v1/models", headers=globex),
    ]
    for r in checks:
        assert r.status_code == 200, r.text
        assert_no_acme(r.text.replace("顺达 赔偿 500元", ""))  # the search echoes its query
    assert checks[1].json()["abstained"] and not checks[1].json().get("cached")


def test_upload_lands_in_own_tenant_only(client, home):
    globex, acme = home.auth("globex_admin"), home.auth("acme_admin")
    r = client.post("/api/documents", headers=globex,
                    files=[("files", ("globex-only.md", "# 冷库\n\n冷库温度保持在零下18度。".encode(), "text/markdown"))])
    assert r.status_code == 200 and r.json()["results"][0]["status"] == "added"
    assert "globex-only" not in client.get("/api/documents", headers=acme).text
    assert "globex-only" in client.get("/api/documents", headers=globex).text
    r = client.post("/api/ask", json={"question": "冷库温度是多少？"}, headers=acme)
    assert "零下18度" not in r.json()["answer"]


def test_only_admin_and_service_keys_act_for_a_named_user(client, home):
    """An unbound end-user key naming a user would read and continue that user's conversations."""
    unbound, service = home.auth("acme_unbound"), home.auth("acme_service")
    assert client.post("/api/ask", headers=service, json={"question": ACME_Q, "user": "erin",
                                                           "session": "e1"}).status_code == 200
    for r in (client.get("/api/sessions", params={"user": "erin"}, headers=unbound),
              client.get("/api/sessions/e1/turns", params={"user": "erin"}, headers=unbound),
              client.get("/api/memory", params={"user": "erin"}, headers=unbound),
              client.post("/api/ask", headers=unbound, json={"question": ACME_Q, "user": "erin", "session": "e1"}),
              client.post("/v1/chat/completions", headers=unbound, json={
                  "user": "erin", "session": "e1", "messages": [{"role": "user", "content": "那最多是多少？"}]})):
        assert r.status_code == 403, r.text
        assert "not bound to a user" in r.json()["error"]["message"] and "--user" in r.text
        assert "500元" not in r.text
    assert client.post("/api/ask", headers=unbound, json={"question": ACME_Q}).status_code == 200  # no user: stateless
    turns = client.get("/api/sessions/e1/turns", params={"user": "erin"}, headers=service).json()["turns"]
    assert [t["role"] for t in turns] == ["user", "assistant"]


def test_only_admin_keys_move_the_clock(client, home):
    """`now` is a testing aid; from another key it would run an action long past its time."""
    user, admin = home.auth("acme_user"), home.auth("acme_admin")
    r = client.post("/api/ask", headers=user, json={"question": ACME_Q, "now": "2026-01-01T10:00"})
    assert r.status_code == 403 and "role admin" in r.json()["error"]["message"]
    from datetime import datetime, timedelta, timezone

    present = datetime.now(timezone(timedelta(hours=8))).isoformat()  # the present, in the caller's zone
    assert client.post("/api/ask", headers=user, json={"question": ACME_Q, "now": present}).status_code == 200
    assert client.post("/api/ask", headers=admin, json={"question": ACME_Q, "now": "2026-01-01T10:00"}).status_code == 200
