"""fedlocal: federal-local cooperation as games.

Import name ``gametheory``. The public API, in the order of the data flow: scenario files
(:func:`load_scenario`) → any scenario through one interface (:func:`solve_scenario`,
:func:`derive_scenario`, :func:`compare_scenario`, :func:`repeated_scenario`,
:func:`describe_scenario`, or :func:`evaluate` for a verb by name), each returning a
:class:`ScenarioResult` that renders as a table, JSON, CSV or LaTeX. Underneath: games with
symbolic payoffs (:class:`NormalFormGame`) → verified equilibria (:func:`solve`), repeated games
(:func:`analyse_repeated`, :func:`check_strategies`) and regime comparisons
(:func:`compare_regimes`).
"""

from importlib.metadata import PackageNotFoundError, version

from gametheory.exceptions import (
    DegenerateGameWarning,
    FormulaError,
    GameTheoryError,
    ScenarioError,
    SolverError,
    UnsupportedGameError,
    UnsupportedOptionError,
)
from gametheory.kinds import (
    ScenarioResult,
    compare_regimes,
    compare_scenario,
    derive_scenario,
    describe_scenario,
    evaluate,
    kind_of,
    repeated_scenario,
    solve_scenario,
)
from gametheory.model import NormalFormGame, Parameter, Scenario
from gametheory.regimes import Regime, RegimeComparison
from gametheory.repeated import RepeatedGame, analyse_repeated, check_strategies
from gametheory.scenario import bundled_scenarios, load_scenario, parse_formula
from gametheory.solvers import SOLVERS, EquilibriumResult, solve
from gametheory.sweeps import parse_grid, sweep

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
    "ScenarioResult",
    "SolverError",
    "UnsupportedGameError",
    "UnsupportedOptionError",
    "__version__",
    "analyse_repeated",
    "bundled_scenarios",
    "check_strategies",
    "compare_regimes",
    "compare_scenario",
    "derive_scenario",
    "describe_scenario",
    "evaluate",
    "kind_of",
    "load_scenario",
    "parse_formula",
    "parse_grid",
    "repeated_scenario",
    "solve",
    "solve_scenario",
    "sweep",
]
