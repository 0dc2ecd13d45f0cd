import numpy as np
import pytest

from luodi.index.dense import E5Embedder, HashEmbedder
from luodi.retrieve import Retriever, hubs


class Fixed:
    """An embedder with chosen vectors, named as the fitted encoder."""

    name, dim = "e5-small-q4", 3

    def __init__(self, vectors: dict[str, list[float]]):
        self.vectors = vectors

    def _vec(self, text: str) -> np.ndarray:
        # a passage is embedded with its section in front: find its word in the text
        v = np.array(next((v for k, v in self.vectors.items() if k in text), [0.0, 0.0, 1.0]), dtype=np.float32)
        return v / np.linalg.norm(v)

    def embed_passages(self, texts, progress=None, batch_size=16):
        return np.stack([self._vec(t) for t in texts]) if texts else np.empty((0, 3), np.float32)

    def embed_query(self, text: str) -> np.ndarray:
        return self._vec(text)


def test_other_encoders_rank_by_plain_similarity():
    q = np.array([0.6, 0.8], dtype=np.float32)
    assert hubs.bank_means(HashEmbedder()) is None
    assert hubs.ranking_vector(q, "哪条规定", HashEmbedder()) is q
    assert hubs.ranking_vector(q, "which rule", None) is q


def test_a_passage_near_every_question_gives_way(store, add, monkeypatch):
    # Both passages are as near the question (cosine 0.8); the hub is also near the bank's
    # questions in general (axis 0), the other is not.
    emb = Fixed({"hub": [1.0, 0.0, 0.0], "answer": [0.0, 1.0, 0.0], "question": [0.6, 0.6, 0.0]})
    monkeypatch.setattr(hubs, "bank_means", lambda e: np.array([[0.9, 0.0, 0.0], [0.9, 0.0, 0.0]], np.float32))
    add(store, "a.md", ["hub"], embedder=emb)
    add(store, "b.md", ["answer"], embedder=emb)
    plain = Retriever(store, emb, mode="dense", bank=False).search("question", k=2)
    banked = Retriever(store, emb, mode="dense").search("question", k=2)
    assert [h.text for h in banked] == ["answer", "hub"]
    assert plain[0].scores["dense"] == plain[1].scores["dense"]
    # the hits' cosines stay plain: the answer stage's rule reads them
    assert {h.text: h.scores["dense"] for h in banked} == {h.text: h.scores["dense"] for h in plain}


def test_english_and_chinese_questions_use_their_own_part_of_the_bank(monkeypatch):
    means = np.array([[1.0, 0.0], [0.0, 1.0]], dtype=np.float32)
    monkeypatch.setattr(hubs, "bank_means", lambda e: means)
    q = np.zeros(2, dtype=np.float32)
    assert hubs.ranking_vector(q, "保价费多少", None).tolist() == pytest.approx([-hubs.BANK_WEIGHT, 0.0])
    assert hubs.ranking_vector(q, "What is the fee?", None).tolist() == pytest.approx([0.0, -hubs.BANK_WEIGHT])


def test_the_bank_is_general_and_in_both_languages():
    questions = hubs._bank()
    assert len(questions) == 300
    chinese, english = questions[: hubs._CHINESE_LINES], questions[hubs._CHINESE_LINES :]
    assert all(not q.isascii() for q in chinese) and all(q.isascii() for q in english)
    # a bank that shares a deployment's domain takes the domain out of its questions
    assert not any(w in q for q in questions for w in ("快递", "快件", "包裹", "法律", "parcel", "courier", " law"))


def test_bank_means_of_the_real_encoder_are_computed_once_then_read(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_CACHE", str(tmp_path))
    monkeypatch.setattr(hubs, "_means", {})
    emb = E5Embedder()
    means = hubs.bank_means(emb)
    assert means.shape == (2, emb.dim)
    assert 0.5 < float(means[0] @ means[1]) < 0.99  # two languages, one kind of text
    assert list(tmp_path.glob("question-bank-e5-small-q4-*.npy"))
    monkeypatch.setattr(hubs, "_means", {})
    monkeypatch.setattr(emb, "embed_query", lambda text: pytest.fail("the cached means were not read"))
    assert np.array_equal(hubs.bank_means(emb), means)


def test_a_cache_file_a_crash_cut_short_is_made_again(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_CACHE", str(tmp_path))
    monkeypatch.setattr(hubs, "_means", {})
    emb = Fixed({})
    first = hubs.bank_means(emb)
    [cached] = tmp_path.glob("question-bank-*.npy")
    cached.write_bytes(b"")
    monkeypatch.setattr(hubs, "_means", {})
    assert np.array_equal(hubs.bank_means(emb), first)
    assert cached.stat().st_size > 0
