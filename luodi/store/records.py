"""Store methods for the ingest log, the PII vault, the usage ledger and the answer cache.
Mixed into every SQL backend (they need `_q` and `transaction`)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from luodi.store.base import UsageRow
from luodi.timeutil import now_iso


class RecordsStoreMixin:
    def log_ingest(self, uri: str, action: str, status: str, message: str = "") -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO ingest_log (at, uri, action, status, message) VALUES (?,?,?,?,?)",
                (now_iso(), uri, action, status, message),
            )

    def ingest_log(self, limit: int = 100) -> list[dict[str, Any]]:
        rows = self._q(
            "SELECT at, uri, action, status, message FROM ingest_log ORDER BY id DESC LIMIT ?", [limit]
        )
        return [dict(zip(("at", "uri", "action", "status", "message"), r, strict=True)) for r in rows]

    def vault_entries(self, version_id: int) -> list[tuple[str, str, str]]:
        return self._q(
            "SELECT token, kind, ciphertext FROM pii_vault WHERE version_id=? ORDER BY id", [version_id]
        )

    def record_usage(self, row: UsageRow) -> None:
        with self.transaction() as db:
            db.execute(
                "INSERT INTO ledger (at, tenant, user_id, session, purpose, model, tokens_in,"
                " tokens_out, latency_ms, cost_li, cached, note) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                (row.at, row.tenant, row.user_id, row.session, row.purpose, row.model,
                 row.tokens_in, row.tokens_out, row.latency_ms, row.cost_li, int(row.cached),
                 row.note),
            )

    def usage(self, since: str | None = None, until: str | None = None) -> list[UsageRow]:
        rows = self._q(
            "SELECT at, purpose, model, tokens_in, tokens_out, latency_ms, cost_li, tenant,"
            " user_id, session, cached, note FROM ledger WHERE at >= ? AND at < ? ORDER BY id",
            [since or "", until or "\uffff"],
        )
        return [UsageRow(*r[:10], cached=bool(r[10]), note=r[11]) for r in rows]

    def usage_spent(self, tenant: str, user: str | None, month: str, day: str) -> dict[str, float]:
        out = {}
        for who, column, value in (("tenant", "tenant", tenant), ("user", "user_id", user)):
            row = self._q(
                f"SELECT COALESCE(SUM(cost_li), 0), COALESCE(SUM(CASE WHEN at >= ? THEN cost_li END), 0)"
                f" FROM ledger WHERE {column} = ? AND at >= ?", [day, value, month],
            )[0] if value is not None else (0.0, 0.0)
            out[f"{who}_month"], out[f"{who}_day"] = float(row[0]), float(row[1])
        return out

    def cache_get(self, key: str) -> str | None:
        rows = self._q("SELECT answer_json FROM answer_cache WHERE key=?", [key])
        return rows[0][0] if rows else None

    def cache_put(self, key: str, tenant: str, question: str, answer_json: str,
                  document_ids: Iterable[int], words: Iterable[str] | None = None) -> None:
        ids = ",".join(str(i) for i in sorted(set(document_ids)))
        with self.transaction() as db:
            db.execute(
                "INSERT INTO answer_cache (key, tenant, question, answer_json,"
                " document_ids, created_at, words) VALUES (?,?,?,?,?,?,?) ON CONFLICT (key) DO UPDATE SET"
                " tenant=excluded.tenant, question=excluded.question,"
                " answer_json=excluded.answer_json, document_ids=excluded.document_ids,"
                " created_at=excluded.created_at, words=excluded.words",
                (key, tenant, question, answer_json, f",{ids}," if ids else "", now_iso(),
                 None if words is None else " ".join(words)),
            )

    def cache_invalidate(self, document_ids: Iterable[int] | None = None,
                         vocabulary: set[str] | None = None) -> int:
        with self.transaction() as db:
            return self._invalidate(db, None if document_ids is None else list(document_ids), vocabulary)

    def _invalidate(self, db: Any, document_ids: list[int] | None, vocabulary: set[str] | None = None) -> int:
        """Drop the cached answers a change may alter: those that used a changed document, those
        that used none (they may now have evidence), and, given a new version's `vocabulary`,
        those whose question shares half its words with it (it may now answer them better)."""
        if document_ids is None:
            return db.execute("DELETE FROM answer_cache").rowcount
        n = db.execute("DELETE FROM answer_cache WHERE document_ids=''").rowcount
        for doc_id in document_ids:
            n += db.execute(
                "DELETE FROM answer_cache WHERE document_ids LIKE ?", (f"%,{doc_id},%",)
            ).rowcount
        if vocabulary:
            rows = db.execute("SELECT key, words FROM answer_cache WHERE words IS NOT NULL").fetchall()
            keys = [key for key, words in rows if _shares_half(words.split(), vocabulary)]
            for i in range(0, len(keys), 500):
                part = keys[i : i + 500]
                n += db.execute(f"DELETE FROM answer_cache WHERE key IN ({','.join('?' * len(part))})",
                                part).rowcount
        return n


def _shares_half(words: list[str], vocabulary: set[str]) -> bool:
    """Whether half of a question's words (a word "a|b|c": one of its translations) are there."""
    shared = sum(any(w in vocabulary for w in word.split("|")) for word in words)
    return 2 * shared >= len(words)
