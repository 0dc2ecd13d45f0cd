"""The tier of a list a question's figure falls in (luodi.answer.tiers)."""

from __future__ import annotations

from luodi.answer.tiers import asked_figure, tier

DISCOUNTS = ("第五条 月结协议客户的标准运费折扣按上月寄件量确定：\n（一）100票至499票：九折；\n（二）500票至1999票：八五折；\n"
             "（三）2000票至9999票：八折；\n（四）10000票以上：双方协商确定，但不得低于七折。")


def test_the_item_whose_range_holds_the_figure():
    assert tier("月结客户上个月寄了800票，能打几折？", [DISCOUNTS]).item == "（二）500票至1999票：八五折；"
    assert tier("上月寄了2000票打几折？", [DISCOUNTS]).item.startswith("（三）")  # a bound belongs to its range
    assert tier("上月寄了12000票打几折？", [DISCOUNTS]).item.startswith("（四）")  # 以上
    fees = "运费按重量分档：\n1. 不足1公斤：8元；\n2. 1公斤至5公斤：12元；\n3. 超过5公斤：20元。"
    assert tier("一个5.5公斤的包裹运费多少？", [fees]).item == "3. 超过5公斤：20元。"
    assert tier("0.5公斤的包裹运费多少？", [fees]).item == "1. 不足1公斤：8元；"


def test_no_tier_outside_every_range_nor_in_a_list_of_conditions():
    assert tier("上月寄了50票打几折？", [DISCOUNTS]) is None  # below every tier
    assert tier("月结客户可以享受几折？", [DISCOUNTS]) is None  # no figure
    rules = "下列快件不予收寄：\n（一）重量超过50公斤的；\n（二）内件为液体的。"
    assert tier("60公斤的快件能寄吗？", [rules]) is None  # one item bounds weight, the other does not
    assert asked_figure("寄3件，每件2公斤") is None  # two figures


def test_both_bounds_of_an_item_hold_the_figure():
    refunds = "第六條 退貨退款比例：\n（一）3天以內：全額退還；\n（二）3天以上7天以內：退還50%；\n（三）7天以上：不予退還。"
    assert tier("簽收10天了，退貨能退多少？", [refunds]).item.startswith("（三）")  # not (二): past its 7天以內
    assert tier("簽收5天了，退貨能退多少？", [refunds]).item.startswith("（二）")
    assert tier("簽收3天了，退貨能退多少？", [refunds]) is None  # on a bound two items share
