"""The Python API. The CLI, the HTTP API and the web page are thin layers over `Luodi`."""

from __future__ import annotations

import re
import threading
import time
from pathlib import Path
from typing import Any

from luodi.config import Settings, load_settings
from luodi.errors import InputError, NotFoundError
from luodi.index.tokenize import tokenize
from luodi.ingest import Ingestor, Progress, file_uri, removed_summary
from luodi.ingest.sources import SourceOptions
from luodi.memory import CALLER_SESSION
from luodi.store.base import Store, open_store
from luodi.timeutil import local_day, parse_day, plausible_now
from luodi.types import DocumentRecord, Hit, IngestResult, Usage, answer_from_dict

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never meaningful in a question
# Typed alone or in capitals, a stop word may be a code or a name (IT, DO, WHO, May): searched.
_CODE_WORD = re.compile(r"(?<![A-Za-z])[A-Z]{2,}(?![A-Za-z])")
_ONE_WORD = re.compile(r"\s*[A-Za-z]+\s*[?？.!！]?\s*")


class Luodi:
    """One knowledge base: ingest, search, ask. Heavy parts (encoder, model) load on first use."""

    def __init__(self, kb: str | Path | None = None, settings: Settings | None = None, *,
                 embedder: Any = None, model: Any = None):
        """`embedder` and `model` may be shared between instances (a server's tenants)."""
        self.settings = settings or load_settings(kb)
        self.store: Store = open_store(self.settings.store_url)
        self._lock = threading.Lock()
        self._ledger = None  # built on first use (`ledger`)
        self._sched: tuple[tuple[int, str], Any] | None = None  # ((generation, day), Schedule): `schedule`
        self._embedder: Any = embedder
        self._retriever: Any = None
        self._model: Any = model
        self._model_loaded = model is not None

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Luodi:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- lazily built parts ------------------------------------------------------
    @property
    def embedder(self):
        with self._lock:
            if self._embedder is None and self.settings.embedder != "none":
                from luodi.index.dense import get_embedder

                self._embedder = get_embedder(self.settings.embedder)
            return self._embedder

    @property
    def retriever(self):
        embedder = self.embedder  # built first: it takes the same lock
        with self._lock:
            if self._retriever is None:
                from luodi.retrieve import Retriever

                self._retriever = Retriever(self.store, embedder, mode=self.settings.retrieval_mode)
            return self._retriever

    # -- documents -------------------------------------------------------------------
    def ingest(self, paths: list[str | Path], *, licence: str | None = None,
               consent: bool | None = None, collection: str = "default",
               effective_date: str | None = None, pii: str | None = None,
               progress: Progress | None = None) -> list[IngestResult]:
        opts = SourceOptions(licence=licence, consent=consent, collection=collection,
                             effective_date=effective_date)
        ingestor = Ingestor(self.store, self.settings, self.embedder)
        return ingestor.ingest(paths, opts, pii=pii, progress=progress)

    def ingest_bytes(self, data: bytes, name: str, *, uri: str | None = None, **kw: Any) -> IngestResult:
        opts = SourceOptions(licence=kw.get("licence"), consent=kw.get("consent"),
                             collection=kw.get("collection", "default"),
                             effective_date=kw.get("effective_date"))
        ingestor = Ingestor(self.store, self.settings, self.embedder)
        return ingestor.ingest_bytes(data, name, uri or f"upload:{name}", opts, pii=kw.get("pii"))

    def documents(self, collection: str | None = None) -> list[DocumentRecord]:
        return self.store.documents(collection)

    def document(self, ref: int | str) -> DocumentRecord:
        """A document by id, or by path or URL as ingested; a relative path also matches the
        absolute one that ingestion stores. A path a document moved away from says where to."""
        try:
            return self._document(ref)
        except NotFoundError as exc:
            moved = next((e["message"].removeprefix("now ") for e in self.store.ingest_log(1000)
                          if e["action"] == "move" and e["uri"] in (str(ref), file_uri(str(ref)))), None)
            if moved:  # its file was moved or renamed, or a newer edition continued it
                raise NotFoundError(f"no document {str(ref)!r} any more: it moved to {moved} "
                                    f"(see `luodi docs show {moved}`)") from exc
            raise

    def _document(self, ref: int | str) -> DocumentRecord:
        try:
            return self.store.document(ref)
        except NotFoundError:
            if not isinstance(ref, str) or ref.isdigit() or "://" in ref or ref.startswith("upload:") \
                    or file_uri(ref) == ref:
                raise
            return self.store.document(file_uri(ref))

    def forget(self, ref: int | str) -> dict[str, int]:
        """Purge a document everywhere (chunks, versions, vectors, vault, caches) and log it."""
        doc = self.document(ref)
        removed = self.store.forget(doc.id)
        self.store.log_ingest(doc.uri, "forget", "removed", f"removed {removed_summary(removed)}")
        return removed

    # -- questions -----------------------------------------------------------------
    def search(self, query: str, k: int = 5, *, collection: str | None = None,
               document_ids: set[int] | None = None, as_of: str | None = None) -> list[Hit]:
        query = _text(query, "query", self.settings.max_question_chars)
        # Dense search would still rank every passage and return the nearest as if it matched.
        if not any(ch.isalnum() for ch in query):
            raise InputError(f"the query {query!r} has no words or numbers to search for")
        if not tokenize(query, bigrams=False) and not _CODE_WORD.search(query) \
                and not _ONE_WORD.fullmatch(query):
            raise InputError(f"the query {query!r} has only function words (的, 吗, 什么, what, "
                             "how…): say what you are looking for")
        _check_k(k)
        self._check_collection(collection)
        return self.retriever.search(query, k, collection=collection, document_ids=document_ids,
                                     as_of=self._day(as_of))

    def schedule(self, now: Any = None):
        """Which documents' newest versions take effect after today (luodi.retrieve.history
        `Schedule`): a search without a day reads today's versions when there are any, so nobody
        is answered from a rule not in force yet. Read from the document list and kept per store
        generation and day: a cached answer loads no index."""
        from luodi.retrieve import history

        key = (self.store.generation(), local_day(now))
        if self._sched is None or self._sched[0] != key:
            self._sched = (key, history.schedule(self.store, key[1]))
        return self._sched[1]

    def _day(self, as_of: str | None, now: Any = None) -> str | None:
        """The day a search reads: the one asked for; else today, while a version waits for its
        day; else None, every current version (no filter, no derived view)."""
        if as_of:
            return parse_day(as_of, "as_of")
        sched = self.schedule(now)
        return sched.day if sched.pending else None

    def _check_collection(self, collection: str | None) -> None:
        if collection is None:
            return
        known = self.retriever.refresh().collections
        if collection not in known:
            have = ", ".join(sorted(known)) or "none yet"
            raise NotFoundError(f"no collection {collection!r} in this knowledge base (it has: {have}); "
                                "see `luodi docs list`")

    # -- answers -------------------------------------------------------------------------
    @property
    def model(self):
        """The configured model, or None (extractive mode) when none is configured or installed."""
        with self._lock:
            if not self._model_loaded:
                self._model = _configured_model(self.settings)
                self._model_loaded = True
            return self._model

    @property
    def strong_model(self):
        """`[model.strong]` in the config: a stronger model for hard questions and failed checks."""
        with self._lock:
            if not hasattr(self, "_strong"):
                from luodi.models.base import get_model

                strong = self.settings.section("model").get("strong")
                self._strong = get_model(strong) if isinstance(strong, dict) and strong else None
            return self._strong

    def answer_mode(self, mode: str | None = None) -> str:
        mode = mode or self.settings.answer_mode
        if mode not in ("auto", "llm", "extractive"):
            raise InputError(f"answer mode {mode!r} is unknown: use auto, llm or extractive")
        if mode == "auto":
            return "llm" if self.model is not None else "extractive"
        return mode

    def ask(self, question: str, *, mode: str | None = None, now: Any = None, user: str | None = None,
            tenant: str = "default", session: str | None = None, k: int = 5,
            collection: str | None = None, use_cache: bool = True, role: str | None = None,
            as_of: str | None = None, said: str | None = None, use_history: bool = True):
        """Answer one message: memory (follow-ups, user facts) → tools (actions) → knowledge/numeric.
        `as_of` (a day): answer from the document versions in force that day. `said`: the user's own
        words where the caller made `question` standalone from a history it holds (only they may
        ask for an action), with `use_history` False so the server's own turns are not read too."""
        from datetime import datetime

        question = _text(question, "question", self.settings.max_question_chars)
        user, session = label(user, "user"), label(session, "session")
        if session == CALLER_SESSION:
            raise InputError(f"the session name {CALLER_SESSION!r} is kept for OpenAI requests without a "
                             "session (their turns are stored there); choose another name")
        asked = parse_day(as_of, "as_of") if as_of else None
        _check_k(k)
        self._check_collection(collection)
        now = plausible_now(now) if isinstance(now, datetime) else now or datetime.now().astimezone()
        memory = self.memory if (session or user) else None
        ctx = memory.before(question, user=user, tenant=tenant, session=session, now=now,
                            use_history=use_history) if memory else None
        if ctx is not None and ctx.reply is not None:
            answer = ctx.reply  # a memory command ("忘掉我的电话号码", "what do you remember about me")
        else:
            standalone = ctx.question if ctx is not None else question
            answer = None
            if self.tools is not None:
                answer = self.tools.maybe_handle(standalone, original=said or question, user=user, tenant=tenant,
                                                 session=session, role=role, now=now)
            if answer is None:
                answer = self._answer(standalone, mode=mode, now=now, user=user, tenant=tenant,
                                      session=session, k=k, collection=collection, as_of=asked,
                                      use_cache=use_cache and ctx is None,
                                      context=ctx.facts if ctx is not None else [])
        if asked:
            answer.extra["as_of"] = asked  # a reply on its own, or in a chat, says which day it answers for
        if ctx is not None:
            answer.extra["rewritten_question"] = ctx.question
            memory.after(ctx, answer)
        return answer

    @property
    def memory(self):
        """Sessions and user facts (luodi.memory); None where that package is absent."""
        return self._optional("_memory", "luodi.memory", "Memory")

    @property
    def tools(self):
        """The tool runner when a toolset is enabled for this knowledge base, else None."""
        runner = self._optional("_tools", "luodi.tools", "ToolRunner")
        return runner if runner is not None and runner.enabled else None

    @property
    def ledger(self):
        """The knowledge base's one ledger: the calls in flight in this process count against the
        budgets together (a ledger per request let parallel requests each pass the check)."""
        with self._lock:
            if self._ledger is None:
                from luodi.ledger import Ledger

                self._ledger = Ledger.from_config(self.store, self.settings.raw)
            return self._ledger

    def _optional(self, attr: str, module: str, cls: str):
        with self._lock:
            if not hasattr(self, attr):
                import importlib

                try:
                    value = getattr(importlib.import_module(module), cls)(self)
                except (ImportError, AttributeError):
                    value = None
                setattr(self, attr, value)
            return getattr(self, attr)

    def _answer(self, question: str, *, mode: str | None, now: Any, user: str | None, tenant: str,
                session: str | None, k: int, collection: str | None, as_of: str | None,
                use_cache: bool, context: list[str]):
        """The knowledge/numeric answer, served from the cache when the same question was answered."""
        from luodi import cache
        from luodi.answer import Answerer, AskOptions

        mode = self.answer_mode(mode)
        model = self.model if mode == "llm" else None
        if mode == "llm" and model is None:
            raise InputError("llm mode needs a model: run `luodi models install` or set [model] in the config")
        key = {"mode": mode, "model": getattr(model, "name", "none"), "k": k, "collection": collection}
        sched = None if as_of else self.schedule(now)
        if as_of:
            key["as_of"] = as_of  # only when asked: the keys of answers cached before stay valid
        elif sched.pending:  # today's versions: the same answer until the next version takes effect
            as_of, key["as_of"] = sched.day, f"before {sched.next_change()}"
        ledger = self.ledger
        use_cache = use_cache and not context
        if use_cache:
            hit = cache.get(self.store, question, tenant, key)
            if hit is not None:
                start = time.perf_counter()
                answer = answer_from_dict(hit)
                answer.usage = Usage(model=key["model"], latency_ms=round((time.perf_counter() - start) * 1000, 2))
                answer.extra["cached"] = True
                ledger.record("answer", key["model"], cached=True, user=user, tenant=tenant,
                              session=session, latency_ms=answer.usage.latency_ms)
                return _with_pending(answer, sched)
        answerer = Answerer(self.retriever, model, ledger, strong=self.strong_model if model else None)
        opts = AskOptions(k=k, mode=mode, now=now, user=user, tenant=tenant, session=session,
                          collection=collection, as_of=as_of, context=context)
        answer = answerer.ask(question, opts)
        if use_cache and answer.route == "knowledge":
            docs = [] if answer.abstained else answer.retrieved_documents
            cache.put(self.store, question, tenant, key, answer.to_dict(), docs)
        return _with_pending(answer, sched)


