"""Tenants and API keys: the registry at `$LUODI_HOME/server.db` (or in the configured
PostgreSQL store's database), and each tenant's own Luodi.

Keys look like `lk_<key id>_<secret>`. Only the SHA-256 of the whole key is stored, so a copy of
the registry does not let anyone in; the key id (not secret) names the key in lists, logs and
`admin key revoke`. Each tenant has its own knowledge-base directory (and its own schema of a
shared PostgreSQL store), so documents, sessions, ledger, cache and audit log are separated by
construction: an id from another tenant is simply not in this tenant's store.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import secrets
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from luodi.errors import ConfigError, InputError, NotFoundError
from luodi.timeutil import now_iso

DEFAULT_TENANT = "default"
_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,62}$")
_ROLE = re.compile(r"^[a-z][a-z0-9_-]{0,31}$")
_KEY = re.compile(r"^lk_([0-9a-f]{12})_([A-Za-z0-9_-]{20,100})$")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS tenants (name TEXT PRIMARY KEY, created_at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS api_keys (
    key_id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL REFERENCES tenants(name),
    key_hash TEXT NOT NULL,
    role TEXT NOT NULL,
    user_id TEXT,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
"""


@dataclass(frozen=True)
class KeyRecord:
    key_id: str
    tenant: str
    role: str
    user: str | None
    created_at: str
    revoked_at: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {"key_id": self.key_id, "tenant": self.tenant, "role": self.role, "user": self.user,
                "created_at": self.created_at, "revoked_at": self.revoked_at}


def hash_key(key: str) -> str:
    return hashlib.sha256(key.encode("utf-8")).hexdigest()


def check_name(name: str) -> str:
    if not _NAME.match(name or ""):
        raise InputError(f"tenant name {name!r} is not allowed: use 1-63 of a-z, 0-9, _ and -, "
                         "starting with a letter or digit")
    return name


def registry_store() -> str | None:
    """The PostgreSQL database of the configured store (LUODI_STORE or `store`), where the
    registry then lives too, so that every server process in front of it sees the same tenants
    and keys; None for a SQLite store: then the registry is `server.db` under LUODI_HOME."""
    from luodi.config import load_settings
    from luodi.store.base import is_postgres

    url = load_settings().store
    return url if is_postgres(url) else None


