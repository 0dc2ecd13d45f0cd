"""A cited formula applied to the figures a question gives, matched by their units.

"额定能量（Wh）＝容量（mAh）×电压（V）÷1000" and "一个10000mAh、3.7V的充电宝能寄吗？" is 10000 × 3.7 ÷ 1000 =
37 Wh; the answer stage quoted the formula and left the arithmetic to the asker. A formula is
used only when each of its quantities has a unit of its own and the question gives exactly one
figure in each; formulas whose quantities share a unit (长×宽×高, all in 厘米) are the volumetric
weight's (luodi.answer.volume). Products and quotients only, left to right, exactly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from luodi.answer import crosslingual
from luodi.answer.router import language
from luodi.answer.text import shared_words
from luodi.fold import to_simplified, to_traditional
from luodi.numeric.numbers import format_number

_OPERAND = r"(?:[\u4e00-\u9fffA-Za-z]{1,10}\s*[（(][^（）()]{1,8}[）)]|\d+(?:\.\d+)?)"
_OPS = r"[×xX*÷/＋+－−-]"
_FORMULA = re.compile(rf"(?P<name>[\u4e00-\u9fffA-Za-z]{{1,12}})\s*[（(](?P<unit>[^（）()]{{1,8}})[）)]\s*[＝=]\s*"
                      rf"(?P<expr>{_OPERAND}(?:\s*{_OPS}\s*{_OPERAND})+)")
_TERM = re.compile(rf"({_OPS})?\s*(?:([\u4e00-\u9fffA-Za-z]{{1,10}})\s*[（(]([^（）()]{{1,8}})[）)]|(\d+(?:\.\d+)?))")
_LEAD = re.compile(r"^(?:按照?|即|为|是|公式|计算公式|计算|换算)+")
# Other ways to write a unit in a question (20000毫安时, 3.7伏)
_ALIASES = {"mah": ("mah", "毫安时", "毫安"), "v": ("v", "伏特", "伏", "volts", "volt"),
            "wh": ("wh", "瓦时"), "w": ("w", "瓦"), "kg": ("kg", "公斤", "千克"), "g": ("g", "克"),
            "kwh": ("kwh", "千瓦时", "度"), "km": ("km", "公里", "千米"), "h": ("h", "小时", "hours", "hour")}


@dataclass(frozen=True)
class Applied:
    name: str  # 额定能量
    unit: str  # Wh
    value: Decimal
    detail: str  # 10000 × 3.7 ÷ 1000 = 37
    source: int  # which evidence text
    quote: str  # the formula as cited


def _spellings(unit: str) -> tuple[str, ...]:
    key = unit.strip().lower()
    return _ALIASES.get(key, (key,))


def _given(question: str, unit: str) -> list[Decimal]:
    """The figures the question gives in `unit` (10000mAh, 3.7 V, 20000毫安时)."""
    found = re.finditer(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*(?:{_names(unit)})", question, re.I)
    return [Decimal(m.group(1)) for m in found]


def _names(unit: str) -> str:
    """A unit's spellings as a pattern that does not stop inside a longer unit (60瓦时 is no 瓦)."""
    names = "|".join(re.escape(s) for s in sorted(_spellings(unit), key=len, reverse=True))
    return rf"(?:{names})(?![A-Za-z时時])"


def applied(question: str, evidence: list[str], depth: int = 5) -> Applied | None:
    """The first cited formula among the first `depth` evidence texts whose every quantity the
    question gives once, by its unit, evaluated; None where there is none."""
    q = to_simplified(question)
    for source, text in enumerate(evidence[:depth]):
        simple = to_simplified(text)
        for m in _FORMULA.finditer(simple):
            if re.match(rf"\s*{_OPS}", simple[m.end():]):
                continue  # the expression goes on with a term it cannot read (＋保价费): no figure
            got = _evaluate(q, m) if _about(q, m) else None
            # its own sentence and the next: "…，每票不超过100元", "…。每票最高收取100元", "每年最多按30天计付"
            after = simple[max(simple.rfind(p, 0, m.start()) for p in "。；\n") + 1:]
            sentence = "。".join(re.split(r"[。；\n]", after, maxsplit=2)[:2])
            if got is not None and (_bounds(sentence.replace(m.group(0), ""), m.group("unit"))
                                    or _LIMITED.search(sentence.replace(m.group(0), ""))):
                return None  # a cap or a condition: the formula does not say which
            if got is not None:  # quoted in the text's own script (folding keeps its length)
                quote = text[m.start():m.end()] if len(simple) == len(text) else m.group(0)
                name = _LEAD.sub("", m.group("name")) or m.group("name")
                return Applied(name, m.group("unit").strip(), got[0], got[1], source, quote)
    return None


_LIMITED = re.compile(r"最多|最高|不超过|不得超过|封顶|上限|at most|up to|a maximum|no more than|capped", re.I)
# Units any question may give for another reason (请假5天, 5kg的快件): a formula in them must be named
_COMMON_UNITS = frozenset("天 日 小时 h 月 年 元 个 件 次 人 票 kg 公斤 千克 g 克 km 公里 米 m cm 厘米".split())


def _about(question: str, m: re.Match) -> bool:
    """Whether the question is about the formula: its units are all of their own kind (mAh, V),
    or it names the figure or a quantity (住院津贴, 住院天数; "insurance fee")."""
    units = {t.group(3).strip().lower() for t in _TERM.finditer(m.group("expr")) if t.group(3)}
    if not units & _COMMON_UNITS:
        return True
    names = [m.group("name")] + [t.group(2) for t in _TERM.finditer(m.group("expr")) if t.group(2)]
    return shared_words(question, " ".join(names)) > 0


