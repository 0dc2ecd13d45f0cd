"""A foreign destination's zone, read from the sentence that puts it there, for a question whose
answer that sentence holds: "How long does a parcel to Germany take?" over "2.2 Zone B covers …
the member states of the European Union … Estimated transit time: 5 to 8 business days.", and
"… to Brazil" over "2.3 Zone C covers all other destinations that Feige Express serves …".

A sentence that names the place comes first, then one that names a union the place belongs to
(luodi.answer.unions), then one that covers "all other destinations", and that one only where no
sentence of its document names the place or its union: a list that names Brazil elsewhere does
not leave it to "all other" countries. Only places abroad are placed so: a mainland city a guide
does not list is no "other destination" of its international zones.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luodi.answer.asked import ASKS_QUANTITY, fits_asked
from luodi.answer.mixed import asks_amount
from luodi.answer.places import CATCH_ALL, TO_EN, destinations, foreign, in_union, names_place
from luodi.answer.router import language
from luodi.answer.unions import unions_of
from luodi.fold import has_cjk, to_simplified, to_traditional
from luodi.types import Hit

# a line that defines a zone or a region (not a rule that only names the place, 香港的收件人可选择…自取点)
_ZONE = re.compile(r"\b(?:zone|region)s?\b|区域|分区|[A-Z一二三四五六七八九十\d]区|[类類]地区", re.I)
_ZONES_QUERY = "zone covers destinations countries 区域 国家 地区"


@dataclass(frozen=True)
class Zoned:
    source: int  # the hit that holds the sentence, among `read`
    sentence: str
    place: str  # the name that placed it (德国 where the rule is Chinese)
    how: str  # "named", "union" or "other"
    read: list[Hit]
    shown: str = ""  # the place as the question writes it (Germany, where the rule names 德国)


def zone_sentence(retriever, question: str, hits: list[Hit], as_of: str | None = None) -> Zoned | None:
    """The line (a guide's clause, a rule) that places the question's foreign destination and
    holds what it asks (a transit time; not a price), or None."""
    if not ASKS_QUANTITY.search(question) or asks_amount(question):
        return None  # a price is a table's (luodi.answer.freight): a zone line's sum may be another's (a premium)
    titles = [h.section.split(" > ", 1)[0] for h in hits]
    # the place a parcel is sent to (a parcel to Germany), as written before its Chinese names (德国)
    own = [] if has_cjk(question) else [m.group(1).strip() for m in TO_EN.finditer(question)]
    places = [p for p in dict.fromkeys(own + destinations(question, titles)) if foreign(p)]
    if not places:
        return None
    unions = [u for p in places for u in unions_of(p)]
    found = retriever.search(f"{' '.join(places + unions)} {_ZONES_QUERY}", 10, as_of=as_of)
    read = hits + [h for h in found if h.chunk_id not in {x.chunk_id for x in hits}]
    best = None
    for i, hit in enumerate(read):
        for sentence in (line.strip() for line in hit.text.splitlines() if line.strip()):  # a clause whole
            how, place = _placing(to_simplified(sentence), places)
            if how is None or not _ZONE.search(to_simplified(sentence)) or not fits_asked(question, sentence):
                continue
            if how == "other" and _names_elsewhere(retriever, read, hit, places, as_of):
                continue
            rank = ("named", "union", "other").index(how)
            if best is None or rank < best[0]:
                best = (rank, Zoned(i, sentence, place, how, read, own[0] if own else place))
    return best[1] if best else None


# a line that leaves places out (excluding the USA, 不含日本, 除美国以外): it places none it names
_EXCLUDES = re.compile(r"\b(?:excluding|except|other than|not including|not covered)\b|不含|不包括|除外|以外|之外|[^\w]除", re.I)


def _placing(folded: str, places: list[str]) -> tuple[str | None, str]:
    if _EXCLUDES.search(folded) and any(names_place(folded, p) for p in places):
        return None, ""
    for place in places:
        if names_place(folded, place):
            return "named", place
    for place in places:
        if in_union(folded, place):
            return "union", place
    if CATCH_ALL.search(folded):
        return "other", places[0]
    return None, ""


def _names_elsewhere(retriever, read: list[Hit], hit: Hit, places: list[str], as_of: str | None) -> bool:
    """Whether a passage of the hit's document names a place, or its union, anywhere ("1.1 … to
    destinations outside mainland China, Hong Kong, Macau and Taiwan"): those read, and those a
    search of the document for the places finds."""
    found = [] if hit.document_id is None else retriever.search(" ".join(places), 5, document_ids={hit.document_id},
                                                                 as_of=as_of)
    for other in [*read, *found]:
        if other.document != hit.document:
            continue
        folded = to_simplified(other.text)
        if any(names_place(folded, p) or in_union(folded, p) for p in places):
            return True
    return False


def zone_note(question: str, got: Zoned) -> str:
    """The line that says how the place was placed, in the question's language."""
    union = next((u for u in unions_of(got.place) if has_cjk(u) == has_cjk(question)), "")
    shown = got.shown or got.place
    if not has_cjk(question):
        union = union.title().replace(" Of ", " of ")
        return {"named": f"{shown}:", "union": f"{shown} is a member of the {union}, which this zone covers:",
                "other": f"{shown} is not named in any other zone; this zone covers all other destinations:"}[got.how]
    note = {"named": f"{shown}：", "union": f"{shown}属于{union}，适用下列规定：",
            "other": f"{shown}不在其他区域所列之列，适用“其他目的地”的规定："}[got.how]
    return to_traditional(note) if language(question) == "zh-Hant" else note
