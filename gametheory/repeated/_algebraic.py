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
        # the polynomial with coprime integer coefficients, leading one positive
        ints: list[int]
        if all(type(c) is int for c in poly):
            ints = list(poly)
        else:
            fr = [Fraction(c) for c in poly]
            den = 1
            for c in fr:
                den = den * c.denominator // math.gcd(den, c.denominator)
            ints = [c.numerator * (den // c.denominator) for c in fr]
        g = math.gcd(*ints)
        if not ints[0] or not g:
            raise ValueError("the leading coefficient must not be zero")
        g = g if ints[0] > 0 else -g
        self._int = tuple(c // g for c in ints)
        self.degree = len(self._int) - 1
        if self.degree < 2:
            raise ValueError("a number field needs a polynomial of degree at least 2")
        lo, hi = Fraction(lo), Fraction(hi)
        slo, shi = self._sign_p(lo), self._sign_p(hi)
        if slo == 0 or shi == 0 or slo == shi:
            raise ValueError("the interval does not isolate a simple root by a sign change")
        self._lo, self._hi, self._slo = lo, hi, slo
        mid = self._newton()
        if mid is None:
            while self._hi - self._lo > abs(self._hi + self._lo + 1) * Fraction(1, 2**80):
                self._bisect()
            mid = (self._lo + self._hi) / 2
        self.midpoint = mid
        self._mid_width = float(self._hi - self._lo)  # the interval ``midpoint`` is the middle of
        # powers of the midpoint's numerator and denominator, for float() in integers
        self._mid_num = [mid.numerator**i for i in range(self.degree)]
        self._mid_den = [mid.denominator**i for i in range(self.degree)]
        self.alpha_float = float(self.midpoint)
        self._powers = [self.alpha_float**i for i in range(self.degree)]
        self._abs_powers = [abs(x) for x in self._powers]
        self._sympy: Any = None
        self._inverses: dict[tuple[tuple[int, ...], int], AlgebraicReal] = {}

    @property
    def monic(self) -> tuple[Fraction, ...]:
        """The monic defining polynomial's coefficients, highest degree first."""
        lead = self._int[0]
        return tuple(Fraction(c, lead) for c in self._int)

    def _sign_p(self, x: Fraction) -> int:
        # the sign of p(a/b) is that of b^n p(a/b) = sum c_i a^(n-i) b^i: integers only (b > 0)
        a, b = x.numerator, x.denominator
        p = self._int
        v, bk = p[0], 1
        for c in p[1:]:
            bk *= b
            v = v * a + c * bk
        return int((v > 0) - (v < 0))

    def _newton(self) -> Fraction | None:
        """Shrink the isolating interval by Newton's method from a float start: three steps on
        the dyadic grid of ``2**-200`` give ~60 digits; the interval is kept only if the
        polynomial changes sign across it inside the old one (the root is unique there), so
        this is an acceleration only. Integer arithmetic: with ``x = m / 2**K``,
        ``P(m) = 2**(K n) p(x)`` and ``P'(m) = 2**(K (n - 1)) p'(x)``, and the step is
        ``m - P / P'``."""
        p = self._int
        n = self.degree
        dp = [c * (n - k) for k, c in enumerate(p[:-1])]
        pf = [c / p[0] for c in p]
        a, b = float(self._lo), float(self._hi)
        # float bisection to a good start (three Newton steps suffice from 2**-38 already)
        for _ in range(0 if b - a <= 2**-38 * (1 + abs(a)) else 80):
            m = (a + b) / 2
            if not a < m < b:
                break  # the float resolution is reached
            v = 0.0
            for c in pf:
                v = v * m + c
            if (v > 0) - (v < 0) == self._slo:
                a = m
            else:
                b = m
        K = 200
        scale = [1 << (K * i) for i in range(n + 1)]
        x = Fraction((a + b) / 2)
        mi = (x.numerator << K) // x.denominator
        for _ in range(3):
            P = p[0]
            for i, c in enumerate(p[1:], 1):
                P = P * mi + c * scale[i]
            D = dp[0]
            for i, c in enumerate(dp[1:], 1):
                D = D * mi + c * scale[i]
            if not D:
                return None
            mi -= P // D
        # the interval mi -/+ w over 2**K, w at least (|x| + 1) 2**-90 (on the grid)
        w = ((abs(mi) + (1 << K)) >> 90) + 1
        lo, hi = Fraction(mi - w, 1 << K), Fraction(mi + w, 1 << K)
        if self._lo <= lo and hi <= self._hi:
            slo, shi = self._sign_p(lo), self._sign_p(hi)
            if slo == self._slo and shi == -slo:
                self._lo, self._hi = lo, hi
                return Fraction(mi, 1 << K)  # the midpoint; width about 2**-89 (|x| + 1)
        return None

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
        return self.element([0, 1] + [0] * (self.degree - 2))

    def element(self, coefficients: Sequence[Any]) -> AlgebraicReal:
        """``sum c_i alpha^i`` (coefficients from the constant term up)."""
        if all(type(x) is int for x in coefficients):
            n = list(coefficients)
            n += [0] * (self.degree - len(n))
            return _make(self, *self._reduce_int(n, 1))
        c = [Fraction(x) for x in coefficients]
        c += [Fraction(0)] * (self.degree - len(c))
        den = 1
        for x in c:
            den = den * x.denominator // math.gcd(den, x.denominator)
        return _make(self, *self._reduce_int([int(x * den) for x in c], den))

    def _reduce_int(self, n: list[int], den: int) -> tuple[list[int], int]:
        """``sum n_i alpha^i / den`` with at most ``degree`` coefficients (integers)."""
        deg, p = self.degree, self._int
        lead = p[0]
        for k in range(len(n) - 1, deg - 1, -1):
            ck = n[k]
            if ck:
                if lead != 1:  # lead * alpha^k = -(p_1 alpha^(k-1) + ...): scale to stay integral
                    n = [x * lead for x in n]
                    den *= lead
                for j in range(1, deg + 1):
                    n[k - j] -= ck * p[j]
        return n[:deg], den

    def sign(self, c: Sequence[Any]) -> int:
        """The exact sign of ``sum c_i alpha^i``."""
        if not any(c[1:]):
            return int((c[0] > 0) - (c[0] < 0))
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

    Mixes with ``int`` and ``Fraction`` (the result is an :class:`AlgebraicReal`). Stored as
    integers over one positive common denominator, in lowest terms (so equal numbers have equal
    representations); ``c`` gives the rational coefficients.

    Examples
    --------
    >>> K = NumberField([1, 0, -2], Fraction(1), Fraction(2))
    >>> r = K.generator
    >>> (r - 1) * (r + 1), float(r), r ** 2 > 2
    (AlgebraicReal(1), 1.4142135623730951, False)
    """

    __slots__ = ("_f", "den", "field", "n")

    def __init__(self, field: NumberField, c: Sequence[Any]) -> None:
        den = 1
        fr = [Fraction(x) for x in c]
        for x in fr:
            den = den * x.denominator // math.gcd(den, x.denominator)
        n = [int(x * den) for x in fr]
        g = math.gcd(den, *n)
        self.field, self.n, self.den = field, tuple(x // g for x in n), den // g
        self._f: float | None = None

    @property
    def c(self) -> tuple[Fraction, ...]:
        """The rational coefficients, constant first."""
        return tuple(Fraction(x, self.den) for x in self.n)

    def _like(self, other: Any) -> AlgebraicReal | None:
        if isinstance(other, AlgebraicReal):
            if other.field is not self.field:
                raise ValueError("numbers from different number fields")
            return other
        if isinstance(other, int | Fraction):
            f = Fraction(other)
            z = [0] * len(self.n)
            z[0] = f.numerator
            return _make(self.field, z, f.denominator)
        return None

    def _shift(self, other: int | Fraction, sign: int) -> AlgebraicReal:
        """``self + sign * other`` for a rational ``other``: the constant term only."""
        if type(other) is int:
            n = list(self.n)
            n[0] += sign * other * self.den
            return _make(self.field, n, self.den)
        fn, fd = other.numerator, other.denominator
        n = [x * fd for x in self.n]
        n[0] += sign * fn * self.den
        return _make(self.field, n, self.den * fd)

    def __add__(self, other: Any) -> Any:
        if isinstance(other, float):
            return float(self) + other
        if type(other) is int or type(other) is Fraction:
            return self._shift(other, 1)
        o = self._like(other)
        if o is None:
            return NotImplemented
        a, b = self.den, o.den
        if a == b:
            return _make(self.field, [x + y for x, y in zip(self.n, o.n, strict=True)], a)
        return _make(self.field, [x * b + y * a for x, y in zip(self.n, o.n, strict=True)], a * b)

    __radd__ = __add__

    def __neg__(self) -> AlgebraicReal:
        return _make(self.field, [-x for x in self.n], self.den, False)

    def __pos__(self) -> AlgebraicReal:
        return self

    def __sub__(self, other: Any) -> Any:
        if isinstance(other, float):
            return float(self) - other
        if type(other) is int or type(other) is Fraction:
            return self._shift(other, -1)
        o = self._like(other)
        if o is None:
            return NotImplemented
        a, b = self.den, o.den
        if a == b:
            return _make(self.field, [x - y for x, y in zip(self.n, o.n, strict=True)], a)
        return _make(self.field, [x * b - y * a for x, y in zip(self.n, o.n, strict=True)], a * b)

    def __rsub__(self, other: Any) -> Any:
        return (-self) + other

    def __mul__(self, other: Any) -> Any:
        if isinstance(other, float):
            return float(self) * other
        if type(other) is int:
            return _make(self.field, [x * other for x in self.n], self.den)
        if isinstance(other, int | Fraction):
            f = Fraction(other)
            return _make(self.field, [x * f.numerator for x in self.n], self.den * f.denominator)
        if not isinstance(other, AlgebraicReal):
            return NotImplemented
        o = self._like(other)
        assert o is not None
        a, b = self.n, o.n
        prod = [0] * (len(a) + len(b) - 1)
        for i, x in enumerate(a):
            if x:
                for j, y in enumerate(b):
                    prod[i + j] += x * y
        return _make(self.field, *self.field._reduce_int(prod, self.den * o.den))

    __rmul__ = __mul__

    def inverse(self) -> AlgebraicReal:
        """``1 / self`` (a linear solve with the multiplication matrix; memoised per field:
        the same edge lengths are divided by again and again)."""
        if not any(self.n):
            raise ZeroDivisionError("division by zero in a number field")
        cache = self.field._inverses
        key = (self.n, self.den)
        hit = cache.get(key)
        if hit is None:
            hit = cache[key] = self._inverse()
        return hit

    def _inverse(self) -> AlgebraicReal:
        # Solve (self * y) = 1 for y: the multiplication matrix is invertible (a field). Its
        # columns, alpha^j * self, over one common denominator, are integer; fraction-free
        # (Bareiss) elimination and back substitution in Fractions at the end.
        n = len(self.n)
        if not any(self.n[1:]):
            return self.field.element([Fraction(self.den, self.n[0])])
        cols, dens = [], []
        for j in range(n):
            col, den = self.field._reduce_int([0] * j + list(self.n), 1)
            col += [0] * (n - len(col))
            cols.append(col)
            dens.append(den)
        common = 1
        for den in dens:
            common = common * den // math.gcd(common, den)
        # self * alpha^j = cols[j] / (dens[j] * self.den); y = sum y_j alpha^j solves
        # sum_j y_j cols[j] / dens[j] = self.den * e_0
        rows = [
            [cols[j][i] * (common // dens[j]) for j in range(n)] + [common * self.den * (i == 0)]
            for i in range(n)
        ]
        prev = 1
        for k in range(n):
            piv = next(r for r in range(k, n) if rows[r][k])
            rows[k], rows[piv] = rows[piv], rows[k]
            for r in range(k + 1, n):
                rows[r] = [
                    (rows[k][k] * rows[r][j] - rows[r][k] * rows[k][j]) // prev
                    for j in range(n + 1)
                ]
            prev = rows[k][k]
        # Fraction-free back substitution: the last pivot D is the determinant (up to sign),
        # so by Cramer's rule y_k = N_k / D with integers N_k, each an exact quotient.
        D = rows[n - 1][n - 1]
        N = [0] * n
        for k in range(n - 1, -1, -1):
            acc = D * rows[k][n] - sum(rows[k][j] * N[j] for j in range(k + 1, n))
            N[k], rem = divmod(acc, rows[k][k])
            if rem:  # impossible by Cramer's rule; kept as a guard
                raise ArithmeticError("inexact division in the inverse")
        return _make(self.field, N, D)

    def __truediv__(self, other: Any) -> Any:
        if isinstance(other, float):
            return float(self) / other
        if isinstance(other, int | Fraction):
            if not other:
                raise ZeroDivisionError("division by zero")
            f = Fraction(other)
            return _make(self.field, [x * f.denominator for x in self.n], self.den * f.numerator)
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
        o = self._like(other)
        if o is None:
            raise TypeError(f"cannot compare an algebraic number with {type(other).__name__}")
        a, b = self.den, o.den
        return self.field.sign([x * b - y * a for x, y in zip(self.n, o.n, strict=True)])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, int | Fraction):
            return not any(self.n[1:]) and Fraction(self.n[0], self.den) == other
        if isinstance(other, AlgebraicReal) and other.field is self.field:
            return self.n == other.n and self.den == other.den
        return NotImplemented

    def __hash__(self) -> int:
        if not any(self.n[1:]):
            return hash(Fraction(self.n[0], self.den))
        return hash((self.n, self.den))

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
        return any(self.n)

    def __float__(self) -> float:
        # Horner in exact arithmetic at the middle of the isolating interval (width below
        # 2**-80 of the root's size), then one rounding: no cancellation error.
        if self._f is None:
            if self.is_rational:
                self._f = self.n[0] / self.den
            else:  # sum n_i m^i D^(k-i) / (den D^k) at the midpoint m / D: one int division,
                # correctly rounded like float(Fraction)
                K = self.field
                top = len(self.n) - 1
                num = sum(
                    c * K._mid_num[i] * K._mid_den[top - i] for i, c in enumerate(self.n) if c
                )
                self._f = num / (self.den * K._mid_den[top])
        return self._f

    def float_error(self) -> float:
        """A bound on ``|float(self) - self|`` beyond the final rounding: the value is taken at
        the middle of an isolating interval of width ``w``, so it is off by at most
        ``w * sum i |c_i| (|alpha| + 1)^(i - 1)``, padded generously."""
        if self.is_rational:
            return 0.0
        K = self.field
        w = K._mid_width  # float() evaluates at the middle of this interval
        a = abs(K.alpha_float) + 1
        slope = sum(i * abs(c / self.den) * a ** (i - 1) for i, c in enumerate(self.n))
        return 4 * w * slope + 1e-300

    @property
    def is_rational(self) -> bool:
        """Whether the number is rational (all non-constant coefficients vanish)."""
        return not any(self.n[1:])

    def _sympy_(self) -> Any:

        r = self.field.to_sympy()
        return sp.Add(*(sp.Rational(x, self.den) * r**i for i, x in enumerate(self.n)))

    def _sympystr(self, printer: Any) -> str:
        return str(self)

    def __str__(self) -> str:

        return str(sp.sstr(self._sympy_()))

    def __repr__(self) -> str:
        if self.is_rational:
            return f"AlgebraicReal({Fraction(self.n[0], self.den)})"
        return f"AlgebraicReal({self})"


def _make(field: NumberField, n: Sequence[int], den: int, reduce: bool = True) -> AlgebraicReal:
    """The element ``sum n_i alpha^i / den`` (``den != 0``), in lowest terms."""
    x = AlgebraicReal.__new__(AlgebraicReal)
    if den < 0:
        n, den = [-v for v in n], -den
    if reduce:
        g = math.gcd(den, *n)
        if g != 1:
            n, den = [v // g for v in n], den // g
    x.field, x.n, x.den, x._f = field, tuple(n), den, None
    return x
