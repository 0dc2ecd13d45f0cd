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
    assert clause_line("4.5", [_hit(text)]) is None  # a clause the passage lacks
    # a heading that carries the label, over its text
    assert clause_line("2.1", [_hit("Zone A covers Japan.", "Guide > 2.1 Zones")]) == (0, "Zone A covers Japan.")


def test_a_chinese_clause_line_and_the_document_the_question_names():
    assert clause_line("4.4", [_hit("第4.4条 夜间派送须两人同行。")]) == (0, "第4.4条 夜间派送须两人同行。")
    guide = Hit(chunk_id=1, document_id=1, document="g.md", section="International Guide > 4. Customs",
                text="4.4 Duties are paid by the recipient.", score=1.0)
    terms = Hit(chunk_id=2, document_id=2, document="q.md", section="Qingniao Service Terms > 4. Charges",
                text="4.4 Returns are accepted within 14 days.", score=0.9)
    q = "What does section 4.4 of the Qingniao service terms say?"
    assert clause_line("4.4", [guide, terms], q) == (1, "4.4 Returns are accepted within 14 days.")
    assert clause_line("4.4", [guide, terms], "What does section 4.4 say?")[0] == 0  # none named: the first


def test_article_and_section_sign_labels_and_a_label_with_a_trailing_dot():
    assert clause_label("What does Article 6.2 of the Pelican terms say?") == "6.2"
    assert clause_label("What does §5.3 say?") == "5.3"
    assert clause_line("3.2", [_hit("3.1. First.\n3.2. Second clause.\n3.2.1 Sub.")]) == (0, "3.2. Second clause.")
    assert clause_line("6.2", [_hit("Article 6.2 Refunds are paid in 5 days.")]) == (0, "Article 6.2 Refunds are paid in 5 days.")


def test_a_rule_written_with_its_article_sign_before_a_bare_label():
    holidays = Hit(chunk_id=1, document_id=1, document="h.md", section="放假安排", text="1.1 元旦：放假1天", score=1.0)
    rules = Hit(chunk_id=2, document_id=2, document="r.md", section="员工手册", text="第1.1条 员工应当按时上班。", score=0.9)
    assert clause_line("1.1", [holidays, rules], "第1.1条规定了什么？") == (1, "第1.1条 员工应当按时上班。")
