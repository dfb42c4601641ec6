"""Seminar handouts: one scenario as a LaTeX article or a beamer deck (``fedlocal handout``).

A handout puts together what the other commands compute, in the order a seminar needs it:

1. the story (the scenario's summary) and its sources;
2. the parameters with their values, ranges and provenance;
3. the game: the payoff matrix, or the tree (TikZ, laid out to fit:
   :mod:`gametheory.report.tikz`);
4. the equilibria at the values, grouped by outcome for a tree;
5. the derivation: where each profile or outcome is an equilibrium, simplified
   (:mod:`gametheory.symbolic.simplify`), with the other parameters symbolic;
6. the regime comparison (when the scenario has a ``[compare]`` section, or is a two-player
   strategic-form game): the regimes side by side and the thresholds with their direction;
7. a figure, when the plotting extra is there (:func:`figure_hook`).

Everything is exact; the document needs only packages of a basic TeX installation (amsmath,
graphicx, TikZ; beamer for ``slides=True``) and compiles with plain ``pdflatex``. Long formulas
are set inline in lists, where TeX can break them, and wide tables are scaled to the line width
only when wider, so a handout has no overfull box.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sympy as sp

from gametheory.exceptions import GameTheoryError, UnsupportedGameError
from gametheory.model.scenario import Scenario
from gametheory.numbers import to_latex
from gametheory.report.latex import tex_escape, tex_number
from gametheory.report.latex_fit import _symbol, fit_width, math_label, solve_latex
from gametheory.solvers.outcomes import Outcome
from gametheory.teaching import figure
from gametheory.teaching.model_sections import model_sections
from gametheory.teaching.texts import prose as _text

__all__ = ["Handout", "build_handout", "figure_hook", "handout_tex", "write_handout"]


@dataclass(frozen=True)
class Handout:
    """A handout's LaTeX source and the files it includes (figure PDFs, by file name)."""

    tex: str
    assets: Mapping[str, bytes] = field(default_factory=dict)
    notes: tuple[str, ...] = ()


def figure_hook(
    scenario: Scenario, values: Mapping[sp.Symbol, sp.Expr], directory: Path
) -> tuple[str, str] | None:
    """The handout's figure (:func:`gametheory.teaching.figure.handout_figure`), or ``None``.

    The figure needs matplotlib (the ``plot`` extra); without it the handout has no figure and
    says nothing about it.

    Returns
    -------
    (file name, caption), or ``None``.
    """
    path = directory / f"{scenario.name or 'scenario'}-figure.pdf"
    caption = figure.handout_figure(scenario, values, path)
    if caption is None or not path.exists():
        return None
    return path.name, str(caption)


def _long(latex: str) -> str:
    """A formula too long for a line (an unbreakable fraction, say) on its own line, scaled
    down to the line width only if wider; shorter ones inline."""
    # Imported on use, for start-up speed.
    from gametheory.report.tikz import estimate_width

    if estimate_width(latex, 10.0) < 200:
        return f"${latex}$"
    return (
        "\\par\\noindent\\resizebox{\\ifdim\\width>\\linewidth\\linewidth\\else\\width\\fi}{!}"
        f"{{$\\displaystyle {latex}$}}\\par"
    )


# -- sections -----------------------------------------------------------------------------------
def _math(value: str, names: Mapping[str, str] | None = None) -> str:
    """An exact number or formula string as LaTeX math content, in the declared symbols.

    ``names`` maps every name the formula may use (parameters and definitions) to its LaTeX.
    """
    # Imported on use, for start-up speed.
    from gametheory.formula import parse_formula

    symbols = {k: sp.Symbol(k, real=True) for k in names or {}}
    for op, tex in ((">=", r"\ge"), ("<=", r"\le"), (">", ">"), ("<", "<")):
        if op in value:  # an assumption: each side on its own
            lhs, rhs = value.split(op, 1)
            return f"{_math(lhs.strip(), names)} {tex} {_math(rhs.strip(), names)}"
    try:
        expr = parse_formula(value, symbols)
    except (GameTheoryError, ValueError):
        return rf"\text{{{tex_escape(value)}}}"
    return str(to_latex(expr, symbol_names={symbols[k]: v for k, v in (names or {}).items()}))


