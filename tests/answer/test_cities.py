"""The mainland places a question sends something from and to (luodi.answer.cities)."""

import pytest

from luodi.answer.cities import PROVINCE_OF, PROVINCES, Route, from_pinyin, named, route


def test_every_division_belongs_to_one_of_the_31_provinces():
    assert len(PROVINCES) == 31 and set(PROVINCE_OF.values()) == PROVINCES
    assert PROVINCE_OF["拉萨"] == "西藏" and PROVINCE_OF["深圳"] == "广东" and PROVINCE_OF["上海"] == "上海"
    assert "香港" not in PROVINCE_OF and "朝阳" not in PROVINCE_OF  # a service of its own; a Beijing district too


def test_pinyin_names_a_place_unless_two_share_it():
    assert from_pinyin("Guangzhou") == "广州" and from_pinyin(" inner  mongolia ") == "内蒙古"
    assert from_pinyin("Suzhou") == "苏州"  # 宿州 is marked the lesser of the two
    assert from_pinyin("Taizhou") is None and from_pinyin("Springfield") is None


@pytest.mark.parametrize(("question", "origin", "destination", "relation"), [
    ("一个3公斤的包裹从广州寄到深圳多少钱？", "广州", "深圳", "province"),
    ("從成都寄到拉薩的3公斤包裹運費多少？", "成都", "拉萨", "provinces"),
    ("广州到深圳3公斤多少钱", "广州", "深圳", "province"),
    ("北京寄上海5公斤", "北京", "上海", "provinces"),
    ("广州发深圳", "广州", "深圳", "province"),
    ("我在深圳，寄到广州多少钱", "深圳", "广州", "province"),
    ("一个4公斤的包裹从上海寄到上海要多少钱？", "上海", "上海", "city"),
    ("从广东省深圳市寄到四川省成都市", "深圳", "成都", "provinces"),
    ("寄到甘肃兰州的2公斤快件运费多少？", None, "兰州", None),  # no origin: the zone is unknown
    ("从广东寄到广州", "广东", "广州", None),  # the province holds the city: 同城 or 省内
    ("从深圳寄到香港3公斤多少钱？", "深圳", None, None),
    ("How much does it cost to send a 2 kg parcel from Guangzhou to Chengdu?", "广州", "成都", "provinces"),
    ("how much from guangzhou to chengdu sichuan for 2 kg?", "广州", "成都", "provinces"),  # any case, longest name
    ("Send it from the office to Inner Mongolia", None, "内蒙古", None),
    ("同城件几天能到？", None, None, None),
])
def test_a_route_is_read_from_the_sending_words(question, origin, destination, relation):
    got = route(question)
    assert got == Route(origin, destination) and got.relation() == relation


def test_a_province_written_before_its_own_city_is_that_city():
    assert [n for _, _, n in named("寄到甘肃省兰州市")] == ["兰州"]
    assert [n for _, _, n in named("甘肃、兰州")] == ["甘肃", "兰州"]  # not adjacent: two places


def test_a_county_level_city_or_district_is_its_prefectures():
    assert route("从义乌寄到金华2公斤多少钱").relation() == "city"  # 同一地级市，含所辖县、区
    assert route("从浦东寄到闵行").relation() == "city" and route("从昆山寄到上海浦东").relation() == "provinces"
    assert route("from Yiwu to Hangzhou").relation() == "province"
