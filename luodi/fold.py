"""Traditional↔simplified conversion, shared by dedup, indexing, verification and replies.

Users see the original text; only comparisons use the folded form.
"""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def _converter():
    import opencc

    return opencc.OpenCC("t2s")


def to_simplified(text: str) -> str:
    """Fold traditional Chinese characters to simplified; other text is unchanged."""
    if not text or text.isascii():
        return text
    return _converter().convert(text)


@lru_cache(maxsize=1)
def _to_traditional():
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    """Simplified Chinese characters to traditional; other text is unchanged."""
    if not text or text.isascii():
        return text
    return _to_traditional().convert(text)
