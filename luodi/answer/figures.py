"""Figures computed from one cited rule for the numbers a question gives, tried in turn: a fee
that runs with time (luodi.answer.accrual), the last day of a period (luodi.answer.deadline), a
formula matched by units (luodi.answer.formula), a parcel's volumetric or chargeable weight
(luodi.answer.volume). Each cites what it read."""

from __future__ import annotations

import re
from datetime import date

from luodi.answer.accrual import accrued, accrued_text
from luodi.answer.deadline import deadline, deadline_text
from luodi.answer.formula import applied, applied_text, bound
from luodi.answer.mixed import Computed, weight_text
from luodi.answer.places import ABROAD
from luodi.answer.reply import citation_of
from luodi.answer.volume import moved, weight
from luodi.types import Answer, Hit

_INTERNATIONAL = re.compile(r"international|国际|國際|境外|cross-border", re.I)
_WEIGHT_QUERY = "international shipments volumetric weight length width height divided by 国际 体积重量"


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
    computed, cited, read = _sized(retriever, question, hits, answer, as_of)
    return computed, cited, read


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


def _sized(retriever, question: str, hits: list[Hit], answer: Answer,
           as_of: str | None) -> tuple[Computed | None, int, list[Hit]]:
    """A parcel's weight by the cited formula; the rule that charges the greater weight cited too.
    A parcel sent abroad is weighed by an international rule (a guide divides by 5000 where the
    domestic rules divide by 6000), searched for when the hits lack one; a domestic one by the
    domestic rules where the hits hold both."""
    abroad = ABROAD.search(question) is not None
    read = sorted(hits, key=lambda h: _INTERNATIONAL.search(h.text) is None if abroad else
                  _INTERNATIONAL.search(h.text) is not None)
    got = weight(question, [h.text for h in read])
    if got is not None and abroad and not _INTERNATIONAL.search(read[got.formula.source].text):
        found = [h for h in retriever.search(_WEIGHT_QUERY, 10, as_of=as_of)
                 if _INTERNATIONAL.search(h.text)]
        read = found + [h for h in read if h.chunk_id not in {f.chunk_id for f in found}]
        got = weight(question, [h.text for h in read]) if found else got
    if got is None:
        return None, 0, hits
    own = [i for i, h in enumerate(read) if h.document == read[got.formula.source].document]
    alone = weight(question, [read[i].text for i in own])  # rounded by the formula's own document's rules
    got = moved(alone, own) if alone is not None else got
    cited = citation_of(answer, read[got.formula.source], got.formula.quote)
    for rule in got.rules:
        citation_of(answer, read[rule.source], rule.quote)
    return weight_text(question, got), cited, read
