"""Fixtures for the HTTP API: a temporary LUODI_HOME with two tenants, keys and small documents."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

# Our own fictional rules (no third-party text). Two tenants, deliberately different facts.
ACME_RULES = """# 顺达物流理赔规则

## 第一条 索赔时限
快件损毁的，收件人应当自签收之日起7日内提出索赔。

## 第二条 赔偿上限
未保价快件丢失的，按运费的3倍赔偿，最高不超过500元。

## 第三条 客服电话
客服热线为400-800-1234，服务时间为每日8:00至20:00。
"""

ACME_EN = """# Acme Parcel Rules

## Rule 4. Oversize parcels
Parcels longer than 150 cm are charged as oversize at 30 yuan each.
"""

GLOBEX_RULES = """# 环球仓储保管规定

## 第一条 保管期限
货物在仓库免费保管14天，超过部分每天收取保管费20元。
"""


def fast_env(mp: pytest.MonkeyPatch, home: Path) -> None:
    mp.setenv("LUODI_HOME", str(home))
    mp.setenv("LUODI_CONFIG", str(home / "config.toml"))  # never the developer's own config
    mp.setenv("LUODI_EMBEDDER", "hash")
    mp.setenv("LUODI_MODE", "extractive")
    for name in ("LUODI_KB", "LUODI_STORE"):
        mp.delenv(name, raising=False)
    for limit in ("RATE_PER_MINUTE", "BURST", "MAX_CONCURRENT", "MAX_BODY_KB", "MAX_UPLOAD_MB",
                  "MAX_QUESTION_CHARS"):
        mp.delenv(f"LUODI_SERVER_{limit}", raising=False)


@dataclass
class Home:
    path: Path
    keys: dict[str, str] = field(default_factory=dict)  # label -> key
    key_ids: dict[str, str] = field(default_factory=dict)
    docs: dict[str, int] = field(default_factory=dict)  # label -> document id in its tenant

    def auth(self, label: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[label]}"}


def make_home(path: Path) -> Home:
    """Tenants acme and globex with admin/user keys, one revoked key, and a few documents."""
    from luodi.app import Luodi
    from luodi.config import load_settings
    from luodi.server.tenants import TenantRegistry

    home = Home(path)
    # Fetch tests serve pages from this machine; `localhost` stays refused, as any internal host.
    (path / "config.toml").write_text('[ingest]\nallow_hosts = ["127.0.0.1"]\n', encoding="utf-8")
    reg = TenantRegistry(path)
    for tenant in ("acme", "globex"):
        reg.create_tenant(tenant)
    for label, tenant, role, user in [("acme_admin", "acme", "admin", None),
                                      ("acme_user", "acme", "user", "alice"),
                                      ("acme_unbound", "acme", "user", None),
                                      ("acme_service", "acme", "service", None),
                                      ("globex_admin", "globex", "admin", None),
                                      ("revoked", "acme", "admin", None)]:
        rec, key = reg.create_key(tenant, role, user)
        home.keys[label], home.key_ids[label] = key, rec.key_id
    reg.revoke_key(home.key_ids["revoked"])
    for tenant, files in [("acme", {"claims.md": ACME_RULES, "oversize.md": ACME_EN}),
                          ("globex", {"storage.md": GLOBEX_RULES})]:
        with Luodi(settings=load_settings(reg.kb_dir(tenant), tenant=tenant)) as lu:
            for name, text in files.items():
                res = lu.ingest_bytes(text.encode(), name, uri=f"upload:{name}", consent=True)
                assert res.status == "added", res
                home.docs[f"{tenant}:{name}"] = res.document_id
    reg.close()
    return home


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Iterator[Home]:
    mp = pytest.MonkeyPatch()
    path = tmp_path_factory.mktemp("luodi-home")
    fast_env(mp, path)
    try:
        yield make_home(path)
    finally:
        mp.undo()


@pytest.fixture(scope="module")
def client(home):
    from fastapi.testclient import TestClient

    from luodi.server import create_app
    from luodi.server.limits import ServerLimits

    app = create_app(home.path, limits=ServerLimits(rate_per_minute=0))
    with TestClient(app) as c:
        yield c


class LiveServer:
    """uvicorn on 127.0.0.1 with a free port, in a thread of this process."""

    def __init__(self, app):
        import uvicorn

        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, log_level="warning", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [self.sock]},
                                       daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        self.sock.close()
