"""Request limits: body size, question length, rate per key, concurrent generations.

Settings come from `[server]` in the config file, overridden by `LUODI_SERVER_*` variables.
Each exceeded limit becomes a 4xx/5xx with a reason the caller can act on.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, fields
from typing import Any

from luodi.errors import ConfigError, LuodiError


class LimitExceeded(LuodiError):
    """A request went over one of the server's limits."""

    http_status = 429

    def __init__(self, message: str, status: int = 429, retry_after: float | None = None):
        super().__init__(message)
        self.http_status = status
        self.retry_after = retry_after


@dataclass
class ServerLimits:
    max_body_kb: float = 256.0  # JSON requests
    max_upload_mb: float = 20.0  # one multipart upload (all files together)
    max_question_chars: int = 2000
    rate_per_minute: float = 120.0  # per key; 0 turns the rate limit off
    burst: int = 30
    max_concurrent: int = 64  # answers being generated at once, all tenants; 0 = no limit

    @classmethod
    def load(cls, section: dict[str, Any] | None = None, env: dict[str, str] | None = None) -> ServerLimits:
        """`[server]` values, then `LUODI_SERVER_<NAME>` environment variables."""
        env = os.environ if env is None else env
        section = section or {}
        out = cls()
        for f in fields(cls):
            raw = env.get(f"LUODI_SERVER_{f.name.upper()}", section.get(f.name))
            if raw is None:
                continue
            try:
                value = float(raw)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"server limit {f.name}={raw!r} is not a number") from exc
            if value < 0 or math.isnan(value):
                raise ConfigError(f"server limit {f.name} must be zero or positive")
            setattr(out, f.name, int(value) if f.type in (int, "int") else value)
        return out

    @property
    def max_body_bytes(self) -> int:
        return int(self.max_body_kb * 1024)

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1024 * 1024) + 64 * 1024  # multipart framing


class TokenBucket:
    """`rate` tokens a second up to `burst`; `take()` says how long to wait when empty."""

    def __init__(self, rate: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate, self.burst, self.clock = rate, max(1, burst), clock
        self.tokens = float(self.burst)
        self.at = clock()

    def take(self) -> float:
        """0 when a token was taken, else the seconds until one is available."""
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.at) * self.rate)
        self.at = now
        if self.tokens >= 1:
            self.tokens -= 1
            return 0.0
        return (1 - self.tokens) / self.rate


class RateLimiter:
    """One token bucket per key id (thread-safe)."""

    def __init__(self, per_minute: float, burst: int, clock: Callable[[], float] = time.monotonic):
        self.rate = per_minute / 60.0
        self.burst, self.clock = burst, clock
        self._buckets: dict[str, TokenBucket] = {}
        self._lock = threading.Lock()

    def check(self, key: str) -> None:
        if self.rate <= 0:
            return
        with self._lock:
            bucket = self._buckets.get(key)
            if bucket is None:
                bucket = self._buckets[key] = TokenBucket(self.rate, self.burst, self.clock)
            wait = bucket.take()
        if wait:
            raise LimitExceeded(
                f"rate limit: at most {self.rate * 60:g} requests a minute per key "
                f"(bursts of {self.burst}); retry in {math.ceil(wait)} s",
                429, retry_after=math.ceil(wait))


class Gate:
    """At most `limit` answers in progress; the next one is refused at once, not queued."""

    def __init__(self, limit: int):
        self.limit = limit
        self.active = 0
        self._lock = threading.Lock()

    def __enter__(self) -> Gate:
        with self._lock:
            if self.limit and self.active >= self.limit:
                raise LimitExceeded(
                    f"server busy: {self.active} answers are being generated (limit {self.limit}); "
                    "retry in a moment", 503, retry_after=1)
            self.active += 1
        return self

    def __exit__(self, *exc: object) -> None:
        with self._lock:
            self.active -= 1


Send = Callable[[dict[str, Any]], Awaitable[None]]
Receive = Callable[[], Awaitable[dict[str, Any]]]


class BodyLimitMiddleware:
    """Refuse bodies over the limit with 413, from Content-Length or while they stream in."""

    def __init__(self, app: Any, limits: ServerLimits, upload_paths: tuple[str, ...] = ("/api/documents",)):
        self.app, self.limits, self.upload_paths = app, limits, upload_paths

    def _limit(self, path: str) -> tuple[int, str]:
        if path in self.upload_paths:
            return self.limits.max_upload_bytes, f"{self.limits.max_upload_mb:g} MB per upload"
        return self.limits.max_body_bytes, f"{self.limits.max_body_kb:g} KB per request"

    async def __call__(self, scope: dict[str, Any], receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] in ("GET", "HEAD", "OPTIONS"):
            await self.app(scope, receive, send)
            return
        limit, words = self._limit(scope["path"])
        message = f"request body too large: at most {words}"
        length = dict(scope["headers"]).get(b"content-length")
        if length is not None and length.isdigit() and int(length) > limit:
            await _reply_413(send, message)
            return
        seen = 0
        over = False  # set once the streamed body passed the limit
        replaced = False

        async def limited_receive() -> dict[str, Any]:
            nonlocal seen, over
            msg = await receive()
            if msg["type"] == "http.request":
                seen += len(msg.get("body", b""))
                if seen > limit:
                    over = True
                    raise _TooLarge()
            return msg

        async def guarded_send(msg: dict[str, Any]) -> None:
            # Frameworks turn a failing body read into their own 400; answer 413 instead.
            nonlocal replaced
            if over:
                if not replaced:
                    replaced = True
                    await _reply_413(send, message)
                return
            await send(msg)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            if not replaced:
                replaced = True
                await _reply_413(send, message)


class _TooLarge(Exception):
    pass


async def _reply_413(send: Send, message: str) -> None:
    import json

    body = json.dumps({"error": {"message": message, "type": "invalid_request_error", "param": None,
                                 "code": "payload_too_large"}}).encode()
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"),
                            (b"content-length", str(len(body)).encode()), (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
