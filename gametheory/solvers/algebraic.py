"""Real solutions of zero-dimensional polynomial systems over the rationals, exactly.

A solution is an :class:`AlgebraicPoint`: every coordinate is a polynomial with rational
coefficients in one real algebraic number ``alpha``, a root of an irreducible polynomial
``p`` over the rationals (``p = z - r`` for a rational point). This is the *shape lemma*
representation (Becker & Weispfenning 1993, *Gröbner Bases*, §8.4; Cox, Little & O'Shea 2015,
*Ideals, Varieties, and Algorithms*, ch. 3 and 5): the lexicographic Gröbner basis of a
zero-dimensional radical ideal in which the last variable separates the solutions has the form
``x_1 - g_1(t), ..., x_{n-1} - g_{n-1}(t), f(t)``.

:func:`solve_zero_dimensional` computes the basis with sympy. When the last variable does not
separate the solutions it first splits on the rational roots of the eliminant (a triangular
decomposition), then tries a separating linear form ``t = c . x`` with the square-free part of
its eliminant added. Signs of polynomials at a point are *certified*: a polynomial vanishes at
``alpha`` exactly when ``p`` divides it, and otherwise its value is enclosed by exact rational
interval arithmetic on an isolating interval of ``alpha``, refined until the enclosure excludes
zero.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property

import sympy as sp

__all__ = ["AlgebraicPoint", "PositiveDimensional", "solve_zero_dimensional"]

Z = sp.Symbol("z")
_ALPHA = sp.Dummy("alpha")


class PositiveDimensional(Exception):
    """The system has infinitely many complex solutions (its ideal is not zero-dimensional)."""

    def __init__(self, basis: sp.GroebnerBasis) -> None:
        super().__init__("positive-dimensional")
        self.basis = basis


class Unresolved(Exception):
    """The exact decomposition failed (no separating form found); the caller reports it."""


@dataclass(frozen=True)
class AlgebraicPoint:
    """A real point whose coordinates are polynomials in one real algebraic number.

    Attributes
    ----------
    minpoly
        The irreducible polynomial over the rationals (in ``z``) of which ``alpha`` is a root.
    index
        Which real root ``alpha`` is (0 = the smallest), as in :class:`sympy.CRootOf`.
    coords
        One polynomial in ``z`` per variable (of degree below that of ``minpoly``).
    """

    minpoly: sp.Poly
    index: int
    coords: tuple[sp.Poly, ...]

    @property
    def rational(self) -> bool:
        """True when the point is rational (``alpha`` is rational)."""
        return bool(self.minpoly.degree() == 1)

    @cached_property
    def alpha(self) -> sp.Expr:
        """``alpha`` as a sympy number: rational, a radical for degree 2, else ``CRootOf``."""
        if self.minpoly.degree() == 2:  # a surd: the roots in increasing order
            return sorted(sp.roots(self.minpoly.as_expr(), Z), key=float)[self.index]
        return sp.CRootOf(self.minpoly.as_expr(), self.index)

    def reduce(self, poly: sp.Poly) -> sp.Poly:
        """``poly`` (in ``z``) reduced modulo the minimal polynomial."""
        return poly.rem(self.minpoly)

    def compose(self, expr: sp.Expr, gens: Sequence[sp.Symbol]) -> sp.Poly:
        """A polynomial in ``gens`` evaluated at the point, as a polynomial in ``z``."""
        if not gens:
            return sp.Poly(sp.sympify(expr), Z, domain="QQ")
        poly = sp.Poly(expr, *gens, domain="QQ")
        out = sp.Poly(0, Z, domain="QQ")
        for monom, coeff in poly.terms():
            term = sp.Poly(coeff, Z, domain="QQ")
            for g, e in zip(self.coords, monom, strict=True):
                if e:
                    term = self.reduce(term * g**e)
            out += term
        return self.reduce(out)

    def value(self, poly: sp.Poly) -> sp.Expr:
        """The exact value of a polynomial in ``alpha`` (rational, radical or in ``CRootOf``)."""
        reduced = self.reduce(poly)
        if reduced.degree() <= 0:
            return sp.Rational(reduced.as_expr())
        if self.rational:
            return sp.Rational(reduced.as_expr().subs(Z, self.alpha))
        if self.minpoly.degree() == 2:
            return sp.radsimp(sp.expand(reduced.as_expr().subs(Z, self.alpha)))
        # A polynomial in a CRootOf: expanded with a stand-in symbol, then the root put in
        # (expanding or simplifying around the CRootOf itself rebuilds it, factoring its
        # polynomial each time).
        return sp.expand(reduced.as_expr().subs(Z, _ALPHA)).xreplace({_ALPHA: self.alpha})

    def sign(self, poly: sp.Poly) -> int:
        """The sign of a polynomial in ``z`` at ``alpha``, certified (see the module notes)."""
        reduced = self.reduce(poly)
        if reduced.is_zero:
            return 0
        if reduced.degree() <= 0:
            return 1 if reduced.LC() > 0 else -1
        coeffs = [Fraction(int(c.p), int(c.q)) for c in map(sp.Rational, reduced.all_coeffs())]
        eps = Fraction(1, 2**20)
        while True:
            low, high = self._interval(eps)
            lo, hi = _horner_interval(coeffs, low, high)
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            eps /= 2**30

    @cached_property
    def _intervals(self) -> dict[Fraction, tuple[Fraction, Fraction]]:
        """Isolating intervals of ``alpha`` already computed, by requested width."""
        return {}

    def _interval(self, eps: Fraction) -> tuple[Fraction, Fraction]:
        if eps not in self._intervals:
            intervals = self.minpoly.intervals(eps=sp.Rational(eps.numerator, eps.denominator))
            (a, b), _ = intervals[self.index]
            self._intervals[eps] = (Fraction(int(a.p), int(a.q)), Fraction(int(b.p), int(b.q)))
        return self._intervals[eps]


def _horner_interval(
    coeffs: list[Fraction], low: Fraction, high: Fraction
) -> tuple[Fraction, Fraction]:
    """An enclosure of the polynomial's values on ``[low, high]`` (exact interval Horner)."""
    lo = hi = Fraction(0)
    for c in coeffs:
        products = (lo * low, lo * high, hi * low, hi * high)
        lo, hi = min(products) + c, max(products) + c
    return lo, hi


