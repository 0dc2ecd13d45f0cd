"""The model interface: one protocol, three backends (local GGUF, OpenAI-compatible HTTP, fake).

`complete()` returns a `Completion`; `stream()` yields text pieces and, last, one `ModelUsage`.
Both take the same options. A `threading.Event` passed as `cancel` is checked between tokens: a
cancelled call stops early and reports `finish_reason="cancelled"` with the tokens spent so far.

Prompt-size budget: on 2 CPU cores prefill dominates the latency, so every backend takes
`max_prompt_tokens`. When a prompt is larger, older conversation turns are dropped first (the
system message and the last message are kept); if it is still too large, `PromptTooLarge` is
raised: evidence is never cut silently. The prompt size and any trimming go into
`Completion.note`, which the ledger stores.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Protocol, TypedDict, runtime_checkable

from luodi.errors import ConfigError, ModelError


class Message(TypedDict):
    role: str  # system, user, assistant, tool
    content: str


@dataclass
class ModelUsage:
    """What one call spent; the last item `stream()` yields."""

    model: str
    tokens_in: int = 0
    tokens_out: int = 0
    latency_ms: float = 0.0
    finish_reason: str = "stop"  # stop, length, cancelled
    note: str = ""


@dataclass
class Completion:
    text: str
    tokens_in: int
    tokens_out: int
    latency_ms: float
    model: str
    finish_reason: str = "stop"
    note: str = ""  # prompt size, trimming; stored in the ledger
    cost_li: float = 0.0  # filled in by the ledger
    warnings: list[str] = field(default_factory=list)  # budget warnings, filled in by the ledger

    def usage(self) -> ModelUsage:
        return ModelUsage(
            self.model,
            self.tokens_in,
            self.tokens_out,
            self.latency_ms,
            self.finish_reason,
            self.note,
        )


class PromptTooLarge(ModelError):
    """The prompt exceeds `max_prompt_tokens` even after dropping older turns."""


@runtime_checkable
class Model(Protocol):
    name: str
    local: bool  # local models cost nothing

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
    ) -> Completion: ...

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
    ) -> Iterator[str | ModelUsage]: ...

    def count_tokens(self, messages: list[Message]) -> int: ...


def estimate_tokens(text: str) -> int:
    """A tokenizer-free estimate: one token per CJK character, one per ~4 other characters.

    Used for remote models (whose tokenizers we do not have) when budgeting before a call.
    It errs high for Chinese, which is the safe side for budgets.
    """
    cjk = sum(1 for ch in text if ord(ch) >= 0x2E80)
    return cjk + (len(text) - cjk + 3) // 4


def estimate_message_tokens(messages: list[Message]) -> int:
    # ~4 tokens of chat-template overhead per message (role markers).
    return sum(estimate_tokens(m.get("content") or "") + 4 for m in messages) + 2


def fit_prompt(
    messages: list[Message], max_prompt_tokens: int | None, count: Callable[[list[Message]], int]
) -> tuple[list[Message], int, str]:
    """Apply the prompt-size budget; returns (messages, prompt tokens, note for the ledger)."""
    messages = list(messages)
    size = count(messages)
    if not max_prompt_tokens or size <= max_prompt_tokens:
        return messages, size, f"prompt {size} tok"
    dropped = 0
    head = 1 if messages and messages[0]["role"] == "system" else 0
    while size > max_prompt_tokens and len(messages) - head > 1:
        del messages[head]
        dropped += 1
        size = count(messages)
    if size > max_prompt_tokens:
        raise PromptTooLarge(
            f"The prompt needs {size} tokens but max_prompt_tokens is {max_prompt_tokens}. "
            "Send less evidence (fewer or shorter passages) or raise model.max_prompt_tokens; "
            "on 2 CPU cores every 1000 prompt tokens add seconds of latency."
        )
    return messages, size, f"prompt {size} tok (trimmed {dropped} older turns)"


def collect(items: Iterator[str | ModelUsage], model: str) -> Completion:
    """Turn a `stream()` into a `Completion`."""
    parts: list[str] = []
    usage = ModelUsage(model)
    for item in items:
        if isinstance(item, ModelUsage):
            usage = item
        else:
            parts.append(item)
    return Completion(
        "".join(parts),
        usage.tokens_in,
        usage.tokens_out,
        usage.latency_ms,
        usage.model,
        usage.finish_reason,
        usage.note,
    )


def get_model(config: Mapping[str, Any] | None = None) -> Model:
    """Build a model from a `[model]` configuration table.

    `backend = "local"` (default): `use` is a catalogue name or a GGUF path, plus n_ctx, n_threads.
    `backend = "openai"`: base_url, name, api_key_env, timeout, max_retries, allow_hosts.
    `backend = "fake"`: replies (list of strings). With no config, the saved choice from
    `luodi models use` is used.
    """
    if config is None:
        from luodi.models.install import current_model_setting

        config = current_model_setting()
    cfg = dict(config)
    backend = str(cfg.pop("backend", "local")).lower()
    if backend == "fake":
        from luodi.models.fake import FakeModel

        return FakeModel(cfg.pop("replies", []), name=cfg.pop("name", "fake"))
    if backend in ("openai", "http", "openai_http"):
        from luodi.models.openai_http import OpenAIHTTPModel

        if "base_url" not in cfg or "name" not in cfg:
            raise ConfigError("[model] backend = 'openai' needs base_url and name.")
        known = {
            "base_url",
            "name",
            "api_key_env",
            "timeout",
            "connect_timeout",
            "max_retries",
            "backoff_s",
            "allow_hosts",
            "max_prompt_tokens",
            "stream_usage",
            "headers",
        }
        return OpenAIHTTPModel(**{k: v for k, v in cfg.items() if k in known})
    if backend == "local":
        from luodi.models.install import resolve_model_path
        from luodi.models.local import LocalModel

        path, label = resolve_model_path(cfg.get("use") or cfg.get("path"))
        known = {"n_ctx", "n_threads", "max_prompt_tokens", "n_batch", "seed"}
        return LocalModel(
            path, name=cfg.get("name") or label, **{k: v for k, v in cfg.items() if k in known}
        )
    raise ConfigError(f"Unknown model backend {backend!r}: use local, openai or fake.")
