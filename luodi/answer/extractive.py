"""Extractive mode: no model. The best supporting sentences, lightly joined, each with its citation.

It is also the fallback whenever a model's answer fails verification, and it decides abstention:
when no passage covers enough of the question's content, Luodi declines instead of guessing.
"""

from __future__ import annotations

from dataclasses import dataclass

from luodi.answer.text import Sentence, coverage, question_terms, split_sentences
from luodi.types import Hit


@dataclass(frozen=True)
class ExtractiveConfig:
    min_chunk_coverage: float = 0.5  # share of question content the best passage must contain
    min_sentence_coverage: float = 0.3
    second_ratio: float = 0.85  # a second sentence joins when it scores this close to the best
    max_sentences: int = 2
    max_chars: int = 240


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


def extract(question: str, hits: list[Hit], cfg: ExtractiveConfig = ExtractiveConfig()) -> Extraction:
    """Choose the sentences that best answer the question, or decide to abstain."""
    terms = question_terms(question)
    if not hits or not terms:
        return Extraction([], 0.0, True)
    scored: list[Pick] = []
    best_cov = 0.0
    for h_i, hit in enumerate(hits):
        best_cov = max(best_cov, coverage(terms, hit.section + " " + hit.text))
        sentences = split_sentences(hit.text)
        rank_bonus = 0.02 * (len(hits) - h_i)  # retrieval order breaks ties
        for s_i, sent in enumerate(sentences):
            own = coverage(terms, sent.text)
            ctx = coverage(terms, _window(sentences, s_i))
            scored.append(Pick(h_i, sent, 0.7 * own + 0.3 * ctx + rank_bonus))
    scored.sort(key=lambda p: p.score, reverse=True)
    if not scored:
        return Extraction([], best_cov, True)
    top = scored[0]
    abstain = best_cov < cfg.min_chunk_coverage or top.score < cfg.min_sentence_coverage
    picks = [top]
    for cand in scored[1:]:
        if len(picks) >= cfg.max_sentences or cand.score < cfg.second_ratio * top.score:
            break
        if cand.sentence.text != top.sentence.text and _total(picks) + len(cand.sentence.text) <= cfg.max_chars:
            picks.append(cand)
    return Extraction(picks, best_cov, abstain)


def _total(picks: list[Pick]) -> int:
    return sum(len(p.sentence.text) for p in picks)
