"""Which cited price table prices a parcel, with the searches that make sure.

luodi.answer.tariff reads tables and prices a weight by them; this module gives it the passages a
price question's hits seldom hold, each from a search of the knowledge base:

- the tables themselves, when none among the hits prices the parcel (a 51 kg parcel is over the
  manual's 50 kg limit, and the bulky-freight table was not retrieved for "同城件");
- the sentence that puts a place the question names in a region of a table (Zone B covers …
  Canada; 偏远地区：收件地位于…新疆…), searched in the tables' documents: the place's region
  when the question names none, and no price when it names another (寄到新疆的跨省件);
- the rule on how a part of a kilogram counts (续重不足1公斤的按1公斤计算), in the document of a
  table that could not be priced without it;
- each table's document's parcel weight limit: a table is not applied over it, and of several
  documents' tables the lowest limit's is the standard one (luodi.answer.tariff.pick_freight);
- the rules that add a surcharge for a service the question names, or to every shipment
  (luodi.answer.surcharge).

Every search reads the version in force on the day asked (`as_of`), as the hits were.
"""

from __future__ import annotations

from dataclasses import replace
from typing import NamedTuple

from luodi.answer.cities import Route, route
from luodi.answer.places import (
    CATCH_ALL,
    SENT_ABROAD,
    Via,
    destinations,
    english_glosses,
    foreign,
    place_words,
    placed,
)
from luodi.answer.surcharge import (
    SURCHARGE_QUERY,
    SURCHARGE_QUERY_EN,
    applied,
    service_words,
    surcharges,
)
from luodi.answer.tariff import (
    Freight,
    freights,
    parcel_weight,
    pick_freight,
    sized_parcel,
    table_regions,
    titled,
    weight_limit,
)
from luodi.answer.volume import over_sizes
from luodi.fold import has_cjk, to_simplified
from luodi.types import Hit

# What the searches for a table document's rules ask, in its table's language: its weight limits,
# how it counts a part of a kilogram, how it weighs a parcel by its sizes; and for the tables.
LIMITS_QUERY = ("单件快件的重量限制：实际重量不超过多少公斤，超出的不得按快件收寄",
                "weight limit: a single piece or parcel may weigh at most so many kg")
ROUNDING_QUERY = ("续重不足1公斤的按1公斤计算", "the chargeable weight is rounded up to the next 0.5 kg")
SIZING_QUERY = ("体积重量计算公式：长×宽×高÷；计费重量取实际重量与体积重量中的较大者，保留一位小数",
                "volumetric weight is length × width × height divided by; the chargeable weight is the greater "
                "of the actual and the volumetric weight")
TABLES_QUERY = "运费价格表：计费区域、首重、续重（单位：元）"
TABLES_QUERY_EN = "freight rate table: zone, first kg, each additional kg (CNY)"
CATCH_ALL_QUERY = "zone covers all other destinations 其他国家和地区"


def _asking(query: tuple[str, str], table: str) -> str:
    return query[0] if has_cjk(table) else query[1]


def find_freight(retriever, question: str, hits: list[Hit], as_of: str | None = None) -> tuple[Freight, list[Hit]] | None:
    """The freight for the question, surcharges added, and the hits it was read from (its
    `source`, `via` and surcharges' `source` index them): the given hits and any passage searched
    for."""
    if parcel_weight(question) is None and sized_parcel(question) is None:
        return None
    # every price table, not only those among the hits: a bulky-freight table retrieved alone
    # must not price an ordinary parcel ("3公斤的月结客户跨省件" got its 120 元)
    got, hits = _priced(retriever, question, hits + _table_passages(retriever, question, hits, as_of), as_of)
    if got is None:
        return None
    table = hits[got.source]
    words = service_words(question, table.text, _title(table), got.region)
    hits = hits + _surcharge_passages(retriever, words, table, hits, as_of)
    own = {i for i, h in enumerate(hits) if h.document == table.document}
    named = {i for i, h in enumerate(hits) if any(w in to_simplified(_title(h)) for w in words)}
    # the rules of a service the question names limit the parcel too (冷链生鲜件 at most 25 kg)
    others = {hits[i].document_id: hits[i] for i in sorted(named - own)}.values()
    if not all(_fits(got, _limit_rules(retriever, h, as_of)) for h in others):
        return None
    found = surcharges(question, words, [h.text for h in hits], own, named, got.region)
    if found is None:  # a surcharge the rules name for the question's service without a figure
        return None
    if found:
        total, detail = applied(got.total, found)
        got = replace(got, total=total, detail=f"{got.detail}; {detail}", surcharges=tuple(found))
    return got, hits


