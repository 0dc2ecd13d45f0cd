"""A fee that runs with time after a free period, computed for the time the question gives.

"自转入之日起免费保管3日；超过3日的，每件每日收取仓储费20元，累计不超过300元" and "大件在网点放了5天，仓储费
要多少？" is (5 − 3) × 20 = 40 元; "智能快件箱免费保管24小时。超过24小时未取的，每超过12小时收取保管费1元（不足
12小时按12小时计），累计不超过3元" and "放了40个小时" is ⌈16 ÷ 12⌉ × 1 = 2 元. The answer stage quoted the
rule and left the arithmetic to the asker. Nothing is computed without a free period, a rate per
span of time and one length of time kept in the question (not a date, a threshold or a rate asked);
a rate per item, kilogram or cubic metre is multiplied by the question's; a part of a span is
counted whole only where the rule says so (不足12小时按12小时计); a rule that charges more (a one-off
fee, a second rate from a later day) and working days are left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from luodi.answer.router import language
from luodi.answer.text import shared_words
from luodi.fold import to_simplified, to_traditional
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import parse_number

_N = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)"
_HOURS = {"小时": 1, "个小时": 1, "钟头": 1, "个钟头": 1, "日": 24, "天": 24, "hour": 1, "day": 24}
_UNIT = r"(个小时|小时|个钟头|钟头|日|天|hours?|days?)"
_FREE = (re.compile(rf"免费(?:保管|存放|储存|存储|仓储|寄存|保存)?\s*{_N}\s*{_UNIT}"),
         re.compile(rf"{_N}\s*{_UNIT}(?:之?内|以内)(?:免费|不收费|不收取)"),
         re.compile(rf"\bfree(?: of charge)?\s+for\s+(?:the first\s+)?{_N}\s+{_UNIT}", re.I),
         re.compile(rf"\bfirst\s+{_N}\s+{_UNIT}\s+(?:are|is)\s+free\b", re.I))
# 每件每日收取仓储费20元 / 每日每件… / 每超过12小时收取保管费1元 / CNY 5 per day / 5 yuan a day (per kg)
_PER = r"件|票|单|个|箱|包|公斤|千克|立方米|立方|平方米"
_RATE = (re.compile(rf"每(?P<per>{_PER})?每?(?:超过)?\s*(?:(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十百]+)\s*)?"
                    rf"(?P<u>个小时|小时|个钟头|钟头|日|天)\s*(?:每(?P<per2>{_PER}))?\s*"
                    rf"(?:收取|加收|收|计收)?[^\d，。；;,]{{0,8}}?(?P<y>\d+(?:\.\d+)?)\s*元"),
         re.compile(r"(?:(?:CNY|RMB)\s*(?P<y>\d+(?:\.\d+)?)|(?P<y2>\d+(?:\.\d+)?)\s*(?:yuan|CNY))\s+(?:per|a|each)\s+"
                    r"(?:(?P<n>\d+)\s+)?(?P<u>hours?|days?)", re.I))
_PER_AFTER = re.compile(r"^\s*per\s+(kg|kilo(?:gram)?s?|cubic|m3|m³|items?|pieces?|parcels?|box(?:es)?|pallets?)\b",
                        re.I)
_CAP = re.compile(rf"(?:累计|合计|总计|最多|最高)(?:收取)?(?:不超过|不得超过|至多)?\s*{_N}\s*元|封顶\s*{_N}\s*元"
                  rf"|\b(?:up to|at most|capped at|a maximum of|no more than)\s+(?:CNY|RMB)\s*{_N}", re.I)
_CEIL = re.compile(rf"不足\s*{_N}?\s*{_UNIT}的?按\s*{_N}?\s*{_UNIT}计|part of an? (?:day|hour) counts as a (?:full|whole)",
                   re.I)
# a length of time kept (放了5天), not a threshold (超过7天, 满3日, 7天以上, more than 7 days)
_ELAPSED = re.compile(rf"(?<![\d.第月])(?<!前)(?<!超过)(?<!超出)(?<!多于)(?<!不足)(?<!满)(?<!more than )(?<!over )"
                      rf"{_N}\s*{_UNIT}(?!内|以内|之内|以上|以下|多(?!少)|后|起|之后|到期)", re.I)
# the free period or a threshold named before the length of time: 免费保管3日后, 超出免费期2天 (how
# long past it, or a rate asked, not a length of time kept)
_THRESHOLD = re.compile(r"免费|超过|超出|超期|free|more than|over\b|beyond", re.I)
# amounts a rule charges besides its rate and cap (另收手续费5元, 自第31日起…15元): not computed
_OTHER_CHARGE = re.compile(r"另收|另加|另行收取|一次性|自第\s*\d+\s*[日天]起|plus a|one-off|additional fee|"
                           r"from (?:the )?\d+(?:st|nd|rd|th) day", re.I)
_COUNTED = re.compile(r"(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*(?:个|件|箱|票|单|包)(?!小时|钟头|月)"
                      r"|\b(?P<en>\d+|two|three|four|five|six|seven|eight|nine|ten)\s+(?:[a-z-]+\s+)?"
                      r"(?:items?|parcels?|pieces?|boxes|pallets?)\b", re.I)
_MEASURE = {"公斤": r"公斤|千克|kg", "千克": r"公斤|千克|kg", "立方米": r"立方米|立方|m3|m³", "立方": r"立方米|立方|m3|m³",
            "平方米": r"平方米|平方|m2|m²"}
_WORKING = re.compile(r"工作日|business day|working day", re.I)
# a question for a sum (how it is charged is not one: "超过7天怎么收费"); "还能放多少天" asks no money
_MONEY = re.compile(r"费|钱|元|块|fee|charge|cost|pay", re.I)
_RATE_ASKED = re.compile(r"每天|每日|每小时|一天多少|per (?:day|hour)|a day\b|daily|hourly", re.I)  # the rate, not a sum
_ASKS = re.compile(r"多少|几块|几元|how much|\bwhat (?:is|are|would be) the (?:fee|charge|cost)", re.I)


@dataclass(frozen=True)
class Accrued:
    held: Decimal  # hours the question gives
    free: Decimal  # hours free, by the rule
    step: Decimal  # hours per charge
    spans: Decimal  # charges due
    yuan: Decimal  # per charge
    times: Decimal  # items, kilograms or cubic metres the rate is per
    total: Decimal
    capped: bool  # the rule's cap applied
    source: int  # which line
    quote: str  # the sentences of it read

    @property
    def detail(self) -> str:
        raw = self.spans * self.yuan * self.times
        times = f" × {format_number(self.times)}" if self.times != 1 else ""
        tail = f" → {format_number(self.total)}" if self.capped else ""
        return f"{format_number(self.spans)} × {format_number(self.yuan)}{times} = {format_number(raw)}{tail}"


def _hours(n: str, unit: str) -> Decimal | None:
    value = parse_number(n)
    key = unit.lower().rstrip("s")
    return None if value is None else Decimal(str(value)) * _HOURS.get(key, _HOURS.get(unit, 0))


def asked_hours(question: str) -> Decimal | None:
    """The one length of time a question gives (放了5天, 40个小时, kept 10 days), in hours."""
    q = to_simplified(question)
    if _WORKING.search(q) or not _ASKS.search(q) or not _MONEY.search(q) or _RATE_ASKED.search(q):
        return None
    found = list(_ELAPSED.finditer(q))
    if len(found) != 1 or _THRESHOLD.search(q, 0, found[0].start()):
        return None
    hours = _hours(found[0].group(1), found[0].group(2))
    if hours is not None and q[found[0].end():found[0].end() + 1] == "半":  # 5天半
        hours += _hours("1", found[0].group(2)) / 2
    return hours


@dataclass(frozen=True)
class _Rule:
    free: Decimal  # hours
    step: Decimal  # hours per charge
    yuan: Decimal  # per charge
    per: str  # what else the rate is per: 件, 公斤, 立方米 (or "")
    other: bool  # the rule charges something else too (a one-off fee, a second rate)
    cap: Decimal | None
    start: int  # the line's sentences that set it
    stop: int
    rated: int  # where the rate ends: what comes before is what the rule is about
    cap_each: bool = False  # the cap is per item (每件累计不超过50元)


def _per_english(word: str) -> str:
    """What "per kg", "per cubic metre", "per item" charge by, as the Chinese rules write it."""
    word = word.lower()
    return "公斤" if word.startswith(("kg", "kilo")) else "立方米" if word.startswith(("cubic", "m3", "m³")) else "件"


def _rule(line: str) -> _Rule | None:
    """The free period, rate and cap a line sets, where it sets the first two; `other` where it
    also charges something else (a one-off fee, a second rate from a later day, another rate
    for other goods)."""
    free = next((m for p in _FREE if (m := p.search(line))), None)
    rates = [] if free is None else [m for p in _RATE for m in p.finditer(line, free.end())]
    if not rates:
        return None
    rate = min(rates, key=lambda m: m.start())
    g = rate.groupdict()
    step = _hours(g.get("n") or "1", g["u"])
    yuan = parse_number(g.get("y") or g.get("y2") or "")
    after = _PER_AFTER.match(line[rate.end():])
    per = g.get("per") or g.get("per2") or (_per_english(after.group(1)) if after else "")
    free_hours = _hours(free.group(1), free.group(2))
    if not step or yuan is None or free_hours is None:
        return None
    cap = _CAP.search(line, rate.end())
    if cap is not None and re.search(r"。|\.\s", line[rate.end():cap.start()]):
        cap = None  # a cap of another sentence
    end = cap.end() if cap is not None else rate.end()
    start = max(line.rfind(p, 0, free.start()) for p in "。；;") + 1
    stop = min([i + 1 for p in "。；;" if (i := line.find(p, end)) >= 0] or [len(line)])
    cap_value = None if cap is None else parse_number(next(x for x in cap.groups() if x))
    each = cap is not None and re.search(r"每(?:件|票|单|个)[^，。；]{0,4}$|per (?:item|piece|parcel)\W*$",
                                        line[max(rate.end(), cap.start() - 12):cap.start()], re.I) is not None
    daily = cap is not None and re.match(r"\s*(?:per (?:calendar )?day|a day|每日|每天)", line[cap.end():], re.I)
    other = _OTHER_CHARGE.search(line, start) is not None or len(rates) > 1 or bool(daily)
    return _Rule(free_hours, step, Decimal(str(yuan)), per, other,
                 None if cap_value is None else Decimal(str(cap_value)), start, stop, rate.end(), each)


# Words any storage question and rule share: they do not make a rule about the question's thing
_GENERIC = frozenset("保管 管费 仓储 储费 存放 寄存 费用 收费 收取 多少 快件 包裹 快递 每日 每天 小时 免费 超过 "
                     "fee fees charg cost day hour store storag held hold kept keep parcel much".split())


def accrued(question: str, lines: list[str], subject: bool = False) -> Accrued | None:
    """The fee for the time the question gives, by the line (of `lines`, the rules the answer
    quotes or the best passage's lines) that sets a free period and a rate per span of time and
    shares most with the question; None where none does, where the rate is per something the
    question does not give, or where a part span would have to be counted and the rule does not
    say how. With `subject`, the line must share a word with the question besides a storage
    fee's own (驿站 is not the 智能快件箱 of a rule quoted beside it)."""
    held = asked_hours(question)
    if held is None:
        return None
    q = to_simplified(question)
    found = []
    for source, line in enumerate(lines):
        simple = to_simplified(line)
        rule = None if _WORKING.search(simple) or len(simple) != len(line) else _rule(simple)
        if rule is not None:  # shared words before the rate: its subject, not where a parcel goes next
            found.append((shared_words(q, simple[:rule.rated], _GENERIC), -source, rule, simple))
    if not found:
        return None
    shared, source, rule, simple = max(found, key=lambda f: f[:2])
    times = _times(q, rule.per)
    if times is None or rule.other or _later_rate(lines, held) or (subject and not shared):
        return None
    return _charge(held, rule, simple, -source, lines[-source][rule.start:rule.stop].strip(), times)


_FROM_DAY = re.compile(r"自第\s*(\d+)\s*[日天]起|超过\s*(\d+)\s*[日天]仍?未|from (?:the )?(\d+)(?:st|nd|rd|th) day", re.I)


def _later_rate(lines: list[str], held: Decimal) -> bool:
    """Whether a line sets another rate from a later day that the time held reaches ("超过30日仍未提走
    的，自第31日起每立方米每日收取仓储费15元"): the sum would need both."""
    for line in lines:
        simple = to_simplified(line)
        days = [int(d) for m in _FROM_DAY.finditer(simple) for d in m.groups() if d]
        if days and _RATE[0].search(simple) and held >= 24 * min(days):
            return True
    return False


def _times(question: str, per: str) -> Decimal | None:
    """How many of what the rate is per the question gives: items counted (3件; 1 where none is),
    a weight or a volume (10公斤); None where the rate is per a measure the question lacks."""
    if per in _MEASURE:
        found = re.findall(rf"(\d+(?:\.\d+)?)\s*(?:{_MEASURE[per]})", question, re.I)
        return Decimal(found[0]) if len(found) == 1 else None
    if per:
        counted = [m.group("n") or m.group("en") for m in _COUNTED.finditer(question)]
        value = parse_number(counted[0].lower()) if len(counted) == 1 else 1 if not counted else None
        return None if value is None else Decimal(str(value))
    return Decimal(1)


def _charge(held: Decimal, rule: _Rule, line: str, source: int, quote: str, times: Decimal) -> Accrued | None:
    spans = max(Decimal(0), held - rule.free) / rule.step
    if spans != spans.to_integral_value():
        if not _CEIL.search(line):
            return None
        spans = spans.to_integral_value(rounding=ROUND_CEILING)
    total = spans * rule.yuan * times
    cap = None if rule.cap is None else rule.cap * times if rule.cap_each else rule.cap
    capped = cap is not None and total > cap
    return Accrued(held, rule.free, rule.step, spans, rule.yuan, times, cap if capped else total, capped,
                   source, quote)


def _span(hours: Decimal, days: bool, english: bool) -> str:
    n = format_number(hours / 24 if days else hours)
    if english:
        return f"{n} {'day' if days else 'hour'}{'' if n == '1' else 's'}"
    return f"{n}{'日' if days else '小时'}"


def accrued_text(question: str, got: Accrued) -> tuple[str, str]:
    """The answer's computed line and its checked atom."""
    english = language(question) == "en"
    days = got.step % 24 == 0 and got.free % 24 == 0 and got.held % 24 == 0
    held, free = _span(got.held, days, english), _span(got.free, days, english)
    over, step = _span(max(Decimal(0), got.held - got.free), days, english), _span(got.step, days, english)
    total = format_number(got.total)
    if english:
        if not got.spans:
            text = f"Per the cited rule, the first {free} are free and {held} is within them: 0 yuan."
        else:
            per = "" if step.startswith("1 ") else f" (charged per {step}, a part counted whole)"
            cap = f", capped at the cited {total} yuan" if got.capped else ""
            text = f"Computed from the cited rule: {held} − {free} free = {over}{per}; {got.detail} yuan{cap}."
        return text, f"{total} 元"
    if not got.spans:
        text = f"按引用条款，免费保管{free}，{held}未超过，不收费：0 元。"
    else:
        per = "" if step.startswith("1") and len(step) <= 3 else f"，按每{step}计{format_number(got.spans)}次（不足的按整计）"
        cap = f"，超过累计上限，按 {total} 元收取" if got.capped else ""
        text = f"按引用条款计算：{held} − 免费{free} = {over}{per}；{got.detail} 元{cap}。"
    return (to_traditional(text) if language(question) == "zh-Hant" else text), f"{total} 元"
