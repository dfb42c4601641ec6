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
1. Iterate :math:`W_{k+1} = B(W_k)` in floats from the feasible, individually rational set
   :math:`W_0` (it contains :math:`V^*`), all profiles at once
   (:mod:`gametheory.repeated._float_aps`). ``B`` is monotone, so the iterates decrease to
   :math:`V^*` (APS 1990) and each is an (approximate) *outer* bound of :math:`V^*`.
2. Solve: once the iterate settles, every vertex carries its generator (profile; continuation =
   a vertex, an edge crossing, or the corner). The generator equations are linear except one
   bilinear equation per edge crossing; the linear ones, scaled to integer coefficients, are
   eliminated exactly (integer forms over one denominator), the rest put in shape form by
   elimination over :math:`\mathbb Z[t]` once one unknown :math:`t` is fixed
   (:mod:`gametheory.repeated._linearize`) or by a lexicographic Gröbner basis
   (:mod:`gametheory.repeated._fixed_point`). The vertices come out rational or in one field
   :math:`\mathbb Q(\alpha)` (:class:`~gametheory.repeated._algebraic.AlgebraicReal`).
   Rounding the vertices to nearby small rationals is tried as well.
3. Verify exactly that :math:`B(V) = V` (:mod:`gametheory.repeated._verify`: exact signs behind a
   float filter with a running error bound; the generators are hints, each checked). Then
   :math:`V \subseteq V^*` exactly; with :math:`V^* \subseteq W_k` (step 1) and the Hausdorff
   gap between :math:`W_k` and :math:`V` below ``GAP_TOL`` this identifies :math:`V = V^*`. The
   upper bound is a float computation, so maximality is numerical, not a proof; ``exact``
   means "verified fixed point within ``GAP_TOL`` of the outer iterate" and the gap is in
   ``diagnostics``. Irrational vertices (the Abreu–Sannikov 2014 example) are exact algebraic
   numbers, printed as ``root(p, k)``.

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
from typing import Any

from gametheory.display import payoff_set_html, payoff_set_latex
from gametheory.exceptions import ScenarioError
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated import _polygon as geo
from gametheory.repeated._algebraic import AlgebraicReal
from gametheory.repeated._fixed_point import solve_recipes_aligned
from gametheory.repeated._float_aps import FloatStep, hausdorff_up_to, hull_small, step_size
from gametheory.repeated._stage_data import (
    _delta,
    _ir_start,
    _Stage,
    _stage,
    feasible_set,
    individually_rational_set,
    pure_minmax,
    require_float_range,
)
from gametheory.repeated._verify import verify_fixed

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


def _step(st: _Stage, W: geo.Polygon, d: Any, eps: Any = 0) -> list[tuple[geo.Point, Recipe]]:
    """Candidate extreme points of ``B(W)`` with their recipes (exact when ``eps == 0``)."""
    if not W:
        return []
    r = (1 - d) / d
    m = (min(p[0] for p in W), min(p[1] for p in W))
    out: list[tuple[geo.Point, Recipe]] = []
    planes = geo.halfplanes(W) if eps else None  # the exact clip has its own integer path
    # In floats, a corner beyond the bounding box by far more than the tolerances has an empty
    # quadrant (as in apply_float_small): skipping it changes nothing but the time.
    far = (max(p[0] for p in W), max(p[1] for p in W), 1e6 * eps * (1 + st.scale)) if eps else None
    for a, (u, g) in enumerate(zip(st.u, st.gain, strict=True)):
        h = (m[0] + r * g[0], m[1] + r * g[1])
        if far is not None and (h[0] > far[0] + far[2] or h[1] > far[1] + far[2]):
            continue
        for c, tag in geo.clip_quadrant(W, h, eps, planes):
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


