"""Figures computed from one cited rule for the numbers a question gives, tried in turn: a fee
that runs with time (luodi.answer.accrual), the last day of a period (luodi.answer.deadline), a
formula matched by units (luodi.answer.formula), a parcel's volumetric or chargeable weight
(luodi.answer.volume). Each cites what it read."""

from __future__ import annotations

from datetime import date

from luodi.answer.accrual import accrued, accrued_text
from luodi.answer.deadline import deadline, deadline_text
from luodi.answer.formula import applied, applied_text, bound
from luodi.answer.freight import service_of
from luodi.answer.mixed import Computed, weight_text
from luodi.answer.reply import citation_of
from luodi.answer.tariff import sized_parcel
from luodi.answer.volume import moved, weight
from luodi.types import Answer, Hit

_WEIGHT_QUERY = "体积重量 长 宽 高 volumetric weight length width height divided by"


def rule_figure(retriever, question: str, hits: list[Hit], answer: Answer, as_of: str | None = None,
                quoted: list[tuple[Hit, str]] | None = None) -> tuple[Computed | None, int, list[Hit]]:
    """The first figure the question's numbers and a rule among the hits give, the index of the
    answer's citation of that rule (added), and the hits read (searches may add to them).
    A fee or a period is read from `quoted` (the lines of the rules the answer quotes, with
    their hits) or, where the answer quotes none, from the best passage's lines: another rule
    further down the hits is another thing's (驿站 is not the locker)."""
    if quoted:  # the answer's own document: another's rule is another organisation's (物业 A's fee for B)
        quoted = [(hit, line) for hit, line in quoted if hit.document == quoted[0][0].document]
    lines = quoted if quoted is not None else [(hits[0], line) for line in hits[0].text.splitlines()
                                               if line.strip()] if hits else []
    computed, cited = _accrued(question, lines, answer, subject=quoted is not None)
    if computed is not None:
        return computed, cited, hits
    computed, cited = _deadline(question, lines, answer, as_of, hits)
    if computed is not None:
        return computed, cited, hits
    computed, cited, read = _formula(retriever, question, hits, answer, as_of)
    if computed is not None:
        return computed, cited, read
    computed, cited, read = _sized(retriever, question, hits, answer, as_of)
    return computed, cited, read


def quoted_lines(picks, hits: list[Hit]) -> list[tuple[Hit, str]]:
    """The whole line of each quoted sentence (a rule's free period and its rate are quoted as two
    sentences of one line), with its hit, once each."""
    out: dict[tuple[int, int], tuple[Hit, str]] = {}
    for pick in picks:
        text = hits[pick.hit_index].text
        start = text.rfind("\n", 0, pick.sentence.start) + 1
        stop = text.find("\n", pick.sentence.start)
        out.setdefault((pick.hit_index, start), (hits[pick.hit_index], text[start:stop if stop >= 0 else len(text)]))
    return list(out.values())


def _accrued(question: str, lines: list[tuple[Hit, str]], answer: Answer,
             subject: bool) -> tuple[Computed | None, int]:
    got = accrued(question, [line for _, line in lines], subject)
    if got is None:
        return None, 0
    text, atom = accrued_text(question, got)
    return Computed(text, atom, got.detail), citation_of(answer, lines[got.source][0], got.quote)


def _deadline(question: str, lines: list[tuple[Hit, str]], answer: Answer, as_of: str | None,
              hits: list[Hit]) -> tuple[Computed | None, int]:
    today = date.fromisoformat(as_of[:10]) if as_of else date.today()  # the year of a date given without one
    got = deadline(question, [line for _, line in lines], today)
    if got is None:
        return None, 0
    # another document's period for the same event (the HK/Macau/Taiwan rules' 60 days beside the
    # manual's 30): which document the question means is the answer stage's to settle, not a figure's
    own = lines[got.source][0].document
    others = [line for h in hits[:5] if h.document != own for line in h.text.splitlines() if line.strip()]
    rival = deadline(question, others, today) if others else None
    if rival is not None and rival.days != got.days:
        return None, 0
    text, atom = deadline_text(question, got)
    detail = f"{got.start.isoformat()} + {got.days} = {got.last.isoformat()}"
    return Computed(text, atom, detail), citation_of(answer, lines[got.source][0], got.quote)


def _formula(retriever, question: str, hits: list[Hit], answer: Answer,
             as_of: str | None) -> tuple[Computed | None, int, list[Hit]]:
    """The formula's figure, and the rule that bounds it cited after it (searched for in the
    formula's document by the figure's name when the hits lack it)."""
    got = applied(question, [h.text for h in hits])
    if got is None:
        return None, 0, hits
    cited = citation_of(answer, hits[got.source], got.quote)
    near = hits  # a rule that holds the figure, among the hits or in the formula's document, else one it breaks
    if bound(question, [h.text for h in near], got, broken=False) is None and hits[got.source].document_id is not None:
        near = retriever.search(f"{got.name} {got.unit} 不超过", 5, document_ids={hits[got.source].document_id},
                                as_of=as_of)
    limit = bound(question, [h.text for h in near], got)
    if limit is not None:
        citation_of(answer, near[limit[0]], limit[1])
    text, atom = applied_text(question, got)
    return Computed(text, atom, got.detail, alone=True), cited, [*hits, *near]


def _sized(retriever, question: str, hits: list[Hit], answer: Answer,
           as_of: str | None) -> tuple[Computed | None, int, list[Hit]]:
    """A parcel's weight by the cited formula, rounded by its own document's rules; the rule that
    charges the greater weight cited too. A parcel sent where one document serves (寄往美国: the
    international guide, which divides by 5000; 寄往香港: the HK/Macau/Taiwan rules) is weighed by
    that document's formula, searched for when the hits lack it."""
    read = hits
    served = service_of(retriever, question, hits, as_of) if sized_parcel(question) is not None else None
    if served is not None:
        own = [h for h in hits if h.document_id == served[0]]
        found = retriever.search(_WEIGHT_QUERY, 5, document_ids={served[0]}, as_of=as_of)
        own += [h for h in found if h.chunk_id not in {o.chunk_id for o in own}]
        if weight(question, [h.text for h in own]) is not None:
            read = own + [h for h in hits if h.document_id != served[0]]
    got = weight(question, [h.text for h in read])
    if got is None:
        return None, 0, hits
    same = [i for i, h in enumerate(read) if h.document == read[got.formula.source].document]
    alone = weight(question, [read[i].text for i in same])  # rounded by the formula's own document's rules
    got = moved(alone, same) if alone is not None else got
    cited = citation_of(answer, read[got.formula.source], got.formula.quote)
    for rule in got.rules:
        citation_of(answer, read[rule.source], rule.quote)
    return weight_text(question, got), cited, read
