"""A cited first-weight / further-weight table applied to the question's weight (our own tables)."""

from decimal import Decimal

import pytest

from luodi.answer.mixed import asks_amount, freight_text
from luodi.answer.tariff import freight, freights, over_a_limit, parcel_weight, pick_freight


def freight_of(question, evidence):
    """A price question over these passages alone, worded as the answer gives it (no searches)."""
    got = freight(question, evidence) if asks_amount(question) else None
    return None if got is None else freight_text(question, got)


TABLE = ("第八条 同城和省际快件运费按下表计收（单位：元）：\n\n"
         "区域 | 首重（1公斤以内） | 续重（每公斤） | 时效\n"
         "同城 | 6 | 1.5 | 当日\n"
         "省际 | 11 | 4 | 2—3日\n"
         "西部地区 | 18 | 9 | 4—6日")
ROUND_UP = "第九条 超过首重的部分为续重，续重不足1公斤的按1公斤计算。"
TRADITIONAL = ("第五條 澳門件運費如下（單位：元）：\n\n"
               "目的地 | 首重（1公斤以內） | 續重（每公斤）\n"
               "澳門 | 40 | 12\n"
               "第六條 續重不足1公斤的，按1公斤計算。")


@pytest.mark.parametrize(("question", "evidence", "total", "detail"), [
    ("一个3.5公斤的省际包裹，运费是多少？", [TABLE, ROUND_UP], "23", "11 + 3 × 4 = 23"),  # 2.5 → 3 kg
    ("寄4公斤的同城件要多少钱", [TABLE], "10.5", "6 + 3 × 1.5 = 10.5"),  # whole kilograms: no rule needed
    ("寄七斤的同城件要多少钱", [ROUND_UP, TABLE], "10.5", "6 + 3 × 1.5 = 10.5"),  # 3.5 kg, from 斤
    ("300克的西部地区件运费多少？", [TABLE], "18", "18"),  # within the first weight
    ("寄往澳門的2.2公斤包裹運費是多少？", [TRADITIONAL], "64", "40 + 2 × 12 = 64"),
])
def test_the_row_the_question_names_is_applied_exactly(question, evidence, total, detail):
    got = freight(question, evidence)
    assert got is not None and got.total == Decimal(total) and got.detail == detail


def test_the_computation_shows_how_the_weight_was_counted_and_cites_the_row():
    got = freight_of("一个3.5公斤的省际包裹，运费是多少？", [ROUND_UP, TABLE])
    assert got is not None and got.atom == "23 元" and got.source == 1 and got.quote == "省际 | 11 | 4 | 2—3日"
    assert "续重3.5 − 1 = 2.5公斤，按3公斤计" in got.text
    macau = freight_of("寄往澳門的2.2公斤包裹運費是多少？", [TRADITIONAL])
    assert "按引用的資費表計算" in macau.text and macau.quote == "澳門 | 40 | 12"  # the row as written
    assert freight_of("3公斤的省际件最高要多少钱？", [TABLE]) is not None  # 最高 is no size


@pytest.mark.parametrize(("question", "evidence"), [
    ("一个3.5公斤的省际包裹，运费是多少？", [TABLE]),  # 2.5 further kg and no rule on how they count
    ("一个3公斤的包裹，运费是多少？", [TABLE]),  # no region named
    ("省际件运费是多少？", [TABLE, ROUND_UP]),  # no weight
    ("寄3件2公斤的省际件要多少钱", [TABLE, ROUND_UP]),  # several parcels
    ("长50厘米宽40厘米高30厘米、重6公斤的省际件运费多少", [TABLE, ROUND_UP]),  # sizes, and no formula cited
    ("3公斤的省际件丢了赔多少？", [TABLE, ROUND_UP]),  # not a price question
    # a per-kilogram column that does not say it prices only the weight past the starting price
    ("3公斤的省际件运费多少", ["区域 | 起步价（含30公斤） | 每公斤（单位：元）\n省际 | 120 | 3"]),
    # a further-weight column whose bound is not the starting price's weight
    ("40公斤的省际件运费多少", ["区域 | 起步价（含30公斤） | 超过20公斤部分（每公斤）（单位：元）\n省际 | 120 | 3"]),
    ("3公斤的省际件运费多少", [TABLE.replace("（单位：元）", "")]),  # figures of no stated unit
    ("3公斤的省际件运费多少", [TABLE.replace("（1公斤以内）", "")]),  # first weight not stated
    ("60公斤的省际件运费多少", [TABLE, "第三条 单件实际重量不超过50公斤。"]),  # over a cited limit
])
def test_nothing_is_computed_when_the_question_or_evidence_does_not_fit(question, evidence):
    assert freight_of(question, evidence) is None


