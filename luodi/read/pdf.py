"""PDF text extraction with pypdf, with hard-wrapped lines rejoined into paragraphs."""

from __future__ import annotations

import io
import logging
import re

from luodi.errors import InputError
from luodi.types import RawDocument

# Lines that start a new unit even after a full-width line: 第X条/章, list items, headings.
_STRUCTURAL = re.compile(
    r"^\s*(第[零〇一二三四五六七八九十百千万\d]+[条章节编款项部分]|[（(]?[一二三四五六七八九十\d]+[)）、.．]"
    r"|[-•·*]\s|#)"
)
_CJK_END = re.compile(r"[\u3400-\u9fff，、]$")
_CJK_START = re.compile(r"^[\u3400-\u9fff，。、；：！？”」』）]")


def read_pdf(data: bytes, name: str) -> RawDocument:
    """Extract the text layer of a PDF. Scanned PDFs (no text layer) are refused."""
    from pypdf import PdfReader

    # A damaged file becomes one InputError below; pypdf's own warnings would only repeat it on stderr.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                opened = reader.decrypt("")  # an owner password only (print, copy limits): readable
            except Exception:
                opened = 0
            if not opened:  # a failed decrypt does not raise: it says NOT_DECRYPTED (0)
                raise InputError(f"{name} is password-protected; save an unprotected copy and try again")
        pages = [page.extract_text() or "" for page in reader.pages]
        title = None
        if reader.metadata is not None and reader.metadata.title:
            title = str(reader.metadata.title).strip() or None
    except InputError:
        raise
    except Exception as exc:  # pypdf raises many types on damaged files
        raise InputError(
            f"{name} is not a readable PDF ({type(exc).__name__}); "
            "re-export it from the original program or check the download"
        ) from exc
    text = "\n\n".join(_unwrap(p) for p in _without_running_lines(pages) if p.strip())
    if len(re.sub(r"\s", "", text)) < 10:
        raise InputError(
            f"{name} has no extractable text (a scanned PDF?); run OCR on it first "
            "or provide the text as .docx/.txt"
        )
    blank = [i + 1 for i, p in enumerate(pages) if len(re.sub(r"\s", "", p)) < 10]
    many = len(blank) > 1
    warnings = [f"page{'s' if many else ''} {', '.join(map(str, blank))} of {len(pages)} hold{'' if many else 's'} "
                "no text (scanned?): run OCR, or what they show is not searchable"] if blank else []
    return RawDocument(uri=name, text=text, format="pdf", title=title,
                       meta={"pages": len(pages), "warnings": warnings})


_PAGE_NUMBER = re.compile(r"^\s*(?:第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|(?:page\s*)?\d+\s*(?:/|of)\s*\d+|"
                          r"[-–—]\s*\d+\s*[-–—]|page\s+\d+)\s*$", re.I)
_BARE = re.compile(r"^\s*(\d+)\s*$")  # "8": a page number only where it counts the pages


def _without_running_lines(pages: list[str]) -> list[str]:
    """Pages without their running headers and footers: a page number ("第 3 页 共 3 页", "- 3 -",
    a bare 3 on page 3), and, after its first copy, one of the first or last two lines that most
    pages share ("内部资料 严禁外传", a table's header row), which would be glued to the articles
    next to it."""
    counts: dict[str, int] = {}
    for page in pages:
        for k in {_key(line) for line in _edges(page)}:
            counts[k] = counts.get(k, 0) + 1
    running = {k for k, n in counts.items() if len(pages) >= 3 and n >= max(3, len(pages) * 0.6)}
    out, seen = [], set()
    for number, page in enumerate(pages, start=1):
        ends, kept = _edges(page), []
        for line in page.split("\n"):
            s = line.strip()
            bare = _BARE.match(s)
            if s in ends and (_PAGE_NUMBER.match(s) or bare and len(pages) > 1 and int(bare.group(1)) == number):
                continue
            if s in ends and _key(s) in running:
                if _key(s) in seen or _key(s) != s:  # a numbered footer never, a header after its first copy
                    continue
                seen.add(_key(s))
            kept.append(line)
        out.append("\n".join(kept))
    return out


def _edges(page: str) -> set[str]:
    lines = [ln.strip() for ln in page.split("\n") if ln.strip()]
    return set(lines[:2] + lines[-2:])  # a footer may be drawn, and read, right after the header


def _key(line: str) -> str:
    """A running line's identity: "飞鸽快递 第3页" is the same footer on every page."""
    return re.sub(r"\d+", "#", line) if re.search(r"页|頁|page", line, re.I) else line


def _unwrap(page: str) -> str:
    """Rejoin lines that the PDF broke only because the text reached the right margin."""
    lines = [ln.rstrip() for ln in page.replace("\r", "\n").split("\n")]
    lengths = sorted(len(ln) for ln in lines if ln.strip())
    if not lengths:
        return ""
    width = lengths[int(len(lengths) * 0.9) - 1] if len(lengths) >= 5 else lengths[-1]
    out: list[str] = []
    last_len = 0  # length of the previous physical line, not of the joined paragraph
    for ln in lines:
        if not ln.strip():
            if out and out[-1] != "":
                out.append("")
            last_len = 0
            continue
        prev = out[-1] if out else ""
        full = prev and last_len >= 0.8 * width and len(lengths) >= 5
        last_len = len(ln)
        if full and not _STRUCTURAL.match(ln):
            if _CJK_END.search(prev) and _CJK_START.search(ln.lstrip()):
                out[-1] = prev + ln.strip()
            else:
                out[-1] = prev + " " + ln.strip()
            continue
        out.append(ln.strip())
    return "\n".join(out).strip()
