"""`luodi ingest` then `luodi search` through the CLI: the --json and --batch shapes of
DESIGN.md, the filters (collection, document, as_of) and per-line errors."""

from __future__ import annotations

import json
import select
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from luodi.cli import app
from luodi.errors import InputError, NotFoundError

V1 = "# 派送规则\n\n第五条 每件快件最多派送3次。\n\n第六条 生鲜件当日派送。\n"
V2 = V1.replace("3次", "2次")


@pytest.fixture
def kb(tmp_path, cli_home):
    rules, faq = tmp_path / "rules.md", tmp_path / "faq.md"
    faq.write_text("# FAQ\n\n派送失败时快递员会短信通知收件人。\n", encoding="utf-8")
    kb = str(tmp_path / "kb")
    for text, day in ((V1, "2025-01-01"), (V2, "2026/1/1")):
        rules.write_text(text, encoding="utf-8")
        r = CliRunner().invoke(app, ["ingest", str(rules), str(faq), "--kb", kb, "--effective-date", day])
        assert r.exit_code == 0, r.output
    return kb, str(rules)


def search(kb, *args):
    r = CliRunner().invoke(app, ["search", *args, "--kb", kb])
    if r.exception and not isinstance(r.exception, SystemExit):
        raise r.exception
    return [json.loads(line) for line in r.stdout.splitlines() if line.startswith("{")]


def test_json_shape_and_the_current_version_by_default(kb):
    kb, _ = kb
    [out] = search(kb, "最多派送几次", "-k", "1", "--json")
    hit = out["hits"][0]
    assert out["query"] == "最多派送几次"
    assert {"document", "section", "text", "score", "chunk", "scores", "superseded"} <= set(hit)
    assert hit["document"].endswith("rules.md") and "2次" in hit["text"] and not hit["superseded"]
    for blank in ("   ", "？！", "📦"):  # nothing to search for: said, not answered with the nearest
        with pytest.raises(InputError, match="empty|no words"):
            search(kb, blank, "--json")
    for vague in ("的吗", "是什么？", "可以嗎", "What is it?"):  # words, none with a topic
        with pytest.raises(InputError, match="only function words"):
            search(kb, vague, "--json")
    for short in ("派送", "几次", "SMS", "3", "IT", "DO", "What about DO", "May"):  # codes, names
        assert search(kb, short, "--json")[0]["query"] == short
    with pytest.raises(InputError, match="over 2000 characters"):  # as ask and GET /api/search
        search(kb, "派送" * 1001, "--json")
    with pytest.raises(InputError, match="at least 1"):
        search(kb, "派送", "-k", "0")
    with pytest.raises(NotFoundError, match="no collection 'nope'.*default"):
        search(kb, "派送", "--collection", "nope")


