"""Numerals in Chinese and English, parsed exactly (Decimal/Fraction, never float), and printed.

`normalize` maps full-width digits, traditional numeral and unit characters and financial
numerals to one plain form without changing string length, so offsets found on the
normalised text are offsets in the original.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation, localcontext
from fractions import Fraction

from luodi.numeric.units import Number

_MAP = {chr(0xFF10 + i): str(i) for i in range(10)}
_MAP.update({chr(0xFF21 + i): chr(0x41 + i) for i in range(26)})
_MAP.update({chr(0xFF41 + i): chr(0x61 + i) for i in range(26)})
# fmt: off
_MAP.update(
    {
        "．": ".", "％": "%", "／": "/", "＋": "+", "－": "-", "＝": "=", "：": ":", "＾": "^",
        "（": "(", "）": ")", "￥": "¥", "＄": "$", "＊": "*", "〇": "零", "○": "零",
        "萬": "万", "億": "亿", "兩": "两", "塊": "块", "鐘": "钟", "時": "时", "個": "个",
        "幾": "几", "週": "周", "點": "点", "號": "号", "釐": "厘", "噸": "吨", "與": "与",
        "倆": "俩", "餘": "余", "減": "减", "麼": "么", "壹": "一", "貳": "二", "贰": "二",
        "參": "三", "叁": "三", "肆": "四", "伍": "五", "陸": "六", "陆": "六", "柒": "七",
        "捌": "八", "玖": "九", "拾": "十", "佰": "百", "仟": "千", "圓": "圆", "錢": "钱",
        "單": "单", "價": "价", "條": "条", "項": "项", "層": "层", "場": "场", "輪": "轮",
        "屆": "届", "組": "组", "隊": "队", "種": "种", "類": "类", "雙": "双", "對": "对",
        "顆": "颗", "間": "间", "戶": "户", "頁": "页", "節": "节", "張": "张", "隻": "只",
        "輛": "辆", "臺": "台", "檯": "台", "歲": "岁", "裡": "里", "禮": "礼", "閏": "闰",
        "國": "国", "頭": "头", "歐": "欧", "聲": "声", "筆": "笔", "門": "门", "盤": "盘",
        "區": "区", "縣": "县", "樓": "楼", "鐵": "铁", "級": "级", "屬": "属", "棟": "栋",
        "處": "处", "幣": "币", "畝": "亩",
    }
)
# fmt: on
_TABLE = str.maketrans(_MAP)


def normalize(text: str) -> str:
    """Plain form for parsing; same length as `text` (one character in, one out)."""
    return text.translate(_TABLE)


DIGITS = {
    "零": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_SMALL_UNIT = {"十": 10, "百": 100, "千": 1000}
_BIG_UNIT = {"万": 10**4, "亿": 10**8}
CN_NUM_CHARS = "零一二两三四五六七八九十百千万亿廿卅"


def _cn_section(s: str) -> int | None:
    """A run below 万 such as 三千五百, 两千零五, 十二, 三千五 (=3500)."""
    total, digit, last_unit, zero_seen = 0, None, None, False
    for ch in s:
        if ch in DIGITS:
            d = DIGITS[ch]
            if d == 0:
                if digit is not None:
                    return None
                zero_seen = True
                continue
            if digit is not None:
                return None  # two digits in a row (十二三): a range, not one number
            digit = d
        elif ch in _SMALL_UNIT:
            unit = _SMALL_UNIT[ch]
            if last_unit is not None and unit >= last_unit:
                return None
            if digit is None and ch != "十":
                return None  # 百 or 千 without a digit
            total += (digit or 1) * unit
            digit, last_unit, zero_seen = None, unit, False
        else:
            return None
    if digit:
        # 三千五 means 3500: a trailing digit takes the next smaller unit, unless a 零 intervened
        if last_unit and last_unit >= 100 and not zero_seen:
            total += digit * last_unit // 10
        else:
            total += digit
    return total


def cn_integer(n: int) -> str:
    """1–99 in Chinese numerals, as laws number their chapters, paragraphs and items (第二十一项);
    other numbers in digits."""
    digits = "零一二三四五六七八九"
    tens, ones = divmod(n, 10)
    if not 0 < n < 100:
        return str(n)
    return (f"{digits[tens] if tens > 1 else ''}十" if tens else "") + (digits[ones] if ones else "")


def parse_cn_integer(s: str) -> int | None:
    """Integer numerals: 三千五百, 两千零五, 一万二, 十二, 廿五, 二〇二六 (digit by digit), and digits
    (20, full-width ２０)."""
    s = s.strip()
    if s.isdecimal():
        return int(s)
    s = normalize(s).replace("廿", "二十").replace("卅", "三十")
    if not s or any(ch not in CN_NUM_CHARS for ch in s):
        return None
    if all(ch in DIGITS for ch in s):
        if len(s) == 1:
            return DIGITS[s]
        return int("".join(str(DIGITS[ch]) for ch in s))  # 二零二六
    total = 0
    rest = s
    for big_char, big in (("亿", 10**8), ("万", 10**4)):
        if big_char in rest:
            head, _, rest = rest.partition(big_char)
            if big_char in rest:
                return None
            value = parse_cn_integer(head) if head else None
            if value is None:
                return None
            total += value * big
            # 一万二 means 12000: a lone trailing digit after 万/亿 is the next unit down
            if len(rest) == 1 and rest in DIGITS and rest != "零":
                return total + DIGITS[rest] * big // 10
            rest = rest.lstrip("零")
    section = _cn_section(rest)
    if section is None:
        return None
    return total + section


def cn_decimal(s: str) -> Decimal | None:
    """三点五 → 3.5; plain Chinese integers otherwise."""
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = parse_cn_integer(whole)
        if w is None or not frac or any(ch not in DIGITS for ch in frac):
            return None
        return Decimal(f"{w}.{''.join(str(DIGITS[c]) for c in frac)}")
    v = parse_cn_integer(s)
    return None if v is None else Decimal(v)


MULTIPLIERS = {"十": 10, "百": 100, "千": 1000, "万": 10**4, "亿": 10**8}
EN_MULTIPLIERS = {
    "thousand": 10**3,
    "million": 10**6,
    "billion": 10**9,
    "k": 10**3,
    "m": 10**6,
    "bn": 10**9,
}
# fmt: off
EN_WORDS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100,
}
# fmt: on


def ascii_decimal(s: str) -> Decimal | None:
    s = s.replace(",", "").replace(" ", "")
    try:
        return Decimal(s)
    except InvalidOperation:
        return None


def _apply_mult(value: Decimal, mult: str) -> Decimal:
    for ch in mult:
        value *= MULTIPLIERS[ch]
    return value


def to_decimal(value: Number) -> Decimal | None:
    """Exact Decimal for a Fraction whose decimal expansion terminates, else None."""
    if isinstance(value, Decimal):
        return value
    den = value.denominator
    for p in (2, 5):
        while den % p == 0:
            den //= p
    if den != 1:
        return None
    with localcontext() as ctx:  # enough digits for the exact quotient, however long:
        # n / (2^a·5^b) has at most len(n) + max(a, b) digits, and max(a, b) < 4·len(2^a·5^b)
        ctx.prec = max(28, len(str(value.numerator)) + 4 * len(str(value.denominator)) + 2)
        return Decimal(value.numerator) / Decimal(value.denominator)


def format_number(value: Number, places: int = 6) -> str:
    """Shortest exact text for a value: 0.69, 18500, 3/4 (≈0.75 shown separately by callers)."""
    if isinstance(value, Fraction):
        d = to_decimal(value)
        if d is None:
            return f"{value.numerator}/{value.denominator}"
        value = d
    if value == value.to_integral_value():
        return str(int(value))
    with localcontext() as ctx:  # normalize() rounds to the context's precision: keep every digit
        ctx.prec = max(28, len(value.as_tuple().digits))
        return format(value.normalize(), "f")


def approx_text(value: Number, places: int = 4) -> str:
    """Rounded decimal text for display next to an exact fraction (half-up)."""
    d = (
        Decimal(value.numerator) / Decimal(value.denominator)
        if isinstance(value, Fraction)
        else value
    )
    q = d.quantize(Decimal(1).scaleb(-places))
    return format_number(q)
