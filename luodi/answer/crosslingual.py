"""A question over passages in the other language, in extractive mode: judged and quoted through
the dictionary keyword search already uses (luodi.index.crosslingual).

The abstention rules read how much of the question's words a passage holds, and an English
question shares no word with a Chinese article: every such question was declined (the laws set's
63 English questions: 63), although search puts the gold article in the top five for 0.87 of
them. Here a question's English words are its dictionary groups (each word's Chinese
translations), a passage's share is the groups it holds one member of, and the question is
answered when the passage the answer would quote holds at least `MIN_SHARE` of them and its
cosine is at least `MIN_COSINE` (bench/answers.py --sets laws). The answer quotes the passage
(`quote`), in Chinese, cited: the asker sees what the document says, not a translation of it.

The other way, a Chinese question over English passages (a search of the English guide that the
question names, luodi.retrieve.foreign), is judged the same way with the dictionary read forwards
(`glosses_of`, `english_line`): each content word of the question is the English stems of its
glosses, and the line that holds the most of them is quoted, in English, when it holds at least
`MIN_LINE_SHARE` of them and at least `MIN_HELD`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import jieba

from luodi.answer.cited import head
from luodi.answer.places import names_place, place_words
from luodi.answer.text import Sentence, mostly_chinese, split_sentences, without_question_words
from luodi.chunk import is_rule
from luodi.fold import to_simplified
from luodi.index.crosslingual import glossary, translation_groups
from luodi.index.tokenize import english_stems
from luodi.types import Hit

MIN_SHARE = 0.6
MIN_COSINE = 0.87  # multilingual-e5-small (e5-small-q4): the rule is only valid for its cosines
MIN_HELD = 2  # glossed parts of a Chinese question an English line must hold: one is chance
# of a Chinese question's words an English line must hold: half, since a colloquial question's
# words often have no gloss a line could hold (docs/benchmarks.md, session 46)
MIN_LINE_SHARE = 0.5
MAX_LINE = 400  # characters: a longer line is judged and quoted sentence by sentence
_CJK_WORD = re.compile(r"[\u3400-\u9fff]{2,}")
# Hedges of a colloquial question (寄到日本一般几天能到): they ask nothing a line could hold.
_HEDGES = frozenset("一般 通常 大概 大约 大致 差不多 左右 一般来说 平时".split())


@lru_cache(maxsize=256)
def groups_of(question: str) -> tuple[frozenset[str], ...]:
    """The question's English words and phrases as groups of every Chinese translation."""
    return tuple(frozenset(g) for g in translation_groups(question, lambda term: True))


def share(groups: tuple[frozenset[str], ...], text: str) -> float:
    """The share of groups with a translation in the text (0..1)."""
    if not groups:
        return 0.0
    simplified = to_simplified(text)
    return sum(any(t in simplified for t in g) for g in groups) / len(groups)


def quote(groups: tuple[frozenset[str], ...], hit: Hit) -> Sentence | None:
    """What to quote: a numbered rule (第十二条) from its start, as much as cited.head quotes of
    an article asked for (an English asker reads its sentence in context, and a dictionary
    match picks among an article's items poorly); otherwise the sentence holding most of the
    groups (the first of equals)."""
    if is_rule(hit.section):
        text = head(hit.text).removesuffix(" …")
        return Sentence(text, 0, len(text)) if text.strip() else None
    sentences = split_sentences(hit.text)
    return max(sentences, key=lambda s: share(groups, s.text), default=None)


def answerable(groups: tuple[frozenset[str], ...], hit: Hit) -> bool:
    return share(groups, hit.text) >= MIN_SHARE and hit.scores.get("dense", 0.0) >= MIN_COSINE


# A Chinese content word: alternatives of English stems for each of its parts, matched when every
# part has one in the text. A word the dictionary lacks is read as its dictionary sub-words
# (进口关税 → 进口 + 关税), all of which must be found; with none it is never found (保价).
Gloss = tuple[frozenset[str], ...]


@lru_cache(maxsize=256)
def glosses_of(question: str) -> tuple[tuple[str, Gloss], ...]:
    """The question's Chinese words of two or more characters (question words removed), each with
    its glosses' English stems. Single characters (上, 只, 由) gloss too loosely to judge by."""
    table = glossary()
    out: dict[str, Gloss] = {}
    # HMM off: a word jieba guesses (来付 of 由谁来付) is no dictionary word
    for word in jieba.lcut(without_question_words(question), HMM=False):
        if not _CJK_WORD.fullmatch(word) or word in out or word in _HEDGES:
            continue
        if word in table:
            out[word] = (table[word],)
            continue
        parts = [p for p in jieba.lcut_for_search(word) if len(p) >= 2 and p != word]
        out[word] = tuple(table[p] for p in parts) if parts and all(p in table for p in parts) else ()
    return tuple(out.items())


def _held(gloss: Gloss, stems: set[str]) -> bool:
    return bool(gloss) and all(alt & stems for alt in gloss)


@dataclass(frozen=True)
class Line:
    hit: int  # index among the hits
    sentence: Sentence
    share: float  # of the question's words (less those its document's title holds) the line holds
    held: int  # the glossed parts of those words it holds (偏远地区: 偏远 and 地区, two)


def english_line(question: str, hits: list[Hit], top: int = 3) -> Line | None:
    """The line of the first `top` English hits that holds most of a Chinese question's words
    (the earlier hit of equals); a word the hit's document title holds (国际 ← "International
    Shipping Guide") names the document, not the answer, and is not counted."""
    glosses = glosses_of(question)
    places = set(place_words(question, [])) if glosses else set()
    best: Line | None = None
    for i, hit in enumerate(hits[:top]):
        if mostly_chinese(hit.text):
            continue
        title = set(english_stems(hit.section.split(">", 1)[0]))
        asked = [(w, g) for w, g in glosses if not _held(g, title)]
        if not asked:
            continue
        for sentence in _lines(hit.text):
            stems = set(english_stems(sentence.text))
            # a place by its whole name (朝鲜 is no "South Korea"), other words by any gloss
            held = [g for w, g in asked if (names_place(sentence.text, w) if w in places else _held(g, stems))]
            if best is None or len(held) / len(asked) > best.share:
                best = Line(i, sentence, len(held) / len(asked), sum(map(len, held)))
    return best


def english_answerable(line: Line) -> bool:
    return line.share >= MIN_LINE_SHARE and line.held >= MIN_HELD


def _lines(text: str) -> list[Sentence]:
    """A passage's lines (a numbered item, a table row), a long one as its sentences."""
    out, at = [], 0
    for raw in text.split("\n"):
        if raw.strip():
            start = at + len(raw) - len(raw.lstrip())
            line = Sentence(raw.strip(), start, start + len(raw.strip()))
            out += [line] if len(line.text) <= MAX_LINE else [
                Sentence(s.text, start + s.start, start + s.end) for s in split_sentences(line.text)]
        at += len(raw) + 1
    return out
