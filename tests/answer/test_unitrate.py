"""A price per unit applied to the quantity the question gives (luodi.answer.unitrate)."""

from __future__ import annotations

import pytest

from luodi.answer.unitrate import priced, priced_text

LABOUR = "2.3 人工费每小时60元，不足1小时的按1小时计算。"
CHARGING = ("6. EV charging. EV charging points charge RMB 0.85 per kWh for electricity plus a service fee of "
            "RMB 0.40 per kWh.")


@pytest.mark.parametrize(("question", "line", "text", "atom"), [
    ("师傅修了1.5小时，人工费多少？", LABOUR, "按引用条款计算：1.5小时，按2小时计；2 × 60 = 120 元。", "120 元"),
    ("修了2小时，人工费要多少钱？", LABOUR, "按引用条款计算：2小时；2 × 60 = 120 元。", "120 元"),
    ("修了1.5小時，人工費多少？", "人工費每小時60元。", "按引用條款計算：1.5小時；1.5 × 60 = 90 元。", "90 元"),
    ("I used 40 kWh at an EV charging point. How much do I pay?", CHARGING,
     "Computed from the cited rule: 40 kWh; 40 × (0.85 + 0.4) = 50 yuan.", "50 元"),
    ("装修垃圾清运，房子120平方米，清运费多少？", "装修垃圾清运费15元/平方米（一次性）。",
     "按引用条款计算：120平方米；120 × 15 = 1800 元。", "1800 元"),
])
def test_the_rate_times_the_questions_quantity(question, line, text, atom):
    got = priced(question, ["第一条 其他规定。", line])
    assert got.source == 1 and priced_text(question, got) == (text, atom)


@pytest.mark.parametrize(("question", "lines"), [
    ("人工费每小时多少钱？", [LABOUR]),  # the rate asked
    ("修了1.5小时，一共多少钱？", [LABOUR]),  # a total: other fees may belong to it
    ("干了3小时，人工费多少？", ["上门费每次20元；夜间上门的，人工费每小时90元。人工费每小时60元。"]),  # two rates
    ("干了3小时，人工费多少？", ["夜间上门的，人工费每小时90元。"]),  # a condition the question does not meet
    ("停了30小时，停车费多少？", ["停车每12小时收费5元。"]),  # a part of a 12-hour span: not said
    ("停了5小时，停车费多少？", ["停车前2小时免费，此后每小时收费5元。"]),  # a free period: accrual's
    ("寄一个3公斤的包裹，运费多少？", ["续重每公斤5元。"]),  # tiered pricing: the tables'
    ("修了2小时，停车费多少？", [LABOUR]),  # another fee's rate
    ("I used 40 kWh at home. What's the bill?", ["Electricity is charged at RMB 0.6 per kWh."]),  # no shared subject
])
def test_nothing_where_the_rule_or_the_question_leaves_the_sum_open(question, lines):
    assert priced(question, lines) is None


def test_a_cap_in_the_sentence_bounds_the_sum_and_a_daily_cap_leaves_a_longer_time_alone():
    got = priced("场地用了10小时，场地费多少？", ["场地费每小时50元，最高不超过300元。"])
    assert got.total == 300 and "超过上限，按300元" in priced_text("场地费多少？", got)[0]
    assert priced("车停了30小时，停车费多少？", ["停车费每小时5元，每日最高不超过40元。"]) is None  # per day
    assert priced("车停了30小时，停车费多少？", ["停车费每小时5元，最高40元/日。"]) is None
    assert priced("车停了10小时，停车费多少？", ["停车费每小时5元，每日最高不超过40元。"]).total == 40


def test_a_free_period_in_another_sentence_or_a_time_in_two_parts_is_left_alone():
    policy = "3. The first 30 minutes are free. After that, visitors pay RMB 5 per hour or part of an hour."
    assert priced("My visitor parked for 3 hours. How much do they pay?", [policy]) is None
    assert priced("修了1小时20分钟，人工费多少？", [LABOUR]) is None
    got = priced("The technician worked 2.5 hours. What is the labour charge?", ["Labour charge: RMB 60 per hour or part of an hour."])
    assert priced_text("What is the labour charge?", got)[0] == ("Computed from the cited rule: 2.5 hours, counted as 3 hours; "
                                                                  "3 × 60 = 180 yuan.")
