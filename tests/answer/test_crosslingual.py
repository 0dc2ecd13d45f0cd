from __future__ import annotations

from luodi.answer.crosslingual import MIN_COSINE, groups_of, share
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
