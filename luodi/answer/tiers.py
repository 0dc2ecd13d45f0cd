"""The tier of a list a question's figure falls in: "月结客户上个月寄了800票，能打几折？" over "（一）100票至
499票：九折；（二）500票至1999票：八五折；…" is the second item, which the answer then opens with
(the answer quoted the whole list and left the lookup to the asker).

Each item must bound the figure in the question's own unit (票, 公斤, kg, 元); an item is the
tier only where exactly one item holds the figure and the others bound it too, so that a list
of conditions that merely mention numbers is no table of tiers.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from luodi.fold import to_simplified
from luodi.numeric.parse import parse_number

_NUM = r"(\d+(?:,\d{3})*(?:\.\d+)?|[一二两三四五六七八九十百千万]+)"
_UNITS = r"票|件|单|次|公斤|千克|kg|克|g|元|米|公里|km|天|日|个月|箱|人"
_ITEM = re.compile(r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、)]|[-*•·])\s*")


@dataclass(frozen=True)
class Tier:
    source: int  # which text
    item: str  # the item's line, as written
    value: Decimal
    unit: str


def _number(text: str) -> Decimal | None:
    value = parse_number(text.replace(",", ""))
    return None if value is None else Decimal(str(value))


def asked_figure(question: str) -> tuple[Decimal, str] | None:
    """The one figure with a unit a question gives (800票, 35公斤)."""
    found = re.findall(rf"(?<![\d.]){_NUM}\s*({_UNITS})(?![至到])", to_simplified(question), re.I)
    figures = {(v, u.lower()) for v, u in found}
    if len(figures) != 1:
        return None
    value, unit = figures.pop()
    number = _number(value)
    return None if number is None else (number, unit)


def _bounds(item: str, unit: str) -> tuple[Decimal | None, Decimal | None, bool, bool] | None:
    """(low, high, low inclusive, high inclusive) an item sets on figures in `unit`, every bound it
    writes taken together (3天以上7天以内), or None where it sets none."""
    u = re.escape(unit)
    m = re.search(rf"{_NUM}\s*(?:{u})?\s*(?:至|到|-|—|–|~)\s*{_NUM}\s*{u}", item, re.I)
    if m:
        return _number(m.group(1)), _number(m.group(2)), True, True
    low = high = None
    low_in = high_in = True
    for m in re.finditer(rf"{_NUM}\s*{u}\s*(以上|及以上|或以上|以下|及以下|以内)", item, re.I):
        if "上" in m.group(2):
            low = _number(m.group(1))
        else:
            high = _number(m.group(1))
    for m in re.finditer(rf"(超过|高于|多于|不足|低于|少于|不超过|未满)\s*{_NUM}\s*{u}", item, re.I):
        if m.group(1) in ("超过", "高于", "多于"):
            low, low_in = _number(m.group(2)), False
        else:
            high, high_in = _number(m.group(2)), m.group(1) == "不超过"
    return None if low is None and high is None else (low, high, low_in, high_in)


def _holds(bounds, value: Decimal) -> bool:
    low, high, low_in, high_in = bounds
    if low is not None and (value < low or (value == low and not low_in)):
        return False
    return high is None or value < high or (value == high and high_in)


def tier(question: str, evidence: list[str]) -> Tier | None:
    """The item of a list of tiers among the evidence texts that holds the question's figure."""
    asked = asked_figure(question)
    if asked is None:
        return None
    value, unit = asked
    for source, text in enumerate(evidence):
        lines = [line for line in text.splitlines() if _ITEM.match(line)]
        bounded = [(line, b) for line in lines if (b := _bounds(to_simplified(line), unit)) is not None]
        if len(bounded) < 2 or len(bounded) < len(lines):
            continue  # not every item is a tier of this unit: a list of conditions, not of tiers
        holding = [line for line, b in bounded if _holds(b, value)]
        if len(holding) == 1:
            return Tier(source, holding[0].strip(), value, unit)
    return None
