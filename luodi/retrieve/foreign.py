"""Words of a Chinese question that name a document written in another language: 国际 names the
English international guide.

A knowledge base may hold one service's rules in English beside the others' in Chinese. A
Chinese question lies 0.07–0.09 closer to Chinese passages than to English ones in the encoder's
space, so a question about that service was answered from another service's Chinese rule:
国际件保价要交多少钱 quoted the domestic manual's 0.5% (the international guide says 1%), 15 of
20 such questions in bench/english.py. Such a question names its document: the word is a
translation of a word of the document's title (luodi.index.crosslingual) or in the title
itself, and almost nowhere else — at most `MAX_ELSEWHERE` of the other documents' chunks hold
it, and it names at most half of the documents. Only documents written mostly without Chinese
are named so: between passages in the question's language search is fair, and in a corpus of
encyclopaedia articles most words of a question are in some title and rare elsewhere (DRCD with
its article titles in the file names: 1,896 of 3,524 questions would name a document, and
answers right from other articles were declined).

The answer stage reads `named_scopes` (luodi.answer.Answerer).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import numpy as np

from luodi.fold import to_simplified
from luodi.index.crosslingual import translation_groups
from luodi.index.script import NO_CJK
from luodi.index.tokenize import tokenize
from luodi.retrieve.state import Snapshot

MAX_ELSEWHERE = 0.03  # share of the chunks outside the named documents that may hold the word
MIN_CHARS = 2  # a single character (件, 费) names nothing
MAX_TRANSLATIONS = 12  # International: 4 (国际…); Shipping 18, Guide 25, Express 37


@dataclass(frozen=True)
class TitleTerms:
    joined: str  # every document's names, simplified, one document a line
    starts: list[int]  # where each document's line starts in `joined`
    docs: list[int]  # the document id of each line
    glossed: dict[str, frozenset[int]]  # a Chinese word -> documents whose English title translates to it
    foreign: frozenset[int]  # documents written mostly without Chinese
    present: frozenset[int]  # documents with live chunks

    def titled(self, word: str) -> set[int]:
        """The documents whose names hold `word` or translate to it."""
        out: set[int] = set(self.glossed.get(word, ()))
        at = self.joined.find(word)
        while at >= 0:
            line = bisect_right(self.starts, at) - 1
            out.add(self.docs[line])
            nxt = self.starts[line + 1] if line + 1 < len(self.starts) else len(self.joined)
            at = self.joined.find(word, nxt)
        return out


@dataclass(frozen=True)
class Named:
    scopes: dict[str, frozenset[int]]  # words that name documents, with the documents each names
    titled: frozenset[int]  # documents whose titles hold any word of the question (a scope or not)


def title_terms(snap: Snapshot) -> TitleTerms:
    """The words each document's title offers, read once per snapshot."""
    lines, starts, docs, at = [], [], [], 0
    for doc, names in snap.titles.items():
        line = to_simplified(names).replace("\n", " ") + "\n"
        lines.append(line)
        starts.append(at)
        docs.append(doc)
        at += len(line)
    glossed: dict[str, set[int]] = {}
    for doc, names in snap.titles.items():
        for group in translation_groups(names, lambda term: True):
            # a title word the dictionary translates many ways names the document by none of them:
            # the company's "Express" (37 translations) made 加急 name the English guide
            if len(group) <= MAX_TRANSLATIONS:
                for term in group:
                    glossed.setdefault(term, set()).add(doc)
    live = snap.keyword.live
    ids, latin = snap.doc_ids[live], snap.script[live] == NO_CJK
    total, without = np.unique(ids, return_counts=True), np.unique(ids[latin], return_counts=True)
    shares = dict(zip(total[0].tolist(), total[1].tolist(), strict=True))
    foreign = {d for d, n in zip(without[0].tolist(), without[1].tolist(), strict=True) if 2 * n >= shares[d]}
    return TitleTerms("".join(lines), starts, docs, {t: frozenset(d) for t, d in glossed.items()},
                      frozenset(foreign), frozenset(shares))


def named_scopes(snap: Snapshot, terms: TitleTerms, question: str,
                 candidates: np.ndarray | None = None) -> Named:
    """The question's words that name documents written in another language, and the
    documents whose titles hold any of its words (among the `candidates` slots' documents)."""
    live = snap.keyword.live if candidates is None else (snap.keyword.live & candidates)
    if not terms.foreign or not live.any():  # no document to name: nothing to read (the common case)
        return Named({}, frozenset())
    present = terms.present if candidates is None else set(np.unique(snap.doc_ids[live]).tolist())
    scopes: dict[str, frozenset[int]] = {}
    titled: set[int] = set()
    for word in dict.fromkeys(tokenize(question, bigrams=False)):
        if len(word) < MIN_CHARS or not any("\u4e00" <= ch <= "\u9fff" for ch in word):
            continue
        docs = terms.titled(word) & present
        if not docs or 2 * len(docs) > len(present):
            continue
        titled |= docs
        if docs <= terms.foreign and _rare_elsewhere(snap, live, word, docs):
            scopes[word] = frozenset(docs)
    return Named(scopes, frozenset(titled))


def _rare_elsewhere(snap: Snapshot, live: np.ndarray, word: str, docs: set[int]) -> bool:
    outside = live & ~np.isin(snap.doc_ids, np.fromiter(docs, dtype=np.int64))
    posting = snap.keyword.postings.get(word)
    held = 0 if posting is None else int(outside[posting[0]].sum())
    return held <= MAX_ELSEWHERE * max(int(outside.sum()), 1)


def mentions(word: str, section: str, text: str) -> bool:
    return word in to_simplified(section + " " + text)
