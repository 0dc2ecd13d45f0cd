"""Route a question: numeric (computed exactly), chat (small talk), tool (an action) or knowledge."""

from __future__ import annotations

import re
from datetime import datetime

from luodi.fold import to_simplified, to_traditional

_END = r"[\s!！。.,，~～呀啊哈?？]*$"
# Small talk, by what it asks for; checked on the simplified, lower-cased message as a whole.
_CHAT: list[tuple[str, re.Pattern[str]]] = [
    ("thanks", re.compile(r"^\s*(?:谢谢(?:你|您)?|多谢|感谢(?:你|您)?|辛苦了|thanks|thank you|thx)" + _END, re.I)),
    ("bye", re.compile(r"^\s*(?:再见|拜拜|回头见|bye|goodbye|see you)" + _END, re.I)),
    ("ack", re.compile(r"^\s*(?:好的|好|收到|明白了?|知道了|ok|okay|got it)" + _END, re.I)),
    ("about", re.compile(r"^\s*(?:你是谁|你是什么|你能做什么|你会什么|你可以做什么|你有什么用|怎么用|帮助|"
                         r"who are you|what are you|what can you do|how do i use you|help)" + _END, re.I)),
    ("hello", re.compile(r"^\s*(?:你好|您好|嗨|哈喽|早上好|早|晚上好|下午好|hi|hello|hey|good (?:morning|afternoon|evening))"
                         + _END, re.I)),
]
_INTRO = {
    "zh": "我可以根据已收录的文件回答问题，并给出引用来源；数字问题会精确计算。请问有什么可以帮您？",
    "en": "I answer questions from the documents in this knowledge base, with citations, and compute numbers "
          "exactly. How can I help?",
}
CHAT_REPLIES = {
    "hello": {"zh": "您好！" + _INTRO["zh"], "en": "Hello! " + _INTRO["en"]},
    "about": _INTRO,
    "thanks": {"zh": "不客气！还有其他问题随时问我。", "en": "You're welcome! Ask me anything else any time."},
    "bye": {"zh": "再见！", "en": "Goodbye!"},
    "ack": {"zh": "好的。还有什么可以帮您？", "en": "OK. Anything else I can help with?"},
}


def chat_kind(question: str) -> str | None:
    """hello, thanks, bye, ack or about (who are you / what can you do), or None."""
    folded = to_simplified(question)
    return next((kind for kind, rx in _CHAT if rx.match(folded)), None)


def is_chat(question: str) -> bool:
    return chat_kind(question) is not None


def chat_reply(question: str) -> str:
    """The reply to small talk, in the question's language and script."""
    lang = language(question)
    reply = CHAT_REPLIES[chat_kind(question) or "hello"]["en" if lang == "en" else "zh"]
    return to_traditional(reply) if lang == "zh-Hant" else reply


def language(text: str) -> str:
    """zh-Hans, zh-Hant or en: replies follow the question's language."""
    han = [ch for ch in text if "\u3400" <= ch <= "\u9fff"]
    if not han:
        return "en"
    folded = to_simplified("".join(han))
    changed = sum(a != b for a, b in zip(han, folded, strict=True))
    return "zh-Hant" if changed else "zh-Hans"


def route(question: str, now: datetime | None = None):
    """(route, result): ("numeric", a NumericResult), ("numeric", the reply that says why a bare
    computation is not computed), ("chat", None) or ("knowledge", None). The numeric engine
    decides whether it can compute the question."""
    if is_chat(question):
        return "chat", None
    from luodi.numeric.engine import solve, uncomputed

    result = solve(question, now=now)
    if result is not None:
        return "numeric", result
    refusal = uncomputed(question)
    if refusal is not None:
        return "numeric", refusal
    return "knowledge", None
