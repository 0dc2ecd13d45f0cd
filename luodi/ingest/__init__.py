"""read → clean → PII → near-duplicate check → chunk → tokens + vectors → one transaction per document.

Documents are prepared in batches so the encoder sees many chunks at once; each document is then
written in its own transaction, so a crash leaves every document entirely old or entirely new.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from luodi.chunk import chunk_text
from luodi.clean import clean
from luodi.clean.dedup import NearDuplicateIndex, adds_nothing, signature
from luodi.clean.pii import apply_pii
from luodi.config import Settings
from luodi.errors import ConsentError, InputError, LuodiError
from luodi.index.reindex import ensure_tokens
from luodi.index.tokenize import TOKENIZER_VERSION, index_text, tokenize
from luodi.ingest import sources
from luodi.ingest.embedding import embed_batch
from luodi.ingest.sources import (
    SourceOptions,
    detect_effective_date,
    expand_paths,
    file_uri,
    source_options,
)
from luodi.ingest.versions import amended_on, version_order
from luodi.read import read_bytes
from luodi.read.fetch import fetch, source_uri
from luodi.store.base import NewVersion, Store
from luodi.timeutil import parse_day, scheduled_note
from luodi.types import DocumentRecord, IngestResult, RawDocument, SourceInfo

GONE = "the file is gone; its document is still searched: `luodi docs forget {id}` drops it"
PIPELINE_VERSION = "4"  # bump when cleaning/chunking changes so unchanged files are redone
DUPLICATE_THRESHOLD = 0.9


class Progress:
    """Callbacks for long work; the CLI passes a rich progress bar, the API nothing."""

    def start(self, files: int) -> None: ...
    def file_done(self, result: IngestResult) -> None: ...
    def embedding(self, total: int) -> Callable[[int], None] | None: ...


@dataclass
class _Prepared:
    uri: str
    options: SourceOptions
    new: NewVersion
    doc_id: int | None
    result: IngestResult
    texts: list[str] = field(default_factory=list)  # index text per chunk, for embedding
    version: tuple[str | None, str | None] = (None, None)  # title, amendment date (luodi.ingest.versions)
    replaces: list[int] = field(default_factory=list)  # older versions it supersedes (stored documents)
    superseded_by: str | None = None  # a newer version later in this run: not written
    placeholder: int = 0  # its id in the near-duplicate index until it is written
    moved_from: str | None = None  # where the stored document it continues was (NewVersion.moves)


class Ingestor:
    """Adds or updates documents in a store. One broken file never stops the batch."""

    def __init__(self, store: Store, settings: Settings, embedder=None, batch_docs: int = 32):
        self.store = store
        self.settings = settings
        self.embedder = embedder
        self.batch_docs = batch_docs
        self._dups = NearDuplicateIndex()
        self._prepared: dict[int, _Prepared] = {}  # placeholder id -> a file prepared, maybe not yet written
        self._versions: dict[int, tuple[str | None, str | None]] = {}  # stored doc id -> title, amended on
        for doc_id, sig in store.signatures():
            self._dups.add(doc_id, sig)
        ensure_tokens(store)  # new chunks' tokens must not meet stale ones from another release

    def _fingerprint(self, pii: str) -> str:
        return f"{PIPELINE_VERSION}|{pii}|{self.settings.chunk_chars}"

    def ingest(self, paths: list[str | Path], options: SourceOptions | None = None,
               pii: str | None = None, progress: Progress | None = None) -> list[IngestResult]:
        files = _once(expand_paths(paths))
        progress = progress or Progress()
        progress.start(len(files))
        results: list[IngestResult] = []
        for i in range(0, len(files), self.batch_docs):
            outcomes = [self._prepare_url(p, options or SourceOptions(), pii) if isinstance(p, str)
                        else self._prepare_path(p, options or SourceOptions(), pii)
                        for p in files[i : i + self.batch_docs]]
            embed_batch(self.store, self.embedder, [o for o in outcomes if isinstance(o, _Prepared)], progress)
            for outcome in outcomes:  # results keep the order the files were given in
                result = outcome if isinstance(outcome, IngestResult) else self._commit(outcome)
                results.append(result)
                progress.file_done(result)
            self._drop_related([o for o in outcomes if isinstance(o, _Prepared)])
        return results + [IngestResult(d.uri, "gone", d.id, d.current_version, d.chunks, GONE.format(id=d.id))
                          for d in sources.gone_under(paths, self.store)]

    def ingest_bytes(self, data: bytes, name: str, uri: str, options: SourceOptions | None = None,
                     pii: str | None = None) -> IngestResult:
        """Uploads: the same pipeline for bytes that never touched the disk."""
        opts = options or SourceOptions()
        prepared = self._prepare(uri, lambda: data, name, opts, pii)
        if isinstance(prepared, IngestResult):
            return prepared
        embed_batch(self.store, self.embedder, [prepared], Progress())
        result = self._commit(prepared)
        self._drop_related([prepared])
        return result

    def _drop_related(self, batch: list[_Prepared]) -> None:
        """Drop the cached answers the batch's new versions may now answer better (those sharing
        half their question's words, luodi.cache): once the batch is written, in one scan."""
        vocabulary = {t for p in batch if p.result.version_id for c in p.new.chunks for t in c.tokens or ()}
        if vocabulary:
            self.store.cache_invalidate([], vocabulary)

    # -- stages -------------------------------------------------------------------
    def _prepare_path(self, path: Path, cli: SourceOptions, pii: str | None) -> _Prepared | IngestResult:
        # A file is one document however its path was typed (docs/a.md, ./docs/a.md, /abs/docs/a.md):
        # otherwise an update from another directory would add a second document beside the stale one.
        uri = file_uri(path)
        try:
            opts = source_options(path, cli)
        except LuodiError as exc:
            return self._fail(sources.shown_name(uri), "failed", str(exc))
        if str(path) != uri and self.store.find_document(uri, opts.collection) is None and \
                self.store.find_document(str(path), opts.collection) is not None:
            uri = str(path)  # ingested under this spelling before files got absolute paths
        return self._prepare(uri, lambda: sources.read_file(path, self.settings.max_file_bytes), path.name, opts, pii)

    def _prepare_url(self, url: str, cli: SourceOptions, pii: str | None) -> _Prepared | IngestResult:
        """A page or file by URL: the flags are its options (there is no sidecar beside a URL)."""
        uri = source_uri(url)
        opts = cli if cli.consent is not None else replace(cli, consent=True)
        if opts.consent is False:  # refused (and any earlier copy withdrawn) without fetching
            return self._prepare(uri, lambda: b"", uri, opts, pii)
        try:
            got = fetch(uri, max_bytes=self.settings.max_file_bytes, allow_hosts=self.settings.allow_hosts)
        except LuodiError as exc:
            return self._fail(uri, "failed", str(exc))
        except Exception as exc:  # a network library's surprise must not stop the batch
            return self._fail(uri, "failed", f"could not fetch {uri} ({type(exc).__name__}: {exc})")
        return self._prepare(uri, lambda: got.data, got.name, opts, pii)

    def _prepare(self, uri: str, load: Callable[[], bytes], name: str, opts: SourceOptions,
                 pii: str | None) -> _Prepared | IngestResult:
        policy = pii or self.settings.pii
        try:
            if not str(opts.collection).strip():
                raise InputError("the collection name is empty; give one, or leave it out for 'default'")
            if opts.effective_date:  # from a flag, a sidecar or an upload: compared as YYYY-MM-DD text
                opts = replace(opts, effective_date=parse_day(opts.effective_date, "effective_date"))
            if opts.consent is False:
                return self._refuse(uri, opts)
            data = load()
            existing = self.store.find_document(uri, opts.collection)
            file_hash = hashlib.sha256(data + self._fingerprint(policy).encode()).hexdigest()
            if existing and self.store.version_file_hash(existing.id) == file_hash and not _restated(existing, opts):
                return IngestResult(uri, "unchanged", existing.id, existing.current_version,
                                    existing.chunks, "unchanged")
            raw = read_bytes(data, name, max_bytes=self.settings.max_file_bytes)
            return self._build(uri, raw, opts, policy, file_hash, existing)
        except LuodiError as exc:
            return self._fail(uri, "failed", str(exc))
        except Exception as exc:  # a reader bug must not stop the batch
            return self._fail(uri, "failed", f"{type(exc).__name__}: {exc} (please report this file)")

    def _build(self, uri: str, raw: RawDocument, opts: SourceOptions, policy: str,
               file_hash: str, existing: DocumentRecord | None) -> _Prepared | IngestResult:
        doc_id = existing.id if existing else None
        doc = clean(raw)
        if not doc.text.strip():
            return self._fail(uri, "failed", f"{uri}: no text left after cleaning; nothing to index")
        text, findings, vault = apply_pii(doc.text, policy)
        content_hash = hashlib.sha256(text.encode()).hexdigest()
        effective = opts.effective_date or detect_effective_date(text)
        if not effective and existing and existing.content_hash == content_hash:
            effective = existing.effective_date  # the same text keeps the date it was given
        known = self.store.source(uri)
        licence = opts.licence or (known.licence if known else "unspecified")  # an update keeps it
        if existing and (existing.content_hash, existing.title, existing.effective_date, existing.licence) == (
                content_hash, doc.title, effective, licence):
            # Same file read again by a newer pipeline, same result: no new version.
            self.store.set_version_file_hash(existing.id, file_hash)
            return IngestResult(uri, "unchanged", existing.id, existing.current_version,
                                existing.chunks, "unchanged")
        sig = signature(text)
        version = (doc.title, amended_on(text, uri))
        older: list[int] = []
        moved: set[int] = set()
        for other, sim in self._dups.query(sig, DUPLICATE_THRESHOLD):
            if other == doc_id:
                continue
            order = version_order(*version, *self._version_of(other))
            if other > 0 and order >= 0 and self._moved(other, uri, opts.collection):  # renamed, maybe edited
                older.append(other)
                moved.add(other)
                continue
            if order > 0:  # a newer version of a text already here: it takes that one's place
                older.append(other)
                continue
            other_uri = self._uri_of(other)
            if other_uri == uri:  # the same file, ingested before under another collection
                msg = (f"already indexed in collection '{self.store.document(other).collection}'; a file is "
                       f"indexed once: to move it, run `luodi docs forget {other}` and ingest it again")
                self.store.log_ingest(uri, "ingest", "duplicate", msg)
                return IngestResult(uri, "duplicate", other, None, 0, msg)
            if order == 0 and (doc_id is not None or not self._holds(other, text, opts.collection)):
                continue  # an edit of this file, a copy for another collection, or a text that says more
            msg = (f"an older version of {other_uri} ({_dated(version[1])}, that one "
                   f"{_dated(self._version_of(other)[1])}); not indexed" if order < 0 else
                   f"near-duplicate of {other_uri} (similarity {sim:.2f}); not indexed twice")
            self.store.log_ingest(uri, "ingest", "duplicate", msg)
            return IngestResult(uri, "duplicate", other if other > 0 else None, None, 0, msg)
        # A stored document this file continues (moved, renamed, a newer edition under another name)
        # keeps its history: the text is its next version, so searching a past day still reads it,
        # and a new edition that takes effect later leaves the one in force searched until then.
        # (one that a file earlier in this run continued and this one supersedes passes to this one)
        stored = (self._prepared[o].new.moves if o < 0 else o for o in older)
        found = (self.store.document(o) for o in stored if o)  # read only until one is in this collection
        current = existing or next((d for d in found if d.collection == opts.collection), None)
        adopt = current.id if current and not existing else None
        if adopt and not opts.licence and not known:
            licence = current.licence  # a moved file keeps its licence, as an update does
        if adopt and not effective and current.content_hash == content_hash:
            effective = current.effective_date  # …and its unchanged text the date it was given
        chunks = chunk_text(text, raw.format, self.settings.chunk_chars)
        root = _page_title(doc.title) if raw.format == "html" else ""
        for chunk in chunks if root else ():
            # a web page without headings (an HTML notice) is rooted at its title, as a Markdown file
            # at its first heading: its passages name it, and "春节期间…" names the notice by its words
            # (a PDF's or text file's title may be a file name or "Microsoft Word - …": not used)
            chunk.section = chunk.section or root
        texts = [index_text(c) for c in chunks]
        for chunk, body in zip(chunks, texts, strict=True):
            chunk.tokens = tokenize(body)
        new = NewVersion(
            source=SourceInfo(uri=uri, licence=licence, consent=True),
            uri=uri, collection=opts.collection, title=doc.title, format=raw.format, text=text,
            content_hash=content_hash, file_hash=file_hash,
            effective_date=effective,
            chunks=chunks, signature=sig, vault=vault, tokenizer=TOKENIZER_VERSION,
            vector_model=self.embedder.name if self.embedder else None,
            current=current.current_version if current else None, moves=adopt,
        )
        status = "updated" if doc_id or adopt else "added"
        result = IngestResult(uri, status, doc_id or adopt, None, len(chunks), status, pii=len(findings))
        prepared = _Prepared(uri, opts, new, doc_id or adopt, result, texts, version,
                             moved_from=self._uri_of(adopt) if adopt else None)
        placeholder = -1 - len(self._prepared)
        self._prepared[placeholder] = prepared
        prepared.placeholder = placeholder
        self._dups.add(placeholder, sig)  # later files in this run see it before it is written
        prepared.result.message = f"{status}: {len(chunks)} chunks" + (
            f", {len(findings)} personal data items {policy}ed" if findings and policy != "keep" else ""
        ) + scheduled_note(effective, first=not (doc_id or adopt)) + "".join(f"; {w}" for w in raw.meta.get("warnings", ()))
        for other in older:
            why = "whose file is gone (moved or renamed)" if other in moved else "an older version"
            kept = ": its versions stay as this one's history" if other == adopt else ""
            prepared.result.message += f"; replaces {self._uri_of(other)}, {why}{kept}"
            self._dups.remove(other)
            if other < 0:  # prepared earlier in this run, not written yet: it never will be
                self._prepared[other].superseded_by = uri
            elif other != adopt:
                prepared.replaces.append(other)
        return prepared

    def _version_of(self, doc_id: int) -> tuple[str | None, str | None]:
        """A document's title and amendment date (luodi.ingest.versions), read once."""
        if doc_id < 0:
            return self._prepared[doc_id].version
        if doc_id not in self._versions:
            try:
                rec = self.store.document(doc_id)
                text = self.store.version_text(rec.current_version) if rec.current_version else ""
                self._versions[doc_id] = (rec.title, amended_on(text, rec.uri))
            except LuodiError:
                self._versions[doc_id] = (None, None)
        return self._versions[doc_id]

    def _commit(self, p: _Prepared) -> IngestResult:
        if p.superseded_by:
            msg = f"an older version of {p.superseded_by}, ingested in the same run; not indexed"
            self.store.log_ingest(p.uri, "ingest", "duplicate", msg)
            return IngestResult(p.uri, "duplicate", p.doc_id, None, 0, msg)
        try:
            doc_id, version_id = self.store.save_version(p.new)
        except LuodiError as exc:
            return self._fail(p.uri, "failed", str(exc))
        self._dups.remove(p.placeholder)  # written (or found written): it answers under its document id
        if p.new.skipped:  # another ingest of the same file wrote it meanwhile
            return IngestResult(p.uri, "unchanged", doc_id, version_id, len(p.new.chunks), "unchanged")
        self._dups.remove(doc_id)
        self._dups.add(doc_id, p.new.signature)
        self._versions[doc_id] = p.version
        p.result.document_id, p.result.version_id = doc_id, version_id
        if p.moved_from:
            self.store.log_ingest(p.moved_from, "move", "moved", f"now {p.uri}")
        self.store.log_ingest(p.uri, "ingest", p.result.status, p.result.message)
        for old in p.replaces:  # after the new version is written: a crash between keeps both
            old_uri = self._uri_of(old)
            removed = self.store.forget(old)
            self._versions.pop(old, None)
            self.store.log_ingest(old_uri, "forget", "superseded",
                                  f"replaced by {p.uri} ({removed_summary(removed)})")
        return p.result

    # -- outcomes ------------------------------------------------------------------
    def _fail(self, uri: str, status: str, message: str) -> IngestResult:
        self.store.log_ingest(uri, "ingest", status, message)
        return IngestResult(uri, status, message=message)

    def _refuse(self, uri: str, opts: SourceOptions) -> IngestResult:
        msg = f"{uri}: the source's owner opted out (consent=no); it is not indexed"
        existing = self.store.find_document(uri, opts.collection)
        if existing:  # an opt-out withdraws what was indexed before
            removed = self.store.forget(existing.id)
            msg += f"; removed the earlier copy ({removed_summary(removed)})"
        self.store.log_ingest(uri, "ingest", "refused", msg)
        return IngestResult(uri, "refused", message=str(ConsentError(msg)))

    def _moved(self, doc_id: int, uri: str, collection: str) -> bool:
        """Whether a stored document's local file is gone and `uri`, a local file much like it in the
        same collection, is where it went (then its edits reach search). A copy beside a file
        still there stays a near-duplicate; `_build` has already kept older versions out."""
        doc = self.store.document(doc_id)
        old = Path(doc.uri)
        if doc.collection != collection or doc.uri == uri or not (old.is_absolute() and Path(uri).is_absolute()):
            return False  # a URL or an upload is no local file
        try:
            return not old.exists()
        except OSError:  # a folder this user may not look into: not known to be gone
            return False

    def _holds(self, doc_id: int, text: str, collection: str) -> bool:
        """Whether a document of `collection` already says all that `text` does."""
        if doc_id < 0:
            held = self._prepared[doc_id]
            return held.options.collection == collection and adds_nothing(text, held.new.text)
        doc = self.store.document(doc_id)
        return doc.collection == collection and adds_nothing(text, self.store.version_text(doc.current_version or 0))

    def _uri_of(self, doc_id: int) -> str:
        if doc_id < 0:
            prepared = self._prepared.get(doc_id)
            return prepared.uri if prepared else "another file in this run"
        try:
            return self.store.document(doc_id).uri
        except LuodiError:
            return f"document {doc_id}"


