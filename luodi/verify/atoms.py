"""The checkable atoms of a text: numbers with units, amounts, percentages, dates, durations,
URLs, e-mails, phone numbers, IDs, article references and quoted names, each normalised so
that equal facts compare equal across scripts and formats (1.5萬元 = 15000元, 第二十條 = 20).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from luodi.fold import to_simplified
from luodi.numeric.dates import find_dates
from luodi.numeric.numbers import normalize, parse_cn_integer
from luodi.numeric.parse import find_quantities

KINDS = (
    "number",
    "amount",
    "percent",
    "date",
    "duration",
    "url",
    "email",
    "phone",
    "id",
    "article",
    "name",
)


@dataclass
class Atom:
    """One checkable fact in a text, with its normalised value."""

    text: str
    kind: str
    value: (
        Any  # Decimal (numbers), ISO string (dates), str (url/email/phone/id/name), int (article)
    )
    start: int
    end: int
    unit: str = ""  # normalised unit for numbers; 条/款/章 for articles
    meta: dict[str, Any] = field(default_factory=dict)  # step, approx, original value


_URL = re.compile(
    r"(?:https?://|www\.)[^\s，。；、）)」”\"'<>，]+"
    r"|(?<![@A-Za-z0-9.])(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+(?:com|cn|net|org|gov|edu|io|hk|tw|info|biz)"
    r"(?:\.cn)?(?:/[^\s，。；、）)」”\"'<>]*)?(?![A-Za-z0-9.])",
    re.I,
)
_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_PHONE = re.compile(
    r"(?<![0-9A-Za-z])(?:(?:\+?86[\s-]?)?1[3-9]\d(?:[\s-]?\d{4}){2}"
    r"|0\d{2,3}[\s-]?\d{7,8}|400[\s-]?\d{3}[\s-]?\d{4}|800[\s-]?\d{3}[\s-]?\d{4}"
    r"|\(\d{2,4}\)\s?\d{3,4}[\s-]?\d{4}|\d{3}-\d{3}-\d{4})(?![0-9A-Za-z])"
)
_ID = re.compile(
    r"(?<![A-Za-z0-9])(?:[A-Za-z]{1,6}[-_]?\d[\dA-Za-z-]{3,}|\d{6}(?:19|20)\d{2}\d{7}[\dXx]|\d{10,})(?![A-Za-z0-9])"
)
_ARTICLE = re.compile(
    r"第\s*(?P<n>\d+|[零一二两三四五六七八九十百千]+)\s*(?P<u>条|款|项|章|节|编|目)"
)
_QUOTE = re.compile(
    r"「(?P<a>[^」\n]{1,60})」|『(?P<b>[^』\n]{1,60})』|“(?P<c>[^”\n]{1,60})”|《(?P<d>[^》\n]{1,60})》|\"(?P<e>[^\"\n]{1,60})\""
)
# list numbering at a line start and [1] citation markers are structure, not facts
_STRUCTURAL = re.compile(
    r"(?m)^\s*(?:\d{1,3}(?:\.(?!\d)|[、)）])|[（(]\d{1,3}[)）]|[（(][一二三四五六七八九十]+[)）])|\[\d{1,3}\]"
)
_GENERIC_ONE = re.compile(
    r"^一(?:个|种|位|次|些|项|家|条|名|点|起|批|番|场|段|句|份|步|下|口|眼|声|阵|把|身|心|片)$"
)
# scores, ratios and clock times compare as pairs: 3:0, 104比92, 6-3, 100：92, 15:30 (also after a
# label's colon, 截单时间：15:00, but not inside 12:15:00)
_RATIO = re.compile(r"(?<![\d.-])(?<!\d:)(?P<a>\d{1,3})\s*(?:[:]|比|-)\s*(?P<b>\d{1,3})(?![\d.:-])")
# clock times, read as 24-hour ratios so that 2 pm, 下午2点 and 14:00 compare equal
_CLOCK_24 = re.compile(r"(?<![\d.-])(?<!\d:)(?P<h>[01]?\d|2[0-4]):(?P<m>[0-5]\d)(?![\d:]|[.-]\d)")  # 14:00. ends a sentence
_CLOCK_EN = re.compile(r"(?<![\d:.])(?P<h>\d{1,2})(?::(?P<m>\d{2}))?\s?(?P<p>[ap])\.?m\b\.?", re.I)
_CLOCK_ZH = re.compile(
    r"(?P<p>凌晨|早上|早晨|上午|中午|下午|傍晚|晚上|夜里|夜间)?\s?(?P<h>\d{1,2}|[零一二两三四五六七八九十]{1,3})\s?[点點时時]"
    r"(?:\s?(?P<m>\d{1,2})\s?分|(?P<half>半)|(?P<q1>一刻)|(?P<q3>三刻))?"
)
_AFTERNOON = ("下午", "傍晚", "晚上", "夜里", "夜间")
# "a 39-year-old" states an age as "39 years old" does
_AGE_EN = re.compile(r"(?<![\d.])(?P<n>\d{1,3})[- ]years?[- ]old\b", re.I)
_MONEY_DIMS = ("money", "usd", "hkd", "eur")
_DURATION_DIMS = ("time", "month")


def _kind_of_quantity(unit: str, dim: str) -> str:
    if unit in ("%", "‰"):
        return "percent"
    if dim in _MONEY_DIMS:
        return "amount"
    if dim in _DURATION_DIMS:
        return "duration"
    return "number"


def extract_atoms(text: str) -> list[Atom]:
    """All atoms of `text`, left to right; overlapping readings keep the more specific one."""
    norm = normalize(text)
    taken: list[tuple[int, int]] = [(m.start(), m.end()) for m in _STRUCTURAL.finditer(norm)]
    structural = list(taken)
    atoms: list[Atom] = []

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in taken)

    def add(atom: Atom) -> None:
        taken.append((atom.start, atom.end))
        atoms.append(atom)

    for m in _URL.finditer(norm):
        value = m.group(0).rstrip(".,;:!?/").lower()
        if (
            "." in value
            and free(m.start(), m.end())
            and not _EMAIL.match(norm, max(0, m.start() - 40))
        ):
            add(
                Atom(
                    text[m.start() : m.start() + len(value)],
                    "url",
                    _url_key(value),
                    m.start(),
                    m.start() + len(value),
                )
            )
    for m in _EMAIL.finditer(norm):
        if free(m.start(), m.end()) or any(
            a.kind == "url" and m.start() <= a.start < m.end() for a in atoms
        ):
            atoms[:] = [
                a for a in atoms if not (a.kind == "url" and m.start() <= a.start < m.end())
            ]
            taken[:] = [t for t in taken if not (m.start() <= t[0] < m.end())]
            add(Atom(text[m.start() : m.end()], "email", m.group(0).lower(), m.start(), m.end()))
    for m in _PHONE.finditer(norm):
        if free(m.start(), m.end()):
            digits = re.sub(r"\D", "", m.group(0))
            if len(digits) == 13 and digits.startswith("86"):
                digits = digits[2:]
            add(Atom(text[m.start() : m.end()], "phone", digits, m.start(), m.end()))
    for m in _ID.finditer(norm):
        if free(m.start(), m.end()) and re.search(r"\d", m.group(0)):
            add(Atom(text[m.start() : m.end()], "id", m.group(0).upper(), m.start(), m.end()))
    for m in _ARTICLE.finditer(norm):
        n = m.group("n")
        value = parse_cn_integer(n)
        if value is not None and free(m.start(), m.end()):
            add(
                Atom(
                    text[m.start() : m.end()],
                    "article",
                    value,
                    m.start(),
                    m.end(),
                    unit=m.group("u"),
                )
            )
    for clock in _clock_times(norm):
        if free(clock.start, clock.end):
            add(replace(clock, text=text[clock.start : clock.end]))
    for m in _AGE_EN.finditer(norm):
        if free(m.start(), m.end()):
            meta = {"step": Decimal(1), "approx": False, "dimension": "month", "more": False, "age": True}
            add(Atom(text[m.start() : m.end()], "duration", Decimal(m.group("n")), m.start(), m.end(),
                     unit="年", meta=meta))
    for m in _RATIO.finditer(norm):
        if free(m.start(), m.end()):
            value = f"{int(m.group('a'))}:{int(m.group('b'))}"
            add(Atom(text[m.start() : m.end()], "number", value, m.start(), m.end(), unit="ratio"))
    for d in find_dates(text):
        if d.relative_days is None and free(d.start, d.end):
            add(Atom(d.raw, "date", d.iso, d.start, d.end))
    for q in find_quantities(text):
        if not free(q.start, q.end):
            continue
        raw = q.raw.strip()
        if _GENERIC_ONE.match(raw):
            continue  # 一个 / 一种: counting words, not facts worth checking
        meta = {
            "step": q.step,
            "approx": q.approx,
            "dimension": q.dimension,
            "more": norm[q.end : q.end + 1] in ("余", "多")
            or norm[max(0, q.start - 2) : q.start] in ("超过", "逾"),
        }
        unit = q.unit
        if q.start > 0 and norm[q.start - 1] == "第":
            unit, meta["counter"], meta["dimension"] = "ordinal", q.unit, "ordinal"
            raw = text[q.start - 1 : q.end]
            add(Atom(raw, "number", q.value, q.start - 1, q.end, unit=unit, meta=meta))
            continue
        add(
            Atom(
                raw,
                _kind_of_quantity(unit, q.dimension),
                q.value,
                q.start,
                q.start + len(q.raw.rstrip()),
                unit=unit,
                meta=meta,
            )
        )
    for m in _QUOTE.finditer(norm):
        inner = next(g for g in m.groups() if g is not None)
        if inner.strip() and not any(s <= m.start() < e for s, e in structural):
            add_name = Atom(text[m.start() : m.end()], "name", name_key(inner), m.start(), m.end())
            atoms.append(add_name)  # names may contain numbers; both are checked
    atoms.sort(key=lambda a: (a.start, -a.end))
    return atoms


def _clock_times(norm: str) -> list[Atom]:
    """2 pm, 2:30 p.m., 下午2点, 下午两点半, 14点, 8时30分 as "14:0"-style ratio atoms. A bare
    Chinese 两点 (two points) is not a time: a period word, minutes or a 13-24 hour must say so."""
    out = []
    for m in _CLOCK_EN.finditer(norm):
        h, minute = int(m.group("h")), int(m.group("m") or 0)
        if 1 <= h <= 12 and minute < 60:
            h = h % 12 + (12 if m.group("p").lower() == "p" else 0)
            out.append(_clock(m, h, minute))
    for m in _CLOCK_24.finditer(norm):
        h = int(m.group("h")) % 24
        afternoon = norm[max(0, m.start() - 3) : m.start()].strip()[-2:] in _AFTERNOON
        out.append(_clock(m, h + 12 if afternoon and h < 12 else h, int(m.group("m"))))
    for m in _CLOCK_ZH.finditer(norm):
        h = parse_cn_integer(m.group("h"))
        minute = int(m.group("m") or 0) + 30 * bool(m.group("half")) + 15 * bool(m.group("q1")) \
            + 45 * bool(m.group("q3"))
        period = m.group("p")
        explicit = period or m.group("m") or m.group("half") or m.group("q1") or m.group("q3")
        if h is None or h > 24 or minute >= 60 or not (explicit or (m.group("h").isdigit() and h >= 13)):
            continue
        if (period in _AFTERNOON and h < 12) or (period == "中午" and h < 6):
            h += 12
        elif period == "凌晨" and h == 12:
            h = 0
        out.append(_clock(m, h % 24, minute))
    return out


def _clock(m: re.Match[str], hour: int, minute: int) -> Atom:
    return Atom(m.group(0), "number", f"{hour}:{minute}", m.start(), m.end(), unit="ratio",
                meta={"clock": True})


def _url_key(url: str) -> str:
    url = re.sub(r"^https?://", "", url.lower())
    url = re.sub(r"^www\.", "", url)
    return url.rstrip("/")


_PUNCT = re.compile(r"[\s\W_]+", re.UNICODE)


def name_key(text: str) -> str:
    """Folded comparison form: simplified script, lower case, no spaces, punctuation or accents
    (a source may spell Café with a combining accent, an answer with é)."""
    bare = "".join(ch for ch in unicodedata.normalize("NFKD", text) if not unicodedata.combining(ch))
    return _PUNCT.sub("", to_simplified(normalize(bare)).lower())


def numeric_value(atom: Atom) -> Decimal | None:
    """The atom's number as a Decimal when it has one."""
    v = atom.value
    if isinstance(v, Decimal):
        return v
    try:
        return Decimal(v.numerator) / Decimal(v.denominator)  # Fraction
    except AttributeError:
        return None
