"""Real-data checks on one law from ../shared/data/laws_zh (skipped where absent)."""

import pytest

from luodi.index.dense import HashEmbedder
from luodi.retrieve import Retriever

pytestmark = pytest.mark.data


@pytest.fixture
def law_kb(shared_data, store, add):
    from luodi.chunk import chunk_text

    path = next((shared_data / "laws_zh").glob("快递暂行条例*.md"))
    chunks = chunk_text(path.read_text("utf-8"), "md")
    add(store, str(path), [c.text for c in chunks], embedder=HashEmbedder(),
        sections=[c.section for c in chunks])
    return store


@pytest.mark.parametrize("query", ["第二十条", "第20条", "第 20 條", "Article 20"])
def test_article_number_in_any_form_finds_the_article(law_kb, query):
    hit = Retriever(law_kb, None, mode="keyword").search(query, k=1)[0]
    assert hit.section.endswith("第二十条")


def test_traditional_question_finds_simplified_article(law_kb):
    hits = Retriever(law_kb, None, mode="keyword").search("快件延誤、丟失、損毀的賠償", k=3)
    assert any(h.section.endswith("第二十七条") for h in hits)
