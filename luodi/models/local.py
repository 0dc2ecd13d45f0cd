"""A local GGUF model through llama-cpp-python (the `local` extra).

The prompt is built with the model's own chat template (from the GGUF metadata); JSON output is
constrained with a grammar compiled from the JSON schema. Small models follow a grammar far more
reliably than they follow instructions about format.

Each GGUF is loaded once per process and shared; calls on one model are serialised because a
llama.cpp context is not thread-safe. Two threads by default: the target is a 2-core machine.
"""

from __future__ import annotations

import atexit
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from luodi.errors import MissingExtra, ModelError
from luodi.models.base import Completion, Message, ModelUsage, collect, fit_prompt
from luodi.models.sampling import TokenLoop

_LOADED: dict[tuple[str, int, int, int], Any] = {}
_LOAD_LOCK = threading.Lock()
# One lock per loaded Llama: every LocalModel sharing it must take turns.
_USE_LOCKS: dict[int, threading.Lock] = {}


def _llama_cpp() -> Any:
    # Thread settings (luodi.threads) are applied when luodi is imported: measured 1 s answers
    # became 7-21 s next to a busy process with OpenMP's default long busy-wait.
    try:
        import llama_cpp
    except ImportError as exc:
        raise MissingExtra("llama-cpp-python", "local") from exc
    return llama_cpp


def _close_all() -> None:
    """Free models before interpreter shutdown: llama-cpp's own finaliser fails once its module
    globals are gone, printing a traceback at every exit."""
    for llm in list(_LOADED.values()):
        close = getattr(llm, "close", None)
        if close is not None:
            close()
    _LOADED.clear()


def load_llama(
    path: str | Path, *, n_ctx: int = 4096, n_threads: int = 2, n_batch: int = 512
) -> Any:
    """Load (or reuse) a `llama_cpp.Llama` for this file and settings."""
    path = str(Path(path).expanduser().resolve())
    key = (path, n_ctx, n_threads, n_batch)
    with _LOAD_LOCK:
        if key not in _LOADED:
            if not Path(path).is_file():
                raise ModelError(f"Model file {path} not found. Run: luodi models install")
            llama_cpp = _llama_cpp()
            try:
                with _without_extra_buffers(llama_cpp, _has_amx()):
                    llm = llama_cpp.Llama(
                        model_path=path,
                        n_ctx=n_ctx,
                        n_threads=n_threads,
                        n_threads_batch=n_threads,
                        n_batch=n_batch,
                        verbose=False,
                    )
            except (ValueError, RuntimeError) as exc:
                raise ModelError(f"llama.cpp could not load {path}: {exc}") from exc
            if not _LOADED:
                atexit.register(_close_all)
            _LOADED[key] = llm
            _USE_LOCKS[id(llm)] = threading.Lock()
        return _LOADED[key]


def _has_amx() -> bool:
    """Whether the CPU reports Intel AMX. llama.cpp then moves the weights into AMX buffers, and
    its AMX kernels killed the process (SIGSEGV) on every batch of more than one token on such a
    machine here (llama-cpp-python 0.3.36 built for the machine): every prompt is such a batch."""
    try:
        return "amx_int8" in Path("/proc/cpuinfo").read_text(errors="replace")
    except OSError:
        return False


@contextmanager
def _without_extra_buffers(llama_cpp: Any, off: bool) -> Iterator[None]:
    """Load with llama.cpp's extra buffer types (weight repacking, AMX) off when `off`. The Llama
    class has no argument for it: it reads the model defaults from its low-level module, whose
    function is swapped for the load (callers hold _LOAD_LOCK)."""
    if not off:
        yield
        return
    low = llama_cpp.llama_cpp
    default = low.llama_model_default_params

    def params() -> Any:
        out = default()
        out.use_extra_bufts = False
        return out

    low.llama_model_default_params = params
    try:
        yield
    finally:
        low.llama_model_default_params = default


def hold_back_stops(pieces: Iterator[str], stops: list[str], loop: Any) -> Iterator[str]:
    """Pass text through, cutting at the first stop string (never emitting part of one)."""
    if not stops:
        yield from pieces
        return
    keep = max(len(s) for s in stops) - 1
    text, sent = "", 0
    for piece in pieces:
        text += piece
        hits = [i for i in (text.find(s, max(0, sent - keep)) for s in stops) if i >= 0]
        if hits:
            if min(hits) > sent:
                yield text[sent : min(hits)]
            loop.finish_reason = "stop"
            return
        if len(text) - keep > sent:
            yield text[sent : len(text) - keep]
            sent = len(text) - keep
    if len(text) > sent:
        yield text[sent:]


