"""What Word shows of a DOCX is what the reader reads (luodi/read/docx.py)."""

from __future__ import annotations

import shutil
import zipfile

import pytest

from luodi.read import read_path

docx = pytest.importorskip("docx")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _rezip(path, replace=None, add=None):
    """Rewrite parts of a saved DOCX: python-docx has no API for numbering definitions or notes."""
    tmp = path.with_suffix(".tmp")
    with zipfile.ZipFile(path) as zin, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            for name, (old, new) in (replace or {}).items():
                if item.filename == name:
                    data = data.replace(old, new)
            zout.writestr(item, data)
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    shutil.move(tmp, path)


def test_tracked_insertions_content_controls_nested_tables_and_footnotes(tmp_path):
    from docx.oxml import parse_xml
    from docx.oxml.ns import qn

    d = docx.Document()
    p = d.add_paragraph("第九条 保价费率为")
    p._p.append(parse_xml(f'<w:del {W} w:id="1" w:author="a"><w:r><w:delText>百分之五</w:delText></w:r></w:del>'))
    p._p.append(parse_xml(f'<w:ins {W} w:id="2" w:author="a"><w:r><w:t>千分之三</w:t></w:r></w:ins>'))
    p.add_run("，最低1元。")
    d.element.body.append(parse_xml(f'<w:sdt {W}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>第十一条 夜间不收件。'
                                    '</w:t></w:r></w:p></w:sdtContent></w:sdt>'))
    table = d.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "省内"
    table.cell(0, 1).add_table(rows=1, cols=1).cell(0, 0).text = "冷链另计"
    note = d.add_paragraph("第十条 赔偿按实际损失计算")
    note._p.append(parse_xml(f'<w:r {W}><w:footnoteReference w:id="1"/></w:r>'))
    body = d.element.body
    body.append(body.find(qn("w:sectPr")))  # the section's properties stay last
    f = tmp_path / "rules.docx"
    d.save(f)
    _rezip(f, replace={
        "[Content_Types].xml": (b"</Types>", b'<Override PartName="/word/footnotes.xml" ContentType="application/'
                                b'vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/></Types>'),
        "word/_rels/document.xml.rels": (b"</Relationships>", b'<Relationship Id="rIdFn" Type="http://schemas.'
                                         b'openxmlformats.org/officeDocument/2006/relationships/footnotes" '
                                         b'Target="footnotes.xml"/></Relationships>')},
        add={"word/footnotes.xml": f'<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r>'
             '<w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:t>实际损失不超过运费的'
             '三倍。</w:t></w:r></w:p></w:footnote></w:footnotes>'})
    text = read_path(f).text
    assert "第九条 保价费率为千分之三，最低1元。" in text and "百分之五" not in text
    assert "第十一条 夜间不收件。" in text
    assert "省内 | 冷链另计" in text
    assert text.endswith("注1：实际损失不超过运费的三倍。")


def test_automatic_article_numbers_are_written_out(tmp_path):
    from docx.oxml import parse_xml

    d = docx.Document()
    for text in ("月结客户应当每月五日前完成对账。", "逾期未对账的，暂停月结资格。"):
        d.add_paragraph(text)._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'))
    for text in ("核对身份证件。", "称重。"):
        d.add_paragraph(text)._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="1"/><w:numId w:val="7"/></w:numPr>'))
    d.add_paragraph("月结额度最高为五万元。")._p.get_or_add_pPr().append(
        parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="7"/></w:numPr>'))
    f = tmp_path / "monthly.docx"
    d.save(f)
    numbering = (f'<w:numbering {W}><w:abstractNum w:abstractNumId="70">'
                 '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>'
                 '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/>'
                 '<w:suff w:val="nothing"/></w:lvl></w:abstractNum>'
                 '<w:num w:numId="7"><w:abstractNumId w:val="70"/></w:num></w:numbering>')
    with zipfile.ZipFile(f) as z:
        assert "word/numbering.xml" in z.namelist()  # python-docx's template has one to replace
        old = z.read("word/numbering.xml")
    _rezip(f, replace={"word/numbering.xml": (old, numbering.encode())})
    lines = read_path(f).text.split("\n")
    assert lines == ["第一条 月结客户应当每月五日前完成对账。", "第二条 逾期未对账的，暂停月结资格。",
                     "（一）核对身份证件。", "（二）称重。", "第三条 月结额度最高为五万元。"]


def test_chinese_numbers_as_articles_read():
    from luodi.read.docx_numbering import chinese, roman

    assert [chinese(n) for n in (1, 10, 11, 20, 105, 110, 1010, 1165)] == [
        "一", "十", "十一", "二十", "一百零五", "一百一十", "一千零一十", "一千一百六十五"]
    assert roman(1994) == "MCMXCIV"


LEVEL = '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="第%1条"/></w:lvl>'


def _numbered(tmp_path, paras, numbering):
    from docx.oxml import parse_xml

    d = docx.Document()
    for text, num in paras:
        d.add_paragraph(text)._p.get_or_add_pPr().append(
            parse_xml(f'<w:numPr {W}><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'))
    f = tmp_path / "n.docx"
    d.save(f)
    with zipfile.ZipFile(f) as z:
        old = z.read("word/numbering.xml")
    _rezip(f, replace={"word/numbering.xml": (old, f"<w:numbering {W}>{numbering}</w:numbering>".encode())})
    return read_path(f).text.split("\n")


def test_lists_over_one_definition_count_on_unless_one_restarts(tmp_path):
    nums = ('<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="0"/>'
            '</w:num><w:num w:numId="3"><w:abstractNumId w:val="0"/><w:lvlOverride w:ilvl="0"><w:startOverride '
            'w:val="1"/></w:lvlOverride></w:num>')
    lines = _numbered(tmp_path, [("甲。", 1), ("乙。", 1), ("丙。", 2), ("丁。", 3)],
                      f'<w:abstractNum w:abstractNumId="0">{LEVEL}</w:abstractNum>{nums}')
    assert lines == ["第一条 甲。", "第二条 乙。", "第三条 丙。", "第一条 丁。"]


def test_a_list_defined_by_a_list_style_is_numbered(tmp_path):
    defs = (f'<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="ArticleList"/>{LEVEL}</w:abstractNum>'
            '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="ArticleList"/></w:abstractNum>'
            '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num><w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>')
    assert _numbered(tmp_path, [("甲。", 2), ("乙。", 2)], defs) == ["第一条 甲。", "第二条 乙。"]


def test_a_text_box_is_read_once_on_its_own_line(tmp_path):
    from docx.oxml import parse_xml

    mc = ('xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
          'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
          'xmlns:v="urn:schemas-microsoft-com:vml"')
    box = "<w:txbxContent><w:p><w:r><w:t>提示：冷链件另计。</w:t></w:r></w:p></w:txbxContent>"
    d = docx.Document()
    p = d.add_paragraph("第五条 保价费率为千分之三。")
    p._p.append(parse_xml(f'<w:r {W} {mc}><mc:AlternateContent><mc:Choice Requires="wps"><wps:txbx>{box}</wps:txbx>'
                          f'</mc:Choice><mc:Fallback><v:textbox>{box}</v:textbox></mc:Fallback></mc:AlternateContent></w:r>'))
    f = tmp_path / "box.docx"
    d.save(f)
    assert read_path(f).text.split("\n") == ["第五条 保价费率为千分之三。", "提示：冷链件另计。"]
