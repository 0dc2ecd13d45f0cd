"""Quantities in Chinese and English text: numbers with their units and where they stand.

The numerals themselves are read by luodi.numeric.numbers, exactly (Decimal/Fraction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from luodi.numeric.numbers import (
    CN_NUM_CHARS,
    DIGITS,
    EN_MULTIPLIERS,
    EN_WORDS,
    MULTIPLIERS,
    ascii_decimal,
    cn_decimal,
    normalize,
    parse_cn_integer,
    to_decimal,
)
from luodi.numeric.units import (  # noqa: F401  (re-exported for callers of parse)
    _UNIT_RE,
    _UNITS,
    COUNTERS,
    Number,
    convert,
    to_base,
    unit_info,
)


def parse_number(s: str) -> Decimal | None:
    """One number written alone: '1,234.50', '三千五百', '1.5萬', '0.3億', '兩', '半', '１２３'.

    Percentages and discounts ('15%', '百分之十五', '三成', '八折') return the ratio (0.15);
    fractions ('3/4', '四分之三') return their exact decimal when it terminates, else None.
    """
    if normalize(s.strip()) == "半":
        return Decimal("0.5")
    qs = find_quantities(s.strip(), loose=True)
    if len(qs) != 1:
        return None
    q = qs[0]
    value = q.value
    if q.unit == "%":
        value = Fraction(value) / 100 if isinstance(value, Fraction) else value / 100
    if isinstance(value, Fraction):
        d = to_decimal(value)
        return d
    return value


def canonical_unit(surface: str) -> str | None:
    """Normalised unit for a surface form such as '公斤' or 'km'; None if unknown."""
    hit = _UNITS.get(normalize(surface).strip())
    return hit[0] if hit else None


# --- scanning ----------------------------------------------------------------------------


# A currency written before its amount (USD 35, HK$ 20); any other prefix ($, ¥, RMB, CNY) as before.
_PREFIX_UNIT = {"USD": "USD", "US$": "USD", "HKD": "HKD", "HK$": "HKD", "EUR": "EUR", "€": "EUR"}


@dataclass
class Quantity:
    """A number found in text, with its normalised unit and where it was."""

    value: Number
    unit: str
    start: int
    end: int
    raw: str
    step: Decimal | None = None  # place value of the last written digit, in `unit`
    approx: bool = False  # preceded by 约/大约/近/about...
    currency_prefix: bool = False

    @property
    def dimension(self) -> str:
        return unit_info(self.unit)[0]


_ASCII_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN_RUN = r"[零一二两三四五六七八九十百千万亿廿卅]+(?:点[零一二三四五六七八九]+)?"
_NUM = rf"(?:{_ASCII_NUM}|{_CN_RUN})"
_EN_WORD_RE = "|".join(sorted(EN_WORDS, key=len, reverse=True))
_SCAN = re.compile(
    rf"(?P<pct_cn>百分之(?P<pct_cn_v>{_NUM}))"
    rf"|(?P<permille_cn>千分之(?P<permille_cn_v>{_NUM}))"
    # 3又1/2, 三又四分之一: a whole number and a proper fraction (a mixed number, 带分数)
    rf"|(?P<mixed>(?P<mx_int>\d+|[零一二两三四五六七八九十]+)又"
    rf"(?:(?P<mx_num>\d+)/(?P<mx_den>\d+)(?![\d/.])|(?P<mx_cden>{_NUM})分之(?P<mx_cnum>{_NUM})))"
    rf"|(?P<frac_cn>(?P<fc_den>{_NUM})分之(?P<fc_num>{_NUM}))"
    # 3/4 is one number, but not beside a power, a percent sign or a decimal: 2^3/4, 280/40% and
    # 65/1.3 are divisions
    rf"|(?P<frac>(?<![\d/.^])(?<!\*\*)(?P<fr_num>\d+)/(?P<fr_den>\d+)(?![\d/]|\.\d|\s*(?:%|\*\*|\^)))"
    rf"|(?P<half_pre>(?<![一二两三四五六七八九十\d])半(?=个?(?:小时|钟头|天|年|月|斤|公斤|公里|米|杯)))"
    rf"|(?P<num>(?:(?P<cur>[¥$€]\s?|US\$\s?|HK\$\s?|RMB\s?|CNY\s?|USD\s?|HKD\s?|EUR\s?)|(?<![A-Za-z0-9.]))(?P<ascii>{_ASCII_NUM}|\.\d+(?![\d.]))"
    rf"(?P<mult>\s?(?:万亿|[十百千万亿]+|thousand|million|billion|bn)(?![A-Za-z]))?)"
    rf"|(?P<cn>{_CN_RUN})"
    rf"|(?P<en>(?<![A-Za-z])(?:{_EN_WORD_RE})(?![A-Za-z]))",
    re.IGNORECASE,
)
_DISCOUNT = re.compile(r"(?P<d>[一二三四五六七八九]{1,2}|\d(?:\.\d)?|\d\d)折")
_CHENG = re.compile(
    r"(?P<d>[一二三四五六七八九十]|\d)成(?P<d2>[一二三四五六七八九])?(?![员为功本交立长都绩果就熟型分份品不了])"
)
_APPROX = re.compile(
    r"(?:约|大约|近|将近|接近|约合|逾|超过|多达|about|around|approximately|nearly|over|some)\s?$"
)
# Words that contain numeral characters without meaning a number.
_NOT_NUMBER = re.compile(
    r"一些|一起|一样|一直|一定|一般|一切|一致|一边|一旦|一同|一向|一律|一再|一贯|一带|一行|"
    r"一体|一度|一手|一时|一路|一面|一方|一生|一流|一心|一举|一连|一番|一系列|一道|一下|一点|"
    r"一阵|一会|万一|千万|万万|十分|百分百|三三两两|一一|一五一十|七八|八九|九九|统一|唯一|之一|"
    r"同一|单一|一把手|一揽子|一口气|一概|一并|一齐|一共|一起"
)
_X_YI = {
    "统一",
    "唯一",
    "之一",
    "同一",
    "单一",
    "万一",
    "划一",
    "专一",
    "逐一",
    "进一",
    "其一",
    "归一",
    "哪一",  # 哪一个/哪一年: which, not one
}
_WHICH_ONE = re.compile(r"(?:which|this|that|the|each|any|every|no)\s+$", re.IGNORECASE)


def _digit_count(s: str) -> int:
    return sum(1 for ch in s if ch in CN_NUM_CHARS)


def _step_of(ascii_num: str, mult_value: int) -> Decimal:
    digits = ascii_num.replace(",", "")
    places = len(digits.split(".")[1]) if "." in digits else 0
    return Decimal(1).scaleb(-places) * mult_value


def find_quantities(text: str, loose: bool = False) -> list[Quantity]:
    """All numbers in `text` with their units, left to right.

    A lone Chinese numeral character (一, 三) or an English number word counts only before a
    unit or counter, so words such as 一些/统一 are not numbers; `loose=True` (for short
    questions such as 三加五等于几) accepts them anyway.
    """
    norm = normalize(text)
    out: list[Quantity] = []
    pos = 0
    while pos < len(norm):
        m = _SCAN.search(norm, pos)
        if not m:
            break
        if m.group("cn") and norm[max(0, m.start() - 1) : m.start() + 1] in _X_YI:
            pos = m.start() + 1  # 统一十分: the 一 belongs to the word before it
            continue
        q = _quantity_from_match(norm, text, m, loose)
        if q is None:
            pos = m.end()
            continue
        out.append(q)
        pos = q.end
    return out


def _follower_ok(norm: str, end: int) -> bool:
    """Whether a lone numeral is followed by something that makes it a quantity."""
    nxt = norm[end : end + 1]
    if nxt in ("折", "成", "半") and nxt:
        return True
    if norm[end : end + 2] == "个半":
        return True
    u = _UNIT_RE.match(norm, end)
    return bool(u and (u.group("cjk") or u.group("pct")))


def _parse_core(
    norm: str, m: re.Match, loose: bool
) -> tuple[Number, int, str, Decimal | None, bool] | None:
    """(value, end, unit, step, currency_prefix) for the number itself, before unit suffixes."""
    end = m.end()
    if m.group("pct_cn"):
        value = _any_number(m.group("pct_cn_v"))
        return None if value is None else (value, end, "%", None, False)
    if m.group("permille_cn"):
        value = _any_number(m.group("permille_cn_v"))
        return None if value is None else (value / 10, end, "%", None, False)
    if m.group("mixed"):
        whole = _any_number(m.group("mx_int"))
        num = _any_number(m.group("mx_num") or m.group("mx_cnum"))
        den = _any_number(m.group("mx_den") or m.group("mx_cden"))
        if whole is None or num is None or not den or not 0 <= num < den:
            return None
        return Fraction(whole) + Fraction(Fraction(num), Fraction(den)), end, "", None, False
    if m.group("frac_cn"):
        den, num = _any_number(m.group("fc_den")), _any_number(m.group("fc_num"))
        if not den or num is None:
            return None
        return Fraction(Fraction(num), Fraction(den)), end, "", None, False
    if m.group("frac"):
        den = int(m.group("fr_den"))
        if den == 0:
            return None
        return Fraction(int(m.group("fr_num")), den), end, "", None, False
    if m.group("half_pre"):
        return Decimal("0.5"), end, "", None, False
    if m.group("num"):
        value = ascii_decimal(m.group("ascii"))
        if value is None:
            return None
        mult = (m.group("mult") or "").strip()
        if mult and mult[-1] == "千" and norm[end : end + 1] in ("克", "米", "瓦", "卡"):
            mult, end = mult[:-1], end - 1  # 3千米 is 3 km, not 3000 米
        mult_value = 1
        if mult.lower() in EN_MULTIPLIERS:
            mult_value = EN_MULTIPLIERS[mult.lower()]
        else:
            for ch in mult:
                mult_value *= MULTIPLIERS[ch]
        cur = m.group("cur")
        unit = _PREFIX_UNIT.get(cur.strip().upper(), "USD" if "$" in cur else "元") if cur else ""
        return value * mult_value, end, unit, _step_of(m.group("ascii"), mult_value), bool(cur)
    start = m.start()
    if m.group("en"):
        word = m.group("en").lower()
        if not loose and not _en_unit_follows(norm, end):
            return None
        if word == "one" and (
            _WHICH_ONE.search(norm[max(0, start - 8) : start]) or norm[end : end + 3] == " of"
        ):
            return None
        return Decimal(EN_WORDS[word]), end, "", Decimal(1), False
    raw = m.group("cn")
    bad = _NOT_NUMBER.match(norm, start)
    if bad and bad.end() - start >= len(raw):
        u = _UNIT_RE.match(norm, end)
        strict_unit = (
            u
            and u.group("cjk")
            and u.group("cjk")
            not in ("个", "点", "分", "度", "起", "行", "对", "头", "口", "道", "共")
        )
        if not strict_unit:
            return None
    if 2 <= len(raw) <= 3 and all(ch in DIGITS for ch in raw) and norm[end : end + 1] != "折":
        return None  # 三四个, 四五月: a rough range, not the number 34 or 45
    value = cn_decimal(raw)
    if value is None:
        return None
    if _digit_count(raw) == 1 and not loose and not _follower_ok(norm, end):
        if not (start > 0 and norm[start - 1] == "第"):
            return None
    return value, end, "", None, False


def _en_unit_follows(norm: str, end: int) -> bool:
    u = _UNIT_RE.match(norm, end)
    return bool(u and (u.group("ascii") or u.group("pct")))


def _quantity_from_match(norm: str, text: str, m: re.Match, loose: bool) -> Quantity | None:
    core = _parse_core(norm, m, loose)
    if core is None:
        return None
    value, end, unit, step, cur = core
    start = m.start()
    plain = not unit and not (m.group("frac") or m.group("frac_cn") or m.group("mixed"))
    # 八折 / 八五折 / 8.5折 and 三成 / 三成五 are percentages
    d = _DISCOUNT.match(norm, start)
    if plain and d and d.end() >= end:
        raw_d = d.group("d")
        if raw_d[0].isdigit():
            v = Decimal(raw_d)
            value = v * 10 if v < 10 else v
        else:
            digits = [DIGITS[c] for c in raw_d]
            value = Decimal(digits[0] * 10 + (digits[1] if len(digits) > 1 else 0))
        return _finish(text, norm, start, d.end(), value, "%", None, cur)
    c = _CHENG.match(norm, start)
    if plain and c and c.end() >= end:
        first = c.group("d")
        v = Decimal(parse_cn_integer(first) or 0)
        v = v * 10 + (DIGITS[c.group("d2")] if c.group("d2") else 0)
        return _finish(text, norm, start, c.end(), v, "%", None, cur)
    # 一个半小时 = 1.5 h
    if plain and norm[end : end + 2] == "个半":
        u = _UNIT_RE.match(norm, end + 2)
        if u and u.group("cjk") and _UNITS[u.group("cjk")][1] in ("time", "month"):
            return _finish(
                text,
                norm,
                start,
                u.end(),
                value + Decimal("0.5"),
                _UNITS[u.group("cjk")][0],
                None,
                cur,
            )
    if m.group("half_pre"):
        u = _UNIT_RE.match(norm, end + (1 if norm[end : end + 1] == "个" else 0))
        if u and u.group("cjk"):
            return _finish(text, norm, start, u.end(), value, _UNITS[u.group("cjk")][0], None, cur)
    if not unit or (cur and unit == "元"):
        u = _UNIT_RE.match(norm, end)
        if u:
            form = u.group("cjk") or u.group("ascii") or u.group("pct")
            info = _UNITS.get(form) or _UNITS.get(form.lower())
            cjk_number = m.group("cn") is not None
            if (
                info
                and not (u.group("ascii") and cjk_number)
                and not _bad_unit(norm, u.end(), info[0])
            ):
                unit, end = info[0], u.end()
    # 两天半, 三斤半, 一年半
    if unit in ("天", "斤", "年", "kg", "元", "月", "周", "h") and norm[end : end + 1] == "半":
        value = value + (Fraction(1, 2) if isinstance(value, Fraction) else Decimal("0.5"))
        end += 1
    elif unit == "斤" and (liang := _LIANG.match(norm, end)):  # 一斤二两: ten 两 to the 斤
        tenths = parse_number(liang.group(1))
        value = value + (Fraction(tenths) / 10 if isinstance(value, Fraction) else tenths / 10)
        end = liang.end()
    return _finish(text, norm, start, end, value, unit, step, cur)


_LIANG = re.compile(r"([1-9一二三四五六七八九])两")


def _bad_unit(norm: str, after: int, unit: str) -> bool:
    """Reject unit readings that are really the start of another word."""
    nxt = norm[after : after + 1]
    if unit == "分" and nxt in ("钟", "之"):
        return True
    if unit == "元" and nxt == "素":
        return True
    if unit == "天" and nxt in ("津", "下", "空"):
        return True
    return False


def _any_number(s: str) -> Decimal | None:
    if s and s[0].isdigit():
        return ascii_decimal(s)
    return cn_decimal(s)


def _finish(
    text: str,
    norm: str,
    start: int,
    end: int,
    value: Number,
    unit: str,
    step: Decimal | None,
    cur: bool,
) -> Quantity:
    approx = bool(_APPROX.search(norm[max(0, start - 14) : start]))
    if isinstance(value, Decimal) and value == value.to_integral_value():
        value = value.quantize(Decimal(1))
    return Quantity(
        value=value,
        unit=unit,
        start=start,
        end=end,
        raw=text[start:end],
        step=step,
        approx=approx,
        currency_prefix=cur,
    )
