"""Weight-priced freight: a cited first-weight / additional-weight table applied to the question's
weight, exactly.

A courier tariff prices a parcel by its first weight (首重, the first kilogram; or a starting price
that includes so many kilograms, 起步价（含30公斤）) and each further kilogram (续重, 超过30公斤部分
（每公斤）); "续重不足1公斤的按1公斤计算" rounds the further weight up. With a table such as

    计费区域 | 首重（1公斤以内） | 续重（每公斤）
    跨省 | 12 | 5

and "一个3.5公斤的跨省包裹，运费是多少？": 12 + 3 × 5 = 27 元 (2.5 further kilograms, counted
as 3). Everything comes from the cited text: the row is the one region the question names, the
first weight is the one its column or a rule states, the rounding only where a rule states it.
Nothing is computed when any of them is missing or ambiguous, when a fraction of a kilogram is
left over and no cited rule says how it counts, when the question counts several parcels, or
when it gives a parcel's size (its volumetric weight would need a rule this does not read), or
when a passage sets a weight limit the parcel is over (a heavier one may go by another tariff).
English tables are read too (Zone | First 0.5 kg | Each additional 0.5 kg, figures in CNY).
Given the document of each passage, a rounding rule or a weight limit counts only for the tables
of its own document, and tables of several documents that price the region differently are all
offered (`freights`); `pick_freight` chooses among them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_CEILING, Decimal

from luodi.answer.cities import route
from luodi.answer.places import Via, place_words, placed, says
from luodi.answer.surcharge import declared_value, packed_in
from luodi.answer.volume import Weight, chargeable, moved, sizes
from luodi.clean import row_cells
from luodi.fold import has_cjk, to_simplified
from luodi.index.crosslingual import has_english, translation_groups
from luodi.index.tokenize import tokenize
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import canonical_unit, find_quantities, parse_number
from luodi.numeric.units import in_kg

_FIRST, _FURTHER = "首重", "续重"
# A first-weight column (首重（1公斤以内）, 起步价（含30公斤）, First 0.5 kg) and a further-weight one
# (续重（每公斤）, 超过30公斤部分（每公斤）, Each additional 0.5 kg), in simplified text.
_FIRST_COL = re.compile(r"首重|起步价|起价|起运价|基础运费|基本运费|\bfirst\b", re.I)
_FURTHER_COL = re.compile(r"续重|(?:超过|超出)[^|]{0,10}?部分|\badditional\b|\beach further\b", re.I)
_PER = re.compile(r"(?:每|\beach(?: additional| further)?|\bper|\bevery)\s*(\d+(?:\.\d+)?)?\s*"
                  r"(公斤|千克|克|斤|kg\b|g\b)", re.I)
_BEYOND = re.compile(r"(?:超过|超出|\bover|\babove)\s*(\d+(?:\.\d+)?)\s*(公斤|千克|kg)", re.I)
# A parcel's size: 长50厘米, 50×40×30, 体积 (not the 高 of 最高)
_SIZE = re.compile(r"[长宽高]\s*\d|\d\s*(?:厘米|公分|毫米|cm|mm)|体积|尺寸|\d\s*[×xX*]\s*\d"
                   r"|\b(?:dimensions?|size|volume|volumetric)\b", re.I)
_ROUND_UP = re.compile(r"续重(?:部分)?不足(?P<n>\d+(?:\.\d+)?)(?:公斤|千克|kg)的?[，,]?按(?P=n)(?:公斤|千克|kg)"
                       r"|weight is rounded up to the next (?P<e>\d+(?:\.\d+)?) ?kg", re.I)
_FIRST_KG = re.compile(r"首重(?:为|是)?(?P<n>\d+(?:\.\d+)?)(?:公斤|千克|kg)")
_YUAN = re.compile(r"元|人民币|CNY|yuan", re.I)
_NUM = r"(\d+(?:\.\d+)?|[一二两三四五六七八九十百千零〇]+)\s*(?:公斤|千克|kg)"
# A parcel's weight limit (单件实际重量不超过50公斤, 限重50公斤, 超过50公斤的不予收寄), not a first
# or further weight's bound (首重不超过1公斤).
_LIMIT = re.compile(rf"(?<!首重)(?<!续重)(?:不超过|不得超过|不能超过|最多|至多|上限为?|限重"
                    rf"|\bat most|\bup to|\bnot exceed|\bno more than|\bmaximum(?: weight)?(?: of| is)?)\s*{_NUM}"
                    rf"|超过\s*{_NUM}的?[^。；\n]{{0,12}}?(?:不予|不得|不能|不可|不再)(?:收寄|收件|承运|按快件)", re.I)
_NOT_A_PARCEL = re.compile(r"总重|合计|累计|净重|袋|每票|\btotal\b|\bcombined\b|\bnet\b|\bbags?\b", re.I)
# The question asks about a rate or a bound, not one parcel's price: 续重每1公斤多少钱, 超过30公斤的…
_NOT_ONE_PARCEL = re.compile(r"首重|续重|每\s*\d|每公斤|每千克|超过|以上|以下|以内|不超过|不足|至少|最多"
                             r"|\b(?:first|additional|per|each|every|over|above|under|below|within|at most"
                             r"|at least|up to|maximum|minimum)\b", re.I)
_REGION_HEADER = re.compile(r"区域|地区|目的地|地域|区间|线路|流向|\b(?:zone|region|destination|area)s?\b", re.I)
_PARCELS = frozenset("个 件 票 单 包 箱 份 袋 只".split())
_MONEY = frozenset(("元", "CNY", "yuan", "USD", "HKD", "块", "角"))
_DISCOUNT = re.compile(r"打.{0,2}折|[一二三四五六七八九\d]折|折扣|优惠|减免|券|\b(?:discount|coupon|off)\b", re.I)
_SEVERAL = re.compile(r"\b(?:[2-9]|\d{2,}|two|three|four|five|six|seven|eight|nine|ten)\s+"
                      r"(?:[\d.]+\s*(?:kg|g|kilograms?)\s+)?(?:parcels|packages|pieces|boxes|shipments)\b", re.I)


@dataclass(frozen=True)
class Tariff:
    region: str
    first_price: Decimal
    further_price: Decimal
    first_kg: Decimal
    further_kg: Decimal = Decimal(1)  # the further price is per this weight (每公斤: 1, 每500克: 0.5)
    source: int = 0
    row: str = ""
    first_word: str = _FIRST  # what the table calls the first weight's price: 首重, 起步价


@dataclass(frozen=True)
class Freight:
    total: Decimal | None  # None: the table applies, but the cited rules do not say how to count
    detail: str  # the computation: "12 + 3 × 5 = 27"
    source: int  # the evidence text that holds the table
    row: str  # the table's row, as written there
    region: str
    weight: Decimal
    first_kg: Decimal
    further: Decimal  # kilograms past the first weight
    counted: Decimal  # as the cited rule counts them
    first_word: str = _FIRST
    via: Via | None = None
    surcharges: tuple = ()  # luodi.answer.surcharge.Surcharge, added to the table's price
    sizing: Weight | None = None  # a parcel given by its sizes: its chargeable weight, and how

    @property
    def actual(self) -> Decimal:
        """What the parcel weighs (its chargeable weight may be more): what weight limits bound."""
        return self.weight if self.sizing is None else self.sizing.actual

    def note(self, english: bool = False) -> str:
        """How the figures were read: 跨省，3.5公斤：首重1公斤，续重3.5 − 1 = 2.5公斤，按3公斤计;
        跨省，120公斤：起步价含30公斤，超出120 − 30 = 90公斤; Zone B, 2.2 kg: first 0.5 kg,
        additional 2.2 − 0.5 = 1.7 kg, counted as 2 kg."""
        n = format_number
        sized = self.sizing
        if english:
            region = f"{self.region} ({self.via.place})" if self.via else self.region
            out = (f"volumetric weight {sized.detail} kg, actual {n(sized.actual)} kg, chargeable "
                   f"{n(sized.chargeable)} kg; " if sized else "") + f"{region}, {n(self.weight)} kg: first {n(self.first_kg)} kg"
            if self.further:
                out += f", additional {n(self.weight)} − {n(self.first_kg)} = {n(self.further)} kg"
                out += f", counted as {n(self.counted)} kg" if self.counted != self.further else ""
            return out + "".join(f"; plus {n(s.percent)}% of the freight" if s.percent is not None
                                 else f"; plus CNY {n(s.amount)}{s.times}" for s in self.surcharges)
        plain = self.first_word == _FIRST or not has_cjk(self.first_word)  # an English table's "First": 首重
        first, further = ("首重{}公斤", "续重") if plain else (f"{self.first_word}含{{}}公斤", "超出")
        within = "" if self.further or not plain else "以内"
        region = f"{self.region}（{self.via.place}）" if self.via else self.region
        out = (f"体积重量{sized.detail}公斤，实重{n(sized.actual)}公斤，计费重量取较大者{n(sized.chargeable)}公斤；"
               if sized else "") + f"{region}，{n(self.weight)}公斤：" + first.format(n(self.first_kg)) + within
        if self.further:
            out += f"，{further}{n(self.weight)} − {n(self.first_kg)} = {n(self.further)}公斤"
            out += f"，按{n(self.counted)}公斤计" if self.counted != self.further else ""
        return out + "".join(f"；{s.word or '每票'}加收" + (f"{n(s.percent)}%" if s.percent is not None
                                                             else f"{n(s.amount)}元{s.times}") for s in self.surcharges)


def freight(question: str, evidence: list[str], documents: list | None = None,
            titles: list[str] | None = None) -> Freight | None:
    """The freight for the question's one weight and region, from the cited tariff; None when the
    question or the evidence does not say enough, or the tables found disagree."""
    found = freights(question, evidence, documents, titles)
    return found[0] if len({f.total for f in found}) == 1 and found[0].total is not None else None


def freights(question: str, evidence: list[str], documents: list | None = None,
             titles: list[str] | None = None) -> list[Freight]:
    """The freight by every table that prices the question's region, best-ranked passage first;
    `documents` (one key per passage) keeps each document's rounding rules and weight limits to its
    own tables. A table that applies but cannot be priced (two tables of one document that
    disagree, a fraction of a kilogram no cited rule counts) is offered with no total, so that no
    other document's table is taken for it. A question that names a place, not a region, is priced
    by the region a sentence of the same document puts the place in (luodi.answer.places: Zone B
    covers … Canada; 偏远地区：收件地位于…新疆…); `titles`' words are no places."""
    q = to_simplified(question)
    weight = parcel_weight(question)
    if weight is None and sized_parcel(question) is None:
        return []
    texts = [to_simplified(t) for t in evidence]
    documents = documents if documents is not None else [None] * len(texts)
    tariffs = [replace(t, source=i) for i, (text, written) in enumerate(zip(texts, evidence, strict=True))
               for t in _tariffs(text, written, texts)]
    out: list[Freight] = []
    places: list[str] | None = None  # read once
    ends = route(question)
    for doc in dict.fromkeys(documents[t.source] for t in tariffs):
        own = [text for text, d in zip(texts, documents, strict=True) if d == doc]
        mine = [t for t in tariffs if documents[t.source] == doc]
        own_at = [i for i, d in enumerate(documents) if d == doc]
        places = place_words(question, titles or []) if places is None else places
        region, via = placed(places, {t.region for t in mine}, {t.source for t in mine}, own_at, evidence, ends)
        matching = _named(q, mine)
        # a region named and a place the rules put in another (寄到新疆的跨省件): the question is unclear
        clash = bool(matching) and region is not None and region != matching[0].region
        if not matching:
            matching = [t for t in mine if t.region == region][:1]
        else:
            via = None
        sizing = None if weight is not None else chargeable(question, [evidence[i] for i in own_at])
        parcel = weight if sizing is None else sizing.chargeable
        if matching and parcel is None:  # sizes, and no formula of this document to weigh them by
            out.append(_unpriced(matching[0], sized_parcel(question)))
        elif matching and not over_a_limit(parcel if sizing is None else sizing.actual, own):  # limits weigh the parcel
            got = _priced(matching[0], parcel, own, len(matching) == 1 and not clash)
            out.append(replace(got, via=via, sizing=None if sizing is None else moved(sizing, own_at)))
    return sorted(out, key=lambda f: f.source)


