"""Figures of a deal comparison (a ``[compare]`` section of kind ``deal``): maps and charts.

:func:`regime_map` draws, over two parameters, which deal the repeated relationship sustains
(none, a partial drawdown, the binding deal), with the exact region boundaries drawn from the
closed forms of the regime comparison; :func:`threshold_plot` draws an outcome against one
parameter from an exact :func:`gametheory.sweep`; :func:`regime_chart` draws the regime
comparison at one point.
"""

from __future__ import annotations

from collections.abc import Mapping
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.scenario import Scenario
from gametheory.numbers import to_latex
from gametheory.plot.base import axis_label, parameter_range, require_matplotlib

__all__ = [
    "REGIONS",
    "DealRegions",
    "deal_regions",
    "map_region",
    "regime_chart",
    "regime_map",
    "threshold_plot",
]

#: The regions of a regime map, in order.
REGIONS: tuple[str, ...] = ("no self-enforcing deal", "partial deal", "binding deal")


class DealRegions:
    """The closed forms of a deal comparison in two parameters, exact.

    ``xbar`` is the largest term the promiser honors in the repeated relationship
    (``term_self_enforcing_max``), ``low`` the least term the truster accepts
    (``deal_zone_low``) and ``binding`` the binding deal (``term_enforceable``). The region at a
    point is ``no self-enforcing deal`` where ``xbar < low``, ``partial deal`` where
    ``low <= xbar < binding`` and ``binding deal`` where ``xbar >= binding``.
    """

    def __init__(self, scenario: Scenario, x: str, y: str, values: Mapping[str, Any]) -> None:
        # Imported on use, for start-up speed.
        from gametheory.kinds.api import evaluate

        spec = scenario.compare
        if spec is None or spec.kind != "deal":
            raise UnsupportedGameError(
                f"a regime map needs a [compare] section of kind deal; {scenario.name!r} has "
                f"{'none' if spec is None else 'kind ' + spec.kind}"
            )
        comparison = evaluate(scenario, "compare", dict(values)).result
        figures = {f.key: f for f in comparison.figures}
        xbar = figures["term_self_enforcing_max"].formula
        self.low = sp.Rational(str(figures["deal_zone_low"].value))
        self.binding = sp.Rational(str(figures["term_enforceable"].value))
        if xbar is None:
            raise UnsupportedGameError(
                f"{scenario.name!r}: no closed form of the self-enforcing term"
            )
        names = {s.name: s for s in xbar.free_symbols}
        fixed = scenario.values(dict(values), label="--set")
        subs = {
            names[s.name]: v for s, v in fixed.items() if s.name in names and s.name not in (x, y)
        }
        self.xbar = sp.sympify(xbar).xreplace(subs)
        self.sx = names.get(x, sp.Symbol(x))
        self.sy = names.get(y, sp.Symbol(y))
        left = self.xbar.free_symbols - {self.sx, self.sy}
        if left:
            raise UnsupportedGameError(
                f"the self-enforcing term of {scenario.name!r} does not depend on "
                f"{x} and {y} alone (also on {', '.join(sorted(s.name for s in left))})"
            )

    def region(self, x: Any, y: Any) -> int:
        """The region (index into :data:`REGIONS`) at an exact point."""
        v = self.xbar.xreplace({self.sx: sp.Rational(str(x)), self.sy: sp.Rational(str(y))})
        return 0 if v < self.low else 1 if v < self.binding else 2

    def boundaries(self) -> list[tuple[str, sp.Expr]]:
        """The exact boundaries ``xbar = low`` and ``xbar = binding``, as expressions ``= 0``."""
        return [("xbar = low", self.xbar - self.low), ("xbar = binding", self.xbar - self.binding)]


