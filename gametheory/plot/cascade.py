"""A threshold cascade drawn on its network: each node coloured by the round in which it adopts.

The cascade is the exact synchronous linear-threshold dynamics of a scenario's ``[network]``
section (:func:`gametheory.kinds.network.linear_threshold_cascade` with the thresholds of
:func:`gametheory.kinds.network.thresholds_at`), computed at the scenario's values. The picture
puts the graph in a deterministic layout: the geometry the graph is built on where it has one (a
grid's coordinates; the county-like graph's rows), a circle for a cycle, otherwise a
force-directed layout from ``seed`` (:func:`networkx.spring_layout`). Nodes are coloured by
class: the seeds (round 0), round 1, round 2, ... (consecutive rounds share a class when there
are many) and the nodes that never adopt; the legend counts each class.
"""

from __future__ import annotations

import inspect
import math
from collections.abc import Hashable, Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.exceptions import GameTheoryError, UnsupportedGameError
from gametheory.model.scenario import Scenario
from gametheory.plot.base import axis_label, require_matplotlib

__all__ = ["CASCADE_LAYOUTS", "cascade_plot", "cascade_rounds", "node_positions"]

#: The layouts :func:`cascade_plot` takes (``auto``: the graph's own geometry where it has one).
CASCADE_LAYOUTS: tuple[str, ...] = ("auto", "spring", "kamada_kawai", "circular", "spectral")

#: Colours: the seeds, the nodes that never adopt, and the colour map of rounds 1, 2, ...
SEED_COLOUR, NEVER_COLOUR, ROUNDS_CMAP = "#000000", "#d9d9d9", "plasma"

#: At most this many classes of rounds after the seeds; more rounds are grouped.
MAX_ROUND_CLASSES = 10


def _network(scenario: Scenario) -> Any:
    if scenario.model is None or scenario.model[0] != "network":
        kind = scenario.model[0] if scenario.model else "a finite game"
        raise UnsupportedGameError(
            f"--what cascade draws a [network] model; {scenario.name!r} is {kind}"
        )
    return scenario.model[1]


def _exact(expr: sp.Expr, values: Mapping[sp.Symbol, Any], what: str) -> Fraction:
    v = sp.sympify(expr).xreplace(dict(values))
    if not v.is_Rational:
        raise GameTheoryError(f"network.{what} must be a rational number here, got {v}")
    return Fraction(int(v.p), int(v.q))


def cascade_rounds(
    scenario: Scenario, values: Mapping[str, Any] | None = None, *, regime: str = "unenforceable"
) -> Any:
    """The exact cascade of a ``[network]`` scenario at ``values``, round by round.

    ``regime="unenforceable"``: only the self-enforcing cascade; ``"enforceable"``: with the
    scenario's binding compact. Returns a :class:`gametheory.kinds.network.Cascade`
    (``rounds[t]``: the nodes adopting in round ``t``; round 0 is the seeds).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> c = cascade_rounds(load_scenario("sanctuary_diffusion"))
    >>> len(c.rounds[0]), c.curve[-1], c.n
    (165, 306, 3143)
    """
    # Imported on use, for start-up speed.
    from gametheory.kinds.network import linear_threshold_cascade, thresholds_at

    if regime not in ("unenforceable", "enforceable"):
        raise GameTheoryError(f"regime {regime!r}: expected unenforceable or enforceable")
    model = _network(scenario)
    at = scenario.values(dict(values or {}), label="--set")
    nodes = list(model.graph.nodes)
    q = thresholds_at(model, at)
    members = [nodes[i] for i in model.members] if regime == "enforceable" else []
    if regime == "enforceable" and not members:
        raise UnsupportedGameError(f"{scenario.name!r} defines no compact ([network.compact])")
    return linear_threshold_cascade(
        model.graph,
        [nodes[i] for i in model.seeds],
        dict(zip(nodes, q, strict=True)),
        shock=_exact(model.shock, at, "shock"),
        compact=members,
        quota=_exact(model.quota, at, "quota") if members else 0,
    )