def test_the_first_weight_may_come_from_a_rule_instead_of_the_column():
    table = TABLE.replace("（1公斤以内）", "")
    got = freight("3公斤的省际件运费多少", [table, "首重为1公斤，续重不足1公斤的按1公斤计算。"])
    assert got is not None and got.total == Decimal(19)


def test_two_tables_that_price_the_named_region_differently_are_ambiguous():
    other = TABLE.replace("省际 | 11 | 4", "省际 | 13 | 4")
    assert freight("3公斤的省际件运费多少", [TABLE, other]) is None
    assert freight("3公斤的省际件运费多少", [TABLE, TABLE]) is not None  # the same table twice


def test_weight_limits():
    assert over_a_limit(Decimal(60), ["单件實際重量不得超過50公斤"])
    assert not over_a_limit(Decimal(20), ["单件实际重量不超过50公斤"])


def test_a_further_price_for_half_a_kilogram_counts_half_kilograms():
    half = ("区域 | 首重（0.5公斤以内） | 续重（每500克） | 时效（单位：元）\n省际 | 11 | 4 | 2日\n"
            "续重不足0.5公斤的按0.5公斤计算。")
    got = freight("一个3公斤的省际快件运费是多少？", [half])
    assert got is not None and got.total == Decimal(31) and got.detail == "11 + 5 × 4 = 31"
    odd = "区域 | 首重（1公斤以内） | 续重（每2箱） | 说明（单位：元）\n省际 | 11 | 4 | -"
    assert freight("3公斤的省际件运费多少", [odd, ROUND_UP]) is None  # a unit it cannot read as weight


def test_the_region_comes_from_the_region_column_not_a_row_number():
    numbered = ("序号 | 区域 | 首重（1公斤以内） | 续重（每公斤）（单位：元）\n"
                "1 | 同城 | 6 | 1.5\n2 | 省际 | 11 | 4\n3 | 西部地区 | 18 | 9")
    got = freight("一个2公斤的西部地区快件运费是多少？", [numbered])
    assert got is not None and got.total == Decimal(27) and got.region == "西部地区"


@pytest.mark.parametrize("question", [
    "省际快件续重每1公斤多少钱？",  # a rate, not a parcel
    "超过30公斤的省际快件运费是多少？",  # a bound, not a weight
    "1/3公斤的省际快件运费是多少？",  # a weight that does not end as a decimal
])
def test_a_question_about_a_rate_or_a_bound_is_not_priced_as_one_parcel(question):
    assert freight(question, [TABLE, ROUND_UP]) is None


@pytest.mark.parametrize(("question", "weight"), [
    ("寄一个3.5公斤的省际包裹，用3个小号纸箱，一共多少钱？", "3.5"),  # one parcel, packed in three boxes
    ("寄一件2公斤的同城件，另外买两个大号纸箱，总共多少钱？", "2"),
    ("寄3个3.5公斤的省际包裹，一共多少钱？", None),  # three parcels
    ("用3个纸箱寄3.5公斤的东西到省外，一共多少钱？", None),  # one parcel is not said: three boxes, three parcels
    ("寄一个3.5公斤的省际包裹和3个文件，一共多少钱？", None),  # three more things sent, not used
    ("一件3公斤的省际件，我要3个，一共多少钱？", None),  # three parcels wanted, not boxes
    ("问一件事，我要3个3公斤的省际件，一共多少钱？", None),  # 一件事 is no parcel
])
def test_a_count_of_what_one_stated_parcel_is_packed_in_is_no_count_of_parcels(question, weight):
    assert parcel_weight(question) == (None if weight is None else Decimal(weight))


