"""Where the block extractor (luodi.clean.html) and trafilatura agree on a page's main text, and
how the kept blocks are written out as lines."""

from __future__ import annotations

import re
from collections import Counter

from luodi.clean.html import _CJK, HEADINGS, Block

_NORM = re.compile(r"[\W_]+")
MIN_CJK_UNITS = 100  # characters and words: below this, a Chinese page's kept blocks are no article


def _norm(text: str) -> str:
    return _NORM.sub("", text).lower()


def _units(text: str) -> list[str]:
    """CJK characters and words: the unit in which extractors' outputs are compared."""
    return re.findall(
        r"[\u3400-\u9fff\uf900-\ufaff]|[^\W\u3400-\u9fff\uf900-\ufaff_]+", text.lower()
    )


def _prose(block: Block) -> bool:
    cjk = len(_CJK.findall(block.text))
    long_enough = cjk >= 60 if cjk > len(block.text) / 3 else len(block.text) >= 150
    return long_enough and block.link_density < 0.2 and bool(re.search(r"[.!?。！？…]", block.text))


def lines(blocks: list[Block]) -> str:
    """One block per line, except that the cells of one table row share a line ("跨省件 | 2月15日
    | 15:00 | 暂停收寄"): a cell alone ("15:00") answers nothing once the table is gone."""
    out: list[str] = []
    row = None
    for b in blocks:
        parent = b.owner.getparent() if b.tag in ("td", "th") else None
        if parent is not None and parent is row:
            out[-1] += " | " + b.text
        else:
            out.append(b.text)
        row = parent
    return "\n".join(out)


def merge(mine: list[Block], other: str) -> tuple[str, list[str]]:
    """Combine the block extractor's blocks with trafilatura's text (see `extract`)."""
    mine_text = lines(mine)
    if not other.strip():
        return mine_text, []
    if not mine:
        return other, []
    m_units, o_units = _units(mine_text), _units(other)
    if not m_units:
        return other, []
    m_count, o_count = Counter(m_units), Counter(o_units)
    overlap = sum((m_count & o_count).values())
    cjk = len(_CJK.findall(mine_text)) > 0.3 * len(m_units)
    if overlap >= 0.85 * len(m_units) and not cjk and len(m_units) < 0.6 * len(o_units):
        # The block extractor took one part of a Western article that trafilatura has whole.
        return other, []
    other_norm = _norm(other)
    covered = []
    for b in mine:
        norm = _norm(b.text)
        ok = norm in other_norm if norm else True
        if not ok:
            units = Counter(_units(b.text))
            ok = sum((units & o_count).values()) >= 0.8 * max(1, sum(units.values()))
        covered.append(ok)
    hits = [i for i, ok in enumerate(covered) if ok]
    lo, hi = (hits[0], hits[-1]) if hits else (0, len(mine) - 1)
    kept, dropped = [], 0
    for i, b in enumerate(mine):
        # Prose that only the block extractor found is kept inside the article's span
        # (trafilatura sometimes stops early); outside it, on Western pages, it is usually teasers.
        inside = cjk or lo <= i <= hi
        caption = b.tag in ("figcaption", "caption") and lo <= i <= hi
        title = b.tag in HEADINGS and i == 0 and lo == 1  # the article's own short heading (停运公告)
        if (
            covered[i]
            or caption
            or title
            or (_prose(b) and inside and b.tag not in ("li", "figcaption", "dd"))
        ):
            kept.append(b)
        else:
            dropped += 1
    kept_text = lines(kept)
    kept_units = len(_units(kept_text))
    # On a Chinese page trafilatura's longer text is often the layout around the article; but
    # where the blocks kept hold almost nothing, the page's content is what they set aside as
    # links (a novel's index of chapters: WebMainBench, bench/clean.py --set webmainbench).
    next_to_nothing = kept_units < MIN_CJK_UNITS and kept_units * 10 < len(o_units)
    if kept_units < 0.5 * len(o_units) and (not cjk or next_to_nothing):
        return other, []
    return kept_text, [f"{dropped} blocks outside the main text"] if dropped else []
