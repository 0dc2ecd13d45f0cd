"""`luodi docs list|show|forget|log|reindex` through the CLI, human and --json output."""

from __future__ import annotations

import json
import sqlite3

import pytest
from typer.testing import CliRunner

from luodi.cli import app
from luodi.errors import ConfigError
from luodi.index.tokenize import TOKENIZER_VERSION


@pytest.fixture
def kb(tmp_path, cli_home):
    rules = tmp_path / "rules.md"
    kb = str(tmp_path / "kb")
    for text in ("# 规则\n\n第二十一条之一 夜间派送须预约。\n", "# 规则\n\n第二十一条之一 夜间派送须提前预约。\n"):
        rules.write_text(text, encoding="utf-8")
        assert run("ingest", str(rules), "--kb", kb).exit_code == 0
    return kb, str(rules)


def run(*args):
    r = CliRunner().invoke(app, list(args))
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return r


def test_list_show_log_and_forget(kb):
    kb, rules = kb
    docs = json.loads(run("docs", "list", "--kb", kb, "--json").stdout)
    assert [d["uri"] for d in docs] == [rules] and docs[0]["chunks"] == 1
    shown = json.loads(run("docs", "show", rules, "--kb", kb, "--json", "--text").stdout)
    assert len(shown["versions"]) == 2 and "提前预约" in shown["text"]
    assert "superseded by" in run("docs", "show", "1", "--kb", kb).stdout
    log = json.loads(run("docs", "log", "--kb", kb, "--json").stdout)
    assert [row["status"] for row in log][:2] == ["updated", "added"]
    gone = json.loads(run("docs", "forget", rules, "--kb", kb, "--json").stdout)
    assert gone["document"] == rules and gone["removed"]["versions"] == 2
    assert json.loads(run("docs", "list", "--kb", kb, "--json").stdout) == []


def test_list_in_a_pipe_gives_whole_paths_and_collections(kb):
    kb, rules = kb
    lines = run("docs", "list", "--kb", kb).stdout.splitlines()  # CliRunner's output is no terminal
    assert [line.split("\t")[:3] for line in lines] == [["1", "default", rules]]


def test_reindex_rewrites_stale_tokens(kb):
    kb, _ = kb
    db = sqlite3.connect(f"{kb}/kb.db")
    with db:  # as an older release left them: other tokens, no version
        db.execute("UPDATE chunks SET tokens = 'stale', tokenizer = NULL")
    out = json.loads(run("docs", "reindex", "--kb", kb, "--json").stdout)
    assert out["chunks"] == 2 and out["tokenizer"] == TOKENIZER_VERSION  # superseded version too
    tokens = [row[0].split() for row in db.execute("SELECT tokens FROM chunks")]
    assert all("第21条之1" in t and "stale" not in t for t in tokens)
    assert {row[0] for row in db.execute("SELECT tokenizer FROM chunks")} == {TOKENIZER_VERSION}
    db.close()
    assert "re-tokenized 2 chunks" in run("docs", "reindex", "--kb", kb).stdout


def test_search_on_a_stale_kb_reindexes_by_itself(kb):
    kb, rules = kb
    db = sqlite3.connect(f"{kb}/kb.db")
    with db:
        db.execute("UPDATE chunks SET tokens = 'stale', tokenizer = NULL")
    db.close()
    hits = json.loads(run("search", "第21条之1", "--kb", kb, "--json").stdout)["hits"]
    assert hits and hits[0]["document"] == rules and hits[0]["scores"]["keyword"] > 0


def test_reindex_with_vectors_embeds_every_chunk_again(kb):
    kb, _ = kb
    db = sqlite3.connect(f"{kb}/kb.db")
    with db:  # as an older release left them, or none at all
        db.execute("DELETE FROM chunk_vectors")
    out = json.loads(run("docs", "reindex", "--vectors", "--kb", kb, "--json").stdout)
    assert out["embedded"] == 2 and out["chunks"] == 2  # the superseded version too
    assert db.execute("SELECT COUNT(*) FROM chunk_vectors").fetchone()[0] == 2
    db.close()
    assert "embedded 2 chunks again" in run("docs", "reindex", "--vectors", "--kb", kb).stdout


def test_reindex_with_vectors_needs_an_embedder(kb, monkeypatch):
    kb, _ = kb
    monkeypatch.setenv("LUODI_EMBEDDER", "none")
    with pytest.raises(ConfigError, match="no embedder"):  # main() prints it and exits 2
        run("docs", "reindex", "--vectors", "--kb", kb)
