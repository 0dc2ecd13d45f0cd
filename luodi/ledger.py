"""The ledger: every model and embedding call metered in tokens, latency and 厘 (0.001 yuan).

Costs come from a dated price table (`luodi/prices.toml` format): the price in force on the day
of the call is used, local models cost 0. Budgets per user and per tenant (daily and monthly)
are checked BEFORE a call with its worst case (prompt tokens + max_tokens at current prices), so
a call that could overspend is refused without spending anything; calls in flight in this process
are counted too. Days and months are those of the ledger's time zone (config `tz`, default the
machine's).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, tzinfo
from typing import Any

from luodi.errors import BudgetExceeded, ConfigError, InputError, LuodiError
from luodi.models.base import Completion, Message, Model, ModelUsage
from luodi.prices import PriceTable, amount_li, cost_li
from luodi.store.base import Store, UsageRow

PURPOSES = ("answer", "rewrite", "tool", "embed")
BY = {"day", "user", "model", "tenant", "purpose"}


# -- budgets --------------------------------------------------------------------------------
@dataclass
class Limits:
    daily_li: float | None = None
    monthly_li: float | None = None


@dataclass
class Budgets:
    user: Limits = field(default_factory=Limits)  # default for every user
    tenant: Limits = field(default_factory=Limits)  # default for every tenant
    users: dict[str, Limits] = field(default_factory=dict)  # per-user overrides
    tenants: dict[str, Limits] = field(default_factory=dict)
    warn_at: float = 0.8

    @classmethod
    def from_config(cls, cfg: Mapping[str, Any] | None) -> Budgets:
        """From a `[budget]` table: user_daily_li, user_monthly_li, tenant_daily_li,
        tenant_monthly_li, warn_at, and sub-tables users.NAME / tenants.NAME {daily_li, monthly_li}.
        """
        cfg = cfg or {}

        def li(table: Mapping[str, Any], key: str, where: str) -> float | None:
            value = table.get(key)
            return None if value is None else amount_li(value, f"{where}{key}")

        def limits(table: Any, where: str) -> Limits:
            if not isinstance(table, Mapping):
                raise ConfigError(f"{where} must be a table with daily_li and/or monthly_li")
            return Limits(li(table, "daily_li", where + "."), li(table, "monthly_li", where + "."))

        warn_at = cfg.get("warn_at", 0.8)
        if isinstance(warn_at, bool) or not isinstance(warn_at, int | float) or not 0 < warn_at <= 1:
            raise ConfigError(f"budget.warn_at must be a share between 0 and 1 (it is {warn_at!r})")
        return cls(
            Limits(li(cfg, "user_daily_li", "budget."), li(cfg, "user_monthly_li", "budget.")),
            Limits(li(cfg, "tenant_daily_li", "budget."), li(cfg, "tenant_monthly_li", "budget.")),
            {k: limits(v, f"budget.users.{k}") for k, v in cfg.get("users", {}).items()},
            {k: limits(v, f"budget.tenants.{k}") for k, v in cfg.get("tenants", {}).items()},
            float(warn_at),
        )

    def for_user(self, user: str) -> Limits:
        return self.users.get(user, self.user)

    def for_tenant(self, tenant: str) -> Limits:
        return self.tenants.get(tenant, self.tenant)


SUMS = ("calls", "cached", "tokens_in", "tokens_out", "cost_li", "latency_ms", "unpriced")


def _amounts(row: UsageRow) -> tuple[float, ...]:
    return (
        1,
        int(row.cached),
        row.tokens_in,
        row.tokens_out,
        row.cost_li,
        row.latency_ms,
        int("unpriced" in row.note),
    )


# -- the ledger -----------------------------------------------------------------------------
def _utc_iso(when: datetime) -> str:
    # The same shape as timeutil.now_iso(), so string comparison in the store orders correctly.
    return when.astimezone(UTC).isoformat(timespec="microseconds")


class Ledger:
    def __init__(
        self,
        store: Store,
        prices: PriceTable | None = None,
        budgets: Budgets | None = None,
        tz: tzinfo | str | None = None,
        clock: Any = None,
    ):
        self.store = store
        self.prices = prices or PriceTable.load()
        self.budgets = budgets or Budgets()
        if isinstance(tz, str):
            from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

            try:
                tz = ZoneInfo(tz)
            except ZoneInfoNotFoundError as exc:
                raise ConfigError(f"Unknown time zone {tz!r}; use e.g. Asia/Shanghai.") from exc
        self.tz = tz or datetime.now().astimezone().tzinfo
        self.clock = clock or (lambda: datetime.now(UTC))
        self._pending: dict[tuple[str, str], float] = {}
        self._lock = threading.RLock()

    @classmethod
    def from_config(cls, store: Store, cfg: Mapping[str, Any] | None = None) -> Ledger:
        """From the whole configuration: `[ledger] prices = PATH, tz = "Asia/Shanghai"` and
        the `[budget]` table (see `Budgets.from_config`)."""
        cfg = cfg or {}
        section = cfg.get("ledger", {})
        return cls(
            store,
            PriceTable.load(section.get("prices")),
            Budgets.from_config(cfg.get("budget")),
            section.get("tz"),
        )

    # costs of single calls
    def cost(
        self, model: str, tokens_in: int, tokens_out: int, at: str, local: bool = False
    ) -> tuple[float, str]:
        """(cost in 厘, note): local models are free; an unknown remote model is 'unpriced'."""
        if local:
            return 0.0, ""
        day = datetime.fromisoformat(at).astimezone(self.tz).date().isoformat()
        price = self.prices.price(model, day)
        if price is None:
            return 0.0, "unpriced"
        return cost_li(price, tokens_in, tokens_out), ""

    def record(
        self,
        purpose: str,
        model: str,
        tokens_in: int = 0,
        tokens_out: int = 0,
        latency_ms: float = 0.0,
        *,
        user: str | None = None,
        tenant: str = "default",
        session: str | None = None,
        cached: bool = False,
        note: str = "",
        local: bool = False,
        at: str | None = None,
    ) -> UsageRow:
        """Write one ledger row (cached rows cost 0) and return it."""
        at = at or _utc_iso(self.clock())
        cost, extra = (
            (0.0, "cached") if cached else self.cost(model, tokens_in, tokens_out, at, local)
        )
        note = "; ".join(x for x in (note, extra) if x)
        row = UsageRow(
            at,
            purpose,
            model,
            int(tokens_in),
            int(tokens_out),
            float(latency_ms),
            cost,
            tenant,
            user,
            session,
            cached,
            note,
        )
        self.store.record_usage(row)
        return row

    # budgets
    def _bounds(self) -> tuple[str, str]:
        now = self.clock().astimezone(self.tz)
        day = datetime.combine(now.date(), time(), self.tz)
        month = datetime.combine(date(now.year, now.month, 1), time(), self.tz)
        return _utc_iso(day), _utc_iso(month)

    def spent(self, user: str | None, tenant: str) -> dict[str, float]:
        """厘 spent today and this month by the user and the tenant."""
        day, month = self._bounds()
        return self.store.usage_spent(tenant, user, month, day)

    def _limits(self, user: str | None, tenant: str) -> Iterator[tuple[str, str, str, float]]:
        targets = [("tenant", tenant, self.budgets.for_tenant(tenant))]
        if user is not None:
            targets.insert(0, ("user", user, self.budgets.for_user(user)))
        for kind, who, lim in targets:
            for period, limit in (("day", lim.daily_li), ("month", lim.monthly_li)):
                if limit is not None:
                    yield kind, who, period, float(limit)

    def check(self, user: str | None, tenant: str, max_cost_li: float) -> list[str]:
        """Raise BudgetExceeded if a call costing up to `max_cost_li` could overspend;
        return warnings for budgets at or past the warning threshold."""
        limits = list(self._limits(user, tenant))
        spent = self.spent(user, tenant) if limits else {}
        warnings = []
        for kind, who, period, limit in limits:
            used = spent[f"{kind}_{period}"] + self._pending.get((kind, who), 0.0)
            if used + max_cost_li > limit:
                word = "daily" if period == "day" else "monthly"
                own = self.budgets.users if kind == "user" else self.budgets.tenants
                setting = (f"budget.{kind}s.{who}.{word}_li" if who in own   # the override that applies
                           else f"budget.{kind}_{word}_li")
                later = (f"wait for the next {'day' if period == 'day' else 'month'}" if max_cost_li <= limit
                         else "ask for a shorter answer (this call alone could cost more than the budget)")
                raise BudgetExceeded(
                    f"The {word} budget of {kind} {who!r} is {limit:g} 厘; {used:g} 厘 are spent "
                    f"and this call could cost up to {max_cost_li:g} 厘, so it was not made. "
                    f"Raise {setting}, use the local model, or {later}."
                )
            if used + max_cost_li >= self.budgets.warn_at * limit:
                warnings.append(
                    f"{kind} {who!r} has used {used + max_cost_li:g} of "
                    f"{limit:g} 厘 of the {period}'s budget"
                )
        return warnings

    def max_cost(self, model: Model, messages: list[Message], max_tokens: int) -> float:
        """The most a call can cost: estimated prompt tokens + max_tokens at today's price."""
        if getattr(model, "local", False):
            return 0.0
        price = self.prices.price(model.name, self.clock().astimezone(self.tz).date().isoformat())
        if price is None:
            return 0.0
        return cost_li(price, model.count_tokens(messages), max_tokens)

    def metered(
        self,
        model: Model,
        purpose: str = "answer",
        user: str | None = None,
        tenant: str = "default",
        session: str | None = None,
    ) -> MeteredModel:
        """Wrap `model` so that every call is budget-checked first and recorded after."""
        if purpose not in PURPOSES:
            raise ConfigError(f"Unknown ledger purpose {purpose!r}: use one of {PURPOSES}.")
        return MeteredModel(self, model, purpose, user, tenant, session)

    def reserve(self, user: str | None, tenant: str, amount: float, sign: int) -> None:
        with self._lock:
            for key in ([("user", user)] if user is not None else []) + [("tenant", tenant)]:
                self._pending[key] = self._pending.get(key, 0.0) + sign * amount

    # reports
    def costs(
        self, by: str = "day", since: str | None = None, until: str | None = None
    ) -> list[dict[str, Any]]:
        """Sums per day, user, model, tenant or purpose; `since`/`until` are dates or ISO times
        (until is exclusive)."""
        if by not in BY:
            raise ConfigError(f"--by must be one of {', '.join(sorted(BY))}.")
        rows = self.store.usage(self._iso(since), self._iso(until))
        groups: dict[str, dict[str, Any]] = {}
        for row in rows:
            key = self._group_key(row, by)
            g = groups.setdefault(key, {by: key, **dict.fromkeys(SUMS, 0)})
            for name, value in zip(SUMS, _amounts(row), strict=True):
                g[name] += value
        out = []
        for key in sorted(groups):
            g = groups[key]
            g["cost_li"] = round(g["cost_li"], 6)
            g["latency_ms"] = round(g["latency_ms"] / g["calls"], 1)  # mean per call
            out.append(g)
        return out

    def _group_key(self, row: UsageRow, by: str) -> str:
        if by == "day":
            return datetime.fromisoformat(row.at).astimezone(self.tz).date().isoformat()
        if by == "user":
            return row.user_id or "-"
        return str(getattr(row, by))

    def _iso(self, value: str | None) -> str | None:
        if not value:
            return None
        try:
            when = datetime.fromisoformat(value)
        except ValueError as exc:
            raise InputError(f"{value!r} is not a date: use YYYY-MM-DD or an ISO time") from exc
        if len(value) == 10:  # a date: midnight in the ledger's time zone
            when = datetime.combine(when.date(), time(), self.tz)
        elif when.tzinfo is None:
            when = when.replace(tzinfo=self.tz)
        return _utc_iso(when)


