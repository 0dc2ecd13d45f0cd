"""Questions that only ask what a cited article says: "月结规则第十二条说了什么", "个保法第21条",
"What does Article 21 of the Personal Information Protection Law say?".

The answer is the article itself, quoted from its start: picking "the best sentence" for a
question with no words of its own quoted the article's first sentence and then sentences of
other articles. The retriever marks the articles the question cites (`scores["cited"]`);
nothing else in the question may ask for more ("第十二条规定取件员要提前多久打电话" is answered
as any question is, with rule 12 ranked first). A paragraph (款) or an item (项) cited with the
article ("快递暂行条例第四十条第二款第一项") is quoted by itself, an item after the words that
open its list; an article without it is declined.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from luodi.answer.text import split_sentences
from luodi.chunk import ARTICLE_LABEL, NUMBERED_ITEM, paragraphs
from luodi.fold import to_simplified
from luodi.numeric.numbers import cn_integer, parse_cn_integer
from luodi.retrieve.names import scope, title_of
from luodi.retrieve.refs import (
    Cite,
    all_citations,
    article_span,
    asks_for_text,
    is_chapter_step,
    label_of,
)
from luodi.types import Hit


class Quote(NamedTuple):
    hit: int  # the hit cited: the one that opens the article
    title: str  # its document's title when articles of several documents are quoted, else ""
    text: str
    evidence: str  # what the quote is checked against: the article, its chunks joined


MAX_ARTICLES = 3
MAX_CHARS = 400  # an article longer than this is quoted up to the sentence that passes it
CHAPTER_CHARS = 120  # a chapter's article is shown by its first sentence, cut past this
CHAPTER_ARTICLES = 10  # of a chapter's articles among the hits, those shown

def quoted_articles(question: str, hits: list[Hit]) -> list[Quote] | None:
    """For a question that only asks what the articles it cites say: a Quote of each cited
    article (or of the paragraph or item it cites), in rank order; empty when no hit is or holds
    one, or it lacks the paragraph cited (月结规则第九十九条 where the rules end at 第二十条:
    quoting another article would mislead). A chapter cited (第二章讲了什么): its articles among
    the hits, in their order, each by its first sentence, after the chapter's heading. None for
    any other question. The title is given when articles of several documents are quoted (each
    document has its 第十二条)."""
    cites = all_citations(question)
    articles = [c for c in cites if c.kind == "article"]
    if not (cites or any(h.scores.get("cited") for h in hits)):
        return None
    headings = " ".join({_chapter_heading(h.section) for h in hits if h.scores.get("cited")}
                        if len(articles) < len(cites) else ())
    if not asks_for_text(question, headings):  # last: it runs jieba
        return None
    first: dict[tuple[str, str], int] = {}  # a long article is several chunks: quote its start
    for i, h in enumerate(hits):
        if h.scores.get("cited"):
            at = first.setdefault((h.document, h.section), i)
            if h.chunk_id < hits[at].chunk_id:
                first[(h.document, h.section)] = i
    # the search marks what it lifted; of a chapter cited beside articles, what the articles are not
    keys = {c.key for c in articles} if len(articles) < len(cites) else None
    cited = sorted(i for i in first.values() if keys is None or label_of(hits[i].section) in keys)
    rest = sorted((i for i in first.values() if i not in cited),
                  key=lambda i: (hits[i].document, hits[i].chunk_id))
    chapter = _chapter(hits, rest) if rest else []
    cited = cited[:MAX_ARTICLES]
    if not cited:
        return (_inline(articles, hits) if articles else []) + chapter
    several = len({hits[i].document for i in cited}) > 1
    quotes = []
    for i in cited:
        parts = _parts(hits[i], articles)
        article = _whole_article(hits, i) if parts else hits[i].text
        for quote in [quote_part(article, *p) for p in parts] if parts else [head(article)]:
            if quote:  # none: the article has no such paragraph or item
                quotes.append(Quote(i, _title(hits[i]) if several else "", quote, article))
    return quotes + chapter


def _parts(hit: Hit, articles: list[Cite]) -> list[tuple[int, int]]:
    """The paragraphs and items the question cites of this hit's article, with the document it
    names ("快递暂行条例第四十条第二款和快递市场管理办法第四十条": 第二款 is the 条例's alone)."""
    out = []
    for c in articles:
        if (c.para or c.item) and c.key == label_of(hit.section):
            docs = scope(c.mention, {0: title_of(hit.section, hit.document)})
            if (docs is None or 0 in docs) and (c.para, c.item) not in out:
                out.append((c.para, c.item))
    return out


def _chapter(hits: list[Hit], shown: list[int]) -> list[Quote]:
    """The cited chapter's articles that are among the hits (CHAPTER_ARTICLES at most), in
    document order, each by its first sentence; the first after its chapter's heading (第二章
    收寄与上门取件), each document's first after its title when several documents have the
    chapter. Checked against the section path too: the heading is stated there, not in the
    article."""
    several = len({hits[i].document for i in shown}) > 1
    quotes, headed = [], set()
    for i in shown[:CHAPTER_ARTICLES]:
        hit = hits[i]
        text = _first_sentence(hit.text)
        heading = _chapter_heading(hit.section)
        if (hit.document, heading) not in headed:
            headed.add((hit.document, heading))
            excerpt = "（节选）" if to_simplified(heading) == heading else "（節選）"
            text = f"{heading}{excerpt}：{text}" if heading else text
        title = _title(hit) if several and text.startswith(heading or "\0") else ""
        quotes.append(Quote(i, title, text, f"{hit.section}\n{hit.text}"))
    return quotes


def _first_sentence(text: str) -> str:
    """An article's label and its first sentence (a label on a line of its own is no sentence),
    cut past CHAPTER_CHARS; " …" when the article goes on."""
    label = ARTICLE_LABEL.match(text)
    body = text[label.end():] if label else text
    sentences = split_sentences(body)
    first = body[: sentences[0].end].strip() if sentences else body.strip()
    shown = f"{_label_text(label)} {first}".strip() if label else first
    if len(shown) > CHAPTER_CHARS:
        return shown[:CHAPTER_CHARS] + " …"
    return shown + (" …" if len(body.strip()) > len(first) else "")


def _label_text(label: re.Match[str]) -> str:
    return label.group().strip().rstrip("：:").strip()


def _chapter_heading(section: str) -> str:
    steps = [p.strip() for p in section.split(">")]
    return " ".join(p for p in steps[1:] if is_chapter_step(p))


def _whole_article(hits: list[Hit], i: int) -> str:
    """The article hit `i` opens, with the chunks it was split into that follow it among the
    hits. A long article is cut at sentence ends and each piece stripped: pieces with a gap
    between them were apart by a line break (Chinese sentences have no spaces between them);
    without offsets, a piece opening with an item (（二）…) starts a line."""
    pieces = sorted((h for h in hits if (h.document, h.section) == (hits[i].document, hits[i].section)
                     and h.chunk_id >= hits[i].chunk_id), key=lambda h: h.chunk_id)
    text, before = pieces[0].text, pieces[0]
    for piece in pieces[1:]:
        if piece.chunk_id != before.chunk_id + 1:
            break
        if before.end is not None and piece.start is not None:
            apart = piece.start > before.end
        else:
            apart = bool(NUMBERED_ITEM.match(piece.text))
        text += ("\n" if apart else "") + piece.text
        before = piece
    return text


def quote_part(article: str, para: int, item: int) -> str | None:
    """Paragraph `para` (款; 0: whichever holds the item) of the article, or its item `item`
    (项) after the words that open its list, labelled ("第四十条第二款："); None when the
    article has no such paragraph or item."""
    paras = paragraphs(article)
    label = ARTICLE_LABEL.match(article)
    name = _label_text(label) if label else ""
    if paras and ARTICLE_LABEL.fullmatch(paras[0][0]):  # the label on a line of its own
        paras = [["", *paras[0][1:]], *paras[1:]] if len(paras[0]) > 1 else paras[1:]
    item_word = "項" if "條" in name else "项"
    numbers = [para] if 0 < para <= len(paras) else ([] if para else range(1, len(paras) + 1))
    for n in numbers:
        text, *items = paras[n - 1]
        if n == 1 and (own := ARTICLE_LABEL.match(text)):
            text = text[own.end():] or text
        if not item:  # the paragraph with its list
            return f"{name}第{cn_integer(n)}款：{head(''.join([text, *items]))}"
        for k, line in enumerate(items):
            m = NUMBERED_ITEM.match(line)
            if m and parse_cn_integer(m.group("n")) == item:
                gap = " … " if k else ""  # the items before it are left out
                return f"{name}第{cn_integer(n)}款第{cn_integer(item)}{item_word}：{head(text)}{gap}{line}"
    return None


def _inline(articles: list[Cite], hits: list[Hit]) -> list[Quote]:
    """The first hit that states a cited article inside its text, quoted from that article on:
    a chunk another article labels, of the document the question names if it names one (a
    chunk labelled as the article itself was left unmarked by the search for being another
    document's)."""
    titles = {i: title_of(h.section, h.document) for i, h in enumerate(hits)}
    for c in articles:
        docs = scope(c.mention, titles)
        for i, hit in enumerate(hits):
            if label_of(hit.section) == c.key or (docs is not None and i not in docs):
                continue
            span = article_span(hit.text, c.key)
            if span:
                text = hit.text[span[0] : span[1]].strip()
                quote = quote_part(text, c.para, c.item) if c.para or c.item else head(text)
                return [Quote(i, "", quote, text)] if quote else []
    return []


def head(text: str) -> str:
    """The text from its start, whole sentences up to MAX_CHARS (one at least)."""
    span = opening(text, MAX_CHARS)
    return "" if span is None else text[: span[1]] + (" …" if span[2] else "")


def opening(text: str, limit: int) -> tuple[int, int, bool] | None:
    """Where the text's opening sentences start and end, whole sentences up to `limit` characters
    from the text's start (one at least), and whether sentences are left out; None for no text."""
    sentences = split_sentences(text)
    if not sentences:
        return None
    end = sentences[0].end
    for sent in sentences[1:]:
        if sent.end > limit:
            return sentences[0].start, end, True
        end = sent.end
    return sentences[0].start, end, False


def _title(hit: Hit) -> str:
    return hit.section.split(">", 1)[0].strip() if ">" in hit.section else ""
