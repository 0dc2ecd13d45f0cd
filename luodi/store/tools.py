"""Store methods for tool calls, idempotency and the append-only audit log. Mixed into SQL backends."""

from __future__ import annotations

# (name, sql): appended to the ordered migrations; empty until the tools schema lands.
MIGRATION: tuple[str, str] = ("0004_tools", "")


class ToolsStoreMixin:
    """Methods over the tool tables; uses `self.transaction()` and `self._q()` of the backend."""
