"""Places a question names, and the sentence that puts one in a table's region (our own text)."""

import pytest

from luodi.answer.cities import Route
from luodi.answer.places import (
    destinations,
    named_places,
    names_place,
    place_words,
    placed,
    says,
    without_destination,
)


def test_place_words_are_places_not_title_words():
    assert place_words("How much does Feige Express charge to Japan?", ["Feige Express Guide"]) == ["Japan"]
    assert place_words("寄到新疆的包裹", []) == ["新疆"]
    assert place_words("寄到广州的包裹多少钱", []) == ["广州"]


def test_an_english_place_of_several_words_is_one_place():
    assert place_words("What does a 2 kg parcel to the United Kingdom cost?", [])[0] == "United Kingdom"
    assert place_words("Can Feige Express ship to Hong Kong?", ["Feige Express Guide"])[0] == "Hong Kong"


@pytest.mark.parametrize("place", ["Germany", "德国", "the Netherlands"])
def test_a_member_of_a_union_the_rule_names_is_placed_by_it(place):
    texts = ["2.1 Zone A covers Japan. 2.2 Zone B covers Canada and the member states of the European Union.",
             "2.3 Zone C covers all other destinations."]
    region, via = placed([place], {"Zone A", "Zone B", "Zone C"}, set(), [0, 1], texts)
    assert region == "Zone B" and via.place == place and "European Union" in via.sentence
    # a place no text names is left to the zone of all other destinations (a place named is not)
    region, via = placed(["Norway"], {"Zone A", "Zone B", "Zone C"}, set(), [0, 1], texts)
    assert region == "Zone C" and via.sentence == "2.3 Zone C covers all other destinations."
    assert placed(["Japan"], {"Zone A", "Zone B", "Zone C"}, set(), [0, 1], texts)[0] == "Zone A"
    assert placed(["包头"], {"Zone A", "Zone B", "Zone C"}, set(), [0, 1], texts) == (None, None)  # no place abroad
    outside = ["2.2 Zone B covers Canada.", "2.3 Zone C covers European countries outside the European Union."]
    assert placed([place], {"Zone B", "Zone C"}, set(), [0, 1], outside) == (None, None)
    assert placed(["德国"], {"B区", "C区"}, set(), [0], ["C区包括除欧盟以外的欧洲国家。"]) == (None, None)


def test_a_place_beside_other_capitalised_words_is_still_a_place():
    assert "Germany" in place_words("How much does DHL Germany charge?", [])
    assert place_words("How much is a parcel to Germany By Air?", [])[1:] == ["Germany", "Air"]


def test_a_sentence_naming_one_region_and_the_place_puts_it_there():
    texts = ["2.1 Zone A covers Japan. 2.2 Zone B covers Canada and the United Kingdom.", "Zone | First\nZone A | 9"]
    region, via = placed(["Canada"], {"Zone A", "Zone B"}, {1}, [0, 1], texts)
    assert region == "Zone B" and via.sentence == "2.2 Zone B covers Canada and the United Kingdom." and via.source == 0
    # a place only the table's own passage names, or a sentence naming two regions, places nothing
    assert placed(["Japan"], {"Zone A"}, {0}, [0], texts) == (None, None)
    both = ["Zone A and Zone B both serve Canada."]
    assert placed(["Canada"], {"Zone A", "Zone B"}, set(), [0], both) == (None, None)


def test_two_provinces_are_placed_by_the_rule_defining_a_region_by_different_provinces():
    rules = ["第八条 计费区域划分如下：\n（一）同城：寄件地与收件地属于同一地级市；\n（二）省内：寄件地与收件地属于同一"
             "省、自治区、直辖市；\n（三）跨省：寄件地与收件地属于不同省、自治区、直辖市，且收件地不属于偏远地区；\n"
             "（四）偏远地区：收件地位于西藏自治区、新疆维吾尔自治区。"]
    regions = {"同城", "省内", "跨省", "偏远地区"}
    region, via = placed(["北京", "上海市"], regions, set(), [0], rules)
    assert region == "跨省" and via.sentence.startswith("（三）跨省") and via.place == "北京→上海"
    assert placed(["北京", "新疆"], regions, set(), [0], rules)[0] == "偏远地区"  # a rule naming the place first
    assert placed(["广州", "深圳"], regions, set(), [0], rules) == (None, None)  # no route: which is sent where
    assert placed(["北京", "香港"], regions, set(), [0], rules) == (None, None)  # priced as a service of its own


RULES = ["第八条 计费区域划分如下：\n（一）同城：寄件地与收件地属于同一地级市；\n（二）省内：寄件地与收件地属于同一省、"
         "自治区、直辖市，但不属于同一地级市；\n（三）跨省：寄件地与收件地属于不同省、自治区、直辖市；\n"
         "（四）偏远地区：收件地位于西藏自治区、青海省全境，或者甘肃省酒泉市。收件地属于偏远地区的，除同城件外按偏远地区计费。"]
REGIONS = {"同城", "省内", "跨省", "偏远地区"}