def _active_recipes(fst: _Stage, V: geo.Polygon, df: float, diff: float) -> list[list[Recipe]]:
    """Candidate recipe lists for the vertices of the float polygon ``V`` (one per vertex).

    The first list takes, for each vertex, the nearest candidate point of ``B(V)``; the second
    prefers, among candidates within the float error, a vertex continuation to the corner and
    the corner to an edge crossing (fewer bilinear equations).
    """
    cands = _step(fst, V, df, _EPS * fst.scale)
    near_tol = 1e-9 * fst.scale + 100 * diff
    nearest: list[Recipe] = []
    simple: list[Recipe] = []
    for v in V:
        if not cands:
            return []
        dist = [max(abs(p[0] - v[0]), abs(p[1] - v[1])) for p, _ in cands]
        best = min(range(len(cands)), key=dist.__getitem__)
        if dist[best] > 1e-5 * fst.scale:
            return []
        nearest.append(cands[best][1])
        close = [i for i in range(len(cands)) if dist[i] <= max(near_tol, dist[best])]
        simple.append(cands[min(close, key=lambda i: ("vkx".index(cands[i][1][1][0]), dist[i]))][1])
    return [nearest] if simple == nearest else [nearest, simple]


def _snap(
    st: _Stage, fst: _Stage, BW: geo.Polygon, d: Fraction, diff: float, seen: set[Any]
) -> Iterator[tuple[geo.Polygon, list[Recipe] | None]]:
    """Exact candidate fixed points near the float iterate ``BW`` (cheapest first).

    First the vertices rounded to nearby small rationals; then the exact solution of the
    equations of the active generators (:func:`~gametheory.repeated._fixed_point.solve_recipes`),
    rational or algebraic, with its recipes as hints for the check. The caller verifies
    each candidate exactly.
    """
    err = max(1e-9 * st.scale, 1e3 * diff)
    if diff <= 1e-9 * st.scale:
        rounded = [(geo.rationalize(p[0], err), geo.rationalize(p[1], err)) for p in BW]
        yield geo.convex_hull(rounded), None
    # points on an edge up to rounding are not vertices
    V = tuple(hull_small(list(BW), 1e-9 * st.scale + 10 * diff))  # geo.convex_hull, in floats
    for recipes in _active_recipes(fst, V, float(d), diff):
        key = (len(V), tuple(recipes))
        if key in seen:
            continue
        exact, aligned = solve_recipes_aligned(
            st.u, st.gain, V, recipes, d, 1e-6 * st.scale + 1e3 * diff
        )
        if exact is not None or diff <= 1e-9 * st.scale:
            seen.add(key)  # solved, or failed for a reason other than a rough float iterate
        if exact is not None:
            yield exact, aligned


