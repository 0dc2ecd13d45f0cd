"""Store methods for sessions, turns and user facts (memory). Mixed into every SQL backend.

Scoping: a session belongs to (tenant, user, name), so two users who pick the same session name
never share a history; an anonymous session has user ''. Facts belong to (tenant, user). A fact
row is never edited: a newer value for the same key is a new row, and the older row points at it
through `superseded_by` (history). Forgetting deletes every row of the key (history included) and
masks the value in every stored turn of that user.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from typing import Any

from luodi.errors import NotFoundError

# (name, sql): appended to the ordered migrations.
MIGRATION: tuple[str, str] = (
    "0003_memory",
    """
CREATE TABLE mem_sessions (
    id {pk},
    tenant TEXT NOT NULL DEFAULT 'default',
    user_id TEXT NOT NULL DEFAULT '',
    name TEXT NOT NULL,
    title TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    UNIQUE (tenant, user_id, name)
);
CREATE INDEX mem_sessions_user ON mem_sessions(tenant, user_id, updated_at);
CREATE TABLE mem_turns (
    id {pk},
    session_id BIGINT NOT NULL REFERENCES mem_sessions(id),
    tenant TEXT NOT NULL DEFAULT 'default',
    user_id TEXT NOT NULL DEFAULT '',
    role TEXT NOT NULL,
    content TEXT NOT NULL,
    standalone TEXT NOT NULL DEFAULT '',
    citations TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);
