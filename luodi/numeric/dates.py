"""Dates in Chinese and English text: 2026年3月1日, 2026-03-01, 3/1/2026, Mar 1, 2026, 3月1日, 27日.

A mention may be partial (no year, or only a day); `resolve` fills the gaps from a reference
time. Weekday and relative words (明天, 後天, tomorrow) are found too, for the numeric engine.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from luodi.numeric.numbers import normalize, parse_cn_integer

_CN = "零一二两三四五六七八九十"
_Y = rf"(?P<y>\d{{4}}|[{_CN}]{{4}})"
_M = r"(?P<m>\d{1,2}|十[一二]?|[一二三四五六七八九])"
_D = r"(?P<d>\d{1,2}|[二三]?十[一二三四五六七八九]?|三十一?|[一二三四五六七八九])"
MONTHS_EN = {
    m: i + 1
    for i, names in enumerate(
        [
            "jan january",
            "feb february",
            "mar march",
            "apr april",
            "may",
            "jun june",
            "jul july",
            "aug august",
            "sep sept september",
            "oct october",
            "nov november",
            "dec december",
        ]
    )
    for m in names.split()
}
_MON = r"(?P<mon>" + "|".join(sorted(MONTHS_EN, key=len, reverse=True)) + r")\.?"
_ORD = r"(?:st|nd|rd|th)?"

_PATTERNS: list[tuple[str, re.Pattern]] = [
    ("cn_ymd", re.compile(rf"{_Y}\s*年\s*{_M}\s*月\s*{_D}\s*[日号]")),
    ("iso", re.compile(r"(?<![\d.])(?P<y>\d{4})(?P<sep>[-/.])(?P<m>\d{1,2})(?P=sep)(?P<d>\d{1,2})(?![\d])")),
    ("us", re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>\d{4})(?!\d)")),
    (
        "en_mdy",
        re.compile(
            rf"(?<![A-Za-z]){_MON}\s+(?P<d>\d{{1,2}}){_ORD}(?:,?\s+(?P<y>\d{{4}}))?(?![\d])", re.I
        ),
    ),
    (
        "en_dmy",
        re.compile(
            rf"(?<![\d])(?P<d>\d{{1,2}}){_ORD}\s+(?:of\s+)?{_MON}(?:,?\s+(?P<y>\d{{4}}))?(?![A-Za-z])",
            re.I,
        ),
    ),
    ("en_my", re.compile(rf"(?<![A-Za-z]){_MON}\s+(?P<y>\d{{4}})(?!\d)", re.I)),
    ("cn_ym", re.compile(rf"{_Y}\s*年\s*{_M}\s*月(?!\s*[\d{_CN}]+\s*[日号])")),
    ("cn_md", re.compile(rf"(?<![\d{_CN}]){_M}\s*月\s*{_D}\s*[日号]")),
    ("cn_m", re.compile(rf"(?<![\d{_CN}第]){_M}\s*月(?:份)?(?!\s*[\d{_CN}]+\s*[日号])(?![饼球])")),
    ("cn_y", re.compile(rf"(?<![\d]){_Y}\s*年(?![内来间后前多以底初中])")),
    ("cn_d", re.compile(r"(?<![\d月.])(?P<d>\d{1,2})\s*日(?![元本语文报记])")),
]
_RELATIVE = re.compile(
    r"大后天|大前天|今天|今日|明天|明日|后天|昨天|昨日|前天|today|tomorrow|yesterday", re.I
)
_REL_DAYS = {
    "今天": 0,
    "今日": 0,
    "明天": 1,
    "明日": 1,
    "后天": 2,
    "大后天": 3,
    "昨天": -1,
    "昨日": -1,
    "前天": -2,
    "大前天": -3,
    "today": 0,
    "tomorrow": 1,
    "yesterday": -1,
}
_REL_FOLD = str.maketrans({"後": "后"})
WEEKDAY_ZH = ["星期一", "星期二", "星期三", "星期四", "星期五", "星期六", "星期日"]
WEEKDAY_EN = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
_WEEKDAY = re.compile(
    r"(?:星期|周|礼拜)(?P<zh>[一二三四五六日天])"
    r"|(?P<en>monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    re.I,
)


# 下周五, 这个星期三, 上礼拜天: a weekday of a week counted from this one (weeks start on Monday).
# In English only where the week is said: "this Friday", "Friday next week", "next week's Friday";
# "next Friday" alone is left: speakers mean this week's or the next week's.
_WEEK_DAY = re.compile(r"(?P<rel>上上|上|这|本|下下|下)\s*个?\s*(?:周|星期|礼拜)(?P<wd>[一二三四五六日天])")
_WD_EN = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_WEEK_DAY_EN = re.compile(rf"\b(?:(?P<this>this)\s+(?P<wd1>{_WD_EN})|(?P<wd2>{_WD_EN})\s+(?:of\s+)?(?P<rel2>next|last|this)"
                          rf"\s+week|(?P<rel3>next|last|this)\s+week'?s\s+(?P<wd3>{_WD_EN}))\b", re.I)
_WEEKS = {"上上": -2, "上": -1, "这": 0, "本": 0, "下": 1, "下下": 2, "last": -1, "this": 0, "next": 1}


def _week_of(m: re.Match[str]) -> tuple[int, int]:
    if m.re is _WEEK_DAY_EN:
        rel = (m.group("this") or m.group("rel2") or m.group("rel3")).lower()
        return _WEEKS[rel], WEEKDAY_EN.index((m.group("wd1") or m.group("wd2") or m.group("wd3")).capitalize())
    return _WEEKS[m.group("rel")], "一二三四五六日".index(m.group("wd").replace("天", "日"))


@dataclass
class DateMention:
    """A date written in text; missing parts are None."""

    year: int | None
    month: int | None
    day: int | None
    start: int
    end: int
    raw: str
    relative_days: int | None = None  # 明天 → 1
    week: tuple[int, int] | None = None  # 下周五 → (1, 4): weeks from this one, weekday (Monday 0)

    @property
    def iso(self) -> str:
        """ISO form with what is known: 2026-03-01, 2026-03, 2026, --03-01, ---01."""
        if self.relative_days is not None:
            return f"today{self.relative_days:+d}"
        if self.week is not None:
            return f"week{self.week[0]:+d}-{self.week[1] + 1}"
        if self.year and self.month and self.day:
            return f"{self.year:04d}-{self.month:02d}-{self.day:02d}"
        if self.year and self.month:
            return f"{self.year:04d}-{self.month:02d}"
        if self.year:
            return f"{self.year:04d}"
        if self.month and self.day:
            return f"--{self.month:02d}-{self.day:02d}"
        if self.month:
            return f"--{self.month:02d}"
        return f"---{self.day:02d}"

    @property
    def complete(self) -> bool:
        return bool(self.year and self.month and self.day)


def _num(s: str | None) -> int | None:
    return parse_cn_integer(s) if s else None


def _valid(y: int | None, m: int | None, d: int | None) -> bool:
    if m is not None and not 1 <= m <= 12:
        return False
    if d is not None and not 1 <= d <= 31:
        return False
    if y is not None and not 1000 <= y <= 2999:
        return False
    if m and d:
        try:
            date(y or 2000, m, d)
        except ValueError:
            return False
    return True


def find_dates(text: str) -> list[DateMention]:
    """All date mentions, left to right, longest readings first where they overlap."""
    norm = normalize(text).translate(_REL_FOLD)
    taken: list[tuple[int, int]] = []
    out: list[DateMention] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    for kind, pat in _PATTERNS:
        for m in pat.finditer(norm):
            if not free(m.start(), m.end()):
                continue
            g = m.groupdict()
            if kind == "us":
                a, b = int(g["a"]), int(g["b"])
                mo, d = (b, a) if a > 12 else (a, b)  # month first unless impossible
                y = int(g["y"])
            else:
                y = _num(g.get("y"))
                mo = MONTHS_EN[g["mon"].lower()] if g.get("mon") else _num(g.get("m"))
                d = _num(g.get("d"))
            if not _valid(y, mo, d):
                if kind in ("cn_ymd", "iso", "us"):
                    taken.append((m.start(), m.end()))  # an impossible date is not two partial ones
                continue
            if kind == "cn_y" and not (1900 <= (y or 0) <= 2100):
                continue
            taken.append((m.start(), m.end()))
            out.append(DateMention(y, mo, d, m.start(), m.end(), text[m.start() : m.end()]))
    for m in _RELATIVE.finditer(norm):
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            out.append(
                DateMention(
                    None,
                    None,
                    None,
                    m.start(),
                    m.end(),
                    text[m.start() : m.end()],
                    relative_days=_REL_DAYS[m.group(0).lower()],
                )
            )
    for m in [*_WEEK_DAY.finditer(norm), *_WEEK_DAY_EN.finditer(norm)]:
        if free(m.start(), m.end()):
            taken.append((m.start(), m.end()))
            out.append(DateMention(None, None, None, m.start(), m.end(), text[m.start() : m.end()],
                                   week=_week_of(m)))
    out.sort(key=lambda d: d.start)
    # 4月4日至6日: a bare day right after a range mark takes the month (and year) before it
    for prev, cur in zip(out, out[1:], strict=False):
        if (
            cur.month is None
            and cur.day
            and prev.month
            and re.fullmatch(r"\s*(?:至|到|-|—|~|～|和|、)\s*", norm[prev.end : cur.start])
        ):
            cur.month, cur.year = prev.month, prev.year
    return out


def resolve(
    mention: DateMention, now: datetime | date | None = None, forward: bool = True
) -> date | None:
    """A concrete date: missing year (or month) taken from `now`, rolling forward if asked."""
    today = _today(now)
    if mention.relative_days is not None:
        return today + timedelta(days=mention.relative_days)
    if mention.week is not None:  # weeks start on Monday, as Chinese calendars print them
        weeks, weekday = mention.week
        return today - timedelta(days=today.weekday()) + timedelta(weeks=weeks, days=weekday)
    if mention.complete:
        return date(mention.year, mention.month, mention.day)  # type: ignore[arg-type]
    if mention.month and mention.day and not mention.year:
        try:
            d = date(today.year, mention.month, mention.day)
        except ValueError:
            return None
        if forward and d < today:
            d = date(today.year + 1, mention.month, mention.day)
        return d
    return None


def _today(now: datetime | date | None) -> date:
    if now is None:
        return datetime.now().date()
    return now.date() if isinstance(now, datetime) else now


def weekday_names(text: str) -> list[tuple[int, int, int]]:
    """(weekday 0=Monday, start, end) for 星期三 / 週三 / 礼拜三 / Wednesday in `text`."""
    norm = normalize(text).replace("禮", "礼")
    out = []
    for m in _WEEKDAY.finditer(norm):
        if m.group("zh"):
            idx = "一二三四五六日".find(m.group("zh")) if m.group("zh") != "天" else 6
        else:
            idx = [w.lower() for w in WEEKDAY_EN].index(m.group("en").lower())
        out.append((idx, m.start(), m.end()))
    return out


def format_date(d: date, lang: str) -> str:
    """2026年3月31日 in Chinese, March 31, 2026 in English."""
    if lang == "en":
        return f"{d.strftime('%B')} {d.day}, {d.year}"
    return f"{d.year}年{d.month}月{d.day}日"


def weekday_name(d: date, lang: str) -> str:
    return WEEKDAY_EN[d.weekday()] if lang == "en" else WEEKDAY_ZH[d.weekday()]
