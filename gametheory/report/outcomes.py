"""Outcomes of game trees → records and text: the equilibria grouped by play and payoffs.

Used by ``fedlocal solve`` on a tree, ``fedlocal tree`` and ``fedlocal derive`` on a tree. An
outcome record (docs/reference/json.md, "outcomes") is::

    {"path": [...], "plays": [{"path": [...], "probability": "1/2", "probability_float": 0.5}],
     "payoffs": [...], "payoffs_float": [...], "condition": {...} | None,
     "spe_count": 2, "spe_count_exact": true, "spe": [0, 1]}

``path`` is what is played for sure from the root; ``plays`` are the complete plays with their
probabilities, so a chance move at the root shows each branch.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.model.tree import GameTree, history_text
from gametheory.report.records import exact_str
from gametheory.solvers.outcomes import Outcome, Play
from gametheory.symbolic.conditions import Assumptions
from gametheory.symbolic.simplify import simplify_condition

__all__ = [
    "nash_outcome_records",
    "outcome_lines",
    "outcome_records",
    "plays_text",
]

Names = Mapping[sp.Symbol, str]


def _float(v: sp.Expr) -> float | None:
    v = sp.sympify(v)
    return float(sp.N(v, 17)) if v.is_number else None


def _play(p: Play) -> dict[str, Any]:
    return {
        "path": list(p.path),
        "probability": exact_str(p.probability),
        "probability_float": _float(p.probability),
    }


def outcome_records(
    outcomes: Sequence[Outcome],
    *,
    symbolic: bool = False,
    known: Assumptions | None = None,
    names: Names | None = None,
) -> list[dict[str, Any]]:
    """One record per outcome; ``condition`` (simplified, with intervals) when ``symbolic``."""
    out = []
    for o in outcomes:
        entry: dict[str, Any] = {
            "path": list(o.path),
            "plays": [_play(p) for p in o.plays],
            "payoffs": [exact_str(u) for u in o.payoffs],
        }
        if symbolic:
            entry["condition"] = simplify_condition(o.condition, known).record(names)
        else:
            entry["payoffs_float"] = [_float(u) for u in o.payoffs]
        entry["choices"] = {history_text(h): a for h, a in o.choices}
        entry["spe_count"] = o.count
        entry["spe_count_exact"] = o.count_exact
        entry["spe"] = list(o.members)
        out.append(entry)
    return out


def plays_text(entry: Mapping[str, Any]) -> str:
    """``Defy -> Cut -> Upheld (1/2) | Defy -> Cut -> Blocked (1/2)``, or the single path."""
    plays = entry["plays"]
    if len(plays) == 1 and plays[0]["probability"] == "1":
        return " -> ".join(plays[0]["path"]) or "(the root is a leaf)"
    return " | ".join(f"{' -> '.join(p['path'])} ({p['probability']})" for p in plays)


def outcome_lines(entries: Sequence[Mapping[str, Any]], *, what: str = "SPE") -> list[str]:
    """One line per outcome: the plays, the payoffs, the condition, the number of variants."""
    lines = []
    for k, e in enumerate(entries):
        cond = e.get("condition")
        where = ""
        if cond is not None:
            if cond["status"] == "never":
                continue
            where = "" if cond["status"] == "always" else f" when {cond['text']}"
        n = e["spe_count"]
        if n > 1:
            more = "" if e["spe_count_exact"] else " up to"
            variants = f" [{more} {n} {what}s, differing off the path]".replace("[ ", "[")
        else:
            variants = ""
        lines.append(
            f"  {k}. {plays_text(e)}; payoffs ({', '.join(e['payoffs'])}){where}{variants}"
        )
    return lines


def nash_outcome_records(
    tree: GameTree,
    strategies: Sequence[Sequence[Any]],
    record: Mapping[str, Any],
    flags: Sequence[bool | None],
) -> list[dict[str, Any]]:
    """The Nash equilibria of a tree's reduced strategic form, grouped by their plays.

    Each equilibrium's mixed strategies are turned into behavior strategies (Kuhn 1953) and the
    probability of every leaf is computed exactly; equilibria with the same leaf distribution and
    payoffs form one outcome, with the indices of its equilibria and of those subgame perfect.
    """
    # Imported on use, for start-up speed.
    from gametheory.solvers.subgames import _behavior, _leaves, _Unspecified

    order = {n.history: k for k, n in enumerate(tree.preorder())}
    groups: dict[tuple[Any, ...], dict[str, Any]] = {}
    for eq, flag in zip(record["equilibria"], flags, strict=True):
        mixes = [tuple(Fraction(v) for v in eq["strategies"][p]) for p in range(len(strategies))]
        behavior = {
            **_behavior(tuple(strategies[0]), mixes[0]),
            **_behavior(tuple(strategies[1]), mixes[1]),
        }
        try:
            leaves = _leaves(tree, behavior)
        except _Unspecified:  # pragma: no cover - a reached set is always specified
            continue
        plays = tuple(sorted(((h, p) for h, p in leaves.items() if p), key=lambda t: order[t[0]]))
        key = (plays, tuple(eq["payoffs"]))
        entry = groups.get(key)
        if entry is None:
            entry = groups[key] = {
                "plays": [
                    {
                        "path": list(h),
                        "probability": exact_str(sp.Rational(p)),
                        "probability_float": float(p),
                    }
                    for h, p in plays
                ],
                "payoffs": list(eq["payoffs"]),
                "equilibria": [],
                "subgame_perfect": [],
            }
        entry["equilibria"].append(eq["index"])
        if flag:
            entry["subgame_perfect"].append(eq["index"])
    return list(groups.values())
