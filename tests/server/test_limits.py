"""Limits: body size (413), question length (422), rate per key (429), concurrent answers (503)."""

from __future__ import annotations

import pytest

from luodi.errors import ConfigError
from luodi.server.limits import Gate, LimitExceeded, RateLimiter, ServerLimits, TokenBucket


class Clock:
    def __init__(self) -> None:
        self.t = 0.0

    def __call__(self) -> float:
        return self.t


def test_token_bucket_refills_at_its_rate():
    clock = Clock()
    bucket = TokenBucket(rate=2.0, burst=2, clock=clock)
    assert [bucket.take() for _ in range(2)] == [0.0, 0.0]
    assert bucket.take() == pytest.approx(0.5)
    clock.t = 0.5
    assert bucket.take() == 0.0


def test_rate_limiter_is_per_key_and_says_when_to_retry():
    limiter = RateLimiter(per_minute=60, burst=1, clock=Clock())
    limiter.check("a")
    limiter.check("b")
    with pytest.raises(LimitExceeded) as exc:
        limiter.check("a")
    assert exc.value.http_status == 429 and exc.value.retry_after == 1
    assert "60 requests a minute" in str(exc.value)
    RateLimiter(per_minute=0, burst=1).check("a")  # 0 = off


def test_gate_refuses_past_its_limit_and_releases():
    gate = Gate(1)
    with gate:
        with pytest.raises(LimitExceeded) as exc, gate:
            pass
        assert exc.value.http_status == 503 and "busy" in str(exc.value)
    with gate:
        assert gate.active == 1
    assert gate.active == 0


@pytest.mark.parametrize("section, env, expect", [
    ({}, {}, ServerLimits()),
    ({"rate_per_minute": 10, "burst": 3}, {}, ServerLimits(rate_per_minute=10.0, burst=3)),
    ({"burst": 3}, {"LUODI_SERVER_BURST": "7"}, ServerLimits(burst=7)),
    ({}, {"LUODI_SERVER_MAX_BODY_KB": "1.5"}, ServerLimits(max_body_kb=1.5)),
])
def test_limits_from_config_then_environment(section, env, expect):
    assert ServerLimits.load(section, env) == expect


@pytest.mark.parametrize("env", [{"LUODI_SERVER_BURST": "many"}, {"LUODI_SERVER_BURST": "-1"}])
def test_bad_limits_are_config_errors(env):
    with pytest.raises(ConfigError):
        ServerLimits.load({}, env)


@pytest.fixture(scope="module")
def tight(home):
    from fastapi.testclient import TestClient

    from luodi.server import create_app

    limits = ServerLimits(max_body_kb=2, max_upload_mb=0.01, max_question_chars=50,
                          rate_per_minute=60, burst=3, max_concurrent=1)
    with TestClient(create_app(home.path, limits=limits)) as c:
        yield c


def test_body_too_large_is_413(tight, home):
    r = tight.post("/api/ask", json={"question": "x" * 5000}, headers=home.auth("acme_user"))
    assert r.status_code == 413
    assert r.json()["error"] == {"message": "request body too large: at most 2 KB per request",
                                 "type": "invalid_request_error", "param": None,
                                 "code": "payload_too_large"}


def test_streamed_body_without_length_is_413(tight, home):
    def body():
        for _ in range(10):
            yield b"x" * 1024

    r = tight.post("/api/ask", content=body(), headers=home.auth("acme_admin") | {"content-type": "application/json"})
    assert r.status_code == 413


def test_upload_limit_is_separate(tight, home):
    r = tight.post("/api/documents", headers=home.auth("globex_admin"),
                   files=[("files", ("big.txt", b"a" * 80_000, "text/plain"))])
    assert r.status_code == 413 and "MB per upload" in r.json()["error"]["message"]


def test_question_too_long_is_422(tight, home):
    r = tight.post("/api/ask", json={"question": "运费" * 30}, headers=home.auth("globex_admin"))
    assert r.status_code == 422 and "limit is 50" in r.json()["error"]["message"]


def test_rate_limit_is_429_with_retry_after(tight, home):
    codes = [tight.get("/api/documents", headers=home.auth("globex_admin")).status_code for _ in range(6)]
    assert codes[:2] == [200, 200] and codes[-1] == 429
    r = tight.get("/api/documents", headers=home.auth("globex_admin"))
    assert r.status_code == 429 and int(r.headers["retry-after"]) >= 1
    assert r.json()["error"]["type"] == "rate_limit_error"


def test_concurrent_generations_are_503(tight, home):
    gate = tight.app.state.luodi.gate
    with gate:  # one answer in progress elsewhere
        r = tight.post("/api/ask", json={"question": "运费多少"}, headers=home.auth("acme_admin"))
    assert r.status_code == 503 and "busy" in r.json()["error"]["message"]
    assert r.headers["retry-after"] == "1"
