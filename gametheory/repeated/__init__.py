"""Repeated games: strategies as automata, exact critical discount factors, minmax, payoff sets.

The main entry points: :class:`RepeatedGame` (a stage game, discount factors, a horizon),
:func:`check_strategies` (for which discount factors two automata form a subgame-perfect or a
Nash equilibrium, exactly), :func:`spe_payoff_set` and :func:`critical_deltas` (the exact
subgame-perfect payoff set with public randomization), :func:`minmax`, :func:`finite_horizon`,
:func:`simulate`, and :func:`analyse_repeated`, which is what ``fedlocal repeated`` prints.
Self-enforcing agreements beyond one perfectly observed game: :func:`analyse_transfers` (side
payments), :func:`analyse_linkage` (linked issues), :func:`analyse_monitoring` (noisy public
monitoring) and :func:`check_renegotiation_proof` (weak renegotiation-proofness).
"""

from gametheory.repeated.agreements import Agreements, analyse_agreements
from gametheory.repeated.analysis import RepeatedAnalysis, analyse_repeated
from gametheory.repeated.automata import STRATEGIES, Automaton, library_strategy
from gametheory.repeated.critical_deltas import CriticalDeltas, critical_deltas
from gametheory.repeated.delta_sets import DeltaSet, SymbolicDeltaCondition
from gametheory.repeated.deviation import StrategyCheck, check_strategies, path_values
from gametheory.repeated.finite import FiniteHorizon, finite_horizon
from gametheory.repeated.game import DELTA, RepeatedGame
from gametheory.repeated.linkage import LinkageAnalysis, analyse_linkage
from gametheory.repeated.minmax import Minmax, minmax
from gametheory.repeated.monitoring import (
    MonitoringAnalysis,
    analyse_monitoring,
    simulate_monitoring,
)
from gametheory.repeated.payoff_set import (
    PayoffSet,
    feasible_set,
    individually_rational_set,
    spe_payoff_set,
)
from gametheory.repeated.renegotiation import check_renegotiation_proof
from gametheory.repeated.simulate import Simulation, simulate, simulate_matches
from gametheory.repeated.transfers import TransferAnalysis, analyse_transfers

__all__ = [
    "DELTA",
    "STRATEGIES",
    "Agreements",
    "Automaton",
    "CriticalDeltas",
    "DeltaSet",
    "FiniteHorizon",
    "LinkageAnalysis",
    "Minmax",
    "MonitoringAnalysis",
    "PayoffSet",
    "RepeatedAnalysis",
    "RepeatedGame",
    "Simulation",
    "StrategyCheck",
    "SymbolicDeltaCondition",
    "TransferAnalysis",
    "analyse_agreements",
    "analyse_linkage",
    "analyse_monitoring",
    "analyse_repeated",
    "analyse_transfers",
    "check_renegotiation_proof",
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
    "simulate_monitoring",
    "spe_payoff_set",
]
