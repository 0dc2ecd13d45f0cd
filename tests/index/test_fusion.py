import pytest

from luodi.index.fusion import fuse, minmax, ranked, rrf, weighted


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
