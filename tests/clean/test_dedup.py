"""Near-duplicate detection: script folding, formatting noise, distinct articles stay distinct."""

from __future__ import annotations

import itertools
import random
import re

import pytest

from luodi.clean.dedup import (
    SIG_BYTES,
    NearDuplicateIndex,
    normalise,
    signature,
    similarity,
)
from luodi.errors import InputError

# Our own fictional courier rules (no third-party text).
ART_12 = (
    "第十二条 快递员在派送快件前，应当通过电话或者短信告知收件人预计送达时间。收件人不在的，"
    "快递员应当与收件人约定再次投递的时间，或者经收件人同意后将快件放入智能快件箱，并及时发送取件通知。"
)
ART_12_TRAD = (
    "第十二條 快遞員在派送快件前，應當通過電話或者短信告知收件人預計送達時間。收件人不在的，"
    "快遞員應當與收件人約定再次投遞的時間，或者經收件人同意後將快件放入智能快件箱，並及時發送取件通知。"
)
ART_13 = (
    "第十三条 快件在运输途中发生延误的，网点负责人应当在二十四小时内查明原因，"
    "向寄件人说明情况并提出处理方案；延误超过七十二小时的，按照运费的百分之五十予以补偿。"
)
ART_14 = (
    "第十四条 快递员在揽收快件时，应当当面验视寄件人交寄的物品，核对寄件人身份信息，"
    "拒绝收寄禁止寄递的物品，并如实填写快递运单。"
)

NEAR = [
    # (name, variant of ART_12 that must count as a near-duplicate)
    ("traditional script", ART_12_TRAD),
    ("rewrapped", ART_12.replace("。", "。\n\n").replace("，", "，\n")),
    ("half-width punctuation", ART_12.replace("，", ", ").replace("。", ". ")),
    ("page footer added", ART_12 + " 第3页"),
    ("spaces removed", ART_12.replace(" ", "")),
]
FAR = [
    ("another article", ART_13),
    ("neighbouring article, same vocabulary", ART_14),
    ("English text", "The courier must call the recipient before delivery."),
    ("empty", ""),
]


def test_signature_format():
    sig = signature(ART_12)
    assert isinstance(sig, bytes) and len(sig) == SIG_BYTES
    assert signature(ART_12) == sig  # deterministic across calls
    assert similarity(sig, sig) == 1.0


def test_normalise_folds_script_case_and_punctuation():
    assert normalise("Ｈello, 第十二條！ \n快遞 ２０２６") == "hello第十二条快递2026"
    assert normalise(ART_12_TRAD) == normalise(ART_12)


@pytest.mark.parametrize(("name", "variant"), NEAR)
def test_near_duplicates(name: str, variant: str):
    assert similarity(signature(ART_12), signature(variant)) >= 0.85, name


@pytest.mark.parametrize(("name", "other"), FAR)
def test_not_duplicates(name: str, other: str):
    assert similarity(signature(ART_12), signature(other)) < 0.5, name


def test_index_query_add_remove_replace():
    idx = NearDuplicateIndex()
    idx.add(12, signature(ART_12))
    idx.add(13, signature(ART_13))
    idx.add(14, signature(ART_14))
    assert len(idx) == 3 and 12 in idx

    hits = idx.query(signature(ART_12_TRAD))
    assert [doc for doc, _ in hits] == [12] and hits[0][1] >= 0.85

    idx.remove(12)
    idx.remove(999)  # unknown ids are ignored
    assert idx.query(signature(ART_12_TRAD)) == []

    idx.add(13, signature(ART_12))  # same id, new content: replaced
    assert [doc for doc, _ in idx.query(signature(ART_12))] == [13]
    assert len(idx) == 2


def test_query_best_first_and_low_threshold():
    rng = random.Random(7)
    base = ART_12 + ART_13 + ART_14
    idx = NearDuplicateIndex()
    # Drop ever more characters: similarity falls with each id.
    for doc_id, drop in enumerate((0, 4, 12, 30)):
        chars = list(base)
        for _ in range(drop):
            del chars[rng.randrange(len(chars))]
        idx.add(doc_id, signature("".join(chars)))
    hits = idx.query(signature(base), threshold=0.3)
    sims = [s for _, s in hits]
    assert sims == sorted(sims, reverse=True) and hits[0] == (0, 1.0)
    assert len(idx.query(signature(base), threshold=0.0)) == 4


def test_bad_signature_is_an_input_error():
    with pytest.raises(InputError, match="signature"):
        similarity(b"\x00" * 10, signature("x"))
    with pytest.raises(InputError):
        NearDuplicateIndex().add(1, b"not a signature")


@pytest.mark.data
def test_law_articles_are_distinct_and_find_their_traditional_twins(shared_data):
    import opencc

    s2t = opencc.OpenCC("s2t")
    laws = [p for p in sorted((shared_data / "laws_zh").glob("*.md")) if not p.stem.isupper()]
    assert laws, "no laws found"
    idx = NearDuplicateIndex()
    articles: dict[int, str] = {}
    for law in laws:
        text = law.read_text(encoding="utf-8")
        arts = [
            a for a in re.split(r"\n(?=第[一二三四五六七八九十百零]+条)", text) if a[:1] == "第"
        ]
        sigs = [signature(a) for a in arts]
        worst = max(similarity(a, b) for a, b in itertools.combinations(sigs, 2))
        assert worst < 0.85, f"two articles of {law.name} look like duplicates ({worst:.2f})"
        for art, sig in zip(arts, sigs, strict=True):
            articles[len(articles)] = art
            idx.add(len(articles) - 1, sig)
    for doc_id in range(0, len(articles), 7):
        hits = idx.query(signature(s2t.convert(articles[doc_id])))
        assert hits and hits[0][0] == doc_id and hits[0][1] >= 0.9
