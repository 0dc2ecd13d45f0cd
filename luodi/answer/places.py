"""A place a price question names, put in a region of a price table by a sentence of the table's
document: "What does a 1 kg parcel to Canada cost?" over a table of zones and "2.2 Zone B covers
the United States, Canada, …"; "寄到新疆的3公斤包裹运费多少？" over 同城 / 省内 / 跨省 / 偏远地区 and
"（四）偏远地区：收件地位于西藏自治区、新疆维吾尔自治区…". Read by luodi.answer.tariff.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jieba.posseg as posseg

from luodi.answer.cities import PROVINCE_OF, PROVINCES, Route, named, route
from luodi.answer.text import rule_sentences
from luodi.answer.unions import unions_of
from luodi.fold import has_cjk, to_simplified, to_traditional
from luodi.index.crosslingual import dictionary, translation_groups
from luodi.index.tokenize import stem


@dataclass(frozen=True)
class Via:
    """A sentence that puts the question's place in a region of the table: Zone B covers … Canada."""
    source: int  # the evidence text that holds it
    sentence: str  # as written there
    place: str


# A place outside the mainland's provinces and cities: Hong Kong, Macau, Taiwan or abroad.
ABROAD = re.compile(
    r"国际|境外|海外|国外|出国|港澳|香港|澳门|台湾|日本|韩国|朝鲜|美国|英国|德国|法国|意大利|西班牙|俄罗斯|"
    r"加拿大|澳大利亚|澳洲|新西兰|新加坡|马来西亚|泰国|越南|印度|欧洲|欧盟|非洲|美洲|"
    r"\b(?:international|abroad|overseas|hong kong|macau|macao|taiwan|japan|korea|usa|united states|"
    r"america|canada|uk|united kingdom|britain|england|germany|france|italy|spain|russia|europe|"
    r"australia|new zealand|singapore|malaysia|thailand|vietnam|india|africa)\b", re.I)


# Abroad, without saying where (寄往国外, overseas): what "all other destinations" serve.
_ABROAD_ZH, _ABROAD_EN = "国外|海外|境外", "abroad|overseas"
ABROAD_ANYWHERE = re.compile(rf"{_ABROAD_ZH}|\b(?:{_ABROAD_EN})\b", re.I)
# ... said of what is sent (寄往国外, 国外的快件, "send medicine abroad"), not of the sender (我下个月出国,
# 海外客户寄到北京, "I live overseas")
SENT_ABROAD = re.compile(rf"(?:寄往|寄到|寄去|寄至|寄|发往|发到|送往|运往|运到)\s*({_ABROAD_ZH})|({_ABROAD_ZH})(?:的)?(?:快件|包裹|邮件|件)"
                         rf"|\b(?:send|sending|sent|ship|shipping|shipped|post|mail|mailing)\b[^.?!,;]{{0,40}}?\b({_ABROAD_EN})\b",
                         re.I)


# A region defined as what the others leave: "Zone C covers all other destinations", 其他国家和地区
CATCH_ALL = re.compile(r"\ball other (?:destinations|countries|regions|places)\b|\bany other (?:destination|country)\b"
                       r"|\brest of the world\b|(?:其他|其它|其余)(?:所有)?(?:国家|地区|目的地|国家和地区)", re.I)


def abroad(place: str) -> bool:
    """Whether a place is none of the mainland's provinces and cities (巴西, Brazil; not 包头, Chengdu)."""
    folded = to_simplified(place)
    return not named(folded) and folded not in PROVINCES and route(f"to {place}").destination is None


def place_words(question: str, titles: list[str]) -> list[str]:
    """Places the question names: 新疆, 日本 (jieba's place tag), 包头 (a mainland place of
    luodi.answer.cities), Canada (a capitalised word past the question's first); no word of a
    document's title (Feige Express)."""
    titled = " ".join(to_simplified(t) for t in titles).lower()
    folded = to_simplified(question)
    words = [w for w, tag in posseg.lcut(folded) if tag == "ns" and len(w) >= 2]
    words += [name for _, _, name in named(folded)]
    first = re.match(r"\W*[A-Za-z][A-Za-z'-]*", question)  # the question's first word is capitalised anyway
    names = [m.group(0) for m in _NAME_EN.finditer(question, first.end() if first else 0)]
    # the name of several words first (United Kingdom), then its words ("DHL Germany": Germany)
    words += [w for name in names for w in [name, *(name.split() if " " in name else [])] if len(w) >= 3]
    words += [end for end in route(question) if end is not None]  # "from guangzhou to chengdu", any case
    return [w for w in dict.fromkeys(words) if w.lower() not in titled]


_NAME_EN = re.compile(r"\b[A-Z][A-Za-z'-]*(?:\s+[A-Z][A-Za-z'-]+)*")  # a name of one or more words: United Kingdom

