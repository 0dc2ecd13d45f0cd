"""The thing a question asks whether it may be sent, and whether a passage names it."""

from __future__ import annotations

import pytest

from luodi.answer.extractive import ExtractiveConfig, extract
from luodi.answer.items import NOT_THE_ITEM, names_item, rules_on, rules_on_across, sent_item
from luodi.types import Hit


@pytest.mark.parametrize("question, item", [
    ("电子烟可以寄吗？", "电子烟"),
    ("電子煙可以寄到台灣嗎？", "电子烟"),  # folded; the destination is not the thing
    ("寄到台湾的快件能寄电子烟吗？", "电子烟"),  # after the verb
    ("客户的手机能寄国际件吗", "手机"),  # the service after the verb is no thing; the one before is
    ("请问客户寄件时能寄锂电池吗", "锂电池"),
    ("Can I ship perfume to Japan?", "perfume"),
    ("Can I send lithium batteries abroad?", "lithium batteries"),
    ("手机壳能不能寄", "手机壳"),  # not 手机壳能不
    ("香水可以寄日本吗", "香水"),  # the thing before the verb, not the place after it
    ("寄到香港能寄充电宝吗", "充电宝"),
    ("药品可以寄澳门吗", "药品"),
    ("Can I ship alcohol this week?", "alcohol"),
    ("Can I send perfume and nail polish?", "perfume"),
])
def test_the_thing_asked_about(question, item):
    assert sent_item(question) == item


@pytest.mark.parametrize("question", [
    "快件能寄到台湾吗？",  # a parcel as such
    "我的包裹能寄到国外吗",
    "Can I send a parcel to Canada?",
    "白酒一次最多能寄几瓶？",  # how much may be sent: another question
    "寄香港的快件单件最重能寄多少公斤？",
    "国际件要去哪些网点才能寄？",
    "寄到香港可以到付吗？",  # a way to pay
    "快递丢了赔多少钱？",
    "能寄药吗",  # one character: too short to tell
    "台风天还能寄吗",  # the weather
    "周日能寄吗",  # a day
    "没有实名认证可以寄件吗",  # the sender's state
    "可以寄快递到香港吗",
    "Can I send it on Sunday?",
    "Can I send a parcel today?",
])
def test_no_thing_asked_about(question):
    assert sent_item(question) is None


def test_a_passage_names_the_thing_by_its_head_or_its_kind():
    assert not names_item("电子烟", "寄件人可以免费申请电子存根。")  # 电子 is not the thing
    assert not names_item("手机壳", "手机、电脑等贵重物品，单件价值超过2000元的，应当建议保价。")
    assert names_item("螃蟹", "活體動物，包括活蟹、活蝦等活體水產品，一律不予收寄。")  # traditional, its kind
    assert names_item("白酒", "酒类按限寄物品办理：单瓶容量不超过1500毫升。")
    assert names_item("lithium batteries", "5.2 A lithium battery installed in equipment is accepted.")
    assert not names_item("laptop", "5.2 A lithium battery installed in equipment is accepted.")


def test_a_rule_on_the_thing_speaks_of_sending():
    speed = "第二百零九条 派送员驾驶电动三轮车或电动自行车时，应当遵守下列限速：（一）城市道路上不超过20公里/小时；"
    assert names_item("自行车", speed) and not rules_on("自行车", speed)  # it names it for the rider
    assert not rules_on("自行车", speed + "禁止载人，禁止逆行。")  # 禁止 alone is no rule on sending
    assert rules_on("现金", "第三十六条 现金一律禁止寄递。")
    assert rules_on("fresh fruit", "Feige Express does not accept fresh fruit and vegetables.")


def test_an_english_thing_is_named_in_chinese_by_its_translation():
    assert not rules_on_across("cash", "第七十条 代收货款件的收件人应当付款，派送员不得收取现金。")  # no sending
    assert rules_on_across("cash", "第三十六条 现金一律禁止寄递。")
    assert not rules_on_across("perfume", "第三十六条 现金一律禁止寄递。")


def _hit(text: str) -> Hit:
    return Hit(chunk_id=1, document="手册.md", section="手册 > 第七十六条", text=text, score=1.0,
               scores={"keyword": 5.0, "dense": 0.90})


def test_a_rule_of_another_thing_is_no_answer():
    cfg = ExtractiveConfig()
    stub = _hit("第七十六条 寄件人可以免费申请电子存根，系统将电子存根发送至寄件人的APP账户。")
    assert extract("电子烟可以寄吗？", [stub], cfg, dense_model=cfg.dense_model).abstain
    drugs = _hit("第四十三条 药品寄递仅限个人自用的非处方药，每票不超过3个月用量。")
    assert not extract("药品可以寄吗？", [drugs], cfg, dense_model=cfg.dense_model).abstain
    # a decline says why (the answer stage's extra["fallback"])
    assert extract("电子烟可以寄吗？", [stub], cfg, dense_model=cfg.dense_model).why == NOT_THE_ITEM
