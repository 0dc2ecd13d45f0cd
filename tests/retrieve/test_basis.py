"""luodi.retrieve.basis: the document a service's own rules say they are made under."""

from __future__ import annotations

import pytest

from luodi.index.dense import HashEmbedder
from luodi.retrieve import Retriever
from luodi.retrieve.basis import general_of


@pytest.fixture
def kb(store, add):
    emb = HashEmbedder()
    docs = {
        "manual": add(store, "飞鸽快递业务操作手册.md", ["第一条 为规范收寄，制定本手册。", "第二条 索赔应当在30日内提出。"],
                      embedder=emb, sections=["飞鸽快递业务操作手册 > 第一章"] * 2),
        "hk": add(store, "港澳台件作業須知.md", ["第一條 為規範港澳台件作業，依據《飛鴿快遞業務操作手冊》制定本須知。",
                                           "第二條 港澳台件索賠期限為60日。"],
                  embedder=emb, sections=["飛鴿快遞港澳台件作業須知 > 第一章"] * 2),
        "cold": add(store, "冷链生鲜收寄规范.md", ["第一条 本规范未规定的事项，适用《飞鸽快递业务操作手册》。"],
                    embedder=emb, sections=["飞鸽快递冷链生鲜收寄规范 > 第一章"]),
        "other": add(store, "员工守则.md", ["第一条 依据《劳动合同法》制定本守则。"], embedder=emb,
                     sections=["员工守则 > 第一章"]),
    }
    return Retriever(store, emb), docs


def test_a_document_made_under_another_names_it_in_either_script(kb):
    retriever, docs = kb
    assert general_of(retriever, docs["hk"]) == docs["manual"]  # 依據《…》制定, traditional
    assert general_of(retriever, docs["cold"]) == docs["manual"]  # 未规定的事项，适用《…》


def test_no_basis_or_one_not_in_the_knowledge_base_is_none(kb):
    retriever, docs = kb
    assert general_of(retriever, docs["manual"]) is None
    assert general_of(retriever, docs["other"]) is None  # 劳动合同法 is not here