def parcel_weight(question: str) -> Decimal | None:
    """The weight of the one parcel a question prices, in kilograms; None for a question about a
    rate or a bound (续重每公斤多少钱, 超过30公斤的…), several parcels, a parcel's size (see
    `sized_parcel`), or one that names an amount of money or a discount besides."""
    return None if _SIZE.search(to_simplified(question)) else _one_weight(question)


def sized_parcel(question: str) -> Decimal | None:
    """The actual weight of the one parcel a question prices by its sizes (长50厘米、宽40厘米、高30
    厘米、实重6公斤): its chargeable weight is read per document (luodi.answer.volume)."""
    return _one_weight(question) if sizes(question) is not None else None


def _one_weight(question: str) -> Decimal | None:
    q = to_simplified(question)
    quantities = find_quantities(q)
    weights = [w for x in quantities if (w := in_kg(x.value, x.unit)) is not None]
    # 用3个2号纸箱 for 一个3.5公斤的包裹 counts boxes (luodi.answer.surcharge prices them), not parcels
    several = any(x.unit in _PARCELS and x.value != 1 and not packed_in(q, x) for x in quantities) or _SEVERAL.search(q)
    # an amount of money (insurance on CNY 3,000) or a discount asks more than the freight; a value
    # declared for insurance (保价2000元) is priced with it (luodi.answer.surcharge)
    money = [x for x in quantities if x.unit in _MONEY]
    other = (money and not (len(money) == 1 and declared_value(q) is not None)) or _DISCOUNT.search(q)
    if len(weights) != 1 or weights[0] <= 0 or several or other or _NOT_ONE_PARCEL.search(q):
        return None
    return weights[0]


