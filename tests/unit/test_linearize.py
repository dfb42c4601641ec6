"""The Gröbner-free solver of the Abreu–Sannikov generator equations (``_linearize``).

Oracles: sympy's factorisation over Q for the exact rational-root search (a cubic is reducible
over Q iff it has a rational root), and the lexicographic Gröbner basis path of
``_fixed_point`` for whole payoff sets: with the linearising solver switched off, every set
must come out identical. The Abreu–Sannikov (2014) 3x3 example at delta = 0.3 is solved by the
linearising path (its vertices are in the cubic field of
``6250 t^3 - 136300 t^2 + 847497 t - 1146894``, the top vertex's height).
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import bimatrix_games

from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated import _fixed_point
from gametheory.repeated import _linearize as li
from gametheory.repeated._algebraic import AlgebraicReal
from gametheory.repeated.payoff_set import spe_payoff_set

AS_GAME = NormalFormGame.from_matrices(
    [[16, 3, 0], [21, 10, -1], [9, 5, -5]], [[9, 13, 3], [1, 4, 0], [0, -4, -15]]
)


def _sympy_rational_roots(p: list[int]) -> list[F]:
    """The oracle: sympy's rational roots of ``p`` (coefficients constant first), sorted."""
    x = sp.Symbol("x")
    roots = sp.roots(sp.Poly(list(reversed(p)), x), filter="Q", multiple=True)
    return sorted({F(int(r.p), int(r.q)) for r in roots})


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-40, 40).filter(bool),
    st.integers(-300, 300),
    st.integers(-300, 300),
    st.integers(-300, 300),
    st.sampled_from([2, 3]),
)
def test_rational_roots_are_exactly_sympys(a: int, b: int, c: int, d: int, deg: int) -> None:
    p = [d, c, b, a] if deg == 3 else [c, b, a]
    expected = _sympy_rational_roots(p)
    assert li._rational_roots(p) == expected


@settings(max_examples=200, deadline=None)
@given(
    st.integers(-40, 40).filter(bool),
    st.integers(-300, 300),
    st.integers(-300, 300),
    st.integers(-300, 300),
    st.sampled_from([0.0, 1e-9, 0.4, 3.0, -2.5]),
)
def test_rational_roots_from_float_guesses_are_exactly_sympys(
    a: int, b: int, c: int, d: int, shift: float
) -> None:
    # The float roots only seed the exact search; guesses that are off (by up to a few units
    # of the monic transform) must still give exactly sympy's rational roots.
    p = [d, c, b, a]
    expected = _sympy_rational_roots(p)
    approx = [z.real + shift for z in np.roots([a, b, c, d]) if abs(z.imag) < 1e-7]
    assert li._rational_roots(p, approx) == expected


@pytest.mark.parametrize(
    ("roots", "cubic_factor"),
    [
        pytest.param([F(3), F(-7, 2), F(5, 3)], None, id="three-rational"),
        pytest.param([F(0), F(0), F(1, 6)], None, id="double-root-at-zero"),
        pytest.param([F(7, 4)], [1, 0, -2], id="rational-times-sqrt2"),
    ],
)
def test_rational_roots_of_built_polynomials(
    roots: list[F], cubic_factor: list[int] | None
) -> None:
    x = sp.Symbol("x")
    expr = sp.prod([(x - sp.Rational(r.numerator, r.denominator)) for r in roots])
    if cubic_factor is not None:
        expr *= sp.Poly(cubic_factor, x).as_expr()
    poly = sp.Poly(sp.expand(expr * 144), x)
    coeffs = [int(c) for c in reversed(poly.all_coeffs())]
    assert li._rational_roots(li._primitive(coeffs)) == sorted(set(roots))


def test_root_nearest_the_target_in_its_field() -> None:
    # (t - 2)(t^3 - 2): the real cube root of 2 near 1.26, the rational 2 near 2
    p = li._mul([-2, 1], [-2, 0, 0, 1])
    alpha = li._algebraic_root(p, 1.26)
    assert isinstance(alpha, AlgebraicReal) and alpha * alpha * alpha == 2
    assert li._algebraic_root(p, 1.9) == 2


def test_abreu_sannikov_system_is_solved_without_groebner(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object) -> None:
        raise AssertionError("the Gröbner path was used")

    monkeypatch.setattr(_fixed_point, "_solve_free", refuse)
    s = spe_payoff_set(AS_GAME, F(3, 10))
    assert s.exact and len(s.vertices) == 6
    top = s.vertices[5][1]
    assert 6250 * top**3 - 136300 * top**2 + 847497 * top - 1146894 == 0


@settings(max_examples=20, deadline=None)
@given(
    bimatrix_games(min_size=2, max_size=3, values=st.integers(-9, 9)),
    st.sampled_from([F(1, 5), F(3, 10), F(1, 2), F(7, 10)]),
)
def test_same_sets_as_the_groebner_path(
    ab: tuple[list[list[int]], list[list[int]]], delta: F
) -> None:
    game = NormalFormGame.from_matrices(*ab)
    fast = spe_payoff_set(game, delta, max_iterations=600)
    original = _fixed_point.solve_linearized
    _fixed_point.solve_linearized = lambda *args: None  # type: ignore[assignment]
    try:
        slow = spe_payoff_set(game, delta, max_iterations=600)
    finally:
        _fixed_point.solve_linearized = original
    assert fast.exact == slow.exact
    assert len(fast.vertices) == len(slow.vertices)
    for p, q in zip(fast.vertices, slow.vertices, strict=True):
        for x, y in zip(p, q, strict=True):
            if isinstance(x, F) or isinstance(y, F):
                assert x == y  # rational coordinates: identical
            else:  # algebraic ones (possibly in different fields): equal to 40 digits
                assert abs((sp.sympify(x) - sp.sympify(y)).evalf(50)) < 1e-40