@dataclass(frozen=True)
class PayoffSet:
    """The pure-strategy SPE payoff set of a repeated game with public randomization.

    Attributes
    ----------
    delta
        The common discount factor.
    vertices
        Extreme points, counter-clockwise from the lexicographically smallest (one point: a
        point; two: a segment; none: no pure-strategy SPE exists). Coordinates are ``Fraction``
        or, when irrational, :class:`~gametheory.repeated._algebraic.AlgebraicReal` (exact;
        ``float()`` and ``sympy.sympify()`` convert them).
    stage_equilibria
        Extreme points of the convex hull of the pure stage-NE payoff pairs.
    method
        ``"aps"``: APS iteration on polygons, the exact fixed point of its generators, and an
        exact verification.
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
        return payoff_set_html(self)

    def _repr_latex_(self) -> str:
        return payoff_set_latex(self)

    @property
    def is_point(self) -> bool:
        """Whether the set is a single point."""
        return len(self.vertices) == 1

    @property
    def area(self) -> Any:
        """The exact area (0 for a point or a segment): a ``Fraction``, or an algebraic number
        when the vertices are irrational."""
        return _exact(geo.area(self.vertices))

    def contains(self, v: Sequence[Any]) -> bool:
        """Whether the payoff pair ``v`` (exact numbers) lies in the set."""
        return geo.contains(self.vertices, (_exact(v[0]), _exact(v[1])))

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
        return (_exact(best[0]), _exact(best[1])), _exact((best[0] - d0) * (best[1] - d1))


def _exact(x: Any) -> Any:
    """``x`` as a ``Fraction``, or unchanged when it is an irrational algebraic number."""
    if isinstance(x, AlgebraicReal):
        return x.c[0] if x.is_rational else x
    return Fraction(x)


def _fixed(
    st: _Stage,
    V: geo.Polygon,
    d: Fraction,
    need_sub: bool = True,
    recipes: Sequence[Recipe] | None = None,
) -> tuple[bool, bool]:
    """``(V ⊆ B(V), B(V) = V)``, decided exactly (the first entry may be ``False`` without
    proof when ``need_sub`` is false and ``B(V) != V``); ``recipes``, when given, are hints
    (each is checked exactly before it is used)."""
    quick = verify_fixed(st.u, st.gain, V, d, recipes)
    if quick is not None and (quick[0] is not None or not need_sub):
        return bool(quick[0]), quick[1]
    BV, _ = _apply(st, V, d)
    return all(geo.contains(BV, v) for v in V), BV == V


def _float_image(st: _Stage, V: geo.Polygon, d: Any) -> tuple[geo.Polygon, geo.Polygon]:
    """``V`` and ``B(V)`` in floats."""
    W = _to_floats(V)
    return W, FloatStep(_to_floats(st.u), _to_floats(st.gain), float(d), _EPS * st.scale)(W)


def _may_self_generate(st: _Stage, V: geo.Polygon, d: Fraction) -> tuple[bool, geo.Polygon | None]:
    """False when ``V ⊆ B(V)`` clearly fails in floats (a vertex more than ``1e-9`` of the
    scale outside the float ``B(V)``), and that float ``B(V)`` (``None`` when not computed).
    Only a shortcut: a false answer sends the caller to the general iteration, never to a wrong
    exact claim."""
    if len(V) < 3:
        return True, None
    W, BW = _float_image(st, V, d)
    if not BW:
        return False, BW
    tol = 1e-9 * st.scale
    for i in (0, 1):  # the extreme vertices of W first: a shrunk bounding box rejects at once
        if min(p[i] for p in BW) > min(p[i] for p in W) + tol:
            return False, BW
        if max(p[i] for p in BW) < max(p[i] for p in W) - tol:
            return False, BW
    return all(geo.distance_to(BW, v) <= tol for v in W), BW


def _float_fixed(fst: _Stage, V: geo.Polygon, df: float) -> bool:
    """Whether ``B(V)`` is within float error of ``V`` (a filter before the exact check)."""
    W, BW = _float_image(fst, V, df)
    return bool(BW) and geo.hausdorff(W, BW) <= 1e-8 * fst.scale


def _to_floats(W: geo.Polygon) -> geo.Polygon:
    return tuple((float(x), float(y)) for x, y in W)


def _iterate(
    st: _Stage,
    d: Fraction,
    tol: float,
    max_iterations: int,
    goal: str,
    start: geo.Polygon | None = None,
    first: geo.Polygon | None = None,
) -> tuple[geo.Polygon | None, geo.Polygon, int, list[str]]:
    """Float APS iteration with snaps; returns ``(exact V or None, float iterate, k, notes)``.

    ``goal="fixed"`` accepts an exact fixed point within ``GAP_TOL`` of the outer iterate;
    ``goal="nontrivial"`` accepts any exactly self-generating set larger than the stage-NE hull.
    ``first``, when given, is the float ``B(start)`` already computed (the first iterate).
    """
    require_float_range(st)
    eps, df = _EPS * st.scale, float(d)
    fst = _Stage(_to_floats(st.u), _to_floats(st.gain), st.nash, st.scale)
    step = FloatStep(_to_floats(st.u), _to_floats(st.gain), df, eps)
    # Start from the feasible, individually rational set: it contains V*, so the iterates stay
    # outer bounds, and they are closer to V* than those from the feasible set.
    start = _ir_start(st) if start is None else start
    W: geo.Polygon = _to_floats(start) if start else geo.convex_hull(fst.u, eps)
    notes: list[str] = []
    found: list[geo.Polygon] = []  # exact fixed points met so far (inner bounds of V*)
    tried: set[Any] = set()  # candidate polygons already checked
    solved: set[Any] = set()  # generator systems already solved exactly
    diff = last_gap = math.inf
    closing = False  # whether the gap to a found fixed point shrank in the last step
    for k in range(1, max_iterations + 1):
        BW: geo.Polygon = first if k == 1 and first is not None else step(W)
        if not BW:
            return None, (), k, notes
        bound = math.inf if k % _CHECK_EVERY == 0 or k == max_iterations else 1e-6 * st.scale
        diff = step_size(W, BW, max(bound, tol * st.scale))  # exact where it decides something
        last = diff <= tol * st.scale or k == max_iterations
        # Solve for the exact fixed point as soon as the generators have settled (each system
        # once), and round to small rationals at regular checks (skipped while closing in).
        regular = k % _CHECK_EVERY == 0 and not closing
        if last or regular or (not found and diff <= 1e-6 * st.scale):
            for V, hints in _snap(st, fst, BW, d, diff, solved):
                if V in tried:
                    continue
                tried.add(V)
                if goal == "fixed" and hints is None and not _float_fixed(fst, V, df):
                    continue  # cheap rejection: not even a fixed point in floats (a solved
                    # candidate goes straight to the exact check, whose float filter is as fast)
                sub, eq = _fixed(st, V, d, need_sub=goal != "fixed", recipes=hints)
                if goal == "nontrivial" and sub and not all(geo.contains(st.nash, v) for v in V):
                    return V, BW, k, notes
                if eq and V not in found:
                    found.append(V)
            if goal == "nontrivial" and geo.hausdorff(BW, st.nash) <= tol * st.scale:
                return None, BW, k, notes
        gap_list: list[float] = []
        bound = GAP_TOL * st.scale  # exact distances only where they decide acceptance
        for V in found:  # the outer iterate closes in on a verified fixed point
            gap = hausdorff_up_to(BW, _to_floats(V), bound)
            if goal == "fixed" and gap <= GAP_TOL * st.scale:
                notes.append(f"B(V) = V verified exactly; outer float iterate within {gap:.1e}")
                return V, BW, k, notes
            gap_list.append(gap)
        closing = bool(gap_list) and min(gap_list) < last_gap
        last_gap = min(gap_list, default=math.inf)
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
    require_float_range(st)
    tol = TOL if tol is None else float(tol)
    if not tol > 0 or max_iterations < 1:
        raise ScenarioError("tol must be positive and max_iterations at least 1")
    full = _ir_start(st)  # the feasible IR set, as individually_rational_set(stage)
    may, first = _may_self_generate(st, full, d) if full else (False, None)
    if may and _fixed(st, full, d)[0]:
        # Every SPE payoff lies in the feasible, individually rational set; when that set is
        # self-generating (checked exactly) it is therefore the whole SPE payoff set. This also
        # spares the float iteration, which converges like delta**k, near delta = 1.
        note = (
            "the feasible, individually rational set is self-generating at this delta "
            "(checked exactly), so it is the whole SPE payoff set"
        )
        return PayoffSet(d, full, st.nash, "aps", True, 0, (note,))
    V, W, k, notes = _iterate(st, d, tol, max_iterations, "fixed", full, first)
    if k >= max_iterations and V is None:
        notes = [
            *notes,
            f"the float iteration did not converge in {max_iterations} steps: the "
            "vertices are an outer approximation, not the set",
        ]
    if V is None and not W:
        V, notes = _empty_proof(st, d, k)
    if V is not None:
        V = tuple((_exact(x), _exact(y)) for x, y in V)  # rational coordinates as Fractions
        return PayoffSet(d, V, st.nash, "aps", True, k, tuple(notes))
    approx = tuple((Fraction(x), Fraction(y)) for x, y in W)
    return PayoffSet(d, approx, st.nash, "aps", False, k, tuple(notes))


def _empty_proof(st: _Stage, d: Fraction, k: int) -> tuple[geo.Polygon | None, list[str]]:
    W = _ir_start(st)  # contains V*, like the float iteration's start
    if not W:
        return (), ["no pure-strategy SPE: the feasible individually rational set is empty (exact)"]
    for j in range(1, min(k + 5, 60) + 1):
        W, _ = _apply(st, W, d)
        if not W:
            return (), [
                f"no pure-strategy SPE: B^{j}(feasible individually rational set) is empty (exact)"
            ]
    return None, ["the float iterate became empty, but the exact iterates did not (yet)"]
