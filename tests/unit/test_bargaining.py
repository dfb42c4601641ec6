"""Tests of gametheory.analysis.bargaining: Nash, weighted Nash, Kalai–Smorodinsky, Rubinstein.

Every expected value is derived by hand in the comment above it.
"""

from __future__ import annotations

import math
from fractions import Fraction as F

import pytest
import sympy as sp
from hypothesis import assume, given
from hypothesis import strategies as st

from gametheory.analysis.bargaining import (
    BargainingProblem,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
)
from gametheory.exceptions import UnsupportedGameError

u = sp.Symbol("u", real=True)


# --- polygons -------------------------------------------------------------------------------


def test_surge_pd_enforceable_nbs():
    # surge_pd: payoff pairs (C,R)=(-2,3), (C,S)=(-6,4), (N,R)=(0,0), (N,S)=(-4,1), d=(-4,1).
    # Upper hull: (-6,4) -> (-2,3) -> (0,0). Edge 1 lies on u2 = 4 - (u1+6)/4: IR endpoints
    # A=(-4, 7/2), B=(6, 1), midpoint (1, 9/4) is right of the kink -> clipped to (-2,3).
    # Edge 2 on u2 = 3 - 3(u1+2)/2: A=(-4, 6), B=(-2/3, 1), midpoint (-7/3, 7/2) is left of the
    # kink -> clipped to (-2,3). NBS = (-2,3), gains (2,2), Nash product 4.
    p = BargainingProblem.from_points([(-2, 3), (-6, 4), (0, 0), (-4, 1)], (-4, 1))
    s = nash_bargaining(p)
    assert s.point == (F(-2), F(3)) and s.gains == (F(2), F(2))
    assert s.nash_product == 4 and s.weighted_product == 2
    assert s.method == "nash" and s.exact and s.diagnostics == ()


def test_polygon_nbs_weighted_and_ks():
    # Hull of (0,0),(4,0),(0,2),(3,1), d=0: frontier (0,2)-(3,1)-(4,0).
    # Edge u2 = 2 - u1/3: A=(0,2), B=(6,0), midpoint (3,1) = the vertex. Edge u2 = 4 - u1:
    # A=(0,4), B=(4,0), midpoint (2,2) is left of the edge -> (3,1). NBS (3,1), product 3.
    p = BargainingProblem.from_points([(0, 0), (4, 0), (0, 2), (3, 1)], (0, 0))
    assert p.chain == ((0, 2), (3, 1), (4, 0))
    assert nash_bargaining(p).point == (F(3), F(1))
    # alpha = 1/4 on edge 1: A + (B-A)/4 = (3/2, 3/2), inside the edge: product (3/2)^(1/4)...
    assert nash_bargaining(p, (1, 3)).point == (F(3, 2), F(3, 2))
    # KS: ideal (4, 2); the ray u2 = u1/2 meets 2 - u1/3 at u1 = 12/5.
    ks = kalai_smorodinsky(p)
    assert ks.point == (F(12, 5), F(6, 5)) and ks.ideal == (F(4), F(2))


def test_segment_weighted_is_alpha_point():
    # Frontier u1 + u2 = 4, d = (0, 0): A=(0,4), B=(4,0); weighted NBS = A + alpha (B - A).
    p = BargainingProblem.from_frontier([(0, 4), (4, 0)], (0, 0))
    assert nash_bargaining(p).point == (F(2), F(2))
    assert nash_bargaining(p, (1, 3)).point == (F(1), F(3))
    assert nash_bargaining(p, (1, 3)).method == "weighted_nash"
    # irrational weights (1, sqrt 2): alpha = 1/(1+sqrt 2) = sqrt 2 - 1, point 4 alpha.
    s = nash_bargaining(p, (1, sp.sqrt(2)))
    assert sp.simplify(s.point[0] - 4 * (sp.sqrt(2) - 1)) == 0


def test_disagreement_left_of_the_chain():
    # The hull of one point (2, 3) with d = (0, 0) is the box [.., 2] x [.., 3]: NBS = KS = (2, 3).
    p = BargainingProblem.from_points([(2, 3)], (0, 0))
    assert nash_bargaining(p).point == (F(2), F(3))
    assert kalai_smorodinsky(p).point == (F(2), F(3))


