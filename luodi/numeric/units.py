"""Units: surface forms (公斤, 斤, km, 小時) mapped to a normalised unit, a dimension and a
factor to the dimension's base unit, and exact conversion between units of one dimension."""

from __future__ import annotations

import re
from decimal import Decimal
from fractions import Fraction

Number = Decimal | Fraction

# --- units -------------------------------------------------------------------------------
# surface form → (normalised unit, dimension, factor to the dimension's base unit)
_UNITS: dict[str, tuple[str, str, Number]] = {}


def _u(forms: str, unit: str, dim: str, factor: str) -> None:
    """`factor` as written: a decimal, or a fraction ("2000/3") where no decimal is exact."""
    value: Number = Fraction(factor) if "/" in factor else Decimal(factor)
    for f in forms.split("|"):
        _UNITS[f] = (unit, dim, value)


_u("元人民币|块钱|人民币|元|块|圆|RMB|CNY|rmb|yuan", "元", "money", "1")
_u("角|毛", "角", "money", "0.1")
_u("厘", "厘", "money", "0.001")
_u("美元|美金|USD|dollars|dollar", "USD", "usd", "1")
_u("港元|港币|HKD", "HKD", "hkd", "1")
_u("欧元|EUR|euros|euro", "EUR", "eur", "1")
_u("公斤|千克|kg|kgs|kilograms|kilogram", "kg", "mass", "1")
_u("斤|市斤|jin", "斤", "mass", "0.5")
_u("克|g|grams|gram", "g", "mass", "0.001")
_u("吨|tonnes|tonne|tons|ton", "t", "mass", "1000")
_u("公里|千米|km|kilometres|kilometers|kilometre|kilometer", "km", "length", "1000")
_u("米|m|metres|meters|metre|meter", "m", "length", "1")
_u("厘米|公分|cm|centimetres|centimeters", "cm", "length", "0.01")
_u("毫米|mm|millimetres|millimeters", "mm", "length", "0.001")
_u("个小时|小时|个钟头|钟头|h|hrs|hr|hours|hour", "h", "time", "3600")
_u("分钟|min|mins|minutes|minute", "min", "time", "60")
_u("秒钟|秒|s|sec|secs|seconds|second", "s", "time", "1")
_u("天|days|day", "天", "time", "86400")
_u("个星期|星期|周|weeks|week", "周", "time", "604800")
_u("个月|months|month", "月", "month", "1")
_u("年|years|year", "年", "month", "12")
_u("%|percent|per cent", "%", "percent", "1")
_u("‰", "‰", "percent", "0.1")
_u("平方米|平米|m2|㎡", "m²", "area", "1")
_u("平方公里|km2", "km²", "area", "1000000")
_u("亩", "亩", "area", "2000/3")
_u("升|L|litres|liters", "L", "volume", "1")
_u("毫升|ml|mL", "mL", "volume", "0.001")
_u("度", "度", "degree", "1")
_u("世纪", "世纪", "century", "1")
_u("岁", "岁", "age", "1")
_u("倍", "倍", "times", "1")
_u("点", "点", "point", "1")
COUNTERS = (
    "个|件|人|名|位|次|辆|台|部|本|张|只|条|项|家|座|层|场|盘|局|轮|届|期|批|组|支|队|所|种|类|份|号|"
    "篇|套|双|对|颗|袋|箱|包|间|户|页|节|趟|遍|股|票|单|笔|架|艘|棵|匹|头|例|起|宗|处|座|分|球|枚|剂|"
    "门|栋|幢|级|款|章|集|届|国|省|市|县|区|所|校|队员|员|口|帧|字|行|段|句|步|封|瓶|杯|碗|斤"
)
for _c in COUNTERS.split("|"):
    _UNITS.setdefault(_c, (_c, "count:" + _c, Decimal(1)))
_CJK_UNIT_FORMS = sorted((f for f in _UNITS if not f.isascii()), key=len, reverse=True)
_ASCII_UNIT_FORMS = sorted(
    (f for f in _UNITS if f.isascii() and f not in "%‰"), key=len, reverse=True
)
_UNIT_RE = re.compile(
    r"(?P<cjk>" + "|".join(map(re.escape, _CJK_UNIT_FORMS)) + r")"
    r"|\s?(?P<ascii>" + "|".join(map(re.escape, _ASCII_UNIT_FORMS)) + r")(?![A-Za-z0-9])"
    r"|\s?(?P<pct>%|‰|percent\b|per cent\b)"
)


def unit_info(unit: str) -> tuple[str, Number]:
    """(dimension, factor to base) of a normalised unit; ('', 1) for no unit."""
    if not unit:
        return "", Decimal(1)
    for u, dim, factor in _UNITS.values():
        if u == unit:
            return dim, factor
    return "count:" + unit, Decimal(1)


def to_base(value: Number, unit: str) -> tuple[Number, str]:
    """Value in the dimension's base unit (kg, m, s, 元, %, months) and the dimension."""
    dim, factor = unit_info(unit)
    if isinstance(value, Fraction) or isinstance(factor, Fraction):
        return Fraction(value) * Fraction(factor), dim
    return value * factor, dim


def convert(value: Number, unit: str, target: str) -> Number | None:
    """Exact conversion between units of one dimension; None when they do not match."""
    base, dim = to_base(value, unit)
    tdim, tfactor = unit_info(target)
    if dim != tdim or not dim:
        return None
    if isinstance(base, Fraction) or isinstance(tfactor, Fraction):
        return Fraction(base) / Fraction(tfactor)
    q = base / tfactor
    exact = Fraction(base) / Fraction(tfactor)
    return q if Fraction(q) == exact else exact


def in_kg(value, unit: str) -> Decimal | None:
    """A quantity in kilograms, exactly (a Fraction that does not end is no weight we compute)."""
    kg = convert(value, unit, "kg")
    if kg is None:
        return None
    if isinstance(kg, Fraction):
        exact = Decimal(kg.numerator) / Decimal(kg.denominator)
        return exact if Fraction(exact) == kg else None
    return Decimal(kg)


# A unit named as a word (公斤, 分钟, "in metres"), longest first; a one-letter Latin symbol (m, g,
# h) only where a number gives it (3m), never as a word of its own.
_UNIT_WORD = re.compile("|".join(re.escape(f) if not f.isascii() else rf"\b{re.escape(f)}\b"
                                 for f in sorted(_UNITS, key=len, reverse=True) if len(f) > 1 or not f.isascii()))


def named_units(text: str) -> list[tuple[int, str, str, str]]:
    """Each unit a text names as a word, in order: (position, the word, its unit, its dimension)."""
    named = [(m.start(), m.group(0)) for m in _UNIT_WORD.finditer(text)]
    named += [(m.start(1), m.group(1)) for m in re.finditer(r"\b(?:to|in|into)\s+([A-Za-z]+)\b", text)
              if m.group(1) in _UNITS]
    return [(pos, word, *(_UNITS.get(word) or _UNITS[word.lower()])[:2]) for pos, word in sorted(named)]
