"""A price per unit applied to the quantity the question gives: "人工费每小时60元，不足1小时的按1小时计算" and
"师傅修了1.5小时，人工费多少？" is 2 × 60 = 120 元; "RMB 0.85 per kWh for electricity plus a service fee
of RMB 0.40 per kWh" and "I put 40 kWh into my car. What's the bill?" is 40 × (0.85 + 0.40) = 50.

Only measures are read (hours, kilograms, kWh, square and cubic metres, kilometres): counted things
(每个, 每层) need to know what is counted, and a free period is luodi.answer.accrual's. Nothing is
computed where the rule prices in tiers or past a threshold (超过…的部分, beyond the first), where it
sets two rates for the unit that are not added (夜间每小时90元), under a condition the question does
not name, for a part of a charged span the rule does not say how to count (by the unit itself, a
part is charged in proportion), for a total the question asks (其他费用 may belong to it), for a rate asked,
or for a parcel's weight (the price tables' work, luodi.answer.freight).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import ROUND_CEILING, Decimal

from luodi.answer.router import language
from luodi.answer.text import shared_words
from luodi.fold import to_simplified, to_traditional
from luodi.numeric.numbers import format_number

_N = r"\d+(?:\.\d+)?"
# each unit: how a Chinese text writes it, how an English one does, how the answer shows it
_UNITS = {
    "小时": ("个小时|小时|钟头", r"hours?", "小时", "hour"),
    "公斤": ("公斤|千克", r"kg|kilos?|kilograms?", "公斤", "kg"),
    "千瓦时": ("千瓦时|度", r"kwh", "千瓦时", "kWh"),
    "平方米": ("平方米|平米|㎡", r"m2|m²|square met(?:re|er)s?", "平方米", "m²"),
    "立方米": ("立方米", r"m3|m³|cubic met(?:re|er)s?", "立方米", "m³"),
    "公里": ("公里|千米", r"km|kilomet(?:re|er)s?", "公里", "km"),
}
_ZH = "|".join(z for z, *_ in _UNITS.values())
_EN = "|".join(e for _, e, *_ in _UNITS.values())
_RATES = (re.compile(rf"每\s*(?P<n>{_N})?\s*(?P<u>{_ZH})[^\d，。；;:：]{{0,10}}?(?P<y>{_N})\s*元"),
          re.compile(rf"(?P<y>{_N})\s*元\s*/\s*(?P<n>{_N})?\s*(?P<u>{_ZH})"),
          re.compile(rf"(?:(?:CNY|RMB|¥)\s*(?P<y>{_N})|(?P<y2>{_N})\s*(?:yuan|CNY|RMB))\s+(?:per|a|an|each)\s+"
                     rf"(?P<n>{_N}\s+)?(?P<u>{_EN})\b", re.I))
_PLUS = re.compile(r"plus|另加|另收|加收|\band\b|另计", re.I)
_TIERED = re.compile(r"(?<!不)超过|超出|以上的部分|部分|首\s*\d|起步|续|beyond|above|over the first|first\s+\d|additional|each further",
                     re.I)
# a free period or an earlier charge the rate runs after, anywhere in the line (The first 30 minutes
# are free. After that, …): luodi.answer.accrual's, or not one rate for the whole quantity
_FREE = re.compile(r"免费|\bfree\b|此后|之后|其后|after that|thereafter", re.I)
_CEIL = re.compile(r"不足|or part of an?|part of an? \w+ counts|rounded up", re.I)
_CAP = re.compile(rf"(?:最高|不超过|封顶|至多|上限)[^\d，。；]{{0,6}}?({_N})\s*元|\b(?:capped at|at most|up to|no more than)\s+"
                  rf"(?:CNY|RMB|¥)\s*({_N})", re.I)
_PER_PERIOD = re.compile(r"^\s*(?:per|a|in any|each)\s+(?:\d+-hour\s+)?(?:day|period)|^\s*[/每](?:日|天)", re.I)
_ASKS = re.compile(r"多少|几块|几元|how much|\bbill\b|\bcost\b|\bpay\b|\bcharge\b|\bfee\b", re.I)
_RATE_ASKED = re.compile(rf"每\s*(?:{_ZH})|一(?:{_ZH})多少|\bper\s+(?:{_EN})\b|\ban?\s+(?:{_EN})\b", re.I)
_TOTAL = re.compile(r"一共|总共|合计|总计|共计|\btotal\b|\ball in\b", re.I)
# words any priced question and rule share: no sign the rule is about the question's thing
_GENERIC = frozenset("费用 收费 收取 多少 每小 小时 公斤 千克 公里 fee fees charg cost pay much hour kg".split())


@dataclass(frozen=True)
class Priced:
    quantity: Decimal  # as the question gives it
    counted: Decimal  # as charged (a part counted whole)
    step: Decimal  # units per charge
    yuan: tuple[Decimal, ...]  # the rates added (0.85 + 0.40)
    cap: Decimal | None
    total: Decimal
    unit: str  # canonical
    source: int
    quote: str


def priced(question: str, lines: list[str], weighed: bool = False) -> Priced | None:
    """The price of the question's quantity by the first line that sets one rate per a unit the
    question gives a quantity of and shares a word with it; `weighed`: the question prices a
    parcel by weight (no rate per kilogram then)."""
    q = to_simplified(question)
    if not _ASKS.search(q) or _RATE_ASKED.search(q) or _TOTAL.search(q):
        return None
    for source, line in enumerate(lines):
        simple = to_simplified(line)
        if _rivals(simple) or _FREE.search(simple):
            continue  # two rates for one unit in the line: which applies is a condition (夜间每小时90元)
        for sentence, at in _sentences(simple):
            got = _read(q, sentence, weighed)
            if got is not None:
                stop = at + len(sentence)
                quote = line[at:stop] if len(line) == len(to_simplified(line)) else sentence
                return Priced(*got, source=source, quote=quote.strip())
    return None


def _rivals(line: str) -> bool:
    """Whether the line sets a unit's rate in two places not joined by plus (每小时60元; 夜间每小时90元)."""
    sentences = [[m for p in _RATES for m in p.finditer(sentence)] for sentence, _ in _sentences(line)]
    units = [_canonical(m.group("u")) for found in sentences for m in found]
    if len(units) == len(set(units)):
        return False
    return not any(len(found) == len(units) for found in sentences)  # all in one sentence: `_read` judges


