"""fedlocal: federal-local cooperation as games.

Import name ``gametheory``. The public API, in the order of the data flow: scenario files
(:func:`load_scenario`) → games with symbolic payoffs (:class:`NormalFormGame`) → verified
equilibria (:func:`solve`), repeated games (:func:`analyse_repeated`, :func:`check_strategies`)
and regime comparisons (:func:`compare_regimes`) → reports (:func:`gametheory.report.render`).
"""

from importlib.metadata import PackageNotFoundError, version

from gametheory.analysis import Regime, RegimeComparison, compare_regimes
from gametheory.exceptions import (
    DegenerateGameWarning,
    FormulaError,
    GameTheoryError,
    ScenarioError,
    SolverError,
    UnsupportedGameError,
)
from gametheory.model import NormalFormGame, Parameter, Scenario
from gametheory.repeated import RepeatedGame, analyse_repeated, check_strategies
from gametheory.scenario import bundled_scenarios, load_scenario, parse_formula
from gametheory.solvers import SOLVERS, EquilibriumResult, solve
from gametheory.solvers.batch import solve_batch

try:
    __version__ = version("fedlocal")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0+unknown"

__all__ = [
    "SOLVERS",
    "DegenerateGameWarning",
    "EquilibriumResult",
    "FormulaError",
    "GameTheoryError",
    "NormalFormGame",
    "Parameter",
    "Regime",
    "RegimeComparison",
    "RepeatedGame",
    "Scenario",
    "ScenarioError",
    "SolverError",
    "UnsupportedGameError",
    "__version__",
    "analyse_repeated",
    "bundled_scenarios",
    "check_strategies",
    "compare_regimes",
    "load_scenario",
    "parse_formula",
    "solve",
    "solve_batch",
]
