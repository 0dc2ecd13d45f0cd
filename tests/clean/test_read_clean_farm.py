"""Content-farm pages written for these tests: slogans, link farms, counters and footers go,
the article (with its caption and short closing sentence) stays."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

from luodi.clean import clean_path

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"

# page -> strings that must not survive cleaning (slogans, spam, counters, footers)
CASES = {
    "farm_zh_news.html": [
        "更多精彩内容",
        "乐活生活网",
        "猜你喜欢",
        "月入过万",
        "加微信",
        "阅读 12",
        "免责声明",
        "版权所有",
        "ICP",
        "热门文章",
        "首页",
    ],
    "farm_en_blog.html": [
        "BuzzDaily",
        "number one source",
        "You May Also Like",
        "weird trick",
        "Earn $5,000",
        "free gift",
        "Views",
        "All rights reserved",
        "Disclaimer",
    ],
    "farm_zh_hant.txt": [
        "小鹿資訊網",
        "瀏覽次數",
        "相關閱讀",
        "免費住宿",
        "加微信",
        "免責聲明",
        "版權所有",
        "台灣秘境",
    ],
    "farm_en_notes.txt": [
        "Brought to you",
        "GreenThumb",
        "Read 2,431",
        "Related Articles",
        "Sponsored",
        "cheap-seeds",
        "Lose 10 pounds",
        "Copyright",
    ],
}
# what belongs to the article and must stay: a caption and a short sentence
KEEP = {
    "farm_zh_news.html": ["图为周师傅在灶台前下面。", "我就一直开下去。"],
    "farm_en_blog.html": [
        "Volunteers repaint the reading room in June.",
        "Frank still visits every morning.",
    ],
    "farm_zh_hant.txt": ["圖：清晨的祝山觀日平台。", "別忘了帶手電筒。"],
    "farm_en_notes.txt": ["Photo: straw mulch around a young plant.", "Patience pays."],
}

_TOKEN = re.compile(r"[\u3400-\u9fff]|[^\W_\u3400-\u9fff]+")


def token_f1(predicted: str, gold: str) -> float:
    p, g = Counter(_TOKEN.findall(predicted.lower())), Counter(_TOKEN.findall(gold.lower()))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(g.values())
    return 2 * prec * rec / (prec + rec)


@pytest.mark.parametrize("page", sorted(CASES))
def test_content_farm_page_is_cleaned(page):
    doc = clean_path(PAGES / page)
    gold = (PAGES / page).with_suffix(".article.txt").read_text("utf-8")
    assert token_f1(doc.text, gold) >= 0.95, doc.text
    for junk in CASES[page]:
        assert junk not in doc.text, f"{junk!r} survived in {page}"
    for keep in KEEP[page]:
        assert keep in doc.text, f"{keep!r} was lost from {page}"
    assert doc.removed  # the log says what went


def test_slogan_detection_is_not_hard_coded(tmp_path):
    """A slogan never seen before, in the middle of a made-up text, is found the same way."""
    paras = [
        "Blue herons nest in tall trees near the river and return to the same colony each spring season.",
        "Each pair lays three to five pale eggs, and both parents take turns keeping them warm for weeks.",
        "The chicks leave the nest after about two months, once their flight feathers have grown in fully.",
        "Herons hunt by standing still in shallow water and striking quickly at passing fish and frogs.",
    ]
    text = (
        "\n".join(p + " (via Zorblax Nature Weekly)" for p in paras) + "\nThey are patient birds.\n"
    )
    f = tmp_path / "herons.txt"
    f.write_text(text, encoding="utf-8")
    doc = clean_path(f)
    assert "Zorblax" not in doc.text
    assert "They are patient birds." in doc.text
    assert token_f1(doc.text, "\n".join(paras) + "\nThey are patient birds.") >= 0.99
