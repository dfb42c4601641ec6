"""Regime comparisons: what a binding deal gives, what holds without one, what closes the gap.

One subpackage holds every comparison. :mod:`~gametheory.regimes.outcomes` has the result types
(:class:`Regime`, :class:`RegimeOutcome`, :class:`Figure`, :class:`RegimeComparison`);
:func:`compare_finite` compares a finite game or tree. The model kinds (:mod:`gametheory.kinds`)
build their comparisons from the same types, and :func:`gametheory.compare_regimes` dispatches on
any scenario.

For a finite game or tree the scenario's ``[compare]`` section says which comparison applies (the format reference,
"Regime comparisons"):

``deal``
    an offer tree with a negotiated term (:func:`gametheory.regimes.deal.compare_deal`);
``repeated``
    a stage game played again and again
    (:func:`gametheory.regimes.stage.compare_stage_game`);
``regimes``
    regimes given as parameter changes
    (:func:`gametheory.regimes.parameters.compare_parameter_regimes`).

A scenario with a strategic-form game and no ``[compare]`` section is compared as ``repeated``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.scenario import Scenario
from gametheory.regimes.agreements import add_agreement_regimes
from gametheory.regimes.deal import compare_deal
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.regimes.parameters import compare_parameter_regimes
from gametheory.regimes.stage import compare_stage_game

__all__ = [
    "COMPARISONS",
    "Figure",
    "Regime",
    "RegimeComparison",
    "RegimeOutcome",
    "compare_finite",
]

#: The comparison of each ``[compare]`` kind.
COMPARISONS: dict[str, Callable[..., RegimeComparison]] = {
    "deal": compare_deal,
    "regimes": compare_parameter_regimes,
    "repeated": compare_stage_game,
}


def compare_finite(
    scenario: Scenario,
    values: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """Compare what a scenario gives under enforceable and unenforceable commitments.

    Parameters
    ----------
    scenario
        A scenario with a ``[compare]`` section, or a two-player strategic-form game.
    values
        Parameter values (``{"g": "2"}``); the others take their defaults.
    delta
        The discount factor of the repeated relationship (the self-enforcing regime).
    penalty
        The expected penalty on reneging (the partial regime).

    Returns
    -------
    RegimeComparison
        Each regime's outcome, payoffs, cooperation and Nash product, and the headline figures
        (cost of unenforceability, the penalty and the discount factors that close the gap),
        exact, with closed forms where the payoffs allow.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> c = compare_finite(load_scenario("hennepin_drawdown"))
    >>> c.outcome("enforceable").level, c.figure("penalty_needed").value
    (Fraction(3, 8), Fraction(3, 4))
    >>> c.figure("delta_enforceable_deal").value, c.figure("delta_any_deal").value
    (Fraction(3, 4), Fraction(1, 2))
    """
    if scenario.model is not None:
        raise UnsupportedGameError(
            f"scenario {scenario.name!r} is a {scenario.model[0]} model, not a finite game: "
            "gametheory.compare_regimes compares every kind"
        )
    spec = scenario.compare
    kind = (
        spec.kind
        if spec is not None
        else ("repeated" if scenario.game is not None and scenario.tree is None else None)
    )
    if kind is None:
        raise UnsupportedGameError(
            f"scenario {scenario.name!r} has no [compare] section saying how its regimes "
            "differ (see the scenario-format reference, 'Regime comparisons')"
        )
    comparison = COMPARISONS[kind](scenario, values, delta=delta, penalty=penalty)
    if kind == "repeated":  # side payments and linked issues (issue 17)
        comparison = add_agreement_regimes(comparison, scenario, values, delta=delta)
    return comparison
