"""Figures of equilibria: a strategic game's derived regions over two parameters, and the
exact SPE payoff sets of a repeated game, nested at several discount factors."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.model.scenario import Scenario
from gametheory.plot.base import axis_label, parameter_range, require_matplotlib

__all__ = ["equilibrium_map", "payoff_sets"]


def equilibrium_map(
    scenario: Scenario,
    x: str,
    y: str,
    values: Mapping[str, Any] | None = None,
    *,
    resolution: int = 300,
) -> Any:
    """A strategic game's derived regions over ``x`` and ``y``, labelled by their equilibria.

    The regions come from :func:`gametheory.sweeps.region_sweep` (exact at every grid point);
    the boundaries are drawn as the zero curves of the derivation's inequalities.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> fig = equilibrium_map(load_scenario("funding_threat"), "b_F", "k_F", resolution=30)
    >>> sorted(t.get_text() for t in fig.axes[0].get_legend().get_texts())
    ['Defy, Cut', 'Defy, Cut; Defy, Keep', 'Defy, Keep']
    """
    # Imported on use, for start-up speed.
    import numpy as np
    from matplotlib.patches import Patch

    # Imported on use, for start-up speed.
    from gametheory.kinds.api import evaluate
    from gametheory.sweeps.regions import region_sweep
    from gametheory.symbolic import compile_expression

    plt = require_matplotlib()
    (x0, x1), (y0, y1) = parameter_range(scenario, x), parameter_range(scenario, y)

    def axis(lo: float, hi: float) -> str:
        a, b = Fraction(lo).limit_denominator(1000), Fraction(hi).limit_denominator(1000)
        return f"{a}:{b}:{resolution}"

    df = region_sweep(scenario, [f"{x}={axis(x0, x1)}", f"{y}={axis(y0, y1)}"], values)
    X = df[f"{x}_float"].to_numpy().reshape(resolution, resolution)
    Y = df[f"{y}_float"].to_numpy().reshape(resolution, resolution)
    labels = [str(v) for v in df.equilibria]
    names = list(dict.fromkeys(labels))
    Z = np.array([names.index(v) for v in labels]).reshape(resolution, resolution)
    fig, ax = plt.subplots(figsize=(6.4, 4.8))
    cmap = plt.get_cmap("Pastel1", max(len(names), 2))
    ax.pcolormesh(X, Y, Z, cmap=cmap, vmin=-0.5, vmax=len(names) - 0.5, shading="auto")
    fixed = {p.name: p.default for p in scenario.parameters if p.name not in (x, y)}
    fixed.update({k: v for k, v in (values or {}).items() if k not in (x, y)})
    derivation = evaluate(scenario, "derive", fixed).result
    exprs = {a.expr for r in derivation.regions for a in r.condition.atoms}
    syms = {s.name: s for e in exprs for s in e.free_symbols}
    sx, sy = syms.get(x, sp.Symbol(x)), syms.get(y, sp.Symbol(y))
    for e in exprs:
        G = compile_expression(e, (sx, sy))(X, Y)
        if np.nanmin(G) < 0 < np.nanmax(G):
            ax.contour(X, Y, G, levels=[0], colors="black", linewidths=1.5)
    ax.legend(
        handles=[Patch(color=cmap(k), label=n) for k, n in enumerate(names)],
        loc="upper left",
        fontsize="small",
        title="pure equilibria",
    )
    ax.set_xlabel(axis_label(scenario, x))
    ax.set_ylabel(axis_label(scenario, y))
    ax.set_title(f"{scenario.name}: equilibria by region", fontsize="small")
    fig.tight_layout()
    return fig


def payoff_sets(
    scenario: Scenario,
    deltas: Sequence[Any] = ("1/4", "1/2", "3/4", "9/10"),
    values: Mapping[str, Any] | None = None,
) -> Any:
    """The exact SPE payoff sets of the repeated stage game at several discount factors, nested.

    Each set is :func:`gametheory.repeated.payoff_set.spe_payoff_set` (pure strategies, public
    randomization); a larger discount factor gives a set that contains the smaller ones'.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> fig = payoff_sets(load_scenario("surge_pd"), ["1/4", "1/2"])
    >>> [t.get_text() for t in fig.axes[0].get_legend().get_texts()]
    ['$\\\\delta = 1/4$: a point', '$\\\\delta = 1/2$']
    """
    # Imported on use, for start-up speed.
    from gametheory.formula import parse_number
    from gametheory.repeated.payoff_set import spe_payoff_set

    plt = require_matplotlib()
    game = scenario.game_at(dict(values or {}))
    fig, ax = plt.subplots(figsize=(5.6, 5.0))
    cmap = plt.get_cmap("Blues")
    ordered = sorted((Fraction(str(parse_number(str(d)))) for d in deltas), reverse=True)
    for k, d in enumerate(ordered):
        s = spe_payoff_set(game, d)
        pts = s.to_floats()
        shade = cmap(0.35 + 0.6 * (len(ordered) - 1 - k) / max(1, len(ordered) - 1))
        label = f"$\\delta = {d}$" + ("" if s.exact else " (float)")
        if len(pts) >= 3:
            xs, ys = zip(*(*pts, pts[0]), strict=True)
            ax.fill(xs, ys, color=shade, alpha=0.7, label=label, edgecolor="black")
        elif len(pts) == 2:
            xs, ys = zip(*pts, strict=True)
            ax.plot(xs, ys, color=shade, linewidth=3, label=label + ": a segment")
        elif pts:
            ax.plot(*pts[0], "o", color=shade, markeredgecolor="black", label=label + ": a point")
    handles, labels = ax.get_legend_handles_labels()
    ax.legend(handles[::-1], labels[::-1], fontsize="small")
    ax.set_xlabel(f"payoff {game.players[0]}")
    ax.set_ylabel(f"payoff {game.players[1]}")
    ax.set_title(f"{scenario.name}: SPE payoff sets (exact)", fontsize="small")
    fig.tight_layout()
    return fig