@pytest.mark.parametrize(("text", "weight", "over"), [
    ("单件实际重量不超过 50 公斤。", 60, True),
    ("单件限重五十公斤。", 60, True),
    ("超过50公斤的快件不予收寄。", 60, True),
    ("首重不超过1公斤，续重按公斤计。", 3, False),  # a first weight's bound, not a parcel's
])
def test_weight_limits_in_their_usual_wordings(text, weight, over):
    assert over_a_limit(Decimal(weight), [text]) is over


def test_rows_whose_last_cell_is_empty_are_read_as_the_other_readers_read_them():
    # the cleaner writes "同城 | 6 | 1.5 | " for an empty note; the tariff reader used to drop the
    # empty cell and, a cell short of the header, the whole table (luodi.clean.row_cells)
    table = ("运费如下（单位：元）：\n区域 | 首重（1公斤以内） | 续重（每公斤） | 备注\n"
             "同城 | 6 | 1.5 | \n省际 | 11 | 4 | 偏远加收")
    got = freight("寄4公斤的同城件要多少钱", [table])
    assert got is not None and got.total == Decimal("10.5")


def test_a_row_with_an_empty_cell_inside_keeps_its_columns():
    table = ("运费如下（单位：元）：\n区域 | 备注 | 首重（1公斤以内） | 续重（每公斤）\n"
             "同城 | | 6 | 1.5\n省际 | 偏远加收 | 11 | 4")
    got = freight("寄4公斤的同城件要多少钱", [table])
    assert got is not None and got.total == Decimal("10.5")


BULKY = ("第十一條 大件快運標準運費如下（單位：人民幣元）：\n\n"
         "計費區域 | 起步價（含30公斤） | 超過30公斤部分（每公斤） | 參考時效\n"
         "同城 | 60 | 1.5 | 1至2日\n省際 | 120 | 3 | 3至6日")


@pytest.mark.parametrize(("question", "total", "detail", "note"), [
    ("一件120公斤的省际大件运费多少？", "390", "120 + 90 × 3 = 390", "省际，120公斤：起步价含30公斤，超出120 − 30 = 90公斤"),
    ("一件20公斤的同城大件运费多少？", "60", "60", "同城，20公斤：起步价含30公斤"),
])
def test_a_starting_price_that_includes_some_kilograms_and_a_price_for_each_one_past_them(
        question, total, detail, note):
    got = freight(question, [BULKY])
    assert got is not None and got.total == Decimal(total) and got.detail == detail and got.note() == note
    assert got.row in BULKY.splitlines()  # the row as written


@pytest.mark.parametrize(("text", "over"), [
    ("建包时每个集包袋装载快件的总重量不超过30公斤。", False),  # a bag's total, not a parcel
    ("使用干冰的，每件干冰净重不得超过2.5公斤。", False),  # dry ice in a parcel
    ("每票合计不超过30公斤。", False),
    ("冷链生鲜件单件实际重量不得超过25公斤。", True),
])
def test_only_a_parcels_own_weight_limit_counts(text, over):
    assert over_a_limit(Decimal(40), [text]) is over


def test_each_documents_rules_and_limits_count_for_its_own_tables_only():
    rounding = "第六條 續重不足1公斤的，按1公斤計算。"
    # another document's rounding rule does not round this table's further weight
    # (the table applies, so it is offered unpriced: no other document's table is taken for it)
    assert [f.total for f in freights("一个3.5公斤的省际包裹，运费是多少？", [TABLE, rounding], ["a", "b"])] == [None]
    assert freights("一个3.5公斤的省际包裹，运费是多少？", [TABLE, rounding], ["a", "a"])[0].total == 23
    # a limit in the bulky-freight rules does not stop the ordinary table, and the other way round
    found = freights("一个40公斤的省际件运费多少？", [TABLE, "单件实际重量不超过30公斤。", BULKY], ["a", "a", "b"])
    assert [(f.total, f.source) for f in found] == [(Decimal(150), 2)]


