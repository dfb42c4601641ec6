"""Regimes of a strategic-form game: parameter changes, and moves made verifiable.

In a strategic-form scenario a ``regimes`` comparison changes parameters, as for trees, and may
also change *who sees what*: a regime with ``first = "ICE"`` lets that player move first and be
observed (a judicial warrant the jail sees before it decides, warrant_screening). The simultaneous
game is solved exactly (every equilibrium; the one reported is chosen by
:func:`gametheory.analysis.selection.select_equilibria`, which says why); the sequential one by
backward induction on the tree it defines, which is also where the deal's condition on the
threshold parameter comes from.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any, NamedTuple

import sympy as sp

from gametheory.analysis.selection import select_equilibria
from gametheory.exceptions import UnsupportedGameError
from gametheory.model.compare import RegimeSpec
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree, TreeNode
from gametheory.numbers import exact_number, strategy_text
from gametheory.regimes.formulas import bounds_text, threshold_bounds
from gametheory.regimes.outcomes import (
    Figure,
    Regime,
    RegimeComparison,
    RegimeOutcome,
    parameter_pairs,
)
from gametheory.solvers import solve
from gametheory.solvers.backward_induction import backward_induction
from gametheory.symbolic.conditions import Condition
from gametheory.symbolic.derive import scenario_assumptions
from gametheory.symbolic.simplify import simplify_condition

__all__ = ["compare_game_regimes", "sequential_tree"]


def sequential_tree(game: NormalFormGame, first: int) -> GameTree:
    """The perfect-information tree in which player ``first`` moves and is observed.

    Examples
    --------
    >>> g = NormalFormGame.from_matrices([[3, -1], [4, -2]], [[1, 0], [-2, 0]],
    ...     players=("ICE", "Jail"), actions=(("Screen", "Broad"), ("Honor", "Decline")))
    >>> [e.path for e in backward_induction(sequential_tree(g, 0))]
    [('Screen', 'Honor')]
    """
    second = 1 - first
    nodes = [TreeNode((), "decision", player=first, actions=game.actions[first])]
    for i, a in enumerate(game.actions[first]):
        nodes.append(TreeNode((a,), "decision", player=second, actions=game.actions[second]))
        for j, b in enumerate(game.actions[second]):
            cell = (i, j) if first == 0 else (j, i)
            nodes.append(TreeNode((a, b), "terminal", payoffs=game.payoff_profile(*cell)))
    return GameTree.from_nodes(game.players, nodes, title=game.title)


def _profile_of_path(path: tuple[str, ...], first: int) -> tuple[str, ...]:
    return path if first == 0 else tuple(reversed(path))


class _Row(NamedTuple):
    """One regime solved: its parameter values, outcome, payoffs, deal probability, method."""

    regime: RegimeSpec
    rv: dict[sp.Symbol, Any]
    text: str
    pay: tuple[Any, ...]
    prob: sp.Expr
    method: str


def compare_game_regimes(
    scenario: Scenario, values: Mapping[sp.Symbol, sp.Expr], theta: sp.Symbol | None
) -> RegimeComparison:
    """Compare the ``regimes`` of a strategic-form scenario at ``values``.

    Examples
    --------
    Detainer screening (warrant_screening): unverifiable, ICE screens with probability 2/3 and the
    jail honors with probability 1/2, payoffs (1, 0); with a warrant the jail sees first,
    (Screen, Honor) with (3, 1).

    >>> from gametheory import load_scenario
    >>> from gametheory import compare_regimes
    >>> c = compare_regimes(load_scenario("warrant_screening"))
    >>> [(o.label, o.outcome, [str(u) for u in o.payoffs]) for o in c.outcomes]
    [('unobserved', '(2/3 Screen + 1/3 Broad, 1/2 Honor + 1/2 Decline)', ['1', '0']),
     ('warrant', '(Screen, Honor)', ['3', '1'])]
    """
    spec = scenario.compare
    game0 = scenario.game
    if spec is None or game0 is None:
        raise UnsupportedGameError(f"scenario {scenario.name!r} has no strategic-form regimes")
    players = game0.players
    target = tuple(spec.outcome)
    deal_text = "/".join(target)
    diagnostics: list[str] = []
    rows = [_solve_regime(scenario, game0, values, r, target, diagnostics) for r in spec.regimes]
    d = next(r.pay for r in rows if r.regime.kind == "unenforceable")
    outcomes = []
    figures: list[Figure] = []
    for row in rows:
        outcomes.append(_outcome(scenario, row, d, deal_text))
        if theta is not None and row.regime.first is not None:
            figures.append(_threshold_figure(scenario, game0, row, theta, target, deal_text))
    figures += _closing_figures(players, outcomes, deal_text)
    return RegimeComparison(
        scenario=scenario.name,
        kind="regimes",
        players=tuple(players),
        parameters=parameter_pairs(values),
        disagreement=tuple(d),
        outcomes=tuple(outcomes),
        figures=tuple(figures),
        symbols=tuple((p.symbol, p.latex) for p in scenario.parameters if p.latex),
        method="exact: equilibria of the simultaneous game; backward induction where a move is "
        "observed",
        diagnostics=tuple(diagnostics),
    )


def _solve_regime(
    scenario: Scenario,
    game0: NormalFormGame,
    values: Mapping[sp.Symbol, sp.Expr],
    regime: RegimeSpec,
    target: tuple[str, ...],
    diagnostics: list[str],
) -> _Row:
    """The regime's game at its parameter values, solved; ties and selections noted."""
    rv = dict(values)
    for name, formula in regime.set:
        rv[scenario.parameter(name).symbol] = sp.sympify(formula).xreplace(dict(values))
    game = game0.subs(rv)
    if regime.first is not None:
        first = game0.players.index(regime.first)
        spe = backward_induction(sequential_tree(game, first))
        if len(spe) > 1:
            diagnostics.append(
                f"{regime.name}: {len(spe)} subgame-perfect equilibria (ties); "
                "the first is reported"
            )
        profile = _profile_of_path(spe[0].path, first)
        text = f"({', '.join(profile)})"
        pay = tuple(exact_number(u) for u in spe[0].payoffs)
        prob = sp.Integer(1) if profile == target else sp.Integer(0)
        method = f"subgame-perfect equilibrium with {regime.first} moving first, observed"
        return _Row(regime, rv, text, pay, prob, method)
    res = solve(game)
    sel = select_equilibria(game, res.equilibria)
    k = sel.chosen if sel.chosen is not None else 0
    eq = res.equilibria[k]
    if len(res.equilibria) > 1:
        diagnostics.append(
            f"{regime.name}: {len(res.equilibria)} equilibria; the one "
            f"reported is chosen by {sel.criterion}: {sel.reason}"
        )
    text = "(" + ", ".join(strategy_text(game.actions[p], eq.strategies[p]) for p in (0, 1)) + ")"
    pay = tuple(sp.Rational(u.numerator, u.denominator) for u in eq.payoffs)
    i, j = (game.actions[p].index(target[p]) for p in (0, 1))
    f = eq.strategies[0][i] * eq.strategies[1][j]
    prob = sp.Rational(Fraction(f).numerator, Fraction(f).denominator)
    method = "Nash equilibrium of the simultaneous game (exact)"
    return _Row(regime, rv, text, pay, prob, method)


