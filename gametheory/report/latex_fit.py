"""LaTeX tables that read as mathematics and fit the page.

* :func:`math_label` writes a label such as ``"repeated, delta = 3/5"`` with its mathematics in
  math mode (``repeated, $\\delta = \\frac{3}{5}$``), Greek names as their letters.
* :func:`fit_width` wraps a ``tabular`` so that it is scaled down to the line width when, and
  only when, it is wider (``graphicx``'s ``\\resizebox``; TikZ loads graphicx too).
* :func:`solve_latex` is the ``solve --format latex`` table: one column per player with the
  strategy as a mixture in math (``\\tfrac{1}{4}\\,\\text{Partial} + \\tfrac{3}{4}\\,\\text{Defy}``)
  instead of one column per action, so a 3x3 game needs five columns, not nine.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from gametheory.report.latex import tex_escape, tex_number

__all__ = ["GREEK", "fit_width", "math_label", "solve_latex", "strategy_tex"]

#: Parameter names written as Greek letters when no LaTeX symbol is declared.
GREEK = {
    name: "\\" + name
    for name in [
        "alpha",
        "beta",
        "gamma",
        "delta",
        "epsilon",
        "zeta",
        "eta",
        "theta",
        "iota",
        "kappa",
        "lambda",
        "mu",
        "nu",
        "xi",
        "pi",
        "rho",
        "sigma",
        "tau",
        "upsilon",
        "phi",
        "chi",
        "psi",
        "omega",
        "Gamma",
        "Delta",
        "Theta",
        "Lambda",
        "Xi",
        "Pi",
        "Sigma",
        "Phi",
        "Psi",
        "Omega",
    ]
}
GREEK["lam"] = r"\lambda"

_RELATION = re.compile(r"\b([A-Za-z][A-Za-z0-9_]*)\s*(<=|>=|=|<|>)\s*(-?\d+(?:\.\d+)?(?:/\d+)?)")
_TEX_OPS = {"<=": r"\le", ">=": r"\ge", "=": "=", "<": "<", ">": ">"}


def _symbol(name: str, names: Mapping[str, str] | None) -> str:
    if names and name in names:
        return names[name]
    if name in GREEK:
        return GREEK[name]
    base, _, sub = name.partition("_")
    if sub:
        return f"{_symbol(base, names)}_{{{tex_escape(sub)}}}"
    return name if len(name) == 1 else rf"\mathit{{{name}}}"


def math_label(text: str, names: Mapping[str, str] | None = None) -> str:
    """Text with its ``name op number`` parts in math mode.

    Examples
    --------
    >>> math_label("repeated, delta = 3/5")
    'repeated, $\\\\delta = \\\\frac{3}{5}$'
    >>> math_label("c_L >= 2")
    '$c_{L} \\\\ge 2$'
    """
    out: list[str] = []
    pos = 0
    for m in _RELATION.finditer(text):
        out.append(tex_escape(text[pos : m.start()]))
        name, op, value = m.groups()
        out.append(f"${_symbol(name, names)} {_TEX_OPS[op]} {tex_number(value)}$")
        pos = m.end()
    out.append(tex_escape(text[pos:]))
    return "".join(out)


def fit_width(tabular: str) -> str:
    """``tabular`` scaled down to ``\\linewidth`` if it is wider (needs graphicx)."""
    return (
        "\\noindent\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}{%\n"
        + tabular.rstrip("\n")
        + "}\n"
    )


def strategy_tex(actions: Sequence[str], probabilities: Sequence[str]) -> str:
    """A mixed strategy in math: ``\\tfrac{1}{4}\\,\\text{A} + \\tfrac{3}{4}\\,\\text{B}``.

    Examples
    --------
    >>> strategy_tex(["A", "B"], ["0", "1"])
    '\\\\text{B}'
    """
    terms = []
    for a, p in zip(actions, probabilities, strict=True):
        if p == "0":
            continue
        name = rf"\text{{{tex_escape(a)}}}"
        terms.append(name if p == "1" else rf"{tex_number(p).replace('frac', 'tfrac')}\,{name}")
    return " + ".join(terms)


def solve_latex(record: Mapping[str, Any]) -> str:
    """The equilibria of a ``solve`` record as a math-mode ``tabular``, fitted to the width."""
    players, actions = record["players"], record["actions"]
    head = [r"\#", *(rf"\text{{{tex_escape(p)}}}" for p in players)]
    head += [rf"u_{{\text{{{tex_escape(p)}}}}}" for p in players]
    lines = [
        r"\begin{tabular}{r" + "l" * len(players) + "c" * len(players) + "}",
        r"\hline",
        " & ".join(f"${h}$" for h in head) + r" \\",
        r"\hline",
    ]
    for eq in record["equilibria"]:
        cells = [str(eq["index"])]
        cells += [f"${strategy_tex(actions[p], eq['strategies'][p])}$" for p in range(len(players))]
        cells += [f"${tex_number(v)}$" for v in eq["payoffs"]]
        lines.append(" & ".join(cells) + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    return fit_width("\n".join(lines))
