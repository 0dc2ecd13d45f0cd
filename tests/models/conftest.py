"""Fixtures for model tests: a tiny OpenAI-compatible server (scripted replies, recorded
requests) on 127.0.0.1 with a random port."""

from __future__ import annotations

import json
import sys
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Reply:
    status: int = 200
    text: str = "ok"
    headers: dict = field(default_factory=dict)
    delay_s: float = 0.0
    usage: dict | None = field(
        default_factory=lambda: {"prompt_tokens": 11, "completion_tokens": 3}
    )
    body: str | None = None  # raw body overrides everything


class FakeOpenAI:
    def __init__(self) -> None:
        self.replies: deque[Reply] = deque()
        self.requests: list[dict] = []
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # keep test output quiet
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length) or b"{}")
                outer.requests.append(
                    {"path": self.path, "headers": dict(self.headers), "json": body}
                )
                reply = outer.replies.popleft() if outer.replies else Reply()
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                if reply.status != 200 or reply.body is not None:
                    data = (reply.body or json.dumps({"error": "scripted"})).encode()
                    self.send_response(reply.status)
                    for k, v in reply.headers.items():
                        self.send_header(k, v)
                    self.send_header("Content-Length", str(len(data)))
                    self.end_headers()
                    self.wfile.write(data)
                    return
                if body.get("stream"):
                    self.send_response(200)
                    self.send_header("Content-Type", "text/event-stream")
                    self.end_headers()
                    words = reply.text.split(" ")
                    for i, word in enumerate(words):
                        piece = word if i == 0 else " " + word
                        event = {
                            "model": "served-name",
                            "choices": [
                                {"index": 0, "delta": {"content": piece}, "finish_reason": None}
                            ],
                        }
                        self.wfile.write(f"data: {json.dumps(event)}\n\n".encode())
                        self.wfile.flush()
                        time.sleep(0.01)
                    final = {"choices": [{"index": 0, "delta": {}, "finish_reason": "stop"}]}
                    self.wfile.write(f"data: {json.dumps(final)}\n\n".encode())
                    if reply.usage and (body.get("stream_options") or {}).get("include_usage"):
                        self.wfile.write(
                            f"data: {json.dumps({'choices': [], 'usage': reply.usage})}\n\n".encode()
                        )
                    self.wfile.write(b"data: [DONE]\n\n")
                    return
                payload = {
                    "model": "served-name",
                    "choices": [
                        {
                            "index": 0,
                            "message": {"role": "assistant", "content": reply.text},
                            "finish_reason": "stop",
                        }
                    ],
                }
                if reply.usage:
                    payload["usage"] = reply.usage
                data = json.dumps(payload).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        class Server(ThreadingHTTPServer):
            def handle_error(self, request, client_address):
                # a client that cancels a stream hangs up mid-reply; anything else is reported
                if not isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError)):
                    super().handle_error(request, client_address)

        self.server = Server(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.thread = threading.Thread(target=self.server.serve_forever, args=(0.02,), daemon=True)

    def queue(self, **kw) -> FakeOpenAI:
        self.replies.append(Reply(**kw))
        return self

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/v1"

    def __enter__(self) -> FakeOpenAI:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def openai_server():
    with FakeOpenAI() as server:
        yield server
