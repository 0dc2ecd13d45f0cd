"""DOCX text extraction: paragraphs, headings and tables in body order, as Word shows them.

Text is read from the XML rather than python-docx's `.text`, which leaves out what Word displays
inside tracked insertions, content controls (w:sdt) and tables nested in a cell; deleted and
moved-away text stays out. Automatic numbering ("第%1条", "一、", "1.") is written back in front of
its paragraph, since regulations drafted from Word's templates carry their article numbers only
there; footnotes and endnotes follow the body as 注 lines. Heading styles become Markdown
headings, so the chunker knows the sections.
"""

from __future__ import annotations

import io
import re
import zipfile
from typing import Any

from luodi.errors import InputError
from luodi.read.docx_numbering import Numbering
from luodi.types import RawDocument

_HEADING_STYLE = re.compile(r"^(heading|标题|title)\s*(\d*)", re.IGNORECASE)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# tracked deletions, the old place of moved text, and what Word writes twice (a text box's VML copy)
_GONE = (W + "del", W + "moveFrom", "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback")
_NOTES = (("footnotes", "footnote"), ("endnotes", "endnote"))


def read_docx(data: bytes, name: str) -> RawDocument:
    """Extract a DOCX file's text; headings as Markdown headings, table rows as " | " lines."""
    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise InputError(
            f"{name} is not a readable DOCX file ({type(exc).__name__}); re-save it from Word "
            "as .docx (old .doc files must be converted first)"
        ) from exc
    except Exception as exc:  # lxml/python-docx raise various types on damaged parts
        raise InputError(
            f"{name} is not a readable DOCX file ({type(exc).__name__}); re-save it from Word"
        ) from exc

    numbering = Numbering(document)
    blocks: list[str] = []
    headings: list[str] = []
    title = (document.core_properties.title or "").strip() or None
    for el in _blocks(document.element.body):
        if el.tag == W + "tbl":
            blocks.append(_table_text(el, document))
            continue
        text = (numbering.label(el) + paragraph_text(el)).strip()
        level = _heading_level(el, document)
        if not text:
            continue
        if level:
            headings.append(text)
            title = title or text
            blocks.append(f"\n{'#' * min(level, 6)} {text}\n")
        else:
            blocks.append(text)
    blocks += _notes(document)
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(b for b in blocks if b.strip())).strip()
    if not text:
        raise InputError(f"{name} is empty; add some text to it or choose another file")
    return RawDocument(uri=name, text=text, format="docx", title=title, meta={"headings": headings})


def _blocks(parent: Any):
    """Paragraphs and tables in order, also those inside content controls and custom XML."""
    for child in parent.iterchildren():
        if child.tag in (W + "p", W + "tbl"):
            yield child
        elif child.tag == W + "sdt":
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from _blocks(content)
        elif child.tag == W + "customXml":
            yield from _blocks(child)


def paragraph_text(p: Any) -> str:
    """What Word shows of a paragraph: its runs' text, tabs and breaks, with tracked insertions,
    hyperlinks, fields' results and content controls; not deleted or moved-away text."""
    out: list[str] = []
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr", W + "noBreakHyphen", W + "p"):
        if el.tag == W + "p":
            if el is not p and not _gone(el, p):
                out.append("\n")  # a text box's paragraph stands apart from the one anchoring it
            continue
        if el.getparent().tag != W + "r" and el.tag != W + "t" or _gone(el, p):
            continue  # a tab stop's definition (w:tabs/w:tab) is no tab in the text
        if el.tag == W + "t":
            out.append(el.text or "")
        else:
            out.append({W + "tab": "\t", W + "noBreakHyphen": "-"}.get(el.tag, "\n"))
    return "".join(out)


def _gone(el: Any, stop: Any) -> bool:
    parent = el.getparent()
    while parent is not None and parent is not stop:
        if parent.tag in _GONE:
            return True
        parent = parent.getparent()
    return False


def _heading_level(p: Any, document: Any) -> int:
    """A heading style's level (Heading 2 → 2; Title and an unnumbered heading → 1), else 0."""
    style = p.find(f"{W}pPr/{W}pStyle")
    if style is None:
        return 0
    try:
        name = document.styles.element.get_by_id(style.get(W + "val")).name_val or ""
    except AttributeError:  # a style id the styles part does not define
        return 0
    m = _HEADING_STYLE.match(name)
    return (int(m.group(2)) if m.group(2) else 1) if m else 0


def _table_text(tbl: Any, document: Any) -> str:
    """One line per row, cells joined by ' | '; merged cells appear once, a table nested in a
    cell is read into that cell."""
    from docx.table import Table

    rows = []
    for row in Table(tbl, document).rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(" ".join(paragraph_text(p) for p in cell._tc.iter(W + "p")).split())
            if not cells or cells[-1] != value:
                cells.append(value)
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)


def _notes(document: Any) -> list[str]:
    """Footnotes and endnotes as "注1：…" lines (Word's separators, ids below 1, left out)."""
    from lxml import etree

    out: list[str] = []
    for rel in document.part.rels.values():
        kind = next((k for k in _NOTES if rel.reltype.endswith("/" + k[0])), None)
        if kind is None or rel.is_external:
            continue
        root = etree.fromstring(rel.target_part.blob)
        for note in root.iter(W + kind[1]):
            if int(note.get(W + "id", "0")) < 1:
                continue
            text = " ".join(" ".join(paragraph_text(p) for p in note.iter(W + "p")).split())
            if text:
                out.append(f"注{len(out) + 1}：{text}")
    return out
