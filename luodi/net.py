"""The one door for outbound HTTP.

Every request Luodi makes (model endpoints, fetched URLs) goes through `guarded_request`, so the
rules live in one place: only http(s), and no private, loopback or link-local address unless the
operator named that host in the configuration. This keeps a URL taken from a document or a user
from reaching services behind the firewall (SSRF). The address is checked twice: before the
request, for a clear error, and again when the connection is opened, which then goes to the very
address that was checked, so a name that resolves to a public address for the check and to an
internal one a moment later (DNS rebinding) reaches nothing.
"""

from __future__ import annotations

import ipaddress
import os
import socket
import ssl
from collections.abc import Iterable
from contextvars import ContextVar
from typing import Any
from urllib.parse import urlsplit

from luodi.errors import ConfigError, InputError

ALLOWED_SCHEMES = ("http", "https")
# The hosts the request being sent may reach on an internal address (its allow_hosts).
_ALLOWED: ContextVar[frozenset[str]] = ContextVar("luodi_allowed_hosts", default=frozenset())


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
    """Anything but a globally routable address: private, loopback and link-local ones, and also
    carrier-grade NAT (100.64.0.0/10, where some clouds serve instance metadata) and the IPv4
    address inside a 6to4 or Teredo address."""
    if isinstance(addr, ipaddress.IPv6Address):
        inner = addr.ipv4_mapped or addr.sixtofour or (addr.teredo[1] if addr.teredo else None)
        if inner is not None and _is_internal(inner):
            return True
        if addr.ipv4_mapped is not None:
            addr = addr.ipv4_mapped
    return not addr.is_global or addr.is_multicast


def check_url(url: str, allow_hosts: Iterable[str] = ()) -> str:
    """Return the URL's host if Luodi may contact it; raise InputError/ConfigError otherwise."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in ALLOWED_SCHEMES:
        raise InputError(f"Refusing {url!r}: only http:// and https:// URLs are allowed.")
    host = (parts.hostname or "").lower()
    if not host:
        raise InputError(f"Refusing {url!r}: the URL has no host.")
    if host in {h.lower() for h in allow_hosts}:
        return host
    _public_addresses(host, parts.port or (443 if parts.scheme.lower() == "https" else 80), repr(url))
    return host


def _public_addresses(host: str, port: int, what: str) -> list[str]:
    """The addresses of `host`, after checking that none of them is internal."""
    addresses = _addresses(host, port)
    internal = [str(a) for a in addresses if _is_internal(a)]
    if internal:
        raise ConfigError(
            f"Refusing {what}: {host} resolves to a private or loopback address "
            f"({', '.join(sorted(set(internal)))}). If this server is yours, add {host!r} to "
            "allow_hosts in the configuration."
        )
    return list(dict.fromkeys(str(a) for a in addresses))


def _pinned_backend() -> Any:
    """httpcore's network backend, connecting only to an address it has just checked."""
    import httpcore

    class PinnedBackend(httpcore.SyncBackend):
        def connect_tcp(self, host: str, port: int, *args: Any, **kw: Any) -> Any:
            if host.lower() in _ALLOWED.get():
                return super().connect_tcp(host, port, *args, **kw)
            # each checked address in turn, as a plain connect tries every address of a name
            addresses = _public_addresses(host, port, f"the connection to {host}")
            for address in addresses[:-1]:
                try:
                    return super().connect_tcp(address, port, *args, **kw)
                except (httpcore.ConnectError, httpcore.ConnectTimeout):
                    continue
            return super().connect_tcp(addresses[-1], port, *args, **kw)

    return PinnedBackend()


def guarded_client(**kw: Any) -> Any:
    """An `httpx.Client` for `guarded_request`: redirects are not followed (each hop must be checked)
    and proxy settings in the environment are ignored (a proxy would reach what the check refused).
    The CA certificates named by SSL_CERT_FILE / SSL_CERT_DIR are trusted, as curl and pip trust
    them: a company whose proxy re-signs TLS names its certificate there."""
    import httpx

    cafile, capath = os.environ.get("SSL_CERT_FILE"), os.environ.get("SSL_CERT_DIR")
    verify = kw.pop("verify", True)
    if (cafile or capath) and verify is True:
        verify = ssl.create_default_context(cafile=cafile or None, capath=capath or None)
    transport = httpx.HTTPTransport(verify=verify)
    # httpx has no public hook for how a connection's address is found; its pool takes a backend.
    transport._pool._network_backend = _pinned_backend()
    return httpx.Client(trust_env=False, follow_redirects=False, transport=transport, **kw)


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
    allowed = _ALLOWED.set(frozenset(h.lower() for h in allow_hosts))
    try:
        request = client.build_request(method, url, **kw)
        response = client.send(request, stream=stream)
    except BaseException:
        if own:
            client.close()
        raise
    finally:
        _ALLOWED.reset(allowed)
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
