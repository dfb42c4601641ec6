"""Property: the closed-form derive sweep equals the exact per-point derivation.

funding_threat (docs/scenarios/funding_threat.md): the cut is credible iff b_F >= k_F and the
county complies iff c_L <= G (1 - beta); the grids below put points on both boundaries on
purpose (there the fast path computes the point by itself). At random fixed values and random
grids, ``sweep(..., "derive")`` by the closed forms (:mod:`gametheory.sweeps.derive_fast`) has
the same rows, values and floats as ``fast=False`` (``gametheory.evaluate`` at every point).
"""

from __future__ import annotations

from fractions import Fraction
from unittest import mock

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import load_scenario, sweep
from gametheory.sweeps import derive_fast
from gametheory.sweeps.derive_fast import derive_frame
from gametheory.sweeps.grid import parse_grid

FT = load_scenario("funding_threat")
SLOW = settings(max_examples=4, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _same(fast, slow) -> bool:  # type: ignore[no-untyped-def]
    # The fast frame keeps exact text as categoricals; values and order must be the same.
    return bool(fast.astype(slow.dtypes.to_dict()).equals(slow))


def _fractions(lo: int, hi: int) -> st.SearchStrategy[Fraction]:
    return st.fractions(min_value=lo, max_value=hi, max_denominator=12)


@SLOW
@given(
    G=_fractions(1, 4),
    beta=st.fractions(min_value=0, max_value=Fraction(9, 10), max_denominator=10),
    k_F=_fractions(0, 2),
    a_F=_fractions(1, 3),
    b=st.lists(_fractions(0, 2), min_size=1, max_size=2, unique=True),
    c=st.lists(_fractions(1, 4), min_size=1, max_size=2, unique=True),
)
def test_fast_derive_sweep_equals_per_point(
    G: Fraction,
    beta: Fraction,
    k_F: Fraction,
    a_F: Fraction,
    b: list[Fraction],
    c: list[Fraction],
) -> None:
    fixed = {"G": str(G), "beta": str(beta), "k_F": str(k_F), "a_F": str(a_F)}
    # On the boundaries too: b_F = k_F, c_L = G (1 - beta).
    bs = sorted({*b, k_F})
    cs = sorted({*c, G * (1 - beta)} - {Fraction(0)})
    grid = {"b_F": [str(v) for v in bs], "c_L": [str(v) for v in cs]}
    # However many points lie on a boundary, the closed forms run (the others computed alone).
    with mock.patch.object(derive_fast, "MOSTLY", 1.0):
        assert derive_frame(FT, parse_grid(grid), fixed, {}) is not None
        fast = sweep(FT, grid, "derive", fixed)
    slow = sweep(FT, grid, "derive", fixed, fast=False)
    assert _same(fast, slow)


@SLOW
@given(
    tau=st.lists(_fractions(0, 2), min_size=1, max_size=2, unique=True),
    lam=st.lists(st.fractions(0, 1, max_denominator=8), min_size=1, max_size=2, unique=True),
)
def test_fast_derive_sweep_of_a_tree_equals_per_point(
    tau: list[Fraction], lam: list[Fraction]
) -> None:
    # hennepin_drawdown is a tree: derive works on its reduced strategic form.
    sc = load_scenario("hennepin_drawdown")
    fixed = {p.name: p.default for p in sc.parameters if p.name not in ("tau", "lam")}
    grid = {"tau": [str(v) for v in tau], "lam": [str(v) for v in lam]}
    with mock.patch.object(derive_fast, "MOSTLY", 1.0):
        assert derive_frame(sc, parse_grid(grid), fixed, {}) is not None
        fast = sweep(sc, grid, "derive", fixed)
    slow = sweep(sc, grid, "derive", fixed, fast=False)
    assert _same(fast, slow)


def test_points_outside_the_assumptions_are_computed_exactly() -> None:
    # prisoners_dilemma assumes T > R > P > S; at T = R the derivation's "never" for (C, C)
    # rests on T > R, so the sweep computes that point by itself: (C, C) is an equilibrium there.
    sc = load_scenario("prisoners_dilemma")
    df = sweep(sc, {"T": ["4", "5"], "R": ["3", "4"]}, "derive")
    slow = sweep(sc, {"T": ["4", "5"], "R": ["3", "4"]}, "derive", fast=False)
    assert _same(df, slow)
    cc = df[(df["T"] == "4") & (df["R"] == "4")].iloc[0]
    assert cc["status"] == "always"


def test_derive_sweep_keeps_symbols_outside_the_grid_per_point() -> None:
    # Without values for every parameter the rows are symbolic: no closed form applies.
    grid = parse_grid(["b_F=0,1"])
    assert derive_frame(FT, grid, {}, {}) is None
    df = sweep(FT, ["b_F=0,1"], "derive")
    assert "G >= G*beta + c_L" in set(df.condition)
