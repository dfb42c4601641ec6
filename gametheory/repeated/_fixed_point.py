r"""The exact fixed point of the Abreu–Sannikov operator from its active generators.

Once a float iteration has settled, every vertex :math:`z_k` of the fixed point :math:`V` has a
*recipe*: an action profile :math:`a` and a continuation :math:`c`, so that
:math:`z_k = (1-\delta) u(a) + \delta c`, where :math:`c` is a vertex :math:`z_j` of :math:`V`,
the corner :math:`h_a = \underline w + \tfrac{1-\delta}{\delta} g(a)` of the incentive
quadrant (:math:`\underline w` the coordinate-wise minimum of :math:`V`, itself two vertex
coordinates), or the crossing of an edge :math:`[z_j, z_{j+1}]` with a binding incentive line
:math:`w_i = h_{a,i}` (Abreu & Sannikov 2014, section 3). Vertices and corners give linear
equations; a crossing gives one linear and one bilinear equation

.. math::

   (c_{1-i} - z_{j,1-i})(z_{j+1,i} - z_{j,i}) = (h_{a,i} - z_{j,i})(z_{j+1,1-i} - z_{j,1-i}),

so the fixed point is a solution of a polynomial system: rational when no crossing is active
(or the system happens to have rational solutions) and algebraic in general. The system is put
in triangular ("shape") form, by linear elimination over :math:`\mathbb Z[t]` when fixing one
unknown :math:`t` makes it linear (:mod:`gametheory.repeated._linearize`, the usual case, no
sympy) or else by a lexicographic Gröbner basis (sympy); every coordinate becomes
a polynomial in one algebraic number :math:`\alpha` (a root of the basis's univariate
polynomial, the irreducible factor whose root is nearest the float solution), and the vertices
are returned as exact elements of :math:`\mathbb Q(\alpha)`
(:class:`~gametheory.repeated._algebraic.AlgebraicReal`), or as ``Fraction`` when
:math:`\alpha` is rational. Solving is only a proposal: the caller verifies self-generation
exactly.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp
from sympy.polys.domains import QQ
from sympy.polys.groebnertools import groebner
from sympy.polys.orderings import lex
from sympy.polys.rings import ring

from gametheory.repeated import _polygon as geo
from gametheory.repeated._algebraic import AlgebraicReal, NumberField
from gametheory.repeated._linearize import as_fraction, solve_linearized

__all__ = ["solve_recipes", "solve_recipes_aligned"]

Recipe = tuple[int, tuple[Any, ...]]

MAX_FREE = 10
"""Largest number of unknowns left for the Gröbner basis after the linear elimination."""


Form = dict[int, Any]  # a linear form: variable index -> coefficient (Q), -1 -> constant


IForm = dict[int, int]  # integer linear form: variable index -> coefficient, -1 -> constant
Pivot = tuple[IForm, int]  # x = form / den (den > 0), the form in the free variables only


def _integers(values: Sequence[Fraction]) -> tuple[list[int], int]:
    """``values`` as integers over one positive common denominator."""
    den = 1
    for v in values:
        q = v.denominator
        if den % q:
            den = den * q // math.gcd(den, q)
    return [int(v.numerator) * (den // int(v.denominator)) for v in values], den


def _systems(
    u: Sequence[tuple[Fraction, Fraction]],
    gain: Sequence[tuple[Fraction, Fraction]],
    recipes: Sequence[Recipe],
    kmin: tuple[int, int],
    d: Fraction,
) -> tuple[list[IForm], list[tuple[IForm, IForm, IForm, IForm]]]:
    """The recipe equations with integer coefficients: linear forms ``= 0`` and bilinear
    ``L1 L2 - L3 L4 = 0``.

    Variable ``2k + i`` is coordinate ``i`` of vertex ``z_k``. With ``delta = dn / dd`` and the
    payoffs and gains scaled by their common denominator ``L`` (``U = L u``, ``G = L g``), each
    equation is multiplied through by ``dd L`` (linear) or, in each product, by ``dn L`` (so
    both products of a bilinear equation carry the same factor): a vertex recipe
    ``z_k = (1 - d) u + d z_j`` is ``dd L z_k - dn L z_j - (dd - dn) U = 0``; the corner
    ``h_i = z_{kmin_i, i} + r g_i`` (``r = (1 - d) / d``, so ``d r = 1 - d``) gives
    ``dd L z_k - dn L z_{kmin} - (dd - dn)(U + G) = 0``; an edge crossing gives that equation
    in its coordinate ``i`` and ``(c_j - z_{e,j})(z_{e+1,i} - z_{e,i}) = (h_i - z_{e,i})
    (z_{e+1,j} - z_{e,j})`` with ``dn L (c_j - z_{e,j}) = dd L z_{k,j} - (dd - dn) U_j - dn L
    z_{e,j}`` and ``dn L (h_i - z_{e,i}) = dn L z_{kmin_i} + (dd - dn) G_i - dn L z_{e,i}``.
    """
    flat, L = _integers([c for pair in (*u, *gain) for c in pair])
    m = len(u)
    U = [(flat[2 * a], flat[2 * a + 1]) for a in range(m)]
    G = [(flat[2 * (m + a)], flat[2 * (m + a) + 1]) for a in range(m)]
    dn, dd = int(d.numerator), int(d.denominator)
    n = len(recipes)
    linear: list[IForm] = []
    bilinear: list[tuple[IForm, IForm, IForm, IForm]] = []

    def form(*terms: tuple[int, int]) -> IForm:
        out: IForm = {}
        for q, c in terms:
            out[q] = out.get(q, 0) + c
        return out

    for k, (a, tag) in enumerate(recipes):
        if tag[0] == "v":
            for i in (0, 1):
                linear.append(
                    form((2 * k + i, dd * L), (2 * tag[1] + i, -dn * L), (-1, -(dd - dn) * U[a][i]))
                )
            continue
        coords = (0, 1) if tag[0] == "k" else (tag[1],)
        for i in coords:
            linear.append(
                form(
                    (2 * k + i, dd * L),
                    (2 * kmin[i] + i, -dn * L),
                    (-1, -(dd - dn) * (U[a][i] + G[a][i])),
                )
            )
        if tag[0] == "x":
            i, e = tag[1], tag[2]
            j, nxt = 1 - i, (tag[2] + 1) % n
            bilinear.append(
                (
                    form((2 * k + j, dd * L), (-1, -(dd - dn) * U[a][j]), (2 * e + j, -dn * L)),
                    form((2 * nxt + i, 1), (2 * e + i, -1)),
                    form(
                        (2 * kmin[i] + i, dn * L), (-1, (dd - dn) * G[a][i]), (2 * e + i, -dn * L)
                    ),
                    form((2 * nxt + j, 1), (2 * e + j, -1)),
                )
            )
    return linear, bilinear


def _substitute(f: IForm, pivots: dict[int, Pivot], den: int = 1) -> Pivot:
    """``f / den`` with every pivot variable replaced, as ``(form, den)`` in lowest terms (the
    keys in first-occurrence order; a zero constant is kept)."""
    out: IForm = {}
    scale = 1  # out / scale == the substituted f so far
    for key, c in f.items():
        if not c:
            continue
        piv = pivots.get(key)
        if piv is None:
            out[key] = out.get(key, 0) + c * scale
            continue
        expr, e = piv
        if e != 1:  # bring what is there to the denominator scale * e
            g = math.gcd(scale, e)
            m = e // g
            if m != 1:
                for q in out:
                    out[q] *= m
                scale *= m
        f2 = scale // e
        for q, b in expr.items():
            out[q] = out.get(q, 0) + c * b * f2
    out = {q: c for q, c in out.items() if c or q == -1}
    g = math.gcd(scale * den, *out.values())
    return ({q: c // g for q, c in out.items()}, scale * den // g) if g > 1 else (out, scale * den)


def _eliminate(linear: list[IForm], nvars: int) -> dict[int, Pivot] | None:
    """Solve the linear equations for some variables in terms of the others (``None``:
    inconsistent); each pivot is ``x = form / den`` in the remaining (free) variables."""
    pivots: dict[int, Pivot] = {}
    for f in linear:
        g, _ = _substitute(f, pivots)  # an equation: its scale does not matter
        terms = [q for q, c in g.items() if q >= 0 and c]
        if not terms:
            if g.get(-1, 0):
                return None
            continue
        x = terms[0]
        cx = g[x]
        expr = {q: -c for q, c in g.items() if q != x}
        if cx < 0:
            expr, cx = {q: -c for q, c in expr.items()}, -cx
        piv = _substitute(expr, {}, cx)
        for q in pivots:  # keep every pivot expressed in free variables only
            if x in pivots[q][0]:
                f2, e2 = pivots[q]
                pivots[q] = _substitute(f2, {x: piv}, e2)
        pivots[x] = piv
    return pivots


def _integer_bilinear(
    f1: Pivot, f2: Pivot, f3: Pivot, f4: Pivot
) -> tuple[IForm, IForm, IForm, IForm]:
    """``N1/d1 * N2/d2 = N3/d3 * N4/d4`` as ``(N1 d3 d4) N2 = (N3 d1 d2) N4``: integer forms,
    the same equation."""
    (n1, d1), (n2, d2), (n3, d3), (n4, d4) = f1, f2, f3, f4
    s1, s3 = d3 * d4, d1 * d2
    return {q: c * s1 for q, c in n1.items()}, n2, {q: c * s3 for q, c in n3.items()}, n4


def solve_recipes(
    u: Sequence[tuple[Fraction, Fraction]],
    gain: Sequence[tuple[Fraction, Fraction]],
    approx: geo.Polygon,
    recipes: Sequence[Recipe],
    d: Fraction,
    tol: float = 1e-6,
) -> geo.Polygon | None:
    """The exact polygon of :func:`solve_recipes_aligned`, without the recipes."""
    return solve_recipes_aligned(u, gain, approx, recipes, d, tol)[0]


def _rotate(recipes: Sequence[Recipe], first: int) -> list[Recipe]:
    """``recipes`` re-indexed for the polygon rotated to start at vertex ``first``."""
    n = len(recipes)
    out: list[Recipe] = []
    for m in range(n):
        a, tag = recipes[(m + first) % n]
        if tag[0] == "v":
            tag = ("v", (tag[1] - first) % n)
        elif tag[0] == "x":
            tag = ("x", tag[1], (tag[2] - first) % n)
        out.append((a, tag))
    return out


def solve_recipes_aligned(
    u: Sequence[tuple[Fraction, Fraction]],
    gain: Sequence[tuple[Fraction, Fraction]],
    approx: geo.Polygon,
    recipes: Sequence[Recipe],
    d: Fraction,
    tol: float = 1e-6,
) -> tuple[geo.Polygon | None, list[Recipe] | None]:
    """Exact vertices solving the recipe equations near the float polygon ``approx``
    (within ``tol`` in each coordinate).

    The linear equations, scaled to integer coefficients (:func:`_systems`), are eliminated
    exactly with integer forms over one denominator; the bilinear ones, in the
    remaining variables, go to :func:`~gametheory.repeated._linearize.solve_linearized` and,
    when they are not of its pattern, to a lexicographic Gröbner basis (sympy's
    ``groebnertools`` on a polynomial ring over QQ). Returns the exact polygon (``Fraction`` or
    :class:`~gametheory.repeated._algebraic.AlgebraicReal` coordinates) or ``None`` when the
    system is inconsistent, not zero-dimensional in shape position (even after a generic
    linear change of variables), or its solution does not keep the vertex order of ``approx``;
    and the recipes indexed as the returned polygon's vertices (``None`` when the solution had
    to be reordered by a convex hull), which the exact check uses as hints.
    """
    n = len(approx)
    if n < 1 or len(recipes) != n:
        return None, None
    kmin = (
        min(range(n), key=lambda k: approx[k][0]),
        min(range(n), key=lambda k: approx[k][1]),
    )
    linear, bilinear = _systems(u, gain, recipes, kmin, d)  # integer coefficients
    pivots = _eliminate(linear, 2 * n)
    if pivots is None:
        return None, None
    free = [q for q in range(2 * n) if q not in pivots]
    target = [float(c) for p in approx for c in p]
    if len(free) > len(bilinear):
        return None, None  # under-determined: not an isolated fixed point
    if len(free) > MAX_FREE:
        return None, None  # a Gröbner basis this large may take too long: the caller stays float
    if not free:
        values: dict[int, Any] = {}
    else:
        reduced = [_integer_bilinear(*(_substitute(f, pivots) for f in b)) for b in bilinear]
        found = solve_linearized(free, reduced, target)
        if found is None:
            found = _solve_free(free, reduced, target)
        if found is None:
            return None, None
        values = found
    one = next(iter(values.values()), Fraction(1)) if values else Fraction(1)
    unit = one * 0 + 1 if values else Fraction(1)

    def value(p: Pivot) -> Any:
        form, den = p
        v = unit * form.get(-1, 0)
        for q, c in form.items():
            if q >= 0:
                v = v + values[q] * c
        return v / den if den != 1 else v

    for b in bilinear:  # without free variables the bilinear equations are checks
        if not free:
            f = [value(_substitute(x, pivots)) for x in b]
            if f[0] * f[1] != f[2] * f[3]:
                return None, None
    coords = [values[q] if q in values else value(pivots[q]) for q in range(2 * n)]
    pts = [(coords[2 * k], coords[2 * k + 1]) for k in range(n)]
    if any(
        abs(float(c) - float(e)) > tol
        for p, q in zip(pts, approx, strict=True)
        for c, e in zip(p, q, strict=True)
    ):
        return None, None
    first = _convex_in_order(pts)
    if first is not None:
        return tuple(pts[first:] + pts[:first]), _rotate(recipes, first)
    poly = geo.convex_hull(pts)
    return (poly if len(poly) == n else None), None


def _convex_in_order(pts: list[geo.Point]) -> int | None:
    """The index of the first vertex of the canonical polygon when ``pts`` are strictly convex
    in the given counter-clockwise order (exact left turns, n of them, instead of a hull);
    else ``None``."""
    n = len(pts)
    if n < 3:
        return None
    # A float filter first: with every coordinate within E of its float value and at most M in
    # size, a cross product of differences is within 16 M (E + u M) + 8 (E + u M)^2 of its
    # float value (u = 2**-53, each of the seven operations rounding once); a larger float
    # value has the exact sign. Otherwise the exact cross product decides.
    fl = [(float(x), float(y)) for x, y in pts]
    M = max(max(abs(x), abs(y)) for x, y in fl)
    E = max(_error(c) for p in pts for c in p) + 2**-52 * M
    bound = 16 * M * (E + 2**-53 * M) + 8 * (E + 2**-53 * M) ** 2
    for k in range(n):
        (ox, oy), (ax, ay), (bx, by) = fl[k - 2], fl[k - 1], fl[k]
        c = (ax - ox) * (by - oy) - (ay - oy) * (bx - ox)
        if c > 2 * bound:
            continue
        if c < -2 * bound:
            return None
        o, a, b = pts[k - 2], pts[k - 1], pts[k]
        if not (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]) > 0:
            return None
    return min(range(n), key=lambda k: pts[k])


def _error(x: Any) -> float:
    """A bound on ``|float(x) - x|`` beyond one rounding (0 for rationals)."""
    return float(x.float_error()) if isinstance(x, AlgebraicReal) else 0.0


def _solve_free(
    free: list[int], polys: list[tuple[Form, Form, Form, Form]], target: list[float]
) -> dict[int, Any] | None:
    """Exact values of the free variables from the bilinear equations (lex Gröbner basis)."""

    for attempt in range(2):
        names = [f"v{q}" for q in free] + (["t"] if attempt else [])
        R, *gens = ring(",".join(names), QQ, lex)
        index = {q: g for q, g in zip(free, gens, strict=False)}

        def lin(f: Form, R: Any = R, index: dict[int, Any] = index) -> Any:
            const = as_fraction(f.get(-1, 0))
            out = R(QQ(const.numerator, const.denominator))
            for q, c in f.items():
                if q >= 0:
                    c = as_fraction(c)
                    out += index[q] * QQ(c.numerator, c.denominator)
            return out

        system = [lin(a) * lin(b) - lin(c) * lin(e) for a, b, c, e in polys]
        tval = target[free[-1]]
        if attempt:  # a generic separating variable t = sum w_i x_i puts the ideal in shape
            weights = [(7 * i + 3) % 11 + 1 for i in range(len(free))]
            system.append(gens[-1] - sum(w * g for w, g in zip(weights, gens, strict=False)))
            tval = sum(w * target[q] for w, q in zip(weights, free, strict=False))
        system = [p for p in system if p]
        try:
            basis = groebner(system, R)
        except ZeroDivisionError:
            return None
        if not basis or basis == [R.one]:
            return None
        shape = _shape(basis, len(gens))
        if shape is None:
            continue
        vals = _values(shape, tval)
        if vals is None:
            return None
        return dict(zip(free, vals, strict=False))
    return None


def _shape(basis: Sequence[Any], ngens: int) -> list[list[Fraction]] | None:
    """Univariate coefficient lists (constant first) ``g_0(t), ..., g_{N-2}(t), p(t)`` when the
    lex basis is ``x_k - g_k(t)`` and ``p(t)`` (``t`` the last generator)."""
    if len(basis) != ngens:
        return None
    last = ngens - 1
    out: list[list[Fraction] | None] = [None] * ngens
    for poly in basis:
        lead: int | None = None
        coeffs: dict[int, Fraction] = {}
        lc = None
        for monom, c in poly.terms():
            nz = [i for i, e in enumerate(monom) if e]
            if nz and nz != [last]:
                if len(nz) != 1 or monom[nz[0]] != 1 or lead is not None:
                    return None
                lead, lc = nz[0], Fraction(int(c.numerator), int(c.denominator))
                continue
            coeffs[monom[last]] = Fraction(int(c.numerator), int(c.denominator))
        deg = max(coeffs, default=0)
        dense = [coeffs.get(e, Fraction(0)) for e in range(deg + 1)]
        if lead is None:
            if out[last] is not None:
                return None
            out[last] = dense
        else:
            if out[lead] is not None or lc is None:
                return None
            out[lead] = [-c / lc for c in dense]
    return None if any(x is None for x in out) else out  # type: ignore[return-value]


def _values(shape: list[list[Fraction]], tval: float) -> list[Any] | None:
    """Exact values of every generator at the root of ``shape[-1]`` nearest ``tval``."""

    t = sp.Symbol("t")
    last = sp.Poly([sp.Rational(c.numerator, c.denominator) for c in reversed(shape[-1])], t)
    if last.degree() < 1:
        return None
    best: tuple[float, Any, Any] | None = None
    for factor, _ in last.factor_list()[1]:
        for (lo, hi), _m in factor.intervals():
            mid = (float(lo) + float(hi)) / 2
            if best is None or abs(mid - tval) < best[0]:
                best = (abs(mid - tval), factor, (lo, hi))
    if best is None:
        return None
    _, factor, (lo, hi) = best
    coeffs = [Fraction(int(c.p), int(c.q)) for c in factor.all_coeffs()]
    if factor.degree() == 1:
        root = -coeffs[1] / coeffs[0]

        def at(p: list[Fraction]) -> Any:
            v = Fraction(0)
            for c in reversed(p):
                v = v * root + c
            return v

        return [at(p) for p in shape[:-1]] + [root]
    K = NumberField(coeffs, Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q)))
    return [K.element(p) for p in shape[:-1]] + [K.generator]
