"""Cleaning: main-content extraction, pollution removal and Unicode normalisation.

`clean(raw)` turns a RawDocument into a CleanDocument; `clean_path(path)` reads and cleans a
file (what `luodi clean PATH` prints). PII masking and deduplication are separate stages
(luodi.clean.pii, luodi.clean.dedup).
"""

from __future__ import annotations

import re
from pathlib import Path

from luodi.clean.normalize import collapse_blank_lines, normalize_text
from luodi.clean.pollution import remove_pollution
from luodi.types import CleanDocument, RawDocument

__all__ = ["CELL_SEP", "clean", "clean_path", "row_cells"]

# Invisible when markdown is rendered, so not part of what readers see; left in, markers like
# "<!-- INFO END -->" turned a law's preamble into a magnet for English questions.
_MD_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_MD_TABLE_RULE = re.compile(r"^[ \t]*\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)+\|?[ \t]*(?:\n|$)", re.M)
_FRONT_MATTER = re.compile(r"\A---[ \t]*\n(.*?)\n(?:---|\.\.\.)[ \t]*(?:\n|\Z)", re.S)
_MD_TABLE_ROW = re.compile(r"^[ \t]*\|(.*\|.*)\|[ \t]*$", re.M)


def md_tables(text: str) -> str:
    """Markdown table rows written as HTML tables are ("区域 | 首重 | 续重", one line a row, no
    outer pipes), their |---| rule dropped: one row format for every reader, so an answer can quote
    a row under its header (luodi.answer.spans.with_table_header)."""
    return _MD_TABLE_ROW.sub(_md_row, _MD_TABLE_RULE.sub("", text))


def _md_row(m: re.Match[str]) -> str:
    return CELL_SEP.join(cell.strip() for cell in m.group(1).split("|"))


CELL_SEP = " | "  # between the cells of a table row, as every reader writes it
_CELL_SPLIT = re.compile(r"\s\|(?=\s|$)")  # a pipe inside a cell ("A|B") splits nothing


def row_cells(line: str) -> list[str]:
    """The cells of a table row as the readers write it ("区域 | 首重 | 续重"); [] for a line that
    is none. The one reading for every stage that reads rows (the embedded row texts, the cell
    reader, the tariff reader, quoting a row under its header). Empty cells stay cells, first
    ("| 首重 | 续重", the corner of a header), inner ("北京 | | 010") and last ("8 | 2 |"); a row
    still written with outer pipes ("| 8 | 2 |") loses them."""
    line = line.strip()
    if len(line) > 1 and line.startswith("|") and line.endswith("|"):
        line = line[1:-1]
    elif line.startswith("|"):
        line = " " + line  # an empty first cell
    cells = _CELL_SPLIT.split(line)
    return [c.strip() for c in cells] if len(cells) > 1 else []


def front_matter(text: str) -> tuple[str, str | None]:
    """A Markdown file's leading YAML front matter (Hugo, Jekyll, Obsidian) is metadata, not
    content: (the text without it, its `title:` if it has one)."""
    m = _FRONT_MATTER.match(text)
    if not m:
        return text, None
    title = re.search(r"(?m)^title:[ \t]*(.+?)[ \t]*$", m.group(1))
    value = title.group(1).strip().strip("\"'").strip() if title else ""
    return text[m.end() :], value or None


def clean(raw: RawDocument) -> CleanDocument:
    """Main text of a document, without boilerplate, slogans, link farms and footers."""
    removed: list[str] = []
    title, meta_title = raw.title, None
    if raw.format == "html" and raw.html:
        from luodi.clean.html import extract

        text, notes = extract(raw.html)
        removed.extend(notes)
        if not text.strip():  # nothing recognisable as an article: keep the page's text
            text = raw.text
            removed.append("no main content found; kept the whole page text")
    else:
        text = raw.text
        if raw.format == "md":
            text, meta_title = front_matter(text.lstrip("\ufeff"))
            text = md_tables(_MD_COMMENT.sub("", text))
    text = normalize_text(text, keep_indent=raw.format == "md")
    text, notes = remove_pollution(text)
    removed.extend(notes)
    text = collapse_blank_lines("\n".join(line.rstrip() for line in text.split("\n")))
    if raw.format in ("txt", "md"):
        from luodi.read import first_heading

        title = meta_title or first_heading(text) or title  # the cleaned first line, without slogans
    if title:
        title = normalize_text(title)
    return CleanDocument(uri=raw.uri, text=text, format=raw.format, title=title, removed=removed)


def clean_path(path: str | Path, max_bytes: int | None = None) -> CleanDocument:
    """Read and clean one file (txt, md, html, pdf, docx)."""
    from luodi.read import DEFAULT_MAX_BYTES, read_path

    return clean(read_path(path, max_bytes=max_bytes or DEFAULT_MAX_BYTES))
