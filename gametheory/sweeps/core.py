"""``gametheory.sweep``: a verb over a grid of exact parameter points, as a tidy DataFrame.

Every point goes through :func:`gametheory.evaluate`, so every scenario kind sweeps; where a
verb has closed forms over the grid (:mod:`gametheory.sweeps.fast`) the sweep evaluates them
region by region instead, and computes point by point only what the closed forms do not give.
Rows come from :func:`gametheory.report.rows.record_rows`, the renderers' own row builders.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from fractions import Fraction
from functools import partial
from typing import TYPE_CHECKING, Any

from gametheory.exceptions import GameTheoryError
from gametheory.model.scenario import Scenario
from gametheory.sweeps.grid import Grid, grid_points, parse_grid
from gametheory.sweeps.points import rows_at, split_point

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["SWEEP_VERBS", "sweep", "sweep_rows"]

#: The verbs a sweep runs (``region``: the derived regions, vectorised, see
#: :func:`gametheory.sweeps.regions.region_sweep`).
SWEEP_VERBS: tuple[str, ...] = ("solve", "compare", "repeated", "derive", "region")

#: Grid names that are options of a verb when the scenario has no parameter of that name.

Point = dict[str, Fraction]


def _require_pandas() -> Any:
    try:
        # Imported on use, for start-up speed.
        import pandas as pd
    except ImportError:  # pragma: no cover - pandas is a dependency
        raise GameTheoryError("sweeps need pandas: pip install pandas") from None
    return pd


def _chunk_rows(
    scenario: Scenario,
    what: str,
    points: Sequence[Point],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
) -> list[list[dict[str, Any]]]:
    return [rows_at(scenario, what, p, fixed, options) for p in points]


def _chunks(points: Sequence[Point], size: int) -> list[Sequence[Point]]:
    return [points[k : k + size] for k in range(0, len(points), size)]


class _Progress:
    """A tqdm bar shown only on a terminal, only once the sweep has run for a second."""

    def __init__(self, total: int, enabled: bool) -> None:
        self.total, self.enabled, self.done = total, enabled, 0
        self.start = time.monotonic()
        self.bar: Any = None

    def update(self, n: int) -> None:
        self.done += n
        if not self.enabled:
            return
        if self.bar is None and time.monotonic() - self.start > 1:
            try:
                # Imported on use, for start-up speed.
                from tqdm import tqdm
            except ImportError:  # pragma: no cover - tqdm is optional
                self.enabled = False
                return
            self.bar = tqdm(total=self.total, initial=self.done - n, unit="pt", leave=False)
        if self.bar is not None:
            self.bar.update(n)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()


def sweep_rows(
    scenario: Scenario,
    grid: Grid | Iterable[str] | Mapping[str, Any],
    what: str = "solve",
    values: Mapping[str, Any] | None = None,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    fast: bool = True,
    **options: Any,
) -> list[dict[str, Any]]:
    """The tidy rows of :func:`sweep` (a list of dicts), in grid order."""
    # Imported on use, for start-up speed.
    from gametheory.report.rows import tidy
    from gametheory.sweeps import fast as fast_paths

    if what not in SWEEP_VERBS:
        raise GameTheoryError(f"--what {what}: expected one of {', '.join(SWEEP_VERBS)}")
    if not isinstance(scenario, Scenario):
        raise GameTheoryError(
            f"expected a Scenario (from gametheory.load_scenario), got {type(scenario).__name__}"
        )
    if what == "region":
        # Imported on use, for start-up speed.
        from gametheory.sweeps.regions import region_sweep

        df = region_sweep(scenario, grid, values)
        return [
            {c: _plain(v) for c, v in zip(df.columns, row, strict=True)}
            for row in df.itertuples(index=False, name=None)
        ]
    parsed, fixed = _checked(scenario, what, grid, values)
    if what == "derive" and fast:
        frame = _derive_frame(scenario, parsed, fixed, options)
        if frame is not None:
            return _frame_rows(frame)
    points = list(grid_points(parsed))
    if progress is None:
        progress = sys.stderr.isatty()

    per_point: list[list[dict[str, Any]]] | None = None
    if fast:
        per_point = fast_paths.try_fast(scenario, what, parsed, points, fixed, options)
    if per_point is None:
        per_point = _run(scenario, what, points, fixed, options, jobs, scheduler, progress)
    return tidy([row for rows in per_point for row in rows])


def _checked(
    scenario: Scenario, what: str, grid: Any, values: Mapping[str, Any] | None
) -> tuple[Grid, dict[str, Any]]:
    """The parsed grid and the fixed values, every name and value checked before any work."""
    parsed: Grid = grid if _is_parsed(grid) else parse_grid(grid)
    fixed = dict(values or {})
    split_point(scenario, what, next(grid_points(parsed)))
    names = {p.name for p in scenario.parameters}
    for name, grid_values in parsed.items():
        if name in names:
            # Domains are intervals: the ends decide; the values with the largest numerator and
            # denominator decide the size limit of the payoffs (gametheory.limits).
            probes = {
                min(grid_values),
                max(grid_values),
                max(grid_values, key=lambda v: (v.denominator, abs(v.numerator))),
                max(grid_values, key=lambda v: abs(v.numerator)),
            }
            for v in sorted(probes):
                scenario.values({name: v}, partial=True, label="--grid")
    scenario.values({k: v for k, v in fixed.items()}, partial=True, label="--set")
    return parsed, fixed


def _derive_frame(
    scenario: Scenario, parsed: Grid, fixed: Mapping[str, Any], options: Mapping[str, Any]
) -> pd.DataFrame | None:
    # Imported on use, for start-up speed.
    from gametheory.sweeps.derive_fast import derive_frame

    return derive_frame(scenario, parsed, fixed, options)


def _frame_rows(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A sweep's DataFrame as its rows (a missing float is ``None``, as in the rows)."""
    out = []
    for row in df.itertuples(index=False, name=None):
        new = {}
        for c, v in zip(df.columns, row, strict=True):
            v = _plain(v)
            new[c] = None if isinstance(v, float) and v != v else v
        out.append(new)
    return out