def _parameters_table(show: Mapping[str, Any], slides: bool) -> str:
    """The parameters with value, range, provenance and meaning; on slides five to a frame."""
    desc = r"p{0.36\linewidth}" if not slides else r"p{0.42\linewidth}"
    head = [
        r"\begin{tabular}{lll" + "l" * (not slides) + desc + "}",
        r"\hline",
        "parameter & value & range & " + ("provenance & " if not slides else "") + r"meaning \\",
        r"\hline",
    ]
    rows = []
    for p in show["parameters"]:
        symbol = p["symbol"] or _symbol(p["name"], None)
        rng = f"$[{tex_number(p['range'][0])}, {tex_number(p['range'][1])}]$" if p["range"] else ""
        cells = [f"${symbol}$", f"${tex_number(p['value'])}$", rng]
        if not slides:
            cells.append(_text(p["provenance"] or ""))
        cells.append(_text(p["description"] or ""))
        rows.append(" & ".join(cells) + r" \\")
    size = 5 if slides else len(rows)
    tables = [
        fit_width("\n".join([*head, *rows[k : k + size], r"\hline", r"\end{tabular}"]))
        for k in range(0, len(rows), size)
    ]
    return "\n\\framebreak\n".join(tables)


def _matrix(show: Mapping[str, Any], latex_names: Mapping[str, str], key: str) -> str:
    players = [p["name"] for p in show["players"]]
    actions = show["actions"]
    rows, cols = actions
    lines = [
        r"\begin{tabular}{l|" + "c" * len(cols) + "}",
        rf"{_text(players[0])} $\backslash$ {_text(players[1])} & "
        + " & ".join(_text(c) for c in cols)
        + r" \\",
        r"\hline",
    ]
    table = show[key]
    for i, r in enumerate(rows):
        cells = [
            f"${_math(table[0][i][j], latex_names)},\\ {_math(table[1][i][j], latex_names)}$"
            for j in range(len(cols))
        ]
        lines.append(" & ".join([_text(r), *cells]) + r" \\")
    lines.append(r"\end{tabular}")
    return fit_width("\n".join(lines))


def _condition_items(record: Mapping[str, Any]) -> list[str]:
    """The derivation as list items: each with its simplified condition, inline (breakable)."""
    items = []
    for o in record.get("outcomes", []):
        cond = o["condition"]
        if cond["status"] == "never":
            continue
        play = " | ".join(
            " $\\to$ ".join(_text(a) for a in p["path"])
            + ("" if p["probability"] == "1" else f" (${tex_number(p['probability'])}$)")
            for p in o["plays"]
        )
        where = "always" if cond["status"] == "always" else f"when {_long(cond['latex'])}"
        items.append(rf"\item subgame-perfect outcome {play}: {where}")
    for p in record["pure"]:
        cond = p["condition"]
        if cond["status"] == "never":
            continue
        where = "always" if cond["status"] == "always" else f"iff {_long(cond['latex'])}"
        items.append(
            rf"\item ({', '.join(_action(a) for a in p['profile'])}) is an equilibrium {where}"
        )
    never = sum(1 for p in record["pure"] if p["condition"]["status"] == "never")
    if never:
        items.append(rf"\item the other {never} pure profiles are never equilibria")
    for m in record["mixed"]:
        cond = m["condition"]
        support = " $\\times$ ".join(
            "(" + ", ".join(_text(a) for a in side) + ")" for side in m["supports"]
        )
        probs = "; ".join(
            ", ".join(
                rf"$\Pr(\text{{{tex_escape(a)}}}) = {v['latex']}$"
                for a, v in zip(record["actions"][k], m["strategies"][k], strict=True)
                if v["sympy"] != "0"
            )
            for k in (0, 1)
        )
        where = "always" if cond["status"] == "always" else f"when {_long(cond['latex'])}"
        items.append(rf"\item mixed equilibrium on {support}: {probs}; {where}")
    if record.get("mixed_never_valid"):
        items.append(
            rf"\item {record['mixed_never_valid']} other support pairs never give an equilibrium"
        )
    return items


