import pytest

from luodi.clean import clean, row_cells
from luodi.types import RawDocument


def test_markdown_comments_are_not_part_of_the_text():
    raw = RawDocument(uri="law.md", format="md", text=(
        "# 快递条例\n\n2018年3月2日公布\n\n<!-- INFO END -->\n\n第一条 为了规范快递服务。"
        "<!-- a note\nover two lines -->\n"))
    doc = clean(raw)
    assert "<!--" not in doc.text and "INFO END" not in doc.text and "note" not in doc.text
    assert "2018年3月2日公布" in doc.text and "第一条 为了规范快递服务。" in doc.text


def test_plain_text_keeps_what_looks_like_a_comment():
    doc = clean(RawDocument(uri="a.txt", format="txt", text="写法 <!-- 不是注释 --> 原样保留"))
    assert "<!-- 不是注释 -->" in doc.text


def test_markdown_tables_become_rows_as_html_tables_do():
    raw = RawDocument(uri="fees.md", format="md", text=(
        "# 资费\n\n第五条 运费如下：\n\n| 区域 | 首重 | 续重 |\n| --- | :---: | --- |\n"
        "| 同城 | 8元 | 2元 |\n|跨省|12元|5元|\n\n第六条 包装费另计，a | b 不是表格。\n"))
    doc = clean(raw)
    assert "区域 | 首重 | 续重\n同城 | 8元 | 2元\n跨省 | 12元 | 5元\n" in doc.text
    assert "---" not in doc.text and "第六条 包装费另计，a | b 不是表格。" in doc.text
    plain = clean(RawDocument(uri="a.txt", format="txt", text="| 区域 | 首重 |\n|---|---|"))
    assert plain.text.startswith("| 区域 | 首重 |")  # only Markdown is rewritten


@pytest.mark.parametrize(("line", "cells"), [
    ("省内 | 10 | 3 | 次日达", ["省内", "10", "3", "次日达"]),
    ("8 | 2 | ", ["8", "2", ""]),  # an empty last cell is a cell (the line stripped or not)
    ("8 | 2 |", ["8", "2", ""]),
    ("| 同城 | 8元 |", ["同城", "8元"]),  # outer pipes of a row not written by the cleaner
    ("编号 | A|B 型", ["编号", "A|B 型"]),  # a pipe inside a cell splits nothing
    ("北京 | | 010-1234", ["北京", "", "010-1234"]),  # an empty cell inside, its spaces collapsed
    ("| 首重 | 续重", ["", "首重", "续重"]),  # an empty corner cell of a header
    ("a|b", []), ("| 区域 |", []), ("没有表格", []),
])
def test_row_cells_reads_rows_as_the_readers_write_them(line, cells):
    assert row_cells(line) == cells


def test_markdown_front_matter_is_metadata_not_text():
    raw = RawDocument(uri="night.md", format="md", text=(
        "\ufeff---\ntitle: \"夜间派送规定\"\ndate: 2026-01-01\n---\n\n第一条 夜间派送须提前预约。\n"))
    doc = clean(raw)
    assert doc.title == "夜间派送规定" and doc.text == "第一条 夜间派送须提前预约。"
    rule = clean(RawDocument(uri="a.md", format="md", text="---\n\n分隔线之后的正文\n"))
    assert rule.text.startswith("---") and rule.title == "分隔线之后的正文"  # a lone rule is not front matter
