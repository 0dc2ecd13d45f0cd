"""The single outbound-HTTP door refuses other schemes and internal addresses."""

from __future__ import annotations

import pytest

from luodi.errors import ConfigError, InputError
from luodi.net import check_url, guarded_request


@pytest.mark.parametrize(
    "url",
    ["file:///etc/passwd", "ftp://example.com/x", "gopher://a", "http://", "javascript:alert(1)"],
)
def test_other_schemes_are_refused(url):
    with pytest.raises(InputError):
        check_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8000/v1",
        "http://localhost/x",
        "http://10.1.2.3/",
        "http://192.168.0.1/",
        "http://[::1]/",
        "http://169.254.169.254/latest/meta-data",
        "http://0.0.0.0/",
        "http://[::ffff:127.0.0.1]/",
    ],
)
def test_internal_addresses_are_refused(url):
    with pytest.raises(ConfigError, match="allow_hosts"):
        check_url(url)


def test_explicitly_allowed_hosts_pass():
    assert check_url("http://127.0.0.1:9/v1", ["127.0.0.1"]) == "127.0.0.1"
    assert check_url("http://LocalHost:11434/v1", ["localhost"]) == "localhost"


def test_public_literal_address_passes_without_dns():
    assert check_url("https://8.8.8.8/") == "8.8.8.8"


def test_guarded_request_checks_before_sending(openai_server):
    with pytest.raises(ConfigError):
        guarded_request("POST", openai_server.base_url + "/chat/completions", json={})
    assert openai_server.requests == []
    openai_server.queue(text="ok")
    r = guarded_request(
        "POST",
        openai_server.base_url + "/chat/completions",
        allow_hosts=["127.0.0.1"],
        json={"messages": []},
    )
    assert r.status_code == 200 and r.json()["choices"][0]["message"]["content"] == "ok"
    openai_server.queue(text="a b")
    r = guarded_request(
        "POST",
        openai_server.base_url + "/chat/completions",
        allow_hosts=["127.0.0.1"],
        stream=True,
        json={"stream": True},
    )
    try:
        assert any(line.startswith("data:") for line in r.iter_lines())
    finally:
        r.close()
