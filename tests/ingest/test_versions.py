"""Two files holding two versions of one text (a regulation amended later): the newer is indexed
and the older is not, whatever order they arrive in (luodi.ingest.versions)."""

from __future__ import annotations

from luodi.ingest.versions import amended_on, version_order

TOPICS = ["收寄验视", "实名登记", "安全检查", "车辆管理", "人员培训", "包装标准", "投诉处理", "信息保护",
          "应急预案", "档案保存", "夜间派送", "冷链运输", "末端网点", "加盟管理", "保价理赔", "禁寄物品",
          "高峰调度", "无人车辆", "智能快件箱", "跨境寄递"]
ARTICLES = "".join(
    f"第{i + 1}条 {topic}由企业指定{i + 2}名专人负责，每{i + 3}日自查一次，"
    f"{topic}中发现的问题应当在{i + 4}小时内报告所在地主管部门，"
    f"登记编号{7919 ** (i + 3) % 10 ** 12:012d}至{104729 ** (i + 2) % 10 ** 12:012d}。\n\n"
    for i, topic in enumerate(TOPICS))
OLD = ("# 城市快递服务管理办法\n\n2019年3月2日 市人民政府第12次常务会议通过\n\n"
       "## 第一章 总则\n\n" + ARTICLES + "第二十一条 违反本办法的，处500元罚款。\n")
NEW = ("# 城市快递服务管理办法\n\n2019年3月2日 市人民政府第12次常务会议通过\n\n"
       "2024年6月1日 市人民政府第40次常务会议修正\n\n"
       "## 第一章 总则\n\n" + ARTICLES + "第二十一条 违反本办法的，处2000元罚款。\n")



def _files(tmp_path):
    old, new = tmp_path / "办法(2019-03-02).md", tmp_path / "办法(2024-06-01).md"
    old.write_text(OLD, "utf-8")
    new.write_text(NEW, "utf-8")
    return old, new


def _indexed(lu) -> str:
    return " ".join(c.text for c in lu.store.current_chunks())


def test_the_amendment_date_is_read_from_the_header_or_the_file_name():
    assert amended_on(NEW) == "header 2024-06-01"
    assert amended_on(OLD) == "header 2019-03-02"
    assert amended_on("# 规则\n\n第一条 2030年1月1日通过的不算。", "/x/规则(2023-05-01).md") == "name 2023-05-01"
    assert amended_on("# 规则\n\n第一条 无日期。") is None
    assert version_order("办法", "header 2024-06-01", "办法", "header 2019-03-02") == 1
    assert version_order("办法", "header 2019-03-02", "办法", "header 2024-06-01") == -1
    assert version_order("办法", "header 2024-06-01", "另一办法", "header 2019-03-02") == 0  # another title
    assert version_order("办法", "header 2024-06-01", "办法", "name 2019-03-02") == 0  # read differently


def test_in_one_run_the_newer_version_is_indexed_and_the_older_is_not(lu, tmp_path):
    old, new = _files(tmp_path)
    r_old, r_new = lu.ingest([old, new])
    assert r_old.status == "duplicate" and "older version" in r_old.message
    assert r_new.status == "added" and "replaces" in r_new.message
    assert len(lu.documents()) == 1 and "2000元" in _indexed(lu) and "500元罚款" not in _indexed(lu)


def test_a_newer_version_later_replaces_the_older_and_the_older_stays_out(lu, tmp_path):
    old, new = _files(tmp_path)
    [r_old] = lu.ingest([old])
    assert r_old.status == "added"
    [r_new] = lu.ingest([new])
    assert r_new.status == "updated" and old.name in r_new.message
    assert [d.uri for d in lu.documents()] == [str(new)]
    assert len(lu.store.versions(r_new.document_id)) == 2  # the older edition kept as its history
    again = lu.ingest([old, new])  # the folder ingested again: nothing changes
    assert [r.status for r in again] == ["duplicate", "unchanged"]
    assert len(lu.documents()) == 1 and "2000元" in _indexed(lu)


def test_a_new_edition_that_takes_effect_later_leaves_the_one_in_force_searched(lu, tmp_path):
    old, new = _files(tmp_path)
    lu.ingest([old], effective_date="2020-01-01", licence="CC-BY-4.0")
    [r] = lu.ingest([new], effective_date="2099-01-01")
    assert r.status == "updated" and "read the version before it" in r.message
    hit = lu.search("违反本办法罚款多少", k=1)[0]
    assert "500元罚款" in hit.text and hit.document == str(old)  # cited by the file that holds it
    hit = lu.search("违反本办法罚款多少", k=1, as_of="2099-01-01")[0]
    assert "2000元" in hit.text and hit.document == str(new)
    assert lu.document(str(new)).licence == "CC-BY-4.0"  # an update keeps the licence
    answer = lu.ask("违反本办法的罚款是多少？", use_cache=False)  # cites the file in force, says what comes
    assert [c.document for c in answer.citations] == [str(old)]
    assert answer.extra["takes_effect_later"] == [{"document": str(old), "effective_date": "2099-01-01"}]


def test_a_chain_of_editions_in_one_run_continues_one_document(lu, tmp_path):
    old, new = _files(tmp_path)
    lu.ingest([old])
    renamed = old.rename(tmp_path / "办法(2019-03-02)-copy.md")  # the stored edition's file, renamed
    results = lu.ingest([renamed, new])  # …and the newer edition beside it, in one run
    assert [r.status for r in results] == ["duplicate", "updated"], [r.message for r in results]
    assert [d.uri for d in lu.documents()] == [str(new)]
    assert len(lu.store.versions(results[1].document_id)) == 2


def test_a_new_edition_in_another_collection_does_not_take_the_documents_place(lu, tmp_path):
    old, new = _files(tmp_path)
    lu.ingest([old], collection="hr")
    [r] = lu.ingest([new], collection="finance")
    assert r.status == "added" and "its versions stay" not in r.message
    assert [(d.uri, d.collection) for d in lu.documents()] == [(str(new), "finance")]


def test_an_older_version_after_the_newer_is_not_indexed(lu, tmp_path):
    old, new = _files(tmp_path)
    lu.ingest([new])
    [r_old] = lu.ingest([old])
    assert r_old.status == "duplicate" and "older version" in r_old.message and "amended 2019-03-02" in r_old.message
    assert len(lu.documents()) == 1


def test_copies_are_still_duplicates(lu, tmp_path):
    old, _ = _files(tmp_path)
    copy = tmp_path / "copy.md"
    copy.write_text(OLD, "utf-8")
    results = lu.ingest([old, copy])
    assert [r.status for r in results] == ["added", "duplicate"] and "near-duplicate" in results[1].message
