"""HTML and LaTeX for notebooks, for the objects below the report layer (scenarios, payoff sets).

Jupyter shows an object through its ``_repr_html_`` and ``_repr_latex_``; these functions build
them from the objects alone (no records), so the model layers need nothing above them.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from gametheory.numbers import exact_number, exact_str, to_latex

__all__ = ["payoff_set_html", "payoff_set_latex", "rows_html", "scenario_html", "scenario_latex"]


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


def scenario_html(scenario: Any) -> str:
    """The HTML of a scenario: its name and title and a table of its parameters."""

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
        f"{p.latex or p.name} = {to_latex(exact_number(p.default))}"
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
        f"({to_latex(sp.Rational(x))}, {to_latex(sp.Rational(y))})"
        if payoff_set.exact
        else f"({x:.6g}, {y:.6g})"
        for x, y in (payoff_set.vertices if payoff_set.exact else payoff_set.to_floats())
    )
    delta = to_latex(sp.Rational(payoff_set.delta))
    return rf"$$\operatorname{{conv}}\{{{points}\}} \text{{ at }} \delta = {delta}$$"
