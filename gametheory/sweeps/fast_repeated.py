"""Closed-form fast path of ``repeated`` sweeps over the discount factor: trigger thresholds.

Without ``--delta`` the repeated-game analysis (``fedlocal repeated``) gives, for each strategy
pair and concept, the condition under which each player's incentive constraints hold as a set of
discount factors: a union of intervals with exact ends (``delta >= 1/2`` for grim trigger in a
prisoner's dilemma, ``delta = 1/2`` for tit-for-tat as a subgame-perfect equilibrium,
``delta >= -1/2 + sqrt(5)/2`` for a two-round punishment). At a given discount factor the
analysis says ``always`` or ``never`` for each player and for both, and whether the profile
holds. A sweep over ``delta`` (the other grid names fixed per group) therefore analyses each
group once without a discount factor and reads every point off the intervals: a float test
where the point is far from every end, an exact sympy comparison where it is near one.

Every region of the grid (a pattern of decisions) is checked once against the exact per-point
analysis (:func:`gametheory.evaluate` at its first point): where the rows differ, or where the
analysis gives no intervals (a condition in more than the discount factor), the group is
computed point by point. tests/sweeps/test_fast_repeated_properties.py checks the path against
the per-point one at random discount factors.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.formula import parse_number
from gametheory.kinds.api import evaluate
from gametheory.report.repeated import strategy_rows
from gametheory.sweeps.points import rows_at

__all__ = ["repeated_rows"]

Rows = list[dict[str, Any]]

#: Distance to an interval's end under which membership is decided exactly.
TOL = 1e-9


class _Set:
    """A union of intervals of discount factors from a condition record (``set``)."""

    def __init__(self, condition: Mapping[str, Any]) -> None:
        self.status: str | None = condition.get("status")
        self.pieces = [
            (
                _end(p.get("low")),
                _end(p.get("high")),
                bool(p.get("low_closed")),
                bool(p.get("high_closed")),
            )
            for p in condition.get("set") or ()
        ]

    @property
    def known(self) -> bool:
        return bool(self.status in ("always", "never") or self.pieces or self.status is None)

    def __contains__(self, d: Fraction) -> bool:
        if self.status in ("always", "never"):
            return self.status == "always"
        return any(_inside(d, piece) for piece in self.pieces)


def _end(text: Any) -> tuple[float, sp.Expr] | None:
    if text is None:
        return None
    value = parse_number(str(text))
    return float(sp.N(value, 17)), value


def _compare(d: Fraction, end: tuple[float, sp.Expr]) -> int:
    """The sign of ``d - end``, exact."""
    approx, exact = end
    gap = float(d) - approx
    if abs(gap) > TOL * (1 + abs(approx)):
        return 1 if gap > 0 else -1
    diff = sp.Rational(d.numerator, d.denominator) - exact
    return 0 if diff == 0 else (1 if diff > 0 else -1)


def _inside(d: Fraction, piece: tuple[Any, Any, bool, bool]) -> bool:
    low, high, low_closed, high_closed = piece
    if low is not None:
        c = _compare(d, low)
        if c < 0 or (c == 0 and not low_closed):
            return False
    if high is not None:
        c = _compare(d, high)
        if c > 0 or (c == 0 and not high_closed):
            return False
    return True


def _row_template(record: Mapping[str, Any]) -> list[tuple[dict[str, Any], dict[str, _Set], _Set]]:
    """Each strategy pair and concept: its row head and the sets of its per-player and joint
    conditions."""
    out = []
    players = record["players"]
    for s, row in zip(record["strategies"], strategy_rows(record), strict=True):
        head = {"strategies": row["strategies"], "concept": row["concept"]}
        if s["condition"] is None:
            return []
        out.append((head, {p: _Set(s["per_player"][p]) for p in players}, _Set(s["condition"])))
    return out


def repeated_rows(
    scenario: Any,
    grid: Mapping[str, Sequence[Fraction]],
    points: Sequence[Mapping[str, Fraction]],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
) -> list[Rows] | None:
    """The rows of a ``repeated`` sweep over ``delta`` by the closed forms, or ``None``."""
    names = {p.name for p in scenario.parameters}
    if "delta" not in grid or "delta" in names or options.get("delta") is not None:
        return None
    groups: dict[tuple[Any, ...], list[int]] = {}
    for k, p in enumerate(points):
        groups.setdefault(tuple((n, v) for n, v in p.items() if n != "delta"), []).append(k)
    out: list[Rows | None] = [None] * len(points)
    for indices in groups.values():
        _group(scenario, [points[k] for k in indices], indices, fixed, options, out)
    return out  # type: ignore[return-value]


def _group(
    scenario: Any,
    points: list[Mapping[str, Fraction]],
    indices: list[int],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
    out: list[Rows | None],
) -> None:
    values = {n: v for n, v in points[0].items() if n != "delta"}
    record = evaluate(scenario, "repeated", {**fixed, **values}, **dict(options)).record
    template = _row_template(record)
    if not template or not all(s.known for _, per, both in template for s in (*per.values(), both)):
        for p, i in zip(points, indices, strict=True):
            out[i] = rows_at(scenario, "repeated", p, fixed, options)
        return
    players = record["players"]
    checked: dict[tuple[bool, ...], bool] = {}
    for p, i in zip(points, indices, strict=True):
        d = p["delta"]
        decisions = tuple(
            d in s for _, per, both in template for s in (*[per[q] for q in players], both)
        )
        rows = _rows(p, template, players, decisions)
        if decisions not in checked:
            exact = rows_at(scenario, "repeated", p, fixed, options)
            checked[decisions] = exact == rows
            out[i] = exact
            continue
        out[i] = rows if checked[decisions] else rows_at(scenario, "repeated", p, fixed, options)


def _rows(
    point: Mapping[str, Fraction],
    template: list[tuple[dict[str, Any], dict[str, _Set], _Set]],
    players: list[str],
    decisions: tuple[bool, ...],
) -> Rows:
    head = {n: str(v) for n, v in point.items()}
    words = {True: "always", False: "never"}
    rows = []
    k = 0
    for row_head, _, _ in template:
        row = {**head, **row_head}
        for q in players:
            row[q] = words[decisions[k]]
            k += 1
        both = decisions[k]
        k += 1
        row["both"] = words[both]
        row["delta*"] = None
        row["delta* (float)"] = None
        row["holds"] = "yes" if both else "no"
        rows.append(row)
    return rows
