"""luodi.retrieve.foreign: which words of a Chinese question name documents in another language."""

from __future__ import annotations

import pytest

from luodi.index.dense import HashEmbedder
from luodi.retrieve import Retriever

# A courier's rules split by service; 国际 is said once outside the international guide, 快递 in
# most titles and everywhere.
MANUAL = [f"第{n}条 快递员收寄快件应当当面验视内件，第{n}项规定。" for n in range(1, 40)] + [
    "国际件另有专门规范的，优先适用专门规范。",
    "冷链生鲜件另有专门规范的，优先适用专门规范。",
    "第四十条 保价费按声明价值的0.5%收取。",
]
COLD = ["第一条 冷链附加费：冷冻件每票15元。", "第二条 冷链快递的保价费按声明价值的1%收取。"]
GUIDE = ["3.6 Insurance costs 1% of the declared value.", "2.1 Zone A covers Japan and Korea."]


@pytest.fixture
def kb(store, add):
    emb = HashEmbedder()
    docs = {
        "manual": add(store, "飞鸽快递业务操作手册.md", MANUAL, embedder=emb,
                      sections=["飞鸽快递业务操作手册 > 第一章"] * len(MANUAL)),
        "cold": add(store, "飞鸽快递冷链生鲜收寄规范.md", COLD, embedder=emb,
                    sections=["飞鸽快递冷链生鲜收寄规范 > 第一章"] * len(COLD)),
        "guide": add(store, "international-shipping-guide.md", GUIDE, embedder=emb,
                     sections=["Feige Express International Shipping Guide > Section 3"] * len(GUIDE)),
    }
    return Retriever(store, emb), docs


def test_a_title_word_said_almost_nowhere_else_names_its_document(kb):
    retriever, docs = kb
    assert retriever.scopes("国际件保价要交多少钱？").scopes == {"国际": {docs["guide"]}}  # through "international"
    assert retriever.scopes("國際件保價要交多少錢？").scopes == {"国际": {docs["guide"]}}  # traditional folds
    cold = retriever.scopes("冷链的保价费怎么算？")  # a Chinese document: search is fair to it
    assert cold.scopes == {} and cold.titled == {docs["cold"]}


def test_words_that_name_no_one(kb):
    retriever, _ = kb
    assert retriever.scopes("快递丢了怎么赔？").scopes == {}  # in two titles, and in every manual rule
    assert retriever.scopes("保价费是多少？").scopes == {}  # in no title
    english = retriever.scopes("How much is insurance for an international parcel?")
    assert english.scopes == {} and english.titled == set()  # Chinese words are read, not English ones


def test_a_title_word_with_many_translations_names_nothing(kb):
    retriever, _ = kb
    # 加急 is one of the 37 translations of the company's "Express": no word of the guide's
    assert retriever.scopes("寄到香港的快件可以加急吗？").scopes == {}


def test_any_title_word_of_the_question_names_its_document_loosely(kb):
    retriever, docs = kb
    named = retriever.scopes("快递员手册里国际件怎么收费？")  # 快递 names two of the three
    assert named.scopes == {"国际": {docs["guide"]}}  # 手册 names a Chinese document
    assert named.titled == {docs["guide"], docs["manual"]}
    assert retriever.scopes("冷链快递怎么收费？").titled == {docs["cold"]}


def test_a_word_said_often_elsewhere_names_nothing(store, add):
    emb = HashEmbedder()
    cold = add(store, "cold-chain-rules.md", ["The cold chain surcharge is CNY 15."], embedder=emb,
               sections=["Cold Chain Rules > General"])
    add(store, "手册.md", [f"第{n}条 冷链件须冷藏，第{n}项。" for n in range(1, 10)], embedder=emb,
        sections=["手册 > 第一章"] * 9)
    named = Retriever(store, emb).scopes("冷链的附加费怎么收？")
    assert named.scopes == {} and named.titled == {cold}  # 9 of the manual's 9 rules say it


def test_filters_restrict_the_documents_named(store, add):
    emb = HashEmbedder()
    add(store, "taiwan-rules.md", ["Insurance costs 1% of the declared value."], embedder=emb,
        collection="a", sections=["Taiwan Shipment Rules > Rates"])
    add(store, "手册.md", [f"第{n}条 快件当面验视，第{n}项。" for n in range(1, 10)], embedder=emb,
        collection="b", sections=["手册 > 第一章"] * 9)
    retriever = Retriever(store, emb)
    assert "台湾" in retriever.scopes("寄台湾的件保价多少？").scopes
    assert retriever.scopes("寄台湾的件保价多少？", collection="b").scopes == {}
