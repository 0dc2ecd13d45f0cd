from luodi.index.script import NO_CJK, SIMPLIFIED, TRADITIONAL, query_in_script, script_of


def test_script_of_chunks():
    assert script_of("经营快递业务的企业不得出售、泄露用户的个人信息。") == SIMPLIFIED
    assert script_of("經營快遞業務的企業不得出售、洩露用戶的個人資訊。") == TRADITIONAL
    assert script_of("Article 20 applies to couriers.") == NO_CJK
    assert script_of("") == NO_CJK
    # One stray traditional character in a long simplified passage does not flip it.
    assert script_of("快件丢失的，经营快递业务的企业应当按照保价金额赔偿，寄件人可以要求退还運费。") == SIMPLIFIED


def test_query_follows_the_corpus_script():
    trad, simp = "快遞丟了誰來賠？", "快递丢了谁来赔？"
    assert query_in_script(trad, 0.0) == simp  # simplified corpus: fold
    assert query_in_script(simp, 0.0) == simp
    assert query_in_script(trad, 1.0) == trad  # traditional corpus: a traditional query stays
    assert query_in_script(simp, 1.0) == trad  # ... and a simplified one is converted
    assert query_in_script(trad, 0.2) == simp  # the majority decides
    assert query_in_script(trad, None) == trad  # no CJK in the corpus: unchanged
    assert query_in_script("Who pays for a lost parcel?", 0.0) == "Who pays for a lost parcel?"
