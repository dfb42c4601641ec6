"""Finite unions of intervals of discount factors in ``(0, 1)``, with exact endpoints.

The numeric half of :mod:`gametheory.repeated.delta_sets` (which re-exports these names): a
constraint that is a rational function of ``delta`` alone has its numerator's and denominator's
real roots in ``(0, 1)`` found exactly (sympy's ``real_roots``: rationals, surds, or ``CRootOf``
algebraic numbers); the sign is constant between consecutive roots and is read at an exact
rational point in each gap. The result, a :class:`DeltaSet`, is a finite union of intervals.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import as_expression, parse_number
from gametheory.model.normal_form import exact_number
from gametheory.numbers import to_latex
from gametheory.symbolic.text import formula_text

__all__ = ["DeltaSet", "intersect", "nonnegative_set"]


Endpoint = tuple[sp.Expr, bool]  # value, closed


def _cmp(a: sp.Expr, b: sp.Expr) -> int:
    """Exact comparison of two real algebraic numbers (-1, 0, 1)."""
    if a == b:
        return 0
    if a.is_Rational and b.is_Rational:
        return -1 if a < b else 1
    gap = sp.N(a - b, 60)
    if abs(gap) > sp.Float("1e-45", 60):  # far from zero at 60 digits: the sign is certain
        return -1 if gap < 0 else 1
    if sp.minimal_polynomial(a - b, sp.Dummy("x")).is_Symbol:  # exactly zero
        return 0
    digits = 120  # not zero: more digits until the sign shows (huge payoffs, near-ties)
    while True:
        gap = sp.N(a - b, digits)
        if abs(gap) > sp.Float(10, digits) ** (15 - digits):
            return -1 if gap < 0 else 1
        digits *= 2


@dataclass(frozen=True)
class DeltaSet:
    """A finite union of disjoint intervals inside ``(0, 1)`` with exact endpoints.

    ``intervals`` holds ``(low, high, low_closed, high_closed)`` tuples in increasing order; a
    single point is ``(v, v, True, True)``.

    Examples
    --------
    >>> half = sp.Rational(1, 2)
    >>> s = DeltaSet.at_least(half)
    >>> s.threshold, s.describe()
    (1/2, 'delta >= 1/2')
    >>> s.contains(sp.Rational(3, 5)), s.contains(sp.Rational(2, 5))
    (True, False)
    >>> (s & DeltaSet.at_most(half)).describe()
    'delta = 1/2'
    """

    intervals: tuple[tuple[sp.Expr, sp.Expr, bool, bool], ...]

    @classmethod
    def everything(cls) -> DeltaSet:
        return cls(((sp.Integer(0), sp.Integer(1), False, False),))

    @classmethod
    def nothing(cls) -> DeltaSet:
        return cls(())

    @classmethod
    def at_least(cls, value: sp.Expr) -> DeltaSet:
        if value >= 1:
            return cls.nothing()
        if value <= 0:
            return cls.everything()
        return cls(((value, sp.Integer(1), True, False),))

    @classmethod
    def at_most(cls, value: sp.Expr) -> DeltaSet:
        if value <= 0:
            return cls.nothing()
        if value >= 1:
            return cls.everything()
        return cls(((sp.Integer(0), value, False, True),))

    @property
    def is_empty(self) -> bool:
        return not self.intervals

    @property
    def is_everything(self) -> bool:
        return self.intervals == DeltaSet.everything().intervals

    def __and__(self, other: DeltaSet) -> DeltaSet:
        out = []
        for a in self.intervals:
            for b in other.intervals:
                lo, lc = _max_lo((a[0], a[2]), (b[0], b[2]))
                hi, hc = _min_hi((a[1], a[3]), (b[1], b[3]))
                c = _cmp(lo, hi)
                if c < 0 or (c == 0 and lc and hc):
                    out.append((lo, hi, lc, hc))
        return DeltaSet(tuple(out))

    def contains(self, value: Any) -> bool:
        """Exact membership of a number."""

        # Text goes through the project's safe parser, never sympify.
        v = parse_number(value) if isinstance(value, str) else exact_number(value)
        for lo, hi, lc, hc in self.intervals:
            above = v >= lo if lc else v > lo
            below = v <= hi if hc else v < hi
            if bool(above) and bool(below):
                return True
        return False

    @property
    def threshold(self) -> sp.Expr | None:
        """The lower end when the set is one interval reaching up to 1 (``delta >= threshold``)."""
        if len(self.intervals) == 1 and self.intervals[0][1] == 1 and not self.intervals[0][3]:
            return self.intervals[0][0]
        return None

    @property
    def infimum(self) -> sp.Expr | None:
        """The smallest delta of the set (its infimum), ``None`` when empty."""
        return self.intervals[0][0] if self.intervals else None

    def describe(self, name: str = "delta", fmt: str = "text") -> str:
        """``delta >= 1/2``, ``never``, ``always`` or a union of intervals."""
        show: Callable[[sp.Expr], str] = to_latex if fmt == "latex" else _text
        sym = "\\delta" if fmt == "latex" and name == "delta" else name
        geq, leq = (" \\geq ", " \\leq ") if fmt == "latex" else (" >= ", " <= ")
        if self.is_empty:
            return "never"
        if self.is_everything:
            return "always"
        parts = []
        for lo, hi, lc, hc in self.intervals:
            if lo == hi:
                parts.append(f"{sym} = {show(lo)}")
            elif hi == 1 and not hc:
                parts.append(f"{sym}{geq if lc else ' > '}{show(lo)}")
            elif lo == 0 and not lc:
                parts.append(f"{sym}{leq if hc else ' < '}{show(hi)}")
            else:
                left = "[" if lc else "("
                right = "]" if hc else ")"
                parts.append(f"{sym} in {left}{show(lo)}, {show(hi)}{right}")
        return " or ".join(parts)


def _text(e: sp.Expr) -> str:
    return formula_text(e)


def _max_lo(a: Endpoint, b: Endpoint) -> Endpoint:
    c = _cmp(a[0], b[0])
    if c == 0:
        return (a[0], a[1] and b[1])
    return a if c > 0 else b


def _min_hi(a: Endpoint, b: Endpoint) -> Endpoint:
    c = _cmp(a[0], b[0])
    if c == 0:
        return (a[0], a[1] and b[1])
    return a if c < 0 else b


def _roots_in_unit(poly: sp.Poly) -> list[sp.Expr]:
    if poly.is_zero or poly.degree() <= 0:
        return []
    roots = {r for r in poly.real_roots() if _cmp(r, sp.S.Zero) > 0 and _cmp(r, sp.S.One) < 0}
    return sorted(roots, key=functools.cmp_to_key(_cmp))


def _rational_between(lo: sp.Expr, hi: sp.Expr) -> sp.Rational:
    """An exact rational strictly between two real algebraic numbers ``lo < hi``."""
    if lo.is_Rational and hi.is_Rational:
        return (lo + hi) / 2
    digits = 20
    while True:
        q = sp.Rational(str(sp.N((lo + hi) / 2, digits)))
        if _cmp(q, lo) > 0 and _cmp(q, hi) < 0:
            return q
        digits *= 2


def nonnegative_set(expr: sp.Expr, delta: sp.Symbol) -> DeltaSet:
    """The exact set of ``delta`` in ``(0, 1)`` where ``expr(delta) >= 0``.

    Examples
    --------
    Two-period punishment in the prisoner's dilemma 5/3/1/0 needs
    ``(R - P)(delta + delta**2) >= T - R``:

    >>> d = sp.Symbol("delta", positive=True)
    >>> nonnegative_set(2 * (d + d**2) - 2, d).describe()
    'delta >= -1/2 + sqrt(5)/2'
    >>> nonnegative_set(1 - 2 * d, d).describe()
    'delta <= 1/2'
    """
    return _nonnegative_set(as_expression(expr, {delta.name: delta}), delta)


@functools.lru_cache(maxsize=4096)
def _nonnegative_set(expr: sp.Expr, delta: sp.Symbol) -> DeltaSet:
    expr = sp.cancel(sp.together(expr))
    extra = expr.free_symbols - {delta}
    if extra:
        raise ScenarioError(f"the constraint still has parameters: {sorted(map(str, extra))}")
    num, den = sp.fraction(expr)
    pn, pd = sp.Poly(num, delta), sp.Poly(den, delta)
    if pn.is_zero:
        return DeltaSet.everything()
    num_roots = _roots_in_unit(pn)
    den_roots = _roots_in_unit(pd)
    points = sorted(set(num_roots) | set(den_roots), key=functools.cmp_to_key(_cmp))
    edges = [sp.Integer(0), *points, sp.Integer(1)]

    def value_at(q: sp.Expr) -> sp.Expr:
        return expr.subs(delta, q)

    pieces: list[tuple[sp.Expr, sp.Expr, bool, bool]] = []
    for lo, hi in itertools.pairwise(edges):
        q = _rational_between(lo, hi)
        if value_at(q) >= 0:
            pieces.append((lo, hi, False, False))
    for p in points:
        if p in den_roots:
            continue
        pieces.append((p, p, True, True))  # a root of the numerator: the value is 0
    pieces.sort(key=functools.cmp_to_key(_piece_order))
    return DeltaSet(tuple(_merge(pieces)))


def _merge(
    pieces: list[tuple[sp.Expr, sp.Expr, bool, bool]],
) -> list[tuple[sp.Expr, sp.Expr, bool, bool]]:
    out: list[tuple[sp.Expr, sp.Expr, bool, bool]] = []
    for lo, hi, lc, hc in pieces:
        if out:
            plo, phi, plc, phc = out[-1]
            touching = _cmp(phi, lo) == 0 and (phc or lc)
            if touching or _cmp(phi, lo) > 0:
                if _cmp(hi, phi) > 0 or (_cmp(hi, phi) == 0 and hc):
                    out[-1] = (plo, hi, plc, hc if _cmp(hi, phi) > 0 else (hc or phc))
                continue
        out.append((lo, hi, lc, hc))
    return out


def intersect(sets: Iterable[DeltaSet]) -> DeltaSet:
    """The intersection of several delta sets."""
    out = DeltaSet.everything()
    for s in sets:
        out = out & s
    return out


def _piece_order(a: tuple[Any, Any, bool, bool], b: tuple[Any, Any, bool, bool]) -> int:
    """Pieces by their low end; at a tie a closed end first."""
    return _cmp(a[0], b[0]) or (int(b[2]) - int(a[2]))
