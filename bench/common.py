"""Data loaders and helpers shared by the benchmarks (DRCD, CMRC 2018, laws_zh).

Data is read from ../shared/data beside the checkout and never copied into the repository.
Embeddings are cached in bench/out/ keyed by a hash of the model name and the text, so tuning
runs do not re-embed; a cold run (--no-cache) measures real throughput.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = (REPO / ".." / "shared" / "data").resolve()
OUT = REPO / "bench" / "out"


@dataclass
class Doc:
    """One document of a benchmark corpus: its uri, title and cleaned text."""

    uri: str
    text: str
    title: str = ""
    format: str = "txt"


@dataclass
class Question:
    id: str
    question: str
    gold: set[str]  # gold keys: a document uri (paragraph sets) or "law#第X条" (laws)
    lang: str = "zh"
    meta: dict = field(default_factory=dict)


def _squad(path: Path, name: str) -> tuple[list[Doc], list[Question]]:
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    docs, questions = [], []
    for art in data:
        for p_i, para in enumerate(art["paragraphs"]):
            uri = f"{name}/{para.get('id') or art.get('id')}-{p_i}"
            docs.append(Doc(uri=uri, text=para["context"], title=art.get("title", "")))
            for qa in para["qas"]:
                questions.append(Question(id=str(qa["id"]), question=qa["question"], gold={uri}))
    return docs, questions


def load_drcd() -> tuple[list[Doc], list[Question]]:
    """DRCD dev (zh-Hant): each paragraph is a document; its questions have it as gold."""
    return _squad(DATA / "drcd" / "DRCD_dev.json", "drcd")


def load_cmrc() -> tuple[list[Doc], list[Question]]:
    """CMRC 2018 trial (zh-Hans), as DRCD."""
    return _squad(DATA / "cmrc2018" / "cmrc2018_trial.json", "cmrc")


def law_files(folder: Path) -> Iterator[Path]:
    """Markdown law texts under a folder (recursively), skipping licence and index pages."""
    for path in sorted(folder.rglob("*.md")):
        if path.name in ("LICENSE.md", "SOURCE.md", "README.md") or path.name.startswith("_"):
            continue
        yield path


def load_laws(folder: Path | None = None) -> list[Doc]:
    """Law texts as ingestion sees them: read, then cleaned (luodi.clean)."""
    from luodi.clean import clean
    from luodi.types import RawDocument

    folder = folder or DATA / "laws_zh"
    docs = []
    for p in law_files(folder):
        uri = str(p.relative_to(folder.parent))
        text = clean(RawDocument(uri=uri, text=p.read_text(encoding="utf-8"), format="md")).text
        docs.append(Doc(uri=uri, text=text, title=p.stem, format="md"))
    return docs


_ARTICLE_TAIL = re.compile(r"(第[零〇一二三四五六七八九十百千两0-9]+条(?:之[一二三四五六七八九十]+)?)$")


def article_of(section: str) -> str | None:
    """The article (第X条) a chunk's section path ends with, if any."""
    m = _ARTICLE_TAIL.search(section.strip())
    return m.group(1) if m else None


def law_stem(uri: str) -> str:
    return Path(uri).stem


def load_law_questions(path: Path) -> list[Question]:
    """Paraphrase questions (JSON Lines: id, question, lang, law, article, also)."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        gold = {f"{row['law']}#{row['article']}"}
        for extra in row.get("also") or []:
            gold.add(f"{extra['law']}#{extra['article']}")
        out.append(Question(id=str(row["id"]), question=row["question"], gold=gold,
                            lang=row.get("lang", "zh-Hans"), meta=row))
    return out


class EmbeddingCache:
    """Append-only on-disk cache: sha1(model, text) -> float32 vector. No pickle."""

    def __init__(self, model: str, dim: int, folder: Path = OUT):
        folder.mkdir(parents=True, exist_ok=True)
        safe = re.sub(r"[^A-Za-z0-9_.-]", "_", model)
        self.keys_path = folder / f"emb-{safe}.keys"
        self.vecs_path = folder / f"emb-{safe}.f32"
        self.model, self.dim = model, dim
        self._index: dict[str, int] = {}
        self._vecs = np.empty((0, dim), dtype=np.float32)
        if self.keys_path.exists() and self.vecs_path.exists():
            keys = self.keys_path.read_text().split()
            vecs = np.fromfile(self.vecs_path, dtype="<f4")
            n = min(len(keys), vecs.size // dim)  # a torn append loses only its tail
            self._vecs = vecs[: n * dim].reshape(n, dim)
            self._index = {k: i for i, k in enumerate(keys[:n])}

    def key(self, text: str) -> str:
        return hashlib.sha1(f"{self.model}\0{text}".encode()).hexdigest()

    def get(self, text: str) -> np.ndarray | None:
        i = self._index.get(self.key(text))
        return None if i is None else self._vecs[i]

    def add(self, texts: list[str], vecs: np.ndarray) -> None:
        keys = [self.key(t) for t in texts]
        with self.vecs_path.open("ab") as f:
            np.asarray(vecs, dtype="<f4").tofile(f)
        with self.keys_path.open("a") as f:
            f.write("".join(k + "\n" for k in keys))
        base = len(self._vecs)
        self._vecs = np.concatenate([self._vecs, np.asarray(vecs, dtype=np.float32)])
        for i, k in enumerate(keys):
            self._index[k] = base + i

    def __len__(self) -> int:
        return len(self._index)


def embed_cached(embedder, texts: list[str], cache: EmbeddingCache | None,
                 progress: Callable[[int], None] | None = None,
                 flush_every: int = 256) -> tuple[np.ndarray, int]:
    """Embed texts, reusing cached vectors; returns (vectors, number actually embedded)."""
    out = np.empty((len(texts), embedder.dim), dtype=np.float32)
    todo: list[int] = []
    for i, t in enumerate(texts):
        v = cache.get(t) if cache is not None else None
        if v is None:
            todo.append(i)
        else:
            out[i] = v
    # Unique texts only: duplicate paragraphs are embedded once.
    uniq: dict[str, list[int]] = {}
    for i in todo:
        uniq.setdefault(texts[i], []).append(i)
    pending = list(uniq)
    done = 0
    for start in range(0, len(pending), flush_every):
        part = pending[start : start + flush_every]
        vecs = embedder.embed_passages(part, progress=None)
        for t, v in zip(part, vecs, strict=True):
            out[uniq[t]] = v
        if cache is not None:
            cache.add(part, vecs)
        done += len(part)
        if progress is not None:
            progress(done)
    return out, len(pending)


def encoder_with_cache():
    """(the bundled e5 encoder, the shared vector cache), or None after saying that
    ../shared/data is missing: the benchmarks that embed real data start here."""
    import sys

    from luodi.index.dense import E5Embedder

    if not DATA.is_dir():
        print(f"../shared/data not found at {DATA}", file=sys.stderr)
        return None
    embedder = E5Embedder(threads=2)
    return embedder, EmbeddingCache(embedder.name, embedder.dim)
