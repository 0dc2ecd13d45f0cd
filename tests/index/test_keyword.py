import numpy as np
import pytest

from luodi.index.keyword import KeywordIndex, top_k

DOCS = [
    ["快递", "丢失", "赔偿", "赔偿"],
    ["快递", "延误", "第20条"],
    ["个人", "信息", "保护", "个人"],
    ["courier", "lose", "parcel"],
    ["快递", "快递", "快递", "包裹", "丢失", "延误", "投诉"],
]


def test_scores_match_bm25s_lucene():
    bm25s = pytest.importorskip("bm25s")
    ref = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
    ref.index(DOCS, show_progress=False)
    ours = KeywordIndex.build(DOCS)
    for query in (["快递", "丢失"], ["第20条"], ["个人", "信息"], ["parcel", "快递", "投诉"]):
        expected = ref.get_scores(query)
        np.testing.assert_allclose(ours.scores(query), expected, rtol=1e-5, atol=1e-6)


def test_incremental_equals_rebuild():
    full = KeywordIndex.build(DOCS[:2] + DOCS[3:])  # without doc 2
    inc = KeywordIndex.build(DOCS[:3]).extended(DOCS[3:], removed=[2])
    q = ["快递", "丢失", "个人", "parcel"]
    got = inc.scores(q)
    assert got[2] == 0
    np.testing.assert_allclose(np.delete(got, 2), full.scores(q), rtol=1e-6)
    assert inc.n_live == 4 and inc.dead_fraction == pytest.approx(0.2)


def test_extended_leaves_the_old_index_untouched():
    old = KeywordIndex.build(DOCS[:2])
    before = old.scores(["快递"]).copy()
    old.extended(DOCS[2:], removed=[0])
    np.testing.assert_array_equal(old.scores(["快递"]), before)
    assert old.n_live == 2


def test_candidates_restrict_but_keep_global_statistics():
    idx = KeywordIndex.build(DOCS)
    mask = np.array([False, True, False, False, True])
    restricted = idx.scores(["快递", "丢失"], mask)
    full = idx.scores(["快递", "丢失"])
    assert restricted[0] == 0 and restricted[1] == pytest.approx(full[1])


def test_unknown_and_empty_queries():
    idx = KeywordIndex.build(DOCS)
    assert not idx.scores(["不存在"]).any()
    assert not idx.scores([]).any()
    assert not KeywordIndex().scores(["快递"]).any()


@pytest.mark.parametrize(
    ("scores", "k", "mask", "expected"),
    [
        ([0.0, 3.0, 1.0, 3.0], 2, None, [1, 3]),
        ([0.0, 3.0, 1.0, 3.0], 10, None, [1, 3, 2]),
        ([0.0, 3.0, 1.0, 3.0], 2, [True, False, True, True], [3, 2]),
        ([0.0, 0.0], 3, None, []),
    ],
)
def test_top_k(scores, k, mask, expected):
    idx, _ = top_k(np.array(scores, dtype=np.float32), k,
                   None if mask is None else np.array(mask))
    assert idx.tolist() == expected


@pytest.mark.data
def test_parity_with_bm25s_on_real_chinese_text(shared_data):
    import json

    bm25s = pytest.importorskip("bm25s")
    from luodi.index.tokenize import tokenize

    data = json.loads((shared_data / "cmrc2018" / "cmrc2018_trial.json").read_text("utf-8"))
    paras = [p for art in data["data"] for p in art["paragraphs"]][:80]
    docs = [tokenize(p["context"]) for p in paras]
    ref = bm25s.BM25(method="lucene", k1=1.5, b=0.75)
    ref.index(docs, show_progress=False)
    ours = KeywordIndex.build(docs)
    for p in paras[:10]:
        q = tokenize(p["qas"][0]["question"])
        np.testing.assert_allclose(ours.scores(q), ref.get_scores(q), rtol=1e-4, atol=1e-5)


def test_a_synonym_group_counts_as_one_term():
    # Pirkola's structured query: tf summed over the members, df of their union.
    idx = KeywordIndex.build(DOCS)
    got = idx.scores([], groups=[["赔偿", "投诉"]])
    n, avgdl = 5, sum(map(len, DOCS)) / 5
    idf = np.log1p((n - 2 + 0.5) / (2 + 0.5))  # df = |{doc 0, doc 4}|
    for slot, tf in ((0, 2.0), (4, 1.0)):
        norm = 1.5 * (1 - 0.75 + 0.75 * len(DOCS[slot]) / avgdl)
        assert got[slot] == pytest.approx(idf * tf / (tf + norm), rel=1e-5)
    assert not got[[1, 2, 3]].any()
    # a one-member group is that term; unknown members cost nothing
    np.testing.assert_allclose(idx.scores([], groups=[["延误", "不存在"]]), idx.scores(["延误"]))
    assert not idx.scores([], groups=[["不存在"], []]).any()
    # groups add to the plain terms' scores
    np.testing.assert_allclose(idx.scores(["快递"], groups=[["延误"]]),
                               idx.scores(["快递", "延误"]), rtol=1e-6)
    # a group met twice (an English word repeated in the question) counts once, as a term does
    np.testing.assert_allclose(idx.scores([], groups=[["赔偿", "投诉"], ["赔偿", "投诉"]]),
                               idx.scores([], groups=[["赔偿", "投诉"]]))