def _once(files: list[Path | str]) -> list[Path | str]:
    """Each file or URL once, at its first place: one named twice (a.md and ./a.md, or a folder
    and a file in it) would otherwise be read as a near-duplicate of itself."""
    seen: set[str] = set()
    out = []
    for f in files:
        key = source_uri(f) if isinstance(f, str) else file_uri(f)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _restated(existing: DocumentRecord, opts: SourceOptions) -> bool:
    """An unchanged file given another effective date or licence than its current version's: the
    way to correct a wrong date is to say the right one, not to forget the document first."""
    return bool(opts.effective_date and opts.effective_date != existing.effective_date
                or opts.licence and opts.licence != existing.licence)


def _dated(version: str | None) -> str:
    """"header 2024-04-26" → "amended 2024-04-26", "name 2024-04-26" → "dated 2024-04-26"."""
    kind, _, day = (version or "").partition(" ")
    return f"{'amended' if kind == 'header' else 'dated'} {day}"


def removed_summary(removed: dict[str, int]) -> str:
    """What `Store.forget` removed, for the ingest log: "1 documents, 3 chunks, …"."""
    return ", ".join(f"{v} {k}" for k, v in removed.items() if v) or "nothing else"




def _page_title(title: str | None) -> str:
    """A web page's title without the site's name after it ("…公告 - 飞鸽快递" → "…公告")."""
    head, sep, site = (title or "").strip().rpartition(" - ")
    if not sep:
        head, sep, site = (title or "").strip().rpartition(" | ")
    return head.strip() if sep and head.strip() and len(site) <= 20 else (title or "").strip()
