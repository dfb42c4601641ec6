"""Symbolic equilibrium conditions of two-player games with parameter payoffs.

* **Pure equilibria as regions.** A pure profile ``(i, j)`` is a Nash equilibrium iff no player
  gains by a unilateral deviation: ``A[i, j] >= A[i', j]`` for every row ``i'`` and
  ``B[i, j] >= B[i, j']`` for every column ``j'``. Each inequality is decided under the
  assumptions where possible (:mod:`gametheory.symbolic.conditions`); the undecided ones cut the
  parameter space into regions (sign patterns), and each region lists its pure equilibria.
* **Mixed equilibria in closed form.** For each pair of supports of equal size ``k >= 2`` (up to
  3), the indifference system ``A[I, J] y = v 1, sum y = 1`` (and its twin for ``x``) is solved
  exactly; the solution is an equilibrium iff its probabilities are positive and no action outside
  the support earns more (the *validity conditions*). In a 2x2 game this is the textbook formula,
  e.g. ``p = a / (a + b)`` in the battle of the sexes.
* **Dominance** by pure strategies as conditions.

References: Osborne, *An Introduction to Game Theory* (2004), ch. 2-4; von Stengel (2007), §3.2.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from functools import lru_cache
from itertools import combinations, product
from math import comb
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.limits import factorable
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.scenario import Scenario
from gametheory.symbolic.conditions import Assumptions, Atom, Condition, atom_from_relation

__all__ = [
    "MAX_REGION_ATOMS",
    "MAX_SUPPORT_PAIRS",
    "NO_ASSUMPTIONS",
    "Derivation",
    "Deviation",
    "MixedSolution",
    "PureProfile",
    "Region",
    "SymbolicDominance",
    "derive",
    "derive_normal_form",
    "ratio_condition",
    "scenario_assumptions",
]

#: The empty set of assumptions (parameters are only known through their symbols' own assumptions).
NO_ASSUMPTIONS = Assumptions()

#: Mixed equilibria are derived when there are at most this many support pairs to solve.
MAX_SUPPORT_PAIRS = 400

#: Regions are enumerated when at most this many undecided inequalities remain (3**k patterns).
MAX_REGION_ATOMS = 6


@dataclass(frozen=True)
class Deviation:
    """Player ``player`` does not gain by switching to ``action``: ``difference >= 0``."""

    player: int
    action: int
    difference: sp.Expr
    verdict: bool | None  # True: never profitable; False: always profitable; None: depends


@dataclass(frozen=True)
class PureProfile:
    """A pure profile, its no-deviation inequalities and the condition for it to be an NE."""

    profile: tuple[int, int]
    labels: tuple[str, str]
    payoffs: tuple[sp.Expr, sp.Expr]
    deviations: tuple[Deviation, ...]
    condition: Condition


@dataclass(frozen=True)
class MixedSolution:
    """A (non-pure) equilibrium candidate on a support pair, in closed form."""

    supports: tuple[tuple[int, ...], tuple[int, ...]]
    strategies: tuple[tuple[sp.Expr, ...], tuple[sp.Expr, ...]]
    payoffs: tuple[sp.Expr, sp.Expr]
    condition: Condition
    indifference: tuple[
        sp.Eq, ...
    ]  # the row player's indifference (in q), then the column's (in p)


@dataclass(frozen=True)
class Region:
    """A cell of the parameter space (a sign pattern of the undecided inequalities)."""

    condition: Condition
    equilibria: tuple[tuple[int, int], ...]
    boundary: bool


@dataclass(frozen=True)
class SymbolicDominance:
    """``player``'s ``action`` is dominated by ``by`` (``kind`` strict or weak) when ``condition``."""

    player: int
    action: int
    by: int
    kind: str
    condition: Condition


