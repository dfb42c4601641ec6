"""The entry points: any scenario, any verb, one call.

Each function takes a :class:`~gametheory.model.scenario.Scenario` of any kind and parameter
values as ``{name: number or text}`` (``{"delta": "3/5", "g": 2}``; sympy symbols are accepted
as keys too), checks the call against what the scenario's kind declares
(:class:`~gametheory.kinds.base.ScenarioKind`) and returns a typed
:class:`~gametheory.kinds.base.ScenarioResult`. :func:`evaluate` is the same for a verb given by
name: evaluating any scenario at a parameter point is one call, which is what sweeps build on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import cache
from typing import Any

import sympy as sp

from gametheory.exceptions import GameTheoryError, ScenarioError
from gametheory.kinds.base import VERBS, ScenarioKind, ScenarioResult
from gametheory.kinds.finite import GameKind, TreeKind
from gametheory.kinds.models import ModelKind
from gametheory.kinds.nplayer import NPlayerKind
from gametheory.model.nplayer import NPLAYER
from gametheory.model.scenario import Scenario

__all__ = [
    "compare_regimes",
    "compare_scenario",
    "derive_scenario",
    "describe_scenario",
    "draw_tree",
    "evaluate",
    "formats",
    "kind_of",
    "repeated_scenario",
    "solve_scenario",
]

Values = Mapping[Any, Any] | None


@cache
def _model_kind(kind: str) -> ModelKind:
    return ModelKind(kind)


def kind_of(scenario: Scenario) -> ScenarioKind:
    """The kind of ``scenario``: a model section, a tree, or a strategic-form game.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> [kind_of(load_scenario(n)).name for n in ("surge_pd", "trust_game", "delegation_287g")]
    ['game', 'tree', 'delegation']
    """
    if not isinstance(scenario, Scenario):
        raise GameTheoryError(
            f"expected a Scenario (from gametheory.load_scenario), got {type(scenario).__name__}"
        )
    if scenario.model is not None and scenario.model[0] == NPLAYER:
        return NPlayerKind()
    if scenario.model is not None:
        return _model_kind(scenario.model[0])
    if scenario.tree is not None:
        return TreeKind()
    return GameKind()


def formats(scenario: Scenario, verb: str) -> tuple[str, ...]:
    """The output formats of ``verb`` on ``scenario`` (a one-line error if the verb is refused).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> formats(load_scenario("delegation_287g"), "solve")
    ('table', 'json')
    """
    return kind_of(scenario).spec(verb, scenario).formats


def _overrides(scenario: Scenario, values: Values, label: str = "--set") -> dict[str, Any]:
    """``{name: value}`` from names or symbols; checked against the scenario at once."""
    out: dict[str, Any] = {}
    for key, value in (values or {}).items():
        out[key.name if isinstance(key, sp.Symbol) else str(key)] = value
    scenario.values(out, partial=True, label=label)  # unknown names and bad values fail here
    return out


def evaluate(
    scenario: Scenario, verb: str, values: Values = None, **options: Any
) -> ScenarioResult[Any]:
    """Run ``verb`` on ``scenario`` at the parameter point ``values``.

    Parameters
    ----------
    scenario
        Any scenario (:func:`gametheory.load_scenario`).
    verb
        ``"show"``, ``"solve"``, ``"derive"``, ``"compare"``, ``"repeated"`` or ``"tree"``.
    values
        Parameter values ``{name: number or text}``; the others take their defaults (``derive``
        and ``tree(symbolic=True)`` keep them symbolic).
    **options
        The verb's options (``method=``, ``delta=``, ``penalty=``, ...). An option the kind does
        not take is refused in one line (:class:`~gametheory.exceptions.UnsupportedOptionError`).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> r = evaluate(load_scenario("hennepin_drawdown"), "compare", {"delta": "3/5"})
    >>> r.result.outcome("self-enforcing").level
    Fraction(3, 10)
    >>> evaluate(load_scenario("delegation_287g"), "compare", penalty=5)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.exceptions.UnsupportedOptionError: --penalty does not apply to compare on a ...
    """
    if verb not in VERBS:
        raise ScenarioError(f"unknown verb {verb!r}; expected one of: {', '.join(VERBS)}")
    kind = kind_of(scenario)
    spec = kind.check(verb, scenario, options)
    overrides = _overrides(scenario, values)
    # Options the kind does not declare passed the check only because they are unset or at
    # their default; they are not the kind's business.
    declared = {name: value for name, value in options.items() if name in spec.options}
    method = getattr(kind, verb)
    return method(scenario, overrides, **declared)  # type: ignore[no-any-return]


def describe_scenario(scenario: Scenario, values: Values = None) -> ScenarioResult[Any]:
    """What ``fedlocal show`` prints: players, actions, formulas, parameters, the game at
    ``values`` (a model's own description for model kinds)."""
    return evaluate(scenario, "show", values)


def solve_scenario(
    scenario: Scenario, values: Values = None, *, method: str = "auto"
) -> ScenarioResult[Any]:
    """Every equilibrium of ``scenario`` at ``values``, exact and verified.

    A game gives an :class:`~gametheory.solvers.result.EquilibriumResult`, a tree a
    :class:`~gametheory.solvers.trees.TreeSolution`, a model kind its record.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> r = solve_scenario(load_scenario("warrant_screening"), {"k": "1/2"})
    >>> [str(p) for p in r.result.equilibria[0].strategies[0]]
    ['2/3', '1/3']
    """
    return evaluate(scenario, "solve", values, method=method)


def derive_scenario(
    scenario: Scenario, values: Values = None, *, explain: bool = False
) -> ScenarioResult[Any]:
    """Equilibria with the parameters symbolic (those in ``values`` substituted)."""
    return evaluate(scenario, "derive", values, explain=explain)


def compare_scenario(
    scenario: Scenario, values: Values = None, *, delta: Any = None, penalty: Any = None
) -> ScenarioResult[Any]:
    """The commitment regimes side by side (:func:`compare_regimes` wrapped with its record)."""
    return evaluate(scenario, "compare", values, delta=delta, penalty=penalty)


def compare_regimes(
    scenario: Scenario, values: Values = None, *, delta: Any = None, penalty: Any = None
) -> Any:
    """The :class:`~gametheory.regimes.outcomes.RegimeComparison` of any scenario.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> c = compare_regimes(load_scenario("hennepin_drawdown"))
    >>> c.outcome("enforceable").level, c.figure("penalty_needed").value
    (Fraction(3, 8), Fraction(3, 4))
    """
    return compare_scenario(scenario, values, delta=delta, penalty=penalty).result


def repeated_scenario(
    scenario: Scenario,
    values: Values = None,
    *,
    delta: Any = None,
    strategies: Sequence[str] = (),
    concepts: Sequence[str] = ("spe", "nash"),
    payoff_set: bool = False,
    symbolic: bool = True,
    simulate: int | None = None,
    deviations: Sequence[tuple[int, str, str]] = (),
    transfers: bool = False,
    noise: Any = None,
    detection: Any = None,
    punish_length: Any = None,
) -> ScenarioResult[Any]:
    """The stage game repeated (:func:`gametheory.repeated.analysis.analyse_repeated`).

    ``strategies`` are library names, ``ROW,COLUMN`` pairs, user automata of the scenario or
    ``.toml`` files of automata; ``deviations`` are ``(round, player, action)`` for the
    simulation of ``simulate`` rounds. ``transfers`` adds side payments (relational
    contracts); ``noise`` and ``detection`` make monitoring imperfect, with punishments of
    ``punish_length`` rounds (``"forever"`` or a number).
    """
    return evaluate(
        scenario,
        "repeated",
        values,
        delta=delta,
        strategies=tuple(strategies),
        concepts=tuple(concepts),
        payoff_set=payoff_set,
        symbolic=symbolic,
        simulate=simulate,
        deviations=tuple(deviations),
        transfers=transfers,
        noise=noise,
        detection=detection,
        punish_length=punish_length,
    )


def draw_tree(
    scenario: Scenario, values: Values = None, *, symbolic: bool = False
) -> ScenarioResult[Any]:
    """A tree with its subgame-perfect equilibria, for ``fedlocal tree`` (text, DOT, TikZ)."""
    return evaluate(scenario, "tree", values, symbolic=symbolic)
