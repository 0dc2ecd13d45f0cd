"""A Chinese question's words that the documents never use, searched as the words they do use.

People ask in their own words: a Taiwan user writes 個資 and 駕照, a courier 面单 and 删掉, while
mainland regulations write 个人信息, 驾驶证, 快递运单 and 删除. Keyword search shares no term across
such a pair. A table of our own (variants_zh.txt: the askers' words, then the same thing in the
documents' words) bridges them: for a question's word that the knowledge base never uses, the
first of its document words that the knowledge base does use is added to the keyword query. A
corpus that uses the asker's word gets nothing added, so a Taiwan handbook is searched for its
own 個資. Words are matched whole, between jieba's dictionary words, so 软体 is not read in
软体动物 nor 卖数据 in 倒卖数据, and the question itself is never rewritten: an addition the
asker did not mean costs a little ranking, not a garbled question. The retriever applies it to
the keyword side only: the encoder already pairs such words loosely, and embedding a rewritten
question lost as many questions as it won (docs/benchmarks.md, "Retrieval"). English questions
have their own bridge (luodi.index.crosslingual).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from importlib import resources

from luodi.fold import fold, has_cjk
from luodi.index.tokenize import char_bigrams, words

Table = dict[str, tuple[str, ...]]


@lru_cache(maxsize=1)
def table() -> Table:
    """Folded asker's word → the folded document words it stands for, most usual first."""
    text = resources.files("luodi.index").joinpath("variants_zh.txt").read_text(encoding="utf-8")
    return parse(text)


def parse(text: str) -> Table:
    out: Table = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        asked, sep, written = line.partition("=")
        said = tuple(dict.fromkeys(fold(w) for w in written.split()))
        if not sep or not said or not asked.split():
            raise ValueError(f"variants_zh.txt: expected 'asked words = document words', got {raw!r}")
        for word in map(fold, asked.split()):
            others = tuple(w for w in said if w != word)  # 電子郵件 folds to its own 电子邮件
            if others:
                out[word] = others
    return out


@lru_cache(maxsize=4)
def _pattern(keys: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def used(word: str, has_term: Callable[[str], bool]) -> bool:
    """Whether the keyword index holds a word (folded): as a token, or, for three characters or
    more, as each of its character bigrams (jieba cuts 个人信息 into 个人 and 信息, 运单号 into 运单
    and 号). A two-character word must be a token: its bigram is found across words (个资 in
    各个资源)."""
    if has_term(word):
        return True
    grams = char_bigrams(word)
    return len(word) >= 3 and bool(grams) and all(has_term(g) for g in grams)


def bridged(query: str, has_term: Callable[[str], bool], variants: Table | None = None) -> str:
    """`query` with, after it, the document word for each whole word of it that the index does
    not use and that has a document word the index uses; unchanged when there is none."""
    if not has_cjk(query):
        return query
    variants = table() if variants is None else variants
    folded = fold(query)
    if not _pattern(frozenset(variants)).search(folded):
        return query  # the common case: no listed word anywhere, no jieba cut needed
    cuts = _cuts(folded)
    longest = max(map(len, variants))
    added: list[str] = []
    i = 0
    while i < len(folded):
        found = None
        if i in cuts:
            for j in range(min(len(folded), i + longest), i, -1):  # the longest whole word first
                word = folded[i:j]
                if j in cuts and word in variants and not used(word, has_term):
                    found = next((w for w in variants[word] if used(w, has_term)), None)
                    if found:
                        break
        if found:
            added.append(found)
            i = j
        else:
            i += 1
    return f"{query} {' '.join(dict.fromkeys(added))}" if added else query


def _cuts(text: str) -> set[int]:
    """The positions between jieba's dictionary words of `text` (no HMM guesses)."""
    cuts, pos = {0}, 0
    for word in words(text):
        pos += len(word)
        cuts.add(pos)
    return cuts
