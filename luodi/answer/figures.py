"""Figures computed from one cited rule for the numbers a question gives, tried in turn: a fee
that runs with time (luodi.answer.accrual), the last day of a period (luodi.answer.deadline), a
formula matched by units (luodi.answer.formula), a parcel's volumetric or chargeable weight
(luodi.answer.volume). Each cites what it read."""

from __future__ import annotations

from datetime import date

from luodi.answer.accrual import accrued, accrued_text
from luodi.answer.deadline import deadline, deadline_text
from luodi.answer.formula import applied, applied_text, bound
from luodi.answer.mixed import Computed, weight_text
from luodi.answer.reply import citation_of
from luodi.answer.volume import weight
from luodi.types import Answer, Hit


def rule_figure(retriever, question: str, hits: list[Hit], answer: Answer, as_of: str | None = None,
                quoted: list[Hit] | None = None) -> tuple[Computed | None, int, list[Hit]]:
    """The first figure the question's numbers and a rule among the hits give, the index of the
    answer's citation of that rule (added), and the hits read (searches may add to them);
    `quoted`: the passages the answer quotes, read first for a fee."""
    computed, cited = _accrued(question, [*(quoted or []), *hits], answer)
    if computed is not None:
        return computed, cited, hits
    computed, cited = _deadline(question, [*(quoted or []), *hits], answer, as_of)
    if computed is not None:
        return computed, cited, hits
    computed, cited, read = _formula(retriever, question, hits, answer, as_of)
    if computed is not None:
        return computed, cited, read
    computed, cited = _sized(question, hits, answer)
    return computed, cited, hits


def _accrued(question: str, hits: list[Hit], answer: Answer) -> tuple[Computed | None, int]:
    got = accrued(question, [h.text for h in hits])
    if got is None:
        return None, 0
    text, atom = accrued_text(question, got)
    return Computed(text, atom, got.detail), citation_of(answer, hits[got.source], got.quote)


def _deadline(question: str, hits: list[Hit], answer: Answer, as_of: str | None) -> tuple[Computed | None, int]:
    today = date.fromisoformat(as_of[:10]) if as_of else date.today()  # the year of a date given without one
    got = deadline(question, [h.text for h in hits], today)
    if got is None:
        return None, 0
    text, atom = deadline_text(question, got)
    detail = f"{got.start.isoformat()} + {got.days} = {got.last.isoformat()}"
    return Computed(text, atom, detail), citation_of(answer, hits[got.source], got.quote)


def _formula(retriever, question: str, hits: list[Hit], answer: Answer,
             as_of: str | None) -> tuple[Computed | None, int, list[Hit]]:
    """The formula's figure, and the rule that bounds it cited after it (searched for in the
    formula's document by the figure's name when the hits lack it)."""
    got = applied(question, [h.text for h in hits])
    if got is None:
        return None, 0, hits
    cited = citation_of(answer, hits[got.source], got.quote)
    near = hits
    if bound(question, [h.text for h in near], got) is None and hits[got.source].document_id is not None:
        near = retriever.search(f"{got.name} {got.unit} 不超过", 5, document_ids={hits[got.source].document_id},
                                as_of=as_of)
    limit = bound(question, [h.text for h in near], got)
    if limit is not None:
        citation_of(answer, near[limit[0]], limit[1])
    text, atom = applied_text(question, got)
    return Computed(text, atom, got.detail), cited, [*hits, *near]


def _sized(question: str, hits: list[Hit], answer: Answer) -> tuple[Computed | None, int]:
    """A parcel's weight by the cited formula; the rule that charges the greater weight cited too."""
    got = weight(question, [h.text for h in hits])
    if got is None:
        return None, 0
    cited = citation_of(answer, hits[got.formula.source], got.formula.quote)
    for rule in got.rules:
        citation_of(answer, hits[rule.source], rule.quote)
    return weight_text(question, got), cited
