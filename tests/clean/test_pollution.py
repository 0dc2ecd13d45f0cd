from __future__ import annotations

import pytest

from luodi.clean.pollution import (
    find_affixes,
    remove_pollution,
    strip_counters,
    strip_footers,
    strip_link_farms,
)

ARTICLE_ZH = [
    "第一段讲的是城市公园里新开的读书角，每个周末都有志愿者在那里给孩子们讲故事。",
    "第二段介绍读书角的书都来自居民捐赠，目前已经有两千多本，涵盖绘本、科普和小说。",
    "第三段说明读书角的开放时间是每天上午九点到晚上八点，节假日照常开放。",
    "第四段提到社区计划明年再增加两个读书角，分别设在菜市场和地铁站旁边。",
]


@pytest.mark.parametrize(
    "line, expected",
    [
        ("阅读 1234", ""),
        ("发布时间：2024-01-02 阅读：1,234", "发布时间：2024-01-02"),
        ("瀏覽次數：567", ""),
        ("Views: 5,021", ""),
        ("12,345 views", ""),
        ("By Ann Lee · Read 88 times", "By Ann Lee"),
        ("他每天阅读两小时。", "他每天阅读两小时。"),  # reading, not a counter
    ],
)
def test_counters(line, expected):
    out, _ = strip_counters([line])
    assert (out[0] if out else "") == expected


@pytest.mark.parametrize(
    "slogan",
    ["——本文来自知乎小站", " [Powered by PageFarm Media Group]", "（微信公众号：早安财经）"],
)
def test_suffix_slogan_found(slogan):
    lines = [p + slogan for p in ARTICLE_ZH]
    found = find_affixes(lines)
    assert found and found[0] in slogan and len(found[0]) >= len(slogan.strip()) - 2


def test_prefix_slogan_removed_everywhere():
    lines = ["【早安网】" + p for p in ARTICLE_ZH] + ["【早安网】标题也有"]
    text, removed = remove_pollution("\n".join(lines))
    assert "早安网" not in text
    assert any("slogan" in r for r in removed)


def test_natural_common_endings_are_not_slogans():
    lines = [
        "The committee met on Monday and agreed to publish the report next month, said the chair.",
        "Members asked for more data on school travel times before the final vote, said the chair.",
        "A public hearing will be held in the town hall in April to collect comments from parents.",
        "The budget for the study is small and comes from an existing transport grant this year.",
    ]
    assert find_affixes(lines) == []
    text, _ = remove_pollution("\n".join(lines))
    assert text == "\n".join(lines)


def test_related_block_and_spam():
    lines = ARTICLE_ZH + [
        "",
        "猜你喜欢",
        "震惊！这种早餐千万别再吃了",
        "月入过万的秘密",
        "",
        "相关阅读：",
    ]
    out, removed = strip_link_farms(lines)
    assert out[: len(ARTICLE_ZH)] == ARTICLE_ZH
    assert "猜你喜欢" not in "\n".join(out) and "月入过万" not in "\n".join(out)
    assert removed


def test_structure_lines_survive():
    lines = [
        "# 快递服务规范",
        "第一条 为了规范快递服务，制定本规范。",
        "- 收件时间：上午九点",
        "第二条 本规范适用于全市。",
    ]
    text, removed = remove_pollution("\n".join(lines))
    assert text.split("\n") == lines
    assert removed == []


def test_footer():
    lines = ARTICLE_ZH + [
        "免责声明：本站内容仅供参考。",
        "Copyright © 2024 Example. All rights reserved.",
        "京ICP备000000号",
    ]
    out, removed = strip_footers(lines)
    assert out == ARTICLE_ZH
    assert len(removed) == 3


def test_a_watermark_inside_an_article_and_a_line_of_links_are_not_text():
    text = ("第一条 未保价快件丢失的，最高赔偿运费的三倍。【本文来自快递之家 www.kdzj.example 转载请注明出处】\n"
            "第二条 保价快件丢失的，按保价金额赔偿。\n更多精彩内容请关注公众号：快递之家\n"
            "点击这里 http://spam.example/a http://spam.example/b http://spam.example/c\n"
            "第三条 详见官网 https://feige.example/claims 的理赔说明。")
    cleaned, removed = remove_pollution(text)
    assert cleaned.split("\n") == ["第一条 未保价快件丢失的，最高赔偿运费的三倍。", "第二条 保价快件丢失的，按保价金额赔偿。",
                                   "第三条 详见官网 https://feige.example/claims 的理赔说明。"]
    assert len(removed) == 3


@pytest.mark.parametrize("line", [
    "理赔材料请上传至 https://claims.feige.example/upload?id=1 或邮寄，模板见 https://claims.feige.example/t.docx",
    "3. 关注微信公众号“飞鸽快递”，点“我的理赔”提交申请",
    "查询方式：关注公众号“飞鸽快递”",
    "员工不得将公司文件对外发布【含转载、截图、拍照】，违者记大过。",
])
def test_rules_that_mention_links_accounts_or_reposting_are_text(line):
    text = f"第一条 理赔流程如下：\n{line}\n第二条 理赔时限为七日。"
    assert remove_pollution(text)[0] == text
