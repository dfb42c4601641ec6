"""The repeated-game analysis of a scenario: what ``fedlocal repeated`` computes.

:func:`analyse_repeated` takes a scenario with a strategic-form game, its ``[repeated]`` section
(or sensible defaults) and parameter values, and returns one frozen :class:`RepeatedAnalysis`:

* for each pair of strategies, the exact set of discount factors for which it is a
  subgame-perfect and a Nash equilibrium, at the parameter values and (when ``symbolic``) as a
  formula of the parameters;
* minmax values, the feasible and individually rational payoffs, and what the folk theorem says;
* optionally the subgame-perfect payoff set at a discount factor and its critical discount
  factors (two players, public randomization);
* for a finite horizon, unravelling or the Benoît-Krishna construction.

The discount factor stays symbolic unless a value is given (``delta=`` or ``--delta``), so the
thresholds are the answer; with a value, every check is a plain yes or no.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.model.scenario import Scenario
from gametheory.repeated.agreements import analyse_agreements
from gametheory.repeated.automata import Automaton, library_strategy, roles_for
from gametheory.repeated.critical_deltas import CriticalDeltas, critical_deltas
from gametheory.repeated.deviation import StrategyCheck, check_strategies, delta_assumptions
from gametheory.repeated.finite import FiniteHorizon, finite_horizon
from gametheory.repeated.game import DELTA, RepeatedGame
from gametheory.repeated.minmax import Minmax, minmax
from gametheory.repeated.payoff_set import (
    PayoffSet,
    feasible_set,
    individually_rational_set,
    spe_payoff_set,
)
from gametheory.repeated.renegotiation import check_renegotiation_proof
from gametheory.repeated.roles import discount_symbol, repeated_game, roles, spec_of
from gametheory.repeated.simulate import Simulation, simulate
from gametheory.solvers import solve
from gametheory.solvers.result import EquilibriumResult
from gametheory.symbolic.conditions import Assumptions
from gametheory.symbolic.derive import scenario_assumptions

__all__ = [
    "DEFAULT_STRATEGIES",
    "RepeatedAnalysis",
    "StrategyPair",
    "analyse_repeated",
    "resolve_strategies",
]

#: The strategy pairs checked when neither the scenario nor the caller names any.
DEFAULT_STRATEGIES = ("grim_trigger", "tit_for_tat", "punish:2", "penance")


@dataclass(frozen=True)
class StrategyPair:
    """A checked pair of strategies: at the parameter values and, optionally, symbolically."""

    names: tuple[str, str]
    concept: str
    check: StrategyCheck
    symbolic: StrategyCheck | None = None


@dataclass(frozen=True)
class RepeatedAnalysis:
    """Everything :func:`analyse_repeated` found.

    Attributes
    ----------
    scenario
        The scenario analysed.
    game
        The repeated game at the parameter values (the discount factor symbolic or a value).
    parameters
        ``(name, value)`` pairs used.
    cooperation, punishment
        The profiles the library strategies were built from.
    pairs
        Each strategy pair checked, per concept.
    stage
        The stage game's equilibria.
    minmax
        Both players' minmax values.
    feasible, individually_rational
        Vertices of the feasible payoff set and of its individually rational part (pure minmax).
    folk_theorem
        A plain statement of what the folk theorem gives here.
    payoff_set, critical
        The subgame-perfect payoff set at the given discount factor and the critical discount
        factors, when asked for (``None`` otherwise).
    finite
        The finite-horizon analysis, for a finite horizon.
    agreements
        Transfers, linked issues and noisy monitoring
        (:class:`~gametheory.repeated.agreements.Agreements`), when asked for or in the scenario.
    """

    scenario: Scenario
    game: RepeatedGame
    parameters: tuple[tuple[str, sp.Expr], ...]
    cooperation: tuple[str, str]
    punishment: tuple[str, str]
    pairs: tuple[StrategyPair, ...]
    stage: EquilibriumResult
    minmax: tuple[Minmax, Minmax]
    feasible: tuple[tuple[Any, Any], ...]
    individually_rational: tuple[tuple[Any, Any], ...]
    folk_theorem: str
    payoff_set: Any = None
    critical: Any = None
    finite: FiniteHorizon | None = None
    simulation: Any = None
    delta_symbol: sp.Symbol = DELTA
    diagnostics: tuple[str, ...] = field(default=())
    agreements: Any = None  # gametheory.repeated.agreements.Agreements, when asked for


def resolve_strategies(
    scenario: Scenario,
    game: NormalFormGame,
    specs: Sequence[str],
    cooperation: tuple[str, str],
    punishment: tuple[str, str],
    extra: Sequence[tuple[str, int | None, Automaton]] = (),
) -> list[tuple[tuple[str, str], tuple[Automaton, Automaton]]]:
    """Turn strategy specs (``"grim"``, ``"tft,grim"``, a user automaton's name) into pairs."""
    r = roles_for(game, cooperation, punishment)
    user = [*spec_of(scenario).automata, *extra]

    def one(name: str, k: int) -> Automaton:
        for uname, who, automaton in user:
            if uname == name and who in (None, k):
                return automaton
        if any(uname == name for uname, _, _ in user):
            raise ScenarioError(
                f"the automaton {name!r} is for {game.players[1 - k]!r}, not {game.players[k]!r}"
            )
        return library_strategy(name, r[k])

    out = []
    for spec in specs:
        parts = [p.strip() for p in spec.split(",")]
        if len(parts) == 1:
            for uname, who, _ in user:  # a user automaton for one player pairs with the other's
                if uname == parts[0] and who is not None:
                    other = [u for u, w, _ in user if w == 1 - who]
                    if other:
                        parts = [parts[0], other[0]] if who == 0 else [other[0], parts[0]]
                    break
        if len(parts) == 1:
            parts = parts * 2
        if len(parts) != 2 or not all(parts):
            raise ScenarioError(
                f"expected NAME or ROW_NAME,COLUMN_NAME, got {spec!r}", key="--strategy"
            )
        out.append(((parts[0], parts[1]), (one(parts[0], 0), one(parts[1], 1))))
    return out


def _folk(game: NormalFormGame, mm: tuple[Minmax, Minmax], ir: Sequence[tuple[Any, Any]]) -> str:
    names = game.players
    v = ", ".join(f"{names[k]} {mm[k].pure}" for k in (0, 1))
    mixed = ""
    if any(m.mixed < m.pure for m in mm):
        mixed = (
            " (with observable mixed punishments the bound falls to the mixed minmax: "
            + ", ".join(f"{names[k]} {mm[k].mixed}" for k in (0, 1))
            + ")"
        )
    if len(ir) <= 1:
        return (
            f"Pure minmax payoffs: {v}{mixed}. No feasible payoff gives both players more "
            "than their minmax, so the folk theorem adds nothing: patience cannot improve on "
            "the minmax point."
        )
    return (
        f"Pure minmax payoffs: {v}{mixed}. Every feasible payoff pair that gives each player "
        "strictly more than their minmax is a subgame-perfect equilibrium payoff (with public "
        "randomization) once both players are patient enough (Fudenberg & Maskin 1986; two "
        "players need no dimension condition)."
    )


def analyse_repeated(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    strategies: Sequence[str] | None = None,
    concepts: Sequence[str] = ("spe", "nash"),
    payoff_set: bool = False,
    symbolic: bool = True,
    extra_automata: Sequence[tuple[str, int | None, Automaton]] = (),
    simulate_rounds: int | None = None,
    deviations: Mapping[tuple[int, int], str] | None = None,
    transfers: bool = False,
    noise: Any = None,
    detection: Any = None,
    punish_length: Any = "scenario",
) -> RepeatedAnalysis:
    """Analyse a scenario as a repeated game.

    Parameters
    ----------
    scenario
        A scenario with a two-player strategic-form game.
    overrides
        Parameter values (``{"g": "2"}``); the others take their defaults, except the discount
        factor, which stays symbolic unless given here or as ``delta``.
    delta
        A value for the (common) discount factor.
    strategies
        Strategy specs to check; by default the scenario's ``strategies`` or
        :data:`DEFAULT_STRATEGIES`.
    concepts
        ``"spe"``, ``"nash"`` and/or ``"renegotiation-proof"`` (weak renegotiation-proofness,
        :mod:`gametheory.repeated.renegotiation`).
    payoff_set
        Also compute the subgame-perfect payoff set (needs a numeric discount factor, common to
        both players) and the critical discount factors.
    symbolic
        Also solve each check with the parameters symbolic (closed-form thresholds).
    simulate_rounds, deviations
        Also play the first strategy pair for this many rounds (needs numeric discount factors),
        with ``deviations`` ``{(round, player): action}`` (see
        :func:`gametheory.repeated.simulate.simulate`).
    transfers, noise, detection, punish_length
        Also the thresholds with transfers, and trigger strategies under noisy monitoring
        (``punish_length``: ``"forever"``, a number of rounds, or ``"scenario"`` for the
        ``[monitoring]`` section's); see :func:`gametheory.repeated.agreements.analyse_agreements`.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> res = analyse_repeated(load_scenario("surge_pd"), strategies=["grim"], concepts=["spe"])
    >>> pair = res.pairs[0]
    >>> [v.describe() for v in pair.check.per_player], pair.check.joint.describe()
    (['delta >= 1/2', 'delta >= 1/3'], 'delta >= 1/2')
    >>> pair.symbolic.joint.describe()
    'delta >= (e + lam + tau)/h and delta >= g/(a + g - p)'
    """
    spec, game, d = _numeric_game(scenario, overrides, delta)
    cooperation, punishment = roles(game.stage, spec)
    names = strategies or spec.strategies or DEFAULT_STRATEGIES
    pairs_spec = resolve_strategies(
        scenario, game.stage, names, cooperation, punishment, extra_automata
    )
    sym_game, known = _symbolic_game(scenario, overrides, delta, d) if symbolic else (None, None)
    unchecked: list[str] = []
    pairs = _check_pairs(game, pairs_spec, concepts, sym_game, known, unchecked)
    stage_result = solve(game.stage)
    mm = (minmax(game.stage, 0), minmax(game.stage, 1))

    feasible = feasible_set(game.stage)
    ir = individually_rational_set(game.stage)
    pset, critical = _payoff_set(game) if payoff_set else (None, None)
    diagnostics: list[str] = list(unchecked)
    finite = finite_horizon(game) if game.horizon is not None else None
    simulation = None
    if simulate_rounds is not None:
        simulation = _simulation(game, pairs_spec[0][1], simulate_rounds, deviations)

    agreements = analyse_agreements(
        scenario,
        overrides,
        game,
        cooperation,
        punishment,
        transfers=transfers,
        noise=noise,
        detection=detection,
        punish_length=punish_length,
        symbolic=symbolic,
    )
    return RepeatedAnalysis(
        scenario=scenario,
        game=game,
        parameters=_parameters(scenario, overrides, d),
        cooperation=cooperation,
        punishment=punishment,
        pairs=tuple(pairs),
        stage=stage_result,
        minmax=mm,
        feasible=tuple(feasible),
        individually_rational=tuple(ir),
        folk_theorem=_folk(game.stage, mm, ir),
        payoff_set=pset,
        critical=critical,
        finite=finite,
        simulation=simulation,
        delta_symbol=d,
        diagnostics=tuple(diagnostics),
        agreements=None if agreements.empty else agreements,
    )


def _numeric_game(
    scenario: Scenario, overrides: Mapping[str, Any] | None, delta: Any
) -> tuple[RepeatedSpec, RepeatedGame, sp.Symbol]:
    """The scenario's ``[repeated]`` section, its repeated game at the parameter values (numeric
    stage payoffs required) and its discount symbol."""
    if scenario.game is None:
        raise UnsupportedGameError(
            f"scenario {scenario.name!r} has no two-player strategic form to repeat"
        )
    spec = spec_of(scenario)
    game = repeated_game(scenario, overrides, delta=delta)
    d = discount_symbol(scenario)
    if not game.stage.is_numeric:
        names = ", ".join(sorted(s.name for s in game.stage.free_symbols))
        raise UnsupportedGameError(f"the stage game still has symbolic payoffs ({names})")
    return spec, game, d


def _parameters(
    scenario: Scenario, overrides: Mapping[str, Any] | None, d: sp.Symbol
) -> tuple[tuple[str, sp.Expr], ...]:
    """The ``(name, value)`` pairs used, by name, without the discount factor."""
    return tuple(
        sorted(
            ((s.name, v) for s, v in scenario.values(overrides).items() if s != d),
            key=lambda kv: kv[0],
        )
    )


def _symbolic_game(
    scenario: Scenario, overrides: Mapping[str, Any] | None, delta: Any, d: sp.Symbol
) -> tuple[RepeatedGame | None, Assumptions | None]:
    """The game with the parameters not overridden left symbolic, and what is known of them.

    ``(None, None)`` when nothing symbolic is left besides delta: the numeric check says it all.
    """
    partial = {scenario.parameter(k).symbol for k in (overrides or {})}
    sym_values = {s: v for s, v in scenario.values(overrides).items() if s in partial}
    sym_game = repeated_game(scenario, overrides, delta=delta, symbolic=True)
    if not sym_game.free_symbols - {d}:
        return None, None
    return sym_game, delta_assumptions(scenario_assumptions(scenario, sym_values), sym_game.delta)


def _check_pairs(
    game: RepeatedGame,
    pairs_spec: Sequence[tuple[tuple[str, str], tuple[Automaton, Automaton]]],
    concepts: Sequence[str],
    sym_game: RepeatedGame | None,
    known: Assumptions | None,
    unchecked: list[str],
) -> list[StrategyPair]:
    """Each strategy pair checked under each concept (only ``"spe"`` in a finite horizon).

    A Nash check that would have to enumerate too many deviation policies (a large stage game
    against a strategy with several states) is left out, and ``unchecked`` says so.
    """
    pairs = []
    for labels, pair in pairs_spec:
        for concept in concepts:
            if concept != "spe" and game.horizon is not None:
                continue
            if concept == "renegotiation-proof":
                check = check_renegotiation_proof(game, pair)
                symbolic_check = (
                    check_renegotiation_proof(sym_game, pair, known=known)
                    if sym_game is not None
                    else None
                )
                pairs.append(StrategyPair(labels, concept, check, symbolic_check))
                continue
            try:
                check = check_strategies(game, pair, concept=concept)
                symbolic_check = (
                    check_strategies(sym_game, pair, concept=concept, known=known)
                    if sym_game is not None
                    else None
                )
            except UnsupportedGameError as err:
                if concept != "nash":
                    raise
                unchecked.append(f"{'/'.join(dict.fromkeys(labels))} (Nash) not checked: {err}")
                continue
            pairs.append(StrategyPair(labels, concept, check, symbolic_check))
    return pairs


def _payoff_set(game: RepeatedGame) -> tuple[PayoffSet, CriticalDeltas]:
    """The subgame-perfect payoff set at the common numeric discount factor, and the critical
    discount factors."""
    if game.horizon is not None:
        raise UnsupportedGameError("payoff sets are computed for infinite horizons")
    if not game.is_common or not game.delta[0].is_number:
        raise UnsupportedGameError(
            "the payoff set needs one numeric discount factor for both players: give "
            "--delta (or set the discount parameter)"
        )
    return spe_payoff_set(game.stage, game.delta[0]), critical_deltas(game.stage)


def _simulation(
    game: RepeatedGame,
    pair: tuple[Automaton, Automaton],
    rounds: int,
    deviations: Mapping[tuple[int, int], str] | None,
) -> Simulation:
    """The pair played for ``rounds`` rounds (numeric discount factors only)."""
    if not all(sp.sympify(x).is_number for x in game.delta):
        raise UnsupportedGameError(
            "a simulation needs numeric discount factors: give --delta (or set the discount "
            "parameter)"
        )
    return simulate(game, pair, rounds, deviations=deviations)
