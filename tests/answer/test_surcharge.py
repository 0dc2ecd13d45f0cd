"""Surcharges the cited rules add to a table's price (our own rules)."""

from decimal import Decimal

import pytest

from luodi.answer.surcharge import applied, service_words, surcharges

TABLE = "第八条 运费如下（单位：元）：\n区域 | 首重（1公斤以内） | 续重（每公斤） | 加急时效\n省际 | 11 | 4 | 次日"
RULES = ["第九条 加急服务在标准运费基础上加收50%的加急费。偏远地区不提供加急服务。",
         "第十条 预约定时派送的，每票加收定时派送费5元；无电梯需搬运上楼的，每层加收3元。",
         "第十一条 收件地址在农村且距网点超过30公里的，每票加收超区费6元。",
         "第十二条 网点不得在标准价之外擅自加价。"]
FUEL = "3.3 A fuel surcharge of 10% of the freight is added to every shipment."


def found(question, texts=RULES, own=None, named=(), region="省际"):
    words = service_words(question, TABLE, "运营手册", region)
    own = set(range(len(texts))) if own is None else own
    got = surcharges(question, words, texts, own, set(named), region)
    return None if got is None else sorted((s.percent, s.amount) for s in got)


@pytest.mark.parametrize(("question", "expect"), [
    ("一个3公斤的省际加急件运费多少？", [(Decimal(50), None)]),  # 加 / 急件 joined into 加急
    ("3公斤的省际件预约定时派送要多少钱？", [(None, Decimal(5))]),  # not the 3 元 a floor
    ("3公斤的省际件，收件地址在农村，离网点40公里，运费多少？", [(None, Decimal(6))]),
    ("3公斤的省际件，收件地址在农村，离网点20公里，运费多少？", []),  # under the rule's 30 km
    ("3公斤的省际件寄到一个村子，离网点40公里，运费多少？", [(None, Decimal(6))]),  # 村子, not 农村: the distance
    ("3公斤的省际件寄到一个村子，离网点10公里，运费多少？", []),
    ("3公斤的省际件，两地相距120公里，运费多少？", []),  # not from the outlet
    ("3公斤的省际件寄到市中心，离网点40公里，运费多少？", []),  # the rule is for 农村
    ("3公斤的省际件寄到村里，离高速出口40公里，运费多少？", []),
    ("3公斤的省际件寄到一个村子，离网点不到40公里，运费多少？", []),  # not over 30 for sure
    ("一个3公斤的省际件运费多少？", []),  # no service named; "不得…加价" is no charge
    ("一个3公斤的省际件，不加急，运费多少？", []),  # a service declined
])
def test_a_service_the_question_names_adds_its_stated_surcharge(question, expect):
    assert found(question) == expect


def test_a_services_own_fee_is_added_and_one_that_needs_a_size_is_not_computed():
    fees = ["第六十三条 签回单服务每票收费3元。", "第七十五条 木箱包装按外箱体积收费，每0.1立方米30元。", "第十六条 上门取件不收取上门服务费。"]
    assert found("寄一个3公斤的省际件，要签回单，一共多少钱？", fees) == [(None, Decimal(3))]
    words = service_words("寄一个3公斤的省际件，要签回单，一共多少钱？", TABLE, "运营手册", "省际")
    assert [s.word for s in surcharges("要签回单", words, fees, {0}, set(), "省际")] == ["签回单"]  # 签回 + 回单
    assert found("寄一个1公斤的省际件，要木箱包装，一共多少钱？", fees) is None  # by the box's volume
    assert found("一个3公斤的省际件上门取件一共多少钱？", fees) == []  # 不收取: no fee


INSURANCE = ["第六十一条 保价费按声明价值的0.5%收取，每票最低2元；单票声明价值最高为30000元。",
             "第一百三十七条 保价快件全部丢失的，同时退还已收取的运费和保价费。"]


@pytest.mark.parametrize(("question", "expect"), [
    ("一个3公斤的省际件保价2000元，一共多少钱？", [(None, Decimal(10))]),  # 2000 × 0.5%
    ("一个3公斤的省际件，声明价值300元要保价，总共多少？", [(None, Decimal(2))]),  # 1.5, at least 2
    ("一个3公斤的省际件保价2000元运费多少？", []),  # the freight by name: no insurance in it
    ("一个3公斤的省际件保价50000元，一共多少钱？", None),  # over what may be declared
    ("一个3公斤的省际件要保价，一共多少钱？", None),  # no value declared: no total
    ("一个3公斤的省际件，保价1000，一共多少？", [(None, Decimal(5))]),  # a bare number after 保价 is yuan
])
def test_insurance_on_a_declared_value_is_added_within_its_floor_and_limit(question, expect):
    assert found(question, INSURANCE) == expect


def test_insurance_in_english_is_read_the_same_way():
    guide = ["3.6 Insurance costs 1% of the declared value, with a minimum of CNY 20 per shipment. "
             "The maximum insurable value is CNY 20,000 per shipment."]
    assert found("How much in total for a 2 kg parcel to Zone A with insurance on CNY 3,000?", guide) == \
        [(None, Decimal(30))]
    assert found("What is the total for a 1 kg parcel insured for CNY 500?", guide) == [(None, Decimal(20))]
    assert found("How much in total for a 1 kg parcel with insurance on CNY 25,000?", guide) is None


def test_a_declared_value_with_no_insurance_rule_read_gives_no_total():
    assert found("一个3公斤的省际件保价2000元，一共多少钱？", RULES) is None


