"""Exact computations that explain themselves: each returns a value, a unit and a derivation.

The numeric engine uses these for questions; the composer uses them to combine values taken
from evidence with values from the question (3 × 8 元 = 24 元). Inputs may be Quantity objects,
numbers, or strings such as '1.5万元' (parsed, never evaluated).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from luodi.numeric.numbers import approx_text, format_number, to_decimal
from luodi.numeric.parse import Number, Quantity, convert, find_quantities, to_base, unit_info

Operand = Quantity | Decimal | Fraction | int | str

_ZH_UNIT = {
    "kg": "公斤",
    "km": "公里",
    "m": "米",
    "h": "小时",
    "min": "分钟",
    "s": "秒",
    "g": "克",
    "t": "吨",
    "cm": "厘米",
    "mm": "毫米",
    "USD": "美元",
    "HKD": "港元",
    "EUR": "欧元",
    "L": "升",
    "mL": "毫升",
    "m²": "平方米",
    "km²": "平方公里",
}
_EN_UNIT = {
    "元": " yuan",
    "斤": " jin",
    "天": " days",
    "周": " weeks",
    "月": " months",
    "年": " years",
    "h": " hours",
    "min": " minutes",
    "s": " seconds",
    "kg": " kg",
    "km": " km",
    "m": " m",
    "g": " g",
    "t": " t",
    "cm": " cm",
    "mm": " mm",
    "USD": " USD",
    "角": " jiao",
    "厘": " li",
}


@dataclass
class Computation:
    """A computed value with its unit and a human-readable derivation."""

    value: Number | str
    unit: str
    text: str
    kind: str = "arithmetic"

    def display(self, lang: str = "zh-Hans") -> str:
        return show(self.value, self.unit, lang) if not isinstance(self.value, str) else self.value


def show(value: Number, unit: str = "", lang: str = "zh-Hans") -> str:
    """Value with unit for display: 24元, 1.5公里, 25%, 1/3 (≈0.3333), 24 yuan."""
    text = format_number(value)
    if isinstance(value, Fraction) and to_decimal(value) is None:
        text = f"{text} (≈{approx_text(value)})"
    if not unit:
        return text
    if unit in ("%", "‰"):
        return text + unit
    if lang == "en":
        return text + _EN_UNIT.get(unit, " " + unit)
    return text + _ZH_UNIT.get(unit, unit)


def operand(x: Operand) -> Quantity:
    """Turn any accepted input into a Quantity (strings are parsed)."""
    if isinstance(x, Quantity):
        return x
    if isinstance(x, str):
        qs = find_quantities(x, loose=True)
        if len(qs) != 1:
            raise ValueError(f"expected one number in {x!r}, found {len(qs)}")
        return qs[0]
    value = Decimal(x) if isinstance(x, int) else x
    return Quantity(value=value, unit="", start=0, end=0, raw=format_number(value))


def exact(value: Number) -> Number:
    """Decimal when the value terminates, else the Fraction."""
    if isinstance(value, Fraction):
        d = to_decimal(value)
        return d if d is not None else value
    return value


def _frac(v: Number) -> Fraction:
    return v if isinstance(v, Fraction) else Fraction(v)


def _ratio(q: Quantity) -> Fraction:
    """Percentages act as ratios in products (15% → 0.15)."""
    return _frac(q.value) / 100 if q.unit == "%" else _frac(q.value)


def multiply(a: Operand, b: Operand, lang: str = "zh-Hans") -> Computation:
    """a × b; the unit is whichever operand has one (count × price → price unit)."""
    qa, qb = operand(a), operand(b)
    unit = _product_unit(qa, qb)
    value = exact(_ratio(qa) * _ratio(qb))
    text = f"{_term(qa, lang)} × {_term(qb, lang)} = {show(value, unit, lang)}"
    return Computation(value, unit, text, "arithmetic")


def _product_unit(qa: Quantity, qb: Quantity) -> str:
    for q in (qb, qa):
        dim = q.dimension
        if q.unit and q.unit not in ("%", "倍") and not dim.startswith("count:"):
            return q.unit
    for q in (qb, qa):
        if q.unit and q.unit not in ("%", "倍"):
            return q.unit
    return ""


def _term(q: Quantity, lang: str) -> str:
    return show(q.value, q.unit, lang)


def total(values: list[Operand], lang: str = "zh-Hans") -> Computation:
    """Sum in the unit of the first value; other units of the same dimension are converted."""
    qs = [operand(v) for v in values]
    if not qs:
        raise ValueError("nothing to add")
    unit = next((q.unit for q in qs if q.unit), "")
    acc = Fraction(0)
    terms = []
    for q in qs:
        v = q.value
        if q.unit and unit and q.unit != unit:
            c = convert(v, q.unit, unit)
            if c is None:
                raise ValueError(f"cannot add {q.raw} to a value in {unit}")
            v = c
        acc += _frac(v)
        terms.append(
            show(exact(_frac(v)), unit if q.unit else "", lang)
            if q.unit != unit
            else _term(q, lang)
        )
    value = exact(acc)
    return Computation(
        value, unit, " + ".join(terms) + f" = {show(value, unit, lang)}", "arithmetic"
    )


def difference(a: Operand, b: Operand, lang: str = "zh-Hans") -> Computation:
    """a − b in a's unit."""
    qa, qb = operand(a), operand(b)
    vb = qb.value
    if qa.unit and qb.unit and qa.unit != qb.unit:
        vb = convert(vb, qb.unit, qa.unit)
        if vb is None:
            raise ValueError(f"cannot subtract {qb.raw} from {qa.raw}")
    value = exact(_frac(qa.value) - _frac(vb))
    unit = qa.unit or qb.unit
    return Computation(
        value, unit, f"{_term(qa, lang)} − {show(vb, unit, lang)} = {show(value, unit, lang)}"
    )