# Words that make the place after them a shipment's destination (寄往香港, 发到澳门); a bare 到 or
# 往 would make every 到北京 one, and an English place is not a Chinese table's row.
_VERBS = "寄往|寄到|寄去|寄至|寄|发往|发到|发去|送往|送到|运往|运到"
_TO = re.compile(rf"(?:{_VERBS})\s*$")
_SENDS = re.compile(_VERBS)
TO_EN = re.compile(r"\bto\s+(?:the\s+)?((?:[A-Z][\w'-]*\s?){1,3})")


def destinations(question: str, titles: list[str]) -> list[str]:
    """The places the question sends something to: a place word right after 寄往, 寄到, 发往…, or
    the Chinese names of a capitalised place after "to" ("a parcel to Hong Kong" → 香港)."""
    folded = to_simplified(question)
    if not has_cjk(question):
        return list(dict.fromkeys(term for m in TO_EN.finditer(question)
                                  for group in translation_groups(m.group(1), lambda t: True) for term in group
                                  if len(term) >= 2))
    if not _SENDS.search(folded):
        return []  # most questions send nothing: no tagging of their words
    out = []
    for place in place_words(question, titles):
        text = folded if place in folded else question  # Canada is in the question as written
        at = text.find(place)
        if at > 0 and _TO.search(text[max(0, at - 4):at]):
            out.append(place)
    return out


def without_destination(question: str, place: str) -> str:
    """The question with its sending phrase cut out ("寄到澳门的包裹保价费怎么收？" → "包裹保价费怎么
    收？"), as written; the question itself when the phrase is not found as written."""
    folded = to_simplified(question)
    m = re.search(rf"(?:{_VERBS})?\s*{re.escape(place)}\s*的?", folded)
    if m is None or len(folded) != len(question):  # a span of the folded text is one of the written
        return question
    return (question[: m.start()] + question[m.end():]).strip()


def placed(places: list[str], regions: set[str], tables: set[int], indexes: list[int],
           written: list[str], route: Route | None = None) -> tuple[str | None, Via | None]:
    """The one region that sentences naming a place of the question put it in, and the first such
    sentence: each names one of the `regions` and no other, and is not in a table's own passage
    (`tables`: their evidence indexes; there it would be a column or a note, not a membership).
    `indexes`: the evidence texts to read, of `written` (the evidence as written). With the
    question's `route`, its origin is no destination (从新疆寄到北京 is not sent to 新疆), its
    destination's province is a place too (拉萨 → 西藏), and two ends no rule names are placed by
    a rule that defines a region by them (the same city, the same province, different ones)."""
    if route is not None and route.origin is not None:
        places = [p for p in places if route.origin not in _short(p)]
    if route is not None and route.destination is not None:
        places = list(dict.fromkeys([*places, route.destination, PROVINCE_OF[route.destination]]))
    places = [p for p in places if not any(p.lower() in r.lower() for r in regions)]  # the Zone of Zone C
    relation = route.relation() if route is not None else None
    # one city's parcel is that city's, wherever the city lies (除同城件外一律按偏远地区计费)
    found = _by_relation("city", route, regions, tables, indexes, written) if relation == "city" else {}
    for i in [] if found else indexes:
        if i in tables:
            continue
        for sentence in rule_sentences(written[i]):
            folded = to_simplified(sentence)
            inside = [r for r in regions if says(folded, r)]
            place = next((p for p in places if _names_whole(folded, p)), None) or next(
                (p for p in places if in_union(folded, p)), None)  # 德国: 欧盟
            if len(inside) == 1 and place is not None:
                found.setdefault(inside[0], Via(i, sentence, place))
    if not found and places and all(foreign(p) for p in places):
        found = _by_default(places, regions, tables, indexes, written)
    if not found and relation is not None:
        found = _by_relation(relation, route, regions, tables, indexes, written)
    elif not found and len(provinces := _provinces(places)) == 2:
        found = _by_relation("provinces", Route(*provinces), regions, tables, indexes, written)
    if len(found) != 1:
        return None, None
    return next(iter(found.items()))


def _by_default(places: list[str], regions: set[str], tables: set[int], indexes: list[int],
                written: list[str]) -> dict[str, Via]:
    """The one region a sentence defines as all other destinations, for places abroad that no
    text of the document names, nor their union: "2.3 Zone C covers all other destinations"."""
    texts = [to_simplified(written[i]) for i in indexes]
    if any(names_place(t, p) or in_union(t, p) for t in texts for p in places):
        return {}
    found: dict[str, Via] = {}
    for i in indexes:
        for sentence in [] if i in tables else rule_sentences(written[i]):
            folded = to_simplified(sentence)
            inside = [r for r in regions if says(folded, r)]
            if len(inside) == 1 and CATCH_ALL.search(folded):
                found.setdefault(inside[0], Via(i, sentence, places[0]))
    return found


