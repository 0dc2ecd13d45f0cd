"""Arithmetic questions: "(3+5)×2等于多少", "135/3等于多少", "17除以5余几" — the expression
read (luodi.numeric.arith), checked for what it cannot mean, and computed."""

from __future__ import annotations

import re
from datetime import datetime
from decimal import Decimal
from fractions import Fraction

from luodi.numeric.arith import evaluate, tokenize_expression
from luodi.numeric.compute import exact, show
from luodi.numeric.parse import Quantity
from luodi.numeric.result import NumericResult, question_quantities
from luodi.numeric.shape import COMPUTE_CUE, ROOT, loose_ok
from luodi.numeric.units import unit_info

# An English question's words around its expression may only ask for the value: "What is the volume
# of a 50 x 40 x 30 cm box?" names something the product is not (60000 cm was answered).
_EN_ASKING = re.compile(r"\b(?:what|what's|whats|is|the|result|value|answer|of|how|much|calculate|compute|"
                        r"evaluate|equals?|to|please|does|do|make|makes|get|you|i|me|tell|can|could|work|out|"
                        r"sum|product|difference|quotient|total|remainder|when|and|by)\b", re.I)
_EN_TOPIC = re.compile(r"[a-z]{2,}", re.I)

# 17除以5余几: the remainder of a division of whole numbers
_REMAINDER = re.compile(r"余(?:几|多少|数)|remainder", re.I)


def solve_arith(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    qs = question_quantities(text)
    if len(qs) == 1 and (division := _solve_division(text, qs[0], lang)) is not None:
        return division
    if not qs:
        return None  # one number can still be raised to a power: 10的平方, 3³
    if re.search(r"\d-[a-z]|[a-z]-\d", text, re.I):
        return None  # 7-Eleven, COVID-19, F-16: a name, not a subtraction
    dash = re.search(r"\d\s*[-–－]\s*\d", text)
    if (dash or not loose_ok(text)) and not COMPUTE_CUE.search(text):
        return None  # 80-90%, 1997-98赛季: without 等于/是多少 a dash is a range
    tokens = tokenize_expression(text, qs)
    if tokens is None or not any(
        t in ("+", "−", "×", "÷", "÷r", "^") for t in tokens if isinstance(t, str)
    ):
        return None
    if tokens.count("√") != len(ROOT.findall(text)):
        return None  # a root sign outside the expression read (16√): what it applies to is unclear
    outside = text[: min(q.start for q in qs)] + text[max(q.end for q in qs) :]
    if re.search(r"\d", outside) or (lang == "en" and _EN_TOPIC.search(_EN_ASKING.sub(" ", outside))):
        return None
    if _sizes(tokens):
        return None
    if _REMAINDER.search(text):
        return _remainder(tokens, lang)
    if _ambiguous_percent(tokens):
        return None
    value, unit, expr = evaluate(tokens, lang)
    comp = f"{expr} = {show(value, unit, lang)}"
    return NumericResult(show(value, unit, lang), value, comp, "arithmetic", unit=unit)


def _sizes(tokens: list) -> bool:
    """50×40×30厘米: a parcel's sizes, written with one unit at the end, not a length times two
    numbers (60000厘米 was answered for "50×40×30厘米的国际件体积重量是多少")."""
    factors = tokens[::2]
    return (len(factors) >= 3 and all(t == "×" for t in tokens[1::2])
            and all(isinstance(q, Quantity) and not q.unit for q in factors[:-1])
            and isinstance(factors[-1], Quantity) and unit_info(factors[-1].unit)[0] == "length")


def _ambiguous_percent(tokens: list) -> bool:
    """200减去15%: 200 − 0.15 as a maths book reads it, 170 as a calculator's % key does. A percent
    added to or taken from 1, a fraction or a bracket is a share of one whole, as in maths
    (Ape210K: "1-(1/5)-25%", "(5/4)-20%"); from a number above 1 it is unclear: declined."""
    for i in range(2, len(tokens)):
        before = tokens[i - 2]
        if (_is_percent(tokens[i]) and tokens[i - 1] in ("+", "−") and isinstance(before, Quantity)
                and not _is_percent(before) and not isinstance(before.value, Fraction) and before.value > 1):
            return True
    return False


def _is_percent(token) -> bool:
    return isinstance(token, Quantity) and token.unit == "%"


def _remainder(tokens: list, lang: str) -> NumericResult | None:
    """17除以5余几 → 2 (17 ÷ 5 = 3 余 2); None unless one whole number divides another."""
    if len(tokens) != 3 or tokens[1] not in ("÷", "÷r"):
        return None
    a, b = (tokens[2], tokens[0]) if tokens[1] == "÷r" else (tokens[0], tokens[2])
    if a.unit or b.unit or Fraction(a.value).denominator != 1 or Fraction(b.value).denominator != 1:
        return None
    n, d = int(Fraction(a.value)), int(Fraction(b.value))
    if d <= 0 or n < 0:
        return None
    q, r = divmod(n, d)
    word = "remainder" if lang == "en" else "余"
    return NumericResult(str(r), Decimal(r), f"{n} ÷ {d} = {q} {word} {r}", "arithmetic")


_DIVISION = re.compile(r"(\d+)\s*/\s*(\d+)")
_ASKING = re.compile(r"请|计算|算一下|算算|等于|是|得|多少|几|what\s+is|what's|equals?|[=?？。.!！\s]", re.I)


def _solve_division(text: str, q: Quantity, lang: str) -> NumericResult | None:
    """"135/3等于多少": the parser reads 135/3 as one number (a fraction); asked what it
    equals, it is a division."""
    m = _DIVISION.fullmatch(q.raw.strip())
    rest = _ASKING.sub("", text[: q.start] + text[q.end :])
    if not m or q.unit or not COMPUTE_CUE.search(text) or rest:
        return None  # 第3/4季度是多少: a name, not a sum
    value = exact(q.value)
    comp = f"{m.group(1)} ÷ {m.group(2)} = {show(value, '', lang)}"
    return NumericResult(show(value, "", lang), value, comp, "arithmetic")


# 0.1+0.2等于0.3吗, 3×7=21对吗, Is 0.1 + 0.2 equal to 0.3?: an equation to check, not to solve
_CHECK = re.compile(r"(?P<left>.+?)(?:等于|=)\s*(?P<right>[^=]+?)\s*(?:对吗|对不对|对不|是否正确|正确吗|吗|么|嘛)\s*[?？]*"
                    r"|(?:is|does)\s+(?P<en_left>.+?)\s+(?:equals?(?:\s+to)?|=)\s+(?P<en_right>.+?)\s*\??", re.I)


def solve_check(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """Whether an expression equals a number, computed: yes or no, with the computation."""
    m = _CHECK.fullmatch(text.strip())
    if m is None:
        return None
    left, right = (m.group("left"), m.group("right")) if m.group("left") else (m.group("en_left"), m.group("en_right"))
    said = question_quantities(right)
    if len(said) != 1 or right.strip() != said[0].raw.strip():
        return None  # the right side is one number and nothing else
    value = solve_arith(f"{left}等于多少" if lang != "en" else f"{left} = ?", lang, now)
    if value is None or value.unit != said[0].unit or isinstance(value.value, str):
        return None
    equal = Fraction(value.value) == Fraction(said[0].value)
    if lang == "en":
        ans = "Yes" if equal else f"No: it is {value.answer}, not {right.strip()}"
    else:
        ans = "对" if equal else f"不对：结果是 {value.answer}，不是 {right.strip()}"
    return NumericResult(ans, "yes" if equal else "no", value.computation, "compare")
