"""What a scenario says about its repeated game: the ``[repeated]`` section (or its defaults), the
discount factor thresholds are solved for, the cooperative and punishment profiles, and the
repeated game at given parameter values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import parse_number
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.model.scenario import Scenario
from gametheory.repeated.game import DELTA, RepeatedGame
from gametheory.repeated.minmax import minmax
from gametheory.solvers import solve

__all__ = ["discount_symbol", "repeated_game", "roles", "spec_of"]


def spec_of(scenario: Scenario) -> RepeatedSpec:
    """The scenario's ``[repeated]`` section, or the defaults (common delta, infinite horizon)."""
    return scenario.repeated if scenario.repeated is not None else RepeatedSpec()


def discount_symbol(scenario: Scenario) -> sp.Symbol:
    """The symbol of the discount factor thresholds are solved for."""
    spec = spec_of(scenario)
    for p in scenario.parameters:
        if p.name == spec.discount:
            return p.symbol
    return DELTA if spec.discount == "delta" else sp.Symbol(spec.discount, positive=True)


def roles(game: NormalFormGame, spec: RepeatedSpec) -> tuple[tuple[str, str], tuple[str, str]]:
    """The cooperative and punishment profiles for the library strategies.

    Unless the scenario names them: cooperation is the pure profile with the largest sum of
    payoffs (the first in matrix order on ties); punishment is the pure stage Nash equilibrium
    with the smallest sum of payoffs, or, without a pure equilibrium, each player's pure minmax
    action against the other.
    """
    a, b = game.payoffs
    m, n = game.shape
    cells = [(i, j) for i in range(m) for j in range(n)]
    if spec.cooperation is not None:
        cooperation = spec.cooperation
    else:
        i, j = max(cells, key=lambda c: (a[c] + b[c], -c[0], -c[1]))
        cooperation = (game.actions[0][i], game.actions[1][j])
    if spec.punishment is not None:
        punishment = spec.punishment
    else:
        pure = solve(game, method="pure").equilibria
        if pure:
            prof = min(
                (e.pure_profile() for e in pure),
                key=lambda c: (a[c] + b[c], c),
            )
            assert prof is not None
            punishment = (game.actions[0][prof[0]], game.actions[1][prof[1]])
        else:
            row = minmax(game, 1).pure_punishments[0]  # row's action that holds column down
            col = minmax(game, 0).pure_punishments[0]
            punishment = (game.actions[0][row], game.actions[1][col])
    return cooperation, punishment


def repeated_game(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    symbolic: bool = False,
) -> RepeatedGame:
    """The scenario's repeated game with the parameters at their values.

    The discount factor stays symbolic unless ``delta`` (or ``--set`` on a discount parameter)
    gives it a value. With ``symbolic=True`` only ``overrides`` are substituted.
    """
    spec = spec_of(scenario)
    d = discount_symbol(scenario)
    values = scenario.values(overrides, partial=symbolic)
    if spec.discount not in (overrides or {}):
        values.pop(d, None)  # the discount factor stays symbolic unless given a value
    if delta is not None:
        try:
            value = parse_number(delta) if isinstance(delta, str | int | float) else delta
        except ScenarioError as err:
            raise err.located(key="--delta") from None
        if not (value.is_number and 0 < value < 1):
            raise ScenarioError(
                f"the discount factor must lie strictly between 0 and 1, got {value}", key="--delta"
            )
        values[d] = value
    formulas = spec.delta if spec.delta is not None else (d, d)
    if delta is not None and not any(d in sp.sympify(f).free_symbols for f in formulas):
        raise ScenarioError(
            "the scenario fixes the discount factors ("
            + ", ".join(str(f) for f in formulas)
            + f"), through its continuation probability or [repeated] delta; they do not "
            f"depend on {d.name}, so --delta cannot change them",
            key="--delta",
        )
    stage = scenario.normal_form.subs(values)
    deltas = tuple(sp.sympify(f).xreplace(values) for f in formulas)
    return RepeatedGame(stage, (deltas[0], deltas[1]), spec.horizon)
