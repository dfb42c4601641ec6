"""Game trees → records and pictures: ``solve`` on a tree, and ``fedlocal tree`` (text, DOT, TikZ,
JSON), with the subgame-perfect path highlighted."""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.limits import to_float
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree, TreeNode, history_text
from gametheory.report.latex import tex_escape
from gametheory.report.records import (
    SCHEMA_VERSION,
    exact_str,
    scenario_header,
    solve_record,
    strategy_text,
)
from gametheory.solvers.backward_induction import SubgamePerfectEquilibrium
from gametheory.solvers.trees import TreeSolution

__all__ = ["render_tree", "spe_records", "tree_record", "tree_solve_record"]


def spe_records(
    spe: tuple[SubgamePerfectEquilibrium, ...],
    symbolic: bool = False,
    tree: GameTree | None = None,
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
            entry["condition"] = (
                "True" if e.condition.is_always else sp.sstr(e.condition.as_relational())
            )
        else:
            entry["payoffs_float"] = [to_float(u) for u in e.payoffs]
        out.append(entry)
    return out


def tree_solve_record(
    solution: TreeSolution, scenario: Scenario | None, values: Mapping[sp.Symbol, sp.Expr]
) -> dict[str, Any]:
    """The JSON record of ``solve`` on a tree: the strategic-form record plus ``spe``."""
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
    record["diagnostics"] = list(record["diagnostics"]) + list(solution.diagnostics)
    return record


def _node_record(tree: GameTree, node: TreeNode) -> dict[str, Any]:
    entry: dict[str, Any] = {"history": history_text(node.history), "kind": node.kind}
    if node.label:
        entry["label"] = node.label
    if node.kind == "decision":
        entry["player"] = tree.players[node.player or 0]
        entry["infoset"] = node.infoset_key
        entry["actions"] = list(node.actions)
    elif node.kind == "chance":
        entry["actions"] = list(node.actions)
        entry["probabilities"] = [sp.sstr(p) for p in node.probabilities]
    else:
        entry["payoffs"] = [sp.sstr(u) for u in node.payoffs]
    return entry


def tree_record(
    tree: GameTree, scenario: Scenario | None, spe: tuple[SubgamePerfectEquilibrium, ...]
) -> dict[str, Any]:
    """The JSON record of ``fedlocal tree``: nodes in preorder and the SPE (first one highlighted).

    Backward induction needs perfect information, so for a numeric tree with imperfect
    information an empty ``spe`` is filled here with the SPE in behavior strategies
    (:func:`~gametheory.solvers.trees.subgame_perfect_equilibria`).
    """
    if not spe and not tree.perfect_information and tree.is_numeric:
        from gametheory.solvers.trees import subgame_perfect_equilibria

        spe, _ = subgame_perfect_equilibria(tree)
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "tree",
        "scenario": scenario_header(scenario, tree.title),
        "players": list(tree.players),
        "nodes": [_node_record(tree, n) for n in tree.preorder()],
        "spe": spe_records(spe, symbolic=not tree.is_numeric, tree=tree),
    }


# -- pictures -----------------------------------------------------------------------------------
def _highlight(record: Mapping[str, Any]) -> dict[str, str]:
    return record["spe"][0]["choices"] if record["spe"] else {}


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
    if spe:
        lines += ["", "* marks the subgame-perfect choices" + (" of SPE 0" if len(spe) > 1 else "")]
        if mixed_marks:
            lines.append("~ marks an action played with the probability in brackets")
        lines.append(f"subgame-perfect equilibria ({len(spe)}):")
        for k, e in enumerate(spe):
            where = f" when {e['condition']}" if e.get("condition") not in (None, "True") else ""
            choices = ", ".join(f"{h or 'root'}: {a}" for h, a in e["choices"].items())
            lines.append(f"  {k}. {choices}; payoffs ({', '.join(e['payoffs'])}){where}")
    return "\n".join(lines) + "\n"


def _dot_id(h: str) -> str:
    return '"' + (h or "root").replace('"', '\\"') + '"'


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
            label = "(" + ", ".join(node["payoffs"]) + ")"
            lines.append(f'  {_dot_id(h)} [shape=plaintext, label="{label}"];')
        elif node["kind"] == "chance":
            lines.append(f'  {_dot_id(h)} [shape=circle, label="chance"];')
        else:
            lines.append(f'  {_dot_id(h)} [shape=ellipse, label="{node["player"]}"];')
    for h, kids in children.items():
        for k, (action, child) in enumerate(kids):
            label = action + (
                f" ({nodes[h]['probabilities'][k]})" if nodes[h]["kind"] == "chance" else ""
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
    """A TikZ picture (plain tikz, its trees library): the SPE choices drawn thick."""
    nodes = {n["history"]: n for n in record["nodes"]}
    children = _children(record)
    chosen = _highlight(record)

    def leaves(h: str) -> int:
        return 1 if not children[h] else sum(leaves(c) for _, c in children[h])

    def walk(h: str, depth: int) -> list[str]:
        node = nodes[h]
        pad = "  " * (depth + 1)
        if node["kind"] == "terminal":
            return [f"{pad}node[below] {{$({', '.join(tex_escape(p) for p in node['payoffs'])})$}}"]
        who = tex_escape(node["player"]) if node["kind"] == "decision" else "chance"
        shape = "circle" if node["kind"] == "chance" else "rounded corners"
        out = [f"{pad}node[draw, thin, {shape}] {{{who}}}"]
        kids = children[h]
        for k, (action, child) in enumerate(kids):
            label = tex_escape(action)
            if node["kind"] == "chance":
                label += f" ({tex_escape(node['probabilities'][k])})"
            # Every edge states its width: options of an edge would otherwise reach its subtree.
            width = "ultra thick" if chosen.get(h) == action else "thin"
            side = "left" if 2 * k + 1 < len(kids) else "right"
            out.append(f"{pad}child {{")
            out += walk(child, depth + 1)
            out.append(
                f"{pad}  edge from parent[draw, {width}] node[{side}, font=\\small] {{{label}}}"
            )
            out.append(f"{pad}}}")
        return out

    body = walk("", 0)
    body[0] = "\\" + body[0].strip()
    # Sibling distance per level: the widest subtree at that level, in leaves, times 26 mm.
    widest: dict[int, int] = {}
    for h in nodes:
        depth = len(h.split("/")) if h else 0
        widest[depth] = max(widest.get(depth, 0), leaves(h))
    levels = ", ".join(
        f"level {d}/.style={{sibling distance={26 * widest[d]}mm}}" for d in sorted(widest) if d > 0
    )
    lines = [
        f"% fedlocal tree: {tex_escape(record['scenario']['title'] or '')} (plain TikZ)",
        rf"\begin{{tikzpicture}}[level distance=22mm, {levels}]",
        *body,
        ";",
        r"\end{tikzpicture}",
    ]
    return "\n".join(lines) + "\n"


def render_tree(record: Mapping[str, Any], fmt: str) -> str:
    """Render a :func:`tree_record` as ``text``, ``dot``, ``tikz`` or ``json``."""
    import json

    if fmt == "json":
        from gametheory.limits import json_ready

        return json.dumps(json_ready(record), indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    return {"text": _text, "dot": _dot, "tikz": _tikz}[fmt](record)
