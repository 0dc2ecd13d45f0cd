"""Numerals read and printed exactly (luodi.numeric.numbers)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

import pytest

from luodi.numeric.numbers import cn_integer, format_number, parse_cn_integer


@pytest.mark.parametrize(
    ("text", "value"),
    [("二十", 20), ("十二", 12), ("十", 10), ("一百零五", 105), ("两千", 2000), ("一〇五", 105),
     ("二〇二六", 2026), ("三千五百", 3500), ("三千五", 3500), ("一万二千", 12000), ("廿五", 25),
     ("20", 20), ("２０", 20), (" 7 ", 7), ("", None), ("二十x", None), ("百", None), ("²", None)],
)
def test_cn_integer(text, value):
    # one reader for the whole package: keyword tokens (第二十条), dates, ETAs, claim atoms
    assert parse_cn_integer(text) == value


def test_cn_integer_rejects_ranges():
    assert parse_cn_integer("十二三") is None
    assert parse_cn_integer("三百二十一") == 321


def test_format_number_has_no_float_garbage():
    assert format_number(Decimal("9.8") - Decimal("9.11")) == "0.69"
    assert format_number(Decimal("15000.0")) == "15000"
    assert format_number(Fraction(1, 3)) == "1/3"


def test_cn_integer_writes_what_parse_cn_integer_reads():
    assert [cn_integer(n) for n in (1, 10, 11, 20, 21, 99)] == ["一", "十", "十一", "二十", "二十一", "九十九"]
    assert all(parse_cn_integer(cn_integer(n)) == n for n in range(1, 100))
    assert cn_integer(0) == "0" and cn_integer(100) == "100"  # outside 1–99: digits

