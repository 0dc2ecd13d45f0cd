"""Questions: native `POST /api/ask`, `GET /api/search`, and the OpenAI-compatible chat API.

An answer is computed and verified first, then shipped: streaming sends the verified text in
pieces, so nothing the checks would have removed ever reaches the client. Citations, checks and
usage travel beside the text (the `luodi` field, the final SSE event), never inside it.
"""

from __future__ import annotations

import json
import re
import threading
import time
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, StreamingResponse

from luodi.errors import InputError, NotFoundError
from luodi.server.deps import LuodiDep, Principal, PrincipalDep, for_http, state
from luodi.server.schemas import (
    ERRORS,
    AnswerOut,
    AskIn,
    ChatCompletion,
    ChatRequest,
    ModelCard,
    ModelList,
    SearchOut,
)

router = APIRouter(responses=ERRORS)
MODELS = {"luodi": None, "luodi-extractive": "extractive", "luodi-llm": "llm"}
_local_model_lock = threading.Lock()  # llama.cpp contexts are not safe to share between threads


def answer_question(request: Request, lu: Any, principal: Principal, question: str, *,
                    mode: str | None = None, user: str | None = None, session: str | None = None,
                    k: int = 5, collection: str | None = None, now: datetime | str | None = None,
                    use_cache: bool = True, as_of: str | None = None, said: str | None = None,
                    use_history: bool = True):
    """Run `Luodi.ask` under the server's limits; blocking (call it from a worker thread)."""
    st = state(request)
    if len(question) > st.limits.max_question_chars:
        raise InputError(f"the question is {len(question)} characters; the limit is "
                         f"{st.limits.max_question_chars}: shorten it")
    when = principal.clock(now)
    with st.gate:
        kwargs = dict(mode=mode, now=when, user=principal.effective_user(user),
                      tenant=principal.tenant, session=session, k=k, collection=collection,
                      use_cache=use_cache, role=principal.role, as_of=as_of, said=said,
                      use_history=use_history)
        if lu.answer_mode(mode) == "llm" and type(lu.model).__name__ == "LocalModel":
            with _local_model_lock:
                answer = lu.ask(question, **kwargs)
        else:
            answer = lu.ask(question, **kwargs)
    answer.answer = for_http(answer.answer)  # "confirm with POST /api/tools/ID/confirm", not the CLI
    return answer


@router.post("/api/ask", response_model=AnswerOut, tags=["native"])
async def ask(body: AskIn, request: Request, principal: PrincipalDep,
              lu: LuodiDep) -> Any:
    """Answer one question with citations, checks, route, mode and cost (the `luodi ask --json` shape)."""
    answer = await run_in_threadpool(
        answer_question, request, lu, principal, body.question, mode=body.mode, user=body.user,
        session=body.session, k=body.k, collection=body.collection, now=body.now,
        use_cache=body.use_cache, as_of=body.as_of)
    return JSONResponse(answer.to_dict())


@router.get("/api/search", response_model=SearchOut, tags=["native"])
async def search(lu: LuodiDep, q: Annotated[str, Query(min_length=1, max_length=2000)],
                 k: Annotated[int, Query(ge=1, le=50)] = 5,
                 collection: Annotated[str | None, Query(max_length=200)] = None,
                 document: Annotated[list[int] | None, Query(description="document ids")] = None,
                 as_of: Annotated[str | None, Query(max_length=32, description="YYYY-MM-DD")] = None) -> Any:
    """Ranked passages from this tenant's knowledge base; with `as_of`, the versions in force then."""
    hits = await run_in_threadpool(lu.search, q, k, collection=collection,
                                   document_ids=set(document) if document else None, as_of=as_of)
    return {"query": q, "hits": [h.public() for h in hits]}


# -- OpenAI-compatible ------------------------------------------------------------------------
@router.get("/v1/models", response_model=ModelList, tags=["openai"])
async def models(principal: PrincipalDep) -> Any:
    """`luodi` answers in the configured mode; `luodi-extractive` and `luodi-llm` force one."""
    return {"object": "list", "data": [_card(name) for name in MODELS]}


@router.get("/v1/models/{model}", response_model=ModelCard, tags=["openai"])
async def model(model: str, principal: PrincipalDep) -> Any:
    """One model, as OpenAI clients look it up (`client.models.retrieve`)."""
    if model not in MODELS:
        raise NotFoundError(f"no model {model!r}: this server offers {', '.join(MODELS)}")
    return _card(model)


def _card(name: str) -> dict[str, Any]:
    return ModelCard(id=name, object="model", created=0, owned_by="luodi").model_dump()


def _question(req: ChatRequest) -> str:
    """The text of the last user message (an earlier one answered instead would be a silent
    wrong answer to an image or a blank message)."""
    last = next((m for m in reversed(req.messages) if m.role == "user"), None)
    if last is None:
        raise InputError("no message with role \"user\": the last one is the question")
    text = _text(last)
    if not text.strip():
        raise InputError("the last message with role \"user\" has no text (only text is read); "
                         "put the question there as text")
    return text


