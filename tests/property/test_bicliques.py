"""Maximal Nash subsets: the bicliques of the extreme-equilibrium graph, against a brute force.

A maximal Nash subset is a maximal biclique of the bipartite graph of extreme equilibria
(Winkels 1979; Avis, Rosenberg, Savani and von Stengel 2010, section 2.1). The oracle here is the
definition itself: every pair of non-empty vertex sets, kept when it is a biclique and no vertex
can be added.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import chain, combinations

from hypothesis import given
from hypothesis import strategies as st

from gametheory.solvers.structure import cliques_and_components


def _subsets(items: list[int]) -> list[tuple[int, ...]]:
    return [
        s for s in chain.from_iterable(combinations(items, k) for k in range(1, len(items) + 1))
    ]


def _brute_force(pairs: set[tuple[int, int]], rows: list[int], cols: list[int]) -> set:
    bicliques = [
        (set(xs), set(ys))
        for xs in _subsets(rows)
        for ys in _subsets(cols)
        if all((x, y) in pairs for x in xs for y in ys)
    ]
    return {
        (frozenset(xs), frozenset(ys))
        for xs, ys in bicliques
        if not any(xs <= a and ys <= b and (xs, ys) != (a, b) for a, b in bicliques)
    }


@given(st.sets(st.tuples(st.integers(0, 4), st.integers(0, 5)), min_size=2, max_size=18))
def test_cliques_are_the_maximal_bicliques(edges: set[tuple[int, int]]) -> None:
    pairs = sorted(edges)
    rows = sorted({r for r, _ in pairs})
    cols = sorted({c for _, c in pairs})
    # Vertex "points" that name the vertex, so each clique can be read back as vertex sets.
    row_points = [(Fraction(r),) for r in range(5)]
    col_points = [(Fraction(c),) for c in range(6)]
    cliques, components = cliques_and_components(pairs, row_points, col_points)
    got = {
        (
            frozenset(int(p[0]) for p in cl.row_strategies),
            frozenset(int(p[0]) for p in cl.column_strategies),
        )
        for cl in cliques
    }
    assert got == _brute_force(set(pairs), rows, cols)
    # Every clique's equilibria are exactly its edges, and the components partition the edges.
    for cl in cliques:
        assert {pairs[k] for k in cl.equilibria} == {
            (int(x[0]), int(y[0])) for x in cl.row_strategies for y in cl.column_strategies
        }
    assert sorted(k for comp in components for k in comp.equilibria) == list(range(len(pairs)))