class MeteredModel:
    """A model whose calls are budget-checked and recorded; same interface as `Model`."""

    def __init__(
        self,
        ledger: Ledger,
        model: Model,
        purpose: str,
        user: str | None,
        tenant: str,
        session: str | None,
    ):
        self.ledger, self.model, self.purpose = ledger, model, purpose
        self.user, self.tenant, self.session = user, tenant, session
        self.name = model.name
        self.local = getattr(model, "local", False)

    def count_tokens(self, messages: list[Message]) -> int:
        return self.model.count_tokens(messages)

    def _record(self, usage: ModelUsage, note: str = "") -> UsageRow:
        return self.ledger.record(
            self.purpose,
            usage.model,
            usage.tokens_in,
            usage.tokens_out,
            usage.latency_ms,
            user=self.user,
            tenant=self.tenant,
            session=self.session,
            local=self.local,
            note="; ".join(x for x in (usage.note, note) if x),
        )

    def _begin(self, messages: list[Message], max_tokens: int) -> tuple[float, list[str]]:
        worst = self.ledger.max_cost(self.model, messages, max_tokens)
        with self.ledger._lock:  # check and reserve at once, so parallel calls cannot both pass
            warnings = self.ledger.check(self.user, self.tenant, worst)
            self.ledger.reserve(self.user, self.tenant, worst, +1)
        return worst, warnings

    def complete(self, messages: list[Message], **kw: Any) -> Completion:
        worst, warnings = self._begin(messages, kw.get("max_tokens", 256))
        try:
            result = self.model.complete(messages, **kw)
        except LuodiError as exc:
            self._settle(worst, ModelUsage(self.name), note=f"error: {exc}"[:200])
            raise
        except BaseException:
            self.ledger.reserve(self.user, self.tenant, worst, -1)
            raise
        row = self._settle(worst, result.usage())
        result.cost_li = row.cost_li
        result.warnings = warnings
        return result

    def stream(self, messages: list[Message], **kw: Any) -> Iterator[str | ModelUsage]:
        worst, _ = self._begin(messages, kw.get("max_tokens", 256))
        usage: ModelUsage | None = None
        parts = 0
        try:
            for item in self.model.stream(messages, **kw):
                if isinstance(item, ModelUsage):
                    usage = item
                else:
                    parts += 1
                yield item
        finally:
            if usage is not None:
                self._settle(worst, usage)
            else:  # abandoned or failed mid-stream: record what is known
                self._settle(worst, ModelUsage(self.name, tokens_out=parts), note="stream not finished")

    def _settle(self, worst: float, usage: ModelUsage, note: str = "") -> UsageRow:
        """Record the call and release its reservation at once: a budget check in between would
        count it twice (refusing a call that fits) or not at all (letting one overspend)."""
        with self.ledger._lock:
            try:
                return self._record(usage, note)
            finally:
                self.ledger.reserve(self.user, self.tenant, worst, -1)
