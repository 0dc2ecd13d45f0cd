"""The searches that give the tariff reader what a price question's hits lack (our own rules)."""

import pytest

from luodi.answer.freight import TABLES_QUERY, find_freight
from luodi.answer.surcharge import SURCHARGE_QUERY
from luodi.types import Hit

MANUAL = Hit(1, "manual.md", "手册 > 第八条", "第八条 运费如下（单位：元）：\n区域 | 首重（1公斤以内） | 续重（每公斤）\n"
             "同城 | 8 | 2\n省际 | 11 | 4", 1.0, document_id=1)
MANUAL_LIMIT = Hit(2, "manual.md", "手册 > 第三条", "第三条 单件实际重量不超过50公斤，超出的按大件办理。", 1.0, document_id=1)
BULKY = Hit(3, "bulky.md", "大件说明 > 第二条", "第二条 运费如下（单位：元）：\n区域 | 起步价（含30公斤） | "
            "超过30公斤部分（每公斤）\n同城 | 60 | 1.5", 1.0, document_id=2)
BULKY_LIMIT = Hit(4, "bulky.md", "大件说明 > 第一条", "第一条 大件实际重量不超过300公斤。", 1.0, document_id=2)
ROUNDING = Hit(5, "manual.md", "手册 > 第九条", "第九条 续重不足1公斤的按1公斤计算。", 1.0, document_id=1)
RUSH = Hit(6, "manual.md", "手册 > 第十条", "第十条 加急服务在标准运费基础上加收50%的加急费。", 1.0, document_id=1)


class Searches:
    """Each document's passages for a search of it; the tables for a search of everything that
    asks for price tables; and a log of the searches."""

    def __init__(self):
        self.log = []

    def search(self, query, k=5, document_ids=None, **kw):
        self.log.append((query, document_ids))
        if document_ids is None:
            return [BULKY, MANUAL] if TABLES_QUERY in query else [RUSH] if SURCHARGE_QUERY in query else []
        return [h for h in (MANUAL_LIMIT, BULKY_LIMIT, ROUNDING) if h.document_id in document_ids]


def test_a_parcel_over_the_tables_the_hits_hold_is_priced_by_a_table_a_search_finds():
    searches = Searches()
    got, hits = find_freight(searches, "一件51公斤的同城件运费多少？", [MANUAL])
    assert got.total == 91.5 and hits[got.source] is BULKY and got.detail == "60 + 21 × 1.5 = 91.5"
    assert any(TABLES_QUERY in q and docs is None for q, docs in searches.log)


def test_the_rounding_rule_of_the_tables_document_is_searched_for_when_a_fraction_is_left():
    got, hits = find_freight(Searches(), "一个2.4公斤的同城件运费多少？", [MANUAL])
    assert got.total == 12 and ROUNDING in hits  # 8 + 2 × 2: 1.4 further kilograms counted as 2


def test_no_search_finds_a_figure_the_rules_do_not_give():
    assert find_freight(Searches(), "一件400公斤的同城件运费多少？", [MANUAL]) is None  # over both limits


def test_a_surcharge_rule_for_the_service_the_question_names_is_searched_for_and_added():
    got, hits = find_freight(Searches(), "一个3公斤的同城加急件运费多少？", [MANUAL])
    assert got.total == 18 and got.detail == "8 + 2 × 2 = 12; 12 + 12 × 50% = 18"
    assert [hits[s.source] for s in got.surcharges] == [RUSH] and got.note().endswith("；加急加收50%")


def test_boxes_bought_from_the_price_list_for_one_parcel_are_added_each_times_its_count():
    boxes = Hit(9, "manual.md", "手册 > 第十一条", "第十一条 包装材料收费如下：大号纸箱（50×30×30厘米）8元；小号纸箱5元。",
                1.0, document_id=1)
    got, hits = find_freight(Searches(), "寄一个3公斤的同城件，用3个小号纸箱，一共多少钱？", [MANUAL, boxes])
    assert got.total == 12 + 3 * 5 and got.detail == "8 + 2 × 2 = 12; 12 + 3 × 5 = 27"
    assert got.note().endswith("；小号纸箱加收5元 × 3")


def test_the_tables_are_searched_even_when_the_hits_hold_one():
    # only the bulky table among the hits: an ordinary parcel still goes by the manual's (limit 50 kg)
    got, hits = find_freight(Searches(), "一个3公斤的同城件运费多少？", [BULKY])
    assert hits[got.source] is MANUAL and got.total == 12


def test_a_named_services_own_weight_limit_counts():
    cold_rule = Hit(7, "cold.md", "冷链规范 > 第三条", "第三条 冷链生鲜件单件实际重量不得超过25公斤。冷链件每票加收10元。",
                    1.0, document_id=3)

    class Cold(Searches):
        def search(self, query, k=5, document_ids=None, **kw):
            if document_ids == {3}:
                return [cold_rule]
            return [cold_rule] if SURCHARGE_QUERY in query else super().search(query, k, document_ids, **kw)

    got, _ = find_freight(Cold(), "一个20公斤的同城冷链件运费多少？", [MANUAL])
    assert got.total == 8 + 19 * 2 + 10
    assert find_freight(Cold(), "一个30公斤的同城冷链件运费多少？", [MANUAL]) is None  # over the 25 kg


