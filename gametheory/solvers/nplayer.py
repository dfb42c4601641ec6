"""Nash equilibria of games with any number of players, exactly, by support enumeration.

For each *support profile* ``S = (S_1, ..., S_N)`` (a non-empty set of actions per player) a
Nash equilibrium with exactly these supports solves the polynomial system

* ``u_i(a, sigma_{-i}) = u_i(b, sigma_{-i})`` for every player ``i`` and actions ``a, b`` in
  ``S_i`` (indifference), with ``sum_{a in S_i} sigma_i(a) = 1`` (used to eliminate one
  probability per player), and
* ``sigma_i(a) > 0`` on ``S_i`` and ``u_i(c, sigma_{-i}) <= u_i(a, sigma_{-i})`` for every
  action ``c`` outside ``S_i`` (best response),

a system of multilinear equations and inequalities (McKelvey & McLennan 1996, *Computation of
equilibria in finite games*, Handbook of Computational Economics, §6: "Computing all equilibria";
Datta 2003, *Using computer algebra to find Nash equilibria*, ISSAC; the method of Gambit's
``enumpoly``). The equations are solved exactly over the rationals
(:mod:`gametheory.solvers.algebraic`): every real solution is a rational point or a point with
coordinates in ``Q(alpha)`` for a real algebraic ``alpha``, and the inequalities are decided
with certified signs. When a support's equations have a positive-dimensional solution set,
the support is reported as a :class:`~gametheory.solvers.nplayer_result.Continuum` (its
dimension and an equilibrium in it when one is found at sampled values of its free
probabilities) and the result is marked incomplete, since isolated equilibria on that
support are not enumerated.

Every reported equilibrium is then checked again, independently of how it was found: no
player gains by a pure deviation, exactly (:func:`is_nash_nplayer`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from fractions import Fraction
from math import prod
from typing import Any

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.nplayer import NPlayerGame
from gametheory.solvers.algebraic import (
    AlgebraicPoint,
    PositiveDimensional,
    Unresolved,
    solve_zero_dimensional,
)
from gametheory.solvers.nplayer_result import Continuum, NPlayerEquilibrium, NPlayerResult
from gametheory.solvers.nplayer_screen import (
    MANY,
    PayoffArrays,
    conditionally_dominated,
    excluded_by_boxes,
    solve_linear,
)

__all__ = [
    "NPLAYER_DEGREE_LIMIT",
    "NPLAYER_SUPPORT_LIMIT",
    "NPLAYER_UNKNOWNS_LIMIT",
    "action_values",
    "check_exact_size",
    "equilibrium_order",
    "is_nash_nplayer",
    "solve_nplayer_exact",
    "solve_nplayer_pure",
    "support_profiles",
]

#: The most support profiles the exact method enumerates (``prod(2**n_i - 1)``).
NPLAYER_SUPPORT_LIMIT = 4000
#: The most unknown probabilities a support's system may have (``sum(n_i - 1)``).
NPLAYER_UNKNOWNS_LIMIT = 9
#: The most unknowns times the degree of the indifference equations (players - 1): the Gröbner
#: bases grow with both. A 4x4x4 game (18) or a 3x3x2x2 game (18) solves in seconds; a 3x3x3x2
#: game (21) took 40 s, a 2x2x2x2x2 game (20) and a 3x3x3x3 game (24) did not finish in minutes
#: (benchmarks/README.md).
NPLAYER_DEGREE_LIMIT = 18

#: Rationals at which the free probabilities of a continuum are sampled.
_SAMPLES = tuple(sp.Rational(p, q) for q in (2, 3, 4, 5, 7) for p in range(1, q))

Strategies = Sequence[Sequence[Any]]


def _fractions(game: NPlayerGame) -> list[tuple[Fraction, ...]]:
    if not game.is_numeric:
        names = ", ".join(sorted(s.name for s in game.free_symbols))
        raise UnsupportedGameError(
            f"the game has symbolic payoffs ({names}); give every parameter a value first"
        )
    out = []
    for row in game.table:
        if not all(isinstance(u, sp.Rational) for u in row):
            raise UnsupportedGameError(
                "the solvers need rational payoffs; this game has an irrational one "
                f"({next(u for u in row if not isinstance(u, sp.Rational))})"
            )
        out.append(tuple(Fraction(int(u.p), int(u.q)) for u in row))
    return out


def action_values(game: NPlayerGame, player: int, strategies: Strategies) -> list[Any]:
    """Player ``player``'s expected payoff from each of its actions against ``strategies``.

    Works with any exact numbers (``Fraction``, sympy) or sympy expressions as probabilities.

    Examples
    --------
    >>> g = NPlayerGame.from_function(("A", "B", "C"), (("x", "y"),) * 3,
    ...                               lambda a: (a.count(0), a.count(1), 0))
    >>> half = (Fraction(1, 2), Fraction(1, 2))
    >>> action_values(g, 0, [half, half, half])
    [2, 1]
    """
    values: list[Any] = [0] * game.shape[player]
    others = [k for k in range(game.n_players) if k != player]
    supports = [[i for i, p in enumerate(strategies[k]) if p != 0] for k in others]
    for rest in itertools.product(*supports):
        weight: Any = 1
        for k, i in zip(others, rest, strict=True):
            weight = weight * strategies[k][i]
        profile = list(rest)
        for b in range(game.shape[player]):
            full = (*profile[:player], b, *profile[player:])
            values[b] = values[b] + weight * game.payoff(full)[player]
    return values


def is_nash_nplayer(game: NPlayerGame, strategies: Strategies) -> bool:
    """True when the rational profile is a Nash equilibrium, exactly.

    Each strategy must be a probability vector and no player may gain by a pure deviation.

    Examples
    --------
    >>> g = NPlayerGame.from_function(("A", "B", "C"), (("x", "y"),) * 3,
    ...                               lambda a: (1, 1, 1) if len(set(a)) == 1 else (0, 0, 0))
    >>> is_nash_nplayer(g, [(1, 0)] * 3), is_nash_nplayer(g, [(1, 0), (0, 1), (1, 0)])
    (True, False)
    """
    exact = [[sp.Rational(p) for p in s] for s in strategies]
    if len(exact) != game.n_players:
        return False
    for k, s in enumerate(exact):
        if len(s) != game.shape[k] or any(p < 0 for p in s) or sum(s) != 1:
            return False
    for k in range(game.n_players):
        values = action_values(game, k, exact)
        mine = sum(p * v for p, v in zip(exact[k], values, strict=True))
        if max(values) > mine:
            return False
    return True


def support_profiles(shape: Sequence[int]) -> list[tuple[tuple[int, ...], ...]]:
    """Every support profile, smaller supports first."""
    per_player = [
        [c for r in range(1, n + 1) for c in itertools.combinations(range(n), r)] for n in shape
    ]
    return sorted(itertools.product(*per_player), key=lambda s: sum(len(x) for x in s))


def _pure(game: NPlayerGame, payoffs: list[tuple[Fraction, ...]]) -> list[tuple[int, ...]]:
    """Every pure equilibrium by checking each profile's deviations (the brute force)."""
    found = []
    for profile in game.profiles():
        u = payoffs[game.index(profile)]
        ok = True
        for k in range(game.n_players):
            for b in range(game.shape[k]):
                if b != profile[k]:
                    other = (*profile[:k], b, *profile[k + 1 :])
                    if payoffs[game.index(other)][k] > u[k]:
                        ok = False
                        break
            if not ok:
                break
        if ok:
            found.append(profile)
    return found


