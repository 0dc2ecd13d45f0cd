"""A foreign destination's zone line for a question it answers (luodi.answer.zones)."""

from __future__ import annotations

from luodi.answer.places import names_place
from luodi.answer.zones import zone_note, zone_sentence
from luodi.types import Hit

GUIDE = ("2.1 Zone A covers Japan and Singapore. Estimated transit time: 3 to 5 business days.\n"
         "2.2 Zone B covers Canada and the member states of the European Union. Estimated transit time: 5 to 8 business days.\n"
         "2.3 Zone C covers all other destinations. Estimated transit time: 7 to 12 business days.")
RULES = "第二十九條 香港、澳門的收件人可選擇到當地合作自取點領取快件，自取點保管期為5個工作日。"


class _Retriever:
    def __init__(self, hits: list[Hit]):
        self.hits = hits

    def search(self, query, k, **_):
        return self.hits[:k]


def _hit(text: str, n: int, document: str = "guide.md") -> Hit:
    return Hit(chunk_id=n, document=document, section="Guide > Section 2. Zones", text=text, score=1.0)


def _zone(question: str, texts: list[str]):
    hits = [_hit(t, i, f"doc{i}.md") for i, t in enumerate(texts)]
    return zone_sentence(_Retriever(hits), question, hits[:1])


def test_a_place_by_name_by_union_or_as_one_of_all_others():
    named = _zone("How long does a parcel to Japan take?", [GUIDE])
    assert (named.how, named.sentence[:3]) == ("named", "2.1")
    union = _zone("How long does a parcel to Germany take?", [GUIDE])
    assert (union.how, union.sentence[:3]) == ("union", "2.2")
    assert zone_note("How long does a parcel to Germany take?", union) == (
        "Germany is a member of the European Union, which this zone covers:")
    other = _zone("寄到巴西的国际件要几天？", [GUIDE])
    assert (other.how, other.place, other.sentence[:3]) == ("other", "巴西", "2.3")


def test_no_zone_line_where_it_would_mislead():
    # a price asked: the zone's transit time does not answer it
    assert _zone("How much is a parcel to Brazil?", [GUIDE]) is None
    # "all other destinations" is not where a place another text of its document names goes
    assert _zone("How long does a parcel to Brazil take?", [GUIDE, "3.1 Brazil is served by our partner."]) is not None
    listed = [GUIDE.replace("Japan and Singapore", "Japan"), "Zone D covers Brazil."]
    assert _zone("How long does a parcel to Brazil take?", [listed[0] + "\n" + listed[1]]) is None
    # a rule that names the place but defines no zone; a mainland city; no quantity asked
    assert _zone("How long is a parcel to Hong Kong kept?", [RULES]) is None
    assert _zone("How long does a parcel to Chengdu take?", [GUIDE]) is None
    assert _zone("Can I send a parcel to Germany?", [GUIDE]) is None


def test_only_the_place_a_parcel_is_sent_to_and_in_any_language():
    # "Can" is no place: a parcel sent nowhere is placed nowhere
    assert _zone("I'm a foreigner. Can I use my passport when sending a parcel?", [GUIDE]) is None
    scope = "1.1 This guide does not cover Hong Kong, Macau and Taiwan, which have rules of their own."
    hits = [_hit(GUIDE, 0), _hit(scope, 1)]  # one document: it names Taiwan, which is no other destination
    assert zone_sentence(_Retriever(hits), "寄到台灣的包裹要幾天？", hits[:1]) is None
    us = _zone("寄到美國的國際件大概要幾個工作天？", [GUIDE.replace("Canada", "the United States, Canada")])
    assert (us.how, us.sentence[:3]) == ("named", "2.2")


def test_english_names_whole_dotted_and_a_zone_list_in_traditional_script():
    assert names_place("Zone 2 covers the U.K., France and Germany.", "United Kingdom")
    assert not names_place("Zone 3 covers South Sudan.", "Sudan") and not names_place("Zone 2: Northern Ireland.", "Ireland")
    zones = "一區：日本、韓國，參考時效2至4個工作日。\n二區：歐盟成員國，參考時效6至9個工作日。\n三區：其餘國家及地區，參考時效10至15個工作日。"
    assert _zone("寄往奥地利要几天？", [zones]).sentence.startswith("二區")  # an EU member
    assert _zone("寄到巴西要几天？", [zones]).sentence.startswith("三區")


def test_a_line_that_excludes_a_place_does_not_place_it():
    policy = ("1.1 Zone 1 covers Japan and Korea. Transit time: 3 days.\n"
              "1.2 Zone 2 covers worldwide destinations excluding the USA. Transit time: 8 days.\n"
              "1.3 Zone 3 covers the USA and Canada. Transit time: 5 days.")
    assert _zone("How long does a parcel to the USA take?", [policy]).sentence.startswith("1.3")
    asia = "一區：亞洲國家和地區（不含日本），參考時效3至5個工作日。"
    assert _zone("寄到日本要几天？", [asia]) is None
