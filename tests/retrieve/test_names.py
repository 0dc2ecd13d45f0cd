"""The documents a citation names (luodi.retrieve.names)."""

from __future__ import annotations

import pytest

from luodi.fold import fold
from luodi.retrieve.names import SOFT, english_before, named_documents, scope, title_of

TITLES = {
    1: title_of("中华人民共和国个人信息保护法 > 第二章 > 第二十一条", "laws/个人信息保护法.md"),
    2: title_of("中华人民共和国消费者权益保护法 > 第二十九条", "laws/消费者权益保护法.md"),
    3: title_of("飞鸽快递月结协议客户服务规则 > 第十二条", "handbook/月结协议客户服务规则.md"),
    4: title_of("飞鸽快递业务操作手册 > 第十二条", "handbook/飞鸽快递业务操作手册.md"),
    5: title_of("Feige Express International Shipping Guide > Section 3", "guide/intl.md"),
    6: title_of("", "laws/道路交通安全法(2021-04-29).md"),
    7: title_of("", "laws/道路交通安全法实施条例(2017-10-07).md"),
    8: title_of("", "laws/最高人民法院关于执行《刑法》确定罪名的补充规定.md"),
    9: title_of("中华人民共和国刑法 > 第二百八十七条之一", "laws/刑法(2020-12-26).md"),
    10: title_of("顺达物流理赔规则", "upload:claims.md"),  # one chunk: its section is the title alone
}


@pytest.mark.parametrize(("mention", "docs"), [
    ("个人信息保护法", {1}),
    ("中华人民共和国个人信息保护法", {1}),
    ("请问个保法", {1}),  # an abbreviation: its characters in order; the question's words drop off
    ("保护法", {1, 2}),
    ("月结规则", {3}),
    ("理赔规则", {10}),
    ("业务操作手册", {4}),
    ("personal information protection law", {1}),  # through the dictionary
    ("operations manual", {4}),
    ("international shipping guide", {5}),
    ("law on road traffic safety", {6}),  # word by word: the dictionary reads the phrase as 交安
    ("road traffic safety law implementing regulations", {7}),
    ("consumer protection law", {2}),
    ("law", {1, 2, 6, 7, 8, 9}),  # one word cannot tell which law (scope: no name)
    ("road traffic safety law regarding pedestrians", {6}),  # the name runs on into the question
    ("law of the people's republic of china on road traffic safety", {6}),  # as officially put
    ("monthly safety rules", set()),  # a short name whole: 月结 rules are not safety rules
    ("e-commerce law", set()),  # "e commerce" is 电子商务 as a phrase; no title here has it
    # the law itself before the rules and interpretations made under it
    ("道交法", {6}),
    ("道路交通安全法", {6}),
    ("实施条例", {7}),
    ("刑法", {9}),
    ("本法", set()),
    # a name the knowledge base lacks is not matched by its ending
    ("运输规则", set()),
    ("数据安全法", set()),
    ("根据月结规则", {3}),
    ("法", set()),
    ("", set()),
])
def test_named_documents(mention, docs):
    assert TITLES[9] == "刑法\n刑法"  # no 中华人民共和国, no date
    assert named_documents(mention, TITLES) == docs


def test_english_titles_of_chinese_laws_use_their_legal_words():
    titles = {1: title_of("", "laws/安全生产法(2021-06-10).md"),
              2: title_of("", "laws/快递暂行条例(2019-03-02).md"),
              3: title_of("", "laws/快递市场管理办法(2023-12-17).md"),
              4: title_of("", "laws/电子商务法(2018-08-31).md"),
              5: title_of("", "laws/消费者权益保护法(2013-10-25).md")}
    assert named_documents("work safety law", titles) == {1}  # work safety: 安全生产
    assert named_documents("interim regulations on express delivery", titles) == {2}
    assert named_documents("measures for the administration of the express delivery market", titles) == {3}
    assert named_documents("e-commerce law", titles) == {4}
    assert named_documents("law on the protection of consumer rights and interests", titles) == {5}


@pytest.mark.parametrize(("name", "law"), [
    ("anti-monopoly law", "反垄断法"),  # monopoly: 专利, 专卖 … to the dictionary, never 垄断
    ("cryptography law", "密码法"),  # 密码学: its first two characters name the title
    ("counter-espionage law", "反间谍法"),
    ("administrative licensing law", "行政许可法"),
])
def test_english_titles_by_word_forms_and_legal_words(name, law):
    laws = ["反垄断法", "密码法", "反间谍法", "行政许可法", "行政处罚法", "商标法"]
    titles = {i: title_of("", f"laws/{t}(2020-01-01).md") for i, t in enumerate(laws)}
    assert named_documents(name, titles) == {laws.index(law)}