def _pure_equilibrium(game: NPlayerGame, profile: tuple[int, ...]) -> NPlayerEquilibrium:
    strategies = tuple(
        tuple(sp.Integer(int(i == a)) for i in range(n))
        for a, n in zip(profile, game.shape, strict=True)
    )
    return NPlayerEquilibrium(strategies, tuple(game.payoff(profile)))


def equilibrium_order(eq: NPlayerEquilibrium) -> tuple[Any, ...]:
    """The report order: pure equilibria first, then by decreasing probabilities."""
    return (not eq.pure, [-float(p) for s in eq.strategies for p in s])


def solve_nplayer_pure(game: NPlayerGame) -> NPlayerResult:
    """Every pure Nash equilibrium, exactly, by checking each profile (any size).

    Examples
    --------
    >>> g = NPlayerGame.from_function(("A", "B", "C"), (("x", "y"),) * 3,
    ...                               lambda a: (1, 1, 1) if len(set(a)) == 1 else (0, 0, 0))
    >>> [e.pure_profile() for e in solve_nplayer_pure(g).equilibria]
    [(0, 0, 0), (1, 1, 1)]
    """
    payoffs = _fractions(game)
    equilibria = [_pure_equilibrium(game, p) for p in _pure(game, payoffs)]
    for eq in equilibria:
        if not is_nash_nplayer(game, eq.strategies):  # pragma: no cover - last line of defence
            raise AssertionError(f"internal error: unverified profile {eq.strategies}")
    return NPlayerResult(
        game=game,
        equilibria=tuple(sorted(equilibria, key=equilibrium_order)),
        method="pure",
        complete=False,
        diagnostics=(
            "pure equilibria only: every pure equilibrium is listed, mixed ones are not computed",
        ),
    )


