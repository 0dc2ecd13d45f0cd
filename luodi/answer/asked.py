"""What a question asks for, read from its words: a quantity or a time (多少, 几, how many, when),
and of which kind; and whether a sentence holds it (luodi.answer.extractive chooses and guards
its sentences with these)."""

from __future__ import annotations

import re

from luodi.fold import has_cjk, to_simplified
from luodi.index.tokenize import stem
from luodi.verify.atoms import extract_atoms

# A question that asks for a quantity or a time; its answer holds a number the question lacks.
ASKS_QUANTITY = re.compile(
    r"多少|几|幾|多久|多长|多長|多大|多远|多遠|多高|多重|哪一?[年天日月]|何时|何時|什么时候|什麼時候"
    r"|\bhow (?:many|much|long|often|far|old)\b|\bwhen\b|\bwhat (?:year|date|time)\b", re.IGNORECASE)
# A Chinese question for a sum of money: a fine, a fee, a price, compensation.
ASKS_MONEY = re.compile(r"多少钱|多少錢|[罚罰赔賠收付交]多少|费用?是?多少|費用?是?多少|几块钱|幾塊錢")
# A question for someone's pay (快递员工资多少, how much does a courier earn): a sum of money
# answers it, not the other numbers of a rule that names the job (100票以上).
_PAY = r"(?:工资|工資|薪水|薪资|薪資|薪酬|月薪|年薪|底薪|收入|奖金|獎金|提成|补贴|補貼|津贴|津貼)"
ASKS_PAY = re.compile(rf"{_PAY}[^，。？?,]{{0,6}}?(?:多少|几|幾)|(?:多少|几|幾)[^，。？?,]{{0,4}}{_PAY}"
                      r"|\bhow much\b[^?]*\b(?:earns?|salary|salaries|wages?|paid|bonus(?:es)?)\b"
                      r"|\b(?:salary|salaries|wages?|pay)\b[^?]*\bhow much\b"
                      r"|\bwhat (?:is|are) the (?:\w+ )?(?:salary|salaries|wages?|pay)\b", re.IGNORECASE)
# A question for an address itself (总部地址在哪里, the head office's address): an address, a web
# address or an e-mail address answers it, not a rule that mentions the place. "总部在哪里" is
# not one: a city answers it (胡志明市).
ASKS_ADDRESS = re.compile(
    r"(?<![改写寫填换換更修])地址(?:在哪里?|在哪兒|在哪儿|是什么|是甚麼|是啥|是哪里?|是哪裡|在什么地方|在甚麼地方)\s*[？?。.]?\s*$"
    r"|(?:有)?哪些地址\s*[？?。.]?\s*$|地址(?:有哪些|是哪些)\s*[？?。.]?\s*$"  # 自取點有哪些地址
    r"|\bwhat(?:'s| is) the (?:[a-z-]+ ){0,2}address(?:es)?\s*(?:of\b|for\b|[?.]|$)|\baddress of (?:the|your|its)\b"
    r"|'s address\b", re.IGNORECASE)
_ADDRESS = re.compile(
    r"地址(?:在哪里?|在哪兒|在哪儿|是什么|是甚麼|是啥|是哪里?|是哪裡|在什么地方|在甚麼地方)\s*[？?。.]?\s*$"
    r"|\b(?:what|which) is the\b[^?]*\baddress\b|\baddress of\b|'s address\b", re.IGNORECASE)
_ADDRESS = re.compile(
    r"地址(?:在哪里?|在哪兒|在哪儿|是什么|是甚麼|是啥|是哪里?|是哪裡|在什么地方|在甚麼地方)\s*[？?。.]?\s*$"
    r"|(?:总部|總部|总公司|總公司|办公室|辦公室)(?:的)?(?:在哪|位于哪|位於哪|在什么地方|在甚麼地方)"
    r"|\b(?:what|which) is the\b[^?]*\baddress\b|\baddress of\b|'s address\b"
    r"|\bwhere (?:is|are)\b[^?]*\b(?:headquarters|head office|offices?|located)\b", re.IGNORECASE)