@dataclass(frozen=True)
class Derivation:
    """Everything :func:`derive` found, with the game and the assumptions it used."""

    game: NormalFormGame
    assumptions: Assumptions
    pure: tuple[PureProfile, ...]
    regions: tuple[Region, ...] | None
    mixed: tuple[MixedSolution, ...]
    dominance: tuple[SymbolicDominance, ...]
    notes: tuple[str, ...] = field(default=())

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        """The parameters left symbolic, sorted by name."""
        return tuple(sorted(self.game.free_symbols, key=str))

    @property
    def pure_equilibria(self) -> tuple[PureProfile, ...]:
        """The pure profiles that are equilibria for some admissible parameters."""
        return tuple(p for p in self.pure if not p.condition.is_never)

    def at(
        self, values: Mapping[sp.Symbol, Any]
    ) -> list[tuple[tuple[Fraction, ...], tuple[Fraction, ...]]]:
        """The equilibria the derivation predicts at a full parameter point, as exact profiles.

        These are extreme equilibria; at a degenerate point (a region boundary) the game may
        have more, which the numeric solver then also lists.
        """
        vals: dict[sp.Symbol, Any] = {}
        by_name = {s.name: s for s in self.symbols}
        for key, value in values.items():
            symbol = by_name.get(key) if isinstance(key, str) else by_name.get(key.name, key)
            if symbol is not None:
                vals[symbol] = value
        missing = [s.name for s in self.symbols if s not in vals]
        if missing:
            raise ScenarioError(
                f"Derivation.at needs a value for every parameter; missing: {', '.join(missing)}"
            )
        out = []
        m, n = self.game.shape
        for p in self.pure:
            if p.condition.holds_at(vals):
                i, j = p.profile
                out.append((_unit(i, m), _unit(j, n)))
        for sol in self.mixed:
            if sol.condition.holds_at(vals):
                x, y = (
                    tuple(_fraction(sp.simplify(v.xreplace(vals))) for v in s)
                    for s in sol.strategies
                )
                out.append((x, y))
        return out


def _unit(k: int, size: int) -> tuple[Fraction, ...]:
    return tuple(Fraction(int(t == k)) for t in range(size))


def _fraction(v: sp.Expr) -> Fraction:
    if not v.is_Rational:
        raise ScenarioError(f"{v} is not rational")
    return Fraction(int(v.p), int(v.q))


def ratio_condition(expr: sp.Expr, op: str, known: Assumptions) -> Condition:
    """``expr op 0`` as a condition whose atoms are numerator and denominator signs.

    A rational function's sign is the product of its numerator's and denominator's signs, so
    ``num/den > 0`` is ``(num > 0 ∧ den > 0) ∨ (num < 0 ∧ den < 0)``; when the assumptions fix the
    denominator's sign only one clause remains. Linear numerators and denominators keep every
    atom linear, which the exact LP decides.

    Examples
    --------
    >>> a, b = sp.symbols("a b", positive=True)
    >>> ratio_condition(a / (a + b), ">", Assumptions()).status
    'always'
    """
    expr = sp.together(sp.expand(expr))
    num, den = sp.fraction(expr)
    num, den = sp.expand(num), sp.expand(den)
    if op == "==":
        return (
            Condition.all_of([Atom(num, "==")]).simplify(known)
            if not den.is_zero
            else Condition.never()
        )
    den_pos = known.decide(Atom(den, ">"))
    den_neg = known.decide(Atom(-den, ">"))
    clauses: list[tuple[Atom, ...]] = []
    if den_neg is not True:
        clauses.append((Atom(num, op),) + (() if den_pos else (Atom(den, ">"),)))
    if den_pos is not True:
        clauses.append((Atom(-num, op),) + (() if den_neg else (Atom(-den, ">"),)))
    return Condition(tuple(clauses)).simplify(known)


def _pure_profiles(game: NormalFormGame, known: Assumptions) -> tuple[PureProfile, ...]:
    a, b = game.payoffs
    m, n = game.shape
    out = []
    for i, j in product(range(m), range(n)):
        devs = []
        for i2 in range(m):
            if i2 != i:
                devs.append((0, i2, sp.expand(a[i, j] - a[i2, j])))
        for j2 in range(n):
            if j2 != j:
                devs.append((1, j2, sp.expand(b[i, j] - b[i, j2])))
        deviations = tuple(
            Deviation(player, act, diff, known.decide(Atom(diff, ">=")))
            for player, act, diff in devs
        )
        condition = Condition.all_of(Atom(d.difference, ">=") for d in deviations).simplify(known)
        out.append(
            PureProfile(
                profile=(i, j),
                labels=(game.actions[0][i], game.actions[1][j]),
                payoffs=(a[i, j], b[i, j]),
                deviations=deviations,
                condition=condition,
            )
        )
    return tuple(out)


def _normalise(expr: sp.Expr) -> sp.Expr:
    return -expr if expr.could_extract_minus_sign() else expr


def _regions(pure: Sequence[PureProfile], known: Assumptions) -> tuple[Region, ...] | None:
    bases: list[sp.Expr] = []
    for p in pure:
        for atom in p.condition.atoms:
            g = _normalise(atom.expr)
            if g not in bases:
                bases.append(g)
    if len(bases) > MAX_REGION_ATOMS:
        return None
    regions = []
    for signs in product((1, 0, -1), repeat=len(bases)):
        atoms = [
            Atom(g, ">") if s > 0 else Atom(-g, ">") if s < 0 else Atom(g, "==")
            for g, s in zip(bases, signs, strict=True)
        ]
        if known.feasible(atoms) is False:
            continue
        sign_of = dict(zip(bases, signs, strict=True))
        eqs = tuple(
            p.profile
            for p in pure
            if any(
                all(_holds_given(at, sign_of) for at in clause) for clause in p.condition.clauses
            )
        )
        regions.append(Region(Condition.all_of(atoms).simplify(known), eqs, boundary=0 in signs))
    regions.sort(key=lambda r: (r.boundary, len(r.condition.atoms)))
    return tuple(regions)


