"""Readers: formats, encodings and every refusal (files are made in tmp_path)."""

from __future__ import annotations

import codecs

import pytest

from luodi.clean import clean, clean_path
from luodi.errors import InputError
from luodi.read import read_bytes, read_path

ZH = "快递员应当在约定时间内投递快件，不得擅自打开快件。"
HANT = "快遞員應當在約定時間內投遞快件，不得擅自打開快件。"


def minimal_pdf(text: str) -> bytes:
    """A one-page PDF with `text` in Helvetica, written by hand (xref offsets computed)."""
    stream = f"BT /F1 18 Tf 72 720 Td ({text}) Tj ET".encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def blank_pdf() -> bytes:
    from io import BytesIO

    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    buf = BytesIO()
    writer.write(buf)
    return buf.getvalue()


# ---- formats -------------------------------------------------------------------------------


def test_txt_and_markdown_keep_lines(tmp_path):
    md = tmp_path / "rules.md"
    md.write_text("# 快递规则\n\n第一条 总则。\n第二条 收件。\n- 列表项\n", encoding="utf-8")
    raw = read_path(md)
    assert raw.format == "md" and raw.encoding == "utf-8" and raw.title == "快递规则"
    doc = clean(raw)
    assert doc.text.split("\n") == ["# 快递规则", "", "第一条 总则。", "第二条 收件。", "- 列表项"]


def test_html_keeps_markup_and_title(tmp_path):
    page = tmp_path / "p.html"
    body = "".join(f"<p>{ZH}第{i}段。</p>" for i in range(5))
    page.write_text(
        f"<html><head><title>标题</title></head><body><div>{body}</div></body></html>", "utf-8"
    )
    raw = read_path(page)
    assert raw.format == "html" and raw.html and "<p>" in raw.html and raw.title == "标题"
    assert ZH in clean(raw).text


def test_pdf_text_is_extracted(tmp_path):
    f = tmp_path / "memo.pdf"
    f.write_bytes(minimal_pdf("Parcels are delivered before noon"))
    raw = read_path(f)
    assert raw.format == "pdf"
    assert "Parcels are delivered before noon" in raw.text
    assert "Parcels" in clean_path(f).text


def test_docx_paragraphs_headings_tables(tmp_path):
    import docx

    d = docx.Document()
    d.add_heading("第一章 总则", level=1)
    d.add_paragraph("第一条 为规范快递服务，制定本办法。")
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "重量", "价格"
    table.cell(1, 0).text, table.cell(1, 1).text = "1公斤", "12元"
    d.add_heading("第二章 收寄", level=1)
    f = tmp_path / "rules.docx"
    d.save(f)
    raw = read_path(f)
    lines = [ln for ln in raw.text.split("\n") if ln.strip()]
    assert "# 第一章 总则" in lines and "# 第二章 收寄" in lines  # headings the chunker knows
    assert "重量 | 价格" in lines and "1公斤 | 12元" in lines
    assert raw.title == "第一章 总则"
    assert raw.meta["headings"] == ["第一章 总则", "第二章 收寄"]


def test_read_bytes_uses_name_extension():
    raw = read_bytes(ZH.encode("utf-8"), "upload.TXT")
    assert raw.format == "txt" and raw.text == ZH


# ---- encodings -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "data, encoding, expected",
    [
        ((ZH * 3).encode("gbk"), "gb18030", ZH * 3),
        ((HANT * 3).encode("big5"), "big5", HANT * 3),
        (codecs.BOM_UTF16_LE + (ZH * 2).encode("utf-16-le"), "utf-16", ZH * 2),
        (codecs.BOM_UTF8 + ZH.encode("utf-8"), "utf-8", ZH),
        ("鍾镕".encode("gb18030") + (ZH * 2).encode("gb18030"), "gb18030", "鍾镕" + ZH * 2),
    ],
)
def test_text_encodings(tmp_path, data, encoding, expected):
    f = tmp_path / "x.txt"
    f.write_bytes(data)
    raw = read_path(f)
    assert raw.text == expected
    assert encoding in raw.encoding.replace("_", "").replace("-", "") or raw.encoding.startswith(
        encoding
    )


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_chinese_utf16_without_a_byte_order_mark(tmp_path, codec):
    """Mostly Chinese, so few NUL bytes (its newlines; 一 puts one on the other side too)."""
    text = "营业规则\n\n第一条 快件签收后七日内可申请理赔。\n第二条 理赔金额最高为五千元。\n"
    f = tmp_path / "rules.txt"
    f.write_bytes(text.encode(codec))
    assert read_path(f).text.strip() == text.strip()


def test_page_declared_gb2312_but_big5(tmp_path):
    """A Taiwan page saved with a mainland template's meta tag: GB18030 decodes the bytes too,
    into kana and Cyrillic among the Chinese."""
    f = tmp_path / "notice.html"
    body = "<p>第三條 營業時間為每日上午八點至下午六點。</p><p>第四條 週日及國定假日不收件，請提前安排寄件時間。</p>"
    html = f'<html><head><meta charset="gb2312"><title>營業公告</title></head><body>{body}</body></html>'
    f.write_bytes(html.encode("big5"))
    raw = read_path(f)
    assert raw.encoding == "big5hkscs" and "營業時間為每日上午八點" in raw.html


