"""The mainland's provinces, autonomous regions and municipalities and their prefecture-level
divisions (地级市, 地区, 自治州, 盟), by short Chinese name and pinyin: a courier's zones are
drawn by them (同城: the same 地级市; 省内: the same province; 跨省: different provinces), and a
question names the cities ("从广州寄到成都"), not the zone. Written for Luodi from general
knowledge; names that are mostly ordinary words or another place's (朝阳, 阿里, 海南藏族自治州) are
left out. Hong Kong, Macau and Taiwan are services of their own, not provinces here. A pinyin
marked * is the lesser-known of two places that share it (宿州 beside 苏州): not read in English.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from luodi.fold import has_cjk, to_simplified

_TABLE = """
北京 Beijing:
天津 Tianjin:
上海 Shanghai:
重庆 Chongqing:
河北 Hebei: 石家庄 Shijiazhuang, 唐山 Tangshan, 秦皇岛 Qinhuangdao, 邯郸 Handan, 邢台 Xingtai, 保定 Baoding,
 张家口 Zhangjiakou, 承德 Chengde, 沧州 Cangzhou, 廊坊 Langfang, 衡水 Hengshui
山西 Shanxi: 太原 Taiyuan, 大同 Datong, 阳泉 Yangquan, 长治 Changzhi, 晋城 Jincheng, 朔州 Shuozhou, 晋中 Jinzhong,
 运城 Yuncheng, 忻州 Xinzhou, 临汾 Linfen, 吕梁 Lvliang
内蒙古 Inner Mongolia: 呼和浩特 Hohhot, 包头 Baotou, 乌海 Wuhai, 赤峰 Chifeng, 通辽 Tongliao, 鄂尔多斯 Ordos,
 呼伦贝尔 Hulunbuir, 巴彦淖尔 Bayannur, 乌兰察布 Ulanqab, 兴安盟 Hinggan, 锡林郭勒 Xilingol, 阿拉善 Alxa
辽宁 Liaoning: 沈阳 Shenyang, 大连 Dalian, 鞍山 Anshan, 抚顺 Fushun, 本溪 Benxi, 丹东 Dandong, 锦州 Jinzhou,
 营口 Yingkou, 阜新 Fuxin, 辽阳 Liaoyang, 盘锦 Panjin, 铁岭 Tieling, 葫芦岛 Huludao
吉林 Jilin: 长春 Changchun, 四平 Siping, 辽源 Liaoyuan, 通化 Tonghua, 白山 Baishan, 松原 Songyuan,
 白城 Baicheng, 延边 Yanbian
黑龙江 Heilongjiang: 哈尔滨 Harbin, 齐齐哈尔 Qiqihar, 鸡西 Jixi, 鹤岗 Hegang, 双鸭山 Shuangyashan, 大庆 Daqing,
 伊春 Yichun, 佳木斯 Jiamusi, 七台河 Qitaihe, 牡丹江 Mudanjiang, 黑河 Heihe, 绥化 Suihua, 大兴安岭 Da Hinggan Ling
江苏 Jiangsu: 南京 Nanjing, 无锡 Wuxi, 徐州 Xuzhou, 常州 Changzhou, 苏州 Suzhou, 南通 Nantong, 连云港 Lianyungang,
 淮安 Huai'an, 盐城 Yancheng, 扬州 Yangzhou, 镇江 Zhenjiang, 泰州 Taizhou, 宿迁 Suqian
浙江 Zhejiang: 杭州 Hangzhou, 宁波 Ningbo, 温州 Wenzhou, 嘉兴 Jiaxing, 湖州 Huzhou, 绍兴 Shaoxing, 金华 Jinhua,
 衢州 Quzhou, 舟山 Zhoushan, 台州 Taizhou, 丽水 Lishui
安徽 Anhui: 合肥 Hefei, 芜湖 Wuhu, 蚌埠 Bengbu, 淮南 Huainan, 马鞍山 Ma'anshan, 淮北 Huaibei, 铜陵 Tongling,
 安庆 Anqing, 黄山 Huangshan, 滁州 Chuzhou, 阜阳 Fuyang, 宿州 Suzhou*, 六安 Lu'an, 亳州 Bozhou, 池州 Chizhou,
 宣城 Xuancheng
福建 Fujian: 福州 Fuzhou, 厦门 Xiamen, 莆田 Putian, 三明 Sanming, 泉州 Quanzhou, 漳州 Zhangzhou, 南平 Nanping,
 龙岩 Longyan, 宁德 Ningde
