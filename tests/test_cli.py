"""`luodi` as the shell runs it (luodi.cli.main): exit codes, and stderr kept for errors."""

from __future__ import annotations

import sys

import pytest

from luodi.cli import main


def run_main(monkeypatch, *args: str) -> int:
    monkeypatch.setattr(sys, "argv", ["luodi", *args])
    try:
        main()
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_a_failed_file_makes_ingest_exit_3_and_the_good_ones_are_kept(tmp_path, cli_home, monkeypatch, capsys):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "rules.md").write_text("第一条 夜间派送须预约。\n", encoding="utf-8")
    (docs / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    kb = str(tmp_path / "kb")
    assert run_main(monkeypatch, "ingest", str(docs), "--kb", kb, "--json") == 3
    captured = capsys.readouterr()
    assert '"failed": 1' in captured.out and "not a readable PDF" in captured.out
    assert captured.err == ""  # pypdf's own warnings are not repeated on stderr
    (docs / "broken.pdf").unlink()
    assert run_main(monkeypatch, "ingest", str(docs), "--kb", kb) == 0


def test_unsupported_atoms_make_verify_exit_1(tmp_path, cli_home, monkeypatch):
    source = tmp_path / "source.txt"
    source.write_text("首重12元，续重每公斤5元。", encoding="utf-8")
    assert run_main(monkeypatch, "verify", "--answer", "运费12元", "--source", str(source)) == 0
    assert run_main(monkeypatch, "verify", "--answer", "运费15元", "--source", str(source)) == 1


def test_ingest_and_clean_take_urls(tmp_path, cli_home, monkeypatch, capsys, web_server):
    base, routes = web_server
    routes["/faq"] = (200, {"Content-Type": "text/html; charset=utf-8"},
                      "<html><body><article><p>派送员每件最多派送3次。</p></article></body></html>".encode())
    kb = str(tmp_path / "kb")
    assert run_main(monkeypatch, "clean", f"{base}/faq") == 2  # loopback: the operator must allow it
    assert "allow_hosts" in capsys.readouterr().err
    cli_home.mkdir(parents=True, exist_ok=True)
    (cli_home / "config.toml").write_text('[ingest]\nallow_hosts = ["127.0.0.1"]\n', encoding="utf-8")
    assert run_main(monkeypatch, "clean", f"{base}/faq") == 0
    assert capsys.readouterr().out.strip() == "派送员每件最多派送3次。"
    assert run_main(monkeypatch, "ingest", f"{base}/faq", "--kb", kb, "--json") == 0
    assert f'"uri": "{base}/faq", "status": "added"' in capsys.readouterr().out
    assert run_main(monkeypatch, "search", "最多派送几次", "--kb", kb, "--json") == 0
    assert f'"document": "{base}/faq"' in capsys.readouterr().out


@pytest.mark.parametrize("args,says", [(["search", "x", "-k", "abc"], "valid integer"),
                                       (["serve", "--port", "99999"], "65535"),
                                       (["nosuchcommand"], "No such command")])
def test_usage_errors_are_one_message_not_a_traceback(cli_home, monkeypatch, capsys, args, says):
    assert run_main(monkeypatch, *args) == 2
    stderr = capsys.readouterr().err
    assert says in stderr and "Traceback" not in stderr


def test_an_unknown_answer_mode_is_refused(tmp_path, cli_home, monkeypatch, capsys):
    rules = tmp_path / "rules.md"
    rules.write_text("第一条 夜间派送须预约。\n", encoding="utf-8")
    kb = str(tmp_path / "kb")
    assert run_main(monkeypatch, "ingest", str(rules), "--kb", kb) == 0
    assert run_main(monkeypatch, "ask", "夜间派送要预约吗", "--kb", kb, "--mode", "fast") == 3
    assert "answer mode 'fast' is unknown" in capsys.readouterr().err