def _evaluate(question: str, m: re.Match) -> tuple[Decimal, str] | None:
    """The expression with the question's figures, products and quotients before sums, exactly."""
    terms = list(_TERM.finditer(m.group("expr")))
    units = [t.group(3).strip().lower() for t in terms if t.group(3)]
    if not units or len(set(units)) != len(units) or m.group("unit").strip().lower() in units:
        return None  # quantities that share a unit: which figure is which is not said
    sums: list[Decimal] = []  # the signed products so far
    shown = []
    for t in terms:
        if t.group(3):
            given = _given(question, t.group(3))
            if len(given) != 1:
                return None
            number = given[0]
        else:
            number = Decimal(t.group(4))
        op = t.group(1) or "+"
        if op in "×xX*":
            sums[-1] *= number
        elif op in "÷/":
            if number == 0:
                return None
            sums[-1] /= number
        else:
            sums.append(-number if op in "－−-" else number)
        shown.append(("" if t.group(1) is None else f" {_SHOWN.get(op, op)} ") + format_number(number))
    value = sum(sums, Decimal(0))
    return value, f"{''.join(shown)} = {format_number(value)}"


_SHOWN = {"x": "×", "X": "×", "*": "×", "/": "÷", "＋": "+", "－": "−", "-": "−"}


_UPPER_BEFORE = re.compile(r"(?:不超过|不大于|不得超过|不高于|至多|最多|最高|封顶)(?:收取|为|是)?\s*$"
                           r"|(?:at most|no more than|not (?:more than|exceed(?:ing)?)|up to|a maximum of|capped at)\s*(?:CNY|RMB)?\s*$",
                           re.I)
_LOWER_BEFORE = re.compile(r"(?:(?<!不)超过|(?<!不)大于|(?<!不)高于|more than|over|above|exceeding)\s*$", re.I)
_UPPER_AFTER = re.compile(r"^\s*(?:以下|以内|or less|or below)", re.I)
_LOWER_AFTER = re.compile(r"^\s*(?:以上|or more)", re.I)


def _bounds(sentence: str, unit: str) -> bool:
    """Whether a sentence bounds figures in `unit` (不超过100元, at most CNY 100)."""
    for m in re.finditer(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*{_names(unit)}", sentence, re.I):
        before, after = sentence[max(0, m.start() - 16):m.start()], sentence[m.end():]
        if _UPPER_BEFORE.search(before) or _UPPER_AFTER.search(after) or _LOWER_BEFORE.search(before):
            return True
    return False


def _holds(sentence: str, unit: str, value: Decimal) -> bool:
    """Whether a sentence bounds figures in `unit` and `value` is within every bound it sets."""
    bounds = 0
    for m in re.finditer(rf"(?<![\d.])(\d+(?:\.\d+)?)\s*{_names(unit)}", sentence, re.I):
        n, before, after = Decimal(m.group(1)), sentence[max(0, m.start() - 16):m.start()], sentence[m.end():]
        upper = _UPPER_BEFORE.search(before) or _UPPER_AFTER.search(after)
        lower = _LOWER_BEFORE.search(before) or _LOWER_AFTER.search(after)
        if upper and value > n or lower and not upper and value < n or \
                lower and not upper and value == n and not _LOWER_AFTER.search(after):
            return False
        bounds += bool(upper or lower)
    return bounds > 0


def bound(question: str, evidence: list[str], got: Applied, depth: int = 5,
          broken: bool = True) -> tuple[int, str] | None:
    """The sentence of the evidence that bounds the computed figure and holds it (37 Wh: "充电宝，单块
    额定能量不超过100Wh"; 103.18 Wh: "额定能量超过100Wh但不超过160Wh的…只能走陆运通道"), the one sharing
    most with the question where several do; with `broken`, where none holds it, one whose upper
    bound it passes; (which text, the sentence) or None."""
    q = to_simplified(question)
    pairs = {q[i:i + 2] for i in range(len(q) - 1)}
    groups = crosslingual.groups_of(question) if language(question) == "en" else ()
    best, best_score = None, -1.0
    for source, text in enumerate(evidence[:depth]):
        for sentence in re.split(r"(?<=[。；;\n])", text):
            simple = to_simplified(sentence).strip()
            if not simple or got.quote in simple or not _holds(simple, got.unit, got.value):
                continue
            score = crosslingual.share(groups, simple) if groups else sum(p in simple for p in pairs)
            if score > best_score:
                best, best_score = (source, sentence.strip()), score
    return best or (_exceeded(evidence[:depth], got) if broken else None)


def _exceeded(evidence: list[str], got: Applied) -> tuple[int, str] | None:
    """The first sentence whose upper bound the figure passes (600 Wh over "不超过500Wh"): where no
    rule holds the figure, the one it breaks is what the asker needs to see."""
    for source, text in enumerate(evidence):
        for sentence in re.split(r"(?<=[。；;\n])", text):
            simple = to_simplified(sentence).strip()
            if simple and got.quote not in simple and _bounds(simple, got.unit) and \
                    not _holds(simple, got.unit, got.value):
                return source, sentence.strip()
    return None


def applied_text(question: str, got: Applied) -> tuple[str, str]:
    """The answer's computed line and its checked atom."""
    if language(question) == "en":
        return f"Computed from the cited formula: {got.detail} {got.unit}.", f"{format_number(got.value)} {got.unit}"
    text = f"按引用的公式计算{got.name}：{got.detail} {got.unit}。"
    return (to_traditional(text) if language(question) == "zh-Hant" else text), f"{format_number(got.value)} {got.unit}"
