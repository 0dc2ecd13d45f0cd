"""The last day of a period a rule sets, counted from the date the question gives.

"自签收之日起7日内提出" and "快件3月3日签收时发现破损，最晚哪天要提出？" is 3月10日; "Damage must be reported
within 7 days of delivery" and "delivered on 3 March … the last day to report it?" is 10 March.
The day the period starts from is not counted (民法典第二百零一条: 开始的当日不计入), as courts and
couriers count. The rule's period is used only where the question names the event it runs from
(签收, delivery) and gives one date; of several periods from that event the one whose clause
shares most with the question. Working days are left alone: which days count is not said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from luodi.answer.router import language
from luodi.answer.text import shared_words
from luodi.fold import to_simplified, to_traditional
from luodi.index.tokenize import english_stems
from luodi.numeric.dates import find_dates, resolve
from luodi.numeric.parse import parse_number

_ASKS_LAST = re.compile(r"最晚|最迟|最遲|截止|哪天|哪一天|几号|幾號|什么时候之前|什麼時候之前|\blast day\b|\bby when\b"
                        r"|\bdeadline\b|\buntil when\b|\bno later than\b|\blatest\b|\bwhat date\b|\bwhich day\b", re.I)
_N = r"(\d+|[一二两三四五六七八九十百]+)"
_PERIOD_ZH = re.compile(rf"(?<![月\d一二两三四五六七八九十]){_N}\s*(?P<work>个工作日|工作日)?(?:个自然日|日|天)?(?<=[日天])"
                        r"(?:内|以内|之内)")  # not a day of the month: 次月15日内
_ANCHOR_ZH = re.compile(r"(?:自|从|於|于)([\u4e00-\u9fff]{1,12}?)(?:之日|当日|当天|之时)(?:起|开始)?")
_PERIOD_EN = re.compile(rf"\bwithin\s+{_N}\s+(?:calendar\s+|(?P<work>business\s+|working\s+))?days?\s+(?:of|after|from)\s+(?:the\s+)?"
                        r"(?P<event>[a-z][a-z ]{2,30}?)(?=[.,;:)]|\s+(?:and|or|if|unless|at|by)\b|$)", re.I)
_WORKING = re.compile(r"工作日|business day|working day", re.I)
_COUNTS_START = re.compile(r"(?<!不)含[^，。；）)]{0,6}当[日天]|(?<!not )including the day", re.I)
# a period that runs from a later point than the event named before it (自寄出之日起超过30日…；此后7日内)
_LATER = re.compile(r"此后|之后|其后|届满后|期满后|thereafter|after that", re.I)
_BREAK = re.compile(r"[，。；;,]|\.\s|\n")


@dataclass(frozen=True)
class Deadline:
    start: date
    days: int
    last: date
    year_given: bool
    source: int  # which line
    quote: str  # the clause read
    counted: bool = False  # the start day counts (含签收当日)


# Words any claim or period shares with a question about it: no sign the rule is about its thing
_GENERIC = frozenset("快件 包裹 快递 之日 日内 提出 应当 可以 最晚 客户 哪天 几号 "
                     "day days within must report last date the".split())


def _periods(line: str) -> list[tuple[int, str, str, str, bool, str]]:
    """(days, its clause, the line without any period's event, the event, whether working days,
    the clause without its event) of each period a line sets from an event (自签收之日起7日内,
    within 7 days of delivery)."""
    found = []
    chinese = re.search(r"[\u4e00-\u9fff]", line) is not None
    for m in (_PERIOD_ZH if chinese else _PERIOD_EN).finditer(line):
        if chinese:
            anchors = list(_ANCHOR_ZH.finditer(line, 0, m.start()))
            if anchors:
                found.append((m, anchors[-1].group(0), anchors[-1].group(1)))
        else:
            found.append((m, m.group("event"), m.group("event")))
    rest = line
    for _, span, _ in found:
        rest = rest.replace(span, "")
    clauses = []
    for m, span, event in found:
        start = max((b.end() for b in _BREAK.finditer(line, 0, m.start())), default=0)
        stop = next((b.start() for b in _BREAK.finditer(line, m.end())), len(line))
        clauses.append((m, span, event, start, stop))
    out = []
    for m, span, event, start, stop in clauses:
        days = parse_number(m.group(1))
        if days is not None and not _LATER.search(line, start, m.start()):
            # judged by its sentence ("如有损坏，自定损之日起30日内" is about 损坏), less other periods' clauses
            opened = max((b.end() for b in re.finditer(r"[。；;\n]|\.\s", line[:m.start()])), default=0)
            own = line[opened:stop]
            for other in clauses:
                if other[0] is not m:
                    own = own.replace(line[other[3]:other[4]], "")
            out.append((int(days), line[start:stop], rest, event, bool(m.group("work")), own.replace(span, "")))
    return out


def _dated_event(question: str, at: tuple[int, int], event: str) -> bool:
    """Whether the question's date is the event's: its verb (签收) or word (delivered) within a
    few characters of the date ("3月3日签收", "签收日期是3月3日", "delivered on 3 March")."""
    before = re.split(r"[，,。；;]", question[max(0, at[0] - 14):at[0]])[-1]
    near = before + " " + re.split(r"[，,。；;]", question[at[1]:at[1] + 5])[0]
    if re.search(r"[\u4e00-\u9fff]", event):
        return event[-2:] in near
    return bool(set(english_stems(event)) & set(english_stems(near)))


def deadline(question: str, lines: list[str], today: date) -> Deadline | None:
    """The last day of the period the question's event starts, by the line (of `lines`, the rules
    the answer quotes or the best passage's lines) whose period from that event shares most with
    the question; None where none does, the date is not the event's, or two periods fit alike."""
    q = to_simplified(question)
    dates = find_dates(q)
    if not _ASKS_LAST.search(q) or len(dates) != 1 or _WORKING.search(q):
        return None
    start = resolve(dates[0], today, forward=False)
    if start is None:
        return None
    at = (dates[0].start, dates[0].end)
    scored = []  # every period, by how much its rule and clause share with the question
    for source, line in enumerate(lines):
        for days, clause, rest, event, working, own in _periods(to_simplified(line)):
            dated = _dated_event(q, at, event)
            scored.append(((shared_words(rest, q, _GENERIC), shared_words(own, q, _GENERIC), dated, -source), days, working, dated, source, clause))
    if not scored:
        return None
    scored.sort(key=lambda s: s[0], reverse=True)
    best = scored[0]
    if not best[3] or best[2]:
        return None  # the rule the question is about runs from another event, or counts working days
    rival = next((s for s in scored[1:] if s[3] and not s[2] and s[1] != best[1]), None)
    if rival is not None and rival[0][:2] == best[0][:2]:
        return None  # two periods the question fits alike
    _, days, _, _, source, clause = best
    simple = to_simplified(lines[source])
    at_clause = simple.find(clause)
    quote = lines[source][at_clause:at_clause + len(clause)] if len(lines[source]) == len(simple) else clause
    # "7日内（含签收当日）": the start day counts, the period ends a day sooner
    sentence_end = re.search(r"[。；;\n]|\.\s|$", simple[at_clause + len(clause):])
    counted = _COUNTS_START.search(simple[at_clause:at_clause + len(clause) + sentence_end.start()]) is not None
    last = start + timedelta(days=days - 1 if counted else days)
    return Deadline(start, days, last, dates[0].year is not None, source, quote.strip(), counted)


def _day(d: date, english: bool, year: bool) -> str:
    if english:
        return f"{d.day} {d.strftime('%B')}" + (f" {d.year}" if year else "")
    return (f"{d.year}年" if year else "") + f"{d.month}月{d.day}日"


def deadline_text(question: str, got: Deadline) -> tuple[str, str]:
    """The answer's computed line and its checked atom."""
    english = language(question) == "en"
    year = got.year_given or got.start.year != got.last.year
    start, last = _day(got.start, english, year), _day(got.last, english, year)
    if english:
        counted = "that day counted, as the rule says" if got.counted else "that day not counted"
        return f"Computed from the cited rule: {got.days} days from {start}, {counted}: the last day is {last}.", last
    counted = "起算当日计入，按条款" if got.counted else "起算当日不计入"
    text = f"按引用条款计算：自{start}起{got.days}日内（{counted}），最后一天为{last}。"
    return (to_traditional(text) if language(question) == "zh-Hant" else text), last
