"""Analyses across solution concepts: bargaining, leader commitment and equilibrium selection.

The regime comparisons built on them are in :mod:`gametheory.regimes`.
"""

from gametheory.analysis.bargaining import (
    BargainingProblem,
    BargainingSolution,
    RubinsteinResult,
    kalai_smorodinsky,
    nash_bargaining,
    rubinstein,
)
from gametheory.analysis.commitment import Commitment, stackelberg_mixed, stackelberg_pure
from gametheory.analysis.selection import Selection, select_equilibria

__all__ = [
    "BargainingProblem",
    "BargainingSolution",
    "Commitment",
    "RubinsteinResult",
    "Selection",
    "kalai_smorodinsky",
    "nash_bargaining",
    "rubinstein",
    "select_equilibria",
    "stackelberg_mixed",
    "stackelberg_pure",
]
