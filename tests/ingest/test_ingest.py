"""The ingest pipeline end to end on small files of our own (hash embedder: fast and deterministic)."""

from __future__ import annotations

import pytest

from luodi.app import Luodi
from luodi.config import load_settings
from luodi.errors import NotFoundError

RULES = "# 测试手册\n\n## 第一章 总则\n\n第一条 本手册适用于收派员。\n\n第二条 快件丢失的，最高赔偿500元。\n\n第三条 客服电话400-800-1234。\n"
OTHER = "# Pickup guide\n\nSection 1 Couriers call the customer 30 minutes before arrival.\n\nSection 2 Parcels over 30 kg need two people.\n"



def _write(path, text, encoding="utf-8"):
    path.write_bytes(text.encode(encoding))
    return path


def test_add_then_unchanged_then_update(lu, tmp_path):
    f = _write(tmp_path / "rules.md", RULES)
    [r] = lu.ingest([f], licence="internal")
    assert r.status == "added" and r.chunks >= 3
    gen = lu.store.generation()
    [r2] = lu.ingest([f])
    assert r2.status == "unchanged" and lu.store.generation() == gen
    _write(f, RULES.replace("500元", "800元"))
    [r3] = lu.ingest([f])
    assert r3.status == "updated" and r3.document_id == r.document_id
    doc = lu.document(r.document_id)
    assert doc.current_version == r3.version_id and len(lu.store.versions(doc.id)) == 2
    texts = " ".join(c.text for c in lu.store.current_chunks())
    assert "800元" in texts and "500元" not in texts
    assert doc.licence == "internal"


def test_a_newer_pipeline_rereads_files_but_keeps_versions_when_nothing_changed(lu, tmp_path,
                                                                               monkeypatch):
    import luodi.ingest as ingest

    plain = _write(tmp_path / "rules.md", RULES)
    marked = _write(tmp_path / "other.md", OTHER)
    first = {r.uri: r for r in lu.ingest([plain, marked], licence="internal")}
    monkeypatch.setattr(ingest, "PIPELINE_VERSION", ingest.PIPELINE_VERSION + "-next")
    real_clean = ingest.clean

    def newer_clean(raw):  # the newer pipeline writes other.md's text differently
        doc = real_clean(raw)
        doc.text = doc.text.replace("Section 2 Parcels", "Section 2: Parcels")
        return doc

    monkeypatch.setattr(ingest, "clean", newer_clean)
    again = {r.uri: r for r in lu.ingest([plain, marked])}
    assert again[str(plain)].status == "unchanged"  # same text: no new version
    assert again[str(plain)].version_id == first[str(plain)].version_id
    assert again[str(marked)].status == "updated"  # the newer cleaning changed its text
    assert [r.status for r in lu.ingest([plain, marked])] == ["unchanged", "unchanged"]


def test_bad_files_do_not_stop_the_batch(lu, tmp_path):
    good = _write(tmp_path / "good.md", RULES)
    empty = _write(tmp_path / "empty.txt", "")
    binary = tmp_path / "blob.txt"
    binary.write_bytes(bytes(range(256)) * 10)
    unknown = _write(tmp_path / "x.xyz", "hello")
    corrupt = tmp_path / "broken.pdf"
    corrupt.write_bytes(b"%PDF-1.4 this is not really a pdf")
    results = {r.uri.rsplit("/", 1)[-1]: r for r in lu.ingest([empty, binary, good, unknown, corrupt, tmp_path / "missing.md"])}
    assert results["good.md"].status == "added"
    for name in ("empty.txt", "blob.txt", "x.xyz", "broken.pdf", "missing.md"):
        assert results[name].status == "failed", name
        assert results[name].message and "\n" not in results[name].message
    assert lu.store.integrity_ok() and len(lu.documents()) == 1
    log = lu.store.ingest_log()
    assert sum(1 for row in log if row["status"] == "failed") == 5


