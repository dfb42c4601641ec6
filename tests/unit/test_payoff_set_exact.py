"""Exact fixed points of the Abreu–Sannikov operator: algebraic vertices, exact verification.

Sources: Abreu & Sannikov (2014), "An algorithm for two-player repeated games with perfect
monitoring", *Theoretical Economics* 9, 313-338 (the 3x3 example of section 6, whose set at
delta = 0.3 QuantEcon's test suite also uses); Abreu, Pearce & Stacchetti (1990) for
self-generation (W ⊆ B(W) implies W ⊆ V*). The properties below check each exact set against
the independent general construction of B(V) in exact arithmetic (``_apply``, the code used
before the filtered check existed), against a plain float APS iteration and, where installed,
against QuantEcon.
"""

from __future__ import annotations

import random
import warnings
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import bimatrix_games

from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated import _polygon as geo
from gametheory.repeated import payoff_set as ps
from gametheory.repeated._algebraic import AlgebraicReal, NumberField
from gametheory.repeated._float_aps import apply_float
from gametheory.repeated._verify import verify_fixed
from gametheory.repeated.payoff_set import spe_payoff_set

AS_GAME = NormalFormGame.from_matrices(
    [[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]]
)


def _generic_fixed(game: NormalFormGame, V: geo.Polygon, d: F) -> tuple[bool, bool]:
    """``(V ⊆ B(V), B(V) = V)`` from the full exact construction of B(V) (independent of the
    filtered check in ``_verify``)."""
    st_ = ps._stage(game)
    BV, _ = ps._apply(st_, V, d)
    return all(geo.contains(BV, v) for v in V), BV == V


def _float_iterate(game: NormalFormGame, d: F, steps: int = 400) -> geo.Polygon:
    st_ = ps._stage(game)
    fst = ps._Stage(ps._to_floats(st_.u), ps._to_floats(st_.gain), st_.nash, st_.scale)
    eps = ps._EPS * st_.scale
    W = geo.convex_hull(fst.u, eps)
    for _ in range(steps):
        W, _ = ps._apply(fst, W, float(d), eps)
        if not W:
            break
    return W


def _quantecon_set(game: NormalFormGame, d: F) -> list[tuple[float, float]] | None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            import quantecon as qe
        except ImportError:
            return None
        a, b = (np.array([[float(x) for x in row] for row in m.tolist()]) for m in game.payoffs)
        rpg = qe.game_theory.RepeatedGame(
            qe.game_theory.NormalFormGame((qe.game_theory.Player(a), qe.game_theory.Player(b.T))),
            float(d),
        )
        hull = rpg.equilibrium_payoffs(method="AS", options={"tol": 1e-12})
        return [tuple(p) for p in hull.points[hull.vertices].tolist()]


# --- the Abreu-Sannikov example --------------------------------------------------------------


def test_abreu_sannikov_exact_vertices() -> None:
    # AS 2014, section 6, delta = 0.3: six vertices; the y-coordinates are rational
    # (14/5, 0, 0, 14/5, 91/10 and the top one), every x-coordinate is a cubic irrational.
    s = spe_payoff_set(AS_GAME, F(3, 10))
    assert s.exact and len(s.vertices) == 6
    xs = [v[0] for v in s.vertices]
    assert all(isinstance(x, AlgebraicReal) and not x.is_rational for x in xs)
    assert [v[1] for v in s.vertices[:5]] == [F(14, 5), 0, 0, F(14, 5), F(91, 10)]
    top = s.vertices[5][1]
    # the top vertex's height is the real root near 10.98 of its minimal polynomial
    assert 6250 * top**3 - 136300 * top**2 + 847497 * top - 1146894 == 0
    # the two vertices with x = 7.3377... share the same exact x (a vertical edge)
    assert s.vertices[1][0] == s.vertices[5][0]
    # both the filtered check and the independent construction say B(V) = V
    assert _generic_fixed(AS_GAME, s.vertices, F(3, 10)) == (True, True)
    # sympy agrees on the exact values (the text form is a sympy expression)
    x0 = sp.sympify(s.vertices[0][0])
    assert sp.minimal_polynomial(x0, sp.Symbol("x")) == (
        3495 * sp.Symbol("x") ** 3 - 79764 * sp.Symbol("x") ** 2 + 201281 * sp.Symbol("x") - 130490
    )
    assert abs(float(x0) - 1.1256823955048786) < 1e-15


