"""Extractive mode: no model. The best supporting sentences, lightly joined, each with its citation.

It is also the fallback whenever a model's answer fails verification, and it decides abstention:
when no passage covers enough of the question's content, Luodi declines instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from luodi.answer.idf import TermStats
from luodi.answer.text import Sentence, coverage, question_terms, split_sentences
from luodi.types import Hit


@dataclass(frozen=True)
class ExtractiveConfig:
    """Abstention is a linear rule over three features, fitted on DRCD and CMRC 2018 with the gold
    paragraph present and hidden (bench/answers.py), so that about 9 in 10 unanswerable questions
    are declined: IDF-weighted coverage of the best sentence, bigram coverage of the best passage,
    the best dense similarity (multilingual-e5-small cosine) and how far the top keyword score
    stands above the runner-up (a passage made for the question stands out). Without dense scores (keyword-only
    search) a looser two-feature rule applies: without the encoder's signal, a strict rule would
    decline too many paraphrased questions."""

    dense_rule: tuple[float, float, float, float, float] = (5.221, 4.093, 61.714, 2.445, -59.9)
    keyword_rule: tuple[float, float, float] = (1.0, 1.0, -0.85)
    dense_model: str = "e5-small-q4"  # the dense weight is only valid for this encoder's cosines
    second_ratio: float = 0.4  # a further sentence joins when it scores at least this share of the best
    max_sentences: int = 3
    max_chars: int = 200


@dataclass
class Pick:
    hit_index: int
    sentence: Sentence
    score: float


@dataclass
class Extraction:
    picks: list[Pick]
    best_coverage: float  # of the best passage
    abstain: bool


def _window(sentences: list[Sentence], i: int) -> str:
    """A sentence with its neighbours: answers often sit one sentence away from the question's words."""
    return " ".join(s.text for s in sentences[max(0, i - 1) : i + 2])


def answerable(features: tuple[float, float, float | None, float], cfg: ExtractiveConfig,
               dense_ok: bool) -> bool:
    """The abstention rule over (sentence IDF coverage, passage coverage, dense similarity or None,
    relative keyword margin of the top passage)."""
    sent, passage, dense, margin = features
    if dense is not None and dense_ok:
        a, b, c, d, bias = cfg.dense_rule
        return a * sent + b * passage + c * dense + d * margin + bias >= 0
    a, b, bias = cfg.keyword_rule
    return a * sent + b * passage + bias >= 0


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
        rank_bonus = 0.02 * (len(hits) - h_i)  # retrieval order breaks ties
        for s_i, sent in enumerate(sentences):
            own = stats.weighted_coverage(terms, sent.text)
            best_sent = max(best_sent, own)
            ctx = coverage(terms, _window(sentences, s_i))
            scored.append(Pick(h_i, sent, 0.7 * own + 0.3 * ctx + rank_bonus))
    scored.sort(key=lambda p: p.score, reverse=True)
    if not scored:
        return Extraction([], best_cov, True)
    dense = [h.scores["dense"] for h in hits if "dense" in h.scores]
    features = (best_sent, best_cov, max(dense) if dense else None, _keyword_margin(hits))
    abstain = not answerable(features, cfg, dense_model == cfg.dense_model)
    top = scored[0]
    picks = [top]
    for cand in scored[1:]:
        if len(picks) >= cfg.max_sentences or cand.score < cfg.second_ratio * top.score:
            break
        if cand.sentence.text != top.sentence.text and _total(picks) + len(cand.sentence.text) <= cfg.max_chars:
            picks.append(cand)
    return Extraction(picks, best_cov, abstain)


def _keyword_margin(hits: list[Hit]) -> float:
    """(top keyword score − runner-up) / top, over the retrieved passages."""
    scores = sorted((h.scores.get("keyword", 0.0) for h in hits), reverse=True)
    if len(scores) < 2 or scores[0] <= 0:
        return 0.0
    return (scores[0] - scores[1]) / scores[0]


def _total(picks: list[Pick]) -> int:
    return sum(len(p.sentence.text) for p in picks)
