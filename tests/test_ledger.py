"""The ledger against hand-computed cases: dated prices, sums, budgets refused before spending."""

from __future__ import annotations

import json
import threading
from datetime import UTC, datetime, timedelta, timezone

import pytest
import typer
from typer.testing import CliRunner

from luodi.errors import BudgetExceeded, ConfigError, ModelError
from luodi.ledger import Budgets, Ledger, Limits
from luodi.models.fake import FakeModel
from luodi.prices import PriceTable, cost_li

CST = timezone(timedelta(hours=8))
PRICES = PriceTable(
    {
        "remote-a": [
            {"since": "2026-01-01", "in_per_million_li": 2000, "out_per_million_li": 8000},
            {"since": "2026-02-01", "in_per_million_li": 1000, "out_per_million_li": 4000},
        ],
        "remote-*": [{"since": "2026-01-01", "in_per_million_li": 500, "out_per_million_li": 500}],
    }
)
MSGS = [{"role": "user", "content": "运费多少？"}]


def fixed_clock(iso):
    return lambda: datetime.fromisoformat(iso)


def fill(ledger):
    """Seven calls; expected costs worked out by hand in the comments (厘)."""
    rec = ledger.record
    # (1000*2000 + 500*8000) / 1e6 = 6
    rec("answer", "remote-a", 1000, 500, 900, user="alice", at="2026-01-15T10:00:00+00:00")
    # February price: (3000*1000 + 250*4000) / 1e6 = 4
    rec("answer", "remote-a", 3000, 250, 800, user="alice", at="2026-02-01T00:00:00+00:00")
    # January price (UTC day 01-31): 1_000_000 * 2000 / 1e6 = 2000
    rec("rewrite", "remote-a", 1_000_000, 0, 100, user="bob", at="2026-01-31T23:59:00+00:00")
    # pattern remote-*: (2000*500 + 2000*500) / 1e6 = 2
    rec(
        "answer",
        "remote-b",
        2000,
        2000,
        700,
        user="bob",
        tenant="acme",
        at="2026-01-20T08:00:00+00:00",
    )
    rec(
        "answer", "qwen2.5-coder-0.5b", 5000, 300, 1500, local=True, at="2026-01-20T09:00:00+00:00"
    )  # local: 0
    rec("answer", "mystery", 100, 100, 50, at="2026-01-20T09:30:00+00:00")  # unpriced: 0
    rec("answer", "remote-a", 1000, 500, 2, cached=True, at="2026-01-20T10:00:00+00:00")  # 0


@pytest.mark.parametrize(
    "model,day,expected",
    [
        ("remote-a", "2026-01-01", 2000),
        ("remote-a", "2026-01-31", 2000),
        ("remote-a", "2026-02-01", 1000),
        ("REMOTE-A", "2027-05-05", 1000),
        ("remote-b", "2026-03-03", 500),
        ("remote-a", "2025-12-31", None),
        ("other", "2026-03-03", None),
    ],
)
def test_price_in_force_on_the_day(model, day, expected):
    price = PRICES.price(model, day)
    assert (price.in_per_million_li if price else None) == expected


def test_single_call_costs():
    price = PRICES.price("remote-a", "2026-01-15")
    assert cost_li(price, 1000, 500) == 6.0
    assert cost_li(price, 1, 1) == 0.01


def test_sums_by_model_day_user_tenant(store):
    ledger = Ledger(store, PRICES, tz=UTC)
    fill(ledger)
    by_model = {r["model"]: r for r in ledger.costs("model")}
    assert by_model["remote-a"]["cost_li"] == 2010.0 and by_model["remote-a"]["calls"] == 4
    assert by_model["remote-a"]["cached"] == 1
    assert by_model["remote-b"]["cost_li"] == 2.0
    assert by_model["qwen2.5-coder-0.5b"]["cost_li"] == 0.0
    assert by_model["mystery"]["unpriced"] == 1
    assert {r["day"]: r["cost_li"] for r in ledger.costs("day")} == {
        "2026-01-15": 6.0,
        "2026-01-20": 2.0,
        "2026-01-31": 2000.0,
        "2026-02-01": 4.0,
    }
    assert {r["user"]: r["cost_li"] for r in ledger.costs("user")} == {
        "alice": 10.0,
        "bob": 2002.0,
        "-": 0.0,
    }
    assert {r["tenant"]: r["cost_li"] for r in ledger.costs("tenant")} == {
        "acme": 2.0,
        "default": 2010.0,
    }
    assert {r["purpose"]: r["tokens_in"] for r in ledger.costs("purpose")} == {
        "answer": 12100,
        "rewrite": 1_000_000,
    }


def test_date_ranges_and_time_zone(store):
    fill(Ledger(store, PRICES, tz=CST))
    ledger = Ledger(store, PRICES, tz=CST)
    # 2026-01-31T23:59Z is 2026-02-01 07:59 in UTC+8: the February price applies (1000 厘/M).
    days = {r["day"]: r["cost_li"] for r in ledger.costs("day")}
    assert days["2026-02-01"] == 1000.0 + 4.0
    jan = ledger.costs("model", since="2026-01-01", until="2026-02-01")
    assert {r["model"]: r["cost_li"] for r in jan}["remote-a"] == 6.0
    with pytest.raises(ConfigError):
        ledger.costs("colour")


