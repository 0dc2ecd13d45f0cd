import pytest

from luodi.index.fusion import (
    DENSE_SHARPNESS,
    KEYWORD_SHARPNESS,
    fuse,
    minmax,
    ranked,
    rrf,
    sharpness_weights,
    weighted,
)


@pytest.mark.parametrize(
    ("rankings", "weights", "k", "expected"),
    [
        ([[1, 2, 3], [3, 2, 1]], None, 60, {1: 1 / 61 + 1 / 63, 2: 2 / 62, 3: 1 / 63 + 1 / 61}),
        ([[1, 2], [2]], None, 0, {1: 1.0, 2: 0.5 + 1.0}),
        ([[1], [2]], [2.0, 1.0], 1, {1: 1.0, 2: 0.5}),
        ([[], [5]], None, 60, {5: 1 / 61}),
        ([], None, 60, {}),
    ],
)
def test_rrf_table(rankings, weights, k, expected):
    got = rrf(rankings, weights, k)
    assert got.keys() == expected.keys()
    for key, value in expected.items():
        assert got[key] == pytest.approx(value)


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({1: 10.0, 2: 5.0, 3: 0.0}, {1: 1.0, 2: 0.5, 3: 0.0}),
        ({1: 0.9, 2: 0.9}, {1: 1.0, 2: 1.0}),
        ({}, {}),
        ({7: -1.0, 8: 1.0}, {7: 0.0, 8: 1.0}),
    ],
)
def test_minmax_table(scores, expected):
    assert minmax(scores) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("maps", "weights", "expected"),
    [
        ([{1: 10.0, 2: 0.0}, {2: 0.9, 3: 0.5}], None, {1: 1.0, 2: 1.0, 3: 0.0}),
        ([{1: 10.0, 2: 0.0}, {2: 0.9, 3: 0.5}], [0.25, 0.75], {1: 0.25, 2: 0.75, 3: 0.0}),
        ([{1: 2.0}, {}], None, {1: 1.0}),
    ],
)
def test_weighted_table(maps, weights, expected):
    assert weighted(maps, weights) == pytest.approx(expected)


def test_fuse_dispatch_and_ranked_ties():
    maps = [{1: 3.0, 2: 2.0}, {2: 0.9, 1: 0.1}]
    assert [i for i, _ in ranked(fuse(maps, "rrf"))] == [1, 2]  # tie broken by smaller id
    assert [i for i, _ in ranked(fuse(maps, "weighted", [1.0, 2.0]))] == [2, 1]
    with pytest.raises(ValueError):
        fuse(maps, "max")
    with pytest.raises(ValueError):
        rrf([[1]], [1.0, 2.0])
    assert ranked({1: 1.0, 2: 2.0, 3: 2.0}, 2) == [(2, 2.0), (3, 2.0)]


def _kw_list(top: float, tenth: float, n: int = 10) -> dict[int, float]:
    """n BM25 scores falling evenly from top to tenth (and on past it)."""
    return {i: top - (top - tenth) * i / 9 for i in range(n)}


def _dense_list(gap: float, n: int = 12) -> dict[int, float]:
    return {i: 0.85 - gap * i / 9 for i in range(n)}


def test_sharpness_weights_give_the_vote_to_the_list_that_is_sure():
    base = (0.4, 0.6)
    usual = sharpness_weights(_kw_list(KEYWORD_SHARPNESS, 1.0), _dense_list(DENSE_SHARPNESS), base)
    assert usual == pytest.approx(base)  # at the usual sharpness, the base weights
    w_kw, w_dense = sharpness_weights(_kw_list(1.1, 1.0), _dense_list(0.04), base)
    assert w_kw < 0.3 and w_dense > 0.7  # flat BM25, decisive vectors
    w_kw, w_dense = sharpness_weights({1: 5.0, 2: 1.0}, _dense_list(0.002), base)
    assert w_kw > 0.6 and w_dense < 0.4  # two chunks hold the words; the vectors cannot tell
    assert w_kw + w_dense == pytest.approx(1.0)  # fused scores stay within 0..1
    # both factors have the same bounds: the flattest list against the sharpest one
    flat_kw = sharpness_weights(_kw_list(1.0, 1.0), _dense_list(1.0), base)
    flat_dense = sharpness_weights({1: 9.0}, _dense_list(0.0), base)
    assert flat_kw[0] / flat_kw[1] == pytest.approx(flat_dense[1] / flat_dense[0] * (0.4 / 0.6) ** 2)


def test_sharpness_weights_keep_the_base_where_there_is_nothing_to_compare():
    base = (0.4, 0.6)
    # a pool of under ten chunks (a small knowledge base, a filter to one document): a near tie
    # in BM25 must not read as a sharp list
    assert sharpness_weights({1: 9.87, 2: 9.79}, {1: 0.86, 2: 0.85}, base) == base
    assert sharpness_weights({}, {}, base) == base
    assert sharpness_weights(_kw_list(3.0, 1.0), _dense_list(0.02), (0.0, 0.0)) == (0.0, 0.0)
    # a score that is not a number is left out, not spread over every fused score
    weights = sharpness_weights(_kw_list(3.0, 1.0), {0: float("nan"), **_dense_list(0.02)}, base)
    assert all(w == w and w > 0 for w in weights)


def test_nine_matches_of_a_large_pool_are_sharp_however_alike():
    # under ten chunks hold the question's words at all: the tenth best scores 0
    nine = sharpness_weights({i: 2.0 for i in range(9)}, _dense_list(DENSE_SHARPNESS), (0.4, 0.6))
    assert nine[0] > 0.4
