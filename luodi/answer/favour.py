"""What the question asks for, raising or lowering the sentences the extractive composer scored
(luodi.answer.extractive): the quantity asked, a date it names, the table row it names, the aspect
of its subject it asks about, a list it asks for, the bound it asks the most or least of (最重能寄
多少公斤), an English question's most specific word, and a worked example below the rule it
illustrates.
"""

from __future__ import annotations

import re
import unicodedata
from typing import TYPE_CHECKING

from luodi.answer.asked import (
    ASKS_QUANTITY,
    counts_what_is_asked,
    names_count,
    quantities,
    spans_if_asked,
)
from luodi.answer.cells import named_rows
from luodi.answer.idf import TermStats
from luodi.answer.spans import Pick, with_list_items, with_table_header
from luodi.answer.text import (
    NUMBERED_ZH,
    contrasted,
    coverage,
    mostly_chinese,
    numeral_value,
    question_terms,
    split_sentences,
    text_terms,
)
from luodi.fold import to_simplified
from luodi.numeric.units import named_units
from luodi.types import Hit
from luodi.verify.atoms import extract_atoms

if TYPE_CHECKING:  # the composer's settings, defined beside it
    from luodi.answer.extractive import ExtractiveConfig


def favour(question: str, terms: set[str], picks: list[Pick], hits: list[Hit], stats: TermStats,
           cfg: ExtractiveConfig) -> None:
    """Every preference, in order (the named rows read which sentences hold the quantity asked)."""
    _favour_quantities(question, picks, hits, cfg)
    _favour_dates(question, picks, cfg.date_bonus)
    _favour_named_rows(question, picks, hits, cfg)
    _favour_aspect(question, picks, cfg.aspect_bonus)
    _favour_lists(question, picks, hits, cfg)
    bound = _favour_bounds(question, picks, hits, cfg)
    if not mostly_chinese(question):
        _favour_rarest(terms, picks, stats, cfg.rarest_factor, bound)
    for pick in picks:
        if _EXAMPLE.match(pick.sentence.text):
            pick.score *= cfg.example_factor


def _favour_rarest(terms: set[str], scored: list[Pick], stats: TermStats, factor: float,
                   bound: Pick | None = None) -> None:
    """An English question's most specific word that a candidate says: sentences without it are
    demoted ("What is the insurance rate for international parcels?" quoted the volumetric-weight
    sentence, which says "international" and "parcels", over "Insurance costs 1% …"), except the
    `bound` raised for it when that word asks the bound ("maximum": "may weigh at most 30 kg")."""
    own = [text_terms(p.sentence.text) - contrasted(terms, p.sentence.text) for p in scored]
    said = sorted(terms & set().union(*own), key=stats.idf, reverse=True)
    if len(said) < 2 or stats.idf(said[0]) <= stats.idf(said[1]):
        return  # no word stands out (a corpus too small to tell rare from common gives all one weight)
    asks_bound = any(asks.fullmatch(said[0]) for asks in (_ASKS_UPPER, _ASKS_LOWER, _ASKS_EITHER))
    for pick, words in zip(scored, own, strict=True):
        if said[0] not in words and not (asks_bound and pick is bound):
            pick.score *= factor


OTHER_SUBJECT = "the passages speak of the question's most specific word only to set their subject apart from it"


# A question that asks how two things differ is answered by the sentence that sets them apart.
_COMPARES = re.compile(r"\b(?:differ\w*|compar\w*|versus|vs|unlike|as opposed to|than|same as)\b", re.I)


def about_another(question: str, terms: set[str], quoted: list[Hit], stats: TermStats) -> bool:
    """Whether one of the question's most specific words (the rarest of those the `quoted`
    documents' hits say, when some are rarer than others; any of a tie) is said there only to
    set their subject apart, in no sentence that also says the question's other words:
    a domestic parcel's weight limit or insurance is not in the international guide that says
    "(not 6000 as for domestic parcels)", its volumetric divisor is. A question that compares
    ("unlike domestic ones", "how do they differ") is not asking of another subject. A document
    that names the subject elsewhere only by another word ("sent within mainland China") is
    declined too: a decline lists the passages."""
    if _COMPARES.search(question):
        return False
    text = "\n".join(f"{h.section}\n{h.text}" for h in quoted)
    said = sorted(terms & text_terms(text), key=stats.idf, reverse=True)
    if len(said) < 2 or stats.idf(said[0]) <= stats.idf(said[-1]):
        return False
    apart = contrasted(terms, text)
    return any(w in apart and not _says_it_with(w, terms, quoted)
               for w in said if stats.idf(w) == stats.idf(said[0]))