def test_abreu_sannikov_against_quantecon() -> None:
    theirs = _quantecon_set(AS_GAME, F(3, 10))
    if theirs is None:
        pytest.skip("quantecon is not installed")
    ours = spe_payoff_set(AS_GAME, F(3, 10))
    assert ours.exact
    assert geo.hausdorff(ours.to_floats(), tuple(theirs)) < 1e-7


def test_abreu_sannikov_area_and_nash_product_are_exact() -> None:
    s = spe_payoff_set(AS_GAME, F(3, 10))
    area = s.area
    assert isinstance(area, AlgebraicReal) and 100 < float(area) < 200
    assert abs(float(area) - float(geo.area(s.to_floats()))) < 1e-9
    point, value = s.max_nash_product((0, 0))
    assert s.contains(point)
    assert value == point[0] * point[1]


# --- properties ------------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(
    bimatrix_games(min_size=2, max_size=3),
    st.sampled_from([F(1, 5), F(3, 10), F(1, 2), F(7, 10)]),
)
def test_exact_sets_are_self_generating(
    ab: tuple[list[list[int]], list[list[int]]], delta: F
) -> None:
    a, b = ab
    game = NormalFormGame.from_matrices(a, b)
    s = spe_payoff_set(game, delta, max_iterations=600)
    if not s.exact:
        # honest fallback: a float outer approximation, flagged, never exact strings
        assert s.diagnostics
        return
    if len(s.vertices) >= 1:
        assert _generic_fixed(game, s.vertices, delta) == (True, True)
    for e in s.stage_equilibria:  # repeating a pure stage equilibrium is an SPE
        assert s.contains(e)
    W = _float_iterate(game, delta)
    if s.vertices:
        assert W and geo.hausdorff(s.to_floats(), W) < 1e-6 * ps._stage(game).scale
    else:
        assert not W


@settings(max_examples=40, deadline=None)
@given(bimatrix_games(min_size=1, max_size=3), st.sampled_from([0.2, 0.5, 0.8, 0.95]))
def test_numpy_step_matches_the_reference_step(
    ab: tuple[list[list[int]], list[list[int]]], d: float
) -> None:
    st_ = ps._stage(NormalFormGame.from_matrices(*ab))
    fst = ps._Stage(ps._to_floats(st_.u), ps._to_floats(st_.gain), st_.nash, st_.scale)
    eps = ps._EPS * st_.scale
    U, G = np.array(fst.u), np.array(fst.gain)
    W = geo.convex_hull(fst.u, eps)
    for _ in range(15):
        ref, _ = ps._apply(fst, W, d, eps)
        fast = apply_float(U, G, np.array(W, dtype=float).reshape(-1, 2), d, eps)
        assert bool(ref) == bool(len(fast))
        if not ref:
            break
        assert geo.hausdorff(ref, tuple(map(tuple, fast.tolist()))) < 1e-9 * st_.scale
        W = ref


def test_filtered_check_agrees_with_the_construction() -> None:
    # random polygons (rational and algebraic), including sets that are self-generating but
    # not fixed points (a set strictly inside V*): all three outcomes occur
    rng = random.Random(7)
    outcomes = set()
    K = NumberField([1, 0, -2], F(1), F(2))
    root2 = K.generator
    for _ in range(120):
        m, n = rng.randint(1, 3), rng.randint(2, 3)
        a = [[rng.randint(-4, 4) for _ in range(n)] for _ in range(m)]
        b = [[rng.randint(-4, 4) for _ in range(n)] for _ in range(m)]
        game = NormalFormGame.from_matrices(a, b)
        st_ = ps._stage(game)
        d = F(rng.choice([1, 3, 5, 7, 9]), 10)
        s = spe_payoff_set(game, d, max_iterations=300)
        cands = [ps.individually_rational_set(game), ps.feasible_set(game)]
        if (
            s.exact
            and len(s.vertices) >= 3
            and all(isinstance(c, F) for p in s.vertices for c in p)
        ):
            c = (sum(p[0] for p in s.vertices) / len(s.vertices),) * 2
            shrunk = tuple(
                (c[0] + (p[0] - c[0]) * F(9, 10), c[1] + (p[1] - c[1]) * F(9, 10))
                for p in s.vertices
            )
            cands += [s.vertices, geo.convex_hull(list(shrunk))]
        cands.append(
            geo.convex_hull(
                [
                    (rng.randint(-4, 4) + root2 / rng.randint(1, 9), F(rng.randint(-4, 4)))
                    for _ in range(4)
                ]
            )
        )
        for V in cands:
            fast = verify_fixed(st_.u, st_.gain, V, d)
            if fast is None:
                continue
            slow = _generic_fixed(game, V, d)
            assert fast[1] == slow[1], (a, b, d, V)
            assert fast[0] is None or fast[0] == slow[0], (a, b, d, V)
            assert ps._fixed(st_, V, d) == slow
            outcomes.add(slow)
    assert outcomes == {(False, False), (True, False), (True, True)}


