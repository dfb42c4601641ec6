"""Threshold cascades on networks: how sanctuary policies spread from county to county.

The ``[network]`` scenario kind. Linear-threshold dynamics [Granovetter1978]_ on a graph: node
``i`` has a threshold ``q_i`` and a common legal shock ``Delta`` lowers every threshold at once (the
2014 rulings that made every detainer hold a potential lawsuit, S4). Round 0 is the set of
*seeds*; in each synchronous round every node that has not adopted adopts iff the share of its
neighbours that have adopted is at least ``q_i - Delta``, until nothing changes. The exact
dynamics, the critical shock and the coordination threshold ``q = beta / (alpha + beta)``
[Morris2000]_ are in :mod:`gametheory.kinds.network_cascade`, whose public names this module
re-exports; this module reads the section and describes, solves, renders and compares it.

Regimes: **unenforceable** = only the self-enforcing cascade. **Enforceable** = a binding
collective compact (a state statute, a sheriffs' association deal) commits its members
all-or-none: no member adopts alone, and all of them adopt together in the first round in which
at least a share ``quota`` of them are seeds or willing (meet their own threshold). ``quota = 0``
is a statute: the members adopt in round 0, as seeds.

References
----------
.. [Granovetter1978] M. Granovetter, "Threshold models of collective behavior", *American
   Journal of Sociology* 83(6), 1978, 1420-1443.
.. [Morris2000] S. Morris, "Contagion", *Review of Economic Studies* 67(1), 2000, 57-78.
.. [ShipanVolden2008] C. R. Shipan and C. Volden, "The mechanisms of policy diffusion",
   *American Journal of Political Science* 52(4), 2008, 840-857.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

import networkx as nx
import numpy as np
import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.formula import as_expression
from gametheory.kinds._sections import (
    comparison,
    parameter_texts,
    parameters_line,
    rational,
    rational_at,
    read_formula,
    record_head,
    title_line,
)
from gametheory.kinds.models import SectionContext
from gametheory.kinds.network_cascade import (
    Cascade,
    CompiledGraph,
    adopters,
    coordination_threshold,
    county_like_graph,
    critical_shock,
    full_cascade_shock,
    linear_threshold_cascade,
)
from gametheory.model.scenario import Scenario
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.report.records import exact_str
from gametheory.tables import Table

__all__ = [
    "GRAPHS",
    "Cascade",
    "Network",
    "compare",
    "coordination_threshold",
    "county_like_graph",
    "critical_shock",
    "describe",
    "linear_threshold_cascade",
    "parse",
    "render",
    "solve",
]

#: The old private name of :class:`CompiledGraph` (``benchmarks/bench_network.py`` imports it).
_Compiled = CompiledGraph

KIND = "network"
#: Per-round node lists are reported for graphs up to this size.
LIST_NODES_UP_TO = 200
DEGREE = sp.Symbol("degree", nonnegative=True)


def _grid(rows: int, cols: int, periodic: bool = False) -> nx.Graph:
    return nx.grid_2d_graph(rows, cols, periodic=periodic)


#: Graph kinds of the scenario section: name -> (builder, keys: name -> (type, required)).
GRAPHS: dict[str, tuple[Callable[..., nx.Graph], dict[str, tuple[type, bool]]]] = {
    "cycle": (nx.cycle_graph, {"n": (int, True)}),
    "grid_2d": (_grid, {"rows": (int, True), "cols": (int, True), "periodic": (bool, False)}),
    "torus": (
        lambda rows, cols: _grid(rows, cols, True),
        {"rows": (int, True), "cols": (int, True)},
    ),
    "small_world": (
        nx.watts_strogatz_graph,
        {"n": (int, True), "k": (int, True), "p": (float, True), "seed": (int, True)},
    ),
    "random_regular": (
        nx.random_regular_graph,
        {"d": (int, True), "n": (int, True), "seed": (int, True)},
    ),
    "erdos_renyi": (
        nx.gnp_random_graph,
        {"n": (int, True), "p": (float, True), "seed": (int, True)},
    ),
    "county_like": (
        county_like_graph,
        {
            "n": (int, False),
            "seed": (int, True),
            "aspect": (float, False),
            "diagonals": (float, False),
        },
    ),
}


# ----------------------------------------------------------------------------- scenario section


@dataclass(frozen=True)
class Network:
    """The ``[network]`` section: a graph, seeds, threshold formulas and an optional compact.

    ``threshold`` may use the node's ``degree``; ``spread`` adds ``spread * u_i`` with ``u_i``
    drawn once (``threshold_seed``) from ``{-1, -1 + 1/grid, ..., 1}``; ``shock`` is ``Delta``.
    """

    graph_kind: str
    graph_options: tuple[tuple[str, Any], ...]
    seeds: tuple[int, ...]
    seeds_text: str
    threshold: sp.Expr
    shock: sp.Expr
    spread: sp.Expr | None = None
    jitter: tuple[Fraction, ...] | None = None
    members: tuple[int, ...] = ()
    members_text: str = ""
    quota: sp.Expr = field(default_factory=lambda: sp.Integer(0))
    graph: nx.Graph = field(default_factory=nx.Graph, compare=False, repr=False)
    compiled: Any = field(default=None, compare=False, repr=False)


def _node(raw: Any, graph: nx.Graph, t: Table, key: str) -> Hashable:
    v = tuple(raw) if isinstance(raw, list) else raw
    if isinstance(v, bool) or v not in graph:
        raise t.error(f"{raw!r} is not a node of the graph", key)
    return v


def _node_set(t: Table, graph: nx.Graph, nodes: list[Hashable]) -> tuple[list[Hashable], str]:
    """Nodes from a seed/member spec: nodes, block, ball or k random nodes."""
    kind = t.get("kind", str, required=True)
    specs = {"nodes": ["nodes"], "block": ["start", "size"], "ball": ["center", "radius"]}
    specs["random"] = ["k", "seed"]
    if kind not in specs:
        raise t.error(f"unknown kind {kind!r}; expected one of: {', '.join(specs)}", t.key("kind"))
    t.allow_only(["kind", *specs[kind]])
    if kind == "nodes":
        raw = t.get("nodes", list, required=True)
        out = [_node(x, graph, t, f"{t.key('nodes')}[{k}]") for k, x in enumerate(raw)]
        text = f"nodes {', '.join(map(str, out))}" if len(out) <= 8 else f"{len(out)} listed nodes"
    elif kind == "block":
        start, size = (
            t.get("start", (int, list), required=True),
            t.get("size", (int, list), required=True),
        )
        if isinstance(start, int) and isinstance(size, int):
            out = [_node(start + k, graph, t, t.key("size")) for k in range(size)]
        elif isinstance(start, list) and isinstance(size, list) and len(start) == len(size) == 2:
            out = [
                _node([start[0] + i, start[1] + j], graph, t, t.key("size"))
                for i in range(size[0])
                for j in range(size[1])
            ]
        else:
            raise t.error("start and size must both be integers or both [rows, cols]", t.path)
        text = f"a block of {len(out)} nodes from {start}"
    elif kind == "ball":
        center = _node(t.get("center", (int, list), required=True), graph, t, t.key("center"))
        radius = t.get("radius", int, required=True)
        out = list(nx.single_source_shortest_path_length(graph, center, cutoff=radius))
        text = f"the {len(out)} nodes within {radius} steps of node {center}"
    else:
        k, seed = t.get("k", int, required=True), t.get("seed", int, required=True)
        if not 0 <= k <= len(nodes):
            raise t.error(f"k must lie in [0, {len(nodes)}], got {k}", t.key("k"))
        pick = np.random.default_rng(seed).choice(len(nodes), size=k, replace=False)
        out = [nodes[i] for i in sorted(pick.tolist())]
        text = f"{k} random nodes (seed {seed})"
    t.finish()
    return out, text


def parse(table: Table, context: SectionContext) -> Network:
    """Read ``[network]``: ``graph`` (a table with ``kind``), ``seeds``, ``threshold``, optional
    ``shock``, ``spread`` (with ``threshold_seed`` and ``grid``) and ``compact``
    (``members``, ``quota``)."""
    table.allow_only(
        ["graph", "seeds", "threshold", "shock", "spread", "threshold_seed", "grid", "compact"]
    )
    names = {**context.names, "degree": DEGREE}

    def formula(key: str, default: str | None = None, t: Table = table) -> sp.Expr:
        return read_formula(t, key, names, file=context.file, default=default)

    g = table.table("graph", required=True)
    assert g is not None
    kind = g.get("kind", str, required=True)
    if kind not in GRAPHS:
        raise g.error(
            f"unknown graph kind {kind!r}; expected one of: {', '.join(GRAPHS)}", g.key("kind")
        )
    builder, keys = GRAPHS[kind]
    g.allow_only(["kind", *keys])
    options = {}
    for key, (typ, required) in keys.items():
        kinds = (int, float) if typ is float else typ
        if g.has(key) or required:
            options[key] = g.get(key, kinds, required=required)
    g.finish()
    try:
        graph = builder(**options)
    except (nx.NetworkXError, ValueError) as err:
        raise g.error(f"cannot build the {kind} graph: {err}") from None
    nodes = list(graph.nodes)
    index = {v: k for k, v in enumerate(nodes)}
    seeds, seeds_text = _node_set(table.table("seeds", required=True), graph, nodes)  # type: ignore[arg-type]
    spread = formula("spread") if table.has("spread") else None
    jitter = None
    if spread is not None:
        seed = table.get("threshold_seed", int, required=True)
        grid = table.get("grid", int, default=100)
        draws = np.random.default_rng(seed).integers(-grid, grid + 1, size=len(nodes))
        jitter = tuple(Fraction(int(x), grid) for x in draws)
    members: list[Hashable] = []
    members_text, quota = "", sp.Integer(0)
    ct = table.table("compact")
    if ct is not None:
        ct.allow_only(["members", "quota"])
        members, members_text = _node_set(ct.table("members", required=True), graph, nodes)  # type: ignore[arg-type]
        quota = formula("quota", "0", ct)
        ct.finish()
    model = Network(
        graph_kind=kind,
        graph_options=tuple(options.items()),
        seeds=tuple(index[v] for v in seeds),
        seeds_text=seeds_text,
        threshold=formula("threshold"),
        shock=formula("shock", "0"),
        spread=spread,
        jitter=jitter,
        members=tuple(index[v] for v in members),
        members_text=members_text,
        quota=quota,
        graph=graph,
        compiled=CompiledGraph(graph),
    )
    table.finish()
    return model


def _exact(expr: sp.Expr, values: Mapping[sp.Symbol, Any], what: str) -> Fraction:
    key = f"network.{what}"
    return rational_at(expr, values, key=key, what=f"{key} must be a rational number here")


def thresholds_at(model: Network, values: Mapping[sp.Symbol, Any]) -> list[Fraction]:
    """Each node's threshold ``q_i`` (before the shock), exactly, in node order."""
    comp: CompiledGraph = model.compiled
    base = as_expression(model.threshold).xreplace(dict(values))
    by_degree = {d: _exact(base, {DEGREE: d}, "threshold") for d in set(comp.degree.tolist())}
    q = [by_degree[d] for d in comp.degree.tolist()]
    if model.spread is not None and model.jitter is not None:
        s = _exact(model.spread, values, "spread")
        q = [qi + s * u for qi, u in zip(q, model.jitter, strict=True)]
    return q


