"""An independent, brute-force, exact oracle for the Nash equilibria of bimatrix games.

This module is a *test oracle*: it is written from the definitions, shares no code with
``gametheory`` (it does not even import it) and trades speed for obviousness. Every number is a
:class:`fractions.Fraction`; linear systems and rank checks are done by sympy (``DomainMatrix``
over ``QQ``, the exact engine behind ``sympy.Matrix``).

Notation
--------
``A`` and ``B`` are ``m x n`` matrices: ``A[i][j]`` is the row player's payoff and ``B[i][j]``
the column player's when the row player plays ``i`` and the column player ``j``. A mixed strategy
``x`` of the row player lies in the simplex ``Delta_m``; ``BR(x)`` is the set of the column
player's pure best responses to ``x`` (the maximisers of ``B^T x``) and ``BR(y)`` the set of the
row player's pure best responses to ``y`` (the maximisers of ``A y``). ``(x, y)`` is a Nash
equilibrium iff ``supp(x) ⊆ BR(y)`` and ``supp(y) ⊆ BR(x)``.

Method (and why it finds exactly the extreme equilibria)
--------------------------------------------------------
For a set ``I`` of rows and a set ``J`` of columns let

    X(I, J) = {x in Delta_m : x_i = 0 for i not in I, every j in J is a best response to x}.

This is a polytope in ``x`` alone (no payoff variable, no positivity shift of the payoffs; it is
*not* the homogeneous polytope ``{x >= 0, B^T x <= 1}`` that nashpy and lrsnash use). ``Y(J, I)``
is defined in the same way for the column player with ``A``.

1. *Vertices by square systems.* A point ``x`` of ``X(I, J)`` is a vertex iff the constraints
   that are tight at ``x`` (``sum x = 1``, ``x_i = 0`` for ``i`` outside ``supp x``,
   ``(B^T x)_j = max B^T x`` for ``j`` in ``BR(x)``) determine ``x`` uniquely. Eliminating the
   common payoff ``v = max B^T x``, a unique solution can always be cut down to a *square*
   nonsingular system: choose ``S ⊇ supp x`` and ``K ⊆ BR(x)`` with ``|S| = |K|`` such that

       sum_{i in S} x_i = 1,   sum_{i in S} B[i][k] x_i - v = 0  (k in K)

   in the ``|S| + 1`` unknowns ``(x_S, v)`` is nonsingular. So the oracle solves *every* square
   system of this shape (all nonempty ``S``, all ``K`` of the same size; the true support and
   best-response sets may then be smaller / larger, so supports of unequal sizes are covered) and
   keeps the solutions with ``x >= 0`` and ``v = max B^T x``. Each kept point is then *re-checked*
   to be a vertex by a sympy rank computation on the full set of tight constraints.
2. *Every vertex of every X(I, J) is found.* If ``x`` is a vertex of some ``X(I, J)`` then,
   since ``X(supp x, BR(x)) ⊆ X(I, J)`` contains ``x``, it is also a vertex of
   ``X(supp x, BR(x))``, whose tight system is exactly the one in step 1.
3. *Extreme equilibria.* Let ``Vx`` (``Vy``) be the union of the vertex sets of all ``X(I, J)``
   (``Y(J, I)``). Step 2 shows ``Vx`` is the set of ``x`` with ``(x, max B^T x)`` a vertex of
   the best-response polyhedron ``{(x, v) : x in Delta_m, B^T x <= v 1}``; the extreme
   equilibria are by definition the equilibria ``(x, y)`` with ``x`` and ``y`` such vertices
   (von Stengel, "Equilibrium computation for two-player games in strategic and extensive form",
   ch. 3 of *Algorithmic Game Theory*, Nisan, Roughgarden, Tardos & Vazirani (eds.), CUP 2007,
   Sections 3.2-3.5; Avis, Rosenberg, Savani & von Stengel, "Enumeration of Nash equilibria for
   two-player games", *Economic Theory* 42 (2010) 9-37, Sections 2-3). Hence

       extreme equilibria = {(x, y) in Vx x Vy : (x, y) is a Nash equilibrium}

   which is the union over ``(I, J)`` of ``vert X(I, J) x vert Y(J, I)`` restricted to
   equilibria. Every pair is checked with :func:`is_nash`, in exact arithmetic.

Degeneracy
----------
The game is degenerate iff some mixed strategy with ``k`` actions in its support has more than
``k`` pure best responses. It suffices to look at ``Vx`` and ``Vy``: if ``x`` has
``|BR(x)| > |supp x|``, the polytope ``F = X(supp x, BR(x))`` contains ``x`` and so has a vertex
``x'``; ``x'`` is in ``Vx``, and ``supp x' ⊆ supp x``, ``BR(x') ⊇ BR(x)``, so
``|BR(x')| > |supp x'|`` too. (The converse direction is trivial.)

Cliques and components
----------------------
A set of extreme equilibria is *interchangeable* when ``(x1, y2)`` is an equilibrium for any two
of them; the maximal such sets are the maximal Nash subsets ("cliques"), i.e. the maximal
complete bipartite subgraphs of the graph on ``Vx ∪ Vy`` whose edges are the extreme equilibria
(Avis et al. 2010, Section 5). Their convex hulls ``conv(rows) x conv(columns)`` consist of
equilibria (for fixed ``y`` the condition ``supp x ⊆ BR(y)`` is convex, and
``BR(sum l_b y_b) ⊇ ∩ BR(y_b)``). Two maximal Nash subsets meet iff they share an extreme
equilibrium, so the connected components of the equilibrium set correspond to the connected
components of that bipartite graph: two extreme equilibria are in one component iff a chain of
extreme equilibria, consecutive ones sharing a row or a column strategy, joins them.

Dominance (Pearce's lemma)
--------------------------
In a two-player game an action is strictly dominated by a mixed strategy iff it is never a best
response, and weakly dominated (``>=`` everywhere, ``>`` somewhere) iff it is not a best response
to any *completely mixed* strategy of the opponent (Pearce, *Econometrica* 52 (1984), Lemmas 3
and 4). The set ``{y : i in BR(y)}`` is a polytope whose vertices lie in ``Vy`` (step 2), so row
``i`` is never a best response iff no ``y`` in ``Vy`` has ``i in BR(y)``, and it is a best response
to a completely mixed ``y`` iff the supports of the ``y`` in ``Vy`` with ``i in BR(y)`` cover all
columns (their barycentre is then completely mixed and still has ``i`` as a best response).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import lru_cache
from itertools import combinations
from numbers import Rational
from typing import Any

import pytest
import sympy as sp
from sympy import QQ
from sympy.polys.matrices import DomainMatrix

__all__ = [
    "OracleResult",
    "Profile",
    "best_responses",
    "extreme_equilibria",
    "gambit_enummixed",
    "is_degenerate",
    "is_nash",
    "is_probability_vector",
    "oracle",
    "payoffs",
    "to_fraction",
    "to_matrix",
]

Vector = tuple[Fraction, ...]
Profile = tuple[Vector, Vector]
MatrixT = tuple[tuple[Fraction, ...], ...]


def to_fraction(value: Any) -> Fraction:
    """Convert an exact number (int, Fraction, sympy Rational) to a Fraction; refuse floats."""
    if isinstance(value, bool):
        raise TypeError("a bool is not a payoff or a probability")
    if isinstance(value, int | Rational):
        return Fraction(value.numerator, value.denominator)  # type: ignore[union-attr]
    if isinstance(value, sp.Basic) and value.is_Rational:
        return Fraction(int(value.p), int(value.q))
    raise TypeError(f"not an exact rational number: {value!r} ({type(value).__name__})")


def to_matrix(rows: Any) -> MatrixT:
    """A rectangular tuple-of-tuples of Fractions (accepts nested sequences or a sympy matrix)."""
    if isinstance(rows, sp.MatrixBase):
        rows = rows.tolist()
    out = tuple(tuple(to_fraction(v) for v in r) for r in rows)
    if not out or not out[0] or any(len(r) != len(out[0]) for r in out):
        raise ValueError("a payoff matrix must be a non-empty rectangle")
    return out


def _vector(v: Iterable[Any]) -> Vector:
    return tuple(to_fraction(p) for p in v)


def is_probability_vector(v: Sequence[Any], length: int) -> bool:
    """True when ``v`` has ``length`` exact non-negative entries that sum to exactly 1."""
    try:
        w = _vector(v)
    except TypeError:
        return False
    return len(w) == length and all(p >= 0 for p in w) and sum(w) == 1


def _transpose(m: MatrixT) -> MatrixT:
    return tuple(zip(*m, strict=True))


def _values_against(p: MatrixT, z: Vector) -> Vector:
    """``P^T z``: the payoffs of the opponent's pure actions against ``z``.

    ``P`` has one row per own action and one column per opponent action.
    """
    return tuple(
        sum((z[i] * p[i][j] for i in range(len(z))), Fraction(0)) for j in range(len(p[0]))
    )


def best_responses(values: Sequence[Fraction]) -> frozenset[int]:
    """The indices of the maximal entries."""
    top = max(values)
    return frozenset(j for j, v in enumerate(values) if v == top)


def _support(z: Sequence[Fraction]) -> frozenset[int]:
    return frozenset(i for i, p in enumerate(z) if p != 0)


def _row_br(a: MatrixT, y: Vector) -> frozenset[int]:
    """The row player's pure best responses to ``y`` (maximisers of ``A y``)."""
    return best_responses(_values_against(_transpose(a), y))


