r"""Exact subgame-perfect payoff sets of two-player repeated games with public randomization.

Model
-----
A finite two-player stage game ``u = (A, B)`` (row player's payoffs ``A[i][j]``, column player's
``B[i][j]``) is repeated forever with perfect monitoring of *pure* actions, a public randomization
device each period and a common discount factor :math:`\delta \in (0, 1)`; payoffs are normalised,
:math:`(1-\delta)\sum_t \delta^t u(a_t)`. For a compact convex set :math:`W` of continuation
values let :math:`\underline w_i = \min_{w \in W} w_i` and :math:`g_i(a)` the gain of player
:math:`i`'s best one-shot deviation from :math:`a`. The APS operator (Abreu, Pearce & Stacchetti
1990) with public randomization is

.. math::

   B(W) = \operatorname{co} \bigcup_a \{(1-\delta)u(a) + \delta w :\ w \in W,\
   w_i \ge \underline w_i + \tfrac{1-\delta}{\delta} g_i(a),\ i = 1, 2\},

and the set :math:`V^*` of pure-strategy SPE payoffs is its largest fixed point. ``B`` is
monotone and every self-generating set (:math:`W \subseteq B(W)`) lies in :math:`V^*`. For each
profile the admissible continuations are :math:`W` clipped by two axis-parallel lines, whose
extreme points are vertices of :math:`W`, the crossings of an edge of :math:`W` with a binding
incentive line, or the corner where both bind: the (at most four, plus vertices) points of
Abreu & Sannikov (2014).

Algorithm
---------
1. Iterate :math:`W_{k+1} = B(W_k)` in floats from the feasible set :math:`W_0 = \operatorname{co}
   u(A)`. The iterates decrease monotonically to :math:`V^*` (APS 1990), so each is an
   (approximate) *outer* bound of :math:`V^*`.
2. Snap: every vertex of :math:`B(W_k)` carries its recipe (profile; continuation = a vertex of
   :math:`W_k`, an edge crossing, or the corner). Either round the vertices to nearby small
   rationals, or solve the recipe equations :math:`z = F(z)` by Newton's method in 80-digit
   arithmetic and round that, giving an exact polygon :math:`V`.
3. Verify in exact ``Fraction`` arithmetic that :math:`B(V) = V`. Then :math:`V \subseteq V^*`
   exactly; with :math:`V^* \subseteq W_k` (step 1) and the Hausdorff gap between :math:`W_k`
   and :math:`V` below ``GAP_TOL`` this identifies :math:`V = V^*`. The upper bound is a float
   computation, so maximality is numerical, not a proof; ``exact`` means "verified fixed point
   within ``GAP_TOL`` of the outer iterate" and the gap is in ``diagnostics``. Fixed points with
   irrational vertices (the Abreu–Sannikov 2014 example) stay ``exact=False``.

Individual rationality uses the **pure** minmax :math:`\min_{a_{-i}} \max_{a_i} u_i`: the
opponent's action is pure after every public signal and observed, so a player can always best
respond period by period, and no pure-strategy SPE payoff is below it. The (smaller) mixed
minmax bounds equilibria in which mixed actions are played, which this model excludes.

References
----------
.. [APS1990] D. Abreu, D. Pearce, E. Stacchetti, "Toward a theory of discounted repeated games
   with imperfect monitoring", *Econometrica* 58(5), 1990, 1041-1063.
.. [AS2014] D. Abreu, Y. Sannikov, "An algorithm for two-player repeated games with perfect
   monitoring", *Theoretical Economics* 9, 2014, 313-338.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational
from typing import Any

import mpmath
import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated import _polygon as geo
from gametheory.solvers.adapter import exact_matrices

__all__ = [
    "GAP_TOL",
    "MAX_ITERATIONS",
    "TOL",
    "PayoffSet",
    "feasible_set",
    "individually_rational_set",
    "pure_minmax",
    "spe_payoff_set",
]

TOL = 1e-10
"""Default float convergence tolerance: Hausdorff distance of successive iterates / payoff scale."""
GAP_TOL = 1e-7
"""Largest accepted gap (relative to the payoff scale) between the float outer iterate and ``V``."""
MAX_ITERATIONS = 3000
"""Default cap on float APS iterations."""
_CHECK_EVERY = 20
_EPS = 1e-12  # float geometry tolerance, relative to the payoff scale

Point = tuple[Fraction, Fraction]
Recipe = tuple[int, tuple[Any, ...]]  # (profile index, ("v", k) | ("x", i, k) | ("k",))


@dataclass(frozen=True)
class _Stage:
    u: tuple[Point, ...]  # payoff pair of each pure profile, row-major
    gain: tuple[Point, ...]  # each player's best one-shot deviation gain at that profile
    nash: tuple[Point, ...]  # the canonical polygon of the pure stage-NE payoff points
    scale: float


def _stage(game: NormalFormGame) -> _Stage:
    if not isinstance(game, NormalFormGame):
        raise TypeError(f"expected a NormalFormGame, got {type(game).__name__}")
    a, b = exact_matrices(game)
    m, n = len(a), len(a[0])
    u, gain = [], []
    for i in range(m):
        for j in range(n):
            u.append((a[i][j], b[i][j]))
            gain.append((max(a[k][j] for k in range(m)) - a[i][j], max(b[i]) - b[i][j]))
    nash = geo.convex_hull([p for p, g in zip(u, gain, strict=True) if g == (0, 0)])
    scale = 1.0 + max(float(abs(x)) for p in u for x in p)
    return _Stage(tuple(u), tuple(gain), nash, scale)


def _delta(delta: Any) -> Fraction:
    if isinstance(delta, sp.Basic):
        if not delta.is_Rational:
            raise ScenarioError(f"delta must be a rational number, got {delta}")
        delta = Fraction(int(delta.p), int(delta.q))
    elif isinstance(delta, float):
        delta = Fraction(repr(delta))  # read floats through their decimal form: 0.9 is 9/10
    elif isinstance(delta, str):
        try:
            delta = Fraction(delta)
        except ValueError:
            raise ScenarioError(f"delta must be a number, got {delta!r}") from None
    elif not isinstance(delta, Rational):
        raise TypeError(f"delta must be a number, got {type(delta).__name__}")
    d = Fraction(delta)
    if not 0 < d < 1:
        raise ScenarioError(f"the discount factor must lie in (0, 1), got {d}")
    return d


def _step(st: _Stage, W: geo.Polygon, d: Any, eps: Any = 0) -> list[tuple[geo.Point, Recipe]]:
    """Candidate extreme points of ``B(W)`` with their recipes (exact when ``eps == 0``)."""
    if not W:
        return []
    r = (1 - d) / d
    m = (min(p[0] for p in W), min(p[1] for p in W))
    out: list[tuple[geo.Point, Recipe]] = []
    for a, (u, g) in enumerate(zip(st.u, st.gain, strict=True)):
        h = (m[0] + r * g[0], m[1] + r * g[1])
        for c, tag in geo.clip_quadrant(W, h, eps):
            out.append((((1 - d) * u[0] + d * c[0], (1 - d) * u[1] + d * c[1]), (a, tag)))
    return out


def _apply(st: _Stage, W: geo.Polygon, d: Any, eps: Any = 0) -> tuple[geo.Polygon, list[Recipe]]:
    cands = _step(st, W, d, eps)
    idx = geo.hull_indices([c[0] for c in cands], eps)
    return tuple(cands[i][0] for i in idx), [cands[i][1] for i in idx]


def _evaluate(st: _Stage, z: Sequence[Any], kmin: tuple[int, int], recipe: Recipe, d: Any) -> Any:
    """The point that ``recipe`` generates from vertices ``z`` (any number type)."""
    a, tag = recipe
    u, g, r = st.u[a], st.gain[a], (1 - d) / d
    h = (z[kmin[0]][0] + r * g[0], z[kmin[1]][1] + r * g[1])
    if tag[0] == "v":
        c = z[tag[1]]
    elif tag[0] == "k":
        c = h
    else:
        i, p, q = tag[1], z[tag[2]], z[(tag[2] + 1) % len(z)]
        other = p[1 - i] + (h[i] - p[i]) / (q[i] - p[i]) * (q[1 - i] - p[1 - i])
        c = (h[0], other) if i == 0 else (other, h[1])
    return ((1 - d) * u[0] + d * c[0], (1 - d) * u[1] + d * c[1])


def _kmin(W: Sequence[geo.Point]) -> tuple[int, int]:
    return tuple(min(range(len(W)), key=lambda k: W[k][i]) for i in (0, 1))  # type: ignore[return-value]


def _newton(st: _Stage, W: geo.Polygon, recipes: list[Recipe], d: Fraction) -> list[Any] | None:
    """Solve the recipe equations ``z = F(z)`` to 60 digits, starting from ``W``."""
    n, kmin = len(W), _kmin(W)

    def residual(*x: Any) -> list[Any]:
        z = [(x[2 * k], x[2 * k + 1]) for k in range(n)]
        out = []
        for k, rec in enumerate(recipes):
            v = _evaluate(st, z, kmin, rec, dm)
            out += [z[k][0] - v[0], z[k][1] - v[1]]
        return out

    with mpmath.workdps(80):
        dm = mpmath.mpf(d.numerator) / d.denominator
        x = mpmath.matrix([mpmath.mpf(c) for p in W for c in p])
        step = mpmath.mpf(10) ** -35
        for _ in range(12):  # Newton's method with a forward-difference Jacobian
            try:
                f = mpmath.matrix(residual(*x))
                J = mpmath.matrix(2 * n, 2 * n)
                for c in range(2 * n):
                    xc = x.copy()
                    xc[c] += step
                    fc = residual(*xc)
                    for r in range(2 * n):
                        J[r, c] = (fc[r] - f[r]) / step
                dx = mpmath.lu_solve(J, f)
            except (ZeroDivisionError, TypeError, ValueError):
                # A degenerate edge or a singular Jacobian (mpmath's LU pivoting gives up with a
                # TypeError when a column is all zero): no exact snap by Newton's method.
                return None
            x -= dx
            if mpmath.norm(dx) < mpmath.mpf(10) ** -60:
                break
        return list(x)


def _snap(
    st: _Stage, W: geo.Polygon, BW: geo.Polygon, recipes: list[Recipe], d: Fraction, diff: float
) -> Iterator[geo.Polygon]:
    """Exact candidate fixed points near the float iterate ``BW`` (cheapest first)."""
    err = max(1e-9 * st.scale, 1e3 * diff)
    yield geo.convex_hull([(geo.rationalize(p[0], err), geo.rationalize(p[1], err)) for p in BW])
    if len(W) == len(BW) and len(W) > 1 and geo.hausdorff(W, BW) < 1e-3 * st.scale:
        x = _newton(st, W, recipes, d)
        if x is not None:
            vals = [geo.rationalize(c, 1e-40 * st.scale) for c in x]
            yield geo.convex_hull([(vals[2 * k], vals[2 * k + 1]) for k in range(len(W))])


@dataclass(frozen=True)
class PayoffSet:
    """The pure-strategy SPE payoff set of a repeated game with public randomization.

    Attributes
    ----------
    delta
        The common discount factor.
    vertices
        Extreme points, counter-clockwise from the lexicographically smallest (one point: a
        point; two: a segment; none: no pure-strategy SPE exists).
    stage_equilibria
        Extreme points of the convex hull of the pure stage-NE payoff pairs.
    method
        ``"aps"``: APS iteration on polygons with an exact snap and verification.
    exact
        True when ``vertices`` is an exactly verified fixed point of ``B`` within ``GAP_TOL`` of
        the outer iterate (see the module docstring); otherwise the vertices are float values.
    iterations
        Float APS iterations run.
    diagnostics
        How the result was obtained (gap, snap method, convergence).

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> s = spe_payoff_set(pd, Fraction(1, 3))
    >>> print(s)
    {(1, 1), (4, 1), (1, 4)} at delta = 1/3 (exact)
    >>> s.area, s.contains((Fraction(2), Fraction(2))), s.max_nash_product((1, 1))
    (Fraction(9, 2), True, ((Fraction(5, 2), Fraction(5, 2)), Fraction(9, 4)))
    """

    delta: Fraction
    vertices: tuple[Point, ...]
    stage_equilibria: tuple[Point, ...]
    method: str
    exact: bool
    iterations: int
    diagnostics: tuple[str, ...] = ()

    def __str__(self) -> str:
        pts = ", ".join(
            f"({x}, {y})" for x, y in (self.vertices if self.exact else self.to_floats())
        )
        return f"{{{pts}}} at delta = {self.delta} ({'exact' if self.exact else 'float'})"

    def _repr_html_(self) -> str:
        from gametheory.report.notebook import payoff_set_html

        return payoff_set_html(self)

    def _repr_latex_(self) -> str:
        from gametheory.report.notebook import payoff_set_latex

        return payoff_set_latex(self)

    @property
    def is_point(self) -> bool:
        """Whether the set is a single point."""
        return len(self.vertices) == 1

    @property
    def area(self) -> Fraction:
        """The exact area (0 for a point or a segment)."""
        return Fraction(geo.area(self.vertices))

    def contains(self, v: Sequence[Any]) -> bool:
        """Whether the payoff pair ``v`` (exact numbers) lies in the set."""
        return geo.contains(self.vertices, (Fraction(v[0]), Fraction(v[1])))

    def to_floats(self) -> tuple[tuple[float, float], ...]:
        """The vertices as float pairs."""
        return tuple((float(x), float(y)) for x, y in self.vertices)

    def max_nash_product(self, d: Sequence[Any]) -> tuple[Point, Fraction]:
        """The point maximising ``(v1 - d1)(v2 - d2)`` over the set above ``d``, and the value.

        The product is maximised on the boundary of the clipped polygon; along an edge it is a
        quadratic in the edge parameter, so the maximum is exact and rational.

        Raises
        ------
        ScenarioError
            When no point of the set weakly exceeds the disagreement point ``d``.
        """
        d0, d1 = Fraction(d[0]), Fraction(d[1])
        pts = [c for c, _ in geo.clip_quadrant(self.vertices, (d0, d1))]
        poly = geo.convex_hull(pts)
        if not poly:
            raise ScenarioError(f"no payoff pair in the set is at least the disagreement point {d}")
        cands = list(poly)
        for p, q in geo.edges(poly):
            a, b, c, e = p[0] - d0, q[0] - p[0], p[1] - d1, q[1] - p[1]
            if b * e < 0:
                t = -(b * c + e * a) / (2 * b * e)
                if 0 < t < 1:
                    cands.append((p[0] + t * b, p[1] + t * e))
        best = max(cands, key=lambda v: (v[0] - d0) * (v[1] - d1))
        return (Fraction(best[0]), Fraction(best[1])), Fraction((best[0] - d0) * (best[1] - d1))


def _fixed(st: _Stage, V: geo.Polygon, d: Fraction) -> tuple[bool, bool]:
    """``(V ⊆ B(V), B(V) = V)``, decided exactly."""
    BV, _ = _apply(st, V, d)
    return all(geo.contains(BV, v) for v in V), BV == V


def _to_floats(W: geo.Polygon) -> geo.Polygon:
    return tuple((float(x), float(y)) for x, y in W)


def _iterate(
    st: _Stage, d: Fraction, tol: float, max_iterations: int, goal: str
) -> tuple[geo.Polygon | None, geo.Polygon, int, list[str]]:
    """Float APS iteration with snaps; returns ``(exact V or None, float iterate, k, notes)``.

    ``goal="fixed"`` accepts an exact fixed point within ``GAP_TOL`` of the outer iterate;
    ``goal="nontrivial"`` accepts any exactly self-generating set larger than the stage-NE hull.
    """
    eps, df = _EPS * st.scale, float(d)
    fst = _Stage(_to_floats(st.u), _to_floats(st.gain), st.nash, st.scale)
    W = geo.convex_hull(fst.u, eps)
    notes: list[str] = []
    found: list[geo.Polygon] = []  # exact fixed points met so far (inner bounds of V*)
    tried: set[Any] = set()
    diff = math.inf
    for k in range(1, max_iterations + 1):
        BW, recipes = _apply(fst, W, df, eps)
        if not BW:
            return None, (), k, notes
        if len(W) == len(BW):
            diff = max(
                abs(c - e) for p, q in zip(W, BW, strict=True) for c, e in zip(p, q, strict=True)
            )
        else:
            diff = geo.hausdorff(W, BW)
        last = diff <= tol * st.scale or k == max_iterations
        if k % _CHECK_EVERY == 0 or last:
            key = (len(BW), tuple(recipes))
            fresh = [] if key in tried and not last else list(_snap(st, W, BW, recipes, d, diff))
            tried.add(key)
            for V in fresh:
                sub, eq = _fixed(st, V, d)
                if goal == "nontrivial" and sub and not all(geo.contains(st.nash, v) for v in V):
                    return V, BW, k, notes
                if eq and V not in found:
                    found.append(V)
            for V in found:
                gap = geo.hausdorff(BW, V)
                if goal == "fixed" and gap <= GAP_TOL * st.scale:
                    notes.append(f"B(V) = V verified exactly; outer float iterate within {gap:.1e}")
                    return V, BW, k, notes
            if goal == "nontrivial" and geo.hausdorff(BW, st.nash) <= tol * st.scale:
                return None, BW, k, notes
        W = BW
        if diff <= tol * st.scale:
            break
    state = "converged" if diff <= tol * st.scale else f"stopped after {max_iterations} iterations"
    notes.append(f"float iteration {state} (last step {diff:.1e}); no exact fixed point verified")
    if found:
        gaps = ", ".join(f"{geo.hausdorff(W, V):.1e}" for V in found)
        notes.append(f"exact fixed points found (inner bounds) at distances {gaps}")
    return None, geo.convex_hull(W, 1e-8 * st.scale), k, notes


def spe_payoff_set(
    stage: NormalFormGame,
    delta: Any,
    *,
    tol: float | None = None,
    max_iterations: int = MAX_ITERATIONS,
) -> PayoffSet:
    """The set of pure-strategy SPE payoffs with public randomization, exact where verifiable.

    Parameters
    ----------
    stage
        A two-player stage game with rational payoffs.
    delta
        The common discount factor in (0, 1): an int, ``Fraction``, sympy ``Rational``, a
        decimal string, or a float (read through its decimal representation: 0.9 is 9/10).
    tol
        Float convergence tolerance relative to the payoff scale (default :data:`TOL`).
    max_iterations
        Cap on float APS iterations.

    Returns
    -------
    PayoffSet
        ``exact=True`` when the vertices are an exactly verified fixed point of the APS
        operator (see the module docstring for what that does and does not prove).

    Raises
    ------
    ScenarioError
        When ``delta`` is not in (0, 1).
    UnsupportedGameError
        When a payoff is symbolic or irrational.

    Examples
    --------
    The prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0): only the stage equilibrium below
    delta = 1/4, the whole feasible individually rational set from delta = 1/2.

    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> spe_payoff_set(pd, Fraction(1, 5)).vertices
    ((Fraction(1, 1), Fraction(1, 1)),)
    >>> print(spe_payoff_set(pd, "0.9"))
    {(1, 1), (13/3, 1), (3, 3), (1, 13/3)} at delta = 9/10 (exact)
    """
    st, d = _stage(stage), _delta(delta)
    tol = TOL if tol is None else float(tol)
    if not tol > 0 or max_iterations < 1:
        raise ScenarioError("tol must be positive and max_iterations at least 1")
    full = individually_rational_set(stage)
    if len(full) >= 1 and _fixed(st, full, d)[0]:
        # Every SPE payoff lies in the feasible, individually rational set; when that set is
        # self-generating (checked exactly) it is therefore the whole SPE payoff set. This also
        # spares the float iteration, which converges like delta**k, near delta = 1.
        note = (
            "the feasible, individually rational set is self-generating at this delta "
            "(checked exactly), so it is the whole SPE payoff set"
        )
        return PayoffSet(d, full, st.nash, "aps", True, 0, (note,))
    V, W, k, notes = _iterate(st, d, tol, max_iterations, "fixed")
    if k >= max_iterations and V is None:
        notes = [
            *notes,
            f"the float iteration did not converge in {max_iterations} steps: the "
            "vertices are an outer approximation, not the set",
        ]
    if V is None and not W:
        V, notes = _empty_proof(st, d, k)
    if V is not None:
        return PayoffSet(d, V, st.nash, "aps", True, k, tuple(notes))
    approx = tuple((Fraction(x), Fraction(y)) for x, y in W)
    return PayoffSet(d, approx, st.nash, "aps", False, k, tuple(notes))


def _empty_proof(st: _Stage, d: Fraction, k: int) -> tuple[geo.Polygon | None, list[str]]:
    W = geo.convex_hull(list(st.u))
    for j in range(1, min(k, 60) + 1):
        W, _ = _apply(st, W, d)
        if not W:
            return (), [f"no pure-strategy SPE: B^{j}(feasible set) is empty (exact)"]
    return None, ["the float iterate became empty, but the exact iterates did not (yet)"]


def feasible_set(stage: NormalFormGame) -> tuple[Point, ...]:
    """The convex hull of the stage payoff pairs, exact and counter-clockwise.

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [tuple(map(str, v)) for v in feasible_set(pd)]
    [('0', '5'), ('1', '1'), ('5', '0'), ('3', '3')]
    """
    return geo.convex_hull(list(_stage(stage).u))


def pure_minmax(stage: NormalFormGame) -> Point:
    """Each player's pure minmax ``min_{a_-i} max_{a_i} u_i(a_i, a_-i)`` (from
    :func:`gametheory.repeated.minmax.minmax`)."""
    from gametheory.repeated.minmax import minmax

    return minmax(stage, 0).pure, minmax(stage, 1).pure


def individually_rational_set(
    stage: NormalFormGame, minmax: Sequence[Any] | None = None
) -> tuple[Point, ...]:
    """The feasible set intersected with ``{v : v >= minmax}`` (default: the **pure** minmax).

    The pure minmax is the right bound for the APS/Abreu–Sannikov set: actions are pure and
    observed, so each player can best respond to the opponent's action in every period and no
    pure-strategy SPE gives less; the closure of the SPE set tends to this set as delta -> 1.
    Pass the mixed minmax (``gametheory.lp.maximin_mixed``) for the mixed-strategy folk theorem.

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [tuple(map(str, v)) for v in individually_rational_set(pd)]
    [('1', '1'), ('13/3', '1'), ('3', '3'), ('1', '13/3')]
    """
    m = pure_minmax(stage) if minmax is None else (Fraction(minmax[0]), Fraction(minmax[1]))
    return geo.convex_hull([c for c, _ in geo.clip_quadrant(feasible_set(stage), m)])


def __getattr__(name: str) -> Any:
    # critical_deltas and CriticalDeltas moved to gametheory.repeated.critical_deltas; they are
    # still importable from here (lazily: that module imports this one).
    if name in ("critical_deltas", "CriticalDeltas"):
        from gametheory.repeated import critical_deltas as _module

        return getattr(_module, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
