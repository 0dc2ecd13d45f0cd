"""bench/retrieval.py on sets of our own: the source options point it at other files of the
same kinds, as a held-back evaluation would."""

from __future__ import annotations

import json

import pytest

from bench import query_stages, retrieval
from bench.common import canonical_article, resolve_law

LAW = """# 同城配送服务规则

## 第一章 总则

第一条 为了规范同城配送服务，保护寄件人和收件人的合法权益，制定本规则。

第二条 配送员应当在约定时间内将快件送达收件地址，不得擅自将快件放在门口。

## 第二章 赔偿

第三条 快件在配送过程中丢失或者损毁的，配送企业应当按照保价金额予以赔偿。

第四条 配送员收到生鲜快件后，应当在两小时内完成投递。
"""

QUESTIONS = [
    {"id": "a", "question": "包裹送丢了，按保价赔吗？", "lang": "zh-Hans",
     "law": "同城配送服务规则(2026-01-01)", "article": "第三条"},
    {"id": "b", "question": "Can the courier just leave my parcel at the door?", "lang": "en",
     "law": "同城配送服务规则", "article": "第2条"},  # named as a person would: still the gold
]

SQUAD = {"data": [{"title": "港口", "paragraphs": [
    {"id": "p1", "context": "本港於一八四二年開埠，當年主要轉運茶葉與絲綢。",
     "qas": [{"id": "q1", "question": "本港哪一年開埠？", "answers": [{"text": "一八四二年"}]}]},
    {"id": "p2", "context": "港內的燈塔高三十米，由花崗岩砌成，夜間每十秒閃光一次。",
     "qas": [{"id": "q2", "question": "燈塔多久閃一次光？", "answers": [{"text": "每十秒"}]}]},
]}]}


@pytest.fixture
def sources(tmp_path):
    laws = tmp_path / "laws"
    laws.mkdir()
    (laws / "同城配送服务规则(2026-01-01).md").write_text(LAW, encoding="utf-8")
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in QUESTIONS),
                         encoding="utf-8")
    squad = tmp_path / "squad.json"
    squad.write_text(json.dumps(SQUAD, ensure_ascii=False), encoding="utf-8")
    return ["--laws-dir", str(laws), "--law-questions", str(questions), "--drcd-file", str(squad)]


def test_runs_on_sets_given_by_path(sources, capsys):
    rc = retrieval.main(["--sets", "laws,drcd", "--no-cache", "--json", *sources])
    assert rc == 0
    results = {r["set"]: r for r in json.loads(capsys.readouterr().out)["results"]}
    assert results["laws"]["questions"] == 2 and results["drcd"]["questions"] == 2
    assert results["laws"]["build"]["chunks"] >= 4
    for res in results.values():
        assert res["hybrid"]["r@5"] == 1.0  # four articles, two paragraphs: all in the top 5
        assert set(res["hybrid"]) >= {"r@1", "r@10", "mrr@10", "p50_ms", "index_s"}
    assert "r@5[en]" in results["laws"]["hybrid"]


def test_query_stages_are_timed_apart(sources, capsys):
    rc = query_stages.main(["--sets", "laws", "--no-cache", "--json", *sources])
    assert rc == 0
    res = json.loads(capsys.readouterr().out)["laws"]
    assert res["questions"] == 2 and res["vector_rows"] >= 4
    assert all(res[stage] > 0 for stage in query_stages.STAGES)


def test_missing_source_is_named(sources, tmp_path, capsys):
    rc = retrieval.main(["--sets", "cmrc", "--cmrc-file", str(tmp_path / "nope.json"), *sources])
    assert rc == 2
    assert "nope.json" in capsys.readouterr().err


def test_gold_articles_and_laws_however_written():
    assert {canonical_article(a) for a in ("第二十条", "第20条", "第 20 條", "第二十条 ")} == {"第20条"}
    assert canonical_article("第二十一条之一") == "第21条之1"
    stems = {"快递暂行条例(2019-03-02)", "邮政法(2012-10-26)", "邮政法(2015-04-24)"}
    assert resolve_law("快递暂行条例", stems) == "快递暂行条例(2019-03-02)"
    assert resolve_law("邮政法(2015-04-24)", stems) == "邮政法(2015-04-24)"
    for unclear in ("邮政法", "民法典"):  # two versions; none
        with pytest.raises(SystemExit, match="not one file"):
            resolve_law(unclear, stems)