def _shape(basis: sp.GroebnerBasis, gens: Sequence[sp.Symbol]) -> list[AlgebraicPoint] | None:
    """The real points of a basis in shape position w.r.t. its last variable, else ``None``."""
    *front, last = gens
    if len(basis.exprs) != len(gens):
        return None
    by_var: dict[sp.Symbol, sp.Poly] = {}
    f: sp.Poly | None = None
    for expr in basis.exprs:
        present = [x for x in front if expr.has(x)]
        if not present:
            f = sp.Poly(expr.subs(last, Z), Z, domain="QQ")
            continue
        if len(present) != 1:
            return None
        x = present[0]
        poly = sp.Poly(expr, x)
        if poly.degree() != 1:
            return None
        lead, rest = (sp.sympify(c) for c in poly.all_coeffs())
        if lead.free_symbols:
            return None
        g = sp.expand(-rest / lead)
        by_var[x] = sp.Poly(sp.sympify(g).subs(last, Z), Z, domain="QQ")
    if f is None or len(by_var) != len(front):
        return None
    coords = [by_var[x] for x in front]
    points: list[AlgebraicPoint] = []
    for factor, _ in f.factor_list()[1]:
        factor = factor.monic()
        for index in range(len(factor.real_roots())):
            points.append(
                AlgebraicPoint(
                    factor,
                    index,
                    tuple(c.rem(factor) for c in (*coords, sp.Poly(Z, Z, domain="QQ"))),
                )
            )
    return points


