"""Reports: results → records and rows → table, JSON, CSV or LaTeX text."""

from gametheory.report.derivation import derive_record
from gametheory.report.records import (
    SCHEMA_VERSION,
    equilibrium_rows,
    exact_str,
    scenario_record,
    solve_record,
    strategy_text,
)
from gametheory.report.render import RENDERERS, render
from gametheory.report.text import text_table

__all__ = [
    "RENDERERS",
    "SCHEMA_VERSION",
    "derive_record",
    "equilibrium_rows",
    "exact_str",
    "render",
    "scenario_record",
    "solve_record",
    "strategy_text",
    "text_table",
]
