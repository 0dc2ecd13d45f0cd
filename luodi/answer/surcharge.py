"""Surcharges on a freight that the cited rules add: a percentage or a fixed amount for a service
the question names (加急 → "加急服务在标准运费基础上加收50%的加急费"; 定时 → "每票加收定时派送费5元"),
and one added to every shipment ("A fuel surcharge of 12% of the freight is added to every
international shipment").

A question that names such a service is not priced by the table alone: a surcharge the rules
state is added, and one they name without a figure we can read (冷链生鲜件的运费由国内标准运费加冷链
附加费组成) leaves the question without a computed figure, rather than with the table's price.
Read by luodi.answer.freight.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import jieba

from luodi.answer.text import rule_sentences
from luodi.fold import to_simplified
from luodi.index.tokenize import tokenize
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import Quantity, canonical_unit, find_quantities, parse_number

# a service's own fee counts as much as a surcharge: "签回单服务每票收费3元" is added to the freight
_CHARGE = re.compile(r"加收|附加费|另收|加价|收费|收取")
_PERCENT = re.compile(r"加收\s*(\d+(?:\.\d+)?)\s*%")
_TIMES = re.compile(r"运费\s*[＝=]\s*标准运费\s*[×xX*]\s*(\d+(?:\.\d+)?)")
_FIXED = re.compile(r"(?:加收|收费|收取)[^，。；%\d]{0,12}?(\d+(?:\.\d+)?)\s*元")
_EVERY_ZH = re.compile(r"(?:所有|一律|均)[^。；]*加收\s*(\d+(?:\.\d+)?)\s*%")
_EVERY_EN = re.compile(r"(\d+(?:\.\d+)?)\s*% of the freight[^.]*\b(?:every|all|each)\b", re.I)
_THRESHOLD = re.compile(r"(?P<op>超过|高于|不足|低于|不少于|至少)\s*(?P<n>\d+(?:\.\d+)?)\s*"
                        r"(?P<unit>公里|千米|公斤|千克|米|厘米|天|日|小时|km|kg)", re.I)
_PER_COUNT = re.compile(r"每(?:层|楼|日|天|小时|公斤|千克|公里|次|箱)")
# no charge: 不得加价, 不另收, and what is paid back (退还已收取的运费和保价费)
_CLAUSE = re.compile(r"[，,；;：:]")  # a sentence's clauses, each charged or not
_NO_CHARGE = re.compile(r"不[得再另]?[^，。；]{0,12}?(?:加收|另收|加价|收取|收费)|退还|已收")
# the freight by name, or the price without surcharges: no surcharge added to every shipment
_FREIGHT = re.compile(r"\bfreight\b|运费|邮费|\b(?:without|excluding|not including|net of)\b|不含|不包括", re.I)
# ... unless the question asks for the surcharges with it ("freight … with fuel surcharge")
_WITH = re.compile(r"\b(?:with|including|incl|plus|and)\b[^.?!]{0,25}?\bsurcharges?\b|"
                   r"(?:含|包括|包含|加上|连同|和|及)[^。？，]{0,6}?附加费", re.I)
_WITHOUT = re.compile(r"\b(?:without|excluding|not including|exclusive of|net of|before)\b|"
                      r"不含|不包含|不包括|不计|不算|除去|扣除|未含", re.I)
_NOT_OFFERED = re.compile(r"不提供|不适用|不办理|不受理|暂不|不予")
# a total asked for: insurance is added to the freight even when 运费 is named beside it
ASKS_TOTAL = re.compile(r"一共|总共|合计|总计|共计|总额|\btotal\b", re.I)
# Insurance: a share of the value the question declares (保价2000元; 声明价值300元; insurance on
# CNY 3,000), within the fee's floor, and no more than the rules let be declared or insured
_AMOUNT = r"(\d[\d,]*(?:\.\d+)?)\s*(?:元|块)"
_CNY = r"(?:CNY|RMB|¥)\s*(\d[\d,]*(?:\.\d+)?)"
_DECLARED = re.compile(rf"(?:保价|声明价值|申报价值|保额)[^，。；,\d]{{0,6}}?{_AMOUNT}|{_AMOUNT}的?(?:保价|声明价值|申报价值)"
                       # 保价1000: a bare number right after the word is yuan (not 保价3件, 保价0.5%)
                       r"|(?:保价|声明价值|申报价值|保额)\s*(\d+(?:\.\d+)?)(?![\d.,]|\s*(?:[^\s\d，。；,？?！!]))"
                       rf"|\b(?:insurance on|insured (?:for|at)|declared value of)\s+(?:a declared value of\s+)?{_CNY}", re.I)
_OF_DECLARED = re.compile(r"(?:声明价值|申报价值)的?\s*(\d+(?:\.\d+)?)\s*%|(\d+(?:\.\d+)?)\s*% of the declared value", re.I)
_FEE_FLOOR = re.compile(rf"最低\s*(\d+(?:\.\d+)?)\s*元|\bminimum of {_CNY}", re.I)
_FEE_CAP = re.compile(rf"(?<!价值)最高\s*(\d+(?:\.\d+)?)\s*元|\bmaximum (?:fee )?of {_CNY}", re.I)
_MOST_DECLARED = re.compile(rf"声明价值最高为?\s*(?:人民币)?\s*(\d[\d,]*(?:\.\d+)?)\s*元|maximum insurable value is {_CNY}", re.I)
# Words of a price question that name no service: the parcel, the price, the asking.
_GENERIC = frozenset("运费 多少 多少钱 一个 一件 一票 包裹 快件 快递 公斤 千克 价格 费用 请问 需要 要多少 寄往 寄到 寄一个 "
                     "邮费 资费 收费 价钱 计算 总共 一共 合计 派送 配送 服务 送货 收寄 寄递 寄送 收件 寄件 收件人 寄件人 "
                     "地址 网点 公里 取件 派件 揽收".split())

_PARTICLES = frozenset("的 件 寄 到 往 要 钱 个 是 了 和 在 从 把 给 一 每 多 少 几 元 票 单 包 克 斤 吨".split())

SURCHARGE_QUERY = "在标准运费基础上加收的附加费"
SURCHARGE_QUERY_EN = "a surcharge of a percentage of the freight added to every shipment"


@dataclass(frozen=True)
class Surcharge:
    source: int  # the evidence text that states it
    sentence: str  # as written there
    percent: Decimal | None = None  # of the freight
    amount: Decimal | None = None  # yuan
    word: str = ""  # the question's word that calls for it; "" when it is added to every shipment
    listed: bool = False  # an item of a price list (2号纸箱), not a surcharge
    count: Decimal = Decimal(1)  # how many of the item (3个2号纸箱)

    @property
    def times(self) -> str:
        """" × 3" for three of the item, "" for one."""
        return "" if self.count == 1 else f" × {format_number(self.count)}"


def service_words(question: str, table: str, title: str, region: str) -> list[str]:
    """The words of a price question that may name a service (加急, 定时): Chinese words of two
    characters or more that name no parcel or price, are not the row's region (同城件), are
    not words of the table's title or caption (大件, 国内), which every rule of its document may
    say, and are not negated (不加急). `table`: the table's passage; its rows and header (加急时效)
    do not count."""
    caption = " ".join(line for line in to_simplified(table).splitlines() if "|" not in line)
    known = to_simplified(title) + " " + caption
    folded_question = to_simplified(question)
    plain = jieba.lcut(folded_question, HMM=False)  # no guessed words (同城加): dictionary words and single characters
    # which cuts 加急件 as 加 / 急件: a lone character joins the next word's first
    joined = [a + b[0] for a, b in zip(plain, plain[1:], strict=False)
              if len(a) == 1 and a not in _PARTICLES and b and b[0] not in _PARTICLES
              and not a.isascii() and not b[0].isascii() and not set(a + b[0]) & set(region)]
    return [w for w in dict.fromkeys(joined + plain + tokenize(folded_question, bigrams=False))
            if len(w) >= 2 and not w.isascii() and w not in _GENERIC and w not in known
            and region not in w and w not in region
            and not re.search(rf"(?:不|无|没|非|免|不要|不用|不需要)\s*{re.escape(w)}", folded_question)]


def surcharges(question: str, words: list[str], texts: list[str], own: set[int], named: set[int],
               region: str) -> list[Surcharge] | None:
    """The surcharges the evidence adds for the question's service `words`, or to every shipment
    in the table's own document (`own`: those texts' indexes) unless the question asks for the
    freight by name (the fuel surcharge is "12% of the freight", not part of it); None when a
    word's surcharge is stated without a figure, or a rule says the service is not offered for
    the row's `region` (偏远地区不提供加急服务). A service's rules count from the table's own
    document and from those the question names by title (`named`: 冷链 → 冷链生鲜收寄规范): the
    cold-chain rules' "冷链件不另收加急费" is nothing to an ordinary parcel. `texts`: the evidence
    as written."""
    out: list[Surcharge] = []
    unpriced = False  # a service's surcharge named without a figure (冷链附加费)
    insured = False  # the fee on a value the question declares for insurance, priced
    q = to_simplified(question)
    with_surcharges = bool(_WITH.search(q)) and not _WITHOUT.search(q)
    declared, total = declared_value(q), bool(ASKS_TOTAL.search(q))
    freight_only = bool(_FREIGHT.search(q)) and not with_surcharges
    region, asked = to_simplified(region), find_quantities(q)
    for i, written in enumerate(texts):
        whole = to_simplified(written)
        for sentence in rule_sentences(written):
            folded = to_simplified(sentence)
            every = _EVERY_EN.search(sentence) or _EVERY_ZH.search(folded)
            if every:
                if i in own and not freight_only:
                    out.append(Surcharge(i, sentence, percent=Decimal(every.group(1))))
                continue
            listed = _price_listed(folded, whole, q) if total and i in own | named else None
            if listed is not None:  # "用2号纸箱，一共多少钱" and "…收费如下：…2号纸箱（…）6元；"
                out.append(Surcharge(i, sentence, amount=listed[1], word=listed[0], listed=True,
                                     count=listed[2]))
                continue
            word = _said(_to_charge(folded), words) if i in own | named else None
            if word is None and i in own:  # 离网点40公里: the distance names the rule it meets (超过30公里)
                word = _distance_met(folded, q, asked, region, whole)
            if (word or declared is not None and i in own | named) and _OF_DECLARED.search(folded):
                if freight_only and not total:
                    continue  # the freight asked by name: 保价费 is no part of it
                fee = _insurance(folded, whole, declared)
                if fee is None:  # no value declared, or more than may be
                    unpriced = True
                else:
                    out.append(Surcharge(i, sentence, amount=fee, word=word or "保价"))
                    insured = True
                continue
            if word is None:
                continue
            clauses = _CLAUSE.split(folded)
            if any(region in c and word in c and _NOT_OFFERED.search(c) for c in clauses):
                return None
            charged = [c for c in clauses if _charges(c)]
            if not charged:
                continue
            got = _figure("，".join(charged)) or _listed(clauses, words)
            met = _condition_met(folded, asked)
            if got is None or met is None:  # no figure, or a condition the question does not settle
                unpriced = True
            elif met:
                out.append(Surcharge(i, sentence, *got, word=word))
    priced = [s for s in out if s.word]
    if unpriced and not priced:
        return None
    if declared is not None and not insured and (total or not freight_only):
        return None  # a value declared for insurance, and no rule read that prices it: no total
    # one surcharge found twice counts once; two items of one price list at one price count twice
    return list({(s.source, s.percent, s.amount, s.listed and s.sentence): s for s in out}.values())


def declared_value(question: str) -> Decimal | None:
    """The one value a question declares for insurance (保价2000元, 声明价值300元), or None."""
    found = {next(g for g in m.groups() if g) for m in _DECLARED.finditer(to_simplified(question))}
    return Decimal(found.pop().replace(",", "")) if len(found) == 1 else None


def _insurance(sentence: str, text: str, declared: Decimal | None) -> Decimal | None:
    """The insurance fee the sentence charges on the declared value, within its floor and cap;
    None without a declared value, or with one over what its text lets be declared."""
    rate, most = _OF_DECLARED.search(sentence), _MOST_DECLARED.search(text)
    if declared is None or rate is None or (most and declared > _value(most)):
        return None
    fee = declared * _value(rate) / 100
    if (floor := _FEE_FLOOR.search(sentence)) and fee < _value(floor):
        fee = _value(floor)
    if (cap := _FEE_CAP.search(sentence)) and fee > _value(cap):
        fee = _value(cap)
    return fee


def _value(m: re.Match[str]) -> Decimal:
    """The one number a match of alternatives caught (CNY 20,000: 20000)."""
    return Decimal(next(g for g in m.groups() if g).replace(",", ""))


def _to_charge(sentence: str) -> str:
    """The sentence up to the end of its last clause that charges or prices: what it charges for,
    and on what condition, not what the fee is then spent on ("…加收节日服务费3元，该费用全部用于春节期间…" is no
    fee for a question about 五一期间)."""
    ends, at = [], 0
    for clause in _CLAUSE.split(sentence):
        at += len(clause)
        if _charges(clause) or re.search(r"\d\s*元", clause):  # "冷链附加费标准为：冷冻件每票15元": an item priced
            ends.append(at)
        at += 1  # the separator
    return sentence[: ends[-1]] if ends else sentence


def _charges(clause: str) -> bool:
    """"每票加收定时派送费5元", not "冷链件不另收加急费" or "网点不得…擅自加价"."""
    return bool(_CHARGE.search(clause)) and not _NO_CHARGE.search(clause)


def _said(sentence: str, words: list[str]) -> str | None:
    """The longest run of the sentence that the question's service words cover, overlapping ones
    joined (签回 and 回单 are 签回单); None when it says none of them."""
    spans = sorted((m.start(), m.start() + len(w)) for w in words for m in re.finditer(re.escape(w), sentence))
    best, run = "", None
    for start, end in spans:
        run = (run[0], max(run[1], end)) if run and start < run[1] else (start, end)
        best = max(best, sentence[run[0]:run[1]], key=len)
    return best or None


def _distance_met(sentence: str, question: str, asked: list, region: str, whole: str) -> str | None:
    """The distance threshold of a charging sentence that a distance the question states from the
    same place meets ("与…派送网点的距离超过30公里" for 离网点40公里: "超过30公里"), or None; a rule for
    乡镇或农村 needs a question about a village or town (村子), not 两地相距120公里 or 杭州市中心; none
    for a distance the question bounds (不到40公里) or a row the rule exempts (已按偏远地区价格计费的…不再加收)."""
    exempt = bool(region) and any(region in s and re.search(r"不再|不另|不加收", s) for s in re.split(r"[。；;]", whole))
    if exempt or \
            re.search(r"(?:不到|不足|少于|低于|以内|之内|不超过)\s*\d+(?:\.\d+)?\s*(?:公里|千米)|\d\s*(?:公里|千米)\s*(?:以内|之内|内|以下)", question):
        return None  # 已按偏远地区价格计费的…不再加收; 不到40公里 says no distance over 30
    for m in _THRESHOLD.finditer(sentence):
        if canonical_unit(m.group("unit")) != canonical_unit("公里") or not _condition_met(m.group(0), asked):
            continue
        ref = re.search(r"([\u4e00-\u9fff]{2})\s*$", re.sub(r"的?距离?\s*$", "", sentence[:m.start()]))  # 网点
        from_ref = ref is not None and any(
            re.search(rf"[离距][^，。；]{{0,4}}{ref.group(1)}[^，。；\d]{{0,4}}$", question[:q.start])
            for q in asked if q.unit == canonical_unit("公里"))
        rural = re.search(r"乡镇|农村|郊区", sentence) is None or re.search(r"[村乡镇郊]", question) is not None
        if from_ref and rural:
            return m.group(0)
    return None


def _condition_met(sentence: str, asked: list) -> bool | None:
    """Whether the question's quantities meet the sentence's thresholds (超过30公里: 40公里 does,
    10公里 does not); None when the question states no quantity of a threshold's unit."""
    for m in _THRESHOLD.finditer(sentence):
        unit, bound = canonical_unit(m.group("unit")), Decimal(m.group("n"))
        given = [q.value for q in asked if q.unit == unit]
        if not given:
            return None
        value, op = given[0], m.group("op")
        ok = value > bound if op in ("超过", "高于") else value < bound if op in ("不足", "低于") else value >= bound
        if not ok:
            return False
    return True


