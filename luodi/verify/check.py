"""Check each atom of an answer against evidence texts.

An atom is supported when an equal normalised atom occurs in some evidence text: numbers by
value in a compatible unit (1.5万元 = 15000元, 0.5公斤 = 500克; '约1.5万' also accepts 15,234),
dates by their ISO parts, article references by number, URLs, e-mails, phones, IDs and quoted
names by their folded text. `verify_answer` groups the checks by sentence so that a composer can
drop the sentences that carry an unsupported atom.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from fractions import Fraction

from luodi.chunk import ARTICLE_LABEL, ARTICLE_START, NUMBERED_ITEM, paragraphs
from luodi.numeric.numbers import normalize, parse_cn_integer
from luodi.numeric.parse import to_base
from luodi.types import Check
from luodi.verify.atoms import Atom, extract_atoms, name_key

NUMERIC_KINDS = ("number", "amount", "percent", "duration")


@dataclass
class _Evidence:
    atoms: list[Atom]
    folded: str  # name_key of the whole text: for names, URLs, IDs
    lower: str  # normalised, lower-cased text
    digits: str  # digits only: for phones written with other separators
    text: str = ""


def _prepare(text: str) -> _Evidence:
    norm = normalize(text)
    return _Evidence(extract_atoms(text), name_key(text), norm.lower(), re.sub(r"\D", "", norm), text)


# An article runs from the line its label opens to the next label; its paragraphs (款) and items
# (项) are luodi.chunk.paragraphs.


def _structure(a: Atom, text: str) -> str | None:
    """第二款 / 第三项, which an article states by its layout, not in words: supported when an
    article the evidence states (its label opening a line) has that many paragraphs, or that
    item. Table rows, headings and prose outside an article state no 款."""
    starts = [m.start() for m in ARTICLE_START.finditer(text)]
    for begin, end in zip(starts, [*starts[1:], len(text)], strict=False):
        article = text[begin:end]
        paras = paragraphs(article)
        if paras and paras[0] == [paras[0][0]] and ARTICLE_LABEL.fullmatch(paras[0][0]):
            paras = paras[1:]  # the label on a line of its own
        if a.unit == "款" and len(paras) >= a.value:
            return f"paragraph {a.value} of an article of the evidence"
        if a.unit == "项" and any(parse_cn_integer(m.group("n")) == a.value
                                 for m in NUMBERED_ITEM.finditer(article)):
            return f"item {a.value} of an article of the evidence"
    return None


def _frac(v) -> Fraction:
    return v if isinstance(v, Fraction) else Fraction(v)


def _number_match(a: Atom, e: Atom) -> str | None:
    """Why `e` supports the numeric atom `a`, or None."""
    if e.kind not in NUMERIC_KINDS:
        return None
    if isinstance(a.value, str) or isinstance(e.value, str):
        return None
    da, de = a.meta.get("dimension", ""), e.meta.get("dimension", "")
    if a.unit == "ordinal" or e.unit == "ordinal":
        if a.unit != e.unit:
            return None
        va, ve = a.value, e.value
    elif a.unit and e.unit and da == de and not da.startswith("count:"):
        va, ve = to_base(a.value, a.unit)[0], to_base(e.value, e.unit)[0]
    elif not a.unit or _same_counter(a.unit, e.unit) or (a.meta.get("age") and not e.unit):
        # a bare number in the answer may quote any number; a counted one needs the same counter;
        # an age ("21-year-old") is also stated as a bare number ("Smith, 21, said")
        va, ve = a.value, e.value
    else:
        return None
    va, ve = _frac(va), _frac(ve)
    if va == ve:
        return f"= {e.text}"
    if a.meta.get("more") and ve >= va and (ve - va) < _frac(a.meta.get("step") or 1):
        return f"≈ {e.text} (more than {a.text})"
    step = _approx_step(a)
    if (a.meta.get("approx") or (step and step > 1)) and step:
        # 约1.5万 covers 14,500-15,500; a plain 1.5万 only values that round to it strictly
        scale = (
            Fraction(to_base(Decimal(step), a.unit)[0])
            if a.unit and e.unit and da == de
            else Fraction(step)
        )
        gap = abs(va - ve) * 2
        if gap < scale or (a.meta.get("approx") and gap <= scale):
            return f"≈ {e.text} (rounded)"
    return None


def _approx_step(a: Atom):
    """The precision an answer claims: the last written digit's place, or for a hedged round
    count of thousands or more ("nearly 78,000", "约3000人") its last non-zero digit's: 77,984 is
    nearly 78,000. Small numbers and percentages keep their written precision (约30% is not 28%)."""
    step = a.meta.get("step")
    if not (a.meta.get("approx") and step and isinstance(a.value, Decimal)) or a.kind == "percent" \
            or abs(a.value) < 1000 or a.value != a.value.to_integral_value():
        return step
    n, zeros = int(abs(a.value)), 0
    while n and n % 10 == 0:
        n, zeros = n // 10, zeros + 1
    return max(step, Decimal(10) ** zeros)


_COUNTER_GROUPS = [{"人", "名", "位"}, {"个", "只", "件", "项", "家", "所"}]


def _same_counter(u: str, v: str) -> bool:
    return u == v or any(u in g and v in g for g in _COUNTER_GROUPS)


def _ratio_match(a: Atom, e: Atom) -> bool:
    """Scores and ratios (3:0, 104比92) match in either order: a score can be told from both sides."""
    return (
        e.kind == "number"
        and isinstance(e.value, str)
        and e.value in (a.value, ":".join(reversed(a.value.split(":"))))
    )


def _clock_hour_match(a: Atom, ev: _Evidence) -> str | None:
    """下午2点 against evidence that says only 2点: the hour on a 12-hour dial, no minutes."""
    hour, minute = (int(x) for x in a.value.split(":"))
    if minute:
        return None
    for e in ev.atoms:
        if e.unit in ("点", "時", "时") and isinstance(e.value, Decimal) and e.value in (hour, hour - 12):
            return f"= {e.text}"
    return None


def _date_match(a: Atom, e: Atom) -> bool:
    if e.kind != "date":
        return False
    x, y = a.value, e.value
    if x == y:
        return True
    px, py = _date_parts(x), _date_parts(y)
    if any(px[i] is not None and py[i] is not None and px[i] != py[i] for i in range(3)):
        return False
    # month and day the answer states must be stated by the evidence; a missing year in the
    # evidence is allowed (news write 1月30日 under a dated headline), except for a bare year
    if any(px[i] is not None and py[i] is None for i in (1, 2)):
        return False
    return not (px[0] is not None and px[1] is None and py[0] is None)


def _date_parts(iso: str) -> tuple[int | None, int | None, int | None]:
    if iso.startswith("---"):
        return None, None, int(iso[3:])
    if iso.startswith("--"):
        return None, int(iso[2:4]), int(iso[5:7]) if len(iso) > 4 else None
    parts = [int(p) for p in iso.split("-")]
    parts += [None] * (3 - len(parts))
    return parts[0], parts[1], parts[2]


def _supports(a: Atom, ev: _Evidence) -> str | None:
    kind = a.kind
    if kind == "number" and isinstance(a.value, str):
        found = next((f"= {e.text}" for e in ev.atoms if _ratio_match(a, e)), None)
        return found or (_clock_hour_match(a, ev) if a.meta.get("clock") else None)
    if kind in NUMERIC_KINDS:
        for e in ev.atoms:
            why = _number_match(a, e)
            if why:
                return why
        # a year written as a plain number, e.g. 2014 vs 2014年
        if isinstance(a.value, Decimal) and a.value == a.value.to_integral_value() and not a.unit:
            for e in ev.atoms:
                if e.kind == "date" and str(int(a.value)) in (e.value.split("-")[0],):
                    return f"= {e.text}"
        return None
    if kind == "date":
        for e in ev.atoms:
            if _date_match(a, e):
                return f"= {e.text}"
        return None
    if kind == "article":
        for e in ev.atoms:
            if e.kind == "article" and e.value == a.value and e.unit == a.unit:
                return f"= {e.text}"
        return _structure(a, ev.text) if a.unit in ("款", "项") else None
    if kind == "url":
        return "found" if a.value in ev.lower else None
    if kind == "email":
        return "found" if a.value in ev.lower else None
    if kind == "phone":
        if any(e.kind == "phone" and e.value == a.value for e in ev.atoms):
            return "found"
        return "found" if re.search(rf"(?<!\d){a.value}(?!\d)", ev.digits) else None
    if kind == "id":
        return "found" if a.value.lower() in ev.lower else None
    if kind == "name":
        return "found" if a.value and a.value in ev.folded else None
    return None


def check_atoms(answer: str, evidence: list[str], atoms: list[Atom] | None = None) -> list[Check]:
    """One Check per atom of `answer`; citation is the index of the first supporting evidence."""
    prepared = [_prepare(t) for t in evidence]
    return [
        _check_one(a, prepared) for a in (atoms if atoms is not None else extract_atoms(answer))
    ]


def _check_one(a: Atom, prepared: list[_Evidence]) -> Check:
    for i, ev in enumerate(prepared):
        why = _supports(a, ev)
        if why:
            return Check(
                atom=a.text, kind=a.kind, supported=True, citation=i, detail=f"{why} in [{i}]"
            )
    return Check(
        atom=a.text, kind=a.kind, supported=False, citation=None, detail="not found in the evidence"
    )


@dataclass
class SentenceReport:
    text: str
    start: int
    end: int
    checks: list[Check] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return all(c.supported for c in self.checks)


@dataclass
class VerifyReport:
    """Checks of a whole answer, also grouped by sentence."""

    answer: str
    checks: list[Check]
    sentences: list[SentenceReport]
    atoms: list[Atom] = field(default_factory=list)

    @property
    def supported(self) -> bool:
        return all(c.supported for c in self.checks)

    @property
    def unsupported(self) -> list[Check]:
        return [c for c in self.checks if not c.supported]

    def kept_text(self) -> str:
        """The answer without the sentences that carry an unsupported atom."""
        return "".join(s.text for s in self.sentences if s.supported).strip()

    def to_dict(self) -> dict:
        return {
            "answer": self.answer,
            "supported": self.supported,
            "checks": [c.to_dict() for c in self.checks],
            "sentences": [
                {
                    "text": s.text,
                    "supported": s.supported,
                    "checks": [c.to_dict() for c in s.checks],
                }
                for s in self.sentences
            ],
        }


_SENT_END = re.compile(r"[。！？!?；;\n]+[”」』\"']?|(?<![0-9A-Z])\.(?=\s+[A-Z\"“])|\.$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Sentence spans; Chinese and English end marks; decimals (9.8) never split."""
    spans, start = [], 0
    for m in _SENT_END.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    if start < len(text):
        spans.append((start, len(text)))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def verify_answer(answer: str, evidence: list[str]) -> VerifyReport:
    """Check every atom of `answer` against `evidence` and report per sentence."""
    atoms = extract_atoms(answer)
    checks = check_atoms(answer, evidence, atoms)
    sentences = [SentenceReport(answer[a:b], a, b) for a, b in split_sentences(answer)]
    for atom, check in zip(atoms, checks, strict=True):
        for s in sentences:
            if s.start <= atom.start < s.end:
                s.checks.append(check)
                break
    return VerifyReport(answer, checks, sentences, atoms)
