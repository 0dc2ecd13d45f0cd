"""Store methods for tool calls, idempotency and the append-only audit log. Mixed into SQL backends.

A tool call moves through states by compare-and-set updates (`tool_call_transition`), so two
confirmations racing each other (threads, processes, a double-click) can only claim a call once.
The audit log is append-only: triggers abort any UPDATE or DELETE on it (and TRUNCATE in
PostgreSQL). The triggers are created by `_tools_ready()` rather than in the migration because
the migration runner splits SQL on ";" and a trigger body needs one.
"""

from __future__ import annotations

import json
from typing import Any

from luodi.timeutil import now_iso

# (name, sql): appended to the ordered migrations.
MIGRATION: tuple[str, str] = (
    "0004_tools",
    """
CREATE TABLE tool_calls (
    id TEXT PRIMARY KEY,
    tenant TEXT NOT NULL DEFAULT 'default',
    user_id TEXT,
    session TEXT,
    role TEXT,
    name TEXT NOT NULL,
    arguments TEXT NOT NULL,
    status TEXT NOT NULL,
    reason TEXT NOT NULL DEFAULT '',
    idempotency_key TEXT NOT NULL UNIQUE,
    side_effect INTEGER NOT NULL DEFAULT 0,
    result TEXT,
    utterance TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX tool_calls_tenant ON tool_calls(tenant, created_at);
CREATE TABLE tool_audit (
    id {pk},
    at TEXT NOT NULL,
    tenant TEXT NOT NULL DEFAULT 'default',
    user_id TEXT,
    role TEXT,
    call_id TEXT,
    event TEXT NOT NULL,
    name TEXT NOT NULL,
    arguments TEXT NOT NULL DEFAULT '{{}}',
    result TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT ''
);
CREATE INDEX tool_audit_tenant ON tool_audit(tenant, id);
CREATE TABLE toolsets (
    name TEXT PRIMARY KEY,
    enabled_at TEXT NOT NULL,
    config TEXT NOT NULL DEFAULT '{{}}'
);
""",
)

# One statement each (executed singly), per dialect: abort any change to a written audit row.
AUDIT_GUARDS = {
    "sqlite": (
        "CREATE TRIGGER IF NOT EXISTS tool_audit_no_update BEFORE UPDATE ON tool_audit "
        "BEGIN SELECT RAISE(ABORT, 'tool_audit is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS tool_audit_no_delete BEFORE DELETE ON tool_audit "
        "BEGIN SELECT RAISE(ABORT, 'tool_audit is append-only'); END",
    ),
    "postgresql": (
        "CREATE OR REPLACE FUNCTION luodi_audit_append_only() RETURNS trigger LANGUAGE plpgsql "
        "AS $$ BEGIN RAISE EXCEPTION 'tool_audit is append-only'; END $$",
        "CREATE OR REPLACE TRIGGER tool_audit_no_change BEFORE UPDATE OR DELETE ON tool_audit "
        "FOR EACH ROW EXECUTE FUNCTION luodi_audit_append_only()",
        "CREATE OR REPLACE TRIGGER tool_audit_no_truncate BEFORE TRUNCATE ON tool_audit "
        "FOR EACH STATEMENT EXECUTE FUNCTION luodi_audit_append_only()",
    ),
}

_CALL_COLUMNS = ("id", "tenant", "user_id", "session", "role", "name", "arguments", "status",
                 "reason", "idempotency_key", "side_effect", "result", "utterance", "created_at",
                 "updated_at")
_AUDIT_COLUMNS = ("id", "at", "tenant", "user_id", "role", "call_id", "event", "name", "arguments",
                  "result", "note")


def _loads(text: str | None) -> Any:
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def _call_row(row: tuple) -> dict[str, Any]:
    out = dict(zip(_CALL_COLUMNS, row, strict=True))
    out["arguments"] = _loads(out["arguments"]) or {}
    out["result"] = _loads(out["result"])
    out["side_effect"] = bool(out["side_effect"])
    return out


def _audit_row(row: tuple) -> dict[str, Any]:
    out = dict(zip(_AUDIT_COLUMNS, row, strict=True))
    out["arguments"] = _loads(out["arguments"]) or {}
    out["result"] = _loads(out["result"])
    return out


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, default=str)


