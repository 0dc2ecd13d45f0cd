"""One clock for the whole package, so `--now` can fix it in tests and evaluations."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import PurePosixPath
from urllib.parse import urlsplit


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


def parse_now(value: datetime | str | None) -> datetime:
    """The `--now ISO` option (or a time already read): naive times are taken as local
    wall-clock times."""
    if not value:
        return datetime.now().astimezone()
    try:
        when = value if isinstance(value, datetime) else datetime.fromisoformat(value)
        when = when if when.tzinfo else when.astimezone()  # year 1 or 9999 can overflow here
    except (OverflowError, OSError, ValueError) as exc:
        from luodi.errors import InputError

        raise InputError(f"now {value!s} is not an ISO time in range; use e.g. 2026-11-30T14:05") from exc
    return plausible_now(when)


NOW_YEARS = (1900, 9000)  # room on both sides for "in 40 minutes", "next month", "last year"


def plausible_now(when: datetime) -> datetime:
    """`when`, if it can stand for now: near the ends of the calendar, reading "40分钟后" or
    "下个月" against it would overflow a date."""
    if not NOW_YEARS[0] <= when.year <= NOW_YEARS[1]:
        from luodi.errors import InputError

        raise InputError(f"now {when.isoformat()} is out of range: give a time between the years "
                         f"{NOW_YEARS[0]} and {NOW_YEARS[1]}")
    return when


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


def local_day(now: datetime | str | None = None) -> str:
    """The day (YYYY-MM-DD) it is at `now` where it was given (its own offset), else here: the day
    whose versions searches and answers read (luodi.retrieve.history)."""
    return parse_now(now).date().isoformat()


def scheduled_note(effective: str | None, first: bool) -> str:
    """What an ingest report adds for a version that takes effect after today (`first`: the
    document had no version before it)."""
    if not effective or effective <= local_day():
        return ""
    until = ("it is not searched" if first else "searches and answers read the version before it")
    return f"; takes effect {effective}: until then {until} (to see it now: --as-of {effective})"


_FILE_DATE = re.compile(r"[(（](\d{4})-(\d{2})-(\d{2})[)）]\s*$")


def file_date(uri: str | None) -> str | None:
    """The date a file name carries for its version, YYYY-MM-DD: 立法法(2023-03-13).md →
    2023-03-13 (ingest tells versions apart by it, search cites the newest)."""
    if not uri:
        return None
    m = _FILE_DATE.search(PurePosixPath(urlsplit(uri).path).stem)
    return "-".join(m.groups()) if m else None
