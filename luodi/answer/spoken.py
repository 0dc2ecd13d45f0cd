"""Cantonese question words in their Mandarin form, for the answer stage's readers: "寄1.5公斤去
澳門幾多錢？" asks what "…要多少錢？" asks, and was declined where that was answered. Only words
with one reading are listed (not 点样, 点解, 边度: 寄点样品, 重点解释, 海边度假); the script is kept
(幾多錢 → 多少錢, 几多钱 → 多少钱)."""

from __future__ import annotations

import re

_WORDS = {
    "幾多錢": "多少錢", "几多钱": "多少钱", "幾多": "多少", "几多": "多少", "幾時": "什麼時候", "几时": "什么时候",
    "係唔係": "是不是", "系唔系": "是不是",
    "可唔可以": "可不可以", "得唔得": "行不行", "使唔使": "用不用", "唔使": "不用", "唔可以": "不可以",
    "唔得": "不行", "乜嘢": "什麼", "咩嘢": "什麼", "冇": "沒有", "嘅": "的",
    "咗": "了", "啲": "些",
}
_SPOKEN = re.compile("|".join(sorted(map(re.escape, _WORDS), key=len, reverse=True)))


def mandarin(question: str) -> str:
    """The question with its Cantonese function words in Mandarin (nothing else changed)."""
    return _SPOKEN.sub(lambda m: _WORDS[m.group(0)], question)