def test_of_tables_in_several_documents_the_one_whose_title_the_question_names_is_taken():
    evidence, docs = [TABLE, BULKY], ["manual.md", "bulky.md"]
    titles = ["飞鸽快递业务操作手册", "飛鴿大件快運服務說明"]
    named = freights("一件40公斤的省际大件运费多少？", evidence, docs)
    assert len(named) == 2 and pick_freight("一件40公斤的省际大件运费多少？", named, titles).total == 150
    plain = freights("一件40公斤的省际件运费多少？", evidence, docs)
    assert pick_freight("一件40公斤的省际件运费多少？", plain, titles).source == 0  # retrieval's first
    assert pick_freight("一件40公斤的省际件运费多少？", plain[1:], titles).source == 1
    assert pick_freight("x", [], titles) is None
    # neither named: the document with the lower weight limit (a standard tariff before a bulky one)
    assert pick_freight("一件40公斤的省际件运费多少？", plain, titles, [Decimal(300), Decimal(50)]).source == 1
    assert pick_freight("一件40公斤的省际件运费多少？", plain, titles, [Decimal(50), Decimal(50)]) is None


ZONES = ("3.1 Standard international freight is charged per 0.5 kg as follows:\n\n"
         "Zone | First 0.5 kg | Each additional 0.5 kg\n"
         "Zone A | CNY 90 | CNY 25\nZone B | CNY 140 | CNY 40")
ZONES_ROUNDING = "3.2 The chargeable weight is rounded up to the next 0.5 kg."


@pytest.mark.parametrize(("question", "evidence", "total", "detail"), [
    ("How much does it cost to send a 2.2 kg parcel to Zone B?", [ZONES, ZONES_ROUNDING], "300", "140 + 4 × 40 = 300"),
    ("What is the freight for a 3 kg parcel to zone a?", [ZONES], "215", "90 + 5 × 25 = 215"),
    ("How much is a 0.4 kg package to Zone A?", [ZONES], "90", "90"),
])
def test_an_english_table_priced_in_yuan_per_half_kilogram(question, evidence, total, detail):
    got = freight_of(question, evidence)
    assert got is not None and got.atom == f"{total} 元" and got.detail == detail
    assert got.text.startswith(f"Computed from the cited rate table: {detail} yuan (Zone")


@pytest.mark.parametrize(("question", "evidence"), [
    ("How much does it cost to send a 2.2 kg parcel to Zone B?", [ZONES]),  # 1.7 kg past the first: no rule
    ("How much does it cost to send three 2 kg parcels to Zone B?", [ZONES]),  # several parcels
    ("How much is each additional 0.5 kg to Zone B?", [ZONES]),  # a rate, not a parcel
    ("How much is a 35 kg parcel to Zone B?", [ZONES, "3.7 A single piece may weigh at most 30 kg."]),
    ("How much is a 2 kg parcel to Zone AB?", [ZONES]),  # no such zone ("Zone A" is not named)
])
def test_an_english_question_the_table_does_not_answer_gets_no_figure(question, evidence):
    assert freight_of(question, evidence) is None


def test_an_english_weight_limit_of_a_total_is_no_parcel_limit():
    assert not over_a_limit(Decimal(40), ["The bags' combined weight may not exceed 30 kg."])
    assert over_a_limit(Decimal(40), ["A single piece may weigh at most 30 kg."])


ZONE_MEMBERS = ("2.1 Zone A covers Japan, South Korea and Thailand. Estimated transit time: 3 to 5 business days.\n"
                "2.2 Zone B covers Canada, Australia and Brazil.")
REMOTE = ("第四条 计费区域划分如下：\n（三）跨省：收件地在外省，且不属于偏远地区；\n"
          "（四）偏远地区：收件地位于西藏自治区、新疆维吾尔自治区、青海省全境。")
REMOTE_TABLE = TABLE.replace("西部地区 | 18 | 9 | 4—6日", "偏远地区 | 20 | 10 | 4—7日")


@pytest.mark.parametrize(("question", "evidence", "total", "region", "place"), [
    ("What does a 1 kg parcel to Canada cost?", [ZONES, ZONE_MEMBERS], "180", "Zone B", "Canada"),
    ("How much is it to send a 2 kg parcel to Japan?", [ZONE_MEMBERS, ZONES], "165", "Zone A", "Japan"),
    ("寄到新疆的3公斤包裹运费多少？", [REMOTE_TABLE, REMOTE], "40", "偏远地区", "新疆"),
])
def test_a_place_is_priced_by_the_region_a_sentence_of_the_same_document_puts_it_in(
        question, evidence, total, region, place):
    got = freight(question, evidence, ["doc"] * len(evidence), ["Shipping Guide"])
    assert got is not None and got.total == Decimal(total) and got.region == region
    assert got.via is not None and got.via.place == place and region in got.via.sentence
    assert evidence[got.via.source].find(got.via.sentence) >= 0