OTHER_NUMBER = "the answer numbers the thing asked otherwise than the question does"


def off_the_question(question: str, terms: set[str], picks: list[Pick], hits: list[Hit],
                     stats: TermStats) -> str:
    """Why the passages the picks quote do not answer though the abstention rule would answer
    from them (`OTHER_SUBJECT`, `OTHER_NUMBER`), or ""."""
    if not mostly_chinese(question) and about_another(question, terms, _of_quoted_documents(picks, hits), stats):
        return OTHER_SUBJECT
    return OTHER_NUMBER if picks and _another_number(question, picks[0].sentence.text) else ""


# A number before 号 (text.NUMBERED_ZH), and the first character of what it numbers (5号纸箱 → 5,
# 纸), if any; a day written otherwise (3月 5号以后, 5号前) is followed by no thing's character
_NUMBERED_THING = re.compile(NUMBERED_ZH + r"(?=\s*([\u4e00-\u9fff]?))")  # read, not taken: 五号六号
_NOT_A_THING = frozenset("以之前后到至起开和或及、的是")
# a question that asks for another number than it names (3号纸箱装不下用几号, 大一号的, 换哪个)
_ASKS_ANOTHER = re.compile(r"几号|幾號|哪[个個一种種款]|换|換|[大小]一[号號]|装不下|裝不下|放不下")


def _another_number(question: str, answer: str) -> bool:
    """Whether the question names a numbered thing (5号纸箱) whose number the `answer` (the first
    quoted sentence) never says, while it numbers the same kind of thing otherwise (1号纸箱 …
    4号纸箱, each priced on its own). A 7号楼 asked beside 1号纸箱 is another kind of thing, a 5号楼
    in a later quote is no part of the answer, and "神舟六号于2005年…比神舟五号飞船晚两年" says the six
    asked of: no reason to decline."""
    if _ASKS_ANOTHER.search(question):
        return False
    asked, said = _numbered(question), _numbered(answer)
    things = {t for _, t in asked if t}
    if not things or {n for n, _ in asked} & {n for n, _ in said}:  # 1号和5号纸箱: 1 as well; 7号是C罗
        return False
    return bool(things & {t for _, t in said})


def _numbered(text: str) -> set[tuple[int, str]]:
    """Each number before 号 in `text`, with the thing it numbers ("" when none follows)."""
    return {(numeral_value(n), "" if thing in _NOT_A_THING else thing)
            for n, thing in _NUMBERED_THING.findall(_folded(text))}


def _folded(text: str) -> str:
    return to_simplified(unicodedata.normalize("NFKC", text))  # ５號 → 5号


def _of_quoted_documents(picks: list[Pick], hits: list[Hit]) -> list[Hit]:
    """The hits of the documents the picks quote: what the search saw of them."""
    docs = {(hits[p.hit_index].document_id, hits[p.hit_index].document) for p in picks}
    return [h for h in hits if (h.document_id, h.document) in docs]


def _says_it_with(word: str, terms: set[str], quoted: list[Hit]) -> bool:
    """Whether a sentence sets `word` apart and says the rest of `terms` (its section's words
    counted with it): "…divided by 5000 (not 6000 as for domestic parcels)" answers whether a
    domestic parcel's volumetric weight is divided by 6000. (Not "which divisor": a question
    word the sentence lacks may be the one it asks, "maximum" of a weight.)"""
    for hit in quoted:
        heading = text_terms(hit.section)
        if any(word in contrasted({word}, s.text) and terms <= text_terms(s.text) | heading
               for s in split_sentences(hit.text)):
            return True
    return False


_EXAMPLE = re.compile(r"\s*(?:第[^条條\s]{1,8}[条條]\s*|\d+(?:\.\d+)*\s+)?"  # after a rule's label
                      r"(?:例如|比如|譬如|举例来说|舉例來說|举例|舉例|for example|for instance|e\.g\.)", re.I)


def _favour_quantities(question: str, picks: list[Pick], hits: list[Hit], cfg: ExtractiveConfig) -> None:
    """Raise the sentences that hold a number, amount, date or duration the question does not
    already state, when the question asks for one: a title such as "关于2026年春节期间服务安排的
    公告" shares the question's words, the row that answers it shares its question's need. Of a
    question that names what it counts (几天, 几折, how many days), only a sentence counting
    that; of one that asks how long, only a span of time; a sentence that opens a list by what
    its items hold ("折扣按寄件量确定：" for 几折)."""
    if not cfg.quantity_bonus or not ASKS_QUANTITY.search(question):
        return
    known, counted = quantities(question), names_count(question)
    for pick in picks:
        text = with_list_items(hits[pick.hit_index].text, pick.sentence, cfg.list_chars).text
        if counts_what_is_asked(question, text) and spans_if_asked(question, text) and (
                quantities(text) - known or counted):
            pick.score += cfg.quantity_bonus
            pick.quantity = True


