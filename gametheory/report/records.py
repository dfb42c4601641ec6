"""Results → records and rows: the single source every renderer (table, JSON, CSV, LaTeX) uses.

A *record* is a JSON-ready ``dict`` with a fixed key order and ``"schema_version"``; exact numbers
are strings (``"2/3"``) with float twins derived from them. *Rows* are flat dicts built from a
record, for tables and CSV.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.limits import to_float
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.scenario import Scenario
from gametheory.numbers import exact_str, strategy_text
from gametheory.solvers.result import EquilibriumResult
from gametheory.symbolic.text import formula_text

__all__ = [
    "SCHEMA_VERSION",
    "equilibrium_rows",
    "exact_str",
    "scenario_header",
    "scenario_record",
    "solve_record",
    "strategy_text",
]

#: Version of the JSON contract (docs/reference/json.md). Bumped on any incompatible change.
SCHEMA_VERSION = 1


def _float(value: Fraction | sp.Expr) -> float:
    return to_float(value)  # type: ignore[return-value]


def _matrix(game: NormalFormGame, k: int) -> list[list[str]]:
    m = game.payoffs[k]
    return [[exact_str(m[i, j]) for j in range(m.cols)] for i in range(m.rows)]


def solve_record(
    result: EquilibriumResult,
    scenario: Scenario | None = None,
    values: Mapping[sp.Symbol, sp.Expr] | None = None,
) -> dict[str, Any]:
    """The JSON record of a :func:`~gametheory.solve` result (schema in docs/reference/json.md).

    ``values`` are the parameter values the game was built with, keyed by symbol (as
    :meth:`Scenario.values` returns them); by default those the result recorded.
    """
    game = result.game
    if values is None and scenario is not None and result.parameters:
        values = {scenario.symbols[name]: v for name, v in result.parameters}
    component_of = {k: c for c, comp in enumerate(result.components) for k in comp.equilibria}
    equilibria = []
    for k, eq in enumerate(result.equilibria):
        equilibria.append(
            {
                "index": k,
                "strategies": [[exact_str(p) for p in s] for s in eq.strategies],
                "strategies_float": [[to_float(p) for p in s] for s in eq.strategies],
                "payoffs": [exact_str(u) for u in eq.payoffs],
                "payoffs_float": [to_float(u) for u in eq.payoffs],
                "pure": eq.pure,
                "profile": (
                    [game.actions[0][eq.supports[0][0]], game.actions[1][eq.supports[1][0]]]
                    if eq.pure
                    else None
                ),
                "supports": [[game.actions[p][i] for i in eq.supports[p]] for p in (0, 1)],
                "component": component_of.get(k),
            }
        )
    failed = scenario.failed_assumptions(values or {}) if scenario is not None else []
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "solve",
        "scenario": scenario_header(scenario, game.title),
        "players": list(game.players),
        "actions": [list(a) for a in game.actions],
        "parameters": {
            s.name: exact_str(v)
            for s, v in sorted((values or {}).items(), key=lambda kv: kv[0].name)
        },
        "assumptions_failed": failed,
        "payoffs": [_matrix(game, 0), _matrix(game, 1)],
        "method": result.method,
        "exact": result.exact,
        "complete": result.complete,
        "degenerate": result.degenerate,
        "equilibria": equilibria,
        "cliques": [
            {
                "equilibria": list(c.equilibria),
                "row_strategies": [[exact_str(p) for p in s] for s in c.row_strategies],
                "column_strategies": [[exact_str(p) for p in s] for s in c.column_strategies],
            }
            for c in result.cliques
        ],
        "components": [
            {
                "equilibria": list(c.equilibria),
                "cliques": list(c.cliques),
                "isolated": c.is_isolated,
            }
            for c in result.components
        ],
        "dominated": [
            {
                "player": game.players[d.player],
                "action": game.actions[d.player][d.action],
                "kind": d.kind,
                "by": [exact_str(p) for p in d.by],
                "by_text": strategy_text(game.actions[d.player], d.by),
            }
            for d in result.dominated
        ],
        "diagnostics": list(result.diagnostics),
    }


def scenario_header(scenario: Scenario | None, title: str = "") -> dict[str, Any]:
    """The ``scenario`` entry of every record: name, title, path and whether it is bundled.

    A bundled scenario's path depends on where fedlocal is installed, so reports leave it out.
    """
    if scenario is None:
        return {"name": None, "title": title, "path": None, "bundled": False}
    return {
        "name": scenario.name,
        "title": scenario.title,
        "path": None if scenario.bundled else scenario.path,
        "bundled": scenario.bundled,
    }


def equilibrium_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Flat rows, one per equilibrium, from a solve record (for tables and CSV).

    Columns: ``#``, ``component``, ``kind``, then per player its strategy as text and its
    payoff (exact), then the payoffs as floats.
    """
    players, actions = record["players"], record["actions"]
    rows = []
    for eq in record["equilibria"]:
        row: dict[str, Any] = {
            "#": eq["index"],
            "component": eq["component"],
            "kind": "pure" if eq["pure"] else "mixed",
        }
        for p, name in enumerate(players):
            row[name] = strategy_text(actions[p], eq["strategies"][p])
        for p, name in enumerate(players):
            row[f"payoff {name}"] = eq["payoffs"][p]
        for p, name in enumerate(players):
            row[f"payoff {name} (float)"] = eq["payoffs_float"][p]
        rows.append(row)
    return rows