def test_a_version_ingested_ahead_of_its_date_waits_for_it(kb):
    """Searches and answers read the version in force today: a rule not in force yet is not
    quoted, and says when it takes effect where a day after it is asked for."""
    kb, rules = kb
    Path(rules).write_text(V1.replace("3次", "4次"), encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", rules, "--kb", kb, "--effective-date", "2099-01-01"])
    assert r.exit_code == 0 and "takes effect 2099-01-01" in r.stdout, r.output
    [out] = search(kb, "最多派送几次", "-k", "1", "--json")
    hit = out["hits"][0]
    assert "2次" in hit["text"] and hit["superseded"] and hit["effective_date"] == "2026-01-01"
    text = CliRunner().invoke(app, ["search", "最多派送几次", "-k", "1", "--kb", kb]).stdout
    assert "in force today; a newer version takes effect later" in text
    [out] = search(kb, "最多派送几次", "-k", "1", "--json", "--as-of", "2099-01-01")
    assert "4次" in out["hits"][0]["text"] and out["hits"][0]["effective_date"] == "2099-01-01"
    assert "(takes effect 2099-01-01)" in CliRunner().invoke(
        app, ["search", "最多派送几次", "-k", "1", "--kb", kb, "--as-of", "2099-01-01"]).stdout

    def ask(*args):
        r = CliRunner().invoke(app, ["ask", "每件快件最多派送几次？", "--json", "--kb", kb, *args])
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    first, again = ask(), ask("--now", "2098-12-31T23:00:00+08:00")  # cached: no version took effect between
    assert "2次" in first["answer"] and "2次" in again["answer"] and again.get("cached")
    assert first["takes_effect_later"] == [{"document": rules, "effective_date": "2099-01-01"}]
    later = ask("--now", "2099-01-02T09:00:00+08:00")  # that day, not served from the cache
    assert "4次" in later["answer"] and not later.get("cached") and "takes_effect_later" not in later
    text = CliRunner().invoke(app, ["ask", "每件快件最多派送几次？", "--kb", kb]).stdout
    assert f"a newer version of {rules} takes effect 2099-01-01" in text
    shown = CliRunner().invoke(app, ["docs", "show", rules, "--kb", kb]).stdout
    assert "in force since 2026-01-01" in shown and "takes effect 2099-01-01  (newest)" in shown
    # the date corrected: the replaced version never takes effect, and says so
    r = CliRunner().invoke(app, ["ingest", rules, "--kb", kb, "--effective-date", "2026-06-01"])
    assert r.exit_code == 0 and "takes effect" not in r.stdout, r.output
    shown = CliRunner().invoke(app, ["docs", "show", rules, "--kb", kb]).stdout
    assert "takes effect" not in shown and shown.count("superseded by") == 3 and "in force since 2026-06-01" in shown


def test_two_versions_ahead_each_take_effect_on_their_day(kb):
    kb, rules = kb
    for n, day in ((4, "2099-03-01"), (5, "2099-05-01")):
        Path(rules).write_text(V1.replace("3次", f"{n}次"), encoding="utf-8")
        CliRunner().invoke(app, ["ingest", rules, "--kb", kb, "--effective-date", day])
    shown = CliRunner().invoke(app, ["docs", "show", rules, "--kb", kb]).stdout
    assert "takes effect 2099-03-01\n" in shown and "takes effect 2099-05-01  (newest)" in shown
    r = CliRunner().invoke(app, ["ask", "每件快件最多派送几次？", "--json", "--kb", kb])
    assert json.loads(r.stdout)["takes_effect_later"][0]["effective_date"] == "2099-03-01"
    for now, n in (("2099-03-15T09:00", "4次"), ("2099-05-02T09:00", "5次")):
        r = CliRunner().invoke(app, ["ask", "每件快件最多派送几次？", "--json", "--kb", kb, "--now", now])
        assert n in json.loads(r.stdout)["answer"], (now, r.stdout)


def test_a_new_document_not_in_force_yet_is_said_to_be_so(kb, tmp_path):
    kb, _ = kb
    cold = tmp_path / "cold.md"
    cold.write_text("# 冷库规定\n\n冷库温度保持在零下十八度。\n", encoding="utf-8")
    r = CliRunner().invoke(app, ["ingest", str(cold), "--kb", kb, "--effective-date", "2099-06-01"])
    assert "takes effect 2099-06-01: until then it is not searched" in r.stdout, r.output
    r = CliRunner().invoke(app, ["search", "冷库温度", "--kb", kb, "--document", str(cold)])
    assert "no passages in force today; 1 document(s) take effect later (the first 2099-06-01" in r.stderr
    [out] = search(kb, "冷库温度", "--json", "--as-of", "2099-06-01", "--document", str(cold))
    assert "零下十八度" in out["hits"][0]["text"]
    shown = CliRunner().invoke(app, ["docs", "show", str(cold), "--kb", kb]).stdout
    assert "takes effect 2099-06-01  (newest; not searched before then)" in shown
    assert "(later)" in CliRunner().invoke(app, ["docs", "list", "--kb", kb]).stdout  # its effective date


def test_a_new_rule_on_the_subject_of_a_cached_answer_is_read(kb, tmp_path):
    kb, _ = kb

    def ask():
        r = CliRunner().invoke(app, ["ask", "生鲜件什么时候派送？", "--json", "--kb", kb])
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    assert "当日派送" in ask()["answer"] and ask().get("cached")
    other = tmp_path / "other.md"
    other.write_text("# 冷库\n\n冷库温度保持在零下十八度。\n", encoding="utf-8")
    CliRunner().invoke(app, ["ingest", str(other), "--kb", kb])
    assert ask().get("cached")  # nothing of the question in it: the cache stays warm
    fresh = tmp_path / "fresh.md"
    fresh.write_text("# 生鲜件\n\n生鲜件必须在收寄后4小时内派送。\n", encoding="utf-8")
    CliRunner().invoke(app, ["ingest", str(fresh), "--kb", kb])
    again = ask()  # a new rule on the subject: answered again, and from it
    assert not again.get("cached") and "4小时" in again["answer"], again


def test_a_cached_answer_still_loads_no_index(kb):
    # which day to read comes from the document list, not from the search index
    from luodi.app import Luodi
    from luodi.config import load_settings

    kb, _ = kb
    for _ in range(2):
        with Luodi(settings=load_settings(kb)) as lu:
            answer = lu.ask("每件快件最多派送几次？")
    assert answer.extra.get("cached") and lu._retriever is None and "2次" in answer.answer


def test_an_article_cited_without_its_di_after_the_rulebook_name(kb):
    kb, _ = kb
    for query in ("派送规则6条", "派送规则 六条", "派送規則6條"):
        [out] = search(kb, query, "-k", "1", "--json")
        assert "生鲜件" in out["hits"][0]["text"] and out["hits"][0]["scores"].get("cited"), query
    r = CliRunner().invoke(app, ["ask", "派送规则六条讲了什么", "--json", "--kb", kb, "--no-cache"])
    assert "生鲜件当日派送" in json.loads(r.stdout)["answer"], r.output


def test_as_of_and_document_filters(kb):
    kb, rules = kb
    [out] = search(kb, "最多派送几次", "-k", "1", "--json", "--as-of", "2025-06-01")
    assert "3次" in out["hits"][0]["text"] and out["hits"][0]["superseded"]
    [out] = search(kb, "短信通知", "--json", "--document", rules)
    assert {h["document"] for h in out["hits"]} == {rules}
    with pytest.raises(InputError, match="YYYY-MM-DD"):
        search(kb, "派送", "--as-of", "next week")
    with pytest.raises(NotFoundError, match="docs list"):
        search(kb, "派送", "--document", "missing.md")


def test_batch_keeps_ids_takes_per_line_filters_and_reports_bad_lines(kb, tmp_path):
    kb, rules = kb
    lines = [{"id": "a", "query": "最多派送几次"},
             {"id": "b", "query": "最多派送几次", "as_of": "2025-06-01"},
             {"id": "c", "query": "派送", "document": "missing.md"},
             {"id": "d", "query": "派送", "as_of": "soon"},
             {"id": 5, "query": "短信通知", "document": [rules]}]
    batch = tmp_path / "q.jsonl"
    batch.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines), encoding="utf-8")
    out = {o["id"]: o for o in search(kb, "--batch", str(batch), "-k", "1")}
    assert list(out) == ["a", "b", "c", "d", 5]
    assert "2次" in out["a"]["hits"][0]["text"] and "3次" in out["b"]["hits"][0]["text"]
    assert "missing.md" in out["c"]["error"] and "YYYY-MM-DD" in out["d"]["error"]
    assert out["c"]["query"] == "派送"  # a failed line says which request it was
    assert out[5]["hits"][0]["document"] == rules
    # "-" reads the lines from standard input, for a pipe
    r = CliRunner().invoke(app, ["search", "--batch", "-", "--kb", kb, "-k", "1"], input='{"id": "p", "query": "最多派送几次"}\n')
    assert r.exit_code == 0, r.output
    assert [json.loads(o)["id"] for o in r.stdout.splitlines()] == ["p"]


