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
from luodi.answer.surcharge import ASKS_TOTAL, counted, price_item
from luodi.answer.tariff import Freight, parcel_weight
from luodi.answer.text import rule_sentences, text_terms
from luodi.answer.volume import Weight
from luodi.fold import has_cjk, to_simplified, to_traditional
from luodi.index.crosslingual import glossary, translation_groups
from luodi.index.tokenize import english_stems, tokenize
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import find_quantities, parse_number

_COUNT = re.compile(
    r"(?P<n>\d+|[一二两三四五六七八九十百]+|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|twelve|twenty))"
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
# A cap written before what it caps: "The maximum insurable value is CNY 20,000", "最高声明价值为2万元"
_CAP_OF = re.compile(r"(?:\b(?:maximum|highest)\s+([a-z][a-z\s-]{0,40}?)\s+(?:is|of)"
                     r"|(?:最高|最大)([\u4e00-\u9fff]{2,8}?)(?:为|是)?)\s*(?:人民币)?$", re.I)
_YUAN = ("元", "CNY", "yuan")
_OTHER_MONEY = ("USD", "HKD", "EUR")
_OF_FREIGHT = re.compile(r"运费|邮费|资费|\bfreight\b|\bpostage\b|\bshipping (?:cost|charge)", re.I)
# The question's amount is a freight (运费50元, freight of CNY 50): a percentage fee is not charged on it.
_FREIGHT_LABEL = re.compile(r"(?:运费|邮费|资费|freight|postage)(?:\s*(?:是|为|了|of|is))?\s*(?:人民币|CNY)?\s*$", re.I)
# Words of a fee question that say nothing of which fee (the asked fee must be named in its clause).
_GENERIC = frozenset("多少 多少钱 费用 收费 收取 需要 要交 要付 一共 总共 合计 请问 一票 一件 快件 包裹 快递 "
                     "what how much cost costs fee fees charge charged charges pay total price the for with "
                     "does do is of a an on my if".split())
# Words any two amounts' phrases share: they do not make a cap one on what the fee is charged on.
_BASE_GENERIC = frozenset("收取 按照 金额 每票 每件 每单 每笔 单件 单票 amount the of".split())
_PER = re.compile(r"每|/件|/票|/单|per\b|each\b|a piece|apiece", re.I)
# A price per measure, not per item: 气泡膜每米1元 is no price of 3个纸箱
_PER_MEASURE = re.compile(r"每\s*(?:米|公斤|千克|克|斤|层|楼|天|日|小时|分钟|公里|千米|立方|平方|吨|月|年|kg)"
                          r"|per\s+(?:kg|kilo|kilogram|metre|meter|km|hour|day|floor|month|year)", re.I)
# Characters any priced clause and question may share: they do not make a clause about the question's thing
_PLAIN = frozenset("的了在内按对为和与及或收取加费元件个只票单次份其")


@dataclass
class Computed:
    text: str
    atom: str
    detail: str
    source: int | None = None  # the evidence text it read its figures from, where that is one text
    quote: str = ""  # what of that text it read
    weight: Decimal = Decimal(0)  # a freight's parcel weight, kg
    alone: bool = False  # shown with what it read only, not after the answer's other quotes


def _count(question: str) -> Decimal | None:
    m = _COUNT.search(to_simplified(question))
    if not m:
        return None
    value = parse_number(m.group("n").lower())  # digits, Chinese numerals and English number words
    return value if value is not None and value > 1 else None


def _about(asked: set[str], clause: str) -> bool:
    """Whether a per-item clause may price what the question counts: the words before its 每 (the
    thing it prices) share a character with the question's (`asked`, folded), or there are none
    ("每件超过20公斤的快件加收8元"): 文件封每个2元 is no price of 3个纸箱, 笔记本电脑每台加收20元 is one of
    3台手提电脑."""
    folded = to_simplified(clause)
    at = folded.find("每")
    subject = {c for c in folded[: max(at, 0)] if has_cjk(c)} - _PLAIN
    return not subject or bool(subject & asked)


def _items(question: str, evidence: list[str]) -> list[tuple[str, Decimal, Decimal | None]]:
    """The price-list items the question names whole (2号纸箱 in "…收费如下：…2号纸箱（…）6元；"),
    each with its price and the count written before it (3个2号纸箱), or None for no count."""
    q = to_simplified(question)
    found = {}
    for text in evidence:
        folded = to_simplified(text)
        for sentence in rule_sentences(text):
            item = price_item(to_simplified(sentence), folded, q)
            if item is not None and item[0] not in found:
                found[item[0]] = (item[2], (item[0], item[1], counted(q[: item[2]])))
    return [item for _, item in sorted(found.values())]  # in the question's order


def _items_total(question: str, items: list) -> Computed | None:
    """Price-list items the question counts, summed (3个2号纸箱和2个1号纸箱: 6 × 3 + 8 × 2 = 34);
    None when an item has no count, a count is of something else (寄3件快递), or a quantity is
    not a count (5米气泡膜: priced per metre elsewhere) or the question prices a parcel besides."""
    q = to_simplified(question)
    if any(n is None for _, _, n in items) or len(_COUNT.findall(q)) != len(items):
        return None
    if any(x.unit not in ("个", "只", "套", "卷", "件", "号") for x in find_quantities(q)):
        return None  # 3公斤的跨省件 (a freight), 5米气泡膜 (no list line)
    n = format_number
    total = sum(price * count for _, price, count in items)
    detail = f"{' + '.join(f'{n(p)} × {n(c)}' for _, p, c in items)} = {n(total)}"
    prices = "、".join(f"{name} {n(p)}元" for name, p, _ in items)
    return _priced(question, prices, f"prices ({prices})", detail, total)


def _priced(question: str, prices: str, said: str, detail: str, total: Decimal) -> Computed:
    """A computed price, worded in the question's language: `prices` the cited unit prices, `said`
    how an English answer names them."""
    if language(question) == "en":
        text = f"Computed from the cited {said}: {detail} yuan."
    else:
        text = _in_script(question, f"按引用条款的单价（{prices}）计算：{detail} 元。")
    return Computed(text, f"{format_number(total)} 元", detail)


def _rate(question: str, evidence: list[str]) -> tuple[Decimal, str] | None:
    """The first per-item amount in yuan: an amount in a clause that says 每/per an item (not a
    metre or a kilogram) and prices what the question counts (`_about`)."""
    asked = set(to_simplified(question))
    for clause in _clauses(evidence):
        if _PER.search(clause) and not _PER_MEASURE.search(clause) and _about(asked, clause):
            qs = find_quantities(clause)
            amounts = [q for q in qs if q.unit in _YUAN]
            # a percentage fee, or its floor/cap, is not a price per item
            if not any(q.unit == "%" for q in qs) and len(amounts) == 1 and not _bound(clause[: amounts[0].start]):
                return Decimal(str(amounts[0].value)), amounts[0].raw
    return None


def _clauses(evidence: list[str]):
    """The evidence cut at 。；; line ends and English sentence ends ("… CNY 20 per shipment. The
    maximum insurable value is …": the cap on the value is no bound of the fee)."""
    for text in evidence:
        yield from re.split(r"[。；;\n]|(?<=[a-z0-9%)])\.\s+(?=[A-Z])", text)


def _bound(before: str) -> str | None:
    """"floor" or "cap" when the words just before an amount (`before`: the text up to it) make
    it a fee's bound."""
    near = before[-16:]  # "with a minimum of CNY 20"
    return "floor" if _FLOOR.search(near) else "cap" if _CAP.search(near) else None


@dataclass
class Percent:
    rate: Decimal  # e.g. 0.5 for 0.5%
    raw: str
    floor: Decimal | None
    cap: Decimal | None
    most: Decimal | None = None  # the largest amount the rule charges the fee on (声明价值最高30000元)


def _asked(question: str, amount) -> tuple[list[str], list[str]] | None:
    """What the question asks the fee of: its fee words (保价费, 手续费), or its other content words
    where it names no fee; and all its content words (to meet a rule in the other language). None
    where it asks a freight, or states one as its amount (运费50元，保价费多少: insurance is charged
    on the declared value, not on the freight)."""
    if _FREIGHT_LABEL.search(question[: amount.start]):
        return None
    words = [w for w in tokenize(question, bigrams=False)
             if len(w) > 1 and w not in _GENERIC and not w[0].isdigit()]
    fees = [w for w in words if w.endswith("费")]
    if fees:
        asked = [x for w in fees if not _OF_FREIGHT.search(w) for x in (w, w[:-1]) if len(x) > 1]
        return (asked, words) if asked else None
    return (words, words) if words else None


def _names(clause: str, asked: list[str], words: list[str]) -> bool:
    """Whether the clause charges the fee asked: one of its words in the clause, or across languages
    a dictionary translation of one (insurance → 保价 is not in CC-CEDICT; declared → 声明 is)."""
    low = clause.lower()
    if any(w in low for w in asked):
        return True
    if has_cjk(clause) == has_cjk(" ".join(words)):
        return False
    if has_cjk(clause):  # an English question over a Chinese rule
        return any(translation_groups(" ".join(w for w in words if w.isascii()), lambda t: t in clause))
    stems = set(english_stems(clause))
    return any(glossary().get(w, frozenset()) & stems for w in words)


def _percent_fee(question: str, amount, evidence: list[str]) -> Percent | None:
    """The first clause of the evidence that charges the asked fee as one percentage, with only a
    floor or cap beside it, and the largest amount its text lets the fee be charged on."""
    asked = _asked(question, amount)
    if asked is None:
        return None
    for text in (to_simplified(t) for t in evidence):  # the cue words are simplified
        for clause in _clauses([text]):
            qs = find_quantities(clause)
            pct = [q for q in qs if q.unit == "%"]
            if len(pct) != 1 or not _FEE.search(clause) or _OF_FREIGHT.search(clause):
                continue  # a share of the freight (12% of the freight, 加收50%的加急费) is no share of an amount asked
            if not _names(clause, *asked):
                continue  # another fee's rate (代收货款的1% for a question about 签回单)
            if not _of_base(question, amount, clause[: pct[0].start]):
                continue  # a rate on another amount (按代垫税额的2% for 东西价值2000块; 小时工资 for 月薪)
            if any(q.unit in _OTHER_MONEY for q in qs):
                return None  # "4.5%, minimum USD 35": no rate to yuan here to weigh the bound with
            bounds = _bounds(clause, qs, pct[0].start)
            if bounds is not None:
                return Percent(Decimal(str(pct[0].value)), pct[0].raw, *bounds,
                               most=_most(text, clause[: pct[0].start]))
    return None


# Units of a span or a count besides the amount: 3小时, 5天, 3件
_SPANS = frozenset("h min 天 日 周 月 年 day days hour hours week weeks month months".split())
_COUNTS = frozenset("件 次 个 票".split())
# Characters any two amounts' names share (房价 and 声明价值 both say 价): no sign of the same amount
_AMOUNT_PLAIN = frozenset("费额金款价的了是为元块钱收取按加每其该本")
_UNNAMED = re.compile(r"[一二两三四五六七八九十个件只台部]")  # 一个5000块的手机: no name of its own


def _of_base(question: str, amount, base: str) -> bool:
    """Whether the question's amount is what the rate is charged on: the name right before it
    (月薪, 房价, 代收货款, 税费) shares a character with the words before the percentage (按本人小时工资的,
    加收10%服务费 of 迷你吧消费, 按代垫税额的), or it has no name of its own. English questions are not read
    so (their amounts are named after the figure, if at all)."""
    if not has_cjk(question) or not has_cjk(base):  # across languages the names cannot be compared so
        return True
    before = re.split(r"[，,。；;？?！!]", question[: amount.start])[-1]
    name = re.search(r"([\u4e00-\u9fff]{1,4}?)\s*(?:是|为|了|约|大概|大约|就)?\s*$", before)
    if name is None or _UNNAMED.search(name.group(1)):
        return True
    return bool((set(name.group(1)) - _AMOUNT_PLAIN) & set(base))


def _bounds(clause: str, qs, start: int) -> tuple[Decimal | None, Decimal | None] | None:
    """The fee's floor and cap in its clause (its percentage at `start`); None where another amount
    stands beside them. A cap on what the fee is charged on is no cap of the fee (see `_most`)."""
    floor = cap = None
    for q in (q for q in qs if q.unit in _YUAN):
        kind = _bound(clause[: q.start])
        if kind == "floor" and floor is None:
            floor = Decimal(str(q.value))
        elif _caps_base(clause[: q.start], clause[:start]):
            continue  # what the fee is charged on is capped, not the fee (see `_most`)
        elif kind == "cap":
            cap = Decimal(str(q.value)) if cap is None else cap  # the first cap (最高200元，封顶300元)
        else:  # another amount: a fee we would not know how to combine
            return None
    return floor, cap


def _most(text: str, base: str) -> Decimal | None:
    """The cap its text puts on what the fee is charged on: an amount after 最高/不超过 whose words
    share a term with the words before the percentage ("声明价值最高30000元" for "按声明价值的0.5%"),
    or after the words it caps ("The maximum insurable value is CNY 20,000" for "Insurance costs
    1%")."""
    for clause in _clauses([text]):
        for q in (q for q in find_quantities(clause) if q.unit in _YUAN):
            if _caps_base(clause[: q.start], base):
                return Decimal(str(q.value))
    return None


def _caps_base(before: str, base: str) -> bool:
    """Whether the words before an amount make it a cap on what the fee is charged on."""
    capped = _CAP_OF.search(before)
    words = capped and (capped.group(1) or capped.group(2))
    return bool(_bound(before) == "cap" and _is_most(before, base)
                or words and _VALUE.search(words) and _is_most(words, base))


# What a fee is charged on (a declared value, an amount collected), not what is paid out
_VALUE = re.compile(r"value|amount|价值|保额|金额", re.I)
_PAID = re.compile(r"费|赔|\b(?:fee|charge|premium|compensation|payout|claim)", re.I)


def _is_most(before: str, base: str) -> bool:
    """Whether the words before a cap name what the fee is charged on (not the fee itself, nor what
    is paid out: "the maximum premium", "最高赔偿金额")."""
    subject = re.split(r"[，,、:：%]", before)[-1]  # 声明价值最高 / 最高不超过 after 按…的0.5%收取，
    if _PAID.search(subject):
        return False
    shared = (text_terms(subject) & text_terms(base)) - _BASE_GENERIC
    return any(len(t) > 1 for t in shared)


def _percent_of(question: str, evidence: list[str]) -> Computed | None:
    """amount (the one yuan amount in the question) × the cited percentage, within its bounds."""
    folded = to_simplified(question)
    quantities = find_quantities(folded)
    amounts = [q for q in quantities if q.unit in _YUAN]
    if len(amounts) != 1 or not _FEE.search(folded):
        return None
    if any((q.unit in _SPANS or q.unit in _COUNTS) and q.value > 1 for q in quantities):
        return None  # 时薪300元，加班3小时: the rate times a span (or a count) the percentage alone does not say
        # (入住前一天取消 is a condition: one day multiplies nothing)
    if ASKS_TOTAL.search(folded) and parcel_weight(question) is not None:
        return None  # the total for a parcel with insurance on it: its freight and the fee (luodi.answer.freight)
    fee = _percent_fee(folded, amounts[0], evidence)
    if fee is None:
        return None
    base = Decimal(str(amounts[0].value))
    english = language(question) == "en"
    if fee.most is not None and base > fee.most:
        n, m = format_number(base), format_number(fee.most)
        text = (f"The cited rule charges its rate ({fee.raw}) on at most {m} yuan; {n} yuan is over that, "
                "so no fee is computed." if english
                else _in_script(question, f"引用条款的费率（{fee.raw}）适用的金额最高 {m} 元，{n} 元超出上限，不按费率计算。"))
        return Computed(text, f"{m} 元", f"{n} > {m}")
    raw_total = base * fee.rate / 100
    total, bound = raw_total, None
    if fee.floor is not None and raw_total < fee.floor:
        total, bound = fee.floor, ("minimum", "最低")
    elif fee.cap is not None and raw_total > fee.cap:
        total, bound = fee.cap, ("maximum", "最高")
    detail = f"{format_number(base)} × {format_number(fee.rate)}% = {format_number(raw_total)}"
    if bound:
        detail += f" → {format_number(total)}"
    if english:
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
    if count is None:
        return _percent_of(question, evidence)
    items = _items(question, evidence)
    if items:  # the question names items of a price list: their lines price them, or nothing does
        return _items_total(question, items)
    if len(_COUNT.findall(to_simplified(question))) > 1:
        return None  # 寄3件…买2个…: which count a rate multiplies is not said
    rate = _rate(question, evidence)
    if rate is None:
        return None
    value, raw = rate
    total = value * count
    detail = f"{format_number(value)} × {format_number(count)} = {format_number(total)}"
    return _priced(question, raw, f"rate ({raw} each)", detail, total)