def test_a_gb_page_quoting_russian_stays_gb(tmp_path):
    f = tmp_path / "ru.html"
    body = "<p>寄往俄罗斯的快件请写清地址，例如：Москва, ул. Тверская, д. 7。运费每公斤85元，时效7至12天。</p>" * 3
    f.write_bytes(f'<html><head><meta charset="gb2312"></head><body>{body}</body></html>'.encode("gb18030"))
    raw = read_path(f)
    assert raw.encoding == "gb18030" and "寄往俄罗斯" in raw.html


def test_page_declared_gb2312_but_utf8(tmp_path):
    f = tmp_path / "p.html"
    html = f'<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312"></head><body><p>{ZH}</p></body></html>'
    f.write_bytes(html.encode("utf-8"))
    raw = read_path(f)
    assert raw.encoding == "utf-8" and ZH in raw.html


def test_page_declared_gb2312_with_gbk_characters(tmp_path):
    # 镕 and 鍾 are outside GB2312: a strict gb2312 decoder fails, gb18030 reads them.
    f = tmp_path / "p.html"
    text = "朱镕基与鍾先生" + ZH
    html = f'<html><head><meta charset="gb2312"></head><body><p>{text}</p></body></html>'
    f.write_bytes(html.encode("gb18030"))
    raw = read_path(f)
    assert raw.encoding == "gb18030" and text in raw.html


def test_big5_page_declared_big5(tmp_path):
    f = tmp_path / "p.htm"
    html = f'<html><head><meta charset="big5"></head><body><p>{HANT}</p></body></html>'
    f.write_bytes(html.encode("big5"))
    assert HANT in read_path(f).html


# ---- refusals ------------------------------------------------------------------------------


def _refused(path_or_call, match: str) -> str:
    with pytest.raises(InputError, match=match) as exc:
        path_or_call()
    msg = str(exc.value)
    assert "\n" not in msg
    return msg


def test_empty_file(tmp_path):
    f = tmp_path / "empty.txt"
    f.write_bytes(b"")
    _refused(lambda: read_path(f), "empty")


def test_whitespace_only_file(tmp_path):
    f = tmp_path / "blank.md"
    f.write_text(" \n\t\n  \u3000\n", encoding="utf-8")
    _refused(lambda: read_path(f), "empty")


def test_binary_file(tmp_path):
    f = tmp_path / "image.txt"
    f.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    _refused(lambda: read_path(f), "binary")


def test_file_over_limit(tmp_path):
    f = tmp_path / "huge.txt"
    f.write_bytes(b"a" * 5000)
    msg = _refused(lambda: read_path(f, max_bytes=1000), "over the")
    assert "LUODI_MAX_FILE_MB" in msg and "split" in msg


def test_limit_message_counts_as_the_setting_does():
    # LUODI_MAX_FILE_MB counts MiB: a 30 MiB file is "30 MB" against the default "20 MB", as the
    # user set it (decimal megabytes read 31.5 against 21).
    msg = _refused(lambda: read_bytes(b"a" * (30 * 2**20), "big.txt"), "30 MB, over the 20 MB limit")
    assert "raise LUODI_MAX_FILE_MB or split the file" in msg
    msg = _refused(lambda: read_bytes(b"a" * (3 * 2**19), "b.txt", max_bytes=2**20), "1.5 MB, over the 1 MB")
    # just over the limit: a size that would round to the limit is given in bytes
    _refused(lambda: read_bytes(b"a" * (2**20 + 10), "c.txt", max_bytes=2**20), "1,048,586 bytes, over the 1 MB")


def test_unknown_extension(tmp_path):
    f = tmp_path / "data.xyz"
    f.write_text("hello", encoding="utf-8")
    msg = _refused(lambda: read_path(f), "unsupported")
    for ext in (".txt", ".md", ".html", ".pdf", ".docx"):
        assert ext in msg


def test_corrupt_pdf(tmp_path):
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog garbage" + bytes(range(200)))
    _refused(lambda: read_path(f), "not a readable PDF")


def test_scanned_pdf_without_text(tmp_path):
    f = tmp_path / "scan.pdf"
    f.write_bytes(blank_pdf())
    _refused(lambda: read_path(f), "no extractable text")


def test_corrupt_docx(tmp_path):
    f = tmp_path / "broken.docx"
    f.write_bytes(b"PK\x03\x04 this is not really a zip file")
    _refused(lambda: read_path(f), "not a readable DOCX")


def test_undecodable_bytes(tmp_path):
    f = tmp_path / "noise.txt"
    # High bytes that are invalid in UTF-8, GB18030 and Big5 alike (0x80 and 0xFF leads).
    f.write_bytes(b"abc " + b"\xff\x80\xff\x80\xff" * 200)
    _refused(lambda: read_path(f), "cannot decode")


def test_missing_file(tmp_path):
    _refused(lambda: read_path(tmp_path / "nope.txt"), "no such file")
