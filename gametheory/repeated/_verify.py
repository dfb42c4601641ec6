r"""Exact check that a polygon is a fixed point of the APS / Abreu–Sannikov operator.

For a convex polygon :math:`V` (exact vertices, rational or algebraic) the check decides, with
exact signs, the two inclusions

* :math:`V \subseteq B(V)`: every vertex :math:`z` has a profile :math:`a` whose continuation
  :math:`c = (z - (1-\delta)u(a))/\delta` lies in :math:`V` and in the incentive quadrant
  :math:`c \ge h_a = \underline w + \tfrac{1-\delta}{\delta} g(a)`;
* :math:`B(V) \subseteq V`: for every profile :math:`a` and every edge of :math:`V` whose
  outer half-plane contains :math:`u(a)` strictly, every extreme point :math:`w` of
  :math:`V \cap \{w \ge h_a\}` (vertices in the quadrant, edge crossings of the two incentive
  lines, the corner) gives :math:`(1-\delta)u(a) + \delta w` inside that edge's half-plane.
  Edges with :math:`u(a)` inside need no check: :math:`V` is convex and :math:`w \in V`.

Together they say :math:`B(V) = V`. Every decision is the sign of a small expression in the
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
from typing import Any

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
        return _FE(v, 2 * _U * abs(v))

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
    (``ex`` is the exact argument list, or a function returning it)."""
    try:
        r = fn(*fl)
        if abs(r.v) > 2 * r.e and abs(r.v) < 1e300:
            return 1 if r.v > 0 else -1
    except (_Undecided, OverflowError, ZeroDivisionError):
        pass
    x = fn(*(ex() if callable(ex) else ex))
    return (x > 0) - (x < 0)


def _halfplane(px: Any, py: Any, qx: Any, qy: Any, wx: Any, wy: Any) -> Any:
    """>= 0 iff ``w`` lies on the inner side of the counter-clockwise edge ``p -> q``."""
    return (qx - px) * (wy - py) - (qy - py) * (wx - px)


def _diff(a: Any, b: Any) -> Any:
    return a - b


def _cross_other(pi: Any, pj: Any, qi: Any, qj: Any, hi: Any) -> Any:
    """The other coordinate of the crossing of the edge ``p -> q`` with ``w_i = h_i``."""
    return pj + (hi - pi) * (qj - pj) / (qi - pi)


def _lin(ux: Any, uy: Any, wx: Any, wy: Any, one_minus_d: Any, d: Any) -> tuple[Any, Any]:
    return one_minus_d * ux + d * wx, one_minus_d * uy + d * wy


def verify_fixed(
    u: Sequence[tuple[Fraction, Fraction]],
    gain: Sequence[tuple[Fraction, Fraction]],
    V: Sequence[tuple[Any, Any]],
    d: Fraction,
) -> tuple[bool, bool] | None:
    """``(V ⊆ B(V), B(V) = V)`` decided exactly, for a polygon with at least 3 vertices
    (``None`` otherwise: the caller uses the general construction)."""
    n = len(V)
    if n < 3:
        return None
    r = (1 - d) / d
    X = [(p[0], p[1]) for p in V]
    F = [(_FE.of(p[0]), _FE.of(p[1])) for p in V]
    ex_d, ex_1d, fl_d, fl_1d = d, 1 - d, _FE.of(d), _FE.of(1 - d)
    kmin = []
    for i in (0, 1):
        best = 0
        for k in range(1, n):
            if _sign(_diff, (F[k][i], F[best][i]), (X[k][i], X[best][i])) < 0:
                best = k
        kmin.append(best)
    fl_r = _FE.of(r)
    Hx = [(X[kmin[0]][0] + r * g[0], X[kmin[1]][1] + r * g[1]) for g in gain]
    Hf = [(F[kmin[0]][0] + fl_r * _FE.of(g[0]), F[kmin[1]][1] + fl_r * _FE.of(g[1])) for g in gain]
    Ux = [(a, b) for a, b in u]
    Uf = [(_FE.of(a), _FE.of(b)) for a, b in u]
    edges = [(k, (k + 1) % n) for k in range(n)]

    def inside(wf: tuple[Any, Any], wx: Any) -> bool:
        return all(
            _sign(_halfplane, (*F[p], *F[q], *wf), lambda p=p, q=q: (*X[p], *X[q], *wx())) >= 0
            for p, q in edges
        )

    def at_least(wf: tuple[Any, Any], wx: Any, a: int) -> bool:
        return all(
            _sign(_diff, (wf[i], Hf[a][i]), lambda i=i: (wx()[i], Hx[a][i])) >= 0 for i in (0, 1)
        )

    # V ⊆ B(V): each vertex is generated by some profile from a continuation in V ∩ Q_a
    sub = True
    for k in range(n):
        for a in range(len(u)):
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
            if at_least(cf, cx, a) and inside(cf, cx):
                break
        else:
            sub = False
            break
    if not sub:
        return False, False
    # B(V) ⊆ V
    for a in range(len(u)):
        outer = [
            (p, q)
            for p, q in edges
            if _sign(_halfplane, (*F[p], *F[q], *Uf[a]), (*X[p], *X[q], *Ux[a])) < 0
        ]
        if not outer:
            continue
        cands: list[tuple[tuple[Any, Any], Any]] = [
            (F[k], X[k]) for k in range(n) if at_least(F[k], lambda k=k: X[k], a)
        ]
        for p, q in edges:
            for i in (0, 1):
                j = 1 - i
                s = _sign(_diff, (F[q][i], F[p][i]), (X[q][i], X[p][i]))
                if s == 0:
                    continue
                lo = _sign(_diff, (Hf[a][i], F[p][i]), (Hx[a][i], X[p][i]))
                hi = _sign(_diff, (F[q][i], Hf[a][i]), (X[q][i], Hx[a][i]))
                if lo * s < 0 or hi * s < 0:
                    continue
                fl_args = (F[p][i], F[p][j], F[q][i], F[q][j], Hf[a][i])
                ex_args = (X[p][i], X[p][j], X[q][i], X[q][j], Hx[a][i])
                if (
                    _sign(
                        lambda *z: _cross_other(*z[:5]) - z[5],
                        (*fl_args, Hf[a][j]),
                        (*ex_args, Hx[a][j]),
                    )
                    < 0
                ):
                    continue
                try:
                    of = _cross_other(*fl_args)
                except _Undecided:
                    of = _FE(float("nan"), float("inf"))
                wf = (Hf[a][0], of) if i == 0 else (of, Hf[a][1])
                cands.append((wf, (i, ex_args)))
        if inside(Hf[a], lambda a=a: Hx[a]):
            cands.append((Hf[a], Hx[a]))
        for wf, wx in cands:
            yf = _lin(*Uf[a], *wf, fl_1d, fl_d)
            memo2: list[Any] = []

            def yx(wx: Any = wx, a: int = a, memo: list[Any] = memo2) -> tuple[Any, Any]:
                if not memo:
                    if isinstance(wx[0], int):  # an edge crossing, built only when needed
                        i, args = wx
                        o = _cross_other(*args)
                        wx = (Hx[a][0], o) if i == 0 else (o, Hx[a][1])
                    memo.append(_lin(*Ux[a], *wx, ex_1d, ex_d))
                return memo[0]  # type: ignore[no-any-return]

            for p, q in outer:
                if (
                    _sign(_halfplane, (*F[p], *F[q], *yf), lambda p=p, q=q: (*X[p], *X[q], *yx()))
                    < 0
                ):
                    return True, False
    return True, True
