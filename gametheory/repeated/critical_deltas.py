r"""Critical discount factors of the subgame-perfect payoff set (two players, public randomization).

With public randomization the set :math:`V^*(\delta)` of pure-strategy SPE payoffs grows with
:math:`\delta` (Abreu, Pearce & Stacchetti 1990). Two discount factors describe its growth:

* ``first``: the smallest :math:`\delta` at which :math:`V^*` is larger than the hull of the pure
  stage-equilibrium payoffs (below it only stage play is self-enforcing);
* ``full``: the smallest :math:`\delta` at which :math:`V^*` is the whole feasible, (pure-minmax)
  individually rational set.

``full`` is exact (linear conditions in :math:`\delta`). ``first`` combines an exact bisection
on simple rationals (each step an exactly verified fixed point of
:func:`~gametheory.repeated.payoff_set.spe_payoff_set`) with the recipes of the last fixed point,
solved as functions of :math:`\delta` with sympy; see :func:`critical_deltas`.

References
----------
.. [APS1990] D. Abreu, D. Pearce, E. Stacchetti, "Toward a theory of discounted repeated games
   with imperfect monitoring", *Econometrica* 58(5), 1990, 1041-1063.
.. [AS2014] D. Abreu, Y. Sannikov, "An algorithm for two-player repeated games with perfect
   monitoring", *Theoretical Economics* 9, 2014, 313-338.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated import _polygon as geo
from gametheory.repeated._stage_data import _Stage, _stage, individually_rational_set
from gametheory.repeated.payoff_set import TOL, _apply, _evaluate, _iterate, _kmin

__all__ = ["CriticalDeltas", "critical_deltas"]


@dataclass(frozen=True)
class CriticalDeltas:
    """Critical discount factors of the SPE payoff set (monotone in delta).

    Attributes
    ----------
    first
        Smallest delta at which the set is larger than the hull of the pure stage-NE payoffs
        (sympy number; ``None`` if never).
    full
        Smallest delta at which the set is the whole feasible, (pure-minmax) individually
        rational set (sympy number, exact; ``None`` if at no delta < 1).
    first_float, full_float
        The same as floats.
    first_exact
        True when ``first`` is exactly verified from above (a verified self-generating set at
        ``first``) and the set equals the NE hull just below it (float outer iteration).
    method, diagnostics
        How the values were obtained.
    """

    first: sp.Expr | None
    full: sp.Expr | None
    first_float: float | None
    full_float: float | None
    first_exact: bool
    method: str
    diagnostics: tuple[str, ...] = ()


def _full_delta(st: _Stage, Vd: geo.Polygon) -> tuple[Fraction | None, list[str]]:
    """Exact smallest delta at which ``Vd`` (feasible ∩ IR) is self-generating."""
    m = (min(v[0] for v in Vd), min(v[1] for v in Vd))
    sets: list[list[tuple[Fraction, Fraction]]] = []
    for v in Vd:
        union = []
        for u, g in zip(st.u, st.gain, strict=True):
            rows = [
                (a * v[0] + b * v[1] - a * u[0] - b * u[1], a * u[0] + b * u[1] - c)
                for a, b, c in geo.halfplanes(Vd)
            ]  # delta*w in delta*Vd: p + q*delta <= 0
            rows += [(u[i] + g[i] - v[i], m[i] - u[i] - g[i]) for i in (0, 1)]  # IC
            lo, hi = Fraction(0), Fraction(1)
            for p, q in rows:
                if q == 0 and p > 0:
                    lo, hi = Fraction(1), Fraction(0)
                elif q > 0:
                    hi = min(hi, -p / q)
                elif q < 0:
                    lo = max(lo, -p / q)
            if lo <= hi and hi > 0 and lo < 1:
                union.append((lo, hi))
        sets.append(union)
    pts = sorted({e for union in sets for iv in union for e in iv} | {Fraction(0), Fraction(1)})

    def member(x: Fraction) -> bool:
        return all(any(lo <= x <= hi for lo, hi in union) for union in sets)

    pieces = [x for a, b in itertools.pairwise(pts) for x in (a, (a + b) / 2)]
    inside = [x for x in pieces if 0 < x < 1 and member(x)]
    if not inside:
        return None, ["the feasible IR set is self-generating at no delta < 1"]
    first = pts[max(k for k, p in enumerate(pts) if p <= inside[0])]
    notes = (
        []
        if all(member(x) for x in pieces if inside[0] <= x < 1)
        else ["the set of delta at which the feasible IR set is self-generating is not an interval"]
    )
    return first, notes


def _family(st: _Stage, V: geo.Polygon, d: Fraction) -> tuple[list[Any], list[Any]] | None:
    """Vertices of the fixed point ``V`` as functions of delta (same recipes), and the
    conditions ``e(delta) >= 0`` under which they stay a self-generating polygon."""
    _, recipes = _apply(st, V, d)
    t = sp.Symbol("delta", positive=True)
    n, kmin = len(V), _kmin(V)
    zs = [(sp.Symbol(f"x{k}"), sp.Symbol(f"y{k}")) for k in range(n)]
    sst = _Stage(
        tuple((sp.Rational(u[0]), sp.Rational(u[1])) for u in st.u),
        tuple((sp.Rational(g[0]), sp.Rational(g[1])) for g in st.gain),
        (),
        st.scale,
    )
    eqs = []
    for k, rec in enumerate(recipes):
        v = _evaluate(sst, zs, kmin, rec, t)
        eqs += [sp.numer(sp.together(zs[k][0] - v[0])), sp.numer(sp.together(zs[k][1] - v[1]))]
    unknowns = [c for z in zs for c in z]
    target = {
        c: sp.Rational(x) for z, p in zip(zs, V, strict=True) for c, x in zip(z, p, strict=True)
    }
    sols = [s for s in sp.solve(eqs, unknowns, dict=True) if len(s) == 2 * n]
    sols = [
        s
        for s in sols
        if all(sp.simplify(s[c].subs(t, sp.Rational(d)) - target[c]) == 0 for c in unknowns)
    ]
    if not sols:
        return None
    z = [(sp.cancel(sols[0][x]), sp.cancel(sols[0][y])) for x, y in zs]
    r = (1 - t) / t
    h_of = [
        (z[kmin[0]][0] + r * sst.gain[a][0], z[kmin[1]][1] + r * sst.gain[a][1])
        for a in range(len(st.u))
    ]
    conds = []
    for a, tag in recipes:
        h = h_of[a]
        if tag[0] == "v":
            conds += [z[tag[1]][0] - h[0], z[tag[1]][1] - h[1]]
        elif tag[0] == "x":
            i, p, q = tag[1], z[tag[2]], z[(tag[2] + 1) % n]
            s_ = (h[i] - p[i]) / (q[i] - p[i])
            conds += [s_, 1 - s_, p[1 - i] + s_ * (q[1 - i] - p[1 - i]) - h[1 - i]]
        else:
            conds += [
                (q[0] - p[0]) * (h[1] - p[1]) - (q[1] - p[1]) * (h[0] - p[0])
                for p, q in geo.edges(tuple(z))
            ]
    if n >= 3:
        conds += [
            (z[k][0] - z[k - 1][0]) * (z[(k + 1) % n][1] - z[k - 1][1])
            - (z[k][1] - z[k - 1][1]) * (z[(k + 1) % n][0] - z[k - 1][0])
            for k in range(n)
        ]
    return z, [sp.cancel(sp.together(c)) for c in conds]


def _lower_end(conds: list[Any], hi: Fraction) -> Any:
    """The lower end of the interval of delta in (0, hi] containing hi where all conds hold."""
    t = sp.Symbol("delta", positive=True)
    roots: set[Any] = set()
    for c in conds:
        for part in sp.fraction(c):
            if part.free_symbols:
                roots |= {r for r in sp.Poly(part, t).real_roots() if 0 < r < hi}
    ordered = [*sorted(roots, key=lambda r: float(r), reverse=True), sp.Integer(0)]
    upper: Any = sp.Rational(hi)
    for r in ordered:
        x = geo.simplest_rational(
            Fraction(float(r)) + Fraction(1, 10**12), Fraction(float(upper)) - Fraction(1, 10**12)
        )
        if not all(c.subs(t, sp.Rational(x)) >= 0 for c in conds):
            return upper
        upper = r
    return upper


def _decide(st: _Stage, d: Fraction, its: int) -> tuple[bool, geo.Polygon | None]:
    """Is V*(d) larger than the stage-NE hull? Also the exact fixed point, if one was verified
    (otherwise the answer comes from the float outer iterate)."""
    V, W, _, _ = _iterate(st, d, TOL, its, "fixed")
    if V is not None and not all(isinstance(c, Fraction) for p in V for c in p):
        # an exact algebraic fixed point: decided exactly, but the recipe family below is
        # solved for rational vertices only, so no exact V is handed on
        return not all(geo.contains(st.nash, v) for v in V), None
    if V is None:
        return bool(W) and geo.hausdorff(W, st.nash) > 1e-6 * st.scale, None
    return not all(geo.contains(st.nash, v) for v in V), V


def critical_deltas(stage: NormalFormGame, *, max_iterations: int = 1000) -> CriticalDeltas:
    """The smallest discount factors at which cooperation beyond stage play, and the whole
    feasible individually rational set, are subgame perfect.

    ``full`` is exact: the feasible IR set (vertices ``v``, half-planes ``n.x <= c``) is
    self-generating iff each vertex has a profile ``a`` with ``v - (1-delta) u(a)`` in
    ``delta`` times the set and ``v_i >= (1-delta)(u_i(a) + g_i(a)) + delta min_i``: linear in
    delta, so the set of such delta is a finite union of intervals with rational ends.

    ``first``: (i) bisect on simple rationals, each step an exact fixed point from
    :func:`spe_payoff_set`; (ii) at the smallest verified delta take the recipes of the fixed
    point, solve them with sympy for the vertices as functions of delta and find where one of
    the conditions that keep the polygon self-generating (continuations inside, incentive
    constraints, convexity) first fails, a root of a polynomial (a sympy algebraic number);
    (iii) check that just below that root (10^-6) the set is the stage-NE hull. The value is
    exact from above (a self-generating set exists there); the check below is numerical.
    When no exact fixed point is available near the threshold (irrational vertices, as in the
    Abreu–Sannikov example) the bisection runs on the float iterates to a bracket of width
    1e-7 and ``first`` is its upper end with ``first_exact=False``.

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> c = critical_deltas(pd)
    >>> c.first, c.full, c.first_exact
    (1/4, 1/2, True)
    """
    st = _stage(stage)
    Vd = individually_rational_set(stage)
    notes: list[str] = []
    if not Vd:
        msg = "no feasible payoff pair is individually rational: no pure-strategy SPE at any delta"
        return CriticalDeltas(None, sp.Integer(0), None, 0.0, True, "exact", (msg,))
    full, more = _full_delta(st, Vd)
    notes += more
    full_sp = None if full is None else sp.Rational(full)

    def done(first: Any, exact: bool, method: str) -> CriticalDeltas:
        ff = None if first is None else float(first)
        fl = None if full is None else float(full)
        return CriticalDeltas(first, full_sp, ff, fl, exact, method, tuple(notes))

    if all(geo.contains(st.nash, v) for v in Vd):
        notes.append("the feasible IR set is the stage-NE hull: nothing more is ever sustainable")
        return done(None, True, "exact")
    if full == 0:
        return done(sp.Integer(0), True, "exact")
    V_hi: geo.Polygon | None  # None: only a float iterate verified at hi so far
    hi, V_hi, lo = full, Vd, Fraction(0)
    if hi is None:
        for e in range(1, 11):
            ok, V = _decide(st, 1 - Fraction(1, 2**e), max_iterations)
            if ok:
                hi, V_hi = 1 - Fraction(1, 2**e), V
                break
        else:
            notes.append("the set is the stage-NE hull for every tested delta up to 1 - 2^-10")
            return done(None, False, "bisection")
    rounds = 0
    while V_hi is None or rounds < 8:  # bisection; float-only answers make it go on longer
        if hi - lo < Fraction(1, 10**7) or rounds > 60:
            notes.append(f"numerical only: V* grows beyond the NE hull in [{lo}, {hi}]")
            return done(sp.Rational(hi), False, "bisection")
        x = geo.simplest_rational(lo + (hi - lo) / 4, hi - (hi - lo) / 4)
        ok, V = _decide(st, x, max_iterations)
        hi, V_hi, lo = (x, V, lo) if ok else (hi, V_hi, x)
        rounds += 1
    for _ in range(4):
        fam = _family(st, V_hi, hi)
        if fam is None:
            notes.append(f"could not solve the recipe equations at delta = {hi}: upper bound only")
            return done(sp.Rational(hi), False, "bisection")
        L = _lower_end(fam[1], hi)
        below = geo.simplest_rational(
            Fraction(float(L)) - Fraction(2, 10**6), Fraction(float(L)) - Fraction(1, 10**6)
        )
        if below <= 0:
            return done(L, True, "structure")
        ok, V = _decide(st, below, max_iterations)
        if ok and V is not None:
            hi, V_hi = below, V
            continue
        if ok:
            notes.append(f"below delta = {L} the set is larger (float only): upper bound")
            return done(L, False, "bisection+structure")
        notes.append(
            f"set at delta = {L} is self-generating (recipes of the fixed point at {hi}); at "
            f"delta = {below} it equals the stage-NE hull"
            + ("" if V is not None else " (float outer iterate)")
        )
        return done(L, True, "bisection+structure")
    notes.append("the structure kept changing below the bound: upper bound only")
    return done(sp.Rational(hi), False, "bisection")