_DIVISION = "(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区)"


def _short(place: str) -> str:
    return re.sub(f"{_DIVISION}$", "", to_simplified(place))


def _names_whole(folded: str, place: str) -> bool:
    """Whether a sentence names the place, and a province as a whole: 甘肃 is not named by "甘肃省
    酒泉市" (one city of it), 青海 is by "青海省全境"."""
    if not names_place(folded, place):
        return False
    short = _short(place)
    if short not in PROVINCES:
        return True
    for m in re.finditer(f"{re.escape(short)}{_DIVISION}?", folded):
        after = named(folded[m.end():m.end() + 8])
        if not after or after[0][0] > 0:
            return True
    return False


def _provinces(places: list[str]) -> list[str]:
    """The question's places that are province-level divisions, by short name, each once."""
    return list(dict.fromkeys(n for p in places if (n := _short(p)) in PROVINCES))


def named_places(text: str) -> list[str]:
    """The mainland provinces and prefecture-level places a text names, in order, each once (北京,
    上海 of 从北京寄到上海; 广州, 深圳)."""
    return list(dict.fromkeys(name for _, _, name in named(to_simplified(text))))


# a region a rule defines by where the sender and the recipient are, by the relation's words; each
# relation's rule must not name a wider one (省内's "同一省…但不属于同一地级市" is no 同城)
_RELATIONS = {"provinces": re.compile(r"不同(?:的)?省|跨省(?:份|区)"),
              "province": re.compile(r"同一(?:个)?省|同省"),
              "city": re.compile(r"同一(?:个)?(?:地级)?(?:市|城市)|同城")}
_WIDER = {"provinces": (), "province": ("provinces",), "city": ("provinces", "province")}


def _by_relation(relation: str, route: Route, regions: set[str], tables: set[int], indexes: list[int],
                 written: list[str]) -> dict[str, Via]:
    """The region a rule defines by the relation of the route's ends: (三)跨省：寄件地与收件地属于不同
    省、自治区、直辖市…; (二)省内：…同一省…; (一)同城：…同一地级市…"""
    found: dict[str, Via] = {}
    for i in indexes:
        if i in tables:
            continue
        for sentence in rule_sentences(written[i]):
            folded = to_simplified(sentence)
            lead = _DEFINED.match(folded)  # the region the item defines, before its colon
            if (lead and lead.group(1) in regions and _RELATIONS[relation].search(folded)
                    and not any(_RELATIONS[w].search(folded) for w in _WIDER[relation])):
                found.setdefault(lead.group(1), Via(i, sentence, f"{route.origin}→{route.destination}"))
    return found


_DEFINED = re.compile(r"\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[.、])?\s*([^：:，,。；\s]{1,8})\s*[：:]")


_OUTSIDE = re.compile(r"(?:outside|except|excluding|other than|not in|non-)\s*(?:the\s+)?$|(?:除|非)$", re.I)


def in_union(text: str, place: str) -> bool:
    """Whether a text puts in a union the place belongs to (德国: "the member states of the EU")."""
    return any(_member_of(text, u) for u in unions_of(place))


def _member_of(text: str, union: str) -> bool:
    """Whether a sentence puts the union's members in (not "countries outside the European Union",
    "除欧盟以外", "非欧盟国家")."""
    for m in _named(union).finditer(text):
        if not _OUTSIDE.search(text[max(0, m.start() - 16) : m.start()]) and \
                not re.match(r"\s*(?:以外|之外|外的?)", text[m.end():]):
            return True
    return False


# Country names the dictionary lacks, as stems, and English short names of longer ones
_OWN_NAMES = {"英国": (("unit", "kingdom"), ("britain",), ("great", "britain"), ("uk",))}
_SHORT_NAMES = {"uk": _OWN_NAMES["英国"], "u.k.": _OWN_NAMES["英国"], "britain": _OWN_NAMES["英国"],
                "great britain": _OWN_NAMES["英国"], "u.s.": (("unit", "state"), ("usa",)),
                "united kingdom": _OWN_NAMES["英国"], "us": (("unit", "state"), ("usa",)),
                "usa": (("unit", "state"), ("usa",)), "america": (("unit", "state"), ("usa",)),
                "united states": (("unit", "state"), ("usa",))}


@lru_cache(maxsize=1)
def _english_names() -> dict[str, tuple[tuple[str, ...], ...]]:
    """A Chinese word's English glosses as stem sequences (美国 → united states, usa), of three
    letters or more ("us" is also a pronoun)."""
    out: dict[str, list[tuple[str, ...]]] = {k: list(v) for k, v in _OWN_NAMES.items()}
    for gloss, words in dictionary().items():
        if len(gloss) >= 3:
            for word in words:
                out.setdefault(word, []).append(tuple(gloss.split()))
    return {w: tuple(g) for w, g in out.items()}


