"""Mixed questions: a rate from the evidence times a count from the question, computed exactly.

"每件超过20公斤的包裹加收8元；寄三件要多少？" → 8 元 × 3 = 24 元. The model never does the arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from luodi.answer.router import language
from luodi.fold import to_simplified
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import find_quantities, parse_number

_COUNT = re.compile(
    r"(?P<n>\d+|[一二两三四五六七八九十百]+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)"
    r"\s*(?:个|件|箱|票|单|包|份|次|位|袋|台|只|parcels?|packages?|items?|boxes|shipments?|pieces?|orders?)",
    re.IGNORECASE,
)
_HOW_MUCH = re.compile(r"多少钱|多少元|多少费|费用|几块|几元|一共|总共|合计|要付|要交|how much|total|cost", re.I)
_PER = re.compile(r"每|/件|/票|/单|per\b|each\b|a piece|apiece", re.I)


@dataclass
class Computed:
    text: str
    atom: str
    detail: str


def _count(question: str) -> Decimal | None:
    m = _COUNT.search(to_simplified(question))
    if not m:
        return None
    value = parse_number(m.group("n").lower())  # digits, Chinese numerals and English number words
    return value if value is not None and value > 1 else None


def _rate(evidence: list[str]) -> tuple[Decimal, str] | None:
    """The first per-item amount in yuan: an amount in a clause that says 每/per."""
    for text in evidence:
        for clause in re.split(r"[。；;\n]", text):
            if not _PER.search(clause):
                continue
            amounts = [q for q in find_quantities(clause) if q.unit in ("元", "CNY", "yuan")]
            if len(amounts) == 1:
                return Decimal(str(amounts[0].value)), amounts[0].raw
    return None


def combine(question: str, evidence: list[str]) -> Computed | None:
    """count (from the question) × per-item rate (from the cited evidence), or None."""
    if not _HOW_MUCH.search(question):
        return None
    count = _count(question)
    rate = _rate(evidence) if count is not None else None
    if count is None or rate is None:
        return None
    value, raw = rate
    total = value * count
    detail = f"{format_number(value)} × {format_number(count)} = {format_number(total)}"
    if language(question) == "en":
        text = f"Computed from the cited rate ({raw} each): {detail} yuan."
    else:
        text = f"按引用条款的单价（{raw}）计算：{detail} 元。"
        if language(question) == "zh-Hant":
            text = f"按引用條款的單價（{raw}）計算：{detail} 元。"
    return Computed(text, f"{format_number(total)} 元", detail)
