"""Kill -9 at random moments during a large ingest: every document stays entirely old or entirely new,
the store stays intact, and a re-run finishes the work; a run after that changes nothing."""

from __future__ import annotations

import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time

import pytest

N_DOCS = 150


def _doc(i: int, version: int) -> str:
    rules = "\n\n".join(
        f"第{n}条 第{i}号文件第{n}条规定：版本{version}，时限{n + version}天，费用{i * n + version}元。"
        for n in range(1, 13)
    )
    return f"# 文件{i} 版本{version}\n\n## 第一章 总则\n\n{rules}\n"


def _ingest(kb, corpus, env):
    return subprocess.Popen(
        [sys.executable, "-m", "luodi.cli", "ingest", str(corpus), "--kb", str(kb), "--json"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


def _versions(kb) -> int:
    """Document versions written so far (0 before the store exists)."""
    try:
        db = sqlite3.connect(f"file:{kb / 'kb.db'}?mode=ro", uri=True, timeout=5)
        try:
            return db.execute("SELECT COUNT(*) FROM versions").fetchone()[0]
        finally:
            db.close()
    except sqlite3.OperationalError:  # not created yet, or its tables not yet
        return 0


def _check_consistent(db_path, corpus):
    db = sqlite3.connect(db_path)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    docs = db.execute("SELECT id, uri, current_version_id FROM documents").fetchall()
    for doc_id, uri, vid in docs:
        assert vid is not None, f"{uri} has no current version"
        text = db.execute("SELECT text FROM versions WHERE id=?", (vid,)).fetchone()[0]
        chunks = db.execute(
            "SELECT text, version_id FROM chunks WHERE document_id=? AND current=1 ORDER BY ordinal", (doc_id,)
        ).fetchall()
        assert chunks and {v for _, v in chunks} == {vid}, f"{uri}: chunks of several versions are current"
        versions_in_chunks = {t.split("版本")[1][0] for t, _ in chunks if "版本" in t}
        assert len(versions_in_chunks) == 1 and versions_in_chunks <= {"1", "2"}, f"{uri}: mixed versions"
        assert all(t in text for t, _ in chunks)
        vectors = db.execute(
            "SELECT COUNT(*) FROM chunk_vectors v JOIN chunks c ON c.id=v.chunk_id WHERE c.document_id=? AND c.current=1",
            (doc_id,),
        ).fetchone()[0]
        assert vectors == len(chunks), f"{uri}: chunks without vectors"
    db.close()
    return len(docs)


@pytest.mark.slow
def test_kill_minus_nine_during_ingest(tmp_path):
    corpus, kb = tmp_path / "corpus", tmp_path / "kb"
    corpus.mkdir()
    for i in range(N_DOCS):
        (corpus / f"doc{i:03d}.md").write_text(_doc(i, 1), encoding="utf-8")
    env = dict(os.environ, LUODI_EMBEDDER="hash", LUODI_HOME=str(tmp_path / "home"), PYTHONUNBUFFERED="1")
    rng = random.Random(7)
    kills = 0
    for round_ in range(6):
        if round_ == 3:  # halfway: change every file so the kills land in updates too
            for i in range(N_DOCS):
                (corpus / f"doc{i:03d}.md").write_text(_doc(i, 2), encoding="utf-8")
        before = _versions(kb)
        proc = _ingest(kb, corpus, env)
        # Kill after a random share of the documents is written: a fixed sleep missed the whole
        # ingest on a fast machine; a random pause after the count lands the kill mid-write.
        goal = N_DOCS * (1 if round_ < 3 else 2)  # versions once every file of this round is in
        target = before + rng.randint(1, max(1, (goal - before) // 3))
        while proc.poll() is None and _versions(kb) < target:
            time.sleep(0.02)
        time.sleep(rng.uniform(0.0, 0.2))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            kills += 1
        proc.wait()
        if (kb / "kb.db").exists():
            _check_consistent(kb / "kb.db", corpus)
    assert kills >= 5, "the ingest finished before it could be interrupted"
    done = _ingest(kb, corpus, env)
    assert done.wait(timeout=600) == 0
    assert _check_consistent(kb / "kb.db", corpus) == N_DOCS
    again = subprocess.run(
        [sys.executable, "-m", "luodi.cli", "ingest", str(corpus), "--kb", str(kb), "--json"],
        env=env, capture_output=True, text=True, timeout=600,
    )
    statuses = {r["status"] for r in json.loads(again.stdout)["results"]}
    assert again.returncode == 0 and statuses == {"unchanged"}
    db = sqlite3.connect(kb / "kb.db")
    texts = [r[0] for r in db.execute("SELECT text FROM chunks WHERE current=1 AND text LIKE '%版本%'")]
    assert texts and all("版本2" in t for t in texts)
