r"""Exact real algebraic numbers in one number field :math:`\mathbb Q(\alpha)`.

The vertices of a subgame-perfect payoff set are in general not rational: the fixed-point
equations of the Abreu–Sannikov operator are bilinear (a continuation on an edge of the set
itself), and the 3×3 example of Abreu & Sannikov (2014) has vertices that are roots of a cubic.
All coordinates of one fixed point lie in one field :math:`K = \mathbb Q(\alpha)`, where
:math:`\alpha` is a real root of an irreducible polynomial :math:`p` of degree :math:`n`; an
element is :math:`\sum_{i<n} c_i \alpha^i` with rational :math:`c_i`, so field arithmetic is
polynomial arithmetic modulo :math:`p`, and it is exact.

Signs are decided exactly. A non-zero element cannot vanish (``p`` is irreducible), so its sign
is that of its value anywhere close enough to :math:`\alpha`. A float filter decides first: the
value computed in floating point, :math:`\sum c_i \alpha_f^i`, is within
:math:`(2n+3)\,u\sum|c_i||\alpha|^i` of the true value (:math:`u = 2^{-53}`, the standard
bound for Horner's rule with rounded inputs), and the filter accepts a sign only when the float
value exceeds :math:`10^{-11}\sum|c_i||\alpha|^i`, orders of magnitude beyond that bound.
Otherwise the sign comes from exact interval arithmetic over an isolating interval of
:math:`\alpha` with rational ends, bisected (signs of :math:`p` at rational points) until the
interval of values excludes zero.

The field and its elements are internal to :mod:`gametheory.repeated.payoff_set`; users meet the
elements as vertex coordinates, which print as exact sympy expressions (``CRootOf``) and convert
with ``float`` and ``sympy.sympify``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

__all__ = ["AlgebraicReal", "NumberField"]

_FILTER = 1e-11  # float-filter margin, relative to sum |c_i| |alpha|^i


class NumberField:
    """The field ``Q(alpha)``, ``alpha`` the unique root of ``poly`` in ``[lo, hi]``.

    Parameters
    ----------
    poly
        Rational coefficients of an irreducible polynomial, highest degree first (degree >= 2).
    lo, hi
        Rational ends of an isolating interval of the root (``poly`` changes sign on it).

    Examples
    --------
    >>> K = NumberField([1, 0, -2], Fraction(1), Fraction(2))  # Q(sqrt(2))
    >>> r = K.generator
    >>> r * r == 2, r > Fraction(141, 100), r < Fraction(142, 100)
    (True, True, True)
    >>> print(1 / (1 + r))
    -1 + CRootOf(x**2 - 2, 1)
    """

    def __init__(self, poly: Sequence[Any], lo: Fraction, hi: Fraction) -> None:
        lead = Fraction(poly[0])
        self.monic = tuple(Fraction(c) / lead for c in poly)  # x^n + a_{n-1} x^{n-1} + ...
        self.degree = len(self.monic) - 1
        if self.degree < 2:
            raise ValueError("a number field needs a polynomial of degree at least 2")
        lo, hi = Fraction(lo), Fraction(hi)
        slo, shi = self._sign_p(lo), self._sign_p(hi)
        if slo == 0 or shi == 0 or slo == shi:
            raise ValueError("the interval does not isolate a simple root by a sign change")
        self._lo, self._hi, self._slo = lo, hi, slo
        self._newton()
        while self._hi - self._lo > abs(self._hi + self._lo + 1) * Fraction(1, 2**80):
            self._bisect()
        self.midpoint = (self._lo + self._hi) / 2
        self.alpha_float = float(self.midpoint)
        self._powers = [self.alpha_float**i for i in range(self.degree)]
        self._abs_powers = [abs(x) for x in self._powers]
        self._sympy: Any = None
        self._inverses: dict[tuple[Fraction, ...], AlgebraicReal] = {}

    def _sign_p(self, x: Fraction) -> int:
        v = Fraction(0)
        for c in self.monic:
            v = v * x + c
        return (v > 0) - (v < 0)

    def _newton(self) -> None:
        """Shrink the isolating interval by Newton's method from a float start: two exact steps
        give ~60 digits; the interval is kept only if the polynomial changes sign across it
        inside the old one (the root is unique there), so this is an acceleration only."""
        p = self.monic
        dp = [c * (len(p) - 1 - k) for k, c in enumerate(p[:-1])]
        pf = [float(c) for c in p]
        a, b = float(self._lo), float(self._hi)
        for _ in range(80):  # float bisection to a good start
            m = (a + b) / 2
            v = 0.0
            for c in pf:
                v = v * m + c
            if (v > 0) - (v < 0) == self._slo:
                a = m
            else:
                b = m
        x = Fraction((a + b) / 2)
        for _ in range(3):
            px, dpx = Fraction(0), Fraction(0)
            for q in p:
                px = px * x + q
            for q in dp:
                dpx = dpx * x + q
            if not dpx:
                return
            x -= px / dpx
            x = x.limit_denominator(2**200)
        width = (abs(x) + 1) * Fraction(1, 2**90)
        lo, hi = x - width, x + width
        if self._lo <= lo and hi <= self._hi:
            slo, shi = self._sign_p(lo), self._sign_p(hi)
            if slo == self._slo and shi == -slo:
                self._lo, self._hi = lo, hi

    def _bisect(self) -> None:
        mid = (self._lo + self._hi) / 2
        s = self._sign_p(mid)
        if s == 0:  # impossible for an irreducible polynomial of degree >= 2
            raise ArithmeticError("the minimal polynomial has a rational root")
        if s == self._slo:
            self._lo = mid
        else:
            self._hi = mid

    @property
    def generator(self) -> AlgebraicReal:
        """``alpha`` itself."""
        return self.element([Fraction(0), Fraction(1)] + [Fraction(0)] * (self.degree - 2))

    def element(self, coefficients: Sequence[Any]) -> AlgebraicReal:
        """``sum c_i alpha^i`` (coefficients from the constant term up)."""
        c = [Fraction(x) for x in coefficients]
        c += [Fraction(0)] * (self.degree - len(c))
        return AlgebraicReal(self, tuple(self._reduce(c)))

    def _reduce(self, c: list[Fraction]) -> list[Fraction]:
        n, p = self.degree, self.monic
        for k in range(len(c) - 1, n - 1, -1):
            ck = c[k]
            if ck:
                for j in range(1, n + 1):  # alpha^n = -(p_1 alpha^{n-1} + ... + p_n)
                    c[k - j] -= ck * p[j]
        return c[:n]

    def sign(self, c: Sequence[Fraction]) -> int:
        """The exact sign of ``sum c_i alpha^i``."""
        if not any(c[1:]):
            return (c[0] > 0) - (c[0] < 0)
        try:
            val = math.fsum(float(x) * p for x, p in zip(c, self._powers, strict=True))
            mag = sum(abs(float(x)) * p for x, p in zip(c, self._abs_powers, strict=True))
        except OverflowError:
            val, mag = 0.0, 0.0
        if mag > 1e-250 and abs(val) > _FILTER * mag:
            return 1 if val > 0 else -1
        while True:  # exact interval evaluation (Horner), refining the isolating interval
            lo, hi = Fraction(0), Fraction(0)
            for x in reversed(c):
                prods = (lo * self._lo, lo * self._hi, hi * self._lo, hi * self._hi)
                lo, hi = min(prods) + x, max(prods) + x
            if lo > 0:
                return 1
            if hi < 0:
                return -1
            self._bisect()

    def to_sympy(self) -> Any:
        """``alpha`` as a sympy ``CRootOf`` (exact)."""
        if self._sympy is None:
            x = sp.Symbol("x")
            poly = sp.Poly([sp.Rational(c.numerator, c.denominator) for c in self.monic], x)
            poly = sp.Poly(
                sp.lcm([sp.Rational(c).q for c in poly.all_coeffs()]) * poly.as_expr(), x
            )
            below = poly.count_roots(-sp.oo, sp.Rational(self._lo.numerator, self._lo.denominator))
            self._sympy = sp.CRootOf(poly.as_expr(), int(below))
        return self._sympy


class AlgebraicReal:
    """An element ``sum c_i alpha^i`` of a :class:`NumberField`; exact arithmetic and order.

    Mixes with ``int`` and ``Fraction`` (the result is an :class:`AlgebraicReal`).

    Examples
    --------
    >>> K = NumberField([1, 0, -2], Fraction(1), Fraction(2))
    >>> r = K.generator
    >>> (r - 1) * (r + 1), float(r), r ** 2 > 2
    (AlgebraicReal(1), 1.4142135623730951, False)
    """

    __slots__ = ("_f", "c", "field")

    def __init__(self, field: NumberField, c: tuple[Fraction, ...]) -> None:
        self.field, self.c = field, c
        self._f: float | None = None

    def _coerce(self, other: Any) -> tuple[Fraction, ...] | None:
        if isinstance(other, AlgebraicReal):
            if other.field is not self.field:
                raise ValueError("numbers from different number fields")
            return other.c
        if isinstance(other, int | Fraction):
            return (Fraction(other),) + (Fraction(0),) * (len(self.c) - 1)
        return None

    def _new(self, c: Sequence[Fraction]) -> AlgebraicReal:
        return AlgebraicReal(self.field, tuple(c))

    def __add__(self, other: Any) -> Any:
        if isinstance(other, float):
            return float(self) + other
        if isinstance(other, int | Fraction):
            return self._new((self.c[0] + other, *self.c[1:]))
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        return self._new([a + b for a, b in zip(self.c, o, strict=True)])

    __radd__ = __add__

    def __neg__(self) -> AlgebraicReal:
        return self._new([-a for a in self.c])

    def __pos__(self) -> AlgebraicReal:
        return self

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, float):
            return float(self) - other
        if isinstance(other, int | Fraction):
            return self._new((self.c[0] - other, *self.c[1:]))
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        return self._new([a - b for a, b in zip(self.c, o, strict=True)])

    def __rsub__(self, other: Any) -> Any:
        return (-self) + other

    def __mul__(self, other: Any) -> Any:
        if isinstance(other, float):
            return float(self) * other
        if isinstance(other, int | Fraction):
            return self._new([a * other for a in self.c])
        o = self._coerce(other)
        if o is None:
            return NotImplemented
        n = len(self.c)
        prod = [Fraction(0)] * (2 * n - 1)
        for i, a in enumerate(self.c):
            if a:
                for j, b in enumerate(o):
                    if b:
                        prod[i + j] += a * b
        return self._new(self.field._reduce(prod))

    __rmul__ = __mul__

    def inverse(self) -> AlgebraicReal:
        """``1 / self`` (a linear solve with the multiplication matrix; memoised per field:
        the same edge lengths are divided by again and again)."""
        if not any(self.c):
            raise ZeroDivisionError("division by zero in a number field")
        cache = self.field._inverses
        hit = cache.get(self.c)
        if hit is None:
            hit = cache[self.c] = self._inverse()
        return hit

    def _inverse(self) -> AlgebraicReal:
        # Solve (self * y) = 1 for y: the multiplication matrix is invertible (a field).
        n = len(self.c)
        cols = []
        basis = [Fraction(0)] * n
        for j in range(n):
            e = list(basis)
            e[j] = Fraction(1)
            cols.append((self * self._new(e)).c)
        rows = [[cols[j][i] for j in range(n)] + [Fraction(int(i == 0))] for i in range(n)]
        for k in range(n):
            piv = next(r for r in range(k, n) if rows[r][k])
            rows[k], rows[piv] = rows[piv], rows[k]
            pk = rows[k][k]
            rows[k] = [x / pk for x in rows[k]]
            for r in range(n):
                if r != k and rows[r][k]:
                    f = rows[r][k]
                    rows[r] = [x - f * y for x, y in zip(rows[r], rows[k], strict=True)]
        return self._new([rows[i][n] for i in range(n)])

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, float):
            return float(self) / other
        if isinstance(other, int | Fraction):
            if not other:
                raise ZeroDivisionError("division by zero")
            return self._new([a / other for a in self.c])
        if isinstance(other, AlgebraicReal):
            return self * other.inverse()
        return NotImplemented

    def __rtruediv__(self, other: Any) -> Any:
        if isinstance(other, float):
            return other / float(self)
        return self.inverse() * other

    def __pow__(self, k: int) -> AlgebraicReal:
        out = self.field.element([1])
        for _ in range(k):
            out = out * self
        return out

    def _cmp(self, other: Any) -> int:
        if isinstance(other, float):
            return self._cmp(Fraction(other))
        if isinstance(other, int | Fraction):
            return self.field.sign((self.c[0] - other, *self.c[1:]))
        o = self._coerce(other)
        if o is None:
            raise TypeError(f"cannot compare an algebraic number with {type(other).__name__}")
        return self.field.sign([a - b for a, b in zip(self.c, o, strict=True)])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int | Fraction):
            return not any(self.c[1:]) and self.c[0] == other
        if isinstance(other, AlgebraicReal) and other.field is self.field:
            return self.c == other.c
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.c[0]) if not any(self.c[1:]) else hash(self.c)

    def __lt__(self, other: Any) -> bool:
        return self._cmp(other) < 0

    def __le__(self, other: Any) -> bool:
        return self._cmp(other) <= 0

    def __gt__(self, other: Any) -> bool:
        return self._cmp(other) > 0

    def __ge__(self, other: Any) -> bool:
        return self._cmp(other) >= 0

    def __abs__(self) -> AlgebraicReal:
        return -self if self._cmp(0) < 0 else self

    def __bool__(self) -> bool:
        return any(self.c)

    def __float__(self) -> float:
        # Horner in exact arithmetic at the middle of the isolating interval (width below
        # 2**-80 of the root's size), then one rounding: no cancellation error.
        if self._f is None:
            if self.is_rational:
                self._f = float(self.c[0])
            else:
                x, v = self.field.midpoint, Fraction(0)
                for c in reversed(self.c):
                    v = v * x + c
                self._f = float(v)
        return self._f

    def float_error(self) -> float:
        """A bound on ``|float(self) - self|`` beyond the final rounding: the value is taken at
        the middle of an isolating interval of width ``w``, so it is off by at most
        ``w * sum i |c_i| (|alpha| + 1)^(i - 1)``, padded generously."""
        if self.is_rational:
            return 0.0
        K = self.field
        w = float(K._hi - K._lo)
        a = abs(K.alpha_float) + 1
        slope = sum(i * abs(float(c)) * a ** (i - 1) for i, c in enumerate(self.c))
        return 4 * w * slope + 1e-300

    @property
    def is_rational(self) -> bool:
        """Whether the number is rational (all non-constant coefficients vanish)."""
        return not any(self.c[1:])

    def _sympy_(self) -> Any:

        r = self.field.to_sympy()
        return sp.Add(
            *(sp.Rational(c.numerator, c.denominator) * r**i for i, c in enumerate(self.c))
        )

    def _sympystr(self, printer: Any) -> str:
        return str(self)

    def __str__(self) -> str:

        return str(sp.sstr(self._sympy_()))

    def __repr__(self) -> str:
        if self.is_rational:
            return f"AlgebraicReal({self.c[0]})"
        return f"AlgebraicReal({self})"
