"""Question shapes: the cue words that make a question a comparison, a total, a date question…,
and the guards that keep knowledge questions which merely contain numerals away from the
calculator (measured: 148 of DRCD's 3,524 encyclopaedia questions were misread before them)."""

from __future__ import annotations

import re

from luodi.numeric.numbers import CN_NUM_CHARS

ASK = re.compile(
    r"多少|几|是什么|等于|=|？|\?|哪|谁|吗|计算|算一下|求|how|what|which|calculate|compute|"
    r"convert|is\b|are\b|equals?|\bsum\b|total",
    re.I,
)
COMPARE = re.compile(
    r"比.{1,12}?(?:大|小|多|少|高|低|重|轻|长|短)吗|"
    # "which/who" alone is any wh-question (哪一个国王…): only with a comparative is it a comparison
    r"(?:哪个|哪一个|哪|谁)(?:更|较|比较|最)?(?:大|小|多|少|高|低|重|轻|长|短|贵|便宜)|"
    r"更大|更小|较大|较小|更多|更少|大还是|小还是|比较|大小(?!相同|相等|一样|不变|不同)|"
    r"bigger|larger|greater|smaller|compare|"
    # "fifteen more than a quarter of 48" is arithmetic: more/less compare only in a question
    # that asks which, or whether one is
    r"\b(?:which|who)\b[^?]*\b(?:less|more|lower|higher)\b|^\s*(?:is|are)\b[^?]*\b(?:less|more|lower|higher)\b",
    re.I,
)
SMALLER = re.compile(r"小|少|低|轻|短|smaller|less|lower|fewer|lighter|shorter", re.I)
YESNO = re.compile(r"比(?P<b>.+?)(?P<w>大|多|高|重|长|小|少|低|轻|短)吗|^\s*is\b.+\bthan\b", re.I)
GROWTH = re.compile(
    r"增长|增加|上涨|涨|上升|提高|下降|减少|降低|下跌|跌|回落|growth|increase|decrease|change|grew|rose|fell|drop",
    re.I,
)
PCT_ASK = re.compile(
    r"百分之几|百分之多少|百分比|几成|多少%|百分率|占比|what percent|what percentage|percentage|percent",
    re.I,
)
TOTAL = re.compile(
    r"一共|共计|共有|共多少|共几|合计|总共|总计|加起来|总和|之和|total|sum|altogether|in all|combined",
    re.I,
)
# a square-root sign, read by the expression reader alone (luodi.numeric.arith)
ROOT = re.compile(r"√|根号")
COMPUTE_CUE = re.compile(
    r"等于|得多少|是多少|=|计算|算一下|算算|一共|合计|总共|plus|minus|times|divided|what is|how much",
    re.I,
)
EACH = re.compile(r"每|单价|各|each|per|every|apiece|a piece", re.I)
DATE_DIFF = re.compile(
    r"差|相差|相隔|间隔|之间|隔|多少天|几天|how many days|days between|days from", re.I
)
UNTIL = re.compile(r"距离|距|离|还有|until|till|left before|to go", re.I)
DATE_ADD = re.compile(
    r"截止|到期|最后一天|last date|last day|deadline|end date|哪天|哪一天|几号|几月几日|什么日期|什么时候|日期|which day|what date|which date|what day|date is|date will",
    re.I,
)
WEEKDAY_ASK = re.compile(r"星期几|周几|礼拜几|星期什么|day of the week|weekday|what day", re.I)
AFTER = re.compile(r"后|以后|之后|起|内|以内|之内|届满|after|later|from|within|in", re.I)
BEFORE = re.compile(r"前|以前|之前|before|earlier|ago", re.I)


# Lone numerals without a unit (三加五等于几) count only in questions with little else in them:
# in a longer question they are part of words (三叠纪, 四大满贯, 路易九世), and reading them as
# numbers sent 4% of DRCD's encyclopaedia questions to the calculator.
LOOSE_MAX_WORD_CHARS = 8
WORD_CHARS = re.compile(r"[\u3400-\u9fff]|[a-z]+", re.I)
NOT_WORD = set(CN_NUM_CHARS) | set("加减乘除以等于是多少几个点的和与还")