def _read(q: str, sentence: str, weighed: bool):
    rates = [m for p in _RATES for m in p.finditer(sentence)]
    if not rates or _TIERED.search(sentence):
        return None
    units = {_canonical(m.group("u")) for m in rates}
    if len(units) != 1:
        return None
    unit = units.pop()
    before = sentence[:min(m.start() for m in rates)]
    if unit is None or (weighed and unit == "公斤") or not shared_words(q, before, _GENERIC):
        return None
    condition = re.search(r"([^，,。；;]*的)\s*[，,]|\b(?:if|when|where)\b([^,]*),", before, re.I)
    if condition and not shared_words(q, condition.group(0), _GENERIC):
        return None  # 夜间上门的，…: a condition the question does not say it meets
    rates.sort(key=lambda m: m.start())
    if any(not _PLUS.search(sentence[a.end():b.start()]) for a, b in zip(rates, rates[1:], strict=False)):
        return None  # two rates for one unit, not added: alternatives (夜间每小时90元)
    steps = {Decimal(m.group("n").strip()) if m.group("n") else Decimal(1) for m in rates}
    quantity = _quantity(q, unit)
    if quantity is None or len(steps) != 1:
        return None
    step = steps.pop()
    spans = quantity / step
    if _CEIL.search(sentence):
        spans = spans.to_integral_value(rounding=ROUND_CEILING)
    elif spans != spans.to_integral_value() and step != 1:
        return None  # 每12小时 and 30小时: how the part counts is not said (by the unit, it is in proportion)
    yuan = tuple(Decimal(m.group("y") or m.group("y2")) for m in rates)
    total = spans * sum(yuan)
    cap = _cap(sentence, unit, quantity)
    if cap is False:
        return None
    return quantity, spans * step, step, yuan, cap, total if cap is None else min(total, cap), unit


def _cap(sentence: str, unit: str, quantity: Decimal) -> Decimal | None | bool:
    """The sentence's cap in yuan; False for a cap per day over a time of more than a day."""
    m = _CAP.search(sentence)
    if m is None:
        return None
    daily = _PER_PERIOD.match(sentence[m.end():]) or re.search(r"(?:每日|每天|daily|a day)\s*$", sentence[:m.start()], re.I)
    if daily and (unit != "小时" or quantity > 24):
        return False
    return Decimal(m.group(1) or m.group(2))


def _canonical(written: str) -> str | None:
    w = written.lower()
    for unit, (zh, en, *_) in _UNITS.items():
        if re.fullmatch(zh, w) or re.fullmatch(en, w, re.I):
            return unit
    return None


def _quantity(q: str, unit: str) -> Decimal | None:
    """The one quantity of the unit the question gives (1.5小时, 40 kWh)."""
    zh, en, *_ = _UNITS[unit]
    found = {Decimal(m.group(1)) for m in re.finditer(rf"(?<![\d.])({_N})\s*(?:{zh}|(?:{en})\b)", q, re.I)}
    if unit == "小时" and re.search(r"\d\s*(?:分钟|分|min(?:ute)?s?\b)|小时\s*[零又]?[一二两三四五六七八九十\d]+\s*分", q, re.I):
        return None  # 2 hours 10 minutes: a time in two parts
    return found.pop() if len(found) == 1 else None


def _sentences(line: str) -> list[tuple[str, int]]:
    out, at = [], 0
    for part in re.split(r"(?<=[。；;])|(?<=\.)\s", line):
        if part.strip():
            out.append((part, line.find(part, at)))
            at = out[-1][1] + len(part)
    return out


def priced_text(question: str, got: Priced) -> tuple[str, str]:
    """The answer's computed line and its checked atom."""
    n = format_number
    english = language(question) == "en"
    zh_unit, en_unit = _UNITS[got.unit][2], _UNITS[got.unit][3]
    rate = n(got.yuan[0]) if len(got.yuan) == 1 else "(" + " + ".join(n(y) for y in got.yuan) + ")"
    times = n(got.counted / got.step)
    product = (got.counted / got.step) * sum(got.yuan)
    if english:
        def unit(value: Decimal) -> str:
            return en_unit + ("s" if en_unit == "hour" and value != 1 else "")
        whole = "" if got.counted == got.quantity else f", counted as {n(got.counted)} {unit(got.counted)}"
        capped = f", capped at CNY {n(got.cap)}" if got.cap is not None and product > got.cap else ""
        return f"Computed from the cited rule: {n(got.quantity)} {unit(got.quantity)}{whole}; {times} × {rate} = {n(product)} yuan{capped}.", \
            f"{n(got.total)} 元"
    whole = "" if got.counted == got.quantity else f"，按{n(got.counted)}{zh_unit}计"
    capped = f"，超过上限，按{n(got.cap)}元" if got.cap is not None and product > got.cap else ""
    text = f"按引用条款计算：{n(got.quantity)}{zh_unit}{whole}；{times} × {rate} = {n(product)} 元{capped}。"
    return (to_traditional(text) if language(question) == "zh-Hant" else text), f"{n(got.total)} 元"
