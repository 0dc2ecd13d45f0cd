"""Countries by the unions a rule may name instead of them: "Zone B covers … the member states of
the European Union" places a parcel to Germany in Zone B. Public fact, kept short: the unions a
courier's zone tables name."""

from __future__ import annotations

_EU = ("Austria 奥地利|Belgium 比利时|Bulgaria 保加利亚|Croatia 克罗地亚|Cyprus 塞浦路斯|Czechia 捷克|"
       "Czech Republic 捷克共和国|Denmark 丹麦|Estonia 爱沙尼亚|Finland 芬兰|France 法国|Germany 德国|"
       "Greece 希腊|Hungary 匈牙利|Ireland 爱尔兰|Italy 意大利|Latvia 拉脱维亚|Lithuania 立陶宛|"
       "Luxembourg 卢森堡|Malta 马耳他|Netherlands 荷兰|Poland 波兰|Portugal 葡萄牙|Romania 罗马尼亚|"
       "Slovakia 斯洛伐克|Slovenia 斯洛文尼亚|Spain 西班牙|Sweden 瑞典")
_EU_NAMES = ("european union", "欧盟", "歐盟")

UNIONS: dict[str, tuple[str, ...]] = {
    name.lower(): _EU_NAMES for pair in _EU.split("|") for name in pair.rsplit(" ", 1)}


def unions_of(place: str) -> tuple[str, ...]:
    """The names of the unions `place` belongs to ("Germany" → European Union, 欧盟)."""
    return UNIONS.get(place.lower().removeprefix("the "), ())
