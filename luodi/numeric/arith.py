"""Arithmetic expressions written in words or symbols, parsed (never evaluated as code).

`tokenize_expression` accepts only quantities joined by operators and brackets: 三千五百加1.5萬,
12 times 3, (3+5)×2, 10除以4, 4除10 (= 10 ÷ 4). `evaluate` runs a shunting-yard over exact
Fractions and keeps units (3公斤 + 500克 = 3.5公斤).
"""

from __future__ import annotations

import re
from fractions import Fraction

from luodi.numeric.compute import exact, show
from luodi.numeric.parse import Number, Quantity, convert, unit_info

_OP = re.compile(
    r"\s*(?:(?P<add>加上|加|\+|plus)|(?P<sub>减去|减|-|−|–|minus)"
    r"|(?P<pow>\*\*|\^)"
    r"|(?P<mul>乘以|乘上|乘|×|\*|·|(?<=\s)[xX](?=\s)|times|multiplied\s+by)"
    r"|(?P<div>除以|÷|/|divided\s+by|over)|(?P<rdiv>除)|(?P<open>\()|(?P<close>\))|(?P<pct>%)"
    r"|(?P<square>²|的平方)|(?P<cube>³|的立方))\s*",
    re.I,
)
_SYMBOL = {"add": "+", "sub": "−", "pow": "^", "mul": "×", "div": "÷", "rdiv": "÷r", "open": "(",
           "close": ")", "pct": "%"}
_LEAD = re.compile(r"[(\s负\-−]*$")
# binary operators; "neg" (a unary minus) binds tighter than × and ÷, and looser than a power:
# -2^2 = -4, as written on paper
_PREC = {"+": 1, "−": 1, "×": 2, "÷": 2, "÷r": 2, "neg": 2.5, "^": 3}
MAX_DIGITS = 1000  # a power is exact, so one whose result would be longer is refused

Token = Quantity | str


def tokenize_expression(text: str, qs: list[Quantity]) -> list[Token] | None:
    """Tokens when everything between the first and last quantity is operators or brackets.
    A minus where an operand is due is a sign ("8-(-5)", "-(3+4)"); a % after a bracket is a
    percent of the bracket ("(98+2)%")."""
    if not qs:
        return None
    tokens: list[Token] = []
    # leading brackets and signs right before the first quantity
    for ch in _LEAD.search(text[: qs[0].start]).group(0):
        if ch == "(":
            tokens.append("(")
        elif not ch.isspace():
            tokens.append("neg")
    for i, q in enumerate(qs):
        tokens.append(q)
        if i + 1 == len(qs):
            break
        gap = text[q.end : qs[i + 1].start]
        pos, seen_op = 0, False
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
            seen_op = seen_op or kind not in ("open", "close", "pct")
            pos = g.end()
        if not seen_op:
            return None
    pos = qs[-1].end  # after the last quantity: closing brackets, powers, a bracket's %
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
    return tokens


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


def evaluate(tokens: list[Token], lang: str = "zh-Hans") -> tuple[Number, str, str]:
    """(value, unit, expression text) by operator precedence; raises ValueError on malformed input."""
    out: list[tuple[Fraction, str]] = []
    ops: list[str] = []
    parts: list[str] = []

    def pop() -> tuple[Fraction, str]:
        if not out:
            raise ValueError("malformed expression")
        return out.pop()

    def reduce_top() -> None:
        op = ops.pop()
        if op == "neg":
            v, u = pop()
            out.append((-v, u))
            return
        b, a = pop(), pop()
        out.append(_apply(op, a, b))

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
            out.append((v, u))
        elif t in ("(", "neg"):
            ops.append(t)
            parts.append("-" if t == "neg" else "(")
        elif t == ")":
            while ops and ops[-1] != "(":
                reduce_top()
            if not ops:
                raise ValueError("unbalanced brackets")
            ops.pop()
            parts.append(")")
        elif t == "%":  # of the bracket just closed
            v, u = pop()
            out.append((v / 100, u))
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
    value, unit = out[0]
    expr = _join(parts, tokens)
    return exact(value), unit, expr


def _join(parts: list[str], tokens: list[Token]) -> str:
    # 4除10 reads as 10 ÷ 4: show the operands in the order they are used
    if "÷r" in tokens and len([t for t in tokens if isinstance(t, Quantity)]) == 2:
        nums = [p for p in parts if p not in ("÷", "(", ")")]
        return f"{nums[1]} ÷ {nums[0]}"
    text = " ".join(parts)
    return text.replace("( ", "(").replace(" )", ")").replace(" %", "%").replace("- (", "-(")