def _runs(model: Network, values: Mapping[sp.Symbol, Any]) -> dict[str, Any]:
    comp: CompiledGraph = model.compiled
    q = thresholds_at(model, values)
    shock = _exact(model.shock, values, "shock")
    quota = _exact(model.quota, values, "quota")
    if not 0 <= quota <= 1:
        raise ScenarioError(
            f"the compact's quota must lie in [0, 1], got {quota}", key="network.compact.quota"
        )
    k = math.ceil(quota * len(model.members))
    need = comp.need([qi - shock for qi in q])
    out = {"q": q, "shock": shock, "quota": quota}
    out["unenforceable"] = comp.run(need, model.seeds)
    out["enforceable"] = comp.run(need, model.seeds, model.members, k) if model.members else None
    out["critical_shock"] = full_cascade_shock(
        comp, q, lambda nd: adopters(comp.run(nd, model.seeds))
    )
    return out


def _jsonable(v: Hashable) -> Any:
    return list(v) if isinstance(v, tuple) else v


def _path(comp: CompiledGraph, rounds: list[np.ndarray]) -> dict[str, Any]:
    n = len(comp.nodes)
    sizes = [len(r) for r in rounds]
    curve = [int(x) for x in np.cumsum(sizes)]
    share = Fraction(curve[-1], n)
    small = n <= LIST_NODES_UP_TO
    return {
        "adopters": curve[-1],
        "share": exact_str(share),
        "share_float": float(share),
        "rounds": len(rounds) - 1,
        "new_per_round": sizes,
        "curve": curve,
        "curve_share": [exact_str(Fraction(c, n)) for c in curve],
        "curve_share_float": [c / n for c in curve],
        "round_nodes": [[_jsonable(comp.nodes[i]) for i in r.tolist()] for r in rounds]
        if small
        else None,
    }


