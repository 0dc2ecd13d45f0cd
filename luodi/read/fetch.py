"""Web pages and files by URL, fetched through the one guarded door (`luodi.net`).

Every hop of a redirect is checked again, so a public page cannot redirect the fetch to an
address behind the firewall. The body is read in pieces and refused past the size limit, and
the reader is chosen by the Content-Type the server sends (the URL's extension when the type says
nothing useful), since many pages have no extension at all.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import PurePosixPath
from urllib.parse import urldefrag, urlsplit

from luodi.errors import InputError
from luodi.read import FORMATS, read_bytes, too_big
from luodi.types import RawDocument

MAX_REDIRECTS = 5
TIMEOUT_S = 30.0
_BY_TYPE = {
    "text/html": ".html",
    "application/xhtml+xml": ".html",
    "text/plain": ".txt",
    "text/markdown": ".md",
    "text/x-markdown": ".md",
    "application/pdf": ".pdf",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}
_UNTYPED = ("", "application/octet-stream", "binary/octet-stream")


@dataclass(frozen=True)
class Fetched:
    url: str  # where the body came from, after redirects
    data: bytes
    name: str  # a file name whose extension picks the reader (luodi.read)


def is_url(source: object) -> bool:
    return isinstance(source, str) and source.strip().lower().startswith(("http://", "https://"))


def source_uri(url: str) -> str:
    """A URL's identity in the store: as given, without its #fragment (the same page)."""
    return urldefrag(url.strip())[0]


def read_url(url: str, *, max_bytes: int, allow_hosts: tuple[str, ...] = ()) -> RawDocument:
    """A web page or file by URL, read as `read_bytes` reads an upload; `uri` is where it came from."""
    got = fetch(url, max_bytes=max_bytes, allow_hosts=allow_hosts)
    return replace(read_bytes(got.data, got.name, max_bytes=max_bytes), uri=got.url)


def fetch(url: str, *, max_bytes: int, allow_hosts: tuple[str, ...] = (),
          timeout: float = TIMEOUT_S) -> Fetched:
    """GET one URL through `guarded_request`, following up to MAX_REDIRECTS redirects."""
    import httpx

    from luodi import __version__
    from luodi.net import guarded_client, guarded_request

    current = source_uri(url)
    headers = {"User-Agent": f"Luodi/{__version__} (document ingest)"}
    with guarded_client(timeout=timeout) as client:
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = guarded_request("GET", current, allow_hosts=allow_hosts, client=client,
                                           stream=True, headers=headers)
            except httpx.HTTPError as exc:
                raise InputError(f"could not fetch {current} ({type(exc).__name__}: {exc}); "
                                 "check the address and the network") from exc
            try:
                if response.is_redirect and response.headers.get("location"):
                    current = str(response.url.join(response.headers["location"]))
                    continue
                if response.status_code >= 300:
                    raise InputError(f"{current} answered HTTP {response.status_code}; check the address "
                                     "(a page behind a login must be saved and ingested as a file)")
                name = _name(current, response.headers.get("content-type", ""))
                return Fetched(current, _read_capped(response, max_bytes, current), name)
            finally:
                response.close()
    raise InputError(f"{url}: more than {MAX_REDIRECTS} redirects; give the page's final address")


def _read_capped(response, max_bytes: int, url: str) -> bytes:
    import httpx

    parts: list[bytes] = []
    size = 0
    try:
        for part in response.iter_bytes():
            size += len(part)
            if size > max_bytes:
                raise too_big(url, None, max_bytes)
            parts.append(part)
    except httpx.HTTPError as exc:
        raise InputError(f"the download of {url} broke off ({type(exc).__name__}); try again") from exc
    return b"".join(parts)


def _name(url: str, content_type: str) -> str:
    path = PurePosixPath(urlsplit(url).path)
    stem = path.stem or urlsplit(url).hostname or "page"
    kind = content_type.split(";")[0].strip().lower()
    if kind in _BY_TYPE:
        return stem + _BY_TYPE[kind]
    suffix = path.suffix.lower()
    if kind in _UNTYPED and suffix and suffix in FORMATS:
        return stem + suffix
    raise InputError(f"{url} is {kind or 'of no stated type'}; Luodi reads HTML, text, Markdown, "
                     "PDF and DOCX (save another kind of file in one of these formats)")
