"""Sentences and question terms: the pure text helpers the composers share."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from luodi.fold import to_simplified
from luodi.index.crosslingual import COURTESY
from luodi.index.tokenize import amount_values, english_stems, stem
from luodi.numeric.numbers import parse_cn_integer

_SENT = re.compile(r"[^。！？!?；;\n]+(?:[。！？!?；;]+[」』”’）)]*|\n|$)|(?<=\n)")
_EN_SENT_BREAK = re.compile(r"(?<=[a-z0-9%)\]][.])\s+(?=[A-Z\"(])")
_EN_LABEL = re.compile(r"(?:[A-Za-z]{1,12}\.?\s?)?\d+(?:\.\d+)*[A-Za-z]?\.")
_REPLY = re.compile(r"(?:Yes|No)[.!]")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[a-z0-9]+(?:[.'-][a-z0-9]+)*")
# a compound whose part means another thing: "mailed" asks nothing of an e-mail address (an
# e-bike is still a bike, and e-commerce commerce: those are read in their parts)
_LETTER_PREFIX = re.compile(r"(?<![a-z0-9'-])([ex])-(?=(?:mail|ray)(?![a-z]))")
# A numbered name's number is part of the name: 2号纸箱 is not 1号纸箱 (a lone digit is no term).
# Not a date's day (3月2号, 三月二号), nor 哪一号, which asks the number. A question's 三号纸箱 is
# 3号纸箱 (`NUMBERED_ZH`: one to ninety-nine, written plainly, not 四五号 "four or five" nor the
# 一 of 一人一号); a document's numerals stay words.
_NOT_AFTER = r"(?<![月哪\d一二两三四五六七八九十零〇百千万])"
NUMBERED_ZH = _NOT_AFTER + r"(\d+|[一二两三四五六七八九]?十[一二三四五六七八九]?|[一二两三四五六七八九])(?![\d十零〇])\s*[号號]"
_NUMBERED = re.compile(_NOT_AFTER + r"(\d+)(?=[号號])")
_NUMBERED_ZH = re.compile(NUMBERED_ZH)

# Words that make a question a question but say nothing about its topic.
_QUESTION_WORDS = (
    "什么 什麼 怎么 怎麼 怎样 怎樣 如何 哪 哪个 哪個 哪些 哪里 哪裡 哪儿 谁 誰 几 幾 多少 多久 多长 多長 多大 "
    "为什么 為什麼 是否 吗 嗎 呢 吧 请问 請問 一下 的 了 是 在 有 和 与 與 及 被 把 将 將 对 對 于 於 从 從 "
    "我 你 他 她 它 我们 我們 可以 能 会 會 要 需要 应该 應該 应当 應當 该 該 "
    "你们 你們 您 咱们 咱們 他们 他們 什么样 什麼樣 长什么样 長什麼樣 怎么样 怎麼樣"
).split()
_EN_STOP = set(
    "a an the and or of to in on at by for with from as is are was were be been do does did have has "
    "had it its this that these those there what which who whom whose when where why how can could "
    "should would will shall may might must i me my we our you your he his she her they their not "
    "if than then so about into any some all each much many long also just "
    "don doesn didn isn aren wasn weren won wouldn shouldn couldn hasn haven hadn ll re ve".split()
) | COURTESY

_QUESTION_WORDS_LONGEST_FIRST = sorted({to_simplified(w) for w in _QUESTION_WORDS}, key=lambda w: (-len(w), w))


@dataclass
class Sentence:
    text: str
    start: int
    end: int


def mostly_chinese(text: str) -> bool:
    """Whether Chinese outweighs Latin script in a text (a character against a 4-letter word): an
    English guide that names "飞鸽" now and then is English."""
    return _chinese_outweighs(*_script_counts(text))


def _script_counts(text: str) -> tuple[int, int]:
    """Chinese characters and Latin letters in a text."""
    han = sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")
    latin = sum(1 for ch in text if ch.isascii() and ch.isalpha())
    return han, latin


def _chinese_outweighs(han: int, latin: int) -> bool:
    return han > 0 and 4 * han >= latin


_RULE_BREAK = re.compile(r"(?<=[。；;！？!?\n])|(?<=\.)\s")


def rule_sentences(text: str) -> list[str]:
    """A rule's sentences for reading what it says (a place's region, a surcharge): cut at every
    end mark, line break, and period before a space ("2.1 … Japan. 2.2 Zone B …" is two), which
    split_sentences, made for quoting, keeps together."""
    return [s.strip() for s in _RULE_BREAK.split(text) if s.strip()]


def split_sentences(text: str) -> list[Sentence]:
    """Sentences with offsets; Chinese ends on 。！？；, English on . ! ? followed by a capital.
    An English label ("Rule 1.", "Section 2.4.", "Q3.") stays with the sentence it numbers, as
    第一条 does, rather than being quoted as a sentence of its own. An FAQ's bare "Yes." or "No."
    is no sentence: it answers the FAQ's own question, and quoted for another ("Can I ride a
    tricycle on the highway?") it would say yes to that."""
    out: list[Sentence] = []
    for m in _SENT.finditer(text):
        if not m.group(0).strip():
            continue
        pos, label = m.start(), None
        for part in _english_sentences(m.group(0)):
            idx = text.find(part, pos)
            pos = idx + len(part)
            if not part.strip():
                continue
            start, end = idx + len(part) - len(part.lstrip()), idx + len(part.rstrip())
            if label is None and _EN_LABEL.fullmatch(text, start, end):
                label = start
                continue
            if label is None and _REPLY.fullmatch(text, start, end):
                continue
            start, label = (start if label is None else label), None
            out.append(Sentence(text[start:end], start, end))
        if label is not None:  # a label with nothing after it
            end = label + len(text[label:pos].rstrip())
            out.append(Sentence(text[label:end], label, end))
    return _closing_brackets(out, text)


