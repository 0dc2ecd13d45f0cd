"""A question that only asks what a cited article says is answered with the article itself."""

from __future__ import annotations

from dataclasses import replace

import pytest

from luodi.answer import Answerer, AskOptions
from luodi.answer.cited import MAX_CHARS, head, quote_part
from luodi.retrieve.refs import asks_for_text
from luodi.types import Hit

from .conftest import FixedRetriever

RULE_12 = ("第十二条 月结协议客户通过电子面单系统或开放接口下单。开放接口的调用频率上限为每秒50次，"
           "超过上限的请求将被拒绝并返回错误代码。")


def _hit(cid, doc, section, text, cited=False):
    return Hit(cid, doc, section, text, 1.0, cid, scores={"cited": 1.0} if cited else {})


HITS = [
    _hit(1, "月结.md", "飞鸽快递月结协议客户服务规则 > 第三章 服务 > 第十二条", RULE_12, cited=True),
    _hit(2, "月结.md", "飞鸽快递月结协议客户服务规则 > 第一章 总则 > 第一条",
         "第一条 为规范月结协议客户的准入、结算和服务，制定本规则。"),
]


def ask(question, hits=HITS):
    return Answerer(FixedRetriever(hits)).ask(question, AskOptions())


@pytest.mark.parametrize(("question", "expected"), [
    ("月结规则第十二条说了什么", True),
    ("月结协议客户服务规则第十二条", True),
    ("《快递暂行条例》第四十条的内容是什么？", True),
    ("個保法第二十一條講什麼", True),
    ("What does Article 21 of the Personal Information Protection Law say?", True),
    ("Show me the text of rule 12", True),
    ("快递暂行条例第四十条第二款第（一）项说了什么", True),
    ("What does Chapter 5 of the Postal Law cover?", True),
    ("第十二条规定取件员要提前多久打电话？", False),
    ("第四十条的罚款是多少", False),
    ("快件丢了怎么赔", False),
])
def test_asks_for_text(question, expected):
    assert asks_for_text(question) is expected


def test_the_article_is_quoted_whole_and_cited():
    a = ask("月结规则第十二条说了什么")
    assert a.answer == RULE_12 + " [1]"
    assert [c.chunk for c in a.citations] == [1] and a.citations[0].quote == RULE_12
    assert a.checks and all(c.supported for c in a.checks)
    assert not a.abstained and a.route == "knowledge"


def test_a_question_about_the_article_is_answered_as_usual():
    a = ask("月结规则第十二条规定的接口调用频率上限是多少？")
    assert "50次" in a.answer and a.answer != RULE_12 + " [1]"


def test_articles_of_several_documents_carry_their_titles():
    other = _hit(3, "大件.md", "飛鴿大件快運服務說明 > 第三章 > 第十二條", "第十二條 大件標準運費＝起步價＋超重費。", cited=True)
    a = ask("第十二条", [HITS[0], other])
    lines = a.answer.split("\n")
    assert lines[0].startswith("《飞鸽快递月结协议客户服务规则》第十二条") and lines[0].endswith("[1]")
    assert lines[1] == "《飛鴿大件快運服務說明》第十二條 大件標準運費＝起步價＋超重費。 [2]"


def test_english_titles_are_not_put_in_chinese_brackets():
    faq = _hit(4, "faq.md", "Safety FAQ > Q3. How long may I drive?", "No more than 4 hours.", cited=True)
    guide = _hit(5, "guide.md", "Shipping Guide > Section 3. Rates", "3.1 Rates are per 0.5 kg.", cited=True)
    assert ask("Q3", [faq, guide]).answer.split("\n") == [
        "Safety FAQ: No more than 4 hours. [1]", "Shipping Guide: 3.1 Rates are per 0.5 kg. [2]"]


def test_a_long_article_split_in_chunks_is_quoted_from_its_start():
    section = "消费者权益保护法 > 第七章 > 第五十六条"
    rest = _hit(8, "消法.md", section, "（十）法律、法规规定的其他情形。", cited=True)
    start = _hit(7, "消法.md", section, "第五十六条 经营者有下列情形之一的，处以罚款：", cited=True)
    a = ask("消法第五十六条说了什么", [rest, start])
    assert a.answer == "第五十六条 经营者有下列情形之一的，处以罚款： [1]"
    assert [c.chunk for c in a.citations] == [7]


