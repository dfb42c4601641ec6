"""Regimes given as parameter changes: an indemnification contract, locked-in terms.

Some institutions act on a game by changing its payoffs: a binding indemnification contract
moves the liability of a detainer hold from the county to ICE (``pi -> 0``); a statute that locks
in the terms of a deal keeps the county's future share from falling (``w1 -> xbar``). Each
``[compare.regimes.NAME]`` table names the regime it stands for and the parameters it changes.
For each regime this module solves the game (subgame-perfect equilibrium of the tree, or the
selected Nash equilibrium of the strategic form), says whether the deal outcome is reached, and
solves the condition for the deal for one *threshold* parameter, exactly at the values and as a
closed form in the parameters: ``sigma >= (kappa + lam + tau)/(psi*v)``, or
``delta <= (xbar - w0)/(xbar - w1)`` where more patience makes the deal harder.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.compare import RegimeSpec
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree
from gametheory.regimes.formulas import (
    bounds_text,
    fold_definitions,
    option_number,
    threshold_bounds,
)
from gametheory.regimes.outcomes import (
    Figure,
    Regime,
    RegimeComparison,
    RegimeOutcome,
    parameter_pairs,
)
from gametheory.regimes.verifiable import compare_game_regimes
from gametheory.repeated.roles import discount_symbol
from gametheory.solvers.backward_induction import backward_induction
from gametheory.symbolic.conditions import Condition
from gametheory.symbolic.derive import scenario_assumptions
from gametheory.symbolic.simplify import simplify_condition

__all__ = ["compare_parameter_regimes", "threshold_bounds"]


def _without_first_move(tree: GameTree, action: str) -> GameTree | None:
    """``tree`` without the root's ``action`` and everything below it (``None``: nothing left)."""
    root = tree.root
    if root.kind != "decision" or len(root.actions) < 2:
        return None
    keep = tuple(a for a in root.actions if a != action)
    nodes = [dataclasses.replace(root, actions=keep)] + [
        n for n in tree.nodes if n.history and n.history[0] != action
    ]
    return GameTree(tree.players, tuple(nodes), title=tree.title)


def _no_deal(
    tree: GameTree,
    outcome: tuple[str, ...],
    results: list[tuple[RegimeSpec, dict[sp.Symbol, sp.Expr], Any, bool]],
    diagnostics: list[str],
) -> tuple[sp.Expr, ...]:
    """The disagreement point: the unenforceable regime's outcome when that is not the deal;
    when it is (the deal holds even without enforcement), what the root player gets by not
    making the deal (the subgame-perfect outcome of the tree without the deal's first move)."""
    regime, rv, eq, reached = next(r for r in results if r[0].kind == "unenforceable")
    if not reached:
        return tuple(eq.payoffs)
    rest = _without_first_move(tree, outcome[0])
    if rest is None:
        diagnostics.append(
            "the deal is reached without enforcement and the root has no other move: the "
            "Nash products are measured from the unenforceable outcome"
        )
        return tuple(eq.payoffs)
    alt = backward_induction(rest.subs(rv))[0]
    diagnostics.append(
        f"{regime.name} reaches the deal, so the no-deal point is the outcome without it "
        f"({'/'.join(alt.path)})"
    )
    return tuple(alt.payoffs)


def _checked(scenario: Scenario, name: str, raw: Any, key: str) -> sp.Expr:
    """The value given to option ``key`` for parameter ``name``, checked against its domain."""
    try:
        return scenario.parameter(name).check(option_number(raw, key))
    except ScenarioError as err:
        raise err.located(key=key) from None


def _name_of(scenario: Scenario, symbol: sp.Symbol) -> str:
    return next(p.name for p in scenario.parameters if p.symbol == symbol)


def _regime_values(
    scenario: Scenario, base: dict[sp.Symbol, sp.Expr], regime: RegimeSpec
) -> dict[sp.Symbol, sp.Expr]:
    values = dict(base)
    for name, formula in regime.set:
        values[scenario.parameter(name).symbol] = sp.sympify(formula).xreplace(base)
    return values


