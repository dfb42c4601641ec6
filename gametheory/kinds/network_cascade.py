"""Threshold cascades on networks, exactly: the dynamics behind the ``[network]`` kind.

Linear-threshold dynamics [Granovetter1978]_ on a graph (any :mod:`networkx` graph). Node ``i``
has a threshold ``q_i`` and a common shock ``Delta`` lowers every threshold at once. Round 0 is
the set of *seeds*. In each synchronous round every node that has not adopted adopts iff the share
of its neighbours that have adopted is at least ``q_i - Delta`` (an isolated node counts a share of
0); rounds go on until nothing changes. Adoption is never undone, so the final set is reached in at
most ``n`` rounds and grows with ``Delta``. Shares are counts over degrees, so every comparison is
exact: a node needs ``ceil((q_i - Delta) d_i)`` adopting neighbours.

A binding all-or-none compact (:func:`linear_threshold_cascade` with ``compact`` and ``quota``):
no member adopts alone, and all of them adopt together in the first round in which at least a
share ``quota`` of them are seeds or willing (meet their own threshold).

The threshold of a 2x2 coordination game with payoff ``alpha`` when both adopt and ``beta`` when
neither does is ``q = beta / (alpha + beta)`` [Morris2000]_ (:func:`coordination_threshold`).

The scenario section, its regimes and its reports are in :mod:`gametheory.kinds.network`, which
re-exports the public names of this module.

References
----------
.. [Granovetter1978] M. Granovetter, "Threshold models of collective behavior", *American
   Journal of Sociology* 83(6), 1978, 1420-1443.
.. [Morris2000] S. Morris, "Contagion", *Review of Economic Studies* 67(1), 2000, 57-78.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import networkx as nx
import numpy as np

from gametheory.exceptions import ScenarioError
from gametheory.formula import as_expression

__all__ = [
    "Cascade",
    "CompiledGraph",
    "adopters",
    "coordination_threshold",
    "county_like_graph",
    "critical_shock",
    "full_cascade_shock",
    "linear_threshold_cascade",
]


def county_like_graph(
    n: int = 3143, *, seed: int | None = None, aspect: float = 2.0, diagonals: float = 1.0
) -> nx.Graph:
    """A planar stand-in for the US county adjacency graph (3,143 counties; not the real map).

    Nodes ``0..n-1`` sit row by row on a grid ``aspect`` times wider than tall (the last row
    partly filled); each node touches its east and south neighbours, and each grid cell gets one
    diagonal, in a direction drawn at random, with probability ``diagonals``. With
    ``diagonals = 1`` it is a triangulation: interior nodes have degree 6, near the mean degree of
    real county adjacency (about 5.9).

    Examples
    --------
    >>> g = county_like_graph(seed=1)
    >>> g.number_of_nodes(), nx.is_connected(g), nx.check_planarity(g)[0]
    (3143, True, True)
    """
    rng = np.random.default_rng(seed)
    cols = math.ceil(math.sqrt(n * aspect))
    g = nx.Graph()
    g.add_nodes_from(range(n))
    for v in range(n):
        c = v % cols
        if c + 1 < cols and v + 1 < n:
            g.add_edge(v, v + 1)
        if v + cols < n:
            g.add_edge(v, v + cols)
        if c + 1 < cols and v + cols + 1 < n and rng.random() < diagonals:
            if rng.random() < 0.5:
                g.add_edge(v, v + cols + 1)
            else:
                g.add_edge(v + 1, v + cols)
    return g


def _fraction(value: Any) -> Fraction:
    """An exact rational from a number or text: a float is read as the decimal it prints as
    (``-0.1`` is ``-1/10``, not the binary ``Fraction(-0.1)``), text through the safe parser."""
    if isinstance(value, Fraction):
        return value

    v = as_expression(value)
    if not v.is_Rational:
        raise ScenarioError(f"expected a rational number, got {value!r}")
    return Fraction(int(v.p), int(v.q))


def coordination_threshold(alpha: Any, beta: Any) -> Fraction:
    """The adoption threshold of a 2x2 coordination game [Morris2000]_: ``beta / (alpha + beta)``.

    Adopting pays ``alpha`` per adopting neighbour and not adopting ``beta`` per non-adopting one,
    so adopting is a best response iff the adopting share ``s`` has ``s alpha >= (1 - s) beta``.

    Examples
    --------
    >>> coordination_threshold(3, 1)
    Fraction(1, 4)
    """
    a, b = _fraction(alpha), _fraction(beta)
    if a <= 0 or b <= 0:
        raise ScenarioError("alpha and beta must be positive")
    return b / (a + b)


@dataclass(frozen=True)
class Cascade:
    """The path of a cascade: ``rounds[t]`` are the nodes adopting in round ``t`` (0 = seeds)."""

    n: int
    rounds: tuple[tuple[Hashable, ...], ...]

    @property
    def adopted(self) -> frozenset[Hashable]:
        """Every node that adopted."""
        return frozenset(v for r in self.rounds for v in r)

    @property
    def curve(self) -> tuple[int, ...]:
        """The number of adopters after each round (the adoption curve)."""
        return tuple(int(x) for x in np.cumsum([len(r) for r in self.rounds]))

    @property
    def share(self) -> Fraction:
        """The final share of adopters, exactly."""
        return Fraction(self.curve[-1], self.n) if self.n else Fraction(0)


class CompiledGraph:
    """A graph as CSR arrays (neighbours of node ``i``: ``indices[indptr[i]:indptr[i+1]]``)."""

    def __init__(self, graph: nx.Graph) -> None:
        self.nodes = list(graph.nodes)
        self.index = {v: k for k, v in enumerate(self.nodes)}
        nbrs = [[self.index[u] for u in graph.neighbors(v)] for v in self.nodes]
        self.degree = np.array([len(x) for x in nbrs], dtype=np.int64)
        self.indptr = np.concatenate([[0], np.cumsum(self.degree)]).astype(np.int64)
        self.indices = np.array([u for x in nbrs for u in x], dtype=np.int64)

    def need(self, thresholds: Sequence[Fraction]) -> np.ndarray:
        """Adopting neighbours each node needs; ``n + 1`` (never) for an isolated node above 0."""
        n = len(self.nodes)
        out = np.empty(n, dtype=np.int64)
        for i, (q, d) in enumerate(zip(thresholds, self.degree.tolist(), strict=True)):
            out[i] = 0 if q <= 0 else (n + 1 if d == 0 else math.ceil(q * d))
        return out

    def run(
        self, need: np.ndarray, seeds: Iterable[int], members: Sequence[int] = (), quota: int = 0
    ) -> list[np.ndarray]:
        """The nodes (indices) adopting in each round, from the ``seeds`` in round 0 until nothing
        changes; ``members`` form an all-or-none compact that ``quota`` members trigger."""
        n = len(self.nodes)
        adopted = np.zeros(n, dtype=bool)
        counts = np.zeros(n, dtype=np.int64)
        member = np.zeros(n, dtype=bool)
        member[list(members)] = True
        first = np.array(sorted(set(seeds)), dtype=np.int64)
        bloc = bool(members) and int(member[first].sum()) >= quota
        if bloc:
            first = np.union1d(first, np.flatnonzero(member))
        willing = np.zeros(n, dtype=bool)
        rounds: list[np.ndarray] = []
        new, cand = first, np.arange(n)  # in round 1 every node is a candidate
        while True:
            rounds.append(new)
            adopted[new] = True
            if new.size:
                spans = [self.indices[self.indptr[v] : self.indptr[v + 1]] for v in new.tolist()]
                touched = np.concatenate(spans)
                counts += np.bincount(touched, minlength=n)
                cand = cand if len(rounds) == 1 else np.unique(touched)
            ready = cand[~adopted[cand] & (counts[cand] >= need[cand])]
            if members and not bloc:
                willing[ready[member[ready]]] = True
                ready = ready[~member[ready]]
                if int((member & (adopted | willing)).sum()) >= quota:
                    bloc = True
                    ready = np.union1d(ready, np.flatnonzero(member & ~adopted))
            if not ready.size:
                return rounds
            new = ready

    def cascade(self, rounds: list[np.ndarray]) -> Cascade:
        """The rounds of :meth:`run` as a :class:`Cascade` of the graph's own nodes."""
        return Cascade(len(self.nodes), tuple(tuple(self.nodes[i] for i in r) for r in rounds))