class _System:
    """The polynomial system of one support profile."""

    def __init__(self, game: NPlayerGame, supports: tuple[tuple[int, ...], ...]) -> None:
        self.game, self.supports = game, supports
        self.gens: list[sp.Symbol] = []
        self.free: list[tuple[int, int]] = []
        self.sigma: list[list[sp.Expr]] = []
        for k, support in enumerate(supports):
            row: list[sp.Expr] = [sp.S.Zero] * game.shape[k]
            names = [sp.Symbol(f"p{k}_{a}") for a in support[1:]]
            for a, x in zip(support[1:], names, strict=True):
                row[a] = x
                self.free.append((k, a))
            row[support[0]] = 1 - sum(names, sp.S.Zero)
            self.gens += names
            self.sigma.append(row)
        self.values = [
            [sp.expand(v) for v in action_values(game, k, self.sigma)]
            for k in range(game.n_players)
        ]
        self.equations = [
            self.values[k][a] - self.values[k][s[0]] for k, s in enumerate(supports) for a in s[1:]
        ]

    def check(self, point: AlgebraicPoint) -> bool:
        """Positivity on the supports and best response outside them, certified."""
        for k, support in enumerate(self.supports):
            for a in support:
                if point.sign(point.compose(self.sigma[k][a], self.gens)) <= 0:
                    return False
            base = self.values[k][support[0]]
            for c in range(self.game.shape[k]):
                if c not in support:
                    gap = point.compose(self.values[k][c] - base, self.gens)
                    if point.sign(gap) > 0:
                        return False
        return True

    def equilibrium(self, point: AlgebraicPoint) -> NPlayerEquilibrium:
        strategies = tuple(
            tuple(point.value(point.compose(p, self.gens)) for p in row) for row in self.sigma
        )
        payoffs = tuple(
            point.value(point.compose(self.values[k][s[0]], self.gens))
            for k, s in enumerate(self.supports)
        )
        exactness = "rational" if point.rational else "algebraic"
        return NPlayerEquilibrium(strategies, payoffs, exactness)

    def verify(self, point: AlgebraicPoint) -> bool:
        """Independent check: probability vectors, and no pure deviation gains (exactly)."""
        sigma = [[point.compose(p, self.gens) for p in row] for row in self.sigma]
        z = sp.Symbol("z")
        for row in sigma:
            total = sum(row[1:], row[0])
            if not point.reduce(total - sp.Poly(1, z, domain="QQ")).is_zero:
                return False
            if any(point.sign(p) < 0 for p in row):
                return False
        for k in range(self.game.n_players):
            exprs = action_values(self.game, k, self.sigma)
            values = [point.compose(sp.expand(v), self.gens) for v in exprs]
            mine = point.reduce(
                sum(
                    (p * v for p, v in zip(sigma[k], values, strict=True)),
                    sp.Poly(0, z, domain="QQ"),
                )
            )
            if any(point.sign(v - mine) > 0 for v in values):
                return False
        return True