def english_glosses(place: str) -> list[str]:
    """A Chinese place's English glosses, as their stems (美国 → "unit state", "usa")."""
    return [" ".join(g) for g in _english_names().get(to_simplified(place), ())]


_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
_DOTTED = re.compile(r"\b(?:[A-Z]\.){2,}")


def names_place(text: str, place: str) -> bool:
    """Whether `text` names the place, in its own words or, for a Chinese place over an English
    text, by an English gloss of it (巴西: "Brazil", 美国: "the United States"), not as part of a
    longer name ("Korea" of "South Korea", "Guinea" of "Papua New Guinea")."""
    if has_cjk(place):
        if says(text, place):
            return True
        glosses = _english_names().get(to_simplified(place), ())
    else:  # an English name, whole: Sudan is not "South Sudan", Ireland not "Northern Ireland"
        name = place.lower().removeprefix("the ").strip()
        glosses = _SHORT_NAMES.get(name, ()) + (tuple(stem(w) for w in name.split()),)
    text = _DOTTED.sub(lambda m: m.group(0).replace(".", ""), text)  # U.K., U.S.A.
    words = list(_WORD.finditer(text)) if glosses else []
    stems = [stem(w.group(0).lower()) for w in words]
    for gloss in glosses:
        for i in range(len(stems) - len(gloss) + 1):
            if tuple(stems[i:i + len(gloss)]) == gloss and not _joined(text, words, i, i - 1) and \
                    not _joined(text, words, i + len(gloss) - 1, i + len(gloss)):
                return True
    return False


def _joined(text: str, words: list[re.Match], inner: int, outer: int) -> bool:
    """Whether the word beside a matched name makes it part of a longer one: there, nothing but a
    space between them, and capitalised (South Korea; not "covers Japan" nor "China, Hong Kong")."""
    if outer < 0 or outer >= len(words):
        return False
    a, b = sorted((inner, outer))
    word = words[outer].group(0)
    return not text[words[a].end():words[b].start()].strip() and word[:1].isupper() and \
        word.lower() not in {"the", "and", "of"}


def says(text: str, name: str) -> bool:
    """Whether `text` names `name` (an English name as a whole word, in any case)."""
    return _named(name).search(text) is not None


def _named(name: str) -> re.Pattern[str]:
    return re.compile(rf"(?<![A-Za-z]){re.escape(name)}(?![A-Za-z])", re.I)


# Cities and districts of Hong Kong, Macau and Taiwan: rules and price tables name the region whole
_PARTS = {region: tuple(parts.split()) for region, parts in {
    "香港": "九龙 新界 港岛 香港岛 荃湾 沙田 屯门 元朗 尖沙咀 旺角 铜锣湾 中环",
    "澳门": "氹仔 路环 路氹",
    "台湾": "台北 新北 桃园 台中 台南 高雄 基隆 新竹 嘉义 花莲 台东 宜兰 屏东 彰化 苗栗 南投 云林 澎湖 金门"}.items()}
# sent there: right after 寄到 / 寄往 …, or after 去 / 到 in a clause that sends (寄一箱嘢去台北), and a
# whole name (九龙江 is a river in Fujian)
_GOING = re.compile(rf"(?:{_VERBS})\s*$|寄[^，。；,;]*?(?:去|到|往|至)\s*$")
_NAME_END = re.compile(r"(?:[，。？?！!、；;,\s（(的要需运多几收快包吗呢]|$)")


def with_region(question: str) -> str:
    """The question with the region of a city of Taiwan or a district of Hong Kong or Macau it
    sends to written after it ("寄一箱嘢去台北" → "去台北（台灣）"), so that the region's rules and
    table row are found; as it was when it names the region already, or the place is none of these
    (九龙坡 is in Chongqing)."""
    folded = to_simplified(question)
    if len(folded) != len(question) or not _SENDS.search(folded):  # 搬到台北后: nothing sent
        return question
    for region, parts in _PARTS.items():
        if region in folded:
            continue
        for part in parts:
            for m in re.finditer(part, folded):
                clause = re.split(r"[，。；,;]", folded[:m.start()])[-1]
                if _GOING.search(clause) and _NAME_END.match(folded, m.end()):
                    written = to_traditional(region) if folded != question else region
                    return f"{question[:m.end()]}（{written}）{question[m.end():]}"
    return question


def foreign(place: str) -> bool:
    """Whether a place lies outside China: abroad, and neither Hong Kong, Macau or Taiwan nor a part
    of them (铜锣湾广场 is in Hong Kong: no international zone's "all other destinations")."""
    folded = to_simplified(place)
    return abroad(place) and not any(region in folded or any(p in folded for p in parts)
                                     for region, parts in _PARTS.items())