def compare_parameter_regimes(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """Compare regimes given as parameter changes (a ``regimes`` comparison).

    ``delta`` sets the scenario's discount parameter (named ``delta``) when it has one;
    ``penalty`` its penalty parameter.

    Examples
    --------
    Detainers and liability (``detainer_liability``): without indemnification the jail honors only
    detainers with sigma >= 1/5, so Secure Communities' (sigma = 0.14) are declined; indemnified,
    the bar falls to 1/10 and they are honored.

    >>> from gametheory import load_scenario
    >>> c = compare_parameter_regimes(load_scenario("detainer_liability"))
    >>> [(o.label, o.cooperates) for o in c.outcomes]
    [('assurance', False), ('shared_liability', False), ('indemnified', True), ('reimbursed', True)]
    >>> [str(f.value) for f in c.figures if f.key.startswith("threshold_")]
    ['1/5', '3/20', '1/10', '1/20']
    """
    spec = scenario.compare
    tree = scenario.tree
    if spec is None or spec.kind != "regimes":
        raise UnsupportedGameError(f"scenario {scenario.name!r} has no [compare] regimes section")
    if tree is None and scenario.game is not None:
        over = dict(overrides or {})
        if penalty is not None and spec.penalty is not None:
            over[spec.penalty] = penalty
        theta_g = scenario.parameter(spec.threshold).symbol if spec.threshold else None
        return compare_game_regimes(scenario, scenario.values(over, label="--set"), theta_g)
    if tree is None or not tree.perfect_information:
        raise UnsupportedGameError(
            "parameter regimes are compared on perfect-information trees and strategic-form games"
        )
    over = dict(overrides or {})
    values = scenario.values(over, label="--set")
    if delta is not None:
        dsym = discount_symbol(scenario)
        if dsym not in values:
            raise ScenarioError(
                f"scenario {scenario.name!r} has no discount-factor parameter", key="--delta"
            )
        values[dsym] = _checked(scenario, _name_of(scenario, dsym), delta, "--delta")
    if penalty is not None:
        if spec.penalty is None:
            raise ScenarioError(
                f"scenario {scenario.name!r} has no penalty parameter", key="--penalty"
            )
        values[scenario.parameter(spec.penalty).symbol] = _checked(
            scenario, spec.penalty, penalty, "--penalty"
        )
    theta = scenario.parameter(spec.threshold).symbol if spec.threshold else None
    players = tree.players
    outcomes: list[RegimeOutcome] = []
    figures: list[Figure] = []
    diagnostics: list[str] = []
    results = []
    for regime in spec.regimes:
        rv = _regime_values(scenario, values, regime)
        spe = backward_induction(tree.subs(rv))
        if len(spe) > 1:
            diagnostics.append(
                f"{regime.name}: {len(spe)} subgame-perfect equilibria (ties); the "
                "first is reported"
            )
        eq = spe[0]
        reached = tuple(eq.path[: len(spec.outcome)]) == spec.outcome
        results.append((regime, rv, eq, reached))
    d = _no_deal(tree, spec.outcome, results, diagnostics)

    def np_of(u: tuple[sp.Expr, ...]) -> sp.Expr:
        return sp.expand((u[0] - d[0]) * (u[1] - d[1]))

    deal_text = "/".join(spec.outcome)
    for regime, rv, eq, reached in results:
        changed = ", ".join(f"{n} = {rv[scenario.parameter(n).symbol]}" for n, _ in regime.set)
        bound_text = ""
        if theta is not None:
            partial = {s: v for s, v in rv.items() if s != theta}
            sym_tree = tree.subs(partial)
            known = scenario_assumptions(scenario, partial)
            cond = Condition.never()
            for e in backward_induction(sym_tree, known):
                if tuple(e.path[: len(spec.outcome)]) == spec.outcome:
                    cond = cond | e.condition
            cond = cond.simplify(known)
            bounds = threshold_bounds(cond, theta, known)
            bound_text = bounds_text(theta.name, bounds, cond, known)
            # The closed form with every parameter symbolic (the regime's changes applied).
            sym_values = {scenario.parameter(n).symbol: f for n, f in regime.set}
            sym_tree_all = tree.subs(sym_values)
            known_all = scenario_assumptions(scenario, {})
            cond_all = Condition.never()
            for e in backward_induction(sym_tree_all, known_all):
                if tuple(e.path[: len(spec.outcome)]) == spec.outcome:
                    cond_all = cond_all | e.condition
            cond_all = cond_all.simplify(known_all)
            formula_bounds = threshold_bounds(cond_all, theta, known_all)
            value = bounds[0][1] if bounds and len(bounds) == 1 else None
            formula = formula_bounds[0][1] if formula_bounds and len(formula_bounds) == 1 else None
            op = (
                bounds[0][0]
                if bounds and len(bounds) == 1
                else (formula_bounds[0][0] if formula_bounds and len(formula_bounds) == 1 else "")
            )
            figures.append(
                Figure(
                    f"threshold_{regime.name}",
                    f"{regime.name}: the deal ({deal_text}) is reached iff {theta.name} {op} this "
                    "value"
                    if op
                    else f"{regime.name}: where the deal ({deal_text}) is reached",
                    value,
                    formula,
                    bound_text,
                    threshold=simplify_condition(cond, known),
                )
            )
        kind = Regime(regime.kind)
        sentence = (
            f"{regime.description[0].upper()}{regime.description[1:]}"
            + (f" ({changed})" if changed else "")
            + f": {players[tree.root.player or 0]} plays {'/'.join(eq.path)}"
            + (
                ""
                if not bound_text
                else f"; the deal ({deal_text}) is reached at {bound_text}"
                if bound_text.startswith("any ")
                else f"; {bound_text} reaches the deal ({deal_text})"
                if bound_text.startswith("no ")
                else f"; the deal ({deal_text}) needs {bound_text}"
            )
            + "."
        )
        outcomes.append(
            RegimeOutcome(
                kind,
                regime.name,
                "/".join(eq.path),
                tuple(eq.payoffs),
                reached,
                None,
                np_of(tuple(eq.payoffs)),
                sentence,
                tuple((n, rv[scenario.parameter(n).symbol]) for n, _ in regime.set),
                "subgame-perfect equilibrium (backward induction)",
            )
        )
    enf = [o for o in outcomes if o.regime is Regime.ENFORCEABLE]
    une = next(o for o in outcomes if o.regime is Regime.UNENFORCEABLE)
    for i, name in enumerate(players):
        figures.append(
            Figure(
                f"cost_{name}",
                f"what {name} loses without enforcement (the first "
                "enforceable regime against the unenforceable one)",
                sp.expand(enf[0].payoffs[i] - une.payoffs[i]),
            )
        )

    figures = [fold_definitions(f, scenario) for f in figures]
    params = parameter_pairs(values)
    return RegimeComparison(
        scenario=scenario.name,
        kind="regimes",
        players=tuple(players),
        parameters=params,
        disagreement=tuple(d),
        outcomes=tuple(outcomes),
        figures=tuple(figures),
        symbols=tuple((p.symbol, p.latex) for p in scenario.parameters if p.latex),
        method="exact: backward induction under each regime's parameters; the deal's condition "
        "solved for the threshold parameter",
        diagnostics=tuple(diagnostics),
    )
