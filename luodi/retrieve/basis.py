"""The document a document says it is made under: a service's own rules open with "依据《飞鸽快递业务
操作手册》制定本须知" or "本须知未规定的事项，适用《飞鸽快递业务操作手册》", and the manual they name is
the general rules, the ones a question that names no service is about (luodi.answer.rescope).
"""

from __future__ import annotations

import re
from weakref import WeakKeyDictionary

from luodi.fold import to_simplified
from luodi.retrieve.names import named_documents

_BASIS = re.compile(r"(?:依据|根据|按照)《([^》]{2,40})》(?:的(?:有关|相关)?规定)?[，,]?\s*制定"
                    r"|未(?:作)?规定的事项[，,]?\s*(?:适用|按照|依照)《([^》]{2,40})》")
_OPENING = 3  # chunks: the basis is said in a document's first articles
# per retriever (a retriever outlived by its cache would hand its ids to the next one made)
_CACHE: WeakKeyDictionary = WeakKeyDictionary()


def general_of(retriever, document_id: int, as_of: str | None = None) -> int | None:
    """The one other document of the knowledge base that `document_id`'s opening says it is made
    under or defers to; None when it names none, or none that is here (or `retriever` keeps no
    store: a fixed list of passages)."""
    retriever = getattr(retriever, "wrapped", retriever)  # the answer stage's evidence filter wraps it
    if not hasattr(retriever, "view") or not hasattr(retriever, "store"):
        return None
    snap = retriever.view(as_of)
    known = _CACHE.setdefault(retriever, {})
    key = (snap.lineage, snap.generation, document_id)
    if key not in known:
        if len(known) > 4096:
            known.clear()
        opening = " ".join(c.text for c in retriever.store.document_chunks(document_id)[:_OPENING])
        found = {doc for m in _BASIS.finditer(to_simplified(opening))
                 for doc in named_documents(m.group(1) or m.group(2), snap.titles) if doc != document_id}
        known[key] = found.pop() if len(found) == 1 else None
    return known[key]