def _action(name: str) -> str:
    """An action or strategy name that may break after each ``/`` (``Accept/Reject/...``)."""
    return _text(name).replace("/", r"/\allowbreak{}")


def _regions(record: Mapping[str, Any]) -> list[str]:
    items = []
    actions = record["actions"]
    for r in record["regions"] or []:
        cond = r["condition"]
        where = "everywhere" if cond["status"] == "always" else _long(cond["latex"])
        eqs = ", ".join(f"({_action(a)}, {_action(b)})" for a, b in r["equilibria"]) or "none"
        items.append(rf"\item {where}: {eqs}")
    del actions
    return items


def _solve_section(scenario: Scenario, values: Mapping[sp.Symbol, sp.Expr]) -> str:
    # Imported on use, for start-up speed.
    from gametheory import solve as solve_game
    from gametheory.report.records import solve_record

    if scenario.tree is not None:
        # Imported on use, for start-up speed.
        from gametheory.report.trees import tree_solve_record
        from gametheory.solvers.trees import solve_tree

        tree = scenario.tree.subs(values)
        record = tree_solve_record(solve_tree(tree), scenario, values)
        lines = [r"\begin{itemize}"]
        for o in record["outcomes"]:
            play = " | ".join(
                " $\\to$ ".join(_text(a) for a in p["path"])
                + ("" if p["probability"] == "1" else f" (${tex_number(p['probability'])}$)")
                for p in o["plays"]
            )
            pay = ", ".join(tex_number(u) for u in o["payoffs"])
            extra = f" ({o['spe_count']} SPE differing off the path)" if o["spe_count"] > 1 else ""
            lines.append(rf"\item subgame-perfect outcome: {play}; payoffs $({pay})${extra}")
        lines.append(r"\end{itemize}")
        return "\n".join(lines)
    record = solve_record(solve_game(scenario.normal_form.subs(values)), scenario, values)
    return solve_latex(record)


def _compare_section(scenario: Scenario, overrides: Mapping[str, Any]) -> str | None:
    # Imported on use, for start-up speed.
    from gametheory.kinds.api import compare_scenario, kind_of

    if "compare" not in kind_of(scenario).declared(scenario):
        return None
    try:
        record = compare_scenario(scenario, dict(overrides)).record
    except UnsupportedGameError:
        return None
    regimes = record["regimes"]
    lines = [
        r"\begin{tabular}{l" + "c" * len(regimes) + "}",
        r"\hline",
        " & ".join(["", *[math_label(r["label"]) for r in regimes]]) + r" \\",
        r"\hline",
        " & ".join(["outcome", *[math_label(r["outcome"]) for r in regimes]]) + r" \\",
    ]
    for k, p in enumerate(record["players"]):
        if all(r["payoffs"] for r in regimes):
            cells = [f"${tex_number(r['payoffs'][k])}$" for r in regimes]
            lines.append(" & ".join([f"payoff {_text(p)}", *cells]) + r" \\")
    deal = record.get("deal_outcome")
    label = f"deal ({_text(deal)}) reached" if deal else "deal reached"
    yes = {True: "yes", False: "no", None: "--"}
    lines.append(" & ".join([label, *[yes[r["cooperates"]] for r in regimes]]) + r" \\")
    lines += [r"\hline", r"\end{tabular}"]
    out = [fit_width("\n".join(lines)), r"\begin{itemize}"]
    for key, f in record["figures"].items():
        name = _text(key.replace("_", " "))
        if f.get("threshold") is not None and f["threshold"]["status"] == "conditional":
            closed = f" (in general {_long(f['formula']['latex'])})" if f["formula"] else ""
            out.append(
                rf"\item {name}: the deal is reached where ${f['threshold']['latex']}${closed}"
            )
        elif f["value"] is not None:
            closed = f", in general {_long(f['formula']['latex'])}" if f["formula"] else ""
            out.append(rf"\item {name}: ${_math(f['value'])}${closed}")
    out.append(r"\end{itemize}")
    for r in regimes:
        out.append(rf"\noindent\textbf{{{math_label(r['label'])}}}: {_text(r['sentence'])}\par")
    return "\n".join(out)


