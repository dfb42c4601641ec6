"""HTML and LaTeX representations for notebooks (Jupyter's ``_repr_html_`` / ``_repr_latex_``).

Scenarios, verb results (:class:`~gametheory.kinds.base.ScenarioResult`) and SPE payoff sets
delegate here. Results are shown as the tidy rows of their record
(:func:`gametheory.report.rows.record_rows`), exact values only; LaTeX is a MathJax-ready
display-math array (``$$\\begin{array}...$$``), exact numbers typeset by sympy.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

from gametheory.display import (
    _columns,
    payoff_set_html,
    payoff_set_latex,
    rows_html,
    scenario_html,
    scenario_latex,
)
from gametheory.formula import parse_number
from gametheory.numbers import exact_latex
from gametheory.report.rows import exact_float, record_rows

__all__ = [
    "payoff_set_html",
    "payoff_set_latex",
    "result_html",
    "result_latex",
    "rows_html",
    "rows_latex",
    "scenario_html",
    "scenario_latex",
]


def _exact_tex(value: Any) -> str:

    if value is None:
        return r"\text{--}"
    text = str(value)
    if isinstance(value, str) and exact_float(text) is not None:
        return str(exact_latex(parse_number(text)))
    return (
        r"\text{"
        + text.replace("\\", "")
        .replace("{", "")
        .replace("}", "")
        .replace("_", r"\_")
        .replace("%", r"\%")
        .replace("&", r"\&")
        .replace("#", r"\#")
        .replace("$", r"\$")
        + "}"
    )


def rows_latex(rows: Sequence[Mapping[str, Any]]) -> str:
    """A display-math array of rows, exact numbers typeset.

    Examples
    --------
    >>> print(rows_latex([{"regime": "enforceable", "level": "3/8"}]))
    $$\\begin{array}{ll}\\text{regime} & \\text{level} \\\\ \\hline \\text{enforceable} & \\frac{3}{8}\\end{array}$$
    """
    cols = _columns(rows)
    head = " & ".join(r"\text{" + _plain(c) + "}" for c in cols)
    body = r" \\ ".join(" & ".join(_exact_tex(r.get(c)) for c in cols) for r in rows)
    return rf"$$\begin{{array}}{{{'l' * len(cols)}}}{head} \\ \hline {body}\end{{array}}$$"


def _plain(text: str) -> str:
    return _exact_tex(text)[len(r"\text{") : -1] if _exact_tex(text).startswith(r"\text{") else text


def _title(result: Any) -> str:
    values = ", ".join(f"{k} = {v}" for k, v in result.values)
    return f"{result.scenario.name}: {result.verb}" + (f" at {values}" if values else "")


def result_html(result: Any) -> str:
    """The HTML of a verb's result: a title line and the rows of its record."""

    rows = record_rows(result.record)
    title = f"<p><b>{html.escape(_title(result))}</b></p>"
    if rows and any(rows):
        return title + rows_html(rows)
    return title + f"<pre>{html.escape(result.render(result.formats[0]))}</pre>"


def result_latex(result: Any) -> str | None:
    """The LaTeX of a verb's result: the rows of its record as a display-math array."""

    rows = record_rows(result.record)
    return rows_latex(rows) if rows and any(rows) else None