def comparable(qa: Quantity, qb: Quantity) -> tuple[Fraction, Fraction] | None:
    """Both values on one scale, or None when their units cannot be compared."""
    da, db = qa.dimension, qb.dimension
    if da == db:
        va, _ = to_base(qa.value, qa.unit)
        vb, _ = to_base(qb.value, qb.unit)
        return _frac(va), _frac(vb)
    if {da, db} == {"percent", ""}:
        return _ratio(qa), _ratio(qb)
    if not da or not db or da.startswith("count:") and db.startswith("count:"):
        return _frac(qa.value), _frac(qb.value)
    return None


def compare(a: Operand, b: Operand, lang: str = "zh-Hans") -> Computation:
    """Which of two values is larger; value is the larger one's text ('equal' when equal)."""
    qa, qb = operand(a), operand(b)
    pair = comparable(qa, qb)
    if pair is None:
        raise ValueError(f"{qa.raw} and {qb.raw} have different kinds of unit")
    va, vb = pair
    diff = exact(va - vb)
    sa, sb = qa.raw.strip(), qb.raw.strip()
    prefix = ""
    if qa.unit != qb.unit and (qa.unit or qb.unit) and qa.dimension == qb.dimension:
        base = unit_info(qa.unit)[0]
        unit = {"mass": "kg", "length": "m", "time": "s", "money": "元", "month": "月"}.get(
            base, ""
        )
        ea, eb = show(exact(va), unit, lang), show(exact(vb), unit, lang)
        prefix = f"{sa} = {ea}，{sb} = {eb}；" if lang != "en" else f"{sa} = {ea}, {sb} = {eb}; "
    fa, fb = format_number(exact(va)), format_number(exact(vb))
    if diff == 0:
        word = "两者相等" if lang != "en" else "they are equal"
        return Computation(
            "equal",
            "",
            f"{prefix}{fa} − {fb} = 0，{word}"
            if lang != "en"
            else f"{prefix}{fa} − {fb} = 0, so {word}",
            "compare",
        )
    big, small = (sa, sb) if diff > 0 else (sb, sa)
    if diff < 0:
        fa, fb, diff = fb, fa, -diff
    if lang == "en":
        text = f"{prefix}{fa} − {fb} = {format_number(diff)} > 0, so {big} is larger"
    else:
        text = f"{prefix}{fa} − {fb} = {format_number(diff)} > 0，所以 {big} 更大"
    return Computation(big, "", text, "compare")


def percent_of(pct: Operand, base: Operand, lang: str = "zh-Hans") -> Computation:
    """pct% of base: 15% × 2400 = 360."""
    qp, qb = operand(pct), operand(base)
    if qp.unit != "%":
        qp = Quantity(qp.value, "%", 0, 0, qp.raw)
    value = exact(_ratio(qp) * _frac(qb.value))
    text = f"{_term(qb, lang)} × {_term(qp, lang)} = {show(value, qb.unit, lang)}"
    return Computation(value, qb.unit, text, "percent")


