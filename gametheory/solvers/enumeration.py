"""All extreme Nash equilibria of a bimatrix game by exact lexicographic pivoting.

Method
------
The same best-response polytopes as :mod:`gametheory.solvers.exact` (von Stengel 2007, §3.5):
with payoffs shifted to be positive,

    P = {x in R^m : x >= 0, B^T x <= 1},        Q = {y in R^n : y >= 0, A y <= 1},

and the extreme equilibria are the completely labelled vertex pairs ``(x, y) != (0, 0)``,
degenerate games included (Avis, Rosenberg, Savani & von Stengel 2010, §2). Instead of solving
one square system per candidate basis (``C(m + n, m)`` of them, nearly all infeasible), the
vertices are found by walking the polytope's graph, as ``lrs`` does (Avis & Fukuda 1992; Avis
2000):

* Start at the vertex ``0`` (every slack basic) and pivot with the *lexicographic* ratio test:
  the right-hand side is perturbed to ``1 + (e, e^2, ..., e^n)`` for an infinitesimal ``e``,
  which makes the polytope simple, so every lexicographically feasible basis has exactly ``m``
  neighbours and the leaving variable of every pivot is unique.
* The graph of a simple polytope is connected, so a search over the lexicographically feasible
  bases reaches all of them. Every vertex of ``P`` is the limit of a vertex of the perturbed
  polytope (the optimum of a generic objective), so every vertex of ``P`` is the basic solution of
  some basis visited. A degenerate vertex is visited once per basis and recorded once.
* Pivoting is fraction-free (every tableau entry is an integer minor of the constraint matrix
  divided by the common determinant ``D``, Edmonds 1967), so every vertex, and every label (a zero
  coordinate or a tight best-response constraint), is decided exactly; no floating-point step
  can lose a vertex.

The vertex sets are identical to those of :mod:`gametheory.solvers.exact`, so are the extreme
equilibria, the degeneracy flag, and the cliques and components built from them. The work grows
with the number of lexicographically feasible bases, which is at most the number of vertices of a
simple polytope with ``m + n`` facets in dimension ``m`` (McMullen's upper bound; Ziegler 1995,
§8.4) and, for random games, far fewer than ``C(m + n, m)``. :data:`ENUMERATION_SIZE_LIMIT`
bounds the games accepted.

References
----------
D. Avis, K. Fukuda, "A pivoting algorithm for convex hulls and vertex enumeration of arrangements
and polyhedra", *Discrete & Computational Geometry* 8 (1992) 295-313.
D. Avis, "lrs: A revised implementation of the reverse search vertex enumeration algorithm", in
G. Kalai, G. Ziegler (eds.), *Polytopes - Combinatorics and Computation*, Birkhauser, 2000.
D. Avis, G. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash equilibria for two-player
games", *Economic Theory* 42 (2010) 9-37.
J. Edmonds, "Systems of distinct representatives and linear algebra", *Journal of Research of
the National Bureau of Standards* 71B (1967) 241-245.
G. M. Ziegler, *Lectures on Polytopes*, Springer, 1995.
B. von Stengel, "Equilibrium computation for two-player games in strategic and extensive form",
ch. 3 of N. Nisan et al. (eds.), *Algorithmic Game Theory*, Cambridge University Press, 2007.
"""

from __future__ import annotations

from fractions import Fraction
from itertools import pairwise
from math import comb, gcd

from gametheory.exceptions import UnsupportedGameError
from gametheory.solvers.exact import ExtremeEquilibria, Vertex, _integer_matrix

_ZERO = Fraction(0)

__all__ = [
    "ENUMERATION_SIZE_LIMIT",
    "EnumerationLimitError",
    "dominated_by_vertices",
    "enumerate_by_pivoting",
    "pivoting_vertices",
    "pivoting_work",
    "size_refusal",
]

#: The largest :func:`pivoting_work` that :func:`enumerate_by_pivoting` (and so
#: ``solve(method="auto")``) accepts: every square game up to 13x13 (108,528), or for example
#: 8x21, 6x30 or 3x135. Random 12x12 games with payoffs 0..99 take a few seconds
#: (benchmarks/README.md).
ENUMERATION_SIZE_LIMIT = 110_000