def _graph_info(model: Network) -> dict[str, Any]:
    g = model.graph
    n, m = g.number_of_nodes(), g.number_of_edges()
    mean = Fraction(2 * m, n) if n else Fraction(0)
    opts = ", ".join(f"{k}={v}" for k, v in model.graph_options)
    return {
        "kind": model.graph_kind,
        "options": dict(model.graph_options),
        "text": f"{model.graph_kind}({opts})",
        "nodes": n,
        "edges": m,
        "mean_degree": exact_str(mean),
        "mean_degree_float": float(mean),
    }


def describe(scenario: Scenario, model: Network, values: Mapping[sp.Symbol, Any]) -> list[str]:
    """Lines for ``fedlocal show``."""
    info = _graph_info(model)
    q = thresholds_at(model, values)
    shock = _exact(model.shock, values, "shock")
    lines = [
        f"graph {info['text']}: {info['nodes']} nodes, {info['edges']} edges, mean degree "
        f"{info['mean_degree']}",
        f"seeds (round 0): {model.seeds_text}",
        f"thresholds q_i = {model.threshold}"
        + (f" + ({model.spread})*u_i" if model.spread is not None else "")
        + f", from {min(q)} to {max(q)}; common shock Delta = {shock}",
        "a node adopts once the share of adopting neighbours is >= q_i - Delta (synchronous rounds)",
    ]
    if model.members:
        lines.append(
            f"enforceable: a binding compact of {model.members_text}, all-or-none, triggered when "
            f"a share {model.quota} of members are seeds or willing"
        )
    return lines


