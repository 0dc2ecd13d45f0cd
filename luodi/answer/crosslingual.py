"""An English question over Chinese passages, in extractive mode: judged and quoted through the
dictionary translations keyword search already uses (luodi.index.crosslingual).

The abstention rules read how much of the question's words a passage holds, and an English
question shares no word with a Chinese article: every such question was declined (the laws set's
63 English questions: 63), although search puts the gold article in the top five for 0.87 of
them. Here a question's English words are its dictionary groups (each word's Chinese
translations), a passage's share is the groups it holds one member of, and the question is
answered when the passage the answer would quote holds at least `MIN_SHARE` of them and its
cosine is at least `MIN_COSINE` (bench/answers.py --sets laws). The answer quotes the passage
(`quote`), in Chinese, cited: the asker sees what the document says, not a translation of it."""

from __future__ import annotations

from functools import lru_cache

from luodi.answer.cited import head
from luodi.answer.text import Sentence, split_sentences
from luodi.chunk import is_rule
from luodi.fold import to_simplified
from luodi.index.crosslingual import translation_groups
from luodi.types import Hit

MIN_SHARE = 0.6
MIN_COSINE = 0.87  # multilingual-e5-small (e5-small-q4): the rule is only valid for its cosines


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