def _text(msg: Any) -> str:
    if isinstance(msg.content, str):
        return msg.content
    return "\n".join(p.text or "" for p in msg.content or [] if p.type == "text")


def _standalone(req: ChatRequest, question: str) -> str:
    """The question made standalone by the conversation the client sent: an OpenAI client sends
    the whole history and no session, so "那第十三条呢" is read against the user messages before
    it, each made standalone in turn by the memory's own follow-up rules."""
    from luodi.memory.rewrite import rule_rewrite

    users = [t for t in (_text(m) for m in req.messages if m.role == "user") if t.strip()]
    previous = None
    for text in users[:-1]:
        previous = rule_rewrite(text, previous).question
    return rule_rewrite(question, previous).question


def _extension(req: ChatRequest, name: str) -> str | None:
    """A Luodi field of a chat request: top level, or in `metadata` (clients that only pass that)."""
    if getattr(req, name):
        return getattr(req, name)
    value = (req.metadata or {}).get(name)
    if value is None:
        return None
    if not isinstance(value, str) or len(value) > 200:
        raise InputError(f"metadata.{name} must be a string of at most 200 characters")
    return value


def luodi_extra(data: dict[str, Any]) -> dict[str, Any]:
    extra = {k: v for k, v in data.items() if k != "answer"}
    extra.setdefault("tool_calls", [])
    extra.setdefault("rewritten_question", None)
    extra.setdefault("cached", False)
    return extra


_PIECE = re.compile(r"\[\d+\]|[A-Za-z0-9_.,%/:?=&#@+~-]+\s*|\s+|.", re.S)


def pieces(text: str, size: int = 6) -> list[str]:
    """Split text into small pieces for streaming; never splits a word or a [n] marker."""
    out: list[str] = []
    buf = ""
    for m in _PIECE.finditer(text):
        buf += m.group(0)
        if len(buf) >= size:
            out.append(buf)
            buf = ""
    if buf:
        out.append(buf)
    return out


@router.post("/v1/chat/completions", response_model=ChatCompletion, tags=["openai"],
             responses={200: {"content": {"text/event-stream": {}},
                              "description": "chat.completion, or SSE chat.completion.chunk events with stream=true"}})
async def chat_completions(req: ChatRequest, request: Request,
                           principal: PrincipalDep,
                           lu: LuodiDep) -> Any:
    """OpenAI-compatible chat: the last user message is the question; `luodi` carries the evidence."""
    question, session = _question(req), _extension(req, "session")
    # a named session: the server's memory holds the conversation, not the messages sent
    standalone = question if session else _standalone(req, question)
    # without one, the messages sent are the conversation: the user's other chats are not read, and
    # only the last message's own words may ask for an action ("那四点呢" repeats no notice)
    answer = await run_in_threadpool(
        answer_question, request, lu, principal, standalone, mode=MODELS[req.model],
        user=req.user, session=session, as_of=_extension(req, "as_of"),
        said=None if session else question, use_history=bool(session))
    data = answer.to_dict()
    if standalone != question:
        data["rewritten_question"] = standalone
    usage = {"prompt_tokens": answer.usage.tokens_in, "completion_tokens": answer.usage.tokens_out,
             "total_tokens": answer.usage.tokens_in + answer.usage.tokens_out}
    cid, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
    if not req.stream:
        return JSONResponse({
            "id": cid, "object": "chat.completion", "created": created, "model": req.model,
            "choices": [{"index": 0, "message": {"role": "assistant", "content": answer.answer},
                         "finish_reason": "stop", "logprobs": None}],
            "usage": usage, "luodi": luodi_extra(data)})

    def chunk(delta: dict[str, Any], finish: str | None = None, **more: Any) -> str:
        obj = {"id": cid, "object": "chat.completion.chunk", "created": created, "model": req.model,
               "choices": [{"index": 0, "delta": delta, "finish_reason": finish, "logprobs": None}],
               **more}
        return f"data: {json.dumps(obj, ensure_ascii=False)}\n\n"

    async def events() -> AsyncIterator[str]:
        import asyncio

        yield chunk({"role": "assistant", "content": ""})
        for piece in pieces(answer.answer):
            yield chunk({"content": piece})
            await asyncio.sleep(0)  # let other responses interleave
        if req.stream_options and req.stream_options.include_usage:  # OpenAI's way: a last chunk
            yield chunk({}, "stop", usage=None, luodi=luodi_extra(data))
            yield chunk({}, choices=[], usage=usage)
        else:
            yield chunk({}, "stop", usage=usage, luodi=luodi_extra(data))
        yield "data: [DONE]\n\n"

    return StreamingResponse(events(), media_type="text/event-stream",
                             headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
