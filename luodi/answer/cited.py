"""Questions that only ask what a cited article says: "月结规则第十二条说了什么", "个保法第21条",
"What does Article 21 of the Personal Information Protection Law say?".

The answer is the article itself, quoted from its start: picking "the best sentence" for a
question with no words of its own quoted the article's first sentence and then sentences of
other articles. The retriever marks the articles the question cites (`scores["cited"]`);
nothing else in the question may ask for more ("第十二条规定取件员要提前多久打电话" is answered
as any question is, with rule 12 ranked first).
"""

from __future__ import annotations

from luodi.answer.text import split_sentences
from luodi.index.tokenize import tokenize
from luodi.retrieve.refs import (
    article_span,
    citations,
    label_of,
    scope,
    title_of,
    without_citations,
)
from luodi.types import Hit

MAX_ARTICLES = 3
MAX_CHARS = 400  # an article longer than this is quoted up to the sentence that passes it

# What a question asking for an article's text says besides the citation (tokenized, stop words
# already gone): 说了什么, 规定了什么, 的内容是什么, 原文怎么写的, 是啥意思, "what does … say".
_ASKS_FOR_TEXT = frozenset(
    "说 讲 写 规定 内容 原文 全文 条文 条款 关于 具体 里面 啥 啥意思 意思 含义 解释 主要 讲述 提到 说明 "
    "告诉 看看 查 查一下 一下 帮 帮我 要求 规则 本条 这条 该条 "
    "say said state show text quot mean read contain provid stipul cover tell explain requir "
    "full wording".split()
)


def asks_for_text(question: str) -> bool:
    """True when the question is a citation and nothing else besides asking for its text."""
    rest = [t for t in tokenize(without_citations(question), bigrams=False)
            if t not in _ASKS_FOR_TEXT and not t.isdigit()]
    return not rest


def quoted_articles(question: str, hits: list[Hit]) -> list[tuple[int, str, str]] | None:
    """For a question that only asks what the articles it cites say: (hit index, its document's
    title or "", the quote) for each cited article, in rank order; empty when no hit is or holds
    one (月结规则第九十九条 where the rules end at 第二十条: quoting another article would mislead).
    None for any other question. The title is given when articles of several documents are
    quoted (each document has its 第十二条)."""
    cites = citations(question)
    if not (cites or any(h.scores.get("cited") for h in hits)) or not asks_for_text(question):
        return None  # asks_for_text last: it runs jieba
    first: dict[tuple[str, str], int] = {}  # a long article is several chunks: quote its start
    for i, h in enumerate(hits):
        if h.scores.get("cited"):
            at = first.setdefault((h.document, h.section), i)
            if h.chunk_id < hits[at].chunk_id:
                first[(h.document, h.section)] = i
    cited = sorted(first.values())[:MAX_ARTICLES]
    if not cited:
        return _inline(cites, hits)
    several = len({hits[i].document for i in cited}) > 1
    return [(i, _title(hits[i]) if several else "", head(hits[i].text)) for i in cited]


def _inline(cites: list[tuple[int, str]], hits: list[Hit]) -> list[tuple[int, str, str]]:
    """The first hit that states a cited article inside its text, quoted from that article on:
    a chunk another article labels, of the document the question names if it names one (a
    chunk labelled as the article itself was left unmarked by the search for being another
    document's)."""
    titles = {i: title_of(h.section, h.document) for i, h in enumerate(hits)}
    for key, mention in cites:
        docs = scope(mention, titles)
        for i, hit in enumerate(hits):
            if label_of(hit.section) == key or (docs is not None and i not in docs):
                continue
            span = article_span(hit.text, key)
            if span:
                return [(i, "", head(hit.text[span[0] : span[1]].strip()))]
    return []


def head(text: str) -> str:
    """The text from its start, whole sentences up to MAX_CHARS (one at least)."""
    end = 0
    for sent in split_sentences(text):
        if end and sent.end > MAX_CHARS:
            return text[:end] + " …"
        end = sent.end
    return text[:end]


def _title(hit: Hit) -> str:
    return hit.section.split(">", 1)[0].strip() if ">" in hit.section else ""