def scenario_record(
    scenario: Scenario,
    values: Mapping[sp.Symbol, sp.Expr],
    model: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The JSON record of ``fedlocal show``: the scenario, its formulas and the game at ``values``.

    A model scenario (``[continuous]``, ``[reputation]``, ...) has no payoff matrix: its record
    has ``model``, the kind and the model's own description at ``values``, as given by the caller
    (:meth:`gametheory.kinds.models.ModelKind.show`), and empty actions.
    """
    game = None
    if model is not None:
        model = {"kind": model["kind"], "description": list(model["description"])}
    elif scenario.tree is not None and len(scenario.tree.players) != 2:
        why = "without a strategic form (that needs two players)"
        model = {
            "kind": "tree",
            "description": [
                f"a game tree of {len(scenario.tree.nodes)} nodes and "
                f"{len(scenario.tree.players)} players, {why}: `fedlocal tree {scenario.name}` "
                f"draws it, `fedlocal solve {scenario.name}` gives its subgame-perfect equilibria"
            ],
        }
    else:
        game = scenario.normal_form
    numeric = game.subs(values) if game is not None else None
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "show",
        "scenario": scenario_header(scenario),
        "summary": " ".join(scenario.summary.split()),
        "tags": list(scenario.tags),
        "players": [{"name": p.name, "role": p.role} for p in scenario.players],
        "actions": [list(a) for a in game.actions]
        if game is not None
        else [[] for _ in scenario.players],
        "parameters": [
            {
                "name": p.name,
                "symbol": p.latex,
                "description": p.description,
                "default": exact_str(p.default),
                "value": exact_str(values.get(p.symbol, p.default)),
                "domain": str(p.domain),
                "range": [exact_str(v) for v in p.range] if p.range else None,
                "provenance": p.provenance,
                "source": p.source,
            }
            for p in scenario.parameters
        ],
        "definitions": {name: formula_text(expr) for name, expr in scenario.definitions},
        "assumptions": [text for text, _ in scenario.assumptions],
        "assumptions_failed": scenario.failed_assumptions(values),
        "payoff_formulas": [_matrix(game, 0), _matrix(game, 1)] if game is not None else None,
        "payoffs": [_matrix(numeric, 0), _matrix(numeric, 1)] if numeric is not None else None,
        "model": model,
        "sources": [{"key": s.key, "citation": s.citation, "url": s.url} for s in scenario.sources],
    }