def _lex_basis(exprs: Sequence[sp.Expr], gens: Sequence[sp.Symbol]) -> sp.GroebnerBasis:
    """The reduced lexicographic Gröbner basis. A zero-dimensional ideal's is converted from
    the (much cheaper) graded reverse lexicographic one by FGLM (Faugère, Gianni, Lazard &
    Mora 1993, J. Symbolic Computation 16); the reduced basis is unique, so the result is the
    one Buchberger's algorithm gives in lex order directly."""
    graded = sp.groebner(exprs, *gens, order="grevlex")
    if graded.exprs == [1]:
        return graded
    if graded.is_zero_dimensional:
        return graded.fglm("lex")
    return sp.groebner(exprs, *gens, order="lex")


def _triangular(
    exprs: Sequence[sp.Expr], gens: Sequence[sp.Symbol], depth: int = 0
) -> list[AlgebraicPoint]:
    basis = _lex_basis(exprs, gens)
    if basis.exprs == [1]:
        return []
    if not basis.is_zero_dimensional:
        raise PositiveDimensional(basis)
    shaped = _shape(basis, gens)
    if shaped is not None:
        return shaped
    *front, last = gens
    univariate = next(
        (g for g in basis.exprs if g.free_symbols <= {last}), None
    )  # exists: the ideal is zero-dimensional
    assert univariate is not None
    factors = sp.Poly(univariate, last, domain="QQ").factor_list()[1]
    if depth > len(gens) or any(f.degree() > 1 for f, _ in factors):
        return _separated(basis.exprs, gens)
    points: list[AlgebraicPoint] = []
    for f, _ in factors:
        root = -f.nth(0) / f.nth(1)
        sub = [sp.expand(g.subs(last, root)) for g in basis.exprs]
        sub = [g for g in sub if g != 0]
        if not front:
            points.append(_rational_point((root,)))
            continue
        for p in _triangular(sub, front, depth + 1):
            if not p.rational:
                return _separated(basis.exprs, gens)
            values = tuple(p.value(c) for c in p.coords)
            points.append(_rational_point((*values, root)))
    return points


def _rational_point(values: Sequence[sp.Expr]) -> AlgebraicPoint:
    return AlgebraicPoint(
        sp.Poly(Z, Z, domain="QQ"),
        0,
        tuple(sp.Poly(sp.Rational(v), Z, domain="QQ") for v in values),
    )


def _separated(exprs: Sequence[sp.Expr], gens: Sequence[sp.Symbol]) -> list[AlgebraicPoint]:
    """Shape position through a separating linear form ``t = c . x`` (a few fixed choices)."""
    t = sp.Dummy("t")
    for attempt in range(1, 6):
        form = sum((attempt * k + 1) * x for k, x in enumerate(gens))
        system = [*exprs, t - form]
        basis = sp.groebner(system, *gens, t, order="lex")
        eliminant = next(g for g in basis.exprs if g.free_symbols <= {t})
        square_free = sp.Poly(eliminant, t, domain="QQ").sqf_part().as_expr()
        basis = sp.groebner([*basis.exprs, square_free], *gens, t, order="lex")
        shaped = _shape(basis, [*gens, t])
        if shaped is not None:
            return [AlgebraicPoint(p.minpoly, p.index, p.coords[: len(gens)]) for p in shaped]
    raise Unresolved


def solve_zero_dimensional(
    exprs: Sequence[sp.Expr], gens: Sequence[sp.Symbol]
) -> list[AlgebraicPoint]:
    """Every real solution of a polynomial system with rational coefficients, exactly.

    Raises
    ------
    PositiveDimensional
        When the system has infinitely many complex solutions (with the Gröbner basis).
    Unresolved
        When no separating linear form puts the system in shape position (not seen in
        practice; the caller reports the support as unresolved).

    Examples
    --------
    >>> x, y = sp.symbols("x y")
    >>> points = solve_zero_dimensional([x * y - 1, x - y], [x, y])
    >>> sorted(tuple(p.value(c) for c in p.coords) for p in points)
    [(-1, -1), (1, 1)]
    >>> [p.value(p.coords[0]) for p in solve_zero_dimensional([x**2 - 2], [x])]
    [-sqrt(2), sqrt(2)]
    """
    if not gens:
        return [_rational_point(())]
    return _triangular(exprs, gens)