def _dimension(basis: sp.GroebnerBasis, gens: Sequence[sp.Symbol]) -> tuple[int, list[int]]:
    """The dimension of the ideal and a maximal independent set of variables (indices): no
    leading monomial of the basis lies in the independent variables alone."""
    leads = [sp.Poly(g, *gens).monoms(order="lex")[0] for g in basis.exprs]
    for size in range(len(gens), -1, -1):
        for subset in itertools.combinations(range(len(gens)), size):
            if all(any(e and k not in subset for k, e in enumerate(m)) for m in leads):
                return size, list(subset)
    return 0, []  # pragma: no cover - the empty set is always independent


def _cells(system: _System) -> list[tuple[sp.Rational, ...]] | None:
    """Exact sample points of every cell when the equations vanish identically in a single
    unknown: a rational point strictly inside each interval between consecutive real roots of
    the constraint polynomials, and the rational roots themselves (``None`` otherwise)."""
    if len(system.gens) != 1 or any(sp.expand(e) != 0 for e in system.equations):
        return None
    x = system.gens[0]
    constraints = [system.sigma[k][a] for k, s in enumerate(system.supports) for a in s]
    constraints += [
        system.values[k][c] - system.values[k][s[0]]
        for k, s in enumerate(system.supports)
        for c in range(system.game.shape[k])
        if c not in s
    ]
    roots: set[sp.Rational] = set()
    for expr in constraints:
        poly = sp.Poly(expr, x, domain="QQ")
        if poly.degree() > 0:
            for (a, b), _ in poly.intervals():
                roots |= {sp.Rational(a), sp.Rational(b)}
    ordered = sorted(roots | {sp.S.Zero, sp.S.One})
    points = set(ordered)
    points |= {(a + b) / 2 for a, b in itertools.pairwise(ordered)}
    return [(p,) for p in sorted(points) if 0 < p < 1]


def _excluded(basis: sp.GroebnerBasis) -> bool:
    """True when some basis element in a single unknown has no root strictly between 0 and 1:
    no probability of the support can then satisfy it (decided exactly)."""
    for g in basis.exprs:
        if len(g.free_symbols) != 1:
            continue
        poly = sp.Poly(g, *g.free_symbols, domain="QQ")
        inside = [
            (a, b)
            for (a, b), _ in poly.intervals()
            if b > 0 and a < 1  # an isolating interval meeting (0, 1) ...
        ]
        if not inside:
            return True
        if all(a == b and not 0 < a < 1 for a, b in inside):  # ... or exact roots outside
            return True
    return False


def _continuum(system: _System, basis: sp.GroebnerBasis) -> Continuum:
    dimension, free = _dimension(basis, system.gens)
    sample = None
    cells = _cells(system)
    grid: Any = (
        cells
        if cells is not None
        else itertools.islice(itertools.product(_SAMPLES, repeat=len(free)), 60)
    )
    for values in grid:
        fixed = {system.gens[k]: v for k, v in zip(free, values, strict=True)}
        rest = [g for k, g in enumerate(system.gens) if k not in free]
        exprs = [sp.expand(e.xreplace(fixed)) for e in system.equations]
        exprs = [e for e in exprs if e != 0]
        try:
            points = solve_zero_dimensional(exprs, rest)
        except (PositiveDimensional, Unresolved):
            continue
        sub = _System.__new__(_System)
        sub.game, sub.supports, sub.gens, sub.free = system.game, system.supports, rest, []
        sub.sigma = [[sp.expand(p.xreplace(fixed)) for p in row] for row in system.sigma]
        sub.values = [[sp.expand(v.xreplace(fixed)) for v in row] for row in system.values]
        for point in points:
            if sub.check(point) and sub.verify(point):
                sample = sub.equilibrium(point)
                break
        if sample is not None:
            break
    return Continuum(
        supports=system.supports,
        dimension=dimension,
        free=tuple(system.free[k] for k in free),
        sample=sample,
    )


