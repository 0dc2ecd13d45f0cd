"""The rule-based planner: the user's own words → proposed courier calls, without a model.

It also decides whether a message is an action request at all (`detect`): a trigger word for an
action, plus an order ID or an imperative (帮我/请/please); questions about the rules (怎么改约？)
without an order ID are left to the knowledge route. Several triggers in one message give several
calls; each takes the text from its trigger to the next. A notice without a time that follows a
reschedule in the same message is absorbed by it (rescheduling already notifies the customer).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import Any

from luodi.answer.places import ABROAD, named_places
from luodi.numeric.parse import parse_number
from luodi.tools.normalize import find_clock, find_slot, fold, resolve_date, resolve_eta

ORDER_LOOSE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,3}\d{10,15})(?![0-9])")

TRIGGERS: list[tuple[str, re.Pattern[str]]] = [
    ("reschedule_delivery", re.compile(
        r"改到|改约|改期|改成|改在|改送|延到|改(?:一下|个)?(?:派送)?时间|换个时间|推迟|延期|延后|顺延|挪到|换到|约到|约在|改天|"
        r"reschedul|postpone|push\s+(?:it|the delivery)|move\s+(?:it|the delivery|delivery|.{0,25}?)\s+to\b", re.I)),
    ("report_exception", re.compile(
        r"报(?:个|一下|一个)?异常|上报|登记(?:一下)?(?:异常)?|标记(?:为)?异常|记(?:一)?个异常|异常件|"
        r"\breport\b|\bflag\b|\blog an? (?:exception|issue|problem)", re.I)),
    ("send_delivery_notice", re.compile(
        r"(?:跟|和|给|向|同)[^，。,.]{0,50}?(?:客户|收件人|顾客|客人|他|她|对方)[^，。,.⟦]{0,6}?(?:说|讲|发|讲一声|说一声)|"
        r"告诉|通知|转告|提醒|知会|\btell\b|\bnotify\b|\binform\b|\blet\s+(?:the\s+)?\w+(?:\s+\w+){0,3}?\s+know|"
        r"\btext\s+the\b|\bmessage\s+the\b", re.I)),
    ("lookup_order", re.compile(
        r"查一下|查查|查询|帮我查|查下|查个|看看|看一下|到哪|在哪|什么状态|啥状态|状态|进度|"
        r"where\s+is|look\s*up|\bcheck\b|\bstatus\b|\btrack", re.I)),
    ("compute_fee", re.compile(r"运费|邮费|多少钱|费用|价格|收费|要多少|算一下|\bfee\b|\bcost\b|\bprice\b|how much",
                               re.I)),
]
QUESTION = re.compile(r"怎么|如何|怎样|吗[？?]?$|能否|是否|应当|应该|规定|哪些|为什么|\bhow\b|\bshould\b|\bcan i\b|"
                      r"\bwhat\b|\bwhy\b|policy|rule", re.I)
IMPERATIVE = re.compile(r"帮我|帮忙|请|麻烦|给我|^(?:跟|告诉|通知)|please|\bplz\b|"
                        r"^(?:tell|notify|inform|let|reschedule|move|postpone|report|look\s*up|check)\b", re.I)
KINDS = [
    ("address_wrong", r"地址错|地址不对|地址有误|地址写错|错误地址|wrong address|address is wrong|bad address"),
    ("no_answer", r"联系不上|打不通|没人接|无人接|不接电话|电话关机|no answer|not answering|unreachable|"
                  r"doesn'?t answer|can'?t reach"),
    ("damaged", r"破损|损坏|压坏|摔坏|坏了|damaged|broken|crushed"),
    ("refused", r"拒收|不要了|refused|rejected"),
    ("lost", r"丢失|丢件|丢了|找不到件|lost|missing"),
    ("customer_absent", r"不在家|家里没人|人不在|not (?:at )?home|not in|absent"),
    ("delayed", r"延误|晚到|延迟|delayed|running late"),
]
_WEIGHT = re.compile(r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百点]+)\s*(公斤|千克|kg|kilos?|kilograms?|斤)", re.I)
_DIST = re.compile(r"(\d+(?:\.\d+)?|[零一二两三四五六七八九十百千点]+)\s*(公里|千米|km|kilomet(?:er|re)s?)", re.I)
_EXPRESS = re.compile(r"加急|急件|特快|express|urgent|rush", re.I)
# A zone named instead of a distance (the handbook prices by zone).
_ZONES = (("同城", re.compile(r"同城|same[- ]city", re.I)),
          ("省内", re.compile(r"省内|省內|within (?:the )?province", re.I)),
          ("跨省", re.compile(r"跨省|外省|省外|inter-?provincial|another province", re.I)),
          ("偏远地区", re.compile(r"偏远|偏遠|remote area", re.I)))
# Fees beside the freight that the fee tool does not price (the documents' rules do)
_EXTRAS = re.compile(r"保价|声明价值|签回单|代收货款|木箱|insur|declared value", re.I)
_NUM = r"(\d+(?:\.\d+)?)"
_CM = r"\s*(?:厘米|公分|cm)"
_DIMS = (re.compile(rf"[长長]{_NUM}{_CM}[，,、\s]*[宽寬]{_NUM}{_CM}[，,、\s]*[高]{_NUM}{_CM}", re.I),
         re.compile(rf"{_NUM}\s*[x×*＊]\s*{_NUM}\s*[x×*＊]\s*{_NUM}{_CM}", re.I))
_NOTE = re.compile(r"(?:备注|附言|并说明|note)\s*[:：]\s*(.+)$", re.I)


@dataclass
class Proposal:
    """One proposed call; `missing` names what must be asked before it can be proposed."""

    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    missing: list[str] = field(default_factory=list)
    question: str | None = None
    source: str = "rules"


def lang_of(text: str) -> str:
    cjk = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    return "zh" if cjk else "en"


def order_ids(text: str) -> list[tuple[str, int]]:
    return [(m.group(1), m.start()) for m in ORDER_LOOSE.finditer(text)]


def _strip_ids(text: str) -> str:
    """The text with each order ID blanked out, every other character where it was (positions in
    it are positions in `text`)."""
    return ORDER_LOOSE.sub(lambda m: " " * len(m.group(0)), text)


def triggers(own: str) -> list[tuple[int, str, int]]:
    """(position, tool, end) of each action trigger, one per tool kind and place; none inside a
    note the user dictates (备注：… is the customer's text, not an instruction to us)."""
    found: list[tuple[int, str, int]] = []
    text = _strip_ids(own)
    if note := _NOTE.search(text):
        text = text[: note.start(1)]
    for name, pat in TRIGGERS:
        for m in pat.finditer(text):
            found.append((m.start(), name, m.end()))
    found.sort()
    out: list[tuple[int, str, int]] = []
    for pos, name, end in found:
        if out and out[-1][1] == name:
            continue  # one call per run of the same trigger
        if out and pos < out[-1][2]:
            continue  # overlapping: the earlier trigger wins
        out.append((pos, name, end))
    return out


def is_action(own: str) -> bool:
    """Whether the user's own words ask for an action (not a question about the rules)."""
    found = triggers(own)
    if not found:
        return False
    names = {n for _, n, _ in found}
    if names == {"compute_fee"}:  # 运费怎么算 is a question; 3公斤多少钱 / 寄到300公里 is a request
        folded = fold(own)
        if ABROAD.search(folded):
            return False  # the tool prices the mainland's zones; the documents price the rest
        if _EXTRAS.search(folded):
            return False  # insurance or a service's own fee: the documents price them with the freight
        if not any(p.search(folded) for _, p in _ZONES) and len(named_places(own)) >= 2:
            return False  # 从北京寄到上海, 广州到深圳: the zone is the documents' to read (their 跨省 rule), not asked
        return bool(_WEIGHT.search(folded) or _DIST.search(folded))
    if order_ids(own):
        return True
    if names <= {"lookup_order"}:
        return False  # 怎么查快件 is a question; a lookup needs an order ID
    return bool(IMPERATIVE.search(own.strip())) and not QUESTION.search(own)


def _number(text: str) -> Decimal | None:
    value = parse_number(text)
    return None if value is None else Decimal(value)


def _json_number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)


