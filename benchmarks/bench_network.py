"""Threshold cascades on a county-sized graph: fedlocal's CSR cascade vs a naive networkx loop.

Usage: ``python benchmarks/bench_network.py [--repeat R] [--seed S]``. Measures, in one run, on
the 3,143-node ``county_like`` stand-in graph with 165 random seeds and thresholds
``q_i = 1/2 + u_i / 4`` (the ``sanctuary_diffusion`` defaults, shock 1/20):

1. building the graph and compiling it to CSR arrays;
2. one cascade with :func:`gametheory.kinds.network.linear_threshold_cascade` (exact integer
   counts, only the neighbours of new adopters re-examined);
3. the same cascade the naive way: every round, every node recounts its adopting neighbours
   through ``graph.neighbors`` with :class:`~fractions.Fraction` shares, on a copy of the state;
4. a slow cascade (common q = 1/3 from 6 seeds: about 150 rounds), both ways;
5. the critical shock (a binary search of about 15 cascades) and ``fedlocal solve``'s record.

Both cascades must reach the same final set; the script says so.
"""

from __future__ import annotations

import argparse
import time
from fractions import Fraction

import networkx as nx
import numpy as np

from gametheory import load_scenario
from gametheory.kinds.network import (
    _Compiled,
    county_like_graph,
    critical_shock,
    linear_threshold_cascade,
    solve,
)


def naive_cascade(
    graph: nx.Graph, seeds: list[int], q: dict[int, Fraction], shock: Fraction
) -> set[int]:
    """The textbook loop: recount every node's adopting share each round (networkx only)."""
    state = dict.fromkeys(graph.nodes, False)
    for s in seeds:
        state[s] = True
    while True:
        old = dict(state)  # synchronous: read the previous round's copy
        changed = False
        for v in graph.nodes:
            if old[v]:
                continue
            nbrs = list(graph.neighbors(v))
            share = Fraction(sum(old[u] for u in nbrs), len(nbrs)) if nbrs else Fraction(0)
            if share >= q[v] - shock:
                state[v] = True
                changed = True
        if not changed:
            return {v for v, a in state.items() if a}


def best(func, repeat: int):  # type: ignore[no-untyped-def]
    times, out = [], None
    for _ in range(repeat):
        start = time.perf_counter()
        out = func()
        times.append(time.perf_counter() - start)
    return min(times), out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    n = 3143
    t_build, graph = best(lambda: county_like_graph(n, seed=args.seed), args.repeat)
    t_compile, _ = best(lambda: _Compiled(graph), args.repeat)
    seeds = sorted(np.random.default_rng(2014).choice(n, 165, replace=False).tolist())
    u = np.random.default_rng(7).integers(-100, 101, size=n)
    q = {v: Fraction(1, 2) + Fraction(int(u[v]), 400) for v in range(n)}
    shock = Fraction(1, 20)
    t_fast, fast = best(lambda: linear_threshold_cascade(graph, seeds, q, shock=shock), args.repeat)
    t_naive, naive = best(lambda: naive_cascade(graph, seeds, q, shock), args.repeat)
    slow_seeds, q3 = [0, 1, 2, 80, 81, 82], dict.fromkeys(range(n), Fraction(1, 3))
    t_fast2, fast2 = best(lambda: linear_threshold_cascade(graph, slow_seeds, q3), args.repeat)
    t_naive2, naive2 = best(lambda: naive_cascade(graph, slow_seeds, q3, Fraction(0)), 1)
    t_crit, crit = best(lambda: critical_shock(graph, seeds, q), args.repeat)
    sc = load_scenario("sanctuary_diffusion")
    t_solve, _ = best(lambda: solve(sc, sc.model[1], sc.values()), args.repeat)
    print(f"graph: {n} nodes, {graph.number_of_edges()} edges; {len(fast.rounds) - 1} rounds")
    print("| step | time (ms) |")
    print("| --- | --- |")
    print(f"| build county_like graph | {1000 * t_build:.1f} |")
    print(f"| compile to CSR | {1000 * t_compile:.1f} |")
    print(f"| cascade, fedlocal (CSR, frontier only) | {1000 * t_fast:.1f} |")
    print(f"| cascade, naive networkx + Fraction loop | {1000 * t_naive:.1f} |")
    r2 = len(fast2.rounds) - 1
    print(f"| slow cascade (q = 1/3, 6 seeds, {r2} rounds), fedlocal | {1000 * t_fast2:.1f} |")
    print(f"| slow cascade, naive (one run) | {1000 * t_naive2:.1f} |")
    print(f"| critical shock (binary search) = {crit} | {1000 * t_crit:.1f} |")
    print(f"| fedlocal solve record (both regimes + critical shock) | {1000 * t_solve:.1f} |")
    same = set(fast.adopted) == naive and set(fast2.adopted) == naive2
    print(
        f"same final sets: {same} ({len(naive)} and {len(naive2)} adopters); speed-up "
        f"{t_naive / t_fast:.0f}x and {t_naive2 / t_fast2:.0f}x"
    )


if __name__ == "__main__":
    main()
