"""Date questions: differences, "N days after/before", days until, weekday — against `now`."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from fractions import Fraction

from luodi.numeric import dates as D
from luodi.numeric.compute import exact
from luodi.numeric.parse import Quantity, parse_number
from luodi.numeric.result import NumericResult, question_quantities
from luodi.numeric.shape import AFTER, BEFORE, DATE_ADD, DATE_DIFF, UNTIL, WEEKDAY_ASK


def solve_date(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    found = D.find_dates(text)
    mentions = [
        m
        for m in found
        if m.complete or m.relative_days is not None or m.week is not None or (m.month and m.day)
    ]
    today = D._today(now)
    days = _durations(text, [(d.start, d.end) for d in found])
    asks_weekday = bool(WEEKDAY_ASK.search(text))
    if not mentions:
        return _from_today(text, lang, today, days, asks_weekday)
    if len(mentions) >= 2 and DATE_DIFF.search(text):
        a, b = (
            D.resolve(mentions[0], today, forward=False),
            D.resolve(mentions[1], today, forward=False),
        )
        if a is None or b is None:
            return None
        n = abs((b - a).days)
        comp = f"{D.format_date(b, lang)} − {D.format_date(a, lang)} = {n} " + (
            "days" if lang == "en" else "天"
        )
        ans = f"{n} days" if lang == "en" else f"相差 {n} 天"
        return NumericResult(ans, exact(Fraction(n)), comp, "date", unit="天")
    m0 = mentions[0]
    target = D.resolve(m0, today, forward=True)
    if target is None:
        return None
    if (
        days
        and (AFTER.search(text) or BEFORE.search(text))
        and (DATE_ADD.search(text) or asks_weekday)
    ):
        q = days[0]
        n = int(q.value * (7 if q.unit == "周" else 1))
        between = text[m0.end : q.start] + text[q.end : q.end + 4]
        sign = (
            -1
            if BEFORE.search(between) and not re.search(r"后|之后|以后|起|after|within", between)
            else 1
        )
        res = target + timedelta(days=sign * n)
        op = "+" if sign > 0 else "−"
        note = (
            ""
            if sign < 0
            else (" (the start day not counted)" if lang == "en" else "（开始当日不计入）")
        )
        comp = f"{D.format_date(target, lang)} {op} {n} {'days' if lang == 'en' else '天'} = {D.format_date(res, lang)}{note}"
        ans = (
            D.format_date(res, lang) + f" ({D.weekday_name(res, lang)})"
            if lang == "en"
            else f"{D.format_date(res, lang)}（{D.weekday_name(res, lang)}）"
        )
        return NumericResult(ans, res.isoformat(), comp, "date")
    if UNTIL.search(text) and DATE_DIFF.search(text + "天") and m0.relative_days is None:
        n = (target - today).days
        comp = f"{D.format_date(target, lang)} − {D.format_date(today, lang)} = {n} " + (
            "days" if lang == "en" else "天"
        )
        ans = f"{n} days" if lang == "en" else f"还有 {n} 天"
        return NumericResult(ans, exact(Fraction(n)), comp, "date", unit="天")
    if _DATE_ASK.search(text) and len(mentions) == 1 and (m0.relative_days is not None or m0.week is not None):
        # 明天是几号, 下周五是几月几号: the day a word counted from today names
        ans = (f"{D.format_date(target, lang)} ({D.weekday_name(target, lang)})" if lang == "en"
               else f"{D.format_date(target, lang)}（{D.weekday_name(target, lang)}）")
        comp = f"{m0.raw} → {D.format_date(target, lang)}" + (f" (today {D.format_date(today, lang)})" if lang == "en"
                                                             else f"（今天 {D.format_date(today, lang)}）")
        return NumericResult(ans, target.isoformat(), comp, "date")
    if asks_weekday:
        wd = D.weekday_name(target, lang)
        comp = f"{D.format_date(target, lang)} → {wd}"
        ans = (
            f"{D.format_date(target, lang)} is a {wd}"
            if lang == "en"
            else f"{D.format_date(target, lang)}是{wd}"
        )
        return NumericResult(ans, wd, comp, "date")
    return None


# A span of days written with 日 (180日内, 三十日后; rules write it so) outside a date: not 3月15日,
# not 工作日 (working days need a calendar of holidays, which nothing here has).
_RI_DAYS = re.compile(r"(?<![年月\d一二两三四五六七八九十百千〇零])(?P<n>\d+|[一二两三四五六七八九十百千]+)\s*日(?![历期报])")
# "一天" that names a day, not a span of one: 最后一天, 哪一天, 同一天, 第一天, 每一天.
_NAMED_DAY = re.compile(r"(?:最后|哪|同|第|每|前|后|头)$")


def _durations(text: str, spans: list[tuple[int, int]]) -> list[Quantity]:
    """The spans of days or weeks the question states outside its dates' `spans`, in reading order."""
    days = [q for q in question_quantities(text) if q.unit in ("天", "周") and q.dimension == "time"
            and not (q.raw == "一天" and _NAMED_DAY.search(text[: q.start]))]
    for m in _RI_DAYS.finditer(text):
        if all(m.end() <= a or m.start() >= b for a, b in spans) and (n := parse_number(m.group("n"))):
            days.append(Quantity(n, "天", m.start(), m.end(), m.group(0)))
    return sorted(days, key=lambda q: q.start)


_DATE_ASK = re.compile(r"几号|几月几[号日]|哪一?天|什么日子|什么日期|日期是|what(?:'s| is)? the date|what date|which date", re.I)

# "100天后是几号", "3 weeks from now": counted from today; the days right before 后 or 前
_FROM_TODAY = re.compile(r"(?:天|周|星期|days?|weeks?)\s*(?:之|以)?(?P<dir>后|前)|(?P<en>from now|later|ago)", re.I)


def _from_today(text: str, lang: str, today, days: list, asks_weekday: bool) -> NumericResult | None:
    m = _FROM_TODAY.search(text)
    if len(days) != 1 or not m or not (DATE_ADD.search(text) or asks_weekday):
        return None
    q = days[0]
    if q.value != int(q.value) or q.value <= 0 or m.start() < q.end - 2:
        return None
    n = int(q.value) * (7 if q.unit == "周" else 1)
    sign = -1 if m.group("dir") == "前" or (m.group("en") or "").lower() == "ago" else 1
    res = today + timedelta(days=sign * n)
    word = "today" if lang == "en" else "今天"
    comp = (f"{word} {D.format_date(today, lang)} {'+' if sign > 0 else '−'} {n} "
            f"{'days' if lang == 'en' else '天'} = {D.format_date(res, lang)}")
    ans = (f"{D.format_date(res, lang)} ({D.weekday_name(res, lang)})" if lang == "en"
           else f"{D.format_date(res, lang)}（{D.weekday_name(res, lang)}）")
    return NumericResult(ans, res.isoformat(), comp, "date")