def budget_ledger(store, **limits):
    budgets = Budgets(
        user=Limits(limits.get("user_day"), limits.get("user_month")),
        tenant=Limits(limits.get("tenant_day"), limits.get("tenant_month")),
    )
    return Ledger(store, PRICES, budgets, tz=UTC, clock=fixed_clock("2026-01-15T10:00:00+00:00"))


def remote(*replies):
    # Worst case per call: 1000 prompt tokens + max_tokens 500 -> 6 厘; actual usage the same.
    return FakeModel(replies, name="remote-a", local=False, tokens_in=1000, tokens_out=500)


def test_the_call_that_would_exceed_the_budget_is_refused_before_spending(store):
    ledger = budget_ledger(store, user_day=10)
    model = remote("one", "two")
    metered = ledger.metered(model, "answer", user="alice", session="s1")
    first = metered.complete(MSGS, max_tokens=500)
    assert first.cost_li == 6.0 and len(model.calls) == 1
    with pytest.raises(BudgetExceeded, match="daily budget of user 'alice' is 10 厘"):
        metered.complete(MSGS, max_tokens=500)
    assert len(model.calls) == 1  # the model was never called
    rows = store.usage()
    assert len(rows) == 1 and rows[0].session == "s1" and rows[0].cost_li == 6.0
    # Another user is not affected by alice's budget.
    assert ledger.metered(model, user="carol").complete(MSGS, max_tokens=500).text == "two"


def test_smaller_max_tokens_can_still_fit(store):
    ledger = budget_ledger(store, user_day=10)
    model = remote("one", "two")
    metered = ledger.metered(model, user="alice")
    metered.complete(MSGS, max_tokens=500)
    # 1000 in at 2000/M = 2, 250 out at 8000/M = 2: worst case 4, total 10 <= 10.
    assert metered.complete(MSGS, max_tokens=250).text == "two"


def test_warning_threshold_is_reported(store):
    ledger = budget_ledger(store, user_day=14)
    metered = ledger.metered(remote("a", "b", "c"), user="alice")
    assert metered.complete(MSGS, max_tokens=500).warnings == []
    warned = metered.complete(MSGS, max_tokens=500)
    assert warned.warnings and "user 'alice' has used 12 of 14" in warned.warnings[0]
    with pytest.raises(BudgetExceeded):
        metered.complete(MSGS, max_tokens=500)


def test_tenant_monthly_budget_counts_this_month_only(store):
    ledger = budget_ledger(store, tenant_month=16)
    ledger.record("answer", "remote-a", 1000, 500, user="x", at="2025-12-31T10:00:00+00:00")  # 6
    ledger.record("answer", "remote-a", 2000, 1000, user="y", at="2026-01-02T10:00:00+00:00")  # 12
    assert ledger.spent("x", "default")["tenant_month"] == 12.0
    metered = ledger.metered(remote("a"), user="z")
    with pytest.raises(BudgetExceeded, match="monthly budget of tenant 'default'"):
        metered.complete(MSGS, max_tokens=500)  # 12 spent + 6 worst case > 16
    assert (
        ledger.metered(remote("b"), user="z").complete(MSGS, max_tokens=100).text == "b"
    )  # 12+2.8


def test_local_models_are_never_refused(store):
    ledger = budget_ledger(store, user_day=0, tenant_day=0)
    model = FakeModel(["free"], name="qwen2.5-coder-0.5b", tokens_in=5000, tokens_out=100)
    c = ledger.metered(model, user="alice").complete(MSGS)
    assert c.text == "free" and c.cost_li == 0.0


def test_calls_in_flight_count_against_the_budget(store):
    ledger = budget_ledger(store, user_day=10)
    ledger.reserve("alice", "default", 6.0, +1)  # another thread's call, not finished yet
    with pytest.raises(BudgetExceeded):
        ledger.metered(remote("a"), user="alice").complete(MSGS, max_tokens=500)
    ledger.reserve("alice", "default", 6.0, -1)
    assert ledger.metered(remote("a"), user="alice").complete(MSGS, max_tokens=500).text == "a"


def test_rows_carry_who_what_and_the_prompt_size(store):
    ledger = budget_ledger(store)
    ledger.metered(remote("a"), "rewrite", user="u", tenant="t", session="s").complete(MSGS)
    row = store.usage()[0]
    assert (row.purpose, row.model, row.user_id, row.tenant, row.session) == (
        "rewrite",
        "remote-a",
        "u",
        "t",
        "s",
    )
    assert (row.tokens_in, row.tokens_out, row.cost_li) == (1000, 500, 6.0)
    assert row.note.startswith("prompt 1000 tok") and row.at.startswith("2026-01-15T10:00")
    with pytest.raises(ConfigError):
        ledger.metered(remote(), "gossip")


