"""Two files, one text in two versions: a law amended in 2024 beside its 2020 text.

The near-duplicate check keeps copies out of the index (one text posted twice), and it read a
newer amendment of a law as a copy of the older one it resembles: ingested together, the 2020
text of a law was kept and its 2024 amendment dropped (laws_zh_national: 20 such pairs). Here a
near-duplicate with the same title and a later amendment date is a newer version instead: it
replaces the older document, and an older version arriving after a newer one is not indexed.
"""

from __future__ import annotations

import re

from luodi.timeutil import file_date

# "2024年4月26日 第十四届全国人民代表大会常务委员会第九次会议……修正": the header of a law
_HEADER_DATE = re.compile(
    r"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日[^\n]{0,160}?(?:通过|修正|修订|公布|发布|施行)")
# where the body starts: the first chapter or article
_BODY = re.compile(r"^\s*(?:#+\s*)?第[一二三四五六七八九十百零〇\d]+[编編章条條节節]", re.M)
HEADER_CHARS = 3000


def amended_on(text: str, uri: str = "") -> str | None:
    """The latest date of the header's adoption and amendment lines ("header 2024-04-26"), else a
    date the file name carries in brackets ("name 2024-04-26"); None for a text with neither."""
    body = _BODY.search(text)
    head = text[: body.start() if body else HEADER_CHARS][:HEADER_CHARS]
    dates = [f"{int(y):04d}-{int(m):02d}-{int(d):02d}" for y, m, d in _HEADER_DATE.findall(head)]
    if dates:
        return f"header {max(dates)}"
    day = file_date(uri)
    return f"name {day}" if day else None


def version_order(title: str | None, date: str | None, other_title: str | None,
                  other_date: str | None) -> int:
    """1 when a text is a newer version of a near-duplicate, -1 when older, 0 when it is a copy (or
    nothing tells): versions share their title and differ in amendment date, both read the same
    way (a header's 施行 date and a file name's publication date of one version differ too)."""
    if not title or not date or not other_date or _key(title) != _key(other_title or ""):
        return 0
    if date.split()[0] != other_date.split()[0]:
        return 0
    return (date > other_date) - (date < other_date)


def _key(title: str) -> str:
    return re.sub(r"\s+", "", title)
