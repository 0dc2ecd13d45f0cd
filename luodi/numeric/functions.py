"""Questions the arithmetic reader does not take, computed exactly: one function of one number (√36,
5的阶乘, the reciprocal of 3/4), the mean of a list (3、5、7、9的平均数), and a quantity written in
two units converted to one (3小时45分钟是多少分钟 → 225分钟).

The arithmetic tokenizer knows + − × ÷ and powers; these forms were declined as operations the
engine does not compute ("36的平方根是多少？"). Only a question that is the form and nothing else
is taken: √16+1 is the expression reader's (an exact root inside an expression: 5; √2+1 is declined
by luodi.numeric.refusals), never 4. A root alone that is not exact (√2) is given to 10
significant digits and says so (≈).
"""

from __future__ import annotations

import math
import re
from decimal import Decimal, localcontext
from fractions import Fraction

from luodi.numeric.compute import Computation, convert_to, show
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import unit_info
from luodi.numeric.result import NumericResult, question_quantities, result_of
from luodi.numeric.shape import only_conversion
from luodi.numeric.units import named_units

MAX_FACTORIAL = 100  # 100! has 158 digits; beyond that a figure helps nobody read it
SIGNIFICANT = 10

_ASK_HEAD = r"(?:请问|计算|求|算一下|算算|what\s+is|what's|compute|calculate|find)?\s*(?:the\s+)?"
_ASK_TAIL = r"\s*(?:是|等于|为|=|is|equals)?\s*(?:多少|几|什么|多大)?\s*[?？。.!！]*"
_Q = r"[(（]?Q[)）]?"
_FORMS = {
    "sqrt": [rf"(?:√|根号)\s*{_Q}", r"Q的(?:算术)?平方根", r"对?Q开平方", rf"square\s+root\s+of\s+{_Q}",
             rf"sqrt\s*{_Q}"],
    "cbrt": [rf"∛\s*{_Q}", r"Q的立方根", r"对?Q开立方", rf"cube\s+root\s+of\s+{_Q}"],
    "factorial": [r"Q\s*!", r"Q的阶乘", rf"factorial\s+of\s+{_Q}", r"Q\s+factorial"],
    "reciprocal": [r"Q的倒数", rf"reciprocal\s+of\s+{_Q}"],
}
_FORM = {kind: re.compile(rf"{_ASK_HEAD}(?:{'|'.join(forms)}){_ASK_TAIL}", re.I) for kind, forms in _FORMS.items()}
_MEAN = re.compile(rf"{_ASK_HEAD}(?:(?:average|mean)\s+of\s+)?Q(?:\s*(?:、|,|，|和|与|及|跟|and|,\s*and)\s*Q)+"
                   rf"\s*(?:的\s*平均(?:数|值)?|的?平均(?:数|值)|的?平均是)?{_ASK_TAIL}", re.I)
_MEAN_WORD = re.compile(r"平均|average|mean", re.I)


def solve_function(text: str, lang: str, now=None) -> NumericResult | None:
    """`text` normalised and simplified, as `solve` reads it."""
    qs = question_quantities(text)
    if not qs:
        return None
    skeleton = _skeleton(text, qs)
    if len(qs) == 1 and not qs[0].unit:
        negative = re.match(r"\s*[-−负]\s*Q", skeleton)  # -27的立方根: the sign is not the number's
        if negative:
            skeleton = skeleton[: negative.start()] + "Q" + skeleton[negative.end() :]
        x, raw = Fraction(qs[0].value) * (-1 if negative else 1), qs[0].raw.strip()
        raw = f"({'-' if negative else ''}{raw})" if negative or "/" in raw else raw
        for kind, form in _FORM.items():
            if form.fullmatch(skeleton):
                return _one(kind, x, raw, lang)
    if len(qs) >= 2 and _MEAN_WORD.search(text) and _MEAN.fullmatch(skeleton) and len({q.unit for q in qs}) == 1:
        return _mean([Fraction(q.value) for q in qs], qs[0].unit, lang)
    return None


def _skeleton(text: str, qs: list) -> str:
    """The question with each quantity written Q."""
    out, at = [], 0
    for q in sorted(qs, key=lambda q: q.start):
        out += [text[at : q.start], "Q"]
        at = q.end
    return ("".join(out) + text[at:]).strip()