_ADDRESS = re.compile(r"https?://|\bwww\.|[\w.-]+@[\w-]+\.|[省市区區县縣镇鎮路街道巷弄]\s*\d+\s*[号號弄]"
                      r"|[\u4e00-\u9fff]{2,}[市县縣][\u4e00-\u9fff]{1,6}[区區县縣镇鎮][\u4e00-\u9fff]{0,8}[路街道]"
                      r"|\d+\s*(?:号|號)\s*(?:楼|樓|院|大厦|大廈)?|\d+\s*(?:楼|樓|层|層|室)\b"
                      r"|\b\d+\s+[A-Z][a-z]+\s+(?:Street|St|Road|Rd|Avenue|Ave|Lane|Boulevard|Way)\b"
                      r"|\b[A-Z][\w-]*(?:strasse|straße|gasse|weg|platz|street|road|avenue|lane)\s+\d+"
                      r"|\d+\s*,\s*\d{4,6}\s+[A-Z][a-z]+"
                      r"|\b(?:Room|Floor|Suite|Building|Unit)\s+\d")


def states_pay(text: str) -> bool:
    """Whether a text states a sum of money, a percentage or a multiple (一倍以上五倍以下的罚款)."""
    return bool({a.kind for a in extract_atoms(text)} & {"amount", "percent"}) or re.search(
        r"[\d一二两兩三四五六七八九十]\s*倍|\d\s*times\b|[\d一二两兩三四五六七八九十半]+\s*[个個]?月的?(?:工资|工資|薪|薪水|薪资)"
        r"|\b(?:one|two|three|\d+|half a) months?'?s? (?:salary|pay|wages?)", text, re.I) is not None


def states_address(text: str) -> bool:
    """Whether a text states an address: a street and number, a web or an e-mail address."""
    return _ADDRESS.search(text) is not None


_QUANTITY_KINDS = frozenset({"number", "amount", "percent", "date", "duration"})
_SECTION_LABEL = re.compile(r"^\s*\d+(?:\.\d+)+\s+(?=[A-Z])")


def quantities(text: str) -> set[tuple[str, str]]:
    """The numbers, amounts, percentages, dates and durations a text states, as (kind, value)."""
    text = _SECTION_LABEL.sub("", text)  # "1.1 This guide applies…": a label, not a quantity
    return {(a.kind, str(a.value)) for a in extract_atoms(text) if a.kind in _QUANTITY_KINDS}


# A span of time (48小时, 3至5个工作日, 延长至15日, 2个多小时, 3个多月, 3 to 5 business days): not the
# day of a date (2月14日, 9日至14日), an ordinal (第3日) nor calendar years (2026年, 2026-2027年)
_SPAN_NUM = r"(?:\d[\d.,]*|[一二两兩三四五六七八九十百半]+)"
_SPAN = (rf"(?<![\d.,月第一二两兩三四五六七八九十百半])"
         r"(?<![日\d][至到\-–—~])"
         rf"(?!\d{{4}}\s*(?:(?:至|到|-|–|—)\s*\d{{2,4}}\s*)?年){_SPAN_NUM}\s*"
         rf"(?:(?:to|-|–|—|~|至|到)\s*{_SPAN_NUM}\s*)?(?:[个個]\s*)?多?\s*(?:business |working |calendar )?"
         r"(?:工作|自然)?(?:days?|hours?|minutes?|weeks?|months?|years?|天|日|小时|小時|分钟|分鐘|周|週|年"
         r"|[个個][多半]?月)")


_HOW_LONG = re.compile(r"how long|多久|多长时间|多長時間", re.I)


def spans_if_asked(question: str, sentence: str) -> bool:
    """For a question that asks how long, whether the sentence holds a span of time (48小时, not
    16:00 or 2月14日); any sentence for other questions."""
    return not _HOW_LONG.search(question) or fits_asked(question, sentence)


def fits_asked(question: str, sentence: str) -> bool:
    """Whether a sentence holds the kind of quantity the question asks for: a span of time for how
    long, a date or a clock time for when, an amount for how much, a count of the things for how
    many; any quantity for the rest (多少, 几)."""
    q = question.lower()
    kinds = {a.kind for a in extract_atoms(sentence)}
    span = "duration" in kinds or re.search(_SPAN, sentence, re.I) is not None
    if _HOW_LONG.search(q):
        return span
    if re.search(r"\bwhen\b|what time|什么时候|什麼時候|何时|何時|几点|幾點", q):
        return "date" in kinds or span or re.search(  # 16:00, 3点, 每月5日 (not 5号纸箱, 〔2019〕5号)
            r"\d{1,2}:\d{2}|\d\s*点|月\s*\d{1,2}\s*[日号號]|\d\s*(?:am|pm)\b", sentence, re.I) is not None
    if re.search(r"how much|多少钱|多少錢|价格|價格|费用|費用", q):
        return bool(kinds & {"amount", "percent"})
    return counts_what_is_asked(question, sentence)