def _col_br(b: MatrixT, x: Vector) -> frozenset[int]:
    """The column player's pure best responses to ``x`` (maximisers of ``B^T x``)."""
    return best_responses(_values_against(b, x))


def is_nash(a: Any, b: Any, x: Sequence[Any], y: Sequence[Any]) -> bool:
    """Exactly whether ``(x, y)`` is a Nash equilibrium of the bimatrix game ``(A, B)``.

    Checks from the definition: ``x`` and ``y`` are exact probability vectors of the right length
    and every action played with positive probability is a pure best response (equivalently, no
    player gains by deviating, since a mixed deviation is never better than the best pure one).
    Floats are rejected (``False``).
    """
    a, b = to_matrix(a), to_matrix(b)
    m, n = len(a), len(a[0])
    if not (is_probability_vector(x, m) and is_probability_vector(y, n)):
        return False
    xv, yv = _vector(x), _vector(y)
    return _support(xv) <= _row_br(a, yv) and _support(yv) <= _col_br(b, xv)


def payoffs(a: Any, b: Any, x: Sequence[Any], y: Sequence[Any]) -> tuple[Fraction, Fraction]:
    """``(x^T A y, x^T B y)`` exactly."""
    a, b = to_matrix(a), to_matrix(b)
    xv, yv = _vector(x), _vector(y)

    def value(m: MatrixT) -> Fraction:
        return sum(
            (xv[i] * m[i][j] * yv[j] for i in range(len(xv)) for j in range(len(yv))), Fraction(0)
        )

    return (value(a), value(b))


