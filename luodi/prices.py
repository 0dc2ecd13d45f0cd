"""Dated model prices in 厘 per million tokens (`luodi/prices.toml` format): the price in force
on the day of a call is the one used."""

from __future__ import annotations

import fnmatch
import math
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from luodi.errors import ConfigError


@dataclass(frozen=True)
class Price:
    since: str  # YYYY-MM-DD
    in_per_million_li: float
    out_per_million_li: float


def amount_li(value: Any, name: str) -> float:
    """A price or budget from the configuration: a finite number of 厘, not negative (NaN would
    turn a budget off and a negative price would lower what was spent)."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        raise ConfigError(f"{name} must be a number of 厘, 0 or more (it is {value!r}): fix the configuration")
    return float(value)


class PriceTable:
    """{model pattern: [Price, ...]}; exact names win over patterns, longer patterns over shorter."""

    def __init__(self, table: Mapping[str, list[Mapping[str, Any]]] | None = None):
        self.table: dict[str, list[Price]] = {}
        for pattern, entries in (table or {}).items():
            try:
                prices = [
                    Price(
                        str(e["since"]),
                        amount_li(e["in_per_million_li"], f"prices.{pattern}.in_per_million_li"),
                        amount_li(e["out_per_million_li"], f"prices.{pattern}.out_per_million_li"),
                    )
                    for e in entries
                ]
            except (KeyError, TypeError, ValueError) as exc:
                raise ConfigError(
                    f"Price entry for {pattern!r} needs since, in_per_million_li and "
                    f"out_per_million_li: {exc}"
                ) from exc
            self.table[pattern.lower()] = sorted(prices, key=lambda p: p.since)

    @classmethod
    def load(cls, path: str | Path | None = None) -> PriceTable:
        """Read a prices TOML file; without a path, the default table shipped with Luodi."""
        if path is None:
            text = (Path(__file__).parent / "prices.toml").read_text(encoding="utf-8")
        else:
            text = Path(path).expanduser().read_text(encoding="utf-8")
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(
                f"Price table {path or 'prices.toml'} is not valid TOML: {exc}"
            ) from exc
        return cls(data.get("prices", {}))

    def price(self, model: str, day: str) -> Price | None:
        name = model.lower()
        patterns = [p for p in self.table if p == name or fnmatch.fnmatchcase(name, p)]
        if not patterns:
            return None
        best = max(patterns, key=lambda p: (p == name, len(p.replace("*", ""))))
        in_force = [p for p in self.table[best] if p.since <= day[:10]]
        return in_force[-1] if in_force else None


def cost_li(price: Price, tokens_in: int, tokens_out: int) -> float:
    # Rounded to 1e-6 厘 so sums of many small calls stay exact enough to compare.
    return round(
        (tokens_in * price.in_per_million_li + tokens_out * price.out_per_million_li) / 1_000_000, 6
    )