# A word problem tells a story around its numbers ("果园里种了37排梨树，每排有125棵，共有多少棵？"):
# answering it takes reasoning the engine does not do, and summing, multiplying or comparing the
# numbers it names gave wrong answers to most such problems that it took (Ape210K and GSM8K,
# bench/numeric.py). The self-contained questions it answers have at most 13 such Chinese
# characters or 11 English words (tests/numeric); GSM8K's problems have 17 words or more.
NARRATIVE_WORD_CHARS = 18
NARRATIVE_WORDS = 16


def narrative(text: str) -> bool:
    """Whether `text` reads as a word problem rather than a computation to do: many word
    characters (English: words) besides numerals, operators and question words."""
    words = [w for w in WORD_CHARS.findall(text) if w not in NOT_WORD]
    cjk = sum(1 for w in words if not w.isascii())
    return cjk / NARRATIVE_WORD_CHARS + (len(words) - cjk) / NARRATIVE_WORDS >= 1


def loose_ok(text: str) -> bool:
    """Whether `text` is short arithmetic: few word characters besides numerals and operators
    (English words are counted apart: an English question needs more of them)."""
    words = [w for w in WORD_CHARS.findall(text) if w not in NOT_WORD]
    cjk = sum(1 for w in words if not w.isascii())
    return cjk <= LOOSE_MAX_WORD_CHARS and len(words) - cjk <= 2 * LOOSE_MAX_WORD_CHARS


CONVERT_WORDS = re.compile(
    r"请问|是|等于|多少|几|合|换算|折合|成|为|有|约|大约|吗|呢|个|"
    r"\b(?:how|many|much|is|are|in|into|to|convert|what|there|a|an|the|equals?|of)\b",
    re.I,
)


def only_conversion(text: str, spans: list[tuple[int, int]]) -> bool:
    """Whether nothing but the quantity, the target unit and conversion words is asked about."""
    rest = list(text)
    for a, b in spans:
        rest[a:b] = " " * (b - a)
    left = CONVERT_WORDS.sub(" ", "".join(rest))
    return len(WORD_CHARS.findall(left)) <= 2


# A question that is nothing but a computation: numbers, operators and the words that name them,
# between an ask at either end ("√2+3等于几", "10÷0=?", "5!是多少"). One the engine cannot
# compute is declined as a computation: searched for in the documents, "10÷0=?" was answered
# with a sentence that says "10 hours" and √16+3 with one that says 16学时.
_ASK_HEAD = re.compile(r"^\s*(?:请问|请|帮我|帮忙)?\s*(?:计算一下|计算|算一下|算算|求|what\s+is|what's|calculate|"
                       r"compute|evaluate)?\s*[:：]?\s*", re.I)
_ASK_TAIL = re.compile(r"(?:的(?:值|结果))?\s*(?:(?:等于|=|是|得|为)\s*(?:多少|几|什么|\?|？)?)?\s*[?？。.!！]*\s*$")
_EXPRESSION = re.compile(r"(?:[\d.,\s+\-−×÷*/^()√∛!%²³]|[零一二三四五六七八九十百千万亿两]|的?平方根|的?立方根|开方|根号|"
                         r"的?阶乘|的?平方|的?立方|的?\d+次方|次方|加上|加|减去|减|乘以|乘|除以|除|sqrt|log|ln|sin|"
                         r"cos|tan|mod)+", re.I)
_OPERATION = re.compile(r"[+\-−×÷*/^√∛!²³]|平方|立方|开方|根号|阶乘|次方|加|减|乘|除|sqrt|log|ln|sin|cos|tan|mod", re.I)


def bare_expression(text: str) -> str | None:
    """The computation `text` (normalised, simplified) asks for, when it asks for nothing else."""
    body = _ASK_TAIL.sub("", _ASK_HEAD.sub("", text, count=1), count=1).strip()
    return body if re.search(r"\d", body) and _EXPRESSION.fullmatch(body) and _OPERATION.search(body) else None
