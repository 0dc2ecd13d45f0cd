"""Totals and rates: 每件8元，3件一共多少钱, 每公斤5元 × a weight, 1200的1.5倍, sums of like quantities."""

from __future__ import annotations

import re
from datetime import datetime

from luodi.numeric.compute import multiply, show, total
from luodi.numeric.parse import Quantity
from luodi.numeric.result import NumericResult, question_quantities, result_of
from luodi.numeric.shape import ASK, EACH, TOTAL


def solve_each(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """每件8元，3件一共多少钱 → 3 × 8元; also 1200的1.5倍."""
    qs = [q for q in question_quantities(text) if not _is_condition(text, q)]
    one = []
    if len(qs) == 3:  # "一件快递重3.5公斤": 一件 is an article here, not an operand
        one = [q for q in qs if q.raw[:1] == "一" and q.dimension.startswith("count:")]
        qs = [q for q in qs if q not in one]
    if len(qs) != 2:
        return None
    # 一件快递12元，寄15件 / 12元一件: the price of one of the things counted, as 每件 says
    per_one = bool(one) and any(q.unit == one[0].unit for q in qs)
    times = [q for q in qs if q.unit == "倍"]
    base = qs[0] if qs[1].unit == "倍" else qs[1]
    # 1200的1.5倍: the multiple of the number right before it, not of one named elsewhere
    # (长400米，是宽的4倍 asks for the width)
    if times and base.end <= times[0].start and re.fullmatch(r"\s*(?:的|of)\s*", text[base.end : times[0].start]):
        c = multiply(base, Quantity(times[0].value, "", 0, 0, times[0].raw), lang)
        return result_of(c, show(c.value, c.unit, lang), lang)
    if not ((EACH.search(text) or per_one) and (TOTAL.search(text) or _ASKS_PRICE.search(text))):
        return None
    priced = [
        q
        for q in qs
        if q.unit and not q.dimension.startswith("count:") and q.dimension != "percent"
    ]
    counts = [q for q in qs if q not in priced]
    if not priced and (per := _count_per(text, counts, one)) is not None:
        rate, other = per  # 每箱6瓶，8箱一共几瓶: 8箱 × 6瓶
        c = multiply(other, rate, lang)
        return result_of(c, show(c.value, rate.unit, lang), lang)
    if len(priced) == 2:
        # 每公斤8元，3公斤 / 8 yuan per kg, 3 kg: the money is the rate, per the other's unit
        money = [q for q in priced if q.dimension == "money"]
        if len(money) != 1:
            return None
        rate, other = money[0], priced[1] if money[0] is priced[0] else priced[0]
        if not _per_matches(text, other):
            return None
        c = multiply(Quantity(other.value, "", 0, 0, other.raw), rate, lang)
        return result_of(c, show(c.value, c.unit, lang), lang)
    if len(priced) != 1 or len(counts) != 1 or not _per_matches(text, counts[0]):
        return None
    c = multiply(counts[0], priced[0], lang)
    return result_of(c, show(c.value, c.unit, lang), lang)


def _count_per(text: str, counts: list[Quantity], one: list[Quantity]) -> tuple[Quantity, Quantity] | None:
    """Of two counts in different units, the one given per one of the other's (每箱6瓶 / 一箱6瓶 and
    8箱): (6瓶, 8箱); None when neither is."""
    if len(counts) != 2 or counts[0].unit == counts[1].unit or not all(q.unit for q in counts):
        return None
    for rate, other in (counts, counts[::-1]):
        before = text[max(0, rate.start - 4) : rate.start]
        per = re.search(rf"(?:每|一){re.escape(other.unit)}(?:装|有|是|能装)?\s*$", before)
        if per or any(q.unit == other.unit and q.end <= rate.start <= q.end + 3 for q in one):
            return rate, other
    return None


def _per_matches(text: str, count: Quantity) -> bool:
    """每公斤5元 prices a kilogram: one 票 is no number of kilograms (每件 and 3件 agree)."""
    m = EACH.search(text)
    per = question_quantities("1" + text[m.end() : m.end() + 4]) if m else []
    if not per or not per[0].unit or per[0].dimension == "money":
        return True
    return per[0].dimension.split(":")[0] == count.dimension.split(":")[0]  # 每个 … 3件 agree too


_ASKS_PRICE = re.compile(r"多少钱|how much|总价|for|(?:运费|费用|价格|价钱|报价|收费)(?:是|为|要|需要|一共|总共|共)?多少",
                         re.I)
_COND_BEFORE = re.compile(
    r"(?:over|above|under|below|more than|less than|exceeding|超过|超出|高于|低于|不足|满|不超过)\s*$",
    re.I,
)
_COND_AFTER = re.compile(r"^\s*(?:以上|以下|以内|及以上|or more|or less)", re.I)


def _is_condition(text: str, q: Quantity) -> bool:
    """A threshold such as 'over 20 kg' or '20公斤以上' is a condition, not an operand."""
    return bool(
        _COND_BEFORE.search(text[max(0, q.start - 12) : q.start])
        or _COND_AFTER.match(text[q.end :])
    )


_LISTED = re.compile(r"\s*(?:、|,|，|和|与|及|跟|加上|加|\+|and|plus)?\s*", re.I)


def solve_total(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    if not TOTAL.search(text) or not ASK.search(text):
        return None
    qs = question_quantities(text)
    if len(qs) < 2:
        return None
    if any(not _LISTED.fullmatch(text[a.end : b.start]) for a, b in zip(qs, qs[1:], strict=False)):
        return None  # 一共重45千克，筐重2千克: numbers of a story, not a list to add up
    dims = {q.dimension for q in qs if q.unit}
    if len(dims) > 1 or (dims and not all(q.unit for q in qs)):
        return None  # only like quantities add up: 28个, 1/5 and 1400个 are not one sum
    c = total(qs, lang)
    return result_of(c, show(c.value, c.unit, lang), lang)
