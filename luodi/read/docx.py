"""DOCX text extraction with python-docx: paragraphs, headings and tables in body order."""

from __future__ import annotations

import io
import re
import zipfile

from luodi.errors import InputError
from luodi.types import RawDocument

_HEADING_STYLE = re.compile(r"^(heading|标题|title)\s*(\d*)", re.IGNORECASE)


def read_docx(data: bytes, name: str) -> RawDocument:
    """Extract a DOCX file's text; headings stay on their own line, table rows become lines."""
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

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

    blocks: list[str] = []
    headings: list[str] = []
    title = (document.core_properties.title or "").strip() or None
    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            para = Paragraph(child, document)
            text = para.text.strip()
            if not text:
                continue
            style = para.style.name if para.style is not None else ""
            if _HEADING_STYLE.match(style or ""):
                headings.append(text)
                title = title or text
                blocks.append(f"\n{text}\n")
            else:
                blocks.append(text)
        elif tag == "tbl":
            blocks.append(_table_text(Table(child, document)))
    text = re.sub(r"\n{3,}", "\n\n", "\n".join(b for b in blocks if b.strip())).strip()
    if not text:
        raise InputError(f"{name} is empty; add some text to it or choose another file")
    return RawDocument(uri=name, text=text, format="docx", title=title, meta={"headings": headings})


def _table_text(table) -> str:
    """One line per row, cells joined by ' | '; merged cells appear once."""
    rows = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:
            value = " ".join(cell.text.split())
            if not cells or cells[-1] != value:
                cells.append(value)
        if any(cells):
            rows.append(" | ".join(cells))
    return "\n".join(rows)
