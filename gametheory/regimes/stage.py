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

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.analysis.bargaining import BargainingProblem, nash_bargaining
from gametheory.analysis.commitment import stackelberg_mixed, stackelberg_pure
from gametheory.analysis.selection import select_equilibria
from gametheory.exceptions import ScenarioError
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
from gametheory.repeated.roles import discount_symbol
from gametheory.solvers import solve
from gametheory.solvers.adapter import exact_matrices
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

    def profile_of(point: tuple[sp.Expr, sp.Expr]) -> tuple[int, int] | None:
        for (i, j), pt in zip(cells, points, strict=True):
            if _q(pt[0]) == point[0] and _q(pt[1]) == point[1]:
                return (i, j)
        return None

    def np_of(u: tuple[sp.Expr, ...]) -> sp.Expr:
        return sp.expand((u[0] - d[0]) * (u[1] - d[1]))

    def describe(point: tuple[sp.Expr, sp.Expr]) -> str:
        prof = profile_of(point)
        if prof is not None:
            return f"({game.actions[0][prof[0]]}, {game.actions[1][prof[1]]})"
        return "a mix of profiles"

    def coop_level(point: tuple[sp.Expr, sp.Expr]) -> bool | None:
        return None if point == d else True

    outcomes: list[RegimeOutcome] = []
    try:
        nbs = nash_bargaining(BargainingProblem.from_points(points, d))
        e_pt = (_q(nbs.point[0]), _q(nbs.point[1]))
    except ValueError:  # nothing feasible beats the stage equilibrium for both players
        e_pt = (d[0], d[1])
        diagnostics.append(
            "no feasible payoff gives both players more than the stage equilibrium chosen as the "
            "no-deal point, so a binding agreement adds nothing: that equilibrium is already "
            "efficient"
        )
    agreement = profile_of(e_pt)
    outcomes.append(
        RegimeOutcome(
            Regime.ENFORCEABLE,
            "enforceable",
            describe(e_pt),
            e_pt,
            coop_level(e_pt),
            None,
            np_of(e_pt),
            f"With a binding agreement the two sides settle on {describe(e_pt)}: {players[0]} "
            f"gets {e_pt[0]} and {players[1]} {e_pt[1]}, against {d[0]} and {d[1]} in the "
            "standoff.",
            method="Nash bargaining over the feasible payoffs, the stage equilibrium as "
            "disagreement point",
        )
    )
    ne_text = f"({', '.join(strategy_text(game.actions[k], eq.strategies[k]) for k in (0, 1))})"
    outcomes.append(
        RegimeOutcome(
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
    )
    if phi_value is not None and agreement is not None:
        pg = _penalised(game, agreement, phi_value)
        pres = solve(pg)
        psel = select_equilibria(pg, pres.equilibria)
        peq = pres.equilibria[psel.chosen] if psel.chosen is not None else pres.equilibria[0]
        # Payoffs are those of the original game: the penalty is paid only by a deviator.
        pay = tuple(
            _q(
                sum(
                    peq.strategies[0][i] * peq.strategies[1][j] * (a, b)[k][i][j]
                    for i in range(m)
                    for j in range(n)
                )
            )
            for k in (0, 1)
        )
        text = f"({', '.join(strategy_text(game.actions[k], peq.strategies[k]) for k in (0, 1))})"
        made = pay == e_pt
        outcomes.append(
            RegimeOutcome(
                Regime.PARTIAL,
                f"penalty {phi_value}",
                text,
                pay,
                made,
                None,
                np_of(pay),
                (
                    f"With an expected penalty of {phi_value} on departing from the agreement it "
                    + ("holds: " if made else "does not hold: ")
                    + f"{text}."
                ),
                (("phi", phi_value),),
                "stage game with a penalty on departures",
            )
        )
    pset = None
    if delta_value is not None:
        pset = spe_payoff_set(game, delta_value)
        if pset.vertices and not pset.is_point:
            point, _ = pset.max_nash_product(d)
            s_pt = (_q(point[0]), _q(point[1]))
        else:
            s_pt = d
        exact_note = "" if pset.exact else " (float, not verified exactly)"
        outcomes.append(
            RegimeOutcome(
                Regime.SELF_ENFORCING,
                f"repeated, {dsym.name} = {delta_value}",
                describe(s_pt),
                s_pt,
                coop_level(s_pt),
                None,
                np_of(s_pt),
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
        )
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
                np_of(pay),
                (
                    f"If {players[leader]} could commit first it would play {strat} and "
                    f"{players[1 - leader]} would answer {reply}: payoffs ({pay[0]}, {pay[1]}); "
                    f"commitment gains it {_q(c.leader_value - c.nash_value)}."
                ),
                method=c.method,
            )
        )
    figures: list[Figure] = []
    best_se = outcomes[1]
    if delta_value is not None:
        best_se = next(o for o in outcomes if o.regime is Regime.SELF_ENFORCING)
    figures.append(
        Figure(
            "cost_of_unenforceability",
            "Nash product of the binding deal minus that of the best self-enforcing outcome",
            sp.expand(outcomes[0].nash_product - best_se.nash_product),
        )
    )
    for i, name in enumerate(players):
        figures.append(
            Figure(
                f"cost_{name}",
                f"what {name} loses without enforcement",
                sp.expand(e_pt[i] - best_se.payoffs[i]),
            )
        )
    if agreement is not None:
        sym = scenario.substitute(overrides)
        known = scenario_assumptions(scenario, scenario.values(overrides, partial=True))
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
        figures.append(
            Figure(
                "penalty_needed",
                "the smallest expected penalty on departures that makes the binding "
                "agreement a stage equilibrium",
                max(sp.Integer(0), *gains),
                sp.Max(*(f[0] for f in formulas))
                if all(f[0] is not None for f in formulas)
                else None,
            )
        )
        thresholds, t_formulas = [], []
        for k in (0, 1):
            g_k = gains[k]
            loss = sp.expand(e_pt[k] - d[k])
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
        for k, name in enumerate(players):
            figures.append(
                Figure(f"delta_{name}", f"{name}'s own threshold", thresholds[k], t_formulas[k])
            )
    crit = critical_deltas(game)
    figures.append(
        Figure(
            "delta_any_deal",
            f"the smallest {dsym.name} at which anything better "
            "than the standoff is self-enforcing (the SPE payoff set grows)",
            crit.first,
            None,
            "" if crit.first_exact else "numerical from below",
        )
    )
    figures.append(
        Figure(
            "delta_full_set",
            f"the smallest {dsym.name} at which every feasible, "
            "individually rational payoff is self-enforcing",
            crit.full,
        )
    )
    if pset is not None:
        diagnostics += list(pset.diagnostics)[:2]
    figures = [fold_definitions(f, scenario) for f in figures]
    params = parameter_pairs(values)
    return RegimeComparison(
        scenario=scenario.name,
        kind="repeated",
        players=tuple(players),
        parameters=params,
        disagreement=d,
        outcomes=tuple(outcomes),
        figures=tuple(figures),
        symbols=tuple((p.symbol, p.latex) for p in scenario.parameters if p.latex),
        method="exact: Nash bargaining over the feasible set and over the SPE payoff set",
        exact=pset.exact if pset is not None else True,
        diagnostics=tuple(diagnostics),
    )