def _english_sentences(text: str) -> list[str]:
    """`text` cut where an English sentence ends: not after a period in Chinese prose, which ends an
    abbreviation there ("圣若望．玛达（St. John of Matha）及St. Felix of Valois的雕像。")."""
    parts, start, read, han, latin = [], 0, 0, 0, 0
    for m in _EN_SENT_BREAK.finditer(text):
        more = _script_counts(text[read : m.start()])  # the segment's script, counted once
        han, latin, read = han + more[0], latin + more[1], m.start()
        if not _chinese_outweighs(han, latin):
            parts.append(text[start : m.start()])
            start, han, latin = m.end(), 0, 0
    return [*parts, text[start:]]


_OPENERS, _CLOSERS = "（(", "）)"
MAX_BRACKETED = 200  # characters a sentence may grow to while it waits for its bracket to close


def _closing_brackets(sentences: list[Sentence], text: str) -> list[Sentence]:
    """A sentence that ended inside brackets goes on to the one that closes them, on its line:
    "阿閦佛（梵语：…；藏语：…）是…" is one sentence, not "阿閦佛（梵语：…；" and the rest, and
    "《格斗天王》（英文：Mr. Fighting）" is not cut after Mr."""
    out: list[Sentence] = []
    for sent in sentences:
        prev = out[-1] if out else None
        if prev and _unclosed(prev.text.rstrip(_CLOSERS)) and "\n" not in text[prev.end : sent.start] \
                and sent.end - prev.start <= MAX_BRACKETED:
            out[-1] = Sentence(text[prev.start : sent.end], prev.start, sent.end)
        else:
            out.append(sent)
    return out


def _unclosed(sentence: str) -> bool:  # its end (the closers after it aside) inside brackets
    return sum(sentence.count(c) for c in _OPENERS) > sum(sentence.count(c) for c in _CLOSERS)


def without_question_words(question: str) -> str:
    q = to_simplified(question).lower()
    for word in _QUESTION_WORDS_LONGEST_FIRST:
        q = q.replace(word, " ")
    return q


def question_terms(question: str) -> set[str]:
    """Content units of a question: Chinese character bigrams (question words removed) and English words."""
    folded = _numerals_folded(question)
    q = without_question_words(folded)
    return _bigrams_split(q) | _english_words(q) | _numbered(folded)  # 哪一号: before 哪 goes


def _numerals_folded(question: str) -> str:
    """The question with a numbered thing's Chinese numeral in digits: 一号到四号纸箱 is read as
    1号到4号纸箱, as the documents write it."""
    return _NUMBERED_ZH.sub(lambda m: f"{numeral_value(m.group(1))}号", to_simplified(question))


def _numbered(text: str) -> set[str]:
    return {f"{n}号" for n in _NUMBERED.findall(text)}