def _holds_given(atom: Atom, sign_of: Mapping[sp.Expr, int]) -> bool:
    """Whether ``atom`` holds when each base expression has the given sign (+1, 0, -1)."""
    g = _normalise(atom.expr)
    s = sign_of[g] * (1 if g == atom.expr else -1)
    return s > 0 or (s == 0 and atom.op in (">=", "=="))


def _unknown(prefix: str, label: str) -> sp.Symbol:
    """A readable unknown for the derivation's equations: ``q_Honor``, ``u_ICE``."""
    clean = re.sub(r"\W+", "", label) or "x"
    return sp.Dummy(f"{prefix}_{clean}")


def _solve_support(
    own: sp.Matrix,
    rows: Sequence[int],
    cols: Sequence[int],
    names: tuple[Sequence[str], str, str],
) -> tuple[list[sp.Expr], sp.Expr, list[sp.Eq]] | None:
    """The opponent's mixture on ``cols`` making every own action in ``rows`` indifferent.

    ``names`` = (the opponent's action labels, the probability prefix, this player's name) name
    the unknowns of the returned equations (``q_A``, ``u_Row``).
    """
    labels, prefix, player = names
    k = len(cols)
    ys = [_unknown(prefix, labels[c]) for c in cols]
    v = _unknown("u", player)
    eqs = [sp.Eq(sum(own[i, c] * ys[t] for t, c in enumerate(cols)), v) for i in rows]
    eqs.append(sp.Eq(sum(ys), 1))
    matrix, rhs = sp.linear_eq_to_matrix([e.lhs - e.rhs for e in eqs], [*ys, v])
    if matrix.rows != matrix.cols:
        return None
    tidy = factorable(matrix)  # past FACTOR_DIGITS digits sympy's factoring does not finish
    det = sp.factor(matrix.det()) if tidy else sp.cancel(matrix.det())
    if det == 0:
        return None
    solution = matrix.LUsolve(rhs)
    sol = [sp.factor(sp.simplify(s)) if tidy else sp.cancel(s) for s in solution]
    return sol[:k], sol[k], eqs


def _mixed(game: NormalFormGame, known: Assumptions, max_support: int) -> tuple[MixedSolution, ...]:
    a, b = game.payoffs
    bt = b.T
    m, n = game.shape
    out = []
    for k in range(2, min(m, n, max_support) + 1):
        for rows in combinations(range(m), k):
            for cols in combinations(range(n), k):
                ysol = _solve_support(a, rows, cols, (game.actions[1], "q", game.players[0]))
                xsol = _solve_support(bt, cols, rows, (game.actions[0], "p", game.players[1]))
                if ysol is None or xsol is None:
                    continue
                y_vals, u_row, eq_y = ysol
                x_vals, u_col, eq_x = xsol
                x = [sp.S.Zero] * m
                y = [sp.S.Zero] * n
                for t, r in enumerate(rows):
                    x[r] = x_vals[t]
                for t, c in enumerate(cols):
                    y[c] = y_vals[t]
                cond = Condition.always()
                for p in (*x_vals, *y_vals):
                    cond = cond & ratio_condition(p, ">", known)
                    if cond.is_never:
                        break
                for i in (r for r in range(m) if r not in rows):
                    if cond.is_never:
                        break
                    gap = u_row - sum(a[i, c] * y[c] for c in range(n))
                    cond = cond & ratio_condition(gap, ">=", known)
                for j in (c for c in range(n) if c not in cols):
                    if cond.is_never:
                        break
                    gap = u_col - sum(b[r, j] * x[r] for r in range(m))
                    cond = cond & ratio_condition(gap, ">=", known)
                cond = cond.simplify(known)
                out.append(
                    MixedSolution(
                        supports=(rows, cols),
                        strategies=(tuple(x), tuple(y)),
                        payoffs=(sp.factor(u_row), sp.factor(u_col)),
                        condition=cond,
                        indifference=tuple(eq_y + eq_x),
                    )
                )
    return tuple(out)


