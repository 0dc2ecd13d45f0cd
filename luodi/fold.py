"""Traditional↔simplified conversion, shared by dedup, indexing, verification and replies.

Users see the original text; only comparisons use the folded form.
"""

from __future__ import annotations

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


def to_traditional(text: str) -> str:
    """Simplified Chinese characters to traditional; other text is unchanged."""
    if not text or text.isascii():
        return text
    return _converter("s2t").convert(text)
