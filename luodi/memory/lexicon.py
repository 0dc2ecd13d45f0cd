"""Typed slots (places, zones, weights, amounts, items, attributes) found in questions.

Follow-ups such as "那上海呢？" or "what about Taiwan?" are resolved by putting the new slot value
into the slot of the same type in the previous question, so the lexicon decides what "the same
type" means. Matching runs on simplified-folded, lower-cased text; spans index that text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from luodi.answer.cities import PINYIN_PLACES, PROVINCE_OF
from luodi.numeric.numbers import cn_integer, parse_cn_integer
from luodi.retrieve.refs import (
    ARTICLE_PATTERNS,
    CHAPTER_PATTERN,
    EN_PART_PATTERN,
    PART_PATTERN,
    SECTION_PATTERN,
)

# The mainland's provinces, prefecture-level and well-known county-level cities (luodi.answer.cities)
# are places too, but for names that are also everyday words (大同小异, 中山路, 白银首饰).
_WORDS_TOO = frozenset("大同 中山 安康 来宾 白银 黄山 白山 红河 文山 玉树 海东 海北 海西 山南 吉安 普洱 三河 南海 "
                       "福田 宝安 武昌 汉阳 金昌 长治 定西 新乡 永康 东阳 平湖 龙口 青州 南安 临海".split())
_ZH_PLACES_LISTED = (
    "北京 上海 天津 重庆 广州 深圳 杭州 南京 苏州 成都 武汉 西安 长沙 郑州 济南 青岛 沈阳 大连 "
    "哈尔滨 长春 福州 厦门 合肥 南昌 昆明 贵阳 南宁 海口 兰州 西宁 银川 乌鲁木齐 拉萨 呼和浩特 "
    "石家庄 太原 宁波 无锡 东莞 佛山 温州 珠海 广东 浙江 江苏 山东 河南 河北 湖南 湖北 四川 福建 "
    "安徽 江西 云南 贵州 广西 海南 甘肃 青海 宁夏 新疆 西藏 内蒙古 山西 陕西 辽宁 吉林 黑龙江 "
    "香港 澳门 台湾 台北 高雄 阿拉善 酒泉 德国 日本 美国 英国 法国 韩国 新加坡 澳大利亚 澳洲 "
    "加拿大 俄罗斯 泰国 越南 马来西亚 意大利 西班牙 荷兰 新西兰 欧洲 欧盟 国内 国外 境外"
).split()
_ZH_PLACES = sorted({*_ZH_PLACES_LISTED, *(p for p in PROVINCE_OF if p not in _WORDS_TOO)})
_EN_PLACES = (
    "germany|japan|the united states|united states|the us|usa|the uk|united kingdom|britain|"
    "france|south korea|korea|singapore|australia|new zealand|canada|russia|thailand|vietnam|"
    "malaysia|italy|spain|the netherlands|netherlands|taiwan|hong kong|macau|macao|beijing|"
    "shanghai|guangzhou|shenzhen|tibet|xinjiang|qinghai|europe|the eu|brazil|india|mexico|"
    "zone a|zone b|zone c|" + "|".join(re.escape(p) for p in sorted(PINYIN_PLACES, key=len, reverse=True))
)
_ZH_ZONES = "同城 省内 跨省 偏远地区 偏远 港澳台 国际 境内".split()
_EN_ZONES = (
    "same-city|same city|intra-province|within the province|inter-province|cross-province|"
    "remote areas?|domestic|international"
)
_ZH_ITEMS = (
    "充电宝 备用锂电池 备用电池 锂电池 锂金属电池 电池 白酒 红酒 啤酒 酒类 酒 香水 指甲油 发胶 "
    "化妆品 处方药 非处方药 药品 食品 冷冻生鲜件 冷藏生鲜件 冷冻生鲜 冷藏生鲜 冷冻件 冷藏件 冷冻 冷藏 "
    "生鲜件 生鲜 文件 信件 印刷品 包裹 笔记本电脑 电脑 手机 相机 黄金饰品 珠宝 名表 贵重物品 易碎物品 "
    "液体 现金 活体动物 电动三轮车 电动自行车 电动车 三轮车 面包车 货车 厢式货车 大件 个人物品 商业快件 "
    "样品 礼品 木箱 回单 代收货款 签回单 定时派送 加急件 到付件 港澳台件 国际件 普通快件 快件"
).split()
_EN_ITEMS = (
    "power banks?|spare batteries|spare battery|lithium batteries|lithium battery|batteries|"
    "battery|alcohol|wine|perfumes?|medicines?|food|documents?|parcels?|packages?|letters?|"
    "mobile phones?|phones?|laptops?|cameras?|jewell?ery|liquids?|cash|electric tricycles?|"
    "tricycles?|e-bikes?|vans?|trucks?|fresh food|frozen food|samples?|gifts?|oversized freight|"
    "company vans"
)
_ZH_ATTRS = (
    "首重 续重 运费 标准运费 时效 标准时效 加急时效 保价费 费用 价格 收费 罚款 赔偿标准 赔偿 "
    "温度要求 温度 限速 速度 重量限制 重量上限 尺寸限制 派送次数 保管期限 营业时间 服务时间 "
    "申报价值上限 申报价值 上限 截单时间 手续费 包装费 燃油附加费"
).split()
_EN_ATTRS = (
    "first-weight rate|first 0\\.5 kg|first weight|additional weight|rate|price|fee|cost|charge|"
    "transit time|delivery time|fine|penalty|compensation|temperature|speed limit|weight limit|"
    "size limit|fuel surcharge|surcharge|insurance"
)
_NUM = r"(?:\d+(?:\.\d+)?|[一二两三四五六七八九十百千半]+)"
_DISTRICT = r"[\u4e00-\u9fff]{2}新?(?:区|县)(?![域间别分])"


def _words(zh: list[str], en: str, extra: str = "") -> str:
    alts = "|".join(re.escape(w) for w in sorted(zh, key=len, reverse=True))
    return f"{alts}|\\b(?:{en})\\b" + (f"|{extra}" if extra else "")


_PATTERNS: list[tuple[str, str]] = [
    # a rule cited by number, as the search reads it: "那第十三条呢？" after "月结规则第十二条说了什么",
    # and its paragraph or item: "那第二款呢？" after "…第四十条第一款说了什么"
    ("part", PART_PATTERN),
    ("part", EN_PART_PATTERN),
    *[("article", p) for p in ARTICLE_PATTERNS],
    ("chapter", CHAPTER_PATTERN),  # "那第三章呢？" after "操作手册第二章讲了什么"
    ("chapter", SECTION_PATTERN),  # its section alone: "那第二节呢？"
    ("weight", _NUM + r"\s*(?:公斤|千克|kg|克|斤|g)(?![a-z])"),
    ("amount", _NUM + r"\s*(?:元|块钱|块|yuan|cny|rmb)(?![a-z])|(?:cny|rmb)\s*\d[\d,]*(?:\.\d+)?"),
    ("zone", _words(_ZH_ZONES, _EN_ZONES)),
    ("place", _words(_ZH_PLACES, _EN_PLACES, _DISTRICT)),
    ("item", _words(_ZH_ITEMS, _EN_ITEMS)),
    ("attr", _words(_ZH_ATTRS, _EN_ATTRS)),
]
# Words ending in 区 that are parts of a site, not places.
_NOT_PLACES = {"分拣区", "异常件区", "收寄区", "卸车区", "建包区", "装车区", "等候区", "偏远地区",
               "居民小区", "商业区", "隔离区", "专区", "地区", "小区", "城区", "市区", "负责区",
               "哪个区", "什么区", "的区", "这个区", "那个区", "片区", "辖区"}


@dataclass(frozen=True)
class Slot:
    kind: str  # part, article, chapter, weight, amount, zone, place, item, attr
    value: str  # as written in the folded text
    start: int
    end: int


@lru_cache(maxsize=1)
def _compiled() -> list[tuple[str, re.Pattern[str]]]:
    return [(kind, re.compile(p, re.IGNORECASE)) for kind, p in _PATTERNS]


def find_slots(folded: str) -> list[Slot]:
    """Non-overlapping typed slots, earlier kinds (part, article, chapter, weight, amount, zone,
    place) winning overlaps."""
    taken: list[tuple[int, int]] = []
    slots: list[Slot] = []
    for kind, rx in _compiled():
        for m in rx.finditer(folded):
            s, e = m.span()
            value = m.group(0)
            if e == s or any(s < te and ts < e for ts, te in taken):
                continue
            if kind == "place" and value.endswith(("区", "县")) and _not_place(value):
                continue
            taken.append((s, e))
            slots.append(Slot(kind, value, s, e))
    return sorted(slots, key=lambda sl: sl.start)


def _not_place(value: str) -> bool:
    return value in _NOT_PLACES or any(value.endswith(w) for w in ("小区", "地区", "专区", "哪个区"))  \
        or value[0] in "的在个这那哪该是和与及或负管跑"


# A citation's paragraph (款) and item (项), in either language, for follow-ups that change them.
_PARA = re.compile(r"第\s*([一二三四五六七八九十\d]+)\s*款|(?:paragraph|para\.)\s*(\d{1,2})", re.I)
_ITEM = re.compile(r"第\s*[(（]?\s*([一二三四五六七八九十\d]+)\s*[)）]?\s*项|item\s*(\d{1,2})", re.I)
_EN_ARTICLE_PART = re.compile(r"(?:\s*\((\d{1,2})\))(?:\s*\((\d{1,2})\))?$")


def _number(rx: re.Pattern[str], text: str) -> int:
    m = rx.search(text)
    return (parse_cn_integer(m.group(1) or m.group(2)) or 0) if m else 0


def _write_part(para: int, item: int, like: str) -> str:
    """Paragraph and item written as `like` writes its citations: 第二款第三项 / 第2款, or
    "paragraph 2, item 3"."""
    if re.search(r"[a-z]", like, re.I):
        return ", ".join(([f"paragraph {para}"] if para else []) + ([f"item {item}"] if item else []))
    num = str if re.search(r"\d", like) else cn_integer
    return (f"第{num(para)}款" if para else "") + (f"第{num(item)}项" if item else "")


def changed_part(old: str, new: str) -> str:
    """The part `new` asks for after `old` ("第二款第一项", "paragraph 2"), written like `old`:
    an item alone stays in the old paragraph (第三项 after 第二款第一项 → 第二款第三项)."""
    para, item = _number(_PARA, new), _number(_ITEM, new)
    return _write_part(para or _number(_PARA, old), item, old)


def with_part(article: str, part: str) -> str:
    """The article citation ("第四十条", "Article 40", "Article 40(2)") with the part asked for
    after it, written like the article: 第四十条第二款, Article 40(2)(3). An English article
    without a paragraph takes an item alone as its paragraph's: "Article 40(3)" is not meant."""
    para, item = _number(_PARA, part), _number(_ITEM, part)
    if not re.search(r"[a-z]", article, re.I):
        return article + (part if re.search(r"[a-z]", part, re.I) is None else _write_part(para, item, article))
    had = _EN_ARTICLE_PART.search(article)
    base = article[: had.start()] if had else article
    para = para or (int(had.group(1)) if had else 0)
    if not para:
        return f"{_write_part(0, item, 'en')} of {article}"
    return f"{base}({para})" + (f"({item})" if item else "")
