"""Records and renderings of N-player games: ``show``, ``solve`` and ``derive``.

The records follow docs/reference/json.md: ``schema_version``, ``"kind": "nplayer"``, exact
numbers as strings ``x`` with float twins ``x_float``. An equilibrium's ``exactness`` says
whether its numbers are rational, exact algebraic numbers (surds, ``CRootOf``) or labelled
high-precision floats.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sympy as sp

from gametheory.limits import to_float
from gametheory.model.nplayer import NPlayerGame
from gametheory.model.scenario import Scenario
from gametheory.numbers import exact_str
from gametheory.report.records import SCHEMA_VERSION, scenario_header, scenario_record
from gametheory.report.text import text_table
from gametheory.solvers.nplayer_result import NPlayerEquilibrium, NPlayerResult
from gametheory.symbolic.nplayer import NPlayerPureCondition

__all__ = [
    "nplayer_derive_record",
    "nplayer_rows",
    "nplayer_show_record",
    "nplayer_solve_record",
    "render_nplayer",
]


def _parameters(values: Mapping[sp.Symbol, sp.Expr]) -> dict[str, str]:
    return {s.name: exact_str(v) for s, v in sorted(values.items(), key=lambda kv: kv[0].name)}


def _profiles(game: NPlayerGame, numeric: NPlayerGame) -> list[dict[str, Any]]:
    return [
        {
            "actions": list(game.labels(p)),
            "payoff_formulas": [sp.sstr(u) for u in game.payoff(p)],
            "payoffs": [exact_str(u) for u in numeric.payoff(p)],
            "payoffs_float": [to_float(u) for u in numeric.payoff(p)],
        }
        for p in game.profiles()
    ]


def nplayer_show_record(
    scenario: Scenario, game: NPlayerGame, values: Mapping[sp.Symbol, sp.Expr]
) -> dict[str, Any]:
    """The record of ``fedlocal show``: the scenario's record, with every profile's payoffs
    (formulas and values at ``values``) under ``profiles``."""
    size = " x ".join(str(n) for n in game.shape)
    record = scenario_record(
        scenario,
        values,
        model={
            "kind": "nplayer",
            "description": [
                f"a {game.n_players}-player game in strategic form ({size}, "
                f"{len(game.table)} pure profiles)"
            ],
        },
    )
    record["actions"] = [list(a) for a in game.actions]
    record["profiles"] = _profiles(game, game.subs(values))
    return record


def _equilibrium(game: NPlayerGame, k: int, eq: NPlayerEquilibrium) -> dict[str, Any]:
    return {
        "index": k,
        "exactness": eq.exactness,
        "tolerance": eq.tolerance,
        "strategies": [[exact_str(p) for p in s] for s in eq.strategies],
        "strategies_float": [[to_float(p) for p in s] for s in eq.strategies],
        "payoffs": [exact_str(u) for u in eq.payoffs],
        "payoffs_float": [to_float(u) for u in eq.payoffs],
        "pure": eq.pure,
        "profile": list(game.labels(eq.pure_profile() or ())) if eq.pure else None,
        "supports": [[game.actions[p][i] for i in s] for p, s in enumerate(eq.supports)],
    }


def nplayer_solve_record(
    result: NPlayerResult,
    scenario: Scenario | None = None,
    values: Mapping[sp.Symbol, sp.Expr] | None = None,
) -> dict[str, Any]:
    """The JSON record of an N-player solve (see the module notes)."""
    game = result.game
    failed = scenario.failed_assumptions(values or {}) if scenario is not None else []
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "solve",
        "kind": "nplayer",
        "scenario": scenario_header(scenario, game.title),
        "players": list(game.players),
        "actions": [list(a) for a in game.actions],
        "parameters": _parameters(values or {}),
        "assumptions_failed": failed,
        "method": result.method,
        "exact": result.exact,
        "complete": result.complete,
        "equilibria": [_equilibrium(game, k, e) for k, e in enumerate(result.equilibria)],
        "continua": [
            {
                "supports": [[game.actions[p][i] for i in s] for p, s in enumerate(c.supports)],
                "dimension": c.dimension,
                "free": [[game.players[p], game.actions[p][a]] for p, a in c.free],
                "sample": None if c.sample is None else _equilibrium(game, 0, c.sample),
            }
            for c in result.continua
        ],
        "diagnostics": list(result.diagnostics),
    }


def nplayer_derive_record(
    scenario: Scenario,
    game: NPlayerGame,
    conditions: Sequence[NPlayerPureCondition],
    substituted: Mapping[sp.Symbol, sp.Expr],
    defaults: Mapping[sp.Symbol, sp.Expr],
) -> dict[str, Any]:
    """The JSON record of ``fedlocal derive`` on an N-player game: when each pure profile is
    an equilibrium, and whether it is one at the defaults."""
    pure = []
    for c in conditions:
        at_defaults = all(
            bool(sp.expand(d.difference.xreplace(dict(defaults))) >= 0) for d in c.deviations
        )
        pure.append(
            {
                "profile": list(c.labels),
                "payoffs": [sp.sstr(u) for u in c.payoffs],
                "condition": c.simple.record(),
                "deviations": [
                    {
                        "player": game.players[d.player],
                        "action": game.actions[d.player][d.action],
                        "gain_given_up": sp.sstr(d.difference),
                        "holds": d.holds,
                    }
                    for d in c.deviations
                ],
                "equilibrium_at_defaults": at_defaults,
            }
        )
    return {
        "schema_version": SCHEMA_VERSION,
        "command": "derive",
        "kind": "nplayer",
        "scenario": scenario_header(scenario, game.title),
        "players": list(game.players),
        "actions": [list(a) for a in game.actions],
        "substituted": _parameters(substituted),
        "pure": pure,
        "diagnostics": [
            "N-player games: the conditions are those of the pure equilibria; mixed equilibria "
            "are computed at parameter values by `fedlocal solve`"
        ],
    }


def _show_text(record: Mapping[str, Any]) -> str:
    sc = record["scenario"]
    lines = [f"{sc['name']}: {sc['title']}"]
    if record["summary"]:
        lines.append(record["summary"])
    lines.append(f"model: {record['model']['description'][0]}")
    for player, actions in zip(record["players"], record["actions"], strict=True):
        lines.append(f"  {player['name']}: {', '.join(actions)}")
    if record["parameters"]:
        lines += ["", "parameters:"]
        lines += [
            f"  {p['name']} = {p['value']}  ({p['description']})" for p in record["parameters"]
        ]
    names = [p["name"] for p in record["players"]]
    rows = [
        {
            "profile": ", ".join(row["actions"]),
            **{f"{n}": v for n, v in zip(names, row["payoffs"], strict=True)},
        }
        for row in record["profiles"]
    ]
    lines += ["", "payoffs at these values:", text_table(rows)]
    if all(row["payoff_formulas"] == row["payoffs"] for row in record["profiles"]):
        formulas = []
    else:
        formulas = [
            {
                "profile": ", ".join(row["actions"]),
                **{f"{n}": v for n, v in zip(names, row["payoff_formulas"], strict=True)},
            }
            for row in record["profiles"]
        ]
    if formulas:
        lines += ["", "payoff formulas:", text_table(formulas)]
    if record["sources"]:
        lines += ["", "sources:"] + [f"  {s['key']}: {s['citation']}" for s in record["sources"]]
    return "\n".join(lines) + "\n"


def _strategy(actions: Sequence[str], probs: Sequence[str]) -> str:
    played = [(p, a) for p, a in zip(probs, actions, strict=True) if p != "0"]
    if len(played) == 1:
        return played[0][1]
    return " + ".join(
        f"({p}) {a}" if not p.replace("/", "").isdigit() else f"{p} {a}" for p, a in played
    )


def _solve_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    rows = []
    for eq in record["equilibria"]:
        row: dict[str, Any] = {"#": eq["index"], "kind": "pure" if eq["pure"] else "mixed"}
        row["exactness"] = eq["exactness"]
        for p, name in enumerate(record["players"]):
            row[name] = _strategy(record["actions"][p], eq["strategies"][p])
        for p, name in enumerate(record["players"]):
            row[f"payoff {name}"] = eq["payoffs"][p]
        rows.append(row)
    return rows


def nplayer_rows(record: Mapping[str, Any]) -> list[dict[str, Any]]:
    """Flat rows of an N-player ``solve`` record (one per equilibrium, payoffs with float
    twins) or ``derive`` record (one per pure profile), for sweeps and tables."""
    if record["command"] == "derive":
        return [
            {
                "profile": ", ".join(p["profile"]),
                "condition": p["condition"]["text"],
                "status": p["condition"]["status"],
                **{f"payoff {n}": u for n, u in zip(record["players"], p["payoffs"], strict=True)},
            }
            for p in record["pure"]
        ]
    rows = _solve_rows(record)
    for row, eq in zip(rows, record["equilibria"], strict=True):
        for p, name in enumerate(record["players"]):
            row[f"payoff {name} (float)"] = eq["payoffs_float"][p]
    return rows


def _solve_text(record: Mapping[str, Any]) -> str:
    sc = record["scenario"]
    lines = [f"{sc['name'] or ''}: {sc['title']}".strip(": ")]
    if record["parameters"]:
        lines.append(
            "parameters: " + ", ".join(f"{k}={v}" for k, v in record["parameters"].items())
        )
    complete = "complete" if record["complete"] else "not complete"
    lines.append(f"method: {record['method']} ({complete})")
    lines += ["", text_table(_solve_rows(record))]
    for c in record["continua"]:
        sample = c["sample"]
        where = "; ".join(
            f"{n}: {', '.join(s)}" for n, s in zip(record["players"], c["supports"], strict=True)
        )
        lines.append(f"continuum of dimension {c['dimension']} on supports {where}")
        if sample is not None:
            through = "; ".join(
                _strategy(record["actions"][p], s) for p, s in enumerate(sample["strategies"])
            )
            lines.append(f"  through the equilibrium {through}")
    for d in record["diagnostics"]:
        lines.append(f"note: {d}")
    return "\n".join(lines) + "\n"


def _derive_text(record: Mapping[str, Any]) -> str:
    sc = record["scenario"]
    lines = [f"{sc['name']}: {sc['title']}", "pure equilibria:"]
    rows = [
        {
            "profile": ", ".join(p["profile"]),
            "equilibrium when": p["condition"]["text"],
            "at the defaults": "yes" if p["equilibrium_at_defaults"] else "no",
        }
        for p in record["pure"]
    ]
    lines.append(text_table(rows))
    lines += [f"note: {d}" for d in record["diagnostics"]]
    return "\n".join(lines) + "\n"


def render_nplayer(record: Mapping[str, Any], fmt: str) -> str:
    """The table text of an N-player record (JSON is rendered by
    :meth:`~gametheory.kinds.base.ScenarioResult.render`)."""
    command = record["command"]
    if command == "show":
        return _show_text(record)
    if command == "derive":
        return _derive_text(record)
    return _solve_text(record)
