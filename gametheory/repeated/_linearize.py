r"""Exact solutions of the Abreu–Sannikov generator equations without a Gröbner basis.

After the linear generator equations are eliminated (:mod:`gametheory.repeated._fixed_point`),
each active edge crossing leaves one bilinear equation. Often every product in them contains
one and the same unknown :math:`t` (in the Abreu–Sannikov 2014 example, the height of the top
vertex), so that, for fixed :math:`t`, the system is linear in the other unknowns with
coefficients in :math:`\mathbb Z[t]`:

1. equations that are linear already (a constant factor) are eliminated exactly;
2. the rest, :math:`A(t) x = -b(t)`, is brought to echelon form by fraction-free (Bareiss)
   elimination over :math:`\mathbb Z[t]`, pivots chosen by their size at the float solution;
3. the leftover rows are polynomials in :math:`t` that vanish at the solution: their gcd
   :math:`P`;
4. the factor of :math:`P` whose real root is nearest the float value of :math:`t` is found
   without general factoring for degree at most three (rational roots by an exact integer
   search on the monotone pieces of the monic transform; what remains has no rational root, so
   it is irreducible), and :math:`t` becomes a rational number or the generator
   :math:`\alpha` of :class:`~gametheory.repeated._algebraic.NumberField`;
5. the other unknowns follow by back substitution in :math:`\mathbb Q(\alpha)`.

Anything outside this pattern (no such :math:`t`, a rank drop, :math:`\deg P > 3`) returns
``None`` and the caller uses the lexicographic Gröbner basis. Like the Gröbner path this is a
proposal: the caller verifies the fixed point exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import numpy as np

from gametheory.repeated._algebraic import NumberField

__all__ = ["as_fraction", "solve_linearized"]

Form = dict[
    int, Any
]  # variable index -> rational coefficient (int from the caller), -1 -> constant
Quad = dict[tuple[int, ...], Any]  # monomial (sorted variable indices) -> coefficient


def as_fraction(x: Any) -> Fraction:
    """A rational coefficient (``int`` or ``Fraction``) as a ``Fraction`` of ``int``."""
    return Fraction(int(x.numerator), int(x.denominator))


IntPoly = list[int]  # univariate integer polynomial, constant first


# -- quadratic polynomials in several variables ----------------------------------------------
def _times(f: Form, g: Form) -> Quad:
    out: Quad = {}
    for p, a in f.items():
        if not a:
            continue
        for q, b in g.items():
            if not b:
                continue
            key = tuple(sorted(x for x in (p, q) if x >= 0))
            out[key] = out.get(key, 0) + a * b
    return out


def _quad(f1: Form, f2: Form, f3: Form, f4: Form) -> Quad:
    out = _times(f1, f2)
    for key, c in _times(f3, f4).items():
        out[key] = out.get(key, 0) - c
    return {k: c for k, c in out.items() if c}


def _integral(eq: Quad) -> Quad:
    """``eq`` times the common denominator of its coefficients, divided by their gcd:
    integer coefficients, the same equation."""
    den = 1
    for c in eq.values():
        q = int(c.denominator)
        if den % q:
            den = den * q // math.gcd(den, q)
    out = {k: int(c.numerator) * (den // int(c.denominator)) for k, c in eq.items()}
    g = math.gcd(*out.values()) if out else 1
    return {k: c // g for k, c in out.items()} if g > 1 else out


def _plug(eq: Quad, x: int, form: Form, den: int = 1) -> Quad:
    """``eq`` with the variable ``x`` replaced by the affine ``form / den``, multiplied by
    ``den`` to the power of ``x``'s degree in ``eq`` (integer coefficients stay integer) and
    divided by the gcd of its coefficients (the same equation)."""
    deg = max((sum(v == x for v in key) for key in eq), default=0)
    out: Quad = {}
    for key, c in eq.items():
        power = sum(v == x for v in key)
        scale = den ** (deg - power)
        if not power:
            out[key] = out.get(key, 0) + c * scale
            continue
        rest = [v for v in key if v != x]
        other: Form = {rest[0]: 1} if rest else {-1: 1}
        prod = _times(form, form) if power == 2 else _times(form, other)
        for k2, c2 in prod.items():
            out[k2] = out.get(k2, 0) + c * c2 * scale
    out = {k: c for k, c in out.items() if c}
    g = math.gcd(*out.values()) if out else 1
    return {k: c // g for k, c in out.items()} if g > 1 else out


# -- univariate integer polynomials (constant first) -----------------------------------------
def _trim(p: IntPoly) -> IntPoly:
    while len(p) > 1 and not p[-1]:
        p.pop()
    return p


def _mul(p: IntPoly, q: IntPoly) -> IntPoly:
    out = [0] * (len(p) + len(q) - 1)
    for i, a in enumerate(p):
        if a:
            for j, b in enumerate(q):
                out[i + j] += a * b
    return _trim(out)


def _sub(p: IntPoly, q: IntPoly) -> IntPoly:
    out = [0] * max(len(p), len(q))
    for i, a in enumerate(p):
        out[i] += a
    for i, b in enumerate(q):
        out[i] -= b
    return _trim(out)


def _divexact(p: IntPoly, q: IntPoly) -> IntPoly:
    """``p / q`` when ``q`` divides ``p`` in ``Z[t]`` (the Bareiss step)."""
    p, q = _trim(list(p)), _trim(list(q))
    if len(p) < len(q):
        if any(p):
            raise ArithmeticError("inexact division")
        return [0]
    out = [0] * (len(p) - len(q) + 1)
    lead = q[-1]
    for k in range(len(out) - 1, -1, -1):
        c, r = divmod(p[k + len(q) - 1], lead)
        if r:
            raise ArithmeticError("inexact division")
        out[k] = c
        if c:
            for j, b in enumerate(q):
                p[k + j] -= c * b
    if any(p):
        raise ArithmeticError("inexact division")
    return _trim(out)


def _primitive(p: IntPoly) -> IntPoly:
    g = 0
    for c in p:
        g = math.gcd(g, c)
    if not g:
        return [0]
    if p[-1] < 0:
        g = -g
    return [c // g for c in p]


def _gcd(p: IntPoly, q: IntPoly) -> IntPoly:
    """The primitive gcd in ``Q[t]`` (pseudo-remainders with content removed)."""
    a, b = _primitive(_trim(list(p))), _primitive(_trim(list(q)))
    if len(a) < len(b):
        a, b = b, a
    while any(b):
        r = list(a)
        lead = b[-1]
        while len(r) >= len(b) and any(r):
            shift, c = len(r) - len(b), r[-1]
            r = [x * lead for x in r]
            for j, y in enumerate(b):
                r[shift + j] -= c * y
            r = _trim(r[:-1] if len(r) > 1 else r)
            if len(r) == 1 and not r[0]:
                break
        a, b = b, _primitive(r) if any(r) else [0]
    return a


def _eval(p: IntPoly, x: int) -> int:
    v = 0
    for c in reversed(p):
        v = v * x + c
    return v


def _integer_root(q: IntPoly, lo: int, hi: int, rising: bool) -> int | None:
    """The integer root of ``q`` in ``[lo, hi]``, where ``q`` is monotone."""
    while lo <= hi:
        mid = (lo + hi) // 2
        v = _eval(q, mid)
        if not v:
            return mid
        if (v < 0) == rising:
            lo = mid + 1
        else:
            hi = mid - 1
    return None


def _bracketed_root(q: IntPoly, lo: int, hi: int, rising: bool, y: int) -> int | None:
    """:func:`_integer_root` started from a guess ``y``: the exact signs of ``q`` at ``y`` and
    its neighbour toward the root settle it when the guess is within one of the real root
    (a sign change between consecutive integers leaves no integer root); otherwise the
    bisection goes on from there."""
    y = min(max(y, lo), hi)
    v = _eval(q, y)
    if not v:
        return y
    step = 1 if (v < 0) == rising else -1  # the direction of the root, q being monotone
    z = y + step
    if not lo <= z <= hi:
        return None
    w = _eval(q, z)
    if not w:
        return z
    if (w < 0) != (v < 0):
        return None  # the root lies strictly between y and z
    return _integer_root(q, z + 1, hi, rising) if step > 0 else _integer_root(q, lo, z - 1, rising)


def _rational_roots(p: IntPoly, approx: Sequence[float] = ()) -> list[Fraction]:
    """Every rational root of an integer polynomial of degree 2 or 3 (exact); ``approx``, the
    float real roots of ``p`` when known, only speed up the search."""
    if len(p) == 3:
        c, b, a = p
        disc = b * b - 4 * a * c
        if disc < 0:
            return []
        s = math.isqrt(disc)
        return [] if s * s != disc else sorted({Fraction(-b - s, 2 * a), Fraction(-b + s, 2 * a)})
    d, c, b, a = p
    # y = a x turns p into the monic Q(y) = y^3 + b y^2 + a c y + a^2 d: rational roots of p
    # are y / a for the integer roots y of Q, found on the monotone pieces of Q.
    q = [a * a * d, a * c, b, 1]
    bound = 1 + max(abs(b), abs(a * c), abs(a * a * d))
    found: set[int] = set()
    disc = b * b - 3 * a * c  # Q' = 3 y^2 + 2 b y + a c
    if disc <= 0:
        pieces = [(-bound, bound, True)]
    else:
        r = math.isqrt(disc)
        left, e1 = (-b - r - 1) // 3, -((b + r) // 3)  # the first critical point lies between
        right, e2 = (-b + r) // 3, -((b - r - 1) // 3)  # the second one lies between
        pieces = [(-bound, left, True), (e1, right, False), (e2, bound, True)]
        for k in (*range(left + 1, e1), *range(right + 1, e2)):
            if not _eval(q, k):
                found.add(k)
    for lo, hi, rising in pieces:
        lo, hi = max(lo, -bound), min(hi, bound)
        guesses = [round(a * z) for z in approx if lo - 1 <= a * z <= hi + 1]
        root = (
            _bracketed_root(q, lo, hi, rising, guesses[0])
            if len(guesses) == 1
            else _integer_root(q, lo, hi, rising)
        )
        if root is not None:
            found.add(root)
    return sorted(Fraction(y, a) for y in found)


def _value(p: IntPoly, x: Fraction) -> int:
    """``p(x)`` times ``denominator(x) ** deg p`` (zero exactly when ``p(x)`` is)."""
    n, d = x.numerator, x.denominator
    return sum(c * n**i * d ** (len(p) - 1 - i) for i, c in enumerate(p))


def _deflate(p: IntPoly, root: Fraction) -> IntPoly:
    return _primitive(_divexact(p, [-root.numerator, root.denominator]))


def _algebraic_root(p: IntPoly, target: float) -> Any:
    """The root of ``p`` nearest ``target``: a ``Fraction``, an element of a number field, or
    ``None`` (degree above three, or no real root near)."""
    p = _primitive(_trim(list(p)))
    if len(p) < 2:
        return None
    rest, rational = p, []
    # the float roots, once: those of the deflated polynomials are the ones left
    roots = [complex(z) for z in np.roots([float(c) for c in reversed(p)])]
    if len(p) > 4:  # peel off rational roots guessed from float roots (each checked exactly)
        for z in list(roots):
            if len(rest) > 4 and abs(z.imag) <= 1e-7 * (1 + abs(z.real)):
                # a rational root is y / lead with y an integer (the rational root theorem);
                # the nearest such number first, then the best small-denominator one
                guess = Fraction(round(z.real * rest[-1]), rest[-1])
                if _value(rest, guess):
                    guess = Fraction(z.real).limit_denominator(abs(rest[-1]))
                if not _value(rest, guess):
                    rational.append(guess)
                    rest = _deflate(rest, guess)
                    roots.remove(z)
        if len(rest) > 4:
            return None
    real = [z.real for z in roots if abs(z.imag) <= 1e-7 * (1 + abs(z.real))]
    more = _rational_roots(rest, real) if len(rest) >= 3 else [Fraction(-rest[0], rest[1])]
    for r in more:
        rest = _deflate(rest, r)
    rational += more
    best: tuple[float, Any] | None = None
    for r in rational:
        if best is None or abs(float(r) - target) < best[0]:
            best = (abs(float(r) - target), r)
    if len(rest) >= 3:  # no rational root and degree at most three: irreducible
        if more:  # the float roots of what is left
            roots = [complex(z) for z in np.roots([float(c) for c in reversed(rest)])]
        for z in roots:
            if abs(z.imag) <= 1e-9 * (1 + abs(z.real)) and (
                best is None or abs(z.real - target) < best[0]
            ):
                best = (abs(z.real - target), float(z.real))
    if best is None:
        return None
    if isinstance(best[1], Fraction):
        return best[1]
    x = Fraction(best[1])
    width = Fraction(1 + abs(best[1])) / 2**40
    for _ in range(4):  # an isolating interval of the float root, by an exact sign change
        try:
            return NumberField(rest[::-1], x - width, x + width).generator
        except ValueError:
            width *= 2**8
    return None


def _back_substitute(
    rows: list[list[IntPoly]], r: int, cols: Sequence[int], alpha: Any, values: dict[int, Any]
) -> bool:
    """Back substitution in ``Z[t]``, fraction-free, with one division in the field.

    After Bareiss elimination the last pivot ``D`` is the determinant of the leading ``r x r``
    block, so by Cramer's rule every unknown is ``N_k / D`` with ``N_k`` in ``Z[t]``:
    ``rows[k][k] N_k = -(D rows[k][r] + sum_{j>k} rows[k][j] N_j)``, an exact division. The
    unknowns are then ``N_k(alpha) / D(alpha)``: one inverse instead of one per unknown. Fills
    ``values`` and returns True; False (``values`` untouched) when ``D(alpha) = 0`` or a
    division is not exact (the caller then substitutes in the field)."""
    D = rows[r - 1][r - 1]
    N: list[IntPoly] = [[0]] * r
    try:
        for k in range(r - 1, -1, -1):
            acc = _mul(D, rows[k][r])
            for j in range(k + 1, r):
                acc = _sub(acc, [-c for c in _mul(rows[k][j], N[j])])
            N[k] = _divexact([-c for c in acc], rows[k][k])
    except ArithmeticError:
        return False
    den = _at(D, alpha)
    if not den:
        return False
    inv = 1 / den
    for k in range(r):
        values[cols[k]] = _at(N[k], alpha) * inv
    return True


# -- the solver --------------------------------------------------------------------------------
def _at(p: IntPoly, alpha: Any) -> Any:
    if isinstance(alpha, Fraction):
        v = Fraction(0)
        for c in reversed(p):
            v = v * alpha + c
        return v
    return alpha.field.element(p)


def solve_linearized(
    free: Sequence[int], polys: Sequence[tuple[Form, Form, Form, Form]], target: Sequence[float]
) -> dict[int, Any] | None:
    """Exact values of the ``free`` unknowns from the bilinear equations ``L1 L2 = L3 L4``
    (each ``L`` an affine form), near the float solution ``target`` (indexed by unknown);
    ``None`` when the system is not of the pattern in the module docstring.

    Examples
    --------
    ``x (y - 1) = 2`` and ``x = y + 1``: ``y^2 = 3``, the root near 1.7.

    >>> F = Fraction
    >>> eqs = [({0: F(1)}, {1: F(1), -1: F(-1)}, {-1: F(2)}, {-1: F(1)}),
    ...        ({0: F(1)}, {-1: F(1)}, {1: F(1), -1: F(1)}, {-1: F(1)})]
    >>> sol = solve_linearized([0, 1], eqs, [2.73, 1.73])
    >>> sol[1] * sol[1] == 3, round(float(sol[0]), 6)
    (True, 2.732051)
    """
    eqs = [_integral(_quad(*b)) for b in polys]  # integer coefficients from here on
    eqs = [e for e in eqs if e]
    done: list[tuple[int, Form, int]] = []  # eliminated unknowns, in order: x = form / den
    while True:
        lin = next((e for e in eqs if all(len(k) < 2 for k in e)), None)
        if lin is None:
            break
        terms = [k[0] for k in lin if len(k) == 1]
        if not terms:
            return None  # a non-zero constant: inconsistent
        x = max(terms, key=lambda v: abs(lin[(v,)]))
        cx = lin[(x,)]
        sign = -1 if cx > 0 else 1
        form: Form = {(k[0] if k else -1): sign * c for k, c in lin.items() if k != (x,)}
        done.append((x, form, abs(cx)))
        eqs = [e for e in (_plug(e, x, form, abs(cx)) for e in eqs if e is not lin) if e]
    rest = sorted({v for e in eqs for k in e for v in k} | (set(free) - {x for x, _, _ in done}))
    if not rest:
        values: dict[int, Any] = {}
    else:
        found = _solve_in_t(rest, eqs, target)
        if found is None:
            return None
        values = found
    for x, form, den in reversed(done):
        v: Any = Fraction(form.get(-1, 0))
        for q, c in form.items():
            if q >= 0:
                v = v + values[q] * c
        values[x] = v / den
    return {q: values[q] for q in free}


def _solve_in_t(rest: list[int], eqs: list[Quad], target: Sequence[float]) -> dict[int, Any] | None:
    """The quadratic equations in ``rest``, linear once one unknown ``t`` is fixed."""
    quads = [k for e in eqs for k in e if len(k) == 2]
    t = next((v for v in rest if all(v in k for k in quads)), None)
    if t is None:
        return None
    cols = [v for v in rest if v != t]
    m, r = len(eqs), len(cols)
    if m <= r:
        return None  # under-determined (or nothing left to fix t)
    rows: list[list[IntPoly]] = []
    for e in eqs:  # row: coefficients of cols (polynomials in t), then the constant part
        frac: list[list[Any]] = [[0, 0] for _ in cols]
        const: list[Any] = [0] * 3
        for mono, c in e.items():
            if len(mono) == 0:
                const[0] += c
            elif mono == (t,):
                const[1] += c
            elif mono == (t, t):
                const[2] += c
            else:
                v = mono[0] if mono[0] != t else mono[1]
                frac[cols.index(v)][1 if t in mono else 0] += c
        entries = [*frac, const]
        den = 1
        for p in entries:
            for c in p:
                den = den * c.denominator // math.gcd(den, c.denominator)
        rows.append([_trim([int(c * den) for c in p]) for p in entries])
    tf = target[t]

    def size(p: IntPoly) -> float:
        v = 0.0
        for c in reversed(p):
            v = v * tf + c
        return abs(v)

    def scale(row: list[IntPoly]) -> float:
        return max(1e-300, max(size(p) for p in row))

    prev: IntPoly = [1]
    for k in range(r):  # Bareiss over Z[t], partial pivoting by size at the float t
        piv = max(range(k, m), key=lambda i: size(rows[i][k]) / scale(rows[i]))
        if size(rows[piv][k]) <= 1e-9 * scale(rows[piv]):
            return None
        rows[k], rows[piv] = rows[piv], rows[k]
        for i in range(k + 1, m):
            for j in range(k + 1, r + 1):
                rows[i][j] = _divexact(
                    _sub(_mul(rows[k][k], rows[i][j]), _mul(rows[i][k], rows[k][j])), prev
                )
            rows[i][k] = [0]
        prev = rows[k][k]
    poly: IntPoly = [0]
    for i in range(r, m):
        poly = _gcd(poly, rows[i][r]) if any(poly) else _primitive(rows[i][r])
    if not any(poly) or len(poly) < 2:
        return None  # no condition on t, or an inconsistent one
    alpha = _algebraic_root(poly, tf)
    if alpha is None:
        return None
    values: dict[int, Any] = {t: alpha}
    if r and _back_substitute(rows, r, cols, alpha, values):
        return values
    for k in range(r - 1, -1, -1):
        acc = _at(rows[k][r], alpha)
        for j in range(k + 1, r):
            acc = acc + _at(rows[k][j], alpha) * values[cols[j]]
        pivot = _at(rows[k][k], alpha)
        if not pivot:
            return None
        values[cols[k]] = -acc / pivot
    return values
