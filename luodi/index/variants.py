"""A Chinese question's words that the documents never use, replaced by the words they do use.

People ask in their own words: a Taiwan user writes 個資 and 駕照, a courier 面单 and 弄丢, while
mainland regulations write 个人信息, 驾驶证, 快递运单 and 丢失. Keyword search shares no term across
such a pair. A table of our own (variants_zh.txt: the askers' words, then the same thing in the
documents' words) bridges them: a question's word that the knowledge base never uses is replaced
by the first of its document words the knowledge base does use. A corpus that uses the askers'
word keeps it, so a Taiwan handbook is searched for its own 個資. The retriever applies it to the
keyword side only: the encoder already pairs such words loosely, and embedding the replaced
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


@lru_cache(maxsize=1)
def table() -> dict[str, tuple[str, ...]]:
    """Folded asker's word → the folded document words it stands for, most usual first."""
    text = resources.files("luodi.index").joinpath("variants_zh.txt").read_text(encoding="utf-8")
    return parse(text)


def parse(text: str) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    for raw in text.splitlines():
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        asked, sep, written = line.partition("=")
        words = tuple(dict.fromkeys(fold(w) for w in written.split()))
        if not sep or not words or not asked.split():
            raise ValueError(f"variants_zh.txt: expected 'asked words = document words', got {raw!r}")
        for word in asked.split():
            out[fold(word)] = tuple(w for w in words if w != fold(word))
    return out


@lru_cache(maxsize=4)
def _pattern(keys: frozenset[str]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(k) for k in sorted(keys, key=len, reverse=True)))


def held(word: str, has_term: Callable[[str], bool]) -> bool:
    """Whether the keyword index holds `word` (folded): as a token, or as each of its character
    bigrams (jieba cuts a word differently in different sentences)."""
    if has_term(word):
        return True
    grams = char_bigrams(word)
    return bool(grams) and all(has_term(g) for g in grams)


def bridged(query: str, has_term: Callable[[str], bool],
            variants: dict[str, tuple[str, ...]] | None = None) -> str:
    """`query` with each asker's word the index lacks replaced by its first document word the
    index holds; unchanged when there is none (or no Chinese)."""
    if not has_cjk(query):
        return query
    variants = table() if variants is None else variants
    folded = fold(query)
    # splice into the question as written when folding kept every position, so the encoder sees
    # the user's own script and case elsewhere
    base = query if len(folded) == len(query) else folded
    out, pos, cuts = [], 0, None
    for m in _pattern(frozenset(variants)).finditer(folded):
        if held(m.group(0), has_term):
            continue
        cuts = _cuts(folded) if cuts is None else cuts
        if m.start() not in cuts:  # 卖数据 in 倒卖数据 (an end inside 网路上's 路上 is fine)
            continue
        choice = next((w for w in variants[m.group(0)] if held(w, has_term)), None)
        if choice is not None:
            out += [base[pos : m.start()], choice]
            pos = m.end()
    return "".join(out) + base[pos:] if out else query


def _cuts(text: str) -> set[int]:
    """The positions between dictionary words of `text`."""
    cuts, pos = {0}, 0
    for word in words(text):
        pos += len(word)
        cuts.add(pos)
    return cuts
