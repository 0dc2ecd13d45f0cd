"""Exact numbers: parsing Chinese and English quantities, dates, and answering numeric questions.

The names below load with their module on first use: the keyword tokenizer reads numerals with
luodi.numeric.numbers at every start-up, and should not pay for the question engine with it."""

from importlib import import_module

_HOME = {
    "Computation": "compute",
    "compare": "compute",
    "multiply": "compute",
    "total": "compute",
    "NumericResult": "engine",
    "solve": "engine",
    "Quantity": "parse",
    "find_quantities": "parse",
    "parse_number": "parse",
}

__all__ = sorted(_HOME)


def __getattr__(name: str):
    if name in _HOME:
        return getattr(import_module(f"luodi.numeric.{_HOME[name]}"), name)
    raise AttributeError(f"module 'luodi.numeric' has no attribute {name!r}")
