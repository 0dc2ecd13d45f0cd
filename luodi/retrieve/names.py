"""The documents a citation names: "个保法" is 个人信息保护法, "月结规则" is 飞鸽快递月结协议客户
服务规则, "the Law on Road Traffic Safety" is 道路交通安全法 (luodi.retrieve.refs).

A document goes by its section root and its file name, folded; a Chinese name is matched whole
after words that name nothing (请问, 根据), as one run of characters or else in order; an English
one word by word, each word as itself or through the dictionary.
"""

from __future__ import annotations

import re
from pathlib import PurePosixPath
from urllib.parse import urlsplit

from luodi.fold import fold, has_cjk
from luodi.index.crosslingual import index_terms, lexicon
from luodi.index.tokenize import english_stems

# Words before a document's name that are not part of it: "请问个保法第21条", "根据月结规则第五条"
_FILLER = re.compile(r"(?:和|与|及|以及|或|还有|请问|请|我想知道|想知道|我想问|想问|问一下|问下|查一下|查查|看看|看一下|根据|按照|依照|"
                     r"依据|关于|对于|那么|那|按|据|帮我|帮忙|麻烦|你好|您好|我们|咱们|的|在)*")
_TRIM_TITLE = "中华人民共和国"
# A long English name may have one word in four the dictionary cannot put in Chinese (interim:
# 临时, never 暂行); a short one must be whole ("the monthly safety rules" is not 月结…规则).
ENGLISH_WORDS_PER_MISS = 4
# How the titles of Chinese laws and regulations are put in English, where the dictionary's
# everyday senses miss it (by stem): Measures 办法, Interim 暂行, Work Safety 安全生产, Rights and
# Interests 权益, Detailed Rules 细则, Counter-Espionage 反间谍, Fire Protection 消防 …
_TITLE_WORDS = {
    "measur": ("办法",), "interim": ("暂行",), "provision": ("暂行", "规定"), "trial": ("试行",),
    "work safeti": ("安全生产",), "right interest": ("权益",), "right": ("权利",),
    "detail rule": ("细则",), "implement rule": ("实施细则",), "implement regul": ("实施条例",),
    "express deliveri": ("快递",), "express deliv": ("快递",), "administr": ("管理",),
    "counter": ("反",), "monopoli": ("垄断",), "espionag": ("间谍",), "partnership": ("合伙",),
    "urban rural": ("城乡",), "urban and rural": ("城乡",), "penalti": ("处罚",), "punish": ("处罚",),
    "licens": ("许可",), "social insur": ("社会保险",), "telecom": ("电信",), "onlin": ("网络",),
    "cyber": ("网络",), "cybersecur": ("网络安全",), "fraud": ("诈骗",), "fire protect": ("消防",),
    "fire control": ("消防",), "civil code": ("民法典",), "minor": ("未成年人",),
    "prevent and control": ("防治",), "prevent control": ("防治",), "air pollut": ("大气污染",),
    "atmospher": ("大气",), "state secret": ("国家秘密",), "tender": ("招标",), "bid": ("投标",),
    "occup diseas": ("职业病",), "work injuri": ("工伤",), "tax collect": ("税收征收",),
    "litig": ("诉讼",), "procedur": ("程序", "诉讼"), "promot": ("促进",), "organ": ("组织",),
    # and of a company's rulebooks: 须知, 说明, 规范, 指南, 通知
    "instruct": ("须知",), "descript": ("说明",), "specif": ("规范",), "standard": ("标准", "规范"),
    "notic": ("通知", "须知"), "guid": ("指南", "指引"), "wareh": ("仓储",), "warehous": ("仓储",),
    "storag": ("仓储",),
}
# A three-character headword whose last character makes it another part of speech (密码学
# cryptography, 许可证 licence, 社会化 social) also names its first two in a title (密码法).
_SUFFIXES = frozenset("学化人证罪性者员案")
_PRC = re.compile(r"(?:\bof\s+)?(?:the\s+)?people'?s\s+republic\s+of\s+china\b|\bprc\b|\bchina'?s?\b|\bchinese\b", re.I)
_CONNECTOR = re.compile(r"\s+(?:on|for|about|regarding|concerning|in|with)\s+", re.I)
_QUOTED = re.compile(r"《[^》]*》")
_THIS = set("本该此这")
_TITLE_ENDS = tuple("法 条例 办法 规定 规则 细则 手册 须知 说明 规范 指南 制度 章程 协议 通知 公告 决定 "
                    "解释 标准 守则 准则 意见 批复 合同 条款".split())
