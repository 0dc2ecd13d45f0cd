"""Extractive mode: no model. The best supporting sentences, lightly joined, each with its citation.

It is also the fallback whenever a model's answer fails verification, and it decides abstention:
when no passage covers enough of the question's content, Luodi declines instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from luodi.answer import crosslingual
from luodi.answer.asked import (
    ASKS_ADDRESS,
    ASKS_MONEY,
    ASKS_PAY,
    ASKS_QUANTITY,
    counts_what_is_asked,
    fits_asked,
    quantities,
    states_address,
    states_pay,
)
from luodi.answer.favour import favour, off_the_question
from luodi.answer.idf import TermStats
from luodi.answer.items import NOT_THE_ITEM, rules_on, rules_on_across, sent_item
from luodi.answer.spans import (
    Pick,
    is_prose,
    list_lead,
    one_of_items,
    repeats,
    whole_sentence,
    with_clause_after,
    with_list_items,
    with_quantity_after,
    with_subject_before,
    with_table_header,
)
from luodi.answer.text import (
    Sentence,
    coverage,
    mostly_chinese,
    opposite_terms,
    question_terms,
    question_units,
    split_sentences,
    subject_of,
    text_terms,
)
from luodi.chunk import is_rule
from luodi.fold import has_cjk
from luodi.types import Hit


@dataclass(frozen=True)
class ExtractiveConfig:
    """Abstention is a linear rule fitted with the gold passage present and hidden
    (bench/fit_abstention.py), so that over 9 in 10 unanswerable questions are declined.

    Features: IDF-weighted coverage of the best sentence, bigram coverage of the best passage,
    the best dense similarity (multilingual-e5-small cosine), how far the top keyword score
    stands above the runner-up (a passage made for the question stands out), then more by the
    kind of passage. When the best-matching clause sits in long prose of several clauses, that
    clause's cosine and its lead over the next clause (the clause that answers stands out from
    the rest of its topic; at the same 93% decline rate on hidden-gold DRCD questions, answers
    containing the gold answer rose from 0.79 to 0.83), and the IDF-weighted share of the
    question's characters (English: words) that the top passage holds: the clause rule, fitted
    on DRCD and CMRC 2018. The character share lets a paragraph that holds the question's rare
    characters through paraphrase pass where a sibling paragraph of the same article, alike in
    every other feature, does not (held-out DRCD: contains 0.845 → 0.854 at 0.925 → 0.927
    declined with the gold hidden). Over one-clause chunks, short passages and numbered rules (a
    handbook's 第X条), the same four features and the character share: a colloquial question
    shares characters, not words, with a formal rule (丢 / 丢失).
    That rule is fitted on our Chinese paraphrase questions over laws_zh, since encyclopaedia
    paragraphs are neither short nor numbered. Without dense scores (keyword-only search) a
    looser two-feature rule applies: without the encoder's signal, a strict rule would decline
    too many paraphrased questions."""

    clause_rule: tuple[float, ...] = (3.611, 1.941, 35.795, 2.135, 16.913, 51.074, 4.386, -54.239)
    dense_rule: tuple[float, ...] = (5.628, -4.112, 31.516, 0.192, 5.57, -30.33)
    keyword_rule: tuple[float, float, float] = (1.0, 1.0, -0.85)
    dense_model: str = "e5-small-q4"  # the dense weight is only valid for this encoder's cosines
    rank_step: float = 0.08  # per place in the retrieval order: the retriever saw the whole passage
    quantity_bonus: float = 0.2  # added to a sentence that holds a quantity a "how many" lacks
    date_bonus: float = 0.3  # added to a sentence that states a date the question names
    rarest_factor: float = 0.8  # × an English question's candidate sentence without its rarest word
    second_ratio: float = 0.4  # a further sentence joins when it scores at least this share of the best
    max_sentences: int = 3
    max_chars: int = 200
    list_chars: int = 240  # a sentence that opens a list ("分为三个温区：") grows to take its items
    # A worked example ("例如，计费重量为2.4公斤的省内快件…16元") shares the rule's words and more
    # figures, and answers another case: the rule it illustrates goes first.
    example_factor: float = 0.8
    # A table row whose label the question names (跨省件 | 2月15日… for 春节期间跨省件哪几天不收) is its
    # row; a sentence that names only another row's label answers about that one instead.
    row_bonus: float = 0.3
    sibling_factor: float = 0.5
    # "大果西番莲的叶柄有什么特点？": the plant is named in every sentence of its article, the aspect
    # asked (叶柄) only where the answer is
    aspect_bonus: float = 0.3
    # "理赔要准备哪些材料？": a sentence that opens a list ("提交下列材料：") over one that says its words
    list_bonus: float = 0.2
    # "包裹最重能寄多少公斤？": a sentence that sets a bound in the unit asked (不超过50公斤)
    bound_bonus: float = 0.3


NEAR_COPY = 0.8  # share of shared character bigrams above which two passages count as copies
# The clause rule was fitted on DRCD/CMRC paragraphs (240+ characters, several sentences). Short
# articles of a handbook (median 72 characters) sit beside near-identical siblings, so a clause
# never leads by much there: the rule declined answerable demo questions, so it stays out. So
# it does over a numbered rule of any length (第X条, Article 3): on the laws paraphrases it
# declined 0.99 of the questions whose gold law was hidden, and answered 0.14 of the rest.
CLAUSE_RULE_MIN_CHARS = 200


@dataclass
class Extraction:
    picks: list[Pick]
    best_coverage: float  # of the best passage
    abstain: bool
    features: Features | None = None  # what the abstention rule saw (bench/fit_abstention.py)
    why: str = ""  # a decline's reason, when a guard and not the fitted rule declined


def _window(sentences: list[Sentence], i: int, text: str) -> str:
    """A sentence with its neighbours: answers often sit one sentence away from the question's
    words. The next one only on the same line: the next line is another item ("2.1 Zone A covers
    Japan … Estimated transit time: 3 to 5 business days." took Canada from 2.2's line below)."""
    end = i + 1
    if end < len(sentences) and "\n" not in text[sentences[i].end : sentences[end].start]:
        end += 1
    return " ".join(s.text for s in sentences[max(0, i - 1) : end])


@dataclass(frozen=True)
class Dense:
    best: float  # best chunk cosine
    clause: float  # best clause cosine
    lead: float  # its lead over the next clause that is not a copy of it
    long_passage: bool  # the best clause sits in prose like that the clause rule was fitted on


@dataclass(frozen=True)
class Features:
    sentence: float  # IDF-weighted question coverage of the best sentence
    passage: float  # question coverage of the best passage
    margin: float  # relative keyword margin of the top passage
    dense: Dense | None
    chars: float = 0.0  # IDF-weighted share of the question's characters (English: words) in the top passage


def answerable(f: Features, cfg: ExtractiveConfig, dense_ok: bool) -> bool:
    """The abstention rule: linear in the features, the dense ones only for the fitted encoder."""
    if f.dense is not None and dense_ok:
        d = f.dense
        values = [f.sentence, f.passage, d.best, f.margin]
        if d.long_passage:
            values += [d.clause, d.lead, f.chars]
            rule = cfg.clause_rule
        else:
            values.append(f.chars)
            rule = cfg.dense_rule
        *w, bias = rule
        return sum(a * x for a, x in zip(w, values, strict=True)) + bias >= 0
    a, b, bias = cfg.keyword_rule
    return a * f.sentence + b * f.passage + bias >= 0


def extract(question: str, hits: list[Hit], cfg: ExtractiveConfig = ExtractiveConfig(),
            stats: TermStats | None = None, dense_model: str | None = None) -> Extraction:
    """Choose the sentences that best answer the question, or decide to abstain."""
    terms = question_terms(question)
    if not hits or not terms:
        return Extraction([], 0.0, True)
    stats = stats or TermStats([h.text for h in hits])
    scored: list[Pick] = []
    best_cov, best_sent = 0.0, 0.0
    for h_i, hit in enumerate(hits):
        best_cov = max(best_cov, coverage(terms, hit.section + " " + hit.text))
        sentences = split_sentences(hit.text)
        rank_bonus = cfg.rank_step * (len(hits) - h_i)
        asked = _asked_heading(hit.section)
        subject = text_terms(subject_of(hit.text))
        for s_i, sent in enumerate(sentences):
            # 保价 said only as 未保价 is not the question's 保价 (nor 非易燃 its 易燃)
            opposite = opposite_terms(question, terms, sent.text)
            said = text_terms(f"{asked} {sent.text}" if asked else sent.text) - opposite
            own = stats.share(terms, said)
            headed = with_table_header(hit.text, sent)
            if headed is not sent and own > 0:  # a row that matches reads its column names too
                said = text_terms(headed.text) - opposite
                own = stats.share(terms, said)
            # ranked as if it said the subject its article defined above it ("花期1-3月。")
            ranked = stats.share(terms, said | (subject - opposite)) if subject else own
            best_sent = max(best_sent, own)
            window = _window(sentences, s_i, hit.text)
            ctx = coverage(terms, window, opposite_terms(question, terms, window))
            scored.append(Pick(h_i, sent, 0.7 * ranked + 0.3 * ctx + rank_bonus, own))
    favour(question, terms, scored, hits, stats, cfg)
    scored.sort(key=lambda p: p.score, reverse=True)
    if not scored:
        return Extraction([], best_cov, True)
    top = with_subject_before(terms, with_quantity_after(question, scored[0], scored, hits), scored, hits,
                               cfg.max_chars)
    top = with_clause_after(terms, top, scored, hits, cfg.max_chars)
    # A numbered rule that would be quoted is judged as a rule (the short-passage rule, on its own
    # characters) even when a prose passage above it, a notice say, holds a closer clause: the
    # prose's clause rule measured the rule's answer by the notice's lead.
    rule = hits[top.hit_index] if is_rule(hits[top.hit_index].section) else None
    judged = rule or hits[0]
    features = Features(best_sent, best_cov, _keyword_margin(hits), _dense_features(hits, rule),
                        stats.weighted_coverage(question_units(question), judged.section + " " + judged.text))
    english = not mostly_chinese(question)
    # an English question over a Chinese passage; one with Chinese words of its own ("MIT
    # OpenCourseWare指什么") shares them with the passage and is judged as usual
    if english and not has_cjk(question) and mostly_chinese(judged.text):
        return _across(question, hits, top.hit_index if rule else 0, features, cfg, dense_model == cfg.dense_model)
    if not english and not mostly_chinese(judged.text):
        return _into_english(question, hits, features, cfg)
    abstain = not answerable(features, cfg, dense_model == cfg.dense_model) or (
        english and _lacks_asked_quantity(question, top, cfg)) or _lacks_asked_money(question, top, hits, cfg) or (
        ASKS_ADDRESS.search(question) is not None and not states_address(top.sentence.text)) or (
        top is scored[0] and one_of_items(top, scored, hits[top.hit_index].text))
    picks = [top]
    for cand in scored[1:]:
        if len(picks) >= cfg.max_sentences or cand.score < cfg.second_ratio * top.score:
            break
        if not cand.own and " | " in cand.sentence.text:
            continue  # a table row that shares nothing with the question is only its neighbours' context
        if english == mostly_chinese(cand.sentence.text):
            continue  # support in another language than the question's reads as noise to its asker
        quoted = cand.sentence.text.strip()
        if any(quoted in p.sentence.text or repeats(quoted, p.sentence.text) for p in picks):
            continue  # a clause that near-identical passages each hold is quoted once ("花期3月；")
        if _total(picks) + len(cand.sentence.text) <= cfg.max_chars:
            picks.append(cand)
    picks, leads = _with_leads(picks, hits)
    headers: set[tuple[int, str]] = set()
    for pick in picks:
        text = hits[pick.hit_index].text
        if id(pick) not in leads:  # a lead put before its chosen items is not grown over the others
            pick.sentence = with_list_items(text, pick.sentence, cfg.list_chars)
        if is_prose(hits[pick.hit_index]):
            pick.sentence = whole_sentence(text, pick.sentence, cfg.list_chars)
        headed = with_table_header(text, pick.sentence)
        if headed is not pick.sentence:
            header = (pick.hit_index, headed.text.split("\n", 1)[0])
            if header not in headers:  # the table's header is quoted once, above its first row
                pick.sentence = headed
            headers.add(header)
    # an item a grown sentence now quotes is not repeated on its own, nor a header it carries
    picks = _distinct(picks)
    picks = [p for p in picks if (p.hit_index, p.sentence.text) not in headers and not any(
        o is not p and o.hit_index == p.hit_index and o.sentence.start <= p.sentence.start
        and p.sentence.end <= o.sentence.end for o in picks)]
    why = "" if abstain else NOT_THE_ITEM if _not_the_item(question, picks, hits) else \
        off_the_question(question, terms, picks, hits, stats)
    return Extraction(picks, best_cov, abstain or bool(why), features, why)


def _distinct(picks: list[Pick]) -> list[Pick]:
    """The picks, the first of any two that quote the same span of one passage (a lead put before
    its item may be the span another pick grew to)."""
    seen: set[tuple[int, int, int]] = set()
    out = []
    for pick in picks:
        span = (pick.hit_index, pick.sentence.start, pick.sentence.end)
        if span not in seen:
            seen.add(span)
            out.append(pick)
    return out


def _with_leads(picks: list[Pick], hits: list[Hit]) -> tuple[list[Pick], set[int]]:
    """Each enumerated item after the clause that opens its list (`list_lead`), once, unless a
    pick quotes that clause already: "第三十五条 下列物品禁止寄递：" before "（一）枪支…管制刀具；".
    Returns the picks and the ids of the leads put in."""
    out: list[Pick] = []
    leads: set[int] = set()
    for pick in picks:
        lead = list_lead(hits[pick.hit_index].text, pick.sentence)
        if lead is not None and not any(p.hit_index == pick.hit_index
                                        and p.sentence.start <= lead.start < p.sentence.end for p in picks + out):
            out.append(Pick(pick.hit_index, lead, pick.score, pick.own))
            leads.add(id(out[-1]))
        out.append(pick)
    return out, leads


def _across(question: str, hits: list[Hit], i: int, features: Features, cfg: ExtractiveConfig,
            dense_ok: bool) -> Extraction:
    """An English question over a Chinese passage (luodi.answer.crosslingual): the passage
    quoted (`crosslingual.quote`), or a decline."""
    groups = crosslingual.groups_of(question)
    sentence = crosslingual.quote(groups, hits[i])
    if sentence is None:
        return Extraction([], features.passage, True, features)
    top = Pick(i, with_list_items(hits[i].text, sentence, cfg.list_chars), 1.0, 1.0)
    top.quantity = bool(quantities(top.sentence.text) - quantities(question))
    abstain = not (dense_ok and crosslingual.answerable(groups, hits[i])) or \
        _lacks_asked_quantity(question, top, cfg)
    item = None if abstain else sent_item(question)
    if item is not None and not rules_on_across(item, f"{hits[i].section} {hits[i].text}"):
        return Extraction([top], features.passage, True, features, NOT_THE_ITEM)
    return Extraction([top], features.passage, abstain, features)


def _into_english(question: str, hits: list[Hit], features: Features, cfg: ExtractiveConfig) -> Extraction:
    """A Chinese question over English passages (luodi.answer.crosslingual): the English line
    that holds most of its words quoted, or a decline."""
    line = crosslingual.english_line(question, hits)
    if line is None:
        return Extraction([], features.passage, True, features)
    top = Pick(line.hit, with_list_items(hits[line.hit].text, line.sentence, cfg.list_chars), 1.0, 1.0)
    top.quantity = bool(quantities(top.sentence.text) - quantities(question))
    # one word is chance, unless it is the question's only word and the line gives the quantity
    # asked (寄到日本的国际件一般几天能到 → "2.1 Zone A covers Japan … 3 to 5 business days.")
    one = line.share == 1 and bool(ASKS_QUANTITY.search(question)) and fits_asked(question, top.sentence.text)
    abstain = not (crosslingual.english_answerable(line) or one) or _lacks_asked_quantity(question, top, cfg)
    return Extraction([top], features.passage, abstain, features)


def _lacks_asked_quantity(question: str, top: Pick, cfg: ExtractiveConfig) -> bool:
    """An English question that asks how many, how much, how long or when, whose best sentence
    holds no quantity it does not already state. A guard for English only: the abstention rule
    was fitted on Chinese data and is loose on English (bench/english.py: "How many employees
    does Feige Express have?" was answered with the guide's scope, "1.1 This guide applies to
    …"); on DRCD and CMRC the same guard cost about a point of answers that contain the gold
    answer for 0.2 points more declines with the gold hidden."""
    if not cfg.quantity_bonus or not ASKS_QUANTITY.search(question):
        return False
    return not top.quantity or not counts_what_is_asked(question, top.sentence.text)


def _lacks_asked_money(question: str, top: Pick, hits: list[Hit], cfg: ExtractiveConfig) -> bool:
    """A Chinese question for a sum of money (罚多少钱, 收多少钱, 赔多少) whose best sentence, with
    its list, states no quantity: "闯红灯罚多少钱？" was answered with the rule that defines the
    red light, and then another offence's fine. Other Chinese questions are left to the fitted rule."""
    text = with_list_items(hits[top.hit_index].text, top.sentence, cfg.list_chars).text
    if ASKS_PAY.search(question):  # pay is money: a rule's other numbers do not answer it
        return not states_pay(text)
    return ASKS_MONEY.search(question) is not None and not quantities(text)


def _not_the_item(question: str, picks: list[Pick], hits: list[Hit]) -> bool:
    """A question whether a thing may be sent (电子烟可以寄吗) none of whose quoted passages names it
    and speaks of sending (luodi.answer.items): the rule of another thing that shares a word with
    it, or a rule that names it for something else."""
    item = sent_item(question)
    return item is not None and not any(
        rules_on(item, f"{hits[p.hit_index].section} {hits[p.hit_index].text}") for p in picks)


def _asked_heading(section: str) -> str:
    """The heading a passage answers when it is a question, as in an FAQ ("Q7. How much can I load
    on an electric tricycle?" over "At most 200 kg of cargo…"): the answer shares few words with
    the question, its heading shares them all, so its sentences are read under it."""
    leaf = section.rsplit(" > ", 1)[-1].strip()
    return leaf if leaf.endswith(("?", "？")) else ""


def _dense_features(hits: list[Hit], quoted: Hit | None = None) -> Dense | None:
    """Dense features of the best-clause passage, or of `quoted` (a rule to be quoted)."""
    dense = [h for h in hits if "dense" in h.scores]
    if not dense:
        return None
    top = quoted if quoted is not None and "dense" in quoted.scores else max(dense, key=_clause)
    best, top_second = _clause(top), top.scores.get("clause2", -1.0)
    # A copy of the top passage (another version, the other script) is not a rival clause.
    top_terms = text_terms(top.text)
    rivals = [_clause(h) for h in dense
              if h is not top and _overlap(top_terms, text_terms(h.text)) < NEAR_COPY]
    return Dense(max(h.scores["dense"] for h in dense), best, best - max([top_second, *rivals]),
                 top_second > -1.0 and len(top.text) >= CLAUSE_RULE_MIN_CHARS and not is_rule(top.section))


def _clause(hit: Hit) -> float:
    """A hit's best clause cosine; a one-clause chunk is its own only clause."""
    return hit.scores.get("clause", hit.scores["dense"])


def _overlap(a: set[str], b: set[str]) -> float:
    return len(a & b) / max(1, min(len(a), len(b)))


def _keyword_margin(hits: list[Hit]) -> float:
    """(top keyword score − runner-up) / top, over the retrieved passages."""
    scores = sorted((h.scores.get("keyword", 0.0) for h in hits), reverse=True)
    if len(scores) < 2 or scores[0] <= 0:
        return 0.0
    return (scores[0] - scores[1]) / scores[0]


def _total(picks: list[Pick]) -> int:
    return sum(len(p.sentence.text) for p in picks)
