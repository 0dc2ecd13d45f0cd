"""Questions that cite a numbered clause by its decimal label: "What does section 4.4 of the
international guide say?", "4.4条是什么内容".

Guides and policies number their clauses 1.1, 4.4, 7.3 and keep several in one passage; the
article machinery (luodi.answer.cited) reads 第十二条 and "Article 12", not these, and the best
sentence of such a question, which has no words of its own, was another clause's. The clause is
quoted from the passage whose line opens with its label, searched for when the hits lack it.
"""

from __future__ import annotations

import re

from luodi.answer.text import shared_words
from luodi.fold import to_simplified
from luodi.types import Hit

_LABEL = re.compile(
    r"(?:\b(?:section|clause|paragraph|para\.?|rule|item|article|art\.)|§)\s*(\d{1,3}(?:\.\d{1,3})+)(?![.\d]*\d)"
    r"|第\s*(\d{1,3}(?:\.\d{1,3})+)\s*[条款节项]"
    r"|(?<![\d.])(\d{1,3}(?:\.\d{1,3})+)\s*[条款节项](?:规定|说|讲|写|是|的|内容)", re.I)


def clause_label(question: str) -> str | None:
    """The one decimal clause label a question cites (4.4), or None."""
    found = {next(g for g in m.groups() if g) for m in _LABEL.finditer(to_simplified(question))}
    return found.pop() if len(found) == 1 else None


def clause_line(label: str, hits: list[Hit], question: str = "") -> tuple[int, str] | None:
    """(which hit, the line) of a hit with a line that opens with the label (4.4, 第4.4条; not
    4.4.1), of the document whose title shares most words with the question where several have
    one ("section 4.4 of the Qingniao terms"), else the first."""
    opens = re.compile(rf"^\s*(?:§\s*|(?:section|clause|article|art\.)\s+|第\s*)?{re.escape(label)}(?!\.?\d)\.?\s*"
                       rf"[条條款节節]?\s*\S", re.I)
    found = []
    for i, hit in enumerate(hits):
        lines = [line.strip() for line in hit.text.splitlines() if line.strip()]
        if lines and opens.match(hit.section.rsplit(" > ", 1)[-1]):  # a heading "4.4 Duties" over its text
            found.append((i, lines[0]))
        found += [(i, line) for line in lines if opens.match(line)]
    if not found:
        return None
    written = "第" in question  # 第1.1条 asks for a rule written so, not "1.1 元旦" of a holiday list
    return max(found, key=lambda f: (written and f[1].startswith("第"),
                                     shared_words(question, hits[f[0]].section.split(" > ", 1)[0]), -f[0]))