def _fee_args(span: str) -> dict[str, Any]:
    args: dict[str, Any] = {}
    t = fold(span)
    w = _WEIGHT.search(t)
    if w and (value := _number(w.group(1))) is not None:
        if w.group(2) == "斤":
            value = value / 2
        args["weight_kg"] = _json_number(value)
    d = _DIST.search(t)
    if d and (value := _number(d.group(1))) is not None:
        args["distance_km"] = _json_number(value)
    else:  # a distance is the more exact of the two when both are given
        zones = [z for z, pattern in _ZONES if pattern.search(t)]
        if len(zones) == 1:
            args["zone"] = zones[0]
    for pattern in _DIMS:
        if m := pattern.search(t):
            args.update(zip(("length_cm", "width_cm", "height_cm"),
                            (_json_number(Decimal(x)) for x in m.groups()), strict=True))
            break
    args["express"] = bool(_EXPRESS.search(t))
    return args


def _kind(text: str) -> str | None:
    for kind, pat in KINDS:
        if re.search(pat, text, re.I):
            return kind
    return None


def plan(own: str, now: datetime, dictated: dict[int, str] | None = None) -> list[Proposal]:
    """Proposals for the user's own words (quotes already replaced by ⟦n⟧ placeholders)."""
    if not is_action(own):
        return []
    dictated = dictated or {}
    found = triggers(own)
    ids = order_ids(own)
    stripped = _strip_ids(own)
    out: list[Proposal] = []
    for i, (pos, name, _) in enumerate(found):
        start = 0 if i == 0 else pos
        end = found[i + 1][0] if i + 1 < len(found) else len(own)
        span = stripped[start:end]
        targets = _targets(own, ids, found, i)
        oid = targets[0] if targets else None
        args: dict[str, Any] = {} if name == "compute_fee" else ({"order_id": oid} if oid else {})
        missing = [] if oid or name == "compute_fee" else ["order_id"]
        quoted = " ".join(text for n, text in dictated.items() if f"⟦{n}⟧" in span)
        if name == "send_delivery_notice":
            note = _NOTE.search(own[start:end])  # with its IDs: the customer reads the note whole
            said = span[: note.start()] if note else span  # the time is ours, not the note's
            eta = resolve_eta(said, now) or (resolve_eta(quoted, now) if quoted else None)
            if eta is None and out and out[-1].name == "reschedule_delivery":
                continue  # "改到明天并通知客户": the reschedule message is the notice
            if eta:
                args["eta"] = eta
            else:
                missing.append("eta")
            if note:
                args["note"] = note.group(1).strip()
        elif name == "reschedule_delivery":
            date = resolve_date(span, now)
            slot = find_slot(span)
            clock = find_clock(span)
            if slot is None and clock is not None:
                slot = "morning" if clock.hour < 12 else "afternoon" if clock.hour < 18 else "evening"
            if date is None and slot is not None and not re.search(r"改天|another day", span):
                date = now.date().isoformat()  # 改到下午: this afternoon
            if date:
                args["date"] = date
            else:
                missing.append("date")
            if slot:
                args["slot"] = slot
        elif name == "report_exception":
            kind = _kind(stripped[start:end]) or _kind(stripped)
            if kind:
                args["kind"] = kind
            else:
                missing.append("kind")
        elif name == "compute_fee":
            args = _fee_args(span if _WEIGHT.search(fold(span)) else stripped)
            missing = [k for k in ("weight_kg",) if k not in args]
            if "distance_km" not in args and "zone" not in args:
                missing.append("distance_km")
        if name != "compute_fee" and len(targets) > 1:  # 查询A和B的状态, 跟A和B的客户说: one call each
            out.extend(Proposal(name, {**args, "order_id": x}, missing) for x in targets)
            continue
        out.append(Proposal(name, args, missing))
    return out


