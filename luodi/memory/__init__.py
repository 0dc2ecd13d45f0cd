"""Memory: sessions and turns, follow-up rewriting, durable user facts, forgetting on request.

`Luodi.ask` calls `before()` (may answer a memory command itself, else rewrites the question and
picks the facts worth a place in the prompt) and `after()` (stores both turns and new facts).

Sessions: a session is (tenant, user, name). `session=None` with a user means the user's
"default" session; there a message counts as a follow-up only of questions asked in the last
30 minutes, so yesterday's question does not bend today's. Named sessions have no such window.
Facts need a user: without one, memory only resolves follow-ups within the session.
Prompt budget: the rewrite sees at most the last `max_exchanges` exchanges; the answer prompt
gets at most `max_facts` facts, chosen by relevance to the question.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from luodi.answer.router import language
from luodi.fold import to_simplified, to_traditional
from luodi.memory import commands, rewrite
from luodi.memory import facts as factlib
from luodi.types import Answer

DEFAULT_SESSION = "default"
# Where the turns of a caller that holds its own history go (an OpenAI request without a session):
# kept, for the record and the facts' sources, but apart from the user's own default conversation.
CALLER_SESSION = "api"
DEFAULT_WINDOW = timedelta(minutes=30)
MASK = {"zh-Hans": "[已遗忘]", "zh-Hant": "[已遺忘]", "en": "[forgotten]"}


@dataclass
class MemoryContext:
    question: str  # the standalone question (rewritten, facts filled in) or the original
    facts: list[str]  # remembered facts relevant to the question, for the model prompt
    reply: Answer | None  # set when memory answers the message itself
    original: str = ""
    user: str | None = None
    tenant: str = "default"
    session: str = DEFAULT_SESSION
    session_id: int = 0
    at: str = ""
    lang: str = "zh-Hans"
    follow_up: bool = False
    rewrite_by: str = "none"  # none, rules, model
    store_standalone: bool = True  # False for commands and statements: not a topic to follow up
    new_facts: list[factlib.Mention] = field(default_factory=list)
    masks: dict[str, str] = field(default_factory=dict)  # forgotten values in this very message
    timings_ms: dict[str, float] = field(default_factory=dict)


def variants(value: str) -> set[str]:
    """Spellings of a value that must all be masked: simplified, traditional, bare digits."""
    out = {value, to_simplified(value)}
    try:
        out.add(to_traditional(value))
    except Exception:  # opencc missing a table should not stop forgetting the other spellings
        pass
    digits = re.sub(r"\D", "", value)
    if len(digits) >= 7 and len(digits) >= len(value) - 4:
        out.add(digits)
    return {v for v in out if v}


class Memory:
    """Created once per `Luodi` (lazily). Thread-safe as far as the store is."""

    def __init__(self, lu: Any, *, max_exchanges: int = 3, max_facts: int = 3,
                 window: timedelta = DEFAULT_WINDOW):
        self.lu = lu
        self.store = lu.store
        self.max_exchanges = max_exchanges
        self.max_facts = max_facts
        self.window = window

    # -- before the answer ------------------------------------------------------------------
    def before(self, question: str, *, user: str | None, tenant: str = "default",
               session: str | None, now: datetime | None = None, mode: str | None = None,
               use_history: bool = True) -> MemoryContext:
        t0 = time.perf_counter()
        now = now or datetime.now().astimezone()
        at = now.astimezone(UTC).isoformat(timespec="microseconds")
        name = session or (DEFAULT_SESSION if use_history else CALLER_SESSION)
        lang = language(question)
        sid = self.store.memory_session(tenant, user, name, at)
        ctx = MemoryContext(question=question, facts=[], reply=None, original=question, user=user,
                            tenant=tenant, session=name, session_id=sid, at=at, lang=lang)
        known = self.store.memory_facts(tenant, user) if user else []
        reply = self._command(ctx, known) or self._recall(ctx, known) or self._statement(ctx, known)
        if reply is not None:
            ctx.reply = reply
            ctx.store_standalone = False
            ctx.timings_ms["before"] = _ms(t0)
            return ctx
        history = self._history(sid, now, session is None) if use_history else []
        previous = next((t["standalone"] for t in reversed(history)
                         if t["role"] == "user" and t["standalone"]), None)
        ctx.question, ctx.follow_up, ctx.rewrite_by = self._rewrite(
            ctx.question, previous, history, ctx, mode)
        values = {f["key"]: f["value"] for f in known}
        values.update({m.key: m.value for m in ctx.new_facts})
        ctx.question, used = factlib.substitute(ctx.question, values)
        pool = known + [{"id": 1 << 60, "key": m.key, "value": m.value} for m in ctx.new_facts]
        chosen = factlib.relevant(ctx.question, pool, used, self.max_facts)
        ctx.facts = [factlib.describe(f, "en" if lang == "en" else "zh-Hans") for f in chosen]
        ctx.timings_ms["before"] = _ms(t0)
        return ctx

    def _history(self, sid: int, now: datetime, windowed: bool) -> list[dict[str, Any]]:
        turns = self.store.memory_turns(sid, limit=2 * self.max_exchanges)
        if windowed:
            since = (now - self.window).astimezone(UTC).isoformat(timespec="microseconds")
            turns = [t for t in turns if t["created_at"] >= since]
        return turns

    def _command(self, ctx: MemoryContext, known: list[dict[str, Any]]) -> Answer | None:
        cmd = commands.parse(ctx.original, known)
        if cmd is None:
            return None
        lang = ctx.lang
        if ctx.user is None:
            return _reply(commands.text("no_user", lang), "no_user")
        if cmd.kind == "list":
            return _reply(commands.listing(known, lang), "list")
        result = self.forget(ctx.user, ctx.tenant, keys=cmd.keys, everything=cmd.everything, lang=lang)
        ctx.masks = {v: MASK[lang] for value in result["values"] for v in variants(value)}
        if cmd.everything:
            return _reply(commands.text("forgot_all", lang), "forget", result)
        labels = commands.sep(lang).join(commands.label(k, lang) for k in cmd.keys)
        if not result["facts"]:
            return _reply(commands.text("forgot_none", lang, what=labels or cmd.what), "forget", result)
        return _reply(commands.text("forgot", lang, items=labels), "forget", result)

    def _recall(self, ctx: MemoryContext, known: list[dict[str, Any]]) -> Answer | None:
        key = factlib.recall_key(ctx.original)
        if key is None:
            return None
        label = commands.label(key, ctx.lang)
        fact = next((f for f in known if f["key"] == key), None)
        if fact is None:
            return _reply(commands.text("recall_none", ctx.lang, label=label), "recall")
        answer = _reply(commands.text("recall", ctx.lang, label=label, value=fact["value"]), "recall")
        answer.extra["memory_source"] = {"fact": fact["id"], "turn": fact["source_turn"],
                                         "session": fact["session"], "at": fact["created_at"]}
        return answer

    def _statement(self, ctx: MemoryContext, known: list[dict[str, Any]]) -> Answer | None:
        mentions = factlib.extract(ctx.original)
        if not mentions:
            return None
        if ctx.user is None:  # kept by no one: not in the stored turn either (it says so)
            ctx.masks.update({v: MASK.get(ctx.lang, MASK["en"]) for m in mentions for v in variants(m.value)})
            return _reply(commands.text("no_user", ctx.lang), "no_user") \
                if factlib.is_pure_statement(ctx.original, mentions) else None
        ctx.new_facts = mentions
        if not factlib.is_pure_statement(ctx.original, mentions):
            # a statement and a question: remember the one, answer the other (with where the user
            # is, which the question may need: 我在广州天河网点，寄到北京的2公斤快件多少钱)
            cut = [m for m in mentions if m.key not in factlib.KEEP_IN_QUESTION]
            ctx.question = factlib.without_statements(ctx.original, cut) if cut else ctx.original
            return None
        old = {f["key"]: f["value"] for f in known}
        items = [(m.key, m.value, old.get(m.key)) for m in mentions]
        return _reply(commands.ack(items, ctx.lang), "remember")

    def _rewrite(self, question: str, previous: str | None, history: list[dict[str, Any]],
                 ctx: MemoryContext, mode: str | None) -> tuple[str, bool, str]:
        rules = rewrite.rule_rewrite(question, previous)
        if not rules.follow_up or previous is None:
            return question, False, "none"
        model = self._model(mode)
        if model is not None:
            t0 = time.perf_counter()
            proposal = self._ask_model(model, question, history, ctx)
            ctx.timings_ms["rewrite_model"] = _ms(t0)
            if rewrite.accept_model(proposal, question, previous, rules):
                return proposal, True, "model"
        return rules.question, True, "rules"

    def _model(self, mode: str | None):
        try:
            if self.lu.answer_mode(mode) != "llm":
                return None
            return self.lu.model
        except Exception:  # a broken model configuration must not break follow-ups
            return None

    def _ask_model(self, model: Any, question: str, history: list[dict[str, Any]],
                   ctx: MemoryContext) -> str:
        from luodi.errors import LuodiError

        messages = rewrite.model_messages(question, history)
        try:
            metered = self.lu.ledger.metered(model, "rewrite", ctx.user, ctx.tenant, ctx.session)
            completion = metered.complete(messages, json_schema=rewrite.SCHEMA, max_tokens=80,
                                          temperature=0.0)
        except LuodiError:
            return ""
        return rewrite.parse_model(completion.text)

    # -- after the answer ---------------------------------------------------------------------
    def after(self, ctx: MemoryContext, answer: Answer) -> None:
        """Store the user turn, the assistant turn and the facts the user stated."""
        t0 = time.perf_counter()
        mask = _masker(ctx.masks)
        standalone = mask(ctx.question) if ctx.store_standalone and ctx.reply is None else ""
        turn_id = self.store.memory_add_turn(
            ctx.session_id, ctx.tenant, ctx.user, "user", mask(ctx.original), ctx.at,
            standalone=standalone, title=mask(ctx.original))
        self.store.memory_add_turn(
            ctx.session_id, ctx.tenant, ctx.user, "assistant", mask(answer.answer), ctx.at,
            citations=[c.to_dict() for c in answer.citations])
        for m in ctx.new_facts if ctx.user else []:
            self.store.memory_add_fact(ctx.tenant, ctx.user, m.key, m.value, ctx.at,
                                       statement=ctx.original, source_turn=turn_id,
                                       session_id=ctx.session_id)
        answer.extra["session"] = ctx.session
        answer.extra["rewrite_by"] = ctx.rewrite_by
        if ctx.facts:
            answer.extra["memory_facts"] = ctx.facts
        ctx.timings_ms["after"] = _ms(t0)

    # -- API for the CLI and HTTP layers ----------------------------------------------------------
    def facts(self, user: str, tenant: str = "default", history: bool = False) -> list[dict[str, Any]]:
        return self.store.memory_facts(tenant, user, history=history)

    def forget(self, user: str, tenant: str = "default", *, keys: list[str] | None = None,
               fact_ids: list[int] | None = None, everything: bool = False,
               lang: str = "zh-Hans") -> dict[str, Any]:
        """Forget facts (history included), mask every stored copy in turns, empty the cache."""
        rows = self.store.memory_facts(tenant, user, history=True)
        wanted = set(keys or ())
        if fact_ids:
            wanted |= {r["key"] for r in rows if r["id"] in set(fact_ids)}
        values = {r["value"] for r in rows if everything or r["key"] in wanted}
        masks = {v: MASK.get(lang, MASK["en"]) for value in values for v in variants(value)}
        return self.store.memory_forget(tenant, user, keys=keys, fact_ids=fact_ids,
                                        everything=everything, masks=masks)

    def forget_what(self, user: str, what: str, tenant: str = "default") -> dict[str, Any]:
        """Forget by words ("电话号码", "my address", "everything", or a remembered value)."""
        known = self.store.memory_facts(tenant, user)
        cmd = commands.parse(f"forget {what}", known) or commands.parse(f"忘掉{what}", known)
        if cmd is None or cmd.kind != "forget":
            from luodi.errors import InputError

            raise InputError(f"cannot tell which remembered fact {what!r} means; "
                             "name it (phone, address, area…) or say 'everything'")
        lang = language(what)
        result = self.forget(user, tenant, keys=cmd.keys, everything=cmd.everything, lang=lang)
        return result

    def sessions(self, user: str | None, tenant: str = "default") -> list[dict[str, Any]]:
        return self.store.memory_sessions(tenant, user)

    def turns(self, user: str | None, session: str, tenant: str = "default") -> list[dict[str, Any]]:
        from luodi.errors import NotFoundError

        sid = self.store.memory_session(tenant, user, session, "", create=False)
        if sid is None:
            raise NotFoundError(f"No session {session!r} for this user.")
        return self.store.memory_turns(sid)


def _reply(text: str, kind: str, result: dict[str, Any] | None = None) -> Answer:
    answer = Answer(text, route="chat", mode="extractive", extra={"memory": kind})
    if result is not None:
        answer.extra["forgotten"] = {"facts": result["facts"], "turns_masked": result["turns_masked"],
                                     "keys": result["keys"]}
    return answer


def _masker(masks: dict[str, str]):
    if not masks:
        return lambda s: s
    items = sorted(masks.items(), key=lambda kv: -len(kv[0]))
    rx = re.compile("|".join(re.escape(k) for k, _ in items), re.IGNORECASE)
    lookup = {k.lower(): v for k, v in items}
    return lambda s: rx.sub(lambda m: lookup[m.group(0).lower()], s)


def _ms(t0: float) -> float:
    return round((time.perf_counter() - t0) * 1000, 3)
