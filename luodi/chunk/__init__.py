"""Chunking by structure: 编/章/节 and Markdown headings set the section path; each 第X条
(article), numbered rule or paragraph group becomes a chunk of bounded size."""

from __future__ import annotations

import re
from dataclasses import dataclass

from luodi.fold import has_cjk
from luodi.types import Chunk

_CN_NUM = "零〇一二三四五六七八九十百千两兩0-9０-９"
# Levels: lower number = outer. Articles are units, not headings.
_HEADING_PATTERNS: list[tuple[int, re.Pattern[str]]] = [
    (1, re.compile(rf"^第[{_CN_NUM}]+[编編](?:\s|$)")),
    (2, re.compile(rf"^第[{_CN_NUM}]+章(?:\s|$)")),
    (3, re.compile(rf"^第[{_CN_NUM}]+[节節](?:\s|$)")),
    (2, re.compile(r"^(?:Chapter|CHAPTER|Part|PART)\s+[0-9IVXLC]+\b")),
]
_ARTICLE = re.compile(rf"^\**\s*(第[{_CN_NUM}]+[条條](?:之[{_CN_NUM}]+)?)")
_EN_RULE = re.compile(r"^\**\s*((?:Section|Article|Rule|Clause)\s+\d+(?:\.\d+)*)", re.I)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
_SENTENCE_END = re.compile(r"(?<=[。！？；!?;])|(?<=\.)\s")

# A clause that opens a list ("有下列情形之一的：", "Not accepted:") and an enumerated item
# ("（一）", "二、", "1、", "3. ", "- "); "3.5" is a number, not an item.
OPENS_LIST = re.compile(r"[：:]\s*$")
# an article's label opening its text, with the colon or space after it ("第四条：", "第十二条 ");
# ARTICLE_START finds where an article a text states begins (its label opening a line)
_LABEL = r"\s*第\s*[零〇○一二三四五六七八九十百千两\d]+\s*[条條](?:\s*之\s*[一二三四五六七八九十\d]+)?"
ARTICLE_LABEL = re.compile(rf"{_LABEL}\s*[:：]?\s*")
ARTICLE_START = re.compile(rf"^{_LABEL}(?=[\s:：])", re.M)
# an item (项) of a law's list, opening its line: (一)开办快递末端网点未备案；
NUMBERED_ITEM = re.compile(r"^\s*[(（]\s*(?P<n>[一二三四五六七八九十]+|\d+)\s*[)）]", re.M)
# A line that stops before its sentence closes (hard-wrapped text, Markdown soft breaks).
_CLOSERS = "”」』’\"')）"
_OPEN_END = re.compile(rf"[^。；：！？.;:!?\s{_CLOSERS}][{_CLOSERS}]*$")
LIST_ITEM = re.compile(
    r"^\s*(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}(?:[.)]\s|、)"
    r"|[-*•·]\s)")


@dataclass
class _Line:
    text: str
    start: int
    end: int


def _lines(text: str) -> list[_Line]:
    out, pos = [], 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        out.append(_Line(body, pos, pos + len(body)))
        pos += len(raw)
    return out


def _heading(line: str) -> tuple[int, str] | None:
    """(level, title) when the line is a heading; Markdown levels sit below 编/章/节."""
    md = _MD_HEADING.match(line)
    stripped = md.group(2).strip() if md else line.strip().strip("*").strip()
    if _ARTICLE.match(stripped) or _EN_RULE.match(stripped) and not md:
        return None
    for level, pattern in _HEADING_PATTERNS:
        if pattern.match(stripped):
            return level, stripped
    if md:
        return (0 if len(md.group(1)) == 1 else 3 + len(md.group(1))), stripped
    return None


def _split_long(text: str, start: int, max_chars: int) -> list[tuple[str, int, int]]:
    """Split at sentence ends so no piece exceeds max_chars (a single long sentence is cut)."""
    pieces: list[tuple[str, int, int]] = []
    cur_start = 0
    cuts = [m.start() for m in _SENTENCE_END.finditer(text)] + [len(text)]
    last_cut = 0
    for cut in cuts:
        if cut - cur_start > max_chars and last_cut > cur_start:
            pieces.append((text[cur_start:last_cut], start + cur_start, start + last_cut))
            cur_start = last_cut
        while cut - cur_start > max_chars:
            pieces.append((text[cur_start : cur_start + max_chars], start + cur_start,
                           start + cur_start + max_chars))
            cur_start += max_chars
        last_cut = cut
    if cur_start < len(text):
        pieces.append((text[cur_start:], start + cur_start, start + len(text)))
    out = []
    for piece, s, _e in pieces:
        body = piece.strip()
        if body:
            lead = len(piece) - len(piece.lstrip())
            out.append((body, s + lead, s + lead + len(body)))
    return out


