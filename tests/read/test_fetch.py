"""Reading by URL (luodi.read.fetch): through the guarded door, every redirect hop checked,
the reader chosen by Content-Type, the size limit kept while downloading."""

from __future__ import annotations

import pytest

from luodi.errors import ConfigError, InputError
from luodi.read.fetch import fetch, is_url, read_url, source_uri

HTML = "text/html; charset=utf-8"
PAGE = "<html><head><title>运费说明</title></head><body><article><p>首重12元，续重每公斤5元。</p></article></body></html>"
LOCAL = ("127.0.0.1",)


def test_urls_are_told_from_paths():
    assert is_url("https://example.com/a") and is_url(" HTTP://example.com")
    assert not is_url("docs/http.md") and not is_url("ftp://example.com/a")
    assert source_uri("https://example.com/a#part-2") == "https://example.com/a"


def test_a_page_is_read_by_its_content_type(web_server):
    base, routes = web_server
    routes["/rates"] = (200, {"Content-Type": HTML}, PAGE.encode())
    raw = read_url(f"{base}/rates", max_bytes=10_000, allow_hosts=LOCAL)
    assert raw.format == "html" and raw.uri == f"{base}/rates" and "续重每公斤5元" in raw.text
    routes["/gbk"] = (200, {"Content-Type": "text/plain"}, "冷链件全程2℃至8℃。".encode("gb18030"))
    assert "2℃至8℃" in read_url(f"{base}/gbk", max_bytes=10_000, allow_hosts=LOCAL).text
    routes["/notes.md"] = (200, {"Content-Type": "application/octet-stream"}, b"# Notes\n\nCut-off 18:00.\n")
    assert fetch(f"{base}/notes.md", max_bytes=10_000, allow_hosts=LOCAL).name == "notes.md"


def test_redirects_are_followed_and_each_hop_is_checked(web_server):
    base, routes = web_server
    routes["/rates"] = (200, {"Content-Type": HTML}, PAGE.encode())
    routes["/old"] = (301, {"Location": "/rates"}, b"")
    assert fetch(f"{base}/old", max_bytes=10_000, allow_hosts=LOCAL).url == f"{base}/rates"
    routes["/escape"] = (302, {"Location": "http://169.254.169.254/latest/meta-data"}, b"")
    with pytest.raises(ConfigError, match="private or loopback"):
        fetch(f"{base}/escape", max_bytes=10_000, allow_hosts=LOCAL)
    routes["/loop"] = (302, {"Location": "/loop"}, b"")
    with pytest.raises(InputError, match="redirects"):
        fetch(f"{base}/loop", max_bytes=10_000, allow_hosts=LOCAL)


def test_bad_answers_get_errors_that_say_what_to_do(web_server):
    base, routes = web_server
    with pytest.raises(ConfigError, match="allow_hosts"):  # loopback needs the operator's say-so
        fetch(f"{base}/rates", max_bytes=10_000)
    with pytest.raises(InputError, match="HTTP 404"):
        fetch(f"{base}/missing", max_bytes=10_000, allow_hosts=LOCAL)
    routes["/logo"] = (200, {"Content-Type": "image/png"}, b"\x89PNG....")
    with pytest.raises(InputError, match="image/png; Luodi reads HTML"):
        fetch(f"{base}/logo", max_bytes=10_000, allow_hosts=LOCAL)
    routes["/big"] = (200, {"Content-Type": "text/plain"}, b"x" * 50_000)
    with pytest.raises(InputError, match="over the"):
        fetch(f"{base}/big", max_bytes=10_000, allow_hosts=LOCAL)
    with pytest.raises(InputError, match="only http"):
        fetch("file:///etc/passwd", max_bytes=10_000)
    closed = base.rsplit(":", 1)[0] + ":9"  # the discard port: nothing listens
    with pytest.raises(InputError, match="could not fetch"):
        fetch(closed + "/x", max_bytes=10_000, allow_hosts=LOCAL)
