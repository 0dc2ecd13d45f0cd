"""Keyword tokens for Chinese-first search.

One function, `tokenize`, serves documents and queries alike, so both sides always agree:
traditional characters fold to simplified, text is segmented with jieba (search mode: a long
word and its parts), English words are lower-cased and stemmed, and numbers, dates, IDs and
article references are kept whole and normalised (第二十条, 第20条, 第 20 條 and "Article 20"
all become `第20条`).
"""

from __future__ import annotations

import logging
import re
import tempfile
import threading
from functools import lru_cache
from pathlib import Path

from luodi.fold import fold, is_cjk
from luodi.index.cachefiles import cache_dir
from luodi.numeric.numbers import cn_decimal, parse_cn_integer
from luodi.types import Chunk

# Stored with each chunk's tokens (luodi.index.reindex): set it to the day's date whenever
# `tokenize` gives different tokens for some text (a second change that day: "2026-11-30.2", up
# to .9, since versions compare as text), and chunks whose tokens are older are re-tokenized once.
TOKENIZER_VERSION = "2026-12-03.7"

_CN_NUM = "零〇○一二三四五六七八九十百千万两廿卅"  # 廿 20, 卅 30: 第廿条, 廿五日
_UNIT_WORDS = "条章节款项编"  # after folding, so 條/節/編 are already simplified

# Spans kept whole, tried in this order at each position. Boundaries are ASCII-only on purpose:
# `\b` sees no edge between a Chinese character and a digit.
_PROTECTED = re.compile(
    rf"(?P<ref>第\s*(?P<refnum>[{_CN_NUM}]+|\d+)\s*(?P<unit>[{_UNIT_WORDS}])"
    r"(?:\s*之\s*(?P<sub>[一二三四五六七八九十]+|\d+))?)"
    r"|(?P<enref>(?<![a-z0-9])(?:article|art\.)\s*(?P<ennum>\d+)(?![a-z0-9]))"
    r"|(?P<date>(?<![a-z0-9])(?P<y>\d{4})\s*[-/.年]\s*(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})(?!\d)[日号]?)"
    r"|(?P<ym>(?<![0-9])(?P<ym_y>\d{4})\s*年\s*(?P<ym_m>\d{1,2})\s*月)"
    r"|(?P<md>(?<![0-9])(?P<md_m>\d{1,2})\s*月\s*(?P<md_d>\d{1,2})\s*[日号])"
    r"|(?P<time>(?<![a-z0-9])\d{1,2}:\d{2}(?::\d{2})?(?![0-9]))"
    # a code whole, letter groups too: KM-CG-2025-03 is one token (with its tails, `_code_tails`),
    # not km + cg-2025-03 (a few groups: a long run of hyphened words without a digit must not
    # cost quadratic time)
    r"|(?P<id>(?<![a-z0-9])(?:[a-z]+(?:[-_][a-z]+){0,4}[-_]?\d[a-z0-9_-]*|\d+[a-z][a-z0-9_-]*)(?<![-_]))"
    r"|(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)+|\d+)",
    re.IGNORECASE,
)

# Function words and question words: frequent in queries, carry no topic.
_ZH_STOP = frozenset(
    "的 了 是 在 和 与 及 或 等 也 就 都 而 及其 以及 并 并且 或者 之 其 该 此 这 那 这个 那个 这些 那些 "
    "一个 一种 有 有的 被 把 将 对 对于 于 从 向 由 以 为 为了 因为 所以 如果 则 但 但是 而且 "
    "吗 呢 吧 啊 呀 么 嘛 哦 什么 怎么 怎样 怎么样 如何 哪 哪个 哪些 哪里 哪儿 哪一 谁 几 多少 为什么 "
    "是否 是不是 可以 能 能否 会 要 我 你 他 她 它 我们 你们 他们 她们 它们 自己 请问 请 "
    "个 位 次 所 着 过 啦 给 让 还 又 很 得 地 上 下 中 里".split()
)
_EN_STOP = frozenset(
    "a an the and or but if of to in on at by for with from as is are was were be been being "
    "do does did have has had it its this that these those there here what which who whom whose "
    "when where why how can could should would will shall may might must i me my we our you your "
    "he him his she her they them their not no so than then too very into about over under "
    "any some all each other such only own same just also get got".split()
)

