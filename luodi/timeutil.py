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


def parse_day(value: str, what: str = "date") -> str:
    """A calendar day as YYYY-MM-DD, from YYYY-MM-DD, YYYY/MM/DD or an ISO time: effective dates
    and `as_of` compare as strings, so every one of them must be written the same way."""
    text = str(value).strip().replace("/", "-")
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    try:
        return datetime.strptime(text, "%Y-%m-%d").date().isoformat()
    except ValueError as exc:
        from luodi.errors import InputError

        raise InputError(f"{what} {value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01") from exc