# Between two order IDs that one call takes both of: 和, 、, and.
_JOINED = re.compile(r"\s*(?:和|与|及|以及|跟|、|,|，|and|&)\s*", re.I)
_CLAUSE_END = re.compile(r"[，。；;！？!?\n]|,\s|\.\s")


def _targets(own: str, ids: list[tuple[str, int]], found: list[tuple[int, str, int]], i: int) -> list[str]:
    """The order IDs trigger `i` acts on: those of its own part of its clause (between the triggers
    beside it there; the first after it, or the nearest one before it; several joined by 和/and
    all), else the last one before that part, else the message's only one. "跟A的客户说…，把B改到
    明天": the notice is A's, the change B's; "Reschedule A to Friday and tell the customer of B".
    """
    pos = found[i][0]
    lo = max((m.end() for m in _CLAUSE_END.finditer(own, 0, pos)), default=0)
    nxt = _CLAUSE_END.search(own, pos)
    hi = nxt.start() if nxt else len(own)
    if i > 0 and found[i - 1][0] >= lo:
        lo = found[i - 1][2]
    if i + 1 < len(found) and found[i + 1][0] < hi:
        hi = found[i + 1][0]
    mine = [(x, p) for x, p in ids if lo <= p < hi]
    if mine:
        after = [k for k, (_, p) in enumerate(mine) if p >= pos]
        k = after[0] if after else len(mine) - 1  # "tell the customer of A", "把A改到明天"
        group = [mine[k]]
        while k > 0 and _JOINED.fullmatch(own[mine[k - 1][1] + len(mine[k - 1][0]) : mine[k][1]]):
            k -= 1
            group.insert(0, mine[k])
        k = mine.index(group[-1])
        while k + 1 < len(mine) and _JOINED.fullmatch(own[mine[k][1] + len(mine[k][0]) : mine[k + 1][1]]):
            k += 1
            group.append(mine[k])
        return list(dict.fromkeys(x for x, _ in group))
    earlier = [x for x, p in ids if p < lo]
    if earlier:
        return [earlier[-1]]
    return [ids[0][0]] if len({x for x, _ in ids}) == 1 else []
