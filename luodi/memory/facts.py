"""Durable facts about the user: extraction by rules, recall questions, relevance, substitution.

A fact is (key, value): area, employee_id, day_off, phone, address, depot, name, role, vehicle,
shift. Rules run on the simplified-folded text; values are cut from the original message, so a
user who writes 西城區 is answered with 西城區.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from luodi.fold import to_simplified

LABELS: dict[str, dict[str, str]] = {
    "area": {"zh-Hans": "负责区域", "zh-Hant": "負責區域", "en": "area"},
    "employee_id": {"zh-Hans": "工号", "zh-Hant": "工號", "en": "employee number"},
    "day_off": {"zh-Hans": "休息日", "zh-Hant": "休息日", "en": "day off"},
    "phone": {"zh-Hans": "电话", "zh-Hant": "電話", "en": "phone number"},
    "address": {"zh-Hans": "地址", "zh-Hant": "地址", "en": "address"},
    "depot": {"zh-Hans": "所在网点", "zh-Hant": "所在網點", "en": "depot"},
    "name": {"zh-Hans": "姓名", "zh-Hant": "姓名", "en": "name"},
    "role": {"zh-Hans": "岗位", "zh-Hant": "崗位", "en": "role"},
    "vehicle": {"zh-Hans": "车辆", "zh-Hant": "車輛", "en": "vehicle"},
    "shift": {"zh-Hans": "班次", "zh-Hant": "班次", "en": "shift"},
}

# Words that name a key (for recall, forgetting and relevance); longest match wins.
KEY_WORDS: dict[str, tuple[str, ...]] = {
    "phone": ("电话号码", "手机号码", "手机号", "电话", "手机", "联系方式", "号码", "phone number",
              "mobile number", "phone", "mobile", "number"),
    "address": ("家庭住址", "地址", "住址", "住处", "住在哪", "home address", "address", "where i live"),
    "employee_id": ("员工编号", "员工号", "工号", "工牌号", "employee number", "employee id",
                    "staff number", "badge number", "employee no"),
    "area": ("负责的区域", "负责区域", "负责的片区", "片区", "区域", "辖区", "负责哪", "负责", "area",
             "district", "zone", "patch"),
    "day_off": ("休息日", "哪天休息", "休息", "轮休", "day off", "days off"),
    "depot": ("哪个网点", "网点", "站点", "营业部", "分拨中心", "depot", "station", "outlet",
              "branch", "where i work", "where do i work"),
    "name": ("名字", "姓名", "叫什么", "name"),
    "role": ("工作岗位", "岗位", "职位", "角色", "做什么的", "role", "job", "position"),
    "vehicle": ("车辆", "车", "vehicle", "bike", "tricycle", "van"),
    "shift": ("班次", "白班", "夜班", "shift"),
}

_V = r"[^，。,.!！？?；;\s]"
_DAY = r"(?:周|星期|礼拜)[一二三四五六日天]"
_EN_DAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_ZH_ROLES = ("快递员|取件员|派送员|收派员|骑手|货车司机|司机|网点负责人|网点经理|客服专员|客服|安全员|安检员|"
             "分拣员|驿站老板|驿站店主|营业员|理赔专员|站长")
_EN_ROLES = ("courier|van driver|truck driver|driver|rider|dispatcher|sorter|outlet manager|"
             "station manager|customer service agent|safety officer")
_RULES: list[tuple[str, str]] = [
    ("area", r"我(?:现在|目前|主要|平时)?(?:负责|管|跑)(?:的是)?(?P<v>(?!的)[\u4e00-\u9fff]{1,8}?"
             r"(?:新区|区|片区|街道|县|镇|乡|一带))"),
    ("area", r"我(?:负责)?的(?:负责)?(?:区域|片区|辖区)(?:是|为)(?P<v>" + _V + r"{2,16})"),
    ("area", r"\bi(?:'m| am)? (?:responsible for|in charge of|cover|handle|look after)\s+(?:the\s+)?"
             r"(?P<v>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+(?:district|area|zone))"),
    ("area", r"\bmy (?:area|district|zone|patch) is (?:the )?(?P<v>[\w -]{2,30}?)\s*(?:[.,!?;]|$)"),
    ("employee_id", r"(?:我的)?(?:员工编号|员工号|工号|工牌号)(?:现在|已经)?(?:是|为|改成|改为|:|：)?\s*"
                    r"(?P<v>(?=[a-z-]*\d)[a-z0-9][a-z0-9-]{2,19})"),
    ("employee_id", r"\bmy (?:employee|staff|badge|worker) (?:number|no\.?|id|code)(?: is| has changed to|:)?"
                    r"(?: now)?\s*(?P<v>(?=[a-z-]*\d)[a-z0-9][a-z0-9-]{2,19})"),
    ("day_off", r"我(?:每周|每个星期|每星期|一般|通常)?(?P<v>" + _DAY + r"(?:和" + _DAY + r")?)(?:休息|轮休|不上班|调休)"),
    ("day_off", r"我的休息日(?:是|在)(?P<v>" + _DAY + r"(?:和" + _DAY + r")?)"),
    ("day_off", r"\bmy day off is (?:on )?(?P<v>" + _EN_DAY + r")s?\b"),
    ("day_off", r"\bi(?:'m| am) off (?:on )?(?P<v>" + _EN_DAY + r")s?\b"),
    ("day_off", r"\bi (?:have|take|get) (?P<v>" + _EN_DAY + r")s? off\b"),
    ("phone", r"我的?(?:电话号码|手机号码|手机号|电话|手机|联系电话|联系方式)(?:是|为|:|：)?\s*"
              r"(?P<v>\+?\d[\d -]{6,16}\d)"),
    ("phone", r"\bmy (?:phone|mobile|cell)(?: number)?(?: is|:)\s*(?P<v>\+?\d[\d -]{6,16}\d)"),
    ("address", r"我(?:的)?(?:家庭住址|地址|住址|家)(?:是|在)\s*(?P<v>" + _V + r"{4,40})"),
    ("address", r"我住在(?P<v>" + _V + r"{3,40})"),
    ("address", r"\bmy (?:home )?address is (?P<v>[^.!?]{4,60}?)\s*(?:[.!?]|$)"),
    ("address", r"\bi live (?:at|on) (?P<v>[^.!?,]{4,60}?)\s*(?:[.!?,]|$)"),
    ("depot", r"我(?:现在|目前)?(?:在|负责|管)(?P<v>(?!的)[\u4e00-\u9fffa-z0-9]{1,10}?(?:网点|分拨中心|营业部|站点|驿站|转运中心))"),
    ("depot", r"我是(?P<v>[\u4e00-\u9fff]{1,10}?(?:网点|分拨中心|营业部|站点))的"),
    ("depot", r"我的网点是(?P<v>" + _V + r"{2,16})"),
    ("depot", r"\bi work (?:at|in|out of|for) (?:the )?(?P<v>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}\s+"
              r"(?:depot|station|outlet|branch|hub|sorting cent(?:er|re)))"),
    ("depot", r"\bi(?:'m| am)? (?:manage|run|in charge of|responsible for) (?:the )?(?P<v>[a-z][\w-]*(?:\s+[a-z][\w-]*)"
              r"{0,2}\s+(?:depot|station|outlet|branch|hub))\b"),
    ("depot", r"\bmy depot is (?:the )?(?P<v>[\w -]{2,40}?)\s*(?:[.,!?]|$)"),
    ("name", r"我(?:叫|的名字是|的名字叫|姓名是)(?!什么|啥|了)(?P<v>[\u4e00-\u9fff]{2,4}|[a-z][a-z ]{1,30})"),
    ("name", r"\bmy name is (?P<v>[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2}?)\s*(?:[.,!?;]|\s(?:and|but)\s|$)"),
    ("name", r"\bcall me (?P<v>[a-z][\w-]*)"),
    ("role", r"我是(?:一名|一个|一位|个|名)?(?P<v>" + _ZH_ROLES + ")"),
    ("role", r"\bi(?:'m| am) an? (?P<v>" + _EN_ROLES + r")\b"),
    ("vehicle", r"我(?:平时|每天)?(?:骑|开|用)(?:的是)?(?:一辆|一台)?(?P<v>电动三轮车|电动自行车|电动车|三轮车|厢式货车|"
                r"货车|面包车|摩托车)"),
    ("vehicle", r"\bi (?:ride|drive|use) an? (?P<v>electric tricycle|e-bike|electric bike|van|truck|"
                r"motorbike|scooter)\b"),
    ("shift", r"我(?:一般|主要|今天|现在|这周|固定)?(?:上|值|是|跑)(?P<v>白班|夜班|早班|晚班)"),
    ("shift", r"\bi (?:work|do|am on|'m on|work on) (?:the )?(?P<v>night|day|early|late) shift\b"),
]
# "我叫李雷，负责西城区，周三休息": a later clause of a self-description may drop its 我. These
# count only beside a statement that has one, in a message that asks nothing ("请问，负责西城区的
# 是谁？" states no fact).
_CLAUSE = r"[，,；;、]\s*(?:现在|目前|主要|平时|每周|每个星期|每星期|一般|通常)?"
_CLAUSE_RULES: list[tuple[str, str]] = [
    ("area", _CLAUSE + r"(?:负责|管|跑)(?:的是)?(?P<v>(?!的)[\u4e00-\u9fff]{1,8}?(?:新区|区|片区|街道|县|镇|乡|一带))"),
    ("depot", _CLAUSE + r"在(?P<v>[\u4e00-\u9fffa-z0-9]{1,10}?(?:网点|分拨中心|营业部|站点|驿站|转运中心))"),
    ("day_off", _CLAUSE + r"(?P<v>" + _DAY + r"(?:和" + _DAY + r")?)(?:休息|轮休|不上班|调休)"),
]
_COMPILED = [(k, re.compile(p, re.IGNORECASE)) for k, p in _RULES]
_COMPILED_CLAUSES = [(k, re.compile(p, re.IGNORECASE)) for k, p in _CLAUSE_RULES]
_QWORD = re.compile(r"哪|什么|多少|几|谁|吗|啥|\?|？|\bwhat\b|\bwhich\b|\bwhere\b")
_FILLER = re.compile(
    r"请记住|请你记住|记住|记一下|帮我记一下|帮我记着|对了|另外|顺便说一下|顺便|以后|还有|而且|并且|现在|目前|"
    r"工作|上班|哦|啊|嗯|吧|呀|了|和|我|的|也|是|please remember|remember that|remember|please|note that|"
    r"by the way|btw|just so you know|for the record|fyi|also|and|now|actually|ok|okay|i|that|"
    r"[，。,.!！；;、\s:：]")


@dataclass
class Mention:
    key: str
    value: str  # as the user wrote it (original script)
    start: int  # span of the whole statement in the message
    end: int


def _orig(text: str, folded: str, start: int, end: int) -> str:
    # OpenCC t2s keeps length for nearly all text; when it does not, the folded form is used.
    return text[start:end] if len(text) == len(folded) else folded[start:end]


def extract(text: str) -> list[Mention]:
    """Statements about the user in `text` (one per key; the last one wins)."""
    folded = to_simplified(text)
    found: dict[str, Mention] = {}
    for key, rx in _COMPILED:
        for m in rx.finditer(folded):
            value = _orig(text, folded, *m.span("v")).strip(" -")
            if _QWORD.search(value.lower()) or key in found or _supposed(folded, m.start()):
                continue
            if key == "name" and value.lower() in ("a", "an", "the"):
                continue
            if key == "phone":
                value = re.sub(r"\s+", "", value)
            if key in ("shift",) and re.match(r"[a-z]", value, re.IGNORECASE):
                value = f"{value.lower()} shift"
            found[key] = Mention(key, value, m.start(), m.end())
    if found and not _QWORD.search(folded.lower()):
        for key, rx in _COMPILED_CLAUSES:
            m = rx.search(folded)
            if m and key not in found:
                found[key] = Mention(key, _orig(text, folded, *m.span("v")), m.start(), m.end())
    return sorted(found.values(), key=lambda mn: mn.start)


# A supposition, not a statement: 如果我住在朝阳区…, "if I drive a van, …" is not about the user.
_SUPPOSE = re.compile(r"如果|假如|假设|要是|倘若|万一|若是|比方说|\bif\b|\bsuppose\b|\bsupposing\b|"
                      r"\bassuming\b|\bimagine\b|\bwhat if\b", re.I)
_CLAUSE_END = re.compile(r"[。！？!?；;\n，]|[.,](?=\s|$)")


def _supposed(text: str, start: int) -> bool:
    """Whether the clause up to `start` supposes instead of stating."""
    head = text[max((m.end() for m in _CLAUSE_END.finditer(text, 0, start)), default=0):start]
    return bool(_SUPPOSE.search(head))


# What a question may need to be answered: where the user is (寄到北京多少钱 from 广州 is 跨省).
KEEP_IN_QUESTION = frozenset({"address", "area", "depot", "vehicle"})


def is_pure_statement(text: str, mentions: list[Mention]) -> bool:
    """True when nothing but the statements (and filler words) is in the message."""
    if not mentions:
        return False
    folded = to_simplified(text)
    rest = list(folded)
    for mn in mentions:
        for i in range(mn.start, min(mn.end, len(rest))):
            rest[i] = " "
    left = "".join(rest).lower()
    if _QWORD.search(left):
        return False
    return not _FILLER.sub("", left).strip()


def without_statements(text: str, mentions: list[Mention]) -> str:
    """The message with its statements about the user cut out ("我是快递员，X限速多少？" →
    "X限速多少？"); the message itself when nothing sensible is left."""
    folded = to_simplified(text)
    if len(folded) != len(text):
        return text
    out, last = [], 0
    for mn in sorted(mentions, key=lambda m: m.start):
        out.append(text[last:mn.start])
        last = mn.end
    out.append(text[last:])
    rest = re.sub(r"^[\s，。,.;；、!！]+", "", "".join(out)).strip()
    rest = re.sub(r"^(?:工作|上班)[\s，。,.;；、]*", "", rest)
    return rest if len(rest) >= 2 else text


# -- recall questions: "我的工号是多少？", "what's my employee number?" -------------------------
_RECALL_SPECIAL: list[tuple[str, re.Pattern[str]]] = [
    ("day_off", re.compile(r"我(?:哪天|星期几|周几|什么时候)休息|\bwhich day (?:am i|do i have) off\b|\bwhen is my day off\b", re.I)),
    ("area", re.compile(r"我负责(?:哪个区|哪里|哪儿|什么区域|哪片|哪个片区|的是哪)|\bwhich (?:area|district) do i (?:cover|handle)\b", re.I)),
    ("depot", re.compile(r"我在哪个(?:网点|站点|营业部)|\bwhere do i work\b|\bwhich depot do i work\b", re.I)),
    ("name", re.compile(r"我叫什么|\bwhat(?:'s| is) my name\b|\bwho am i\b", re.I)),
    ("role", re.compile(r"我是做什么的|我的岗位是什么|\bwhat(?:'s| is) my (?:job|role)\b", re.I)),
    ("shift", re.compile(r"我上(?:什么|哪个)班|\bwhich shift do i\b", re.I)),
]
_RECALL = re.compile(
    r"^(?:请问|你知道|你还记得|你记得|还记得)?我的?(?P<w>[\u4e00-\u9fff]{1,6}?)(?:是)?(?:多少|什么|啥|哪个|哪天|哪里|几号)"
    r"|(?:你)?(?:知道|记得)我的(?P<w2>[\u4e00-\u9fff]{1,6}?)(?:吗|么|嘛)"
    r"|\bwhat(?:'s| is| was) my (?P<w3>[a-z ]{2,20}?)\s*\??$"
    r"|\bdo you (?:know|remember) my (?P<w4>[a-z ]{2,20}?)\s*\??$", re.IGNORECASE)


def key_for(words: str) -> str | None:
    """The fact key a phrase names ("电话号码" → phone, "employee number" → employee_id)."""
    words = to_simplified(words).lower()
    best: tuple[int, str] | None = None
    for key, names in KEY_WORDS.items():
        for name in names:
            if name in words and (best is None or len(name) > best[0]):
                best = (len(name), key)
    return best[1] if best else None


def recall_key(text: str) -> str | None:
    """The key asked about when the message asks what Luodi knows of the user, else None."""
    folded = to_simplified(text).strip()
    for key, rx in _RECALL_SPECIAL:
        if rx.search(folded):
            return key
    m = _RECALL.search(folded)
    if m is None:
        return None
    words = next(g for g in m.groups() if g).strip().lower()
    # the asked-about thing must BE a key ("我的车限速多少" asks about the limit, not the car)
    return next((k for k, names in KEY_WORDS.items() if words in names), None)


# -- using facts in questions ---------------------------------------------------------------
_SUBST: list[tuple[str, re.Pattern[str]]] = [
    ("area", re.compile(r"我(?:所)?负责的(?:区域|片区|辖区|地方|那片|区)|我的(?:区域|片区|辖区)|我负责的那片|"
                        r"\bmy (?:area|district|zone|patch)\b|\bthe (?:area|district) i (?:cover|handle|am responsible for)\b", re.I)),
    ("depot", re.compile(r"我(?:所在的|所在|们|的)(?:网点|站点|营业部)|\bmy (?:depot|station|outlet|branch)\b|\bour depot\b", re.I)),
    ("day_off", re.compile(r"我(?:的)?休息(?:的那天|那天|日)|\bmy day off\b", re.I)),
    ("shift", re.compile(r"我(?:上)?的班次|\bmy shift\b", re.I)),
    ("vehicle", re.compile(r"我(?:骑|开)的(?:车|车辆)|我的(?:车辆|车)|\bmy (?:vehicle|bike|e-bike|tricycle|van|truck)\b", re.I)),
    ("role", re.compile(r"我这个岗位|我的岗位|像我这样的岗位|\bmy (?:role|job)\b", re.I)),
]


def substitute(question: str, facts: dict[str, str]) -> tuple[str, list[str]]:
    """Replace "我负责的区域" / "my depot" by the remembered value; returns (question, keys used)."""
    used: list[str] = []
    for key, rx in _SUBST:
        if key not in facts:
            continue
        folded = to_simplified(question)
        m = rx.search(folded)
        if m is None:
            continue
        start, end = m.span()
        if len(folded) != len(question):
            question = folded
        value = facts[key]
        if re.match(r"[a-z]", value, re.IGNORECASE) and not re.search(r"[\u4e00-\u9fff]", question):
            value = f"the {value}" if key in ("depot", "area", "vehicle") else value
        question = question[:start] + value + question[end:]
        used.append(key)
    return question, used


_TRIGGERS: dict[str, tuple[str, ...]] = {
    "area": ("区域", "片区", "负责", "辖区", "安排", "派送", "area", "district", "zone", "route", "schedule"),
    "day_off": ("休息", "排班", "调休", "加班", "周", "星期", "day off", "schedule", "week", "holiday", "shift"),
    "depot": ("网点", "站点", "营业部", "分拨", "depot", "outlet", "station", "branch"),
    "shift": ("班", "几点", "上班", "shift", "hours", "night", "start"),
    "vehicle": ("车", "限速", "载重", "充电", "驾驶", "vehicle", "speed", "ride", "drive", "load", "charge"),
    "role": ("岗位", "培训", "职责", "role", "job", "training", "duties"),
}


def relevant(question: str, facts: list[dict[str, Any]], used: list[str], limit: int = 3) -> list[dict[str, Any]]:
    """The facts worth putting in the prompt for this question: by key words, value overlap or
    because the question was rewritten with them. Identity facts (phone, address, name, ID) are
    only given when the question names them."""
    folded = to_simplified(question).lower()
    scored = []
    for f in facts:
        score = 3 * (f["key"] in used) + 3 * (to_simplified(f["value"]).lower() in folded)
        score += sum(1 for w in _TRIGGERS.get(f["key"], ()) if w in folded)
        if f["key"] in ("phone", "address", "name", "employee_id"):
            score = 3 if key_for(folded) == f["key"] else 0
        if score > 0:
            scored.append((score, -f["id"], f))
    scored.sort(key=lambda x: (-x[0], x[1]))
    return [f for _, _, f in scored[:limit]]


def describe(fact: dict[str, Any], lang: str) -> str:
    """"负责区域：西城区" / "area: Xicheng district"."""
    label = LABELS.get(fact["key"], {}).get(lang) or fact["key"]
    sep = ": " if lang == "en" else "："
    return f"{label}{sep}{fact['value']}"