def _with_pending(answer, sched):
    """The answer, saying of each document it cites whose newer version takes effect later when
    that is (it was answered from the version in force today)."""
    later = {c.document: sched.pending[c.document] for c in answer.citations
             if sched is not None and c.document in sched.pending}
    if later:
        answer.extra["takes_effect_later"] = [{"document": d, "effective_date": day} for d, day in later.items()]
    return answer


def _text(value: Any, what: str, limit: int) -> str:
    """A query or question as searchable text: a string, not blank, at most `limit` characters
    (a page-long query costs a minute of embedding), lone surrogates (undecodable bytes of a
    command line) replaced, since the tokenizer and the encoder need valid Unicode; control
    characters (a NUL, which PostgreSQL cannot store) read as spaces."""
    text = _clean(value, what)
    if not text.strip():
        raise InputError(f"the {what} is empty")
    if len(text) > limit:
        raise InputError(f"the {what} is over {limit} characters; shorten it")
    return text


def label(value: str | None, what: str, limit: int = 200) -> str | None:
    """A user id or session name: stored and indexed with every turn, so bounded (a database
    index cannot hold a page-long key) and free of control characters."""
    if value is None:
        return None
    text = _clean(value, what)
    if len(text) > limit:
        raise InputError(f"the {what} is over {limit} characters; use a shorter name or id")
    return text


def _check_k(k: Any) -> None:
    if isinstance(k, bool) or not isinstance(k, int):
        raise InputError(f"k must be a whole number, not {type(k).__name__}")
    if k < 1:
        raise InputError(f"k is {k}; ask for at least 1 hit")


def _clean(value: Any, what: str) -> str:
    """A string, with lone surrogates replaced and control characters read as spaces."""
    if not isinstance(value, str):
        raise InputError(f"the {what} must be a string, not {type(value).__name__}")
    return _CONTROL.sub(" ", _SURROGATE.sub("\ufffd", value))


def _configured_model(settings: Settings):
    """The [model] section, or the bundled local model when it is installed; None otherwise."""
    from luodi.errors import LuodiError
    from luodi.models.base import get_model

    section = settings.section("model")
    if section.get("backend") == "none":
        return None
    try:
        return get_model(section or None)
    except LuodiError:
        if section:
            raise  # an explicit configuration that does not work is an error, not a silent fallback
        return None
