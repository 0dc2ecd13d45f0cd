"""Route a question: numeric (computed exactly), chat (small talk), tool (an action) or knowledge."""

from __future__ import annotations

import re
from datetime import datetime

from luodi.fold import to_simplified

_CHAT = re.compile(
    r"^\s*(?:你好|您好|嗨|哈喽|早上好|晚上好|谢谢|多谢|感谢|辛苦了|再见|拜拜|好的|收到|ok|okay|"
    r"hi|hello|hey|thanks|thank you|good (?:morning|evening|night)|bye)"
    r"[\s!！。.,，~～呀啊哈]*$",
    re.IGNORECASE,
)

CHAT_REPLY = {
    "zh": "您好！我可以根据已收录的文件回答问题，并给出引用来源。请问有什么可以帮您？",
    "en": "Hello! I answer questions from the documents in this knowledge base, with citations. How can I help?",
}


def is_chat(question: str) -> bool:
    return bool(_CHAT.match(to_simplified(question)))


def language(text: str) -> str:
    """zh-Hans, zh-Hant or en: replies follow the question's language."""
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not han:
        return "en"
    folded = to_simplified("".join(han))
    changed = sum(a != b for a, b in zip(han, folded, strict=True))
    return "zh-Hant" if changed else "zh-Hans"


def route(question: str, now: datetime | None = None):
    """(route, numeric result or None). The numeric engine decides whether it can compute the question."""
    if is_chat(question):
        return "chat", None
    from luodi.numeric.engine import solve

    result = solve(question, now=now)
    if result is not None:
        return "numeric", result
    return "knowledge", None
