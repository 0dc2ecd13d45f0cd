"""The dataclasses that travel through the pipeline.

Every stage takes and returns these; nothing passes loose dicts between stages.
`to_dict()` gives the JSON shape promised in DESIGN.md.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


def _plain(obj: Any) -> dict[str, Any]:
    return asdict(obj)


@dataclass(frozen=True)
class SourceInfo:
    """Where a document came from and what its owner allows."""

    uri: str  # path or URL as given by the user
    licence: str = "unspecified"
    consent: bool = True
    fetched_at: str | None = None  # ISO time


@dataclass
class RawDocument:
    """A file or page after reading: decoded text, not yet cleaned."""

    uri: str
    text: str
    format: str  # txt, md, html, pdf, docx
    encoding: str | None = None
    title: str | None = None
    html: str | None = None  # original markup for main-content extraction
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass
class PiiFinding:
    kind: str  # cn_id, tw_id, mobile, landline, bank_card, email
    start: int
    end: int
    value: str
    replacement: str


@dataclass
class CleanDocument:
    uri: str
    text: str
    format: str
    title: str | None = None
    pii: list[PiiFinding] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)  # what cleaning dropped, for logs


@dataclass
class Chunk:
    """A retrievable unit of one document version."""

    text: str
    section: str  # section path, e.g. "第三章 > 第二十条"
    start: int  # character offsets in the version's cleaned text
    end: int
    ordinal: int = 0
    id: int | None = None
    document_id: int | None = None
    version_id: int | None = None
    document: str | None = None  # source uri, for display
    tokens: list[str] | None = None  # keyword-index tokens, computed once at ingest


@dataclass
class DocumentRecord:
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

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass
class IngestResult:
    uri: str
    status: str  # added, updated, unchanged, duplicate, refused, failed
    document_id: int | None = None
    version_id: int | None = None
    chunks: int = 0
    message: str = ""
    pii: int = 0

    @property
    def failed(self) -> bool:
        """Not indexed for a reason the user must act on (a broken file, an owner's opt-out)."""
        return self.status in ("failed", "refused")

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass
class Hit:
    chunk_id: int
    document: str
    section: str
    text: str
    score: float
    document_id: int | None = None
    scores: dict[str, float] = field(default_factory=dict)  # per retriever
    superseded: bool = False  # from an earlier version than the newest stored (in force on the day read)
    effective_date: str | None = None  # the day its version takes effect, where one was given
    start: int | None = None  # where the chunk's text lies in its version's text
    end: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)

    def public(self) -> dict[str, Any]:
        """The hit as `luodi search --json` and `GET /api/search` print it."""
        return {"document": self.document, "section": self.section, "text": self.text,
                "score": self.score, "chunk": self.chunk_id, "document_id": self.document_id,
                "scores": self.scores, "superseded": self.superseded, "effective_date": self.effective_date}


@dataclass
class Citation:
    document: str
    chunk: int
    quote: str
    section: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass
class Check:
    atom: str
    kind: str  # number, amount, percent, date, duration, url, email, phone, id, article, name, computed
    supported: bool
    citation: int | None = None  # index into Answer.citations
    detail: str = ""

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass
class Usage:
    model: str = "none"
    tokens_in: int = 0
    tokens_out: int = 0
    cost_li: float = 0.0
    latency_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return _plain(self)


@dataclass
class Answer:
    answer: str
    citations: list[Citation] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    abstained: bool = False
    route: str = "knowledge"  # knowledge, numeric, tool, chat
    mode: str = "extractive"  # llm, extractive
    usage: Usage = field(default_factory=Usage)
    extra: dict[str, Any] = field(default_factory=dict)
    # documents behind the retrieved passages: the cache drops this answer when one changes
    retrieved_documents: list[int] = field(default_factory=list, repr=False)

    def to_dict(self) -> dict[str, Any]:
        out = {
            "answer": self.answer,
            "citations": [c.to_dict() for c in self.citations],
            "checks": [c.to_dict() for c in self.checks],
            "abstained": self.abstained,
            "route": self.route,
            "mode": self.mode,
            "usage": self.usage.to_dict(),
        }
        out.update(self.extra)
        return out


@dataclass
class Turn:
    session: str
    role: str  # user, assistant
    content: str
    user: str | None = None
    tenant: str = "default"
    citations: list[Citation] = field(default_factory=list)
    created_at: str | None = None


def answer_from_dict(data: dict[str, Any]) -> Answer:
    """The inverse of `Answer.to_dict()`, for cached answers."""
    known = {"answer", "citations", "checks", "abstained", "route", "mode", "usage"}
    return Answer(
        answer=data["answer"],
        citations=[Citation(**c) for c in data.get("citations", [])],
        checks=[Check(**c) for c in data.get("checks", [])],
        abstained=data.get("abstained", False),
        route=data.get("route", "knowledge"),
        mode=data.get("mode", "extractive"),
        usage=Usage(**data.get("usage", {})),
        extra={k: v for k, v in data.items() if k not in known},
    )
