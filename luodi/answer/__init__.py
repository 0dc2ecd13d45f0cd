"""The answer stage: route → retrieve → compose (llm or extractive) → verify → reply.

The model is the least trusted part: every atom of its answer is checked against the evidence it
cited; unsupported sentences are removed, and when nothing verified is left the extractive composer
answers instead, or Luodi declines.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from luodi.answer.cells import cell_answer
from luodi.answer.cited import Quote, quoted_articles
from luodi.answer.clause import clause_label, clause_line
from luodi.answer.extractive import Extraction, ExtractiveConfig, extract
from luodi.answer.figures import quoted_lines, rule_figure
from luodi.answer.freight import cell_documents, find_freight, placed_region
from luodi.answer.guard import Evidence
from luodi.answer.llm import SCHEMA, build_messages, parse_draft
from luodi.answer.mixed import asks_amount, combine, freight_text
from luodi.answer.places import with_region
from luodi.answer.pointer import pointed_article, rule_quote
from luodi.answer.reply import (
    added,
    at_citation,
    citation_of,
    cite,
    decline,
    has_computed,
    keep_supported,
    numeric_answer,
    open_with,
    quoted_answer,
    rewords,
    supporting_sentence,
    verify,
)
from luodi.answer.rescope import Rescoping
from luodi.answer.router import chat_reply, language, route
from luodi.answer.spans import Pick, in_runs, run_pick
from luodi.answer.spoken import mandarin
from luodi.answer.tariff import parcel_weight
from luodi.answer.tiers import tier
from luodi.answer.zones import zone_note, zone_sentence
from luodi.fold import has_cjk, to_traditional
from luodi.numeric.numbers import format_number
from luodi.types import Answer, Check, Hit, Usage


@dataclass
class AskOptions:
    k: int = 5
    mode: str | None = None  # llm or extractive; None: llm when a model is configured
    now: datetime | None = None
    user: str | None = None
    tenant: str = "default"
    session: str | None = None
    collection: str | None = None
    as_of: str | None = None  # a day: the document versions in force then (luodi.retrieve.history)
    context: list[str] = field(default_factory=list)  # remembered facts about the user, for the model


class Answerer(Rescoping):
    """Turns a question into an `Answer`. `model` and `ledger` are optional."""

    def __init__(self, retriever: Any, model: Any = None, ledger: Any = None,
                 extractive: ExtractiveConfig | None = None, strong: Any = None):
        """`strong`: an optional stronger model, used when the question looks hard or the cheap
        model's answer fails verification, within budget (luodi.models.router.RoutingPolicy)."""
        self.retriever = Evidence(retriever)  # a passage that instructs the assistant is no evidence
        self.model = model
        self.ledger = ledger
        self.extractive = extractive or ExtractiveConfig()
        self.strong = strong

    def ask(self, question: str, opts: AskOptions | None = None) -> Answer:
        opts = opts or AskOptions()
        question = with_region(mandarin(question.strip()))  # 幾多錢 asks what 多少錢 asks; 台北 is in 台灣
        kind, result = route(question, opts.now)
        if kind == "chat":
            return Answer(chat_reply(question), route="chat", mode="extractive")
        if kind == "numeric":
            if isinstance(result, str):  # a bare computation the engine does not do: said, not searched
                return Answer(result, abstained=True, route="numeric", mode="extractive")
            return numeric_answer(result)
        start = time.perf_counter()
        hits = self.retriever.search(question, opts.k, collection=opts.collection, as_of=opts.as_of)
        if self.ledger is not None and getattr(self.retriever, "embedder", None) is not None:
            self.ledger.record("embed", self.retriever.embedder.name, tokens_in=len(question),
                               latency_ms=round((time.perf_counter() - start) * 1000, 2),
                               user=opts.user, tenant=opts.tenant, session=opts.session,
                               local=True, note="query embedding + search")
        use_llm = self.model is not None and (opts.mode or "llm") == "llm"
        clause = self._clause(question, hits, opts)
        quoted = None if clause else quoted_articles(question, hits)
        if clause:  # "What does section 4.4 say?": the clause's line
            answer, hits = clause
        elif quoted:  # "第十二条说了什么": the article itself, no model call
            answer = quoted_answer(quoted, hits)
        elif quoted is not None:
            answer = decline(question, hits, None, "no such article")
        else:
            scopes = getattr(self.retriever, "scopes", None)
            named = scopes(question, collection=opts.collection, as_of=opts.as_of) if scopes else None
            answer = self._compose(question, hits, opts, use_llm)
            if named is not None and named.scopes:
                answer, hits = self._in_scope(question, hits, answer, named, opts, use_llm)
            elif named is None or not named.titled:  # a question naming its documents (大件) is left to them
                answer, hits = self._of_service(question, hits, answer, opts, use_llm)
            if answer.abstained and not has_cjk(question) and not answer.extra.get("scope"):
                answer, hits = self._in_chinese(question, hits, answer, opts, use_llm)
        answer.retrieved_documents = sorted({h.document_id for h in hits if h.document_id is not None})
        return answer

    def _clause(self, question: str, hits: list[Hit], opts: AskOptions) -> tuple[Answer, list[Hit]] | None:
        """A decimal clause the question cites (luodi.answer.clause), quoted from the passage whose
        line opens with its label, searched for by the label when the hits lack it."""
        label = clause_label(question)
        found = None if label is None else clause_line(label, hits, question)
        if label is not None and found is None:
            hits = self.retriever.search(f"{label} {question}", max(opts.k, 10), collection=opts.collection,
                                         as_of=opts.as_of)
            found = clause_line(label, hits, question)
        if found is None:  # a clause the documents do not have: quoting another would mislead
            return None if label is None else (decline(question, hits, None, "no such clause"), hits)
        return quoted_answer([Quote(found[0], "", found[1], hits[found[0]].text)], hits), hits

    def _compose(self, question: str, hits: list[Hit], opts: AskOptions, use_llm: bool) -> Answer:
        exact = self._extractive(question, hits, as_of=opts.as_of)
        if not use_llm or has_computed(exact):
            return exact  # a figure computed from the cited rules: the model never does arithmetic
        if self._abstain(question, hits):  # no model call for what no sentence answers: a table's cell
            # or a zone's line placed by a rule is the answer as found, else a decline
            return exact if not exact.abstained else decline(question, hits, None, "")
        return self._llm(question, hits, opts, None if exact.abstained else exact.answer)

    def _extractive(self, question: str, hits: list[Hit], usage: Usage | None = None,
                    fallback: str = "", as_of: str | None = None) -> Answer:
        ex = extract(question, hits, self.extractive, self._stats(), self._dense_model())
        hits = self._pointed(hits, ex, as_of)
        # a quoted sentence can still carry an atom the verifier reads differently out of context:
        # only sentences whose every atom checks against their own passage are shipped
        verified = [] if ex.abstain else [(p, verify(p.sentence.text, [hits[p.hit_index]])) for p in ex.picks]
        verified = [(p, checks) for p, checks in verified if all(c.supported for c in checks)]
        picks = [p for p, _ in verified]  # sentences that meet in their passage are one quote
        verified = [(run_pick(picks, run, hits), [c for k in run for c in verified[k][1]])
                    for run in in_runs(picks, hits)]
        if not verified:  # no sentence answers; a computed figure or a table's cell for a place still may
            return (self._computed_alone(question, hits, usage, as_of) or self._placed_cell(question, hits, usage, as_of)
                    or self._zoned(question, hits, usage, as_of) or decline(question, hits, usage, fallback or ex.why or ("" if ex.abstain else "no verifiable sentence")))
        used: list[int] = []
        parts, all_checks = [], []
        for pick, checks in verified:  # best first: the first sentence answers, the next support it
            if pick.hit_index not in used:
                used.append(pick.hit_index)
            n = used.index(pick.hit_index)
            parts.append(f"{pick.sentence.text} [{n + 1}]")
            all_checks += [at_citation(c, n) for c in checks]  # checked sentence by sentence
        citations = [cite(hits[i], [p.sentence.text for p, _ in verified if p.hit_index == i]) for i in used]
        text = " ".join(parts)
        answer = Answer(text, citations, all_checks, route="knowledge", mode="extractive", usage=usage or Usage())
        computed, cited = combine(question, [hits[i].text for i in used]), 0
        if computed is None:
            computed, cited, _ = rule_figure(self.retriever, question, hits, answer, as_of,
                                             quoted_lines([p for p, _ in verified], hits))
            quoted = {answer.citations[i].document for i in range(len(used))}
            if computed is not None and (computed.alone or answer.citations[cited].document not in quoted):
                # the quotes are another document's rules (the domestic formula for a parcel abroad),
                # or rules the figure itself picks among (the battery limit the result falls under)
                alone = self._computed_alone(question, hits, usage, as_of)
                if alone is not None:
                    return alone
        if computed is None:
            computed, cited, _ = self._freight(question, hits, answer, as_of)
        if computed is not None:  # the computed figure answers the question; the quotes support it
            marker = f" [{cited + 1}]" if answer.citations else ""
            answer.answer = computed.text + marker + "\n" + answer.answer
            answer.checks.append(Check(atom=computed.atom, kind="computed", supported=True,
                                       citation=cited, detail=computed.detail))
        elif not self._open_with_cell(question, answer, hits):
            self._open_with_tier(question, answer, [hits[i] for i in used])
        if fallback:
            answer.extra["fallback"] = fallback
        return answer

    def _pointed(self, hits: list[Hit], ex: Extraction, as_of: str | None) -> list[Hit]:
        """When the best sentence only points to another rule of its document ("快件延误按第一百零九条
        处理。", luodi.answer.pointer), that rule's opening sentences are quoted after it: the hits
        with that rule's passage added if they lacked it."""
        top = ex.picks[0] if ex.picks and not ex.abstain else None
        cited = pointed_article(top.sentence.text) if top else None
        doc = hits[top.hit_index].document_id if top else None
        if cited is None or doc is None:
            return hits
        found = self.retriever.search(cited, 3, document_ids={doc}, as_of=as_of)
        rule = next((h for h in found if h.scores.get("cited")), None)
        quote = rule_quote(rule.text) if rule is not None else None
        if quote is None or rule.chunk_id == hits[top.hit_index].chunk_id:
            return hits
        at = next((i for i, h in enumerate(hits) if h.chunk_id == rule.chunk_id), len(hits))
        rest = [p for p in ex.picks[1:] if p.hit_index != at]
        ex.picks[:] = [top, Pick(at, quote, top.score, top.own)] + rest[: self.extractive.max_sentences - 2]
        return hits if at < len(hits) else [*hits, rule]

    def _open_with_cell(self, question: str, answer: Answer, hits: list[Hit]) -> bool:
        """The table cell the question asks for (luodi.answer.cells), cited, opening the answer;
        whether there was one. A parcel's price not computed is not answered with a rate cell
        (超过30公斤部分（每公斤）)."""
        cell = None if self._prices_a_parcel(question) else cell_answer(question, [h.text for h in hits])
        if cell is None:
            return False
        n = citation_of(answer, hits[cell.source], cell.row)
        answer.answer = f"{cell.text} [{n + 1}]\n{answer.answer}"
        answer.checks += [at_citation(c, n) for c in verify(cell.text, [hits[cell.source]])]
        return True

    @staticmethod
    def _open_with_tier(question: str, answer: Answer, quoted: list[Hit]) -> None:
        """The item of a quoted list of tiers that holds the question's figure (luodi.answer.tiers),
        opening the answer: 800票 → "（二）500票至1999票：八五折"."""
        got = tier(question, [h.text for h in quoted])
        if got is None:
            return
        n = citation_of(answer, quoted[got.source], got.item)
        figure = f"{format_number(got.value)}{got.unit}"
        head = f"{figure} falls in: {got.item}" if language(question) == "en" else f"{figure}适用：{got.item}"
        answer.answer = f"{to_traditional(head) if language(question) == 'zh-Hant' else head} [{n + 1}]\n{answer.answer}"
        answer.checks += [at_citation(c, n) for c in verify(got.item, [quoted[got.source]])]

    def _freight(self, question: str, hits: list[Hit], answer: Answer, as_of: str | None = None):
        """The freight from a cited price table (luodi.answer.freight), the citation of its table
        (added to the answer's when the answer did not quote that passage), and the hits it read
        (the given ones and those its searches found)."""
        found = find_freight(self.retriever, question, hits, as_of) if asks_amount(question) else None
        if found is None:
            return None, 0, hits
        got, hits = found
        if got.via is not None:  # the sentence that puts the question's place in the row's region
            citation_of(answer, hits[got.via.source], got.via.sentence)
        for surcharge in got.surcharges:
            citation_of(answer, hits[surcharge.source], surcharge.sentence)
        if got.sizing is not None:  # a parcel given by its sizes: the formula and rules that weigh it
            for cited in (got.sizing.formula, *got.sizing.rules):
                citation_of(answer, hits[cited.source], cited.quote)
        return freight_text(question, got), citation_of(answer, hits[got.source], got.row), hits

    @staticmethod
    def _prices_a_parcel(question: str) -> bool:
        return asks_amount(question) and parcel_weight(question) is not None

    def _computed_alone(self, question: str, hits: list[Hit], usage: Usage | None, as_of: str | None) -> Answer | None:
        """A figure computed from the cited rules as the whole answer: a parcel's weight from a
        formula, or a freight (its table's row, and the sentence that puts the place in the row's
        region); what it read quoted and checked."""
        answer = Answer("", [], [], route="knowledge", mode="extractive", usage=usage or Usage())
        computed, cited, read = rule_figure(self.retriever, question, hits, answer, as_of)
        if computed is None:
            computed, cited, read = self._freight(question, hits, answer, as_of)
        if computed is None:
            return None
        open_with(answer, computed.text, cited, read)
        answer.checks.append(Check(atom=computed.atom, kind="computed", supported=True, citation=cited,
                                   detail=computed.detail))
        return answer

    def _placed_cell(self, question: str, hits: list[Hit], usage: Usage | None, as_of: str | None) -> Answer | None:
        """A table's cell for the row a rule puts the question's place in ("寄到新疆的快件几天能到？"
        → 偏远地区 · 标准时效：4—7日), with that rule and the row quoted."""
        placed = placed_region(self.retriever, question, hits, as_of)
        if placed is None:
            return None
        region, via, read = placed
        asked = f"{question}（{region}）"
        cell = cell_answer(asked, [h.text for h in read])
        if cell is None:  # tables of several documents that disagree: the one the question means
            docs = cell_documents(question, read, via)
            cell = cell_answer(asked, [h.text if h.document in docs else "" for h in read])
        if cell is None:
            return None
        answer = Answer("", [], [], route="knowledge", mode="extractive", usage=usage or Usage())
        citation_of(answer, read[via.source], via.sentence)
        open_with(answer, f"{cell.text}（{via.place}）", citation_of(answer, read[cell.source], cell.row), read)
        return answer

    def _zoned(self, question: str, hits: list[Hit], usage: Usage | None, as_of: str | None) -> Answer | None:
        """The sentence that puts the question's foreign destination in a zone and holds what it
        asks (luodi.answer.zones), after a line that says how the place was placed."""
        got = zone_sentence(self.retriever, question, hits, as_of)
        if got is None:
            return None
        answer = Answer("", [], [], route="knowledge", mode="extractive", usage=usage or Usage())
        open_with(answer, zone_note(question, got), citation_of(answer, got.read[got.source], got.sentence), got.read)
        return answer

    def _abstain(self, question: str, hits: list[Hit]) -> bool:
        return extract(question, hits, self.extractive, self._stats(), self._dense_model()).abstain

    def _stats(self):
        store = getattr(self.retriever, "store", None)
        if store is None:
            return None
        from luodi.answer.idf import stats_for

        return stats_for(store)

    def _dense_model(self) -> str | None:
        embedder = getattr(self.retriever, "embedder", None)
        return getattr(embedder, "name", None)

    def _llm(self, question: str, hits: list[Hit], opts: AskOptions, anchor: str | None = None) -> Answer:
        from luodi.models.router import RoutingPolicy

        if not hits:
            return decline(question, hits, None, "")
        top = hits[:4]
        messages = build_messages(question, top, context=opts.context)
        models = {self.model.name: self.model} | ({self.strong.name: self.strong} if self.strong else {})
        policy = RoutingPolicy(self.model.name, self.strong.name if self.strong else None)
        decision = policy.first(question, strong_affordable=self._affordable(self.strong, messages, opts))
        usage, escalations, warnings = Usage(), 0, []
        while True:
            start = time.perf_counter()
            completion = self._call(models[decision.model], messages, opts)
            warnings += [w for w in getattr(completion, "warnings", []) if w not in warnings]
            usage = added(usage, Usage(completion.model, completion.tokens_in, completion.tokens_out,
                                        completion.cost_li, (time.perf_counter() - start) * 1000))
            draft = parse_draft(completion.text, len(top))
            cited = draft.citations or list(range(len(top)))
            kept, checks = ("", []) if draft.insufficient else keep_supported(draft.answer, [top[i] for i in cited])
            if kept and not rewords(kept, anchor, question, checked=bool(checks)):
                kept, checks = "", []  # the model's own facts ("sender" where the rule says the recipient)
            nxt = policy.after(decision, verified=bool(kept), escalations=escalations,
                               strong_affordable=self._affordable(self.strong, messages, opts))
            if kept or nxt is None:
                break
            decision, escalations = nxt, escalations + 1
        if draft.insufficient:
            answer = self._extractive(question, hits, usage, "model found no answer", opts.as_of)
        elif not kept:
            answer = self._extractive(question, hits, usage, "model answer failed verification", opts.as_of)
        else:
            quotes = {i: supporting_sentence(kept, top[i]) for i in cited}
            supporting = [i for i in cited if quotes[i]]
            if supporting and supporting != cited:  # the checks point at the citations that stay
                cited, (_, checks) = supporting, keep_supported(kept, [top[i] for i in supporting])
            citations = [cite(top[i], [quotes[i]]) for i in cited]
            markers = " ".join(f"[{n}]" for n in range(1, len(citations) + 1))
            answer = Answer(f"{kept} {markers}", citations, checks, route="knowledge", mode="llm", usage=usage)
            if len(kept) < len(draft.answer.strip()):
                answer.extra["removed_unsupported"] = True
        if self.strong is not None:
            answer.extra["routing"] = decision.reason
        if warnings:  # budgets at or past [budget] warn_at: the caller should know before the refusal
            answer.extra["budget_warnings"] = warnings
        return answer

    def _affordable(self, model: Any, messages: list[dict], opts: AskOptions) -> bool:
        """Whether the strong model's worst-case cost fits the asker's budgets."""
        if model is None or self.ledger is None:
            return model is not None
        from luodi.errors import BudgetExceeded

        try:
            self.ledger.check(opts.user, opts.tenant, self.ledger.max_cost(model, messages, 160))
        except BudgetExceeded:
            return False
        return True

    def _call(self, model: Any, messages: list[dict], opts: AskOptions):
        kw = dict(max_tokens=160, temperature=0.0, json_schema=SCHEMA)
        if self.ledger is None:
            return model.complete(messages, **kw)
        metered = self.ledger.metered(model, "answer", opts.user, opts.tenant, opts.session)
        return metered.complete(messages, **kw)