# --- the number field --------------------------------------------------------------------------


def test_number_field_arithmetic_and_signs() -> None:
    K = NumberField([1, 0, 0, -2], F(1), F(2))  # the real cube root of 2
    c = K.generator
    assert c**3 == 2 and (c * c) * c == 2
    assert 1 / c == c * c / 2
    assert (c - F(125992, 100000)) > 0 > (c - F(125993, 100000))
    tiny = c - F(1259921049894873, 10**15)  # 1.259921049894873164...: positive, below 1e-15
    assert tiny > 0 and float(tiny) < 1e-15
    assert sp.simplify(sp.sympify(c) - sp.root(2, 3)) == 0
    assert float(c + 1) == float(sp.root(2, 3) + 1)
    with pytest.raises(ZeroDivisionError):
        (c - c).inverse()
    with pytest.raises(ValueError, match="interval"):
        NumberField([1, 0, -2], F(2), F(3))
    with pytest.raises(ValueError, match="degree"):
        NumberField([1, -2], F(1), F(3))


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-30, 30), st.integers(-30, 30), st.integers(1, 9)),
        min_size=6,
        max_size=6,
    ),
    st.lists(st.booleans(), min_size=6, max_size=6),
)
def test_fused_halfplane_sign_equals_field_arithmetic(
    coords: list[tuple[int, int, int]], algebraic: list[bool]
) -> None:
    # The check's fused integer-vector orientation test must give exactly the sign of the
    # cross product computed with the number field's own operations, ties included (some
    # points are built on the line through the other two).
    from gametheory.repeated._verify import _halfplane, _halfplane_sign

    K = NumberField([1, 0, -2], F(1), F(2))  # Q(sqrt 2)
    r = K.generator
    xs = [
        F(a, c) + (F(b, c) * r if alg else 0)
        for (a, b, c), alg in zip(coords, algebraic, strict=True)
    ]
    args = list(xs)
    if coords[0][2] % 3 == 0:  # put w on the line p q: w = p + 2 (q - p)
        args[4], args[5] = 2 * args[2] - args[0], 2 * args[3] - args[1]
    x = _halfplane(*args)
    assert _halfplane_sign(*args) == int((x > 0) - (x < 0))


@settings(max_examples=300, deadline=None)
@given(
    st.lists(
        st.tuples(st.integers(-6, 6), st.integers(-6, 6), st.sampled_from([0.0, 1e-13, 0.5])),
        min_size=3,
        max_size=40,
    ),
)
def test_small_hull_is_the_reference_hull(pts: list[tuple[int, int, float]]) -> None:
    # The float step's hull on plain tuples (split at the line through the extreme points,
    # vertical runs in one pass) must return exactly the reference monotone chain's vertices,
    # on grids full of collinear points, duplicates and near-duplicates (offsets of 1e-13).
    from gametheory.repeated._float_aps import _hull_indices, _hull_small

    X = [(float(x) + o, float(y) - o) for x, y, o in pts]
    eps = 1e-12 * 7
    assert _hull_small(list(X), eps) == [X[i] for i in _hull_indices([list(p) for p in X], eps)]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.integers(-50, 50), min_size=3, max_size=3).filter(any),
    st.integers(1, 30),
)
def test_number_field_inverse_is_exact(coeffs: list[int], den: int) -> None:
    # x * (1 / x) = 1 exactly in the cubic field of the Abreu-Sannikov example (its minimal
    # polynomial 6250 t^3 - 136300 t^2 + 847497 t - 1146894, not monic): the fraction-free
    # inverse must be the field's inverse, not an approximation.
    K = NumberField([6250, -136300, 847497, -1146894], F(10), F(11))
    x = K.element([F(c, den) for c in coeffs])
    assert x * x.inverse() == 1
    assert float(x.inverse()) == pytest.approx(1 / float(x), rel=1e-12)