# 刑法(2020-12-26): the file name's date; a title's own brackets stay (…的解释（四）, …办法（试行）)
_DATED = re.compile(r"\s*[(（]\s*\d{4}\s*[-./年]\s*\d{1,2}\s*[-./月]\s*\d{1,2}\s*日?\s*[)）]\s*$")


def title_of(section: str, uri: str | None) -> str:
    """The names a document goes by, folded, one a line: its section root and its file name,
    without 中华人民共和国 or a trailing date ("刑法(2020-12-26)")."""
    names = []
    if section:  # a one-chunk document's section is its title alone, with no path after it
        names.append(section.split(">", 1)[0])
    if uri:
        names.append(PurePosixPath(urlsplit(uri).path).stem)
    names = [_DATED.sub("", _quotes(fold(n)).strip().replace(_TRIM_TITLE, "")) for n in names]
    return "\n".join(n for n in names if n)


def newest_versions(docs: set[int], titles: dict[int, str], dated: dict[int, str]) -> set[int]:
    """Of documents named alike, dated versions of one text (立法法(2015-03-15).md and
    立法法(2023-03-13).md), the newest: a citation of 立法法第九十四条 means the law in force."""
    groups: dict[str, list[int]] = {}
    for doc in docs:
        groups.setdefault(titles.get(doc, ""), []).append(doc)
    out = set()
    for same in groups.values():
        if len(same) > 1 and all(doc in dated for doc in same):
            out.add(max(same, key=lambda doc: dated[doc]))
        else:
            out.update(same)
    return out


def _quotes(text: str) -> str:
    """A title quoted inside a title is written 〈工会法〉 as often as 《工会法》: one way here."""
    return text.replace("〈", "《").replace("〉", "》")


def _run(short: str, long: str) -> bool:
    return short in long


