"""What the answer stage replies with: declines, quotes of cited articles, numeric answers, and
the helpers that cite passages and check every atom of a reply against them."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

from luodi.answer.cited import Quote
from luodi.answer.router import language
from luodi.answer.text import coverage, mostly_chinese, question_terms
from luodi.fold import to_simplified
from luodi.retrieve.foreign import mentions
from luodi.types import Answer, Check, Citation, Hit, Usage

DECLINE = {
    "zh-Hans": "抱歉，已收录的文件中没有找到能回答这个问题的内容。以下是最接近的段落，仅供参考。",
    "zh-Hant": "抱歉，已收錄的文件中沒有找到能回答這個問題的內容。以下是最接近的段落，僅供參考。",
    "en": "Sorry, I found nothing in this knowledge base that answers this question. "
          "The closest passages are listed below for reference.",
}
# The question in one language, every listed passage in the other: the answer stage cannot check
# a quote against a question it shares no words with, which is no evidence that the passages lack
# the answer (English questions over the Chinese laws: retrieval puts the gold article in the top
# five for 0.87 of them; luodi.answer.crosslingual answers 0.19 of them, the rest are declined).
DECLINE_OTHER_LANGUAGE = {
    "zh-Hans": "抱歉，没有找到能直接引用的中文答案。最接近的段落是英文的，列在下面，其中可能有答案。",
    "zh-Hant": "抱歉，沒有找到能直接引用的中文答案。最接近的段落是英文的，列在下面，其中可能有答案。",
    "en": "Sorry, I found no passage I can quote as an answer in English. The closest passages are "
          "in Chinese and are listed below: they may hold the answer.",
}
MARKER = re.compile(r"\s*\[\d+\]")


def says_about(pieces: list[str], question: str, words: list[str]) -> bool:
    """Whether one of the pieces (an answer's sentences, its quote's) says one of `words` and
    another word of the question."""
    rest = question
    for word in words:
        rest = to_simplified(rest).replace(word, " ")
    asked = {t for t in question_terms(rest) if len(t) >= 2}  # 件 of 国际件 alone says nothing
    return any(any(mentions(w, "", piece) for w in words) and coverage(asked, piece) > 0 for piece in pieces)


def open_with(answer: Answer, head: str, cited: int, read: list[Hit]) -> None:
    """An answer that no quoted sentence makes: `head` (citing citation `cited`), then each
    citation's quote, every quote checked against the passage it came from (among `read`)."""
    answer.answer = f"{head} [{cited + 1}]\n" + " ".join(f"{c.quote} [{i + 1}]" for i, c in enumerate(answer.citations))
    by_chunk = {h.chunk_id: h for h in read}
    answer.checks = [at_citation(check, i) for i, c in enumerate(answer.citations)
                     for check in verify(c.quote, [by_chunk[c.chunk]])]


def citation_of(answer: Answer, hit: Hit, quote: str) -> int:
    """The index of `hit` among the answer's citations, added (quoting `quote`) if missing; an
    existing citation's quote gains `quote` when it lacks it (another row of the same table)."""
    for i, c in enumerate(answer.citations):
        if c.chunk == hit.chunk_id:
            if quote and quote not in c.quote:
                c.quote += " … " + quote
            return i
    answer.citations.append(cite(hit, [quote]))
    return len(answer.citations) - 1


def cite(hit: Hit, quotes: list[str]) -> Citation:
    quote = " … ".join(q for q in quotes if q) or hit.text[:120]
    return Citation(document=hit.document, chunk=hit.chunk_id, quote=quote, section=hit.section)


def verify(text: str, cited: list[Hit]) -> list[Check]:
    from luodi.verify.check import check_atoms

    return check_atoms(MARKER.sub("", text), [h.text for h in cited])


def at_citation(check: Check, n: int) -> Check:
    """A check made against one passage, pointed at the answer's citation `n` of it: its detail
    names that citation too ("= 3倍 in [0]" was left saying [0] for every citation)."""
    return replace(check, citation=n, detail=re.sub(r" in \[\d+\]$", f" in [{n}]", check.detail))


