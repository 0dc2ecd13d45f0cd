"""The FastAPI application: routers, error mapping, limits and the web page.

`create_app()` is what `luodi serve` runs and what tests call with a temporary home.
"""

from __future__ import annotations

import logging
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

import luodi
from luodi.config import load_settings, luodi_home
from luodi.errors import ConfigError, LuodiError, StoreError
from luodi.server.deps import ServerState, for_http, is_loopback
from luodi.server.limits import BodyLimitMiddleware, Gate, LimitExceeded, RateLimiter, ServerLimits
from luodi.server.schemas import ERRORS
from luodi.server.tenants import LuodiPool, TenantRegistry

STATIC = Path(__file__).parent / "static"

_log = logging.getLogger("luodi.server")


# OpenAI's error types by status, which its clients switch on; Luodi's own kind is the `code`
_TYPES = {400: "invalid_request_error", 401: "authentication_error", 403: "permission_error",
          404: "not_found_error", 409: "conflict_error", 413: "invalid_request_error",
          422: "invalid_request_error", 429: "rate_limit_error"}


def error_body(message: str, code: str, status: int = 400) -> dict[str, Any]:
    kind = _TYPES.get(status, "server_error" if status >= 500 else "invalid_request_error")
    return {"error": {"message": for_http(message), "type": kind, "param": None, "code": code}}


def _type_name(exc: Exception) -> str:
    name = type(exc).__name__
    return "".join("_" + c.lower() if c.isupper() else c for c in name).lstrip("_")


def create_app(home: Path | None = None, *, kb: Path | None = None, host: str = "127.0.0.1",
               limits: ServerLimits | None = None) -> FastAPI:
    """The app for `$LUODI_HOME` (or `home`). `kb` is the knowledge base of tenant "default".

    Without any API key the server runs open (tenant "default", no auth) but only on a loopback
    address; once a key exists every request needs one.
    """
    home = Path(home) if home is not None else luodi_home()
    registry = TenantRegistry(home)
    open_ok = is_loopback(host)
    if not open_ok and not registry.has_keys():
        registry.close()
        raise ConfigError(
            f"refusing to serve {host} without API keys: anyone could read and change the "
            "knowledge base. Create a key (`luodi admin tenant create NAME`, then "
            "`luodi admin key create NAME --role admin`) or bind to 127.0.0.1.")
    limits = limits or ServerLimits.load(load_settings(kb).section("server"))
    st = ServerState(registry, LuodiPool(registry, Path(kb) if kb else None), limits,
                     RateLimiter(limits.rate_per_minute, limits.burst), Gate(limits.max_concurrent),
                     open_ok)

    @asynccontextmanager
    async def lifespan(app: FastAPI):
        yield
        st.close()

    app = FastAPI(title="Luodi", version=luodi.__version__, lifespan=lifespan,
                  description="Grounded answers from your own documents: cited, checked, metered. "
                              "Authenticate with `Authorization: Bearer <key>`.")
    app.state.luodi = st
    _install_error_handlers(app)

    from luodi.server import routes_ask, routes_documents, routes_memory, routes_misc, routes_tools

    for module in (routes_ask, routes_documents, routes_misc, routes_memory, routes_tools):
        app.include_router(module.router)
    _document_errors(app)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    @app.get("/", include_in_schema=False)
    async def index() -> FileResponse:
        return FileResponse(STATIC / "index.html", headers={"Cache-Control": "no-cache"})

    app.add_middleware(BodyLimitMiddleware, limits=limits)
    app.add_middleware(_SecurityHeaders)
    return app


