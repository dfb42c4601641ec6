"""fedlocal: federal-local cooperation as games.

Import name ``gametheory``. The public API, in the order of the data flow: scenario files
(:func:`load_scenario`) → games with symbolic payoffs (:class:`NormalFormGame`) → verified
equilibria (:func:`solve`) → reports (:func:`gametheory.report.render`).
"""

from importlib.metadata import PackageNotFoundError, version

from gametheory.exceptions import (
    DegenerateGameWarning,
    FormulaError,
    GameTheoryError,
    ScenarioError,
    SolverError,
    UnsupportedGameError,
)
from gametheory.model import NormalFormGame, Parameter, Scenario
from gametheory.scenario import bundled_scenarios, load_scenario, parse_formula
from gametheory.solvers import SOLVERS, EquilibriumResult, solve

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
    "Scenario",
    "ScenarioError",
    "SolverError",
    "UnsupportedGameError",
    "__version__",
    "bundled_scenarios",
    "load_scenario",
    "parse_formula",
    "solve",
]
