from luodi.clean import clean
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
