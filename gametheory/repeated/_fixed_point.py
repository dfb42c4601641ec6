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
in triangular ("shape") form by a lexicographic Gröbner basis (sympy), every coordinate becomes
a polynomial in one algebraic number :math:`\alpha` (a root of the basis's univariate
polynomial, the irreducible factor whose root is nearest the float solution), and the vertices
are returned as exact elements of :math:`\mathbb Q(\alpha)`
(:class:`~gametheory.repeated._algebraic.AlgebraicNumber`), or as ``Fraction`` when
:math:`\alpha` is rational. Solving is only a proposal: the caller verifies self-generation
exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

from gametheory.repeated import _polygon as geo
from gametheory.repeated._algebraic import NumberField

__all__ = ["solve_recipes"]

Recipe = tuple[int, tuple[Any, ...]]


def _equations(
    u: Sequence[tuple[Fraction, Fraction]],
    gain: Sequence[tuple[Fraction, Fraction]],
    recipes: Sequence[Recipe],
    kmin: tuple[int, int],
    d: Fraction,
    zs: Sequence[tuple[Any, Any]],
) -> list[Any]:
    """Polynomial equations (sympy) ``z_k = (1 - d) u(a) + d c`` with denominators cleared."""
    import sympy as sp

    dd = sp.Rational(d.numerator, d.denominator)
    r = (1 - dd) / dd
    n, eqs = len(zs), []

    def q(x: Fraction) -> Any:
        return sp.Rational(x.numerator, x.denominator)

    for k, (a, tag) in enumerate(recipes):
        ua, ga = (q(u[a][0]), q(u[a][1])), (q(gain[a][0]), q(gain[a][1]))
        h = (zs[kmin[0]][0] + r * ga[0], zs[kmin[1]][1] + r * ga[1])
        base = ((1 - dd) * ua[0], (1 - dd) * ua[1])
        if tag[0] == "v":
            c = zs[tag[1]]
            eqs += [zs[k][i] - base[i] - dd * c[i] for i in (0, 1)]
        elif tag[0] == "k":
            eqs += [zs[k][i] - base[i] - dd * h[i] for i in (0, 1)]
        else:
            i, p, nxt = tag[1], zs[tag[2]], zs[(tag[2] + 1) % n]
            j = 1 - i
            eqs.append(zs[k][i] - base[i] - dd * h[i])
            # continuation c_j = (z_k,j - base_j) / d lies on the edge p -> nxt at w_i = h_i
            cj = (zs[k][j] - base[j]) / dd
            eqs.append((cj - p[j]) * (nxt[i] - p[i]) - (h[i] - p[i]) * (nxt[j] - p[j]))
    return [sp.expand(e * 100 * dd.q**2) for e in eqs]


def _shape(basis: Sequence[Any], gens: Sequence[Any]) -> list[Any] | None:
    """``[g_0, ..., g_{N-2}, p]`` when the lex basis is ``x_k - g_k(t)`` and ``p(t)``."""
    import sympy as sp

    t = gens[-1]
    if len(basis) != len(gens):
        return None
    out = []
    for poly, x in zip(basis, gens, strict=True):
        P = sp.Poly(poly, *gens)
        if x == t:
            if P.free_symbols - {t}:
                return None
            out.append(sp.Poly(poly, t))
            continue
        others = P.free_symbols - {x, t}
        lead = P.coeff_monomial(x)
        if others or lead == 0 or sp.Poly(poly, x).degree() != 1:
            return None
        out.append(sp.Poly(-(poly - lead * x) / lead, t))
    return out


def solve_recipes(
    u: Sequence[tuple[Fraction, Fraction]],
    gain: Sequence[tuple[Fraction, Fraction]],
    approx: geo.Polygon,
    recipes: Sequence[Recipe],
    d: Fraction,
) -> geo.Polygon | None:
    """Exact vertices solving the recipe equations near the float polygon ``approx``.

    Returns the exact polygon (``Fraction`` or :class:`AlgebraicNumber` coordinates) or ``None``
    when the system is not zero-dimensional in shape position (even after a generic linear
    change of variables), or its solution does not keep the vertex order of ``approx``.
    """
    import sympy as sp

    n = len(approx)
    if n < 1 or len(recipes) != n:
        return None
    kmin = (
        min(range(n), key=lambda k: approx[k][0]),
        min(range(n), key=lambda k: approx[k][1]),
    )
    zs = [(sp.Symbol(f"x{k}"), sp.Symbol(f"y{k}")) for k in range(n)]
    eqs = _equations(u, gain, recipes, kmin, d, zs)
    unknowns = [c for z in zs for c in z]
    target = [float(c) for p in approx for c in p]
    for attempt in range(2):
        gens = list(unknowns)
        system = list(eqs)
        tval = target[-1]
        if attempt:  # a generic separating variable t = sum c_i x_i puts the ideal in shape
            t = sp.Symbol("t")
            weights = [(7 * i + 3) % 11 + 1 for i in range(len(unknowns))]
            system.append(t - sum(w * x for w, x in zip(weights, unknowns, strict=True)))
            gens.append(t)
            tval = sum(w * x for w, x in zip(weights, target, strict=True))
        try:
            basis = sp.groebner(system, *gens, order="lex", domain="QQ")
        except (sp.PolynomialError, ValueError, ZeroDivisionError):
            return None
        if list(basis) == [1]:
            return None
        shape = _shape(list(basis), gens)
        if shape is None:
            continue
        values = _values(shape, tval)
        if values is None:
            return None
        coords = values[: 2 * n]
        pts = [(coords[2 * k], coords[2 * k + 1]) for k in range(n)]
        poly = geo.convex_hull(pts)
        if len(poly) != n or any(
            abs(float(c) - float(e)) > 1e-6 * (1 + abs(float(e)))
            for p, q in zip(pts, approx, strict=True)
            for c, e in zip(p, q, strict=True)
        ):
            return None
        return poly
    return None


def _values(shape: list[Any], tval: float) -> list[Any] | None:
    """Exact values of every generator at the root of ``shape[-1]`` nearest ``tval``."""
    import sympy as sp

    last = shape[-1]
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

        def at(p: Any) -> Any:
            v = Fraction(0)
            for c in p.all_coeffs():
                v = v * root + Fraction(int(c.p), int(c.q))
            return v

    else:
        K = NumberField(coeffs, Fraction(int(lo.p), int(lo.q)), Fraction(int(hi.p), int(hi.q)))

        def at(p: Any) -> Any:
            cs = [Fraction(int(c.p), int(c.q)) for c in reversed(p.all_coeffs())]
            return K.element(cs)

    return [at(p) for p in shape[:-1]] + [at(sp.Poly(last.gen, last.gen))]
