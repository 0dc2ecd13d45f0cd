"""The scripted fake model: queued replies, exact usage, call log, cancellation."""

from __future__ import annotations

import threading

import pytest

from luodi.errors import ModelError
from luodi.models.base import ModelUsage
from luodi.models.fake import FakeModel

MSGS = [{"role": "user", "content": "hello"}]


def test_replies_come_in_order_with_reported_usage():
    m = FakeModel(["first", {"answer": "运费"}], tokens_in=100, tokens_out=7)
    a = m.complete(MSGS)
    b = m.complete(MSGS, json_schema={"type": "object"})
    assert (a.text, a.tokens_in, a.tokens_out) == ("first", 100, 7)
    assert b.text == '{"answer": "运费"}'
    assert len(m.calls) == 2 and m.calls[1]["json_schema"] == {"type": "object"}


def test_empty_queue_is_an_error_unless_a_default_is_set():
    with pytest.raises(ModelError, match="queue"):
        FakeModel().complete(MSGS)
    assert FakeModel(default="x").complete(MSGS).text == "x"


def test_scripted_exceptions_are_raised():
    m = FakeModel([ModelError("server down"), "ok"])
    with pytest.raises(ModelError, match="server down"):
        m.complete(MSGS)
    assert m.complete(MSGS).text == "ok"


def test_max_tokens_and_stop_cut_the_reply():
    m = FakeModel(["abcdef", "one\ntwo"])
    a = m.complete(MSGS, max_tokens=3)
    assert (a.text, a.finish_reason, a.tokens_out) == ("abc", "length", 3)
    assert m.complete(MSGS, stop=["\n"]).text == "one"


def test_stream_ends_with_usage_and_honours_cancel():
    m = FakeModel(["abcdefgh"])
    cancel = threading.Event()
    seen = []
    for item in m.stream(MSGS, cancel=cancel):
        if isinstance(item, ModelUsage):
            usage = item
        else:
            seen.append(item)
            if len(seen) == 2:
                cancel.set()
    assert seen == ["a", "b"]
    assert usage.finish_reason == "cancelled" and usage.tokens_out == 2
