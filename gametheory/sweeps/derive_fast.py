"""Closed-form fast path of ``derive`` sweeps: the derivation once, its conditions vectorised.

A sweep of ``derive`` over grid names that cover every symbol of the game asks, at each point,
for the derivation of a numeric game: every pure profile with ``always`` or ``never`` and its
payoffs, and the valid mixed equilibria. The symbolic derivation with the grid names left free
(:func:`gametheory.symbolic.derive_normal_form`) already holds all of it in closed form: each
profile's condition is a disjunction of conjunctions of inequalities ``expr > 0`` (``>=``,
``==``) in the grid names, and its payoffs are expressions in them. :func:`derive_frame`
derives once, evaluates every distinct inequality over the whole grid with numpy and reads off
the status of every profile at every point; the payoffs are evaluated exactly, once per distinct
value of the grid names they depend on.

Floats decide only where they are safe. A point is computed exactly by itself
(:func:`gametheory.evaluate`, the per-point path) where any inequality of the derivation, or a
denominator of a mixed solution, is within ``tol`` of zero (a region boundary, a degenerate
game), and where a mixed solution of the derivation is valid (its row is the per-point one). At
every other point the sign pattern of the inequalities is the exact one, so the rows equal the
per-point rows; tests/sweeps/test_derive_sweep_properties.py checks it at random points, and
benchmarks/bench_sweep.py times a million-point derive sweep against the per-point loop.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from gametheory.report.rows import exact_float, tidy
from gametheory.sweeps.grid import Grid, grid_points
from gametheory.sweeps.points import rows_at
from gametheory.symbolic import compile_expression, derive_normal_form
from gametheory.symbolic.conditions import Condition

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["derive_frame"]

#: Relative distance to zero under which a float sign is not trusted.
TOL = 1e-9

#: Above this share of points computed one by one, the whole sweep is left to the per-point path.
MOSTLY = 0.5


class _Grid:
    """The grid as codes and float arrays, the last name fastest."""

    def __init__(self, grid: Grid, names: Sequence[str]) -> None:
        self.names = list(names)
        self.values = [grid[n] for n in self.names]
        self.sizes = [len(v) for v in self.values]
        self.total = int(np.prod(self.sizes)) if self.sizes else 1
        self.codes = np.indices(self.sizes).reshape(len(self.sizes), self.total)
        self.floats = [np.array([float(v) for v in vs]) for vs in self.values]
        self.arrays = [self.floats[k][self.codes[k]] for k in range(len(self.names))]

    def point(self, i: int) -> dict[str, Fraction]:
        return {n: self.values[k][int(self.codes[k][i])] for k, n in enumerate(self.names)}


def _exact_texts(
    expr: sp.Expr, g: _Grid, syms: Mapping[str, sp.Symbol]
) -> tuple[list[str], np.ndarray]:
    """``sp.sstr(expr)`` at every point as (distinct texts, the index of each point's text),
    computed once per value of the grid names ``expr`` depends on (not once per point)."""
    free = {s.name for s in expr.free_symbols}
    axes = [k for k, n in enumerate(g.names) if n in free]
    if not axes:
        return [sp.sstr(expr)], np.zeros(g.total, dtype=np.int64)
    shape = [g.sizes[k] for k in axes]
    texts = []
    for combo in itertools.product(*(range(n) for n in shape)):
        at = {}
        for k, c in zip(axes, combo, strict=True):
            v = g.values[k][c]
            at[syms[g.names[k]]] = sp.Rational(v.numerator, v.denominator)
        texts.append(sp.sstr(expr.xreplace(at)))
    if len(axes) == 1:
        return texts, g.codes[axes[0]]
    return texts, np.ravel_multi_index([g.codes[k] for k in axes], shape).astype(np.int64)


def _values(
    expr: sp.Expr, ordered: tuple[sp.Symbol, ...], g: _Grid, tol: float
) -> tuple[np.ndarray, np.ndarray]:
    """``expr`` over the grid in floats, and where that float is too close to zero to trust."""
    with np.errstate(all="ignore"):
        vals = compile_expression(expr, ordered)(*g.arrays)
    finite = np.isfinite(vals)
    scale = float(np.abs(vals[finite]).max()) if finite.any() else 0.0
    return vals, ~finite | (np.abs(vals) <= tol * (1 + scale))


def _at(g: _Grid, i: int, syms: Mapping[str, sp.Symbol]) -> dict[sp.Symbol, sp.Rational]:
    """Point ``i`` as exact sympy values of the derivation's symbols."""
    return {syms[n]: sp.Rational(v.numerator, v.denominator) for n, v in g.point(i).items()}


def _holds(condition: Any, values_of: Mapping[sp.Expr, np.ndarray], total: int) -> np.ndarray:
    holds = np.zeros(total, dtype=bool)
    for clause in condition.clauses:
        part = np.ones(total, dtype=bool)
        for atom in clause:
            v = values_of[atom.expr]
            part &= v > 0 if atom.op == ">" else (v >= 0 if atom.op == ">=" else v == 0)
        holds |= part
    return holds


def _classify(
    derivation: Any,
    g: _Grid,
    ordered: tuple[sp.Symbol, ...],
    syms: Mapping[str, sp.Symbol],
    tol: float,
) -> tuple[dict[sp.Expr, np.ndarray], np.ndarray, np.ndarray]:
    """The inequalities' float values, the points to derive one by one (``special``) and the
    points whose pure statuses are decided exactly in place (``exact``)."""
    # Mixed solutions: where one is valid, or one of its inequalities or denominators is near
    # zero (a degenerate game), the point is computed by itself (``special``).
    mixed_exprs: list[sp.Expr] = []
    for m in derivation.mixed:
        mixed_exprs += [a.expr for a in m.condition.atoms]
        for v in [*m.strategies[0], *m.strategies[1], *m.payoffs]:
            mixed_exprs.append(sp.denom(sp.together(v)))
    pure_exprs = [a.expr for p in derivation.pure for a in p.condition.atoms]
    values_of: dict[sp.Expr, np.ndarray] = {}
    near_of: dict[sp.Expr, np.ndarray] = {}
    for e in dict.fromkeys([*pure_exprs, *mixed_exprs]):
        values_of[e], near_of[e] = _values(e, ordered, g, tol)
    special = np.zeros(g.total, dtype=bool)
    for e in dict.fromkeys(mixed_exprs):
        special |= near_of[e]
    for m in derivation.mixed:
        special |= _holds(m.condition, values_of, g.total)
    # The derivation decided some inequalities under the scenario's assumptions (T > R in a
    # prisoner's dilemma): a point that breaks one is computed by itself; a point near one's
    # boundary is checked exactly (a parameter at the end of its domain keeps the derivation).
    exact = np.zeros(g.total, dtype=bool)  # pure statuses decided exactly, point by point
    for atom in derivation.assumptions.atoms:
        if atom.expr.free_symbols and atom.expr.free_symbols <= set(ordered):
            vals, near = _values(atom.expr, ordered, g, tol)
            fails = ~near & ~_holds(Condition.all_of([atom]), {atom.expr: vals}, g.total)
            for i in np.flatnonzero(near).tolist():
                fails[i] = not atom.holds_at(_at(g, i, syms))
            special |= fails
    # A pure profile's inequality near zero (a region boundary): its status decided exactly.
    for e in dict.fromkeys(pure_exprs):
        exact |= near_of[e]
    exact &= ~special

    return values_of, special, exact


def derive_frame(
    scenario: Any,
    grid: Grid,
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
    *,
    tol: float = TOL,
) -> pd.DataFrame | None:
    """The ``derive`` sweep of ``grid`` as :func:`gametheory.sweep` returns it, or ``None``.

    ``None`` when no closed form covers the sweep: verb options are given, a grid name is not
    a parameter, or the derivation keeps symbols outside the grid (each point's conditions are
    then symbolic, and the per-point path gives them).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.sweeps.grid import parse_grid
    >>> sc = load_scenario("funding_threat")
    >>> fixed = {"G": 1, "beta": "1/4", "a_F": 1, "k_F": "1/2"}
    >>> df = derive_frame(sc, parse_grid(["b_F=0,1", "c_L=1"]), fixed, {})
    >>> df[df.status == "always"][["b_F", "profile", "payoff Federal"]].values.tolist()
    [['0', 'Defy, Keep', '0'], ['1', 'Defy, Cut', '1/2']]
    """
    # Imported on use, for start-up speed.
    import pandas as pd

    names = list(grid)
    params = {p.name for p in scenario.parameters}
    if options or not names or any(n not in params for n in names):
        return None
    if scenario.game is None:
        return None  # no strategic form: the per-point path says so
    # The derivation the per-point path makes (kinds/finite.py), without its record.
    substituted = scenario.values(dict(fixed), partial=True, label="--set")
    derivation = derive_normal_form(scenario, {s.name: v for s, v in substituted.items()})
    if not derivation.pure:
        return None
    syms = {s.name: s for s in derivation.symbols}
    if set(syms) - set(names):
        return None
    for n in names:
        syms.setdefault(n, sp.Symbol(n))
    g = _Grid(grid, names)
    ordered = tuple(syms[n] for n in names)

    values_of, special, exact = _classify(derivation, g, ordered, syms, tol)
    if special.mean() > MOSTLY:
        return None  # mostly mixed or degenerate points: the per-point path (jobs, dask) is it
    players = list(derivation.game.players)
    labels = [", ".join(p.labels) for p in derivation.pure]
    status = np.stack([_holds(p.condition, values_of, g.total) for p in derivation.pure], axis=1)
    for i in np.flatnonzero(exact).tolist():
        at = _at(g, i, syms)
        status[i] = [p.condition.holds_at(at) for p in derivation.pure]
    # Each player's payoff texts: one list of distinct texts, a code per point and profile.
    payoff_texts: list[tuple[list[str], np.ndarray]] = []
    cache: dict[sp.Expr, tuple[list[str], np.ndarray]] = {}
    for k in range(len(players)):
        texts: list[str] = []
        codes = np.empty((g.total, len(labels)), dtype=np.int64)
        for j, p in enumerate(derivation.pure):
            if p.payoffs[k] not in cache:
                cache[p.payoffs[k]] = _exact_texts(p.payoffs[k], g, syms)
            found, inverse = cache[p.payoffs[k]]
            codes[:, j] = inverse + len(texts)
            texts += found
        payoff_texts.append((texts, codes))
    k_rows = len(labels)
    columns: dict[str, Any] = {}
    for k, n in enumerate(names):
        texts = [str(v) for v in g.values[k]]
        columns[n] = (texts, np.repeat(g.codes[k], k_rows))
        columns[f"{n}_float"] = np.repeat(g.arrays[k], k_rows)
    columns["profile"] = (labels, np.tile(np.arange(k_rows), g.total))
    columns["condition"] = (["never", "always"], status.ravel().astype(np.int64))
    columns["status"] = (["never", "always"], columns["condition"][1].copy())
    for k, player in enumerate(players):
        texts, codes = payoff_texts[k]
        floats = [exact_float(t) for t in texts]
        if any(f is None for f in floats):
            return None  # not numbers: leave it to the per-point path
        columns[f"payoff {player}"] = (texts, codes.ravel())
        columns[f"payoff {player}_float"] = np.array(floats, dtype=float)[codes.ravel()]

    redo = np.flatnonzero(special)
    if redo.size:
        spliced = _splice(scenario, g, redo, fixed, options, columns, k_rows)
        if spliced is None:
            return _by_rows(
                scenario, g, special, fixed, options, status, labels, players, payoff_texts
            )
    return pd.DataFrame({c: _column(v) for c, v in columns.items()})


def _column(v: Any) -> Any:
    """A float column as it is; exact text (distinct texts, codes) as a categorical."""
    # Imported on use, for start-up speed.
    import pandas as pd

    if isinstance(v, np.ndarray):
        return v
    texts, codes = v
    distinct = list(dict.fromkeys(texts))
    if len(distinct) != len(texts):
        codes = np.array([distinct.index(t) for t in texts], dtype=np.int64)[codes]
    return pd.Categorical.from_codes(codes, categories=pd.Index(distinct, dtype=object))


def _splice(
    scenario: Any,
    g: _Grid,
    redo: np.ndarray,
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
    columns: dict[str, Any],
    k_rows: int,
) -> dict[str, Any] | None:
    """Put the per-point rows of the points in ``redo`` in place (in ``columns``); ``None``
    when their shape differs from the closed-form rows (a mixed equilibrium, more rows): the
    caller then builds every row the slow way."""
    keys = list(columns)
    for i in redo.tolist():
        rows = tidy(rows_at(scenario, "derive", g.point(i), fixed, options))
        if len(rows) != k_rows or any(list(r) != keys for r in rows):
            return None
        for j, row in enumerate(rows):
            for c in keys:
                v, at = row[c], i * k_rows + j
                if isinstance(columns[c], np.ndarray):
                    columns[c][at] = np.nan if v is None else v
                    continue
                texts, codes = columns[c]
                if v is None:
                    return None
                if v not in texts:
                    texts.append(v)
                codes[at] = texts.index(v)
    return columns


def _by_rows(
    scenario: Any,
    g: _Grid,
    special: np.ndarray,
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
    status: np.ndarray,
    labels: list[str],
    players: list[str],
    payoff_texts: list[tuple[list[str], np.ndarray]],
) -> pd.DataFrame:
    """Every row as a dict (per point where ``special``), tidied as the per-point path does."""
    # Imported on use, for start-up speed.
    import pandas as pd

    rows: list[dict[str, Any]] = []
    for i, point in enumerate(grid_points(dict(zip(g.names, g.values, strict=True)))):
        if special[i]:
            rows += rows_at(scenario, "derive", point, fixed, options)
            continue
        head = {n: str(v) for n, v in point.items()}
        for j, label in enumerate(labels):
            word = "always" if status[i, j] else "never"
            row = {**head, "profile": label, "condition": word, "status": word}
            for k, player in enumerate(players):
                texts, codes = payoff_texts[k]
                row[f"payoff {player}"] = texts[codes[i, j]]
            rows.append(row)
    rows = tidy(rows)
    cols = list(rows[0]) if rows else []
    return pd.DataFrame(
        {
            c: pd.Series([r[c] for r in rows], dtype="float64" if c.endswith("_float") else object)
            for c in cols
        },
        columns=cols,
    )
