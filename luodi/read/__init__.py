"""Read files and uploads into RawDocument: txt, md, html, pdf, docx.

`read_path` for files on disk, `read_bytes` for uploads (the extension of `name` picks the
reader). Every refusal is an InputError whose message says what to do.
"""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

from luodi.errors import InputError
from luodi.read.encoding import declared_charset, decode, looks_binary
from luodi.types import RawDocument

DEFAULT_MAX_BYTES = 20 * 2**20  # the default of [ingest] max_file_mb (MiB)

FORMATS = {
    ".txt": "txt",
    ".text": "txt",
    "": "txt",
    ".md": "md",
    ".markdown": "md",
    ".html": "html",
    ".htm": "html",
    ".xhtml": "html",
    ".pdf": "pdf",
    ".docx": "docx",
}
SUPPORTED = ".txt, .md, .markdown, .html, .htm, .pdf, .docx"

__all__ = ["DEFAULT_MAX_BYTES", "FORMATS", "read_bytes", "read_path", "format_of", "too_big"]


def format_of(name: str) -> str:
    """The reader format for a file name, or InputError for an unsupported extension."""
    suffix = Path(name).suffix.lower()
    fmt = FORMATS.get(suffix)
    if fmt is None:
        raise InputError(
            f"{name}: unsupported file type '{suffix}'; supported types are {SUPPORTED} "
            "(convert the file to one of them)"
        )
    return fmt


def _size(n: int) -> str:
    """Bytes in the units LUODI_MAX_FILE_MB counts (MiB, KiB), written MB and KB as it is."""
    if n >= 2**20:
        return f"{n / 2**20:.1f}".removesuffix(".0") + " MB"
    if n >= 2**10:
        return f"{n / 2**10:.0f} KB"
    return f"{n} bytes"


def too_big(name: str, size: int | None, max_bytes: int) -> InputError:
    """The one message for a file or download over the size limit (`size` None: not known,
    a download cut off at the limit)."""
    limit = _size(max_bytes)
    if size is None:
        what = f"{name} is over"
    else:
        shown = _size(size)
        what = f"{name} is {shown if shown != limit else f'{size:,} bytes'}, over"
    return InputError(f"{what} the {limit} limit; raise LUODI_MAX_FILE_MB or split the file")


def read_path(path: str | Path, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read one file from disk into a RawDocument."""
    p = Path(path)
    if not p.exists():
        raise InputError(f"{p}: no such file; check the path")
    if p.is_dir():
        raise InputError(f"{p} is a directory; give a file (or use ingest for folders)")
    format_of(p.name)  # refuse unknown types before reading a possibly huge file
    size = p.stat().st_size
    if size > max_bytes:
        raise too_big(str(p), size, max_bytes)
    return read_bytes(p.read_bytes(), str(p), max_bytes=max_bytes)


def read_bytes(data: bytes, name: str, max_bytes: int = DEFAULT_MAX_BYTES) -> RawDocument:
    """Read uploaded bytes; the extension of `name` picks the reader."""
    fmt = format_of(name)
    if len(data) > max_bytes:
        raise too_big(name, len(data), max_bytes)
    if not data.strip():
        raise InputError(f"{name} is empty; add some text to it or choose another file")
    if fmt == "pdf":
        from luodi.read.pdf import read_pdf

        return read_pdf(data, name)
    if fmt == "docx":
        from luodi.read.docx import read_docx

        return read_docx(data, name)
    if looks_binary(data):
        raise InputError(
            f"{name} looks like a binary file, not text; convert it to one of {SUPPORTED} first"
        )
    if fmt == "html":
        return _read_html(data, name)
    text, encoding = decode(data, name)
    text = _newlines(text)
    if not text.strip():
        raise InputError(f"{name} is empty; add some text to it or choose another file")
    return RawDocument(
        uri=name, text=text, format=fmt, encoding=encoding, title=first_heading(text)
    )


def _newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


_TITLE = re.compile(r"<title[^>]*>(.*?)</title>", re.IGNORECASE | re.DOTALL)
_H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.IGNORECASE | re.DOTALL)
_DROP = re.compile(
    r"<(script|style|noscript|template)\b.*?</\1\s*>|<!--.*?-->", re.IGNORECASE | re.DOTALL
)
_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"<(?:/?(?:p|div|br|li|tr|h[1-6]|table|section|article)\b)[^>]*>", re.I)


def _strip_tags(markup: str) -> str:
    return re.sub(r"\s+", " ", unescape(_TAG.sub("", markup))).strip()


def html_title(markup: str) -> str | None:
    """<title>, else the first <h1>, as plain text."""
    for pattern in (_TITLE, _H1):
        m = pattern.search(markup)
        if m and _strip_tags(m.group(1)):
            return _strip_tags(m.group(1))
    return None


def _read_html(data: bytes, name: str) -> RawDocument:
    markup, encoding = decode(data, name, declared=declared_charset(data))
    markup = _newlines(markup)
    # A rough text rendering; clean() does the real main-content extraction from `html`.
    body = _BLOCK.sub("\n", _DROP.sub(" ", markup))
    text = "\n".join(
        line
        for line in (
            re.sub(r"[ \t]+", " ", unescape(_TAG.sub("", ln))).strip() for ln in body.split("\n")
        )
        if line
    )
    if not text.strip():
        raise InputError(f"{name} has no text in its HTML; check that it is the page you meant")
    return RawDocument(
        uri=name, text=text, format="html", encoding=encoding, title=html_title(markup), html=markup
    )


_MD_HEADING = re.compile(r"^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$")


def first_heading(text: str) -> str | None:
    """A markdown heading, else the first short non-empty line (txt files often start with one)."""
    # a rule line (---, ***, ===) is layout, not a title
    lines = [ln.strip() for ln in text.split("\n")[:50] if re.search(r"\w", ln)]
    for ln in lines:
        m = _MD_HEADING.match(ln)
        if m:
            return m.group(1)
    if lines and len(lines[0]) <= 60 and not lines[0].endswith(("。", ".", "，", ",", "；")):
        return lines[0]
    return None
