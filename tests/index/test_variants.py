"""luodi.index.variants: a question's words the documents never use, bridged to the ones they do."""

from __future__ import annotations

import pytest

from luodi.index.dense import HashEmbedder
from luodi.index.tokenize import tokenize
from luodi.index.variants import bridged, held, parse, table
from luodi.retrieve import Retriever

TABLE = parse("""
# comment
個資 個人資料 = 个人信息   # trailing comment
倒卖 = 买卖 出售
丢了 = 丢失
""")


def index_of(*texts: str):
    """has_term of a keyword index over `texts`."""
    terms = {t for text in texts for t in tokenize(text)}
    return terms.__contains__


def test_the_table_is_folded_and_read_one_sense_a_line():
    assert TABLE == {"个资": ("个人信息",), "个人资料": ("个人信息",), "倒卖": ("买卖", "出售"),
                     "丢了": ("丢失",)}
    with pytest.raises(ValueError, match="asked words = document words"):
        parse("個資 个人信息")
    assert table()["个资"][0] == "个人信息"  # the shipped table reads


def test_a_word_the_documents_lack_is_replaced_by_one_they_use():
    has = index_of("个人信息处理者应当采取措施。", "禁止非法买卖个人信息。")
    assert bridged("客戶的個資可以賣嗎？", has, TABLE) == "客戶的个人信息可以賣嗎？"  # the rest as written
    assert bridged("有人在倒卖个资", has, TABLE) == "有人在买卖个人信息"


def test_documents_that_use_the_askers_word_keep_it():
    taiwan = index_of("業者蒐集個資應告知當事人。", "個人資料之蒐集應有特定目的。")
    assert bridged("業者可以蒐集個資嗎？", taiwan, TABLE) == "業者可以蒐集個資嗎？"


def test_no_document_word_in_the_index_leaves_the_question_alone():
    assert bridged("包裹丢了怎么办", index_of("保价费按声明价值收取。"), TABLE) == "包裹丢了怎么办"
    assert bridged("What about 個資?", index_of("个人信息"), TABLE) == "What about 个人信息?"
    assert bridged("What about privacy?", index_of("个人信息"), TABLE) == "What about privacy?"


def test_a_word_that_starts_inside_a_longer_word_is_not_replaced():
    table = parse("卖数据 = 出售数据")
    has = index_of("不得出售数据。")
    assert bridged("倒卖数据犯法吗", has, table) == "倒卖数据犯法吗"
    assert bridged("卖数据犯法吗", has, table) == "出售数据犯法吗"


def test_held_reads_a_word_jieba_cuts_apart_through_its_bigrams():
    has = index_of("个人信息保护")
    assert held("个人信息", has) and not held("个资", has)


def test_a_traditional_question_in_its_own_words_finds_the_mainland_rule(store, add):
    emb = HashEmbedder()
    add(store, "个人信息保护规定.md", ["第一条 处理个人信息应当取得个人同意。",
                                      "第二条 快递运单应当定期销毁。"], embedder=emb)
    retriever = Retriever(store, emb, mode="keyword")
    hits = retriever.search("客戶的個資要經過同意嗎？", k=1)
    assert hits and "个人信息" in hits[0].text
