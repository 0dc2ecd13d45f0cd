from __future__ import annotations

import pytest

from luodi.chunk import chunk_text, is_rule, paragraphs

LAW = """# 某某条例

## 第一章 总则

第一条 为了规范快递服务，制定本条例。

第二条 本条例适用于：
（一）收寄；
（二）派送。

## 第二章 赔偿

第二十条　快件丢失的，按照保价金额赔偿。

第二十一条 未保价的，最高赔偿运费的三倍。
"""


def test_articles_carry_their_section_path():
    chunks = chunk_text(LAW)
    assert [c.section for c in chunks] == [
        "某某条例 > 第一章 总则 > 第一条",
        "某某条例 > 第一章 总则 > 第二条",
        "某某条例 > 第二章 赔偿 > 第二十条",
        "某某条例 > 第二章 赔偿 > 第二十一条",
    ]
    assert "（二）派送。" in chunks[1].text  # list items stay with their article


def test_offsets_point_into_the_text():
    for c in chunk_text(LAW):
        assert LAW[c.start : c.end] == c.text


def test_traditional_articles_and_english_sections():
    text = "第一章 總則\n第一條 本規範適用於港澳台件。\n第二條 申報價值不得超過五千元。\n\n## Section 2 Customs\n\nRule 2.1 Declare the value.\n"
    sections = [c.section for c in chunk_text(text)]
    assert sections[:2] == ["第一章 總則 > 第一條", "第一章 總則 > 第二條"]
    assert sections[2].endswith("Rule 2.1")


@pytest.mark.parametrize("size", [60, 200, 600])
def test_chunks_are_bounded(size):
    text = "## 长文\n\n" + "这是一句很长的话，用来测试切分。" * 200
    chunks = chunk_text(text, max_chars=size)
    assert chunks and all(len(c.text) <= size for c in chunks)
    assert all(text[c.start : c.end] == c.text for c in chunks)


def test_paragraph_groups_without_structure():
    text = "\n\n".join(f"第{i}段的内容。" * 5 for i in range(30))
    chunks = chunk_text(text, max_chars=300)
    assert len(chunks) > 1 and all(len(c.text) <= 300 for c in chunks)


def test_a_list_slightly_over_the_size_stays_whole():
    # its last item cut off would open the next paragraph's chunk, quoted out of its list
    items = "\n".join(f"{i}. item number {i} of the list of things we do not carry;" for i in range(1, 8))
    text = f"## 5. Prohibited\n\n5.1 We do not accept the following:\n{items}\n\n5.2 Batteries are fine.\n"
    chunks = chunk_text(text, max_chars=400)
    listed = [c for c in chunks if "7. item" in c.text]
    assert len(listed) == 1 and "5.1" in listed[0].text and "5.2" not in listed[0].text
    assert all(text[c.start : c.end] == c.text for c in chunks)
    long = "\n".join(f"{i}. item number {i} of a much longer list of things;" for i in range(1, 30))
    assert all(len(c.text) <= 500 for c in chunk_text(f"Lead:\n{long}\n", max_chars=400))  # far over: split


def test_tiny_limit_rejected():
    with pytest.raises(ValueError):
        chunk_text("x", max_chars=10)


def test_is_rule_reads_the_last_step_of_a_section_path():
    assert is_rule("飞鸽快递业务操作手册 > 第四章 禁限寄物品 > 第三十五条")
    assert is_rule("快递暂行条例 > 第二十條之一")
    assert is_rule("Guide > Article 12") and is_rule("Section 6.2")
    assert not is_rule("第四章 禁限寄物品")  # a chapter is a heading, not a rule
    assert not is_rule("台北市 > 歷史") and not is_rule("")


@pytest.mark.parametrize(("article", "want"), [
    ("第五条 甲。\n乙：\n（一）丙；\n（二）丁。\n戊。", [["第五条 甲。"], ["乙：", "（一）丙；", "（二）丁。"], ["戊。"]]),
    # hard-wrapped or soft-broken lines rejoin until a sentence closes (。 ： ；)
    ("第五条 寄件人应当\n如实填写，\n不得虚报。\n（一）快递\n员核对；\n乙。",
     [["第五条 寄件人应当如实填写，不得虚报。", "（一）快递员核对；"], ["乙。"]]),
    ("第五条 “甲。”\n乙（试行）\n丙。", [["第五条 “甲。”"], ["乙（试行）丙。"]]),
    ("第五条\n甲。", [["第五条"], ["甲。"]]),  # the label on a line of its own stays apart
    ("Article 5 applies\nto all parcels", [["Article 5 applies"], ["to all parcels"]]),  # Chinese only
])
def test_paragraphs_of_an_article(article, want):
    assert paragraphs(article) == want
