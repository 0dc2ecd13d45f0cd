"""Self-contained numeric questions answered exactly, with the computation shown.

`solve` recognises comparisons, arithmetic, percentages, growth rates, unit conversions and
date questions in zh-Hans, zh-Hant and English, and returns None for anything else (a
knowledge question that merely contains a number is not numeric). Nothing is evaluated: the
question is parsed into quantities and operators, and Decimal/Fraction does the arithmetic.
"""

from __future__ import annotations

import re
from datetime import datetime
from fractions import Fraction
from itertools import pairwise

from luodi.fold import to_simplified
from luodi.numeric.arith import tokenize_expression
from luodi.numeric.arith_questions import solve_arith, solve_check
from luodi.numeric.compute import (
    Computation,
    base_of,
    comparable,
    compare,
    convert_to,
    difference,
    exact,
    growth,
    multiply,
    percent_of,
    ratio_percent,
    show,
    times,
    total,
)
from luodi.numeric.date_questions import solve_date
from luodi.numeric.functions import solve_compound, solve_function
from luodi.numeric.numbers import normalize
from luodi.numeric.parse import Number, Quantity, unit_info
from luodi.numeric.refusals import not_computed, uncomputed
from luodi.numeric.result import (
    NumericResult,
    detect_lang,
    localise,
    question_quantities,
    result_of,
)
from luodi.numeric.shape import (
    ASK,
    COMPARE,
    GROWTH,
    PCT_ASK,
    ROOT,
    SMALLER,
    YESNO,
    bare_expression,
    narrative,
    only_conversion,
)
from luodi.numeric.totals import solve_each, solve_total
from luodi.numeric.units import named_units

__all__ = [
    "NumericResult",
    "solve",
    "uncomputed",
    "detect_lang",
    "Computation",
    "compare",
    "multiply",
    "total",
    "difference",
    "percent_of",
    "ratio_percent",
    "growth",
    "convert_to",
]


def solve(question: str, now: datetime | None = None) -> NumericResult | None:
    """Answer a self-contained numeric question exactly, or return None if it is not one."""
    if not question or not question.strip():
        return None
    lang = detect_lang(question)
    text = normalize(to_simplified(question.strip()))
    if narrative(text):
        return None
    # √36, 5的阶乘, 3、5、7的平均数 first: a question naming √ or 阶乘 is otherwise declined
    result = _solved(solve_function, text, lang, now) or (_rooted(text, lang, now) if not_computed(text)
                                                           else _first_solved(text, lang, now))
    if result is not None:
        result.answer = localise(result.answer, lang)
        result.computation = localise(result.computation, lang)
        result.lang = lang
        return result
    body = bare_expression(text)
    if body and re.search(r"[+×÷*/^()]|加|乘|除", body) and not re.search(r"等于|=", text):
        # nothing but an expression, no 等于 after it ("588-29*2．"): the dash of a range (3-5天)
        # needs that cue, a whole message of arithmetic with another operator does not
        return solve(f"{body}等于多少", now)
    return None


