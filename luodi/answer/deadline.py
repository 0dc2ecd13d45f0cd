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
from luodi.fold import to_simplified, to_traditional
from luodi.index.tokenize import english_stems
from luodi.numeric.dates import find_dates, resolve
from luodi.numeric.parse import parse_number

_ASKS_LAST = re.compile(r"最晚|最迟|最遲|截止|哪天|哪一天|几号|幾號|什么时候之前|什麼時候之前|\blast day\b|\bby when\b"
                        r"|\bdeadline\b|\buntil when\b|\bno later than\b|\blatest\b|\bwhat date\b|\bwhich day\b", re.I)
_N = r"(\d+|[一二两三四五六七八九十百]+)"
_PERIOD_ZH = re.compile(rf"{_N}\s*(?:个自然日|日|天)(?:内|以内|之内)")
_ANCHOR_ZH = re.compile(r"(?:自|从|於|于)([\u4e00-\u9fff]{1,12}?)(?:之日|当日|当天|之时)(?:起|开始)?")
_PERIOD_EN = re.compile(rf"\bwithin\s+{_N}\s+(?:calendar\s+)?days?\s+(?:of|after|from)\s+(?:the\s+)?"
                        r"([a-z][a-z ]{2,30}?)(?=[.,;:)]|\s+(?:and|or|if|unless|at|by)\b|$)", re.I)
_WORKING = re.compile(r"工作日|business day|working day", re.I)
_BREAK = re.compile(r"[，。；;,]|\.\s|\n")


@dataclass(frozen=True)
class Deadline:
    start: date
    days: int
    last: date
    year_given: bool
    source: int  # which evidence text
    quote: str  # the clause read


def _bigrams(text: str) -> set[str]:
    return {text[i:i + 2] for i in range(len(text) - 1) if re.match(r"[\u4e00-\u9fff]{2}", text[i:i + 2])}


def _periods(line: str, question: str) -> list[tuple[int, str, str]]:
    """(days, its clause, the clause without its event) of each period a line sets from an
    event the question names: the event's verb (签收, 寄出, 发送) or an English word's stem
    (delivery, delivered)."""
    out = []
    chinese = re.search(r"[\u4e00-\u9fff]", line) is not None
    stems = set() if chinese else set(english_stems(question))
    for m in (_PERIOD_ZH if chinese else _PERIOD_EN).finditer(line):
        if chinese:
            anchors = list(_ANCHOR_ZH.finditer(line, 0, m.start()))
            event = anchors[-1] if anchors else None
            if event is None or event.group(1)[-2:] not in question:
                continue
        else:
            event = m
            if not set(english_stems(m.group(2))) & stems:
                continue
        days = parse_number(m.group(1))
        start = max((b.end() for b in _BREAK.finditer(line, 0, m.start())), default=0)
        stop = next((b.start() for b in _BREAK.finditer(line, m.end())), len(line))
        clause = line[start:stop]
        if days is not None:
            own = clause.replace(event.group(0), "") if chinese else clause.replace(m.group(2), "")
            out.append((int(days), clause, own))
    return out


def deadline(question: str, evidence: list[str], today: date, depth: int = 3) -> Deadline | None:
    """The last day of the period the question's event starts, by the first of the first `depth`
    evidence texts that sets one; None where none does or which one is not clear."""
    q = to_simplified(question)
    dates = find_dates(q)
    if not _ASKS_LAST.search(q) or len(dates) != 1 or _WORKING.search(q):
        return None
    start = resolve(dates[0], today, forward=False)
    if start is None:
        return None
    for source, text in enumerate(evidence[:depth]):
        for line in text.splitlines():
            simple = to_simplified(line)
            if _WORKING.search(simple) and not _PERIOD_ZH.search(simple) and not _PERIOD_EN.search(simple):
                continue
            found = _periods(simple, q)
            if not found:
                continue
            scored = sorted(((len(_bigrams(own) & _bigrams(q)) + len(set(english_stems(own)) & set(english_stems(q))), d, c)
                             for d, c, own in found), reverse=True)
            if len(scored) > 1 and scored[0][0] == scored[1][0] and scored[0][1] != scored[1][1]:
                return None  # two periods the question fits alike
            _, days, clause = scored[0]
            at = simple.find(clause)
            quote = line[at:at + len(clause)] if len(line) == len(simple) else clause
            return Deadline(start, days, start + timedelta(days=days), dates[0].year is not None, source, quote.strip())
    return None


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
        return (f"Computed from the cited rule: {got.days} days from {start}, that day not counted: "
                f"the last day is {last}.", last)
    text = f"按引用条款计算：自{start}起{got.days}日内（起算当日不计入），最后一天为{last}。"
    return (to_traditional(text) if language(question) == "zh-Hant" else text), last
