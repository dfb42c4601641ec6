r"""Exact check that a polygon is a fixed point of the APS / Abreu–Sannikov operator.

For a convex polygon :math:`V` (exact vertices, rational or algebraic) the check decides, with
exact signs, the two inclusions

* :math:`V \subseteq B(V)` with every vertex extreme in :math:`B(V)`: every vertex :math:`z`
  has a profile :math:`a` whose continuation :math:`c = (z - (1-\delta)u(a))/\delta` lies in
  :math:`V` and in the incentive quadrant :math:`c \ge h_a = \underline w +
  \tfrac{1-\delta}{\delta} g(a)` (necessary when :math:`B(V) = V`, sufficient for
  :math:`V \subseteq B(V)`);
* :math:`B(V) \subseteq V`: for every profile :math:`a` and every edge of :math:`V` whose
  outer half-plane contains :math:`u(a)` strictly, every extreme point :math:`w` of
  :math:`V \cap \{w \ge h_a\}` (vertices in the quadrant, edge crossings of the two incentive
  lines, the corner) gives :math:`(1-\delta)u(a) + \delta w` inside that edge's half-plane.
  Edges with :math:`u(a)` inside need no check: :math:`V` is convex and :math:`w \in V`.

Together they say :math:`B(V) = V`. When the caller knows a *recipe* for each vertex (the
profile and the continuation that generate it, as the generator equations of
:mod:`gametheory.repeated._fixed_point` were solved), the first inclusion is checked on that
recipe first: the continuation computed from the vertex is compared exactly with the recipe's
continuation (the same vertex, the corner, or a point of the named edge on the incentive line),
and checked admissible. A candidate extreme point of :math:`V \cap \{w \ge h_a\}` that is a
checked recipe's continuation generates that vertex exactly, so it needs no half-plane tests:
these are exactly the ties (a generated point on an edge) that would otherwise go to exact
arithmetic. A hint that fails its check is ignored.

Every decision is the sign of a small expression in the
exact inputs. It is first evaluated in floating point with a running error bound (each
operation adds :math:`2^{-53}` of its result and propagates the operands' bounds; a division
needs a denominator clearly away from zero); the float sign is taken only when the value
exceeds twice the bound, and otherwise the same expression is evaluated in exact arithmetic.
Exact ties (a vertex on an incentive line, a generated point on an edge) are therefore always
decided exactly, and the clear-cut majority costs one float evaluation.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from fractions import Fraction
from functools import partial
from typing import Any

from gametheory.repeated._algebraic import AlgebraicReal, _make

__all__ = ["verify_fixed"]

_U = 2.0**-53


class _FE:
    """A float with a rigorous absolute error bound."""

    __slots__ = ("e", "v")

    def __init__(self, v: float, e: float) -> None:
        self.v, self.e = v, e

    @staticmethod
    def of(x: Any) -> _FE:
        v = float(x)
        extra = x.float_error() if isinstance(x, AlgebraicReal) else 0.0
        return _FE(v, 2 * _U * abs(v) + extra)

    def __add__(self, o: _FE) -> _FE:
        v = self.v + o.v
        return _FE(v, self.e + o.e + _U * abs(v))

    def __sub__(self, o: _FE) -> _FE:
        v = self.v - o.v
        return _FE(v, self.e + o.e + _U * abs(v))

    def __mul__(self, o: _FE) -> _FE:
        v = self.v * o.v
        return _FE(v, abs(self.v) * o.e + abs(o.v) * self.e + self.e * o.e + _U * abs(v))

    def __truediv__(self, o: _FE) -> _FE:
        room = abs(o.v) - o.e
        if room <= 1e-9 * abs(o.v):
            raise _Undecided
        q = self.v / o.v
        return _FE(q, (self.e + abs(q) * o.e) / room + _U * abs(q))


class _Undecided(Exception):
    pass


def _sign(fn: Callable[..., Any], fl: Sequence[Any], ex: Any) -> int:
    """The exact sign of ``fn(*args)``: float with error bound first, exact when unclear
    (``ex`` is the exact argument list, or a function returning it). Half-plane signs have
    their own fast path, :meth:`_Check.side`."""
    if fn is _diff:  # the value and bound of the _FE subtraction, without the object
        a, b = fl
        v = a.v - b.v
        if abs(v) > 2 * (a.e + b.e + _U * abs(v)) and abs(v) < 1e300:
            return 1 if v > 0 else -1
    else:
        try:
            r = fn(*fl)
            if abs(r.v) > 2 * r.e and abs(r.v) < 1e300:
                return 1 if r.v > 0 else -1
        except (_Undecided, OverflowError, ZeroDivisionError):
            pass
    return _exact_sign(fn(*(ex() if callable(ex) else ex)))


def _float_side(edge: tuple[float, ...], w0v: float, w0e: float, w1v: float, w1e: float) -> int:
    """The sign of :func:`_halfplane` for an edge (its precomputed ``q - p`` and ``p``, values
    and error bounds) and a point ``w`` (values and bounds), from floats: the value with the
    bound of the :class:`_FE` operations; 0 when the value is within twice its bound of zero
    (undecided: the caller evaluates exactly)."""
    ax, eax, ay, eay, px, epx, py, epy = edge
    dy = w1v - py
    edy = w1e + epy + _U * abs(dy)
    dx = w0v - px
    edx = w0e + epx + _U * abs(dx)
    m1 = ax * dy
    m2 = ay * dx
    v = m1 - m2
    e = (
        abs(ax) * edy
        + abs(dy) * eax
        + eax * edy
        + _U * abs(m1)
        + abs(ay) * edx
        + abs(dx) * eay
        + eay * edx
        + _U * abs(m2)
        + _U * abs(v)
    )
    if abs(v) > 2 * e and abs(v) < 1e300:
        return 1 if v > 0 else -1
    return 0


def _exact_sign(x: Any) -> int:
    """The sign of an exact number (one sign evaluation for an algebraic number)."""
    if isinstance(x, AlgebraicReal):
        return x.field.sign(x.n)  # the denominator is positive
    return int((x > 0) - (x < 0))


def _vector(x: Any, deg: int) -> tuple[list[int], int]:
    """An exact number as integer coefficients over a positive denominator."""
    if isinstance(x, AlgebraicReal):
        return list(x.n), x.den
    f = x if isinstance(x, Fraction) else Fraction(x)
    return [f.numerator] + [0] * (deg - 1), f.denominator


def _halfplane_sign(px: Any, py: Any, qx: Any, qy: Any, wx: Any, wy: Any) -> int:
    """The exact sign of :func:`_halfplane`; with algebraic coordinates computed on integer
    vectors over one denominator (two products, one reduction each, no intermediate
    field elements)."""
    args = (px, py, qx, qy, wx, wy)
    field = next((x.field for x in args if isinstance(x, AlgebraicReal)), None)
    if field is None:
        return _exact_sign(_halfplane(*args))
    deg = field.degree
    (a, ad), (b, bd), (c, cd), (e, ed), (f, fd), (g, gd) = (_vector(x, deg) for x in args)

    def diff(u: list[int], ud: int, v: list[int], vd: int) -> tuple[list[int], int]:
        return [x * vd - y * ud for x, y in zip(u, v, strict=True)], ud * vd

    def times(u: list[int], v: list[int]) -> list[int]:
        out = [0] * (2 * deg - 1)
        for i, x in enumerate(u):
            if x:
                for j, y in enumerate(v):
                    out[i + j] += x * y
        return out

    (sx, sxd), (wy_, wyd) = diff(c, cd, a, ad), diff(g, gd, b, bd)  # qx - px, wy - py
    (sy, syd), (wx_, wxd) = diff(e, ed, b, bd), diff(f, fd, a, ad)  # qy - py, wx - px
    m1, d1 = field._reduce_int(times(sx, wy_), sxd * wyd)
    m2, d2 = field._reduce_int(times(sy, wx_), syd * wxd)
    return field.sign([x * d2 - y * d1 for x, y in zip(m1, m2, strict=True)])  # d1, d2 > 0


def _halfplane(px: Any, py: Any, qx: Any, qy: Any, wx: Any, wy: Any) -> Any:
    """>= 0 iff ``w`` lies on the inner side of the counter-clockwise edge ``p -> q``."""
    return (qx - px) * (wy - py) - (qy - py) * (wx - px)


def _diff(a: Any, b: Any) -> Any:
    return a - b


def _cross_other(pi: Any, pj: Any, qi: Any, qj: Any, hi: Any) -> Any:
    """The other coordinate of the crossing of the edge ``p -> q`` with ``w_i = h_i``."""
    return pj + (hi - pi) * (qj - pj) / (qi - pi)


def _lin(u: tuple[Any, Any], w: tuple[Any, Any], one_minus_d: Any, d: Any) -> tuple[Any, Any]:
    return one_minus_d * u[0] + d * w[0], one_minus_d * u[1] + d * w[1]


def _continuation(x: Any, b: Fraction, d: Fraction) -> Any:
    """``(x - b) / d`` exactly, for ``x`` rational or algebraic: for ``x = N / den`` in a
    number field, one integer vector over one denominator (no intermediate elements)."""
    if not isinstance(x, AlgebraicReal):
        return (x - b) / d
    bn, bd, dn, dd = b.numerator, b.denominator, d.numerator, d.denominator
    scale = bd * dd
    vec = [c * scale for c in x.n]
    vec[0] -= bn * x.den * dd
    return _make(x.field, vec, x.den * bd * dn)


def verify_fixed(
    u: Sequence[tuple[Fraction, Fraction]],
    gain: Sequence[tuple[Fraction, Fraction]],
    V: Sequence[tuple[Any, Any]],
    d: Fraction,
    recipes: Sequence[tuple[int, tuple[Any, ...]]] | None = None,
) -> tuple[bool | None, bool] | None:
    """``(V ⊆ B(V), B(V) = V)`` decided exactly, for a polygon with at least 3 vertices
    (``None`` otherwise: the caller uses the general construction). The first entry is
    ``None`` when ``B(V) != V`` because some vertex is not generated by a single profile: it
    may still lie in ``B(V)`` as a lottery, which only the full construction decides.
    ``recipes`` (one ``(profile, tag)`` per vertex, tags as in
    :func:`gametheory.repeated._polygon.clip_quadrant`) are optional hints, each checked."""
    n = len(V)
    if n < 3:
        return None
    check = _Check(u, gain, V, d)
    if not check.vertices_generated(recipes if recipes is not None and len(recipes) == n else None):
        # Not every vertex is generated by a single profile, so B(V) != V; whether V ⊆ B(V)
        # anyway (a vertex as a lottery over profiles) needs the full construction.
        return None, False
    # B(V) ⊆ V
    for a in range(len(u)):
        exact_u = partial(check.Ux.__getitem__, a)
        signs = check.sides(check.Uf[a], exact_u)
        outer = [edge for edge, s in zip(check.edges, signs, strict=True) if s < 0]
        if not outer:
            continue
        if check.escapes(a, outer):
            return True, False
    return True, True


class _Corners:
    """The exact incentive corners ``h_a = (X[kmin_0][0] + r g_a[0], X[kmin_1][1] + r g_a[1])``,
    each computed on first use (most signs are decided by the float filter, without them)."""

    __slots__ = ("_cache", "_gain", "_r", "_w")

    def __init__(
        self, X: Sequence[tuple[Any, Any]], kmin: Sequence[int], r: Fraction, gain: Sequence[Any]
    ) -> None:
        self._w, self._r, self._gain = (X[kmin[0]][0], X[kmin[1]][1]), r, gain
        self._cache: dict[int, tuple[Any, Any]] = {}

    def __getitem__(self, a: int) -> tuple[Any, Any]:
        h = self._cache.get(a)
        if h is None:
            g, r, w = self._gain[a], self._r, self._w
            h = self._cache[a] = (w[0] + r * g[0], w[1] + r * g[1])
        return h


class _Check:
    """The polygon, the profiles' payoffs and incentive corners, exact (``X``, ``Hx``, ``Ux``)
    and as floats with error bounds (``F``, ``Hf``, ``Uf``), for :func:`verify_fixed`."""

    def __init__(
        self,
        u: Sequence[tuple[Fraction, Fraction]],
        gain: Sequence[tuple[Fraction, Fraction]],
        V: Sequence[tuple[Any, Any]],
        d: Fraction,
    ) -> None:
        n = self.n = len(V)
        r = (1 - d) / d
        X = self.X = [(p[0], p[1]) for p in V]
        F = self.F = [(_FE.of(p[0]), _FE.of(p[1])) for p in V]
        self.ex_d, self.ex_1d, self.fl_d, self.fl_1d = d, 1 - d, _FE.of(d), _FE.of(1 - d)
        kmin = []
        for i in (0, 1):
            best = 0
            for k in range(1, n):
                if _sign(_diff, (F[k][i], F[best][i]), (X[k][i], X[best][i])) < 0:
                    best = k
            kmin.append(best)
        fl_r = _FE.of(r)
        self.Hx = _Corners(X, kmin, r, gain)
        self.Hf = [
            (F[kmin[0]][0] + fl_r * _FE.of(g[0]), F[kmin[1]][1] + fl_r * _FE.of(g[1])) for g in gain
        ]
        self.Ux = [(a, b) for a, b in u]
        self.Uf = [(_FE.of(a), _FE.of(b)) for a, b in u]
        self.edges = [(k, (k + 1) % n) for k in range(n)]
        self.edge_floats = []  # per edge p -> q: q - p and p, values and error bounds
        for p, q in self.edges:
            ax, ay = F[q][0].v - F[p][0].v, F[q][1].v - F[p][1].v
            self.edge_floats.append(
                (
                    ax,
                    F[q][0].e + F[p][0].e + _U * abs(ax),
                    ay,
                    F[q][1].e + F[p][1].e + _U * abs(ay),
                    F[p][0].v,
                    F[p][0].e,
                    F[p][1].v,
                    F[p][1].e,
                )
            )
        self.generated: set[tuple[int, tuple[Any, ...]]] = set()  # checked recipes
        # the sign of q_i - p_i along each edge p -> q (the same for every profile)
        self.direction = [
            [_sign(_diff, (F[q][i], F[p][i]), (X[q][i], X[p][i])) for i in (0, 1)]
            for p, q in self.edges
        ]
        self._above: dict[int, list[list[int]]] = {}

    def above(self, a: int) -> list[list[int]]:
        """``above(a)[i][k]``: the exact sign of ``X[k][i] - h_a[i]`` (vertex ``k`` against
        profile ``a``'s incentive line ``i``), computed once per profile."""
        table = self._above.get(a)
        if table is None:
            F, X, Hx = self.F, self.X, self.Hx
            table = self._above[a] = [[0] * self.n, [0] * self.n]
            for i in (0, 1):
                h = self.Hf[a][i]
                hv, he = h.v, h.e
                row = table[i]
                for k in range(self.n):
                    f = F[k][i]
                    v = f.v - hv  # the _FE subtraction's value and bound, inlined
                    if abs(v) > 2 * (f.e + he + _U * abs(v)) and abs(v) < 1e300:
                        row[k] = 1 if v > 0 else -1
                    else:
                        row[k] = _exact_sign(X[k][i] - Hx[a][i])
        return table

    def side(self, p: int, wf: tuple[_FE, _FE], wx: Callable[[], Any]) -> int:
        """The exact sign of :func:`_halfplane` for the edge from vertex ``p`` and the point
        ``w`` (floats with error bounds ``wf``; ``wx`` returns it exact): the float value with
        the bound of the :class:`_FE` operations, from the edge's precomputed differences, and
        the exact value only when the float one is within twice its bound of zero."""
        w0, w1 = wf
        s = _float_side(self.edge_floats[p], w0.v, w0.e, w1.v, w1.e)
        if s:
            return s
        X, q, w = self.X, (p + 1) % self.n, wx()
        return _halfplane_sign(X[p][0], X[p][1], X[q][0], X[q][1], w[0], w[1])

    def sides(self, wf: tuple[_FE, _FE], wx: Callable[[], Any], stop: bool = False) -> list[int]:
        """:meth:`side` for every edge in one loop (the same float filter, the exact value
        only near a tie); with ``stop``, up to the first negative sign."""
        X, n = self.X, self.n
        w0, w1 = wf
        w0v, w0e, w1v, w1e = w0.v, w0.e, w1.v, w1.e
        out: list[int] = []
        for p, edge in enumerate(self.edge_floats):
            s = _float_side(edge, w0v, w0e, w1v, w1e)
            if not s:
                q, w = (p + 1) % n, wx()
                s = _halfplane_sign(X[p][0], X[p][1], X[q][0], X[q][1], w[0], w[1])
            out.append(s)
            if stop and s < 0:
                break
        return out

    def inside(self, wf: tuple[Any, Any], wx: Any) -> bool:
        """Whether ``w`` (floats ``wf``; ``wx`` returns it exact) lies in the polygon."""
        return min(self.sides(wf, wx, stop=True)) >= 0

    def at_least(self, wf: tuple[Any, Any], wx: Any, a: int) -> bool:
        """Whether ``w`` lies in the incentive quadrant of profile ``a``."""
        Hf, Hx = self.Hf, self.Hx
        return all(
            _sign(_diff, (wf[i], Hf[a][i]), lambda i=i: (wx()[i], Hx[a][i])) >= 0 for i in (0, 1)
        )

    def by_recipe(self, k: int, a: int, tag: tuple[Any, ...]) -> bool:
        """Whether profile ``a`` generates vertex ``k`` from the continuation that ``tag``
        names, admissibly (exact; recorded in ``generated`` when it does)."""
        X, Hx, Hf = self.X, self.Hx, self.Hf
        if not 0 <= a < len(self.Ux):
            return False
        u, d, one_d = self.Ux[a], self.ex_d, self.ex_1d
        c = (_continuation(X[k][0], one_d * u[0], d), _continuation(X[k][1], one_d * u[1], d))
        if tag[0] == "v" and 0 <= tag[1] < self.n:
            j = tag[1]
            above = self.above(a)
            ok = c == X[j] and above[0][j] >= 0 and above[1][j] >= 0
        elif tag[0] == "k":
            ok = c == Hx[a] and self.inside(Hf[a], lambda: Hx[a])
        elif tag[0] == "x" and tag[1] in (0, 1) and 0 <= tag[2] < self.n:
            i, p = tag[1], tag[2]
            q, j = (p + 1) % self.n, 1 - tag[1]
            s = self.direction[p][i]
            row = self.above(a)[i]
            ok = (
                s != 0
                and c[i] == Hx[a][i]
                and -row[p] * s >= 0
                and row[q] * s >= 0
                and not _halfplane_sign(
                    X[p][0], X[p][1], X[q][0], X[q][1], c[0], c[1]
                )  # on the line
                and c[j] >= Hx[a][j]
            )
        else:
            ok = False
        if ok:
            self.generated.add((a, tag))
        return bool(ok)

    def vertices_generated(self, recipes: Sequence[tuple[int, tuple[Any, ...]]] | None) -> bool:
        """V ⊆ B(V): each vertex is generated by some profile from a continuation in V ∩ Q_a
        (the vertex's recipe tried first, when ``recipes`` are given)."""
        X, F, Ux, Uf = self.X, self.F, self.Ux, self.Uf
        ex_d, ex_1d, fl_d, fl_1d = self.ex_d, self.ex_1d, self.fl_d, self.fl_1d
        for k in range(self.n):
            if recipes is not None and self.by_recipe(k, *recipes[k]):
                continue
            for a in range(len(Ux)):
                memo: list[Any] = []

                def cx(k: int = k, a: int = a, memo: list[Any] = memo) -> tuple[Any, Any]:
                    if not memo:
                        memo.append(
                            (
                                (X[k][0] - ex_1d * Ux[a][0]) / ex_d,
                                (X[k][1] - ex_1d * Ux[a][1]) / ex_d,
                            )
                        )
                    return memo[0]  # type: ignore[no-any-return]

                cf = ((F[k][0] - fl_1d * Uf[a][0]) / fl_d, (F[k][1] - fl_1d * Uf[a][1]) / fl_d)
                if self.at_least(cf, cx, a) and self.inside(cf, cx):
                    break
            else:
                return False
        return True

    def candidates(self, a: int) -> list[tuple[tuple[Any, Any], Any]]:
        """The extreme points of V ∩ Q_a: vertices in the quadrant, edge crossings of the two
        incentive lines (exact side built only when needed), the corner; without those that
        are the continuation of a checked recipe of ``a`` (they generate a vertex)."""
        X, F, Hx, Hf = self.X, self.F, self.Hx, self.Hf
        n, done = self.n, self.generated
        above = self.above(a)
        cands: list[tuple[tuple[Any, Any], Any]] = [
            (F[k], X[k])
            for k in range(n)
            if (a, ("v", k)) not in done and above[0][k] >= 0 and above[1][k] >= 0
        ]
        for p, q in self.edges:
            for i in (0, 1):
                j = 1 - i
                if (a, ("x", i, p)) in done:
                    continue
                s = self.direction[p][i]
                # the line w_i = h_i meets the edge where h_i - p_i and q_i - h_i have the sign s
                if s == 0 or above[i][p] * s > 0 or above[i][q] * s < 0:
                    continue
                fl_args = (F[p][i], F[p][j], F[q][i], F[q][j], Hf[a][i])

                def ex_args(p: int = p, q: int = q, i: int = i, j: int = j) -> tuple[Any, ...]:
                    return (X[p][i], X[p][j], X[q][i], X[q][j], Hx[a][i])

                if (
                    _sign(
                        lambda *z: _cross_other(*z[:5]) - z[5],
                        (*fl_args, Hf[a][j]),
                        lambda ex_args=ex_args, j=j: (*ex_args(), Hx[a][j]),
                    )
                    < 0
                ):
                    continue
                try:
                    of = _cross_other(*fl_args)
                except _Undecided:
                    of = _FE(float("nan"), float("inf"))
                wf = (Hf[a][0], of) if i == 0 else (of, Hf[a][1])
                cands.append((wf, ("x", i, ex_args)))
        if (a, ("k",)) not in done and self.inside(Hf[a], lambda a=a: Hx[a]):
            cands.append((Hf[a], ("k",)))
        return cands

    def escapes(self, a: int, outer: Sequence[tuple[int, int]]) -> bool:
        """Whether profile ``a`` generates, from some extreme point of V ∩ Q_a, a point outside
        one of the ``outer`` edges' half-planes."""
        Hx, Ux, Uf = self.Hx, self.Ux, self.Uf
        ex_d, ex_1d, fl_d, fl_1d = self.ex_d, self.ex_1d, self.fl_d, self.fl_1d
        for wf, wx in self.candidates(a):
            yf = _lin(Uf[a], wf, fl_1d, fl_d)
            memo2: list[Any] = []

            def yx(wx: Any = wx, a: int = a, memo: list[Any] = memo2) -> tuple[Any, Any]:
                if not memo:
                    if isinstance(wx[0], str):  # a crossing or the corner, built only when needed
                        if wx[0] == "k":
                            wx = Hx[a]
                        else:
                            o = _cross_other(*wx[2]())
                            wx = (Hx[a][0], o) if wx[1] == 0 else (o, Hx[a][1])
                    memo.append(_lin(Ux[a], wx, ex_1d, ex_d))
                return memo[0]  # type: ignore[no-any-return]

            for p, _q in outer:
                if self.side(p, yf, yx) < 0:
                    return True
        return False
