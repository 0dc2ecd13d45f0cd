"""Traditional→simplified folding, shared by dedup, indexing and verification.

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
