"""Traditional↔simplified conversion, shared by dedup, indexing, verification and replies.

Users see the original text; only comparisons use the folded form.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache


@lru_cache(maxsize=2)
def _converter(config: str):
    """One OpenCC converter per direction ("t2s", "s2t"), built on first use."""
    import opencc

    return opencc.OpenCC(config)


def to_simplified(text: str) -> str:
    """Fold traditional Chinese characters to simplified; other text is unchanged."""
    if not text or text.isascii():
        return text
    return _converter("t2s").convert(text)


def fold(text: str) -> str:
    """Text as comparisons see it: NFKC (full-width forms to ASCII), simplified, lower case."""
    return to_simplified(unicodedata.normalize("NFKC", text)).lower()


def is_cjk(ch: str) -> bool:
    """A CJK unified ideograph (the basic block and extension A)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def has_cjk(text: str) -> bool:
    return any(is_cjk(ch) for ch in text)


def to_traditional(text: str) -> str:
    """Simplified Chinese characters to traditional; other text is unchanged."""
    if not text or text.isascii():
        return text
    return _converter("s2t").convert(text)