# An item of a price list: its name, what it is in brackets, its price ("2号纸箱（53×23×29厘米）6元；")
_PRICE_ITEM = re.compile(r"^\s*([^\s（(：:，,；;]{2,12}?)\s*(?:[（(][^）)]*[）)])?\s*"
                         r"(?:(\d+(?:\.\d+)?)\s*元|免费)\s*[；;。]?\s*$")
_UNUSED = re.compile(r"不用|不要|不需要|自备|自带|免")
_PRICE_LEAD = re.compile(r"(?:收费|价格|资费|费用|售价)(?:标准)?(?:如下|为)\s*[:：]")


# A count right before an item's name: 3个小号纸箱, 两只2号纸箱
_COUNTED = re.compile(r"(\d+|[一二两三四五六七八九十百]+)\s*[个只套件卷]?$")


def price_item(sentence: str, text: str, question: str) -> tuple[str, Decimal, int] | None:
    """An item of a price list its rule opens with 收费如下： that the question names whole (2号纸箱,
    not 1号纸箱 for a question about 2号纸箱): its name, its price and where the question names
    it; None for anything else. `text`: the passage the sentence is from (the list's lead)."""
    opens = _PRICE_LEAD.search(sentence)  # "…收费如下：文件封免费；": its first item
    m = _PRICE_ITEM.match(sentence[opens.end():] if opens else sentence)
    said = m and re.search(rf"(?<![\dA-Za-z大小中超特加长短厚薄双单]){re.escape(m.group(1))}", question)
    if not said:
        return None  # 12号纸箱 is not 2号纸箱, nor 超大号纸箱 大号纸箱
    lead = opens or _PRICE_LEAD.search(text)
    if lead is None or not opens and lead.end() > text.find(sentence):
        return None
    return m.group(1), Decimal(m.group(2) or 0), said.start()


