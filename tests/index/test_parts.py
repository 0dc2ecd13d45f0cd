"""The parts a chunk is embedded as besides its whole text (luodi.index.parts)."""

from __future__ import annotations

import pytest

from luodi.index.parts import part_texts
from luodi.types import Chunk


@pytest.mark.parametrize(
    ("text", "section", "expected"),
    [
        ("第一条 快件应当当面验收。收件人可以拒收。", "法 > 第一条",
         ["法 > 第一条\n第一条 快件应当当面验收。", "法 > 第一条\n收件人可以拒收。"]),
        ("只有一句话。", "", []),
        ("第一款内容比较长一些；\n（一）短；\n（二）另一项内容也不短。", "",
         ["第一款内容比较长一些；", "（一）短；（二）另一项内容也不短。"]),
    ],
)
def test_part_texts(text, section, expected):
    assert part_texts(Chunk(text=text, section=section, start=0, end=0)) == expected


def test_list_items_are_also_embedded_after_their_lead_in():
    text = ("有下列行为之一的，责令改正；情节严重的，处1万元以下的罚款：\n（一）网点未备案；\n"
            "（二）未提前公告停业；\n本条自公布之日起施行。\n1、易碎品未保价的")
    parts = part_texts(Chunk(text=text, section="办法", start=0, end=0))
    lead = "情节严重的，处1万元以下的罚款："
    assert parts[-2:] == [f"办法\n{lead}（一）网点未备案；", f"办法\n{lead}（二）未提前公告停业；"]
    assert "办法\n（一）网点未备案；" in parts  # the item alone stays too
    assert not any(p.endswith("易碎品未保价的") and lead in p for p in parts)  # the list ended


def test_table_rows_are_embedded_with_their_column_names():
    text = ("运费如下（单位：元）：\n计费区域 | 首重 | 加急时效\n同城 | 8 | 当日达\n省内 | 10 | 次日达\n"
            "注：偏远地区不提供加急。\n独立一行 | 不是表格")
    parts = part_texts(Chunk(text=text, section="手册", start=0, end=0))
    assert "手册\n计费区域 | 首重 | 加急时效" in parts  # the header row as it is
    assert "手册\n同城：首重8；加急时效当日达" in parts and "手册\n省内：首重10；加急时效次日达" in parts
    assert "手册\n独立一行 | 不是表格" in parts  # a lone row has no header to name its cells
    english = part_texts(Chunk(text="Rates:\nZone | First kg\nZone A | CNY 98", section="", start=0, end=0))
    assert english[-1] == "Zone A: First kg CNY 98"
    short = part_texts(Chunk(text="重量 | 运费\n1公斤 | 10元\n2公斤 | 13元；另计", section="", start=0, end=0))
    assert short == ["重量 | 运费", "1公斤：运费10元", "2公斤：运费13元；另计"]  # short rows stay whole
