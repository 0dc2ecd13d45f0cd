"""The helpers the composer uses to combine evidence values with question values."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luodi.numeric.compute import (
    compare,
    convert_to,
    growth,
    multiply,
    percent_of,
    ratio_percent,
    total,
)


def test_multiply_count_by_price():
    c = multiply(3, "8元")
    assert c.value == Decimal(24) and c.unit == "元"
    assert c.text == "3 × 8元 = 24元"
    assert multiply("3件", "8 yuan", "en").text == "3 件 × 8 yuan = 24 yuan"


def test_total_converts_units():
    c = total(["3公斤", "500克"])
    assert c.value == Decimal("3.5") and c.unit == "kg"
    with pytest.raises(ValueError):
        total(["3公斤", "5公里"])


def test_compare_and_percentages():
    assert compare("9.11", "9.8").value == "9.8"
    assert compare("1.5萬", "15000").value == "equal"
    assert percent_of("15%", "2400").value == Decimal(360)
    assert ratio_percent(30, 120).value == Decimal(25)
    assert growth(120, 150).value == Decimal(25)
    assert convert_to("3斤", "kg").value == Decimal("1.5")
    with pytest.raises(ValueError):
        compare("3公斤", "3公里")
