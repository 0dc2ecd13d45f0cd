"""Any OpenAI-compatible chat endpoint (vLLM, Ollama, DeepSeek, Qwen, Doubao, Kimi, ...).

The API key comes from an environment variable named in the configuration, never from a file.
Requests go through `luodi.net.guarded_request`. 429 and 5xx answers and failed connections are
retried with exponential backoff (honouring Retry-After); a read timeout is not retried, because
a server that is too slow once is usually too slow twice and the user is waiting.
"""

from __future__ import annotations

import email.utils
import json
import os
import random
import threading
import time
from collections.abc import Iterator
from typing import Any

from luodi.errors import ConfigError, ModelError
from luodi.models.base import (
    Completion,
    Message,
    ModelUsage,
    collect,
    estimate_message_tokens,
    estimate_tokens,
    fit_prompt,
)
from luodi.net import guarded_client, guarded_request

RETRY_STATUS = {429, 500, 502, 503, 504}
MAX_WAIT_S = 30.0


def retry_after_seconds(value: str | None) -> float | None:
    """Parse a Retry-After header: seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


class OpenAIHTTPModel:
    local = False

    def __init__(
        self,
        base_url: str,
        name: str,
        *,
        api_key_env: str | None = None,
        timeout: float = 60.0,
        connect_timeout: float = 5.0,
        max_retries: int = 3,
        backoff_s: float = 0.5,
        allow_hosts: list[str] | tuple[str, ...] = (),
        max_prompt_tokens: int | None = None,
        stream_usage: bool = True,
        headers: dict[str, str] | None = None,
    ):
        self.base_url = base_url.rstrip("/")
        self.name = name
        self.api_key_env = api_key_env
        self.timeout = float(timeout)
        self.connect_timeout = float(connect_timeout)
        self.max_retries = int(max_retries)
        self.backoff_s = float(backoff_s)
        self.allow_hosts = tuple(allow_hosts)
        self.max_prompt_tokens = max_prompt_tokens
        self.stream_usage = stream_usage
        self.extra_headers = dict(headers or {})
        self._client: Any = None
        self._lock = threading.Lock()

    # -- plumbing ---------------------------------------------------------------------
    def _headers(self) -> dict[str, str]:
        headers = {"Content-Type": "application/json", **self.extra_headers}
        if self.api_key_env:
            key = os.environ.get(self.api_key_env)
            if not key:
                raise ConfigError(
                    f"The model {self.name!r} needs an API key: export {self.api_key_env}=..."
                )
            headers["Authorization"] = f"Bearer {key}"
        return headers

    def _http(self) -> Any:
        with self._lock:
            if self._client is None:
                self._client = guarded_client()
            return self._client

    def close(self) -> None:
        if self._client is not None:
            self._client.close()
            self._client = None

    def _payload(
        self,
        messages: list[Message],
        max_tokens: int,
        temperature: float,
        json_schema: dict | None,
        stop: list[str] | None,
        stream: bool,
    ) -> dict:
        body: dict[str, Any] = {
            "model": self.name,
            "messages": messages,
            "max_tokens": max_tokens,
            "temperature": temperature,
            "stream": stream,
        }
        if stop:
            body["stop"] = stop
        if json_schema is not None:
            body["response_format"] = {
                "type": "json_schema",
                "json_schema": {"name": "answer", "schema": json_schema, "strict": True},
            }
        if stream and self.stream_usage:
            body["stream_options"] = {"include_usage": True}
        return body

    def _send(self, body: dict, timeout: float | None, stream: bool) -> Any:
        import httpx

        url = f"{self.base_url}/chat/completions"
        limit = httpx.Timeout(timeout or self.timeout, connect=self.connect_timeout)
        headers = self._headers()
        attempt = 0
        while True:
            try:
                response = guarded_request(
                    "POST",
                    url,
                    allow_hosts=self.allow_hosts,
                    client=self._http(),
                    stream=stream,
                    json=body,
                    headers=headers,
                    timeout=limit,
                )
            except httpx.TimeoutException as exc:
                raise ModelError(
                    f"{self.name} at {self.base_url} did not answer within "
                    f"{timeout or self.timeout:g} s. Raise model.timeout or use a faster model."
                ) from exc
            except httpx.TransportError as exc:
                if attempt >= self.max_retries:
                    raise ModelError(f"Cannot reach {self.base_url}: {exc}") from exc
                wait = None
            else:
                if response.status_code < 400:
                    return response
                if response.status_code not in RETRY_STATUS or attempt >= self.max_retries:
                    detail = (response.read() if stream else response.content)[:300]
                    response.close()
                    raise ModelError(
                        f"{self.name} at {self.base_url} answered HTTP {response.status_code}: "
                        f"{detail.decode('utf-8', 'replace')}"
                    )
                wait = retry_after_seconds(response.headers.get("Retry-After"))
                response.close()
            if wait is None:
                wait = self.backoff_s * (2**attempt) * (1 + random.random() / 4)
            time.sleep(min(wait, MAX_WAIT_S))
            attempt += 1

    # -- the Model protocol -----------------------------------------------------------
    def count_tokens(self, messages: list[Message]) -> int:
        return estimate_message_tokens(messages)

    def complete(
        self,
        messages: list[Message],
        *,
        max_tokens: int = 256,
        temperature: float = 0.0,
        json_schema: dict | None = None,
        stop: list[str] | None = None,
        timeout: float | None = None,
        cancel: threading.Event | None = None,
    ) -> Completion:
        if cancel is not None:
            # Only a stream can be stopped between tokens.
            return collect(
                self.stream(
                    messages,
                    max_tokens=max_tokens,
                    temperature=temperature,
                    json_schema=json_schema,
                    stop=stop,
                    timeout=timeout,
                    cancel=cancel,
                ),
                self.name,
            )
        start = time.perf_counter()
        messages, size, note = fit_prompt(messages, self.max_prompt_tokens, self.count_tokens)
        response = self._send(
            self._payload(messages, max_tokens, temperature, json_schema, stop, False),
            timeout,
            stream=False,
        )
        try:
            data = response.json()
            choice = data["choices"][0]
            text = choice["message"].get("content") or ""
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise ModelError(
                f"{self.name} returned an unexpected body: {response.text[:300]}"
            ) from exc
        usage = data.get("usage") or {}
        tokens_in = usage.get("prompt_tokens")
        tokens_out = usage.get("completion_tokens")
        if tokens_in is None or tokens_out is None:
            note += "; usage estimated"
        return Completion(
            text,
            int(tokens_in if tokens_in is not None else size),
            int(tokens_out if tokens_out is not None else estimate_tokens(text)),
            (time.perf_counter() - start) * 1000,
            self.name,
            choice.get("finish_reason") or "stop",
            note,
        )

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
        import httpx

        start = time.perf_counter()
        messages, size, note = fit_prompt(messages, self.max_prompt_tokens, self.count_tokens)
        body = self._payload(messages, max_tokens, temperature, json_schema, stop, True)
        response = self._send(body, timeout, stream=True)
        parts: list[str] = []
        usage: dict = {}
        finish = "stop"
        # The configured name, not the server's echo, is what the price table matches.
        model = self.name
        try:
            for line in response.iter_lines():
                if cancel is not None and cancel.is_set():
                    finish = "cancelled"
                    break
                if not line.startswith("data:"):
                    continue
                data = line[5:].strip()
                if data == "[DONE]":
                    break
                try:
                    event = json.loads(data)
                except ValueError as exc:
                    raise ModelError(
                        f"{self.name} sent a malformed stream event: {data[:200]}"
                    ) from exc
                usage = event.get("usage") or usage
                for choice in event.get("choices") or ():
                    piece = (choice.get("delta") or {}).get("content")
                    if piece:
                        parts.append(piece)
                        yield piece
                    finish = choice.get("finish_reason") or finish
        except httpx.TimeoutException as exc:
            raise ModelError(
                f"{self.name} stopped sending within {timeout or self.timeout:g} s."
            ) from exc
        finally:
            response.close()
        tokens_in = usage.get("prompt_tokens")
        tokens_out = usage.get("completion_tokens")
        if tokens_in is None or tokens_out is None:
            note += "; usage estimated"
        yield ModelUsage(
            model,
            int(tokens_in if tokens_in is not None else size),
            int(tokens_out if tokens_out is not None else estimate_tokens("".join(parts))),
            (time.perf_counter() - start) * 1000,
            finish,
            note,
        )