def check_exact_size(game: NPlayerGame, method: str) -> None:
    """Refuse a game past :data:`NPLAYER_SUPPORT_LIMIT`, :data:`NPLAYER_UNKNOWNS_LIMIT` or
    :data:`NPLAYER_DEGREE_LIMIT`.

    Examples
    --------
    >>> from gametheory.model.nplayer import NPlayerGame
    >>> acts = [["a", "b", "c"]] * 4
    >>> g = NPlayerGame.from_function(["P1", "P2", "P3", "P4"], acts, lambda p: [0] * 4)
    >>> check_exact_size(g, "exact")
    Traceback (most recent call last):
    ...
    gametheory.exceptions.UnsupportedGameError: the 3x3x3x3 game is too large for method 'exact': ...
    """
    supports = prod(2**n - 1 for n in game.shape)
    unknowns = sum(n - 1 for n in game.shape)
    degree = len(game.shape) - 1  # each indifference equation is multilinear of this degree
    if (
        supports > NPLAYER_SUPPORT_LIMIT
        or unknowns > NPLAYER_UNKNOWNS_LIMIT
        or unknowns * degree > NPLAYER_DEGREE_LIMIT
    ):
        size = "x".join(map(str, game.shape))
        raise UnsupportedGameError(
            f"the {size} game is too large for method {method!r}: {supports} support profiles "
            f"(limit {NPLAYER_SUPPORT_LIMIT}), {unknowns} unknown probabilities (limit "
            f"{NPLAYER_UNKNOWNS_LIMIT}), {unknowns} x {degree} = {unknowns * degree} for "
            f"unknowns times the degree of the equations (limit {NPLAYER_DEGREE_LIMIT}); use "
            "--method pure for its pure equilibria, gambit-enumpoly (pygambit) for its "
            "equilibria in floating point, or logit-qre"
        )


def _support_outcome(
    game: NPlayerGame, supports: tuple[tuple[int, ...], ...]
) -> tuple[list[NPlayerEquilibrium], Continuum | None, str | None]:
    """The exact analysis of one support profile (sympy): its isolated equilibria, a continuum
    with a verified sample, and a diagnostic when the answer on it may be incomplete."""
    system = _System(game, supports)
    try:
        points = solve_zero_dimensional(system.equations, system.gens)
    except PositiveDimensional as err:
        if _excluded(err.basis):
            return [], None, None
        continuum = _continuum(system, err.basis)
        if continuum.sample is not None:
            return (
                [],
                continuum,
                f"a continuum of equilibria (dimension {continuum.dimension}) on supports "
                f"{_support_text(game, supports)}: isolated equilibria on these supports "
                "are not enumerated",
            )
        if _cells(system) is None:  # the cells of one free unknown decide exactly
            return (
                [],
                None,
                f"supports {_support_text(game, supports)}: the indifference equations "
                f"have a solution set of dimension {continuum.dimension}; no equilibrium "
                "was found at the sampled points, so equilibria there may be missed",
            )
        return [], None, None
    except Unresolved:
        return (
            [],
            None,
            f"supports {_support_text(game, supports)}: the polynomial system could not "
            "be decomposed exactly; its equilibria are not listed",
        )
    found = []
    for point in points:
        if system.check(point):
            if not system.verify(point):  # pragma: no cover - last line of defence
                raise AssertionError(f"internal error: unverified point on {supports}")
            found.append(system.equilibrium(point))
    return found, None, None


