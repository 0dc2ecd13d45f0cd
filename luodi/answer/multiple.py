"""A cap a rule sets as a multiple of an amount the question gives: "未保价快件…按实际损失赔偿，但最高
不超过该票标准运费的3倍，且单票赔偿金额最高不超过1000元" and "没保价的快件丢了，运费12块，最多赔多少？" is
3 × 12 = 36 元; "at most 3 times the freight, up to CNY 1,000" and "the freight was CNY 500" is
1,000 (3 × 500 = 1,500, over the cap).

The amount must be the one the rule multiplies: the question names it (运费 for 该票标准运费, the
freight) right beside its figure. A cap in yuan in the same sentence bounds the result. Nothing is
computed for a question that asks no amount, gives no such figure, or gives another amount besides
(东西值20元: the actual loss, which may be under the cap).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from luodi.answer.router import language
from luodi.answer.text import shared_words
from luodi.fold import to_simplified, to_traditional
from luodi.numeric.numbers import format_number
from luodi.numeric.parse import find_quantities, parse_number

_TIMES_ZH = re.compile(r"(?:不超过|不得超过|不高于|最高为?|最多为?|至多|上限为?)[^，。；]{0,8}?"
                       r"(?P<base>[\u4e00-\u9fff]{2,10}?)的\s*(?P<n>\d+(?:\.\d+)?|[一二两三四五六七八九十]+)\s*倍")
_WORDS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "ten": 10, "twice": 2}
_TIMES_EN = re.compile(r"\b(?:at most|up to|no more than|not (?:more than|exceeding)|capped at|limited to)\s+"
                       r"(?:(?P<n>\d+(?:\.\d+)?|two|three|four|five|six|ten)\s+times|(?P<twice>twice))\s+"
                       r"(?:the\s+)?(?P<base>[a-z][a-z -]{1,30}?)(?=\s*[,.;()]|\s+(?:and|or|up|with|but|per)\b|$)", re.I)
_CAP_ZH = re.compile(r"(?:最高|不超过|不得超过|至多|上限)[^，。；\d]{0,8}?(\d[\d,]*(?:\.\d+)?)\s*元")
_CAP_EN = re.compile(r"\b(?:at most|up to|(?:no|never) more than|maximum of|capped at)\s+(?:CNY|RMB|¥)\s*(\d[\d,]*(?:\.\d+)?)", re.I)
_ASKS = re.compile(r"多少|几|幾|how much|what is the (?:most|maximum)|up to what", re.I)
_CLAUSE_END = re.compile(r"[，,；;]")
_LEAST = re.compile(r"最少|至少|最低|\bminimum\b|\bleast\b", re.I)
# a multiple per day, per item or per person: counted how often is not said by the cap alone
_PER = re.compile(r"每(?:逾期)?(?:一)?[天日件个人次]|\bper (?:day|item|piece|person)\b|\beach (?:day|item)\b", re.I)
# what the rule's subject is negated for (未保价快件): the question must not say the thing plainly
_UN = re.compile(r"[未非没不]([\u4e00-\u9fff]{2})|\b(un[a-z]{4,})", re.I)
_NEGATED = re.compile(r"[未没不]有?|没有|\bno\b|\bnot\b|n't\b|\bun", re.I)
# words any claim and question share: not what the rule caps (赔偿, 违约金, 押金)
_COMMON = frozenset("多少 最多 最高 不超 超过 金额 费用 元 the of most much how".split())
# the words that name an amount the rule multiplies, as a question says them
_NAMES_ZH = ("运费", "保价费", "邮费", "服务费", "费用", "价款", "货款", "声明价值", "保费", "月租", "租金", "押金", "工资")
_NAMES_EN = ("freight", "shipping fee", "shipping cost", "postage", "fee", "premium", "price", "rent", "deposit")


@dataclass(frozen=True)
class Multiple:
    times: Decimal
    base: Decimal  # the question's amount
    name: str  # what the rule multiplies, as the rule says it
    cap: Decimal | None  # a cap in yuan in the same sentence
    result: Decimal
    source: int  # which line
    quote: str  # the clause read


def multiple(question: str, lines: list[str]) -> Multiple | None:
    """The first cap of `lines` that multiplies an amount the question gives, worked out."""
    if not _ASKS.search(question) or _LEAST.search(question):
        return None
    q = to_simplified(question)
    for source, line in enumerate(lines):
        text = to_simplified(line)
        for m in [*_TIMES_ZH.finditer(text), *_TIMES_EN.finditer(text)]:
            n = _times(m)
            given = _given(q, m.group("base"))
            if n is None or given is None:
                continue
            sentence = _sentence(text, m.start(), m.end())
            opened = text.find(sentence)
            clause = max((b.end() for b in _CLAUSE_END.finditer(text, opened, m.start())), default=opened)
            if not _about(q, text[opened:m.start()], m.group("base")) or _PER.search(text, clause, m.end()):
                continue
            # a cap after the multiple, in its sentence, not one per day (每日最高不超过100元滞纳金)
            after = sentence[m.end() - opened:]
            caps = [Decimal(c.group(1).replace(",", "")) for c in (*_CAP_ZH.finditer(after), *_CAP_EN.finditer(after))
                    if not _PER.search(after[max(0, c.start() - 6):c.start()])]
            cap = min(caps, default=None)
            result = n * given if cap is None else min(n * given, cap)
            return Multiple(n, given, m.group("base").strip(), cap, result, source, line[m.start():m.end()]
                            if len(line) == len(text) else m.group(0))
    return None


def multiple_text(question: str, got: Multiple) -> tuple[str, str]:
    """The answer's computed line and its checked atom (yuan)."""
    n = format_number
    product = got.times * got.base
    english = language(question) == "en"
    if english:
        capped = f", over the cap of CNY {n(got.cap)}: CNY {n(got.cap)}" if got.cap is not None and product > got.cap else ""
        return (f"Computed from the cited rule: {n(got.times)} × {n(got.base)} = {n(product)} yuan{capped}.",
                f"{n(got.result)} 元")
    capped = f"，超过上限{n(got.cap)}元，按{n(got.cap)}元" if got.cap is not None and product > got.cap else ""
    text = f"按引用条款计算：{n(got.times)} × {n(got.base)} = {n(product)} 元{capped}。"
    return (to_traditional(text) if language(question) == "zh-Hant" else text), f"{n(got.result)} 元"