def _favour_named_rows(question: str, picks: list[Pick], hits: list[Hit], cfg: ExtractiveConfig) -> None:
    """Raise the table row the question names by its label, and lower the sentences that name
    another row of their tables and none the question names."""
    named = named_rows(question, [h.text for h in hits])
    if not named.rows:
        return
    rows = [p for p in picks if p.sentence.text.strip() in named.rows]
    if ASKS_QUANTITY.search(question):  # a row without the quantity asked does not answer
        answering = [p for p in rows if p.quantity]
    else:  # nor one that shares only its label (国際件可以寄香水嗎 and the holiday row 国际件 | 暂停)
        asked = question_terms(named.without_names(question))
        answering = [p for p in rows if coverage(asked, _headed(hits, p))]
    # of several rows named (跨省 of the tariff and of the holiday notice), those sharing the most
    # with the question: its header's 加急时效 for 跨省加急件几天能到
    best = max((p.own for p in answering), default=0.0)
    for pick in answering:
        if pick.own == best:
            pick.score += cfg.row_bonus
    in_rows = {id(p) for p in rows}
    for pick in picks:
        if id(pick) not in in_rows and named.says_another(pick.sentence.text):
            pick.score *= cfg.sibling_factor


# X的<aspect>有什么特点 / 是什么 / 是怎样的: the two to four characters between 的 and the question words
_ASPECT = re.compile(r"的([\u4e00-\u9fff]{2,4}?)(?:有什么|有哪些|是什么|是怎样|是如何|是多少|为什么|为何|怎么样|如何|有多|是谁|在哪)")


def _favour_aspect(question: str, picks: list[Pick], bonus: float) -> None:
    """Raise the sentences that name the aspect of its subject a Chinese question asks about
    (叶柄 of "大果西番莲的叶柄有什么特点？"): the subject's name is in every sentence about it."""
    m = _ASPECT.search(to_simplified(question)) if bonus else None
    if m is None:
        return
    aspect = m.group(1)
    for pick in picks:
        if aspect in to_simplified(pick.sentence.text):
            pick.score += bonus


# 哪些 / 哪几种 / 有什么: a question that asks for the members of a list
_ASKS_LIST = re.compile(r"哪[些几幾]|有什[么麼]|有何")


def _favour_lists(question: str, picks: list[Pick], hits: list[Hit], cfg: ExtractiveConfig) -> None:
    """Raise the sentences that open a list with its items after them, for a Chinese question that
    asks for one: "理赔要准备哪些材料？" quoted the rule on how fast claims are settled once the
    材料 are complete over "申请理赔应当提交下列材料：（一）…"; both say 理赔 and 材料."""
    if not cfg.list_bonus or not _ASKS_LIST.search(question):
        return
    for pick in picks:
        sentence = pick.sentence
        if with_list_items(hits[pick.hit_index].text, sentence, cfg.list_chars) is not sentence:
            pick.score += cfg.list_bonus


def _headed(hits: list[Hit], pick: Pick) -> str:
    return with_table_header(hits[pick.hit_index].text, pick.sentence).text


def _favour_dates(question: str, picks: list[Pick], bonus: float) -> None:
    """Raise the sentences that state a date the question names ("2013年3月，…担任什么职务"): its
    words count the year, 年 and 月 alike in 2013年1月 and 2013年3月, never the month."""
    if not bonus:
        return
    # When a quantity is asked, a year alone is the notice's title as much as its answer
    # (关于2027年国庆期间服务安排的公告: 2027年国庆期间哪几天暂停收寄？)
    years_too = not ASKS_QUANTITY.search(question)
    asked = {str(a.value) for a in extract_atoms(question)  # with its year: 五月天 is a band
             if a.kind == "date" and str(a.value)[:1].isdigit() and (years_too or "-" in str(a.value))}
    if not asked:
        return
    for pick in picks:
        said = {str(a.value) for a in extract_atoms(pick.sentence.text) if a.kind == "date"}
        if any(d.startswith(q) for d in said for q in asked):
            pick.score += bonus