def _qq(q: Fraction) -> Any:
    """A Fraction as an element of sympy's rational field ``QQ``."""
    return QQ(q.numerator, q.denominator)


def _from_qq(v: Any) -> Fraction:
    return Fraction(int(v.numerator), int(v.denominator))


def _sympy_matrix(rows: list[list[Fraction]]) -> DomainMatrix:
    """A sympy matrix over ``QQ`` (``DomainMatrix``: the exact engine behind ``sympy.Matrix``)."""
    return DomainMatrix([[_qq(v) for v in r] for r in rows], (len(rows), len(rows[0])), QQ)


def _is_vertex(p: MatrixT, z: Vector) -> bool:
    """Rank check: the constraints tight at ``z`` determine ``(z, v)`` uniquely.

    Unknowns ``(z_0..z_{k-1}, v)``; tight constraints: ``sum z = 1``, ``z_i = 0`` off the support,
    ``(P^T z)_j - v = 0`` for the best responses ``j``.
    """
    k = len(z)
    one, zero = Fraction(1), Fraction(0)
    rows: list[list[Fraction]] = [[one] * k + [zero]]
    for i in range(k):
        if z[i] == 0:
            rows.append([one if t == i else zero for t in range(k)] + [zero])
    for j in best_responses(_values_against(p, z)):
        rows.append([p[i][j] for i in range(k)] + [-one])
    return _sympy_matrix(rows).rank() == k + 1


