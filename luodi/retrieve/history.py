"""Searching another day: the version of each document that was (or will be) in force then.

The retriever's own searches see current (newest) versions. Asked for a day (`as_of`), a
document whose current version takes effect after that day is searched in the newest earlier
version already in force then: a superseded version keeps its chunks and vectors in the store.
The swap is a derived snapshot, the current one with those versions' chunks appended, built on
demand and kept per (generation, day); the later versions drop out through the `as_of` filter
itself. `Luodi.search` and `Luodi.ask` ask for today whenever a version was ingested ahead of its
effective date (`Luodi._day`), so nobody is answered from a rule not yet in force."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from luodi.index.dense import Embedder
from luodi.retrieve.state import Snapshot, apply_delta


def in_force(versions: list[dict[str, Any]], day: str) -> dict[str, Any] | None:
    """The newest version in effect on `day`; a version without an effective date always is."""
    ok = [v for v in versions if not v.get("effective_date") or v["effective_date"][:10] <= day]
    return max(ok, key=lambda v: v["id"]) if ok else None


def version_state(versions: list[dict[str, Any]], version_id: int, day: str) -> str:
    """"in force" on `day`; "pending", taking effect after it (and in force from its own date until
    a later one's); or "superseded" (by a later version in force, or, if it never takes effect,
    by one ingested after it with an earlier or the same date)."""
    live = in_force(versions, day)
    if live is not None and live["id"] == version_id:
        return "in force"
    own = next(((v.get("effective_date") or "")[:10] for v in versions if v["id"] == version_id), "")
    return "pending" if own > day and (in_force(versions, own) or {}).get("id") == version_id else "superseded"


@dataclass(frozen=True)
class Schedule:
    """The documents whose newest version takes effect after a day, and every day on which one
    of their versions does: the default search reads that day's versions (luodi.app), and its
    answers stay the same until the next of those days."""

    day: str
    pending: dict[str, str]  # a document's URI (and its versions' files) → the day its next version takes effect
    changes: tuple[str, ...]
    documents: int = 0  # how many documents wait

    def next_change(self) -> str | None:
        return next((d for d in self.changes if d > self.day), None)


def schedule(store: Any, day: str) -> Schedule:
    pending, days, waiting = {}, set(), 0
    for doc in store.documents():
        if (doc.effective_date or "")[:10] > day:  # its newest version is not in force yet
            versions = store.versions(doc.id)
            days |= {(v.get("effective_date") or "")[:10] for v in versions} - {""}
            upcoming = min(v["effective_date"][:10] for v in versions
                           if version_state(versions, v["id"], day) == "pending")
            # by every file its versions were read from: an older one is cited by its own
            pending.update(dict.fromkeys({doc.uri} | {v["uri"] for v in versions if v.get("uri")}, upcoming))
            waiting += 1
    return Schedule(day, pending, tuple(sorted(days)), waiting)


def as_of_snapshot(snap: Snapshot, store: Any, embedder: Embedder | None, day: str) -> Snapshot:
    """`snap` with, for every document not yet in effect on `day`, the version that was."""
    later = snap.live & (snap.effective != "") & (snap.effective > day)
    chunks, meta = [], {}
    for doc_id in sorted(set(snap.doc_ids[later].tolist())):
        doc = store.document(doc_id)
        version = in_force(store.versions(doc_id), day)
        if version is None or version["id"] == doc.current_version:
            continue
        old = store.version_chunks(version["id"])
        chunks += old
        meta.update({c.id: (doc_id, doc.collection, version["effective_date"]) for c in old})
    if not chunks:
        return snap
    model = embedder.name if embedder is not None else None
    stored = dict(store.vectors(model, [c.id for c in chunks])) if model else {}
    base = replace(snap, vectors=snap.vectors.detached() if snap.vectors is not None else None)
    derived = apply_delta(base, snap.generation, chunks, [], meta, stored, embedder)
    return replace(derived, past=frozenset(c.id for c in chunks))