# One parcel stated as such (一个3.5公斤的包裹), and a count after 用/买 of packing (用3个2号纸箱)
_ONE_PARCEL = re.compile(r"[一1单]\s*(?:件|票|[个只][^，,。；;？?]{0,12}?(?:包裹|快件|快递|件|货))")
_USES = re.compile(r"(?:用|买|购买|加|配|要|需要)\s*$")
_PACKING = re.compile(r"\s*(?:\d+\s*号|[大中小]号?)?[^，,。；;？?\d]{0,4}?(?:纸箱|箱子|袋|封|盒|膜)")


def packed_in(question: str, count: Quantity) -> bool:
    """Whether a count in a (simplified) question about one parcel is of the packing it is bought
    or used with (3个 of 一个3.5公斤的包裹，用3个2号纸箱), not of parcels: 要3个 alone wants three."""
    return (count.unit in ("个", "只") and _ONE_PARCEL.search(question) is not None
            and bool(_USES.search(question[: count.start]) and _PACKING.match(question, count.end)))


def counted(before: str) -> Decimal | None:
    """The count written right before an item's name (3个, 两只), or None."""
    m = _COUNTED.search(before)
    return parse_number(m.group(1)) if m else None


def _price_listed(sentence: str, text: str, question: str) -> tuple[str, Decimal, Decimal] | None:
    """A price-list item the question names whole (`price_item`) and uses: its name, its price
    and how many (3个小号纸箱; one when no count is written)."""
    item = price_item(sentence, text, question)
    if item is None or _UNUSED.search(question[max(0, item[2] - 3) : item[2]]):
        return None  # 自备/不用 a box costs nothing
    return item[0], item[1], counted(question[: item[2]]) or Decimal(1)


