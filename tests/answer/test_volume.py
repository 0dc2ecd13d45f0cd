"""A parcel's volumetric and chargeable weight from the cited formula (luodi.answer.volume)."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luodi.answer.volume import formula, sizes, weight

MANUAL = [
    "第五十四条 快件按计费重量收费。计费重量取实际重量与体积重量中的较大者。",
    "第五十五条 体积重量按下列公式计算：体积重量（公斤）＝长（厘米）×宽（厘米）×高（厘米）÷6000。",
    "第五十六条 实际重量和体积重量均保留一位小数。",
]
GUIDE = ["3.2 The chargeable weight is the greater of the actual weight and the volumetric weight. For "
         "international shipments the volumetric weight is length × width × height in centimetres divided "
         "by 5000. The chargeable weight is rounded up to the next 0.5 kg."]


@pytest.mark.parametrize("question, cm", [
    ("长50厘米、宽40厘米、高30厘米的快件", (50, 40, 30)),
    ("长50宽40高30厘米", (50, 40, 30)),
    ("一个50×40×30厘米的箱子", (50, 40, 30)),
    ("a 50 x 40 x 30 cm parcel", (50, 40, 30)),
    ("50cm × 40cm × 30cm", (50, 40, 30)),
    ("長0.5米、寬0.4米、高0.3米", (50, 40, 30)),  # traditional script, metres
    ("60 by 40 by 25 cm", (60, 40, 25)),
])
def test_sizes_in_centimetres(question, cm):
    assert sizes(question).cm == tuple(Decimal(x) for x in cm)


@pytest.mark.parametrize("question", ["50×40×30的箱子", "长50厘米宽40厘米", "50×40×30厘米和20×20×20厘米两个箱子"])
def test_no_sizes_without_a_unit_or_with_two_sets(question):
    assert sizes(question) is None


def test_the_formula_is_the_cited_texts_own():
    assert formula(MANUAL).divisor == 6000 and formula(MANUAL).source == 1
    assert formula(GUIDE).divisor == 5000
    assert formula(["体积重量按长×宽×高计算。"]) is None  # no divisor: no formula
    # the other documents' wordings (traditional, 公分, 按…计算, 即…)
    assert formula(["第十條 大件的計費重量取實際重量與體積重量中的較大者，體積重量按長（公分）×寬（公分）×高（公分）÷6000計算。"]).divisor == 6000
    assert formula(["第十條 港澳台件的體積重量計算方式與國內件相同，即長（公分）×寬（公分）×高（公分）÷6000。"]).divisor == 6000


def test_volumetric_weight_rounded_as_the_rules_say():
    got = weight("长45厘米、宽35厘米、高25厘米的快件体积重量是多少？", MANUAL)
    assert got.volumetric == Decimal("6.6") and got.detail == "45 × 35 × 25 ÷ 6000 = 6.5625 ≈ 6.6"
    assert [r.source for r in got.rules] == [2]  # 保留一位小数, cited
    assert weight("长45厘米、宽35厘米、高25厘米的快件体积重量是多少？", MANUAL[1:2]).volumetric == Decimal("6.5625")


def test_chargeable_weight_only_where_a_rule_says_the_greater_is_charged():
    q = "一个50×40×30厘米、重5公斤的快件，计费重量是多少？"
    got = weight(q, MANUAL)
    assert (got.volumetric, got.actual, got.chargeable) == (10, 5, 10)
    assert weight(q, MANUAL[1:]) is None  # no rule that charges the greater weight
    en = weight("What is the chargeable weight of a 45 x 35 x 25 cm parcel weighing 5 kg?", GUIDE)
    assert en.volumetric == Decimal("7.875") and en.chargeable == 8  # rounded up to the next 0.5 kg


def test_nothing_is_computed_unless_asked_with_sizes_and_a_formula():
    assert weight("50×40×30厘米的快件运费是多少？", MANUAL) is None  # not a weight asked
    assert weight("体积重量怎么算？", MANUAL) is None  # no sizes
    assert weight("长50厘米、宽40厘米、高30厘米的快件体积重量是多少？", MANUAL[:1]) is None  # no formula