def _sections(
    scenario: Scenario, overrides: Mapping[str, Any], slides: bool, directory: Path
) -> tuple[list[tuple[str, str]], dict[str, bytes], list[str]]:
    # Imported on use, for start-up speed.
    from gametheory.kinds.api import describe_scenario

    values = scenario.values(dict(overrides), label="--set")
    show = describe_scenario(scenario, dict(overrides)).record
    latex_names = {p["name"]: p["symbol"] or _symbol(p["name"], None) for p in show["parameters"]}
    latex_names.update({k: _symbol(k, None) for k in show["definitions"]})
    sections: list[tuple[str, str]] = []
    notes: list[str] = []
    assets: dict[str, bytes] = {}

    story = [_text(show["summary"] or show["scenario"]["title"] or "")]
    roles = [
        f"{_text(p['name'])} ({_text(p['role'])})" if p["role"] else _text(p["name"])
        for p in show["players"]
    ]
    story.append(r"\par\medskip\noindent Players: " + "; ".join(roles) + ".")
    if show["assumptions"]:
        story.append(
            r"\par\noindent Assumptions: "
            + ", ".join(f"${_math(a, latex_names)}$" for a in show["assumptions"])
            + "."
        )
    sections.append(("The story", "\n".join(story)))
    if show["sources"]:
        items = [r"\begin{itemize}"]
        items += [rf"\item[{_text(s['key'])}] {_text(s['citation'])}" for s in show["sources"]]
        items.append(r"\end{itemize}")
        sections.append(("Sources", "\n".join(items)))
    if show["parameters"]:
        sections.append(("Parameters", _parameters_table(show, slides)))

    if scenario.model is not None:
        sections += model_sections(scenario, overrides, show, slides)
    elif scenario.tree is not None:
        # Imported on use, for start-up speed.
        from gametheory.report.tikz import tikz_tree
        from gametheory.report.trees import tree_record
        from gametheory.solvers.outcomes import spe_outcomes
        from gametheory.symbolic import scenario_assumptions

        tree = scenario.tree.subs(values)
        known = scenario_assumptions(scenario, values)
        outcomes = spe_outcomes(tree, known) if tree.perfect_information else None
        record = tree_record(tree, scenario, (), outcomes=outcomes, known=known)
        sections.append(("The game tree", tikz_tree(record, width="10.5cm" if slides else None)))
    else:
        sections.append(("The game", _matrix(show, latex_names, "payoff_formulas")))
    if scenario.model is None:
        sections.append(("Equilibria at these values", _solve_section(scenario, values)))

    if scenario.game is not None:
        # Imported on use, for start-up speed.
        from gametheory.report.derivation import derive_record
        from gametheory.solvers.outcomes import spe_outcomes
        from gametheory.symbolic import derive_normal_form

        derivation = derive_normal_form(scenario, {})
        outs: tuple[Outcome, ...] = ()
        if scenario.tree is not None and scenario.tree.perfect_information:
            outs = spe_outcomes(scenario.tree, derivation.assumptions)
        record = derive_record(derivation, scenario, {}, outcomes=outs)
        body = [
            r"With every parameter symbolic, known only through its domain and the "
            r"assumptions, the equilibria are:",
            r"\begin{itemize}",
            *_condition_items(record),
            r"\end{itemize}",
        ]
        regions = _regions(record)
        if regions and len(regions) <= 12:
            body += [r"Regions of the parameter space and their pure equilibria:"]
            body += [r"\begin{itemize}", *regions, r"\end{itemize}"]
        sections.append(("Derivation", "\n".join(body)))

    comparison = _compare_section(scenario, overrides)
    if comparison is not None:
        sections.append(("Regimes compared", comparison))

    picture = figure_hook(scenario, values, directory)
    if picture is not None:
        name, caption = picture
        assets[name] = (directory / name).read_bytes()
        width = r"width=0.9\linewidth" + (r",height=0.62\textheight,keepaspectratio" * slides)
        sections.append(
            (
                "Figure",
                r"\begin{center}"
                + rf"\includegraphics[{width}]{{{name}}}"
                + r"\end{center}"
                + "\n"
                + _text(caption),
            )
        )
    return sections, assets, notes


