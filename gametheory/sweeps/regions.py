"""Vectorised region sweeps: which pure equilibria hold at every point of a grid, exactly.

``derive`` splits the parameter space of a strategic game into regions (sign patterns of the
inequalities that decide which pure profiles are equilibria). :func:`region_sweep` evaluates
those conditions once per grid with numpy (:func:`gametheory.symbolic.compile_condition`) and
re-decides, in exact rational arithmetic, every point whose floats are too close to a boundary
(or that no region claimed), so the answer at each point is the exact one. A million-point grid
takes well under a second (benchmarks/bench_sweep.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

import numpy as np
import sympy as sp

from gametheory.exceptions import GameTheoryError, UnsupportedGameError
from gametheory.sweeps.grid import Grid, parse_grid

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["region_sweep"]


def region_sweep(
    scenario: Any,
    grid: Grid | Iterable[str] | Mapping[str, Any],
    values: Mapping[str, Any] | None = None,
    *,
    tol: float = 1e-9,
) -> pd.DataFrame:
    """The derived region and its pure equilibria at every grid point, one row per point.

    Parameters other than the grid's take ``values`` or their defaults. Columns: the grid
    names (exact text, categorical) with ``_float`` twins, ``region`` (the index of the
    derivation's region), ``equilibria`` (every pure equilibrium of the region, ``ROW, COLUMN``
    joined by ``"; "``, ties all listed) and ``boundary`` (the point lies on a boundary between
    regions). Rows are in grid order (the last name varies fastest).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> df = region_sweep(load_scenario("funding_threat"), ["b_F=0:4:5", "k_F=1,3"])
    >>> df[["b_F", "k_F", "equilibria", "boundary"]].head(4).to_dict("list")["equilibria"]
    ['Defy, Keep', 'Defy, Keep', 'Defy, Cut; Defy, Keep', 'Defy, Keep']
    """
    # Imported on use, for start-up speed.
    import pandas as pd

    # Imported on use, for start-up speed.
    from gametheory.kinds.api import evaluate

    parsed = parse_grid(grid)
    names = list(parsed)
    params = {p.name: p for p in scenario.parameters}
    for name in names:
        if name not in params:
            raise GameTheoryError(f"--grid {name}: {scenario.name!r} has no parameter {name!r}")
        for v in {min(parsed[name]), max(parsed[name])}:  # domains are intervals
            scenario.values({name: v}, partial=True, label="--grid")
    fixed = {n: v for n, v in (values or {}).items() if n not in parsed}
    point_values = {p.name: p.default for p in scenario.parameters if p.name not in parsed}
    point_values.update(fixed)
    derivation = evaluate(scenario, "derive", point_values).result
    regions = getattr(derivation, "regions", None)
    if not regions:
        raise UnsupportedGameError(
            f"{scenario.name!r}: derive gives no regions to sweep (a strategic game's derivation "
            f"over its parameters has them)"
        )
    syms = tuple(params[n].symbol for n in names)
    free = set().union(*(r.condition.as_relational().free_symbols for r in regions))
    extra = {s.name for s in free} - set(names)
    if extra:
        raise GameTheoryError(f"regions depend on parameters outside the grid: {sorted(extra)}")
    by_name = {s.name: s for s in free}
    syms = tuple(by_name.get(n, s) for n, s in zip(names, syms, strict=True))

    sizes = [len(parsed[n]) for n in names]
    total = int(np.prod(sizes))
    axes = [np.array([float(v) for v in parsed[n]]) for n in names]
    codes = np.indices(sizes).reshape(len(sizes), total)  # last name fastest
    arrays = [axes[k][codes[k]] for k in range(len(names))]

    # Imported on use, for start-up speed.
    from gametheory.symbolic import compile_expression

    # Each distinct inequality once: its float values over the grid, and where they are too
    # close to zero to be trusted.
    values_of: dict[sp.Expr, np.ndarray] = {}
    near = np.zeros(total, dtype=bool)
    for r in regions:
        for atom in r.condition.atoms:
            if atom.expr not in values_of:
                vals = compile_expression(atom.expr, syms)(*arrays)
                values_of[atom.expr] = vals
                near |= np.abs(vals) <= tol * (1 + float(np.abs(vals).max()))
    region = np.full(total, -1, dtype=np.int64)
    for k, r in enumerate(regions):
        holds = np.zeros(total, dtype=bool)
        for clause in r.condition.clauses:
            part = np.ones(total, dtype=bool)
            for atom in clause:
                vals = values_of[atom.expr]
                part &= (
                    vals > 0 if atom.op == ">" else (vals >= 0 if atom.op == ">=" else vals == 0)
                )
            holds |= part
        region[(region < 0) & holds] = k
    redo = np.flatnonzero(near | (region < 0))
    for i in redo:
        point = {
            s: sp.Rational(str(parsed[n][codes[k][i]]))
            for k, (n, s) in enumerate(zip(names, syms, strict=True))
        }
        region[i] = next((k for k, r in enumerate(regions) if r.condition.holds_at(point)), -1)
    if (region < 0).any():  # pragma: no cover - the regions cover the space
        raise GameTheoryError("some grid points lie in no derived region")

    actions = derivation.game.actions
    labels = [
        "; ".join(f"{actions[0][i]}, {actions[1][j]}" for i, j in r.equilibria) or "none"
        for r in regions
    ]
    data: dict[str, Any] = {}
    for k, n in enumerate(names):
        texts = [str(v) for v in parsed[n]]
        cats = list(dict.fromkeys(texts))  # a list may repeat a value
        remap = np.array([cats.index(t) for t in texts])
        data[n] = pd.Categorical.from_codes(
            remap[codes[k]], categories=pd.Index(cats, dtype=object)
        )
        data[f"{n}_float"] = arrays[k]
    data["region"] = region
    data["equilibria"] = (
        pd.Categorical.from_codes(region, categories=pd.Index(labels, dtype=object))
        if len(set(labels)) == len(labels)
        else np.array(labels, dtype=object)[region]
    )
    data["boundary"] = np.array([r.boundary for r in regions])[region]
    return pd.DataFrame(data)
