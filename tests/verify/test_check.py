"""Checking atoms against evidence, and per-sentence reports."""

from __future__ import annotations

import pytest

from luodi.verify.check import check_atoms, split_sentences, verify_answer

EVIDENCE = [
    "第二十条 包裹重量超过20千克的，每件加收8元。",
    "赔偿上限为1.5萬元，时限为收件后30日内；客服电话 400-811-1111，网站 www.example.com。"
    "2026年3月1日起施行。「安心寄」服务费率百分之三点五，重500克以下免费。",
]

CASES = [
    ("赔偿上限15000元", True, 1),
    ("赔偿上限1.5万元", True, 1),
    ("赔偿上限2万元", False, None),
    ("超过20公斤", True, 0),
    ("超过20斤", False, None),
    ("0.5公斤以下免费", True, 1),
    ("费率3.5%", True, 1),
    ("费率5%", False, None),
    ("依据第二十条", True, 0),
    ("依据第二十一条", False, None),
    ("自2026-03-01起施行", True, 1),
    ("自2026年3月2日起施行", False, None),
    ("致电400 811 1111", True, 1),
    ("致电400-811-2222", False, None),
    ("访问 https://example.com", True, 1),
    ("访问 https://evil.com", False, None),
    ("「安心寄」服务", True, 1),
    ("「放心寄」服务", False, None),
    ("每件加收八元", True, 0),
    ("约1.5万元", True, 1),
]


@pytest.mark.parametrize("answer,supported,citation", CASES)
def test_check(answer, supported, citation):
    checks = check_atoms(answer, EVIDENCE)
    assert checks, answer
    assert all(c.supported == supported for c in checks), checks
    assert checks[0].citation == citation


def test_rounded_value_is_supported_when_the_answer_is_approximate():
    checks = check_atoms("约1.5万元", ["共计15,234元"])
    assert checks[0].supported and "rounded" in checks[0].detail
    assert not check_atoms("15000元", ["共计15,234元"])[0].supported


@pytest.mark.parametrize("answer,evidence,supported", [
    ("around 2 pm", "at about 14:00. Several were hurt.", True),
    ("at 2:30 p.m.", "截单时间为14:30", True),
    ("下午两点半截单", "截单时间为14:30。", True),
    ("下午3点截单", "截单时间为15:30", False),
    ("下午2点发车", "每天2点发车", True),  # the evidence's own 12-hour reading
    ("晚上8:00关门", "营业至20:00", True),
    ("at 2 am", "at about 14:00", False),
    ("He is 39 years old.", "the 39-year-old said", True),
    ("the 39-year-old", "He was 39 years old then", True),
    ("the 21-year-old striker", "Smith, 21, scored twice", True),
    ("the 22-year-old striker", "Smith, 21, scored twice", False),
    ('the film "Café Society"', "she appeared in Cafe\u0301 Society", True),
    ("nearly 78,000 cases", "77,984 cases have been confirmed", True),
    ("78,000 cases", "77,984 cases have been confirmed", False),  # not hedged: written precision
    ("约3000人", "共有2,960人参加", True),
    ("约3000人", "共有2,400人参加", False),
    ("约30%", "占28%", False),  # a percentage keeps its written precision
])
def test_clock_times_ages_and_hedged_round_numbers(answer, evidence, supported):
    checks = check_atoms(answer, [evidence])
    assert checks and all(c.supported == supported for c in checks), checks


def test_two_points_is_not_a_time():
    from luodi.verify.atoms import extract_atoms

    assert [a.unit for a in extract_atoms("注意以下两点")] == ["点"]
    assert [a.value for a in extract_atoms("14点和下午两点")] == ["14:0", "14:0"]


def test_verify_answer_removes_unsupported_sentences():
    report = verify_answer("超过20公斤每件加收8元[1]。赔偿上限为3万元。", EVIDENCE)
    assert [s.supported for s in report.sentences] == [True, False]
    assert report.kept_text() == "超过20公斤每件加收8元[1]。"
    assert not report.supported and len(report.unsupported) == 1
    assert report.to_dict()["checks"][0]["kind"] == "number"


def test_sentences_do_not_split_decimals():
    text = "It is 9.8 kg. Then 3 days pass."
    assert [text[a:b].strip() for a, b in split_sentences(text)] == [
        "It is 9.8 kg.",
        "Then 3 days pass.",
    ]


def test_traditional_evidence_supports_simplified_answer():
    checks = check_atoms("依据第二十条，重量两公斤", ["第二十條：重量兩公斤以上"])
    assert all(c.supported for c in checks)


@pytest.mark.parametrize(("answer", "supported"), [
    ("第四十条第二款：可以处罚款。", [True, True]),
    ("第四十条第三款：可以处罚款。", [True, False]),  # the article has two paragraphs
    ("第四十条第二项", [True, True]),
    ("第四十条第三项", [True, False]),
])
def test_a_paragraph_or_item_is_supported_by_the_articles_layout(answer, supported):
    evidence = "第四十条 未取得许可的，予以处罚。\n\n有下列行为之一的，可以处罚款：\n\n（一）未备案；\n\n(二)未公告。"
    assert [c.supported for c in check_atoms(answer, [evidence])] == supported


def test_a_hard_wrapped_article_has_the_paragraphs_of_its_sentences():
    wrapped = "第四十条 未取得许可从事快递\n活动的，予以处罚。\n有下列行为之一的，可以处\n罚款：\n（一）未备案；"
    assert [c.supported for c in check_atoms("第二款；第三款", [wrapped])] == [True, False]


def test_lines_outside_an_article_are_no_paragraphs():
    table = "区域 | 首重\n省内 | 10\n省外 | 15\n偏远 | 20"
    assert not check_atoms("第四款", [table])[0].supported  # rows, not paragraphs of an article
    alone = "手册 > 第二章 > 第五条\n第五条\n甲。\n乙。"  # a path line, the label on its own line
    assert [c.supported for c in check_atoms("第二款；第三款", [alone])] == [True, False]
