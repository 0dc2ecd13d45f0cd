"""Questions that cite a decimal clause label (luodi.answer.clause)."""

from __future__ import annotations

from luodi.answer.clause import clause_label, clause_line
from luodi.types import Hit


def _hit(text: str, section: str = "Guide > Section 4. Customs") -> Hit:
    return Hit(chunk_id=1, document_id=1, document="guide.md", section=section, text=text, score=1.0)


def test_the_label_a_question_cites():
    assert clause_label("What does section 4.4 of the international guide say?") == "4.4"
    assert clause_label("国际指南4.4条是什么内容？") == "4.4" and clause_label("第3.2条规定了什么") == "3.2"
    assert clause_label("Under clause 7.3, how long do I have?") == "7.3"
    # weights, prices and article numbers are not clause labels; two labels are not one
    assert clause_label("How much for a 2.5 kg parcel?") is None and clause_label("第十二条说了什么") is None
    assert clause_label("Compare section 4.3 and section 4.4") is None


def test_the_line_that_opens_with_the_label():
    text = "4.3 Personal shipments up to CNY 5,000 are declared as personal goods.\n\n4.4 By default, duties are paid by the recipient."
    assert clause_line("4.4", [_hit(text)]) == (0, "4.4 By default, duties are paid by the recipient.")
    assert clause_line("4.4", [_hit("4.4.1 A sub-clause.")]) is None  # not 4.4.1
    assert clause_line("4", [_hit(text)]) is None
    # a heading that carries the label, over its text
    assert clause_line("2.1", [_hit("Zone A covers Japan.", "Guide > 2.1 Zones")]) == (0, "Zone A covers Japan.")