def _outcome(scenario: Scenario, row: _Row, d: tuple[Any, ...], deal_text: str) -> RegimeOutcome:
    """The regime's outcome, with one sentence that says what changed and what happens."""
    regime, rv, text, pay, prob, method = row
    changed = ", ".join(f"{n} = {rv[scenario.parameter(n).symbol]}" for n, _ in regime.set)
    how = f"{regime.first} moves first and is observed" if regime.first else "simultaneous"
    sentence = (
        f"{regime.description[0].upper()}{regime.description[1:]}"
        + (f" ({changed})" if changed else "")
        + f" [{how}]: {text}, payoffs ({', '.join(str(u) for u in pay)})"
        + (
            f"; the deal ({deal_text}) happens with probability {prob}"
            if prob not in (0, 1)
            else ""
        )
        + "."
    )
    return RegimeOutcome(
        Regime(regime.kind),
        regime.name,
        text,
        pay,
        prob == 1,
        prob,
        sp.expand((pay[0] - d[0]) * (pay[1] - d[1])),
        sentence,
        tuple((n, rv[scenario.parameter(n).symbol]) for n, _ in regime.set),
        method,
    )


def _threshold_figure(
    scenario: Scenario,
    game0: NormalFormGame,
    row: _Row,
    theta: sp.Symbol,
    target: tuple[str, ...],
    deal_text: str,
) -> Figure:
    """Where in the threshold parameter the deal is the outcome of a sequential regime."""
    regime = row.regime
    assert regime.first is not None
    first = game0.players.index(regime.first)
    partial = {s: v for s, v in row.rv.items() if s != theta}
    known = scenario_assumptions(scenario, partial)
    cond = Condition.never()
    for e in backward_induction(sequential_tree(game0.subs(partial), first), known):
        if _profile_of_path(e.path, first) == target:
            cond = cond | e.condition
    cond = cond.simplify(known)

    bounds = threshold_bounds(cond, theta, known)
    return Figure(
        f"threshold_{regime.name}",
        f"{regime.name}: where the deal ({deal_text}) is the outcome",
        bounds[0][1] if bounds and len(bounds) == 1 else None,
        None,
        bounds_text(theta.name, bounds, cond, known),
        threshold=simplify_condition(cond, known),
    )


def _closing_figures(
    players: tuple[str, ...], outcomes: list[RegimeOutcome], deal_text: str
) -> list[Figure]:
    """What each side loses without enforcement, and the deal's probability without it."""
    enf = next(o for o in outcomes if o.regime is Regime.ENFORCEABLE)
    une = next(o for o in outcomes if o.regime is Regime.UNENFORCEABLE)
    figures = [
        Figure(
            f"cost_{name}",
            f"what {name} loses without enforcement",
            sp.expand(enf.payoffs[i] - une.payoffs[i]),
        )
        for i, name in enumerate(players)
    ]
    figures.append(
        Figure(
            "deal_probability_unenforceable",
            f"the probability of the deal ({deal_text}) without enforcement",
            une.level,
        )
    )
    return figures