江西 Jiangxi: 南昌 Nanchang, 景德镇 Jingdezhen, 萍乡 Pingxiang, 九江 Jiujiang, 新余 Xinyu, 鹰潭 Yingtan,
 赣州 Ganzhou, 吉安 Ji'an, 宜春 Yichun*, 抚州 Fuzhou*, 上饶 Shangrao
山东 Shandong: 济南 Jinan, 青岛 Qingdao, 淄博 Zibo, 枣庄 Zaozhuang, 东营 Dongying, 烟台 Yantai, 潍坊 Weifang,
 济宁 Jining, 泰安 Tai'an, 威海 Weihai, 日照 Rizhao, 临沂 Linyi, 德州 Dezhou, 聊城 Liaocheng, 滨州 Binzhou,
 菏泽 Heze
河南 Henan: 郑州 Zhengzhou, 开封 Kaifeng, 洛阳 Luoyang, 平顶山 Pingdingshan, 安阳 Anyang, 鹤壁 Hebi,
 新乡 Xinxiang, 焦作 Jiaozuo, 濮阳 Puyang, 许昌 Xuchang, 漯河 Luohe, 三门峡 Sanmenxia, 南阳 Nanyang,
 商丘 Shangqiu, 信阳 Xinyang, 周口 Zhoukou, 驻马店 Zhumadian
湖北 Hubei: 武汉 Wuhan, 黄石 Huangshi, 十堰 Shiyan, 宜昌 Yichang, 襄阳 Xiangyang, 鄂州 Ezhou, 荆门 Jingmen,
 孝感 Xiaogan, 荆州 Jingzhou, 黄冈 Huanggang, 咸宁 Xianning, 随州 Suizhou, 恩施 Enshi
湖南 Hunan: 长沙 Changsha, 株洲 Zhuzhou, 湘潭 Xiangtan, 衡阳 Hengyang, 邵阳 Shaoyang, 岳阳 Yueyang,
 常德 Changde, 张家界 Zhangjiajie, 益阳 Yiyang, 郴州 Chenzhou, 永州 Yongzhou, 怀化 Huaihua, 娄底 Loudi,
 湘西 Xiangxi
广东 Guangdong: 广州 Guangzhou, 韶关 Shaoguan, 深圳 Shenzhen, 珠海 Zhuhai, 汕头 Shantou, 佛山 Foshan,
 江门 Jiangmen, 湛江 Zhanjiang, 茂名 Maoming, 肇庆 Zhaoqing, 惠州 Huizhou, 梅州 Meizhou, 汕尾 Shanwei,
 河源 Heyuan, 阳江 Yangjiang, 清远 Qingyuan, 东莞 Dongguan, 中山 Zhongshan, 潮州 Chaozhou, 揭阳 Jieyang,
 云浮 Yunfu
广西 Guangxi: 南宁 Nanning, 柳州 Liuzhou, 桂林 Guilin, 梧州 Wuzhou, 北海 Beihai, 防城港 Fangchenggang,
 钦州 Qinzhou, 贵港 Guigang, 玉林 Yulin, 百色 Baise, 贺州 Hezhou, 河池 Hechi, 来宾 Laibin, 崇左 Chongzuo
海南 Hainan: 海口 Haikou, 三亚 Sanya, 三沙 Sansha, 儋州 Danzhou
四川 Sichuan: 成都 Chengdu, 自贡 Zigong, 攀枝花 Panzhihua, 泸州 Luzhou, 德阳 Deyang, 绵阳 Mianyang,
 广元 Guangyuan, 遂宁 Suining, 内江 Neijiang, 乐山 Leshan, 南充 Nanchong, 眉山 Meishan, 宜宾 Yibin,
 广安 Guang'an, 达州 Dazhou, 雅安 Ya'an, 巴中 Bazhong, 资阳 Ziyang, 阿坝 Aba, 甘孜 Garze, 凉山 Liangshan
贵州 Guizhou: 贵阳 Guiyang, 六盘水 Liupanshui, 遵义 Zunyi, 安顺 Anshun, 毕节 Bijie, 铜仁 Tongren,
 黔西南 Qianxinan, 黔东南 Qiandongnan, 黔南 Qiannan
云南 Yunnan: 昆明 Kunming, 曲靖 Qujing, 玉溪 Yuxi, 保山 Baoshan, 昭通 Zhaotong, 丽江 Lijiang, 普洱 Pu'er,
 临沧 Lincang, 楚雄 Chuxiong, 红河 Honghe, 文山 Wenshan, 西双版纳 Xishuangbanna, 大理 Dali, 德宏 Dehong,
 怒江 Nujiang, 迪庆 Diqing