def test_validation():
    with pytest.raises(ValueError, match="more than the disagreement point"):
        BargainingProblem.from_points([(0, 4), (4, 0)], (2, 2))
    with pytest.raises(ValueError, match="not concave"):
        BargainingProblem.from_frontier([(0, 4), (1, 1), (4, 0)], (0, 0))
    with pytest.raises(ValueError, match="increasing u1"):
        BargainingProblem.from_frontier([(0, 4), (0, 3)], (0, 0))
    with pytest.raises(UnsupportedGameError):
        BargainingProblem.from_points([(sp.Symbol("a"), 1), (0, 2)], (0, 0))
    with pytest.raises(ValueError, match="variable="):
        BargainingProblem.from_frontier(1 - u, (0, 0))
    with pytest.raises(ValueError, match="positive"):
        nash_bargaining(BargainingProblem.from_points([(0, 1), (1, 0)], (0, 0)), (-1, 1))


# --- smooth and symbolic frontiers ------------------------------------------------------------


def test_quarter_circle():
    # f = sqrt(1 - u^2), d = 0. FOC alpha (1-u^2) - (1-alpha) u^2 = 0 -> u = sqrt(alpha).
    v = sp.Symbol("v", positive=True)
    p = BargainingProblem.from_frontier(sp.sqrt(1 - v**2), (0, 0), variable=v, interval=(0, 1))
    s = nash_bargaining(p)
    assert sp.simplify(s.point[0] - sp.sqrt(2) / 2) == 0 and s.nash_product == F(1, 2)
    w = nash_bargaining(p, (1, 2))  # alpha = 1/3
    assert sp.simplify(w.point[0] - 1 / sp.sqrt(3)) == 0
    assert sp.simplify(w.point[1] - sp.sqrt(F(2, 3))) == 0
    # KS: ideal (1, 1), ray u2 = u1 -> (1/sqrt 2, 1/sqrt 2), equal to the NBS (symmetric).
    ks = kalai_smorodinsky(p)
    assert ks.ideal == (F(1), F(1)) and sp.simplify(ks.point[0] - s.point[0]) == 0


def test_linear_symbolic_weighted_formula():
    # u2 = S - u1, d = (d1, d2): the IR line runs from (d1, S-d1) to (S-d2, d2), so player 0
    # gets d1 + alpha (S - d1 - d2).
    S, d1, d2, a = sp.symbols("S d1 d2 alpha", positive=True)
    x = sp.Symbol("x", positive=True)
    p = BargainingProblem.from_frontier(S - x, (d1, d2), variable=x, interval=(0, S))
    s = nash_bargaining(p, (a, 1 - a))
    assert sp.simplify(s.point[0] - (d1 + a * (S - d1 - d2))) == 0
    assert s.diagnostics  # the assumption that the stationary point is interior is recorded
    ks = kalai_smorodinsky(p)
    assert sp.simplify(ks.point[0] - (S + d1 - d2) / 2) == 0


def test_hennepin_drawdown_x_e():
    # Drawdown: after Cooperate, drawdown x gives L: -c - h(1-x), F: a + g(1-x); d = (-h, p).
    # Substituting 1-x = (-c-u1)/h, F's payoff is a + g(-c-u1)/h, linear in u1, so the NBS
    # splits the gains equally: h x - c = a + g(1-x) - p -> x_E = (h(a+g-p) + g c)/(2 g h).
    h, a, g, p, c = sp.symbols("h a g p c_L", positive=True)
    x = sp.Symbol("u1", real=True)
    prob = BargainingProblem.from_frontier(
        a + g * (-c - x) / h, (-h, p), variable=x, interval=(-c - h, -c)
    )
    s = nash_bargaining(prob)
    x_e = 1 - (-c - s.point[0]) / h
    assert sp.simplify(x_e - (h * (a + g - p) + g * c) / (2 * g * h)) == 0
    # Defaults c=1, h=4, a=2, g=2, p=3: x_E = (4*1 + 2)/16 = 3/8, gains (1/2, 1/4).
    vals = {c: 1, h: 4, a: 2, g: 2, p: 3}
    assert sp.simplify(x_e.subs(vals)) == sp.Rational(3, 8)
    gains = tuple(sp.simplify(sp.sympify(gi).subs(vals)) for gi in s.gains)
    assert gains == (sp.Rational(1, 2), sp.Rational(1, 4))


