"""A question answered by one cell of a cited table: "省内件加急多久能到？" over

    计费区域 | 首重（1公斤以内） | 续重（每公斤） | 标准时效 | 加急时效
    省内 | 10 | 3 | 1—2日 | 次日达

is "省内 · 加急时效：次日达". The row is the one whose first cell the question names (of nested
names the longest); the column the one whose header shares the most words with the question
(加急 names 加急时效, not 标准时效), or, for a question asking how long and naming no column, the
table's one time column (参考时效), or of several its standard one (标准时效 beside 加急时效). Where several tables among the hits name the row, the one
whose column the question names by the most words is read; nothing is read when that is not one
table with a clear column, or when such tables disagree: the quoted sentences stay the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luodi.clean import row_cells
from luodi.fold import has_cjk, to_simplified
from luodi.numeric.dates import DateMention, find_dates

_HOW_LONG = re.compile(r"多久|(?<!哪)几天|(?<!哪)几日|多少天|多长时间|多少时间|何时能?到|几个工作日|how long|"
                       r"how many (?:business |working )?days", re.I)  # 哪几天 asks which days
_QUALIFIER = re.compile(r"日期|期间|时段|date|period", re.I)  # a column that limits when a row holds
_NOT_BEFORE = "不非除"  # 不同城市 is not 同城, 非省内 not 省内
_STANDARD = re.compile(r"标准|常规|普通|standard|regular", re.I)
_TIME_COLUMN = re.compile(r"时效|时间|时限|天数|工作日|days|time|transit", re.I)
_NOTE = re.compile(r"[（(][^（）()]*[)）]")  # 首重（1公斤以内）: the column is 首重
_CLOCK = re.compile(r"\d{1,2}[:：]\d{2}")
_RANGE_MARK = re.compile(r"\s*(?:—|–|-|~|～|至|到)\s*")
_ONWARD = re.compile(r"\s*(?:起|以后|之后|后|开始|開始|以後|之後|後|onwards?)")
_ONWARD_COLUMN = re.compile(r"生效|起始|开始|開始|effective|from", re.I)
_BLANK = frozenset(("", "-", "—", "–", "/"))  # an empty cell says nothing to quote
_UNITS = frozenset(("公斤", "千克", "kg"))
_WORD = re.compile(r"[a-z]+|\d+(?:\.\d+)?")


@dataclass(frozen=True)
class Cell:
    source: int  # the hit whose table holds the cell
    row: str  # the row, as written
    text: str  # "省内 · 加急时效：次日达", as written
    value: str  # the cell


def cell_answer(question: str, texts: list[str]) -> Cell | None:
    """The one table cell among `texts` (the hits' texts) that the question asks for, or None."""
    q = _fold(question)
    found = [c for i, text in enumerate(texts) for c in _cells_asked(q, i, text)]
    best = max((score for score, _ in found), default=0)
    top = [cell for score, cell in found if score == best]
    if not top or None in top or len({c.value for c in top if c}) != 1:
        return None  # none, a table naming the row without a clear column, or tables disagreeing
    return top[0]


def _cells_asked(q: str, source: int, text: str) -> list[tuple[int, Cell | None]]:
    """Per table of `text` whose row the question names: how many words of the question name
    the column, and the cell; None when the column is not clear (同城件几天能到 over a table with
    陆运时效 and 航空时效)."""
    out: list[tuple[int, Cell | None]] = []
    for header, rows in _tables(text):
        named = [r for r in rows if _labelled(r) and _names(q, _fold(r[0])) and _holds_on(q, header, r)]
        longest = max((len(r[0]) for r in named), default=0)
        named = [r for r in named if len(r[0]) == longest]
        if not named:
            continue
        score, column = _column(q, header)
        if column is not None and not score and (_CLOCK.fullmatch(cell := named[0][column].strip()) or cell in _BLANK):
            continue  # asked how long, the table's time column holds a clock time (截单时间 15:00) or nothing
        if column is None or len(named) > 1 or named[0][column].strip() in _BLANK:
            out.append((score, None))
            continue
        row, sep = named[0], "：" if has_cjk(header[column] + named[0][0]) else ": "
        # the cell as it holds: 15:00 only on the dates the row's 服务日期 gives
        when = [f"{header[j]}{sep}{row[j]}" for j, h in enumerate(header)
                if j and j != column and _QUALIFIER.search(h) and row[j].strip()]
        text = f"{row[0]} · {header[column]}{sep}{row[column]}" + (f"（{'；'.join(when)}）" if when else "")
        out.append((score, Cell(source, " | ".join(row), text, row[column])))
    return out


def _holds_on(q: str, header: list[str], row: list[str]) -> bool:
    """Whether the row holds on the day the question names, where its qualifier columns give
    days (2026年2月10日 is not a row for 2月15日、2月19日—2月23日); True when either names none."""
    asked = [_day(d) for d in find_dates(q) if d.month and d.day]
    spans = [span for j, h in enumerate(header) if j and _QUALIFIER.search(h)
             for span in _spans(row[j], onward=bool(_ONWARD_COLUMN.search(h)))]
    if not asked or not spans:
        return True
    return any(a <= day <= b if a <= b else day >= a or day <= b for a, b in spans for day in asked)


def _spans(text: str, onward: bool = False) -> list[tuple[int, int]]:
    """The days a cell names, as (first, last) month·100 + day: single days, ranges (2月19日—
    2月23日, 2月19日至23日; 12月30日—1月2日 runs over the new year) and days from which a row holds
    (2月15日起, or any day of an effective-date column: to the year's end)."""
    days = [d for d in find_dates(text) if d.month and d.day]
    out, i = [], 0
    while i < len(days):
        if i + 1 < len(days) and _RANGE_MARK.fullmatch(text[days[i].end : days[i + 1].start]):
            out.append((_day(days[i]), _day(days[i + 1])))
            i += 2
            continue
        from_then = onward or _ONWARD.match(text, days[i].end)
        out.append((_day(days[i]), 1231 if from_then else _day(days[i])))
        i += 1
    return out


def _day(d: DateMention) -> int:
    return d.month * 100 + d.day


def _column(q: str, header: list[str]) -> tuple[int, int | None]:
    """How many words of the question name a column, and that column: the one its header
    shares the most words with, else (asked how long) the one time column; None when two tie
    or none is named."""
    asked = _words(q) - _UNITS  # 3公斤 names no column (超过30公斤部分); 每公斤 alone does not either
    scores = [(len(_words(_fold(_NOTE.sub("", h))) & asked), j) for j, h in enumerate(header) if j]
    best = max((s for s, _ in scores), default=0)
    top = [j for s, j in scores if s == best]
    if best:
        return best, top[0] if len(top) == 1 else None
    timed = [j for j, h in enumerate(header) if j and _TIME_COLUMN.search(_fold(h))]
    standard = [j for j in timed if _STANDARD.search(_fold(header[j]))]
    if len(timed) > 1 and len(standard) == 1:  # 标准时效 beside 加急时效: the service not asked for is not meant
        timed = standard
    return 0, timed[0] if _HOW_LONG.search(q) and len(timed) == 1 else None


def _words(text: str) -> set[str]:
    """Latin words and numbers, and the two-character runs of Chinese (加急时效: 加急, 急时, 时效)."""
    han = re.sub(r"[^\u4e00-\u9fff]+", " ", text).split()
    return set(_WORD.findall(text)) | {run[i : i + 2] for run in han for i in range(len(run) - 1)}


def _tables(text: str) -> list[tuple[list[str], list[list[str]]]]:
    """Each block of " | " lines as (header cells, rows of as many cells)."""
    out: list[tuple[list[str], list[list[str]]]] = []
    header: list[str] | None = None
    for line in text.splitlines():
        cells = row_cells(line)
        if len(cells) < 2:
            header = None
        elif header is None or len(cells) != len(header):
            header = cells
            out.append((header, []))
        else:
            out[-1][1].append(cells)
    return [t for t in out if t[1]]


def _names(q: str, label: str) -> bool:
    """Whether the question names a row label, or one of the names it lists (同城件、省内件 is
    the row of 同城件 and of 省内件): as a word (US is not in "business"), and not negated
    (不同城市, 非省内件)."""
    return any(_says(q, name) for name in _label_names(label))


def _says(q: str, name: str) -> bool:
    if not has_cjk(name):
        return bool(re.search(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", q))
    return any(i == 0 or q[i - 1] not in _NOT_BEFORE for i in _positions(q, name))


_LISTED = re.compile(r"[、，,/／]|(?<=[件类])(?:和|及|与)")


def _label_names(label: str) -> list[str]:
    """A label and the names it lists, each also without a trailing 件 (跨省件 is 跨省)."""
    parts = [p.strip() for p in _LISTED.split(label) if p.strip()]
    return list(dict.fromkeys(n for n in [label] + [m for p in parts for m in (p, p.removesuffix("件"))]
                              if len(n) > 1))


@dataclass(frozen=True)
class NamedRows:
    rows: frozenset[str]  # the rows the question names, as written (" | "-joined)
    names: tuple[str, ...]  # their labels' names (folded)
    others: tuple[str, ...]  # the names of their tables' other rows (folded)

    def without_names(self, question: str) -> str:
        """The question with the rows' names taken out (longest first)."""
        q = _fold(question)
        for name in sorted(self.names, key=len, reverse=True):
            q = q.replace(name, " ")
        return q

    def says_another(self, sentence: str) -> bool:
        """Whether a sentence names another row of the tables and none the question names."""
        s = _fold(sentence)
        return any(_says(s, o) for o in self.others) and not any(_says(s, n) for n in self.names)


def named_rows(question: str, texts: list[str]) -> NamedRows:
    """The rows of the texts' tables whose label the question names, and the names of their
    tables' other rows: the question's row answers it, a sentence that names only a sibling row
    (寄往偏远地区的快件… for 同城件) answers about another."""
    q = _fold(question)
    rows: list[str] = []
    names: list[str] = []
    others: list[str] = []
    for text in texts:
        for _, table in _tables(text):
            named = [r for r in table if _labelled(r) and _names(q, _fold(r[0]))]
            rows += [" | ".join(r) for r in named]
            names += [n for r in named for n in _label_names(_fold(r[0]))]
            others += [n for r in table if named and _labelled(r) and r not in named
                       for n in _label_names(_fold(r[0]))]
    return NamedRows(frozenset(rows), tuple(names), tuple(o for o in others if o not in names))


def _labelled(row: list[str]) -> bool:
    return len(row[0]) > 1 and not row[0].isdigit()


def _positions(q: str, label: str) -> list[int]:
    return [m.start() for m in re.finditer(re.escape(label), q)]


def _fold(text: str) -> str:
    return to_simplified(text).lower()