西藏 Tibet: 拉萨 Lhasa, 日喀则 Shigatse, 昌都 Qamdo, 林芝 Nyingchi, 山南 Shannan, 那曲 Nagqu
陕西 Shaanxi: 西安 Xi'an, 铜川 Tongchuan, 宝鸡 Baoji, 咸阳 Xianyang, 渭南 Weinan, 延安 Yan'an, 汉中 Hanzhong,
 榆林 Yulin, 安康 Ankang, 商洛 Shangluo
甘肃 Gansu: 兰州 Lanzhou, 嘉峪关 Jiayuguan, 金昌 Jinchang, 白银 Baiyin, 天水 Tianshui, 武威 Wuwei, 张掖 Zhangye,
 平凉 Pingliang, 酒泉 Jiuquan, 庆阳 Qingyang, 定西 Dingxi, 陇南 Longnan, 临夏 Linxia, 甘南 Gannan
青海 Qinghai: 西宁 Xining, 海东 Haidong, 海北 Haibei, 黄南 Huangnan, 果洛 Golog, 玉树 Yushu, 海西 Haixi
宁夏 Ningxia: 银川 Yinchuan, 石嘴山 Shizuishan, 吴忠 Wuzhong, 固原 Guyuan, 中卫 Zhongwei
新疆 Xinjiang: 乌鲁木齐 Urumqi, 克拉玛依 Karamay, 吐鲁番 Turpan, 哈密 Hami, 昌吉 Changji, 博尔塔拉 Bortala,
 巴音郭楞 Bayingolin, 阿克苏 Aksu, 克孜勒苏 Kizilsu, 喀什 Kashgar, 和田 Hotan, 伊犁 Ili, 塔城 Tacheng,
 阿勒泰 Altay
"""

# Well-known county-level cities and districts, by the prefecture-level city (or municipality)
# they belong to: 义乌 → 金华 is one city's parcel (同城: 同一地级市，含所辖县、区).
_COUNTIES = """
北京: 海淀 Haidian, 丰台 Fengtai, 昌平 Changping, 顺义 Shunyi, 大兴 Daxing
上海: 浦东 Pudong, 闵行 Minhang, 松江 Songjiang, 嘉定 Jiading, 青浦 Qingpu, 崇明 Chongming
重庆: 万州 Wanzhou, 涪陵 Fuling
广州: 番禺 Panyu, 增城 Zengcheng
深圳: 宝安 Bao'an, 龙岗 Longgang, 福田 Futian
佛山: 顺德 Shunde
东莞: 虎门 Humen
苏州: 昆山 Kunshan, 常熟 Changshu, 张家港 Zhangjiagang, 太仓 Taicang
无锡: 江阴 Jiangyin, 宜兴 Yixing
杭州: 萧山 Xiaoshan, 余杭 Yuhang, 建德 Jiande
宁波: 慈溪 Cixi, 余姚 Yuyao
温州: 瑞安 Rui'an, 乐清 Yueqing
绍兴: 诸暨 Zhuji, 嵊州 Shengzhou
嘉兴: 海宁 Haining, 桐乡 Tongxiang, 平湖 Pinghu
金华: 义乌 Yiwu, 永康 Yongkang, 东阳 Dongyang, 兰溪 Lanxi
台州: 温岭 Wenling, 临海 Linhai
泉州: 晋江 Jinjiang, 石狮 Shishi, 南安 Nan'an
福州: 福清 Fuqing
青岛: 胶州 Jiaozhou, 平度 Pingdu
潍坊: 寿光 Shouguang, 青州 Qingzhou
烟台: 龙口 Longkou
郑州: 新郑 Xinzheng, 巩义 Gongyi
长沙: 浏阳 Liuyang
武汉: 汉口 Hankou, 武昌 Wuchang, 汉阳 Hanyang
成都: 都江堰 Dujiangyan
保定: 涿州 Zhuozhou
廊坊: 三河 Sanhe
"""


def _entries(table: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """Each line's head (its Chinese name) and its places as (Chinese name, pinyin)."""
    out = []
    for block in re.split(r"\n(?! )", table.strip()):
        head, _, body = block.partition(":")
        places = [p.strip().split(" ", 1) for p in body.replace("\n", " ").split(",") if p.strip()]
        zh, _, en = head.partition(" ")
        out.append((zh, [(zh, en), *places] if en else places))
    return out


