"""Regimes of a repeated stage game: a binding agreement against what patience can hold.

For a two-player stage game (the cooperation–surge game ``surge_pd``):

* **enforceable**: the Nash bargaining solution over the feasible payoffs (the convex hull of the
  stage payoffs: public randomization) with the stage equilibrium as the disagreement point;
* **unenforceable**: the stage equilibrium;
* **partial**: a penalty ``phi`` on each player who departs from the agreed profile; the
  outcome is an equilibrium of the stage game with the penalty;
* **self-enforcing**: the Nash bargaining solution over the subgame-perfect payoff set of the
  repeated game at ``delta`` (Abreu, Pearce & Stacchetti 1990), computed exactly;
* **leader**: each side committing first, to a pure or a mixed strategy (Stackelberg; Conitzer
  & Sandholm 2006).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.analysis.bargaining import BargainingProblem, nash_bargaining
from gametheory.analysis.commitment import stackelberg_mixed, stackelberg_pure
from gametheory.analysis.selection import select_equilibria
from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.scenario import Scenario
from gametheory.numbers import strategy_text
from gametheory.regimes.formulas import fold_definitions, nice, option_number
from gametheory.regimes.outcomes import (
    Figure,
    Regime,
    RegimeComparison,
    RegimeOutcome,
    parameter_pairs,
)
from gametheory.repeated import critical_deltas, spe_payoff_set
from gametheory.repeated.payoff_set import PayoffSet
from gametheory.repeated.roles import discount_symbol
from gametheory.solvers import solve
from gametheory.solvers.adapter import exact_matrices
from gametheory.solvers.result import Equilibrium
from gametheory.symbolic.derive import scenario_assumptions

__all__ = ["compare_stage_game"]


def _q(v: Any) -> sp.Expr:
    return sp.Rational(v.numerator, v.denominator) if isinstance(v, Fraction) else sp.sympify(v)


def _penalised(game: NormalFormGame, profile: tuple[int, int], phi: sp.Expr) -> NormalFormGame:
    """The stage game in which a player who departs from ``profile`` pays ``phi``."""
    a, b = (m.as_mutable() for m in game.payoffs)
    m, n = game.shape
    for i in range(m):
        for j in range(n):
            if i != profile[0]:
                a[i, j] -= phi
            if j != profile[1]:
                b[i, j] -= phi
    return NormalFormGame(
        game.players, game.actions, (sp.ImmutableMatrix(a), sp.ImmutableMatrix(b)), game.title
    )


def _max_formula(parts: list[sp.Expr | None], known: Any) -> sp.Expr | None:
    """``Max`` of readable formulas, or the one formula when the others are decided below it."""
    if any(p is None for p in parts):
        return None
    distinct: list[sp.Expr] = []
    for p in parts:
        if not any(sp.simplify(sp.sympify(p).doit() - sp.sympify(q).doit()) == 0 for q in distinct):
            distinct.append(p)
    if len(distinct) == 1:
        return distinct[0]
    return sp.Max(*distinct, evaluate=False)


_Point = tuple[sp.Expr, sp.Expr]


@dataclasses.dataclass(frozen=True)
class _Stage:
    """The stage game's exact payoff cells and the no-deal point ``d`` (its chosen equilibrium)."""

    game: NormalFormGame
    eq: Equilibrium
    d: tuple[sp.Expr, ...]
    a: Any
    b: Any
    cells: list[tuple[int, int]]
    points: list[tuple[Any, Any]]

    def profile_of(self, point: _Point) -> tuple[int, int] | None:
        """The pure profile whose payoffs are ``point``, if any."""
        for (i, j), pt in zip(self.cells, self.points, strict=True):
            if _q(pt[0]) == point[0] and _q(pt[1]) == point[1]:
                return (i, j)
        return None

    def np_of(self, u: tuple[sp.Expr, ...]) -> sp.Expr:
        """The Nash product of ``u`` against the no-deal point."""
        return sp.expand((u[0] - self.d[0]) * (u[1] - self.d[1]))

    def describe(self, point: _Point) -> str:
        """``point`` as the profile that gives it, or a mix of profiles."""
        prof = self.profile_of(point)
        if prof is not None:
            return f"({self.game.actions[0][prof[0]]}, {self.game.actions[1][prof[1]]})"
        return "a mix of profiles"

    def coop_level(self, point: _Point) -> bool | None:
        """Cooperation at ``point``: ``None`` at the no-deal point, else ``True``."""
        return None if point == self.d else True