def test_an_article_the_hits_lack_is_declined_not_stood_in_for():
    a = ask("月结规则第九十九条说了什么", [HITS[1]])
    assert a.abstained and a.extra["fallback"] == "no such article"
    assert not ask("月结规则第九十九条规定的频率上限是多少", [HITS[1]]).extra.get("fallback")
    # rules run together on one line: the chunk labelled 第一条 holds 第二条 too
    joined = _hit(5, "r.txt", "第一条", "第一条 快件应当当面验收。第二条 快件丢失的，按保价金额赔偿。")
    inline = ask("第二条说了什么", [joined])
    assert inline.answer == "第二条 快件丢失的，按保价金额赔偿。 [1]" and inline.citations[0].chunk == 5
    assert ask("第三条说了什么", [joined]).extra.get("fallback") == "no such article"
    # another document's article, labelled as such, that the search left unmarked: not quoted
    other = _hit(6, "手册.md", "飞鸽快递业务操作手册 > 第九十九条", "第九十九条 派送员应当如实录入原因。")
    assert ask("月结规则第九十九条说了什么", [HITS[1], other]).extra.get("fallback") == "no such article"
    assert ask("月结规则第二条说了什么", [joined]).extra.get("fallback") == "no such article"  # r.txt


def test_a_long_article_is_quoted_to_a_sentence_end():
    text = "第九条 " + "。".join(f"第{i}项规定的内容写在这里，共有二十来个字" for i in range(40)) + "。"
    quoted = head(text)
    assert quoted.endswith("。 …") and len(quoted) <= MAX_CHARS + 2
    assert text.startswith(quoted[:-2])
    assert head("第一条 短。") == "第一条 短。"


ARTICLE_40 = ("第四十条 未取得快递业务经营许可从事快递活动的，予以处罚。\n\n"
              "经营快递业务的企业有下列行为之一的，可以处1万元以下的罚款：\n\n"
              "(一)开办快递末端网点未备案；\n\n(二)停止经营快递业务，未提前10日向社会公告。\n\n"
              "有前款规定行为的，应当责令改正。")


@pytest.mark.parametrize(("para", "item", "quote"), [
    (1, 0, "第四十条第一款：未取得快递业务经营许可从事快递活动的，予以处罚。"),
    (2, 0, "第四十条第二款：经营快递业务的企业有下列行为之一的，可以处1万元以下的罚款："
           "(一)开办快递末端网点未备案；(二)停止经营快递业务，未提前10日向社会公告。"),
    (3, 0, "第四十条第三款：有前款规定行为的，应当责令改正。"),
    (2, 1, "第四十条第二款第一项：经营快递业务的企业有下列行为之一的，可以处1万元以下的罚款："
           "(一)开办快递末端网点未备案；"),
    (0, 2, "第四十条第二款第二项：经营快递业务的企业有下列行为之一的，可以处1万元以下的罚款： … "
           "(二)停止经营快递业务，未提前10日向社会公告。"),  # the items before it left out
    (4, 0, None), (2, 3, None), (1, 1, None), (0, 3, None),
])
def test_a_paragraph_or_item_is_quoted_with_its_place(para, item, quote):
    assert quote_part(ARTICLE_40, para, item) == quote


def test_a_traditional_article_with_its_label_on_a_line_of_its_own():
    article = "第五條\n大件須預約。\n逾期未取件的，退回寄件人：\n（一）寄件人另有約定的除外。"
    assert quote_part(article, 2, 1) == "第五條第二款第一項：逾期未取件的，退回寄件人：（一）寄件人另有約定的除外。"


def test_a_cited_paragraph_is_answered_checked_and_a_missing_one_declined():
    section = "快递暂行条例 > 第七章 法律责任 > 第四十条"
    start, rest = ARTICLE_40.split("(二)")
    hits = [_hit(7, "条例.md", section, start, cited=True), _hit(8, "条例.md", section, "(二)" + rest, cited=True)]
    a = ask("快递暂行条例第四十条第三款说了什么", hits)  # the article split in two chunks
    assert a.answer == "第四十条第三款：有前款规定行为的，应当责令改正。 [1]"
    assert a.checks and all(c.supported for c in a.checks) and [c.chunk for c in a.citations] == [7]
    item = ask("快递暂行条例第四十条第二款第（一）项说了什么", hits)
    assert "第二款第一项" in item.answer and all(c.supported for c in item.checks)
    gone = ask("月结规则第十二条第二款说了什么")  # rule 12 has one paragraph
    assert gone.abstained and gone.extra["fallback"] == "no such article"
    assert gone.citations[0].chunk == 1  # the article itself listed first


