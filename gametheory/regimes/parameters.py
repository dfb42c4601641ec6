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
from gametheory.model.compare import CompareSpec, RegimeSpec
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree
from gametheory.numbers import exact_number
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
from gametheory.solvers.spe import SubgamePerfectEquilibrium
from gametheory.symbolic.conditions import Assumptions, Condition
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


def _payoffs(eq: SubgamePerfectEquilibrium) -> tuple[sp.Expr, ...]:
    """The equilibrium's payoffs as sympy numbers or formulas (the comparison computes with them)."""
    return tuple(exact_number(u) for u in eq.payoffs)


def _no_deal(
    tree: GameTree,
    outcome: tuple[str, ...],
    results: list[tuple[RegimeSpec, dict[sp.Symbol, sp.Expr], SubgamePerfectEquilibrium, bool]],
    diagnostics: list[str],
) -> tuple[sp.Expr, ...]:
    """The disagreement point: the unenforceable regime's outcome when that is not the deal;
    when it is (the deal holds even without enforcement), what the root player gets by not
    making the deal (the subgame-perfect outcome of the tree without the deal's first move)."""
    regime, rv, eq, reached = next(r for r in results if r[0].kind == "unenforceable")
    if not reached:
        return _payoffs(eq)
    rest = _without_first_move(tree, outcome[0])
    if rest is None:
        diagnostics.append(
            "the deal is reached without enforcement and the root has no other move: the "
            "Nash products are measured from the unenforceable outcome"
        )
        return _payoffs(eq)
    alt = backward_induction(rest.subs(rv))[0]
    diagnostics.append(
        f"{regime.name} reaches the deal, so the no-deal point is the outcome without it "
        f"({'/'.join(alt.path)})"
    )
    return _payoffs(alt)


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
    values = _option_values(scenario, spec, overrides, delta, penalty)
    theta = scenario.parameter(spec.threshold).symbol if spec.threshold else None
    diagnostics: list[str] = []
    results = _solve_regimes(tree, scenario, spec, values, diagnostics)
    d = _no_deal(tree, spec.outcome, results, diagnostics)
    outcomes: list[RegimeOutcome] = []
    figures: list[Figure] = []
    for regime, rv, eq, reached in results:
        bound_text = ""
        if theta is not None:
            figure, bound_text = _threshold_figure(scenario, tree, spec, regime, rv, theta)
            figures.append(figure)
        outcomes.append(
            _regime_outcome(scenario, tree, spec, regime, rv, eq, reached, bound_text, d)
        )
    figures.extend(_cost_figures(tree.players, outcomes))
    figures = [fold_definitions(f, scenario) for f in figures]
    return RegimeComparison(
        scenario=scenario.name,
        kind="regimes",
        players=tuple(tree.players),
        parameters=parameter_pairs(values),
        disagreement=tuple(d),
        outcomes=tuple(outcomes),
        figures=tuple(figures),
        symbols=tuple((p.symbol, p.latex) for p in scenario.parameters if p.latex),
        method="exact: backward induction under each regime's parameters; the deal's condition "
        "solved for the threshold parameter",
        diagnostics=tuple(diagnostics),
    )


def _option_values(
    scenario: Scenario,
    spec: CompareSpec,
    overrides: Mapping[str, Any] | None,
    delta: Any,
    penalty: Any,
) -> dict[sp.Symbol, sp.Expr]:
    """The parameter values: the scenario's, with ``--set``, ``--delta`` and ``--penalty``."""
    values = scenario.values(dict(overrides or {}), label="--set")
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
    return values


def _solve_regimes(
    tree: GameTree,
    scenario: Scenario,
    spec: CompareSpec,
    values: dict[sp.Symbol, sp.Expr],
    diagnostics: list[str],
) -> list[tuple[RegimeSpec, dict[sp.Symbol, sp.Expr], SubgamePerfectEquilibrium, bool]]:
    """Each regime's values, its (first) subgame-perfect equilibrium, and whether that reaches
    the deal; ties are noted in ``diagnostics``."""
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
    return results


