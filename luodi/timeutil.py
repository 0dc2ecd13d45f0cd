"""One clock for the whole package, so `--now` can fix it in tests and evaluations."""

from __future__ import annotations

from datetime import UTC, datetime


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_now(value: str | None) -> datetime:
    """The `--now ISO` option: naive times are taken as local wall-clock times."""
    if not value:
        return datetime.now().astimezone()
    try:
        when = datetime.fromisoformat(value)
    except ValueError as exc:
        from luodi.errors import InputError

        raise InputError(f"--now {value!r} is not an ISO time; use e.g. 2026-11-30T14:05") from exc
    return when if when.tzinfo else when.astimezone()