@pytest.mark.parametrize(("places", "route", "region"), [
    (["广州", "深圳"], Route("广州", "深圳"), "省内"),  # one province, two cities
    (["广州", "成都"], Route("广州", "成都"), "跨省"),
    (["上海"], Route("上海", "上海"), "同城"),  # a municipality is one city
    (["成都", "拉萨"], Route("成都", "拉萨"), "偏远地区"),  # 拉萨 is in 西藏, which the rule names whole
    (["拉萨"], Route("拉萨", "拉萨"), "同城"),  # 除同城件外: one city's parcel stays 同城
    (["乌鲁木齐", "北京"], Route("乌鲁木齐", "北京"), "跨省"),  # sent from a remote place, not to one
    (["兰州", "酒泉"], Route("兰州", "酒泉"), "偏远地区"),  # the rule names 酒泉 itself
    (["甘肃兰州"], Route(None, "兰州"), None),  # "甘肃省酒泉市" names one city of 甘肃, not 甘肃
    (["青海"], Route(None, "青海"), "偏远地区"),  # "青海省全境" names the whole province
])
def test_a_route_is_placed_by_the_rules_on_where_sender_and_recipient_are(places, route, region):
    assert placed(places, REGIONS, set(), [0], RULES, route)[0] == region


def test_named_places_are_provinces_and_cities_in_order():
    assert named_places("从廣州寄到北京") == ["广州", "北京"] and named_places("同城件多少钱") == []


def test_an_english_name_is_a_whole_word():
    assert says("zone b covers it", "Zone B") and not says("Zone BC", "Zone B")
    assert says("寄往台湾的快件", "台湾")


@pytest.mark.parametrize("question, places", [
    ("寄往香港的快件声明价值500元，保价费是多少？", ["香港"]),
    ("寄澳门的包裹要几天？", ["澳门"]),
    ("发到台湾的快件怎么报关？", ["台湾"]),
    ("香港的快件可以加急吗", []),  # no verb that sends it there
    ("2008年奥运会在北京举行，到北京的游客有多少？", []),  # a bare 到 is no shipment
])
def test_destinations_are_places_a_question_sends_something_to(question, places):
    assert destinations(question, []) == places


def test_an_english_destination_is_its_chinese_names():
    assert "香港" in destinations("How much is insurance for a parcel to Hong Kong declared at CNY 500?", [])
    assert "台湾" in destinations("How many delivery attempts for a parcel to Taiwan?", [])
    assert destinations("How much is insurance for a parcel declared at CNY 500?", []) == []


def test_without_destination_cuts_the_sending_phrase_as_written():
    assert without_destination("寄到澳门的包裹保价费怎么收？", "澳门") == "包裹保价费怎么收？"
    assert without_destination("寄往臺灣的快件最多派送幾次？", "台湾") == "快件最多派送幾次？"  # traditional kept
    assert without_destination("包裹保价费怎么收？", "澳门") == "包裹保价费怎么收？"


def test_a_chinese_place_is_named_in_english_by_its_gloss():
    assert names_place("2.2 Zone B covers the United States, Canada and Australia.", "美国")
    assert names_place("1.1 Shipments to Hong Kong, Macau and Taiwan follow 港澳台件作業須知.", "台灣")
    assert not names_place("Contact us for a quote.", "美国")  # "us" is no gloss of 美国 here
    assert not names_place("2.3 Zone C covers all other destinations.", "巴西")


def test_english_short_names_and_a_place_by_its_whole_name():
    guide = "2.2 Zone B covers the United States, Canada, the United Kingdom and Australia."
    assert names_place(guide, "UK") and names_place(guide, "the US") and names_place(guide, "英国")
    assert not names_place("2.1 Zone A covers Japan, South Korea and Thailand.", "朝鲜")  # no "North Korea"


@pytest.mark.parametrize(("question", "expect"), [
    ("从深圳寄到台北的2.5公斤快件运费多少？", "从深圳寄到台北（台湾）的2.5公斤快件运费多少？"),
    ("我喺深圳寄一箱嘢去台北，2.5公斤，運費幾多？", "我喺深圳寄一箱嘢去台北（臺灣），2.5公斤，運費幾多？"),
    ("寄去九龙的快件几天到？", "寄去九龙（香港）的快件几天到？"),
    ("寄到重庆九龙坡区要几天？", "寄到重庆九龙坡区要几天？"),  # a district of Chongqing
    ("寄到台湾台北要几天", "寄到台湾台北要几天"),  # the region named already
    ("台北的收件人要准备什么", "台北的收件人要准备什么"),  # nothing sent there
    ("他1949年搬到台北后做了什么？", "他1949年搬到台北后做了什么？"),  # moving, not sending
])
def test_a_city_of_taiwan_or_a_district_of_hong_kong_is_read_with_its_region(question, expect):
    from luodi.answer.places import with_region

    assert with_region(question) == expect


def test_hong_kong_macau_taiwan_and_their_parts_are_no_foreign_destination():
    from luodi.answer.places import foreign

    assert foreign("巴西") and foreign("Brazil") and foreign("德国")
    assert not any(foreign(p) for p in ("香港", "铜锣湾广场", "氹仔", "台湾", "高雄", "新疆", "包头"))
