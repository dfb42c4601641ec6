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

import sympy as sp

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
    from gametheory.report.rows import exact_float

    if value is None:
        return r"\text{--}"
    text = str(value)
    if isinstance(value, str) and exact_float(text) is not None:
        from gametheory.formula import parse_number

        return sp.latex(parse_number(text))
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


def _columns(rows: Sequence[Mapping[str, Any]]) -> list[str]:
    cols: list[str] = []
    for r in rows:
        cols += [c for c in r if c not in cols and "float" not in c]
    return cols


def rows_html(rows: Sequence[Mapping[str, Any]]) -> str:
    """An HTML table of rows (float columns left out: the exact values are shown).

    Examples
    --------
    >>> rows_html([{"level": "3/10", "level_float": 0.3}])
    '<table><thead><tr><th>level</th></tr></thead><tbody><tr><td>3/10</td></tr></tbody></table>'
    """
    cols = _columns(rows)
    head = "".join(f"<th>{html.escape(c)}</th>" for c in cols)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td>{'' if r.get(c) is None else html.escape(str(r.get(c)))}</td>" for c in cols
        )
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


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
    from gametheory.report.rows import record_rows

    rows = record_rows(result.record)
    title = f"<p><b>{html.escape(_title(result))}</b></p>"
    if rows and any(rows):
        return title + rows_html(rows)
    return title + f"<pre>{html.escape(result.render(result.formats[0]))}</pre>"


def result_latex(result: Any) -> str | None:
    """The LaTeX of a verb's result: the rows of its record as a display-math array."""
    from gametheory.report.rows import record_rows

    rows = record_rows(result.record)
    return rows_latex(rows) if rows and any(rows) else None


def scenario_html(scenario: Any) -> str:
    """The HTML of a scenario: its name and title and a table of its parameters."""
    from gametheory.numbers import exact_str

    rows = [
        {
            "name": p.name,
            "symbol": f"\\({p.latex}\\)" if p.latex else p.name,
            "default": exact_str(p.default) if p.default is not None else None,
            "description": p.description,
        }
        for p in scenario.parameters
    ]
    title = f"<p><b>{html.escape(scenario.name)}</b>: {html.escape(scenario.title)}</p>"
    return title + rows_html(rows)


def scenario_latex(scenario: Any) -> str:
    """The LaTeX of a scenario: each parameter's symbol and default value."""
    cells = [
        f"{p.latex or p.name} = {sp.latex(sp.sympify(p.default))}"
        for p in scenario.parameters
        if p.default is not None
    ]
    return "$$" + r",\quad ".join(cells) + "$$"


def payoff_set_html(payoff_set: Any) -> str:
    """The HTML of an SPE payoff set: its vertices and discount factor."""
    return f"<p>SPE payoff set: {html.escape(str(payoff_set))}</p>"


def payoff_set_latex(payoff_set: Any) -> str:
    """The LaTeX of an SPE payoff set: the convex hull of its vertices."""
    points = ", ".join(
        f"({sp.latex(sp.Rational(x))}, {sp.latex(sp.Rational(y))})"
        if payoff_set.exact
        else f"({x:.6g}, {y:.6g})"
        for x, y in (payoff_set.vertices if payoff_set.exact else payoff_set.to_floats())
    )
    delta = sp.latex(sp.Rational(payoff_set.delta))
    return rf"$$\operatorname{{conv}}\{{{points}\}} \text{{ at }} \delta = {delta}$$"
