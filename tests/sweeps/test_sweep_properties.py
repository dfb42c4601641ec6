"""Property: the closed-form fast sweep equals the exact per-point computation (evaluate).

At random rational discount factors and penalties on hennepin_drawdown, every row of
``sweep(..., fast=True)`` equals the row built from ``gametheory.evaluate`` at that point.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import load_scenario, sweep

SC = load_scenario("hennepin_drawdown")

deltas = st.fractions(min_value=0, max_value=Fraction(99, 100), max_denominator=200)
penalties = st.fractions(min_value=0, max_value=Fraction(1, 2), max_denominator=20)


@settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(deltas, min_size=2, max_size=4, unique=True), penalties)
def test_fast_compare_sweep_equals_per_point(ds: list[Fraction], phi: Fraction) -> None:
    grid = {"phi": [str(phi)], "delta": [str(d) for d in ds]}
    fast = sweep(SC, grid, "compare")
    slow = sweep(SC, grid, "compare", fast=False)
    assert fast.equals(slow)