# --- Rubinstein -------------------------------------------------------------------------------


def test_rubinstein_domain_values():
    # Rubinstein 1982, delta_F = 0.9 (player 0), delta_L = 0.8 (player 1); 1 - 0.72 = 0.28.
    # F proposes: F gets 0.2/0.28 = 5/7, L gets 2/7. L proposes: L gets 0.1/0.28 = 5/14, F 9/14.
    # So the scenario's summary holds as written.
    assert rubinstein(0.9, 0.8).shares == (F(5, 7), F(2, 7))
    assert rubinstein(0.9, 0.8, first_proposer=1).shares == (F(9, 14), F(5, 14))
    assert rubinstein(0.9, 0.8).proposer_shares == (F(5, 7), F(5, 14))
    # equal delta: (1 - d)/(1 - d^2) = 1/(1 + d) = 10/19.
    assert rubinstein(F(9, 10), F(9, 10)).shares == (F(10, 19), F(9, 19))
    assert rubinstein(0.9, 0.8, surplus=7).shares == (F(5), F(2))


def test_rubinstein_outside_options():
    # delta = (0.9, 0.8). L's share as responder without options: 0.8 * 5/14 = 2/7.
    # b_L = 1/4 < 2/7: does not bind, shares unchanged (outside-option principle).
    r = rubinstein(0.9, 0.8, outside_options=(0, F(1, 4)))
    assert r.shares == (F(5, 7), F(2, 7)) and r.binding == (False, False)
    # b_L = 1/2 > 2/7 binds: F offers L exactly 1/2 (x_F = 1/2); when L proposes, F's
    # responder value is 0.9 * 1/2 = 9/20 > b_F = 0, so x_L = 11/20.
    r = rubinstein(0.9, 0.8, outside_options=(0, F(1, 2)))
    assert r.shares == (F(1, 2), F(1, 2)) and r.binding == (False, True)
    assert r.proposer_shares == (F(1, 2), F(11, 20))
    # b = (1/2, 2/5). Both exceed the no-option responder shares (9/28 and 2/7), yet only L's
    # binds: with x_F = 1 - 2/5 = 3/5 and x_L = 1 - 0.9 * 3/5 = 23/50, F's check is
    # 1/2 <= 0.9 * 3/5 = 27/50 (F's option is slack) and L's is 2/5 >= 0.8 * 23/50 = 46/125.
    r = rubinstein(0.9, 0.8, outside_options=(F(1, 2), F(2, 5)))
    assert r.shares == (F(3, 5), F(2, 5)) and r.proposer_shares == (F(3, 5), F(23, 50))
    # b = (0.55, 0.45): both bind, x_F = 1 - 0.45, x_L = 1 - 0.55; checks 0.55 >= 0.9 * 0.55 and
    # 0.45 >= 0.8 * 0.45 (every other case fails one check, e.g. only L's: x_L = 0.505 and then
    # F's 0.55 > 0.9 * 0.55 would bind).
    r = rubinstein(0.9, 0.8, outside_options=(0.55, 0.45))
    assert r.binding == (True, True) and r.shares == (F(11, 20), F(9, 20))
    with pytest.raises(ValueError, match="exceed the surplus"):
        rubinstein(0.9, 0.8, outside_options=(0.6, 0.6))
    with pytest.raises(ValueError, match="delta_2"):
        rubinstein(0.9, 1)
    with pytest.raises(ValueError, match="first_proposer"):
        rubinstein(0.9, 0.8, first_proposer=2)