_log = logging.getLogger(__name__)
_init_lock = threading.Lock()


@lru_cache(maxsize=1)
def _jieba():
    """One quiet jieba tokenizer per process, its dictionary cache kept in Luodi's cache folder."""
    with _init_lock:
        import jieba

        jieba.setLogLevel(logging.WARNING)
        tk = jieba.Tokenizer()
        folder = cache_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
            probe = folder / ".write-test"
            probe.touch()
            probe.unlink()
        except OSError:
            # A read-only home still works: a private temporary folder, never a shared one.
            folder = Path(tempfile.mkdtemp(prefix="luodi-jieba-"))
        tk.tmp_dir = str(folder)
        tk.cache_file = "jieba.cache"
        tk.initialize()
        return tk


def words(text: str) -> list[str]:
    """jieba's dictionary words of `text` (no HMM guesses), every character kept."""
    return _jieba().lcut(text, HMM=False)


_local = threading.local()


def _stemmer():
    """This thread's English stemmer: PyStemmer's objects are not thread-safe, and a server
    tokenizes uploads and queries on several threads."""
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        import Stemmer

        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


_LATIN_WORD = re.compile(r"[a-z]+")

_ERY = re.compile(r"(?:ery|eries|eried)$")
# -ery nouns that are not their -er verb's noun, though Snowball's stems would say so.
_ERY_KEEP = frozenset({"adultery", "adulteries", "stationery", "stationeries"})
_SAME_STEM = {"weigh": "weight"}  # kept apart by Snowball: "weigh at most 30 kg" is the maximum weight


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """Snowball's English stem, except that an -ery noun meets its verb: Snowball gives delivery
    → deliveri but delivered → deliv (also recovery, discovery, machinery, refinery). Only
    where the noun's stem is the verb's stem plus "eri"; words like policy (polici, not
    police's polic) or factory (factori, not factor) keep Snowball's stem. Measured over the
    CC-CEDICT glosses, the rule merges few other pairs; the unrelated ones are listed in
    `_ERY_KEEP`. Weigh meets weight (`_SAME_STEM`)."""
    out = _SAME_STEM.get(snow := _stemmer().stemWord(word), snow)
    if out.endswith("eri") and word not in _ERY_KEEP and _ERY.search(word):
        verb = _stemmer().stemWord(out[:-1])
        if verb == out[:-3]:
            return verb
    return out


def english_stems(text: str) -> list[str]:
    """The English words of `text` as `tokenize` indexes them: lower case, stop words dropped,
    stemmed; in order."""
    return [stem(w) for w in _LATIN_WORD.findall(text.lower()) if w not in _EN_STOP]


# An amount in Chinese numerals before what it counts (五千元, 三十日, 二十万元, 三个月; 一 alone
# is too often no number: 一般, 统一, and 十分 is "very"), in 万 or 亿 however it ends (最高罚五万),
# or a share (百分之五): its value is a token beside the words, so that 5000元 meets 五千元 and
# 30日内 meets 三十日内 (laws write amounts either way).
_FRACTION = "点[零〇○一二三四五六七八九]+"  # 三点五公斤, 百分之零点五
_CN_AMOUNT = re.compile(rf"(?<![{_CN_NUM}亿第])(?<![{_CN_NUM}]点)(?:百分之(?P<pct>[{_CN_NUM}]+(?:{_FRACTION})?)"
                        rf"|(?P<big>[一二三四五六七八九十两][{_CN_NUM}]*[万亿][{_CN_NUM}亿]*)"  # 五万, not 千万不要
                        rf"|(?P<n>[{_CN_NUM}]+{_FRACTION}|[{_CN_NUM}亿]{{2,}}|[二三四五六七八九十两廿卅])"
                        r"(?=[元日天年个月次倍人件周岁%至到]|小时|分钟|公斤|千克|公里|吨))")


