"""The whole CLI path on the PostgreSQL store (LUODI_STORE): ingest the demo handbook, search,
ask with a citation, re-ingest unchanged, forget. The same commands run on SQLite everywhere else."""

from __future__ import annotations

import json

from luodi.store.base import open_store
from tests.test_cli import run_main

HANDBOOK = "demo/handbook"


def _json(capsys) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_demo_handbook_on_postgresql(tmp_path, cli_home, monkeypatch, capsys, pg_url):
    monkeypatch.setenv("LUODI_STORE", pg_url)
    monkeypatch.setenv("LUODI_MODE", "extractive")
    kb = str(tmp_path / "kb")
    assert run_main(monkeypatch, "ingest", HANDBOOK, "--kb", kb, "--licence", "internal",
                    "--consent", "yes", "--json") == 0
    summary = _json(capsys)
    assert summary["failed"] == 0 and len(summary["results"]) == 8
    assert {r["status"] for r in summary["results"]} == {"added"}
    assert not (tmp_path / "kb" / "kb.db").exists()  # nothing went to a SQLite file

    assert run_main(monkeypatch, "search", "锂电池能寄吗", "--kb", kb, "--json", "-k", "3") == 0
    assert "锂电池" in capsys.readouterr().out

    assert run_main(monkeypatch, "ask", "未保价的快件丢了，最多能赔多少钱？", "--kb", kb, "--json",
                    "--no-cache") == 0
    answer = _json(capsys)
    assert answer["citations"] and not answer.get("declined")

    assert run_main(monkeypatch, "ingest", HANDBOOK, "--kb", kb, "--json") == 0
    assert {r["status"] for r in _json(capsys)["results"]} == {"unchanged"}

    store = open_store(pg_url)
    try:
        doc = store.documents()[0]
    finally:
        store.close()
    assert run_main(monkeypatch, "docs", "forget", str(doc.id), "--kb", kb, "--json") == 0
    store = open_store(pg_url)
    try:
        assert doc.id not in {d.id for d in store.documents()}
        assert all(c.document_id != doc.id for c in store.current_chunks())
    finally:
        store.close()


def test_a_sqlite_knowledge_base_moves_to_postgresql_and_answers_alike(tmp_path, cli_home, monkeypatch,
                                                                       capsys, pg_url):
    monkeypatch.delenv("LUODI_STORE", raising=False)
    monkeypatch.setenv("LUODI_MODE", "extractive")
    kb = str(tmp_path / "kb")
    question = ["ask", "未保价的快件丢了，最多能赔多少钱？", "--kb", kb, "--json", "--no-cache"]
    assert run_main(monkeypatch, "ingest", HANDBOOK, "--kb", kb, "--licence", "internal",
                    "--consent", "yes", "--json") == 0
    capsys.readouterr()
    assert run_main(monkeypatch, *question) == 0
    before = _json(capsys)

    assert run_main(monkeypatch, "admin", "copy-store", "--kb", kb, "--to", pg_url, "--json") == 0
    rows = _json(capsys)["rows"]
    assert rows["documents"] == 8 and rows["chunks"] == rows["chunk_vectors"] > 300
    assert rows["ledger"] >= 1  # the question's metering came along
    assert run_main(monkeypatch, "admin", "copy-store", "--kb", kb, "--to", pg_url) == 3  # not empty

    monkeypatch.setenv("LUODI_STORE", pg_url)
    assert run_main(monkeypatch, *question) == 0
    after = _json(capsys)
    assert after["answer"] == before["answer"]
    assert after["citations"] == before["citations"] and after["citations"]  # the same chunk ids
