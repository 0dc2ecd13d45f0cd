"""A near-duplicate is not indexed twice only when it says nothing the stored text does not."""

from __future__ import annotations

COMMON = "".join(f"第{i}条 {t}\n" for i, t in enumerate([
    "寄件人应当如实填写收件人姓名、地址和联系电话，并接受收寄验视。",
    "快件丢失、损毁的，保价快件按照保价金额赔偿，未保价快件最高赔偿运费的三倍。",
    "禁止寄递易燃易爆、腐蚀性、放射性物品以及国家禁止流通的物品。",
    "网点工作人员应当佩戴工牌上岗，不得拒收符合规定的快件。",
    "客户对服务有异议的，网点应当在三个工作日内答复。",
    "寄件人可以在快件发出前申请撤回，改寄费用另计。"], start=3))


def _rules(city: str, hours: str, price: int) -> str:
    return f"{city}网点服务规则\n\n第1条 {city}网点营业时间为每日{hours}。\n第2条 首重一公斤{price}元。\n{COMMON}"


def _write(path, text):
    path.write_text(text, encoding="utf-8")
    return path


def test_two_branches_from_one_template_are_both_kept(lu, tmp_path):
    gz = _write(tmp_path / "guangzhou.txt", _rules("广州", "上午八点至下午六点", 12))
    sz = _write(tmp_path / "shenzhen.txt", _rules("深圳", "上午九点至晚上十点", 10))
    assert [r.status for r in lu.ingest([gz])] == ["added"]
    assert [r.status for r in lu.ingest([sz])] == ["added"]  # stored first, then in a run of its own
    hits = lu.search("深圳网点营业时间", k=1)
    assert "晚上十点" in hits[0].text


def test_a_copy_that_adds_nothing_is_still_not_indexed_twice(lu, tmp_path):
    text = _rules("广州", "上午八点至下午六点", 12)
    original = _write(tmp_path / "a.txt", text + "\n本文由总部发布，转载请注明出处。\n")
    shorter = _write(tmp_path / "b.txt", text.replace("。", "．"))  # no footer, other punctuation
    results = lu.ingest([original, shorter])
    assert [r.status for r in results] == ["added", "duplicate"]
    assert "near-duplicate of" in results[1].message


def test_the_same_text_in_another_collection_is_indexed_there(lu, tmp_path):
    (tmp_path / "hr").mkdir()
    (tmp_path / "ops").mkdir()
    text = _rules("广州", "上午八点至下午六点", 12)
    [hr] = lu.ingest([_write(tmp_path / "hr" / "rules.txt", text)], collection="hr")
    [ops] = lu.ingest([_write(tmp_path / "ops" / "rules.txt", text)], collection="ops")
    assert hr.status == ops.status == "added"
    assert lu.search("营业时间", k=1, collection="ops")[0].document.endswith("ops/rules.txt")


def test_an_edit_that_copies_another_document_is_still_this_files_new_version(lu, tmp_path):
    bj = _write(tmp_path / "beijing.txt", _rules("北京", "上午八点至下午六点", 12))
    sh = _write(tmp_path / "shanghai.txt", _rules("上海", "上午九点至晚上九点", 10))
    lu.ingest([bj, sh])
    _write(bj, sh.read_text(encoding="utf-8"))  # the branch adopts Shanghai's rules word for word
    [result] = lu.ingest([bj])
    assert result.status == "updated"
    hits = lu.search("营业时间", k=5)
    assert not any("下午六点" in h.text for h in hits)  # the old text is no longer in force


def test_texts_whose_figures_differ_only_in_a_sign_are_both_kept(lu, tmp_path):
    a = _write(tmp_path / "a.md", _rules("广州", "上午八点至下午六点", 12) + "冷库储存温度为-18℃以下。\n")
    b = _write(tmp_path / "b.md", _rules("广州", "上午八点至下午六点", 12) + "冷库储存温度为18℃以下。\n")
    assert [r.status for r in lu.ingest([a, b])] == ["added", "added"]