class TenantRegistry:
    """Tenants and hashed API keys in one small SQLite file, or in the configured PostgreSQL
    store's database (schema `luodi_server`); safe to share between threads."""

    def __init__(self, home: Path, store: str | None = None):
        """`store`: a PostgreSQL URL to keep the registry in; None reads the configured store,
        "" keeps it in `server.db` whatever is configured."""
        self.home = Path(home)
        self.home.mkdir(parents=True, exist_ok=True)
        self.path = self.home / "server.db"
        store = store if store is not None else registry_store()
        self._pg: Any = None  # the psycopg connection under `_db`, when in PostgreSQL
        if store:
            from luodi.store.postgres import connect, redact, split_schema

            dsn, schema = split_schema(store)
            self._pg, self._db = connect(dsn, redact(store), f"{schema}_server" if schema else "luodi_server")
            self._db.executescript(_SCHEMA)
        else:
            try:
                self._db = sqlite3.connect(str(self.path), isolation_level=None,
                                           check_same_thread=False, timeout=30)
                self._db.execute("PRAGMA journal_mode=WAL")
                self._db.executescript(_SCHEMA)
            except sqlite3.DatabaseError as exc:
                raise ConfigError(f"Cannot open the tenant registry {self.path}: {exc}. "
                                  "Move the damaged file away and create the tenants again.") from exc
        self._lock = threading.Lock()

    def close(self) -> None:
        (self._pg or self._db).close()

    def _q(self, sql: str, args: tuple = ()) -> list[tuple]:
        with self._lock:
            return self._db.execute(sql, args).fetchall()

    # -- tenants -------------------------------------------------------------------
    def create_tenant(self, name: str) -> str:
        check_name(name)
        if self._q("SELECT 1 FROM tenants WHERE name=?", (name,)):
            raise InputError(f"tenant {name!r} already exists")
        self._q("INSERT INTO tenants VALUES (?, ?)", (name, now_iso()))
        return name

    def tenants(self) -> list[dict[str, Any]]:
        rows = self._q(
            "SELECT t.name, t.created_at, "
            "(SELECT COUNT(*) FROM api_keys k WHERE k.tenant=t.name AND k.revoked_at IS NULL) "
            "FROM tenants t ORDER BY t.name")
        return [{"name": r[0], "created_at": r[1], "active_keys": r[2]} for r in rows]

    def tenant_exists(self, name: str) -> bool:
        return bool(self._q("SELECT 1 FROM tenants WHERE name=?", (name,)))

    # -- keys ------------------------------------------------------------------------
    def create_key(self, tenant: str, role: str = "user", user: str | None = None) -> tuple[KeyRecord, str]:
        """A new key for `tenant`; returns its record and the key itself (shown once, never stored)."""
        if tenant == DEFAULT_TENANT and not self.tenant_exists(tenant):
            self.create_tenant(tenant)  # the server's own knowledge base ($LUODI_KB) is always there
        if not self.tenant_exists(tenant):
            raise NotFoundError(f"tenant {tenant!r} does not exist: run `luodi admin tenant create {tenant}` first")
        if not _ROLE.match(role or ""):
            raise InputError(f"role {role!r} is not allowed: use a-z, 0-9, _ and - (e.g. admin, user)")
        key_id = secrets.token_hex(6)
        key = f"lk_{key_id}_{secrets.token_urlsafe(32)}"
        rec = KeyRecord(key_id, tenant, role, user or None, now_iso())
        self._q("INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (key_id, tenant, hash_key(key), role, rec.user, rec.created_at))
        return rec, key

    def revoke_key(self, key_id: str) -> KeyRecord:
        rows = self._q("SELECT revoked_at FROM api_keys WHERE key_id=?", (key_id,))
        if not rows:
            raise NotFoundError(f"no key with id {key_id!r}: `luodi admin key list` shows them")
        if rows[0][0] is None:
            self._q("UPDATE api_keys SET revoked_at=? WHERE key_id=?", (now_iso(), key_id))
        return self.keys(key_id=key_id)[0]

    def keys(self, tenant: str | None = None, key_id: str | None = None) -> list[KeyRecord]:
        sql = "SELECT key_id, tenant, role, user_id, created_at, revoked_at FROM api_keys"
        where, args = [], []
        if tenant:
            where.append("tenant=?")
            args.append(tenant)
        if key_id:
            where.append("key_id=?")
            args.append(key_id)
        if where:
            sql += " WHERE " + " AND ".join(where)
        return [KeyRecord(*r) for r in self._q(sql + " ORDER BY created_at, key_id", tuple(args))]

    def has_keys(self) -> bool:
        """Whether any key was ever created: from then on every request needs one."""
        return bool(self._q("SELECT 1 FROM api_keys LIMIT 1"))

    def authenticate(self, key: str) -> KeyRecord | None:
        """The key's record when the key is known and not revoked, else None."""
        m = _KEY.match(key or "")
        if not m:
            return None
        rows = self._q("SELECT key_hash, key_id, tenant, role, user_id, created_at, revoked_at "
                       "FROM api_keys WHERE key_id=?", (m.group(1),))
        if not rows or rows[0][6] is not None:
            return None
        if not hmac.compare_digest(rows[0][0], hash_key(key)):
            return None
        return KeyRecord(*rows[0][1:])

    def kb_dir(self, tenant: str) -> Path:
        """The tenant's knowledge base: the default tenant's is the server's own ($LUODI_KB)."""
        if tenant == DEFAULT_TENANT:
            from luodi.config import load_settings

            return load_settings().kb
        return self.home / "tenants" / check_name(tenant) / "kb"

    def copy_into(self, other: TenantRegistry) -> dict[str, int]:
        """Every tenant and key (hashes as stored) into an empty registry: a server moving to a
        PostgreSQL store keeps its keys working."""
        if other.tenants():
            raise InputError("the target registry already has tenants: copy into an empty one")
        tenants = self._q("SELECT name, created_at FROM tenants ORDER BY name")
        keys = self._q("SELECT key_id, tenant, key_hash, role, user_id, created_at, revoked_at "
                       "FROM api_keys ORDER BY key_id")
        pg = other._pg
        with other._lock, (pg.transaction() if pg is not None else contextlib.nullcontext()):
            for row in tenants:
                other._db.execute("INSERT INTO tenants VALUES (?, ?)", row)
            for row in keys:
                other._db.execute("INSERT INTO api_keys VALUES (?, ?, ?, ?, ?, ?, ?)", row)
        return {"tenants": len(tenants), "keys": len(keys)}


class LuodiPool:
    """One `Luodi` per tenant, opened on first use and kept for the life of the process.

    Tenants share the heavy read-only parts (the embedder and the model) so that ten tenants do
    not load ten copies of the same weights; everything that holds data stays per tenant.
    """

    def __init__(self, registry: TenantRegistry, default_kb: Path | None = None):
        self.registry = registry
        self.default_kb = default_kb
        self._items: dict[str, Any] = {}
        self._lock = threading.Lock()

    def kb_dir(self, tenant: str) -> Path:
        if tenant == DEFAULT_TENANT and self.default_kb is not None:
            return self.default_kb
        return self.registry.kb_dir(tenant)

    def settings(self, tenant: str):
        """The tenant's settings: its own folder, and its own part of a shared store."""
        from luodi.config import load_settings

        kb = self.kb_dir(tenant)
        kb.mkdir(parents=True, exist_ok=True)
        return load_settings(kb, tenant=None if tenant == DEFAULT_TENANT else tenant)

    def get(self, tenant: str):
        with self._lock:
            lu = self._items.get(tenant)
            if lu is None:
                from luodi.app import Luodi

                lu = Luodi(settings=self.settings(tenant))
                self._share_heavy_parts(lu)
                self._items[tenant] = lu
            return lu

    def _share_heavy_parts(self, lu) -> None:
        # Luodi builds these lazily behind its own lock; seeding them from a sibling with the same
        # settings is equivalent to building them again, minus the memory and the load time.
        for other in self._items.values():
            if other.settings.embedder == lu.settings.embedder and other._embedder is not None:
                lu._embedder = other._embedder
            if other._model_loaded and other.settings.raw.get("model") == lu.settings.raw.get("model"):
                lu._model, lu._model_loaded = other._model, True
            return

    def close(self) -> None:
        with self._lock:
            for lu in self._items.values():
                lu.close()
            self._items.clear()
