"""A scripted model for tests: queued replies, exact reported usage, a log of every call.

It is a first-class backend so that cost, budgets, caching and tool loops can be tested exactly.
"""

from __future__ import annotations

import json
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from typing import Any

from luodi.errors import ModelError
from luodi.models.base import (
    Completion,
    Message,
    ModelUsage,
    collect,
    estimate_message_tokens,
    fit_prompt,
)


class FakeModel:
    """Replies are strings, dicts (sent as JSON), or exceptions (raised when their turn comes).

    `tokens_in`/`tokens_out`, when given, are reported for every call instead of estimates;
    `calls` records the messages and options of every call actually made.
    """

    local = True

    def __init__(
        self,
        replies: Iterable[str | dict | BaseException] = (),
        *,
        name: str = "fake",
        tokens_in: int | None = None,
        tokens_out: int | None = None,
        latency_ms: float = 0.0,
        local: bool = True,
        max_prompt_tokens: int | None = None,
        default: str | None = None,
    ):
        self.name = name
        self.local = local
        self.replies: deque[str | dict | BaseException] = deque(replies)
        self.tokens_in = tokens_in
        self.tokens_out = tokens_out
        self.latency_ms = latency_ms
        self.max_prompt_tokens = max_prompt_tokens
        self.default = default
        self.calls: list[dict[str, Any]] = []

    def queue(self, *replies: str | dict | BaseException) -> FakeModel:
        self.replies.extend(replies)
        return self

    @property
    def called(self) -> bool:
        return bool(self.calls)

    def count_tokens(self, messages: list[Message]) -> int:
        return self.tokens_in if self.tokens_in is not None else estimate_message_tokens(messages)

    def _next(self) -> str:
        if not self.replies:
            if self.default is not None:
                return self.default
            raise ModelError("FakeModel has no reply queued: call queue() in the test.")
        reply = self.replies.popleft()
        if isinstance(reply, BaseException):
            raise reply
        return json.dumps(reply, ensure_ascii=False) if isinstance(reply, dict) else reply

    def stream(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        json_schema: dict | None = None,
        stop: list[str] | None = None,
        timeout: float | None = None,
        cancel: threading.Event | None = None,
    ) -> Iterator[str | ModelUsage]:
        start = time.perf_counter()
        messages, size, note = fit_prompt(messages, self.max_prompt_tokens, self.count_tokens)
        self.calls.append(
            {
                "messages": messages,
                "max_tokens": max_tokens,
                "temperature": temperature,
                "json_schema": json_schema,
                "stop": stop,
                "timeout": timeout,
            }
        )
        text = self._next()
        for s in stop or ():
            if s in text:
                text = text[: text.index(s)]
        # One "token" per character keeps streaming and cancellation deterministic.
        pieces = list(text)[:max_tokens]
        finish = "length" if len(text) > max_tokens else "stop"
        sent = 0
        for piece in pieces:
            if cancel is not None and cancel.is_set():
                finish = "cancelled"
                break
            sent += 1
            yield piece
        out = self.tokens_out if self.tokens_out is not None else sent
        latency = self.latency_ms or (time.perf_counter() - start) * 1000
        yield ModelUsage(self.name, size, out, latency, finish, note)

    def complete(self, messages: list[Message], **kw: Any) -> Completion:
        return collect(self.stream(messages, **kw), self.name)