def _screened(
    game: NPlayerGame, arrays: PayoffArrays, supports: tuple[tuple[int, ...], ...]
) -> list[NPlayerEquilibrium] | None:
    """The fast path of one support profile: its equilibria when the screens settle it
    (no equilibrium, or the one rational equilibrium of a linear support), else ``None``."""
    if conditionally_dominated(arrays, supports):
        return []
    mixing = sum(len(s) > 1 for s in supports)
    if mixing <= 2:
        solved = solve_linear(arrays, supports)
        if solved is None:
            return []
        if solved == MANY:
            return None if not excluded_by_boxes(arrays, supports) else []
        assert not isinstance(solved, str)
        strategies = tuple(tuple(sp.Rational(p) for p in row) for row in solved)
        payoffs = tuple(action_values(game, k, strategies)[s[0]] for k, s in enumerate(supports))
        return [NPlayerEquilibrium(strategies, payoffs, "rational")]
    return [] if excluded_by_boxes(arrays, supports) else None


def solve_nplayer_exact(game: NPlayerGame, *, method: str = "exact") -> NPlayerResult:
    """Every isolated Nash equilibrium by exact support enumeration (see the module notes).

    Support profiles are first screened (:mod:`gametheory.solvers.nplayer_screen`):
    conditionally dominated actions and exact box exclusion rule most of them out, and those
    on which at most two players mix are solved by exact Gaussian elimination; only the rest
    reach the Gröbner bases.

    Examples
    --------
    The three-player game of McKelvey & McLennan (Gambit's ``2x2x2.nfg``) has nine equilibria,
    two of them totally mixed:

    >>> pay = {(0, 0, 0): (9, 8, 12), (1, 1, 0): (9, 8, 2), (0, 1, 1): (3, 4, 6),
    ...        (1, 0, 1): (3, 4, 6)}
    >>> g = NPlayerGame.from_function(("1", "2", "3"), (("a", "b"),) * 3,
    ...                               lambda p: pay.get(p, (0, 0, 0)))
    >>> res = solve_nplayer_exact(g)
    >>> len(res.equilibria), res.complete
    (9, True)
    """
    return _enumerate(game, method, fast=True)


def _solve_nplayer_reference(game: NPlayerGame, *, method: str = "exact") -> NPlayerResult:
    """The same enumeration without the screens: every support profile through the Gröbner
    bases (the reference the fast path is tested against)."""
    return _enumerate(game, method, fast=False)


def _enumerate(game: NPlayerGame, method: str, *, fast: bool) -> NPlayerResult:
    payoffs = _fractions(game)
    check_exact_size(game, method)
    arrays = PayoffArrays.from_table(game.shape, payoffs)
    equilibria = [_pure_equilibrium(game, p) for p in _pure(game, payoffs)]
    continua: list[Continuum] = []
    diagnostics: list[str] = []
    for supports in support_profiles(game.shape):
        if all(len(s) == 1 for s in supports):
            continue  # the pure profiles were checked above
        settled = _screened(game, arrays, supports) if fast else None
        if settled is not None:
            equilibria += settled
            continue
        found, continuum, diagnostic = _support_outcome(game, supports)
        equilibria += found
        if continuum is not None:
            continua.append(continuum)
        if diagnostic is not None:
            diagnostics.append(diagnostic)
    for eq in equilibria:
        if eq.exactness == "rational" and not is_nash_nplayer(game, eq.strategies):
            raise AssertionError(f"internal error: {eq.strategies}")  # pragma: no cover
    return NPlayerResult(
        game=game,
        equilibria=tuple(sorted(equilibria, key=equilibrium_order)),
        method=method,
        complete=not diagnostics,
        continua=tuple(continua),
        diagnostics=tuple(diagnostics),
    )


def _support_text(game: NPlayerGame, supports: tuple[tuple[int, ...], ...]) -> str:
    return "; ".join(
        f"{game.players[k]}: {', '.join(game.actions[k][a] for a in s)}"
        for k, s in enumerate(supports)
    )