def _surcharge_passages(retriever, words: list[str], table: Hit, hits: list[Hit], as_of: str | None) -> list[Hit]:
    """Rules that may add to the table's price: a search of everything, and of the table's own
    document (the HK rules' 保價費 sits below the manual's), for the question's service words
    (加急) with a surcharge's wording, and of the table's document for one added to every
    shipment."""
    query = " ".join(words) + " " + SURCHARGE_QUERY
    found = retriever.search(query, 5, as_of=as_of) if words else []
    if words and table.document_id is not None:
        found += retriever.search(query, 3, document_ids={table.document_id}, as_of=as_of)
    return _unseen(found + _in_documents(retriever, [table], (SURCHARGE_QUERY, SURCHARGE_QUERY_EN), 3, as_of), hits)


def placed_region(retriever, question: str, hits: list[Hit], as_of: str | None = None) -> tuple[str, Via, list[Hit]] | None:
    """The table region a place the question names is put in by a sentence of the table's document
    ("寄到新疆的快件几天能到？" → 偏远地区, by "（四）偏远地区：收件地位于…新疆…"), the sentence, and the
    hits read (the given ones, the price tables and the sentences searched for); None unless one
    region of one document's tables holds the place, or no price table is among the hits and the
    question sends nothing from or to a mainland place ("从苏州寄到南京要几天？")."""
    ends = route(question)
    if not any(table_regions(h.text) for h in hits) and not any(ends):
        return None  # a knowledge base, or a question, with no price table in view: nothing to search
    places = place_words(question, [_title(h) for h in hits])
    if not places:
        return None
    hits = hits + _table_passages(retriever, question, hits, as_of)
    hits = hits + _region_passages(retriever, question, hits, as_of)
    found = _placings(places, hits, ends)
    return (*found[0][:2], hits) if len(found) == 1 else None


def _placings(places: list[str], read: list[Hit], ends: Route | None = None) -> list[tuple[str, Via, list[Hit]]]:
    """For each document of `read` whose tables' regions a sentence of it puts a place in: the
    region, the sentence, and the document's table passages."""
    out = []
    for doc in dict.fromkeys(h.document for h in read):
        own = [i for i, h in enumerate(read) if h.document == doc]
        in_tables = {i: table_regions(read[i].text) for i in own}
        regions = {r for names in in_tables.values() for r in names}
        if not regions:
            continue
        region, via = placed(places, regions, {i for i, n in in_tables.items() if n}, own, [h.text for h in read], ends)
        if region is not None:
            out.append((region, via, [read[i] for i in own if in_tables[i]]))
    return out


def cell_documents(question: str, read: list[Hit], via: Via) -> set[str]:
    """The documents whose tables give a placed region's cell when several documents' tables
    disagree on it (跨省: the manual's 2—4日, the bulky-freight rules' 3至6日): those whose title
    the question names (大件), else the document of the rule that placed it."""
    documents = list(dict.fromkeys(h.document for h in read))
    named = titled(question, [_title(next(h for h in read if h.document == d)) for d in documents])
    return {documents[i] for i in named} or {read[via.source].document}


class Served(NamedTuple):
    doc: int  # the document that serves the place
    place: str  # as the question says it
    tables: list[Hit]  # that document's price tables
    by_zone: bool  # a place abroad, served by a document's zones (no table has a row for it)