class LocalModel:
    local = True

    def __init__(
        self,
        path: str | Path,
        *,
        name: str | None = None,
        n_ctx: int = 4096,
        n_threads: int = 2,
        n_batch: int = 512,
        max_prompt_tokens: int | None = 3072,
        seed: int | None = None,
    ):
        self.path = Path(path)
        self.name = name or self.path.stem
        self.n_ctx = int(n_ctx)
        self.n_threads = int(n_threads)
        self.n_batch = int(n_batch)
        self.max_prompt_tokens = max_prompt_tokens
        self.seed = seed
        self._llm: Any = None
        self._formatter: Any = None
        self._grammars: dict[str, str] = {}

    @property
    def llm(self) -> Any:
        """The loaded `llama_cpp.Llama` (loaded on first use)."""
        if self._llm is None:
            self._llm = load_llama(
                self.path, n_ctx=self.n_ctx, n_threads=self.n_threads, n_batch=self.n_batch
            )
        return self._llm

    def _format(self, messages: list[Message]) -> tuple[str, list[str]]:
        if self._formatter is None:
            from llama_cpp import llama_chat_format

            llm = self.llm
            template = llm.metadata.get("tokenizer.chat_template")
            if not template:
                raise ModelError(f"{self.path.name} has no chat template in its metadata.")
            eos = llm.token_eos()
            bos = llm.token_bos()
            self._formatter = llama_chat_format.Jinja2ChatFormatter(
                template=template,
                eos_token=llm._model.token_get_text(eos) if eos != -1 else "",
                bos_token=llm._model.token_get_text(bos) if bos != -1 else "",
            )
        result = self._formatter(messages=messages)
        return result.prompt, list(result.stop or [])

    def _tokens(self, prompt: str) -> list[int]:
        return self.llm.tokenize(prompt.encode("utf-8"), special=True)

    def count_tokens(self, messages: list[Message]) -> int:
        return len(self._tokens(self._format(messages)[0]))

    def _grammar(self, schema: dict) -> str:
        """GBNF text for a JSON schema (compiled once per schema)."""
        key = json.dumps(schema, sort_keys=True)
        if key not in self._grammars:
            from llama_cpp.llama_grammar import json_schema_to_gbnf

            # compile from the schema as written: its property order is the order the model writes
            # (a tool's name must come before its arguments)
            self._grammars[key] = json_schema_to_gbnf(json.dumps(schema))
        return self._grammars[key]

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
        deadline = start + timeout if timeout else None

        def should_stop() -> str | None:
            if cancel is not None and cancel.is_set():
                return "cancelled"
            if deadline is not None and time.perf_counter() > deadline:
                return "timeout"
            return None

        with _USE_LOCKS[id(self.llm)]:
            # The prompt must also leave room in the context for at least a few tokens.
            limit = min(self.max_prompt_tokens or self.n_ctx, self.n_ctx - 16)
            tokens = self._tokens(self._format(messages)[0])
            note = f"prompt {len(tokens)} tok"
            if len(tokens) > limit:
                messages, _, note = fit_prompt(messages, limit, self.count_tokens)
                tokens = self._tokens(self._format(messages)[0])
            max_tokens = max(1, min(max_tokens, self.n_ctx - len(tokens)))
            grammar = self._grammar(json_schema) if json_schema is not None else None
            try:
                loop = TokenLoop(self.llm, grammar, temperature, self.seed)
                try:
                    yield from hold_back_stops(
                        loop.run(tokens, max_tokens, should_stop), stop or [], loop
                    )
                finally:
                    loop.close()
            except (ValueError, RuntimeError) as exc:
                raise ModelError(f"{self.name} failed while generating: {exc}") from exc
            if loop.finish_reason == "timeout":
                raise ModelError(f"{self.name} ran past its {timeout:g} s timeout.")
            yield ModelUsage(
                self.name,
                len(tokens),
                loop.tokens_out,
                (time.perf_counter() - start) * 1000,
                loop.finish_reason,
                note,
            )

    def complete(self, messages: list[Message], **kw: Any) -> Completion:
        return collect(self.stream(messages, **kw), self.name)