@pytest.mark.parametrize(("question", "evidence", "documents"), [
    ("What does a 1 kg parcel to Canada cost?", [ZONES, ZONE_MEMBERS], ["guide", "other"]),  # another document
    ("What does a 1 kg parcel to Canada cost?", [ZONES, ZONE_MEMBERS + "\n2.3 Zone A also covers Canada."], None),
    ("寄到青海的3公斤包裹运费多少？", [REMOTE_TABLE, "（三）省际：收件地在外省，不含青海省、偏远地区。"], None),  # two regions
    ("What does a 1 kg parcel to Feige cost?", [ZONES, "2.3 Zone C covers all others Feige serves."], None),
])
def test_no_region_is_read_into_a_place_without_one_clear_sentence(question, evidence, documents):
    assert freight(question, evidence, documents, ["Feige Express Shipping Guide"]) is None


@pytest.mark.parametrize(("question", "evidence", "total"), [
    ("How much is it to send a 2 kg parcel to Hong Kong?", ["目的地 | 首重（1公斤以內） | 續重（每公斤）（單位：元）\n香港 | 45 | 15"],
     "60"),  # the region in the dictionary's translation of the question's words
    ("一个7斤的省际包裹要多少运费？", [ROUND_UP, TABLE], "23"),  # 多少运费
    ("一個2.5公斤寄往澳門的包裹運費？", [TRADITIONAL], "64"),  # a question that ends on the fee
])
def test_other_ways_to_name_the_region_and_to_ask_the_price(question, evidence, total):
    got = freight_of(question, evidence)
    assert got is not None and got.atom == f"{total} 元"


def test_a_region_named_beside_a_place_the_rules_put_in_another_region_is_not_priced():
    # 寄到新疆的跨省件: 新疆 is 偏远地区 by the rules, the question says 跨省
    table = REMOTE_TABLE.replace("省际 | 11 | 4", "跨省 | 11 | 4")
    found = freights("寄到新疆的3公斤跨省件运费多少？", [table, REMOTE], ["doc", "doc"])
    assert [f.total for f in found] == [None]
    assert freight("寄到广州的3公斤跨省件运费多少？", [table, REMOTE], ["doc", "doc"]).total == 19  # no rule places 广州


FORMULA = "第十条 体积重量（公斤）＝长（厘米）×宽（厘米）×高（厘米）÷6000。计费重量取实际重量与体积重量中的较大者。"


def test_a_parcel_given_by_its_sizes_is_priced_by_its_chargeable_weight():
    got = freight_of("长50厘米、宽40厘米、高30厘米、重6公斤的省际件运费多少", [TABLE, ROUND_UP, FORMULA])
    assert got is not None and got.atom == "47 元"  # 50 × 40 × 30 ÷ 6000 = 10 kg > 6 kg: 11 + 9 × 4
    assert "体积重量50 × 40 × 30 ÷ 6000 = 10公斤，实重6公斤，计费重量取较大者10公斤；省际，10公斤" in got.text
    light = freight("30×20×10厘米、重3公斤的省际件运费多少", [TABLE, ROUND_UP, FORMULA])
    assert light.total == 19 and light.sizing.chargeable == 3  # 1 kg by volume: the actual 3 kg
    # the document's weight limit bounds what the parcel weighs, not its chargeable weight
    limit = "第三条 单件实际重量不超过8公斤。"
    assert freight("长50厘米、宽40厘米、高30厘米、重6公斤的省际件运费多少", [TABLE, ROUND_UP, FORMULA, limit]).total == 47
    # no actual weight, or no formula: no price
    assert freight("长50厘米、宽40厘米、高30厘米的省际件运费多少", [TABLE, ROUND_UP, FORMULA]) is None
    assert freights("长50厘米、宽40厘米、高30厘米、重6公斤的省际件运费多少", [TABLE, ROUND_UP])[0].total is None