def test_batch_lines_carry_their_number_beside_any_id(kb, tmp_path):
    # a line without an id gets its number, which another line may have chosen as its id
    kb, _ = kb
    batch = tmp_path / "q.jsonl"
    batch.write_text('{"id": 2, "query": "派送"}\n最多派送几次\n{"query": "短信通知"}\n', encoding="utf-8")
    out = search(kb, "--batch", str(batch), "-k", "1")
    assert [(o["id"], o["line"]) for o in out] == [(2, 1), (2, 2), (3, 3)]


def test_batch_from_a_closed_standard_input_says_so(monkeypatch):
    from luodi.cli import read_batch

    monkeypatch.setattr(sys, "stdin", None)
    with pytest.raises(InputError, match="closed"):
        list(read_batch(Path("-"), "query"))


def test_batch_from_a_pipe_answers_each_line_as_it_comes(kb):
    # a program that writes one request and waits for its answer must get it before it closes the pipe
    kb, _ = kb
    proc = subprocess.Popen([sys.executable, "-c", "from luodi.cli import main; main()", "search",
                             "--batch", "-", "--kb", kb, "-k", "1"],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    try:
        proc.stdin.write('{"id": "first", "query": "最多派送几次"}\n'.encode())
        proc.stdin.flush()
        ready, _, _ = select.select([proc.stdout], [], [], 120)
        assert ready, "no answer while the pipe is still open"
        assert json.loads(proc.stdout.readline())["id"] == "first"
        proc.stdin.close()
        assert proc.wait(60) == 0
    finally:
        proc.kill()


def test_ask_as_of_answers_from_the_version_then_in_force(kb, tmp_path):
    kb, _ = kb

    def ask(*args):
        r = CliRunner().invoke(app, ["ask", "每件快件最多派送几次？", "--json", "--kb", kb, *args])
        assert r.exit_code == 0, r.output
        return json.loads(r.stdout)

    assert "2次" in ask()["answer"]
    past = ask("--as-of", "2025-06-01")  # not served from the cache of the question above
    assert "3次" in past["answer"] and "2次" not in past["answer"]
    assert "2次" in ask()["answer"]


def test_chat_as_of_carries_the_day_through_follow_ups(kb):
    kb, _ = kb
    stdin = "每件快件最多派送几次？\n生鲜件呢？\n"
    r = CliRunner().invoke(app, ["chat", "--kb", kb, "--user", "u", "--json", "--as-of", "2025-06-01"],
                           input=stdin)
    assert r.exit_code == 0, r.output
    first, follow = [json.loads(line) for line in r.stdout.splitlines()]
    assert "3次" in first["answer"] and first["as_of"] == "2025-06-01"
    assert follow["as_of"] == "2025-06-01"
    r = CliRunner().invoke(app, ["chat", "--kb", kb, "--as-of", "soon"], input="派送几次？\n")
    assert isinstance(r.exception, InputError) and "YYYY-MM-DD" in str(r.exception)


def test_batch_lines_of_the_wrong_shape_fail_alone(kb, tmp_path):
    kb, _ = kb
    lines = ['{"id": "ok", "query": "最多派送几次", "k": 2}',
             '{"id": "n", "query": null}', '{"id": "i", "query": 123}', '{"id": "x", "query": "派送"',
             '{"id": "c", "query": "派送", "collection": ["a"]}',
             '{"id": "f", "query": "派送", "document": 1.5}',
             '{"id": "k", "query": "派送", "k": "many"}', '{"id": "q"}',
             '{"id": "last", "query": "短信通知"}']
    batch = tmp_path / "q.jsonl"
    batch.write_bytes(b"\xef\xbb\xbf" + "\n".join(lines).encode())  # with a BOM, as some editors save
    r = CliRunner().invoke(app, ["search", "--batch", str(batch), "--kb", kb])
    assert r.exit_code == 1 and "7 of 9 lines" in r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["ok", "n", "i", 4, "c", "f", "k", "q", "last"]
    assert out[0]["query"] == "最多派送几次" and len(out[0]["hits"]) == 2
    assert all("error" in o for o in out[1:-1]), out
    assert "string" in out[1]["error"] and "not JSON" in out[3]["error"] and "query" in out[3]["error"]
    assert "短信" in out[-1]["hits"][0]["text"]
    batch.write_text("\n  \n", encoding="utf-8")  # the wrong file, most likely: said, not silent
    with pytest.raises(InputError, match="holds no lines.*\"query\""):
        search(kb, "--batch", str(batch))


def test_odd_text_in_a_batch_fails_only_its_own_line(kb, tmp_path):
    """A lone surrogate escape, a line break inside a JSON string (U+2028, U+0085) and a line in
    another encoding: the output stays one JSON line a request, and the other lines run."""
    kb, _ = kb
    batch = tmp_path / "q.jsonl"
    batch.write_bytes(b"\n".join([
        b'{"id": "\\ud83d", "query": "\xe6\xb4\xbe\xe9\x80\x81 \\ud83d"}',
        json.dumps({"id": "ls", "query": "最多派送\u2028几次"}, ensure_ascii=False).encode(),
        json.dumps({"id": "nel", "query": "短信\x85通知"}, ensure_ascii=False).encode(),
        "派送几次".encode("gbk"),
        b'{"id": "last", "query": "short"}\r']))
    r = CliRunner().invoke(app, ["search", "--batch", str(batch), "--kb", kb])
    assert r.exit_code == 1 and "1 of 5 lines" in r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["\ud83d", "ls", "nel", 4, "last"]
    assert out[0]["hits"] and out[1]["query"] == "最多派送\u2028几次" and out[2]["hits"]
    assert "not UTF-8" in out[3]["error"] and "q.jsonl:4" in out[3]["error"]


def test_a_batch_of_plain_lines_is_one_request_a_line(kb, tmp_path):
    """A file of questions one per line is what people write first: each line is the question."""
    kb, _ = kb
    batch = tmp_path / "questions.txt"
    batch.write_text('最多派送几次？\n\n"短信通知什么时候发？"\n{"id": "j", "question": "派送几次？"}\n', encoding="utf-8")
    r = CliRunner().invoke(app, ["ask", "--batch", str(batch), "--kb", kb, "--mode", "extractive"])
    assert r.exit_code == 0 and not r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == [1, 3, "j"] and all("answer" in o for o in out)
    assert "2次" in out[0]["answer"] and "短信" in out[1]["answer"], out  # the line, unquoted, was asked
    r = CliRunner().invoke(app, ["search", "--batch", str(batch), "--kb", kb, "--json"])
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert out[0]["query"] == "最多派送几次？" and out[0]["hits"]
    assert "needs an object with" in out[2]["error"] and out[2]["id"] == "j"  # a search line needs "query"


def test_a_mistyped_kb_is_reported_not_created(kb, tmp_path):
    missing = tmp_path / "no-such-kb"
    for args in (["search", "派送"], ["ask", "派送几次？"], ["docs", "list"]):
        r = CliRunner().invoke(app, [*args, "--kb", str(missing)])
        assert isinstance(r.exception, NotFoundError) and "luodi ingest" in str(r.exception)
    assert not missing.exists()
    afile = tmp_path / "afile.txt"
    afile.write_text("x", encoding="utf-8")
    r = CliRunner().invoke(app, ["search", "派送", "--kb", str(afile)])
    assert isinstance(r.exception, InputError) and "is a file" in str(r.exception)


def test_no_hits_says_why_on_stderr(kb, tmp_path):
    kb, _ = kb
    r = CliRunner().invoke(app, ["search", "派送", "--kb", kb, "--as-of", "2000-01-01"])
    assert r.exit_code == 0 and not r.stdout.strip()
    assert "no passages match these filters" in r.stderr
    r = CliRunner().invoke(app, ["search", "派送", "--kb", kb, "--as-of", "2000-01-01", "--json"])
    assert json.loads(r.stdout)["hits"] == [] and not r.stderr  # machines read the empty list
    empty = tmp_path / "empty.md"
    empty.write_text("", encoding="utf-8")
    fresh = str(tmp_path / "fresh")
    CliRunner().invoke(app, ["ingest", str(empty), "--kb", fresh])  # the empty file fails alone
    r = CliRunner().invoke(app, ["search", "派送", "--kb", fresh])
    assert r.exit_code == 0 and not r.stdout.strip()
    assert "holds no documents yet" in r.stderr and "luodi ingest" in r.stderr


def test_ask_batch_answers_each_line_and_reports_bad_ones_in_place(kb, tmp_path):
    kb, _ = kb
    lines = ['{"id": "ok", "question": "最多派送几次？"}', '{"question": 最多}', '{"id": "t", "question": "派送几次？", "as_of": 5}',
             '{"question": "生鲜件什么时候派送？"}']
    batch = tmp_path / "a.jsonl"
    batch.write_text("\n".join(lines), encoding="utf-8")
    r = CliRunner().invoke(app, ["ask", "--batch", str(batch), "--kb", kb, "--mode", "extractive"])
    assert r.exit_code == 1  # every line answered or reported, and the failures said by the exit code
    assert "2 of 4 lines" in r.stderr and "failed" in r.stderr
    out = [json.loads(line) for line in r.stdout.splitlines()]
    assert [o["id"] for o in out] == ["ok", 2, "t", 4]
    assert "answer" in out[0] and "not JSON" in out[1]["error"] and "as_of must be a string" in out[2]["error"]
    assert "answer" in out[3]
    batch.write_text("\n".join(lines[::3]), encoding="utf-8")  # every line good: exit 0
    r = CliRunner().invoke(app, ["ask", "--batch", str(batch), "--kb", kb, "--mode", "extractive"])
    assert r.exit_code == 0 and not r.stderr and len(r.stdout.splitlines()) == 2


def test_a_cited_article_comes_first_and_says_so(kb):
    kb, _ = kb
    r = CliRunner().invoke(app, ["search", "派送规则第六条", "--kb", kb, "-k", "2"])
    assert r.exit_code == 0, r.output
    first = r.stdout.split("\n\n")[0]
    assert "第六条" in first and "(cited by the query)" in first
    [out] = search(kb, "派送规则第六条", "-k", "2", "--json")
    assert out["hits"][0]["scores"]["cited"] == 1.0 and "cited" not in out["hits"][1]["scores"]


def test_brackets_in_paths_and_headings_print_as_they_are(tmp_path, cli_home):
    """Rich would read "[red]" or "[/]" in a file name or a heading as markup, or fail on it."""
    folder = tmp_path / "rates"
    folder.mkdir()
    doc = folder / "[draft] rates [red].md"
    doc.write_text("# Rate card [/b] notes\n\n## Tier [bold]A[/bold] pricing [/]\n\nThe tier A price is 42 yuan.\n",
                   encoding="utf-8")
    kb = str(tmp_path / "kb")
    r = CliRunner().invoke(app, ["ingest", str(folder), "--kb", kb])
    assert r.exit_code == 0 and "[draft] rates [red].md" in r.stdout, r.output
    for args in (["search", "tier A price"], ["docs", "list"], ["ask", "What is the tier A price?"]):
        r = CliRunner().invoke(app, [*args, "--kb", kb])
        assert r.exit_code == 0, (args, r.output)
        assert "[/b]" in r.stdout.replace("\n", " ") or args[0] == "docs", r.stdout
    assert "Tier [bold]A[/bold] pricing [/]" in CliRunner().invoke(app, ["search", "tier A price", "--kb", kb]).stdout
