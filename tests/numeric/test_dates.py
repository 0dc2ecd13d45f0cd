"""Table-driven tests for date mentions."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from luodi.numeric.dates import find_dates, format_date, resolve, weekday_names

DATES = [
    ("2026年3月1日", ["2026-03-01"]),
    ("2026-03-01", ["2026-03-01"]),
    ("2026/3/1", ["2026-03-01"]),
    ("2026.3.1", ["2026-03-01"]),
    ("2812/3.7*1.1", []),  # one separator throughout, or a division: 2812 ÷ 3.7 × 1.1
    ("1/1/2026", ["2026-01-01"]),
    ("25/12/2026", ["2026-12-25"]),
    ("Jan 1, 2026", ["2026-01-01"]),
    ("1 January 2026", ["2026-01-01"]),
    ("March 1st 2026", ["2026-03-01"]),
    ("二〇二六年三月一日", ["2026-03-01"]),
    ("3月1日", ["--03-01"]),
    ("27日，沪铜", ["---27"]),
    ("2014年9月", ["2014-09"]),
    ("2014年度报告", ["2014"]),
    ("3年内", []),
    ("24日元", []),
    ("2026年2月30日", []),
    ("從2026年1月1日到2026年3月1日", ["2026-01-01", "2026-03-01"]),
]


@pytest.mark.parametrize("text,expected", DATES)
def test_find_dates(text, expected):
    assert [d.iso for d in find_dates(text)] == expected


def test_resolve_partial_and_relative():
    now = datetime(2026, 2, 10, 9, 0)
    [md] = find_dates("3月1日")
    assert resolve(md, now) == date(2026, 3, 1)
    [jan] = find_dates("1月5日")
    assert resolve(jan, now) == date(2027, 1, 5)
    assert resolve(jan, now, forward=False) == date(2026, 1, 5)
    [tomorrow] = find_dates("明天")
    assert resolve(tomorrow, now) == date(2026, 2, 11)


def test_weekday_names_and_format():
    assert [w for w, _, _ in weekday_names("週三和星期日, Friday")] == [2, 6, 4]
    assert format_date(date(2026, 3, 31), "en") == "March 31, 2026"
    assert format_date(date(2026, 3, 31), "zh-Hans") == "2026年3月31日"
