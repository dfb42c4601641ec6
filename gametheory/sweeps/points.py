"""One grid point through the one interface: the verb options a point sets, and its rows."""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from fractions import Fraction
from typing import Any

from gametheory.exceptions import DegenerateGameWarning
from gametheory.kinds.api import evaluate
from gametheory.model.scenario import Scenario
from gametheory.report.rows import record_rows
from gametheory.sweeps.grid import GridError

__all__ = ["OPTION_NAMES", "rows_at", "split_point"]

#: Grid names that are options of a verb rather than parameters.
OPTION_NAMES: dict[str, tuple[str, ...]] = {
    "compare": ("delta", "penalty"),
    "repeated": ("delta",),
}


def split_point(
    scenario: Scenario, what: str, point: Mapping[str, Fraction]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """A point's names as parameter values and as verb options (``delta``, ``penalty``)."""
    names = {p.name for p in scenario.parameters}
    values: dict[str, Any] = {}
    options: dict[str, Any] = {}
    for name, v in point.items():
        if name in names:
            values[name] = v
        elif name in OPTION_NAMES.get(what, ()):
            options[name] = str(v)
        else:
            raise GridError(
                f"--grid {name}: {scenario.name!r} has no parameter {name!r} and {what} has no "
                f"option of that name; its parameters: {', '.join(sorted(names)) or 'none'}"
            )
    return values, options


def _point_columns(point: Mapping[str, Fraction]) -> dict[str, Any]:
    return {name: str(v) for name, v in point.items()}


def rows_at(
    scenario: Scenario,
    what: str,
    point: Mapping[str, Fraction],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
) -> list[dict[str, Any]]:
    """The rows of ``what`` at one grid point, exact, each prefixed by the point's values."""

    values, point_options = split_point(scenario, what, point)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DegenerateGameWarning)
        result = evaluate(scenario, what, {**fixed, **values}, **{**options, **point_options})
    head = _point_columns(point)
    rows = record_rows(result.record)
    if not rows:  # a point with nothing to report still has its row
        return [{**head}]
    return [{**head, **row} for row in rows]