def service_of(retriever, question: str, hits: list[Hit], as_of: str | None = None) -> Served | None:
    """The one document whose price tables have a row for a place the question sends something to,
    the place, and those tables: 寄往香港 → the HK/Macau/Taiwan rules, whose table prices 香港 (the
    domestic one has no such row); None when no such place is named, or several documents' tables
    price it."""
    places = destinations(question, [_title(h) for h in hits])
    if not places:
        return _abroad_service(retriever, question, hits, as_of)
    # the tables searched for by the places (the question's own words are about something else: 保价费)
    tables = [h for h in hits if table_regions(h.text)] + _table_passages(retriever, " ".join(places), hits, as_of)
    found = {(h.document_id, p) for h in tables if h.document_id is not None
             for p in places for r in table_regions(h.text) if to_simplified(p) == r}
    if not found:  # a place abroad no table names: the document whose zones a sentence puts it in
        return _zoned_service(retriever, places, hits, tables, as_of)
    if len({doc for doc, _ in found}) != 1:
        return None
    doc, place = next(iter(found))
    return Served(doc, place, [h for h in tables if h.document_id == doc and to_simplified(place) in table_regions(h.text)],
                  False)


def _zoned_service(retriever, places: list[str], hits: list[Hit], tables: list[Hit],
                   as_of: str | None) -> Served | None:
    """寄往美国 → the international guide, whose table prices zones and whose "2.2 Zone B covers the
    United States" puts the place in one: the one document that places a place abroad so."""
    places = [p for p in places if foreign(p)]
    if not places:
        return None
    english = " ".join(g for p in places for g in english_glosses(p))  # a guide in English names it so
    if english:
        seen = {h.chunk_id for h in tables}
        tables = tables + [h for h in retriever.search(f"{english} {TABLES_QUERY_EN}", 10, as_of=as_of)
                           if h.chunk_id not in seen and table_regions(h.text)]
    read = tables + _region_passages(retriever, " ".join(places + [english]), hits + tables, as_of)
    found = [Served(own[0].document_id, via.place, own, True) for _, via, own in _placings(places, read)
             if own[0].document_id is not None]
    return found[0] if len(found) == 1 else None


def _abroad_service(retriever, question: str, hits: list[Hit], as_of: str | None) -> Served | None:
    """寄往国外 → the international guide: a question that sends abroad without naming where is
    served by the one document whose zones take "all other destinations" (a place abroad no
    zone line names would be placed there, `_zoned_service`)."""
    folded = to_simplified(question)
    sent = SENT_ABROAD.search(folded)
    if sent is None:
        return None
    found = retriever.search(CATCH_ALL_QUERY, 10, as_of=as_of)
    docs = {h.document_id for h in found if h.document_id is not None and CATCH_ALL.search(h.text)}
    if len(docs) != 1:
        return None
    doc = next(iter(docs))
    word = next(g for g in sent.groups() if g)
    return Served(doc, word, [h for h in hits + found if h.document_id == doc and table_regions(h.text)], True)


def _title(hit: Hit) -> str:
    return hit.section.split(" > ")[0]


def _priced(retriever, question: str, hits: list[Hit], as_of: str | None) -> tuple[Freight | None, list[Hit]]:
    def read(hits: list[Hit]) -> list[Freight]:
        return freights(question, [h.text for h in hits], [h.document for h in hits], [_title(h) for h in hits])

    # a place the question names: the sentence that puts it in a region, whether the question
    # names no region (Canada → Zone B) or another one (寄到新疆的跨省件: unclear, not priced)
    if more := _region_passages(retriever, question, hits, as_of):
        hits = hits + more
    if sized_parcel(question) is not None and (more := _sizing_passages(retriever, hits, as_of)):
        hits = hits + more  # a parcel given by its sizes: each table document's formula and rules
    found = read(hits)
    if any(f.total is None for f in found) and (more := _rounding_passages(retriever, found, hits, as_of)):
        hits = hits + more
        found = read(hits)
    rules = [_limit_rules(retriever, hits[f.source], as_of) for f in found]
    kept = [(f, weight_limit(texts)) for f, texts in zip(found, rules, strict=True) if _fits(f, texts)]
    return pick_freight(question, [f for f, _ in kept], [_title(h) for h in hits], [lim for _, lim in kept]), hits


