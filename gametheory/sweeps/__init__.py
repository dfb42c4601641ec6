"""Sweeps: a verb over a grid of exact parameter points, as a tidy pandas DataFrame.

:func:`sweep` is the entry point (``fedlocal sweep`` on the command line); :func:`parse_grid`
reads the grid syntax (docs/reference/grid.md).
"""

from gametheory.sweeps.core import SWEEP_VERBS, sweep, sweep_rows
from gametheory.sweeps.grid import GridError, grid_points, parse_grid, parse_grid_value
from gametheory.sweeps.output import latex_table
from gametheory.sweeps.regions import region_sweep

__all__ = [
    "SWEEP_VERBS",
    "GridError",
    "grid_points",
    "latex_table",
    "parse_grid",
    "parse_grid_value",
    "region_sweep",
    "sweep",
    "sweep_rows",
]
