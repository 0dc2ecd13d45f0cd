"""Numerals read and printed exactly (luodi.numeric.numbers)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

from luodi.numeric.numbers import format_number, parse_cn_integer


def test_cn_integer_rejects_ranges():
    assert parse_cn_integer("十二三") is None
    assert parse_cn_integer("三百二十一") == 321


def test_format_number_has_no_float_garbage():
    assert format_number(Decimal("9.8") - Decimal("9.11")) == "0.69"
    assert format_number(Decimal("15000.0")) == "15000"
    assert format_number(Fraction(1, 3)) == "1/3"