def test_a_cited_chapter_is_shown_by_its_articles_in_order_after_its_heading():
    section = "飞鸽快递业务操作手册 > 第二章 收寄与上门取件 > {}"
    hits = [
        _hit(13, "手册.md", section.format("第十三条"), "第十三条 收寄完成后10分钟内完成揽收扫描。系统发送短信。", cited=True),
        _hit(12, "手册.md", section.format("第十二条"), "第十二条 取件员应当在到达前30分钟致电客户。", cited=True),
        _hit(40, "手册.md", "飞鸽快递业务操作手册 > 第五章 派送 > 第四十条", "第四十条 派送前应当致电。"),
    ]
    a = ask("操作手册第二章讲了什么？", hits)
    assert a.answer.split("\n") == [
        "第二章 收寄与上门取件（节选）：第十二条 取件员应当在到达前30分钟致电客户。 [1]",
        "第十三条 收寄完成后10分钟内完成揽收扫描。 … [2]",  # its first sentence; it goes on
    ]
    assert [c.chunk for c in a.citations] == [12, 13] and all(c.supported for c in a.checks)
    traditional = _hit(7, "大件.md", "飛鴿大件快運服務說明 > 第二章 預約與收寄 > 第七條", "第七條 大件應當預約。", cited=True)
    assert ask("大件說明第二章講什麼", [traditional]).answer == "第二章 預約與收寄（節選）：第七條 大件應當預約。 [1]"
    assert ask("操作手册第九章讲了什么？", hits[2:]).extra["fallback"] == "no such article"  # no such chapter


def test_a_paragraph_is_quoted_only_of_the_article_it_is_cited_with():
    regs = _hit(1, "条例.md", "快递暂行条例 > 第七章 > 第四十条", ARTICLE_40, cited=True)
    measures = _hit(2, "办法.md", "快递市场管理办法 > 第四章 > 第四十条", "第四十条 快递企业应当公示服务标准。", cited=True)
    lines = ask("快递暂行条例第四十条第二款和快递市场管理办法第四十条说了什么", [regs, measures]).answer.split("\n")
    assert lines[0].startswith("《快递暂行条例》第四十条第二款：经营快递业务的企业")
    assert lines[1] == "《快递市场管理办法》第四十条 快递企业应当公示服务标准。 [2]"


def test_a_chapter_and_an_article_cited_together_are_both_answered():
    section = "飞鸽快递业务操作手册 > 第二章 收寄 > {}"
    hits = [_hit(40, "手册.md", "飞鸽快递业务操作手册 > 第五章 派送 > 第四十条", "第四十条 派送前应当致电。", cited=True),
            _hit(12, "手册.md", section.format("第十二条"), "第十二条\n取件员应当提前致电。", cited=True)]
    lines = ask("操作手册第二章和第四十条说了什么", hits).answer.split("\n")
    assert lines == ["第四十条 派送前应当致电。 [1]", "第二章 收寄（节选）：第十二条 取件员应当提前致电。 [2]"]
    prose = _hit(3, "手册.md", "飞鸽快递业务操作手册 > 第一章 总则", "本手册适用于全体员工。", cited=True)
    assert ask("操作手册第一章讲了什么", [prose]).answer == "第一章 总则（节选）：本手册适用于全体员工。 [1]"
    # the chapter named by its heading too: still a question about its text
    assert ask("操作手册第一章总则讲了什么", [prose]).answer == "第一章 总则（节选）：本手册适用于全体员工。 [1]"


def test_pieces_of_a_long_article_are_joined_where_they_were_cut():
    section = "消费者权益保护法 > 第七章 > 第五十六条"
    one = Hit(7, "消法.md", section, "第五十六条 经营者有下列情形之一的，处以罚款：\n(九)侵害消费者人格尊严的；",
              1.0, 7, scores={"cited": 1.0}, start=100, end=140)
    two = Hit(8, "消法.md", section, "(十)法律、法规规定的其他情形。", 1.0, 7, scores={"cited": 1.0}, start=141, end=156)
    a = ask("消法第五十六条第一款第十项说了什么", [one, two])
    assert a.answer.endswith(" … (十)法律、法规规定的其他情形。 [1]") and "(九)" not in a.answer
    glued = Hit(8, "消法.md", section, "另处罚款。", 1.0, 7, scores={"cited": 1.0}, start=140, end=145)
    whole = ask("消法第五十六条第一款说了什么", [replace(one, text="第五十六条 经营者侵害消费者权益的，责令改正。"), glued])
    assert whole.answer == "第五十六条第一款：经营者侵害消费者权益的，责令改正。另处罚款。 [1]"  # cut mid-paragraph


def test_a_label_followed_by_a_colon_is_not_doubled():
    assert quote_part("第四条：甲。", 1, 0) == "第四条第一款：甲。"


def test_paragraphs_listed_after_an_article_are_each_quoted():
    regs = _hit(1, "条例.md", "快递暂行条例 > 第七章 > 第四十条", ARTICLE_40, cited=True)
    a = ask("快递暂行条例第四十条第一款和第三款说了什么", [regs])
    assert a.answer.split("\n") == ["第四十条第一款：未取得快递业务经营许可从事快递活动的，予以处罚。 [1]",
                                    "第四十条第三款：有前款规定行为的，应当责令改正。 [2]"]
    assert asks_for_text("快递暂行条例第四十条第一款和第三款说了什么")

