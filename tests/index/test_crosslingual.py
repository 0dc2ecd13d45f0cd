import json

import pytest

from luodi.index import crosslingual as xl

# Lines in CC-CEDICT's format (traditional simplified [pinyin] /gloss/gloss/), written here.
LINES = [
    "快遞 快递 [kuai4 di4] /express delivery/\n",
    "發揮 发挥 [fa1 hui1] /to display; to express/\n",
    "罰款 罚款 [fa2 kuan3] /to fine/penalty/fine (monetary)/\n",
    "良好 良好 [liang2 hao3] /good/fine/\n",
    "包裹 包裹 [bao1 guo3] /to wrap up/parcel/package/CL:個|个[ge4]/\n",
    "給 给 [gei3] /to give sb sth/see 給予|给予[ji3 yu3]/\n",
    "而已 而已 [er2 yi3] /that's all/nothing more/s (final particle)/\n",
    "# a comment line\n",
]


@pytest.fixture
def table():
    return xl.build_table(LINES)


def test_table_reads_glosses_backwards(table):
    assert table["express deliv"] == ["快递"]
    assert table["express"] == ["发挥"]  # "to express": the leading "to" goes
    assert table["fine"] == ["罚款", "良好"]
    assert table["parcel"] == ["包裹"]
    assert "penalti" in table and "monetari" not in table  # parentheses are notes
    # cross-references, classifiers and "sb sth" patterns are not translations
    assert not any(k.startswith(("cl", "see", "give")) for k in table)


def test_groups_take_the_longest_phrase_and_keep_only_indexed_terms(table):
    vocab = {"快递", "罚款", "包裹"}
    groups = xl.translation_groups("What is the fine when an express delivery parcel is lost?",
                                   vocab.__contains__, table)
    assert groups == [["罚款"], ["快递"], ["包裹"]]  # not 发挥 for "express", not 良好 for "fine"


def test_single_letters_are_not_translated(table):
    # the s of "customer's" would otherwise bring in whatever the dictionary glosses as "s"
    assert table["s"] == ["而已"]
    assert xl.translation_groups("the customer's parcel", lambda t: True, table) == [["包裹"]]


def test_courtesy_words_are_not_translated():
    table = xl.build_table(LINES + ["務請 务请 [wu4 qing3] /please/\n", "實際 实际 [shi2 ji4] /actual/\n"])
    plain = xl.translation_groups("Where is my parcel?", lambda t: True, table)
    assert xl.translation_groups("Please, where is my parcel? Actually, really", lambda t: True, table) == plain
    assert ["实际"] in xl.translation_groups("the actual weight", lambda t: True, table)


def test_two_character_words_fall_back_to_bigrams(table):
    vocab = {"~包裹"}
    assert xl.translation_groups("parcel", vocab.__contains__, table) == [["~包裹"]]


def test_no_english_no_groups(table):
    assert xl.translation_groups("快递丢失怎么赔？", lambda t: True, table) == []
    assert xl.translation_groups("第20条 2026-11-30", lambda t: True, table) == []


def test_glosses_read_forwards_for_chinese_words(table):
    glosses = xl.forwards(table)
    assert glosses["快递"] == {"express", "deliv"} and glosses["罚款"] == {"fine", "penalti"}
    assert "给" not in glosses  # "to give sb sth" is a pattern, not a translation
    indexed = {"express", "deliv", "fine", "parcel", "packag"}.__contains__
    assert xl.gloss_groups(["快递", "包裹", "快递", "而已"], indexed, glosses) == [
        ["deliv", "express"], ["packag", "parcel"]]  # a repeated word once; unindexed glosses dropped


def test_real_dictionary_and_its_cache(tmp_path, monkeypatch):
    monkeypatch.setenv("LUODI_CACHE", str(tmp_path))
    xl.dictionary.cache_clear()
    xl.lexicon.cache_clear()
    try:
        table = xl.lexicon()
        assert "快递" in table["express deliv"]
        assert "赔偿" in table["compens"]
        cached = list(tmp_path.glob("cedict-en-zh-*.json"))
        assert len(cached) == 1 and json.loads(cached[0].read_text())["parcel"] == table["parcel"]
        xl.dictionary.cache_clear()
        xl.lexicon.cache_clear()
        assert xl.lexicon() == table  # read back from the cache
    finally:
        xl.dictionary.cache_clear()
        xl.lexicon.cache_clear()


def test_unwritable_cache_still_translates(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LUODI_CACHE", str(blocker / "sub"))
    xl.dictionary.cache_clear()
    xl.lexicon.cache_clear()
    try:
        assert "包裹" in xl.lexicon()["parcel"]
    finally:
        xl.dictionary.cache_clear()
        xl.lexicon.cache_clear()


def test_our_glossary_adds_the_courier_words_the_dictionary_lacks(tmp_path, monkeypatch):
    own = [line for line in xl._own_glossary().splitlines() if line.strip() and not line.startswith("#")]
    assert own and all(xl._LINE.match(line) for line in own)  # every entry in the dictionary's format
    assert len(xl.build_table(own)) > len(own)  # each entry gives English keys
    monkeypatch.setenv("LUODI_CACHE", str(tmp_path))
    for cached in (xl.dictionary, xl.lexicon, xl.glossary):
        cached.cache_clear()
    try:
        table = xl.lexicon()
        assert {"信使", "快递员"} <= set(table["courier"])  # the dictionary's word and the rules' word
        assert "保价" in table["insur"] and "智能快件箱" in table["parcel locker"]
        # not read forwards: "declared value insurance" would let "value" alone stand for 保价
        assert "保价" not in xl.glossary() and "courier" not in xl.glossary().get("快递员", ())
    finally:
        for cached in (xl.dictionary, xl.lexicon, xl.glossary):
            cached.cache_clear()