def test_a_file_over_the_limit_fails_in_the_units_of_the_setting(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_MAX_FILE_MB", "1")
    big = _write(tmp_path / "big.md", "# 大\n\n" + "第一条 很长。\n" * 120_000)  # ~2.4 MiB
    good = _write(tmp_path / "good.md", RULES)
    with Luodi(settings=load_settings(tmp_path / "kb")) as lu:
        results = {r.uri.rsplit("/", 1)[-1]: r for r in lu.ingest([big, good])}
    assert results["good.md"].status == "added"
    assert results["big.md"].status == "failed"
    assert "over the 1 MB limit; raise LUODI_MAX_FILE_MB" in results["big.md"].message


def test_near_duplicate_is_not_indexed_twice(lu, tmp_path):
    a = _write(tmp_path / "a.md", RULES * 3)
    b = _write(tmp_path / "b.md", (RULES * 3).replace("快件", "快件").replace("收派员", "收派員"))
    trad = _write(tmp_path / "c.md", "# 測試手冊\n\n## 第一章 總則\n\n第一條 本手冊適用於收派員。\n\n第二條 快件丟失的，最高賠償500元。\n\n第三條 客服電話400-800-1234。\n" * 3)
    results = lu.ingest([a, b, trad])
    assert [r.status for r in results] == ["added", "duplicate", "duplicate"]
    assert "a.md" in results[1].message
    assert len(lu.documents()) == 1


def test_a_renamed_file_takes_its_documents_place_and_its_edits_reach_search(lu, tmp_path):
    old = _write(tmp_path / "rules.md", RULES * 3)
    lu.ingest([old])
    copy = _write(tmp_path / "copy.md", RULES * 3)
    assert lu.ingest([copy])[0].status == "duplicate"  # a copy beside a file still there
    copy.unlink()
    renamed = old.rename(tmp_path / "rules-2026.md")
    [moved] = lu.ingest([renamed])
    assert moved.status == "updated" and "whose file is gone (moved or renamed)" in moved.message
    assert [d.uri for d in lu.documents()] == [str(renamed)]
    assert len(lu.store.versions(moved.document_id)) == 2  # its history moved with it
    with pytest.raises(NotFoundError, match="any more: it moved to .*rules-2026.md"):
        lu.forget(str(old))
    renamed.write_text((RULES * 3).replace("500元", "800元"), encoding="utf-8")
    assert lu.ingest([renamed])[0].status == "updated"
    assert "800元" in lu.search("最高赔偿", k=1)[0].text


def test_a_renamed_file_keeps_the_date_its_text_was_given(lu, tmp_path):
    f = _write(tmp_path / "rules.md", RULES * 3)
    lu.ingest([f], effective_date="2020-01-01")
    _write(f, (RULES * 3).replace("500元", "800元"))
    lu.ingest([f], effective_date="2099-01-01")  # the next edition, ahead of its day
    [r] = lu.ingest([f.rename(tmp_path / "rules-new.md")])  # renamed, no date given
    assert r.status == "updated" and lu.document(r.document_id).effective_date == "2099-01-01"
    assert "500元" in lu.search("最高赔偿", k=1)[0].text  # still the edition in force


def test_a_gone_file_is_not_replaced_by_an_older_version_or_from_another_collection(lu, tmp_path):
    newer = _write(tmp_path / "测试手册(2023-05-01).md", RULES * 3)
    lu.ingest([newer])
    newer.unlink()
    older = _write(tmp_path / "测试手册(2019-01-01).md", RULES * 3)
    [r] = lu.ingest([older])
    assert r.status == "duplicate" and "an older version" in r.message
    moved = _write(tmp_path / "moved.md", RULES * 3)
    [r] = lu.ingest([moved], collection="other")
    assert r.status == "added"  # a document of its own there: the gone file's stays where it was
    assert sorted((d.collection, d.uri) for d in lu.documents()) == [("default", str(newer)), ("other", str(moved))]


def test_consent_no_is_refused_and_purges_earlier_copy(lu, tmp_path):
    f = _write(tmp_path / "rules.md", RULES)
    lu.ingest([f])
    [r] = lu.ingest([f], consent=False)
    assert r.status == "refused" and "opted out" in r.message
    assert lu.documents() == [] and lu.store.current_chunks() == []


def test_sidecar_sets_licence_consent_and_date(lu, tmp_path):
    _write(tmp_path / "rules.md", RULES)
    _write(tmp_path / "rules.md.source.toml", 'licence = "CC-BY-4.0"\neffective_date = "2026-01-01"\n')
    g = _write(tmp_path / "secret.md", OTHER)
    _write(tmp_path / "secret.md.source.toml", "consent = false\n")
    results = {r.uri.rsplit("/", 1)[-1]: r for r in lu.ingest([tmp_path])}
    assert results["rules.md"].status == "added" and results["secret.md"].status == "refused"
    assert "rules.md.source.toml" not in results
    doc = lu.document(results["rules.md"].document_id)
    assert doc.licence == "CC-BY-4.0" and doc.effective_date == "2026-01-01"
    assert g.exists()


@pytest.mark.parametrize("sidecar,says", [
    ('consent = "maybe"\n', "neither yes nor no"),  # never guessed either way
    ("licence = 5\n", 'licence = "internal"'),
    ("collection = 3\n", 'collection = "handbook"'),
    ("effective_date = 20260301\n", "is not a date"),
])
def test_a_sidecar_value_of_the_wrong_kind_fails_the_file(lu, tmp_path, sidecar, says):
    _write(tmp_path / "rules.md", RULES)
    _write(tmp_path / "rules.md.source.toml", sidecar)
    [r] = lu.ingest([tmp_path / "rules.md"])
    assert r.status == "failed" and says in r.message and not lu.documents()


def test_an_unquoted_toml_date_in_a_sidecar_is_the_effective_date(lu, tmp_path):
    _write(tmp_path / "rules.md", RULES)
    _write(tmp_path / "rules.md.source.toml", "effective_date = 2026-03-01\n")
    [r] = lu.ingest([tmp_path / "rules.md"])
    assert lu.document(r.document_id).effective_date == "2026-03-01"


def test_pii_is_masked_but_tracking_numbers_survive(lu, tmp_path):
    text = "第一条 联系人手机13812345678，运单号SF1234567890123，金额1,280.50元，日期2026-11-30。\n"
    f = _write(tmp_path / "pii.md", text)
    [r] = lu.ingest([f])
    assert r.pii >= 1
    stored = lu.store.version_text(r.version_id)
    assert "13812345678" not in stored
    for keep in ("SF1234567890123", "1,280.50元", "2026-11-30", "第一条"):
        assert keep in stored


def test_forget_purges_and_logs(lu, tmp_path):
    f = _write(tmp_path / "rules.md", RULES)
    [r] = lu.ingest([f])
    removed = lu.forget(r.document_id)
    assert removed["chunks"] == r.chunks and removed["vectors"] == r.chunks
    assert lu.documents() == [] and lu.search("赔偿") == []
    assert lu.store.ingest_log()[0]["action"] == "forget"


def test_encodings_are_detected(lu, tmp_path):
    gbk = _write(tmp_path / "gbk.txt", "第一条 快件丢失的，最高赔偿五百元。\n" * 5, "gb18030")
    big5 = _write(tmp_path / "big5.txt", "第一條 快件遺失者，最高賠償五百元。\n第二條 測試。\n" * 5, "big5")
    results = lu.ingest([gbk, big5])
    assert [r.status for r in results][0] == "added"
    assert "赔偿五百元" in lu.store.version_text(results[0].version_id)


def test_search_finds_ingested_text(lu, tmp_path):
    lu.ingest([_write(tmp_path / "rules.md", RULES), _write(tmp_path / "pickup.md", OTHER)])
    hits = lu.search("丢了赔多少钱", k=2)
    assert hits and "500元" in hits[0].text and hits[0].document.endswith("rules.md")
    assert lu.search("how long before arrival do couriers call", k=1)[0].document.endswith("pickup.md")


def test_a_page_without_headings_is_rooted_at_its_title(lu, tmp_path):
    page = ("<html><head><title>关于春节期间服务安排的公告 - 飞鸽快递</title></head><body>"
            "<p>春节服务期内收寄的每票快件加收节日服务费3元。</p><p>春节期间客服热线照常服务。</p></body></html>")
    lu.ingest([_write(tmp_path / "notice.html", page)])
    hits = lu.search("节日服务费", k=1)
    assert hits[0].section == "关于春节期间服务安排的公告"  # it was "": the notice named nowhere
    lu.ingest([_write(tmp_path / "note.txt", "备忘\n\n保价费每票最低2元，按声明价值的千分之五收取。")])
    assert lu.search("保价费最低多少", k=1)[0].section == ""  # a text file's first line is no title


def test_effective_dates_are_normalised_or_refused(lu, tmp_path):
    f = _write(tmp_path / "rules.md", RULES)
    [bad] = lu.ingest([f], effective_date="next spring")
    assert bad.status == "failed" and "YYYY-MM-DD" in bad.message
    [ok] = lu.ingest([f], effective_date="2026/3/1")
    assert ok.status == "added" and lu.document(ok.document_id).effective_date == "2026-03-01"
    upload = "# 偏远地区\n\n第五条 偏远地区附加费每票10元。\n".encode()
    bad = lu.ingest_bytes(upload, "upload.md", effective_date="soon")
    assert bad.status == "failed" and "YYYY-MM-DD" in bad.message
    ok = lu.ingest_bytes(upload, "upload.md", effective_date="2026/4/1")
    assert ok.status == "added" and lu.document(ok.document_id).effective_date == "2026-04-01"


def test_an_unchanged_file_given_another_date_or_licence_takes_it(lu, tmp_path):
    """Saying the right date is how a wrong one is corrected: not a silent "unchanged"."""
    (tmp_path / "docs").mkdir()
    f = _write(tmp_path / "docs" / "rules.md", RULES)
    [first] = lu.ingest([f], licence="internal", effective_date="2026-06-01")
    [moved] = lu.ingest([f], effective_date="2025-01-01")
    assert moved.status == "updated" and lu.document(first.document_id).effective_date == "2025-01-01"
    assert lu.search("赔偿", k=1, as_of="2025-12-01")  # in force on that day now
    assert lu.ingest([f], effective_date="2025-01-01")[0].status == "unchanged"
    [relicensed] = lu.ingest([f], licence="cc-by")  # no date given: the text keeps its date
    doc = lu.document(first.document_id)
    assert relicensed.status == "updated" and (doc.licence, doc.effective_date) == ("cc-by", "2025-01-01")
    assert [r.status for r in lu.ingest([f, f.parent, tmp_path / "docs" / "." / "rules.md"])] == ["unchanged"]


def test_effective_dates_stated_in_the_text(lu, tmp_path):
    from luodi.ingest.sources import detect_effective_date

    assert detect_effective_date("本手册自二〇二六年三月一日起施行。") == "2026-03-01"
    assert detect_effective_date("自２０２６年３月１日起實施") == "2026-03-01"
    assert detect_effective_date("自2026年2月30日起施行") is None  # no such day: no date, not a bad one
    assert detect_effective_date("原规则自2025年1月1日起施行。" + "另" * 60 + "本规则自2026年13月1日起施行") == "2025-01-01"
    [r] = lu.ingest([_write(tmp_path / "night.md", RULES + "\n第四条 本手册自2026年2月30日起施行。\n")])
    assert r.status == "added" and lu.document(r.document_id).effective_date is None


def test_a_file_in_another_collection_is_named_not_called_a_near_duplicate(lu, tmp_path):
    f = _write(tmp_path / "rules.md", RULES)
    [first] = lu.ingest([f])
    [again] = lu.ingest([f], collection="pricing")
    assert again.status == "duplicate" and "already indexed in collection 'default'" in again.message
    assert "near-duplicate" not in again.message and f"docs forget {first.document_id}" in again.message


def test_devices_and_pipes_fail_alone_without_reading(lu, tmp_path):
    import os

    (tmp_path / "zero.md").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "pipe.md")
    ok = _write(tmp_path / "ok.md", RULES)
    results = lu.ingest([tmp_path / "zero.md", tmp_path / "pipe.md", ok])
    assert [r.status for r in results] == ["failed", "failed", "added"]
    assert all("not a regular file" in r.message for r in results[:2])