def _about(question: str, before: str, base: str) -> bool:
    """Whether the rule's clause before the multiple is about what the question asks (赔偿 for 最多赔多少;
    not 违约金 for 押金要交多少), and any subject it negates (未保价快件) is one the question negates
    too or does not name (已保价的快件 is paid by its declared value)."""
    asked = question.lower()
    for m in _UN.finditer(before):
        word = (m.group(1) or m.group(2) or "").lower()
        stem = word[2:] if word.startswith("un") else word
        at = asked.find(stem)
        if at >= 0 and not _NEGATED.search(asked[max(0, at - 4):at]):  # 没保价, uninsured: negated alike
            return False
    subject = before.replace(base, "")
    # 最多赔多少 asks what 赔偿 caps: a verb said in one character
    return shared_words(subject, question, _COMMON) > 0 or any(c in subject and c in question for c in "赔罚退")


def _times(m: re.Match[str]) -> Decimal | None:
    if m.groupdict().get("twice"):
        return Decimal(2)
    raw = m.group("n")
    value = _WORDS.get(raw.lower()) if raw.isalpha() and raw.isascii() else parse_number(raw)
    return None if value is None else Decimal(str(value))


def _given(question: str, base: str) -> Decimal | None:
    """The one amount in yuan the question gives for what the rule multiplies: a name of it (运费
    of 该票标准运费) within a few characters before or after the figure."""
    names = [w for w in (*_NAMES_ZH, *_NAMES_EN) if w in base.lower()]
    if not names:
        return None
    found, others = set(), 0
    for qty in find_quantities(question):
        if qty.unit != "元":
            continue
        others += 1
        before = re.split(r"[，。；？！?!,;]", question[:qty.start])[-1][-14:]
        after = re.split(r"[，。；？！?!,;]", question[qty.end:])[0][:6]
        near = f"{before} {after}".lower()
        if any(w in near and _period(base, w) in ("", _period(near, w)) for w in names):
            found.add(Decimal(str(qty.value)))
    # another amount besides (东西值20元: the loss, which may be under the cap) leaves it open
    return found.pop() if len(found) == 1 and others == 1 else None


def _period(text: str, name: str) -> str:
    """The period a name is of, written right before it: 月 of 月租金, 日 of 日租金 ("" for none); a
    question's 日租金 is no amount for a rule on 月租金."""
    at = text.find(name)
    return text[at - 1] if at > 0 and text[at - 1] in "日月年周季" else ""


def _sentence(text: str, start: int, end: int) -> str:
    opened = max((b.end() for b in re.finditer(r"[。\n]|\.\s", text[:start])), default=0)
    closed = re.search(r"[。\n]|\.\s|$", text[end:])
    return text[opened:end + closed.start()]
