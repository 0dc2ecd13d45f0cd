from __future__ import annotations

from luodi.answer.crosslingual import (
    MIN_COSINE,
    MIN_SHARE,
    english_line,
    glosses_of,
    groups_of,
    share,
)
from luodi.answer.extractive import extract
from luodi.types import Hit

RULE = "第十条 用户的个人信息不得出售。处理者应当采取措施保护个人信息的安全。"


def _hit(text: str, dense: float, section: str = "个人信息保护法 > 第十条") -> Hit:
    return Hit(chunk_id=1, document="个人信息保护法.md", section=section, text=text,
               score=1.0, scores={"keyword": 1.0, "dense": dense})


def test_an_english_question_is_its_words_dictionary_groups():
    groups = groups_of("May we sell personal information?")
    assert share(groups, RULE) == 1.0  # sell 出售, personal information 个人信息
    assert share(groups, "第十一条 快件应当按时投递。") == 0.0
    assert share((), RULE) == 0.0


def test_an_english_question_over_a_chinese_article_is_answered_with_the_article():
    ex = extract("May we sell personal information?", [_hit(RULE, MIN_COSINE + 0.01)], dense_model="e5-small-q4")
    assert not ex.abstain and [p.sentence.text for p in ex.picks] == [RULE]
    # prose: the sentence that holds most of the question's words
    notice = "本公司重视隐私。用户的个人信息不得出售。"
    ex = extract("May we sell personal information?", [_hit(notice, 0.9, "隐私说明")], dense_model="e5-small-q4")
    assert not ex.abstain and [p.sentence.text for p in ex.picks] == ["用户的个人信息不得出售。"]


def test_it_is_declined_below_the_cosine_or_the_share_or_for_another_encoder():
    question = "May we sell personal information?"
    assert extract(question, [_hit(RULE, MIN_COSINE - 0.01)], dense_model="e5-small-q4").abstain
    assert extract(question, [_hit(RULE, 0.95)], dense_model="other").abstain
    other = "第十一条 快件应当按时投递，不得积压。"
    assert extract(question, [_hit(other, 0.95)], dense_model="e5-small-q4").abstain


def test_a_question_with_chinese_words_of_its_own_is_judged_as_usual():
    # mostly Latin letters, but 指什么 is Chinese: it shares words with the passage, no dictionary needed
    text = "MIT OpenCourseWare是麻省理工学院把课程资料放上网免费公开的计划。它始于2001年。"
    ex = extract("MIT OpenCourseWare指什么？", [_hit(text, 0.9, "")], dense_model="e5-small-q4")
    assert not ex.abstain and ex.picks[0].sentence.text.startswith("MIT OpenCourseWare是")


# -- a Chinese question over English passages ------------------------------------------------
GUIDE = "International Shipping Guide > Section 4. Customs"
DUTIES = ("4.3 Personal shipments up to CNY 5,000 are declared as personal goods.\n"
          "4.4 By default, import duties and taxes are paid by the recipient on delivery.")


def _english_hit(text: str, section: str = GUIDE) -> Hit:
    return Hit(chunk_id=2, document="guide.md", section=section, text=text, score=1.0,
               scores={"keyword": 1.0, "dense": 0.8})


def test_a_chinese_question_is_its_words_english_glosses():
    words = dict(glosses_of("国际件的进口关税一般由谁来付？"))
    assert "一般" not in words  # a hedge asks nothing
    assert len(words["进口关税"]) == 2  # not in the dictionary: its dictionary parts, 进口 and 关税
    assert "import" in words["进口关税"][0] and "duti" in words["进口关税"][1]
    assert dict(glosses_of("国际件保价怎么收？"))["保价"] == ()  # not in the dictionary, nor its parts: never found


def test_a_chinese_question_over_an_english_passage_quotes_the_line_that_holds_its_words():
    ex = extract("国际件的进口关税默认由谁来付？", [_english_hit(DUTIES)], dense_model="e5-small-q4")
    assert not ex.abstain
    assert [p.sentence.text for p in ex.picks] == [DUTIES.split("\n")[1]]
    line = english_line("国际件的进口关税默认由谁来付？", [_english_hit(DUTIES)])
    # 国际 is in the guide's title ("International"): it names the document, not the answer
    assert line.share == 1.0 and line.held == 3  # 进口 and 关税 of 进口关税, 默认 (default)


def test_one_word_held_or_too_small_a_share_is_declined():
    # 日本 (Japan) is the only content word: one shared word is chance, unless the line gives the
    # quantity asked
    japan = _english_hit("2.1 Zone A covers Japan and Thailand. Transit: 3 to 5 business days.")
    assert extract("寄到日本的国际件怎么走？", [japan], dense_model="e5-small-q4").abstain  # no quantity asked
    assert not extract("寄到日本的国际件一般几天能到？", [japan], dense_model="e5-small-q4").abstain
    no_time = _english_hit("2.1 Zone A covers Japan and Thailand.")
    assert extract("寄到日本的国际件一般几天能到？", [no_time], dense_model="e5-small-q4").abstain
    # 负责人 is not in the line, 业务部 is not in the dictionary
    contact = _english_hit("8.1 International customer service: hotline 400-800-1234.", "International Shipping Guide > 8")
    assert extract("国际业务部的负责人是谁？", [contact], dense_model="e5-small-q4").abstain
    assert english_line("国际件的报关员一共有几个人？", [_english_hit(DUTIES)]).share < MIN_SHARE


def test_a_chinese_passage_first_is_judged_as_usual():
    rule = Hit(chunk_id=3, document="手册.md", section="手册 > 第六十一条",
               text="第六十一条 保价费按声明价值的0.5%收取，每票最低2元。", score=1.0, scores={"keyword": 5.0, "dense": 0.9})
    ex = extract("保价费按声明价值的多少收取？", [rule, _english_hit(DUTIES)], dense_model="e5-small-q4")
    assert not ex.abstain and ex.picks[0].hit_index == 0


def test_an_english_line_answers_when_it_holds_half_the_questions_words_and_two_at_least():
    from luodi.answer.crosslingual import Line, english_answerable
    from luodi.answer.text import Sentence

    line = Sentence("3.7 The longest side may not exceed 120 cm.", 0, 44)
    assert english_answerable(Line(0, line, 0.5, 2))
    assert not english_answerable(Line(0, line, 0.4, 2))  # under half
    assert not english_answerable(Line(0, line, 1.0, 1))  # one word is chance


def test_a_place_in_a_chinese_question_is_held_by_its_whole_english_name_only():
    zones = "2.1 Zone A covers Japan, South Korea, Singapore, Malaysia and Thailand. Transit time: 3 to 5 business days."
    assert english_line("寄到日本要几天？", [_english_hit(zones)]).share == 1
    assert english_line("寄到朝鲜要几天？", [_english_hit(zones)]).share < 1  # North Korea is not "South Korea"
