"""Word's automatic numbering, written out: the label Word shows in front of a numbered paragraph
("第三条", "（二）", "1.", "A."), counted through the document as Word counts it."""

from __future__ import annotations

from typing import Any

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_DIGITS = "零一二三四五六七八九"
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_CHINESE = ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified", "ideographDigital",
            "taiwaneseCounting", "taiwaneseCountingThousand", "japaneseCounting")


class Numbering:
    """Counters per list (numId) and level; `label(p)` advances them for a numbered paragraph."""

    def __init__(self, document: Any):
        self._styles = document.styles.element
        self._levels: dict[str, dict[int, Any]] = {}  # numId -> ilvl -> w:lvl
        self._starts: dict[str, dict[int, int]] = {}  # numId -> ilvl -> start override
        self._counts: dict[str, list[int]] = {}  # per definition (abstractNum)
        self._list: dict[str, str] = {}  # numId -> its definition
        self._restarted: set[str] = set()  # lists whose start override has been applied
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # no numbering part: nothing is numbered
            return
        abstract = {a.get(W + "abstractNumId"): a for a in root.iter(W + "abstractNum")}
        nums = {n.get(W + "numId"): n.find(W + "abstractNumId") for n in root.iter(W + "num")}
        refs = {k: v.get(W + "val") for k, v in nums.items() if v is not None}
        for num in root.iter(W + "num"):
            num_id = num.get(W + "numId")
            ref = self._defined(refs.get(num_id), abstract, refs)
            if ref is None:
                continue
            self._list[num_id] = ref  # Word counts a definition's items across the lists using it
            self._levels[num_id] = {int(lvl.get(W + "ilvl", "0")): lvl for lvl in abstract[ref].iter(W + "lvl")}
            self._starts[num_id] = {int(o.get(W + "ilvl", "0")): int(s.get(W + "val", "1"))
                                    for o in num.iter(W + "lvlOverride")
                                    if (s := o.find(W + "startOverride")) is not None}

    def _defined(self, ref: str | None, abstract: dict[str, Any], refs: dict[str, str]) -> str | None:
        """The definition that holds the levels: one linked to a list style (w:numStyleLink, as
        Word's article lists are) is the one the style's own list uses."""
        for _ in range(3):
            levels = abstract.get(ref or "")
            link = levels.find(W + "numStyleLink") if levels is not None else None
            if link is None:
                return ref if levels is not None else None
            name = link.get(W + "val")
            style = self._styles.get_by_id(name)
            num_pr = style.find(f"{W}pPr/{W}numPr/{W}numId") if style is not None else None
            ref = refs.get(num_pr.get(W + "val")) if num_pr is not None else next(
                (k for k, a in abstract.items() if (own := a.find(W + "styleLink")) is not None
                 and own.get(W + "val") == name), None)  # the definition that names the style its own
        return None

    def label(self, p: Any) -> str:
        """The paragraph's number as Word shows it, with the space after it; "" when none."""
        num_id, ilvl = self._num_pr(p)
        levels = self._levels.get(num_id or "")
        if not levels or ilvl not in levels:
            return ""
        counts = self._counts.setdefault(self._list[num_id], [0] * 10)
        if num_id not in self._restarted and self._starts.get(num_id):  # a list that restarts the count
            self._restarted.add(num_id)
            for level, start in self._starts[num_id].items():
                counts[level] = start - 1
        for i in range(ilvl + 1, 10):  # a new item resets the levels below it
            counts[i] = 0
        counts[ilvl] = (counts[ilvl] or self._start(num_id, ilvl) - 1) + 1
        text = _val(levels[ilvl], "lvlText", "")
        for k in range(9, 0, -1):  # %10 does not exist; %1 … %9 name levels 0 … 8
            if f"%{k}" in text:
                lvl = levels.get(k - 1)
                count = counts[k - 1] or (self._start(num_id, k - 1) if lvl is not None else 1)
                text = text.replace(f"%{k}", _format(count, _val(lvl, "numFmt", "decimal")))
        if _val(levels[ilvl], "numFmt", "decimal") in ("bullet", "none") or not text.strip():
            return ""
        return text if _val(levels[ilvl], "suff", "tab") == "nothing" or text.endswith("、") else text + " "

    def _start(self, num_id: str, ilvl: int) -> int:
        override = self._starts.get(num_id, {}).get(ilvl)
        return override if override is not None else int(_val(self._levels[num_id].get(ilvl), "start", "1"))

    def _num_pr(self, p: Any) -> tuple[str | None, int]:
        """The paragraph's list and level: its own numbering, else its style's."""
        num_pr = p.find(f"{W}pPr/{W}numPr")
        if num_pr is None:
            style = p.find(f"{W}pPr/{W}pStyle")
            element = self._styles.get_by_id(style.get(W + "val")) if style is not None else None
            num_pr = element.find(f"{W}pPr/{W}numPr") if element is not None else None
        if num_pr is None:
            return None, 0
        num_id, ilvl = num_pr.find(W + "numId"), num_pr.find(W + "ilvl")
        return (num_id.get(W + "val") if num_id is not None else None,
                int(ilvl.get(W + "val", "0")) if ilvl is not None else 0)


def _val(lvl: Any, child: str, default: str) -> str:
    el = lvl.find(W + child) if lvl is not None else None
    return el.get(W + "val", default) if el is not None else default


def _format(n: int, fmt: str) -> str:
    if fmt in _CHINESE:
        return chinese(n)
    if fmt == "ideographTraditional" and 1 <= n <= 10:
        return _STEMS[n - 1]
    if fmt in ("upperLetter", "lowerLetter") and n >= 1:
        letter = chr(ord("A") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter if fmt == "upperLetter" else letter.lower()
    if fmt in ("upperRoman", "lowerRoman") and 1 <= n < 4000:
        return roman(n) if fmt == "upperRoman" else roman(n).lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    if fmt == "decimalEnclosedCircle" and 1 <= n <= 20:
        return chr(0x2460 + n - 1)
    return str(n)


def chinese(n: int) -> str:
    """1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五, 1010 → 一千零一十 (as numbered articles read)."""
    if n <= 0 or n >= 100000:
        return str(n)
    out, zero = "", False
    for value, unit in ((10000, "万"), (1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero and out else "") + _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    return out[1:] if out.startswith("一十") else out


def roman(n: int) -> str:
    out = ""
    for value, sym in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                       (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += sym * count
    return out