def _table_passages(retriever, question: str, hits: list[Hit], as_of: str | None) -> list[Hit]:
    """Price tables the hits lack: a search of the whole knowledge base with the question and the
    words a price table is captioned with."""
    english = not has_cjk(question)  # a curly quote (What’s) is no Chinese
    found = retriever.search(f"{question} {TABLES_QUERY_EN if english else TABLES_QUERY}", 10, as_of=as_of)
    ends = [end for end in route(question) if end is not None] if english else []
    if ends:  # "from Guangzhou to Chengdu": a Chinese table prices the mainland's zones
        found = found + retriever.search(f"{' '.join(ends)} {TABLES_QUERY}", 10, as_of=as_of)
    return [h for h in _unseen(found, hits) if table_regions(h.text)]


def _region_passages(retriever, question: str, hits: list[Hit], as_of: str | None) -> list[Hit]:
    """Passages of the price tables' documents that may put a place the question names in one
    of their regions: a search of those documents for the places and the regions."""
    places = place_words(question, [_title(h) for h in hits])
    regions: dict[int, list[str]] = {}
    for h in hits:
        if h.document_id is not None and (named := table_regions(h.text)):
            regions.setdefault(h.document_id, []).extend(named)
    found = [h for doc, names in (regions.items() if places else ())  # each document by its own regions
             for h in retriever.search(" ".join(places + sorted(set(names))), 5, document_ids={doc}, as_of=as_of)]
    return _unseen(found, hits)


def _rounding_passages(retriever, found: list[Freight], hits: list[Hit], as_of: str | None) -> list[Hit]:
    """Passages of the documents whose table could not be priced that may say how they count a
    part of a kilogram."""
    tables = [hits[f.source] for f in found if f.total is None]
    return _unseen(_in_documents(retriever, tables, ROUNDING_QUERY, 3, as_of), hits)


def _sizing_passages(retriever, hits: list[Hit], as_of: str | None) -> list[Hit]:
    """Passages of each price table's document that may weigh a parcel by its sizes: the
    volumetric formula, the rule that charges the greater weight, how they are rounded."""
    tables = [h for h in hits if table_regions(h.text)]
    return _unseen(_in_documents(retriever, tables, SIZING_QUERY, 4, as_of), hits)


def _in_documents(retriever, tables: list[Hit], query: tuple[str, str], k: int, as_of: str | None) -> list[Hit]:
    """A search of each table's document, once a document, asking `query` in its table's language
    (Chinese, English)."""
    seen: set[int] = set()
    found: list[Hit] = []
    for t in tables:
        if t.document_id is not None and t.document_id not in seen:
            seen.add(t.document_id)
            found += retriever.search(_asking(query, t.text), k, document_ids={t.document_id}, as_of=as_of)
    return found


def _unseen(found: list[Hit], hits: list[Hit]) -> list[Hit]:
    """The passages of `found` that `hits` lacks, each once, in order."""
    seen, out = {h.chunk_id for h in hits}, []
    for h in found:
        if h.chunk_id not in seen:
            seen.add(h.chunk_id)
            out.append(h)
    return out


def _limit_rules(retriever, hit: Hit, as_of: str | None) -> list[str]:
    """The passages of the hit's document that may limit a parcel (a search of it for its limits)."""
    return [h.text for h in _in_documents(retriever, [hit], LIMITS_QUERY, 5, as_of)]


def _fits(got: Freight, texts: list[str]) -> bool:
    """Whether the parcel is within the limits these passages set: what it weighs, and its sizes
    where the question gives them (最长边不超过150厘米: a larger one goes by another service)."""
    limit = weight_limit(texts)
    return (limit is None or got.actual <= limit) and (got.sizing is None or not over_sizes(got.sizing.cm, texts))
