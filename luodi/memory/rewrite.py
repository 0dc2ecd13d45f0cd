"""Follow-up rewriting: "那上海呢？" after "北京的同城件首重多少钱？" → "上海的同城件首重多少钱？".

Rules first (always available): a message is a follow-up when it carries a marker (那/那么/呢/
and/what about…), a pronoun (它/这个/该/其, it/its/they…) or is a fragment without a predicate.
Its typed slots (place, zone, weight, amount, item, attribute) replace the slots of the same type
in the previous standalone question; a pronoun is replaced by the previous question's topic;
anything else is attached to that topic. The model, when configured, proposes a rewrite in a
JSON-constrained reply; the proposal is kept only if it passes the same checks the rules imply
(new slot values present, replaced values gone, the previous topic carried over).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any

from luodi.answer.cities import Route, from_pinyin, route
from luodi.fold import to_simplified
from luodi.memory.lexicon import Slot, changed_part, find_slots, with_part

MASKS = ("[已遗忘]", "[已遺忘]", "[forgotten]")

_ZH_LEAD = re.compile(r"^(?:那么|那|如果是|如果|要是|换成|改成|换作|还有|另外|再问一下|再问下|那如果是|那要是|是)+")
_ZH_LEAD2 = re.compile(r"^(?:如果是|如果|要是|换成|改成|是)")
_ZH_TAIL = re.compile(r"(?:的话|的情况|呢|的呢|吗|怎么样|怎么算|如何)*[？?。！!，,\s]*$")
_EN_LEAD = re.compile(
    r"^(?:and|so|ok|okay|also|then|but)?[\s,]*(?:what about|how about|what if it(?:'s| is)|"
    r"what if|and if|same for|and for|and to|and in|and|or)?\s*", re.IGNORECASE)
_EN_TAIL = re.compile(r"(?:\s+(?:then|instead|too))?[?.!\s]*$", re.IGNORECASE)
_ZH_QWORDS = re.compile(r"多少|什么|几|怎么|如何|哪|是否|能否|可以|可否|能不能|会不会|有没有|吗|要不要|需不需要|需要|谁|为什么|为何")
_ZH_PRON = re.compile(r"^(?:它们|它|他们|这个|那个|这种|那种|这类|此类|该|其)")
_ZH_PRON_ANY = re.compile(r"它们|它|这个|那个|这种|那种|这类|此类")
_EN_PRON = re.compile(r"\b(?:its|it|they|them|their|this one|that one|these|those|this|that)\b", re.IGNORECASE)
# "How long does it take?": "it" is the shipment, not the cost the previous question asked
_SHIPMENT_VERB = re.compile(r"\b(?:it|they)\s+(?:take|takes|arrive|arrives|get there|gets there)\b", re.IGNORECASE)
_EN_QWORDS = re.compile(r"\b(?:what|how|when|where|which|who|why|can|could|may|do|does|is|are|must|should|will)\b",
                        re.IGNORECASE)
_PRICE = re.compile(r"多少钱|运费|邮费|费用|价格|收费|多少元")
_ZH_TOPIC_STOP = re.compile(
    r"的(?:首重|续重|运费|费用|价格|时效|标准|要求|上限|限额|规定)|可以|能|是|要|有|怎么|如何|多少|几|需要|最多|最少|"
    r"最长|最短|会|应该|应当|吗|收取|收费|派送|在|超过|不超过")


# A message that only asks (how much, how long) of what the previous question asked about, and
# the same ask at the end of the previous question, cut off to ask the new one in its place.
_ASKS = r"(?:多少钱|运费(?:是)?多少|费用(?:是)?多少|收费多少|几天(?:能到|到)?|多久(?:能到|到)?|多长时间(?:能到|到)?|什么时候(?:能)?到)"
_ASK_ONLY = re.compile(rf"(?:那|那么)?(?:要|需要|得|大概|一般|大约)*{_ASKS}")
_ASK_END = re.compile(rf"(?:要|需要|得|大概|一般|大约)*{_ASKS}[？?。！!\s]*$")


@dataclass
class Rewrite:
    question: str  # the standalone question (the original when it is not a follow-up)
    follow_up: bool
    by: str  # none, rules, model
    replaced: list[str]  # previous slot values the rewrite replaced (must not survive)
    required: list[str]  # values a valid rewrite must contain (folded, lower-cased)
    kind: str = "none"  # slots, condition (previous kept whole), pronoun, topic


def _fold(text: str) -> str:
    return to_simplified(text).lower()


def _is_en(text: str) -> bool:
    return not re.search(r"[\u4e00-\u9fff]", text)


def fragment(message: str) -> str:
    """The message without follow-up markers ("那如果是跨省呢？" → "跨省")."""
    text = message.strip()
    if _is_en(text):
        text = _EN_TAIL.sub("", _EN_LEAD.sub("", text, count=1))
        return text.strip(" ,")
    text = _ZH_TAIL.sub("", text)
    text = _ZH_LEAD.sub("", text)
    return _ZH_LEAD2.sub("", text).strip(" ，,")


def is_follow_up(message: str) -> bool:
    """Does this message only make sense with the previous question?"""
    text = message.strip()
    folded = _fold(text)
    if _is_en(text):
        words = re.findall(r"[a-z0-9'-]+", folded)
        if re.match(r"^(?:and|what about|how about|and if|what if|same for|or)\b", folded):
            return True
        if _EN_PRON.search(folded) and not re.search(r"\b(?:i|my|me)\b", folded):
            return True
        return len(words) <= 3 and not _EN_QWORDS.search(folded)
    if re.match(r"^(?:那么|那|如果是|要是|换成|改成|还有呢|那如果)", folded) and not folded.startswith(("那个", "那种")):
        return True
    if re.search(r"呢[？?。！!\s]*$", folded) or _ZH_PRON.match(folded):
        return True
    if _ZH_PRON_ANY.search(folded) and not find_slots(folded):
        return True
    if _ASK_ONLY.fullmatch(_ZH_TAIL.sub("", folded)):
        return True  # "要几天？" after a price question: the same parcel, asked something else
    han = re.findall(r"[\u4e00-\u9fff]", folded)
    return len(han) <= 6 and not _ZH_QWORDS.search(folded) and "我" not in folded


def topic(question: str, without: set[str] | frozenset[str] = frozenset()) -> str:
    """The entity a previous question is about: its first item/zone/place slot, else the phrase
    before its predicate ("什么是保价" → "保价"; "What is declared value insurance?")."""
    folded = _fold(question)
    same = len(folded) == len(question)
    rank = {"item": 0, "zone": 1, "place": 2}
    slots = sorted((s for s in find_slots(folded) if s.kind in rank), key=lambda s: (rank[s.kind], s.start))
    if slots:
        s = slots[0]
        start, end = s.start, s.end
        # keep the word the slot belongs to: 同城 → 同城件, 冷冻 → 冷冻生鲜件
        while end < len(folded) and folded[end] in "件类品" and end - s.end < 1:
            end += 1
        if s.kind == "item" and _is_en(question):  # "a 1 kg parcel to Japan": its weight and its end
            start, end = _noun_phrase([o for o in find_slots(folded) if o.kind not in without], s, folded)
        return question[start:end] if same else folded[start:end]
    text = question.strip().rstrip("？?。！!")
    if _is_en(text):
        m = re.match(r"^(?:what|who)(?:'s| is| are)\s+(?:a |an |the )?(.+)$", text, re.IGNORECASE)
        if m:
            return m.group(1)
        m = re.search(r"\b(?:for|of|to|about|on)\s+((?:[\w-]+\s?){1,5})$", text, re.IGNORECASE)
        return m.group(1).strip() if m else text
    m = re.match(r"^(?:什么是|何为|什么叫)(.+)$", to_simplified(text))
    if m:
        return text[len(text) - len(m.group(1)):]
    m = re.match(r"^(.+?)(?:是什么|指什么|是指什么)$", to_simplified(text))
    if m:
        return text[:len(m.group(1))]
    m = _ZH_TOPIC_STOP.search(to_simplified(text), 2)
    return text[:m.start()] if m else text


# What a follow-up may hold besides the slots it renews: "and its … for", "那它…呢"
_RENEW_FILLER = re.compile(r"\b(?:and|so|what|how|about|its|their|it|for|the|then|instead)\b|[那么它们的呢吧，,？?。.！!\s]",
                           re.IGNORECASE)


def _only_renews(fragment: str, new: list[Slot], old: list[Slot]) -> bool:
    """Whether a follow-up only gives the previous question other values of its own slots (a weight,
    a place) and asks nothing else; an attribute it names must be one the previous question asked."""
    kinds = {o.kind: o.value for o in old}
    if not any(s.kind not in ("attr", "item") and s.kind in kinds and kinds[s.kind] != s.value for s in new):
        return False
    if any(s.kind == "attr" and not any(o.kind == "attr" and o.value == s.value for o in old) for s in new):
        return False
    rest = fragment
    for s in sorted(new, key=lambda s: s.start, reverse=True):
        rest = rest[: s.start] + " " + rest[s.end:]
    return not _RENEW_FILLER.sub("", rest)


def _noun_phrase(slots: list[Slot], item: Slot, folded: str) -> tuple[int, int]:
    """An English item with the weight just before it and the places after it ("1 kg parcel to
    Japan"): "its" of a follow-up means the whole of it."""
    start, end = item.start, item.end
    for s in slots:
        if s.kind == "weight" and 0 <= start - s.end <= 1:
            start = s.start
    for s in sorted(slots, key=lambda s: s.start):
        if s.kind == "place" and re.fullmatch(r"\s+(?:to|from|in)\s+", folded[end:s.start]):
            end = s.end
    return start, end


def _strip_masks(text: str) -> str:
    for m in MASKS:
        text = text.replace(m, "")
    return re.sub(r"\s{2,}", " ", text).strip()


def rule_rewrite(message: str, previous: str | None) -> Rewrite:
    """The rule-based rewrite of `message` given the previous standalone question."""
    if not previous or not is_follow_up(message):
        return Rewrite(message, False, "none", [], [])
    previous = _strip_masks(previous)
    frag = fragment(message)
    en = _is_en(message)
    f_frag, f_prev = _fold(frag), _fold(previous)
    new_slots = find_slots(f_frag)
    old_slots = find_slots(f_prev)
    same_len = len(f_prev) == len(previous)
    required = [s.value for s in new_slots]
    subject = topic(previous, without={s.kind for s in new_slots})
    possessive = re.search(r"\bits\b|\btheir\b" if en else r"^(?:那么|那)?(?:它的|它们的|其)", _fold(message))
    # "and its cost for 2 kg?" after "…a 1 kg parcel to Japan?": the same question, another weight;
    # not "那它5公斤要几天？", which asks something else of it
    renews = _only_renews(f_frag, new_slots, old_slots)
    if _pronoun(message, en) and not renews and (
            possessive or not any(s.kind in ("item", "zone", "place") for s in new_slots)):
        attrs = [o for o in old_slots if o.kind == "attr"]
        entity = any(o.kind in ("item", "zone", "place") for o in old_slots)  # the subject is a slot
        if en and not possessive and attrs and entity and not any(s.kind == "attr" for s in new_slots) \
                and attrs[0].value not in _fold(subject).lower() and not _SHIPMENT_VERB.search(message):
            # "Is there a surcharge for remote areas?" → "How much is it?": it is the surcharge
            subject = f"the {attrs[0].value} for {subject}"
        return Rewrite(_replace_pronoun(frag, subject, en, message), True, "rules", [],
                       [_fold(subject)], "pronoun")
    if not new_slots and not en and same_len and _ASK_ONLY.fullmatch(f_frag) and (cut := _ASK_END.search(f_prev)):
        ask = re.sub(r"^(?:那么|那)", "", frag)
        return Rewrite(f"{previous[:cut.start()]}{ask}？", True, "rules", [], [], "ask")
    replaced: list[str] = []
    out = previous
    leftover: list[Slot] = []
    def written(o: Slot) -> str:  # the previous question's slot as it is written there
        return previous[o.start:o.end] if same_len else o.value

    article_now = next((written(o) for o in old_slots if o.kind == "article"), "")
    ends: tuple[Route, Route] | None = None  # the previous question's route and the message's
    for ns in sorted(new_slots, key=lambda s: s.kind == "part"):  # a part after its article
        olds = [o for o in old_slots if o.kind == ns.kind and o.value != ns.value]
        if ns.kind == "place":
            ends = ends or (route(previous), route(frag))  # read once, not once per place said
            olds = _same_end(olds, *ends)
        if any(o.kind == ns.kind and o.value == ns.value for o in old_slots):
            continue  # already there
        value = frag[ns.start:ns.end] if len(f_frag) == len(frag) else ns.value
        if not olds and ns.kind == "part" and article_now:  # "那第二款呢？" after "…第四十条说了什么"
            out = out.replace(article_now, with_part(article_now, value), 1)
            continue
        if not olds:
            leftover.append(ns)
            continue
        for o in olds[:1]:
            was = written(o)
            if ns.kind == "part":  # 第三项 after 第二款第一项: 第二款第三项
                value = changed_part(was, value)
            elif ns.kind == "chapter" and "章" in was and "章" not in value:  # 第二节 in 第二章
                value = was[: was.index("章") + 1] + value
            out = out.replace(was, value, 1)
            replaced.append(o.value)
            if o.kind == "article":
                article_now = value
                if not any(s.kind == "part" for s in new_slots):  # 第四十条第二款 → 第四十一条, whole
                    for part in (p for p in old_slots if p.kind == "part"):  # "paragraph 2 of "
                        out = re.sub(re.escape(written(part)) + r"(?:\s+of(?:\s+the)?\s+)?", "", out, count=1)
                        replaced.append(part.value)
    if new_slots and not leftover:
        return Rewrite(out, True, "rules", replaced, required, "slots")
    if leftover and any(s.kind != "attr" for s in leftover):
        # a new condition: "如果是超过20公斤的包裹，北京的同城件首重多少钱？"
        base = out.rstrip("？?。！! ")
        if en:
            return Rewrite(f"{base}, {frag}?", True, "rules", replaced, required, "condition")
        return Rewrite(f"如果是{frag}，{base}？", True, "rules", replaced, required, "condition")
    if en and new_slots:
        return Rewrite(f"{frag.rstrip('?')} for {subject}?", True, "rules", replaced,
                       required + [_fold(subject)], "topic")
    if en:
        base = out.rstrip("?.! ")
        return Rewrite(f"{base}, {frag}?", True, "rules", replaced, required + [_fold(subject)],
                       "condition")
    if any(o.kind == "weight" for o in old_slots) and _PRICE.search(f_prev) and len(frag) <= 6:
        # "加急呢？" after "一个3公斤的跨省件运费多少？": the same parcel, priced with the service
        base = previous.rstrip("？?。！! ")
        return Rewrite(f"如果是{frag}，{base}？", True, "rules", replaced, required, "condition")
    joiner = "" if frag.startswith("的") else "的"
    return Rewrite(f"{subject}{joiner}{frag}？", True, "rules", replaced, required + [_fold(subject)],
                   "topic")


def _same_end(olds: list[Slot], before: Route, asked: Route) -> list[Slot]:
    """Of the previous question's places, the one a new place takes the place of, by the end of
    the route each is (`before`: the previous question's route; `asked`: the message's): "寄到成都"
    after "从广州寄到深圳…" is the destination, 深圳; "从南京寄" the origin; a place said alone
    takes the destination's. None of them when the previous question has no such end (a new
    origin for "寄到新疆…": a condition, not a replacement)."""
    if before.origin is None and before.destination is None:
        return olds
    end = "origin" if asked.origin is not None and asked.destination is None else "destination"
    meant = getattr(before, end)
    return [o for o in olds if _place_name(o.value) == meant]


def _place_name(value: str) -> str | None:
    """A place slot's value as luodi.answer.cities names it (lhasa → 拉萨, 廣州 → 广州)."""
    return from_pinyin(value) if value.isascii() else to_simplified(value)


def _pronoun(frag: str, en: bool) -> bool:
    return bool(_EN_PRON.search(frag)) if en else bool(_ZH_PRON_ANY.search(_fold(frag)) or _ZH_PRON.match(_fold(frag)))


def _replace_pronoun(frag: str, subject: str, en: bool, message: str) -> str:
    if en:
        text = fragment(message) if frag else message
        if re.search(r"\bits\b", text, re.IGNORECASE):
            text = re.sub(r"\bits\b", "the", text, count=1, flags=re.IGNORECASE)
            return text.rstrip("?. ") + f" for {subject}?"
        text = re.sub(r"\b(?:it|they|them|this one|that one|these|those|this|that)\b", subject, text,
                      count=1, flags=re.IGNORECASE)
        return text if text.endswith("?") else text + "?"
    text = message.strip()
    lead = re.match(r"^(?:那么|那)", text)
    text = text[lead.end():] if lead else text
    folded = _fold(text)
    m = _ZH_PRON.match(folded) or _ZH_PRON_ANY.search(folded)
    if m is None:
        return f"{subject}{text}"
    word = text[m.start():m.end()]
    if word in ("该", "其"):
        # 该服务 / 其费用: the category word after 该 stands for the subject too
        cat = re.match(r"(?:服务|规定|物品|费用|业务|快件|件|条款|要求|产品)", text[m.end():])
        end = m.end() + (cat.end() if cat else 0)
        joiner = "的" if word == "其" else ""
        return f"{text[:m.start()]}{subject}{joiner}{text[end:]}"
    return f"{text[:m.start()]}{subject}{text[m.end():]}"


# -- the model ------------------------------------------------------------------------------
SCHEMA = {
    "type": "object",
    "properties": {"question": {"type": "string"}},
    "required": ["question"],
}
SYSTEM = (
    "Rewrite the user's LAST message as one standalone question that can be understood without "
    "the conversation: replace pronouns and fill in what the message leaves out from the earlier "
    "questions. Keep the language and script of the last message. Do not answer it. Reply in "
    'JSON: {"question": "..."}.\n'
    "Example: earlier 北京的同城件首重多少钱？ last 那上海呢？ → {\"question\": \"上海的同城件首重多少钱？\"}\n"
    "Example: earlier How long does a parcel to Japan take? last what about Canada? → "
    "{\"question\": \"How long does a parcel to Canada take?\"}"
)


def model_messages(message: str, history: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The rewrite prompt: the last exchanges (answers shortened) and the message."""
    lines = []
    for t in history:
        text = t.get("standalone") or t["content"] if t["role"] == "user" else t["content"]
        text = _strip_masks(re.sub(r"\s*\[\d+\]", "", text))
        if t["role"] != "user":
            text = text[:80]
        lines.append(f"{'User' if t['role'] == 'user' else 'Assistant'}: {text}")
    user = "Conversation:\n" + "\n".join(lines) + f"\n\nLast message: {message}"
    return [{"role": "system", "content": SYSTEM}, {"role": "user", "content": user}]


def parse_model(raw: str) -> str:
    try:
        data = json.loads(raw)
    except json.JSONDecodeError:
        start, end = raw.find("{"), raw.rfind("}")
        try:
            data = json.loads(raw[start:end + 1]) if 0 <= start < end else {}
        except json.JSONDecodeError:
            data = {}
    return str(data.get("question") or "").strip() if isinstance(data, dict) else ""


def _units(text: str) -> set[str]:
    """Content units for coverage: CJK bigrams and English words of 3+ letters."""
    folded = _fold(text)
    han = re.findall(r"[\u4e00-\u9fff]+", folded)
    grams = {run[i:i + 2] for run in han for i in range(len(run) - 1)}
    return grams | set(re.findall(r"[a-z0-9][a-z0-9-]{2,}", folded))


_PRONOUN_UNITS = {"它的", "它们", "这个", "那个", "这种", "该服", "its", "it", "they", "them", "their",
                  "this", "that", "what", "how", "does", "the", "and", "about"}


def accept_model(proposal: str, message: str, previous: str, rules: Rewrite) -> bool:
    """Keep a model rewrite only when it carries what the rules know must be there: the new
    values, none of the replaced ones, the rest of the previous question (or its topic and the
    message's own words), and no more than a question's length."""
    if not proposal or any(m in proposal for m in MASKS):
        return False
    if len(proposal) > 1.5 * len(rules.question) + 12 or _is_en(proposal) != _is_en(message):
        return False
    folded = _fold(proposal)
    if folded.strip(" ？?") == _fold(message).strip(" ？?") and rules.follow_up:
        return False
    if any(v not in folded for v in rules.required):
        return False
    if any(v in folded for v in rules.replaced if v not in _fold(message)):
        return False
    if rules.kind in ("slots", "condition"):
        carried = [s.value for s in find_slots(_fold(previous)) if s.value not in rules.replaced]
        if not all(v in folded for v in carried):
            return False
        rest = _fold(previous)
        for v in rules.replaced:
            rest = rest.replace(v, " ")
        kept = _units(rest)  # the previous question's own words, minus what was replaced
        return not kept or len(kept & _units(proposal)) >= 0.6 * len(kept)
    # pronoun / topic: the message's own words must survive
    own = _units(fragment(message)) - _PRONOUN_UNITS
    return not own or len(own & _units(proposal)) >= 0.6 * len(own)