def pick_freight(question: str, found: list[Freight], titles: list[str],
                 limits: list[Decimal | None] | None = None) -> Freight | None:
    """The freight of the one table the question means, among tables of several documents (each
    within its limits; `limits[i]`: the weight limit of found[i]'s document). All priced alike:
    that price. Else the one whose document's title says a word of the question the others'
    titles lack (一个120公斤的跨省大件 → 大件快运服务说明); else the one whose document sets the
    lowest weight limit, as a standard tariff does that sends heavier goods to another (a 10 kg
    parcel goes by the manual's table, limit 50 kg, not the bulky-freight one, 300 kg); else the
    table retrieval ranked first (`found` is in rank order). `titles[i]`: passage i's document title."""
    if len({f.total for f in found}) <= 1:
        return found[0] if found and found[0].total is not None else None
    named = [found[i] for i in titled(question, [titles[f.source] for f in found])]
    if named:
        return _one(named)
    limits = limits or [None] * len(found)
    stated = [lim for lim in limits if lim is not None]
    if stated and len(stated) == len(found):
        return _one([f for f, lim in zip(found, limits, strict=True) if lim == min(stated)])
    return _one(found[:1])


def titled(question: str, titles: list[str]) -> list[int]:
    """The indexes of the titles that say a (Chinese) word of the question the other titles lack
    (大件 of 大件快运服务说明)."""
    words = [w for w in tokenize(question, bigrams=False) if len(w) >= 2 and not w.isascii()]
    folded = [to_simplified(t) for t in titles]
    return [i for i, title in enumerate(folded) if any(w in title and not all(w in t for t in folded) for w in words)]


