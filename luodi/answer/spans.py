"""What a quoted sentence is, and what it grows to: a numbered item's subject or quantity in the
sentence beside it, a list's items after its lead, a table row's header above it; and when a
sentence, quoted alone, could be any item of its passage (luodi.answer.extractive)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from luodi.answer.asked import ASKS_QUANTITY, fits_asked
from luodi.answer.text import Sentence, split_sentences, text_terms
from luodi.chunk import LIST_ITEM, OPENS_LIST, is_rule
from luodi.clean import row_cells
from luodi.types import Hit


@dataclass
class Pick:
    hit_index: int
    sentence: Sentence
    score: float
    own: float = 0.0  # the sentence's own coverage of the question, without its neighbours
    quantity: bool = False  # holds a quantity the question asks for and does not state


_DIGITS = re.compile(r"\d+(?:[.,]\d+)*")
# a line that a handbook numbers: "2.1 ", "Q3. ", "第十二条", "（一）", "3、"
_NUMBERED_LINE = re.compile(r"\s*(?:\d+(?:\.\d+)+\s|[A-Z]?\d{1,3}[.、)]\s?|第[一二三四五六七八九十百千\d]+[条條]"
                            r"|[（(][一二三四五六七八九十\d]{1,3}[)）])")


def one_of_items(top: Pick, scored: list[Pick], text: str) -> bool:
    """Whether the best sentence, quoted alone, could be any of its passage's items: another
    line says the same words with other numbers ("Estimated transit time: 3 to 5 business days."
    under zone A, "5 to 8" under zone B), and nothing the question names joined it to its own
    (the transit time to Brazil, which no zone names, was answered with zone A's)."""
    line = text.count("\n", 0, top.sentence.start)
    return any(p.hit_index == top.hit_index and p.sentence.text != top.sentence.text
               and text.count("\n", 0, p.sentence.start) != line and repeats(p.sentence.text, top.sentence.text)
               for p in scored)


def repeats(sentence: str, top: str) -> bool:
    """Whether a sentence says nothing the best one does not: the same text, or the same words
    with other numbers (zone B's transit time after zone A's) inside it."""
    masked = _DIGITS.sub("#", sentence)
    return sentence == top or (len(masked) >= 8 and masked in _DIGITS.sub("#", top))


def with_quantity_after(question: str, top: Pick, scored: list[Pick], hits: list[Hit]) -> Pick:
    """The best sentence for a question that asks for a quantity, joined with the sentence after
    it on the same line when only that one holds the quantity: "2.1 Zone A covers Japan, … and
    Thailand. Estimated transit time: 3 to 5 business days." names the place in its first
    sentence and the time in its second, and the first alone answers nothing."""
    if top.quantity or not ASKS_QUANTITY.search(question):
        return top
    text = hits[top.hit_index].text
    nxt = _neighbour(top, scored, after=True)
    if nxt is None or not nxt.quantity or "\n" in text[top.sentence.end : nxt.sentence.start]:
        return top
    if not fits_asked(question, nxt.sentence.text):
        return top  # "When does the office open?" is not answered by "It has 40 staff."
    return _joined(text, top, top, nxt, quantity=True)


def with_subject_before(terms: set[str], top: Pick, scored: list[Pick], hits: list[Hit],
                         max_chars: int) -> Pick:
    """The best sentence joined with the sentence before it on the same line when only that one
    names something else the question asks about: "Estimated transit time: 3 to 5 business days."
    answers "What is the transit time to Japan?" only after "2.1 Zone A covers Japan, … and
    Thailand." (its siblings for zones B and C read the same)."""
    text = hits[top.hit_index].text
    prev = _neighbour(top, scored, after=False)
    line_start = text.rfind("\n", 0, top.sentence.start) + 1
    line_end = text.find("\n", top.sentence.end) % (len(text) + 1)
    if prev is None or prev.sentence.start != line_start or line_end - line_start > max_chars \
            or not _NUMBERED_LINE.match(text, line_start):
        return top  # a numbered item of a sentence or two, not a paragraph of prose
    # what only the sentence before names: not the best one, nor the path or the rest of the
    # passage (a notice's title and preamble name its topic as much as that sentence does)
    rest = text[: prev.sentence.start] + " " + text[top.sentence.end :]
    said = text_terms(top.sentence.text) | text_terms(hits[top.hit_index].section) | text_terms(rest)
    if not (terms & text_terms(prev.sentence.text)) - said:
        return top
    return _joined(text, top, prev, top, quantity=top.quantity)


_CLAUSE_END = ("；", ";")


def with_clause_after(terms: set[str], top: Pick, scored: list[Pick], hits: list[Hit],
                      max_chars: int) -> Pick:
    """The best sentence, when it is a clause that ends in "；", joined with the clauses after it
    in its sentence (on its line) as far as the first that names something else the question
    asks about: "驾驶电动三轮车或电动自行车时，应当佩戴安全头盔；" shares the tricycle with
    "骑电动三轮车送件能载人吗？", and only "禁止载人，…" after it answers."""
    text = hits[top.hit_index].text
    said = text_terms(top.sentence.text)
    last = top
    while last.sentence.text.rstrip().endswith(_CLAUSE_END):
        nxt = _neighbour(last, scored, after=True)
        if nxt is None or "\n" in text[last.sentence.end : nxt.sentence.start] \
                or nxt.sentence.end - top.sentence.start > max_chars:
            return top
        if (terms & text_terms(nxt.sentence.text)) - said:
            return _joined(text, top, top, nxt, quantity=top.quantity or nxt.quantity)
        last = nxt
    return top


def _neighbour(top: Pick, scored: list[Pick], after: bool) -> Pick | None:
    """The sentence of the best one's passage right after it (or right before it)."""
    same = [p for p in scored if p.hit_index == top.hit_index]
    if after:
        return min((p for p in same if p.sentence.start >= top.sentence.end),
                   key=lambda p: p.sentence.start, default=None)
    return max((p for p in same if p.sentence.end <= top.sentence.start),
               key=lambda p: p.sentence.end, default=None)


def _joined(text: str, top: Pick, first: Pick, last: Pick, quantity: bool) -> Pick:
    """The best sentence `top` grown to run from `first` to `last` (its neighbour and itself, in
    their order), keeping its score."""
    span = Sentence(text[first.sentence.start : last.sentence.end], first.sentence.start, last.sentence.end)
    return Pick(top.hit_index, span, top.score, top.own, quantity=quantity)


def is_prose(hit: Hit) -> bool:
    """Whether a passage is prose, not a numbered rule (by its section, or its text's own label)."""
    return not (is_rule(hit.section) or is_rule(hit.text[:40]))


def in_runs(picks: list[Pick], hits: list[Hit]) -> list[list[int]]:
    """The picks grouped into runs: those that quote one line of a passage of prose with nothing
    between them, in the passage's order (a cause chosen after its effect reads as the text does:
    "…阎行不敌，有意撤退；此时韩遂逝世，成公英唯有投降曹操。"), each run where its best-ranked pick was.
    A numbered rule's sentences are provisions of their own, each quoted where it ranks ("快件延误按
    第一百零九条处理。" before the article's sentence on losses); a grown quote that is not the
    passage's own text (a row under its header) stays alone."""
    def contiguous(i: int) -> bool:
        s, hit = picks[i].sentence, hits[picks[i].hit_index]
        return is_prose(hit) and hit.text[s.start : s.end] == s.text

    # in the passages' order, a pick that meets the one before it joins that one's run
    order = sorted(range(len(picks)), key=lambda i: (picks[i].hit_index, picks[i].sentence.start))
    first = list(range(len(picks)))  # each pick's run, by the run's first pick in the passage
    for a, b in pairwise(order):
        if contiguous(a) and contiguous(b) and _meet(hits, picks[a], picks[b]):
            first[b] = first[a]
    runs: dict[int, list[int]] = {}
    for i in order:
        runs.setdefault(first[i], []).append(i)
    return sorted(runs.values(), key=min)  # where its best-ranked pick was


def _meet(hits: list[Hit], a: Pick, b: Pick) -> bool:
    """Whether `b` follows `a` in one passage on the same line with nothing between them."""
    gap = hits[a.hit_index].text[a.sentence.end : b.sentence.start]
    return a.hit_index == b.hit_index and a.sentence.end <= b.sentence.start and not gap.strip() \
        and "\n" not in gap


def run_pick(picks: list[Pick], run: list[int], hits: list[Hit]) -> Pick:
    """One pick quoting a run (`in_runs`) as the passage writes it."""
    if len(run) == 1:
        return picks[run[0]]
    first, last = picks[run[0]].sentence, picks[run[-1]].sentence
    text = hits[picks[run[0]].hit_index].text
    best = max((picks[k] for k in run), key=lambda p: p.score)
    return Pick(best.hit_index, Sentence(text[first.start : last.end], first.start, last.end), best.score,
                max(picks[k].own for k in run), any(picks[k].quantity for k in run))


_ENDS, _CLAUSE_ENDS = "。！？!?\n", ("；",)


def whole_sentence(text: str, sentence: Sentence, limit: int) -> Sentence:
    """A clause of prose cut at ； grown to the sentence it belongs to, up to `limit` characters:
    "心材经燃烧烟熏后可作为传统纹身用的颜料。" is the last of the uses that "此树的用途广泛，包括…；"
    lists. A numbered rule's ； parts its provisions: the caller keeps those apart."""
    before = text[: sentence.start].rstrip()
    if not sentence.text.rstrip().endswith(_CLAUSE_ENDS) and not before.endswith(_CLAUSE_ENDS):
        return sentence
    start = max(text.rfind(c, 0, sentence.start) for c in _ENDS) + 1
    ends = [i for i in (text.find(c, max(sentence.end - 1, start)) for c in _ENDS) if i >= 0]
    end = min(ends) + 1 if ends else len(text)
    while start < sentence.start and text[start].isspace():
        start += 1
    if (start, end) == (sentence.start, sentence.end) or end - start > limit or end < sentence.end:
        return sentence
    if text[end - 1] == "\n":  # the line's end closes it, but is not quoted
        end -= 1
    return Sentence(text[start:end], start, end)


def list_lead(text: str, sentence: Sentence) -> Sentence | None:
    """The clause that opens the list an enumerated item belongs to ("第四十一条 下列物品禁止寄递："
    for "（一）枪支…管制刀具；"): quoted alone, an item does not say what its list is; None for a
    sentence that is no item, or an item whose lead is not in the passage."""
    if not LIST_ITEM.match(sentence.text):
        return None
    for prev in reversed(split_sentences(text[: sentence.start])):
        if OPENS_LIST.search(prev.text):
            return prev
        if not LIST_ITEM.match(prev.text):
            return None
    return None


def with_list_items(text: str, sentence: Sentence, limit: int) -> Sentence:
    """A sentence that ends in a colon, extended over the enumerated items or the table rows that
    follow it in the passage, as far as `limit` characters: the lead alone ("分为三个温区：",
    "按下表执行：") answers nothing."""
    if not OPENS_LIST.search(sentence.text):
        return sentence
    end = sentence.end
    for nxt in split_sentences(text[sentence.end :]):
        item = LIST_ITEM.match(nxt.text) or " | " in nxt.text
        if not item or sentence.end + nxt.end - sentence.start > limit:
            break
        end = sentence.end + nxt.end
    if end == sentence.end:
        return sentence
    return Sentence(text[sentence.start : end], sentence.start, end)


def with_table_header(text: str, sentence: Sentence) -> Sentence:
    """A table row ("跨省 | 12元 | 5元") quoted under its table's header row ("区域 | 首重 | 续重"):
    without it nobody can tell which figure is which. Rows are lines of " | "-separated cells, as
    the readers write tables; the header is the first line of the row's block of such lines."""
    row = sentence.text
    width = len(row_cells(row))
    if not width or "\n" in row:
        return sentence
    line_start = text.rfind("\n", 0, sentence.start) + 1
    if text[line_start : sentence.start].strip():  # the sentence is not a whole line
        return sentence
    header = None
    while line_start > 0:
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        line = text[prev_start : line_start - 1].strip()
        if len(row_cells(line)) != width:
            break
        header, line_start = line, prev_start
    if header is None:
        return sentence
    return Sentence(f"{header}\n{row}", sentence.start, sentence.end)
