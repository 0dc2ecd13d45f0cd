"""A query in one language over passages in another: what the retriever adds for it.

The small multilingual encoder pairs English with Chinese loosely and keyword search shares no
word across the two, so an English question over Chinese text is embedded with its words'
dictionary translations and searched with them as keyword groups, its dense candidates kept in
two lists by script; a Chinese question over English passages alone is searched with its words'
glosses (luodi.index.crosslingual).
"""

from __future__ import annotations

import re

import numpy as np

from luodi.fold import fold
from luodi.index.crosslingual import gloss_groups
from luodi.index.fusion import fuse
from luodi.index.script import NO_CJK, script_of
from luodi.index.tokenize import tokenize
from luodi.retrieve.state import Snapshot

_CODE = re.compile(r"[a-z0-9_-]*\d[a-z0-9_-]*")  # SF1234567890, KM-CG-2025-03, 3.5, Q12
_WORD = re.compile(r"[^\W\d_]{2,}")  # letters of any alphabet: Cyrillic too, full-width after folding


def with_translations(snap: Snapshot, query: str, groups: list[list[str]]) -> str:
    """An English question over Chinese text with the corpus's commonest dictionary translation
    of each of its words appended (`groups`, its CC-CEDICT groups without our glossary's words:
    appending those moved the laws set's English questions both ways): the small e5 pairs English
    with Chinese loosely (laws set, English questions: recall@5 0.825 → 0.873)."""
    picks = [max((t for t in g if not t.startswith("~")), key=snap.keyword.doc_freq, default="")
             for g in groups]
    extra = " ".join(t for t in picks if t)
    return f"{query} {extra}" if extra else query


def english(query: str) -> bool:
    """A question without Chinese characters ("What’s the fee?" with a curly quote included) and
    with an English word besides its codes and numbers: "KM-CG-2025-03" alone is a code, searched
    as written, its best match first whatever the script of the passage that holds it."""
    if script_of(query, sample=len(query)) != NO_CJK:
        return False
    return _WORD.search(_CODE.sub(" ", fold(query))) is not None


def glossed(snap: Snapshot, query: str, cand: np.ndarray | None) -> list[list[str]]:
    """A Chinese query over English passages only (a search of English documents): its words'
    dictionary glosses as keyword groups, since none of its words is in the passages."""
    if english(query):
        return []
    mask = snap.live if cand is None else (snap.live & cand)
    if (snap.script[mask] != NO_CJK).any():
        return []
    return gloss_groups(tokenize(query, bigrams=False), snap.keyword.has_term)


def by_script(snap: Snapshot, dense: dict[int, float]) -> list[dict[int, float]]:
    """An English question's candidates as two lists, English passages and Chinese ones, each
    normalised on its own in fusion. Dense (`Retriever._dense` takes the best n of each): its
    vector carries Chinese translations (`with_translations`), and Chinese passages meet it at
    higher cosines than English ones that answer it (the demo's "How many business days … to
    Germany": Chinese pick-up rules 0.873, the English guide 0.853), so one list let them crowd
    out the guide. Keyword (split whenever the dense side is): BM25 over an English passage's own
    words outscores BM25 over a Chinese one's dictionary translations, so one list let an English
    FAQ sharing a word crowd out the Chinese rule that answers."""
    latin = {s: v for s, v in dense.items() if snap.script[s] == NO_CJK}
    if not latin or len(latin) == len(dense):
        return [dense]
    return [latin, {s: v for s, v in dense.items() if s not in latin}]


def chinese_documents(snap: Snapshot) -> set[int]:
    """The documents whose live passages are mostly written in Chinese, when the knowledge base
    also holds passages without Chinese (an English question may be asked of them alone: its
    English words draw it to the English pages); else empty. An English FAQ that names 飞鸽 in one
    passage is not one of them."""
    live = snap.live
    docs = snap.doc_ids[: len(live)][live]
    cjk = (snap.script[: len(live)] != NO_CJK)[live]
    if cjk.all() or not cjk.any():
        return set()
    ids, at = np.unique(docs, return_inverse=True)  # one pass, not one per document
    return set(ids[2 * np.bincount(at, weights=cjk) > np.bincount(at)].tolist())


def fused(snap: Snapshot, query: str, kw: dict[int, float], dense: dict[int, float], method: str,
          weights: tuple[float, float], rrf_k: float) -> dict[int, float]:
    """The two lists fused (`weights`: keyword, dense), an English question's each split by
    script (`by_script`)."""
    dense_lists = by_script(snap, dense) if english(query) else [dense]
    kw_lists = by_script(snap, kw) if len(dense_lists) > 1 else [kw]
    return fuse([*kw_lists, *dense_lists], method,
                (*[weights[0]] * len(kw_lists), *[weights[1]] * len(dense_lists)), rrf_k)