class EnumerationLimitError(UnsupportedGameError):
    """A game too large to enumerate all of its extreme equilibria (a one-line refusal)."""


def _upper_bound(dim: int, facets: int) -> int:
    """McMullen's bound on the vertices of a simple ``dim``-polytope with ``facets`` facets."""
    if facets <= dim:
        return 1
    return comb(facets - (dim + 1) // 2, dim // 2) + comb(facets - dim // 2 - 1, (dim + 1) // 2 - 1)


def pivoting_work(m: int, n: int) -> int:
    """The most bases :func:`enumerate_by_pivoting` can visit on an ``m x n`` game.

    Each perturbed best-response polytope is simple with ``m + n`` facets, so its vertices, and
    the lexicographic bases visited, are at most McMullen's upper bound (Ziegler 1995, §8.4).

    Examples
    --------
    >>> pivoting_work(8, 8), pivoting_work(12, 12), pivoting_work(60, 60) > 10**20
    (1320, 49504, True)
    """
    return _upper_bound(m, m + n) + _upper_bound(n, m + n)


def size_refusal(m: int, n: int, method: str, work: int, limit: int) -> str:
    """The one-line refusal for a game past a method's size limit, naming the alternative.

    (nashpy's ``lemke_howson`` is no alternative there: it overflows and cycles from 15x15.)
    """
    return (
        f"a {m}x{n} game is too large for method '{method}' (up to {work:,} bases to examine, the "
        f"limit is {limit:,}): use method 'pure' for every pure equilibrium (any size)"
    )


def _lex_leaving(
    rows: list[list[int]], basic: list[int], pos: int, slack_pos: list[int], dim: int, den: int
) -> int:
    """The unique leaving row of the lexicographic ratio test for the entering column ``pos``.

    Row ``i`` is compared by ``(rhs_i, c_i(s_0), ..., c_i(s_{k-1})) / a_i``, where ``a_i`` is its
    entry in the entering column and ``c_i(s_t)`` its entry in slack ``s_t``'s column (``den`` at
    the slack's own row when it is basic, else 0). Ties on the right-hand side are rare, so the
    slack columns are looked at only then.
    """
    best = -1
    best_a = best_rhs = 0
    ties: list[int] = []
    for i, row in enumerate(rows):
        a = row[pos]
        if a <= 0:
            continue
        rhs = row[dim]
        if best < 0:
            best, best_a, best_rhs, ties = i, a, rhs, []
            continue
        lhs, rhs_best = rhs * best_a, best_rhs * a
        if lhs < rhs_best:
            best, best_a, best_rhs, ties = i, a, rhs, []
        elif lhs == rhs_best:
            ties.append(i)
    if not ties:
        return best
    candidates = [best, *ties]
    for t, p in enumerate(slack_pos):
        # slack t's column entry in each candidate row
        values = (
            [rows[i][p] for i in candidates]
            if p >= 0
            else [den if basic[i] == dim + t else 0 for i in candidates]
        )
        scaled = [(v, rows[i][pos]) for v, i in zip(values, candidates, strict=True)]
        low_v, low_a = scaled[0]
        for v, a in scaled[1:]:
            if v * low_a < low_v * a:
                low_v, low_a = v, a
        keep = [i for (v, a), i in zip(scaled, candidates, strict=True) if v * low_a == low_v * a]
        candidates = keep
        if len(candidates) == 1:
            return candidates[0]
    raise AssertionError("lexicographic ratio test left a tie")  # pragma: no cover


def pivoting_vertices(matrix: list[list[int]], *, max_bases: int | None = None) -> list[Vertex]:
    """All vertices except 0 of ``{z >= 0 : sum_k matrix[k][c] z_k <= 1 for every column c}``.

    ``matrix`` has one row per coordinate of ``z`` and one column per constraint, with positive
    integer entries (as :func:`gametheory.solvers.exact.polytope_vertices`, which returns the same
    list). Raises :class:`EnumerationLimitError` after ``max_bases`` bases.

    Examples
    --------
    >>> [[str(v) for v in vx.point] for vx in pivoting_vertices([[1, 2], [2, 1]])]
    [['0', '1/2'], ['1/3', '1/3'], ['1/2', '0']]
    """
    dim, ncon = len(matrix), len(matrix[0])
    # Tableau rows = constraints; row c: sum_k matrix[k][c] z_k + s_c = 1. Variables: z_k is k,
    # slack s_c is dim + c. Columns: the dim nonbasic variables (in `nonbasic`), then the rhs.
    rows0 = [[matrix[k][c] for k in range(dim)] + [1] for c in range(ncon)]
    basic0 = [dim + c for c in range(ncon)]
    nonbasic0 = list(range(dim))
    start_key = sum(1 << v for v in basic0)
    seen = {start_key}
    stack = [(rows0, basic0, nonbasic0, 1, start_key)]
    found: dict[tuple[int, ...], Vertex] = {}
    floats: dict[tuple[int, ...], tuple[float, ...]] = {}
    while stack:
        rows, basic, nonbasic, den, key = stack.pop()
        # record the vertex of this basis
        point_num = [0] * dim
        zero = (1 << dim) - 1
        tight = (1 << ncon) - 1
        for i, v in enumerate(basic):
            rhs = rows[i][dim]
            if rhs:
                if v < dim:
                    point_num[v] = rhs
                    zero &= ~(1 << v)
                else:
                    tight &= ~(1 << (v - dim))
        if zero != (1 << dim) - 1:
            g = gcd(den, *point_num)
            vkey = (den // g, *(p // g for p in point_num))
            if vkey not in found:
                point = tuple(Fraction(p, den) if p else _ZERO for p in point_num)
                found[vkey] = Vertex(point, zero, tight)
                floats[vkey] = tuple(p / den for p in point_num)  # correctly rounded
        slack_pos = [-1] * ncon
        for p, v in enumerate(nonbasic):
            if v >= dim:
                slack_pos[v - dim] = p
        for pos in range(dim):
            r = _lex_leaving(rows, basic, pos, slack_pos, dim, den)
            entering, leaving = nonbasic[pos], basic[r]
            new_key = key ^ (1 << leaving) ^ (1 << entering)
            if new_key in seen:
                continue
            seen.add(new_key)
            if max_bases is not None and len(seen) > max_bases:
                raise EnumerationLimitError(
                    f"the best-response polytope has more than {max_bases} bases"
                )
            row_r = rows[r]
            pivot = row_r[pos]
            new_rows = []
            for i, row in enumerate(rows):
                if i == r:
                    new_row = row[:]
                    new_row[pos] = den
                else:
                    rc = row[pos]
                    if rc:
                        new_row = [
                            (x * pivot - rc * y) // den for x, y in zip(row, row_r, strict=True)
                        ]
                    elif pivot == den:
                        new_row = row[:]
                    else:
                        new_row = [(x * pivot) // den for x in row]
                    new_row[pos] = -rc
                new_rows.append(new_row)
            new_basic = basic[:]
            new_basic[r] = entering
            new_nonbasic = nonbasic[:]
            new_nonbasic[pos] = leaving
            stack.append((new_rows, new_basic, new_nonbasic, pivot, new_key))
    keys = list(found)
    return _sorted_by_point([found[k] for k in keys], [floats[k] for k in keys])


def _sorted_by_point(vertices: list[Vertex], floats: list[tuple[float, ...]]) -> list[Vertex]:
    """The order of :func:`exact.polytope_vertices` (by point), found in floats, checked exactly.

    Sorting by the rounded points is checked by comparing neighbours exactly; if rounding merged
    two distinct coordinates into one float and spoiled the order, the points are sorted exactly.
    """
    order = sorted(range(len(vertices)), key=floats.__getitem__)
    out = [vertices[i] for i in order]
    if all(u.point < v.point for u, v in pairwise(out)):
        return out
    return sorted(vertices, key=lambda v: v.point)  # pragma: no cover - needs a float collision


def _pair(px: list[Vertex], qy: list[Vertex], m: int, n: int) -> list[tuple[int, int]]:
    """The completely labelled pairs, in the order of :func:`exact.enumerate_extreme_equilibria`.

    A non-degenerate ``x`` (exactly ``m`` labels) needs a ``y`` whose labels include the other
    ``n``: a dictionary lookup when ``y`` has exactly those ``n`` labels, a scan over the few
    degenerate ``y`` otherwise. A degenerate ``x`` is checked against every ``y``.
    """
    all_rows, all_cols = (1 << m) - 1, (1 << n) - 1
    exact_labels: dict[tuple[int, int], list[int]] = {}
    degenerate_y = []
    for iy, vy in enumerate(qy):
        if vy.label_count == n:
            exact_labels.setdefault((vy.tight, vy.zero), []).append(iy)
        else:
            degenerate_y.append(iy)
    pairs: list[tuple[int, int]] = []
    for ix, vx in enumerate(px):
        need_rows = all_rows & ~vx.zero
        need_cols = all_cols & ~vx.tight
        if vx.label_count == m:
            hits = list(exact_labels.get((need_rows, need_cols), ()))
            candidates = degenerate_y
        else:
            hits = []
            candidates = range(len(qy))  # type: ignore[assignment]
        for iy in candidates:
            vy = qy[iy]
            if vy.tight & need_rows == need_rows and vy.zero & need_cols == need_cols:
                hits.append(iy)
        pairs.extend((ix, iy) for iy in sorted(set(hits)))
    return pairs


def enumerate_by_pivoting(
    a: list[list[Fraction]], b: list[list[Fraction]], *, limit: int | None = ENUMERATION_SIZE_LIMIT
) -> ExtremeEquilibria:
    """All extreme equilibria of ``(a, b)`` as completely labelled vertex pairs, by pivoting.

    The same result as :func:`gametheory.solvers.exact.enumerate_extreme_equilibria` (vertex
    points of the unnormalised polytopes, in the same order), usually much faster.

    Raises
    ------
    EnumerationLimitError
        When :func:`pivoting_work` exceeds ``limit`` (``None``: no limit).

    Examples
    --------
    >>> F = Fraction
    >>> pennies = [[F(1), F(-1)], [F(-1), F(1)]]
    >>> res = enumerate_by_pivoting(pennies, [[-v for v in r] for r in pennies])
    >>> len(res.pairs), res.degenerate
    (1, False)
    """
    m, n = len(a), len(a[0])
    if limit is not None and pivoting_work(m, n) > limit:
        raise EnumerationLimitError(size_refusal(m, n, "exact", pivoting_work(m, n), limit))
    bi = _integer_matrix(b)
    ai = _integer_matrix(a)
    ai_t = [[ai[i][j] for i in range(m)] for j in range(n)]
    px = pivoting_vertices(bi)
    qy = pivoting_vertices(ai_t)
    pairs = _pair(px, qy, m, n)
    degenerate = any(v.label_count > m for v in px) or any(v.label_count > n for v in qy)
    return ExtremeEquilibria(tuple(pairs), tuple(px), tuple(qy), degenerate)


def dominated_by_vertices(raw: ExtremeEquilibria, m: int, n: int) -> set[tuple[int, int]]:
    """The ``(player, action)`` pairs that are dominated, read off the polytope vertices.

    By Pearce's lemma (Pearce 1984, Lemma 3; Fudenberg & Tirole 1991, §2.1) a row is strictly
    dominated by a mixed strategy iff it is a best response to no column strategy, that is iff no
    vertex of ``Q`` has the row's constraint tight (a nonempty facet has a vertex); and weakly
    dominated iff it is a best response to no completely mixed column strategy, that is iff the
    vertices of ``Q`` with its constraint tight share a zero coordinate (their barycentre is a point
    of that face, positive wherever one of them is). Likewise for columns with ``P``. Only these
    actions need the dominance linear programs, which then find the dominating strategies.
    """
    out = set()
    for player, own, vertices in ((0, m, raw.column_vertices), (1, n, raw.row_vertices)):
        for action in range(own):
            common_zero = -1
            for v in vertices:
                if v.tight >> action & 1:
                    common_zero &= v.zero
                    if not common_zero:
                        break
            if common_zero:  # -1 (no vertex: strictly dominated) or a shared zero (weakly)
                out.add((player, action))
    return out
