"""Arithmetic expressions written in words or symbols, parsed (never evaluated as code).

`tokenize_expression` accepts only quantities joined by operators and brackets: 三千五百加1.5萬,
12 times 3, (3+5)×2, 10除以4, 4除10 (= 10 ÷ 4). `evaluate` runs a shunting-yard over exact
Fractions and keeps units (3公斤 + 500克 = 3.5公斤).
"""

from __future__ import annotations

import math
import re
from dataclasses import replace
from fractions import Fraction

from luodi.numeric.compute import exact, show
from luodi.numeric.parse import Number, Quantity, convert, unit_info

_OP = re.compile(
    r"\s*(?:(?P<add>加上|加|\+|plus)|(?P<sub>减去|减|-|−|–|minus)"
    r"|(?P<pow>\*\*|\^)"
    r"|(?P<mul>乘以|乘上|乘|×|\*|·|(?<=\s)[xX](?=\s)|times|multiplied\s+by)"
    r"|(?P<div>除以|÷|/|divided\s+by|over)|(?P<rdiv>除)|(?P<open>\()|(?P<close>\))|(?P<pct>%)"
    r"|(?P<square>²|的平方)|(?P<cube>³|的立方)|(?P<root>√|根号))\s*",
    re.I,
)
_SYMBOL = {"add": "+", "sub": "−", "pow": "^", "mul": "×", "div": "÷", "rdiv": "÷r", "open": "(",
           "close": ")", "pct": "%", "root": "√"}
_LEAD = re.compile(r"(?:[(\s负\-−√]|根号)*$")
# binary operators; "neg" (a unary minus) binds tighter than × and ÷, and looser than a power:
# -2^2 = -4, as written on paper; √ binds to the operand right after it (√16 + 9 = 13)
_PREC = {"+": 1, "−": 1, "×": 2, "÷": 2, "÷r": 2, "neg": 2.5, "^": 3, "√": 4}
_PREFIX = ("neg", "√")
MAX_DIGITS = 1000  # a power is exact, so one whose result would be longer is refused

Token = Quantity | str


def tokenize_expression(text: str, qs: list[Quantity]) -> list[Token] | None:
    """Tokens when everything between the first and last quantity is operators or brackets.
    A minus where an operand is due is a sign ("8-(-5)", "-(3+4)"); a % after a bracket is a
    percent of the bracket ("(98+2)%")."""
    if not qs:
        return None
    qs, exponents = _named_powers(text, qs)
    tokens: list[Token] = []
    # leading brackets and signs right before the first quantity
    for ch in _LEAD.search(text[: qs[0].start]).group(0).replace("根号", "√"):
        if ch in "(√":
            tokens.append(ch)
        elif not ch.isspace():
            tokens.append("neg")
    for i, q in enumerate(qs):
        tokens.append(q)
        if i + 1 == len(qs):
            break
        gap = text[q.end : qs[i + 1].start]
        if i + 1 in exponents:  # 2的10次方, 10的负2次方
            tokens += ["^", *(["neg"] if re.search(r"[-−负]", gap) else [])]
            continue
        pos, seen_op = _grouped_result(gap, 0, tokens), False
        if pos is None:
            return None
        while pos < len(gap):
            g = _OP.match(gap, pos)
            if not g or g.end() == pos:
                if re.fullmatch(r"\s*负\s*", gap[pos:]) and seen_op:
                    tokens.append("neg")
                    pos = len(gap)
                    break
                return None
            kind = g.lastgroup
            if kind in _EXPONENTS:  # 5², (3+4)², 10的平方: a power written without its operator
                tokens += ["^", _exponent(kind, q.end + g.start())]
                pos = g.end()
                continue
            if kind == "pct" and tokens[-1] != ")":
                return None  # a % of its own belongs to a number, which the parser reads
            signed = kind == "sub" and _operand_due(tokens[-1])
            tokens.append("neg" if signed else _SYMBOL[kind])
            seen_op = seen_op or kind not in ("open", "close", "pct", "root")
            pos = g.end()
        if not seen_op:
            return None
    pos = _grouped_result(text, qs[-1].end, tokens)  # 的商: the last operation is one operand
    if pos is None:
        return None
    # after the last quantity: closing brackets, powers, a bracket's %
    while (g := _OP.match(text, pos)) and g.end() > pos and g.lastgroup in _POSTFIX:
        if g.lastgroup in _EXPONENTS:
            tokens += ["^", _exponent(g.lastgroup, g.start())]
        elif g.lastgroup == "close" or tokens[-1] == ")":
            tokens.append(_SYMBOL[g.lastgroup])
        else:
            break  # a % of its own belongs to a number, which the parser reads
        pos = g.end()
    if tokens.count("(") != tokens.count(")"):
        return None
    after = [*tokens[1:], None]
    if any(t == "√" and not (isinstance(n, Quantity) or n in ("(", "√")) for t, n in zip(tokens, after, strict=True)):
        return None  # a root sign must come before its operand (16√+1 is no expression)
    return tokens


