"""Tests for gametheory.repeated.delta_sets: exact sets of discount factors.

Hand derivations (normalised payoffs, prisoner's dilemma T > R > P > S):

* grim trigger: R >= (1 - d) T + d P, i.e. d >= (T - R)/(T - P) (Friedman 1971); 1/2 at 5/3/1/0;
* two-period punishment: T - R <= (R - P)(d + d^2) (Mailath & Samuelson 2006, §2.4.2), at
  5/3/1/0 d^2 + d - 1 >= 0, d >= (sqrt(5) - 1)/2; symbolically the positive root of
  (R - P) d^2 + (R - P) d - (T - R);
* three-period punishment at 5/3/1/0: d + d^2 + d^3 >= 1, the real root of x^3 + x^2 + x - 1,
  0.543689... (no radicals needed by sympy: a CRootOf);
* tit-for-tat's two-sided condition (T - R)/(R - S) <= d <= (T - R)/(R - S) is the single point
  d = 2/3 at 5/3/1/0 (the knife edge derived in tests/unit/test_repeated.py).
"""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory.repeated.delta_sets import (
    Bound,
    DeltaSet,
    SymbolicDeltaCondition,
    conjunction,
    describe,
    in_terms_of,
    intersect,
    nonnegative_set,
    symbolic_condition,
    tidy,
)
from gametheory.symbolic.conditions import Assumptions, Condition

d = sp.Symbol("delta", positive=True)
T, R, P, S = sp.symbols("T R P S", real=True)
PD_KNOWN = Assumptions.from_relations([T > R, R > P, P > S, 2 * R > T + S])
half, third = sp.Rational(1, 2), sp.Rational(1, 3)


def test_constructors_and_edges() -> None:
    assert DeltaSet.at_least(half).describe() == "delta >= 1/2"
    assert DeltaSet.at_least(sp.Integer(0)).is_everything
    assert DeltaSet.at_least(sp.Integer(1)).is_empty
    assert DeltaSet.at_most(sp.Integer(0)).is_empty
    assert DeltaSet.at_most(sp.Integer(2)).is_everything
    assert DeltaSet.at_most(third).describe() == "delta <= 1/3"
    assert DeltaSet.everything().describe() == "always"
    assert DeltaSet.nothing().describe() == "never"


def test_intersection_and_membership() -> None:
    s = DeltaSet.at_least(third) & DeltaSet.at_most(half)
    assert s.describe() == "delta in [1/3, 1/2]"
    assert s.contains(sp.Rational(2, 5)) and not s.contains(sp.Rational(3, 5))
    assert s.contains(third) and s.contains(half)
    assert s.threshold is None and s.infimum == third
    point = DeltaSet.at_least(half) & DeltaSet.at_most(half)
    assert point.describe() == "delta = 1/2" and point.intervals == ((half, half, True, True),)
    assert (DeltaSet.at_least(half) & DeltaSet.at_most(third)).is_empty
    assert intersect([]).is_everything
    assert DeltaSet.nothing().infimum is None


def test_latex_and_names() -> None:
    s = DeltaSet.at_least((sp.sqrt(5) - 1) / 2)
    assert s.describe(fmt="latex") == "\\delta \\geq - \\frac{1}{2} + \\frac{\\sqrt{5}}{2}"
    assert DeltaSet.at_most(half).describe("beta") == "beta <= 1/2"
    assert describe(True) == "always" and describe(False) == "never"


def test_grim_threshold_is_rational() -> None:
    grim = nonnegative_set(3 - (1 - d) * 5 - d * 1, d)
    assert grim.threshold == half and grim.describe() == "delta >= 1/2"


def test_two_period_punishment_golden_ratio() -> None:
    s = nonnegative_set(2 * (d + d**2) - 2, d)
    assert sp.simplify(s.threshold - (sp.sqrt(5) - 1) / 2) == 0
    assert s.contains(sp.Rational(62, 100)) and not s.contains(sp.Rational(61, 100))


def test_three_period_punishment_is_an_algebraic_number() -> None:
    s = nonnegative_set(2 * (d + d**2 + d**3) - 2, d)
    root = s.threshold
    assert isinstance(root, sp.CRootOf) or root.is_algebraic
    assert (
        sp.minimal_polynomial(root, sp.Symbol("x"))
        == sp.Symbol("x") ** 3 + sp.Symbol("x") ** 2 + sp.Symbol("x") - 1
    )
    assert abs(float(root) - 0.5436890126920764) < 1e-15
    # exact membership on both sides of an irrational threshold
    assert s.contains(sp.Rational(5437, 10000)) and not s.contains(sp.Rational(5436, 10000))


def test_sets_with_poles_and_isolated_points() -> None:
    # (1 - 2d)^2 >= 0 everywhere; -(1 - 2d)^2 >= 0 only at d = 1/2 (TFT's knife edge shape)
    assert nonnegative_set((1 - 2 * d) ** 2, d).is_everything
    assert nonnegative_set(-((1 - 2 * d) ** 2), d).describe() == "delta = 1/2"
    # (3d - 1)/(2d - 1) >= 0: d <= 1/3 or d > 1/2 (the pole is excluded)
    s = nonnegative_set((3 * d - 1) / (2 * d - 1), d)
    assert s.intervals == (
        (0, third, False, True),
        (half, 1, False, False),
    )
    assert s.describe() == "delta <= 1/3 or delta > 1/2"
    assert not s.contains(half)
    assert nonnegative_set(sp.Integer(0), d).is_everything
    assert nonnegative_set(-1 - d, d).is_empty


