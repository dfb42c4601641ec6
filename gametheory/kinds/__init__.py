"""Scenario kinds behind one interface, and the entry points that take any scenario.

A scenario is a strategic-form ``[game]``, a ``[tree]`` or one *model section* (``[continuous]``,
``[reputation]``, ...). Each is a :class:`~gametheory.kinds.base.ScenarioKind` that declares the
verbs it answers, their options and their output formats
(:mod:`gametheory.kinds.finite`, :mod:`gametheory.kinds.models`). The entry points
(:mod:`gametheory.kinds.api`) take any scenario and return a typed
:class:`~gametheory.kinds.base.ScenarioResult`; ``fedlocal``'s commands are thin wrappers of
them.
"""

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # imported on first use (PEP 562), for start-up speed
    from gametheory.kinds.api import (
        compare_regimes,
        compare_scenario,
        derive_scenario,
        describe_scenario,
        draw_tree,
        evaluate,
        formats,
        kind_of,
        repeated_scenario,
        solve_scenario,
    )
    from gametheory.kinds.base import ScenarioKind, ScenarioResult
    from gametheory.kinds.models import MODEL_KINDS, SectionContext, model_module
    from gametheory.kinds.verbs import VERBS, VerbSpec

_HOME = {
    "MODEL_KINDS": "models",
    "SectionContext": "models",
    "model_module": "models",
    "ScenarioKind": "base",
    "ScenarioResult": "base",
    "VERBS": "verbs",
    "VerbSpec": "verbs",
}


def __getattr__(name: str) -> Any:
    if name not in __all__:
        raise AttributeError(f"module 'gametheory.kinds' has no attribute {name!r}")
    value = getattr(import_module(f"gametheory.kinds.{_HOME.get(name, 'api')}"), name)
    globals()[name] = value
    return value


__all__ = [
    "MODEL_KINDS",
    "VERBS",
    "ScenarioKind",
    "ScenarioResult",
    "SectionContext",
    "VerbSpec",
    "compare_regimes",
    "compare_scenario",
    "derive_scenario",
    "describe_scenario",
    "draw_tree",
    "evaluate",
    "formats",
    "kind_of",
    "model_module",
    "repeated_scenario",
    "solve_scenario",
]
