"""The structure of an equilibrium set: maximal cliques, connected components, dominance.

For a two-player game the Nash equilibria form finitely many convex sets ``conv(X) x conv(Y)``,
one per maximal clique of the bipartite graph whose nodes are the row and column vertices of the
extreme equilibria and whose edges are the extreme equilibria themselves ("maximal Nash
subsets", Winkels 1979; Avis et al. 2010, §2.1). The connected components of that graph are the
components of the equilibrium set: a component with more than one extreme equilibrium is a
continuum.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from fractions import Fraction
from typing import Any

from gametheory.lp import linprog_exact
from gametheory.solvers.result import Clique, Component, Dominance

__all__ = ["cliques_and_components", "dominated_actions"]


def cliques_and_components(
    pairs: Sequence[tuple[int, int]],
    row_points: Sequence[tuple[Fraction, ...]],
    column_points: Sequence[tuple[Fraction, ...]],
) -> tuple[tuple[Clique, ...], tuple[Component, ...]]:
    """Maximal cliques and components from extreme equilibria given as (row, column) vertex ids.

    ``pairs[k]`` is the k-th equilibrium; ``row_points``/``column_points`` map vertex ids to the
    (normalised) strategies.
    """
    if len(pairs) == 1:  # one equilibrium: one clique, one component (no graph needed)
        r, c = pairs[0]
        only = Clique(
            equilibria=(0,), row_strategies=(row_points[r],), column_strategies=(column_points[c],)
        )
        return (only,), (Component(equilibria=(0,), cliques=(0,)),)
    # Imported on use, for start-up speed: a game with one equilibrium needs no networkx.
    import networkx as nx

    # Vertices are ranked by the first equilibrium they appear in, so every listing below
    # follows the order of the equilibria.
    rank: dict[tuple[str, int], int] = {}
    graph = nx.Graph()
    for k, (r, c) in enumerate(pairs):
        rank.setdefault(("x", r), k)
        rank.setdefault(("y", c), k)
        graph.add_edge(("x", r), ("y", c), equilibrium=k)
    found = [
        (
            tuple(sorted(graph.edges[u, v]["equilibrium"] for u in xs for v in ys)),
            sorted(xs, key=rank.__getitem__),
            sorted(ys, key=rank.__getitem__),
        )
        for xs, ys in _maximal_bicliques(graph)
    ]
    found.sort()
    cliques = tuple(
        Clique(
            equilibria=eqs,
            row_strategies=tuple(row_points[r] for _, r in xs),
            column_strategies=tuple(column_points[c] for _, c in ys),
        )
        for eqs, xs, ys in found
    )
    components = []
    for nodes in nx.connected_components(graph):
        eqs = tuple(sorted(k for _, _, k in graph.subgraph(nodes).edges(data="equilibrium")))
        members = tuple(i for i, cl in enumerate(cliques) if set(cl.equilibria) <= set(eqs))
        components.append(Component(equilibria=eqs, cliques=members))
    components.sort(key=lambda comp: comp.equilibria)
    return cliques, tuple(components)


def _maximal_bicliques(graph: Any) -> list[tuple[list[Any], list[Any]]]:
    """The maximal bicliques of a bipartite graph with sides tagged ``"x"`` and ``"y"``.

    A maximal biclique ``A x B`` has ``B`` the common neighbours of ``A`` and ``A`` those of
    ``B``, so its ``B`` is an intersection of neighbourhoods of the smaller side, and every
    such non-empty intersection gives one. They are found by closing the neighbourhoods under
    intersection: work proportional to (bicliques) x (smaller side), where the cliques of the
    graph completed on each side can be exponentially many (a 5 x 32 stage game with 3,589
    extreme equilibria has 3,096 column vertices).
    """
    sides = {t: [v for v in graph if v[0] == t] for t in ("x", "y")}
    small = "x" if len(sides["x"]) <= len(sides["y"]) else "y"
    hoods = {v: frozenset(graph[v]) for v in sides[small]}
    closed: set[frozenset[Any]] = set()
    frontier = set(hoods.values())
    while frontier:
        closed |= frontier
        frontier = {f & h for f in frontier for h in hoods.values()} - closed - {frozenset()}
    out = []
    for other in closed:
        mine = [v for v, h in hoods.items() if other <= h]
        pair = (mine, list(other)) if small == "x" else (list(other), mine)
        out.append(pair)
    return out


def _dominator(
    own: list[list[Fraction]], i: int, strict: bool, mixed: bool = True
) -> tuple[Fraction, ...] | None:
    """A strategy (over the other actions) that dominates action ``i``, or ``None``.

    ``own[k][j]`` is the player's payoff from own action ``k`` against opponent action ``j``.
    Pure dominators are preferred; otherwise the exact LP of Fudenberg & Tirole (1991, §2.1) finds
    a mixed one.
    """
    m, n = len(own), len(own[0])
    others = [k for k in range(m) if k != i]
    for k in others:
        diffs = [own[k][j] - own[i][j] for j in range(n)]
        if (strict and all(d > 0 for d in diffs)) or (
            not strict and all(d >= 0 for d in diffs) and any(diffs)
        ):
            return tuple(Fraction(int(t == k)) for t in range(m))
    if len(others) < 2 or not mixed:
        return None
    # Variables: p_k (k in others) and, for strict dominance, a margin e >= 0 shifted by -C.
    span = max(v for r in own for v in r) - min(v for r in own for v in r) + 1
    a_ub, b_ub = [], []
    for j in range(n):
        # -(sum_k p_k own[k][j]) + (e - C) <= -own[i][j]
        row = [-own[k][j] for k in others]
        if strict:
            row.append(Fraction(1))
            b_ub.append(-own[i][j] + span)
        else:
            b_ub.append(-own[i][j])
        a_ub.append(row)
    a_eq = [[Fraction(1)] * len(others) + ([Fraction(0)] if strict else [])]
    if strict:
        c = [Fraction(0)] * len(others) + [Fraction(1)]
    else:
        c = [sum((own[k][j] for j in range(n)), Fraction(0)) for k in others]
    res = linprog_exact(c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq, b_eq=[Fraction(1)], maximize=True)
    if res.status != "optimal" or res.x is None or res.value is None:
        return None
    if strict and res.value - span <= 0:
        return None
    if not strict and res.value - sum(own[i], Fraction(0)) <= 0:
        return None
    full = [Fraction(0)] * m
    for k, p in zip(others, res.x, strict=False):
        full[k] = p
    return tuple(full)


def dominated_actions(
    a: list[list[Fraction]],
    b: list[list[Fraction]],
    only: Collection[tuple[int, int]] | None = None,
    *,
    mixed: bool = True,
) -> tuple[Dominance, ...]:
    """Every action dominated (strictly, else weakly) by a pure or mixed strategy, exactly.

    Weak dominance means: never better, and strictly worse against some opponent action.
    ``only`` (``(player, action)`` pairs) limits the search to actions already known to be the
    only candidates (see :func:`gametheory.solvers.enumeration.dominated_by_vertices`);
    ``mixed=False`` looks for pure dominators only (no linear programs).

    Examples
    --------
    >>> F = Fraction
    >>> pd_row = [[F(3), F(0)], [F(5), F(1)]]
    >>> pd_col = [[F(3), F(5)], [F(0), F(1)]]
    >>> [(d.player, d.action, d.kind) for d in dominated_actions(pd_row, pd_col)]
    [(0, 0, 'strict'), (1, 0, 'strict')]
    """
    out = []
    col_own = [[b[i][j] for i in range(len(b))] for j in range(len(b[0]))]
    for player, own in ((0, a), (1, col_own)):
        for i in range(len(own)):
            if only is not None and (player, i) not in only:
                continue
            for strict in (True, False):
                by = _dominator(own, i, strict, mixed)
                if by is not None:
                    out.append(Dominance(player, i, "strict" if strict else "weak", by))
                    break
    return tuple(out)
