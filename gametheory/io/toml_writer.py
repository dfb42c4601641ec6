"""Writing scenarios back to TOML, with formulas in fedlocal's own grammar.

A written file loads back to the same scenario (same parameters, game and tree): formulas are
printed so that :func:`gametheory.scenario.parse_formula` reads them again (``min``, ``max``,
``abs``, ``sqrt``, ``exp``, ``log``, ``**``; exact rationals as ``p/q``).
"""

from __future__ import annotations

import json
import re

import sympy as sp

from gametheory.exceptions import InputTypeError
from gametheory.limits import ExactStrPrinter
from gametheory.model.nplayer import NPlayerGame
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree, History

__all__ = ["formula_text", "write_scenario_toml"]


def formula_text(expr: sp.Expr) -> str:
    """A sympy expression as text the scenario parser reads back to the same expression.

    Examples
    --------
    >>> a, b = sp.symbols("a b")
    >>> formula_text(sp.Min(a, b) + sp.Rational(1, 2) * sp.Abs(a))
    'abs(a)/2 + min(a, b)'
    """
    return str(ExactStrPrinter().doprint(expr))


def _string(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def _key(name: str) -> str:
    return name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else _string(name)


def _number(expr: sp.Expr) -> str:
    return str(int(expr)) if expr.is_Integer else _string(formula_text(expr))


def write_scenario_toml(scenario: Scenario) -> str:
    """The scenario as a TOML document (``format = 1``) that loads back to the same scenario.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.scenario import scenario_from_toml
    >>> sc = load_scenario("surge_pd")
    >>> scenario_from_toml(write_scenario_toml(sc)).game == sc.game
    True
    """
    out: list[str] = [
        "format = 1",
        f"name = {_string(scenario.name)}",
        f"title = {_string(scenario.title)}",
    ]
    if scenario.summary:
        out.append(f"summary = {_string(' '.join(scenario.summary.split()))}")
    if scenario.tags:
        out.append("tags = [" + ", ".join(_string(t) for t in scenario.tags) + "]")
    if scenario.assumptions:
        out.append(
            "assumptions = [" + ", ".join(_string(text) for text, _ in scenario.assumptions) + "]"
        )
    for source in scenario.sources:
        out += [
            "",
            "[[sources]]",
            f"key = {_string(source.key)}",
            f"citation = {_string(source.citation)}",
        ]
        if source.url:
            out.append(f"url = {_string(source.url)}")
    for player in scenario.players:
        out += ["", "[[players]]", f"name = {_string(player.name)}"]
        if player.role:
            out.append(f"role = {_string(player.role)}")
    for p in scenario.parameters:
        out += ["", f"[parameters.{_key(p.name)}]"]
        if p.latex and p.latex != p.name:
            out.append(f"symbol = {_string(p.latex)}")
        if p.description:
            out.append(f"description = {_string(p.description)}")
        out.append(f"default = {_number(p.default)}")
        out.append(f"domain = {_string(str(p.domain))}")
        if p.range is not None:
            out.append(f"range = [{_number(p.range[0])}, {_number(p.range[1])}]")
        out.append(f"provenance = {_string(p.provenance)}")
        if p.source:
            out.append(f"source = {_string(p.source)}")
    if scenario.definitions:
        out += ["", "[definitions]"]
        out += [
            f"{_key(name)} = {_string(formula_text(expr))}" for name, expr in scenario.definitions
        ]
    if scenario.tree is not None:
        out += _tree_tables(scenario.tree)
    elif scenario.game is not None:
        game = scenario.game
        out += ["", "[game.actions]"]
        out += [
            f"{_key(pl)} = [" + ", ".join(_string(a) for a in acts) + "]"
            for pl, acts in zip(game.players, game.actions, strict=True)
        ]
        for i, row in enumerate(game.actions[0]):
            out += ["", f"[game.payoffs.{_key(row)}]"]
            for j, col in enumerate(game.actions[1]):
                cell = ", ".join(_number(game.payoffs[k][i, j]) for k in (0, 1))
                out.append(f"{_key(col)} = [{cell}]")
    elif scenario.model is not None and isinstance(scenario.model[1], NPlayerGame):
        out += _profile_tables(scenario.model[1])
    for name, table in scenario.sections:
        out += _plain_tables(name, table)
    return "\n".join(out) + "\n"


def _profile_tables(game: NPlayerGame) -> list[str]:
    """An N-player ``[game]`` as a flat table, one ``[[game.profiles]]`` row per profile."""
    out = ["", "[game.actions]"]
    out += [
        f"{_key(pl)} = [" + ", ".join(_string(a) for a in acts) + "]"
        for pl, acts in zip(game.players, game.actions, strict=True)
    ]
    for profile in game.profiles():
        out += [
            "",
            "[[game.profiles]]",
            "actions = [" + ", ".join(_string(a) for a in game.labels(profile)) + "]",
            "payoffs = [" + ", ".join(_number(u) for u in game.payoff(profile)) + "]",
        ]
    return out


def _value(v: object) -> str:
    """A plain TOML value: string, number, boolean, array or inline table."""
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return repr(v)
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, list):
        return "[" + ", ".join(_value(x) for x in v) + "]"
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(str(k))} = {_value(x)}" for k, x in v.items()) + " }"
    raise InputTypeError(f"cannot write {type(v).__name__} to TOML")


def _plain_tables(path: str, table: dict[str, object]) -> list[str]:
    """A section kept as read (``[repeated]``, ``[compare]``, a model section), written back:
    scalars and arrays under the table's header, sub-tables as their own headers."""
    out = ["", f"[{path}]"]
    subtables = []
    for key, value in table.items():
        if (isinstance(value, dict) and any(isinstance(v, dict) for v in value.values())) or (
            isinstance(value, dict) and path.count(".") == 0 and key in ("regimes", "automata")
        ):
            subtables.append((key, value))
        else:
            out.append(f"{_key(str(key))} = {_value(value)}")
    for key, value in subtables:
        assert isinstance(value, dict)
        for sub, inner in value.items():
            if isinstance(inner, dict):
                out += _plain_tables(f"{path}.{_key(str(key))}.{_key(str(sub))}", inner)
            else:
                out += ["", f"[{path}.{_key(str(key))}]", f"{_key(str(sub))} = {_value(inner)}"]
    return out


def _tree_tables(tree: GameTree) -> list[str]:
    out: list[str] = []

    def path(history: History) -> str:
        return "tree" + "".join(f".moves.{_key(a)}" for a in history)

    parents = {n.history: n for n in tree.nodes}
    for node in tree.preorder():
        lines: list[str] = ["", f"[{path(node.history)}]"]
        if node.history:
            parent = parents[node.history[:-1]]
            if parent.kind == "chance":
                k = parent.actions.index(node.history[-1])
                lines.append(f"probability = {_number(parent.probabilities[k])}")
        if node.label:
            lines.append(f"label = {_string(node.label)}")
        if node.kind == "terminal":
            lines.append("payoffs = [" + ", ".join(_number(u) for u in node.payoffs) + "]")
        elif node.kind == "chance":
            lines.append("chance = true")
        else:
            lines.append(f"player = {_string(tree.players[node.player or 0])}")
            if node.infoset is not None:
                lines.append(f"infoset = {_string(node.infoset)}")
        out += lines
    return out
