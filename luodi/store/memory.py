"""Store methods for sessions, turns and user facts (memory). Mixed into every SQL backend."""

from __future__ import annotations

# (name, sql): appended to the ordered migrations; empty until the memory schema lands.
MIGRATION: tuple[str, str] = ("0003_memory", "")


class MemoryStoreMixin:
    """Methods over the memory tables; uses `self.transaction()` and `self._q()` of the backend."""