def test_a_file_is_one_document_however_its_path_is_typed(lu, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "rules.md", RULES)
    [first] = lu.ingest(["rules.md"])
    assert first.status == "added" and first.uri == str(tmp_path / "rules.md")
    _write(tmp_path / "rules.md", RULES.replace("500元", "800元"))
    (tmp_path / "sub").mkdir()
    [second] = lu.ingest([tmp_path / "sub" / ".." / "rules.md"])
    assert second.status == "updated" and second.document_id == first.document_id
    assert len(lu.documents()) == 1
    assert "800元" in lu.search("快件丢失最高赔偿多少", k=1)[0].text
    assert all("500元" not in h.text for h in lu.search("快件丢失最高赔偿多少", k=5))
    assert lu.document("./rules.md").id == first.document_id  # filters and `docs show` too


def test_documents_ingested_under_a_relative_path_are_still_updated(lu, tmp_path, monkeypatch):
    import luodi.ingest

    monkeypatch.chdir(tmp_path)
    _write(tmp_path / "rules.md", RULES)
    with monkeypatch.context() as m:  # as ingestion named files before they got absolute paths
        m.setattr(luodi.ingest, "file_uri", str)
        [old] = lu.ingest(["rules.md"])
    assert old.uri == "rules.md"
    _write(tmp_path / "rules.md", RULES.replace("500元", "800元"))
    [new] = lu.ingest(["rules.md"])
    assert (new.status, new.document_id, new.uri) == ("updated", old.document_id, "rules.md")
    assert len(lu.documents()) == 1