def _in_order(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def named_documents(mention: str, titles: dict[int, str]) -> set[int]:
    """Documents `mention` names: a Chinese name whole or after words that name nothing (请问,
    根据; two characters at least), as one run of characters in a title first, else in order
    (个保法, 月结规则); an English one by its words, or their dictionary translations, all in the
    title. Never by a tail alone: 运输规则 is not 月结…规则, 数据安全法 not 网络安全法."""
    if not has_cjk(mention):
        return _by_english_name(mention, titles)
    mention = _quotes(fold(mention)).replace(_TRIM_TITLE, "")  # as the titles are kept: （四） is (四)
    lines = {doc: title.split("\n") for doc, title in titles.items()}
    for start in range(len(mention) - 1):
        if not _FILLER.fullmatch(mention[:start]):
            continue
        tail = mention[start:]
        for holds, ending in ((_run, tail), (_in_order, tail[-1])):
            # a title that only quotes the name (关于适用《民法典》…的解释) is another document's
            found = {doc for doc, names in lines.items()
                     if any(holds(tail, n.replace(f"《{tail}》", "")) for n in names)}
            if found:  # the law itself before the rules made under it: 道交法 is 道路交通安全法
                own = {doc for doc in found if any(n.endswith(ending) for n in lines[doc])}
                return own or found
    return set()


def _by_english_name(mention: str, titles: dict[int, str]) -> set[int]:
    """The documents an English name fits (`_english_title`); the name is the words after "of the"
    up to the question's verb, so it may run on into the question ("the Road Traffic Safety Law
    regarding pedestrians"): then it is tried up to each "on/for/about/regarding" from the last.
    "of the People's Republic of China" is left out, as titles are kept without 中华人民共和国."""
    mention = _PRC.sub(" ", mention)
    cuts = [m.start() for m in _CONNECTOR.finditer(mention)]
    for end in [len(mention), *reversed(cuts)]:
        found = _english_title(mention[:end], titles)
        if found:
            return found
    return set()


def _english_title(mention: str, titles: dict[int, str]) -> set[int]:
    """The documents whose titles hold the most of the name's words (all of them, or all but one
    in `ENGLISH_WORDS_PER_MISS`), each word as itself or as one of its dictionary translations:
    "Law on Road Traffic Safety" is 道路交通安全法 (law, road, traffic, safety), "Interim
    Regulations on Express Delivery" 快递暂行条例."""
    stems = english_stems(mention)
    words = [w for w in dict.fromkeys(stems) if len(w) > 1]  # the s of "customer's" is no word
    if not words:
        return set()
    table = lexicon()
    terms: dict[str, set[str]] = {w: set() for w in words}
    for i in range(len(stems)):  # a phrase's translation counts for each of its words
        for n in range(1, min(3, len(stems) - i) + 1):
            phrase = " ".join(stems[i : i + n])  # "e commerc": 电子商务
            found = {t for hw in table.get(phrase, ()) for t in _title_terms(hw)}
            for w in stems[i : i + n]:
                if w in terms:
                    terms[w] |= found | set(_TITLE_WORDS.get(phrase, ()))
    score = {doc: _title_match(words, [terms[w] for w in words], title) for doc, title in titles.items()}
    best = max(score.values(), default=(0, 0.0))
    if best[0] < len(words) - len(words) // ENGLISH_WORDS_PER_MISS:
        return set()
    return {doc for doc, n in score.items() if n == best}


def _title_terms(headword: str) -> list[str]:
    terms = index_terms(headword, lambda term: True)
    if len(headword) == 3 and headword[-1] in _SUFFIXES:
        terms.append(headword[:2])
    return terms


def _title_match(words: list[str], terms: list[set[str]], title: str) -> tuple[int, float]:
    """Names the title quotes in 《》 are left out (关于适用《民法典》…的解释 is not the Civil Code).
    How many of the name's words the title holds, and then how much of the title they cover
    (飞鸽快递月结协议客户服务规则 also holds 快递 and 规则, but covers less of itself with them than
    快递暂行条例 does with 快递 and 条例) when it holds two words or more."""
    title = _QUOTED.sub("", title)
    stems = set(english_stems(title))
    shown = [max((t for t in ts if t in title), key=len, default="") for ts in terms]
    held = sum(w in stems or bool(t) for w, t in zip(words, shown, strict=True))
    name = min(title.split("\n"), key=len) or title
    if held < 2:  # "the law": any law; which one, one word cannot tell
        return held, 0.0
    return held, round(sum(map(len, shown)) / max(1, len(name)), 6)


def _a_name(mention: str) -> bool:
    """Whether the words before a citation name a document: an English name ("of the …"), or
    Chinese ending as a document's title does (…法, …条例, …规则, …手册)."""
    return bool(mention) and (not has_cjk(mention) or mention.endswith(_TITLE_ENDS))


def scope(mention: str, titles: dict[int, str]) -> set[int] | None:
    """The documents (keys of `titles`) a citation's `mention` names; None when it names none
    ("请问", "本法", "该条例": the one the asker has in mind, which we do not know)."""
    if mention[:1] in _THIS and len(mention) <= 4:
        return None
    if mention.startswith(SOFT):  # English words before the citation: a name if they end with one
        # of two words at least, all a title's ("the manual", "the instructions" name nothing:
        # "Follow the instructions in article 5")
        words = mention[1:].split()
        names = (" ".join(words[i:]) for i in range(len(words)) if _EN_DOC_WORDS.intersection(words[i:]))
        return next((docs for name in names if len(english_stems(name)) > 1
                     and (docs := _english_title(_PRC.sub(" ", name), titles))), None)
    docs = named_documents(mention, titles) if mention else set()
    if len(docs) > 1 and not has_cjk(mention) and len(english_stems(mention)) < 2:
        return None  # "Article 5 of the Law": which law, one word cannot tell
    return docs if docs or _a_name(mention) else None


# -- the name a citation gives, read around it (luodi.retrieve.refs) --------------------------
_MENTION_END = re.compile(r"[\s,.;:!?()\[\]<>\"'，。；：！？（）【】《》“”‘’、]")
_MENTION_TRAILING = "的里中之"
_OF_NAME = re.compile(r"\s*(?:of|in|under)\s+(?:the\s+)?(?P<name>[^,.;:!?()，。；：！？（）]+)")
_NOT_NAME = frozenset("say says said state states stated require requires required mean means "
                      "cover covers do does did is are was what".split())
_MAX_MENTION = 24
_MAX_NAME_WORDS = 12
_TITLE_BRACKET = re.compile(r"\((?:[一二三四五六七八九十]{1,3}|\d{4}年|试行|草案|修正|修订|暂行)\)$")


def mention_before(before: str) -> str:
    """The words just before a citation, back to the last punctuation or space; a title in
    《》 whole."""
    before = before.rstrip()
    if before.endswith("》") and "《" in before:
        return _bracketed(before)[-_MAX_MENTION:]
    tail = _TITLE_BRACKET.search(before)  # …的解释(四), …办法(试行): the title's own brackets
    if tail:
        name = mention_before(before[: tail.start()])
        return name + tail.group(0) if name else ""
    before = before[-_MAX_MENTION:]
    cut = max((m.end() for m in _MENTION_END.finditer(before)), default=0)
    return before[cut:].rstrip(_MENTION_TRAILING)


def _bracketed(before: str) -> str:
    """The title in the 《》 that closes `before`, a title it quotes included: 《最高人民法院关于…
    适用《工会法》若干问题的解释》 is one name, not its last part."""
    depth = 0
    for i in range(len(before) - 1, -1, -1):
        depth += {"》": 1, "《": -1}.get(before[i], 0)
        if depth == 0:
            return before[i + 1 : -1]
    return before[before.rindex("《") + 1 : -1]


SOFT = "\x00"  # marks the English words before a citation: they name a document only if one fits
# What an English name before "Article 5" holds ("the cold chain rules, Article 5", "In the Law on
# Road Traffic Safety, what does Article 5 say?"): without such a word, the words are the question's.
_EN_DOC_WORDS = frozenset("law laws act code rules regulations regulation measures provisions manual "
                          "handbook guide guidelines instructions notice specification specifications "
                          "standard standards policy agreement terms description faq procedures".split())
_EN_LEAD = frozenset("what whats does do did is are was were how please tell me show see in under "
                     "according to per by of from about the a an and or can could would will you i we "
                     "know want need".split())


def english_before(before: str) -> str:
    """The English name just before a citation, marked `SOFT`, or "": the words back to the start
    of the clause, less the question's opening words ("what does the"), if they end in a kind of
    document ("the cold chain rules article 5", "the Labour Law's Article 36"; not "the standard
    rates in section 3"); or, where the citation opens its clause, the clause before it if a word
    of it is one ("In the Law on Road Traffic Safety, what does Article 5 say?")."""
    clauses = re.split(r",", re.split(r"[.;:!?()\[\]\"]", before.lower())[-1])
    for i, clause in enumerate(reversed(clauses)):
        words = [re.sub(r"['’]s?$", "", w) for w in re.findall(r"[a-z][a-z0-9'’-]*", clause)]
        while words and words[0] in _EN_LEAD:
            words.pop(0)
        if words:
            words = words[-_MAX_NAME_WORDS:]
            named = _EN_DOC_WORDS.intersection(words) if i else words[-1] in _EN_DOC_WORDS
            return SOFT + " ".join(words) if named else ""
    return ""


def named_after(after: str) -> str:
    """"… of the Personal Information Protection Law": the name after an English citation."""
    m = _OF_NAME.match(after)
    if not m:
        return ""
    words = []
    for word in m.group("name").split():
        if word in _NOT_NAME:
            break
        words.append(word)
    return " ".join(words)
