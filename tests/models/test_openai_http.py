"""The OpenAI-compatible backend against a local fake server (never the internet)."""

from __future__ import annotations

import threading
import time

import pytest

from luodi.errors import ConfigError, ModelError
from luodi.models.base import ModelUsage
from luodi.models.openai_http import OpenAIHTTPModel, retry_after_seconds

MSGS = [{"role": "system", "content": "Be brief."}, {"role": "user", "content": "Hi?"}]


def model(server, **kw) -> OpenAIHTTPModel:
    kw.setdefault("allow_hosts", ["127.0.0.1"])
    kw.setdefault("backoff_s", 0.01)
    return OpenAIHTTPModel(server.base_url, "test-model", **kw)


def test_plain_completion_reports_server_usage(openai_server):
    openai_server.queue(text="Hello there", usage={"prompt_tokens": 17, "completion_tokens": 2})
    c = model(openai_server).complete(MSGS, max_tokens=20, stop=["\n"])
    assert (c.text, c.tokens_in, c.tokens_out, c.model) == ("Hello there", 17, 2, "test-model")
    assert c.latency_ms > 0 and c.finish_reason == "stop"
    sent = openai_server.requests[0]
    assert sent["path"] == "/v1/chat/completions"
    assert sent["json"]["max_tokens"] == 20 and sent["json"]["stop"] == ["\n"]
    assert sent["json"]["messages"] == MSGS
    assert "Authorization" not in sent["headers"]


def test_api_key_comes_from_the_named_environment_variable(openai_server, monkeypatch):
    monkeypatch.setenv("LUODI_TEST_KEY", "sk-secret")
    openai_server.queue(text="ok")
    model(openai_server, api_key_env="LUODI_TEST_KEY").complete(MSGS)
    assert openai_server.requests[0]["headers"]["Authorization"] == "Bearer sk-secret"


def test_missing_api_key_says_what_to_export(openai_server, monkeypatch):
    monkeypatch.delenv("LUODI_TEST_KEY", raising=False)
    with pytest.raises(ConfigError, match="export LUODI_TEST_KEY"):
        model(openai_server, api_key_env="LUODI_TEST_KEY").complete(MSGS)
    assert openai_server.requests == []


def test_json_schema_is_sent_as_response_format(openai_server):
    schema = {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]}
    openai_server.queue(text='{"a": 1}')
    c = model(openai_server).complete(MSGS, json_schema=schema)
    assert c.text == '{"a": 1}'
    fmt = openai_server.requests[0]["json"]["response_format"]
    assert fmt["type"] == "json_schema" and fmt["json_schema"]["schema"] == schema


def test_streaming_yields_pieces_then_usage(openai_server):
    openai_server.queue(text="one two three", usage={"prompt_tokens": 9, "completion_tokens": 3})
    items = list(model(openai_server).stream(MSGS))
    assert "".join(i for i in items if isinstance(i, str)) == "one two three"
    usage = items[-1]
    assert isinstance(usage, ModelUsage)
    assert (usage.tokens_in, usage.tokens_out, usage.finish_reason) == (9, 3, "stop")
    assert openai_server.requests[0]["json"]["stream_options"] == {"include_usage": True}


def test_streaming_without_server_usage_estimates_and_says_so(openai_server):
    openai_server.queue(text="alpha beta", usage=None)
    usage = list(model(openai_server).stream(MSGS))[-1]
    assert usage.tokens_out > 0 and "usage estimated" in usage.note


def test_cancel_stops_the_stream_between_tokens(openai_server):
    openai_server.queue(text=" ".join(f"w{i}" for i in range(50)))
    cancel = threading.Event()
    pieces = []
    for item in model(openai_server).stream(MSGS, cancel=cancel):
        if isinstance(item, str):
            pieces.append(item)
            if len(pieces) == 3:
                cancel.set()
        else:
            usage = item
    assert len(pieces) == 3 and usage.finish_reason == "cancelled"


def test_429_is_retried_honouring_retry_after(openai_server):
    openai_server.queue(status=429, headers={"Retry-After": "0.2"})
    openai_server.queue(status=503)
    openai_server.queue(text="finally")
    start = time.perf_counter()
    c = model(openai_server, max_retries=3).complete(MSGS)
    assert c.text == "finally" and len(openai_server.requests) == 3
    assert time.perf_counter() - start >= 0.2


def test_retries_give_up_with_a_clear_error(openai_server):
    for _ in range(3):
        openai_server.queue(status=500)
    with pytest.raises(ModelError, match="HTTP 500"):
        model(openai_server, max_retries=2).complete(MSGS)
    assert len(openai_server.requests) == 3


def test_client_errors_are_not_retried(openai_server):
    openai_server.queue(status=400, body='{"error": "bad model"}')
    with pytest.raises(ModelError, match="bad model"):
        model(openai_server).complete(MSGS)
    assert len(openai_server.requests) == 1


def test_timeout_raises_model_error(openai_server):
    openai_server.queue(text="late", delay_s=1.0)
    start = time.perf_counter()
    with pytest.raises(ModelError, match="did not answer within"):
        model(openai_server, timeout=0.2).complete(MSGS)
    assert time.perf_counter() - start < 0.9


def test_loopback_is_refused_unless_allowed(openai_server):
    with pytest.raises(ConfigError, match="allow_hosts"):
        OpenAIHTTPModel(openai_server.base_url, "m").complete(MSGS)
    assert openai_server.requests == []


@pytest.mark.parametrize(
    "value,expected",
    [("3", 3.0), ("0", 0.0), (None, None), ("soon", None), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_parsing(value, expected):
    assert retry_after_seconds(value) == expected
