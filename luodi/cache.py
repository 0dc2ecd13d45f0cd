"""The answer cache: the same normalised question with the same settings is answered once.

The key does not include the knowledge-base generation. Instead every cached answer lists the
documents it used and its question's words, and the store drops those rows when one of the
documents is ingested again or forgotten, or a new version shares half the question's words
(answers that used no document are dropped on any change, since new evidence may now exist). So
an unrelated ingest keeps the cache warm, and a new rule on the question's subject does not.

Time-dependent answers ("in 40 minutes") must carry the reference time in `settings` or not be
cached: the caller decides.
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from typing import Any

from luodi import __version__
from luodi.fold import fold
from luodi.store.base import Store

# Answers cached by an older Luodi are misses for a newer one (its answers may differ): the
# package version is part of the key, and the counter moves when answers change between releases.
KEY_VERSION = f"130:{__version__}"
_SPACE = re.compile(r"\s+")
# Chinese and Japanese do not separate words with spaces: a space next to a Han/kana character
# carries no meaning ("运费 多少" is "运费多少"); between Latin words it does.
_CJK = "\u2e80-\u9fff\uf900-\ufaff"
_CJK_GAP = re.compile(f"(?<=[{_CJK}]) | (?=[{_CJK}])")


# Unicode files these under punctuation, but they change what is asked (5% is not 5).
_MEANINGFUL = set("%‰‱#&@*/")


def _is_punct(ch: str) -> bool:
    return unicodedata.category(ch).startswith("P") and ch not in _MEANINGFUL


def normalise_question(question: str) -> str:
    """NFKC, traditional->simplified, lower case, punctuation and spaces collapsed.

    Punctuation between two digits is kept ("9.11" is not "911", "1,000" is not "1.000");
    symbols such as %, / and ¥ are kept because they change the meaning.
    """
    text = fold(question)
    out = []
    for i, ch in enumerate(text):
        if _is_punct(ch):
            between_digits = (
                0 < i < len(text) - 1 and text[i - 1].isdigit() and text[i + 1].isdigit()
            )
            out.append(ch if between_digits else " ")
        else:
            out.append(ch)
    text = _SPACE.sub(" ", "".join(out)).strip()
    return _CJK_GAP.sub("", text)


def cache_key(question: str, tenant: str, settings: Mapping[str, Any]) -> str:
    """sha256 over the tenant, the normalised question and the answer settings (mode, model...)."""
    blob = json.dumps(
        [KEY_VERSION, tenant, normalise_question(question), dict(settings)],
        ensure_ascii=False,
        sort_keys=True,
        default=str,
    )
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()


def get(
    store: Store, question: str, tenant: str, settings: Mapping[str, Any]
) -> dict[str, Any] | None:
    """The cached answer (the dict given to `put`), or None."""
    raw = store.cache_get(cache_key(question, tenant, settings))
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except ValueError:
        return None  # a damaged row is a miss, and will be overwritten


def put(
    store: Store,
    question: str,
    tenant: str,
    settings: Mapping[str, Any],
    answer: Mapping[str, Any],
    document_ids: Iterable[int],
) -> str:
    """Store an answer with the ids of the documents it used; returns the key."""
    key = cache_key(question, tenant, settings)
    store.cache_put(
        key, tenant, question, json.dumps(dict(answer), ensure_ascii=False), document_ids,
        question_words(question),
    )
    return key


def question_words(question: str) -> list[str]:
    """The question's keyword tokens; an English word with its Chinese translations is one word
    ("compens|赔偿|补偿"; single characters left out, 多 for "many"). A new version holding
    half of them drops the cached answer (the store's `cache_invalidate`), as it may now be the
    better evidence."""
    from luodi.index.crosslingual import translation_spans
    from luodi.index.tokenize import tokenize

    words = list(dict.fromkeys(tokenize(question, bigrams=False)))
    for stems, terms in translation_spans(question, lambda term: len(term) > 1):
        words = [w for w in words if w not in stems]
        words.append("|".join([*stems, *terms]))
    return words