def _one(found: list[Freight]) -> Freight | None:
    return found[0] if len({f.total for f in found}) == 1 and found[0].total is not None else None


def _priced(tariff: Tariff, weight: Decimal, texts: list[str], alone: bool = True) -> Freight:
    """The freight by `tariff`; with no total when it is not `alone` (another table of its document
    prices the region otherwise) or counting it needs a rule the texts do not state."""
    further = max(Decimal(0), weight - tariff.first_kg)
    step = next((Decimal(m.group("n") or m.group("e")) for text in texts for m in _ROUND_UP.finditer(text)), None)
    counted = (further / step).to_integral_value(ROUND_CEILING) * step if step else further
    units = counted / tariff.further_kg  # the further price is per this many kilograms
    if not alone or units != units.to_integral_value():
        # 2.5 further kilograms at a price per kilogram: only a cited rule says how they count
        return replace(_unpriced(tariff, weight), further=further, counted=counted)
    total = tariff.first_price + units * tariff.further_price
    n = format_number
    detail = (f"{n(tariff.first_price)} + {n(units)} × {n(tariff.further_price)} = {n(total)}" if units
              else n(total))
    return Freight(total, detail, tariff.source, tariff.row, tariff.region, weight, tariff.first_kg, further,
                   counted, tariff.first_word)


