"""A cap set as a multiple of an amount the question gives (luodi.answer.multiple)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luodi.answer.multiple import multiple, multiple_text

RULE = ("第一百三十五条 未保价快件丢失、损毁或内件短少的，按实际损失赔偿，但最高不超过该票标准运费的3倍，"
        "且单票赔偿金额最高不超过1000元。")
GUIDE = ("7.1 For uninsured shipments, compensation is the actual loss, at most 3 times the freight (excluding "
         "the fuel surcharge) and never more than CNY 1,000 per shipment.")


@pytest.mark.parametrize(("question", "line", "text", "atom"), [
    ("没保价的快件丢了，运费12块，最多赔多少？", RULE, "按引用条款计算：3 × 12 = 36 元。", "36 元"),
    ("沒保價的快件丟了，運費500元，最多賠多少？", RULE, "按引用條款計算：3 × 500 = 1500 元，超過上限1000元，按1000元。", "1000 元"),
    ("An uninsured parcel was lost. The freight was CNY 200. How much compensation at most?", GUIDE,
     "Computed from the cited rule: 3 × 200 = 600 yuan.", "600 元"),
    ("Uninsured parcel lost, freight CNY 500, how much compensation?", GUIDE,
     "Computed from the cited rule: 3 × 500 = 1500 yuan, over the cap of CNY 1000: CNY 1000.", "1000 元"),
    ("押金200元，损坏设备最多赔多少？", "第九条 损坏设备的，赔偿金额至多为押金的两倍。", "按引用条款计算：2 × 200 = 400 元。", "400 元"),
])
def test_the_rules_multiple_of_the_questions_amount_within_its_cap(question, line, text, atom):
    got = multiple(question, ["第一条 其他规定。", line])
    assert got.source == 1 and multiple_text(question, got) == (text, atom)


@pytest.mark.parametrize("question", [
    "没保价的快件丢了，最多赔多少？",  # no freight given
    "没保价的快件丢了，运费12块，东西值20元，最多赔多少？",  # the loss besides: it may be under the cap
    "没保价的快件丢了，运费12块，怎么赔？",  # no amount asked
    "没保价的快件丢了，保价费12块，最多赔多少？",  # not the amount the rule multiplies
])
def test_nothing_without_the_one_amount_the_rule_multiplies_or_an_amount_asked(question):
    assert multiple(question, [RULE]) is None


@pytest.mark.parametrize(("question", "line"), [
    ("月租金3000元，押金要交多少？", "第五条 押金为一个月租金。违约金最高不超过月租金的两倍。"),  # 违约金's cap, not 押金
    ("已保价的快件丢了，运费12元，最多赔多少？", RULE),  # 未保价's rule: an insured parcel is paid by its value
    ("日租金200元，逾期3天，最多收多少？", "第七条 每逾期一天收取不超过日租金的3倍的违约金。"),  # per day
    ("没保价的快件丢了，运费12块，最少赔多少？", RULE),  # a minimum asked
    ("日租金200元，晚还了3天，违约金最多多少？", "第五条 提前退租的，违约金最高不超过月租金的两倍。"),  # 日 is not 月
])
def test_nothing_for_another_subject_a_negated_one_a_multiple_per_day_or_a_minimum(question, line):
    assert multiple(question, [line]) is None


def test_the_cap_reads_the_sentence_of_the_multiple_only():
    lines = ["第八条 赔偿最高不超过运费的5倍。第九条 每票最高不超过100元的包装费另计。",
             "第十条 滞纳金每日最高不超过100元，罚款最高不超过运费的3倍。"]
    assert multiple("运费30元，最多赔多少？", lines).result == Decimal(150)
    assert multiple("运费50元，罚款最多多少？", lines[1:]).result == Decimal(150)  # 每日…100元 caps the late fee
