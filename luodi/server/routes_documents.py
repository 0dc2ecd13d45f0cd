"""Documents and passages: upload, list, show, forget, and the cited passage for the viewer.

Every id is looked up in the caller's own store, so another tenant's id is a plain 404.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.concurrency import run_in_threadpool

from luodi.errors import InputError, NotFoundError
from luodi.retrieve.history import version_state
from luodi.server.deps import AdminLuodiDep, Id, LuodiDep, state
from luodi.server.schemas import (
    ERRORS,
    ChunkOut,
    DocumentDetailOut,
    DocumentListOut,
    FetchIn,
    FetchOut,
    ForgetOut,
    UploadOut,
)
from luodi.timeutil import local_day, parse_day

router = APIRouter(responses=ERRORS, tags=["documents"])
COPY_BLOCK = 1024 * 1024


@router.get("/api/documents", response_model=DocumentListOut)
async def list_documents(lu: LuodiDep,
                         collection: Annotated[str | None, Query(max_length=200)] = None) -> Any:
    """The tenant's documents."""
    docs = await run_in_threadpool(lu.documents, collection)
    return {"documents": [d.to_dict() for d in docs]}


@router.get("/api/documents/{doc_id}", response_model=DocumentDetailOut)
async def show_document(doc_id: Id, lu: LuodiDep,
                        text: Annotated[bool, Query(description="Include the stored text")] = False) -> Any:
    """One document with its versions (and its current text with `?text=1`)."""
    def work() -> dict[str, Any]:
        doc = lu.document(doc_id)
        info = doc.to_dict() | {"versions": lu.store.versions(doc.id), "text": None}
        if text and doc.current_version:
            info["text"] = lu.store.version_text(doc.current_version)
        return info

    return await run_in_threadpool(work)


@router.delete("/api/documents/{doc_id}", response_model=ForgetOut)
async def forget_document(doc_id: Id, lu: AdminLuodiDep) -> Any:
    """Purge a document everywhere (chunks, versions, vectors, vault, cached answers). Admin only."""
    def work() -> dict[str, Any]:
        doc = lu.document(doc_id)
        return {"document": doc.uri, "id": doc.id, "removed": lu.forget(doc.id)}

    return await run_in_threadpool(work)


@router.post("/api/documents", response_model=UploadOut)
async def upload_documents(
    request: Request,
    lu: AdminLuodiDep,
    files: Annotated[list[UploadFile], File(description="One or more files (txt, md, html, pdf, docx)")],
    licence: Annotated[str | None, Form(max_length=200)] = None,
    consent: Annotated[bool | None, Form()] = None,
    collection: Annotated[str, Form(min_length=1, max_length=200)] = "default",
    pii: Annotated[str | None, Form(pattern="^(mask|keep|reversible)$")] = None,
    effective_date: Annotated[str | None, Form(
        max_length=32, description="YYYY-MM-DD: the day these files take effect")] = None,
) -> Any:
    """Add or update documents from an upload (multipart). Admin only.

    Starlette spools each part to a temporary file while it arrives (on disk past 1 MB), so a
    large upload streams to disk; it is read back in blocks under the size limit.
    """
    limit = state(request).limits.max_upload_bytes
    if effective_date:
        effective_date = parse_day(effective_date, "effective_date")  # a bad date: 400, nothing read
    results, total = [], 0
    for upload in files:
        name = (upload.filename or "upload").replace("\\", "/").rsplit("/", 1)[-1] or "upload"
        buf = bytearray()
        while block := await upload.read(COPY_BLOCK):
            total += len(block)
            if total > limit:
                raise InputError(f"upload too large: at most {limit // (1024 * 1024)} MB per upload")
            buf += block
        data = bytes(buf)
        result = await run_in_threadpool(
            # The uploader (an admin of this tenant) vouches for the file unless told otherwise.
            lambda d=data, n=name: lu.ingest_bytes(
                d, n, uri=f"upload:{n}", licence=licence, consent=True if consent is None else consent,
                collection=collection, pii=pii, effective_date=effective_date))
        results.append(result)
    return {"results": [r.to_dict() for r in results], "files": len(files), "bytes": total,
            "failed": sum(r.failed for r in results)}


@router.post("/api/documents/fetch", response_model=FetchOut)
async def fetch_documents(body: FetchIn, lu: AdminLuodiDep) -> Any:
    """Add or update documents from http(s) URLs, fetched through the guarded door: hosts behind the
    firewall only where the server's `[ingest] allow_hosts` names them. Admin only."""
    from luodi.read.fetch import is_url

    for url in body.urls:  # anything else would be read as a path on the server's disk
        if not is_url(url):
            raise InputError(f"{url[:100]!r} is not an http(s) URL")
    effective = parse_day(body.effective_date, "effective_date") if body.effective_date else None
    results = await run_in_threadpool(
        lambda: lu.ingest(list(body.urls), licence=body.licence, consent=body.consent,
                          collection=body.collection, effective_date=effective, pii=body.pii))
    return {"results": [r.to_dict() for r in results], "failed": sum(r.failed for r in results)}


@router.get("/api/chunks/{chunk_id}", response_model=ChunkOut)
async def show_chunk(chunk_id: Id, lu: LuodiDep) -> Any:
    """A cited passage with its document and section, for the citation viewer."""
    def work() -> dict[str, Any]:
        found = lu.store.chunks([chunk_id])
        if not found:
            raise NotFoundError(f"no passage {chunk_id} in this knowledge base")
        c = found[0]
        versions = lu.store.versions(c.document_id)
        state = version_state(versions, c.version_id, local_day())
        day = next((v["effective_date"] for v in versions if v["id"] == c.version_id), None)
        return {"id": c.id, "document": c.document, "document_id": c.document_id,
                "version_id": c.version_id, "section": c.section, "text": c.text,
                "start": c.start, "end": c.end, "current": state == "in force", "pending": state == "pending",
                "effective_date": (day or "")[:10] or None}

    return await run_in_threadpool(work)