def _vertices(p: MatrixT) -> frozenset[Vector]:
    """All vertices of all polytopes ``X(I, J)`` for the player whose actions index ``P``'s rows.

    ``P`` is the *opponent's* payoff matrix oriented with this player's actions as rows (``B`` for
    the row player, ``A^T`` for the column player). See the module docstring, steps 1-2.
    """
    k, ell = len(p), len(p[0])
    one, zero = Fraction(1), Fraction(0)
    found: set[Vector] = set()
    for size in range(1, min(k, ell) + 1):
        rhs = _sympy_matrix([[zero]] * size + [[one]])
        for support in combinations(range(k), size):
            for tight in combinations(range(ell), size):
                # unknowns (z_support, v):  sum_i P[i][j] z_i - v = 0 (j in tight),  sum z = 1
                system = _sympy_matrix(
                    [[p[i][j] for i in support] + [-one] for j in tight] + [[one] * size + [zero]]
                )
                if system.rank() < size + 1:
                    continue  # singular: no unique solution
                solution = [_from_qq(v) for v in system.lu_solve(rhs).to_list_flat()]
                z = [zero] * k
                for idx, i in enumerate(support):
                    z[i] = solution[idx]
                if any(q < 0 for q in z):
                    continue
                zt = tuple(z)
                if max(_values_against(p, zt)) != solution[size]:
                    continue  # some action outside ``tight`` does strictly better
                found.add(zt)
    for z in found:  # independent re-check of the vertex property (module docstring, step 1)
        assert sum(z) == 1 and all(q >= 0 for q in z)
        assert _is_vertex(p, z), f"oracle bug: {z} is not a vertex"
    return frozenset(found)


@dataclass(frozen=True)
class OracleResult:
    """Everything the oracle computes for one game (all exact).

    Attributes
    ----------
    equilibria
        The extreme equilibria, sorted.
    row_vertices, column_vertices
        ``Vx`` and ``Vy``: the extreme strategies (vertices of the best-response polyhedra).
    degenerate
        Some mixed strategy with support size ``k`` has more than ``k`` pure best responses.
    cliques
        Maximal Nash subsets as ``(row strategies, column strategies)``; each pair from the two
        sets is an extreme equilibrium.
    components
        The partition of ``equilibria`` into connected components of the equilibrium set.
    strictly_dominated, weakly_dominated
        ``(player, action)`` pairs; ``weakly_dominated`` includes the strictly dominated ones.
    """

    equilibria: tuple[Profile, ...]
    row_vertices: frozenset[Vector]
    column_vertices: frozenset[Vector]
    degenerate: bool
    cliques: frozenset[tuple[frozenset[Vector], frozenset[Vector]]]
    components: frozenset[frozenset[Profile]]
    strictly_dominated: frozenset[tuple[int, int]]
    weakly_dominated: frozenset[tuple[int, int]]

    def clique_equilibria(self) -> frozenset[frozenset[Profile]]:
        """Each clique as the set of its extreme equilibria."""
        return frozenset(frozenset((x, y) for x in xs for y in ys) for xs, ys in self.cliques)


