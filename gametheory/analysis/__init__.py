"""Analyses across solution concepts: bargaining, commitment, equilibrium selection, regimes."""

from gametheory.analysis.bargaining import (
    BargainingProblem,
    BargainingSolution,
    RubinsteinResult,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
)
from gametheory.analysis.commitment import Commitment, stackelberg_mixed, stackelberg_pure
from gametheory.analysis.comparison import COMPARISONS, compare_regimes
from gametheory.analysis.regimes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.analysis.selection import Selection, select_equilibria

__all__ = [
    "COMPARISONS",
    "BargainingProblem",
    "BargainingSolution",
    "Commitment",
    "Figure",
    "Regime",
    "RegimeComparison",
    "RegimeOutcome",
    "RubinsteinResult",
    "Selection",
    "compare_regimes",
    "kalai_smorodinsky",
    "nash_bargaining",
    "rubinstein",
    "select_equilibria",
    "stackelberg_mixed",
    "stackelberg_pure",
]