# 20乘9除720的商 is 20 × (720 ÷ 9): "的商" (和, 差, 积) makes the operation before it one operand
_RESULT = re.compile(r"\s*的(?P<name>[和差积商])")
_RESULT_OF = {"和": ("+",), "差": ("−",), "积": ("×",), "商": ("÷", "÷r")}


def _grouped_result(text: str, pos: int, tokens: list[Token]) -> int | None:
    """Where reading goes on after a 的商 at `pos` (the tokens' last operation bracketed), or
    `pos` when none is there; None when it names another operation than the one before it, or
    one whose left operand is not a plain number (which operation it closes is then unclear)."""
    m = _RESULT.match(text, pos)
    if not m:
        return pos
    ok = (len(tokens) >= 3 and isinstance(tokens[-1], Quantity) and isinstance(tokens[-3], Quantity)
          and tokens[-2] in _RESULT_OF[m.group("name")] and (len(tokens) == 3 or tokens[-4] != "neg"))
    if not ok:
        return None
    tokens[-3:] = ["(", *tokens[-3:], ")"]
    return m.end()


# 2的10次方 (次幂): the parser reads "10次" as a count of times
_NAMED_POWER = re.compile(r"\s*的\s*[-−负]?\s*")


def _named_powers(text: str, qs: list[Quantity]) -> tuple[list[Quantity], set[int]]:
    """The quantities with each exponent written 的N次方 read as a plain number that ends after
    方, and their indexes."""
    out, exponents = list(qs), set()
    for i in range(1, len(qs)):
        q = qs[i]
        if (q.unit == "次" and text[q.end : q.end + 1] in ("方", "幂")
                and _NAMED_POWER.fullmatch(text, qs[i - 1].end, q.start)):
            out[i] = replace(q, unit="", end=q.end + 1, raw=q.raw.removesuffix("次"))
            exponents.add(i)
    return out, exponents


_EXPONENTS = {"square": 2, "cube": 3}
_POSTFIX = {"close", "pct", *_EXPONENTS}


def _exponent(kind: str, at: int) -> Quantity:
    n = _EXPONENTS[kind]
    return Quantity(Fraction(n), "", at, at, str(n))


def _operand_due(prev: Token) -> bool:
    """Whether the token before a minus leaves an operand due (a bracket opened, an operator)."""
    return isinstance(prev, str) and prev not in (")", "%")


def _val(q: Quantity) -> tuple[Fraction, str]:
    v = q.value if isinstance(q.value, Fraction) else Fraction(q.value)
    if q.unit == "%":
        return v / 100, ""
    if q.unit == "倍":
        return v, ""
    return v, q.unit


def _apply(op: str, a: tuple[Fraction, str], b: tuple[Fraction, str]) -> tuple[Fraction, str]:
    (va, ua), (vb, ub) = a, b
    if op == "^":
        return _power(va, ua, vb, ub)
    if op == "÷r":
        op, (va, ua), (vb, ub) = "÷", (vb, ub), (va, ua)
    if op in "+−":
        if ua and ub and ua != ub:
            c = convert(vb, ub, ua)
            if c is None:
                raise ValueError(f"cannot combine {ua} and {ub}")
            vb = Fraction(c)
        unit = ua or ub
        return (va + vb if op == "+" else va - vb), unit
    if op == "×":
        if (
            ua
            and ub
            and not (unit_info(ua)[0].startswith("count:") or unit_info(ub)[0].startswith("count:"))
        ):
            raise ValueError("product of two units")
        unit = ub if ua and ub and unit_info(ua)[0].startswith("count:") else (ua or ub)
        return va * vb, unit
    if vb == 0:
        raise ZeroDivisionError("division by zero")
    if ua and ub:
        c = convert(vb, ub, ua)
        if c is None:
            raise ValueError(f"cannot divide {ua} by {ub}")
        return va / Fraction(c), ""
    return va / vb, ua


def _power(va: Fraction, ua: str, vb: Fraction, ub: str) -> tuple[Fraction, str]:
    if ua or ub:
        raise ValueError("a power of a quantity with a unit")
    size = max(len(str(va.numerator)), len(str(va.denominator)))
    if va == 0 and vb == 0:
        raise ValueError("0 to the power 0 is not defined")
    if vb.denominator != 1 or abs(vb) * size > MAX_DIGITS:
        raise ValueError("only whole exponents with a result of up to 1,000 digits are computed")
    return va ** int(vb), ""