def _cliques(edges: frozenset[Profile]) -> frozenset[tuple[frozenset[Vector], frozenset[Vector]]]:
    """Maximal complete bipartite subgraphs (formal concepts) of the equilibrium graph."""
    xs = {x for x, _ in edges}
    neighbours = {x: frozenset(y for x2, y in edges if x2 == x) for x in xs}
    # Every maximal biclique's column side is an intersection of neighbour sets of row vertices;
    # close the family of neighbour sets under pairwise intersection.
    family: set[frozenset[Vector]] = set(neighbours.values())
    frontier = set(family)
    while frontier:
        new = {s & t for s in frontier for t in family} - family - {frozenset()}
        family |= new
        frontier = new
    out = set()
    for ys in family:
        rows = frozenset(x for x in xs if ys <= neighbours[x])
        out.add((rows, ys))
    # keep only the maximal pairs (closed pairs are maximal, but be explicit)
    return frozenset(
        c for c in out if not any(c != d and c[0] <= d[0] and c[1] <= d[1] for d in out)
    )


def _components(edges: frozenset[Profile]) -> frozenset[frozenset[Profile]]:
    parent: dict[Profile, Profile] = {e: e for e in edges}

    def find(e: Profile) -> Profile:
        while parent[e] != e:
            parent[e] = parent[parent[e]]
            e = parent[e]
        return e

    ordered = sorted(edges)
    for e1, e2 in combinations(ordered, 2):
        if e1[0] == e2[0] or e1[1] == e2[1]:
            parent[find(e1)] = find(e2)
    groups: dict[Profile, set[Profile]] = {}
    for e in ordered:
        groups.setdefault(find(e), set()).add(e)
    return frozenset(frozenset(g) for g in groups.values())


