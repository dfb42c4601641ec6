"""Exact two-player bargaining: Nash, weighted Nash, Kalai–Smorodinsky and Rubinstein.

Definitions
-----------
A bargaining problem ``(S, d)``: a closed convex set ``S`` of utility pairs ``(u1, u2)`` (player 0
first) and a disagreement point ``d``; its individually rational (IR) part is ``{u in S: u >= d}``,
which must contain a point with ``u > d``. ``S`` is given as

* :meth:`BargainingProblem.from_points`: the **comprehensive** convex hull of the points,
  ``{x : x <= y for some y in conv(points)}`` (free disposal). The Nash solutions and the ideal point
  of ``conv(points)`` and of its comprehensive hull coincide (a Nash maximizer with positive gains is
  strongly Pareto optimal, and such points of the comprehensive hull lie in ``conv(points)``); free
  disposal makes Kalai–Smorodinsky well defined. :meth:`~BargainingProblem.from_frontier` with a
  point list: the same set below a concave, non-increasing piecewise-linear frontier.
* :meth:`~BargainingProblem.from_frontier` with a sympy expression: ``{u1 in [lo, hi], u2 <= f(u1)}``
  for ``f`` decreasing and concave; ``f``, ``d`` and the weights may contain parameter symbols.

The weighted Nash solution, weights ``(w1, w2)`` and ``alpha = w1 / (w1 + w2)``, is the unique
``argmax (u1 - d1)**alpha (u2 - d2)**(1 - alpha)`` over the IR part [Nash1950]_ [Kalai1977]_. On a
frontier segment whose line meets ``u1 = d1`` at ``A`` and ``u2 = d2`` at ``B`` the maximizer is
``A + alpha (B - A)`` (``t**alpha (1 - t)**(1 - alpha)`` peaks at ``t = alpha``), clipped to the
segment: the midpoint of the IR endpoints for ``alpha = 1/2``. Every segment is checked, so polygon
answers are exact. A smooth frontier is solved from the first-order condition
``alpha (f - d2) + (1 - alpha) f'(u1) (u1 - d1) = 0``.

Kalai–Smorodinsky [KS1975]_: with the ideal point ``I_i = max{u_i : u in S, u >= d}``, the maximal
point of ``S`` on the segment from ``d`` to ``I``. Rubinstein [Rubinstein1982]_: see
:func:`rubinstein`.

Numbers come back as :class:`~fractions.Fraction` when rational, else as exact sympy expressions.

References
----------
.. [Nash1950] J. Nash, "The bargaining problem", *Econometrica* 18(2), 1950, 155-162.
.. [Kalai1977] E. Kalai, "Nonsymmetric Nash solutions and replications of 2-person bargaining",
   *Int. J. Game Theory* 6(3), 1977, 129-133.
.. [KS1975] E. Kalai and M. Smorodinsky, "Other solutions to Nash's bargaining problem",
   *Econometrica* 43(3), 1975, 513-518.
.. [Rubinstein1982] A. Rubinstein, "Perfect equilibrium in a bargaining model", *Econometrica*
   50(1), 1982, 97-109.
.. [BRW1986] K. Binmore, A. Rubinstein and A. Wolinsky, "The Nash bargaining solution in economic
   modelling", *RAND J. Econ.* 17(2), 1986, 176-188.
.. [OR1990] M. J. Osborne and A. Rubinstein, *Bargaining and Markets*, Academic Press, 1990, ch. 3.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import pairwise
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, SolverError, UnsupportedGameError
from gametheory.limits import factorable
from gametheory.model.normal_form import exact_number

__all__ = [
    "BargainingProblem",
    "BargainingSolution",
    "RubinsteinResult",
    "kalai_smorodinsky",
    "nash_bargaining",
    "rubinstein",
]

Point = tuple[sp.Expr, sp.Expr]


def _out(x: sp.Expr) -> Any:
    """Rationals leave as :class:`Fraction`; anything else stays a (simplified) sympy expression."""
    x = sp.nsimplify(x) if isinstance(x, sp.Float) else x
    return Fraction(int(x.p), int(x.q)) if x.is_Rational else sp.simplify(x)


def _point(p: Any, what: str) -> Point:
    if isinstance(p, (str, bytes)) or len(p) != 2:
        raise ScenarioError(f"{what} must be a pair (u1, u2), got {p!r}")
    return (exact_number(p[0]), exact_number(p[1]))


def _cross(o: Point, a: Point, b: Point) -> sp.Expr:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _decide(relation: sp.Basic | bool) -> bool | None:
    """True or False when ``relation`` is decided (a Python bool, or a sympy relation that
    evaluated to ``true`` or ``false``), else None."""
    if isinstance(relation, bool):
        return relation
    return bool(relation) if relation in (sp.true, sp.false) else None


@dataclass(frozen=True)
class BargainingProblem:
    """A two-player bargaining problem (see the module docstring for the feasible sets).

    Build one with :meth:`from_points` or :meth:`from_frontier`. ``chain`` is the strictly
    decreasing Pareto frontier of a polygonal problem; ``frontier``, ``variable`` and ``interval``
    describe a smooth one.
    """

    disagreement: Point
    chain: tuple[Point, ...] = ()
    frontier: sp.Expr | None = None
    variable: sp.Symbol | None = None
    interval: tuple[sp.Expr, sp.Expr] | None = None

    @classmethod
    def from_points(cls, points: Sequence[Any], disagreement: Any) -> BargainingProblem:
        """The comprehensive convex hull of ``points`` (numbers only), with disagreement point ``d``.

        Examples
        --------
        >>> BargainingProblem.from_points([(0, 0), (4, 0), (0, 2), (3, 1)], (0, 0)).chain
        ((0, 2), (3, 1), (4, 0))
        """
        raw = {_point(p, "each point") for p in points}
        d = _point(disagreement, "disagreement")
        if not raw or not all(v.is_number and v.is_real for p in [*raw, d] for v in p):
            raise UnsupportedGameError("polygon problems need real numeric points (no symbols)")
        pts = sorted(raw, key=lambda p: (p[0], p[1]))
        hull: list[Point] = []  # upper hull, left to right (Andrew's monotone chain)
        for p in pts:
            while len(hull) >= 2 and _cross(hull[-2], hull[-1], p) >= 0:
                hull.pop()
            hull.append(p)
        top = max(p[1] for p in hull)
        start = max(k for k, p in enumerate(hull) if p[1] == top)
        problem = cls(disagreement=d, chain=tuple(hull[start:]))
        problem._ir_chain()  # validates that some point beats d for both players
        return problem

    @classmethod
    def from_frontier(
        cls,
        frontier: Any,
        disagreement: Any,
        *,
        variable: sp.Symbol | None = None,
        interval: tuple[Any, Any] | None = None,
    ) -> BargainingProblem:
        """A problem bounded by a frontier: a list of points, or a sympy ``u2 = f(variable)``.

        A point list must be sorted by ``u1`` with ``u2`` non-increasing along a concave chain (use
        :meth:`from_points` for the hull of arbitrary points). An expression needs ``variable`` and
        ``interval = (lo, hi)``; it is assumed decreasing and concave there.

        Examples
        --------
        >>> u, S = sp.symbols("u S", positive=True)
        >>> BargainingProblem.from_frontier(S - u, (0, 0), variable=u, interval=(0, S)).frontier
        S - u
        """
        d = _point(disagreement, "disagreement")
        if isinstance(frontier, sp.Basic):
            if variable is None or interval is None:
                raise ScenarioError("a symbolic frontier needs variable= and interval=(lo, hi)")
            lo, hi = (exact_number(v) for v in interval)
            return cls(disagreement=d, frontier=frontier, variable=variable, interval=(lo, hi))
        pts = [_point(p, "each frontier point") for p in frontier]
        for k in range(1, len(pts)):
            if not (pts[k][0] > pts[k - 1][0] and pts[k][1] <= pts[k - 1][1]):
                raise ScenarioError("frontier points must have increasing u1 and non-increasing u2")
            if k >= 2 and _cross(pts[k - 2], pts[k - 1], pts[k]) > 0:
                raise ScenarioError(f"the frontier is not concave at {pts[k - 1]}")
        return cls.from_points(pts, d)

    def _ir_chain(self) -> list[Point]:
        """The IR part of the polygonal frontier, from the top-left to the bottom-right point."""
        (d1, d2), ch = self.disagreement, list(self.chain)

        def f(x: sp.Expr) -> sp.Expr:  # the frontier height, flat to the left of the chain
            for (p0, p1), (q0, q1) in pairwise(ch):
                if p0 <= x <= q0:
                    return p1 + (q1 - p1) * (x - p0) / (q0 - p0)
            return ch[0][1]

        lo = max(d1, ch[0][0])
        if not (ch[-1][0] > d1 and f(lo) > d2):
            raise ScenarioError(
                f"no feasible point gives both players more than the disagreement point {d1, d2}"
            )
        hi = ch[-1][0]
        for (p0, p1), (q0, q1) in pairwise(ch):
            if p1 >= d2 > q1:
                hi = p0 + (d2 - p1) * (q0 - p0) / (q1 - p1)
        inner = [p for p in ch if lo < p[0] < hi]
        return [(lo, f(lo)), *inner, *([(hi, f(hi))] if hi != lo else [])]


@dataclass(frozen=True)
class BargainingSolution:
    """A bargaining solution with its provenance.

    ``nash_product`` is the plain product ``(u1 - d1)(u2 - d2)``; ``weighted_product`` is the
    objective actually maximized, ``(u1 - d1)**alpha (u2 - d2)**(1 - alpha)``. ``ideal`` is the
    ideal point (Kalai–Smorodinsky only).
    """

    point: tuple[Any, Any]
    gains: tuple[Any, Any]
    nash_product: Any
    weighted_product: Any
    weights: tuple[Any, Any]
    method: str
    exact: bool = True
    ideal: tuple[Any, Any] | None = None
    diagnostics: tuple[str, ...] = ()


def _solution(
    problem: BargainingProblem,
    u: Point,
    alpha: sp.Expr,
    weights: tuple[sp.Expr, sp.Expr],
    method: str,
    notes: list[str],
    ideal: Point | None = None,
) -> BargainingSolution:
    g1, g2 = (sp.simplify(u[k] - problem.disagreement[k]) for k in (0, 1))
    if not alpha.is_Integer and not factorable(g1 * g2):
        # sympy takes a root of a rational by factoring it, which does not finish on numbers
        # of thousands of digits (`compare battle_of_the_sexes --set a=1e-4301`): the weighted
        # product is left as the exact, unevaluated power product.
        weighted = sp.Mul(
            sp.Pow(g1, alpha, evaluate=False), sp.Pow(g2, 1 - alpha, evaluate=False), evaluate=False
        )
        notes = [*notes, "the weighted Nash product is left unevaluated (gains of over 100 digits)"]
    else:
        weighted = _out(g1**alpha * g2 ** (1 - alpha))
    return BargainingSolution(
        point=(_out(u[0]), _out(u[1])),
        gains=(_out(g1), _out(g2)),
        nash_product=_out(g1 * g2),
        weighted_product=weighted,
        weights=(_out(weights[0]), _out(weights[1])),
        method=method,
        ideal=None if ideal is None else (_out(ideal[0]), _out(ideal[1])),
        diagnostics=tuple(notes),
    )


def _pick_root(roots: list[sp.Expr], lo: sp.Expr, hi: sp.Expr, what: str, notes: list[str]) -> Any:
    """The one root in ``[lo, hi]``; with parameters, the one root not refuted (noted)."""
    kept = [r for r in roots if _decide(sp.Eq(sp.im(r), 0)) is not False]
    kept = [r for r in kept if _decide(r >= lo) is not False and _decide(r <= hi) is not False]
    sure = [r for r in kept if _decide(r >= lo) and _decide(r <= hi)]
    if len(sure) == 1:
        return sure[0]
    if len(kept) == 1:
        notes.append(f"{what}: assumes {kept[0]} lies in [{lo}, {hi}]")
        return kept[0]
    if not kept:
        return None
    raise SolverError(
        f"{what}: several candidate roots {kept}; give the parameters values or declare "
        "symbols with assumptions (positive=True)"
    )


def _smooth_ir(problem: BargainingProblem, notes: list[str]) -> tuple[sp.Expr, sp.Expr]:
    """The IR interval ``[a, b]`` of ``u1`` on a smooth frontier."""
    f, x, (d1, d2) = problem.frontier, problem.variable, problem.disagreement
    lo, hi = problem.interval  # type: ignore[misc]
    a = d1 if _decide(d1 >= lo) in (True, None) else lo
    if _decide(d1 >= lo) is None:
        notes.append(f"assumes d1 = {d1} >= {lo}")
    root = _pick_root(sp.solve(sp.Eq(f, d2), x), lo, hi, "f(u1) = d2", notes)
    return a, hi if root is None else root


def nash_bargaining(
    problem: BargainingProblem, weights: Sequence[Any] = (Fraction(1, 2), Fraction(1, 2))
) -> BargainingSolution:
    """The (weighted) Nash bargaining solution ``argmax (u1-d1)**alpha (u2-d2)**(1-alpha)``.

    Parameters
    ----------
    problem
        The bargaining problem.
    weights
        Positive bargaining weights ``(w1, w2)``; ``alpha = w1 / (w1 + w2)``.

    Returns
    -------
    BargainingSolution
        ``method`` is ``"nash"`` for equal weights and ``"weighted_nash"`` otherwise.

    Raises
    ------
    SolverError
        When a frontier with parameters has several stationary points sympy cannot tell apart.
    ValueError
        For weights that are not positive.

    Examples
    --------
    The enforceable deal of ``surge_pd`` (Nash 1950): the feasible set is the hull of the four
    payoff pairs and ``d`` is the standoff ``(-4, 1)``. On both frontier edges meeting at the
    kink ``(-2, 3)`` the midpoint of the IR endpoints lies beyond the kink, so the NBS is the
    kink, with product ``2 * 2 = 4``:

    >>> p = BargainingProblem.from_points([(-2, 3), (-6, 4), (0, 0), (-4, 1)], (-4, 1))
    >>> s = nash_bargaining(p)
    >>> s.point, s.nash_product
    ((Fraction(-2, 1), Fraction(3, 1)), Fraction(4, 1))
    >>> u = sp.Symbol("u", positive=True)
    >>> q = BargainingProblem.from_frontier(sp.sqrt(1 - u**2), (0, 0), variable=u, interval=(0, 1))
    >>> nash_bargaining(q, weights=(1, 3)).point  # u1 = sqrt(alpha), alpha = 1/4
    (Fraction(1, 2), sqrt(3)/2)
    """
    w = (exact_number(weights[0]), exact_number(weights[1]))
    if any(_decide(v > 0) is False for v in w):
        raise ScenarioError(f"weights must be positive, got {weights!r}")
    alpha = sp.simplify(w[0] / (w[0] + w[1]))
    method = "nash" if sp.simplify(w[0] - w[1]) == 0 else "weighted_nash"
    notes: list[str] = []
    (d1, d2) = problem.disagreement
    if problem.frontier is None:
        ch = problem._ir_chain()
        cands = [ch[0]]
        for (p0, p1), (q0, q1) in pairwise(ch):
            slope = (q1 - p1) / (q0 - p0)
            ta = (d1 - p0) / (q0 - p0)  # where the line meets u1 = d1 (parameter along P->Q)
            tb = (p0 + (d2 - p1) / slope - p0) / (q0 - p0)  # where it meets u2 = d2
            t = min(max(ta + alpha * (tb - ta), sp.Integer(0)), sp.Integer(1))
            cands.append((p0 + t * (q0 - p0), p1 + t * (q1 - p1)))

        def score(u: Point) -> Any:
            g1, g2 = u[0] - d1, u[1] - d2
            if alpha.is_Rational:  # compare g1**p g2**(q-p) exactly for alpha = p/q
                return g1 ** int(alpha.p) * g2 ** int(alpha.q - alpha.p)
            return sp.N(alpha * sp.log(g1) + (1 - alpha) * sp.log(g2), 50)

        best = max((c for c in cands if c[0] > d1 and c[1] > d2), key=score)
        return _solution(problem, best, alpha, w, method, notes)
    f, x = problem.frontier, problem.variable
    a, b = _smooth_ir(problem, notes)
    foc = alpha * (f - d2) + (1 - alpha) * sp.diff(f, x) * (x - d1)
    root = _pick_root(sp.solve(foc, x), a, b, "first-order condition", notes)
    if root is None:  # the optimum is at an end of the IR interval: compare (numbers only)
        root = max(
            (a, b), key=lambda v: sp.N((v - d1) ** alpha * (f.subs(x, v) - d2) ** (1 - alpha))
        )
    return _solution(problem, (root, f.subs(x, root)), alpha, w, method, notes)


def kalai_smorodinsky(problem: BargainingProblem) -> BargainingSolution:
    """The Kalai–Smorodinsky solution: the maximal feasible point on the segment from d to the ideal.

    Examples
    --------
    Gains ``(4, 2)`` are possible on their own, but only ``u1 + 2 u2 <= 4``: the ideal point is
    ``(4, 2)`` and the solution splits proportionally, ``(2, 1)``:

    >>> s = kalai_smorodinsky(BargainingProblem.from_points([(4, 0), (0, 2)], (0, 0)))
    >>> s.point, s.ideal
    ((Fraction(2, 1), Fraction(1, 1)), (Fraction(4, 1), Fraction(2, 1)))
    """
    notes: list[str] = []
    (d1, d2) = problem.disagreement
    half = (sp.Rational(1, 2), sp.Rational(1, 2))
    if problem.frontier is None:
        ch = problem._ir_chain()
        ideal = (ch[-1][0], ch[0][1])
        v = (ideal[0] - d1, ideal[1] - d2)
        point = ch[0]
        for (p0, p1), (q0, q1) in pairwise(ch):
            e = (q0 - p0, q1 - p1)  # solve p + s e = d + t v (Cramer's rule)
            det = -e[0] * v[1] + e[1] * v[0]
            s = (-(d1 - p0) * v[1] + (d2 - p1) * v[0]) / det
            if 0 <= s <= 1:
                point = (p0 + s * e[0], p1 + s * e[1])
                break
        return _solution(problem, point, half[0], half, "kalai_smorodinsky", notes, ideal)
    f, x = problem.frontier, problem.variable
    a, b = _smooth_ir(problem, notes)
    ideal = (b, f.subs(x, a))
    line = d2 + (ideal[1] - d2) / (ideal[0] - d1) * (x - d1)
    root = _pick_root(sp.solve(sp.Eq(f, line), x), a, b, "the ray from d to the ideal", notes)
    return _solution(
        problem, (root, f.subs(x, root)), half[0], half, "kalai_smorodinsky", notes, ideal
    )


@dataclass(frozen=True)
class RubinsteinResult:
    """The subgame perfect equilibrium of Rubinstein's alternating-offers game.

    ``shares[i]`` is player ``i``'s payoff (agreement in the first period, ``first_proposer``
    proposing); ``proposer_shares[i]`` is what ``i`` demands whenever it proposes; ``binding[i]``
    tells whether ``i``'s outside option binds.
    """

    shares: tuple[Any, Any]
    proposer_shares: tuple[Any, Any]
    first_proposer: int
    binding: tuple[bool, bool]
    deltas: tuple[Any, Any]
    surplus: Any
    outside_options: tuple[Any, Any]
    method: str = "rubinstein"
    exact: bool = True
    diagnostics: tuple[str, ...] = ()


def rubinstein(
    delta_1: Any,
    delta_2: Any,
    *,
    surplus: Any = 1,
    first_proposer: int = 0,
    outside_options: tuple[Any, Any] = (0, 0),
) -> RubinsteinResult:
    """Shares in Rubinstein's (1982) alternating-offers game, with outside options.

    Players 0 and 1 (discount factors ``delta_1``, ``delta_2`` in (0, 1)) alternate proposals
    to split ``surplus``, ``first_proposer`` first. Without outside options the unique SPE has the
    proposer ``i`` take ``x_i = S (1 - delta_j) / (1 - delta_i delta_j)`` and the responder accept
    ``S - x_i`` at once [Rubinstein1982]_.

    Outside options (the variant of [OR1990]_, §3.12, and [BRW1986]_, with both players): a
    responder who rejects an offer may opt out at once instead of making the next proposal; then
    each player ``k`` gets ``outside_options[k]`` (undiscounted; we need ``b_1 + b_2 <= S``). A
    responder ``j`` accepts any share ``>= max(b_j, delta_j x_j)``, so the stationary SPE solves
    ``x_i = S - max(b_j, delta_j x_j)``, a contraction with the unique solution found here. This is
    the *outside-option principle*: an option binds (``binding[j]``) only if it exceeds the share
    ``delta_j x_j`` the player would be offered without it, and then it replaces that share; an
    option below it has no effect at all.

    Examples
    --------
    ``pep_bargaining``: ``delta_F = 0.9`` (player 0) and ``delta_L = 0.8`` (player 1):

    >>> rubinstein(0.9, 0.8).shares
    (Fraction(5, 7), Fraction(2, 7))
    >>> rubinstein(0.9, 0.8, first_proposer=1).shares
    (Fraction(9, 14), Fraction(5, 14))
    >>> rubinstein(0.9, 0.9).shares[0]
    Fraction(10, 19)
    >>> r = rubinstein(0.9, 0.8, outside_options=(0, Fraction(1, 2)))
    >>> r.shares, r.binding
    ((Fraction(1, 2), Fraction(1, 2)), (False, True))
    """
    deltas = (exact_number(delta_1), exact_number(delta_2))
    S = exact_number(surplus)
    b = (exact_number(outside_options[0]), exact_number(outside_options[1]))
    if first_proposer not in (0, 1):
        raise ScenarioError(f"first_proposer must be 0 or 1, got {first_proposer!r}")
    for k, dk in enumerate(deltas):
        if _decide(dk > 0) is False or _decide(dk < 1) is False:
            raise ScenarioError(f"delta_{k + 1} must lie in (0, 1), got {dk}")
    if _decide(b[0] + b[1] <= S) is False:
        raise ScenarioError("the outside options exceed the surplus: no agreement is reached")
    d1, d2 = deltas
    rub = (S * (1 - d2) / (1 - d1 * d2), S * (1 - d1) / (1 - d1 * d2))
    for bind in ((False, False), (False, True), (True, False), (True, True)):
        x = list(rub)  # solve x_i = S - (b_j if j binds else delta_j x_j) in this case
        for i, j in ((0, 1), (1, 0)):
            if bind[j]:
                x[i] = S - b[j]
                x[j] = S - b[i] if bind[i] else S - deltas[i] * x[i]
        checks = [b[j] - deltas[j] * x[j] for j in (0, 1)]  # > 0 exactly when j's option binds
        ok = [_decide(c >= 0 if bind[j] else c <= 0) for j, c in enumerate(checks)]
        if None in ok and any(v != 0 for v in b):
            raise UnsupportedGameError(
                "cannot tell whether the outside options bind with symbolic values; give numbers"
            )
        if all(v is not False for v in ok):
            break
    i = first_proposer
    shares = [sp.Integer(0), sp.Integer(0)]
    shares[i], shares[1 - i] = x[i], S - x[i]
    return RubinsteinResult(
        shares=(_out(shares[0]), _out(shares[1])),
        proposer_shares=(_out(x[0]), _out(x[1])),
        first_proposer=i,
        binding=bind,
        deltas=(_out(d1), _out(d2)),
        surplus=_out(S),
        outside_options=(_out(b[0]), _out(b[1])),
    )
