"""Questions that cite a rule by its number: "快递暂行条例第四十条", "个保法第21条", "Article 21".

A cited number is a lookup, not a likeness: the keyword side matches 第40条 as one token, but it
also matches every article that refers to article 40, and the dense side, which carries most of
the fused vote, cannot tell article 40 from its neighbours ("月结协议客户服务规则第十二条" found
第一条 first, "第十二条" alone found 第六十二条). So a chunk whose own section label is the cited
article of the cited document ranks above every other hit; the fused score orders those
among themselves.

The document is named before the number, in full or shortened ("个保法" for 个人信息保护法,
"月结规则" for 飞鸽快递月结协议客户服务规则): the words before 第 (less a lead such as 请问) in a
document's title (its section root, or its file name), as one run of characters or else in
order. No document named: the cited article of every document; a document named that the
knowledge base lacks, or that has no such article: none.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from luodi.fold import fold, has_cjk
from luodi.index.fusion import ranked
from luodi.index.tokenize import tokenize
from luodi.numeric.numbers import parse_cn_integer
from luodi.retrieve import names
from luodi.retrieve.names import mention_before, named_after, newest_versions, scope

if TYPE_CHECKING:
    from luodi.retrieve.state import Snapshot

NONE = -1  # a slot whose section is not a numbered article
_NUM = "零〇○一二三四五六七八九十百千两廿卅"
_ZH_ARTICLE = rf"第\s*(?P<num>[{_NUM}]+|\d+)\s*条(?:\s*之\s*(?P<sub>[一二三四五六七八九十]+|\d+))?"
# a paragraph (款) and an item (项) of it: 第四十条第二款第(一)项
_ZH_PART = rf"(?:\s*第\s*(?P<para>[{_NUM}]+|\d+)\s*款)?(?:\s*第\s*\(?\s*(?P<item>[{_NUM}]+|\d+)\s*\)?\s*项)?"
_ZH = re.compile(_ZH_ARTICLE + _ZH_PART)
# an FAQ's entries too: "Q12. How heavy a parcel may I lift alone?"
_EN = re.compile(r"(?<![a-z0-9])(?P<kind>articles?|art\.|rules?|sections?|questions?|§|q(?=\s*\d))\s*"
                 r"(?P<num>\d+)(?![0-9])"
                 # its paragraph and item: "Article 40(2)(1)", "Article 40, paragraph 2"
                 r"(?:\s*\((?P<para>\d{1,2})\)(?:\s*\((?P<item>\d{1,2})\))?"
                 r"|,?\s+(?:paragraph|para\.)\s*(?P<para_w>\d{1,2})(?![0-9]))?", re.I)
# "paragraph 2 of Article 40", "item 3 of Article 40": the paragraph or item named first
_EN_PARA_LEAD = re.compile(r"(?<![a-z])(?:(?:paragraph|para\.)\s*(?P<para>\d{1,2})(?:,?\s*item\s*(?P<item>\d{1,2}))?"
                           r"|item\s*(?P<item_only>\d{1,2}))\s+of\s+(?:the\s+)?(?=(?:article|art\.)\s*\d)", re.I)
# a chapter (章), or a section (节) of one: "月结规则第二章", "个保法第二章第一节"
_CHAPTER = re.compile(rf"第\s*(?P<num>[{_NUM}]+|\d+)\s*章(?:\s*第\s*(?P<sec>[{_NUM}]+|\d+)\s*节)?")
_EN_CHAPTER = re.compile(r"(?<![a-z0-9])chapter\s*(?P<num>\d{1,3})(?![0-9])", re.I)
_CHAPTER_STEP = re.compile(rf"第\s*(?P<num>[{_NUM}]+|\d+)\s*(?P<unit>[章节])")
# a paragraph or item on its own: listed after an article's ("第十条第二款和第三款"), or in a
# follow-up ("那第二款呢？": the memory's text is not NFKC-folded, its brackets may be full width)
PART_PATTERN = rf"第\s*(?:[{_NUM}]+|\d+)\s*款(?:\s*第\s*[(（]?\s*(?:[{_NUM}]+|\d+)\s*[)）]?\s*项)?" \
               rf"|第\s*[(（]?\s*(?:[{_NUM}]+|\d+)\s*[)）]?\s*项"
EN_PART_PATTERN = r"(?<![a-z])(?:paragraph|para\.)\s*\d{1,2}(?![0-9])(?:,?\s*item\s*\d{1,2}(?![0-9]))?" \
                  r"|(?<![a-z])item\s*\d{1,2}(?![0-9])"  # "And paragraph 2?", "item 3"
_BARE_PART = re.compile(PART_PATTERN)
_AND = r"\s*(?:和|与|及|以及|、|,|，|或|或者)\s*"  # between cited parts or sections of one article or chapter
_LISTED_PART = re.compile(rf"{_AND}第\s*(?:(?P<para>[{_NUM}]+|\d+)\s*款"
                          rf"|\(?\s*(?P<item>[{_NUM}]+|\d+)\s*\)?\s*项)")
_LISTED_SECTION = re.compile(rf"{_AND}第\s*(?P<sec>[{_NUM}]+|\d+)\s*节(?!课)")
# for the memory's follow-up slots: an article apart from its paragraph or item, a chapter
ARTICLE_PATTERNS = (_ZH_ARTICLE, _EN.pattern)
CHAPTER_PATTERN = _CHAPTER.pattern
SECTION_PATTERN = rf"第\s*(?:[{_NUM}]+|\d+)\s*节(?!课)"  # "那第二节呢？" after "…第二章第一节讲了什么"
_MAX_ARTICLE = 100_000
_FAQ = _MAX_ARTICLE * 100  # an FAQ's Q3 is not a guide's Section 3: its keys are apart
_LABELLED = re.compile(r"第|article|art\.|rule|section|question|§|q\s*\d", re.I)  # worth folding
# 第二条地铁线 is "the second metro line": 条 is also a measure word. A citation ends the
# sentence or goes on with one of these ("第十二条规定…", "第40条的罚款", "第五条和第六条").
_AFTER_CITATION = frozenset("规说讲是的中里提要写内和与及或至到怎有对关所第款项明定指呢吗么了原")
_LISTED = re.compile(r"\s*(?:和|与|及|以及|或|或者|、|,|，|至|到|and|or|&)?\s*")
_NAME_RUN = r"[^\s，。；：、？！,.;:?!《》]*"  # what runs on before a name cut to its last characters
UNNAMED_SHARE = 0.5


def _key(num: str, sub: str | None = None) -> int:
    """n × 100 + sub (第二十一条之一 is its own article); NONE past the numbers a rule book uses,
    so that keys never collide or overflow (第99999999999999999999条 in a heading)."""
    if len(num) > 8 or (sub and len(sub) > 4):
        return NONE
    n = parse_cn_integer(num)
    s = parse_cn_integer(sub) if sub else 0
    if n is None or s is None or not 0 < n < _MAX_ARTICLE or not 0 <= s < 100:
        return NONE
    return n * 100 + s


def _en_key(m: re.Match[str]) -> int:
    key = _key(m.group("num"))
    return key + _FAQ if key != NONE and m.group("kind").lower().startswith("q") else key


def label_of(section: str) -> int:
    """The article a chunk is, from the last step of its section path (第十二条, Article 12,
    Section 3. Scope), as a key; NONE when it is not a numbered article."""
    return _label_key(section.rsplit(">", 1)[-1].strip())


@lru_cache(maxsize=4096)  # the same few hundred labels recur across a corpus
def _label_key(last: str) -> int:
    if not _LABELLED.match(last):
        return NONE
    last = fold(last)
    m = _ZH.match(last)
    if m:
        return _key(m.group("num"), m.group("sub"))
    m = _EN.match(last)
    return _en_key(m) if m else NONE


def chapter_of(section: str) -> int:
    """The chapter (章) a chunk's section path puts it in, as 章 × 100 + its 节 (0 for none);
    NONE outside any chapter."""
    return _chapter_key(section) if "章" in section else NONE


def is_chapter_step(step: str) -> bool:
    """Whether a step of a section path is a chapter's (第二章 收寄) or a section's (第一节 …)."""
    return bool(_CHAPTER_STEP.match(fold(step).strip()))


@lru_cache(maxsize=4096)
def _chapter_key(path: str) -> int:
    chapter = sec = 0
    for step in fold(path).split(">"):
        m = _CHAPTER_STEP.match(step.strip())
        if m and (n := _small(m.group("num"), 1000)):
            if m.group("unit") == "章":
                chapter, sec = n, 0
            elif chapter:
                sec = n if n < 100 else 0
    return chapter * 100 + sec if chapter else NONE


def _small(num: str, limit: int) -> int:
    n = parse_cn_integer(num) if len(num) < 6 else None
    return n if n is not None and 0 < n < limit else 0


class Cite(NamedTuple):
    kind: str  # "article" or "chapter"
    key: int  # an article's key (`_key`), or a chapter's 章 × 100 + 节
    mention: str  # the document's name as the question gives it, or ""
    para: int = 0  # the paragraph (款) of the article cited, 0 for none
    item: int = 0  # its item (项)


# A citation without its 第, right after a rulebook's name: 个保法13条, 劳动法三十六条, 手冊5條.
# Not a count (手册两条, 规则3条以上) nor after an ordinary word in 法 or 例 (方法3条, 举例3条).
_BOOK_END = "|".join(["条例", "條例", "规则", "規則", "细则", "細則", "手册", "手冊", "须知", "須知", "规范",
                      "規範", "办法", "辦法", "章程", "法典", "[^方说說做看想用合非依写寫办辦司]法"])
_BARE_ARTICLE = re.compile(rf"(?<={_BOOK_END})(?=\s*(?:[{_NUM.replace('两', '')}]+|\d+)\s*[条條]"
                           r"(?!\s*(?:以上|以下|以内|以內|左右|多|余|餘)))")


def marked_articles(text: str) -> str:
    """`text` with 第 put before each article cited without it, as every citation is read."""
    return _BARE_ARTICLE.sub("第", text)


def citations(query: str) -> list[tuple[int, str]]:
    """(article key, the document's name as the question gives it, or "") for each rule the
    question cites by number. A citation listed after another ("第三十五条和第三十六条"), or
    naming nothing after one that does, is of the same document."""
    return [(c.key, c.mention) for c in all_citations(query) if c.kind == "article"]


def chapter_citations(query: str) -> list[tuple[int, str]]:
    """(章 × 100 + 节, the document's name or "") for each chapter the question cites; not one
    an article follows (第二章第十条 is article 10)."""
    return [(c.key, c.mention) for c in all_citations(query) if c.kind == "chapter"]


def parts_cited(query: str) -> list[Cite]:
    """The article citations that name a paragraph (款) or an item (项): 第四十条第二款第(一)项,
    "Article 40(2)(1)", "paragraph 2 of Article 40"."""
    return [c for c in all_citations(query) if c.para or c.item]


@lru_cache(maxsize=64)  # one question is read by the search (articles, then chapters) and the answer
def all_citations(query: str) -> tuple[Cite, ...]:
    """Every article and chapter the question cites, in order, each with the document it names."""
    text = marked_articles(fold(query))
    found = [(m.start(), m.end(), _key(m.group("num"), m.group("sub")), False, "article",
              _small(m.group("para") or "", 100), _small(m.group("item") or "", 100))
             for m in _guarded(_ZH, text)]
    faq = "faq" in text or "question" in text  # otherwise Q4 is a quarter ("the Q4 deadline")
    for m in _EN.finditer(text):
        if faq or not m.group("kind").lower().startswith("q"):
            lead = _EN_PARA_LEAD.search(text, max(0, m.start() - 40))
            lead = lead if lead and lead.end() == m.start() else None
            para = m.group("para") or m.group("para_w") or (lead.group("para") if lead else 0)
            item = m.group("item") or (lead.group("item") or lead.group("item_only") if lead else 0)
            start = lead.start() if lead else m.start()
            found.append((start, m.end(), _en_key(m), True, "article", int(para or 0), int(item or 0)))
    found += _listed_parts(text, found)
    articles_at = {start: i for i, (start, *_) in enumerate(found)}
    for m in _CHAPTER.finditer(text):  # 第二章总则 names chapter 2; 第二章第三节课 is a class
        if m.group("sec") and not _ends_citation(text, m.end()):
            continue
        after = m.end() + len(text[m.end():]) - len(text[m.end():].lstrip())
        if after in articles_at:  # 第二章第七条: the article, its document named before the chapter
            found[articles_at[after]] = (m.start(), *found[articles_at[after]][1:])
            continue
        chapter, sec = _small(m.group("num"), 1000), _small(m.group("sec") or "", 100)
        found.append((m.start(), m.end(), chapter * 100 + sec if chapter else NONE, False, "chapter", 0, 0))
        at = m.end()
        while sec and chapter and (more := _LISTED_SECTION.match(text, at)):  # 第一章第一节和第二节
            found.append((more.start(), more.end(), chapter * 100 + _small(more.group("sec"), 100),
                          False, "chapter", 0, 0))
            at = more.end()
    found += [(m.start(), m.end(), int(m.group("num")) * 100 or NONE, True, "chapter", 0, 0)
              for m in _EN_CHAPTER.finditer(text)]  # "Chapter 5 of the Postal Law"
    out: list[Cite] = []
    prev_end = 0
    for start, end, key, english, kind, para, item in sorted(found):
        before = mention_before(text[prev_end:start])  # 操作手册第三条和月结规则第五条: two names
        if english:  # "Article 21 of the …", or a Chinese name before it
            mention = named_after(text[end:]) or (
                before if has_cjk(before) else names.english_before(text[prev_end:start]))
        else:
            mention = before
        if out and (_LISTED.fullmatch(text[prev_end:start]) or len(mention) < 2):
            mention = out[-1].mention  # "…第21条的规定，和第22条有什么不同": the same law
        prev_end = end
        if key != NONE:
            out.append(Cite(kind, key, mention, para, item))
    return tuple(out)


def _listed_parts(text: str, found: list[tuple]) -> list[tuple]:
    """Paragraphs or items listed after an article's ("第十条第二款和第三款", "第二款第一项、第三项"),
    each cited of that article: found-entries as `all_citations` builds them."""
    out = []
    for _start, end, key, english, kind, para, item in list(found):
        if english or not (para or item):
            continue
        at = end
        while m := _LISTED_PART.match(text, at):
            new_para = _small(m.group("para") or "", 100)
            out.append((m.start(), m.end(), key, False, kind, new_para or para,
                        0 if new_para else _small(m.group("item") or "", 100)))
            at = m.end()
    return out


def _guarded(pattern: re.Pattern[str], folded: str) -> Iterable[re.Match[str]]:
    """Matches that end the sentence or go on as a citation does (条, 节 are measure words too)."""
    return (m for m in pattern.finditer(folded) if _ends_citation(folded, m.end()))


def _ends_citation(folded: str, end: int) -> bool:
    after = folded[end : end + 1]
    return not (after and has_cjk(after) and after not in _AFTER_CITATION)


def article_span(text: str, key: int) -> tuple[int, int] | None:
    """Where `text` states the article `key` itself (第五条 opening a line or following a
    sentence's end, a space after it; not a reference to it), up to the next article it states;
    None if it does not. Rules run together on one line share a chunk only the first labels."""
    folded = _fold_in_place(text)
    starts = [(m.start(), _key(m.group("num"), m.group("sub"))) for m in _ZH.finditer(folded)
              if (m.start() == 0 or folded[m.start() - 1] in "\n。；;.!?！？ 　")
              and folded[m.end() : m.end() + 1] in ("", " ", "\n", "\t", ":", "：")]  # 第五条线路: no
    for i, (start, k) in enumerate(starts):
        if k == key:
            return start, starts[i + 1][0] if i + 1 < len(starts) else len(text)
    return None


def _fold_in_place(text: str) -> str:
    """`fold`, one character for one (offsets stay the text's): a character NFKC would turn into
    several ("…", "㎡") stays as it is."""
    out = fold(text)
    if len(out) == len(text):
        return out
    return "".join(f if len(f := fold(ch)) == 1 else ch for ch in text)


def without_citations(query: str) -> str:
    """The question, folded, with its citations and the documents they name left out: what else
    it asks ("说了什么" is nothing else)."""
    text = marked_articles(fold(query))
    for _, _, mention, *_ in all_citations(query):
        if mention:  # a long name is kept by its last characters: the run before them goes too
            text = re.sub(rf"《?{_NAME_RUN}{re.escape(mention.lstrip(names.SOFT))}》?", " ", text)
    text = _EN_CHAPTER.sub(" ", _CHAPTER.sub(" ", _EN.sub(" ", _ZH.sub(" ", _EN_PARA_LEAD.sub(" ", text)))))
    return _BARE_PART.sub(" ", text)  # listed after an article's: 第十条第二款和第三款


# What a question asking for an article's text says besides the citation (tokenized, stop words
# already gone): 说了什么, 规定了什么, 的内容是什么, 原文怎么写的, 是啥意思, "what does … say".
_ASKS_FOR_TEXT = frozenset(
    "说 讲 写 规定 内容 原文 全文 条文 条款 关于 具体 里面 啥 啥意思 意思 含义 解释 主要 讲述 提到 说明 "
    "告诉 看看 查 查一下 一下 帮 帮我 要求 规则 本条 这条 该条 "
    "say said state show text quot mean read contain provid stipul cover tell explain requir "
    "full wording".split()
)


def asks_for_text(question: str, named: str = "") -> bool:
    """True when the question is a citation and nothing else besides asking for its text; the
    words of `named` (the cited chapters' headings: 第二章总则讲了什么) count as the citation's."""
    own = set(tokenize(named, bigrams=False)) if named else set()
    rest = [t for t in tokenize(without_citations(question), bigrams=False)
            if t not in _ASKS_FOR_TEXT and t not in own and not t.isdigit()]
    return not rest


def cited_slots(query: str, labels: np.ndarray, doc_ids: np.ndarray, titles: dict[int, str],
                mask: np.ndarray, chapters: np.ndarray | None = None, kind: str = "article",
                dated: dict[int, str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Slots (within `mask`) whose chunk is an article the question cites, or (kind "chapter")
    is in a chapter it cites (`chapters`, by slot): those of a document it names (none when that
    document has no such article), and those of any document (a citation naming none, or none
    found)."""
    named: list[np.ndarray] = []
    unnamed: list[np.ndarray] = []
    cites = []
    for c in all_citations(query) if len(labels) else []:
        if c.kind == kind == "article":
            cites.append((labels[: len(mask)] == c.key, c.mention))
        elif c.kind == kind == "chapter" and chapters is not None and len(chapters):
            ch = chapters[: len(mask)]
            cites.append(((ch == c.key) if c.key % 100 else (ch // 100 == c.key // 100), c.mention))  # 第二章: its 节 too
    for same, mention in cites:
        hit = mask & same
        if not hit.any():
            continue
        docs = scope(mention, titles)
        if docs is None:  # "请问第十二条": no document named
            unnamed.append(np.flatnonzero(hit))
            continue
        docs = newest_versions(docs, titles, dated or {})
        # a document named that has no such article, or that the knowledge base lacks: neither
        # is another document's article of that number the answer
        inside = hit & np.isin(doc_ids[: len(mask)], np.fromiter(docs, dtype=np.int64, count=len(docs)))
        named.append(np.flatnonzero(inside))
    return _joined(named), _joined(unnamed)


def _joined(parts: list[np.ndarray]) -> np.ndarray:
    return np.unique(np.concatenate(parts)) if parts else np.zeros(0, dtype=np.int64)


def cited_first(snap: Snapshot, query: str, scores: dict[int, float], cand: np.ndarray | None,
                qvec: np.ndarray | None, k: int) -> tuple[list[tuple[int, float]], int]:
    """The k best (slot, score) of `scores` for `query`, with the articles it cites, then those
    of the chapters it cites (within the candidates `cand`), moved to the front, and how many
    lead so."""
    mask = snap.live if cand is None else snap.live & cand
    lead: list[tuple[int, float]] = []
    rest = scores
    for kind in ("article", "chapter"):
        named, unnamed = cited_slots(query, snap.labels, snap.doc_ids, snap.titles, mask, snap.chapters, kind,
                                     snap.dated)
        if not (named.size or unnamed.size) or len(lead) >= k:
            continue
        named, unnamed = (np.setdiff1d(x, [s for s, _ in lead]) for x in (named, unnamed))
        if not (named.size or unnamed.size):
            continue
        tiebreak: dict[int, float] = {}
        vectors = snap.vectors
        if qvec is not None and vectors is not None:
            both = np.concatenate([named, unnamed]).tolist()
            tiebreak = vectors.slot_scores(qvec, [s for s in both if vectors.has[s]])
        every = kind == "article" and unnamed.size > 0 and asks_for_text(query)
        best, n = lifted(rest, named.tolist(), unnamed.tolist(), tiebreak, k - len(lead), every=every)
        lead += best[:n]
        taken = {s for s, _ in best[:n]}
        rest = {s: v for s, v in rest.items() if s not in taken}
    if not lead:
        return ranked(scores, k), 0
    taken = {s for s, _ in lead}
    return lead + [sv for sv in ranked(scores, k + len(taken)) if sv[0] not in taken][: k - len(lead)], len(lead)


def lifted(scores: dict[int, float], named: Iterable[int], unnamed: Iterable[int],
           tiebreak: dict[int, float], k: int, every: bool = False) -> tuple[list[tuple[int, float]], int]:
    """The k best (slot, score) and how many of them lead as cited: the cited slots first, those
    a retriever listed by their score, then the rest by `tiebreak` (their cosine); after them
    the other slots by score. A citation that names no document lifts each document's article
    only when it holds its own against the best of them (`UNNAMED_SHARE` of its score):
    "第十二条规定取件员要提前多久打电话" wants the one rule 12 its words fit. A bare "第十二条"
    (`every`: the question asks for nothing but the text) wants every document's, and its fused
    scores say nothing of which: they are the dense side's likeness to a number."""
    unnamed = list(unnamed)
    listed = [scores[s] for s in unnamed if s in scores]
    if listed and not every:
        unnamed = [s for s in unnamed if scores.get(s, 0.0) >= UNNAMED_SHARE * max(listed)]
    first = sorted(set(named).union(unnamed), reverse=True,
                   key=lambda s: (s in scores, scores.get(s, 0.0), tiebreak.get(s, 0.0)))[:k]
    taken = set(first)
    rest = [sv for sv in ranked(scores, k + len(taken)) if sv[0] not in taken]
    return [(s, scores.get(s, 0.0)) for s in first] + rest[: k - len(first)], len(first)