def adopters(rounds: list[np.ndarray]) -> int:
    """How many nodes adopted over the rounds of :meth:`CompiledGraph.run`."""
    return sum(len(r) for r in rounds)


def linear_threshold_cascade(
    graph: nx.Graph,
    seeds: Iterable[Hashable],
    thresholds: Any,
    *,
    shock: Any = 0,
    compact: Iterable[Hashable] = (),
    quota: Any = 0,
) -> Cascade:
    """Run the synchronous linear-threshold cascade (module docstring) to its end.

    Parameters
    ----------
    graph
        Any networkx graph.
    seeds
        The nodes that adopt in round 0.
    thresholds
        A common threshold, or a mapping node -> threshold (exact numbers).
    shock
        The common shock ``Delta`` subtracted from every threshold.
    compact, quota
        The members of a binding all-or-none compact and the share of members that triggers it.

    Examples
    --------
    On the cycle C_20 two adjacent seeds take everyone iff q <= 1/2 (Morris 2000).

    >>> c = linear_threshold_cascade(nx.cycle_graph(20), [0, 1], Fraction(1, 2))
    >>> c.share, c.curve[:4], len(c.rounds)
    (Fraction(1, 1), (2, 4, 6, 8), 10)
    >>> linear_threshold_cascade(nx.cycle_graph(20), [0, 1], Fraction(1, 2), shock=-0.01).share
    Fraction(1, 10)
    """
    comp = CompiledGraph(graph)
    q = thresholds if isinstance(thresholds, Mapping) else dict.fromkeys(comp.nodes, thresholds)
    d = _fraction(shock)
    need = comp.need([_fraction(q[v]) - d for v in comp.nodes])
    members = [comp.index[v] for v in compact]
    k = math.ceil(_fraction(quota) * len(members))
    return comp.cascade(comp.run(need, [comp.index[v] for v in seeds], members, k))