def _grid_positions(model: Any) -> dict[Hashable, tuple[float, float]] | None:
    """The geometry the graph is built on: grid coordinates, or the county-like rows."""
    # Imported on use, for start-up speed.
    from gametheory.kinds.network import county_like_graph

    graph = model.graph
    nodes = list(graph.nodes)
    if nodes and all(isinstance(v, tuple) and len(v) == 2 for v in nodes):
        return {v: (float(v[1]), float(-v[0])) for v in nodes}  # (row, col) -> (x, y)
    if model.graph_kind == "county_like":
        opts = dict(model.graph_options)
        aspect = opts.get(
            "aspect", inspect.signature(county_like_graph).parameters["aspect"].default
        )
        cols = math.ceil(math.sqrt(len(nodes) * aspect))  # row by row, as county_like_graph
        pos = {v: (float(v % cols), float(-(v // cols))) for v in nodes}
        # The grid must explain every edge (a neighbour or a diagonal); else use a layout.
        if all(
            abs(pos[u][0] - pos[v][0]) <= 1 and abs(pos[u][1] - pos[v][1]) <= 1
            for u, v in graph.edges
        ):
            return pos
    return None


def node_positions(
    scenario: Scenario, layout: str = "auto", *, seed: int = 1
) -> dict[Hashable, tuple[float, float]]:
    """Deterministic positions of the network's nodes (the same ``seed``, the same picture).

    ``auto`` uses the geometry the graph is built on (grid coordinates, the county-like graph's
    rows), a circle for a cycle, and :func:`networkx.spring_layout` from ``seed`` otherwise.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> pos = node_positions(load_scenario("sanctuary_diffusion"))
    >>> pos[0], pos[81]
    ((0.0, 0.0), (1.0, -1.0))
    """
    # Imported on use, for start-up speed.
    import networkx as nx

    if layout not in CASCADE_LAYOUTS:
        raise GameTheoryError(f"layout {layout!r}: expected one of {', '.join(CASCADE_LAYOUTS)}")
    model = _network(scenario)
    graph = model.graph
    if layout == "auto":
        grid = _grid_positions(model)
        if grid is not None:
            return grid
        layout = "circular" if model.graph_kind == "cycle" else "spring"
    if layout == "spring":
        raw = nx.spring_layout(graph, seed=seed)
    elif layout == "kamada_kawai":
        raw = nx.kamada_kawai_layout(graph)
    elif layout == "circular":
        raw = nx.circular_layout(graph)
    else:
        raw = nx.spectral_layout(graph)
    return {v: (float(p[0]), float(p[1])) for v, p in raw.items()}


def _classes(rounds: Sequence[Sequence[Hashable]]) -> list[tuple[str, list[int]]]:
    """Legend classes after the seeds: single rounds, or groups of consecutive rounds."""
    last = len(rounds) - 1
    if last <= MAX_ROUND_CLASSES:
        groups = [[t] for t in range(1, last + 1)]
    else:
        width = math.ceil(last / MAX_ROUND_CLASSES)
        groups = [list(range(t, min(t + width, last + 1))) for t in range(1, last + 1, width)]
    out = []
    for g in groups:
        name = f"round {g[0]}" if len(g) == 1 else f"rounds {g[0]}\u2013{g[-1]}"
        out.append((name, g))
    return out


def _parameters_text(scenario: Scenario, values: Mapping[str, Any] | None) -> str:
    at = scenario.values(dict(values or {}), label="--set")
    by_name = {s.name: v for s, v in at.items()}
    parts = []
    for p in scenario.parameters:
        if p.name in by_name:
            tex = axis_label(scenario, p.name).strip("$")
            parts.append(f"${tex} = {sp.Rational(str(by_name[p.name]))}$")
    return ", ".join(parts)


def _bounds(pos: Mapping[Hashable, tuple[float, float]]) -> tuple[float, float, float, float]:
    xs = [p[0] for p in pos.values()]
    ys = [p[1] for p in pos.values()]
    return min(xs), max(xs), min(ys), max(ys)


def _draw_panel(
    ax: Any,
    graph: Any,
    pos: Mapping[Hashable, tuple[float, float]],
    cascade: Any,
    cmap: Any,
    marker: tuple[str, float],
    seeds: int,
) -> list[tuple[str, Any, int]]:
    """Draw one cascade: edges, then the nodes by class; the legend entries (name, colour, count)."""
    # Imported on use, for start-up speed.
    import numpy as np
    from matplotlib.collections import LineCollection

    shape, size = marker
    grid = shape == "s"
    # On a grid the cells touch and the edges (neighbours, wrap-arounds) stay underneath.
    segments = [
        (pos[u], pos[v]) for u, v in graph.edges if not grid or math.dist(pos[u], pos[v]) < 1.5
    ]
    ax.add_collection(
        LineCollection(
            segments, colors="#969696", linewidths=0.3 if grid else 0.6, alpha=0.6, zorder=1
        )
    )
    adopted = cascade.adopted
    never = [v for v in graph.nodes if v not in adopted]
    entries: list[tuple[str, Any, int]] = []

    def scatter(nodes: Sequence[Hashable], colour: Any, z: int) -> None:
        if nodes:
            xy = np.array([pos[v] for v in nodes])
            edge = "none" if grid else "#525252"
            ax.scatter(
                xy[:, 0],
                xy[:, 1],
                s=size,
                c=[colour],
                marker=shape,
                linewidths=0.0 if grid else 0.4,
                edgecolors=edge,
                zorder=z,
            )

    scatter(never, NEVER_COLOUR, 2)
    classes = _classes(cascade.rounds)
    for k, (name, group) in enumerate(classes):
        colour = cmap(0.1 + 0.8 * k / max(1, len(classes) - 1))
        nodes = [v for t in group for v in cascade.rounds[t]]
        scatter(nodes, colour, 3)
        entries.append((name, colour, len(nodes)))
    scatter(list(cascade.rounds[0]), SEED_COLOUR, 4)
    first = "seeds (round 0)" if len(cascade.rounds[0]) == seeds else "seeds and compact (round 0)"
    entries.insert(0, (first, SEED_COLOUR, len(cascade.rounds[0])))
    entries.append(("never", NEVER_COLOUR, len(never)))
    x0, x1, y0, y1 = _bounds(pos)
    pad = 0.6 if grid else 0.05 * max(x1 - x0, y1 - y0, 1e-9)
    ax.set_xlim(x0 - pad, x1 + pad)
    ax.set_ylim(y0 - pad, y1 + pad)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for side in ax.spines.values():
        side.set_visible(False)
    return entries


def cascade_plot(
    scenario: Scenario,
    values: Mapping[str, Any] | None = None,
    *,
    regime: str | None = None,
    layout: str = "auto",
    seed: int = 1,
) -> Any:
    """The cascade of a ``[network]`` scenario on its graph, nodes coloured by adoption round.

    Parameters
    ----------
    scenario
        A scenario with a ``[network]`` section (``sanctuary_diffusion``).
    values
        Parameter values ``{name: number or text}`` (``--set``); the others take their defaults.
    regime
        ``"unenforceable"`` (the self-enforcing cascade), ``"enforceable"`` (with the binding
        compact) or ``None``: both, one above the other, when the scenario has a compact.
    layout, seed
        The node layout (:func:`node_positions`); the same seed gives the same picture.

    Returns
    -------
    matplotlib.figure.Figure
        One panel per regime, each with its legend: the seeds, each round (or group of
        consecutive rounds) and the nodes that never adopt, with their counts; the title gives
        the parameters, each panel the final number and share of adopters.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> fig = cascade_plot(load_scenario("sanctuary_diffusion"), regime="unenforceable")
    >>> [t.get_text() for t in fig.axes[1].get_legend().get_texts()][:2]
    ['seeds (round 0): 165', 'rounds 1\u20132: 69']
    """
    # Imported on use, for start-up speed.
    from matplotlib.lines import Line2D

    figures = require_matplotlib()
    model = _network(scenario)
    both = ["unenforceable", "enforceable"] if model.members else ["unenforceable"]
    regimes = both if regime is None else [regime]
    cascades = [cascade_rounds(scenario, values, regime=r) for r in regimes]
    pos = node_positions(scenario, layout, seed=seed)
    n = model.graph.number_of_nodes()
    x0, x1, y0, y1 = _bounds(pos)
    grid = _on_grid(pos)
    span_x, span_y = (x1 - x0 + 1, y1 - y0 + 1) if grid else (1.0, 1.0)
    map_w = 6.4
    map_h = min(6.0, max(2.4, map_w * span_y / span_x))
    fig, axes = figures.subplots(
        (map_w + 2.6, len(regimes) * (map_h + 0.55) + 0.5),
        nrows=len(regimes),
        ncols=2,
        squeeze=False,
        width_ratios=[map_w, 2.6],
        layout="constrained",
    )
    # A grid's cells are squares nearly filling their cell; other graphs get dots by size.
    cell_points = 72 * min(map_w / span_x, map_h / span_y) if grid else 0.0
    marker = ("s", (0.85 * cell_points) ** 2) if grid else ("o", max(4.0, min(80.0, 6000.0 / n)))
    cmap = figures.get_cmap(ROUNDS_CMAP)
    names = {"unenforceable": "self-enforcing cascade", "enforceable": "with the binding compact"}
    for (ax, key), r, c in zip(axes, regimes, cascades, strict=True):
        entries = _draw_panel(ax, model.graph, pos, c, cmap, marker, len(set(model.seeds)))
        share = Fraction(c.curve[-1], n)
        ax.set_title(
            f"{names[r]}: {c.curve[-1]:,} of {n:,} adopt ({float(share):.1%}) "
            f"in {len(c.rounds) - 1} rounds",
            fontsize="small",
        )
        handles = [
            Line2D(
                [],
                [],
                marker="s" if grid else "o",
                linestyle="",
                markersize=7,
                color=colour,
                label=f"{name}: {k:,}",
            )
            for name, colour, k in entries
        ]
        key.set_axis_off()
        key.legend(
            handles=handles,
            loc="center left",
            fontsize="small",
            frameon=False,
            title="adopts in",
            title_fontsize="small",
        )
    fig.suptitle(f"{scenario.name}: {_parameters_text(scenario, values)}", fontsize="medium")
    return fig


def _on_grid(pos: Mapping[Hashable, tuple[float, float]]) -> bool:
    return all(float(x).is_integer() and float(y).is_integer() for x, y in pos.values())