def _read() -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """{Chinese name: its province} for every province (its own), division and county; {county:
    its division}; {lower-cased pinyin: Chinese name}, where a pinyin two places share (Taizhou,
    Yulin) names neither."""
    province_of: dict[str, str] = {}
    pinyin: dict[str, str | None] = {}
    for province, places in _entries(_TABLE):
        province_of.update((zh, province) for zh, _ in places)
    city_of = {zh: city for city, places in _entries(_COUNTIES) for zh, _ in places}
    province_of.update((county, province_of[city]) for county, city in city_of.items())
    for zh, en in (p for table in (_TABLE, _COUNTIES) for _, places in _entries(table) for p in places):
        if not en.endswith("*"):
            pinyin[en.lower()] = zh if pinyin.get(en.lower(), zh) == zh else None
    return province_of, city_of, {k: v for k, v in pinyin.items() if v is not None}


PROVINCE_OF, CITY_OF, _PINYIN = _read()
PROVINCES = frozenset(p for p, of in PROVINCE_OF.items() if p == of)
PINYIN_PLACES = frozenset(_PINYIN)  # lower-cased


def from_pinyin(name: str) -> str | None:
    """The Chinese name of a place written in pinyin ("Guangzhou" → 广州), None if unknown or shared."""
    return _PINYIN.get(re.sub(r"\s+", " ", name.strip()).lower())


_SUFFIX = r"(?:省|市|壮族自治区|回族自治区|维吾尔自治区|自治区|地区|自治州|盟)?"
_NAMES = re.compile("(" + "|".join(sorted(map(re.escape, PROVINCE_OF), key=len, reverse=True)) + ")" + _SUFFIX)
_FROM = re.compile(r"(?:从|由|自|在)\s*$")
_TO = re.compile(r"(?:寄往|寄到|寄去|寄至|寄|发往|发到|发去|发|送往|送到|运往|运到|到|至|往)\s*$")
_THEN_TO = re.compile(r"\s*(?:(?:寄|发|运|送)(?:往|到|至)?|往|到|至)")
_FROM_EN = re.compile(r"\bfrom\s+((?:[A-Za-z][\w'-]*\s?){1,3})", re.I)
_TO_EN = re.compile(r"\bto\s+((?:[A-Za-z][\w'-]*\s?){1,3})", re.I)


@dataclass(frozen=True)
class Route:
    """Where a question sends something from and to, each a place of the table above by its short
    Chinese name (广州), or None when the question does not say."""
    origin: str | None
    destination: str | None

    def __iter__(self):
        return iter((self.origin, self.destination))

    def relation(self) -> str | None:
        """"city" when both ends are in one 地级市 (or one municipality), "province" when they are two
        places of one province, "provinces" when of two; None when an end is missing, or when one
        end is a whole province that holds the other (广东 → 广州 may be either)."""
        a, b = self.origin, self.destination
        if a is None or b is None:
            return None
        if PROVINCE_OF[a] != PROVINCE_OF[b]:
            return "provinces"
        if CITY_OF.get(a, a) == CITY_OF.get(b, b):
            return "city"
        return None if a == PROVINCE_OF[a] or b == PROVINCE_OF[b] else "province"


def named(text: str) -> list[tuple[int, int, str]]:
    """The places of the table a (simplified) text names: (start, end, short name), in order; a
    province followed by one of its own divisions (甘肃兰州, 广东省深圳市) is that division."""
    out: list[tuple[int, int, str]] = []
    for m in _NAMES.finditer(text):
        name, start = m.group(1), m.start()
        if out and out[-1][1] == start and out[-1][2] == PROVINCE_OF[name] != name:
            start = out.pop()[0]
        out.append((start, m.end(), name))
    return out


def route(question: str) -> Route:
    """The ends a question names: 从广州寄到成都, 广州到深圳, 由成都发往拉萨, 寄到甘肃兰州 (no origin);
    "from Guangzhou to Chengdu" in English."""
    if not has_cjk(question):
        return Route(*(_pinyin_after(pattern, question) for pattern in (_FROM_EN, _TO_EN)))
    text = to_simplified(question)
    places = named(text)
    origin = destination = None
    for i, (start, end, name) in enumerate(places):
        before = text[max(0, start - 3):start]
        if origin is None and (_FROM.search(before) or (i + 1 < len(places) and _THEN_TO.match(text, end))):
            origin = name
        elif destination is None and _TO.search(before):
            destination = name
    return Route(origin, destination)


def _pinyin_after(pattern: re.Pattern[str], question: str) -> str | None:
    """The first place named in pinyin after "from" (or "to"), in any case: the longest of the
    next three words that names one ("to Inner Mongolia", "from guangzhou", "to Chengdu Sichuan")."""
    for m in pattern.finditer(question):
        words = m.group(1).split()
        for n in range(len(words), 0, -1):
            if place := from_pinyin(" ".join(words[:n])):
                return place
    return None
