"""Main-content extraction from HTML.

The page is cut into text blocks (paragraph-level runs of text). Each block gets a weight:
its plain-text length, minus a penalty for link text (menus, link farms) and a small
constant (so that piles of tiny items such as menus and tag clouds do not add up). The
article is the element whose subtree has the largest total weight: a maximum-weight
subtree, which takes the paragraphs and leaves the navigation around them. Its blocks,
minus those that are mostly links, are the main text. trafilatura is consulted as a second
opinion and kept when it agrees with the block extractor but is cleaner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from lxml import etree, html

BLOCK_TAGS = frozenset(
    "address article aside blockquote body br center dd details dialog dir div dl dt fieldset "
    "figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section "
    "summary table tbody td tfoot th thead tr ul caption html".split()
)
DROP_TAGS = (
    "script",
    "style",
    "noscript",
    "template",
    "iframe",
    "object",
    "embed",
    "svg",
    "canvas",
    "select",
    "option",
    "button",
    "textarea",
    "input",
    "head",
    "map",
    "audio",
    "video",
)
HEADINGS = frozenset("h1 h2 h3 h4 h5 h6".split())
# Class/id words that mark page furniture; blocks under them weigh less.
_FURNITURE = re.compile(
    r"(^|[-_\s])(nav|navbar|menu|footer|foot|sidebar|side|aside|comment|comments|share|social|"
    r"related|recommend|breadcrumb|crumb|banner|ad|ads|advert|promo|sponsor|widget|copyright|"
    r"toolbar|subscribe|newsletter|popup|modal|cookie|tags|pagination|pager|login|signup)"
    r"([-_\s]|$)",
    re.IGNORECASE,
)
_CONTENT = re.compile(r"article|content|entry|main|post|story|body|text|blog", re.IGNORECASE)
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\n\f\v\u00a0\u2000-\u200b\u3000]+")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff\uac00-\ud7af]")

LINK_PENALTY = 2.0
BLOCK_COST = 8.0


@dataclass
class Block:
    text: str
    link_chars: int
    owner: etree._Element
    tag: str  # tag of the owning block element, e.g. p, h2, li, td

    @property
    def link_density(self) -> float:
        return self.link_chars / max(1, len(self.text))


def _weight_len(text: str) -> float:
    """Text length in a unit that treats a CJK character like a short word."""
    cjk = len(_CJK.findall(text))
    other = len(text) - cjk
    return cjk * 2.0 + other * 0.5 if cjk else len(text) * 1.0


def parse(markup: str) -> etree._Element | None:
    """Parse HTML text (encoding declarations removed: lxml refuses them on str input)."""
    markup = re.sub(r"^\s*<\?xml[^>]*\?>", "", markup)
    if not markup.strip():
        return None
    try:
        return html.document_fromstring(markup)
    except (etree.ParserError, ValueError):
        return None


def _prune(root: etree._Element) -> None:
    for el in root.xpath("//comment() | //processing-instruction()"):
        _drop(el)
    for el in list(root.iter(*DROP_TAGS)):
        _drop(el)
    for el in list(root.iter()):
        if not isinstance(el.tag, str):
            continue
        style = el.get("style")
        if (
            (style and _HIDDEN.search(style))
            or el.get("hidden") is not None
            or el.get("aria-hidden") == "true"
        ):
            _drop(el)


def _drop(el: etree._Element) -> None:
    """Remove an element but keep its tail text in place."""
    parent = el.getparent()
    if parent is None:
        return
    tail = el.tail
    prev = el.getprevious()
    parent.remove(el)
    if tail:
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail


def blocks(root: etree._Element) -> list[Block]:
    """Cut the tree into paragraph-level text blocks, in document order."""
    out: list[Block] = []
    buf: list[str] = []
    link_buf = [0]
    owners: list[etree._Element] = [root]
    in_link = [0]

    def add(text: str | None) -> None:
        if text:
            buf.append(text)
            if in_link[0]:
                link_buf[0] += len(_WS.sub("", text))

    def flush() -> None:
        text = _WS.sub(" ", "".join(buf)).strip()
        if text:
            owner = owners[-1]
            out.append(Block(text, min(link_buf[0], len(text)), owner, owner.tag))
        buf.clear()
        link_buf[0] = 0

    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if tag in BLOCK_TAGS:
                flush()
                owners.append(el)
            if tag == "a":
                in_link[0] += 1
            add(el.text)
        else:
            if tag in BLOCK_TAGS:
                flush()
                owners.pop()
            if tag == "a":
                in_link[0] -= 1
            add(el.tail)
    flush()
    return out


_BOILERPLATE = re.compile(
    r"版权所有|著作权|免责声明|不得转载|ICP[备证]|all rights reserved|copyright\s*(©|\(c\)|\d{4})"
    r"|terms of (use|service)|privacy policy|隐私政策|联系我们",
    re.IGNORECASE,
)
_DATE = re.compile(r"(19|20)\d\d[-/.年]\s*\d{1,2}[-/.月]\s*\d{1,2}")


_COMMENTS = re.compile(r"(^|[-_\s])(comments?|replies|reply|feedback)([-_\s]|$)", re.IGNORECASE)


def _comments(el: etree._Element) -> bool:
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    return el.tag not in ("html", "body") and bool(attrs.strip()) and bool(_COMMENTS.search(attrs))


def _marked(el: etree._Element) -> bool:
    tag = el.tag if isinstance(el.tag, str) else ""
    if tag in ("nav", "footer", "aside"):
        return True
    attrs = f"{el.get('class') or ''} {el.get('id') or ''}"
    return bool(_FURNITURE.search(attrs)) and not _CONTENT.search(attrs)


def block_weight(block: Block) -> float:
    """Plain text counts for, link text and every extra block count against."""
    length = _weight_len(block.text)
    link = length * block.link_density
    plain = length - link
    if _BOILERPLATE.search(block.text) and len(block.text) < 600:
        return -length
    # Data-table cells are short by nature; they should not count against the table.
    cost = 0.0 if block.tag in ("td", "th") else BLOCK_COST
    return plain - LINK_PENALTY * link - cost


def _chain(el: etree._Element) -> list[etree._Element]:
    out = []
    while el is not None:
        out.append(el)
        el = el.getparent()
    return out


def main_blocks(root: etree._Element) -> list[Block]:
    """The best run of blocks, without link-heavy ones or page furniture.

    For every element, the children (and the element's own text blocks) form a sequence of
    weights; the maximum-sum contiguous run of that sequence (Kadane) is a candidate. This
    finds an article whose paragraphs sit beside link tables inside the same cell, which a
    whole-subtree score would miss.
    """
    all_blocks = blocks(root)
    if not all_blocks:
        return []
    chains = [list(reversed(_chain(b.owner))) for b in all_blocks]  # root first
    held: dict[int, int] = {}
    for b, chain in zip(all_blocks, chains, strict=True):
        for anc in chain:
            held[id(anc)] = held.get(id(anc), 0) + len(b.text)
    total = max(1, sum(len(b.text) for b in all_blocks))
    furniture: dict[int, bool] = {}

    def is_furniture(chain: list[etree._Element]) -> bool:
        # Names such as "sidebar" on wrappers holding most of the page are layout, not furniture.
        for anc in chain:
            key = id(anc)
            if key not in furniture:
                furniture[key] = _comments(anc) or (held.get(key, 0) < 0.6 * total and _marked(anc))
            if furniture[key]:
                return True
        return False

    weights, flags = [], []
    for block, chain in zip(all_blocks, chains, strict=True):
        w = block_weight(block)
        furn = is_furniture(chain)
        flags.append(furn)
        weights.append(-BLOCK_COST if furn and w > 0 else w)

    # sequences[element] = list of [item key, weight, first block, last block]
    sequences: dict[int, list[list]] = {}
    owners: dict[int, etree._Element] = {}
    for i, chain in enumerate(chains):
        for depth, anc in enumerate(chain):
            key = id(chain[depth + 1]) if depth + 1 < len(chain) else "own"
            seq = sequences.setdefault(id(anc), [])
            owners[id(anc)] = anc
            if seq and seq[-1][0] == key:
                seq[-1][1] += weights[i]
                seq[-1][3] = i
            else:
                seq.append([key, weights[i], i, i])
    best = (float("-inf"), 0, 0, 0, None)
    for key, seq in sequences.items():
        run_sum, run_start = 0.0, 0
        depth = len(_chain(owners[key]))
        for j, item in enumerate(seq):
            if run_sum <= 0:
                run_sum, run_start = item[1], j
            else:
                run_sum += item[1]
            cand = (run_sum, depth, seq[run_start][2], item[3], key)
            if cand[:2] > best[:2]:
                best = cand
    _, _, first, last, key = best
    first, last = _first_post(sequences[key], first, last, owners, all_blocks)
    while first and all_blocks[first - 1].tag in HEADINGS and not flags[first - 1]:
        first -= 1  # the article's own heading, too short to weigh for itself (停运公告)
    return [
        b
        for i, b in enumerate(all_blocks[first : last + 1], start=first)
        if not _is_link_block(b) and not flags[i]
    ]


def _first_post(
    seq: list[list],
    first: int,
    last: int,
    owners: dict[int, etree._Element],
    all_blocks: list[Block],
) -> tuple[int, int]:
    """On a blog index (several dated posts side by side), the first post is the article."""
    items = [it for it in seq if it[2] >= first and it[3] <= last and it[1] > 0]
    if len(items) < 2 or not all(isinstance(it[0], int) and it[0] in owners for it in items):
        return first, last
    elements = [owners[it[0]] for it in items]
    if len({(e.tag, e.get("class")) for e in elements}) != 1 or elements[0].tag in (
        "p",
        "br",
        "li",
    ):
        return first, last
    for it in items:
        texts = [b.text for b in all_blocks[it[2] : it[3] + 1]]
        if len(texts) < 3 or not any(len(t) < 40 and _DATE.search(t) for t in texts):
            return first, last
    return items[0][2], items[0][3]


def _is_link_block(block: Block) -> bool:
    return block.link_density > 0.5 and not (block.tag in HEADINGS and len(block.text) > 8)


def extract(markup: str) -> tuple[str, list[str]]:
    """Main text of an HTML page (one block per line) and notes on what was dropped.

    The block extractor and trafilatura make different mistakes: trafilatura misses or
    over-takes on old table-layout Chinese pages, the block extractor keeps more page chrome
    around Western articles. Their agreement decides: blocks both found are kept, and a
    block only one of them found is kept when it reads like prose.
    """
    root = parse(markup)
    if root is None:
        return "", ["unparseable HTML"]
    _prune(root)
    mine = main_blocks(root)
    other = _trafilatura(markup)
    from luodi.clean.agree import merge  # here, not on top: agree builds on this module's Block

    return merge(mine, other)


def _trafilatura(markup: str) -> str:
    try:
        import trafilatura
    except ImportError:  # optional second opinion
        return ""
    try:
        return trafilatura.extract(markup, include_comments=False, include_tables=True) or ""
    except Exception:  # trafilatura can raise on odd markup; the block extractor still answers
        return ""
