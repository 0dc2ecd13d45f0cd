"""PDF pages as read: passwords, pages without text, running headers and footers (luodi/read/pdf.py)."""

from __future__ import annotations

from io import BytesIO

import pytest

from luodi.errors import InputError
from luodi.read import read_path

from .test_read import minimal_pdf


def _pdf(pages: list[list[str]], password: str | None = None) -> bytes:
    """Pages of Helvetica lines (an empty list: a page with no text), merged with pypdf."""
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter()
    for lines in pages:
        if not lines:
            writer.add_blank_page(width=612, height=792)
            continue
        ops = " ".join(f"0 -30 Td ({line}) Tj" for line in lines[1:])
        one = minimal_pdf(lines[0]).replace(f"({lines[0]}) Tj ET".encode(), f"({lines[0]}) Tj {ops} ET".encode())
        one = _fix_length(one)
        writer.add_page(PdfReader(BytesIO(one)).pages[0])
    if password:
        writer.encrypt(password)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _fix_length(pdf: bytes) -> bytes:
    """minimal_pdf's stream /Length after its content grew (pypdf reads the stream by it)."""
    head, _, rest = pdf.partition(b"<< /Length ")
    _, _, body = rest.partition(b" >>\nstream\n")
    stream = body.partition(b"\nendstream")[0]
    return head + b"<< /Length %d >>\nstream\n" % len(stream) + body


def test_a_password_protected_pdf_says_so(tmp_path):
    f = tmp_path / "locked.pdf"
    f.write_bytes(_pdf([["Rule 1. Sign for every parcel."]], password="secret"))
    with pytest.raises(InputError, match="password-protected"):
        read_path(f)


def test_a_page_without_text_is_named(tmp_path):
    f = tmp_path / "mixed.pdf"
    f.write_bytes(_pdf([["Rule 6. Sign for every parcel you hand over."], [], ["Rule 8. Report damage within two days."]]))
    raw = read_path(f)
    assert "Rule 6" in raw.text and "Rule 8" in raw.text
    assert raw.meta["warnings"] == ["page 2 of 3 holds no text (scanned?): run OCR, or what they show is not searchable"]


def test_running_headers_and_page_numbers_are_not_text(tmp_path):
    pages = [["Feige Express internal - do not copy", f"Rule {n}. Parcels over {n}0 kg need two people.",
              f"Page {n} of 3"] for n in (1, 2, 3)]
    f = tmp_path / "rules.pdf"
    f.write_bytes(_pdf(pages))
    text = read_path(f).text
    assert text.count("internal") == 1 and "Page" not in text  # a running header once, at the top
    assert all(f"Rule {n}. Parcels over {n}0 kg need two people." in text for n in (1, 2, 3))


def test_a_number_at_a_pages_end_is_text_unless_it_counts_the_pages(tmp_path):
    f = tmp_path / "fees.pdf"
    f.write_bytes(_pdf([["Rule 1. Parcels over 20 kg pay a handling fee per parcel, in yuan:", "8"]]))
    assert read_path(f).text.rstrip().endswith("8")
    f.write_bytes(_pdf([["Rule 1. Parcels over 20 kg pay a handling fee per parcel.", "1"],
                        ["Rule 2. Parcels over 30 kg need two people to lift.", "2"]]))
    assert read_path(f).text.rstrip().endswith("lift.")