def is_rule(section: str) -> bool:
    """Whether a section path ends in a numbered rule (第X条, Article 3, Section 6): the unit a
    rulebook is made of, as opposed to a paragraph of prose."""
    last = section.rsplit(" > ", 1)[-1].strip()
    return bool(_ARTICLE.match(last) or _EN_RULE.match(last))


def chunk_text(text: str, format: str = "md", max_chars: int = 600) -> list[Chunk]:
    """Split cleaned text into chunks that each know their section path and offsets."""
    if max_chars < 50:
        raise ValueError("max_chars must be at least 50")
    path: dict[int, str] = {}
    units: list[tuple[str, int, int, int]] = []  # section, start, end, size limit
    unit: list[object] = []  # [section, start, end, is_rule, size limit]

    def close() -> None:
        if unit:
            units.append((unit[0], unit[1], unit[2], unit[4]))  # type: ignore[arg-type]
            unit.clear()

    def section(extra: str | None = None) -> str:
        parts = [path[k] for k in sorted(path)]
        return " > ".join(parts + ([extra] if extra else []))

    listing = False  # the unit's last line opens a list or is one of its items
    lines = _lines(text)
    for i, line in enumerate(lines):
        stripped = line.text.strip()
        if not stripped:
            if unit and not unit[3] and line.start - unit[1] >= max_chars // 2:  # type: ignore[operator]
                close()  # paragraph groups end at a blank line once they are big enough
            continue
        head = _heading(stripped)
        if head:
            close()
            level, title = head
            for k in [k for k in path if k >= level]:
                del path[k]
            path[level] = title
            continue
        rule = _ARTICLE.match(stripped) or _EN_RULE.match(stripped)
        if rule:
            close()
            unit.extend([section(rule.group(1)), line.start, line.end, True, max_chars])
            continue
        size = line.start - unit[1] + len(stripped) if unit else 0  # type: ignore[operator]
        if unit and size > max_chars and not unit[3]:
            # a list that ends within a quarter over the size stays whole: cut off, its "7. …"
            # would open the next paragraph's chunk, a fragment quoted out of its list
            span = _list_end(lines, i) - unit[1] if LIST_ITEM.match(stripped) and listing else None  # type: ignore[operator]
            if span is not None and span <= max_chars * 5 // 4:
                unit[4] = span
            else:
                close()
        listing = bool(LIST_ITEM.match(stripped) or OPENS_LIST.search(stripped))
        if unit:
            unit[2] = line.end
        else:
            unit.extend([section(), line.start, line.end, False, max_chars])
    close()
    chunks: list[Chunk] = []
    for sec, start, end, limit in units:
        for piece, s, e in _split_long(text[start:end], start, limit):
            chunks.append(Chunk(text=piece, section=sec, start=s, end=e, ordinal=len(chunks)))
    return chunks


def _list_end(lines: list[_Line], i: int) -> int:
    """Where the list whose item is lines[i] ends: its last item of the lines that follow."""
    end = lines[i].end
    for line in lines[i + 1 :]:
        if not LIST_ITEM.match(line.text):
            break
        end = line.end
    return end


def paragraphs(article: str) -> list[list[str]]:
    """The article's paragraphs (款), each as [its text, its items (项)...]: a line that opens
    with (一) belongs to the paragraph before it, a line after one that stops mid-sentence
    (`_open_end`) to that one. The first keeps the article's label.

    A wrap that falls right after a 。 or ； cannot be told from a paragraph's end: a test for
    lines that fill the width (as luodi.read.pdf does) merged more short paragraphs than it
    mended wraps (hard-wrapped laws, bench/citations.py: paragraphs right 0.988 → 0.858)."""
    out: list[list[str]] = []
    for line in article.splitlines():
        line = line.strip()
        if not line:
            continue
        if out and _open_end(out[-1][-1]) and not NUMBERED_ITEM.match(line):
            out[-1][-1] += line
        elif NUMBERED_ITEM.match(line) and out:
            out[-1].append(line)
        else:
            out.append([line])
    return out


def _open_end(line: str) -> bool:
    """A Chinese line that stops mid-sentence (a paragraph ends with 。, ： before its items or
    ；); an article's label on a line of its own is no sentence."""
    return bool(_OPEN_END.search(line)) and has_cjk(line) and not ARTICLE_LABEL.fullmatch(line)