def _dominance(game: NormalFormGame, known: Assumptions) -> tuple[SymbolicDominance, ...]:
    a, b = game.payoffs
    own = (a, b.T)
    out = []
    for player in (0, 1):
        mat = own[player]
        for i in range(mat.rows):
            for k in range(mat.rows):
                if k == i:
                    continue
                diffs = [sp.expand(mat[k, j] - mat[i, j]) for j in range(mat.cols)]
                strict = Condition.all_of(Atom(d, ">") for d in diffs).simplify(known)
                if not strict.is_never:
                    out.append(SymbolicDominance(player, i, k, "strict", strict))
                weak = Condition.all_of(Atom(d, ">=") for d in diffs) & Condition(
                    tuple((Atom(d, ">"),) for d in diffs)
                )
                weak = weak.simplify(known)
                if not weak.is_never and not (strict.is_always):
                    out.append(SymbolicDominance(player, i, k, "weak", weak))
    return tuple(out)


@lru_cache(maxsize=256)
def derive(
    game: NormalFormGame, assumptions: Assumptions = NO_ASSUMPTIONS, *, max_support: int = 3
) -> Derivation:
    """Derive the equilibrium conditions of a game with symbolic payoffs.

    Results are cached: deriving the same game under the same assumptions twice is free.

    Parameters
    ----------
    game
        A two-player game whose payoffs may contain parameter symbols.
    assumptions
        What is known about the parameters (domains, orderings such as ``T > R``).
    max_support
        Mixed equilibria are derived on support pairs of equal size up to this (3 by default).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> d = derive_normal_form(load_scenario("prisoners_dilemma"))
    >>> [(p.labels, p.condition.status) for p in d.pure]  # doctest: +NORMALIZE_WHITESPACE
    [(('Cooperate', 'Cooperate'), 'never'), (('Cooperate', 'Defect'), 'never'),
     (('Defect', 'Cooperate'), 'never'), (('Defect', 'Defect'), 'always')]
    >>> [s.condition.status for s in d.mixed]
    ['never']
    """
    pure = _pure_profiles(game, assumptions)
    regions = _regions(pure, assumptions)
    notes = []
    if regions is None:
        notes.append(
            f"more than {MAX_REGION_ATOMS} undecided inequalities: regions are not enumerated; "
            "each profile's condition is still exact"
        )
    if game.is_numeric:
        notes.append(
            "the game has no free parameters: `fedlocal solve` gives its complete equilibrium set, "
            "including equilibria on supports of unequal size (degenerate games)"
        )
    m, n = game.shape
    pairs = sum(comb(m, k) * comb(n, k) for k in range(2, min(m, n, max_support) + 1))
    mixed: tuple[MixedSolution, ...] = ()
    if pairs > MAX_SUPPORT_PAIRS:
        notes.append(
            f"mixed equilibria not derived: {pairs} support pairs exceed the limit of {MAX_SUPPORT_PAIRS} "
            "(pure equilibria and dominance are exact)"
        )
    else:
        mixed = _mixed(game, assumptions, max_support)
    if mixed and min(game.shape) > max_support:
        notes.append(f"mixed equilibria derived on supports of size up to {max_support}")
    return Derivation(
        game=game,
        assumptions=assumptions,
        pure=pure,
        regions=regions,
        mixed=mixed,
        dominance=_dominance(game, assumptions),
        notes=tuple(notes),
    )


def scenario_assumptions(scenario: Scenario, values: Mapping[sp.Symbol, sp.Expr]) -> Assumptions:
    """The domains of the parameters left symbolic and the scenario's assumptions at ``values``."""
    atoms: list[Atom] = []
    for p in scenario.parameters:
        if p.symbol in values:
            continue
        # Built directly: ``w > 0`` on a positive symbol would evaluate to True and be lost,
        # but the linear programs need every bound as a constraint.
        d = p.domain
        if d.lower.is_finite:
            atoms.append(Atom(p.symbol - d.lower, ">=" if d.lower_closed else ">"))
        if d.upper.is_finite:
            atoms.append(Atom(d.upper - p.symbol, ">=" if d.upper_closed else ">"))
    for _, rel in scenario.assumptions:
        rel = rel.xreplace(dict(values))
        if rel in (sp.true, sp.false):
            continue  # decided by the values (a failed one is reported by Scenario.failed_assumptions)
        dnf = atom_from_relation(rel)
        if len(dnf) == 1:
            atoms.extend(dnf[0])
    return Assumptions(tuple(atoms))


def derive_normal_form(
    scenario: Scenario, overrides: Mapping[str, Any] | None = None, **options: Any
) -> Derivation:
    """Derive a scenario with ``overrides`` substituted and the other parameters symbolic."""
    values = scenario.values(overrides, partial=True)
    return derive(
        scenario.normal_form.subs(values), scenario_assumptions(scenario, values), **options
    )
