"""The HTTP API and web page (`luodi serve`). Needs the `server` extra (FastAPI, uvicorn)."""

from __future__ import annotations

from typing import Any


def create_app(*args: Any, **kwargs: Any):
    """See `luodi.server.app.create_app`; imported lazily so `luodi` works without FastAPI."""
    try:
        from luodi.server.app import create_app as make
    except ModuleNotFoundError as exc:
        if exc.name in ("fastapi", "starlette", "multipart", "python_multipart"):
            from luodi.errors import MissingExtra

            raise MissingExtra(exc.name, "server") from exc
        raise
    return make(*args, **kwargs)
