"""Deterministic time and date resolution against `now` (zh-Hans, zh-Hant, en).

Rules (documented because they decide what a courier's words mean):
- Hours 1–7 without 上午/早上/凌晨/am are afternoon (三点半 → 15:30): deliveries run 08:00–21:00
  (handbook 第九十五条), so 3 o'clock can only be 15:00. 8–12 stay as said; 下午/晚上/pm add 12;
  中午 1–2 → 13–14.
- A clock time without a date is today; 明天/后天/大后天, tomorrow, the day after tomorrow shift it.
- 下周一/下週一/下星期一/next Monday: that weekday in the next calendar week (weeks start on
  Monday). A bare weekday (周五, Friday) is the next such day after today (1–7 days ahead);
  本周五/这周五/this Friday is the day in the current week.
- 3月12日 / 12号 / March 12 / 2026-03-12: explicit dates; without a year (or month) the next
  such date on or after today.
- "in 40 minutes", 40分钟后, 半小时后, 一个半小时后: now plus that much, to the minute.
- Slots: 上午/早上/morning → morning, 下午/afternoon → afternoon, 晚上/傍晚/evening/tonight → evening.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from luodi.numeric.dates import find_dates, resolve
from luodi.numeric.numbers import parse_cn_integer

_FOLD = str.maketrans({"點": "点", "兩": "两", "週": "周", "後": "后", "鐘": "钟", "時": "时",
                       "個": "个", "禮": "礼", "號": "号", "：": ":",
                       "〇": "零", "這": "这", "來": "来", "當": "当", "給": "给"})
_CN_NUM = "零一二两三四五六七八九十"
_WEEKDAYS_ZH = {"一": 0, "二": 1, "三": 2, "四": 3, "五": 4, "六": 5, "日": 6, "天": 6, "末": 5}
_WEEKDAYS_EN = {d: i for i, d in enumerate(
    ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
_EN_NUM = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())}


def fold(text: str) -> str:
    """Traditional forms and full-width colons that matter for times, folded to simplified."""
    return text.translate(_FOLD)


def _int(s: str | None) -> int | None:
    if not s:
        return None
    s = s.strip().lower()
    if s in _EN_NUM:
        return _EN_NUM[s]
    return parse_cn_integer(s.replace("两", "二"))


@dataclass(frozen=True)
class Clock:
    hour: int
    minute: int
    start: int
    end: int


_PREFIX = r"(?P<pre>凌晨|早上|早晨|清早|上午|中午|下午|傍晚|晚上|今晚|明晚|晚)?\s*"
_ZH_CLOCK = re.compile(
    _PREFIX + rf"(?P<h>\d{{1,2}}|[{_CN_NUM}]{{1,3}})\s*(?:点钟|点|时)(?!多少|几)\s*"
    rf"(?P<m>半|一刻|三刻|\d{{1,2}}\s*分?|[{_CN_NUM}]{{1,3}}\s*分?)?"
)
_DIGITAL = re.compile(_PREFIX + r"(?<![\d.])(?P<h>\d{1,2}):(?P<m>\d{2})(?!\d)\s*(?P<ap>a\.?m\.?|p\.?m\.?)?",
                      re.I)
_EN_CLOCK = re.compile(
    r"(?<![\w.])(?P<h>\d{1,2}|" + "|".join(_EN_NUM) + r")(?::(?P<m>\d{2}))?\s*(?P<ap>a\.?m\.?|p\.?m\.?|o'?clock)",
    re.I)
_EN_AT = re.compile(r"\b(?:at|by|around|about|before)\s+(?P<h>\d{1,2})(?::(?P<m>\d{2}))?(?![\d:.]|\s*(?:kg|km|%))",
                    re.I)
_EN_HALF = re.compile(r"\bhalf past (?P<h>\d{1,2}|" + "|".join(_EN_NUM) + r")\b", re.I)


def _apply_rule(hour: int, pre: str | None, ap: str | None) -> int:
    ap = (ap or "").lower().replace(".", "")
    if ap == "pm" or pre in ("下午", "傍晚", "晚上", "今晚", "明晚", "晚"):
        return hour + 12 if hour < 12 else hour
    if ap == "am" or pre in ("凌晨", "早上", "早晨", "清早", "上午"):
        return 0 if (ap == "am" and hour == 12) else hour
    if pre == "中午":
        return hour + 12 if hour <= 2 else hour
    return hour + 12 if 1 <= hour <= 7 else hour  # delivery hours: 3 o'clock means 15:00


def find_clock(text: str) -> Clock | None:
    """The first clock time in `text`, with the afternoon rule applied."""
    t = fold(text)
    found: list[Clock] = []
    for pat in (_DIGITAL, _ZH_CLOCK, _EN_CLOCK, _EN_AT, _EN_HALF):
        for m in pat.finditer(t):
            g = m.groupdict()
            if (g.get("h") == "一" and not g.get("m") and "钟" not in m.group(0)
                    and g.get("pre") in (None, "晚")):
                continue  # 快一点/晚一点 mean "a bit", not 1 o'clock
            h = _int(g.get("h"))
            if h is None or h > 24:
                continue
            raw_m = (g.get("m") or "").replace("分", "").strip()
            minute = {"半": 30, "一刻": 15, "三刻": 45}.get(raw_m)
            if minute is None:
                minute = _int(raw_m) if raw_m else 0
            if pat is _EN_HALF:
                minute = 30
            if minute is None or minute > 59:
                continue
            hour = _apply_rule(h, g.get("pre"), g.get("ap"))
            if hour > 23:
                continue
            found.append(Clock(hour, minute, m.start(), m.end()))
    return min(found, key=lambda c: c.start) if found else None


_REL_MIN = re.compile(
    rf"(?:(?P<n>\d+|[{_CN_NUM}]+)\s*(?:分钟|分)|(?P<half>半)\s*(?:个)?\s*(?:小时|钟头)|"
    rf"(?P<hn>\d+|[{_CN_NUM}]+)\s*个?\s*(?P<hhalf>半)?\s*(?:小时|钟头))\s*(?:以?后|之后|内)")
_EN_REL = re.compile(r"\bin\s+(?:(?P<n>\d+|an?|half an?)\s*(?P<u>minutes?|mins?|hours?|hrs?))\b", re.I)


def find_relative_minutes(text: str) -> int | None:
    """Minutes from now for '40分钟后', '半小时后', 'in 40 minutes', 'in an hour'."""
    t = fold(text)
    m = _REL_MIN.search(t)
    if m:
        if m.group("n"):
            return _int(m.group("n"))
        if m.group("half"):
            return 30
        hours = _int(m.group("hn"))
        if hours is not None:
            return hours * 60 + (30 if m.group("hhalf") else 0)
    m = _EN_REL.search(t)
    if m:
        n = m.group("n").lower()
        value = 0.5 if n.startswith("half") else 1 if n in ("a", "an") else int(n)
        unit = 60 if m.group("u").lower().startswith("h") else 1
        return int(value * unit)
    return None


_NEXT_WEEK = re.compile(r"(?:下个?(?:周|星期|礼拜)|next\s+(?:week\s+)?)(?P<d>[一二三四五六日天]|"
                        + "|".join(_WEEKDAYS_EN) + r")", re.I)
_THIS_WEEK = re.compile(r"(?:本|这|这个)(?:周|星期|礼拜)(?P<d>[一二三四五六日天])|this\s+(?P<e>"
                        + "|".join(_WEEKDAYS_EN) + r")", re.I)
_BARE_WEEKDAY = re.compile(r"(?:周|星期|礼拜)(?P<d>[一二三四五六日天])|\b(?:on\s+)?(?P<e>"
                           + "|".join(_WEEKDAYS_EN) + r")\b", re.I)
_REL_DAY = [(re.compile(p, re.I), n) for p, n in (
    (r"大后天", 3), (r"后天|day after tomorrow", 2), (r"明天|明日|明早|明晚|tomorrow", 1),
    (r"今天|今日|今晚|today|tonight", 0))]


def _weekday_index(s: str) -> int:
    s = s.lower()
    return _WEEKDAYS_EN[s] if s in _WEEKDAYS_EN else _WEEKDAYS_ZH[s]


_ZH_DAY = re.compile(rf"(?:(?P<mo>\d{{1,2}}|[{_CN_NUM}]{{1,3}})月)?(?P<d>\d{{1,2}}|[{_CN_NUM}]{{1,3}})[号日]")


def _month_day(month: int | None, day: int | None, today: date) -> date | None:
    """The next 3月12日 / 12号 on or after today."""
    if not day:
        return None
    for months_ahead in range(0, 13):
        y, mo = divmod(today.month - 1 + months_ahead, 12)
        if month is not None and mo + 1 != month:
            continue
        try:
            d = date(today.year + y, mo + 1, day)
        except ValueError:
            continue
        if d >= today:
            return d
    return None


def find_date(text: str, now: datetime) -> date | None:
    """The date a text refers to (relative words, weekdays, explicit dates), or None."""
    t = fold(text)
    today = now.date()
    m = _NEXT_WEEK.search(t)
    if m:
        monday = today - timedelta(days=today.weekday()) + timedelta(days=7)
        return monday + timedelta(days=_weekday_index(m.group("d")))
    for pat, days in _REL_DAY:  # longest words first: 大后天 before 后天, 后天 before 明天
        if pat.search(t):
            return today + timedelta(days=days)
    m = _THIS_WEEK.search(t)
    if m:
        idx = _weekday_index(m.group("d") or m.group("e"))
        return today - timedelta(days=today.weekday()) + timedelta(days=idx)
    m = _BARE_WEEKDAY.search(t)
    if m:
        idx = _weekday_index(m.group("d") or m.group("e"))
        ahead = (idx - today.weekday()) % 7 or 7
        return today + timedelta(days=ahead)
    m = _ZH_DAY.search(t)
    if m:
        return _month_day(_int(m.group("mo")), _int(m.group("d")), today)
    explicit = [d for d in find_dates(t) if d.relative_days is None]
    for mention in explicit:
        if mention.month is None and mention.day and mention.year is None:
            try:
                d = date(today.year, today.month, mention.day)
            except ValueError:
                continue
            if d < today:  # 12号 said after the 12th: next month's
                nxt = (today.replace(day=1) + timedelta(days=32)).replace(day=1)
                d = nxt.replace(day=mention.day)
            return d
        value = resolve(mention, now)
        if value is not None:
            return value
    return None


def find_slot(text: str) -> str | None:
    t = fold(text).lower()
    for pat, slot in ((r"上午|早上|早晨|明早|morning", "morning"),
                      (r"下午|afternoon", "afternoon"),
                      (r"晚上|傍晚|今晚|明晚|evening|tonight", "evening")):
        if re.search(pat, t):
            return slot
    return None


def resolve_eta(text: str, now: datetime) -> str | None:
    """'三点半', '明天下午3点', 'in 40 minutes', '15:00', ISO → 'YYYY-MM-DDTHH:MM', else None."""
    t = fold(text.strip())
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2})?", t):
        return t[:10] + "T" + t[11:16]
    written = _written_day(t)
    if written is False:
        return None  # 2026-02-30: asked again, not replaced by today
    minutes = find_relative_minutes(t)
    if minutes is not None:
        return (now + timedelta(minutes=minutes)).strftime("%Y-%m-%dT%H:%M")
    clock = find_clock(t)
    if clock is None:
        return None
    day = written or find_date(t, now) or now.date()
    return f"{day.isoformat()}T{clock.hour:02d}:{clock.minute:02d}"


def resolve_date(text: str, now: datetime) -> str | None:
    t = fold(text.strip())
    written = _written_day(t)
    if written is not None:
        return written.isoformat() if written else None  # 1999年1月1日 is that day, not next year's
    d = find_date(t, now)
    return d.isoformat() if d else None


_WRITTEN_DAY = re.compile(r"(?<!\d)(\d{4})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})(?!\d)")


def _written_day(text: str) -> date | bool | None:
    """A day written with its year (2026-03-12, 2026年3月12日): that day, False where it is no
    day (2026-02-30, 2026-13-45), None where none is written."""
    m = _WRITTEN_DAY.search(text)
    if m is None:
        return None
    try:
        return date(*map(int, m.groups()))
    except ValueError:
        return False


def resolve_slot(text: str) -> str | None:
    t = text.strip().lower()
    if t in ("morning", "afternoon", "evening"):
        return t
    return find_slot(t)
