"""Public check rules of the numbers luodi.clean.pii looks for: GB 11643 ID check digits,
the Taiwan ID checksum, Luhn, and plausible birth dates."""

from __future__ import annotations

import datetime as _dt

CN_REGIONS = frozenset(
    "11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 "
    "50 51 52 53 54 61 62 63 64 65 71 81 82 83".split()
)
_CN_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CN_CHECK = "10X98765432"
_TW_LETTERS = {c: v for c, v in zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36), strict=True)}
_TW_WEIGHTS = (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1)


def cn_id_check_digit(first17: str) -> str:
    """GB 11643-1999 (ISO 7064 MOD 11-2) check character for the first 17 digits."""
    total = sum(int(d) * w for d, w in zip(first17[:17], _CN_WEIGHTS, strict=True))
    return _CN_CHECK[total % 11]


def tw_id_valid(value: str) -> bool:
    """Taiwan national ID / resident certificate checksum (letter code + weighted digits)."""
    if len(value) != 10 or value[0] not in _TW_LETTERS:
        return False
    code = _TW_LETTERS[value[0]]
    second = value[1]
    if second.isalpha():  # old-style resident certificate: second letter contributes its units
        if second not in "ABCD":
            return False
        second = str(_TW_LETTERS[second] % 10)
    digits = [code // 10, code % 10, int(second)] + [int(d) for d in value[2:]]
    return sum(d * w for d, w in zip(digits, _TW_WEIGHTS, strict=True)) % 10 == 0


def luhn_valid(digits: str) -> bool:
    """True when the digit string passes the Luhn (mod 10) check."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def valid_birth_date(y: int, m: int, d: int) -> bool:
    """A real calendar date between 1900-01-01 and today."""
    try:
        born = _dt.date(y, m, d)
    except ValueError:
        return False
    return _dt.date(1900, 1, 1) <= born <= _dt.date.today()
