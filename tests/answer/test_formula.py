"""A cited formula applied to the question's figures by their units (luodi.answer.formula)."""

from __future__ import annotations

from decimal import Decimal

from luodi.answer.formula import applied, applied_text, bound

ENERGY = ('第三十八条 电池仅标注容量（mAh）和电压（V）的，按"额定能量（Wh）＝容量（mAh）×电压（V）÷1000"换算，'
          "例如标注20000mAh、3.7V的充电宝，额定能量为74Wh。")
LIMITS = ("第三十七条 锂电池寄递应当遵守下列限量：\n（一）安装在设备中的锂离子电池，单块额定能量不超过100Wh的，可以收寄；\n"
          "（二）单独寄递的备用锂离子电池和充电宝，单块额定能量不超过100Wh，每票不超过2块；\n"
          "（三）额定能量超过100Wh但不超过160Wh的锂离子电池，只能走陆运通道；\n（四）额定能量超过160Wh的锂离子电池，一律不予收寄；")
VOLUME = "第五十五条 体积重量（公斤）＝长（厘米）×宽（厘米）×高（厘米）÷6000。"


def test_the_formula_applied_to_the_figures_by_their_units():
    got = applied("一个10000mAh、3.7V的充电宝能寄吗？", [LIMITS, ENERGY])
    assert (got.value, got.unit, got.source) == (Decimal("37"), "Wh", 1)
    assert applied_text("一个10000mAh、3.7V的充电宝能寄吗？", got) == ("按引用的公式计算额定能量：10000 × 3.7 ÷ 1000 = 37 Wh。", "37 Wh")
    assert got.quote == "额定能量（Wh）＝容量（mAh）×电压（V）÷1000"
    # other spellings of the units, and the text's own script in the quote
    trad = applied("一個20000毫安時、3.85伏的行動電源能寄嗎？", [ENERGY.replace("电池", "電池")])
    assert trad.value == 77 and applied_text("一個20000毫安時、3.85伏的行動電源能寄嗎？", trad)[0].startswith("按引用的公式計算")


def test_the_rule_that_bounds_the_figure_and_holds_it():
    for question, item in (("一个10000mAh、3.7V的充电宝能寄吗？", "（二）"),  # ≤ 100, and names 充电宝
                           ("Can I send a 26800 mAh 3.85 V power bank?", "（三）"),  # 103.18: over 100, not over 160
                           ("一个50000mAh、3.85V的电池能寄吗？", "（四）")):  # 192.5
        got = applied(question, [ENERGY, LIMITS])
        assert bound(question, [ENERGY, LIMITS], got)[1].startswith(item), question


def test_nothing_is_computed_without_one_figure_for_each_quantity():
    assert applied("充电宝能寄吗？", [ENERGY]) is None
    assert applied("10000mAh的充电宝能寄吗？", [ENERGY]) is None  # no voltage
    assert applied("10000mAh或20000mAh、3.7V的充电宝能寄吗？", [ENERGY]) is None  # which capacity
    # quantities that share a unit are the volumetric formula's (luodi.answer.volume)
    assert applied("长50厘米宽40厘米高30厘米的快件体积重量多少？", [VOLUME]) is None


def test_sums_after_products_and_units_that_are_no_prefix_of_longer_ones():
    cost = "第八条 运费（元）＝重量（kg）×6＋10。例如5kg的快件运费为40元。"
    assert applied("5kg的快件运费多少？", [cost]).value == 40  # 5 × 6 + 10, the document's own example
    assert applied("The shipping cost of a 5 kg parcel?", ["4.1 Shipping cost (CNY) = weight (kg) × 8 − 2."]).value == 38
    power = "能量（Wh）＝功率（W）×时间（h）"
    assert applied("60瓦时的电池用3h？", [power]) is None  # 60瓦时 is no 60 W
    assert applied("200W的设备用3h，能量多少？", [power]).value == 600


def test_no_figure_where_the_formulas_own_sentence_bounds_it_and_a_broken_limit_is_shown():
    capped = "第九条 超长附加费（元）＝长度（cm）×0.5，每票不超过100元。"
    assert applied("长度300cm的快件超长附加费多少？", [capped]) is None  # a cap or a condition: not said which
    rules = ["能量（Wh）＝功率（W）×时间（h）。", "第二条 单台设备电池能量不超过500Wh的，可以收寄。"]
    got = applied("200W的设备用3h，能量多少？", rules)
    assert bound("200W的设备用3h，能量多少？", rules, got) == (1, "第二条 单台设备电池能量不超过500Wh的，可以收寄。")


def test_no_figure_for_an_expression_it_cannot_read_whole_nor_one_capped_in_the_next_sentence():
    assert applied("50 km, what is the surcharge?", ["Remote surcharge (CNY) = distance (km) × 0.8 + handling fee."]) is None
    assert applied("8公斤的包裹运费多少？", ["運費（元）＝重量（公斤）×6＋保價費。"]) is None
    assert applied("超出長度300cm，附加費多少？", ["超長附加費（元）＝超出長度（cm）×0.5。每票最高收取100元。"]) is None


def test_a_formula_in_common_units_only_for_a_question_that_names_it_and_none_when_capped():
    allowance = ["第九条 住院津贴（元）＝住院天数（天）×100，每年最多按30天计付。"]
    assert applied("请假5天谁审批？", allowance) is None  # 5天 is no stay in hospital
    assert applied("住院40天，住院津贴是多少？", allowance) is None  # 最多按30天: a cap the formula does not apply
    assert applied("我5kg重能坐飞机吗？", ["运费（元）＝重量（kg）×6＋10。"]) is None
