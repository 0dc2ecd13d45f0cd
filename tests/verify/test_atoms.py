"""Table-driven tests for atom extraction."""

from __future__ import annotations

from decimal import Decimal

import pytest

from luodi.verify.atoms import extract_atoms

CASES = [
    ("运费1.5万元", [("amount", Decimal(15000))]),
    ("運費1.5萬元", [("amount", Decimal(15000))]),
    ("重量超过20公斤", [("number", Decimal(20))]),
    ("增长了3.5%", [("percent", Decimal("3.5"))]),
    ("百分之十五", [("percent", Decimal(15))]),
    ("30天内", [("duration", Decimal(30))]),
    ("两个半小时", [("duration", Decimal("2.5"))]),
    ("2026年1月1日", [("date", "2026-01-01")]),
    ("2026-01-01", [("date", "2026-01-01")]),
    ("1/1/2026", [("date", "2026-01-01")]),
    ("Jan 1, 2026", [("date", "2026-01-01")]),
    ("1月30日电", [("date", "--01-30")]),
    ("4月4日至6日", [("date", "--04-04"), ("date", "--04-06")]),
    ("今年8月", [("date", "--08")]),
    ("见 https://WWW.Example.com/a/ 。", [("url", "example.com/a")]),
    ("邮箱 Help@SF.com", [("email", "help@sf.com")]),
    ("致电138-1234-5678", [("phone", "13812345678")]),
    ("+86 138 1234 5678", [("phone", "13812345678")]),
    ("运单号SF1234567890", [("id", "SF1234567890")]),
    ("依据第二十条", [("article", 20)]),
    ("依據第二十條", [("article", 20)]),
    ("第3款", [("article", 3)]),
    ("「顺丰速运」", [("name", "顺丰速运")]),
    ("《快遞暫行條例》", [("name", "快递暂行条例")]),
    ("以104比92获胜", [("number", "104:92")]),
    ("比分3:0", [("number", "3:0")]),
    ("第五位", [("number", Decimal(5))]),
    ("1. 首先\n2. 其次", []),
    ("见[1]和[2]", []),
    ("这是一个好办法，进一步完善，统一管理", []),
    ("费用１２３元", [("amount", Decimal(123))]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_extract_atoms(text, expected):
    got = [(a.kind, a.value) for a in extract_atoms(text)]
    assert got == expected


def test_offsets():
    text = "超过20公斤收费8元"
    for a in extract_atoms(text):
        assert text[a.start : a.end] == a.text
