"""Byte → text decoding for plain text and HTML.

Order: byte-order mark, strict UTF-8, a declared charset verified by strict decoding,
then charset-normalizer restricted to the encodings Chinese pages really use. Declared
charsets on Chinese pages are often wrong (gb2312 pages holding GBK characters or
UTF-8 bytes), so a declaration is only trusted when the bytes decode under it, and the
GB family is always decoded as gb18030, its superset.
"""

from __future__ import annotations

import codecs
import re

from luodi.errors import InputError

CANDIDATES = ["utf_8", "gb18030", "big5", "big5hkscs", "utf_16"]

_BOMS = [
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
]

# Declared names → the codec we actually decode with (supersets first).
_ALIASES = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "gb_2312-80": "gb18030",
    "cp936": "gb18030",
    "euc-cn": "gb18030",
    "hz-gb-2312": "gb18030",
    "gb18030": "gb18030",
    "big5": "big5hkscs",
    "big5-hkscs": "big5hkscs",
    "x-x-big5": "big5hkscs",
    "cp950": "cp950",
    "utf8": "utf-8",
    "unicode": "utf-16",
}

_SINGLE_BYTE = {"latin_1", "iso8859_1", "cp1252", "ascii", "iso8859_15"}

_META_CHARSET = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)""", re.IGNORECASE
)
_XML_ENCODING = re.compile(rb"""<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_\-.]+)""", re.I)
_CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML/XML page declares in its first bytes, or None."""
    head = data[:8192]
    m = _META_CHARSET.search(head) or _XML_ENCODING.search(head)
    return m.group(1).decode("ascii", "ignore").strip().lower() if m else None


def _codec(name: str) -> str | None:
    name = name.strip().lower()
    name = _ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


def looks_binary(data: bytes) -> bool:
    """True for bytes that are not text: NUL bytes or many control characters."""
    sample = data[:65536]
    if not sample or any(data.startswith(bom) for bom, _ in _BOMS):
        return False
    if b"\x00" in sample:
        return not _utf16_without_bom(sample)
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls / len(sample) > 0.05


def _utf16_without_bom(sample: bytes) -> str | None:
    """'utf-16-le'/'utf-16-be' when NULs sit regularly on one side of each pair."""
    even = sample[0::2].count(0)
    odd = sample[1::2].count(0)
    half = max(1, len(sample) // 2)
    # ASCII-heavy UTF-16 has NUL on one side. CJK-heavy has few NULs, mostly on the side of its
    # newlines and digits (一, U+4E00, puts one on the other): it must then read as Chinese text
    if odd > 0.2 * half and even == 0:
        return "utf-16-le"
    if even > 0.2 * half and odd == 0:
        return "utf-16-be"
    codec = "utf-16-le" if odd > even else "utf-16-be"
    return codec if _reads_as_text(sample[: len(sample) // 2 * 2], codec) else None


def _reads_as_text(sample: bytes, codec: str) -> bool:
    """Whether the bytes decode to Chinese, Latin text, punctuation and line breaks only."""
    text = sample.decode(codec, errors="replace")
    plain = sum(1 for c in text if c.isprintable() or c in "\n\r\t")
    return plain >= 0.98 * len(text) and _cjk_ratio(text) > 0.3

def _cjk_ratio(text: str) -> float:
    sample = text[:20000]
    return len(_CJK.findall(sample)) / max(1, len(sample))


def _replacement_ratio(text: str) -> float:
    return text.count("\ufffd") / max(1, len(text))


def decode(data: bytes, name: str = "input", declared: str | None = None) -> tuple[str, str]:
    """Decode bytes to text; returns (text, encoding used). Raises InputError if undecodable."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            text = _strict(data, codec)
            if text is not None:
                return text.lstrip("\ufeff"), codec
    utf16 = _utf16_without_bom(data[:65536]) if b"\x00" in data[:65536] else None
    if utf16:
        text = _strict(data, utf16)
        if text is not None:
            return text, utf16
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    if declared:
        codec = _codec(declared)
        if codec and codec not in ("utf-8",):
            text = _strict(data, codec)
            if text is not None and codec == "gb18030" and (big5 := _big5_instead(data, text)):
                return big5, "big5hkscs"
            if text is not None and not (codec in _SINGLE_BYTE and _gb_beats_single_byte(data)):
                return text, codec
    return _detect(data, name)


def _big5_instead(data: bytes, gb_text: str) -> str | None:
    """The Big5 reading of a page declared GB2312/GBK (a Taiwan page saved with a mainland
    template's meta tag): Big5 bytes read as GB18030 still decode, into rare characters, kana and
    symbols; the page is Big5 when that reading's Chinese is plainly commoner than the GB one's."""
    gb = _common_share(gb_text)
    if gb > 0.97:
        return None
    text = _strict(data, "big5hkscs")
    return text if text is not None and _common_share(text) > gb + 0.15 else None


def _common_share(text: str) -> float:
    """Of a text's Chinese characters, the share that are common ones: in GB2312's 6,763 once
    folded to simplified (a Big5 page's 營業 is 营业; GB bytes read as Big5 make rare characters)."""
    from luodi.fold import to_simplified

    han = _CJK.findall(to_simplified(text[:4000]))
    if not han:
        return 1.0
    common = 0
    for c in han:
        try:
            c.encode("gb2312")
            common += 1
        except UnicodeEncodeError:
            pass
    return common / len(han)


def _gb_beats_single_byte(data: bytes) -> bool:
    """A page declared latin-1 whose bytes read as plenty of Chinese under gb18030."""
    text = _strict(data, "gb18030")
    return text is not None and _cjk_ratio(text) > 0.05


def _detect(data: bytes, name: str) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data, cp_isolation=CANDIDATES).best()
    if best is not None:
        codec = codecs.lookup(best.encoding).name
        if codec == "gb2312" or codec == "gbk":
            codec = "gb18030"
        text = _strict(data, codec)
        if text is not None:
            return text, codec
    # Nothing decodes strictly (a few stray bytes): take the candidate with fewest errors.
    scored = []
    for codec in ("utf-8", "gb18030", "big5hkscs"):
        text = data.decode(codec, errors="replace")
        scored.append((_replacement_ratio(text), -_cjk_ratio(text), codec, text))
    ratio, _, codec, text = min(scored)
    if ratio > 0.01:
        raise InputError(
            f"{name}: cannot decode the bytes as UTF-8, GB18030 or Big5; "
            "re-save the file as UTF-8 and try again"
        )
    return text, codec
