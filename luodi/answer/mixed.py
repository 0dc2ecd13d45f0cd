"""Mixed questions: a rate from the evidence applied to a number from the question, exactly.

"每件超过20公斤的包裹加收8元；寄三件要多少？" → 8 元 × 3 = 24 元, and a percentage fee with its
floor or cap: "保价费按声明价值的0.5%收取，每票最低2元" + "声明价值2000元…保价费是多少？" → 10 元.
The model never does the arithmetic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from luodi.answer.router import language
from luodi.answer.surcharge import ASKS_TOTAL
from luodi.answer.tariff import Freight, parcel_weight
from luodi.answer.volume import Weight
from luodi.fold import to_simplified, to_traditional
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import find_quantities, parse_number

_COUNT = re.compile(
    r"(?P<n>\d+|[一二两三四五六七八九十百]+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty)"
    r"\s*(?:个|件|箱|票|单|包|份|次|位|袋|台|只|parcels?|packages?|items?|boxes|shipments?|pieces?|orders?)",
    re.IGNORECASE,
)
_HOW_MUCH = re.compile(r"多少钱|多少元|多少.{0,2}费|费用|费是多少|费为多少|费多少|费[？?]\s*$|几块|几元|一共|总共|合计|要付|要交"
                       r"|how much|total|cost|\bfee\b|\bcharge\b|\bfreight\b|\bprice\b|\bpostage\b", re.I)
_FEE = re.compile(r"费|fee|charge|premium|\binsurance\b|\bcosts?\b", re.I)
# The words right before an amount that make it a bound on a percentage fee, not another fee.
_FLOOR = re.compile(r"(?:最低|不低于|至少|起|minimum(?: of)?|at least)\s*(?:为|是|收取|收)?\s*(?:人民币)?$", re.I)
_CAP = re.compile(r"(?:最高|不超过|至多|封顶|maximum(?: of)?|at most|up to)\s*(?:为|是|收取|收)?\s*(?:人民币)?$",
                  re.I)
_YUAN = ("元", "CNY", "yuan")
_OF_FREIGHT = re.compile(r"运费|邮费|资费|\bfreight\b|\bpostage\b|\bshipping (?:cost|charge)", re.I)
_PER = re.compile(r"每|/件|/票|/单|per\b|each\b|a piece|apiece", re.I)


@dataclass
class Computed:
    text: str
    atom: str
    detail: str
    source: int | None = None  # the evidence text it read its figures from, where that is one text
    quote: str = ""  # what of that text it read
    weight: Decimal = Decimal(0)  # a freight's parcel weight, kg


def _count(question: str) -> Decimal | None:
    m = _COUNT.search(to_simplified(question))
    if not m:
        return None
    value = parse_number(m.group("n").lower())  # digits, Chinese numerals and English number words
    return value if value is not None and value > 1 else None


def _rate(evidence: list[str]) -> tuple[Decimal, str] | None:
    """The first per-item amount in yuan: an amount in a clause that says 每/per."""
    for clause in _clauses(evidence):
        if _PER.search(clause):
            qs = find_quantities(clause)
            amounts = [q for q in qs if q.unit in _YUAN]
            # a percentage fee, or its floor/cap, is not a price per item
            if not any(q.unit == "%" for q in qs) and len(amounts) == 1 and not _bound(clause, amounts[0]):
                return Decimal(str(amounts[0].value)), amounts[0].raw
    return None


def _clauses(evidence: list[str]):
    """The evidence cut at 。；; line ends and English sentence ends ("… CNY 20 per shipment. The
    maximum insurable value is …": the cap on the value is no bound of the fee)."""
    for text in evidence:
        yield from re.split(r"[。；;\n]|(?<=[a-z0-9%)])\.\s+(?=[A-Z])", text)


def _bound(clause: str, q) -> str | None:
    """"floor" or "cap" when the words before the amount make it a fee's bound."""
    before = clause[max(0, q.start - 16) : q.start]  # "with a minimum of CNY 20"
    return "floor" if _FLOOR.search(before) else "cap" if _CAP.search(before) else None


@dataclass
class Percent:
    rate: Decimal  # e.g. 0.5 for 0.5%
    raw: str
    floor: Decimal | None
    cap: Decimal | None


def _percent_fee(evidence: list[str]) -> Percent | None:
    """The first clause that charges a fee as one percentage, with only a floor or cap beside it."""
    for clause in _clauses([to_simplified(t) for t in evidence]):  # the cue words are simplified
        qs = find_quantities(clause)
        pct = [q for q in qs if q.unit == "%"]
        if len(pct) != 1 or not _FEE.search(clause) or _OF_FREIGHT.search(clause):
            continue  # a share of the freight (12% of the freight, 加收50%的加急费) is no share of an amount asked
        floor = cap = None
        for q in (q for q in qs if q.unit in _YUAN):
            kind = _bound(clause, q)
            if kind == "floor" and floor is None:
                floor = Decimal(str(q.value))
            elif kind == "cap" and cap is None:
                cap = Decimal(str(q.value))
            else:  # another amount: a fee we would not know how to combine
                break
        else:
            return Percent(Decimal(str(pct[0].value)), pct[0].raw, floor, cap)
    return None


def _percent_of(question: str, evidence: list[str]) -> Computed | None:
    """amount (the one yuan amount in the question) × the cited percentage, within its bounds."""
    folded = to_simplified(question)
    amounts = [q for q in find_quantities(folded) if q.unit in _YUAN]
    if len(amounts) != 1 or not _FEE.search(folded):
        return None
    if ASKS_TOTAL.search(folded) and parcel_weight(question) is not None:
        return None  # the total for a parcel with insurance on it: its freight and the fee (luodi.answer.freight)
    fee = _percent_fee(evidence)
    if fee is None:
        return None
    base = Decimal(str(amounts[0].value))
    raw_total = base * fee.rate / 100
    total, bound = raw_total, None
    if fee.floor is not None and raw_total < fee.floor:
        total, bound = fee.floor, ("minimum", "最低")
    elif fee.cap is not None and raw_total > fee.cap:
        total, bound = fee.cap, ("maximum", "最高")
    detail = f"{format_number(base)} × {format_number(fee.rate)}% = {format_number(raw_total)}"
    if bound:
        detail += f" → {format_number(total)}"
    if language(question) == "en":
        tail = f"; the cited {bound[0]} is {format_number(total)} yuan" if bound else ""
        text = f"Computed from the cited rate ({fee.raw}): {detail} yuan{tail}."
    else:
        tail = f"，按{bound[1]}收费 {format_number(total)} 元" if bound else ""
        text = _in_script(question, f"按引用条款的费率（{fee.raw}）计算：{detail} 元{tail}。")
    return Computed(text, f"{format_number(total)} 元", detail)


def asks_amount(question: str) -> bool:
    return bool(_HOW_MUCH.search(to_simplified(question)))


def freight_text(question: str, got: Freight) -> Computed:
    if language(question) == "en":
        text = f"Computed from the cited rate table: {got.detail} yuan ({got.note(english=True)})."
    else:
        text = _in_script(question, f"按引用的资费表计算：{got.detail} 元（{got.note()}）。")
    return Computed(text, f"{format_number(got.total)} 元", got.detail, got.source, got.row, got.weight)


def weight_text(question: str, got: Weight) -> Computed:
    """A volumetric weight, or a chargeable one, computed from the cited formula (luodi.answer.volume)."""
    value = got.volumetric if got.chargeable is None else got.chargeable
    rounded = got.chargeable is not None and got.chargeable != max(got.actual, got.volumetric)
    english = language(question) == "en"
    if english:
        text = f"Computed from the cited formula: {got.detail} kg"
        if got.chargeable is not None:
            text += (f"; the chargeable weight is the greater of it and the actual {format_number(got.actual)} kg"
                     f"{', rounded up as cited' if rounded else ''}: {format_number(got.chargeable)} kg")
        text += "."
    else:
        text = f"按引用的公式计算体积重量：{got.detail} 公斤"
        if got.chargeable is not None:
            text += (f"；计费重量取它与实际重量 {format_number(got.actual)} 公斤中的较大者"
                     f"{'，按引用的规则进位' if rounded else ''}：{format_number(got.chargeable)} 公斤")
        text = _in_script(question, text + "。")
    return Computed(text, f"{format_number(value)} {'kg' if english else '公斤'}", got.detail, got.formula.source, got.formula.quote)


def _in_script(question: str, text: str) -> str:
    return to_traditional(text) if language(question) == "zh-Hant" else text


def combine(question: str, evidence: list[str]) -> Computed | None:
    """count (from the question) × per-item rate (from the cited evidence), or an amount from
    the question × a cited percentage fee; None when the question is not of either kind."""
    if not _HOW_MUCH.search(to_simplified(question)):
        return None
    count = _count(question)
    rate = _rate(evidence) if count is not None else None
    if count is None or rate is None:
        return _percent_of(question, evidence) if count is None else None
    value, raw = rate
    total = value * count
    detail = f"{format_number(value)} × {format_number(count)} = {format_number(total)}"
    if language(question) == "en":
        text = f"Computed from the cited rate ({raw} each): {detail} yuan."
    else:
        text = _in_script(question, f"按引用条款的单价（{raw}）计算：{detail} 元。")
    return Computed(text, f"{format_number(total)} 元", detail)
