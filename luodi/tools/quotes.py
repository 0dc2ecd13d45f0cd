"""Separate the user's own instruction from quoted material before planning.

Only the user's own words may trigger a tool call. Quoted text (「」『』“”‘’ "..."), reported
speech (客户发来消息说：…, the customer wrote: …) and forwarded blocks are replaced by placeholders
⟦1⟧, ⟦2⟧… so no planner ever reads an instruction inside them. A quote the user dictates as the
message to send (跟客户说“我三点到”) is marked `dictated`: its text may fill the arguments of the
call the user's own words asked for (the ETA or note of a notice), never start a call.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_PAIRS = (("「", "」"), ("『", "』"), ("“", "”"), ("‘", "’"), ('"', '"'), ("《", "》"))
# Someone else's words follow: 客户(发来消息)说：, 收件人留言:, the customer wrote:
_REPORTED = re.compile(
    r"(?:客户|顾客|客人|收件人|寄件人|对方|用户|网点|同事|他|她|有人|群里|系统|短信|邮件|文档|手册|资料|公告)"
    r"(?:刚才|刚刚|又)?(?:发来|发了|来|回|回复|留)?(?:了)?(?:一条|条)?(?:消息|短信|信息|留言|微信|邮件|话)?"
    r"(?:里|中)?(?:说|称|讲|写道|写着|表示|问|要求|留言)[道着]?\s*[:：,，]?"
    r"|(?:客戶|顧客)(?:說|稱|寫道)[:：,，]?"
    r"|\b(?:the\s+)?(?:customer|recipient|client|sender|someone|they|he|she|email|message|document)\s+"
    r"(?:just\s+)?(?:wrote|writes|said|says|texted|messaged|asked|sent(?:\s+me)?(?:\s+this)?)(?:\s+that)?\s*:?",
    re.I,
)
# The user speaks to the customer (跟…客户说, tell the customer): what follows is the user's message.
_TELL_TO = re.compile(r"(?:跟|和|给|向|对|同|告诉|通知|转告|提醒)[^，。,]{0,30}?(?:客户|收件人|顾客|客人|他|她|对方|用户)"
                      r"|\b(?:tell|notify|inform|let|text|message)\b", re.I)


def _tells(prefix: str, reported_at: int | None) -> bool:
    """Whether `prefix` (a clause so far) is the user addressing someone, before any reported speech."""
    tell = _TELL_TO.search(prefix)
    return tell is not None and (reported_at is None or tell.start() < reported_at)
_FORWARD = re.compile(r"(?:【?转发】?|轉發|forwarded message|-{3,}\s*original message\s*-{3,}|^>)", re.I | re.M)
_CLAUSE_END = re.compile(r"[。！!？?\n]|\.(?=\s|$)")


@dataclass
class Separated:
    own: str  # the user's words, quotes replaced by ⟦n⟧
    quotes: list[str] = field(default_factory=list)
    dictated: dict[int, str] = field(default_factory=dict)  # ⟦n⟧ the user dictates as a message

    @property
    def has_quotes(self) -> bool:
        return bool(self.quotes)


def _clause_start(text: str, pos: int) -> int:
    ends = [m.end() for m in _CLAUSE_END.finditer(text, 0, pos)]
    last_comma = max(text.rfind("，", 0, pos), text.rfind(",", 0, pos))
    return max(ends[-1] if ends else 0, last_comma + 1 if last_comma >= 0 else 0)


def separate(text: str) -> Separated:
    """Split `text` into the user's own words and quoted material (see the module doc)."""
    out = Separated(own=text)

    def hold(chunk: str) -> str:
        out.quotes.append(chunk)
        return f"⟦{len(out.quotes)}⟧"

    # forwarded blocks: everything from the marker on is someone else's text
    m = _FORWARD.search(out.own)
    if m:
        out.own = out.own[: m.start()] + hold(out.own[m.end():].strip())
    # bracketed quotes, outermost first
    for left, right in _PAIRS:
        pattern = re.compile(re.escape(left) + r"(.*?)" + re.escape(right), re.S)
        while True:
            m = pattern.search(out.own)
            if not m:
                break
            before = out.own[: m.start()]
            token = hold(m.group(1))
            clause = before[_clause_start(before, len(before)):]
            rep = _REPORTED.search(clause)
            if re.search(r"(?:说|讲|告诉他|告诉她|发|say|tell\s+\w+|:|：)\s*$", before) and \
                    _tells(clause, rep.start() if rep else None):
                out.dictated[len(out.quotes)] = m.group(1)
            out.own = before + token + out.own[m.end():]
    # reported speech without brackets: the rest of its clause is data
    pos = 0
    while True:
        m = _REPORTED.search(out.own, pos)
        if not m:
            break
        start = _clause_start(out.own, m.start())
        if _tells(out.own[start: m.end()], m.start() - start):
            pos = m.end()  # 跟客户说… / tell the customer…: the user's own instruction
            continue
        end_m = _CLAUSE_END.search(out.own, m.end())
        end = end_m.start() if end_m else len(out.own)
        rest = out.own[m.end(): end]
        if rest.strip() and not re.fullmatch(r"\s*⟦\d+⟧\s*", rest):
            token = hold(rest.strip())
            out.own = out.own[: m.end()] + token + out.own[end:]
        pos = m.end() + 1
    return out