def _deal_condition(tree: GameTree, outcome: tuple[str, ...], known: Assumptions) -> Condition:
    """Where the subgame-perfect path of a (symbolic) tree starts with ``outcome``."""
    cond = Condition.never()
    for e in backward_induction(tree, known):
        if tuple(e.path[: len(outcome)]) == outcome:
            cond = cond | e.condition
    return cond.simplify(known)


def _threshold_figure(
    scenario: Scenario,
    tree: GameTree,
    spec: CompareSpec,
    regime: RegimeSpec,
    rv: dict[sp.Symbol, sp.Expr],
    theta: sp.Symbol,
) -> tuple[Figure, str]:
    """The regime's threshold for the deal in ``theta``: at the values (the other parameters
    fixed) and as a closed form with every parameter symbolic; and the bound as text."""
    deal_text = "/".join(spec.outcome)
    partial = {s: v for s, v in rv.items() if s != theta}
    known = scenario_assumptions(scenario, partial)
    cond = _deal_condition(tree.subs(partial), spec.outcome, known)
    bounds = threshold_bounds(cond, theta, known)
    bound_text = bounds_text(theta.name, bounds, cond, known)
    # The closed form with every parameter symbolic (the regime's changes applied).
    sym_values = {scenario.parameter(n).symbol: f for n, f in regime.set}
    known_all = scenario_assumptions(scenario, {})
    cond_all = _deal_condition(tree.subs(sym_values), spec.outcome, known_all)
    formula_bounds = threshold_bounds(cond_all, theta, known_all)
    value = bounds[0][1] if bounds and len(bounds) == 1 else None
    formula = formula_bounds[0][1] if formula_bounds and len(formula_bounds) == 1 else None
    op = (
        bounds[0][0]
        if bounds and len(bounds) == 1
        else (formula_bounds[0][0] if formula_bounds and len(formula_bounds) == 1 else "")
    )
    figure = Figure(
        f"threshold_{regime.name}",
        f"{regime.name}: the deal ({deal_text}) is reached iff {theta.name} {op} this value"
        if op
        else f"{regime.name}: where the deal ({deal_text}) is reached",
        value,
        formula,
        bound_text,
        threshold=simplify_condition(cond, known),
    )
    return figure, bound_text


def _regime_outcome(
    scenario: Scenario,
    tree: GameTree,
    spec: CompareSpec,
    regime: RegimeSpec,
    rv: dict[sp.Symbol, sp.Expr],
    eq: SubgamePerfectEquilibrium,
    reached: bool,
    bound_text: str,
    d: tuple[sp.Expr, ...],
) -> RegimeOutcome:
    """The regime's outcome: its equilibrium path and payoffs, the Nash product from the
    disagreement point ``d``, and a sentence that says what happens."""
    deal_text = "/".join(spec.outcome)
    changed = ", ".join(f"{n} = {rv[scenario.parameter(n).symbol]}" for n, _ in regime.set)
    sentence = (
        f"{regime.description[0].upper()}{regime.description[1:]}"
        + (f" ({changed})" if changed else "")
        + f": {tree.players[tree.root.player or 0]} plays {'/'.join(eq.path)}"
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
    payoffs = _payoffs(eq)
    return RegimeOutcome(
        Regime(regime.kind),
        regime.name,
        "/".join(eq.path),
        payoffs,
        reached,
        None,
        sp.expand((payoffs[0] - d[0]) * (payoffs[1] - d[1])),
        sentence,
        tuple((n, rv[scenario.parameter(n).symbol]) for n, _ in regime.set),
        "subgame-perfect equilibrium (backward induction)",
    )


def _cost_figures(players: tuple[str, ...], outcomes: list[RegimeOutcome]) -> list[Figure]:
    """What each player loses without enforcement: the first enforceable regime's payoff
    against the unenforceable one's."""
    enf = [o for o in outcomes if o.regime is Regime.ENFORCEABLE]
    une = next(o for o in outcomes if o.regime is Regime.UNENFORCEABLE)
    return [
        Figure(
            f"cost_{name}",
            f"what {name} loses without enforcement (the first "
            "enforceable regime against the unenforceable one)",
            sp.expand(enf[0].payoffs[i] - une.payoffs[i]),
        )
        for i, name in enumerate(players)
    ]