def _document_errors(app: FastAPI) -> None:
    """Declare the error shape on every operation, the optional routers' included.

    Every error passes through the handlers below, so FastAPI's default 422 body
    (`HTTPValidationError`) never occurs; the document says what really comes back.
    """
    from fastapi.openapi.utils import get_openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(title=app.title, version=app.version, description=app.description,
                             routes=app.routes)
        body = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}
        for ops in schema.get("paths", {}).values():
            for op in ops.values():
                responses = op.setdefault("responses", {})
                for code, info in ERRORS.items():
                    current = responses.get(str(code), {})
                    ref = str(current.get("content", {}).get("application/json", {}).get("schema", {}))
                    if not current or "HTTPValidationError" in ref:
                        responses[str(code)] = {"description": info["description"], "content": body}
        app.openapi_schema = schema
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(LuodiError)
    async def luodi_error(request: Request, exc: LuodiError) -> JSONResponse:
        headers = {}
        if isinstance(exc, LimitExceeded) and exc.retry_after is not None:
            headers["Retry-After"] = str(int(exc.retry_after))
        if exc.http_status == 401:
            headers["WWW-Authenticate"] = "Bearer"
        kind = "rate_limit" if isinstance(exc, LimitExceeded) and exc.http_status == 429 else _type_name(exc)
        message = str(exc)
        if isinstance(exc, StoreError):  # names the database, its host or a path: the operator's
            _log.error("store error on %s %s: %s", request.method, request.url.path, message)
            message = "The knowledge base's store failed on this request; the server's log has the details."
        status = _status(request, exc.http_status)
        return JSONResponse(error_body(message, kind, status), status_code=status, headers=headers)

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        # a bug: the client still gets the error shape it parses (an OpenAI SDK cannot read
        # Starlette's plain-text page); the traceback goes to the log, not to the client
        return JSONResponse(error_body("The server failed on this request; its log has the details.",
                                       "server_error", 500), status_code=500)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":
            message = (f"no route {request.method} {request.url.path}: this server offers /v1/chat/"
                       "completions, /v1/models and the /api routes listed at /docs")
        elif exc.status_code == 405:
            message = f"{request.method} is not allowed on {request.url.path}; see /docs"
        return JSONResponse(error_body(message, "http_error", exc.status_code), status_code=exc.status_code,
                            headers=getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        parts = []
        for e in exc.errors()[:5]:
            where = ".".join(str(x) for x in e.get("loc", ()) if x != "body")
            parts.append(f"{where}: {e.get('msg', 'invalid')}" if where else str(e.get("msg", "invalid")))
        message = "invalid request: " + "; ".join(parts)
        if any(e.get("type") in ("model_attributes_type", "json_invalid", "dict_type") for e in exc.errors()[:5]):
            message += (" (send the body as JSON with the header `Content-Type: application/json`"
                        + _json_error(exc) + ")")
        status = _status(request, 422)
        return JSONResponse(error_body(message, "invalid_request", status), status_code=status)


def _json_error(exc: RequestValidationError) -> str:
    """Where the body stopped being JSON, when it did (FastAPI says only "JSON decode error")."""
    for e in exc.errors()[:5]:
        if e.get("type") == "json_invalid":
            return f"; the JSON breaks at character {e['loc'][-1]}: {e.get('ctx', {}).get('error', '')}"
    return ""


def _status(request: Request, status: int) -> int:
    """Invalid input is a 422 on the native API and a 400 on the OpenAI-compatible one, where
    OpenAI's clients expect it (their SDKs raise BadRequestError for it)."""
    return 400 if status == 422 and request.url.path.startswith("/v1/") else status


class _SecurityHeaders:
    """The page runs no inline script and loads nothing from elsewhere; say so to the browser."""

    CSP = (b"default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
           b"connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'")

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(msg: dict[str, Any]) -> None:
            if msg["type"] == "http.response.start":
                headers = list(msg.get("headers", []))
                headers += [(b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer")]
                if not scope["path"].startswith(("/docs", "/redoc")):
                    headers.append((b"content-security-policy", self.CSP))
                msg = {**msg, "headers": headers}
            await send(msg)

        await self.app(scope, receive, send_with_headers)
