from __future__ import annotations

import json

from typer.testing import CliRunner


def test_chat_reads_one_message_per_line(lu, tmp_path):
    from luodi.cli import app

    kb = str(lu.settings.kb)
    lu.close()
    runner = CliRunner()
    stdin = "签回单服务每票收费多少？\n那定时派送呢？\n我负责西城区\n"
    r = runner.invoke(app, ["chat", "--kb", kb, "--user", "u", "--session", "s", "--json"], input=stdin)
    assert r.exit_code == 0, r.output
    lines = [json.loads(x) for x in r.output.splitlines()]
    assert len(lines) == 3
    assert lines[1]["rewritten_question"] == "定时派送服务每票收费多少？"
    assert lines[2]["memory"] == "remember"
    plain = runner.invoke(app, ["chat", "--kb", kb, "--user", "u"], input="你记得我什么\n")
    assert plain.output.count("\n") == 1 and "西城区" in plain.output
    listed = runner.invoke(app, ["memory", "list", "--user", "u", "--kb", kb, "--json"])
    assert json.loads(listed.output)["facts"][0]["value"] == "西城区"
    forgot = runner.invoke(app, ["memory", "forget", "--user", "u", "--kb", kb, "area", "--json"])
    assert json.loads(forgot.output)["facts"] == 1
    assert json.loads(runner.invoke(app, ["memory", "list", "--user", "u", "--kb", kb, "--json"]).output)["facts"] == []