def _one(kind: str, x: Fraction, raw: str, lang: str) -> NumericResult | None:
    if kind == "factorial":
        if x.denominator != 1 or not 0 <= x <= MAX_FACTORIAL:
            return None
        value = Fraction(math.factorial(int(x)))
        return _result(value, f"{raw}! = {format_number(value)}", lang)
    if kind == "reciprocal":
        if x == 0:
            return None
        value = 1 / x
        return _result(value, f"1 ÷ {raw} = {show(value, '', lang)}", lang)
    n = 2 if kind == "sqrt" else 3
    if n == 2 and x < 0:
        return None  # no real square root
    sign = "√" if n == 2 else "∛"
    exact = _root(x, n)
    if exact is not None:
        return _result(exact, f"{sign}{raw} = {show(exact, '', lang)}", lang)
    approx = _approx_root(x, n)
    text = f"≈{approx}"
    return NumericResult(text, approx, f"{sign}{raw} ≈ {approx}", "arithmetic", lang=lang)


def _root(x: Fraction, n: int) -> Fraction | None:
    """The exact n-th root of a rational, when it is rational."""
    sign = -1 if x < 0 else 1
    num, den = _int_root(abs(x.numerator), n), _int_root(x.denominator, n)
    return None if num is None or den is None else sign * Fraction(num, den)


def _int_root(k: int, n: int) -> int | None:
    r = round(k ** (1 / n)) if k < 2**1000 else math.isqrt(k) if n == 2 else None
    if r is None:
        return None
    for c in (r - 1, r, r + 1):
        if c >= 0 and c**n == k:
            return c
    return None


def _approx_root(x: Fraction, n: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = SIGNIFICANT + 5
        d = Decimal(x.numerator) / Decimal(x.denominator)
        root = d.sqrt() if n == 2 else (abs(d) ** (Decimal(1) / 3)).copy_sign(d)
        ctx.prec = SIGNIFICANT
        return +root


def _mean(values: list[Fraction], unit: str, lang: str) -> NumericResult:
    value = sum(values) / len(values)
    listed = " + ".join(format_number(v) for v in values)
    comp = f"({listed}) ÷ {len(values)} = {show(value, unit, lang)}"
    return result_of(Computation(value, unit, comp, "arithmetic"), show(value, unit, lang), lang, "arithmetic")


def _result(value: Fraction, comp: str, lang: str) -> NumericResult:
    return NumericResult(show(value, "", lang), value, comp, "arithmetic", lang=lang)


_JOINED = re.compile(r"\s*(?:零|又|和|,|and)?\s*", re.I)  # 3小时45分钟, 1米零5厘米, 3 hours and 20 minutes


def solve_compound(text: str, lang: str, now=None) -> NumericResult | None:
    """3小时45分钟是多少分钟, 1米20厘米是多少厘米: adjacent quantities of one dimension, larger unit
    first, and a unit of that dimension named after them; nothing else asked."""
    qs = question_quantities(text)
    if len(qs) < 2 or any(not q.unit for q in qs):
        return None
    dims = {q.dimension for q in qs}
    dim = dims.pop()
    if dims or dim.startswith("count:") or dim == "percent":
        return None
    if any(not _JOINED.fullmatch(text[a.end : b.start]) or unit_info(a.unit)[1] <= unit_info(b.unit)[1]
           for a, b in zip(qs, qs[1:], strict=False)):
        return None  # not one quantity written in descending units (3小时 and 45分钟 apart)
    target = next(((pos, word, unit) for pos, word, unit, tdim in named_units(text)
                   if pos >= qs[-1].end and tdim == dim), None)
    if target is None or not only_conversion(text, [(qs[0].start, qs[-1].end), (target[0], target[0] + len(target[1]))]):
        return None
    pos, word, unit = target
    parts = [convert_to(q, unit, lang).value for q in qs]
    total = sum(parts)
    written = text[qs[0].start : qs[-1].end].strip()
    shown = show(total, unit, lang) if lang == "en" else f"{format_number(total)}{word}"
    comp = " + ".join(show(v, unit, lang) for v in parts) + f" = {show(total, unit, lang)}"
    return result_of(Computation(total, unit, comp, "unit"), f"{written} = {shown}", lang, "unit")