def _rooted(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """An expression whose only operation the other solvers do not read is √ (√16+9, 根号25×2): the
    expression reader's, which takes every root sign or none; any other solver would drop them."""
    if not ROOT.search(text) or not_computed(ROOT.sub("", text)):
        return None
    return _solved(solve_arith, text, lang, now)


def _first_solved(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """The first solver's answer, most specific first (a date before arithmetic on its numbers)."""
    for solver in (solve_date, _solve_growth, _solve_ratio, _solve_times, _solve_discount,
                   _solve_percent_of, _solve_fraction_of, _solve_unit, solve_compound, _solve_compare, solve_check, solve_arith,
                   solve_each, solve_total):
        if (result := _solved(solver, text, lang, now)) is not None:
            return result
    return None


def _solved(solver, text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """A solver's answer, or None where its numbers cannot be computed (a 400-digit number
    overflows the decimal context: declined, not a crash)."""
    try:
        return solver(text, lang, now)
    except (ValueError, ZeroDivisionError, ArithmeticError):
        return None


# --- percentages and growth ------------------------------------------------------------------


def _solve_growth(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    if not (GROWTH.search(text) and (PCT_ASK.search(text) or re.search(r"率|幅|rate|%", text))):
        return None
    qs = [q for q in question_quantities(text) if q.unit != "%"]
    if len(qs) != 2:
        return None
    old, new = qs  # in reading order: 从120增长到150, from 120 to 150, 去年120今年150
    c = growth(old, new, lang)
    pct = show(abs(c.value), "%", lang)
    if lang == "en":
        ans = f"{'an increase' if c.value >= 0 else 'a decrease'} of {pct}"
    else:
        ans = f"{'增长了' if c.value >= 0 else '下降了'} {pct}"
    return result_of(c, ans, lang, "growth")


def _solve_ratio(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """x是y的百分之几 / x占y的百分比 / x is what percent of y / what percent of y is x."""
    if not PCT_ASK.search(text):
        return None
    qs = [q for q in question_quantities(text) if q.unit != "%"]
    if len(qs) != 2:
        return None
    a, b = qs
    m_en = re.search(r"what percent(?:age)? of", text, re.I)
    if m_en and m_en.end() <= a.start:  # what percent of Y is X
        a, b = b, a
    elif not re.search(r"是|占|为|相当于|is|of", text[a.end : b.start], re.I):
        return None
    c = ratio_percent(a, b, lang)
    ans = (
        f"{a.raw.strip()} is {show(c.value, '%', lang)} of {b.raw.strip()}"
        if lang == "en"
        else f"{a.raw.strip()}是{b.raw.strip()}的 {show(c.value, '%', lang)}"
    )
    return result_of(c, ans, lang, "percent")


# 1.5是3的几倍 (part first), 3的几倍是1.5 (whole first), how many times 3 is 12: nothing else around
_TIMES_HEAD = re.compile(r"\s*(?:请问|请|求|计算)?\s*(?:how many times (?:as (?:much|many|large) as )?)?", re.I)
_TIMES_PART_FIRST = re.compile(r"\s*(?:是|为|相当于)\s*")
_TIMES_WHOLE_FIRST = re.compile(r"\s*的\s*(?:几|多少)\s*倍\s*(?:是|为)\s*|\s*(?:is|are|makes?)\s*", re.I)
_TIMES_TAIL = re.compile(r"\s*(?:的\s*(?:几|多少)\s*倍)?\s*(?:呢)?[\s?？。.!！]*")


def _solve_times(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """x是y的几倍 / y的几倍是x / how many times y is x: x ÷ y."""
    qs = question_quantities(text)
    if len(qs) != 2 or not re.search(r"倍|how many times", text, re.I):
        return None
    a, b = qs
    head, between, tail = text[: a.start], text[a.end : b.start], text[b.end :]
    if not (_TIMES_HEAD.fullmatch(head) and _TIMES_TAIL.fullmatch(tail)):
        return None
    asks_after = re.match(r"\s*的\s*(?:几|多少)\s*倍", tail) is not None
    if _TIMES_PART_FIRST.fullmatch(between) and asks_after:
        part, whole = a, b
    elif _TIMES_WHOLE_FIRST.fullmatch(between) and not asks_after:
        part, whole = b, a
    else:
        return None
    c = times(part, whole, lang)
    value = show(c.value, "", lang)
    ans = (f"{part.raw.strip()} is {value} times {whole.raw.strip()}" if lang == "en"
           else f"{part.raw.strip()}是{whole.raw.strip()}的 {value} 倍")
    return result_of(c, ans, lang, "ratio")


# The price before the change is asked, the one after it given (八折后是400元，原价是多少).
_ASKS_BEFORE = re.compile(r"(?:原价|原来的?价格?|折前的?价?格?|打折前的?价?格?|[涨降提]价前的?价?格?)"
                          r"(?:是|为|应该是|应为)?(?:多少|几)|(?:what|how much) (?:was|is) (?:the |it )?"
                          r"(?:original|before the (?:discount|increase|cut))", re.I)
_ASKS_CHANGE = re.compile(
    r"(?:涨|提|降|减|便宜|优惠|省|少)(?:价)?了?多少|差价|how much (?:cheaper|more|less)|\bsave", re.I)


def _solve_discount(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    qs = question_quantities(text)
    disc = [q for q in qs if q.unit == "%" and q.raw.endswith("折")]
    off = re.search(
        r"(\d+(?:\.\d+)?)\s*%\s*off|优惠|降价|减价|便宜|涨价|提价|上调|下调", text, re.I
    )
    prices = [q for q in qs if q.unit != "%"]
    if len(prices) != 1:
        return None
    price = prices[0]
    change = _ASKS_CHANGE.search(text) is not None  # 涨价多少元: the difference, not the new price
    before = _ASKS_BEFORE.search(text) is not None  # 八折后400元，原价多少: 400 ÷ 80%
    if before and change:
        return None
    if disc:
        share = disc[0].value  # 八折: 80% of the price
        cut = 100 - share
    elif off:
        pcts = [q for q in qs if q.unit == "%"]
        if len(pcts) != 1 or not ASK.search(text):
            return None
        up = re.search(r"涨价|提价|上调", text)
        cut = pcts[0].value
        share = 100 + cut if up else 100 - cut
    else:
        return None
    if before:
        c = base_of(Quantity(share, "%", 0, 0, ""), price, lang)
        return result_of(c, show(c.value, c.unit, lang) if lang == "en" else f"原价 {show(c.value, c.unit, lang)}",
                         lang, "percent")
    c = percent_of(Quantity(cut if change else share, "%", 0, 0, ""), price, lang)
    if change:
        return result_of(c, show(c.value, c.unit, lang), lang, "percent")
    ans = (
        f"{show(c.value, c.unit, lang)}" if lang == "en" else f"折后 {show(c.value, c.unit, lang)}"
    )
    if off and not disc:
        ans = show(c.value, c.unit, lang)
    return result_of(c, ans, lang, "percent")


def _solve_percent_of(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """15% of 2,400 / 2400的15%是多少 / 百分之十五的2400."""
    qs = question_quantities(text)
    pcts = [q for q in qs if q.unit == "%"]
    others = [q for q in qs if q.unit != "%"]
    if len(pcts) != 1 or len(others) != 1 or not ASK.search(text):
        return None
    p, b = pcts[0], others[0]
    lo, hi = sorted((p, b), key=lambda q: q.start)
    if not re.fullmatch(r"\s*(?:的|of|乘以|×|\*|times)\s*", text[lo.end : hi.start], re.I):
        return None
    c = percent_of(p, b, lang)
    ans = (
        f"{p.raw.strip()} of {b.raw.strip()} is {show(c.value, c.unit, lang)}"
        if lang == "en"
        else f"{b.raw.strip()}的{p.raw.strip()}是 {show(c.value, c.unit, lang)}"
    )
    return result_of(c, ans, lang, "percent")


def _solve_fraction_of(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    """12的三分之一是多少 / 3/4 of 20: a proper fraction of a number."""
    qs = question_quantities(text)
    if len(qs) != 2 or not ASK.search(text):
        return None
    fracs = [q for q in qs if isinstance(q.value, Fraction) and not q.unit and 0 < q.value < 1]
    if len(fracs) != 1:
        return None
    f = fracs[0]
    b = qs[0] if qs[1] is f else qs[1]
    between = text[b.end : f.start] if b.start < f.start else text[f.end : b.start]
    if not re.fullmatch(r"\s*(?:的|of)\s*", between, re.I) or (b.start < f.start) == (lang == "en"):
        return None  # 12的三分之一, "3/4 of 20": the whole first in Chinese, the part first in English
    value = exact(Fraction(b.value) * f.value)
    shown = show(value, b.unit, lang)
    part = f"{f.value.numerator}/{f.value.denominator}"
    comp = f"{show(exact(b.value), b.unit, lang)} × {part} = {shown}"
    ans = (f"{f.raw.strip()} of {b.raw.strip()} is {shown}" if lang == "en"
           else f"{b.raw.strip()}的{f.raw.strip()}是 {shown}")
    return NumericResult(ans, value, comp, "arithmetic", unit=b.unit)


# --- units ----------------------------------------------------------------------------------

def _solve_unit(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    qs = [q for q in question_quantities(text) if q.unit]
    if len(qs) != 1 or not re.search(
        r"多少|几|是|等于|合|换算|折合|how many|how much|convert|in\b|to\b|=", text, re.I
    ):
        return None
    q = qs[0]
    dim = q.dimension
    if not dim or dim.startswith("count:") or dim == "percent":
        return None
    for pos, word, unit, tdim in named_units(text):
        if q.start <= pos < q.end:
            continue
        if tdim == dim and unit != q.unit:
            if not only_conversion(text, [(q.start, q.end), (pos, pos + len(word))]):
                return None  # 新生儿一天要睡多少小时 asks about sleep, not about a day's length
            c = convert_to(q, unit, lang)
            shown = word if lang != "en" else None
            tail = f"{format_number_text(c.value)}{shown}" if shown else show(c.value, unit, lang)
            ans = f"{q.raw.strip()} = {tail}"
            return result_of(c, ans, lang, "unit")
    return None


def format_number_text(value: Number) -> str:
    return show(value, "", "zh-Hans")


# --- comparisons and arithmetic --------------------------------------------------------------


def _solve_compare(text: str, lang: str, now: datetime | None) -> NumericResult | None:
    if not COMPARE.search(text):
        return None
    qs = question_quantities(text)
    if len(qs) < 2 or len(qs) > 6:
        return None
    if tokenize_expression(text, qs) is not None and len(qs) > 2:
        return None
    if any(_signed(text, q) for q in qs):
        return None  # -3 or -5: the parser reads numbers without their signs
    if len(qs) > 2 and any(tokenize_expression(text, list(pair)) for pair in pairwise(qs)):
        return None  # 5-3和1哪个大: one side is a computation, not a number
    yes = YESNO.search(text)
    if len(qs) == 2:
        a, b = qs
        c = compare(a, b, lang)
        if c.value == "equal":
            ans = "they are equal" if lang == "en" else "两者相等"
            return result_of(c, ans, lang, "compare")
        big = c.value
        small = b.raw.strip() if big == a.raw.strip() else a.raw.strip()
        if yes:
            word = yes.group("w") if yes.group("w") else ""
            want_small = bool(word and SMALLER.search(word)) or (
                lang == "en" and SMALLER.search(text)
            )
            truth = (big == a.raw.strip()) != bool(want_small)
            if lang == "en":
                ans = f"{'Yes' if truth else 'No'}: {big} is larger than {small}"
            else:
                ans = f"{'是的' if truth else '不是'}，{big} 比 {small} 大"
        elif _asks_smaller(text):
            ans = f"{small} is smaller" if lang == "en" else f"{small} 更小"
            c.value = small
        else:
            ans = f"{big} is larger" if lang == "en" else f"{big} 更大"
        return result_of(c, ans, lang, "compare")
    ranked = sorted(qs, key=lambda q: comparable(q, qs[0])[0] if comparable(q, qs[0]) else 0)
    if any(comparable(q, qs[0]) is None for q in qs):
        return None
    chain = " < ".join(q.raw.strip() for q in ranked)
    pick = ranked[0] if _asks_smaller(text) else ranked[-1]
    if lang == "en":
        ans = f"{pick.raw.strip()} is the {'smallest' if pick is ranked[0] else 'largest'}"
    else:
        ans = f"最{'小' if pick is ranked[0] else '大'}的是 {pick.raw.strip()}"
    return NumericResult(ans, pick.raw.strip(), chain, "compare")


def _signed(text: str, q: Quantity) -> bool:
    """Whether a minus sign stands before the number as its sign, not as a subtraction (5-3)."""
    before = text[: q.start].rstrip()
    if not before or before[-1] not in "-−–负":
        return False
    rest = before[:-1].rstrip()
    return not rest or not (rest[-1].isdigit() or rest[-1] in ")）")


def _asks_smaller(text: str) -> bool:
    m = re.search(
        r"(?:哪个|哪一个|谁|which(?: one)?(?: is)?)\s*(?:更|较|比较)?(小|少|低|轻|短|smaller|less|lower|fewer|lighter|shorter)",
        text,
        re.I,
    )
    return bool(m) or bool(re.search(r"更小|较小|更少|smaller|smallest|less", text, re.I))


# helper the composer may use: parse every quantity of a piece of evidence
def quantities(text: str) -> list[Quantity]:
    """Quantities in evidence text (strict: lone numerals need a unit), dates excluded."""
    return question_quantities(normalize(to_simplified(text)), loose=False)


def unit_dimension(unit: str) -> str:
    return unit_info(unit)[0]