def _unpriced(tariff: Tariff, weight: Decimal) -> Freight:
    """The table applies, but the cited rules do not say how to price the parcel by it."""
    return Freight(None, "", tariff.source, tariff.row, tariff.region, weight, tariff.first_kg, Decimal(0),
                   Decimal(0), tariff.first_word)


def over_a_limit(weight: Decimal, texts: list[str]) -> bool:
    """Whether a passage sets a parcel weight limit (不超过50公斤, 限重五十公斤) below `weight`; not
    a bag's total (集包袋装载快件的总重量不超过30公斤) or dry ice's net weight (每件干冰净重)."""
    limit = weight_limit(texts)
    return limit is not None and limit < weight


def weight_limit(texts: list[str]) -> Decimal | None:
    """The lowest parcel weight limit the passages set, in kilograms; None when they set none."""
    limits = []
    for text in texts:
        text = to_simplified(text)
        for m in _LIMIT.finditer(text):
            limit = parse_number(m.group(1) or m.group(2))
            if limit is not None and _of_a_parcel(text, m):
                limits.append(limit)
    return min(limits, default=None)


def _of_a_parcel(text: str, m: re.Match) -> bool:
    if m.group(1) is None:  # 超过50公斤的…不予收寄
        return True
    clause = re.split(r"[。；;，,\n]", text[max(0, m.start() - 30):m.start()])[-1] + m.group(0)
    return bool(re.search(r"重|\bweigh", clause, re.I)) and not _NOT_A_PARCEL.search(clause)


def table_regions(text: str) -> list[str]:
    """The regions of the price tables a passage holds."""
    return [t.region for t in _tariffs(to_simplified(text), text, [])]


def _named(question: str, tariffs: list[Tariff]) -> list[Tariff]:
    """The tariffs whose region the question names, in its words or, asked in English, in a
    translation of them; of nested names (省内 / 省内件) the longest."""
    named = [t for t in tariffs if t.region and says(question, t.region)]
    if not named and tariffs and has_english(question):  # Hong Kong → 香港 (CC-CEDICT)
        terms = {term for group in translation_groups(question, lambda t: True) for term in group}
        named = [t for t in tariffs if t.region in terms]
    longest = max((len(t.region) for t in named), default=0)
    named = [t for t in named if len(t.region) == longest]
    return list({(t.first_price, t.further_price, t.first_kg): t for t in named}.values())


