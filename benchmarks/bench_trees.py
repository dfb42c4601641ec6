"""Benchmark: backward induction on large numeric perfect-information trees, and the sequence form.

Usage::

    python benchmarks/bench_trees.py --nodes 1000000 --repeat 3

Builds a seeded random perfect-information tree (two players, alternating, branching ``--branch``,
integer payoffs below 10**9, so ties are unlikely), then times
:func:`gametheory.solvers.backward_induction.backward_induction` on it (building the tree is timed
separately). Also times ``solve_tree`` on the 16-information-set signalling tree of tests/data.
"""

from __future__ import annotations

import argparse
import random
import time
from fractions import Fraction

import sympy as sp


def random_tree(nodes: int, branch: int, seed: int):  # type: ignore[no-untyped-def]
    from gametheory.model.tree import GameTree, TreeNode

    rng = random.Random(seed)
    out: list[TreeNode] = []
    from collections import deque

    frontier: deque[tuple[str, ...]] = deque([()])
    count = 1
    labels = tuple(f"a{k}" for k in range(branch))
    decisions: list[tuple[str, ...]] = []
    while frontier and count + branch <= nodes:
        h = frontier.popleft()
        decisions.append(h)
        for a in labels:
            frontier.append((*h, a))
        count += branch
    for h in decisions:
        out.append(TreeNode(h, "decision", player=len(h) % 2, actions=labels))
    for h in frontier:
        # payoffs from a wide range make ties unlikely (the general algorithm branches at ties)
        u = (sp.Integer(rng.randrange(10**9)), sp.Integer(rng.randrange(10**9)))
        out.append(TreeNode(h, "terminal", payoffs=u))
    nodes_sorted = tuple(sorted(out, key=lambda n: (len(n.history), n.history)))
    return GameTree(("P1", "P2"), nodes_sorted)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--nodes", type=int, default=1_000_000)
    parser.add_argument("--branch", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()

    from gametheory.solvers.backward_induction import backward_induction

    seed = args.seed
    t0 = time.perf_counter()
    tree = random_tree(args.nodes, args.branch, seed)
    build = time.perf_counter() - t0
    times, cpu = [], []
    for _ in range(args.repeat):
        tree = tree.__class__(tree.players, tree.nodes)  # a fresh tree: no cached index
        t0, c0 = time.perf_counter(), time.process_time()
        spe = backward_induction(tree)
        times.append(time.perf_counter() - t0)
        cpu.append(time.process_time() - c0)
    print(f"tree: {len(tree.nodes)} nodes (branching {args.branch}), built in {build:.2f} s")
    print(
        f"backward induction: best of {args.repeat}: {min(times):.3f} s wall, "
        f"{min(cpu):.3f} s CPU; {len(spe)} SPE, payoffs {spe[0].payoffs}"
    )

    from pathlib import Path

    from gametheory.io import load_efg
    from gametheory.solvers.trees import solve_tree

    path = Path(__file__).resolve().parent.parent / "tests" / "data" / "signalling16.efg"
    if path.is_file():
        sig = load_efg(path)
        t0 = time.perf_counter()
        sol = solve_tree(sig)
        print(
            f"solve_tree on {path.name}: {time.perf_counter() - t0:.3f} s; "
            f"{len(sol.spe)} equilibria; payoffs {[tuple(str(u) for u in e.payoffs) for e in sol.spe]}"
        )
    _ = Fraction


if __name__ == "__main__":
    main()
