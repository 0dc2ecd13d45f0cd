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
                reader.decrypt("")
            except Exception as exc:
                raise InputError(
                    f"{name} is password-protected; save an unprotected copy and try again"
                ) from exc
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
    text = "\n\n".join(_unwrap(p) for p in pages if p.strip())
    if len(re.sub(r"\s", "", text)) < 10:
        raise InputError(
            f"{name} has no extractable text (a scanned PDF?); run OCR on it first "
            "or provide the text as .docx/.txt"
        )
    return RawDocument(uri=name, text=text, format="pdf", title=title, meta={"pages": len(pages)})


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
