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
        "http://100.100.100.200/latest/meta-data/",  # carrier-grade NAT: a cloud's metadata service
        "http://[2002:7f00:1::]/",  # 6to4 around 127.0.0.1
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


def _self_signed(tmp_path):
    """A certificate for 127.0.0.1 (and shop.example) signed by itself, as a TLS-inspecting company
    proxy presents."""
    import datetime
    import ipaddress

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "luodi test proxy")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(now - datetime.timedelta(days=1)).not_valid_after(now + datetime.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1")),
                                                         x509.DNSName("shop.example")]), False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), True)
            .sign(key, hashes.SHA256()))
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_file, key_file


def test_the_certificates_named_by_ssl_cert_file_are_trusted(tmp_path, monkeypatch, web_server):
    import ssl

    base, routes = web_server
    routes["/"] = (200, {"Content-Type": "text/plain"}, b"hello")
    cert_file, key_file = _self_signed(tmp_path)
    server = web_server.server
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    url = base.replace("http://", "https://") + "/"
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    with pytest.raises(Exception, match="CERTIFICATE_VERIFY_FAILED"):
        guarded_request("GET", url, allow_hosts=["127.0.0.1"], timeout=10)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    assert guarded_request("GET", url, allow_hosts=["127.0.0.1"], timeout=10).text == "hello"


def test_a_name_that_rebinds_to_an_internal_address_reaches_nothing(monkeypatch, web_server):
    # DNS rebinding: the name resolves to a public address for the check and to loopback a moment
    # later, when the connection is opened. The connection goes to the checked address or nowhere.
    import socket

    base, routes = web_server
    port = int(base.rsplit(":", 1)[1])
    routes["/"] = (200, {"Content-Type": "text/plain"}, b"internal secret")
    real = socket.getaddrinfo
    first = iter(["93.184.216.34"])

    def rebinding(host, *args, **kw):
        if host == "rebind.example":
            address = next(first, "127.0.0.1")
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (address, port))]
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", rebinding)
    with pytest.raises(ConfigError, match="the connection to rebind.example.*127.0.0.1"):
        guarded_request("GET", f"http://rebind.example:{port}/", timeout=5)
    assert web_server.hits == []
    # a host the operator allowed is connected to by name, as before
    monkeypatch.setattr(socket, "getaddrinfo", real)
    assert guarded_request("GET", base + "/", allow_hosts=["127.0.0.1"], timeout=5).text == "internal secret"
    assert web_server.hits == ["/"]


def test_a_connection_to_the_checked_address_still_verifies_tls_for_the_name(tmp_path, monkeypatch, web_server):
    # The pinned connection goes to an address, but TLS must still be checked against the URL's
    # name (SNI and the certificate's names), not against the address.
    import socket
    import ssl

    import luodi.net

    base, routes = web_server
    port = int(base.rsplit(":", 1)[1])
    routes["/"] = (200, {"Content-Type": "text/plain"}, b"shop")
    cert_file, key_file = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    web_server.server.socket = context.wrap_socket(web_server.server.socket, server_side=True)
    real = socket.getaddrinfo

    def shop(host, *args, **kw):
        if host == "shop.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", ("127.0.0.1", port))]
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", shop)
    monkeypatch.setattr(luodi.net, "_is_internal", lambda address: False)  # play a public server
    monkeypatch.setenv("SSL_CERT_FILE", str(cert_file))
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    assert guarded_request("GET", f"https://shop.example:{port}/", timeout=10).text == "shop"


def test_each_checked_address_is_tried_in_turn(monkeypatch, web_server):
    # A name with two addresses where the first refuses connections: a plain connect tries the
    # next one, and so must the pinned connection.
    import socket

    import luodi.net

    base, routes = web_server
    port = int(base.rsplit(":", 1)[1])
    routes["/"] = (200, {"Content-Type": "text/plain"}, b"second")
    real = socket.getaddrinfo

    def two(host, *args, **kw):
        if host == "two.example":
            return [(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP, "", (ip, port))
                    for ip in ("127.0.0.2", "127.0.0.1")]  # nothing listens on 127.0.0.2
        return real(host, *args, **kw)

    monkeypatch.setattr(socket, "getaddrinfo", two)
    monkeypatch.setattr(luodi.net, "_is_internal", lambda address: False)  # play public addresses
    assert guarded_request("GET", f"http://two.example:{port}/", timeout=5).text == "second"