def test_nonnegative_set_rejects_parameters() -> None:
    with pytest.raises(ValueError, match="still has parameters"):
        nonnegative_set(T - d, d)


def test_symbolic_grim_trigger() -> None:
    cond = symbolic_condition([R - (1 - d) * T - d * P], d, PD_KNOWN)
    assert len(cond.bounds) == 1 and cond.bounds[0].op == ">="
    assert sp.simplify(cond.bounds[0].value - (T - R) / (T - P)) == 0
    assert cond.parameters.is_always and not cond.unresolved
    at = cond.at({T: 5, R: 3, P: 1, S: 0}, d)
    assert at.threshold == half


def test_factors_of_known_sign_are_divided_out() -> None:
    # (1 - d)(R - P)(...) with positive factors: still the grim bound
    cond = symbolic_condition([(1 - d) * (R - P) * (R - (1 - d) * T - d * P)], d, PD_KNOWN)
    assert sp.simplify(cond.lower[0] - (T - R) / (T - P)) == 0


def test_symbolic_quadratic_two_period_punishment() -> None:
    cond = symbolic_condition([(R - P) * (d + d**2) - (T - R)], d, PD_KNOWN)
    (root,) = cond.lower
    assert sp.simplify(root.subs({T: 5, R: 3, P: 1}) - (sp.sqrt(5) - 1) / 2) == 0
    # the positive root of (R - P) x^2 + (R - P) x - (T - R)
    x = sp.Symbol("x")
    assert sp.simplify(((R - P) * x**2 + (R - P) * x - (T - R)).subs(x, root)) == 0


def test_upper_bounds_and_the_knife_edge() -> None:
    # TFT: d >= (T - R)/(R - S) (cc), d <= (T - R)/(R - S) (punisher), d >= and <= (P - S)/(T - P)
    cons = [
        R - T + d * (R - S),
        T - R - d * (R - S),
        S + d * T - P - d * P,
        P - S - d * (T - P),
    ]
    cond = symbolic_condition(cons, d, PD_KNOWN)
    text = cond.describe()
    assert text.startswith("delta = (-R + T)/(R - S) and delta = (P - S)/(-P + T)")
    assert cond.at({T: 5, R: 3, P: 1, S: 0}, d).is_empty
    # a PD where both coincide, (T, R, P, S) = (4, 3, 1, 0): (T-R)/(R-S) = (P-S)/(T-P) = 1/3
    assert cond.at({T: 4, R: 3, P: 1, S: 0}, d).describe() == "delta = 1/3"


def test_never_and_always() -> None:
    assert symbolic_condition([R - P + d], d, PD_KNOWN).describe() == "always"
    assert symbolic_condition([S - T - d], d, PD_KNOWN).describe() == "never"
    assert symbolic_condition([], d, PD_KNOWN).describe() == "always"


def test_nonnegative_coefficients_hold_without_a_strict_sign() -> None:
    # c + d^2 (h - c) >= 0 with c >= 0 (possibly 0) and h > c: always (was left unresolved)
    c, h = sp.symbols("c h", real=True)
    known = Assumptions.from_relations([c >= 0, h > c])
    assert symbolic_condition([c + d**2 * (h - c)], d, known).describe() == "always"


def test_parameter_conditions_and_unresolved() -> None:
    a, b = sp.symbols("a b", real=True)
    known = Assumptions.from_relations([a > 0])
    cond = symbolic_condition([b - 1, a * d - b], d, known)
    # b >= 1 from the first; a > b keeps the bound b/a below 1
    assert str(cond.parameters.as_relational()) == "(b >= 1) & (a > b)"
    assert cond.lower == (b / a,)
    # a sign the assumptions cannot decide is kept as an inequality
    und = symbolic_condition([b * d - 1], d, known)
    assert und.unresolved == (b * d - 1,) and "b*delta - 1 >= 0" in und.describe()
    assert und.at({a: 1, b: 4}, d).describe() == "delta >= 1/4"


def test_a_bound_implied_by_a_tighter_one_is_dropped() -> None:
    # grim Nash in the PD: d >= (T - R)/(T - S) follows from d >= (T - R)/(T - P) since P > S
    cond = symbolic_condition([R - (1 - d) * T - d * S, R - (1 - d) * T - d * P], d, PD_KNOWN)
    assert len(cond.bounds) == 1
    assert sp.simplify(cond.lower[0] - (T - R) / (T - P)) == 0


def test_tidy() -> None:
    assert tidy((R - T) / (P - T), PD_KNOWN) == (T - R) / (T - P)
    assert tidy(T - R) == T - R


def test_bounds_on_an_own_discount_factor() -> None:
    rho, w = sp.symbols("rho w", positive=True)
    g, a = sp.symbols("g a", positive=True)
    base = SymbolicDeltaCondition((Bound(">=", g / a),), Condition.always(), ())
    own = in_terms_of(base, w, d * (1 - rho))
    assert own.describe() == "delta*(1 - rho) >= g/a"
    assert own.describe(fmt="latex") == "\\delta \\left(1 - \\rho\\right) \\geq \\frac{g}{a}"
    # at rho = 1/5, g/a = 1/3: 4 d / 5 >= 1/3, d >= 5/12
    assert own.at({rho: sp.Rational(1, 5), g: 1, a: 3}, d).describe() == "delta >= 5/12"
    both = conjunction(
        [own, SymbolicDeltaCondition((Bound(">=", half),), Condition.always(), ())], Assumptions()
    )
    assert both.describe() == "delta*(1 - rho) >= g/a and delta >= 1/2"
    assert conjunction([own, False], Assumptions()).describe() == "never"
    assert conjunction([True], Assumptions()).describe() == "always"