def numeral_value(numeral: str) -> int | None:
    """The value of a numeral in digits or Chinese (十五 → 15)."""
    return int(numeral) if numeral.isdigit() else parse_cn_integer(numeral)


def question_units(question: str) -> set[str]:
    """The question's Chinese characters and English content words, question words removed.
    Colloquial words share characters with the formal ones a rulebook uses (丢 / 丢失, 赔 / 赔偿,
    酒 / 酒类) where their bigrams do not; an English word is its own unit."""
    q = without_question_words(_numerals_folded(question))
    return set(_CJK.findall(q)) | _english_words(q)


def _english_words(q: str) -> set[str]:
    return set(_word_parts(q, _EN_STOP))


def _word_parts(text: str, stop: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """English words, stemmed, with hyphenated and possessive words in their parts as keyword search
    has them: "remote-area" meets "remote" and "areas", "recipient's" meets "recipient".
    Decimals (3.5) and dotted codes stay whole. Words in `stop` and single letters are left out;
    e-mail and x-ray are one word each (`_LETTER_PREFIX`)."""
    out = []
    for word in _WORD.findall(_LETTER_PREFIX.sub(r"\1", text)):
        parts = re.split(r"[-']", word) if word.replace("-", "").replace("'", "").isalpha() else [word]
        out += [_stem(p) for p in parts if len(p) > 1 and p not in stop]
    return out


def _stem(word: str) -> str:
    """English words meet across inflections (refuses / refused), as in keyword search."""
    return stem(word) if word.isalpha() else word


def _bigrams_split(text: str) -> set[str]:
    """Bigrams within each run of Chinese characters (runs are split where question words were)."""
    out: set[str] = set()
    for run in re.findall(r"[\u3400-\u9fff]+", text):
        if len(run) == 1:
            out.add(run)
        out |= {run[i : i + 2] for i in range(len(run) - 1)}
    return out


def han_pairs(text: str) -> set[str]:
    """Every pair of neighbouring Chinese characters in a text."""
    return {text[i:i + 2] for i in range(len(text) - 1) if _HAN_PAIR.fullmatch(text[i:i + 2])}


_HAN_PAIR = re.compile(r"[\u4e00-\u9fff]{2}")


def shared_words(a: str, b: str, ignore: frozenset[str] = frozenset()) -> int:
    """How many Chinese character pairs and English word stems two texts share, but for `ignore`
    (words any two texts of a kind share: 保管费, day)."""
    return len((han_pairs(a) & han_pairs(b)) - ignore) + len(
        (set(english_stems(a)) & set(english_stems(b))) - ignore)


def text_terms(text: str) -> set[str]:
    t = to_simplified(text).lower()
    han = _bigrams_split(t) | set(_CJK.findall(t))
    # an amount's value beside its words, as keyword search has it: 1000元 is in 一千元
    return han | set(_word_parts(t)) | set(amount_values(t)) | _numbered(t)


def coverage(terms: set[str], text: str, absent: set[str] | frozenset[str] = frozenset()) -> float:
    """Share of the question's content units found in the text (0..1); `absent` ones are not."""
    if not terms:
        return 0.0
    have = text_terms(text) - absent
    return len(terms & have) / len(terms)


# Characters that negate the word after them: 未保价, 非易燃, 无人, 不超过, 没保价 (English: non-)
_NEGATIONS = "未非无無不没沒"


def opposite_terms(question: str, terms: set[str], text: str) -> set[str]:
    """The question's two-character terms that the text says only negated where the question does
    not, or only plainly where the question negates them: 保价 in "未保价快件丢失的…" for
    "保价的快件丢了怎么赔？", 易燃 in "非易燃液体" for "易燃液体能寄吗？". Question words are read
    out first (能不能: its 不 negates nothing)."""
    wanted = _asked_polarities(question, frozenset(terms))
    said = to_simplified(text).lower()
    if all(False in want for _, want in wanted) and not any(ch in said for ch in _NEGATIONS) \
            and "non" not in said:
        return set()  # the question says its terms plainly, and nothing here negates
    out = set()
    for term, want in wanted:
        have = _polarities(said, term) if term in said else set()
        if have and not want & have:
            out.add(term)
    return out


@lru_cache(maxsize=64)
def _asked_polarities(question: str, terms: frozenset[str]) -> tuple[tuple[str, frozenset[bool]], ...]:
    """How the question says each of its two-character terms (plainly, negated or either), read
    once per question: the composer asks for every sentence it scores."""
    asked = to_simplified(without_question_words(question)).lower()
    out = []
    for term in sorted(terms):
        if term.isascii() and term.isalpha() and len(term) > 2 or \
                len(term) == 2 and not term.isascii() and not any(ch in _NEGATIONS for ch in term):
            want = _polarities(asked, term, before_is_not_yet=True)
            if want:
                out.append((term, frozenset(want)))
    return tuple(out)


_CLAUSE_REST = re.compile(r"[^，。？！；、,.?!;\s]{0,6}")


def _polarities(text: str, term: str, before_is_not_yet: bool = False) -> set[bool]:
    """For each place `term` stands in `text`: whether a negation stands right before it (an
    English word's stem: "non-" or "non "). With `before_is_not_yet`, a term with 前 after it in its
    clause is either (出兵菲律宾前 is 尚未出兵, 签收前 is 未签收)."""
    if term.isascii():  # "non-flammable liquids" are not the question's flammable ones
        return {bool(m.group(1)) for m in re.finditer(rf"(?<![a-z])(non[-\s])?{re.escape(term)}", text)}
    out: set[bool] = set()
    for m in re.finditer(re.escape(term), text):
        if before_is_not_yet and "前" in _CLAUSE_REST.match(text, m.end()).group():
            out |= {True, False}
        else:
            out.add(m.start() > 0 and text[m.start() - 1] in _NEGATIONS)
    return out


# An English comparison naming what a sentence is not about: "(not 6000 as for domestic
# parcels)", "unlike domestic parcels,", "as opposed to documents": one to three words after the
# marker, ended by a preposition, verb, punctuation, table cell or line end ("not as fast as for
# express parcels in remote areas" sets apart express parcels, not the remote areas); words that
# run on ("Unlike domestic parcels international parcels need…") are no such phrase. "Not unlike"
# is "like"; "to unlike" a verb.
_ENDS = (r"(?:in|on|at|to|for|with|from|by|of|and|or|that|which|who|is|are|was|were|be|has|have|must|may|"
         r"can|cannot|will|shall|should|do|does|need|needs|require|requires|use|uses|cost|costs|take|takes|"
         r"pay|pays|get|gets|apply|applies)(?![\w-])")
_CONTRAST = re.compile(r"\b(?:not\s+(?:(?:\d+\.\d+|[^\s,;:.!?()|]+)\s+){1,2}as\s+(?:for|with|in|on)"
                       r"|(?<!not )(?<!to )(?<!can )unlike|as\s+opposed\s+to)"
                       rf"((?:[^\S\n]+(?!{_ENDS})[^\s,;:.!?()|\u2013\u2014]+){{1,3}})"
                       rf"(?=[^\S\n]*(?:$|[\n,;:.!?()|\u2013\u2014]|{_ENDS}))", re.I)


def contrasted(terms: set[str], text: str) -> set[str]:
    """The English terms of `terms` that `text` says only in such a comparison."""
    spans = [m.span(1) for m in _CONTRAST.finditer(text)]
    if not spans:
        return set()
    outside = text
    for a, b in reversed(spans):
        outside = outside[:a] + "\n" + outside[b:]
    inside = text_terms("\n".join(text[a:b] for a, b in spans))
    return {t for t in (terms & inside) - text_terms(outside) if t.isascii() and t.isalpha()}


# An article that opens by naming its subject: "长柄艾纳香（学名：）为菊科…", "高英（），北魏宣武帝的皇后",
# "欧洲越橘（学名：），又称黑果越橘，是…"
_NAME = r"\s*([^，。；：、,;:（(\s「」《》\"“”]{2,20}?)\s*"
_DEFINES = re.compile(_NAME + r"(?:[（(]|(?:，(?:又称|又稱|別稱|别称|亦称|亦稱|简称|簡稱|俗称|俗稱|又名|原名)[^，。]{1,30}，)?(?:是|为|為))")
_LABEL = re.compile(r"第\S{1,8}[条條章节節款]")  # "第三条（适用范围）" opens a rule, not an article on 第三条


def subject_of(text: str) -> str:
    """The subject a passage opens by naming ("X（…）", "X是…"), which its later sentences leave
    unsaid ("花期1-3月。" is the plant's); "" for a passage that does not open so."""
    m = _DEFINES.match(text)
    return m.group(1) if m and not _LABEL.fullmatch(m.group(1)) else ""