_HOW_MANY = re.compile(r"\bhow many\s+(?:(?:business|working|calendar|more|extra)\s+)?([a-z]+)", re.I)
_TIME_WORDS = frozenset("second minute hour day week month year".split())  # stems
_NUMBER = r"(?:\d[\d,.]*|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|hundred)"


def counts_what_is_asked(question: str, sentence: str) -> bool:
    """For "how many <things>", whether the sentence counts those things: a number a few words
    before the word ("3,000 employees", "up to 3 times"), or a duration for days, hours and the
    like. "How many parcels can a courier deliver per day?" is not answered by "1 day off each
    week". Other questions (how much, how long, when) pass."""
    zh = _ZH_HOW_MANY.search(question)
    if zh:
        return _zh_counts(zh.group(1), sentence)
    measure = _ZH_HOW_MUCH.search(to_simplified(question))
    if measure:  # 最重多少公斤: a weight, not "5 to 8 business days"
        return re.search(rf"\d\s*(?:{_MEASURES[measure.group(1)]})", to_simplified(sentence), re.I) is not None
    m = _HOW_MANY.search(question)
    if not m:
        return True
    thing = _thing(m.group(1))
    if thing in _TIME_WORDS and any(a.kind == "duration" for a in extract_atoms(sentence)):
        return True
    if thing == "time" and re.search(r"\b(?:once|twice|thrice)\b", sentence, re.I):
        return True
    after = re.finditer(rf"\b{_NUMBER}((?:\s*[a-z-]+){{1,3}})", sentence, re.I)
    return any(_thing(w) == thing for m in after for w in m.group(1).split())


# 多少公斤, 多少毫升: a measure asked in its unit, and the ways a sentence writes that unit
_KG = "公斤|千克|kg|kilo(?:gram)?s?\\b"
_MEASURES = {"公斤": _KG, "千克": _KG, "斤": f"斤|{_KG}", "克": "克|g\\b|grams?\\b",
             "毫升": "毫升|ml|millilit", "升": "升|l\\b|lit", "厘米": "厘米|公分|cm|centimet",
             "公分": "厘米|公分|cm|centimet", "米": "米|m\\b|met", "公里": "公里|千米|km|kilomet",
             "千米": "公里|千米|km|kilomet"}
_ZH_HOW_MUCH = re.compile(rf"多少\s*({'|'.join(sorted(_MEASURES, key=len, reverse=True))})")
# 几天, 几个国家, 幾次, 几折: the first character of what is counted (第几 asks an ordinal, 哪几天 dates)
_ZH_HOW_MANY = re.compile(r"(?<![第哪])[几幾](?:个|個)?([\u4e00-\u9fff])")
_ZH_NUMERAL = r"(?:\d[\d,.]*|[一二三四五六七八九十百千万萬两兩零〇半]+)"
_ASKS_WHEN = "点點号號"
_TIME_UNITS = "天日年月周週小"  # 小 of 几个小时
_SAME_UNIT = {"天": "天日", "日": "天日", "个": "个個", "個": "个個", "岁": "岁歲", "歲": "岁歲"}


def names_count(question: str) -> bool:
    """Whether a Chinese question asks how many of a unit it names (几天, 几折; not 几点, 几号)."""
    m = _ZH_HOW_MANY.search(question)
    return m is not None and m.group(1) not in _ASKS_WHEN


def _zh_counts(unit: str, sentence: str) -> bool:
    """For 几<unit>, whether the sentence counts in that unit: 3天 or 3日 for 几天 (not the day of
    a date, 2月15日), 5个国家 for 几个国家, 八五折 for 几折. 几点 and 几号 ask when: they pass."""
    if unit in _ASKS_WHEN:
        return True
    if not has_cjk(sentence):  # an English line over a Chinese question: 几天 is any span of time
        return unit not in _TIME_UNITS or re.search(_SPAN, sentence, re.I) is not None
    units = _SAME_UNIT.get(unit, unit)
    return re.search(rf"(?<![\d月]){_ZH_NUMERAL}\s*(?:个|個|多|余|餘)?\s*(?:工作|自然)?[{units}]", sentence) is not None


_UNIT_NAMES = {"kilogram": "kg", "kilo": "kg", "kgs": "kg", "gram": "g", "metr": "m", "meter": "m",
               "centimet": "cm", "centimetr": "cm", "kilomet": "km", "kilometr": "km"}


def _thing(word: str) -> str:
    """A counted word's stem, a unit's written-out name as its symbol (kilograms = kg)."""
    s = stem(word.lower())
    return _UNIT_NAMES.get(s, s)
