"""What the numeric engine does not compute, and how a bare computation it does not do is declined.

A question naming an operation the engine does not do (√, 阶乘, log, dozen…), asking about a
computation's form rather than its value (简便算法是多少, 尾数, 几位小数…) or with two blanks to fill
is not computed (`not_computed`); when such a question, or any the engine declines, is nothing but
a computation, it is declined as one, saying why (`uncomputed`), instead of being searched for in
the documents, whose sentences holding its numbers are no answer.
"""

from __future__ import annotations

import re

from luodi.fold import to_simplified
from luodi.numeric.numbers import normalize
from luodi.numeric.result import detect_lang, localise
from luodi.numeric.shape import ROOT, bare_expression

_WHY = {
    "unread": ("含有开方、阶乘、对数等我不能精确计算的运算", "it uses an operation I do not compute exactly "
               "(a root, a factorial, a logarithm…)"),
    "root": ("含有不能精确计算的开方（只有0和完全平方数的开方可以精确计算）", "a square root in it is not exact "
             "(only those of 0 and of perfect squares are)"),
    "zero": ("除数为零", "it divides by zero"),
    "other": ("这种写法我读不准（例如带分数、缺少运算数）", "I cannot read it unambiguously (a mixed number, "
              "a missing operand…)"),
}


def uncomputed(question: str) -> str | None:
    """For a question that asks nothing but a computation the engine does not compute (`solve`
    returned None), the reply that says so and why; None for any other question, which the
    documents may answer."""
    text = normalize(to_simplified(question.strip()))
    if bare_expression(text) is None:
        return None
    unread = _UNREAD.search(ROOT.sub("", text)) or re.search(r"\d\s*!", text)  # 5!: a factorial
    why = "unread" if unread else "zero" if _BY_ZERO.search(text) else "root" if ROOT.search(text) else "other"
    zh, en = _WHY[why]
    if detect_lang(question) == "en":
        return (f"I cannot compute this expression exactly: {en}. I compute +, −, ×, ÷, powers, percentages, "
                "units and dates exactly; please rewrite it with those.")
    return localise(f"这个算式我无法精确计算：{zh}。我能精确计算加减乘除、乘方、百分比、单位换算和日期，请改写后再问。",
                    detect_lang(question))


_BY_ZERO = re.compile(r"(?:[÷/]|除以)\s*(?:0+(?:\.0*)?|零)(?![\d.])")


# Operations and counting words the engine does not compute: a question naming one is declined,
# not answered without it (√16+1 was 17, "3 dozen eggs at $0.50 each" 1.5 USD)
# Questions about a computation's form, not its value: the shortcut (简便算法是多少; 用简便方法计算
# asks the value), a digit (尾数,
# 个位数字), the decimal places (积是几位小数), what it means (表示的意义), the order of operations,
# an equal expression (与…相等的算式), or the bound of an endless series (1/2+1/4+…小于多少).
_NOT_A_VALUE = re.compile(r"的简便(?:算法|方法)|简便(?:算法|方法)(?:是|为)|简算方法是|尾数|末尾|个位(?:数字|上)|最后一位|几位小数|多少位小数|多少小数"
                          r"|小数位|表示的?意义|表示什么|表示[:：]|运算顺序|相等的算式|算式是|[+\-×*/]\s*(?:…|\.\.\.)")
# Each blank a question asks to fill: "(3/4)日=多少时；200千克=(  )吨" asks two things.
_ASKS = re.compile(r"=\s*(?:多少|几|[(（][(（)）/\s]*[)）])")
_UNREAD = re.compile(r"√|∛|根号|开方|平方根|立方根|阶乘|倒数|对数|factorial|\b(?:square|cube)\s+roots?\b"
                     r"|\b(?:log|sin|cos|tan|mod|modulo|dozens?|gross)\b|\bscores?\s+of\b", re.I)


def not_computed(text: str) -> bool:
    """Whether the engine declines `text` (normalised, simplified) whatever its numbers."""
    return bool(_UNREAD.search(text) or _NOT_A_VALUE.search(text) or len(_ASKS.findall(text)) > 1)
