"""Property: a ``repeated`` sweep over delta by the trigger thresholds equals the per-point one.

surge_pd (docs/scenarios/surge_pd.md): grim trigger holds iff delta >= 1/2 (the Local side's
threshold; the Federal side's is 1/3), tit-for-tat is subgame perfect only at delta = 1/2 and
1/3 for each side alone (so never for both), and a two-round punishment needs
delta >= (sqrt(5) - 1)/2 (Osborne, An Introduction to Game Theory, 2004, ch. 14-15: the
one-shot deviation conditions). The grids mix random discount factors with these ends.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import load_scenario, sweep
from gametheory.sweeps.fast_repeated import repeated_rows
from gametheory.sweeps.grid import grid_points, parse_grid

SC = load_scenario("surge_pd")
ENDS = [Fraction(1, 3), Fraction(1, 2), Fraction(618, 1000), Fraction(619, 1000)]


@pytest.mark.slow  # each example analyses the repeated game at every point (about a minute)
@settings(max_examples=3, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.fractions(Fraction(1, 100), Fraction(99, 100), max_denominator=100),
        min_size=1,
        max_size=4,
        unique=True,
    )
)
def test_fast_repeated_sweep_equals_per_point(ds: list[Fraction]) -> None:
    grid = {"delta": [str(d) for d in sorted({*ds, *ENDS})]}
    fast = sweep(SC, grid, "repeated")
    slow = sweep(SC, grid, "repeated", fast=False)
    assert fast.equals(slow)


def test_thresholds_read_off_exactly() -> None:
    parsed = parse_grid(["delta=1/3,1/2,3/5,3/4"])
    rows = repeated_rows(SC, parsed, list(grid_points(parsed)), {}, {})
    assert rows is not None
    grim = [next(r for r in rs if r["strategies"] == "grim_trigger") for rs in rows]
    assert [(r["Local"], r["Federal"], r["holds"]) for r in grim] == [
        ("never", "always", "no"),
        ("always", "always", "yes"),
        ("always", "always", "yes"),
        ("always", "always", "yes"),
    ]
    punish = [next(r for r in rs if r["strategies"] == "punish:2") for rs in rows]
    # (sqrt(5) - 1)/2 = 0.618...: not yet at 3/5, held at 3/4.
    assert [r["holds"] for r in punish] == ["no", "no", "no", "yes"]


def test_a_delta_parameter_is_not_an_option() -> None:
    # hennepin_drawdown has a parameter delta: the sweep sets it, the analysis is per point.
    sc = load_scenario("hennepin_drawdown")
    parsed = parse_grid(["delta=1/2"])
    assert repeated_rows(sc, parsed, list(grid_points(parsed)), {}, {}) is None