def compare_stage_game(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """Compare the regimes of a scenario's stage game, repeated (a ``repeated`` comparison).

    Examples
    --------
    The cooperation–surge game (``surge_pd``): the binding deal is (Cooperate, Restrain) with
    payoffs (-2, 3) and Nash product 4; at delta = 0.45 the best self-enforcing deal is
    (-9/5, 27/10).

    >>> from gametheory import load_scenario
    >>> c = compare_stage_game(load_scenario("surge_pd"), delta="0.45")
    >>> [str(u) for u in c.outcome("enforceable").payoffs], c.outcome("enforceable").nash_product
    (['-2', '3'], Fraction(4, 1))
    >>> c.outcome("self-enforcing").payoffs
    (Fraction(-9, 5), Fraction(27, 10))
    """
    game = scenario.game_at(overrides)
    players = game.players
    values = scenario.values(overrides)
    dsym = discount_symbol(scenario)
    delta_value, phi_value = _options(values, dsym, delta, penalty)
    stage, diagnostics = _no_deal_point(game)
    outcomes, e_pt, more = _enforceable(stage, players)
    diagnostics += more
    agreement = stage.profile_of(e_pt)
    outcomes.append(_unenforceable(stage))
    if phi_value is not None and agreement is not None:
        outcomes.append(_partial(stage, agreement, phi_value, e_pt))
    pset = None
    if delta_value is not None:
        pset = spe_payoff_set(game, delta_value)
        outcomes.append(_self_enforcing(stage, pset, dsym, delta_value, e_pt))
    outcomes += _leaders(stage)
    figures = _cost_figures(players, outcomes, e_pt, delta_value)
    if agreement is not None:
        figures += _agreement_figures(scenario, overrides, stage, agreement, e_pt, dsym)
    figures += _critical_figures(game, dsym)
    if pset is not None:
        diagnostics += list(pset.diagnostics)[:2]
    figures = [fold_definitions(f, scenario) for f in figures]
    return RegimeComparison(
        scenario=scenario.name,
        kind="repeated",
        players=tuple(players),
        parameters=parameter_pairs(values),
        disagreement=stage.d,
        outcomes=tuple(outcomes),
        figures=tuple(figures),
        symbols=tuple((p.symbol, p.latex) for p in scenario.parameters if p.latex),
        method="exact: Nash bargaining over the feasible set and over the SPE payoff set",
        exact=pset.exact if pset is not None else True,
        diagnostics=tuple(diagnostics),
    )


def _options(
    values: Mapping[sp.Symbol, Any], dsym: sp.Symbol, delta: Any, penalty: Any
) -> tuple[Any, sp.Expr | None]:
    """The discount factor (``--delta``, else the parameter's value) and the penalty, checked."""
    delta_value = None
    if delta is not None:
        delta_value = option_number(delta, "--delta")
        if not (delta_value.is_number and delta_value.is_real and 0 < delta_value < 1):
            raise ScenarioError(
                f"expected a discount factor in (0, 1), got {delta_value}", key="--delta"
            )
    elif dsym in values:
        delta_value = values[dsym]
    phi_value = None
    if penalty is not None:
        phi_value = option_number(penalty, "--penalty")
        if not (phi_value.is_number and phi_value.is_real and phi_value >= 0):
            raise ScenarioError(f"expected a nonnegative penalty, got {phi_value}", key="--penalty")
    return delta_value, phi_value


def _no_deal_point(game: NormalFormGame) -> tuple[_Stage, list[str]]:
    """The stage game with its no-deal point: the selected stage equilibrium, and why."""
    stage = solve(game)
    chosen = select_equilibria(game, stage.equilibria)
    diagnostics: list[str] = []
    if chosen.chosen is not None:
        eq = stage.equilibria[chosen.chosen]
        if len(stage.equilibria) > 1:
            diagnostics.append(
                f"several stage equilibria; the no-deal point is the one selected by "
                f"{chosen.criterion}: {chosen.reason}"
            )
    else:
        # No criterion singles one out (battle of the sexes, chicken): without an agreement
        # nothing coordinates the players either, so the no-deal point is the equilibrium with the
        # least joint payoff (the mixed one in these games), the pessimistic reading.
        eq = min(stage.equilibria, key=lambda e: (e.payoffs[0] + e.payoffs[1], e.strategies))
        diagnostics.append(
            f"several stage equilibria and no selection criterion singles one out "
            f"({chosen.reason}); the no-deal point is the one with the least joint payoff"
        )
    d = tuple(_q(u) for u in eq.payoffs)
    a, b = exact_matrices(game)
    m, n = game.shape
    cells = [(i, j) for i in range(m) for j in range(n)]
    points = [(a[i][j], b[i][j]) for i, j in cells]
    return _Stage(game, eq, d, a, b, cells, points), diagnostics


def _enforceable(
    stage: _Stage, players: Sequence[str]
) -> tuple[list[RegimeOutcome], _Point, list[str]]:
    """The enforceable regime: Nash bargaining over the feasible payoffs (Nash 1950).

    Returns the outcomes so far, the agreed payoffs and a diagnostic when nothing beats the
    no-deal point.
    """
    d = stage.d
    diagnostics: list[str] = []
    try:
        nbs = nash_bargaining(BargainingProblem.from_points(stage.points, d))
        e_pt = (_q(nbs.point[0]), _q(nbs.point[1]))
    except ValueError:  # nothing feasible beats the stage equilibrium for both players
        e_pt = (d[0], d[1])
        diagnostics.append(
            "no feasible payoff gives both players more than the stage equilibrium chosen as the "
            "no-deal point, so a binding agreement adds nothing: that equilibrium is already "
            "efficient"
        )
    outcome = RegimeOutcome(
        Regime.ENFORCEABLE,
        "enforceable",
        stage.describe(e_pt),
        e_pt,
        stage.coop_level(e_pt),
        None,
        stage.np_of(e_pt),
        f"With a binding agreement the two sides settle on {stage.describe(e_pt)}: {players[0]} "
        f"gets {e_pt[0]} and {players[1]} {e_pt[1]}, against {d[0]} and {d[1]} in the "
        "standoff.",
        method="Nash bargaining over the feasible payoffs, the stage equilibrium as "
        "disagreement point",
    )
    return [outcome], e_pt, diagnostics


def _unenforceable(stage: _Stage) -> RegimeOutcome:
    """The unenforceable regime: the stage equilibrium."""
    game, eq, d = stage.game, stage.eq, stage.d
    ne_text = f"({', '.join(strategy_text(game.actions[k], eq.strategies[k]) for k in (0, 1))})"
    return RegimeOutcome(
        Regime.UNENFORCEABLE,
        "unenforceable",
        ne_text,
        d,
        False,
        None,
        sp.Integer(0),
        f"Without enforcement each side plays its stage-game best response: {ne_text}, "
        f"payoffs ({d[0]}, {d[1]}).",
        method="Nash equilibrium of the stage game",
    )


def _partial(
    stage: _Stage, agreement: tuple[int, int], phi_value: sp.Expr, e_pt: _Point
) -> RegimeOutcome:
    """The partial regime: an equilibrium of the stage game with a penalty on departures."""
    game = stage.game
    m, n = game.shape
    pg = _penalised(game, agreement, phi_value)
    pres = solve(pg)
    psel = select_equilibria(pg, pres.equilibria)
    peq = pres.equilibria[psel.chosen] if psel.chosen is not None else pres.equilibria[0]
    # Payoffs are those of the original game: the penalty is paid only by a deviator.
    pay = tuple(
        _q(
            sum(
                peq.strategies[0][i] * peq.strategies[1][j] * (stage.a, stage.b)[k][i][j]
                for i in range(m)
                for j in range(n)
            )
        )
        for k in (0, 1)
    )
    text = f"({', '.join(strategy_text(game.actions[k], peq.strategies[k]) for k in (0, 1))})"
    made = pay == e_pt
    return RegimeOutcome(
        Regime.PARTIAL,
        f"penalty {phi_value}",
        text,
        pay,
        made,
        None,
        stage.np_of(pay),
        (
            f"With an expected penalty of {phi_value} on departing from the agreement it "
            + ("holds: " if made else "does not hold: ")
            + f"{text}."
        ),
        (("phi", phi_value),),
        "stage game with a penalty on departures",
    )


def _self_enforcing(
    stage: _Stage, pset: PayoffSet, dsym: sp.Symbol, delta_value: Any, e_pt: _Point
) -> RegimeOutcome:
    """The self-enforcing regime: Nash bargaining over the SPE payoff set at ``delta``.

    The payoff set is that of Abreu, Pearce & Stacchetti (1990), computed exactly.
    """
    d = stage.d
    if pset.vertices and not pset.is_point:
        point, _ = pset.max_nash_product(d)
        s_pt = (_q(point[0]), _q(point[1]))
    else:
        s_pt = d
    exact_note = "" if pset.exact else " (float, not verified exactly)"
    return RegimeOutcome(
        Regime.SELF_ENFORCING,
        f"repeated, {dsym.name} = {delta_value}",
        stage.describe(s_pt),
        s_pt,
        stage.coop_level(s_pt),
        None,
        stage.np_of(s_pt),
        (
            f"With {dsym.name} = {delta_value} the best self-enforcing deal gives "
            f"({s_pt[0]}, {s_pt[1]}){exact_note}"
            + (
                ": patience sustains the binding deal."
                if s_pt == e_pt
                else ": nothing better than the standoff is self-enforcing."
                if s_pt == d
                else ", short of the binding deal."
            )
        ),
        ((dsym.name, delta_value),),
        f"Nash bargaining over the SPE payoff set ({pset.method})",
    )


def _leaders(stage: _Stage) -> list[RegimeOutcome]:
    """The leader regimes: each side committing first, to a pure or a mixed strategy.

    Stackelberg commitment; the mixed one as in Conitzer & Sandholm (2006).
    """
    game = stage.game
    players = game.players
    outcomes = []
    for leader in (1, 0):
        pure, mixed = stackelberg_pure(game, leader), stackelberg_mixed(game, leader)
        c = mixed if mixed.leader_value > pure.leader_value else pure
        pay = (_q(c.payoffs[0]), _q(c.payoffs[1]))
        strat = strategy_text(game.actions[leader], c.strategy)
        reply = game.actions[1 - leader][c.follower_action]
        outcomes.append(
            RegimeOutcome(
                Regime.LEADER,
                f"{players[leader]} commits",
                f"{strat}; {reply}",
                pay,
                None,
                None,
                stage.np_of(pay),
                (
                    f"If {players[leader]} could commit first it would play {strat} and "
                    f"{players[1 - leader]} would answer {reply}: payoffs ({pay[0]}, {pay[1]}); "
                    f"commitment gains it {_q(c.leader_value - c.nash_value)}."
                ),
                method=c.method,
            )
        )
    return outcomes


def _cost_figures(
    players: Sequence[str], outcomes: Sequence[RegimeOutcome], e_pt: _Point, delta_value: Any
) -> list[Figure]:
    """The cost of unenforceability, in Nash product and to each side."""
    best_se = outcomes[1]
    if delta_value is not None:
        best_se = next(o for o in outcomes if o.regime is Regime.SELF_ENFORCING)
    figures = [
        Figure(
            "cost_of_unenforceability",
            "Nash product of the binding deal minus that of the best self-enforcing outcome",
            sp.expand(_product(outcomes[0]) - _product(best_se)),
        )
    ]
    for i, name in enumerate(players):
        figures.append(
            Figure(
                f"cost_{name}",
                f"what {name} loses without enforcement",
                sp.expand(e_pt[i] - best_se.payoffs[i]),
            )
        )
    return figures


def _deviation_gains(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None,
    stage: _Stage,
    agreement: tuple[int, int],
) -> tuple[list[Any], list[tuple[Any, Any]]]:
    """Each player's gain from its best departure from ``agreement``, with closed forms.

    The closed forms are ``(gain, best departure minus stage-equilibrium payoff)``, the second
    ``None`` when the stage equilibrium is mixed.
    """
    game, eq = stage.game, stage.eq
    m, n = game.shape
    sym = scenario.substitute(overrides)
    i0, j0 = agreement
    gains, formulas = [], []
    for k in (0, 1):
        own = game.payoffs[k]
        dev = [own[i, j0] for i in range(m)] if k == 0 else [own[i0, j] for j in range(n)]
        best_dev = max(dev)
        gains.append(best_dev - own[i0, j0])
        idx = dev.index(best_dev)
        cell = (idx, j0) if k == 0 else (i0, idx)
        su = sym.payoffs[k]
        num = su[cell] - su[i0, j0]
        ds = sym.subs({}).payoffs[k][eq.pure_profile()] if eq.pure else None
        formulas.append((num, None if ds is None else su[cell] - ds))
    return gains, formulas


def _agreement_figures(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None,
    stage: _Stage,
    agreement: tuple[int, int],
    e_pt: _Point,
    dsym: sp.Symbol,
) -> list[Figure]:
    """The penalty and the discount factors that make the binding agreement self-enforcing."""
    gains, formulas = _deviation_gains(scenario, overrides, stage, agreement)
    known = scenario_assumptions(scenario, scenario.values(overrides, partial=True))
    figures = [
        Figure(
            "penalty_needed",
            "the smallest expected penalty on departures that makes the binding "
            "agreement a stage equilibrium",
            max(sp.Integer(0), *gains),
            sp.Max(*(f[0] for f in formulas)) if all(f[0] is not None for f in formulas) else None,
        )
    ]
    thresholds, t_formulas = [], []
    for k in (0, 1):
        g_k = gains[k]
        loss = sp.expand(e_pt[k] - stage.d[k])
        thresholds.append(
            sp.Integer(0) if g_k <= 0 else (g_k / (g_k + loss) if g_k + loss > 0 else None)
        )
        num, den = formulas[k]
        if g_k <= 0:  # no gain from deviating: self-enforcing at any delta
            t_formulas.append(sp.Integer(0))
        elif den is None or sp.expand(den) == 0:
            t_formulas.append(None)
        else:
            t_formulas.append(nice(num / den, known=known))
    t_ok = [t for t in thresholds if t is not None]
    figures.append(
        Figure(
            "delta_enforceable_deal",
            f"the smallest {dsym.name} at which the binding agreement is "
            "self-enforcing (grim reversion to the stage equilibrium)",
            max(t_ok) if len(t_ok) == 2 else None,
            sp.Max(*t_formulas) if all(t is not None for t in t_formulas) else None,
        )
    )
    for k, name in enumerate(stage.game.players):
        figures.append(
            Figure(f"delta_{name}", f"{name}'s own threshold", thresholds[k], t_formulas[k])
        )
    return figures


def _critical_figures(game: NormalFormGame, dsym: sp.Symbol) -> list[Figure]:
    """The discount factors at which the SPE payoff set first grows, and becomes full."""
    crit = critical_deltas(game)
    return [
        Figure(
            "delta_any_deal",
            f"the smallest {dsym.name} at which anything better "
            "than the standoff is self-enforcing (the SPE payoff set grows)",
            crit.first,
            None,
            "" if crit.first_exact else "numerical from below",
        ),
        Figure(
            "delta_full_set",
            f"the smallest {dsym.name} at which every feasible, "
            "individually rational payoff is self-enforcing",
            crit.full,
        ),
    ]


def _product(outcome: RegimeOutcome) -> Any:
    """An outcome's Nash product, which every regime of a stage game has."""
    if outcome.nash_product is None:  # pragma: no cover - set for every stage-game regime
        raise UnsupportedGameError(f"the {outcome.label} regime has no Nash product")
    return outcome.nash_product
