"""The numeric engine on Ape210K and GSM8K (bench/numeric.py): real equations are computed without
a crash and equal their gold answers; word problems are rarely taken, and mostly right when they are."""

from __future__ import annotations

from fractions import Fraction

import pytest

from bench.numeric import gold_value, run, same


def test_gold_answers_read_exactly():
    assert gold_value("45") == 45
    assert gold_value("(11/20)") == Fraction(11, 20)
    assert gold_value("1(1/2)") == Fraction(3, 2)
    assert gold_value("93.75%") == Fraction(15, 16)
    assert gold_value("1379-379-608") is None
    assert same(Fraction(3, 2), Fraction(3, 2)) and same(10, Fraction(1, 10))  # 10 for 10%
    assert not same("32个", Fraction(32))


@pytest.mark.data
def test_equations_and_word_problems(shared_data):
    res = run()
    if "ape210k" not in res or "gsm8k" not in res:
        pytest.skip("ape210k or gsm8k not in ../shared/data")
    for name in ("ape210k", "gsm8k"):
        eq, wp = res[name]["equations"], res[name]["word_problems"]
        assert eq["crashed"] == 0 and wp["crashed"] == 0, name
        assert eq["right"] >= 0.9 * eq["equations"], name
        assert eq["wrong"] <= 5, name  # the gold answers' own errors (200*(1+20%)*(1-80%) = 192)
        assert wp["sent_to_numeric"] <= 0.05 * wp["problems"], name
        assert wp["wrong"] <= max(5, 0.3 * wp["sent_to_numeric"]), name