def deal_regions(
    scenario: Scenario, x: str = "delta", y: str = "phi", values: Mapping[str, Any] | None = None
) -> DealRegions:
    """The exact regions of a deal comparison over ``x`` and ``y`` (see :class:`DealRegions`).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> r = deal_regions(load_scenario("hennepin_drawdown"))
    >>> [REGIONS[r.region(d, 0)] for d in ("2/5", "3/5", "4/5")]
    ['no self-enforcing deal', 'partial deal', 'binding deal']
    """
    return DealRegions(scenario, x, y, values or {})


def map_region(scenario: Scenario, point: Mapping[str, Any]) -> str:
    """The region label of the exact regime comparison at ``point`` (the map's oracle).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> map_region(load_scenario("hennepin_drawdown"), {"delta": "3/5", "phi": 0})
    'partial deal'
    """
    # Imported on use, for start-up speed.
    from gametheory.kinds.api import evaluate

    c = evaluate(scenario, "compare", dict(point)).result
    se = c.outcome("self-enforcing")
    if not se.cooperates:
        return REGIONS[0]
    return REGIONS[2] if se.level == c.outcome("enforceable").level else REGIONS[1]


def regime_map(
    scenario: Scenario,
    x: str = "delta",
    y: str = "phi",
    values: Mapping[str, Any] | None = None,
    *,
    resolution: int = 300,
) -> Any:
    """A map over ``x`` and ``y`` coloured by the deal the repeated relationship sustains.

    The regions are exact (:class:`DealRegions`); the boundaries are drawn as the zero curves
    of the closed forms, in black.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> fig = regime_map(load_scenario("hennepin_drawdown"), resolution=40)
    >>> fig.axes[0].get_xlabel(), fig.axes[0].get_ylabel()
    ('$\\\\delta$', '$\\\\phi$')
    """
    # Imported on use, for start-up speed.
    import numpy as np
    from matplotlib.colors import ListedColormap

    plt = require_matplotlib()
    regions = deal_regions(scenario, x, y, values)
    (x0, x1), (y0, y1) = parameter_range(scenario, x), parameter_range(scenario, y)
    xs, ys = np.linspace(x0, x1, resolution), np.linspace(y0, y1, resolution)
    X, Y = np.meshgrid(xs, ys)
    f = sp.lambdify((regions.sx, regions.sy), regions.xbar, "numpy")
    V = np.broadcast_to(np.asarray(f(X, Y), dtype=float), X.shape)
    low, binding = float(regions.low), float(regions.binding)
    Z = np.where(low > V, 0, np.where(binding > V, 1, 2))
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    colours = ["#d9d9d9", "#9ecae1", "#3182bd"]
    cmap = ListedColormap(colours)
    ax.pcolormesh(X, Y, Z, cmap=cmap, vmin=0, vmax=2, shading="auto", rasterized=True)
    bar = r"\bar{x}"
    for (_, expr), level in zip(regions.boundaries(), (regions.low, regions.binding), strict=True):
        g = sp.lambdify((regions.sx, regions.sy), expr, "numpy")
        G = np.broadcast_to(np.asarray(g(X, Y), dtype=float), X.shape)
        if not np.nanmin(G) < 0 < np.nanmax(G):
            continue  # this boundary does not cross the window
        cs = ax.contour(X, Y, G, levels=[0], colors="black", linewidths=1.4)
        longest = max(cs.allsegs[0], key=len)
        middle = longest[len(longest) // 2]
        ax.clabel(
            cs,
            fmt={0: f"${bar} = {to_latex(level)}$"},
            inline=True,
            fontsize=9,
            manual=[(float(middle[0]), float(middle[1]))],
        )
    # Each region's name inside it, at its pixel nearest the median of its pixels.
    unnamed = []
    for k, name in enumerate(REGIONS):
        rows, cols = np.nonzero(np.equal(Z, k))
        if rows.size < resolution:  # too thin to hold its name: named in a legend instead
            if rows.size:
                unnamed.append(k)
            continue
        r0, c0 = np.median(rows), np.median(cols)
        j = int(np.argmin((rows - r0) ** 2 + (cols - c0) ** 2))
        ax.text(
            X[rows[j], cols[j]],
            Y[rows[j], cols[j]],
            name,
            ha="center",
            va="center",
            fontsize="small",
            color="white" if k == 2 else "black",
        )
    if unnamed:
        # Imported on use, for start-up speed.
        from matplotlib.patches import Patch

        handles = [Patch(color=colours[k], label=REGIONS[k]) for k in unnamed]
        ax.legend(handles=handles, loc="upper right", fontsize="small")
    ax.set_xlabel(axis_label(scenario, x))
    ax.set_ylabel(axis_label(scenario, y))
    term = scenario.compare.term_label or "deal"  # type: ignore[union-attr]
    fig.suptitle(f"{scenario.name}: the self-enforcing {term}", fontsize="medium")
    ax.set_title(
        f"largest self-enforcing {term}: ${bar} = {to_latex(regions.xbar)}$",
        fontsize="small",
    )
    fig.tight_layout()
    return fig


def _boundary_text(regions: DealRegions) -> str:
    bar = r"\bar{x}"
    return (
        f"${bar} = {to_latex(regions.xbar)}$; ${bar} = {to_latex(regions.low)}$ and "
        f"${bar} = {to_latex(regions.binding)}$"
    )


def threshold_plot(
    scenario: Scenario,
    x: str = "delta",
    values: Mapping[str, Any] | None = None,
    *,
    points: int = 100,
) -> Any:
    """The best self-enforcing term (``compare``) against ``x``, from an exact sweep.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> fig = threshold_plot(load_scenario("hennepin_drawdown"), points=12)
    >>> fig.axes[0].get_xlabel()
    '$\\\\delta$'
    """
    # Imported on use, for start-up speed.
    from gametheory.sweeps import sweep

    plt = require_matplotlib()
    lo, hi = parameter_range(scenario, x)
    grid = [
        f"{x}={Fraction(lo).limit_denominator(1000)}:{Fraction(hi).limit_denominator(1000)}:{points}"
    ]
    df = sweep(scenario, grid, "compare", values, progress=False)
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    for regime, style in (("self-enforcing", "-"), ("enforceable", "--"), ("leader", ":")):
        part = df[df.regime == regime]
        if part.empty:
            continue
        label = (
            "repeated (best self-enforcing)"
            if regime == "self-enforcing"
            else str(part.label.iloc[0])
        )
        ax.plot(
            part[f"{x}_float"], part["level_float"], style, marker=".", markersize=3, label=label
        )
    ax.set_xlabel(axis_label(scenario, x))
    term = getattr(scenario.compare, "term", None) or "level"
    ax.set_ylabel(axis_label(scenario, term) if term != "level" else "level")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig


def regime_chart(scenario: Scenario, values: Mapping[str, Any] | None = None) -> Any:
    """The regime comparison at one point as grouped bars of each player's payoff.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> fig = regime_chart(load_scenario("hennepin_drawdown"), {"delta": "3/5"})
    >>> [t.get_text() for t in fig.axes[0].get_xticklabels()][:2]
    ['enforceable', 'unenforceable']
    """
    # Imported on use, for start-up speed.
    import numpy as np

    # Imported on use, for start-up speed.
    from gametheory.kinds.api import evaluate
    from gametheory.report.rows import record_rows, tidy

    plt = require_matplotlib()
    record = evaluate(scenario, "compare", dict(values or {})).record
    rows = tidy(record_rows(record))
    players = list(record["players"])
    fig, ax = plt.subplots(figsize=(6.4, 4.0))
    k = np.arange(len(rows))
    width = 0.8 / max(1, len(players))
    for j, p in enumerate(players):
        ys = [r.get(f"payoff:{p}_float") for r in rows]
        ax.bar(k + j * width, [np.nan if v is None else v for v in ys], width, label=p)
    ax.set_xticks(k + width * (len(players) - 1) / 2, [r["label"] for r in rows])
    ax.set_ylabel("payoff")
    ax.legend(fontsize="small")
    fig.tight_layout()
    return fig