def test_rubinstein_symbolic_and_limit():
    d1, d2 = sp.symbols("delta_1 delta_2", positive=True)
    r = rubinstein(d1, d2)
    assert sp.simplify(r.shares[0] - (1 - d2) / (1 - d1 * d2)) == 0
    assert sp.simplify(r.shares[1] - d2 * (1 - d1) / (1 - d1 * d2)) == 0
    # delta_i = exp(-r_i D): the proposer's share tends to r_2/(r_1 + r_2) as D -> 0 [BRW1986].
    r1, r2, D = sp.symbols("r_1 r_2 Delta", positive=True)
    x = rubinstein(sp.exp(-r1 * D), sp.exp(-r2 * D)).shares[0]
    assert sp.simplify(sp.limit(x, D, 0) - r2 / (r1 + r2)) == 0
    with pytest.raises(UnsupportedGameError, match="outside options bind"):
        rubinstein(d1, d2, outside_options=(0, F(1, 3)))


# --- properties -------------------------------------------------------------------------------

coords = st.integers(0, 8)


def _frontier_grid(p: BargainingProblem, n: int = 24) -> list[tuple[F, F]]:
    pts = []
    for (a0, a1), (b0, b1) in zip(p.chain, p.chain[1:], strict=False):
        for k in range(n + 1):
            t = F(k, n)
            pts.append((F(str(a0)) + t * F(str(b0 - a0)), F(str(a1)) + t * F(str(b1 - a1))))
    return pts or [(F(str(p.chain[0][0])), F(str(p.chain[0][1])))]


@given(st.lists(st.tuples(coords, coords), min_size=1, max_size=6), st.sampled_from([1, 2, 3]))
def test_nbs_is_ir_pareto_and_maximal(points, w):
    d = (min(x for x, _ in points), min(y for _, y in points))
    assume(any(x > d[0] and y > d[1] for x, y in points))
    p = BargainingProblem.from_points(points, d)
    alpha = F(w, w + 1)
    s = nash_bargaining(p, (w, 1))
    u1, u2 = s.point
    assert u1 > d[0] and u2 > d[1]  # individually rational, with positive gains
    assert not any(x >= u1 and y >= u2 and (x, y) != (u1, u2) for x, y in points)  # Pareto
    # maximal against every point of a fine grid of the frontier (compare g1^w g2 exactly)
    best = (u1 - d[0]) ** w * (u2 - d[1])
    for x, y in _frontier_grid(p):
        if x >= d[0] and y >= d[1]:
            assert (x - d[0]) ** w * (y - d[1]) <= best
    assert s.weights == (F(w), F(1)) and alpha == F(w, w + 1)


@given(st.lists(st.tuples(coords, coords), min_size=1, max_size=5), st.integers(0, 3))
def test_ks_equals_nbs_on_symmetric_problems(points, c):
    sym = points + [(y, x) for x, y in points]
    assume(any(x > c and y > c for x, y in sym))
    p = BargainingProblem.from_points(sym, (c, c))
    assert kalai_smorodinsky(p).point == nash_bargaining(p).point
    assert nash_bargaining(p).point[0] == nash_bargaining(p).point[1]


deltas = st.fractions(F(1, 100), F(99, 100))


@given(deltas, deltas, st.sampled_from([0, 1]), st.fractions(F(1, 10), F(10)))
def test_rubinstein_shares_sum_to_surplus(d1, d2, first, surplus):
    r = rubinstein(d1, d2, first_proposer=first, surplus=surplus)
    assert sum(r.shares) == surplus and all(x > 0 for x in r.shares)
    assert r.proposer_shares[first] == r.shares[first]


@given(st.integers(1, 5), st.integers(1, 5))
def test_rubinstein_converges_to_weighted_nbs(r1, r2):
    # x(D) = alpha + alpha r1 D / 2 + O(D^2) with alpha = r2/(r1+r2): the error shrinks with D.
    alpha = F(r2, r1 + r2)
    target = nash_bargaining(BargainingProblem.from_frontier([(0, 1), (1, 0)], (0, 0)), (r2, r1))
    assert target.point[0] == alpha
    errors = []
    for D in (F(1, 10), F(1, 100), F(1, 1000)):
        x = rubinstein(math.exp(-r1 * D), math.exp(-r2 * D)).shares[0]
        errors.append(abs(float(x) - float(alpha)))
        assert errors[-1] <= max(r1, r2) * float(D)
    assert errors[0] > errors[1] > errors[2]
