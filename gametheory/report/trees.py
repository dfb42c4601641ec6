"""Game trees → records and pictures: ``solve`` on a tree, and ``fedlocal tree`` (text, DOT, TikZ,
JSON), with the subgame-perfect path highlighted."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.limits import json_ready, to_float
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree, TreeNode, history_text
from gametheory.numbers import to_latex
from gametheory.report.outcomes import nash_outcome_records, outcome_lines, outcome_records
from gametheory.report.records import (
    SCHEMA_VERSION,
    exact_str,
    scenario_header,
    solve_record,
    strategy_text,
)
from gametheory.report.tikz import tikz_tree
from gametheory.solvers.backward_induction import SubgamePerfectEquilibrium
from gametheory.solvers.outcomes import Outcome, group_equilibria
from gametheory.solvers.trees import TreeSolution
from gametheory.symbolic.conditions import Assumptions
from gametheory.symbolic.simplify import simplify_condition
from gametheory.symbolic.text import formula_text

__all__ = ["render_tree", "spe_records", "tree_record", "tree_solve_record"]


def spe_records(
    spe: tuple[SubgamePerfectEquilibrium, ...],
    symbolic: bool = False,
    tree: GameTree | None = None,
    known: Assumptions | None = None,
) -> list[dict[str, Any]]:
    """One entry per SPE: ``path``, ``payoffs`` (exact strings), ``choices`` (history → action).

    An SPE that mixes (behavior strategies, imperfect-information trees; ``tree`` is then
    needed) also has ``behavior``: information set → action → probability (exact strings), and
    its ``choices`` show the mix in words at the nodes where it mixes (``"3/4 B + 1/4 S"``).
    """
    out = []
    for e in spe:
        entry: dict[str, Any] = {
            "path": list(e.path),
            "payoffs": [exact_str(u) for u in e.payoffs],
            "choices": e.choices_text,
        }
        if not e.pure:
            if tree is None:
                raise ScenarioError("spe_records needs the tree to report a mixed SPE")
            behavior = dict(e.behavior)
            choices: dict[str, str] = {}
            for node in tree.preorder():
                if node.kind == "decision" and node.infoset_key in behavior:
                    dist = behavior[node.infoset_key]
                    choices[history_text(node.history)] = strategy_text(
                        [a for a, _ in dist], [p for _, p in dist]
                    )
            entry["choices"] = choices
            entry["behavior"] = {
                key: {a: exact_str(p) for a, p in dist} for key, dist in e.behavior
            }
        if symbolic:
            entry["condition"] = simplify_condition(e.condition, known).text()
        else:
            entry["payoffs_float"] = [to_float(u) for u in e.payoffs]
        out.append(entry)
    return out


def tree_solve_record(
    solution: TreeSolution,
    scenario: Scenario | None,
    values: Mapping[sp.Symbol, sp.Expr],
    *,
    show_all: bool = False,
) -> dict[str, Any]:
    """The JSON record of ``solve`` on a tree: the strategic-form record plus ``spe``, the SPE
    grouped by outcome (``outcomes``) and the Nash equilibria grouped by outcome
    (``nash_outcomes``); ``show_all`` asks the text to list every equilibrium too."""
    tree = solution.tree
    if solution.normal_form is not None:
        record = solve_record(solution.normal_form, scenario, values)
        for eq, flag in zip(record["equilibria"], solution.subgame_perfect, strict=True):
            eq["subgame_perfect"] = flag
    else:
        record = {
            "schema_version": SCHEMA_VERSION,
            "command": "solve",
            "scenario": scenario_header(scenario, tree.title),
            "players": list(tree.players),
            "actions": [],
            "parameters": {
                s.name: exact_str(v) for s, v in sorted(values.items(), key=lambda kv: kv[0].name)
            },
            "assumptions_failed": scenario.failed_assumptions(values) if scenario else [],
            "payoffs": [],
            "method": "backward_induction",
            "exact": True,
            "complete": False,
            "degenerate": None,
            "equilibria": [],
            "cliques": [],
            "components": [],
            "dominated": [],
            "diagnostics": [],
        }
    record["kind"] = "tree"
    record["spe"] = spe_records(solution.spe, tree=tree)
    record["outcomes"] = outcome_records(group_equilibria(tree, solution.spe))
    if solution.normal_form is not None and solution.strategies is not None:
        record["nash_outcomes"] = nash_outcome_records(
            tree, solution.strategies, record, solution.subgame_perfect
        )
    record["all"] = show_all
    record["diagnostics"] = list(record["diagnostics"]) + list(solution.diagnostics)
    return record


def _node_record(
    tree: GameTree, node: TreeNode, names: Mapping[sp.Symbol, str] | None = None
) -> dict[str, Any]:
    entry: dict[str, Any] = {"history": history_text(node.history), "kind": node.kind}
    if node.label:
        entry["label"] = node.label
    if node.kind == "decision":
        entry["player"] = tree.players[node.player or 0]
        entry["infoset"] = node.infoset_key
        entry["actions"] = list(node.actions)
    elif node.kind == "chance":
        entry["actions"] = list(node.actions)
        entry["probabilities"] = [formula_text(p) for p in node.probabilities]
        entry["probabilities_latex"] = [_tex(p, names) for p in node.probabilities]
    else:
        entry["payoffs"] = [formula_text(u) for u in node.payoffs]
        entry["payoffs_latex"] = [_tex(u, names) for u in node.payoffs]
    return entry


def _tex(value: Any, names: Mapping[sp.Symbol, str] | None) -> str:
    return str(to_latex(sp.sympify(value), symbol_names=dict(names or {})))


def tree_record(
    tree: GameTree,
    scenario: Scenario | None,
    spe: tuple[SubgamePerfectEquilibrium, ...],
    *,
    outcomes: tuple[Outcome, ...] | None = None,
    known: Assumptions | None = None,
    show_all: bool = False,
    width: str | None = None,
) -> dict[str, Any]:
    """The JSON record of ``fedlocal tree``: nodes in preorder, the SPE outcomes and the SPE.

    ``spe`` are the tree's subgame-perfect equilibria as
    :func:`~gametheory.solvers.trees.tree_equilibria` finds them. ``outcomes`` (from
    :func:`~gametheory.solvers.outcomes.spe_outcomes`) groups the SPE by play and payoffs; when
    not given it is computed from ``spe``. Pictures highlight the first outcome's choices.
    """
    if outcomes is None:
        outcomes = group_equilibria(tree, spe)
    names = {}
    if scenario is not None:
        names = {p.symbol: p.latex for p in scenario.parameters if p.latex}
    symbolic = not tree.is_numeric
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "tree",
        "scenario": scenario_header(scenario, tree.title),
        "players": list(tree.players),
        "latex_symbols": {s.name: tex for s, tex in names.items() if s in tree.free_symbols},
        "nodes": [_node_record(tree, n, names) for n in tree.preorder()],
        "outcomes": outcome_records(outcomes, symbolic=symbolic, known=known, names=names),
        "spe": spe_records(spe, symbolic=symbolic, tree=tree, known=known),
        "all": show_all,
        "width": width,
    }


# -- pictures -----------------------------------------------------------------------------------
def _highlight(record: Mapping[str, Any]) -> dict[str, str]:
    if record["spe"]:
        choices: dict[str, str] = record["spe"][0]["choices"]
        return choices
    outcomes = record.get("outcomes") or []
    return outcomes[0]["choices"] if outcomes else {}


def _children(record: Mapping[str, Any]) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for node in record["nodes"]:
        h = node["history"]
        out[h] = [(a, f"{h}/{a}" if h else a) for a in node.get("actions", [])]
    return out


def _text(record: Mapping[str, Any]) -> str:
    nodes = {n["history"]: n for n in record["nodes"]}
    children = _children(record)
    chosen = _highlight(record)
    sc = record["scenario"]
    lines = [f"{sc['name'] or 'tree'}: {sc['title']}"]

    def walk(h: str, depth: int, edge: str) -> None:
        node = nodes[h]
        pad = "  " * depth
        if node["kind"] == "terminal":
            lines.append(f"{pad}{edge}-> ({', '.join(node['payoffs'])})")
            return
        who = node["player"] if node["kind"] == "decision" else "chance"
        info = (
            f" [{node['infoset']}]"
            if node["kind"] == "decision" and not node["infoset"].startswith("@")
            else ""
        )
        lines.append(f"{pad}{edge}{who}{info}:")
        for k, (action, child) in enumerate(children[h]):
            sign, weight = mark(h, action)
            prob = f" ({node['probabilities'][k]})" if node["kind"] == "chance" else weight
            walk(child, depth + 1, f"{sign}{action}{prob} ")

    mixes = (record["spe"][0].get("behavior") or {}) if record["spe"] else {}
    mixed_marks = False

    def mark(h: str, action: str) -> tuple[str, str]:
        nonlocal mixed_marks
        node = nodes[h]
        if node["kind"] == "decision" and node["infoset"] in mixes:
            p = mixes[node["infoset"]].get(action, "0")
            if p == "1":
                return "*", ""
            if p != "0":
                mixed_marks = True
                return "~", f" [{p}]"
            return " ", ""
        return ("*" if chosen.get(h) == action else " "), ""

    walk("", 0, "")
    spe = record["spe"]
    outcomes = [
        o for o in record.get("outcomes", []) if (o.get("condition") or {}).get("status") != "never"
    ]
    if spe or outcomes:
        first = "SPE 0" if spe else "the first outcome's SPE"
        lines += [
            "",
            "* marks the subgame-perfect choices" + (f" of {first}" if len(spe) != 1 else ""),
        ]
        if mixed_marks:
            lines.append("~ marks an action played with the probability in brackets")
    if outcomes:
        total = sum(o["spe_count"] for o in outcomes)
        exact = all(o["spe_count_exact"] for o in outcomes)
        count = f"{total} SPE" if exact else "SPE"
        lines.append(
            f"subgame-perfect outcomes ({len(outcomes)}; {count}"
            + (", listed with --all" if not record.get("all") and total > len(outcomes) else "")
            + "):"
        )
        lines += outcome_lines(outcomes)
    if spe and (record.get("all") or not outcomes):
        lines.append(f"subgame-perfect equilibria ({len(spe)}):")
        for k, e in enumerate(spe):
            cond = e.get("condition")
            where = f" when {cond}" if cond not in (None, "always") else ""
            choices = ", ".join(f"{h or 'root'}: {a}" for h, a in e["choices"].items())
            lines.append(f"  {k}. {choices}; payoffs ({', '.join(e['payoffs'])}){where}")
    return "\n".join(lines) + "\n"


def _dot_id(h: str) -> str:
    return '"' + (h or "root").replace('"', '\\"') + '"'


#: Greek parameter names and their letters, for the drawings of DOT (which has no math mode).
_GREEK_LETTERS = {
    "alpha": "α",
    "beta": "β",
    "gamma": "γ",
    "delta": "δ",
    "epsilon": "ε",
    "zeta": "ζ",
    "eta": "η",
    "theta": "θ",
    "iota": "ι",
    "kappa": "κ",
    "lambda": "λ",
    "lam": "λ",
    "mu": "μ",
    "nu": "ν",
    "xi": "ξ",
    "pi": "π",
    "rho": "ρ",
    "sigma": "σ",
    "tau": "τ",
    "upsilon": "υ",
    "phi": "φ",
    "chi": "χ",
    "psi": "ψ",
    "omega": "ω",
    "Gamma": "Γ",
    "Delta": "Δ",
    "Theta": "Θ",
    "Lambda": "Λ",
    "Xi": "Ξ",
    "Pi": "Π",
    "Sigma": "Σ",
    "Phi": "Φ",
    "Psi": "Ψ",
    "Omega": "Ω",
}


def _dot_math(text: str) -> str:
    """A formula of the scenario language as a drawing's label: ``·`` for products, ``^`` for
    powers, Greek names as letters (``-lam - h*(1 - x)`` → ``-λ - h·(1 - x)``)."""
    text = text.replace("**", "^").replace("*", "·")

    def letter(m: re.Match[str]) -> str:
        return _GREEK_LETTERS.get(m.group(1), m.group(1)) + (m.group(2) or "")

    return re.sub(r"\b([A-Za-z]+)(_[A-Za-z0-9]+)?\b", letter, text)


def _dot(record: Mapping[str, Any]) -> str:
    nodes = {n["history"]: n for n in record["nodes"]}
    children = _children(record)
    chosen = _highlight(record)
    title = (record["scenario"]["title"] or "").replace('"', '\\"')
    lines = [
        "digraph tree {",
        f'  label="{title}";',
        "  node [fontname=Helvetica]; edge [fontname=Helvetica];",
    ]
    for h, node in nodes.items():
        if node["kind"] == "terminal":
            label = "(" + ", ".join(_dot_math(u) for u in node["payoffs"]) + ")"
            lines.append(f'  {_dot_id(h)} [shape=plaintext, label="{label}"];')
        elif node["kind"] == "chance":
            lines.append(f'  {_dot_id(h)} [shape=circle, label="chance"];')
        else:
            lines.append(f'  {_dot_id(h)} [shape=ellipse, label="{node["player"]}"];')
    for h, kids in children.items():
        for k, (action, child) in enumerate(kids):
            label = action + (
                f" ({_dot_math(nodes[h]['probabilities'][k])})"
                if nodes[h]["kind"] == "chance"
                else ""
            )
            style = ", penwidth=3, color=red" if chosen.get(h) == action else ""
            lines.append(f'  {_dot_id(h)} -> {_dot_id(child)} [label="{label}"{style}];')
    infosets: dict[str, list[str]] = {}
    for h, node in nodes.items():
        if node["kind"] == "decision" and not node["infoset"].startswith("@"):
            infosets.setdefault(node["infoset"], []).append(h)
    for members in infosets.values():
        for a, b in itertools.pairwise(members):
            lines.append(
                f"  {_dot_id(a)} -> {_dot_id(b)} [style=dashed, dir=none, constraint=false];"
            )
    lines.append("}")
    return "\n".join(lines) + "\n"


def _tikz(record: Mapping[str, Any]) -> str:
    # Imported on use, for start-up speed.

    return tikz_tree(record, width=record.get("width"))


def render_tree(record: Mapping[str, Any], fmt: str) -> str:
    """Render a :func:`tree_record` as ``text``, ``dot``, ``tikz`` or ``json``."""

    if fmt == "json":
        return json.dumps(json_ready(record), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return {"text": _text, "dot": _dot, "tikz": _tikz}[fmt](record)
