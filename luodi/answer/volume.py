"""A parcel's volumetric and chargeable weight: the cited formula applied to the question's sizes.

"长50厘米、宽40厘米、高30厘米的快件，体积重量是多少？" over a rule that says "体积重量（公斤）＝长（厘米）
×宽（厘米）×高（厘米）÷6000" is 50 × 40 × 30 ÷ 6000 = 10 公斤; the answer stage quoted the rule
and left the arithmetic to the asker. The divisor is the cited text's own (the international
guide divides by 5000), the sizes are converted to the centimetres the formula takes, and the
chargeable weight is the greater of the actual and the volumetric weight only where a cited rule
says so. Nothing is computed without both the formula and three sizes with a unit.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal
from functools import lru_cache

from luodi.fold import to_simplified
from luodi.numeric.numbers import format_number, normalize
from luodi.numeric.parse import find_quantities, parse_number
from luodi.numeric.units import in_kg

_NUM = r"\d+(?:\.\d+)?"
_UNIT = r"(?:厘米|公分|毫米|米|cm|mm|m)(?![a-z])"
_CM = {"厘米": 1, "公分": 1, "cm": 1, "毫米": Decimal("0.1"), "mm": Decimal("0.1"), "米": 100, "m": 100}
_SEP = r"\s*(?:[，、,]\s*)?"
# 长50厘米、宽40厘米、高30厘米 (a unit after each size or only the last)
_NAMED = re.compile(rf"长\s*(?:为|是)?\s*(?P<l>{_NUM})\s*(?P<lu>{_UNIT})?{_SEP}宽\s*(?:为|是)?\s*(?P<w>{_NUM})\s*"
                    rf"(?P<wu>{_UNIT})?{_SEP}高\s*(?:为|是)?\s*(?P<h>{_NUM})\s*(?P<hu>{_UNIT})?", re.I)
# 50×40×30厘米, 50 x 40 x 30 cm, 50cm × 40cm × 30cm, 50 by 40 by 30 cm
_TIMES = r"\s*(?:[×xX*＊]|by)\s*"
_CROSSED = re.compile(rf"(?<![\d.])(?P<l>{_NUM})\s*(?P<lu>{_UNIT})?{_TIMES}(?P<w>{_NUM})\s*(?P<wu>{_UNIT})?{_TIMES}"
                      rf"(?P<h>{_NUM})\s*(?P<hu>{_UNIT})?", re.I)

_ASKS_VOLUMETRIC = re.compile(r"体积重量|材积|volumetric weight|dimensional weight|volume weight", re.I)
_ASKS_CHARGEABLE = re.compile(r"计费重量|计重|chargeable weight|billable weight", re.I)
_FORMULA = (
    # 体积重量（公斤）＝长（厘米）×…÷6000; 体积重量按长（公分）×…÷6000计算; 体积重量计算方式…即长…
    re.compile(r"体积重量[^。；\n]{0,16}?(?:[＝=]|按|即|为|是)\s*长[^×*＝=。；\n]{0,8}[×*]\s*宽[^×*。；\n]{0,8}[×*]"
               r"\s*高(?P<unit>[^÷/。；\n]{0,8})[÷/]\s*(?P<d>\d[\d,]*)"),
    re.compile(r"volumetric weight is (?:the )?length\s*[×x*]\s*width\s*[×x*]\s*height(?P<unit>[^.;\n]{0,30}?)"
               r"\s*(?:divided by|/)\s*(?P<d>\d[\d,]*)", re.I),
)
_ROUNDING = (
    (re.compile(r"chargeable weight is rounded up to the next (?P<step>\d+(?:\.\d+)?) ?kg", re.I), "chargeable"),
    (re.compile(r"volumetric weight is rounded up to the next (?P<step>\d+(?:\.\d+)?) ?kg", re.I), "volumetric"),
    (re.compile(r"体积重量[^。；\n]{0,12}保留(?P<places>[一两二12])位小数"), "volumetric"),
    # 大件的计费重量取…较大者，体积重量按…÷6000计算，不足1公斤的按1公斤计算 (not 续重's own rule)
    (re.compile(r"(?<!续重)(?<!部分)不足(?P<step>\d+(?:\.\d+)?)公斤的?按(?P=step)公斤计算?"), "chargeable"),
)
_BOUND = r"\s*(?:不得|不能|不应|不可|不)\s*(?:超过|大于)\s*(\d+(?:\.\d+)?)\s*(?:厘米|公分|cm)"
_LONGEST = re.compile(rf"最长(?:的一)?边{_BOUND}|longest side (?:may|must|can|shall) not exceed (\d+(?:\.\d+)?) ?cm", re.I)
_SUM = re.compile(rf"(?:三边|边长)之和{_BOUND}|sum of (?:the )?length, width and height (?:may|must|can|shall) not exceed "
                  r"(\d+(?:\.\d+)?) ?cm", re.I)
_IN_CM = re.compile(r"厘米|公分|centimet|\bcm\b", re.I)
_GREATER = re.compile(r"计费重量取实际重量与体积重量中的?较大者|计费重量为实际重量和体积重量中的?较大者|"
                      r"chargeable weight is the (?:greater|higher|larger) of the actual weight and the volumetric weight",
                      re.I)


@dataclass(frozen=True)
class Sizes:
    cm: tuple[Decimal, Decimal, Decimal]


@dataclass(frozen=True)
class Cited:
    source: int  # which evidence text
    quote: str


@dataclass(frozen=True)
class Formula(Cited):
    divisor: Decimal


@dataclass(frozen=True)
class Weight:
    volumetric: Decimal  # kg, rounded as a cited rule says
    detail: str  # its arithmetic: 50 × 40 × 30 ÷ 6000 = 10
    formula: Formula
    cm: tuple[Decimal, Decimal, Decimal]  # the parcel's sizes
    chargeable: Decimal | None = None  # the greater of it and the actual weight, when asked
    actual: Decimal | None = None
    rules: tuple[Cited, ...] = ()  # the rules it read besides the formula (greater, rounding)


def sizes(question: str) -> Sizes | None:
    """The three sizes a question gives, in centimetres; None unless exactly one set, with a unit."""
    text = normalize(to_simplified(question))
    found = list(_NAMED.finditer(text)) or list(_CROSSED.finditer(text))
    if len(found) != 1:
        return None
    m = found[0]
    units = [m.group(k) for k in ("lu", "wu", "hu")]
    if not units[2] and not any(units):
        return None  # 50×40×30 with no unit: inches or metres, who can tell
    last = units[2] or next(u for u in units if u)
    cm = []
    for key, unit in zip("lwh", units, strict=True):
        value = parse_number(m.group(key))
        if value is None or value <= 0:
            return None
        cm.append(Decimal(str(value)) * _CM[(unit or last).lower()])
    return Sizes((cm[0], cm[1], cm[2]))


def formula(evidence: list[str]) -> Formula | None:
    """The first cited formula that divides length × width × height in centimetres by a number."""
    for i, text in enumerate(evidence):
        for rx in _FORMULA:
            m = rx.search(_folded(text))
            if m and _IN_CM.search(m.group(0)):
                divisor = Decimal(m.group("d").replace(",", ""))
                if divisor > 0:
                    return Formula(i, _quoted(text, m.group(0)), divisor)
    return None


def over_sizes(cm: tuple[Decimal, Decimal, Decimal], texts: list[str]) -> bool:
    """Whether a passage limits a parcel's longest side or the sum of its sides below these sizes
    (最长边不超过150厘米；长、宽、高三边之和不超过300厘米; "The longest side may not exceed 120 cm and
    the sum of length, width and height may not exceed 240 cm")."""
    for text in texts:
        folded = _folded(text)
        longest = [Decimal(m.group(1) or m.group(2)) for m in _LONGEST.finditer(folded)]
        total = [Decimal(m.group(1) or m.group(2)) for m in _SUM.finditer(folded)]
        if any(max(cm) > lim for lim in longest) or any(sum(cm) > lim for lim in total):
            return True
    return False


@lru_cache(maxsize=512)
def _folded(text: str) -> str:
    """A cited text as the rules are matched: simplified, full-width folded (each text is read by
    several rules)."""
    return normalize(to_simplified(text))


def _quoted(text: str, folded_match: str) -> str:
    """The formula as the text writes it, for the citation (the text itself when folding moved it)."""
    return folded_match if folded_match in text else text


def weight(question: str, evidence: list[str]) -> Weight | None:
    """The volumetric weight a question asks for, or its chargeable weight (the greater of the two
    where a cited rule says so), from a cited formula and the question's sizes, each rounded as a
    cited rule says ("保留一位小数", "rounded up to the next 0.5 kg")."""
    if _ASKS_CHARGEABLE.search(question):
        return chargeable(question, evidence)
    return volumetric(question, evidence) if _ASKS_VOLUMETRIC.search(question) else None


def volumetric(question: str, evidence: list[str]) -> Weight | None:
    """The volumetric weight of the parcel whose sizes the question gives, by the cited formula."""
    got, f = sizes(question), formula(evidence)
    if got is None or f is None:
        return None
    length, width, height = got.cm
    exact = length * width * height / f.divisor
    value, rounded = _rounded(exact, "volumetric", evidence)
    detail = " × ".join(format_number(x) for x in got.cm) + f" ÷ {format_number(f.divisor)} = {format_number(exact)}"
    if value != exact:
        detail += f" ≈ {format_number(value)}"
    return Weight(value, detail, f, got.cm, rules=rounded)


def chargeable(question: str, evidence: list[str]) -> Weight | None:
    """The volumetric weight and the chargeable one: the greater of it and the one weight the
    question states, where a cited rule charges the greater, rounded as a cited rule says."""
    got, greater, actual = volumetric(question, evidence), _found(_GREATER, evidence), _actual_kg(question)
    if got is None or greater is None or actual is None:
        return None
    value, more = _rounded(max(actual, got.volumetric), "chargeable", evidence)
    return replace(got, chargeable=value, actual=actual, rules=(greater[0], *got.rules, *more))


def moved(got: Weight, at: list[int]) -> Weight:
    """`got` with its sources read as positions in `at` (the evidence it was given was a subset)."""
    return replace(got, formula=replace(got.formula, source=at[got.formula.source]),
                   rules=tuple(replace(r, source=at[r.source]) for r in got.rules))


def _found(rx: re.Pattern[str], evidence: list[str]) -> tuple[Cited, re.Match[str]] | None:
    """The first cited text `rx` matches: where, and the match."""
    for i, text in enumerate(evidence):
        if m := rx.search(_folded(text)):
            return Cited(i, _quoted(text, m.group(0))), m
    return None


def _rounded(value: Decimal, which: str, evidence: list[str]) -> tuple[Decimal, tuple[Cited, ...]]:
    """`value` rounded as the first cited rule for that weight says, and the rule."""
    for rx, kind in _ROUNDING:
        if kind != which or (found := _found(rx, evidence)) is None:
            continue
        cited, m = found
        if m.groupdict().get("step"):
            step = Decimal(m.group("step"))
            out = (value / step).to_integral_value(ROUND_CEILING) * step
        else:
            places = int(parse_number(m.group("places")) or 1)
            out = value.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
        return out.normalize() if out == out.to_integral_value() else out, (cited,)
    return value, ()


def _actual_kg(question: str) -> Decimal | None:
    """The one weight a question states, in kilograms."""
    found = [kg for q in find_quantities(normalize(to_simplified(question))) if (kg := in_kg(q.value, q.unit)) is not None]
    return found[0] if len(found) == 1 and found[0] > 0 else None
