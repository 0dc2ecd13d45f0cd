"""Which files an ingest reads, however their names and folders are made (luodi/ingest/sources.py)."""

from __future__ import annotations

import os

import pytest

from luodi.errors import InputError

RULE = "# 规则\n\n第一条 包裹须在三日内领取。\n"


def test_a_name_that_is_not_utf8_fails_alone(lu, tmp_path):
    """A GBK name copied from a Windows share: Python keeps its bytes as surrogates, which no
    store can hold; it stopped the whole batch."""
    folder = tmp_path / "share"
    folder.mkdir()
    (folder / "a.txt").write_text(RULE, encoding="utf-8")
    bad = os.fsdecode(str(folder).encode() + b"/" + "规则".encode("gbk") + b".txt")
    with open(os.fsencode(bad), "w", encoding="utf-8") as fh:
        fh.write("# 冷链\n\n第一条 冷冻海鲜仅限同城寄递。\n")
    results = sorted(lu.ingest([folder]), key=lambda r: r.status)
    assert [r.status for r in results] == ["added", "failed"]
    assert "not UTF-8" in results[1].message and "convmv" in results[1].message
    assert "\\xb9\\xe6" in results[1].uri  # shown as escapes, and storable
    assert len(lu.documents()) == 1


def test_a_name_at_the_systems_limit_is_read_without_its_sidecar(lu, tmp_path):
    name = ("关于印发快递服务规范实施细则的通知" * 5)[:81] + ".txt"  # 247 bytes: no room for NAME.source.toml
    (tmp_path / name).write_text(RULE, encoding="utf-8")
    [result] = lu.ingest([tmp_path / name])
    assert result.status == "added"


def test_an_empty_path_is_refused_not_read_as_the_working_folder(lu, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "salary.txt").write_text(RULE, encoding="utf-8")
    with pytest.raises(InputError, match="empty path"):
        lu.ingest([""])
    assert lu.documents() == []


def test_symlinked_folders_are_followed_once(lu, tmp_path):
    real = tmp_path / "elsewhere" / "hr"
    real.mkdir(parents=True)
    (real / "leave.txt").write_text(RULE, encoding="utf-8")
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "hr").symlink_to(real, target_is_directory=True)
    (real / "loop").symlink_to(docs, target_is_directory=True)  # a loop back up ends
    (docs / ".hidden").mkdir()
    (docs / ".hidden" / "x.txt").write_text(RULE, encoding="utf-8")
    results = lu.ingest([docs])
    assert [(r.status, r.uri.rsplit("/", 2)[-2:]) for r in results] == [("added", ["hr", "leave.txt"])]


def test_a_folder_ingested_again_names_the_documents_whose_files_are_gone(lu, tmp_path):
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "keep.txt").write_text(RULE, encoding="utf-8")
    old = docs / "old_discount.txt"
    old.write_text("# 旧优惠\n\n第一条 老客户寄件一律五折。\n", encoding="utf-8")
    lu.ingest([docs])
    old.unlink()
    results = lu.ingest([docs])
    assert sorted(r.status for r in results) == ["gone", "unchanged"]
    gone = next(r for r in results if r.status == "gone")
    assert gone.uri == str(old) and f"docs forget {gone.document_id}" in gone.message and not gone.failed
    assert len(lu.documents()) == 2  # still searched until forgotten: a share unmounted for a moment loses nothing
    assert [r.status for r in lu.ingest([docs / "keep.txt"])] == ["unchanged"]  # a file named alone: no folder to scan