def _tariffs(text: str, written: str, evidence: list[str]) -> list[Tariff]:
    """The rows of every first-weight / further-weight price table in a passage, read in its
    simplified `text`; each row is kept as `written` (traditional stays traditional). `evidence`:
    every cited text, for a first weight that a rule states instead of the column."""
    out: list[Tariff] = []
    lines, as_written = text.splitlines(), written.splitlines()
    for i, line in enumerate(lines):
        cells = row_cells(line)
        first = next((j for j, c in enumerate(cells) if _FIRST_COL.search(c)), None)
        further = next((j for j, c in enumerate(cells) if _FURTHER_COL.search(c)), None)
        if first is None or further is None or first == further:
            continue
        word = _FIRST_COL.search(cells[first]).group()
        first_kg = _first_kg(cells[first], [text, *evidence]) if word == _FIRST else _weight_in(cells[first])
        further_kg = _per_kg(cells[further], first_kg)
        if first_kg is None or further_kg is None or not _in_yuan(text, line):
            continue
        named = next((j for j, c in enumerate(cells) if _REGION_HEADER.search(c)), 0)
        for j in range(i + 1, len(lines)):
            values = row_cells(lines[j])
            if len(values) != len(cells):
                break
            prices = [_price(values[first]), _price(values[further])]
            region = values[named].strip()
            if None not in prices and region and not re.fullmatch(r"[\d.、()（）]+", region):
                row = as_written[j] if len(as_written) == len(lines) else lines[j]
                out.append(Tariff(region, prices[0], prices[1], first_kg, further_kg, row=row.strip(),
                                  first_word=word))
    return out


def _first_kg(header: str, texts: list[str]) -> Decimal | None:
    """The first weight: stated in the column's name ("首重（1公斤以内）") or by a rule (首重为1公斤)."""
    kg = _weight_in(header)
    if kg is not None:
        return kg
    m = next((m for text in texts for m in _FIRST_KG.finditer(text)), None)
    return Decimal(m.group("n")) if m else None


def _per_kg(header: str, first_kg: Decimal | None) -> Decimal | None:
    """The weight a further-weight price is for: "续重（每500克）" 0.5, "超过30公斤部分（每公斤）" 1;
    None when the column names no weight it could be read as, or names a bound other than the
    first weight's (超过20公斤部分 beside 起步价（含30公斤）)."""
    beyond = _BEYOND.search(header)
    if beyond is not None and in_kg(Decimal(beyond.group(1)), canonical_unit(beyond.group(2)) or "") != first_kg:
        return None
    per = _PER.search(header)
    if per is not None:
        kg = in_kg(Decimal(per.group(1) or 1), canonical_unit(per.group(2)) or "")
        return kg if kg is not None and kg > 0 else None
    return _header_kg(header) if beyond is None else None


def _header_kg(header: str) -> Decimal | None:
    """The weight a further-weight price is for: "续重（每500克）" 0.5, "续重（每公斤）" 1; None when
    the column names no weight it could be read as."""
    kg = _weight_in(header)
    if kg is not None:
        return kg if kg > 0 else None
    if re.search(r"\d", header):
        return None  # a figure it could not read as a weight
    return Decimal(1) if re.search(r"公斤|千克|kg", header, re.I) or header.strip() == _FURTHER else None


def _weight_in(text: str) -> Decimal | None:
    """The first weight written in `text`, in kilograms ("（1公斤以内）" 1, "每500克" 0.5)."""
    return next((kg for q in find_quantities(text) if (kg := in_kg(q.value, q.unit)) is not None), None)


def _in_yuan(text: str, header: str) -> bool:
    """Whether the table's figures are yuan: its header, the passage (单位：元) or the first row's
    figures (CNY 98) say so."""
    rows = text.split(header, 1)[-1].strip().splitlines()
    first_row = rows[0] if rows else ""
    return bool(_YUAN.search(header) or re.search(r"单位[:：]\s*(?:人民币)?元", text)
                or re.search(r"(?:CNY|RMB|[¥￥])\s*\d|\d\s*(?:元|yuan\b|CNY\b)", first_row, re.I))


def _price(cell: str) -> Decimal | None:
    m = re.fullmatch(r"\s*(?:CNY|RMB|[¥￥])?\s*(\d+(?:\.\d+)?)\s*(?:元|CNY|yuan)?\s*", cell, re.I)
    return Decimal(m.group(1)) if m else None