def solve(scenario: Scenario, model: Network, values: Mapping[sp.Symbol, Any]) -> dict[str, Any]:
    """The record of ``fedlocal solve``: the cascade path in each regime and the critical shock."""
    comp: CompiledGraph = model.compiled
    r = _runs(model, values)
    eff = [qi - r["shock"] for qi in r["q"]]
    regimes = {"unenforceable": _path(comp, r["unenforceable"])}
    if r["enforceable"] is not None:
        regimes["enforceable"] = _path(comp, r["enforceable"])
    return {
        **record_head("solve", KIND, scenario),
        "parameters": parameter_texts(values),
        "graph": _graph_info(model),
        "seeds": {"text": model.seeds_text, "count": len(set(model.seeds))},
        "thresholds": {
            "shock": exact_str(r["shock"]),
            "effective_min": exact_str(min(eff)),
            "effective_max": exact_str(max(eff)),
            "effective_mean": exact_str(sum(eff, Fraction(0)) / len(eff)),
        },
        "compact": None
        if not model.members
        else {
            "text": model.members_text,
            "members": len(model.members),
            "quota": exact_str(r["quota"]),
        },
        "regimes": regimes,
        "critical_shock": exact_str(r["critical_shock"]),
        "critical_shock_float": float(r["critical_shock"]),
        "method": "synchronous linear-threshold dynamics, exact integer counts",
    }


