"""Repeated games: strategies as automata, exact critical discount factors, minmax, payoff sets.

The main entry points: :class:`RepeatedGame` (a stage game, discount factors, a horizon),
:func:`check_strategies` (for which discount factors two automata form a subgame-perfect or a
Nash equilibrium, exactly), :func:`spe_payoff_set` and :func:`critical_deltas` (the exact
subgame-perfect payoff set with public randomization), :func:`minmax`, :func:`finite_horizon`,
:func:`simulate`, and :func:`analyse_repeated`, which is what ``fedlocal repeated`` prints.
"""

from gametheory.repeated.analysis import RepeatedAnalysis, analyse_repeated
from gametheory.repeated.automata import STRATEGIES, Automaton, library_strategy
from gametheory.repeated.delta_sets import DeltaSet, SymbolicDeltaCondition
from gametheory.repeated.deviation import StrategyCheck, check_strategies, path_values
from gametheory.repeated.finite import FiniteHorizon, finite_horizon
from gametheory.repeated.game import DELTA, RepeatedGame
from gametheory.repeated.minmax import Minmax, minmax
from gametheory.repeated.critical_deltas import CriticalDeltas, critical_deltas
from gametheory.repeated.payoff_set import (
    PayoffSet,
    feasible_set,
    individually_rational_set,
    spe_payoff_set,
)
from gametheory.repeated.simulate import Simulation, simulate, simulate_matches

__all__ = [
    "DELTA",
    "STRATEGIES",
    "Automaton",
    "CriticalDeltas",
    "DeltaSet",
    "FiniteHorizon",
    "Minmax",
    "PayoffSet",
    "RepeatedAnalysis",
    "RepeatedGame",
    "Simulation",
    "StrategyCheck",
    "SymbolicDeltaCondition",
    "analyse_repeated",
    "check_strategies",
    "critical_deltas",
    "feasible_set",
    "finite_horizon",
    "individually_rational_set",
    "library_strategy",
    "minmax",
    "path_values",
    "simulate",
    "simulate_matches",
    "spe_payoff_set",
]
