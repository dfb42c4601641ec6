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

from importlib import import_module
from importlib.util import find_spec
from typing import TYPE_CHECKING, Any

from gametheory.exceptions import (
    DegenerateGameWarning,
    FormulaError,
    GameTheoryError,
    ScenarioError,
    SolverError,
    UnsupportedGameError,
    UnsupportedOptionError,
)

if TYPE_CHECKING:  # the names below are imported on first use (PEP 562), for start-up speed
    from gametheory.estimation import FitResult, fit, simulate_data
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
    from gametheory.solvers.batch import solve_batch
    from gametheory.solvers.qre import QREResult, logit_qre
    from gametheory.sweeps import parse_grid, sweep

#: Public name → the module that defines it; each is imported on first use, so that
#: ``import gametheory`` (and the ``fedlocal`` command line) starts without sympy or nashpy.
_LAZY: dict[str, str] = {
    **dict.fromkeys(
        [
            "ScenarioResult",
            "compare_regimes",
            "compare_scenario",
            "derive_scenario",
            "describe_scenario",
            "evaluate",
            "kind_of",
            "repeated_scenario",
            "solve_scenario",
        ],
        "gametheory.kinds",
    ),
    **dict.fromkeys(["NormalFormGame", "Parameter", "Scenario"], "gametheory.model"),
    **dict.fromkeys(["Regime", "RegimeComparison"], "gametheory.regimes"),
    **dict.fromkeys(
        ["RepeatedGame", "analyse_repeated", "check_strategies"], "gametheory.repeated"
    ),
    **dict.fromkeys(["bundled_scenarios", "load_scenario", "parse_formula"], "gametheory.scenario"),
    **dict.fromkeys(["SOLVERS", "EquilibriumResult", "solve"], "gametheory.solvers"),
    "solve_batch": "gametheory.solvers.batch",
    **dict.fromkeys(["FitResult", "fit", "simulate_data"], "gametheory.estimation"),
    **dict.fromkeys(["QREResult", "logit_qre"], "gametheory.solvers.qre"),
    **dict.fromkeys(["parse_grid", "sweep"], "gametheory.sweeps"),
}


def __getattr__(name: str) -> Any:
    value: Any
    if name == "__version__":
        # Imported on use, for start-up speed.
        from importlib.metadata import PackageNotFoundError, version

        try:
            value = version("fedlocal")
        except PackageNotFoundError:  # pragma: no cover - running from a source tree
            value = "0.0.0+unknown"
    elif name in _LAZY:
        value = getattr(import_module(_LAZY[name]), name)
    elif find_spec(f"gametheory.{name}") is not None:
        value = import_module(f"gametheory.{name}")  # a subpackage, as an attribute
    else:
        raise AttributeError(f"module 'gametheory' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


__all__ = [
    "SOLVERS",
    "DegenerateGameWarning",
    "EquilibriumResult",
    "FitResult",
    "FormulaError",
    "GameTheoryError",
    "NormalFormGame",
    "Parameter",
    "QREResult",
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
    "fit",
    "kind_of",
    "load_scenario",
    "logit_qre",
    "parse_formula",
    "parse_grid",
    "repeated_scenario",
    "simulate_data",
    "solve",
    "solve_batch",
    "solve_scenario",
    "sweep",
]