def render(record: Mapping[str, Any]) -> str:
    """Table text of a network record."""
    g = record["graph"]
    lines = [title_line(record), parameters_line(record)]
    lines.append(
        f"graph {g['text']}: {g['nodes']} nodes, {g['edges']} edges, mean degree {g['mean_degree']}"
    )
    lines.append(f"seeds: {record['seeds']['text']}")
    t = record["thresholds"]
    lines.append(
        f"thresholds after the shock {t['shock']}: from {t['effective_min']} to {t['effective_max']}"
    )
    lines.append("")
    for name, p in record["regimes"].items():
        lines.append(
            f"{name}: {p['adopters']} of {g['nodes']} adopt (share {p['share']}) after {p['rounds']} rounds"
        )
        curve = p["curve"] if len(p["curve"]) <= 12 else [*p["curve"][:6], "...", *p["curve"][-5:]]
        lines.append("  adoption curve: " + " ".join(map(str, curve)))
    lines.append(
        f"critical shock (everyone adopts without a compact): Delta >= {record['critical_shock']}"
    )
    return "\n".join(lines) + "\n"


def compare(
    scenario: Scenario,
    model: Network,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """The compact (enforceable) against the self-enforcing cascade (level = adoption share)."""
    if delta is not None or penalty is not None:
        raise UnsupportedGameError("--delta and --penalty have no meaning in a network model")
    values = scenario.values(overrides, label="--set")
    comp: CompiledGraph = model.compiled
    r = _runs(model, values)
    n = len(comp.nodes)
    shares = {}
    outcomes = []
    for regime, key, text in (
        (
            Regime.ENFORCEABLE,
            "enforceable",
            f"With a binding compact ({model.members_text or 'none'})",
        ),
        (Regime.UNENFORCEABLE, "unenforceable", "With only the self-enforcing cascade"),
    ):
        rounds = r[key] if r[key] is not None else r["unenforceable"]
        k = adopters(rounds)
        shares[key] = sp.Rational(k, n)
        outcomes.append(
            RegimeOutcome(
                regime,
                key,
                f"{k} of {n} adopt in {len(rounds) - 1} rounds",
                (),
                None,
                shares[key],
                None,
                f"{text}, {k} of the {n} jurisdictions end up adopting (a share {shares[key]}) "
                f"after {len(rounds) - 1} rounds.",
                method="synchronous linear-threshold cascade",
            )
        )
    crit, shock = rational(r["critical_shock"]), rational(r["shock"])
    figures = [
        Figure(
            "critical_shock",
            "the smallest common shock Delta at which the cascade takes every node",
            crit,
        ),
        Figure(
            "shock_needed",
            "how much further the shock must go for a full cascade",
            sp.Max(crit - shock, 0),
        ),
        Figure(
            "compact_gain",
            "adoption share with the compact minus without",
            shares["enforceable"] - shares["unenforceable"],
        ),
    ]
    notes = (
        () if model.members else ("the scenario defines no compact: both regimes are the cascade",)
    )
    return comparison(
        scenario,
        KIND,
        values,
        outcomes,
        figures,
        method="exact threshold dynamics",
        diagnostics=notes,
    )
