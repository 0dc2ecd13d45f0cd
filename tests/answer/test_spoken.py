"""Cantonese question words read as their Mandarin forms (luodi/answer/spoken.py)."""

from __future__ import annotations

import pytest

from luodi.answer.spoken import mandarin


@pytest.mark.parametrize(("said", "meant"), [
    ("寄1.5公斤去澳門幾多錢？", "寄1.5公斤去澳門多少錢？"),
    ("几多钱", "多少钱"),
    ("鋰電池可唔可以寄？", "鋰電池可不可以寄？"),
    ("包裹寄咗幾時到？", "包裹寄了什麼時候到？"),
    ("冇人簽收點算", "沒有人簽收點算"),  # 點算 is not listed: one reading only
])
def test_cantonese_question_words(said, meant):
    assert mandarin(said) == meant


@pytest.mark.parametrize("q", ["未保价的快件丢了最多赔多少钱？What is the limit?", "寄点样品要多少钱",
                               "请重点解释第三条", "海边度假村能派送吗", "東邊度假村收件嗎"])
def test_mandarin_is_left_as_it_is(q):
    assert mandarin(q) == q