def test_failed_calls_are_recorded_and_reraised(store):
    ledger = budget_ledger(store)
    with pytest.raises(ModelError):
        ledger.metered(remote(ModelError("down"))).complete(MSGS)
    assert "error: down" in store.usage()[0].note


def test_streams_are_metered_when_they_end(store):
    ledger = budget_ledger(store)
    cancel = threading.Event()
    items = list(ledger.metered(remote("abc")).stream(MSGS, cancel=cancel))
    assert "".join(i for i in items if isinstance(i, str)) == "abc"
    assert store.usage()[0].cost_li == 6.0
    gen = ledger.metered(remote("xyz")).stream(MSGS)
    next(gen)
    gen.close()  # abandoned by the consumer
    assert "stream not finished" in store.usage()[1].note


def test_from_config_reads_prices_tz_and_budgets(store, tmp_path):
    prices = tmp_path / "prices.toml"
    prices.write_text(
        '[[prices."remote-a"]]\nsince = "2026-01-01"\n'
        "in_per_million_li = 1\nout_per_million_li = 2\n"
    )
    ledger = Ledger.from_config(
        store,
        {
            "ledger": {"prices": str(prices), "tz": "UTC"},
            "budget": {"user_daily_li": 5, "warn_at": 0.5, "users": {"vip": {"daily_li": 50}}},
        },
    )
    assert ledger.prices.price("remote-a", "2026-06-01").out_per_million_li == 2
    assert ledger.budgets.for_user("vip").daily_li == 50
    assert ledger.budgets.for_user("anyone").daily_li == 5 and ledger.budgets.warn_at == 0.5


def test_default_price_table_loads():
    assert PriceTable.load().price("fake", "2026-01-01").in_per_million_li == 0


def test_costs_command(tmp_path, monkeypatch):
    from luodi.cli_models import costs_cmd, kb_store

    monkeypatch.setenv("LUODI_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("LUODI_CONFIG", raising=False)
    monkeypatch.delenv("LUODI_STORE", raising=False)
    kb = tmp_path / "kb"
    st, _ = kb_store(kb)
    fill(Ledger(st, PRICES, tz=UTC))
    st.close()
    app = typer.Typer()
    app.command("costs")(costs_cmd)
    app.command("noop")(lambda: None)  # keep `costs` a sub-command, as in the real CLI
    runner = CliRunner()
    result = runner.invoke(app, ["costs", "--by", "user", "--json", "--kb", str(kb)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    # Costs are fixed when a call is recorded; a report never reprices history.
    assert data["total"]["calls"] == 7 and data["total"]["unpriced"] == 1
    assert data["total"]["cost_li"] == 2012.0
    assert {r["user"]: r["cost_li"] for r in data["rows"]}["bob"] == 2002.0
    assert data["total"]["tokens_in"] == 1_012_100
    table = runner.invoke(app, ["costs", "--kb", str(kb)])
    assert table.exit_code == 0 and "total" in table.output


def test_parallel_calls_never_spend_past_the_budget(store):
    """Each call is recorded before its reservation is released: no check sees neither."""
    ledger = budget_ledger(store, user_day=30)  # five calls of 6 厘
    model = remote(*["ok"] * 40)
    done, refused = [], []

    def call():
        try:
            done.append(ledger.metered(model, user="alice").complete(MSGS, max_tokens=500))
        except BudgetExceeded:
            refused.append(1)

    threads = [threading.Thread(target=call) for _ in range(20)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(done) == 5 and len(refused) == 15
    assert sum(r.cost_li for r in store.usage()) == 30.0


@pytest.mark.parametrize("budget", [{"user_daily_li": float("nan")}, {"user_daily_li": -5},
                                    {"user_daily_li": "abc"}, {"warn_at": "high"}, {"warn_at": 2},
                                    {"users": {"ov": {"daily_li": True}}}])
def test_a_budget_that_is_no_amount_is_a_config_error(budget):
    with pytest.raises(ConfigError, match="budget"):
        Budgets.from_config(budget)


@pytest.mark.parametrize("price", [float("nan"), -1000, "cheap"])
def test_a_price_that_is_no_amount_is_a_config_error(price):
    with pytest.raises(ConfigError, match="in_per_million_li"):
        PriceTable({"paid": [{"since": "2026-01-01", "in_per_million_li": price, "out_per_million_li": 1}]})


def test_a_bad_date_for_costs_says_what_to_write(store):
    from luodi.errors import InputError

    with pytest.raises(InputError, match="YYYY-MM-DD"):
        Ledger(store, PRICES).costs("day", "yesterday", None)


def test_a_refusal_names_the_setting_that_applies(store):
    budgets = Budgets(user=Limits(100000), users={"ov": Limits(10)})
    ledger = Ledger(store, PRICES, budgets, tz=UTC, clock=fixed_clock("2026-01-15T10:00:00+00:00"))
    with pytest.raises(BudgetExceeded, match=r"budget\.users\.ov\.daily_li.*shorter answer"):
        ledger.metered(remote("a"), user="ov").complete(MSGS, max_tokens=5000)  # 42 厘 > 10 on its own