class ToolsStoreMixin:
    """Methods over the tool tables; uses `self.transaction()` and `self._q()` of the backend."""

    _tools_triggers_done = False

    def _tools_ready(self) -> None:
        """Create the append-only triggers once per connection (idempotent)."""
        if self._tools_triggers_done:
            return
        with self.transaction() as db:  # type: ignore[attr-defined]
            for stmt in AUDIT_GUARDS[getattr(self, "dialect", "sqlite")]:
                db.execute(stmt)
        self._tools_triggers_done = True

    # -- toolsets ---------------------------------------------------------------------------
    def toolset_enable(self, name: str, config: dict[str, Any] | None = None) -> None:
        self._tools_ready()
        with self.transaction() as db:  # type: ignore[attr-defined]
            db.execute("DELETE FROM toolsets WHERE name=?", (name,))
            db.execute("INSERT INTO toolsets (name, enabled_at, config) VALUES (?, ?, ?)",
                       (name, now_iso(), _dump(config or {})))

    def toolset_disable(self, name: str) -> bool:
        with self.transaction() as db:  # type: ignore[attr-defined]
            return db.execute("DELETE FROM toolsets WHERE name=?", (name,)).rowcount > 0

    def toolsets(self) -> dict[str, dict[str, Any]]:
        """Enabled toolsets of this knowledge base: {name: config}."""
        rows = self._q("SELECT name, config FROM toolsets ORDER BY name")  # type: ignore[attr-defined]
        return {r[0]: _loads(r[1]) or {} for r in rows}

    # -- calls ------------------------------------------------------------------------------
    def tool_call_add(self, call: dict[str, Any]) -> None:
        """Insert a call: keys id, tenant, user_id, session, role, name, arguments, status,
        reason, idempotency_key, side_effect, result, utterance."""
        self._tools_ready()
        at = now_iso()
        row = {**{c: None for c in _CALL_COLUMNS}, "tenant": "default", "reason": "", "utterance": "",
               "side_effect": False, **call, "created_at": at, "updated_at": at}
        row["arguments"] = _dump(row["arguments"] or {})
        row["result"] = None if row["result"] is None else _dump(row["result"])
        row["side_effect"] = int(bool(row["side_effect"]))
        with self.transaction() as db:  # type: ignore[attr-defined]
            db.execute(f"INSERT INTO tool_calls ({', '.join(_CALL_COLUMNS)}) "
                       f"VALUES ({', '.join('?' for _ in _CALL_COLUMNS)})",
                       tuple(row[c] for c in _CALL_COLUMNS))

    def tool_call(self, call_id: str, tenant: str | None = None) -> dict[str, Any] | None:
        sql = f"SELECT {', '.join(_CALL_COLUMNS)} FROM tool_calls WHERE id=?"
        args: list[Any] = [call_id]
        if tenant is not None:
            sql += " AND tenant=?"
            args.append(tenant)
        rows = self._q(sql, args)  # type: ignore[attr-defined]
        return _call_row(rows[0]) if rows else None

    def tool_call_transition(self, call_id: str, from_status: str | tuple[str, ...], to_status: str,
                             *, result: Any = None, reason: str | None = None) -> bool:
        """Compare-and-set the status; True only for the one caller whose update applied."""
        froms = (from_status,) if isinstance(from_status, str) else tuple(from_status)
        sets, args = ["status=?", "updated_at=?"], [to_status, now_iso()]
        if result is not None:
            sets.append("result=?")
            args.append(_dump(result))
        if reason is not None:
            sets.append("reason=?")
            args.append(reason)
        marks = ", ".join("?" for _ in froms)
        with self.transaction() as db:  # type: ignore[attr-defined]
            cur = db.execute(f"UPDATE tool_calls SET {', '.join(sets)} WHERE id=? AND status IN ({marks})",
                             (*args, call_id, *froms))
            return cur.rowcount == 1

    def tool_calls(self, tenant: str | None = None, status: str | None = None,
                   limit: int = 100) -> list[dict[str, Any]]:
        sql = f"SELECT {', '.join(_CALL_COLUMNS)} FROM tool_calls WHERE 1=1"
        args: list[Any] = []
        if tenant is not None:
            sql += " AND tenant=?"
            args.append(tenant)
        if status is not None:
            sql += " AND status=?"
            args.append(status)
        sql += " ORDER BY created_at DESC LIMIT ?"
        args.append(int(limit))
        return [_call_row(r) for r in self._q(sql, args)]  # type: ignore[attr-defined]

    # -- audit ------------------------------------------------------------------------------
    def audit_append(self, entry: dict[str, Any]) -> int:
        """Append one audit row: keys tenant, user_id, role, call_id, event, name, arguments,
        result, note. Returns its id. Rows can never be changed or removed."""
        self._tools_ready()
        with self.transaction() as db:  # type: ignore[attr-defined]
            cur = db.execute(
                "INSERT INTO tool_audit (at, tenant, user_id, role, call_id, event, name, arguments, "
                "result, note) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (entry.get("at") or now_iso(), entry.get("tenant") or "default", entry.get("user_id"),
                 entry.get("role"), entry.get("call_id"), entry["event"], entry["name"],
                 _dump(entry.get("arguments") or {}),
                 "" if entry.get("result") is None else _dump(entry["result"]), entry.get("note") or ""),
            )
            return int(cur.lastrowid)

    def audit_log(self, tenant: str | None = None, *, call_id: str | None = None,
                  limit: int = 200) -> list[dict[str, Any]]:
        """Audit rows, oldest first (the last `limit`), optionally for one tenant or call."""
        sql = f"SELECT {', '.join(_AUDIT_COLUMNS)} FROM tool_audit WHERE 1=1"
        args: list[Any] = []
        if tenant is not None:
            sql += " AND tenant=?"
            args.append(tenant)
        if call_id is not None:
            sql += " AND call_id=?"
            args.append(call_id)
        sql += " ORDER BY id DESC LIMIT ?"
        args.append(int(limit))
        return [_audit_row(r) for r in reversed(self._q(sql, args))]  # type: ignore[attr-defined]
