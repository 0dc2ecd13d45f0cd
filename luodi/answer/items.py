"""The thing a question asks whether it may be sent ("电子烟可以寄吗？", "Can I ship perfume
abroad?"), and whether a passage names it. A rule about another thing that shares a word with it
is no answer: "电子烟" met "电子存根" (an electronic receipt) on 电子, "手机壳" the valuables rule on
手机; the fitted abstention rule, which weighs how much of the question a passage covers, let
both through."""

from __future__ import annotations

import re
from functools import lru_cache

import jieba
import jieba.posseg as posseg

from luodi.answer.asked import ASKS_QUANTITY
from luodi.answer.places import ABROAD, named_places
from luodi.answer.text import text_terms
from luodi.fold import has_cjk, to_simplified
from luodi.index.tokenize import stem

# a decline's reason (Answer.extra["fallback"])
NOT_THE_ITEM = "no quoted passage says whether the thing asked about may be sent"
# words of a rule on what may be sent: 收寄, 寄递, 禁寄, 限寄, 托运; accepted, prohibited, shipped … (not
# 禁止 alone: 禁止载人 is the e-bike rider's rule)
_SENDING = re.compile(r"寄|托运|\b(?:accept|prohibit|restrict|refus|forbid|allow|permit|send|sent|ship|mail|"
                      r"post|carr)", re.I)

_ZH_SEND = r"(?:能不能|可不可以|能否|可否|可以|能|准许|允许)(?:邮寄|寄递|寄送|寄|托运)"
# before the verb, as few characters as reach it (手机壳能不能寄: not 手机壳能不), unless it is 寄到付
_ZH_BEFORE = re.compile(r"([\u4e00-\u9fff]{2,10}?)" + _ZH_SEND + "(?!到付)")
# after it, up to the question's particle, never over a destination (可以寄快递到香港吗)
_ZH_AFTER = re.compile(_ZH_SEND + r"((?:(?![吗么嘛呢到往去给至])[\u4e00-\u9fff]){2,10}?)(?:吗|么|嘛|呢|[?？。]|$)")
# words around the thing that are not part of it: 请问电子烟…, 我的手机壳…, 台风天还能寄
_ZH_LEAD = re.compile(r"^(?:请问|问一下|想问|我想|我们|客户|顾客|寄件人|我|你们|这种|这个|这些|那种|的|想|要|把)+")
_ZH_TAIL = re.compile(r"(?:还|也|都|就|才|又|能不|可不|能|可)+$")
# a question of where from (哪些网点才能寄), how (怎么寄), when (寄件时, 周日), the weather, paying,
# a service or the sender's state (没有实名认证可以寄件吗): not of a thing
_NOT_A_THING = re.compile(r"哪|什么|怎|时$|寄|台风|下雨|下雪|天气|付款|支付|到付|加急|实名|认证|不在|关门|营业|上班")
# an English thing ends at a preposition, a time or "and" ("alcohol this week", "perfume and …")
_EN_END = (r"(?:to|abroad|overseas|internationally|by|via|with|in|from|within|inside|on|at|for|this|next|"
           r"today|tomorrow|before|after|during|and|or|please)")
_EN_SEND = re.compile(
    r"\b(?:can|may|could)\s+(?:i|we|you|customers?|senders?|people)\s+(?:send|ship|post|mail)\s+"
    r"(?:an?\s+|the\s+|my\s+|our\s+|some\s+)?(?!(?:it|them|that|" + _EN_END + r")\b)"
    r"([a-z][a-z-]*(?:\s+(?!" + _EN_END + r"\b)[a-z][a-z-]*){0,3}?)(?=\s+" + _EN_END + r"\b|\s*[,?.!]|\s*$)",
    re.I)
# a question about a service or a parcel as such, not about what is inside it
_GENERIC = frozenset("快件 快递 包裹 东西 物品 件 货 货物 大件 文件 邮件 信件 它 这个 parcel parcels package "
                     "packages item items thing things it them shipment shipments document documents".split())


def sent_item(question: str) -> str | None:
    """The thing the question asks whether it may be sent, folded to simplified Chinese (or
    lower-cased English), or None when it asks nothing of the kind or only about a parcel. The
    thing before the verb is preferred (香水可以寄日本吗: 香水, not 日本)."""
    q = to_simplified(question).strip()
    if ASKS_QUANTITY.search(q):  # how much of it may be sent (白酒一次最多能寄几瓶) is another question
        return None
    found = [_ZH_TAIL.sub("", _ZH_LEAD.sub("", m.group(1)))
             for m in (_ZH_BEFORE.search(q), _ZH_AFTER.search(q)) if m]
    m = _EN_SEND.search(question)
    if m:
        found.append(m.group(1).lower())
    return next((item for item in map(str.strip, found) if _a_thing(item)), None)


def _a_thing(item: str) -> bool:
    if len(item) < 2 or item in _GENERIC or _head(item) in _GENERIC or _NOT_A_THING.search(item):
        return False
    if ABROAD.match(item) or any(item.startswith(p) for p in named_places(item)):
        return False  # a destination: 寄日本, 寄新疆
    return not has_cjk(item) or not any(flag == "t" for _, flag in posseg.lcut(item))  # 周日, 除夕


def rules_on(item: str, text: str) -> bool:
    """Whether a passage names the thing and speaks of sending or refusing things: the rule that
    names 自行车 for the courier's e-bike speed limit does not say whether a bicycle may be sent."""
    return names_item(item, text) and _SENDING.search(to_simplified(text)) is not None


def rules_on_across(item: str, text: str) -> bool:
    """`rules_on` for an English thing and a Chinese passage: a dictionary translation of the
    thing's last word ("cash" → 现金) stands for its name ("Can I send cash in a parcel?" was
    answered with the cash-on-delivery rule: 派送员不得收取现金)."""
    from luodi.answer.crosslingual import groups_of  # it reads the answer stage's texts too

    groups = groups_of(_head(item))
    t = to_simplified(text)
    return not groups or (any(term in t for term in groups[-1]) and _SENDING.search(t) is not None)


def names_item(item: str, text: str) -> bool:
    """Whether a passage names the thing by its last word (the head of 电子烟 is 烟, of 手机壳 壳, of
    "lithium batteries" batteries) or, in Chinese, that word's last character, which names its
    kind (螃蟹 → 活蟹, 白酒 → 酒类)."""
    head = _head(item)
    if re.fullmatch(r"[a-z-]+", head):  # the English words as the answer stage reads them
        return stem(head.split("-")[-1]) in text_terms(text)
    t = to_simplified(text)
    return head in t or head[-1] in t


@lru_cache(maxsize=512)
def _head(item: str) -> str:
    if re.fullmatch(r"[a-z -]+", item):
        return item.split()[-1]
    words = [w for w in jieba.lcut(item) if w.strip()]
    return words[-1] if words else item