def _listed(clauses: list[str], words: list[str]) -> tuple[None, Decimal] | None:
    """A surcharge listed by kind: "冷冻件每票15元" for a question about a 冷冻 parcel."""
    for c in clauses:
        if any(w in c for w in words) and (m := re.search(r"每(?:票|件)\s*(\d+(?:\.\d+)?)\s*元", c)):
            return None, Decimal(m.group(1))
    return None


def applied(base: Decimal, found: list[Surcharge]) -> tuple[Decimal, str]:
    """The freight with its surcharges, and how: "22 + 22 × 50% = 33"."""
    n = format_number
    total, parts = base, []
    for s in found:
        if s.percent is not None:
            total += base * s.percent / 100
            parts.append(f"{n(base)} × {n(s.percent)}%")
        else:
            total += s.amount * s.count
            parts.append(n(s.amount) if s.count == 1 else f"{n(s.count)} × {n(s.amount)}")
    return total, f"{n(base)} + {' + '.join(parts)} = {n(total)}"


def _figure(sentence: str) -> tuple[Decimal | None, Decimal | None] | None:
    """A percentage of the freight or a fixed amount a ticket; None for an amount per floor, day or
    kilogram (每层加收5元), which needs a count the question does not give."""
    if _PER_COUNT.search(sentence):
        return None
    if m := _PERCENT.search(sentence):
        return Decimal(m.group(1)), None
    if m := _TIMES.search(sentence):
        return (Decimal(m.group(1)) - 1) * 100, None
    if m := _FIXED.search(sentence):
        return None, Decimal(m.group(1))
    return None