def base_of(pct: Operand, part: Operand, lang: str = "zh-Hans") -> Computation:
    """The whole that pct% of is part: 400 ÷ 80% = 500 (the price before a discount)."""
    qp, qa = operand(pct), operand(part)
    if qp.unit != "%":
        qp = Quantity(qp.value, "%", 0, 0, qp.raw)
    if not qp.value:
        raise ZeroDivisionError("a share of 0%")
    value = exact(_frac(qa.value) / _ratio(qp))
    text = f"{_term(qa, lang)} ÷ {_term(qp, lang)} = {show(value, qa.unit, lang)}"
    return Computation(value, qa.unit, text, "percent")


def _share(part: Operand, whole: Operand) -> tuple[Quantity, Quantity, Fraction, Fraction]:
    """Both quantities and their values in one unit, for part ÷ whole."""
    qa, qw = operand(part), operand(whole)
    pair = comparable(qa, qw)
    if pair is None:
        raise ValueError(f"{qa.raw} and {qw.raw} have different kinds of unit")
    if pair[1] == 0:
        raise ZeroDivisionError("the whole is zero")
    return qa, qw, *pair


def ratio_percent(part: Operand, whole: Operand, lang: str = "zh-Hans") -> Computation:
    """part ÷ whole as a percentage."""
    qa, qw, va, vw = _share(part, whole)
    value = exact(va / vw * 100)
    text = (
        f"{format_number(exact(va))} ÷ {format_number(exact(vw))} × 100% = {show(value, '%', lang)}"
    )
    return Computation(value, "%", text, "percent")


def times(part: Operand, whole: Operand, lang: str = "zh-Hans") -> Computation:
    """How many times `whole` makes `part`: part ÷ whole (units converted to one kind)."""
    qa, qw, va, vw = _share(part, whole)
    value = exact(va / vw)
    shown = (f"{qa.raw.strip()} ÷ {qw.raw.strip()}" if qa.unit or qw.unit  # 6米 ÷ 200厘米: units converted
             else " ÷ ".join(_bracketed(format_number(exact(v))) for v in (va, vw)))
    return Computation(value, "", f"{shown} = {show(value, '', lang)}", "ratio")


def _bracketed(number: str) -> str:
    return f"({number})" if "/" in number else number  # (1/3) ÷ (1/6), not 1/3 ÷ 1/6


def growth(old: Operand, new: Operand, lang: str = "zh-Hans") -> Computation:
    """Relative change from old to new, in percent (negative for a fall)."""
    qo, qn = operand(old), operand(new)
    pair = comparable(qo, qn)
    if pair is None:
        raise ValueError(f"{qo.raw} and {qn.raw} have different kinds of unit")
    vo, vn = pair
    if vo == 0:
        raise ZeroDivisionError("growth from zero is undefined")
    value = exact((vn - vo) / vo * 100)
    fo, fn = format_number(exact(vo)), format_number(exact(vn))
    text = f"({fn} − {fo}) ÷ {fo} × 100% = {show(value, '%', lang)}"
    return Computation(value, "%", text, "growth")


def convert_to(q: Operand, target: str, lang: str = "zh-Hans") -> Computation:
    """Unit conversion with its factor: 1500米 ÷ 1000 = 1.5公里."""
    qq = operand(q)
    value = convert(qq.value, qq.unit, target)
    if value is None:
        raise ValueError(f"cannot convert {qq.raw} to {target}")
    value = exact(_frac(value))
    _, f_from = unit_info(qq.unit)
    _, f_to = unit_info(target)
    r = Fraction(f_from) / Fraction(f_to)
    src = _term(qq, lang)
    factor = format_number(exact(r if r >= 1 else 1 / r))
    factor = f"({factor})" if "/" in factor else factor  # 100平方米 ÷ (2000/3), not ÷ 2000 then /3
    step = f"{src} {'×' if r >= 1 else '÷'} {factor}"
    one = show(Decimal(1), target if r < 1 else qq.unit, lang)
    other = show(exact(1 / r) if r < 1 else exact(r), qq.unit if r < 1 else target, lang)
    sep = "; " if lang == "en" else "，"
    text = f"{one} = {other}{sep}{step} = {show(value, target, lang)}"
    return Computation(value, target, text, "unit")
