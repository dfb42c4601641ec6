"""Symbolic == numeric: the derived conditions and closed forms, evaluated at a parameter point,
give exactly the equilibria the exact numeric solver finds there.

Points are drawn from each bundled scenario's declared ranges (rationals, so both sides are
exact), and also put *on* region boundaries (an undecided inequality made an equality), where
the game is degenerate: there the derivation's equilibria must still all be found numerically,
and the numeric solver may list more (the extreme points of a continuum).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory import bundled_scenarios, load_scenario, solve
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work
from gametheory.symbolic import Atom, derive_normal_form


# Every bundled scenario with parameters and a strategic form (trees count through their reduced
# strategic form; the 3-player chain store has none).
def _checkable(name: str) -> bool:
    """Parameters to vary, and a strategic form small enough for the exact (complete) solver."""
    sc = load_scenario(name)
    return (
        bool(sc.parameters)
        and sc.game is not None
        and exact_work(*sc.game.shape) <= EXACT_SIZE_LIMIT
    )


SCENARIOS = [n for n in bundled_scenarios() if _checkable(n)]


def _point(draw: st.DrawFn, scenario) -> dict[sp.Symbol, sp.Expr]:
    values = {}
    for p in scenario.parameters:
        lo, hi = (Fraction(int(v.p), int(v.q)) for v in p.range)
        k = draw(st.integers(0, 40))
        values[p.symbol] = sp.Rational(lo + (hi - lo) * Fraction(k, 40))
    return values


def _check(scenario, values: dict[sp.Symbol, sp.Expr]) -> None:
    assume(all(p.domain.contains(values[p.symbol]) for p in scenario.parameters))
    assume(not scenario.failed_assumptions(values))
    derivation = derive_normal_form(scenario)
    predicted = derivation.at(values)
    result = solve(scenario.game.subs(values))
    numeric = [e.strategies for e in result.equilibria]
    assert len(set(predicted)) == len(predicted)
    assert set(predicted) <= set(numeric), (values, predicted, numeric)
    if not result.degenerate:
        assert sorted(predicted) == sorted(numeric), (values, predicted, numeric)


@pytest.mark.parametrize("name", SCENARIOS)
@settings(deadline=None)
@given(data=st.data())
def test_symbolic_equals_numeric_at_random_points(name: str, data: st.DataObject) -> None:
    scenario = load_scenario(name)
    _check(scenario, data.draw(st.composite(lambda d: _point(d, scenario))()))


def _bounds(scenario) -> list[Atom]:
    bounds = []
    for p in scenario.parameters:
        lo, hi = p.range
        bounds += [Atom(p.symbol - lo, ">="), Atom(hi - p.symbol, ">=")]
    return bounds


def _boundary_cases() -> list[tuple[str, int]]:
    """Boundary regions that contain an exact point inside the ranges (linear conditions; the
    exact LP cannot produce points on nonlinear boundaries such as h*x = c_L)."""
    cases = []
    for name in SCENARIOS:
        scenario = load_scenario(name)
        derivation = derive_normal_form(scenario)
        for k, region in enumerate(derivation.regions or ()):
            if region.boundary and derivation.assumptions.witness(
                [*region.condition.atoms, *_bounds(scenario)]
            ):
                cases.append((name, k))
    return cases


BOUNDARIES = _boundary_cases()


def test_some_scenario_has_a_boundary_inside_its_domain() -> None:
    assert ("surge_pd", 1) in BOUNDARIES  # c_L = tau + lam + e = 0


@pytest.mark.parametrize("name,region", BOUNDARIES)
@settings(deadline=None, max_examples=10)
@given(direction=st.lists(st.integers(-3, 3), min_size=12, max_size=12))
def test_symbolic_equals_numeric_on_region_boundaries(
    name: str, region: int, direction: list[int]
) -> None:
    """Points on a boundary region, found exactly by linear programming inside the declared
    ranges; the random direction moves the point around the boundary face."""
    scenario = load_scenario(name)
    derivation = derive_normal_form(scenario)
    bounds = _bounds(scenario)
    weights = {p.symbol: Fraction(w) for p, w in zip(scenario.parameters, direction, strict=False)}
    point = derivation.assumptions.witness(
        [*derivation.regions[region].condition.atoms, *bounds], weights
    )
    assert point is not None
    values = {p.symbol: point.get(p.symbol, p.default) for p in scenario.parameters}
    _check(scenario, values)