# A question for the most or the least allowed (包裹最重能寄多少公斤, 最短保管几天, "maximum weight"):
# an upper bound is asked by the first group, a lower one by the second, either by the third
_ASKS_UPPER = re.compile(r"最(?:多|重|大|长|高|晚|迟|久)|上限|\b(?:max(?:imum)?|at most|heaviest|largest|longest)\b", re.I)
_ASKS_LOWER = re.compile(r"最(?:少|轻|小|短|低|早)|下限|\b(?:min(?:imum)?|at least|lightest|smallest|shortest)\b", re.I)
_ASKS_EITHER = re.compile(r"限重|限额|\blimits?\b", re.I)
# A figure a bound is set on: digits, or Chinese numerals before a unit or counter (not 一律)
_FIGURE = r"(?:\d|[一二两三四五六七八九十百千]+[个件次天日小周月年公千克米厘元斤瓶份票箱层])"
_GAP = r"(?!的)[^，。；,;\d]{0,10}?"  # 最长保管期限为7日; not 最大的城市有5个网点
_UPPER = re.compile(
    rf"(?:不得?超过|不能超过|不可超过|不超出|最多|至多|最高|最长|最大|最晚|上限|限重|限额"
    rf"|\b(?:at most|up to|not exceed|no more than|maximum)\b){_GAP}{_FIGURE}[^，。；,;]{{0,6}}"
    rf"|{_FIGURE}[^，。；,;\d]{{0,4}}(?:以内|以下|之内|(?<=[时天日月年周钟])内)", re.I)
# "rounded up to the next 0.5 kg", "round it up to": no bound (one clause: not "rounded. Up to 30 kg")
_ROUNDING = re.compile(r"\bround(?:ed|s|ing)?(?:[ \t]+(?:it|them|this|that|these|those))?[ \t-]+up[ \t]+to\b", re.I)
_LOWER = re.compile(rf"(?:不少于|不低于|至少|最少|最低|最短|\b(?:at least|no less than|minimum)\b){_GAP}{_FIGURE}"
                    rf"[^，。；,;]{{0,6}}|{_FIGURE}[^，。；,;\d]{{0,4}}以上", re.I)
# What the question weighs or times without naming a unit (最重, how heavy; 多久, 几天 name 天)
_ASKS_DIM = ((re.compile(r"最重|多重|重量|\b(?:heav|weigh)", re.I), "mass"),
             (re.compile(r"多久|多长时间|\bhow long\b", re.I), "time"))


def _favour_bounds(question: str, picks: list[Pick], hits: list[Hit], cfg: ExtractiveConfig) -> Pick | None:
    """Raise the sentence that sets the kind of bound the question asks the most or least of (an
    upper one for 最重, a lower one for 最少), in its unit when it names one: "包裹最重能寄多少公斤？"
    is answered by "实际重量不超过50公斤", not by the rules on how a parcel's kilograms are counted,
    which share more of its words."""
    if not cfg.bound_bonus:
        return None
    q = to_simplified(question)
    either = _ASKS_EITHER.search(q)
    kinds = [b for b, asks in ((_UPPER, _ASKS_UPPER), (_LOWER, _ASKS_LOWER)) if either or asks.search(q)]
    if not kinds:
        return None
    dims = _dims(q) or {dim for asks, dim in _ASKS_DIM if asks.search(q)}
    bounds = [p for p in picks
              if sets_bound(with_list_items(hits[p.hit_index].text, p.sentence, cfg.list_chars).text, dims, kinds)]
    if not bounds:
        return None
    best = max(bounds, key=lambda p: p.score)  # the likeliest only: other rules' bounds are no support
    best.score += cfg.bound_bonus
    return best


def sets_bound(text: str, dims: set[str], kinds: list[re.Pattern] | None = None) -> bool:
    """Whether a text (a list's lead with its items: 申报价值限额如下：…) sets a bound of `kinds`
    (upper and lower by default), in one of `dims` when any is given."""
    text = _ROUNDING.sub(" ", to_simplified(text))
    return any(not dims or dims & _dims(m.group(0)) for kind in kinds or (_UPPER, _LOWER) for m in kind.finditer(text))


def _dims(text: str) -> set[str]:
    """The dimensions of the units a text names (mass, time …), not counters (包, 件); 50kg as 50 kg."""
    spaced = re.sub(r"(\d)([A-Za-z])", r"\1 \2", text)
    dims = {dim for *_, dim in named_units(spaced) if not dim.startswith("count")}
    return dims | {"time"} if re.search(r"\d\s*(?:个?工作)?日", text) else dims  # 7日: 日 is no unit word
