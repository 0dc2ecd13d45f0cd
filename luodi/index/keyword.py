"""BM25 over an inverted index that can grow and shrink without a rebuild.

Scores follow the Lucene variant used by bm25s (k1=1.5, b=0.75):
idf = ln(1 + (N - df + 0.5) / (df + 0.5)), tf part = tf / (tf + k1 * (1 - b + b * dl / avgdl)).
N, df and avgdl count live documents only and are computed at query time, so adding or
removing documents never rewrites other documents' postings.

An index is immutable once built: `extended()` returns a new index that shares every posting
list it did not touch, so a reader holding the old one never sees half of an update.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


class KeywordIndex:
    """Postings per term over integer document slots; a slot is dead once removed."""

    def __init__(self, k1: float = 1.5, b: float = 0.75):
        self.k1, self.b = k1, b
        self.postings: dict[str, tuple[np.ndarray, np.ndarray]] = {}  # term -> (slots, tf)
        self.doclen = np.zeros(0, dtype=np.float32)  # by slot; dead slots keep their length
        self.live = np.zeros(0, dtype=bool)
        self.n_live = 0
        self.total_len = 0.0

    @classmethod
    def build(cls, token_lists: Sequence[Sequence[str]], k1: float = 1.5,
              b: float = 0.75) -> KeywordIndex:
        """Index documents; document i gets slot i."""
        return cls(k1, b).extended(token_lists, removed=())

    def extended(self, token_lists: Sequence[Sequence[str]],
                 removed: Sequence[int] | np.ndarray = ()) -> KeywordIndex:
        """A new index with `token_lists` appended (next free slots) and `removed` slots dead."""
        new = KeywordIndex(self.k1, self.b)
        base = len(self.doclen)
        lengths = np.fromiter((len(t) for t in token_lists), dtype=np.float32,
                              count=len(token_lists))
        new.doclen = np.concatenate([self.doclen, lengths])
        new.live = np.concatenate([self.live, np.ones(len(token_lists), dtype=bool)])
        new.n_live, new.total_len = self.n_live + len(token_lists), self.total_len + float(lengths.sum())
        removed = np.asarray(removed, dtype=np.int64)
        if removed.size:
            removed = removed[(removed < len(new.live))]
            removed = removed[new.live[removed]]
            new.live[removed] = False
            new.n_live -= int(removed.size)
            new.total_len -= float(new.doclen[removed].sum())
        new.postings = dict(self.postings)  # shallow: untouched lists are shared, never mutated
        for term, slots, tfs in _group_postings(token_lists, base):
            old = self.postings.get(term)
            if old is None:
                new.postings[term] = (slots, tfs)
            else:
                new.postings[term] = (np.concatenate([old[0], slots]),
                                      np.concatenate([old[1], tfs]))
        return new

    def compacted_slots(self) -> np.ndarray:
        """Live slots in order: the slot map of a rebuild that drops dead documents."""
        return np.flatnonzero(self.live)

    @property
    def dead_fraction(self) -> float:
        return 1.0 - self.n_live / len(self.live) if len(self.live) else 0.0

    def __len__(self) -> int:
        return len(self.doclen)

    def has_term(self, term: str) -> bool:
        return term in self.postings

    def doc_freq(self, term: str) -> int:
        """Slots that hold `term` (removed ones included until compaction)."""
        found = self.postings.get(term)
        return 0 if found is None else len(found[0])

    def scores(self, query_tokens: Sequence[str], candidates: np.ndarray | None = None,
               groups: Sequence[Sequence[str]] = ()) -> np.ndarray:
        """BM25 score of every slot (0 where no term matches; dead and non-candidate slots get 0).

        `candidates` is a boolean mask over slots: filters restrict the set before ranking.
        Each of `groups` (synonyms, e.g. the translations of one English word) counts as one
        term: its members' tfs are summed per slot and its df is that of their union. Like the
        plain terms, a group counts once however often the query repeats it.
        """
        out = np.zeros(len(self.doclen), dtype=np.float32)
        if not self.n_live:
            return out
        allowed = self.live if candidates is None else (self.live & candidates)
        avgdl = self.total_len / self.n_live if self.total_len else 1.0
        norm = self.k1 * (1.0 - self.b + self.b * self.doclen / avgdl)
        terms = [self.postings.get(t) for t in dict.fromkeys(query_tokens)]  # unique, order kept
        terms += [self._union(g) for g in dict.fromkeys(tuple(sorted(set(g))) for g in groups)]
        for posting in terms:
            if posting is None:
                continue
            slots, tf = posting
            alive = self.live[slots]
            df = int(alive.sum())
            if not df:
                continue
            idf = np.log1p((self.n_live - df + 0.5) / (df + 0.5))
            keep = allowed[slots]
            s, t = slots[keep], tf[keep]
            out[s] += idf * t / (t + norm[s])
        return out

    def _union(self, group: Sequence[str]) -> tuple[np.ndarray, np.ndarray] | None:
        """One posting list for a synonym group: slots of any member, tfs summed."""
        lists = [self.postings[t] for t in dict.fromkeys(group) if t in self.postings]
        if len(lists) <= 1:
            return lists[0] if lists else None
        # A dense tally over all slots: O(slots) per group, where sorting the merged postings of
        # common words (数据, 安全 in a 67k-chunk corpus) would cost several times more.
        tally = np.zeros(len(self.doclen), dtype=np.float32)
        for slots, tfs in lists:
            tally[slots] += tfs  # a term lists each slot once, so no index repeats within a list
        slots = np.flatnonzero(tally)
        return slots, tally[slots]


def _group_postings(token_lists: Sequence[Sequence[str]], base: int):
    """(term, slots, tfs) for each term of the batch, vectorised: a large batch (a first
    build) would otherwise hold a Python int per posting."""
    vocab: dict[str, int] = {}
    n = len(token_lists)
    if not n:
        return
    lengths = np.fromiter((len(t) for t in token_lists), dtype=np.int64, count=n)
    term_ids = np.fromiter((vocab.setdefault(t, len(vocab)) for toks in token_lists for t in toks),
                           dtype=np.int64, count=int(lengths.sum()))
    if not term_ids.size:
        return
    docs = np.repeat(np.arange(n, dtype=np.int64), lengths)
    pairs, tf = np.unique(term_ids * n + docs, return_counts=True)  # sorted by term, then doc
    terms, docs = pairs // n, pairs % n
    cuts = np.flatnonzero(np.diff(terms)) + 1
    starts = np.concatenate([[0], cuts])
    ends = np.concatenate([cuts, [len(pairs)]])
    names = list(vocab)
    slots_all = (docs + base).astype(np.int32)
    tf_all = tf.astype(np.float32)
    for a, b in zip(starts.tolist(), ends.tolist(), strict=True):
        yield names[int(terms[a])], slots_all[a:b], tf_all[a:b]


def top_k(scores: np.ndarray, k: int, mask: np.ndarray | None = None,
          positive_only: bool = True) -> tuple[np.ndarray, np.ndarray]:
    """Indices and scores of the k best entries, best first (ties: lower index first)."""
    if mask is not None:
        idx = np.flatnonzero(mask & (scores > 0) if positive_only else mask)
    else:
        idx = np.flatnonzero(scores > 0) if positive_only else np.arange(len(scores))
    if not idx.size or k <= 0:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    vals = scores[idx]
    if idx.size > k:
        part = np.argpartition(-vals, k - 1)[:k]
        idx, vals = idx[part], vals[part]
    order = np.lexsort((idx, -vals))
    return idx[order], vals[order]
