"""Memory commands in plain words: list ("你记得我什么"), forget ("忘掉我的电话号码"), and the
replies Luodi gives to them, to recall questions and to statements it remembers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from luodi.fold import to_simplified
from luodi.memory.facts import LABELS, describe, key_for

_LIST = re.compile(
    r"(?:你)?(?:都|还)?(?:记得|记住了|记住|知道|记着|存了)(?:关于)?我(?:的)?(?:什么|哪些|啥|些什么)"
    r"|(?:列出|查看|显示|看看|看一下)(?:你)?(?:记住的|关于我的|我的)(?:记忆|信息|事情|内容)"
    r"|你(?:都)?记住了(?:我)?哪些"
    r"|\bwhat do you (?:remember|know) about me\b|\b(?:list|show)(?: me)? (?:my )?(?:memories|memory|facts)\b"
    r"|\bwhat have you remembered\b|\bwhat do you remember\b", re.IGNORECASE)
_FORGET_ZH = re.compile(
    r"^(?:请|麻烦)?(?:你)?(?:帮我)?(?:把)?(?:忘掉|忘记|删除|删掉|清除|抹掉|去掉|别再记着|别再记|不要再记着|不要再记住|不要再记|"
    r"不要记住|别记住)(?P<what>.*?)[。.!！？?\s]*$")
_FORGET_ZH_BA = re.compile(r"^(?:请|麻烦)?(?:你)?(?:帮我)?把(?P<what>.+?)(?:忘掉|忘了吧|删掉|删除|清除)(?:吧)?[。.!！\s]*$")
_FORGET_EN = re.compile(
    r"^(?:please\s+|can you\s+|could you\s+)?(?:forget|delete|erase|remove|clear|drop|"
    r"don't remember|do not remember|stop remembering)\s+(?P<what>.+?)[.!?\s]*$", re.IGNORECASE)
_ALL = re.compile(r"所有|全部|一切|everything|all (?:my|of|the)|all$|关于我的(?:信息|事|内容)?$|about me$", re.IGNORECASE)


@dataclass
class Command:
    kind: str  # list, forget
    keys: list[str] = field(default_factory=list)
    everything: bool = False
    what: str = ""


def parse(text: str, facts: list[dict[str, Any]]) -> Command | None:
    """A list/forget command, or None. "忘记密码怎么办" is a question, not a command: a forget
    target must name a remembered key, a remembered value, "everything", or start with 我的/my."""
    folded = to_simplified(text).strip()
    if _LIST.search(folded):
        return Command("list")
    m = _FORGET_ZH.match(folded) or _FORGET_ZH_BA.match(folded) or _FORGET_EN.match(folded)
    if m is None:
        return None
    what = m.group("what").strip()
    if _ALL.search(what):
        return Command("forget", everything=True, what=what)
    lowered = what.lower()
    keys = [f["key"] for f in facts if to_simplified(f["value"]).lower() in lowered and f["value"]]
    key = key_for(what)
    if key:
        keys.append(key)
    if keys:
        return Command("forget", keys=sorted(set(keys)), what=what)
    if re.match(r"^(?:我的|关于我|my\b|about me)", lowered):
        return Command("forget", keys=[], what=what)
    return None


# -- replies -----------------------------------------------------------------------------------
_T = {
    "ack": {"zh-Hans": "好的，我记住了：{items}。", "zh-Hant": "好的，我記住了：{items}。",
            "en": "OK, I'll remember: {items}."},
    "was": {"zh-Hans": "（原为{old}）", "zh-Hant": "（原為{old}）", "en": " (was {old})"},
    "list": {"zh-Hans": "我记得关于您的这些信息：", "zh-Hant": "我記得關於您的這些資訊：",
             "en": "This is what I remember about you:"},
    "list_none": {"zh-Hans": "我还没有记住关于您的任何信息。", "zh-Hant": "我還沒有記住關於您的任何資訊。",
                  "en": "I don't remember anything about you yet."},
    "forgot": {"zh-Hans": "好的，我已忘掉您的{items}，相关的历史记录已删除，对话记录中的内容已遮盖。",
               "zh-Hant": "好的，我已忘掉您的{items}，相關的歷史記錄已刪除，對話記錄中的內容已遮蓋。",
               "en": "Done: I have forgotten your {items}; its history is deleted and it is masked in past conversations."},
    "forgot_all": {"zh-Hans": "好的，我已忘掉关于您的全部信息。", "zh-Hant": "好的，我已忘掉關於您的全部資訊。",
                   "en": "Done: I have forgotten everything I remembered about you."},
    "forgot_none": {"zh-Hans": "我没有记住您的{what}。", "zh-Hant": "我沒有記住您的{what}。",
                    "en": "I don't have your {what} on record."},
    "recall": {"zh-Hans": "您告诉过我，您的{label}是{value}。", "zh-Hant": "您告訴過我，您的{label}是{value}。",
               "en": "You told me your {label} is {value}."},
    "recall_none": {"zh-Hans": "我还不知道您的{label}。", "zh-Hant": "我還不知道您的{label}。",
                    "en": "I don't know your {label} yet."},
    "no_user": {"zh-Hans": "没有用户身份，无法长期记住或忘掉信息。请指定用户（--user）。",
                "zh-Hant": "沒有使用者身分，無法長期記住或忘掉資訊。請指定使用者（--user）。",
                "en": "Without a user I cannot remember or forget facts; give a user (--user)."},
}


def text(name: str, lang: str, **kw: str) -> str:
    return _T[name].get(lang, _T[name]["zh-Hans"]).format(**kw)


def sep(lang: str) -> str:
    return "; " if lang == "en" else "；"


def ack(new: list[tuple[str, str, str | None]], lang: str) -> str:
    """new: (key, value, previous value or None)."""
    items = []
    for key, value, old in new:
        item = describe({"key": key, "value": value}, lang)
        if old and old != value:
            item += text("was", lang, old=old)
        items.append(item)
    return text("ack", lang, items=sep(lang).join(items))


def listing(facts: list[dict[str, Any]], lang: str) -> str:
    if not facts:
        return text("list_none", lang)
    lines = [text("list", lang)]
    lines += [f"- {describe(f, lang)}（{f['created_at'][:10]}）" if lang != "en"
              else f"- {describe(f, lang)} ({f['created_at'][:10]})" for f in facts]
    return "\n".join(lines)


def label(key: str, lang: str) -> str:
    return LABELS.get(key, {}).get(lang, key)