@pytest.mark.parametrize("question", ["一个3公斤的同城件运费多少？保价2000元的话总共多少钱？",
                                      "一个3公斤的同城件运费打八折是多少？",
                                      "How much is a 2 kg parcel to Zone A with insurance on CNY 3,000?"])
def test_a_question_naming_money_or_a_discount_besides_is_not_priced_as_the_freight(question):
    assert find_freight(Searches(), question, [MANUAL]) is None


class SizedSearches(Searches):
    """The same documents, the manual's with a volumetric formula, the greater-weight rule and a
    size limit, the bulky rules' with their formula and no size limit."""

    MANUAL_SIZES = Hit(7, "manual.md", "手册 > 第四条", "第四条 最长边不超过150厘米；长、宽、高三边之和不超过300厘米。"
                       "体积重量（公斤）＝长（厘米）×宽（厘米）×高（厘米）÷6000。计费重量取实际重量与体积重量中的较大者。",
                       1.0, document_id=1)
    BULKY_SIZES = Hit(8, "bulky.md", "大件说明 > 第三条", "第三条 最长边超过150厘米的为大件。计费重量取实际重量与体积重量中的"
                      "较大者，体积重量按长（厘米）×宽（厘米）×高（厘米）÷6000计算。", 1.0, document_id=2)

    def search(self, query, k=5, document_ids=None, **kw):
        found = super().search(query, k, document_ids, **kw)
        return found + [h for h in (self.MANUAL_SIZES, self.BULKY_SIZES) if document_ids and h.document_id in document_ids]


def test_a_parcel_over_a_documents_size_limit_goes_by_another_documents_table():
    # 50 × 40 × 30 ÷ 6000 = 10 kg, within the manual's 150 cm: 8 + 9 × 2
    got, hits = find_freight(SizedSearches(), "长50厘米、宽40厘米、高30厘米、重5公斤的同城件运费多少？", [MANUAL])
    assert hits[got.source] is MANUAL and got.total == 26
    # 160 cm is over it (the bulky rules' "超过150厘米的为大件" is no limit of theirs): 32 kg by the bulky table
    got, hits = find_freight(SizedSearches(), "长160厘米、宽40厘米、高30厘米、重5公斤的同城件运费多少？", [MANUAL])
    assert hits[got.source] is BULKY and got.total == 63  # 60 + 2 × 1.5


def test_the_tables_search_asks_in_the_questions_language_whatever_its_quotes():
    from luodi.answer.freight import TABLES_QUERY, TABLES_QUERY_EN, _table_passages

    class Recording:
        queries: list[str] = []

        def search(self, query, k=5, **kw):
            self.queries.append(query)
            return []

    r = Recording()
    _table_passages(r, "What’s the freight for 2 kg to Japan?", [], None)  # a curly apostrophe
    _table_passages(r, "寄2公斤到日本多少钱？", [], None)
    assert r.queries[0].endswith(TABLES_QUERY_EN) and r.queries[1].endswith(TABLES_QUERY)


GUIDE_ZONES = Hit(7, "guide.md", "Guide > Section 2", "2.1 Zone A covers Japan.\n2.3 Zone C covers all other "
                  "destinations.", 1.0, document_id=3)
GUIDE_RATES = Hit(8, "guide.md", "Guide > Section 3", "3.1 Freight is charged per 0.5 kg as follows:\n\n"
                  "Zone | First 0.5 kg | Each additional 0.5 kg\nZone A | CNY 98 | CNY 30\nZone C | CNY 200 | CNY 60",
                  1.0, document_id=3)


class AbroadSearches:
    def __init__(self, zone_lines):
        self.zone_lines = zone_lines

    def search(self, query, k=5, document_ids=None, **kw):
        return list(self.zone_lines) if document_ids is None else []


@pytest.mark.parametrize("question", ["寄往国外的包裹单件最重可以多少公斤？", "寄到海外的快件能寄药品吗？",
                                      "Can I send medicine abroad?", "What is the weight limit for parcels shipped overseas?"])
def test_sending_abroad_without_saying_where_is_served_by_the_document_of_all_other_destinations(question):
    from luodi.answer.freight import service_of

    served = service_of(AbroadSearches([GUIDE_ZONES]), question, [MANUAL, GUIDE_RATES])
    assert served.doc == 3 and served.place.lower() in {"国外", "海外", "abroad", "overseas"}
    assert served.tables == [GUIDE_RATES] and served.by_zone


@pytest.mark.parametrize("question", ["国外客户怎么联系客服？", "What do overseas customers pay?", "寄到北京要几天？",
                                      "我下个月出国，想先把行李寄回老家，单件最重多少公斤？",  # the sender goes abroad
                                      "海外客户从上海寄到北京要几天？",
                                      "I live overseas. My mother will send a 2 kg parcel from Shanghai to Beijing."])
def test_abroad_said_without_sending_or_no_abroad_at_all_names_no_service(question):
    from luodi.answer.freight import service_of

    assert service_of(AbroadSearches([GUIDE_ZONES]), question, [MANUAL]) is None


def test_two_documents_with_all_other_destinations_name_no_service_abroad():
    from dataclasses import replace

    from luodi.answer.freight import service_of

    other = replace(GUIDE_ZONES, chunk_id=9, document="air.md", document_id=4)
    assert service_of(AbroadSearches([GUIDE_ZONES, other]), "寄往国外的包裹多重？", [MANUAL]) is None
