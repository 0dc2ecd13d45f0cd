"""luodi.index.variants: a question's words the documents never use, bridged to the ones they do."""

from __future__ import annotations

import pytest

from luodi.index.dense import HashEmbedder
from luodi.index.tokenize import tokenize
from luodi.index.variants import bridged, parse, table, used
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
    assert parse("電子郵件 = 电子邮件") == {}  # folds to its own document word: nothing to add
    assert table()["个资"][0] == "个人信息"  # the shipped table reads
    assert "机车" not in table()  # Taiwan's 機車 folds to the mainland's locomotive


def test_a_word_the_documents_lack_is_searched_with_one_they_use():
    has = index_of("个人信息处理者应当采取措施。", "禁止非法买卖个人信息。")
    assert bridged("客戶的個資可以賣嗎？", has, TABLE) == "客戶的個資可以賣嗎？ 个人信息"
    assert bridged("有人在倒卖个资，个资", has, TABLE) == "有人在倒卖个资，个资 买卖 个人信息"


def test_documents_that_use_the_askers_word_get_nothing_added():
    taiwan = index_of("業者蒐集個資應告知當事人。", "個人資料之蒐集應有特定目的。", "個資")
    assert bridged("業者可以蒐集個資嗎？", taiwan, TABLE) == "業者可以蒐集個資嗎？"


def test_no_document_word_in_the_index_leaves_the_question_alone():
    assert bridged("包裹丢了怎么办", index_of("保价费按声明价值收取。"), TABLE) == "包裹丢了怎么办"
    assert bridged("What about 個資?", index_of("个人信息"), TABLE) == "What about 個資? 个人信息"
    assert bridged("What about privacy?", index_of("个人信息"), TABLE) == "What about privacy?"


def test_only_whole_words_are_read():
    table = parse("卖数据 = 出售数据\n软体 = 软件\n身分證 = 身份证\n身分證字號 = 身份证号码")
    has = index_of("不得出售数据。", "软件", "身份证")
    assert bridged("倒卖数据犯法吗", has, table) == "倒卖数据犯法吗"  # starts inside 倒卖
    assert bridged("卖数据犯法吗", has, table) == "卖数据犯法吗 出售数据"
    assert bridged("软体动物能寄吗", has, table) == "软体动物能寄吗"  # ends inside 软体动物
    # the longer word has no document word here: the shorter one inside it is tried
    assert bridged("身分證字號外洩怎麼辦", has, table) == "身分證字號外洩怎麼辦 身份证"


def test_used_reads_a_longer_word_jieba_cuts_apart_through_its_bigrams():
    has = index_of("个人信息保护", "发送包含运单号的短信", "各个资源")
    assert used("个人信息", has) and used("运单号", has)
    assert not used("个资", has)  # 个资 of 各个资源 is two words' characters, not the word


def test_a_traditional_question_in_its_own_words_finds_the_mainland_rule(store, add):
    emb = HashEmbedder()
    add(store, "规定.md", ["第一条 处理快递运单应当取得同意。", "第二条 处理个人信息应当取得同意。"],
        embedder=emb)
    retriever = Retriever(store, emb, mode="keyword")
    hits = retriever.search("客戶個資，處理前要取得同意嗎？", k=2)  # both share 处理, 取得, 同意
    assert [h.text[:3] for h in hits] == ["第二条", "第一条"]
    assert hits[0].scores["keyword"] > hits[1].scores["keyword"]