_ARTICLE = r"""\documentclass[a4paper]{article}
\usepackage{amsmath}
\usepackage{graphicx}
\usepackage{tikz}
\emergencystretch=3em
\title{%(title)s}
\author{fedlocal handout: %(name)s}
\date{}
\begin{document}
\maketitle
%(body)s
\end{document}
"""

_BEAMER = r"""\documentclass{beamer}
\usepackage{tikz}
\emergencystretch=3em
\setbeamertemplate{navigation symbols}{}
\title{%(title)s}
\subtitle{fedlocal handout: %(name)s}
\date{}
\begin{document}
\begin{frame}
\titlepage
\end{frame}
%(body)s
\end{document}
"""


def handout_tex(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    slides: bool = False,
    directory: Path | None = None,
) -> Handout:
    """The handout of ``scenario`` at its defaults with ``overrides`` applied.

    Parameters
    ----------
    scenario
        A loaded scenario (a finite game, a tree, or a model scenario).
    overrides
        Parameter values (``--set``), as for the other commands.
    slides
        A beamer deck instead of an article.
    directory
        Where the optional figure is written (a temporary folder by default).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> h = handout_tex(load_scenario("prisoners_dilemma"))
    >>> h.tex.startswith("\\\\documentclass[a4paper]{article}") and "Derivation" in h.tex
    True
    """
    with tempfile.TemporaryDirectory() as tmp:
        folder = directory or Path(tmp)
        sections, assets, notes = _sections(scenario, overrides or {}, slides, folder)
    title = _text(scenario.title or scenario.name or "scenario")
    name = _text(scenario.name or "")
    if slides:
        frames = []
        for heading, body in sections:
            breaks = (
                "[allowframebreaks]"
                if heading in ("Derivation", "Sources", "Regimes compared", "Parameters")
                else ""
            )
            frames.append(
                rf"\begin{{frame}}{breaks}{{{heading}}}" + "\n\\small\n" + body + "\n\\end{frame}"
            )
        tex = _BEAMER % {"title": title, "name": name, "body": "\n".join(frames)}
    else:
        body = "\n".join(rf"\section*{{{heading}}}" + "\n" + text for heading, text in sections)
        tex = _ARTICLE % {"title": title, "name": name, "body": body}
    return Handout(tex, assets, tuple(notes))


def write_handout(handout: Handout, output: Path) -> Path:
    """Write ``FILE.tex`` (and its figures beside it), or compile ``FILE.pdf`` with pdflatex."""
    output = Path(output)
    suffix = output.suffix.lower()
    if suffix not in (".tex", ".pdf"):
        raise GameTheoryError(f"-o {output}: expected a file name ending in .tex or .pdf")
    if suffix == ".tex":
        output.write_text(handout.tex, encoding="utf-8")
        for name, data in handout.assets.items():
            (output.parent / name).write_bytes(data)
        return output
    pdflatex = shutil.which("pdflatex")
    if pdflatex is None:
        raise GameTheoryError(
            "pdflatex is not installed: write FILE.tex instead, or install a TeX distribution "
            "(Debian: texlive-latex-base texlive-latex-recommended texlive-pictures)"
        )
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "handout.tex").write_text(handout.tex, encoding="utf-8")
        for name, data in handout.assets.items():
            (work / name).write_bytes(data)
        result = subprocess.run(
            [pdflatex, "-interaction=nonstopmode", "-halt-on-error", "handout.tex"],
            cwd=work,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
        if result.returncode != 0 or not (work / "handout.pdf").exists():
            tail = "\n".join(result.stdout.splitlines()[-15:])
            raise GameTheoryError(f"pdflatex failed on the handout:\n{tail}")
        shutil.copyfile(work / "handout.pdf", output)
        log = work / "handout.log"
        if log.exists():
            shutil.copyfile(log, output.with_suffix(".log"))
    return output


def build_handout(
    scenario: Scenario,
    output: Path,
    overrides: Mapping[str, Any] | None = None,
    *,
    slides: bool = False,
) -> Path:
    """Build and write the handout (``.tex`` or ``.pdf``); returns the path written."""
    with tempfile.TemporaryDirectory() as tmp:
        handout = handout_tex(scenario, overrides, slides=slides, directory=Path(tmp))
        return write_handout(handout, output)