CREATE INDEX mem_turns_session ON mem_turns(session_id, id);
CREATE INDEX mem_turns_user ON mem_turns(tenant, user_id, id);
CREATE TABLE mem_facts (
    id {pk},
    tenant TEXT NOT NULL DEFAULT 'default',
    user_id TEXT NOT NULL,
    key TEXT NOT NULL,
    value TEXT NOT NULL,
    statement TEXT NOT NULL DEFAULT '',
    source_turn BIGINT,
    session_id BIGINT,
    created_at TEXT NOT NULL,
    superseded_by BIGINT
);
CREATE INDEX mem_facts_user ON mem_facts(tenant, user_id, key);
""",
)

_TURN_COLS = ("id", "session_id", "role", "content", "standalone", "citations", "created_at")
_FACT_COLS = ("id", "key", "value", "statement", "source_turn", "session", "created_at",
              "superseded_by")


def _turn(row: tuple) -> dict[str, Any]:
    out = dict(zip(_TURN_COLS, row, strict=True))
    out["citations"] = json.loads(out["citations"] or "[]")
    return out


class MemoryStoreMixin:
    """Methods over the memory tables; uses `self.transaction()` and `self._q()` of the backend."""

    # -- sessions -------------------------------------------------------------------
    def memory_session(self, tenant: str, user: str | None, name: str, at: str,
                       create: bool = True) -> int | None:
        """The id of session `name` of (tenant, user), created when absent (unless create=False)."""
        uid = user or ""
        with self.transaction() as db:
            row = db.execute("SELECT id FROM mem_sessions WHERE tenant=? AND user_id=? AND name=?",
                             (tenant, uid, name)).fetchone()
            if row:
                return row[0]
            if not create:
                return None
            return db.execute(
                "INSERT INTO mem_sessions (tenant, user_id, name, created_at, updated_at) "
                "VALUES (?,?,?,?,?)", (tenant, uid, name, at, at)).lastrowid

    def memory_sessions(self, tenant: str, user: str | None, limit: int = 100) -> list[dict[str, Any]]:
        """The sessions of (tenant, user), most recently used first, with their turn counts."""
        rows = self._q(
            "SELECT s.name, s.title, s.created_at, s.updated_at, "
            "(SELECT COUNT(*) FROM mem_turns t WHERE t.session_id=s.id) FROM mem_sessions s "
            "WHERE s.tenant=? AND s.user_id=? ORDER BY s.updated_at DESC, s.id DESC LIMIT ?",
            [tenant, user or "", limit])
        keys = ("session", "title", "created_at", "updated_at", "turns")
        return [dict(zip(keys, r, strict=True)) for r in rows]

    # -- turns ------------------------------------------------------------------------
    def memory_add_turn(self, session_id: int, tenant: str, user: str | None, role: str,
                        content: str, at: str, *, standalone: str = "",
                        citations: Iterable[dict[str, Any]] = (), title: str | None = None) -> int:
        """Append one turn and touch its session (title: set once, from the first question)."""
        with self.transaction() as db:
            turn_id = db.execute(
                "INSERT INTO mem_turns (session_id, tenant, user_id, role, content, standalone,"
                " citations, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (session_id, tenant, user or "", role, content, standalone,
                 json.dumps(list(citations), ensure_ascii=False), at)).lastrowid
            db.execute("UPDATE mem_sessions SET updated_at=? WHERE id=?", (at, session_id))
            if title:
                db.execute("UPDATE mem_sessions SET title=? WHERE id=? AND title=''",
                           (title[:80], session_id))
        return turn_id

    def memory_turns(self, session_id: int, limit: int | None = None) -> list[dict[str, Any]]:
        """The last `limit` turns of a session (all when None), oldest first."""
        sql = (f"SELECT {', '.join(_TURN_COLS)} FROM mem_turns WHERE session_id=? "
               "ORDER BY id DESC")
        args: list[Any] = [session_id]
        if limit is not None:
            sql, args = sql + " LIMIT ?", args + [limit]
        return [_turn(r) for r in reversed(self._q(sql, args))]

    # -- facts --------------------------------------------------------------------------
    def memory_add_fact(self, tenant: str, user: str, key: str, value: str, at: str, *,
                        statement: str = "", source_turn: int | None = None,
                        session_id: int | None = None) -> int:
        """Remember `key = value`; the active fact of the same key becomes history. Restating the
        active value changes nothing and returns its id."""
        with self.transaction() as db:
            active = db.execute(
                "SELECT id, value FROM mem_facts WHERE tenant=? AND user_id=? AND key=? "
                "AND superseded_by IS NULL", (tenant, user, key)).fetchall()
            if any(v == value for _, v in active):
                return next(i for i, v in active if v == value)
            fact_id = db.execute(
                "INSERT INTO mem_facts (tenant, user_id, key, value, statement, source_turn,"
                " session_id, created_at) VALUES (?,?,?,?,?,?,?,?)",
                (tenant, user, key, value, statement, source_turn, session_id, at)).lastrowid
            for old_id, _ in active:
                db.execute("UPDATE mem_facts SET superseded_by=? WHERE id=?", (fact_id, old_id))
        return fact_id

    def memory_facts(self, tenant: str, user: str, *, history: bool = False) -> list[dict[str, Any]]:
        """The user's facts (active only unless history=True), oldest first."""
        sql = ("SELECT f.id, f.key, f.value, f.statement, f.source_turn, s.name, f.created_at,"
               " f.superseded_by FROM mem_facts f LEFT JOIN mem_sessions s ON s.id=f.session_id"
               " WHERE f.tenant=? AND f.user_id=?")
        if not history:
            sql += " AND f.superseded_by IS NULL"
        return [dict(zip(_FACT_COLS, r, strict=True)) for r in self._q(sql + " ORDER BY f.id", [tenant, user])]

    def memory_forget(self, tenant: str, user: str, *, keys: Iterable[str] | None = None,
                      fact_ids: Iterable[int] | None = None, everything: bool = False,
                      masks: dict[str, str] | None = None) -> dict[str, Any]:
        """Forget facts of (tenant, user): by key, by fact id (its whole key, history included) or
        everything. Every row of those keys is deleted, every stored turn of the user that
        contains one of their values is masked (`masks`: value variant -> replacement; the
        caller adds spelling variants), and the answer cache is emptied.
        Returns {facts, turns_masked, cache, keys, values}."""
        keys = set(keys or ())
        with self.transaction() as db:
            if fact_ids is not None:
                for fid in fact_ids:
                    row = db.execute("SELECT key FROM mem_facts WHERE id=? AND tenant=? AND user_id=?",
                                     (int(fid), tenant, user)).fetchone()
                    if row is None:
                        raise NotFoundError(f"No remembered fact {fid} for this user "
                                            "(list them with `luodi memory list`).")
                    keys.add(row[0])
            if everything:
                keys |= {r[0] for r in db.execute(
                    "SELECT DISTINCT key FROM mem_facts WHERE tenant=? AND user_id=?", (tenant, user))}
            marks = ",".join("?" * len(keys))
            values: list[str] = []
            deleted = 0
            if keys:
                values = [r[0] for r in db.execute(
                    f"SELECT DISTINCT value FROM mem_facts WHERE tenant=? AND user_id=? "
                    f"AND key IN ({marks})", (tenant, user, *sorted(keys)))]
                deleted = db.execute(
                    f"DELETE FROM mem_facts WHERE tenant=? AND user_id=? AND key IN ({marks})",
                    (tenant, user, *sorted(keys))).rowcount
            replace = dict(masks or {})
            for v in values:
                replace.setdefault(v, "[forgotten]")
            masked = self._mask_turns(db, tenant, user, replace)
            cache = self.cache_invalidate() if deleted or masked else 0  # type: ignore[attr-defined]
        return {"facts": deleted, "turns_masked": masked, "cache": cache, "keys": sorted(keys),
                "values": values}

    def memory_mask(self, tenant: str, user: str, masks: dict[str, str]) -> int:
        """Mask these strings in every stored turn of (tenant, user); returns turns changed."""
        with self.transaction() as db:
            return self._mask_turns(db, tenant, user, masks)

    def _mask_turns(self, db: Any, tenant: str, user: str, masks: dict[str, str]) -> int:
        # Longest first, so a value is masked before any shorter variant inside it.
        items = sorted(((k, v) for k, v in masks.items() if k and len(k) >= 2),
                       key=lambda kv: -len(kv[0]))
        if not items:
            return 0
        rules = [(re.compile(_mask_pattern(k), re.IGNORECASE), v) for k, v in items]

        def masked(text: str) -> str:
            for rx, replacement in rules:
                text = rx.sub(replacement.replace("\\", "\\\\"), text)
            return text

        changed: set[int] = set()
        for col in ("content", "standalone"):  # every turn: a number may be written with spaces
            for turn_id, text in db.execute(f"SELECT id, {col} FROM mem_turns WHERE tenant=? AND user_id=? "
                                            f"AND {col} IS NOT NULL", (tenant, user)).fetchall():
                if (new := masked(text)) != text:
                    db.execute(f"UPDATE mem_turns SET {col}=? WHERE id=?", (new, turn_id))
                    changed.add(turn_id)
        # session titles are cut from first questions, and a fact keeps the sentence it came from:
        # copies too ("我叫李雷，我的手机号是…" stays the name's statement after the phone is forgotten)
        for table, col in (("mem_sessions", "title"), ("mem_facts", "statement")):
            for row_id, text in db.execute(f"SELECT id, {col} FROM {table} WHERE tenant=? AND user_id=?",
                                           (tenant, user)).fetchall():
                if text and (new := masked(text)) != text:
                    db.execute(f"UPDATE {table} SET {col}=? WHERE id=?", (new, row_id))
        return len(changed)


def _mask_pattern(value: str) -> str:
    """A stored value as written in a turn: a long number with spaces or dashes between its digits
    (138 0013 8000), a Latin word only as a whole word ("Al" is not in "call")."""
    if value.isdigit():  # inside a longer number too: +8613812345678 holds 13812345678
        return r"[\s-]*".join(value) if len(value) >= 7 else re.escape(value)
    body = re.escape(value)
    if value[0].isascii() and value[0].isalnum():
        body = r"(?<![A-Za-z0-9])" + body
    if value[-1].isascii() and value[-1].isalnum():
        body += r"(?![A-Za-z0-9])"
    return body
