"""Term statistics: cached per store, refreshed only when the corpus moves by a tenth, and no scan
of the corpus at all while nothing was written."""

from __future__ import annotations

from luodi.answer import idf


class Counting:
    """A store whose id listing is counted: the scan the cache exists to avoid."""

    def __init__(self, store):
        self.store, self.url, self.scans = store, store.url, 0

    def generation(self):
        return self.store.generation()

    def current_chunk_ids(self):
        self.scans += 1
        return self.store.current_chunk_ids()

    def chunks(self, ids):
        return self.store.chunks(ids)


def test_stats_follow_the_corpus_without_scanning_it_per_question(store, add):
    add(store, "a.md", [f"第{i}条 快件{i}号规则" for i in range(60)])
    st = Counting(store)
    first = idf.stats_for(st)
    assert first.n == 60 and st.scans == 1
    for _ in range(5):
        assert idf.stats_for(st) is first
    assert st.scans == 1  # nothing written: the generation alone says so
    add(store, "b.md", ["第一条 另一条规则"])  # +1 chunk: under a tenth, the statistics stand
    assert idf.stats_for(st) is first and st.scans == 2
    assert idf.stats_for(st) is first and st.scans == 2
    add(store, "c.md", [f"第{i}条 冷链{i}" for i in range(20)])
    fresh = idf.stats_for(st)
    assert fresh is not first and fresh.n == 81 and fresh.df.get("冷链")