def test_one_english_word_naming_several_documents_names_none():
    assert scope("law", TITLES) is None and scope("personal information protection law", TITLES) == {1}


def test_english_words_before_a_citation_name_a_document_only_where_one_fits():
    before = english_before("what do the monthly settlement rules, ")
    assert before == SOFT + "monthly settlement rules" and scope(before, TITLES) == {3}
    assert scope(english_before("how many tries does the personal information protection law"), TITLES) == {1}
    assert scope(english_before("what about the weekend rules "), TITLES) is None  # fits none: unnamed
    assert scope(english_before("the law's "), TITLES) is None  # several laws: which, one word cannot tell
    assert english_before("what is the fine for late delivery under ") == ""  # no name ends so
    assert english_before("In the Postal Law, could you tell me what ") == SOFT + "postal law"
    assert scope(english_before("I read the manual, "), TITLES) is None  # one word names nothing


@pytest.mark.parametrize(("name", "doc"), [
    ("Hong Kong instructions", 1), ("bulky goods service description", 2), ("cold chain specification", 3),
    ("warehousing service standard", 4), ("Spring Festival notice", 5), ("operations guide", 6),
])
def test_english_names_of_a_companys_rulebooks(name, doc):
    titles = {i: fold(title_of(t, "")) for i, t in enumerate(
        ["", "飛鴿快遞港澳台件作業須知", "飛鴿大件快運服務說明", "飛鴿快遞冷鏈生鮮收寄規範", "仓储服务规范",
         "关于春节期间收寄安排的通知", "网点操作指南"])}
    assert named_documents(name, titles) == {doc}


def test_a_title_that_only_quotes_the_name_is_another_documents():
    interpretation = {8: TITLES[8]}  # 最高人民法院关于执行《刑法》确定罪名的补充规定, without 刑法 itself
    assert named_documents("刑法", interpretation) == set()
    assert named_documents("刑法", TITLES) == {9}
    assert named_documents("确定罪名的补充规定", interpretation) == {8}


def test_a_titles_own_brackets_stay_and_full_width_ones_match():
    """…的解释（四） is not …的解释（三）: only a bracketed date is the file name's and dropped."""
    titles = {
        1: title_of("", "sj/最高人民法院关于审理劳动争议案件适用法律若干问题的解释（三）(2010-09-13).md"),
        2: title_of("", "sj/最高人民法院关于审理劳动争议案件适用法律若干问题的解释（四）(2013-01-18).md"),
        3: title_of("", "rules/快递服务管理办法（试行）.md"),
    }
    assert titles[2].endswith("解释(四)")
    assert named_documents("最高人民法院关于审理劳动争议案件适用法律若干问题的解释（四）", titles) == {2}
    assert named_documents("快递服务管理办法（试行）", titles) == {3}
    quoted = {1: title_of("", "sj/最高人民法院关于在民事审判工作中适用〈工会法〉若干问题的解释.md")}
    assert named_documents("最高人民法院关于在民事审判工作中适用《中华人民共和国工会法》若干问题的解释",
                           quoted) == {1}  # 〈〉 and 《》 alike


def test_of_dated_versions_of_one_text_the_newest_is_cited():
    from luodi.retrieve.names import newest_versions
    from luodi.timeutil import file_date

    titles = {1: title_of("", "laws/立法法(2015-03-15).md"), 2: title_of("", "laws/立法法(2023-03-13).md"),
              3: title_of("", "laws/监察法.md"), 4: title_of("", "laws/监察法(2024-12-25).md")}
    dated = {doc: day for doc, t in ((1, "立法法(2015-03-15).md"), (2, "立法法(2023-03-13).md"),
                                     (4, "监察法(2024-12-25).md")) if (day := file_date(t))}
    assert dated == {1: "2015-03-15", 2: "2023-03-13", 4: "2024-12-25"}
    assert newest_versions({1, 2}, titles, dated) == {2}
    assert newest_versions({3, 4}, titles, dated) == {3, 4}  # one undated: nothing tells which is newer
    assert newest_versions({1, 3}, titles, dated) == {1, 3}  # different texts
