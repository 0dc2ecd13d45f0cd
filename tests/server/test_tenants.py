"""Tenant registry, API keys (hashed at rest), open local mode, and the admin commands."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from luodi.errors import ConfigError, InputError, NotFoundError
from luodi.server.tenants import TenantRegistry, hash_key

from .conftest import fast_env


@pytest.fixture
def reg(tmp_path):
    r = TenantRegistry(tmp_path)
    yield r
    r.close()


def test_keys_are_stored_as_hashes_only(reg, tmp_path):
    reg.create_tenant("acme")
    rec, key = reg.create_key("acme", "admin", "alice")
    assert key.startswith(f"lk_{rec.key_id}_")
    raw = (tmp_path / "server.db").read_bytes()
    assert key.encode() not in raw and key.split("_", 2)[2].encode() not in raw
    row = sqlite3.connect(tmp_path / "server.db").execute("SELECT key_hash FROM api_keys").fetchone()
    assert row[0] == hash_key(key)
    assert reg.authenticate(key) == rec


def test_authenticate_rejects_wrong_tampered_and_revoked(reg):
    reg.create_tenant("acme")
    rec, key = reg.create_key("acme")
    assert reg.authenticate(key[:-1] + ("A" if key[-1] != "A" else "B")) is None
    assert reg.authenticate("lk_" + "0" * 12 + "_" + "x" * 43) is None
    assert reg.authenticate("") is None and reg.authenticate("Bearer " + key) is None
    assert reg.revoke_key(rec.key_id).revoked_at
    assert reg.authenticate(key) is None
    assert reg.has_keys()  # a revoked key still means this server uses keys


@pytest.mark.parametrize("name", ["", "Acme", "a b", "../etc", "-x", "x" * 64, "租户"])
def test_bad_tenant_names(reg, name):
    with pytest.raises(InputError):
        reg.create_tenant(name)


def test_key_needs_existing_tenant_and_sane_role(reg):
    with pytest.raises(NotFoundError, match="admin tenant create"):
        reg.create_key("nope")
    reg.create_tenant("acme")
    with pytest.raises(InputError):
        reg.create_key("acme", role="Admin; drop")
    with pytest.raises(InputError, match="already exists"):
        reg.create_tenant("acme")
    with pytest.raises(NotFoundError):
        reg.revoke_key("ffffffffffff")


def test_open_mode_only_on_loopback_and_only_without_keys(tmp_path, monkeypatch):
    from fastapi.testclient import TestClient

    from luodi.server import create_app

    fast_env(monkeypatch, tmp_path)
    with pytest.raises(ConfigError, match="refusing to serve 0.0.0.0"):
        create_app(tmp_path, host="0.0.0.0")
    with TestClient(create_app(tmp_path, kb=tmp_path / "kb"), base_url="http://localhost:8000") as c:
        assert c.get("/api/documents").status_code == 200  # local development: no key needed
        assert c.get("/api/health").json()["auth"] is False
        for addr in ("http://127.0.0.1:8000", "http://[::1]:8000"):
            assert c.get(f"{addr}/api/documents").status_code == 200
        assert c.get("/api/documents", headers={"Origin": "http://localhost:8000",
                                                "Sec-Fetch-Site": "same-origin"}).status_code == 200
        # but not for another site's page: a cross-site form post (CSRF), or a name of its own
        # resolved to 127.0.0.1 (DNS rebinding)
        upload = {"files": ("poison.md", "# 运费\n\n运费全部免费。\n".encode(), "text/markdown")}
        for headers in ({"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"},
                        {"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
            r = c.post("/api/documents", files=upload, headers=headers)
            assert r.status_code == 403 and "luodi admin key create" in r.json()["error"]["message"]
        assert c.get("http://attacker.example:8000/api/documents").status_code == 403
        assert c.get("/api/documents").json()["documents"] == []  # nothing was uploaded
        reg = TenantRegistry(tmp_path)
        reg.create_tenant("acme")
        _, key = reg.create_key("acme", "admin")
        reg.close()
        # from the first key on, every request needs one, even on loopback
        assert c.get("/api/documents").status_code == 401
        assert c.get("/api/documents", headers={"Authorization": f"Bearer {key}"}).status_code == 200
    create_app(tmp_path, host="0.0.0.0")  # with keys, any address is allowed


def test_admin_commands(tmp_path, monkeypatch):
    from luodi.cli import app

    fast_env(monkeypatch, tmp_path)
    runner = CliRunner()
    r = runner.invoke(app, ["admin", "tenant", "create", "acme"])
    assert r.exit_code == 0, r.output
    r = runner.invoke(app, ["admin", "key", "create", "acme", "--role", "admin", "--user", "ann", "--json"])
    created = json.loads(r.stdout)
    assert created["key"].startswith("lk_") and created["role"] == "admin" and created["user"] == "ann"
    r = runner.invoke(app, ["admin", "key", "create", "acme", "--role", "superuser"])  # not an admin: say so
    assert r.exit_code == 0 and "role 'superuser' is none of admin, courier" in r.stderr
    assert "is none of" not in runner.invoke(app, ["admin", "key", "create", "acme", "--role", "courier"]).stderr
    r = runner.invoke(app, ["admin", "tenant", "list", "--json"])
    assert json.loads(r.stdout)[0] == {"name": "acme", "created_at": json.loads(r.stdout)[0]["created_at"],
                                       "active_keys": 3}
    r = runner.invoke(app, ["admin", "key", "list", "--json"])
    assert "key" not in json.loads(r.stdout)[0]
    r = runner.invoke(app, ["admin", "key", "revoke", created["key_id"]])
    assert r.exit_code == 0 and "revoked" in r.stdout
    reg = TenantRegistry(tmp_path)
    assert reg.authenticate(created["key"]) is None
    reg.close()


def test_serve_refuses_open_non_loopback(tmp_path, monkeypatch):
    from luodi.cli import app

    fast_env(monkeypatch, tmp_path)
    r = CliRunner().invoke(app, ["serve", "--host", "0.0.0.0", "--port", "1"])
    assert r.exit_code != 0 and isinstance(r.exception, ConfigError)


def test_tenants_of_one_configured_store_never_share_tables(store_url, tmp_path, monkeypatch):
    """LUODI_STORE names one store for the whole server: each tenant gets its own schema of
    that PostgreSQL database (or its own file beside that SQLite file)."""
    from luodi.server.tenants import DEFAULT_TENANT, LuodiPool

    from .conftest import ACME_RULES, GLOBEX_RULES

    fast_env(monkeypatch, tmp_path / "home")
    monkeypatch.setenv("LUODI_STORE", store_url)
    registry = TenantRegistry(tmp_path / "home")
    for name in ("acme", "globex-2"):
        registry.create_tenant(name)
    pool = LuodiPool(registry, default_kb=tmp_path / "kb")
    try:
        for tenant, name, text in (("acme", "claims.md", ACME_RULES),
                                   ("globex-2", "storage.md", GLOBEX_RULES)):
            res = pool.get(tenant).ingest_bytes(text.encode(), name, uri=f"upload:{name}", consent=True)
            assert res.status == "added"
        assert [d.uri for d in pool.get("acme").store.documents()] == ["upload:claims.md"]
        assert [d.uri for d in pool.get("globex-2").store.documents()] == ["upload:storage.md"]
        assert pool.get(DEFAULT_TENANT).store.documents() == []
        hits = pool.get("globex-2").search("未保价快件丢失最多赔多少钱？")
        assert all("顺达" not in h.text and "500元" not in h.text for h in hits)
    finally:
        pool.close()
        registry.close()


def test_tenant_store_urls():
    from luodi.store.base import tenant_url

    assert tenant_url("sqlite:///srv/kb.db", "acme") == "sqlite:///srv/kb.tenant-acme.db"
    assert tenant_url("postgresql://kb@db/luodi", "acme") == "postgresql://kb@db/luodi?schema=tenant_acme"
    assert tenant_url("postgresql://kb@db/luodi?schema=prod&sslmode=require", "a-b") == (
        "postgresql://kb@db/luodi?schema=prod_tenant_a-b&sslmode=require")
    long = tenant_url("postgresql://db/l", "x" * 63).split("schema=")[1]
    assert len(long) <= 63 and long != tenant_url("postgresql://db/l", "x" * 62).split("schema=")[1]


def test_server_processes_on_one_postgresql_store_share_tenants_and_keys(tmp_path, monkeypatch, pg_url):
    """With a PostgreSQL store the registry lives in its database (schema luodi_server): a key
    made through one process's registry opens another's, and no server.db is written."""
    fast_env(monkeypatch, tmp_path / "home")
    monkeypatch.setenv("LUODI_STORE", pg_url)
    first, second = TenantRegistry(tmp_path / "a"), TenantRegistry(tmp_path / "b")
    try:
        first.create_tenant("acme")
        rec, key = first.create_key("acme", "admin")
        assert second.authenticate(key) == rec and second.tenant_exists("acme")
        second.revoke_key(rec.key_id)
        assert first.authenticate(key) is None
        with pytest.raises(InputError, match="already exists"):
            second.create_tenant("acme")
    finally:
        first.close()
        second.close()
    assert not (tmp_path / "a" / "server.db").exists() and not (tmp_path / "b" / "server.db").exists()
    import psycopg

    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT COUNT(*) FROM luodi_server.api_keys").fetchone()[0] == 1


def test_a_whole_server_moves_to_postgresql_and_its_keys_keep_working(tmp_path, monkeypatch, pg_url):
    from fastapi.testclient import TestClient

    from luodi.cli import app
    from luodi.server import create_app

    from .conftest import make_home

    home_dir = tmp_path / "old"
    home_dir.mkdir()
    fast_env(monkeypatch, home_dir)
    home = make_home(home_dir)
    r = CliRunner().invoke(app, ["admin", "copy-server", "--to", pg_url, "--json"])
    assert r.exit_code == 0, r.output
    moved = json.loads(r.stdout)
    assert moved["registry"] == {"tenants": 2, "keys": len(home.keys)}
    assert set(moved["knowledge_bases"]) == {"acme", "globex"}
    again = CliRunner().invoke(app, ["admin", "copy-server", "--to", pg_url])
    assert isinstance(again.exception, InputError) and "already has tenants" in str(again.exception)

    fast_env(monkeypatch, tmp_path / "new")  # a fresh machine: nothing of the old LUODI_HOME
    monkeypatch.setenv("LUODI_STORE", pg_url)
    with TestClient(create_app(tmp_path / "new", host="0.0.0.0")) as c:
        for label, name in (("acme_admin", "claims.md"), ("globex_admin", "storage.md")):
            docs = c.get("/api/documents", headers=home.auth(label)).json()["documents"]
            assert name in {d["uri"].removeprefix("upload:") for d in docs}
            assert len(docs) == (2 if label == "acme_admin" else 1)
        assert c.get("/api/documents", headers=home.auth("revoked")).status_code == 401


def test_a_key_for_the_default_tenant_reaches_the_servers_own_knowledge_base(tmp_path, monkeypatch):
    """The default tenant is the server's own knowledge base ($LUODI_KB): a key for it needs no
    `tenant create`, and the path reported is the one served."""
    from luodi.server.tenants import LuodiPool, TenantRegistry

    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("LUODI_KB", str(tmp_path / "served"))
    reg = TenantRegistry(tmp_path / "home")
    try:
        rec, _key = reg.create_key("default", "admin")
        assert rec.tenant == "default" and reg.tenant_exists("default")
        assert reg.kb_dir("default") == tmp_path / "served" == LuodiPool(reg).kb_dir("default")
    finally:
        reg.close()
