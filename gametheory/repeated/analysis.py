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
from gametheory.model.repeated import RepeatedSpec
from gametheory.model.scenario import Scenario
from gametheory.repeated.automata import Automaton, library_strategy, roles_for
from gametheory.repeated.deviation import StrategyCheck, check_strategies
from gametheory.repeated.finite import FiniteHorizon, finite_horizon
from gametheory.repeated.minmax import Minmax, minmax
from gametheory.repeated.model import DELTA, RepeatedGame
from gametheory.solvers import solve
from gametheory.solvers.result import EquilibriumResult

__all__ = [
    "DEFAULT_STRATEGIES",
    "RepeatedAnalysis",
    "StrategyPair",
    "analyse_repeated",
    "discount_symbol",
    "repeated_game",
    "resolve_strategies",
    "roles",
]

#: The strategy pairs checked when neither the scenario nor the caller names any.
DEFAULT_STRATEGIES = ("grim_trigger", "tit_for_tat", "punish:2", "penance")


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
                key=lambda c: (a[c] + b[c], c),  # type: ignore[index]
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
        from gametheory.scenario.formula import parse_number

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
        ``"spe"`` and/or ``"nash"``.
    payoff_set
        Also compute the subgame-perfect payoff set (needs a numeric discount factor, common to
        both players) and the critical discount factors.
    symbolic
        Also solve each check with the parameters symbolic (closed-form thresholds).
    simulate_rounds, deviations
        Also play the first strategy pair for this many rounds (needs numeric discount factors),
        with ``deviations`` ``{(round, player): action}`` (see
        :func:`gametheory.repeated.simulate.simulate`).

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
    cooperation, punishment = roles(game.stage, spec)
    names = strategies or spec.strategies or DEFAULT_STRATEGIES
    pairs_spec = resolve_strategies(
        scenario, game.stage, names, cooperation, punishment, extra_automata
    )
    sym_game = None
    known = None
    if symbolic:
        from gametheory.repeated.deviation import delta_assumptions
        from gametheory.symbolic.derive import scenario_assumptions

        partial = {scenario.parameter(k).symbol for k in (overrides or {})}
        sym_values = {s: v for s, v in scenario.values(overrides).items() if s in partial}
        sym_game = repeated_game(scenario, overrides, delta=delta, symbolic=True)
        if not sym_game.free_symbols - {d}:
            sym_game = None  # nothing symbolic left besides delta: the numeric check says it all
        else:
            known = delta_assumptions(scenario_assumptions(scenario, sym_values), sym_game.delta)
    pairs = []
    for labels, pair in pairs_spec:
        for concept in concepts:
            if concept == "nash" and game.horizon is not None:
                continue
            check = check_strategies(game, pair, concept=concept)
            symbolic_check = (
                check_strategies(sym_game, pair, concept=concept, known=known)
                if sym_game is not None
                else None
            )
            pairs.append(StrategyPair(labels, concept, check, symbolic_check))
    stage_result = solve(game.stage)
    mm = (minmax(game.stage, 0), minmax(game.stage, 1))
    from gametheory.repeated.payoff_set import feasible_set, individually_rational_set

    feasible = feasible_set(game.stage)
    ir = individually_rational_set(game.stage)
    pset = critical = None
    diagnostics: list[str] = []
    if payoff_set:
        from gametheory.repeated.critical_deltas import critical_deltas
        from gametheory.repeated.payoff_set import spe_payoff_set

        if game.horizon is not None:
            raise UnsupportedGameError("payoff sets are computed for infinite horizons")
        if not game.is_common or not game.delta[0].is_number:
            raise UnsupportedGameError(
                "the payoff set needs one numeric discount factor for both players: give "
                "--delta (or set the discount parameter)"
            )
        pset = spe_payoff_set(game.stage, game.delta[0])
        critical = critical_deltas(game.stage)
    finite = finite_horizon(game) if game.horizon is not None else None
    simulation = None
    if simulate_rounds is not None:
        from gametheory.repeated.simulate import simulate

        if not all(sp.sympify(x).is_number for x in game.delta):
            raise UnsupportedGameError(
                "a simulation needs numeric discount factors: give --delta (or set the discount "
                "parameter)"
            )
        simulation = simulate(game, pairs_spec[0][1], simulate_rounds, deviations=deviations)
    params = tuple(
        sorted(
            ((s.name, v) for s, v in scenario.values(overrides).items() if s != d),
            key=lambda kv: kv[0],
        )
    )
    return RepeatedAnalysis(
        scenario=scenario,
        game=game,
        parameters=params,
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
    )
