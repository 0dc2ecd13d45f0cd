"""Asking again of other documents: when a question names documents (国际件 → the English guide),
sends something to a place one service's table prices (寄往香港 → the HK/Macau/Taiwan rules), or is
asked in English of a knowledge base whose Chinese rules its words do not reach, the answer stage
(luodi.answer.Answerer, which mixes this in) asks it again of those documents alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from luodi.answer.freight import service_of
from luodi.answer.items import NOT_THE_ITEM
from luodi.answer.places import ABROAD_ANYWHERE, without_destination
from luodi.answer.reply import MARKER, added, decline, has_computed, says_about
from luodi.answer.text import coverage, mostly_chinese, question_terms
from luodi.retrieve.basis import general_of
from luodi.retrieve.foreign import Named, mentions
from luodi.types import Answer, Hit

# A place's own rules name things their own way (港澳台件 for 快件): they say less only when they
# quote under half as much of the question as the other answer does.
LESS = 0.5

if TYPE_CHECKING:  # the answer stage defines its options and mixes this class in
    from luodi.answer import AskOptions


class Rescoping:
    """The re-asking steps of `Answerer`; they use its retriever, `_compose` and `_open_with_cell`."""

    def _in_scope(self, question: str, hits: list[Hit], answer: Answer, named: Named, opts: AskOptions,
                  use_llm: bool) -> tuple[Answer, list[Hit]]:
        """The answer, unless a word of the question names documents (国际件 → the international
        guide, luodi.retrieve.foreign) and the passage it answers from (or, declining, those it
        lists) says none of those words and comes from none of the documents the question's
        words name by title: then the question is answered again from the named documents alone,
        or declined with their closest passages listed. An answer whose quote says such a word
        together with another word of the question (the holiday notice's "国际件 | 暂停 | … 暂停收寄"
        for 国际件春节哪天暂停收寄), or a decline listing a passage that says it, is asked again
        too, and kept unless the named documents answer; a quote that says the word about nothing
        asked (国際件可以寄香水嗎 and the manual's "港澳台件、国际件…另有专门规范的，优先适用专门规范")
        is not kept. Returns the answer and the hits it drew on.
        """
        # the passage that answers (its first citation), or any of those a decline lists
        cited = {c.chunk for c in answer.citations[:None if answer.abstained else 1]}
        quoted = [h for h in hits if h.chunk_id in cited]
        if not answer.abstained and any(h.document_id in named.titled for h in quoted):
            return answer, hits
        if answer.abstained:  # a decline for another thing than the one asked about says nothing of it
            said = answer.extra.get("fallback") != NOT_THE_ITEM and any(
                h.document_id in named.titled or any(mentions(w, h.section, h.text) for w in named.scopes)
                for h in quoted)
        else:  # the quote says the word about what is asked (国际件 | 暂停 for 国际件春节哪天暂停收寄)
            said = says_about(MARKER.split(answer.answer) + answer.citations[0].quote.split(" … "), question,
                               list(named.scopes))
        again, scoped = self._asked_of(set().union(*named.scopes.values()), question, opts, use_llm)
        if said and again.abstained:  # a quote that says the word about what is asked stays
            return answer, hits
        if again.abstained and not again.extra.get("fallback"):
            again.extra["fallback"] = "no answer in the documents the question names"
        again.usage = added(answer.usage, again.usage)
        again.extra["scope"] = sorted(named.scopes)
        return again, hits + scoped

    def _of_service(self, question: str, hits: list[Hit], answer: Answer, opts: AskOptions,
                    use_llm: bool) -> tuple[Answer, list[Hit]]:
        """The answer, unless the question sends something to a place that only one document's
        price table has a row for (寄往香港 → the HK/Macau/Taiwan rules, luodi.answer.freight
        `service_of`) and the passage it answers from is of another document and does not say
        the place: then it is asked again of that document, whose answer, if it gives one, is
        taken ("寄往香港的快件声明价值500元保价费" was computed by the domestic 0.5%; the HK rules
        charge 1%, at least 10 元)."""
        found = service_of(self.retriever, question, hits, opts.as_of)
        if found is None:
            return self._of_general(question, hits, answer, opts, use_llm)
        doc, place, tables, by_zone = found
        first = next((h for h in hits if answer.citations and h.chunk_id == answer.citations[0].chunk), None)
        # within the place's own rules the place tells no passage from another (their 保價費 rule
        # does not say 澳門): they are searched, and if need be judged, without it
        rest = without_destination(question, place)
        computed = has_computed(answer)
        if not answer.abstained and first is not None and first.document_id == doc and rest != question \
                and not computed:
            plain, scoped = self._asked_of({doc}, rest, opts, use_llm)
            if self._says_less(rest, place, answer, plain):  # their rule that says what is asked
                plain.usage = added(answer.usage, plain.usage)
                plain.extra["scope"] = [place]
                return plain, hits + scoped
        if not answer.abstained and first is not None and (first.document_id == doc or mentions(place, "", first.text)):
            # the place's row of its table may hold the answer the hits lacked (寄到澳门的快件几天到)
            seen = {t.chunk_id for t in tables} & {h.chunk_id for h in hits}  # the hits' tables were read
            opened = not seen and not computed and self._open_with_cell(question, answer, tables)
            return answer, hits + tables if opened else hits
        again, scoped = self._asked_of({doc}, question, opts, use_llm, also=tables, search=rest)
        # 寄往国外 over an English guide: its lines are judged by glosses, and without 国外 a line
        # holding 包裹 and 公斤 (a worked example) passed for one on the weight limit
        loose = ABROAD_ANYWHERE.fullmatch(place) is not None and bool(scoped) and \
            mostly_chinese(question) != mostly_chinese(scoped[0].text)
        if rest != question and not has_computed(again) and not loose:
            plain = self._compose(rest, scoped, opts, use_llm)
            if again.abstained or not plain.abstained and self._says_less(rest, place, again, plain):
                again = plain
        if again.abstained and (computed or by_zone):
            # a figure by another service's rate is no answer, nor a domestic rule for sending abroad
            # (寄往国外…最重: the manual's 50 kg, the guide's 30; 寄到美国…香水: the manual allows
            # 100 ml, the guide none): the place's rules are listed instead
            why = "a figure by another service's rules" if computed else "no answer in the rules for sending abroad"
            declined = decline(question, scoped, answer.usage, why)
            declined.extra["scope"] = [place]  # not asked again of the other service's rules
            return declined, hits + scoped
        if again.abstained or self._says_less(question, place, again, answer):
            return answer, hits
        again.usage = added(answer.usage, again.usage)
        again.extra["scope"] = [place]
        return again, hits + scoped

    def _says_less(self, question: str, place: str, again: Answer, answer: Answer) -> bool:
        """Whether the place's own rules quote less of what is asked, the place aside and rare
        words weighing more, than the answer that does not say the place: "寄到澳门的快件能寄药品吗？"
        was answered from the HK/Macau rules' dispatch times (澳門的快件, not 药品) over the manual's
        药品 rule. A figure by another service's rate is never kept so."""
        if answer.abstained or not answer.citations or not again.citations \
                or has_computed(answer):
            return False
        quotes = again.citations[0].quote, answer.citations[0].quote
        if any(mostly_chinese(q) != mostly_chinese(question) for q in quotes):
            return False  # words are compared within the question's language only
        terms = question_terms(without_destination(question, place))
        stats = self._stats()
        said = stats.weighted_coverage if stats is not None else coverage
        return said(terms, quotes[0]) < LESS * said(terms, quotes[1])

    def _of_general(self, question: str, hits: list[Hit], answer: Answer, opts: AskOptions,
                    use_llm: bool) -> tuple[Answer, list[Hit]]:
        """The answer, unless it quotes a service's own rules (a document made under another:
        luodi.retrieve.basis) for a question that names neither that service nor a place only it
        serves, and the general rules it was made under were retrieved too: then it is asked
        again of the general rules, whose answer is taken if it quotes as much of the question
        ("快件丢了多久内可以索赔？" quoted the HK/Macau/Taiwan rules' 60 days, the manual's 30 days
        second)."""
        first = next((h for h in hits if answer.citations and h.chunk_id == answer.citations[0].chunk), None)
        if answer.abstained or first is None or first.document_id is None \
                or has_computed(answer):
            return answer, hits
        general = general_of(self.retriever, first.document_id, opts.as_of)
        if general is None or not any(h.document_id == general for h in hits):
            return answer, hits  # the general rules were not found for it: the service's stand
        again, scoped = self._asked_of({general}, question, opts, use_llm)
        terms = question_terms(question)
        if again.abstained or coverage(terms, again.citations[0].quote) < coverage(terms, answer.citations[0].quote):
            return answer, hits  # the general rules say less of what is asked (冷冻件每票加收多少钱)
        again.usage = added(answer.usage, again.usage)
        return again, hits + scoped

    def _in_chinese(self, question: str, hits: list[Hit], answer: Answer, opts: AskOptions,
                    use_llm: bool) -> tuple[Answer, list[Hit]]:
        """A declined English question asked again of the documents written in Chinese alone: its
        English words draw it to the English pages of a knowledge base that holds both, and the
        Chinese rules that answer it ("How many times will a courier try to deliver a parcel?",
        每件快件最多派送3次) rank below them. Their answer, if they give one, is taken."""
        documents = getattr(self.retriever, "chinese_documents", lambda _: set())(opts.as_of)
        if not documents:
            return answer, hits
        again, scoped = self._asked_of(documents, question, opts, use_llm)
        if again.abstained:
            return answer, hits
        again.usage = added(answer.usage, again.usage)
        return again, hits + scoped

    def _asked_of(self, documents: set[int], question: str, opts: AskOptions, use_llm: bool,
                  also: list[Hit] = (), search: str | None = None) -> tuple[Answer, list[Hit]]:
        """The question asked again of these documents alone (found by `search`, if given, instead
        of the question): the answer and the passages found, with `also` (the place's price table,
        whose cell may answer: 寄到澳门的快件几天到) after them."""
        scoped = self.retriever.search(search or question, opts.k, collection=opts.collection,
                                       document_ids=documents, as_of=opts.as_of)
        scoped += [h for h in also if h.chunk_id not in {s.chunk_id for s in scoped}]
        return self._compose(question, scoped, opts, use_llm), scoped

    # -- composers -------------------------------------------------------------------