def rewords(answer: str, anchor: str | None, question: str, checked: bool) -> bool:
    """Whether a model's answer may stand: it restates the question or carries a checked atom (a
    bare "寄件人" or "sender" is the model's own choice, which nothing can check), and at least half
    of its content units that the question does not hold stand in the verified extractive answer
    (`anchor`, where there is one): a model writes better, never other facts."""
    from luodi.answer.text import question_terms, text_terms

    units = _units(answer)
    if not checked and not units & question_terms(question):
        return False
    new = units - text_terms(question)
    return anchor is None or not new or len(new & text_terms(MARKER.sub("", anchor))) >= len(new) / 2


def supporting_sentence(answer: str, hit: Hit) -> str:
    """The passage's sentence sharing the most words with the answer, when every atom of the
    answer checks against the passage: what its citation quotes ("" for a passage that does not
    support it: 500 is not in 50000元)."""
    from luodi.answer.text import split_sentences

    if not all(c.supported for c in verify(answer, [hit])):
        return ""
    units = _units(answer)
    shared = [(len(units & _units(s.text)), -i, s.text) for i, s in enumerate(split_sentences(hit.text))]
    best = max(shared, default=(0, 0, ""))
    return best[2] if best[0] else ""


def _units(text: str) -> set[str]:
    """An answer's words, numbers and Chinese character pairs (single characters meet anywhere)."""
    from luodi.answer.text import text_terms

    return {t for t in text_terms(MARKER.sub("", text)) if len(t) > 1 or t.isdigit()}


def keep_supported(answer: str, cited: list[Hit]) -> tuple[str, list[Check]]:
    """Drop every sentence with an unsupported atom; what is left has only supported checks."""
    from luodi.answer.text import split_sentences

    kept, checks = [], []
    for sent in split_sentences(MARKER.sub("", answer)):
        sent_checks = verify(sent.text, cited)
        if all(c.supported for c in sent_checks):
            kept.append(sent.text)
            checks.extend(sent_checks)
    return " ".join(kept).strip(), checks


def quoted_answer(quoted: list[Quote], hits: list[Hit]) -> Answer:
    parts, citations, checks = [], [], []
    for n, q in enumerate(quoted):
        named = (f"《{q.title}》" if mostly_chinese(q.title) else f"{q.title}: ") if q.title else ""
        parts.append(f"{named}{q.text} [{n + 1}]")
        citations.append(cite(hits[q.hit], [q.text]))
        checks += [at_citation(c, n) for c in verify(q.text, [replace(hits[q.hit], text=q.evidence)])]
    return Answer("\n".join(parts), citations, checks, route="knowledge", mode="extractive")


def has_computed(answer: Answer) -> bool:
    """Whether the answer gives a figure computed from its cited rules."""
    return any(c.kind == "computed" for c in answer.checks)


def decline(question: str, hits: list[Hit], usage: Usage | None, why: str) -> Answer:
    lang = language(question)
    listed = hits[:3]
    other = bool(listed) and all((lang == "en") == mostly_chinese(h.text) for h in listed)
    answer = Answer((DECLINE_OTHER_LANGUAGE if other else DECLINE)[lang], [cite(h, []) for h in listed],
                    abstained=True, route="knowledge", mode="extractive", usage=usage or Usage())
    if why:
        answer.extra["fallback"] = why
    return answer


def added(first: Usage, then: Usage) -> Usage:
    """The usage of two model calls, or attempts, for one answer: tokens, cost and time summed
    (time to a tenth of a millisecond), named after the later model."""
    if first.model == "none":
        return replace(then, latency_ms=round(then.latency_ms, 1))
    return Usage(model=then.model if then.model != "none" else first.model,
                 tokens_in=first.tokens_in + then.tokens_in, tokens_out=first.tokens_out + then.tokens_out,
                 cost_li=first.cost_li + then.cost_li, latency_ms=round(first.latency_ms + then.latency_ms, 1))


def numeric_answer(result: Any) -> Answer:
    text = f"{result.answer}\n{result.computation}" if result.computation else result.answer
    check = Check(atom=str(result.value), kind="computed", supported=True, detail=result.computation)
    return Answer(text, checks=[check], route="numeric", mode="extractive")
