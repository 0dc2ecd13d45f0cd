"""Schema validation and webhook tools (through the guarded outbound function)."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from luodi.errors import ConfigError
from luodi.tools.registry import ToolContext, validate, webhook

SCHEMA = {"type": "object", "required": ["a"], "additionalProperties": False,
          "properties": {"a": {"type": "string", "pattern": r"^\d+$"}, "n": {"type": "number", "minimum": 0},
                         "k": {"type": "string", "enum": ["x", "y"]}}}


@pytest.mark.parametrize("value,ok", [
    ({"a": "12"}, True), ({"a": "12", "n": 1.5, "k": "x"}, True), ({}, False), ({"a": "x1"}, False),
    ({"a": "1", "n": -1}, False), ({"a": "1", "k": "z"}, False), ({"a": "1", "extra": 1}, False),
    ({"a": "1", "n": True}, False),
])
def test_validate(value, ok):
    assert (validate(SCHEMA, value) == []) is ok


@pytest.fixture
def hook():
    seen = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *a):
            pass

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            seen.append((dict(self.headers), body))
            data = json.dumps({"ok": True}).encode()
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hook", seen
    server.shutdown()
    server.server_close()


def test_webhook_posts_with_idempotency_key(hook):
    url, seen = hook
    impl = webhook(url, allow_hosts=["127.0.0.1"])
    assert impl(ToolContext("tc_1", "t:tc_1"), {"x": 1}) == {"ok": True}
    headers, body = seen[0]
    assert headers["Idempotency-Key"] == "t:tc_1" and body["arguments"] == {"x": 1}


def test_webhook_to_internal_address_refused_without_allow(hook):
    url, seen = hook
    with pytest.raises(ConfigError):
        webhook(url)(ToolContext("tc_1", "k"), {})
    assert seen == []