def _root(v: Fraction, unit: str) -> Fraction:
    """The square root of a rational square (√(9/4) = 3/2); any other is not exact and is refused
    inside an expression (√2 alone is given to 10 digits by luodi.numeric.functions)."""
    if unit or v < 0:
        raise ValueError("only the square root of a plain number of at least 0 is computed")
    top, bottom = math.isqrt(v.numerator), math.isqrt(v.denominator)
    if top * top != v.numerator or bottom * bottom != v.denominator:
        raise ValueError(f"√{v} is not exact")
    return Fraction(top, bottom)


def evaluate(tokens: list[Token], lang: str = "zh-Hans") -> tuple[Number, str, str]:
    """(value, unit, expression text) by operator precedence; raises ValueError on malformed input."""
    out: list[tuple[Fraction, str, tuple[str, float]]] = []  # value, unit, (text, precedence)
    ops: list[str] = []
    parts: list[str] = []

    def pop() -> tuple[Fraction, str, tuple[str, float]]:
        if not out:
            raise ValueError("malformed expression")
        return out.pop()

    def reduce_top() -> None:
        op = ops.pop()
        if op == "neg":
            v, u, shown = pop()
            out.append((-v, u, ("-" + _grouped(shown, _ATOM), _PREC["neg"])))
            return
        if op == "√":
            v, u, shown = pop()
            out.append((_root(v, u), u, ("√" + _grouped(shown, _ATOM), _ATOM)))
            return
        b, a = pop(), pop()
        out.append((*_apply(op, a[:2], b[:2]), _shown(op, a[2], b[2])))

    for i, t in enumerate(tokens):
        if isinstance(t, Quantity):
            v, u = _val(t)
            powered = i + 1 < len(tokens) and tokens[i + 1] == "^"
            if i and tokens[i - 1] == "neg" and not powered:  # a signed number is shown as one: -5
                ops.pop()
                v = -v
                parts[-1] = show(exact(v), u, lang)
            else:
                parts.append(show(exact(v), u, lang) if t.unit != "%" else t.raw.strip())
            out.append((v, u, (parts[-1], _ATOM)))
        elif t in ("(", *_PREFIX):
            ops.append(t)
            parts.append("-" if t == "neg" else t)
        elif t == ")":
            while ops and ops[-1] != "(":
                reduce_top()
            if not ops:
                raise ValueError("unbalanced brackets")
            ops.pop()
            parts.append(")")
        elif t == "%":  # of the bracket just closed
            v, u, shown = pop()
            out.append((v / 100, u, (_grouped(shown, _ATOM) + "%", _ATOM)))
            parts.append("%")
        else:
            # left-associative, except a power: 2^3^2 = 2^9
            while ops and ops[-1] != "(" and (
                    _PREC[ops[-1]] > _PREC[t] or (_PREC[ops[-1]] == _PREC[t] and t != "^")):
                reduce_top()
            ops.append(t)
            parts.append("÷" if t == "÷r" else t)
    while ops:
        if ops[-1] == "(":
            raise ValueError("unbalanced brackets")
        reduce_top()
    if len(out) != 1:
        raise ValueError("malformed expression")
    value, unit, shown = out[0]
    # 4除10 is 10 ÷ 4: an expression with such a division is shown in the order it is computed,
    # brackets where they are needed (2乘8除4 = 4 ÷ (2 × 8)); any other as written
    expr = shown[0] if "÷r" in tokens else _join(parts)
    return exact(value), unit, expr


_ATOM = 9.0  # a number's precedence: never bracketed


def _grouped(shown: tuple[str, float], least: float, strict: bool = False) -> str:
    """The text, bracketed when its operator binds looser than `least` (or as loose, `strict`)."""
    text, prec = shown
    return f"({text})" if prec < least or (strict and prec == least) else text


def _shown(op: str, a: tuple[str, float], b: tuple[str, float]) -> tuple[str, float]:
    """The text of `a op b`: a right operand of −, × and ÷, and a left one of ^, is bracketed at
    the operator's own precedence too (8 − (3 − 1), 20 × (720 ÷ 9), (2^3)^2)."""
    if op == "÷r":
        op, a, b = "÷", b, a
    prec = _PREC[op]
    left = _grouped(a, prec, strict=op == "^")
    right = _grouped(b, prec, strict=op in ("−", "×", "÷"))
    return f"{left} {op} {right}", prec


def _join(parts: list[str]) -> str:
    text = " ".join(parts)
    return text.replace("( ", "(").replace(" )", ")").replace(" %", "%").replace("- (", "-(").replace("√ ", "√").replace("- √", "-√")