def test_a_web_page_is_ingested_under_its_url(tmp_path, monkeypatch, web_server):
    base, routes = web_server
    url = f"{base}/rates"
    page = "<html><body><article><h1>运费</h1><p>{}</p></article></body></html>"
    routes["/rates"] = (200, {"Content-Type": "text/html"}, page.format("首重12元，续重每公斤5元。").encode())
    monkeypatch.setenv("LUODI_EMBEDDER", "hash")
    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    config = tmp_path / "config.toml"
    monkeypatch.setenv("LUODI_CONFIG", str(config))
    with Luodi(settings=load_settings(tmp_path / "kb")) as lu:  # loopback is refused by default
        [r] = lu.ingest([url])
        assert r.status == "failed" and "allow_hosts" in r.message and not lu.documents()
    config.write_text('[ingest]\nallow_hosts = ["127.0.0.1"]\n', encoding="utf-8")
    with Luodi(settings=load_settings(tmp_path / "kb")) as lu:
        [r] = lu.ingest([url + "#top"], licence="public")
        assert (r.status, r.uri) == ("added", url)
        assert [h.document for h in lu.search("续重每公斤多少钱", k=1)] == [url]
        assert lu.store.source(url).fetched_at
        assert lu.ingest([url])[0].status == "unchanged"
        routes["/rates"] = (200, {"Content-Type": "text/html"}, page.format("首重12元，续重每公斤6元。").encode())
        assert lu.ingest([url])[0].status == "updated"
        [refused] = lu.ingest([f"{base}/never-fetched"], consent=False)
        assert refused.status == "refused"  # not "HTTP 404": an opted-out source is not fetched
        lu.forget(url)
        assert not lu.documents()