def _amount_tokens(segment: str, out: list[str], units: list[str] | None = None) -> None:
    """The value of each amount in Chinese numerals into `out`; into `units`, when given, the unit
    after it where jieba would cut that unit alone after digits: it keeps 九十天 whole but cuts 90天
    into 90 + 天, so without 天 beside 90 the question's 90天 would meet 10天 and not 九十天 (not 周
    of 十周岁, nor 年 of 三年级: 10周岁, 3年级 stay whole)."""
    for m in _CN_AMOUNT.finditer(segment):
        value = cn_decimal(m.group("pct") or m.group("big") or m.group("n"))
        if value is not None:
            out.append(format(value.normalize(), "f") if "点" in m.group(0) else str(int(value)))
        unit = segment[m.end() : m.end() + 1]
        if units is not None and is_cjk(unit) and unit not in _ZH_STOP and (
                _jieba().lcut("1" + segment[m.end() : m.end() + 3])[1:2] == [unit]):
            units.append(unit)


_SCALED = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)\s*([万亿])")


def _scaled(number: str, unit: str) -> str:
    """5万 → 50000, 2.5亿 → 250000000."""
    value = float(number) * (10_000 if unit == "万" else 100_000_000)
    return f"{value:.0f}" if value.is_integer() else str(value)


def amount_values(text: str) -> list[str]:
    """The values of the amounts `text` (folded to simplified) writes in Chinese numerals or with
    万/亿 after digits, as `tokenize` indexes them: what lets the answer stage see 1000元 in 一千元."""
    out = [_scaled(*m.groups()) for m in _SCALED.finditer(text)]
    _amount_tokens(text, out)
    return out


def _word_tokens(segment: str, out: list[str], bigrams: bool) -> None:
    """Segment free text (no protected spans) with jieba; keep words, stem English."""
    if bigrams:
        _bigrams(segment, out)
    units: list[str] = []
    _amount_tokens(segment, out, units)
    start = len(out)
    for word in _jieba().cut_for_search(segment, HMM=True):
        word = word.strip()
        if not word:
            continue
        if word.isascii():
            if not word.isalnum():
                # jieba leaves runs like "e-mail" whole: split on anything that is not a letter.
                for part in re.findall(r"[a-z0-9]+", word):
                    if part not in _EN_STOP:
                        out.append(stem(part) if part.isalpha() else part)
                continue
            if word in _EN_STOP:
                continue
            out.append(stem(word) if word.isalpha() else word)
        elif any(is_cjk(ch) or ch.isalnum() for ch in word):
            if word not in _ZH_STOP:
                out.append(word)
    words = set(out[start:])
    out.extend(u for u in units if u not in words)  # 三吨: jieba cut 吨 alone already


def _protected_tokens(m: re.Match[str]) -> list[str]:
    if m.group("ref"):
        n = parse_cn_integer(m.group("refnum"))
        if n is None:
            return []
        sub = parse_cn_integer(m.group("sub")) if m.group("sub") else None
        return [f"第{n}{m.group('unit')}" + (f"之{sub}" if sub else "")]  # 第二十一条之一 is its own article
    if m.group("enref"):
        return [f"第{int(m.group('ennum'))}条"]
    if m.group("date"):
        # Also its year, year-month and month-day: a question often leaves out the year (3月1日起).
        y, mo, d = int(m.group("y")), int(m.group("m")), int(m.group("d"))
        if 1 <= mo <= 12 and 1 <= d <= 31:
            return [f"{y:04d}-{mo:02d}-{d:02d}", f"{y:04d}-{mo:02d}", f"{mo:02d}-{d:02d}", f"{y:04d}"]
        return []
    if m.group("ym"):
        y, mo = int(m.group("ym_y")), int(m.group("ym_m"))
        return [f"{y:04d}-{mo:02d}", f"{y:04d}"] if 1 <= mo <= 12 else []
    if m.group("md"):
        mo, d = int(m.group("md_m")), int(m.group("md_d"))
        return [f"{mo:02d}-{d:02d}"] if 1 <= mo <= 12 and 1 <= d <= 31 else []
    if m.group("num"):
        return [m.group("num").replace(",", "")]
    if m.group("id"):
        forms = [m.group(0), *_code_tails(m.group(0))]
        # without the separator where letters meet digits too: AB2025-03 and WH-12345678 meet
        # AB-2025-03 and WH12345678 (not between digit groups: a-1-12 is not a-11-2)
        return forms + [c for c in dict.fromkeys(_LETTER_DIGIT.sub("", f) for f in forms) if c not in forms]
    return [m.group(0)]  # time: already lower-cased


_LEADING_GROUP = re.compile(r"[a-z]+[-_](?=[a-z]{2})")  # a one-letter tail (c-1 of a-b-c-1) is no code
_LETTER_DIGIT = re.compile(r"(?<=[a-z])[-_](?=\d)|(?<=\d)[-_](?=[a-z])")


