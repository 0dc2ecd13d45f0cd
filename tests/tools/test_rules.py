from __future__ import annotations

import pytest

from luodi.tools.rules import is_action


@pytest.mark.parametrize(("message", "action"), [
    ("一个3.5公斤的跨省包裹，运费是多少？", True),
    ("寄3公斤到省内多少钱", True),
    ("运费怎么算？", False),  # a question about the rules, no parcel to price
    # the fee tool prices the mainland's zones: elsewhere the documents' own tariffs answer
    ("寄2公斤到香港多少钱？", False),
    ("寄2公斤到臺灣多少錢", False),
    ("Send 2 kg to Germany, how much?", False),
    ("How much is it for us to send 3 kg to another province?", True),  # us is no country
    # two provinces and no zone: the documents' 跨省 rule places them (the tool would ask which zone)
    ("一个5公斤的包裹从北京寄到上海要多少钱？", False),
    ("从北京寄3公斤到上海的跨省件多少钱？", True),  # the zone said: the tool prices it
    ("从广州寄到深圳的3公斤包裹多少钱？", False),  # two cities: the documents' 省内 rule places them
    ("一个3公斤的跨省件保价2000元，一共多少钱？", False),  # insurance: the documents price it with the freight
    ("寄一个3公斤的同城件，要签回单，一共多少钱？", False),
])
def test_a_fee_request_is_an_action_only_within_the_mainland_zones(message, action):
    assert is_action(message) is action
