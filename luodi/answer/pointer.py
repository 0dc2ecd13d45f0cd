"""A quoted sentence that only points to another rule of its document ("快件延误按第一百零九条处
理。") answers with that rule: the pointer alone tells the asker where to look, not what it says.

`pointed_article` reads the rule a sentence points to; the answer stage (luodi.answer.Answerer)
finds it in the same document by its label and quotes it after the pointer.
"""

from __future__ import annotations

import re

from luodi.answer.cited import opening
from luodi.answer.text import Sentence
from luodi.chunk import ARTICLE_LABEL
from luodi.fold import to_simplified

_NUM = r"[一二三四五六七八九十百千零〇两\d]+"
# 按第一百零九条处理, 依照本手册第五十九条的规定执行, 适用第一百七十六条: the citation and its verbs
_POINTER = re.compile(
    rf"(?:按照|按|依照|依据|根据|适用|参照|参见|见)(?:本(?:手册|规则|规范|说明|须知|办法|条例|法|规定))?"
    rf"(?P<cite>第{_NUM}条(?:之{_NUM})?)(?:第{_NUM}款)?(?:的)?(?:规定)?"
    r"(?:处理|办理|执行|计算|赔偿|处罚|认定|收取|退还)?[。；;.]?\s*$")
MAX_SUBJECT = 12  # characters the pointer's own words may add: "快件延误", "超出部分"
MAX_QUOTED = 200  # characters of the rule pointed to that are quoted, whole sentences


def pointed_article(sentence: str) -> str | None:
    """The citation ("第一百零九条") when the sentence, its own label aside, is a pointer to one
    rule and says little else; None otherwise (a rule that also says what it requires)."""
    text = to_simplified(sentence).strip()
    label = ARTICLE_LABEL.match(text)
    if label:
        text = text[label.end():]
    m = _POINTER.search(text)
    if m is None or len(re.sub(r"\W", "", text[: m.start()])) > MAX_SUBJECT:
        return None
    return m.group("cite")


def rule_quote(text: str) -> Sentence | None:
    """The rule's opening sentences, whole, up to `MAX_QUOTED` characters (at least one)."""
    span = opening(text, MAX_QUOTED)
    return None if span is None else Sentence(text[span[0] : span[1]], span[0], span[1])