def _code_tails(code: str) -> list[str]:
    """A code without its leading letter groups (km-cg-2025-03 → cg-2025-03): a code is often
    quoted without its prefix. Only tails that still open with letters: 2025-03 alone is a month."""
    tails = []
    while m := _LEADING_GROUP.match(code):
        code = code[m.end() :]
        tails.append(code)
    return tails


_CN_YEAR = re.compile(r"([〇○零一二三四五六七八九]{4})(?=年)")
_CN_MONTH_DAY = re.compile(r"(?<![一二三四五六七八九十百千万零〇两几个第])([一二三四五六七八九十]{1,2})月"
                           r"(?:([一二三四五六七八九十]{1,3})([日号]))?")


def _cn_date_digits(text: str) -> str:
    """二〇二六年三月一日 → 2026年3月1日, so written-out dates meet their digit forms."""
    if "年" in text:
        text = _CN_YEAR.sub(lambda m: str(parse_cn_integer(m.group(1))), text)
    if "月" not in text:
        return text

    def month_day(m: re.Match[str]) -> str:
        mo = parse_cn_integer(m.group(1))
        if mo is None or not 1 <= mo <= 12:
            return m.group(0)
        day = parse_cn_integer(m.group(2)) if m.group(2) else None
        return f"{mo}月" + (f"{day}{m.group(3)}" if day else (m.group(2) or "") + (m.group(3) or ""))

    return _CN_MONTH_DAY.sub(month_day, text)


# Text pasted from web pages and chat apps: invisible characters inside words (迟\u200b到), and
# dashes that NFKC keeps (AB–2025–03 typed as AB-2025-03 elsewhere)
_INVISIBLE = dict.fromkeys(map(ord, "\u00ad\u200b\u200c\u200d\u2060\ufeff"))
_HYPHENS = {ord(c): "-" for c in "\u2010\u2011\u2012\u2212"}
# an en dash inside a code (AB–2025–03), not one between words or a range of codes (Q1–Q3);
# an em dash parts clauses (X1—the newest—ships) and is left alone
_CODE_DASH = re.compile(r"(?<=[0-9a-z])\u2013(?=\d)")


def normalise(text: str) -> str:
    """The folded form tokens are taken from: NFKC (full-width → ASCII), simplified, lower case,
    no invisible characters, hyphen-like dashes as hyphens, dates written in Chinese numerals as
    digits."""
    return _cn_date_digits(_CODE_DASH.sub("-", fold(text).translate(_INVISIBLE).translate(_HYPHENS)))


def tokenize(text: str, bigrams: bool = True) -> list[str]:
    """Keyword tokens of `text`, for documents and queries alike.

    With `bigrams`, overlapping CJK character bigrams (marked `~`) are added beside the words:
    they rescue matches where jieba segments a document and a question differently
    (measured: keyword MRR@10 +0.5 to +1.3 points on DRCD, CMRC and the laws set).
    """
    if not text:
        return []
    text = normalise(text)
    out: list[str] = []
    pos = 0
    for m in _PROTECTED.finditer(text):
        toks = _protected_tokens(m)
        if not toks:
            continue
        if m.start() > pos:
            _word_tokens(text[pos : m.start()], out, bigrams)
        out.extend(toks)
        if m.group("num") and text[m.end() : m.end() + 1] in ("万", "亿"):  # 5万元 is 50000 元
            out.append(_scaled(toks[0], text[m.end()]))
        pos = m.end()
    if pos < len(text):
        _word_tokens(text[pos:], out, bigrams)
    return out


_CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]{2,}")


def _bigrams(folded: str, out: list[str]) -> None:
    for run in _CJK_RUN.findall(folded):
        out.extend("~" + run[i : i + 2] for i in range(len(run) - 1))


def char_bigrams(text: str) -> list[str]:
    """Overlapping CJK character bigrams, marked so they never collide with words."""
    out: list[str] = []
    _bigrams(normalise(text), out)
    return out


def index_text(chunk: Chunk) -> str:
    """The text indexed for a chunk (tokens and embeddings): its section path, then its text."""
    section = (chunk.section or "").strip()
    return f"{section}\n{chunk.text}" if section else chunk.text
