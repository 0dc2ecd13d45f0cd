"""Exact numbers: parsing Chinese and English quantities, dates, and answering numeric questions."""

from luodi.numeric.compute import Computation, compare, multiply, total
from luodi.numeric.engine import NumericResult, solve
from luodi.numeric.parse import Quantity, find_quantities, parse_number

__all__ = [
    "Computation",
    "NumericResult",
    "Quantity",
    "compare",
    "find_quantities",
    "multiply",
    "parse_number",
    "solve",
    "total",
]
