from __future__ import annotations

import pytest

from luodi.clean.normalize import collapse_blank_lines, normalize_text


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("ＡＢＣ１２３", "ABC123"),
        ("价格：１００元，约合ＵＳＤ１４。", "价格：100元，约合USD14。"),
        ("「你好」『世界』（注）《书名》、！？；", "「你好」『世界』（注）《书名》、！？；"),
        ("a\u00a0b\u2003c", "a b c"),
        ("\u3000\u3000段落开头", "段落开头"),
        ("零\u200b宽", "零宽"),
        ("x  \t y", "x y"),
        ("第一行\n\n\n\n第二行", "第一行\n\n第二行"),
        ("e\u0301", "\u00e9"),
    ],
)
def test_normalize(raw, expected):
    assert normalize_text(raw) == expected


def test_markdown_indent_kept():
    assert normalize_text("- a\n  - b", keep_indent=True) == "- a\n  - b"


def test_collapse_blank_lines():
    assert collapse_blank_lines("\n\na\n\n\n\nb\n\n") == "a\n\nb"
