"""Which model writes an answer: the cheap one first, the strong one only when it is worth it.

A pure policy: it names models and reasons; the caller makes the calls, checks the budget with
`Ledger.max_cost`/`Ledger.check`, and reports `Decision.model` as the model that wrote the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# Questions that ask for comparison, explanation or several things at once are "hard" for a
# 0.5B model; plain look-ups are not.
_HARD_WORDS = re.compile(
    r"为什么|為什麼|如何|怎么|怎麼|区别|區別|比较|比較|对比|對比|分析|解释|解釋|总结|總結|"
    r"\bwhy\b|\bhow\b|\bcompare\b|\bdifference\b|\bexplain\b|\bsummari[sz]e\b",
    re.IGNORECASE,
)


def looks_hard(question: str, *, max_plain_chars: int = 60) -> bool:
    """A cheap guess that a question needs the stronger model."""
    parts = len(re.findall(r"[?？]", question))
    return len(question) > max_plain_chars or parts > 1 or bool(_HARD_WORDS.search(question))


@dataclass(frozen=True)
class Decision:
    model: str  # the model to call (and to name in the answer)
    reason: str  # cheap-first, hard-question, verification-failed, no-strong-model, over-budget
    escalated: bool = False


@dataclass(frozen=True)
class RoutingPolicy:
    cheap: str
    strong: str | None = None
    escalate_on_hard: bool = True
    escalate_on_failed_verification: bool = True
    max_escalations: int = 1

    def first(
        self, question: str, *, hard: bool | None = None, strong_affordable: bool = True
    ) -> Decision:
        """The model for the first attempt."""
        hard = looks_hard(question) if hard is None else hard
        if hard and self.escalate_on_hard and self.strong:
            if strong_affordable:
                return Decision(self.strong, "hard-question", escalated=True)
            return Decision(self.cheap, "over-budget")
        return Decision(self.cheap, "cheap-first")

    def after(
        self,
        previous: Decision,
        *,
        verified: bool,
        escalations: int = 0,
        strong_affordable: bool = True,
    ) -> Decision | None:
        """The next attempt after an answer was verified (or not); None means stop here.

        An unverified answer from the strong model is not retried: the caller falls back to an
        extractive answer or declines.
        """
        if verified or not self.escalate_on_failed_verification:
            return None
        if not self.strong or previous.model == self.strong:
            return None
        if escalations >= self.max_escalations:
            return None
        if not strong_affordable:
            return None
        return Decision(self.strong, "verification-failed", escalated=True)
