"""Table-driven tests for number and unit parsing."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from luodi.numeric.numbers import format_number
from luodi.numeric.parse import convert, find_quantities, parse_number

NUMBERS = [
    ("三千五百", Decimal(3500)),
    ("两千零五", Decimal(2005)),
    ("一万二", Decimal(12000)),
    ("十二", Decimal(12)),
    ("廿", Decimal(20)),
    ("廿五", Decimal(25)),
    ("1.5萬", Decimal(15000)),
    ("1.5万", Decimal(15000)),
    ("0.3億", Decimal(30000000)),
    ("3千", Decimal(3000)),
    ("兩", Decimal(2)),
    ("半", Decimal("0.5")),
    ("百分之十五", Decimal("0.15")),
    ("15%", Decimal("0.15")),
    ("三成", Decimal("0.3")),
    ("八折", Decimal("0.8")),
    ("８５折", Decimal("0.85")),
    ("１２３", Decimal(123)),
    ("1,234.50", Decimal("1234.5")),
    ("3/4", Decimal("0.75")),
    ("四分之三", Decimal("0.75")),
    ("一百零二", Decimal(102)),
    ("三千五", Decimal(3500)),
    ("二〇二六", Decimal(2026)),
    ("三点五", Decimal("3.5")),
    ("一亿二千万", Decimal(120000000)),
    ("5 million", Decimal(5000000)),
    ("壹仟贰佰", Decimal(1200)),
    ("abc", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", NUMBERS)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


QUANTITIES = [
    ("¥1,200", [("1200", "元")]),
    ("RMB 300", [("300", "元")]),
    ("5塊", [("5", "元")]),
    ("3斤", [("3", "斤")]),
    ("2公斤", [("2", "kg")]),
    ("500克", [("500", "g")]),
    ("20kg", [("20", "kg")]),
    ("3公里", [("3", "km")]),
    ("3千米", [("3", "km")]),
    ("1500米", [("1500", "m")]),
    ("2.5小時", [("2.5", "h")]),
    ("30分鐘", [("30", "min")]),
    ("45秒", [("45", "s")]),
    ("一个半小时", [("1.5", "h")]),
    ("两天半", [("2.5", "天")]),
    ("半小时", [("0.5", "h")]),
    ("30天内", [("30", "天")]),
    ("3件", [("3", "件")]),
    ("十分钟", [("10", "min")]),
    ("1.5万元", [("15000", "元")]),
    ("百分之三点五", [("3.5", "%")]),
    ("3.5 percent", [("3.5", "%")]),
    ("一些人统一十分重要", []),
    ("千万不要", []),
    ("一起去", []),
    ("唯一的办法", []),
    ("9.11和9.8", [("9.11", ""), ("9.8", "")]),
    ("3成员", [("3", "")]),
]


@pytest.mark.parametrize("text,expected", QUANTITIES)
def test_find_quantities(text, expected):
    got = [(format_number(q.value), q.unit) for q in find_quantities(text)]
    assert got == expected


def test_offsets_point_into_the_original_text():
    text = "運費１２３塊，重3斤"
    qs = find_quantities(text)
    assert [text[q.start : q.end] for q in qs] == ["１２３塊", "3斤"]


@pytest.mark.parametrize(
    "value,unit,target,expected",
    [
        (Decimal(3), "斤", "kg", Decimal("1.5")),
        (Decimal("2.5"), "h", "min", Decimal(150)),
        (Decimal(1500), "m", "km", Decimal("1.5")),
        (Decimal(1), "kg", "km", None),
        (Decimal(1), "h", "天", Fraction(1, 24)),
    ],
)
def test_convert(value, unit, target, expected):
    assert convert(value, unit, target) == expected


@pytest.mark.parametrize("text, value, unit", [("minimum USD 35", "35", "USD"), ("HK$ 20 each", "20", "HKD"),
                                               ("€8", "8", "EUR"), ("US$12", "12", "USD"), ("CNY 35", "35", "元"),
                                               ("$5", "5", "USD")])
def test_a_currency_written_before_its_amount(text, value, unit):
    [q] = find_quantities(text)
    assert q.value == Decimal(value) and q.unit == unit
