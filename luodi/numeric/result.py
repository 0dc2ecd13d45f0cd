"""What the numeric engine returns, and the helpers every solver shares."""

from __future__ import annotations

import re
from dataclasses import dataclass

from luodi.fold import to_simplified, to_traditional
from luodi.numeric import dates as D
from luodi.numeric.compute import Computation
from luodi.numeric.parse import Number, Quantity, find_quantities
from luodi.numeric.shape import loose_ok


@dataclass
class NumericResult:
    """An exact answer: short text in the question's language, the value and its derivation."""

    answer: str
    value: Number | str
    computation: str
    kind: str  # compare, arithmetic, percent, growth, unit, date
    lang: str = "zh-Hans"
    unit: str = ""


def detect_lang(text: str) -> str:
    """'en' without CJK characters; 'zh-Hant' when folding to simplified changes the text."""
    if not re.search(r"[\u4e00-\u9fff]", text):
        return "en"
    return "zh-Hant" if to_simplified(text) != text else "zh-Hans"


def localise(text: str, lang: str) -> str:
    return to_traditional(text) if lang == "zh-Hant" else text


def question_quantities(text: str, loose: bool = True) -> list[Quantity]:
    """Quantities outside date mentions (2026年 is a year, not a duration)."""
    spans = [(d.start, d.end) for d in D.find_dates(text)]
    return [
        q
        for q in find_quantities(text, loose=loose and loose_ok(text))
        if all(q.end <= s or q.start >= e for s, e in spans)
    ]


def result_of(c: Computation, answer: str, lang: str, kind: str | None = None) -> NumericResult:
    return NumericResult(
        answer=answer, value=c.value, computation=c.text, kind=kind or c.kind, unit=c.unit
    )