def _dominated(
    own_vertices_of_opponent: frozenset[Vector], own_payoffs: MatrixT, player: int
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Pearce's lemma on the opponent's extreme strategies (see the module docstring).

    ``own_payoffs`` has this player's actions as rows and the opponent's as columns.
    """
    k, ell = len(own_payoffs), len(own_payoffs[0])
    strict, weak = set(), set()
    for action in range(k):
        covered: set[int] = set()
        best_somewhere = False
        for w in own_vertices_of_opponent:
            values = [
                sum((own_payoffs[i][j] * w[j] for j in range(ell)), Fraction(0)) for i in range(k)
            ]
            if values[action] == max(values):
                best_somewhere = True
                covered |= _support(w)
        if not best_somewhere:
            strict.add((player, action))
        if len(covered) < ell:
            weak.add((player, action))
    return strict, weak


@lru_cache(maxsize=256)
def _oracle(a: MatrixT, b: MatrixT) -> OracleResult:
    vx = _vertices(b)  # row player's extreme strategies: opponent payoffs B^T x
    vy = _vertices(_transpose(a))  # column player's: opponent payoffs A y
    row_info = {x: (_support(x), _col_br(b, x)) for x in vx}
    col_info = {y: (_support(y), _row_br(a, y)) for y in vy}
    # (x, y) is an equilibrium iff supp x ⊆ BR(y) and supp y ⊆ BR(x) (same test as is_nash)
    eqs = frozenset(
        (x, y)
        for x, (sx, brx) in row_info.items()
        for y, (sy, bry) in col_info.items()
        if sx <= bry and sy <= brx
    )
    degenerate = any(len(br) > len(s) for s, br in row_info.values()) or any(
        len(br) > len(s) for s, br in col_info.values()
    )
    s0, w0 = _dominated(vy, a, 0)
    s1, w1 = _dominated(vx, _transpose(b), 1)
    return OracleResult(
        equilibria=tuple(sorted(eqs)),
        row_vertices=vx,
        column_vertices=vy,
        degenerate=degenerate,
        cliques=_cliques(eqs),
        components=_components(eqs),
        strictly_dominated=frozenset(s0 | s1),
        weakly_dominated=frozenset(w0 | w1),
    )


def oracle(a: Any, b: Any) -> OracleResult:
    """Run the oracle on the game ``(A, B)`` (nested sequences of exact numbers)."""
    a, b = to_matrix(a), to_matrix(b)
    if len(a) != len(b) or len(a[0]) != len(b[0]):
        raise ValueError("A and B differ in shape")
    return _oracle(a, b)


def extreme_equilibria(a: Any, b: Any) -> frozenset[Profile]:
    """The set of extreme Nash equilibria ``((x...), (y...))`` with Fraction entries."""
    return frozenset(oracle(a, b).equilibria)


def is_degenerate(a: Any, b: Any) -> bool:
    """Whether some mixed strategy with support size ``k`` has more than ``k`` best responses."""
    return oracle(a, b).degenerate


# --------------------------------------------------------------------------------------------
# Checking a solver's result (duck-typed: gametheory.solvers.result.EquilibriumResult) against
# the definitions and against the oracle. Failures raise AssertionError with the game and both
# sides spelled out.
# --------------------------------------------------------------------------------------------


def equilibrium_profile(e: Any) -> Profile:
    """The ``(x, y)`` of a solver's Equilibrium, insisting on exact Fraction entries."""
    x, y = e.strategies
    for p in (*x, *y):
        assert isinstance(p, Fraction), f"non-Fraction probability {p!r} ({type(p).__name__})"
    return (tuple(x), tuple(y))


def check_equilibrium(a: Any, b: Any, e: Any) -> None:
    """An Equilibrium is an exact Nash equilibrium with exact, correct payoffs and pure flag."""
    a, b = to_matrix(a), to_matrix(b)
    x, y = equilibrium_profile(e)
    assert is_probability_vector(x, len(a)), f"row strategy {x} is not a probability vector"
    assert is_probability_vector(y, len(a[0])), f"column strategy {y} is not a probability vector"
    assert is_nash(a, b, x, y), f"not a Nash equilibrium of A={a}, B={b}: x={x}, y={y}"
    pay = tuple(e.payoffs)
    for v in pay:
        assert isinstance(v, Fraction), f"non-Fraction payoff {v!r} ({type(v).__name__})"
    assert pay == payoffs(a, b, x, y), f"payoffs {pay} != x^T A y, x^T B y = {payoffs(a, b, x, y)}"
    assert e.pure == (len(_support(x)) == 1 and len(_support(y)) == 1)


def result_components(res: Any) -> frozenset[frozenset[Profile]]:
    """A result's components as sets of profiles."""
    eqs = [equilibrium_profile(e) for e in res.equilibria]
    return frozenset(frozenset(eqs[k] for k in c.equilibria) for c in res.components)


def result_cliques(res: Any) -> frozenset[frozenset[Profile]]:
    """A result's cliques as sets of profiles."""
    eqs = [equilibrium_profile(e) for e in res.equilibria]
    return frozenset(frozenset(eqs[k] for k in c.equilibria) for c in res.cliques)


def check_components(a: Any, b: Any, res: Any) -> None:
    """Components partition the equilibria and are unions of the cliques they list."""
    del a, b
    indices = sorted(k for c in res.components for k in c.equilibria)
    assert indices == list(range(len(res.equilibria))), (
        f"components {[c.equilibria for c in res.components]} do not partition "
        f"{len(res.equilibria)} equilibria"
    )
    for c in res.components:
        listed = {k for q in c.cliques for k in res.cliques[q].equilibria}
        assert listed == set(c.equilibria), (
            f"component {c.equilibria} is not the union of its cliques {c.cliques}: {listed}"
        )


def check_cliques(a: Any, b: Any, res: Any) -> None:
    """Each clique is conv(rows) x conv(columns) with every (row, column) pair an equilibrium."""
    a, b = to_matrix(a), to_matrix(b)
    eqs = [equilibrium_profile(e) for e in res.equilibria]
    covered: set[int] = set()
    for c in res.cliques:
        rows = {tuple(x) for x in c.row_strategies}
        cols = {tuple(y) for y in c.column_strategies}
        members = {eqs[k] for k in c.equilibria}
        covered |= set(c.equilibria)
        assert members == {(x, y) for x in rows for y in cols}, (
            f"clique {c.equilibria} lists equilibria {sorted(members)} but strategies "
            f"{sorted(rows)} x {sorted(cols)}"
        )
        for x1, _ in members:  # interchangeability: (x1, y2) is an equilibrium too
            for _, y2 in members:
                assert is_nash(a, b, x1, y2), f"clique not interchangeable: ({x1}, {y2})"
    assert covered == set(range(len(eqs))), "some equilibrium is in no clique"


def check_dominance(a: Any, b: Any, res: Any) -> None:
    """Each reported Dominance is true: ``by`` dominates ``action`` in the stated way."""
    a, b = to_matrix(a), to_matrix(b)
    seen = set()
    for d in res.dominated:
        assert d.player in (0, 1) and d.kind in ("strict", "weak"), d
        assert (d.player, d.action) not in seen, f"{(d.player, d.action)} reported twice"
        seen.add((d.player, d.action))
        own = a if d.player == 0 else _transpose(b)  # own actions as rows
        assert 0 <= d.action < len(own), d
        by = tuple(d.by)
        assert all(isinstance(p, Fraction) for p in by), f"non-Fraction in {by!r}"
        assert is_probability_vector(by, len(own)), f"{by} is not a probability vector"
        mixed = _values_against(own, by)
        diffs = [mixed[j] - own[d.action][j] for j in range(len(own[0]))]
        if d.kind == "strict":
            assert all(v > 0 for v in diffs), f"{d}: {by} does not strictly dominate ({diffs})"
        else:
            assert all(v >= 0 for v in diffs) and any(v > 0 for v in diffs), (
                f"{d}: {by} does not weakly dominate (diffs {diffs})"
            )


def gambit_enummixed(a: Any, b: Any) -> tuple[set[Profile], set[frozenset[Profile]]]:
    """Gambit's rational ``enummixed``: extreme equilibria and cliques (maximal Nash subsets).

    Needs ``pygambit`` (>= 17); callers skip with ``pytest.importorskip("pygambit")`` first.
    """
    import numpy as np
    import pygambit as gbt

    a, b = to_matrix(a), to_matrix(b)
    g = gbt.StrategicGame.from_arrays(
        np.array([list(r) for r in a], dtype=object), np.array([list(r) for r in b], dtype=object)
    )
    labels = list(g.players)
    res = gbt.nash.enummixed_solve(g, rational=True, cliques=True)

    def profile(p: Any) -> Profile:
        x = tuple(Fraction(v) for _, v in p[labels[0]])
        y = tuple(Fraction(v) for _, v in p[labels[1]])
        return (x, y)

    eqs = {profile(p) for p in res.equilibria}
    cliques = {frozenset(profile(p) for p in c) for c in res.cliques}
    return eqs, cliques


def pygambit_api(major: int) -> Any:
    """pygambit when its installed major version is ``major``, else skip the calling test.

    pygambit 17 (a beta at the time of writing) renamed most of 16's API (``Game`` split into
    ``StrategicGame`` and ``ExtensiveGame``, players iterated by label), so each cross-check
    is written against one of them and skipped under the other.
    """
    gbt = pytest.importorskip("pygambit")
    installed = int(str(gbt.__version__).split(".")[0])
    if installed != major:
        pytest.skip(f"written for pygambit {major}.x's API; pygambit {gbt.__version__} installed")
    return gbt