def _plain(v: Any) -> Any:
    return v.item() if hasattr(v, "item") else v


def _is_parsed(grid: Any) -> bool:
    return isinstance(grid, dict) and all(
        isinstance(v, tuple) and all(isinstance(x, Fraction) for x in v) for v in grid.values()
    )


def _run(
    scenario: Scenario,
    what: str,
    points: list[Point],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
    jobs: int,
    scheduler: str | None,
    progress: bool,
) -> list[list[dict[str, Any]]]:
    """Every point's rows, in grid order: in this process, in ``jobs`` worker processes, or on a
    dask scheduler; the same rows every way (only where the chunks run differs)."""
    bar = _Progress(len(points), progress)
    task = (scenario, what, points, fixed, options, bar)
    try:
        if scheduler:
            return _run_dask(*task, scheduler)
        if jobs and jobs > 1 and len(points) > 1:
            # Imported on use, for start-up speed.
            from concurrent.futures import ProcessPoolExecutor

            with ProcessPoolExecutor(max_workers=jobs) as pool:
                return _run_chunks(
                    *task, _chunk_size(len(points), jobs), lambda *a: pool.submit(*a).result
                )
        return _run_chunks(*task, 1, partial)  # each point computed as it is collected
    finally:
        bar.close()


def _chunk_size(n: int, workers: int) -> int:
    return max(1, -(-n // (4 * max(1, workers))))


#: Hand ``_chunk_rows`` and its arguments to a runner; call what it returns for the rows.
Submit = Callable[..., Callable[[], list[list[dict[str, Any]]]]]


def _run_chunks(
    scenario: Scenario,
    what: str,
    points: list[Point],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
    bar: _Progress,
    size: int,
    submit: Submit,
) -> list[list[dict[str, Any]]]:
    """Cut the grid into chunks of ``size`` points, ``submit`` each, and collect the rows in
    grid order, advancing the progress bar chunk by chunk."""
    chunks = _chunks(points, size)
    pending = [submit(_chunk_rows, scenario, what, c, dict(fixed), dict(options)) for c in chunks]
    out: list[list[dict[str, Any]]] = []
    for chunk, rows in zip(chunks, pending, strict=True):
        out += rows()
        bar.update(len(chunk))
    return out


def _run_dask(
    scenario: Scenario,
    what: str,
    points: list[Point],
    fixed: Mapping[str, Any],
    options: Mapping[str, Any],
    bar: _Progress,
    scheduler: str,
) -> list[list[dict[str, Any]]]:
    try:
        # Imported on use, for start-up speed.
        from dask.distributed import Client, LocalCluster
    except ImportError:
        raise GameTheoryError(
            '--scheduler needs dask.distributed: pip install "fedlocal[dask]"'
        ) from None
    cluster = None
    if scheduler == "dask":
        cluster = LocalCluster(processes=True, dashboard_address=None)  # type: ignore[no-untyped-call]
        client = Client(cluster)  # type: ignore[no-untyped-call]
    else:
        client = Client(scheduler)  # type: ignore[no-untyped-call]
    try:
        workers = max(1, len(client.scheduler_info().get("workers", {})))
        return _run_chunks(
            scenario,
            what,
            points,
            fixed,
            options,
            bar,
            _chunk_size(len(points), workers),
            lambda *a: client.submit(*a, pure=False).result,
        )
    finally:
        client.close()  # type: ignore[no-untyped-call]
        if cluster is not None:
            cluster.close()


def sweep(
    scenario: Scenario,
    grid: Grid | Iterable[str] | Mapping[str, Any],
    what: str = "solve",
    values: Mapping[str, Any] | None = None,
    *,
    jobs: int = 1,
    scheduler: str | None = None,
    progress: bool | None = None,
    fast: bool = True,
    **options: Any,
) -> pd.DataFrame:
    """Run ``what`` at every point of ``grid``: a tidy DataFrame, exact values beside floats.

    Parameters
    ----------
    scenario
        Any scenario (:func:`gametheory.load_scenario`).
    grid
        ``["delta=0:0.99:100", "phi=0,1/2"]`` (the ``--grid`` syntax, docs/reference/grid.md)
        or ``{"delta": "0:1:11", "phi": ["0", "1/2"]}``. Points are exact rationals; the last
        name varies fastest. ``delta`` and ``penalty`` are grid names for ``compare`` and
        ``repeated`` even when the scenario has no such parameter.
    what
        ``"solve"``, ``"compare"``, ``"repeated"`` or ``"derive"``; or ``"region"``: the
        derived region and pure equilibria of a strategic game at each point, vectorised
        (:func:`gametheory.sweeps.regions.region_sweep`, one row per point).
    values
        Fixed parameter values ``{name: number or text}`` (``--set``).
    jobs
        Local worker processes (``1``: in this process).
    scheduler
        A dask.distributed scheduler address, or ``"dask"`` for a local cluster: the grid is cut
        into chunks; the rows are the same, in the same order, as a local run.
    progress
        Show a progress bar once the sweep has run a second (default: when stderr is a
        terminal).
    fast
        Use the closed forms where a verb has them (:mod:`gametheory.sweeps.fast`); ``False``
        computes every point with :func:`gametheory.evaluate`.
    **options
        The verb's options (``method=``, ``penalty=``, ...), fixed over the grid.

    Returns
    -------
    pandas.DataFrame
        One row per point and equilibrium / regime / strategy pair; columns: the grid names
        (exact text), then the verb's row columns; every exact column ``x`` has a float twin
        ``x_float`` (docs/reference/sweep-columns.md). Ties are all reported.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> df = sweep(load_scenario("hennepin_drawdown"), ["delta=1/2,3/5,3/4"], "compare")
    >>> se = df[df.regime == "self-enforcing"]
    >>> list(se.delta), list(se.level), list(se.level_float)
    (['1/2', '3/5', '3/4'], ['1/4', '3/10', '3/8'], [0.25, 0.3, 0.375])
    """
    pd = _require_pandas()
    if what == "region":
        # Imported on use, for start-up speed.
        from gametheory.sweeps.regions import region_sweep

        return region_sweep(scenario, grid, values)
    if what == "derive" and fast:
        parsed, fixed = _checked(scenario, what, grid, values)
        frame = _derive_frame(scenario, parsed, fixed, options)
        if frame is not None:
            return frame
    rows = sweep_rows(
        scenario,
        grid,
        what,
        values,
        jobs=jobs,
        scheduler=scheduler,
        progress=progress,
        fast=fast,
        **options,
    )
    columns = list(rows[0]) if rows else []
    # Exact text stays text (object columns, a missing value is None, never NaN); the float
    # twins are float64 (a missing value is NaN).
    return pd.DataFrame(
        {
            c: pd.Series([r[c] for r in rows], dtype="float64" if c.endswith("_float") else object)
            for c in columns
        },
        columns=columns,
    )
