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

import sys
import types
from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first use (PEP 562), for start-up speed
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

_HOME = {
    "Agreements": "agreements",
    "Automaton": "automata",
    "CriticalDeltas": "critical_deltas",
    "DELTA": "game",
    "DeltaSet": "delta_sets",
    "FiniteHorizon": "finite",
    "LinkageAnalysis": "linkage",
    "Minmax": "minmax",
    "MonitoringAnalysis": "monitoring",
    "PayoffSet": "payoff_set",
    "RepeatedAnalysis": "analysis",
    "RepeatedGame": "game",
    "STRATEGIES": "automata",
    "Simulation": "simulate",
    "StrategyCheck": "deviation",
    "SymbolicDeltaCondition": "delta_sets",
    "TransferAnalysis": "transfers",
    "analyse_agreements": "agreements",
    "analyse_linkage": "linkage",
    "analyse_monitoring": "monitoring",
    "analyse_repeated": "analysis",
    "analyse_transfers": "transfers",
    "check_renegotiation_proof": "renegotiation",
    "check_strategies": "deviation",
    "critical_deltas": "critical_deltas",
    "feasible_set": "payoff_set",
    "finite_horizon": "finite",
    "individually_rational_set": "payoff_set",
    "library_strategy": "automata",
    "minmax": "minmax",
    "path_values": "deviation",
    "simulate": "simulate",
    "simulate_matches": "simulate",
    "simulate_monitoring": "monitoring",
    "spe_payoff_set": "payoff_set",
}


class _Package(types.ModuleType):
    """Keeps a function named like its submodule (``minmax``, ``simulate``,
    ``critical_deltas``) the package attribute when the submodule is imported first: the
    import system binds the submodule to the package by ``setattr``."""

    def __setattr__(self, name: str, value: Any) -> None:
        if isinstance(value, types.ModuleType) and _HOME.get(name) == name:
            value = getattr(value, name)
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module 'gametheory.repeated' has no attribute {name!r}")
    value = getattr(import_module(f"gametheory.repeated.{_HOME[name]}"), name)
    globals()[name] = value
    return value


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
