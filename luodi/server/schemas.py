"""Request and response models: they make the OpenAPI document accurate (schemathesis checks it)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

# -- common -------------------------------------------------------------------------------


class ErrorDetail(BaseModel):
    message: str
    type: str


class ErrorBody(BaseModel):
    error: ErrorDetail


ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"model": ErrorBody, "description": text}
    for code, text in [
        (400, "Bad request"), (401, "Missing, wrong or revoked API key"),
        (403, "The key's role may not do this"), (404, "Not found in this tenant"),
        (413, "Request body too large"), (422, "Invalid input"), (429, "Rate limit"),
        (502, "The model failed"), (503, "Too many answers in progress"),
    ]
}


class CitationOut(BaseModel):
    document: str
    chunk: int
    quote: str
    section: str = ""


class CheckOut(BaseModel):
    atom: str
    kind: str
    supported: bool
    citation: int | None = None
    detail: str = ""


class UsageOut(BaseModel):
    model: str
    tokens_in: int
    tokens_out: int
    cost_li: float
    latency_ms: float


class ToolCallOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    name: str
    arguments: dict[str, Any] = Field(default_factory=dict)
    status: str
    id: str | int | None = None


class AnswerOut(BaseModel):
    """The `luodi ask --json` shape."""

    model_config = ConfigDict(extra="allow")
    answer: str
    citations: list[CitationOut]
    checks: list[CheckOut]
    abstained: bool
    route: str
    mode: str
    usage: UsageOut
    tool_calls: list[ToolCallOut] | None = None
    rewritten_question: str | None = None
    cached: bool | None = None
    as_of: str | None = Field(default=None, description="the day asked for, when one was")
    takes_effect_later: list[dict[str, str]] | None = Field(
        default=None, description="cited documents whose newer version takes effect later: "
                                  "{document, effective_date} (the answer is from today's)")


class LuodiExtra(BaseModel):
    """What Luodi adds to an OpenAI response: everything of the answer except its text."""

    model_config = ConfigDict(extra="allow")
    citations: list[CitationOut]
    checks: list[CheckOut]
    route: str
    mode: str
    abstained: bool
    usage: UsageOut
    tool_calls: list[ToolCallOut] = Field(default_factory=list)
    rewritten_question: str | None = None
    cached: bool = False


# -- native API ----------------------------------------------------------------------------


class AskIn(BaseModel):
    question: str = Field(min_length=1, max_length=2000, pattern=r"\S",
                          description="The question (the server's limit may be lower, see 422)")
    mode: Literal["llm", "extractive"] | None = None
    user: str | None = Field(default=None, max_length=200)
    session: str | None = Field(default=None, max_length=200)
    k: int = Field(default=5, ge=1, le=50)
    collection: str | None = Field(default=None, max_length=200)
    now: datetime | None = Field(default=None, description="Current time, ISO 8601 (for relative "
                                 "dates); without a zone it is the server's local time")
    use_cache: bool = True
    as_of: str | None = Field(default=None, max_length=32,
                              description="YYYY-MM-DD: answer from the document versions in force that day")


class HitOut(BaseModel):
    chunk: int
    document: str
    document_id: int | None = None
    section: str
    text: str
    score: float
    scores: dict[str, float] = Field(default_factory=dict)
    superseded: bool = Field(default=False, description="from an earlier version than the newest stored: "
                             "the one in force on the day searched")
    effective_date: str | None = Field(default=None, description="the day its version takes effect, "
                                       "where one was given")


class SearchOut(BaseModel):
    query: str
    hits: list[HitOut]


class DocumentOut(BaseModel):
    id: int
    uri: str
    title: str | None
    collection: str
    current_version: int | None
    content_hash: str | None
    effective_date: str | None
    licence: str
    consent: bool
    chunks: int
    created_at: str
    updated_at: str


class VersionOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: int
    content_hash: str
    effective_date: str | None = None
    created_at: str
    superseded_by: int | None = None
    uri: str | None = Field(default=None, description="the file it was read from, where not the document's")


class DocumentDetailOut(DocumentOut):
    versions: list[VersionOut]
    text: str | None = None


class DocumentListOut(BaseModel):
    documents: list[DocumentOut]


class IngestResultOut(BaseModel):
    uri: str
    status: str
    document_id: int | None = None
    version_id: int | None = None
    chunks: int = 0
    message: str = ""
    pii: int = 0


class UploadOut(BaseModel):
    results: list[IngestResultOut]
    files: int
    bytes: int
    failed: int


class FetchIn(BaseModel):
    model_config = ConfigDict(extra="forbid")

    urls: list[Annotated[str, Field(min_length=8, max_length=2000, pattern=r"^[Hh][Tt][Tt][Pp][Ss]?://")]] = \
        Field(min_length=1, max_length=20, description="http(s) addresses of pages or files")
    licence: str | None = Field(None, max_length=200)
    consent: bool | None = None
    collection: str = Field("default", min_length=1, max_length=200)
    pii: Literal["mask", "keep", "reversible"] | None = None
    effective_date: str | None = Field(None, max_length=32, description="YYYY-MM-DD")


class FetchOut(BaseModel):
    results: list[IngestResultOut]
    failed: int


class ForgetOut(BaseModel):
    document: str
    id: int
    removed: dict[str, int]


class ChunkOut(BaseModel):
    id: int
    document: str | None
    document_id: int | None
    version_id: int | None
    section: str
    text: str
    start: int
    end: int
    current: bool = Field(description="its version is the one in force today")
    pending: bool = Field(default=False, description="its version is the newest, taking effect later")
    effective_date: str | None = None


class CostRow(BaseModel):
    model_config = ConfigDict(extra="allow")
    calls: int
    cached: int
    tokens_in: int
    tokens_out: int
    cost_li: float
    latency_ms: float
    unpriced: int = 0


class CostsOut(BaseModel):
    by: str
    rows: list[dict[str, Any]]
    total: dict[str, Any]


class HealthOut(BaseModel):
    status: Literal["ok"]
    version: str
    auth: bool


# -- OpenAI-compatible ------------------------------------------------------------------------


class ContentPart(BaseModel):
    model_config = ConfigDict(extra="allow")
    type: str
    text: str | None = None


class ChatMessage(BaseModel):
    model_config = ConfigDict(extra="allow")
    role: Literal["system", "developer", "user", "assistant", "tool", "function"]  # OpenAI's roles
    content: str | list[ContentPart] | None = None
    name: str | None = None


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="allow")
    model: Literal["luodi", "luodi-extractive", "luodi-llm"] = "luodi"
    messages: list[ChatMessage] = Field(min_length=1)
    stream: bool = False
    user: str | None = Field(default=None, max_length=200)
    session: str | None = Field(default=None, max_length=200)
    as_of: str | None = Field(default=None, max_length=32,
                              description="YYYY-MM-DD: answer from the document versions in force "
                                          "that day (Luodi extension; also metadata.as_of)")
    metadata: dict[str, Any] | None = None
    # OpenAI's sampling fields are accepted within OpenAI's ranges: an answer is quoted from the
    # documents or verified against them, not sampled, so they change nothing
    n: int | None = Field(default=1, ge=1, le=1, description="one grounded answer per request")
    temperature: float | None = Field(default=None, ge=0, le=2)
    top_p: float | None = Field(default=None, ge=0, le=1)
    stream_options: StreamOptions | None = None
    response_format: dict[str, Any] | None = None
    tools: list[Any] | None = None
    tool_choice: Any = None
    functions: list[Any] | None = None  # OpenAI's older names for tools
    function_call: Any = None

    @model_validator(mode="after")
    def _only_text_answers(self) -> ChatRequest:
        # what a client relies on and Luodi does not do is refused, never silently dropped
        if self.response_format and self.response_format.get("type", "text") != "text":
            raise ValueError("response_format: Luodi answers in text with citations (the `luodi` field "
                             "holds them as JSON); leave response_format out")
        if self.tools or self.functions or self.tool_choice not in (None, "none", "auto") \
                or self.function_call not in (None, "none", "auto"):
            raise ValueError("tools: Luodi runs only its own registered actions (GET /api/tools), "
                             "proposed in the answer and confirmed with POST /api/tools/ID/confirm; "
                             "send the request without tools or tool_choice")
        return self


class StreamOptions(BaseModel):
    include_usage: bool = False


class ResponseMessage(BaseModel):
    role: Literal["assistant"]
    content: str


class Choice(BaseModel):
    index: int
    message: ResponseMessage
    finish_reason: str
    logprobs: None = None


class ChatUsage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"]
    created: int
    model: str
    choices: list[Choice]
    usage: ChatUsage
    luodi: LuodiExtra


class ModelCard(BaseModel):
    id: str
    object: Literal["model"]
    created: int
    owned_by: str


class ModelList(BaseModel):
    object: Literal["list"]
    data: list[ModelCard]