def full_cascade_shock(
    comp: CompiledGraph, q: Sequence[Fraction], run: Callable[[np.ndarray], int]
) -> Fraction:
    """The smallest shock at which every node adopts: a binary search over the exact breakpoints
    ``q_i - k / d_i``, in integers over a common denominator (Fractions if that would overflow)."""
    n, deg = len(comp.nodes), comp.degree
    den = math.lcm(*(x.denominator for x in q)) * math.lcm(
        *(int(d) for d in set(deg.tolist()) if d)
    )
    big = max((abs(x) for x in q), default=Fraction(0)) + 1
    if den * den * int(deg.max(initial=1)) * int(big) * 4 < 2**62:
        num = np.array([int(x * den) for x in q], dtype=np.int64)  # q_i = num_i / den
        ks = [
            np.arange(d + 1, dtype=np.int64) * (den // d) if d else np.zeros(1, np.int64)
            for d in deg.tolist()
        ]
        cands = np.unique(np.concatenate([num, *(num[i] - k for i, k in enumerate(ks))]))

        def need(c: int) -> np.ndarray:
            top = (num - c) * deg  # (q_i - c/den) d_i, over den
            out = np.maximum(-((-top) // den), 0)
            return np.where((deg == 0) & (num > c), n + 1, out)

        lo, hi = 0, len(cands) - 1  # at cands[-1] every threshold is <= 0: all adopt
        while lo < hi:
            mid = (lo + hi) // 2
            lo, hi = (lo, mid) if run(need(int(cands[mid]))) == n else (mid + 1, hi)
        return Fraction(int(cands[lo]), den)
    fcands = sorted(
        {qi - Fraction(k, d) for qi, d in zip(q, deg.tolist(), strict=True) for k in range(d + 1)}
        | set(q)
    )
    lo, hi = 0, len(fcands) - 1
    while lo < hi:
        mid = (lo + hi) // 2
        full = run(comp.need([qi - fcands[mid] for qi in q])) == n
        lo, hi = (lo, mid) if full else (mid + 1, hi)
    return fcands[lo]


def critical_shock(graph: nx.Graph, seeds: Iterable[Hashable], thresholds: Any) -> Fraction:
    """The smallest common shock ``Delta`` at which the cascade takes every node, exactly.

    Examples
    --------
    On the 10x10 torus a 2x2 seed block takes everyone iff q <= 1/4, so at q = 3/10 the rulings
    must lower thresholds by 1/20:

    >>> g = nx.grid_2d_graph(10, 10, periodic=True)
    >>> critical_shock(g, [(0, 0), (0, 1), (1, 0), (1, 1)], Fraction(3, 10))
    Fraction(1, 20)
    """
    comp = CompiledGraph(graph)
    qm = thresholds if isinstance(thresholds, Mapping) else dict.fromkeys(comp.nodes, thresholds)
    q = [_fraction(qm[v]) for v in comp.nodes]
    s = [comp.index[v] for v in seeds]
    return full_cascade_shock(comp, q, lambda need: adopters(comp.run(need, s)))
