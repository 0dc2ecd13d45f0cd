"""Main-text extraction on the shared web extraction sets (skips without ../shared/data)."""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("bench_clean", REPO / "bench" / "clean.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.data
def test_chinese_pages_f1(shared_data, bench):
    pages = bench.load_zh()
    assert len(pages) >= 30
    ours = bench.run_set(pages, bench.luodi_extract)
    theirs = bench.run_set(pages, bench.trafilatura_extract)
    assert ours["errors"] == 0
    assert ours["f1"] >= 0.90
    assert ours["f1"] >= theirs["f1"]


@pytest.mark.data
def test_scrapinghub_pages_f1(shared_data, bench):
    pages = bench.load_scrapinghub()
    ours = bench.run_set(pages, bench.luodi_extract)
    theirs = bench.run_set(pages, bench.trafilatura_extract)
    assert ours["errors"] == 0
    assert ours["f1"] >= theirs["f1"]


@pytest.mark.data
def test_webmainbench_format_examples(shared_data, bench):
    """Five pages only (the format examples WebMainBench publishes), among them a novel's index
    whose chapter links are its content."""
    pages = bench.load_webmainbench()
    assert len(pages) == 5
    ours = bench.run_set(pages, bench.luodi_extract)
    assert ours["errors"] == 0
    assert min(p["f1"] for p in ours["per_page"]) >= 0.7


@pytest.mark.data
def test_every_chinese_page_decodes(shared_data):
    from luodi.read import read_path

    for page in sorted((shared_data / "web_extraction_zh" / "original").glob("*.html")):
        raw = read_path(page)
        assert raw.text.count("\ufffd") < 5, page.name


@pytest.mark.data
def test_law_texts_lose_nothing(shared_data):
    """Statutes repeat numbering and phrases; none of it may be taken for pollution."""
    from luodi.clean import clean
    from luodi.read import read_path

    laws = [p for p in sorted((shared_data / "laws_zh").glob("*.md")) if "(" in p.name]
    assert laws
    for law in laws:
        raw = read_path(law)
        doc = clean(raw)
        assert doc.removed == [], (law.name, doc.removed[:3])
        kept = [ln for ln in doc.text.split("\n") if ln.strip()]
        original = [ln for ln in raw.text.split("\n") if ln.strip("\u200b \t\u3000")
                    and not re.fullmatch(r"\s*<!--.*-->\s*", ln)]  # markdown comments go
        assert len(kept) == len(original), law.name