def test_an_empty_collection_name_is_refused(lu, tmp_path):
    [r] = lu.ingest([_write(tmp_path / "rules.md", RULES)], collection=" ")
    assert r.status == "failed" and "collection name is empty" in r.message and not lu.documents()


def test_control_characters_in_a_question_never_break_a_store(lu, tmp_path):
    """A NUL (which PostgreSQL text cannot hold) or another control character in a question,
    through search, answer, memory and the cache, on each backend (the `lu` fixture runs both)."""
    lu.ingest([_write(tmp_path / "rules.md", RULES)])
    for question in ("运费\x00多少？", "\x07运费\x1b多少\x00"):
        answer = lu.ask(question, user="u", session="s1")
        assert answer.answer and "\x00" not in answer.answer
        assert lu.search(question)
    sid = lu.store.memory_session("default", "u", "s1", "2026-03-01T00:00:00", create=False)
    assert all("\x00" not in t["content"] for t in lu.store.memory_turns(sid))


def test_a_page_long_user_or_session_is_refused_before_any_write(lu, tmp_path):
    from luodi.errors import InputError

    lu.ingest([_write(tmp_path / "rules.md", RULES)])
    for kw in ({"user": "u" * 201}, {"session": "s" * 201}):
        with pytest.raises(InputError, match="over 200 characters"):
            lu.ask("客服电话是多少？", **kw)
    assert lu.ask("客服电话是多少？", user="u" * 200, session="s\x00" * 100).answer


@pytest.mark.parametrize("k", [0, -1, 2.5, "3", None, True])
def test_a_hit_count_that_is_not_a_positive_whole_number_is_refused(lu, tmp_path, k):
    from luodi.errors import InputError

    lu.ingest([_write(tmp_path / "rules.md", RULES)])
    with pytest.raises(InputError, match="k "):
        lu.search("赔偿", k=k)
    with pytest.raises(InputError, match="k "):
        lu.ask("丢了赔多少？", k=k)