def test_a_service_not_offered_for_the_region_or_a_surcharge_without_a_figure_gives_nothing():
    assert found("一个3公斤的偏远地区加急件运费多少？", region="偏远地区") is None
    cold = ["冷链件的运费由标准运费加冷链附加费组成。"]
    assert found("一个3公斤的省际冷链件运费多少？", cold, named={0}) is None
    listed = ["冷链件的运费由标准运费加冷链附加费组成。冷链附加费标准为：冷冻件每票15元，冷藏件每票10元。"]
    assert found("一个3公斤的省际冷冻冷链件运费多少？", listed, named={0}) == [(None, Decimal(15))]


def test_an_item_of_a_price_list_the_question_names_is_added_to_a_total():
    box = ["第五十条 包装材料收费如下：文件袋免费；大号纸箱（50×30×30厘米）8元；小号纸箱（30×20×20厘米）5元；"
           "缓冲膜每米2元。自备包装的，不收取包装费。"]
    assert found("寄一个3公斤的省际件，用小号纸箱，一共多少钱？", box) == [(None, Decimal(5))]
    assert found("寄一个3公斤的省际件，用大号纸箱，总共多少钱？", box) == [(None, Decimal(8))]
    assert found("寄一个3公斤的省际件，用文件袋，一共多少钱？", box) == [(None, Decimal(0))]
    assert found("寄一个3公斤的省际件，用小号纸箱，运费多少？", box) == []  # the freight: no box in it
    assert found("寄一个3公斤的省际件，用纸箱装，一共多少钱？", box) == []  # which box is not said
    assert found("寄一个3公斤的省际件，用超大号纸箱，一共多少钱？", box) == []  # not 大号纸箱
    assert found("寄一个3公斤的省际件，自备小号纸箱，一共多少钱？", box) == []  # 自备: no charge
    three = surcharges("寄一个3公斤的省际件，用3个小号纸箱，一共多少钱？", [], box, {0}, set(), "省际")
    assert [(s.amount, s.count) for s in three] == [(Decimal(5), Decimal(3))]  # the count multiplies
    assert applied(Decimal(13), three) == (Decimal(28), "13 + 3 × 5 = 28")
    two = ["第五十条 包装材料收费如下：小号纸箱（30×20×20厘米）5元；气泡袋5元。"]
    assert found("寄一个3公斤的省际件，用小号纸箱和气泡袋，一共多少钱？", two) == [(None, Decimal(5))] * 2
    unlisted = ["第五十条 小号纸箱（30×20×20厘米）适用于5公斤以下的快件。"]
    assert found("寄一个3公斤的省际件，用小号纸箱，一共多少钱？", unlisted) == []  # no price list


def test_a_word_in_what_a_fee_is_spent_on_calls_for_no_fee():
    notice = ["春节服务期内收寄的每票快件加收节日服务费3元，该费用全部用于春节期间在岗员工的节日补贴。"]
    assert found("五一期间寄一个3公斤的省际件，一共多少钱？", notice) == []
    assert found("春节期间寄一个3公斤的省际件，一共多少钱？", notice) == [(None, Decimal(3))]


def test_another_documents_service_rule_counts_only_when_the_question_names_that_document():
    cold = ["冷链件不另收加急费；冷链件加急的，每票加收20元。"]
    assert found("一个3公斤的省际加急件运费多少？", cold, own=set()) == []
    assert found("一个3公斤的省际冷链件加急运费多少？", cold, own=set(), named={0}) == [(None, Decimal(20))]


def test_a_surcharge_on_every_shipment_counts_unless_the_freight_is_asked_by_name():
    assert found("How much does a 2 kg parcel to Zone A cost?", [FUEL]) == [(Decimal(10), None)]
    assert found("What is the freight for a 2 kg parcel to Zone A?", [FUEL]) == []
    assert found("What is the cost of a 2 kg parcel to Zone A without surcharges?", [FUEL]) == []
    assert found("How much does a 2 kg parcel to Zone A cost?", [FUEL], own=set()) == []  # another document's
    # ... and the freight asked for with its surcharges is not the freight alone
    assert found("What is the freight to Zone A for 1 kg, with fuel surcharge?", [FUEL]) == [(Decimal(10), None)]
    assert found("What is the freight to Zone A for 1 kg, without the fuel surcharge?", [FUEL]) == []
    for asked in ("What is the freight to Zone A for 1 kg, not including fuel surcharge?",
                  "What is the freight to Zone A for 1 kg, excluding the fuel and remote surcharges?",
                  "寄往A区1公斤的运费（不包含燃油附加费）是多少？", "寄往A区1公斤运费多少，不计燃油附加费和偏远附加费"):
        assert found(asked, [FUEL]) == [], asked


def test_surcharges_are_shown_added_to_the_freight():
    got = surcharges("加急", ["加急"], RULES[:1], {0}, set(), "省际")
    assert applied(Decimal(22), got) == (Decimal(33), "22 + 22 × 50% = 33")


@pytest.mark.parametrize(("question", "value"), [
    ("保价1000，一共多少", Decimal(1000)), ("保价1000块钱", Decimal(1000)), ("声明价值2000元的", Decimal(2000)),
    ("保价3件", None), ("保价0.5%", None), ("保价100公斤", None),
])
def test_a_declared_value_is_read_with_or_without_its_yuan(question, value):
    from luodi.answer.surcharge import declared_value

    assert declared_value(question) == value


def test_a_distance_surcharge_the_rule_exempts_the_rows_region_from_is_not_added():
    rule = ["第十一条 收件地址在农村且距网点超过30公里的，每票加收超区费6元。已按偏远地区价格计费的快件，不再加收超区费。"]
    question = "3公斤寄到新疆一个村子，离网点50公里，运费多少？"
    assert found(question, rule, region="偏远地区") == []
    assert found(question, rule, region="省际") == [(None, Decimal(6))]
