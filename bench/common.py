"""Data loaders and helpers shared by the benchmarks (DRCD, CMRC 2018, laws_zh).

Data is read from ../shared/data beside the checkout and never copied into the repository.
Embeddings are cached in bench/out/ keyed by a hash of the model name and the text, so tuning
runs do not re-embed; a cold run (--no-cache) measures real throughput.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
DATA = (REPO / ".." / "shared" / "data").resolve()
OUT = REPO / "bench" / "out"
HANDBOOK = REPO / "demo" / "handbook"


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


def squad_answers(path: Path) -> dict[str, list[str]]:
    """Question id -> gold answer texts of a SQuAD-format file."""
    data = json.loads(path.read_text(encoding="utf-8"))["data"]
    return {str(qa["id"]): [a["text"] for a in qa["answers"]]
            for art in data for para in art["paragraphs"] for qa in para["qas"]}


DRCD_FILE = DATA / "drcd" / "DRCD_dev.json"
CMRC_FILE = DATA / "cmrc2018" / "cmrc2018_trial.json"
LAWS_DIR = DATA / "laws_zh"
LAW_QUESTIONS = REPO / "bench" / "data" / "laws_zh_questions.jsonl"


def load_drcd(path: Path | None = None) -> tuple[list[Doc], list[Question]]:
    """DRCD dev (zh-Hant): each paragraph is a document; its questions have it as gold."""
    return _squad(path or DRCD_FILE, "drcd")


def load_cmrc(path: Path | None = None) -> tuple[list[Doc], list[Question]]:
    """CMRC 2018 trial (zh-Hans), as DRCD."""
    return _squad(path or CMRC_FILE, "cmrc")


def add_source_args(ap) -> None:
    """Options that point a benchmark's sets at other files of the same kinds (another SQuAD
    split, another law folder and its own paraphrase questions)."""
    ap.add_argument("--drcd-file", type=Path, default=DRCD_FILE,
                    help="SQuAD-format JSON for the drcd set (default: DRCD dev)")
    ap.add_argument("--cmrc-file", type=Path, default=CMRC_FILE,
                    help="SQuAD-format JSON for the cmrc set (default: CMRC 2018 trial)")
    ap.add_argument("--laws-dir", type=Path, default=LAWS_DIR,
                    help="folder of Markdown laws for the laws set (default: laws_zh)")
    ap.add_argument("--law-questions", type=Path, default=LAW_QUESTIONS,
                    help="JSON Lines paraphrase questions over --laws-dir "
                         "(id, question, lang, law = file stem, article, optional also)")


def sources_found(names: list[str], args, extra: tuple[Path, ...] = ()) -> bool:
    """Whether every file or folder the named sets would read exists; says which do not."""
    import sys

    wanted = {"drcd": [args.drcd_file], "cmrc": [args.cmrc_file],
              "laws": [args.laws_dir, args.law_questions]}
    paths = [p for name in names for p in wanted.get(name, [])] + list(extra)
    missing = [str(p) for p in paths if not Path(p).exists()]
    if missing:
        print(f"not found: {', '.join(missing)} (../shared/data beside the checkout, or the "
              "--drcd-file/--cmrc-file/--laws-dir/--law-questions options)", file=sys.stderr)
    return not missing


def load_set(name: str, args) -> tuple[list[Doc], list[Question]]:
    """A named set's documents and questions, from the files `add_source_args` chose."""
    if name == "drcd":
        return load_drcd(args.drcd_file)
    if name == "cmrc":
        return load_cmrc(args.cmrc_file)
    if name == "laws":
        docs = load_laws(args.laws_dir)
        return docs, load_law_questions(args.law_questions, {law_stem(d.uri) for d in docs})
    raise SystemExit(f"unknown set {name!r}: use drcd, cmrc or laws")


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
    """The article (第X条) a chunk's section path ends with, if any, as `canonical_article`."""
    m = _ARTICLE_TAIL.search(section.strip())
    return canonical_article(m.group(1)) if m else None


def canonical_article(article: str) -> str:
    """第二十条, 第20条, 第 20 條 → 第20条; 第二十一条之一 → 第21条之1 (the keyword token)."""
    from luodi.index.tokenize import tokenize

    found = [t for t in tokenize(article, bigrams=False) if t.startswith("第") and "条" in t]
    return found[0] if len(found) == 1 else article.strip()


def _undated(stem: str) -> str:
    return re.sub(r"\s*[(（][^()（）]*[)）]$", "", stem)


def resolve_law(law: str, stems: set[str]) -> str:
    """A question's law as a file stem: exact, or the one stem whose title without its date
    matches (快递暂行条例 → 快递暂行条例(2019-03-02))."""
    if law in stems:
        return law
    same = [s for s in stems if _undated(s) == _undated(law)]
    if len(same) == 1:
        return same[0]
    raise SystemExit(f"law {law!r} of the questions is not one file under --laws-dir "
                     f"({len(same)} match; files: {', '.join(sorted(stems)[:5])}…)")


def law_stem(uri: str) -> str:
    return Path(uri).stem


def load_law_questions(path: Path, stems: set[str] | None = None) -> list[Question]:
    """Paraphrase questions (JSON Lines: id, question, lang, law, article, also). Gold keys are
    `law#article`, the article canonical; with `stems` (the laws' file stems), a law may be
    named without its date."""
    out = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        gold = set()
        for ref in [row, *(row.get("also") or [])]:
            law = resolve_law(ref["law"], stems) if stems is not None else ref["law"]
            gold.add(f"{law}#{canonical_article(ref['article'])}")
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


def encoder_with_cache(need_data: bool = True):
    """(the bundled e5 encoder, the shared vector cache), or None after saying that
    ../shared/data is missing: the benchmarks that embed real data start here."""
    import sys

    from luodi.index.dense import E5Embedder

    if need_data and not DATA.is_dir():
        print(f"../shared/data not found at {DATA}", file=sys.stderr)
        return None
    embedder = E5Embedder(threads=2)
    return embedder, EmbeddingCache(embedder.name, embedder.dim)


def read_jsonl(path: Path) -> list[dict]:
    """A question set of our own: one JSON object a line."""
    return [json.loads(line) for line in path.read_text("utf-8").splitlines() if line.strip()]


def demo_parser(doc: str, questions: Path | None = None, help: str = "") -> argparse.ArgumentParser:
    """The command line the demo-handbook benches share: --kb and --json, and --set (a file of
    `questions`, the default) for a bench that reads one."""
    ap = argparse.ArgumentParser(description=doc.split("\n")[0])
    ap.add_argument("--kb", type=Path, help="an existing knowledge base holding demo/handbook")
    ap.add_argument("--json", action="store_true")
    if questions is not None:
        ap.add_argument("--set", type=Path, default=questions, help=help)
    return ap


def on_demo(args: argparse.Namespace, prefix: str, run: Callable) -> dict | None:
    """`run(lu)` over the demo handbook's knowledge base (`demo_kb`): its result for the bench to
    print, or None once printed as JSON (--json)."""
    with demo_kb(args.kb, prefix) as lu:
        res = run(lu)
    if args.json:
        print(json.dumps(res, ensure_ascii=False))
        return None
    return res


@contextmanager
def demo_kb(kb: Path | None, prefix: str) -> Iterator:
    """The demo handbook's knowledge base, open: `kb` (the handbook ingested into it when it holds
    no documents), or a temporary one (about a minute to ingest)."""
    from luodi.app import Luodi

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp, Luodi(kb or Path(tmp)) as lu:
        if not lu.store.documents():
            lu.ingest([HANDBOOK], licence="internal (fictional demo)", consent=True)
        yield lu
