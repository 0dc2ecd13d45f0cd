"""The one door for outbound HTTP.

Every request Luodi makes (model endpoints, fetched URLs) goes through `guarded_request`, so the
rules live in one place: only http(s), and no private, loopback or link-local address unless the
operator named that host in the configuration. This keeps a URL taken from a document or a user
from reaching services behind the firewall (SSRF).
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from luodi.errors import ConfigError, InputError

ALLOWED_SCHEMES = ("http", "https")


def _addresses(host: str, port: int) -> list[ipaddress.IPv4Address | ipaddress.IPv6Address]:
    try:
        return [ipaddress.ip_address(host.strip("[]"))]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except socket.gaierror as exc:
        raise InputError(f"Cannot resolve host {host!r}: {exc}. Check the URL.") from exc
    return [ipaddress.ip_address(info[4][0].split("%")[0]) for info in infos]


def _is_internal(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    if isinstance(addr, ipaddress.IPv6Address) and addr.ipv4_mapped is not None:
        addr = addr.ipv4_mapped
    return (
        addr.is_private
        or addr.is_loopback
        or addr.is_link_local
        or addr.is_reserved
        or addr.is_multicast
        or addr.is_unspecified
    )


def check_url(url: str, allow_hosts: Iterable[str] = ()) -> str:
    """Return the URL's host if Luodi may contact it; raise InputError/ConfigError otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise InputError(f"Refusing {url!r}: only http:// and https:// URLs are allowed.")
    host = (parts.hostname or "").lower()
    if not host:
        raise InputError(f"Refusing {url!r}: the URL has no host.")
    allowed = {h.lower() for h in allow_hosts}
    if host in allowed:
        return host
    port = parts.port or (443 if parts.scheme.lower() == "https" else 80)
    internal = [str(a) for a in _addresses(host, port) if _is_internal(a)]
    if internal:
        raise ConfigError(
            f"Refusing {url!r}: {host} resolves to a private or loopback address "
            f"({', '.join(sorted(set(internal)))}). If this server is yours, add {host!r} to "
            "allow_hosts in the configuration."
        )
    return host


def guarded_client(**kw: Any) -> Any:
    """An `httpx.Client` for `guarded_request`: redirects are not followed (each hop must be checked)
    and proxy settings in the environment are ignored (a proxy would reach what the check refused).
    The CA certificates named by SSL_CERT_FILE / SSL_CERT_DIR are trusted, as curl and pip trust
    them: a company whose proxy re-signs TLS names its certificate there."""
    import httpx

    cafile, capath = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    if cafile or capath:
        kw.setdefault("verify", ssl.create_default_context(cafile=cafile or None, capath=capath or None))
    return httpx.Client(trust_env=False, follow_redirects=False, **kw)


def guarded_request(
    method: str,
    url: str,
    *,
    allow_hosts: Iterable[str] = (),
    client: Any = None,
    stream: bool = False,
    **kw: Any,
) -> Any:
    """Send one HTTP request after `check_url`; returns an `httpx.Response`.

    With `stream=True` the body is not read: the caller must call `response.close()`.
    `client` is an optional client from `guarded_client` for connection reuse; other keyword arguments
    go to `httpx.Client.build_request` (json, headers, timeout, ...).
    """
    check_url(url, allow_hosts)
    own = client is None
    if own:
        client = guarded_client()
    try:
        request = client.build_request(method, url, **kw)
        response = client.send(request, stream=stream)
    except BaseException:
        if own:
            client.close()
        raise
    if own and not stream:
        client.close()
    elif own:
        # Close the private client together with the streamed response.
        original_close = response.close

        def close() -> None:
            original_close()
            client.close()

        response.close = close  # type: ignore[method-assign]
    return response
