"""Exact enumeration of all extreme Nash equilibria of a bimatrix game.

Method
------
With payoffs shifted to be positive, the best-response polytopes are (von Stengel 2007, §3.5)

    P = {x in R^m : x >= 0, B^T x <= 1},        Q = {y in R^n : y >= 0, A y <= 1}.

A point of ``P`` has label ``i`` when ``x_i = 0`` and label ``m + j`` when ``(B^T x)_j = 1``
(column ``j`` is a best response); likewise for ``Q``. The extreme Nash equilibria are exactly the
completely labelled vertex pairs ``(x, y) != (0, 0)``, normalised to probabilities; this holds for
degenerate games too (Avis, Rosenberg, Savani & von Stengel 2010, §2). Every vertex is found by
choosing its support ``K`` and as many tight best-response constraints ``J``, ``|J| = |K|``, and
solving the square system exactly (fraction-free Bareiss elimination on integers). The game is
degenerate exactly when some vertex carries more labels than the dimension (some mixed strategy
with ``k`` actions in its support has more than ``k`` pure best responses).

The work grows like ``C(m + n, m)`` linear systems per player; :data:`EXACT_SIZE_LIMIT` bounds it.

References
----------
B. von Stengel, "Equilibrium computation for two-player games in strategic and extensive form",
ch. 3 of N. Nisan et al. (eds.), *Algorithmic Game Theory*, Cambridge University Press, 2007.
D. Avis, G. Rosenberg, R. Savani, B. von Stengel, "Enumeration of Nash equilibria for two-player
games", *Economic Theory* 42 (2010) 9-37.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from itertools import combinations
from math import comb, lcm

__all__ = [
    "EXACT_SIZE_LIMIT",
    "ExtremeEquilibria",
    "Vertex",
    "enumerate_extreme_equilibria",
    "exact_work",
]

#: The largest number of candidate bases, ``C(m + n, m)``, the exact method accepts by default
#: (8x8 games have 12,870). Above it ``solve(method="auto")`` falls back to nashpy.
EXACT_SIZE_LIMIT = 13_000


@dataclass(frozen=True)
class Vertex:
    """A vertex of a best-response polytope with its label bitmasks."""

    point: tuple[Fraction, ...]
    zero: int  # bit k set: coordinate k is 0
    tight: int  # bit c set: constraint c holds with equality (a best response)

    @property
    def label_count(self) -> int:
        return self.zero.bit_count() + self.tight.bit_count()


@dataclass(frozen=True)
class ExtremeEquilibria:
    """Extreme equilibria as pairs of vertex indices, with the vertices and degeneracy."""

    pairs: tuple[tuple[int, int], ...]
    row_vertices: tuple[Vertex, ...]
    column_vertices: tuple[Vertex, ...]
    degenerate: bool


def exact_work(m: int, n: int) -> int:
    """The number of candidate bases the exact method examines for an ``m x n`` game."""
    return comb(m + n, m)


def _integer_matrix(matrix: list[list[Fraction]]) -> list[list[int]]:
    """Scale to integers and shift so every entry is at least 1 (same polytope labels)."""
    scale = lcm(*(v.denominator for row in matrix for v in row))
    ints = [[int(v * scale) for v in row] for row in matrix]
    low = min(v for row in ints for v in row)
    return [[v - low + 1 for v in row] for row in ints]


def _solve_bareiss(rows: list[list[int]]) -> tuple[list[int], int] | None:
    """Solve ``rows @ z = 1`` exactly for a square integer matrix, fraction-free.

    Returns ``(numerators, d)`` with ``d > 0`` and ``z = numerators / d``, or ``None`` when the
    matrix is singular. Bareiss elimination keeps every entry an integer minor; its last pivot is
    ``±det``, so ``d * z_r`` are integers (Cramer's rule) and back-substitution divides exactly.
    """
    k = len(rows)
    aug = [[*row, 1] for row in rows]
    prev = 1
    for c in range(k):
        pivot = next((r for r in range(c, k) if aug[r][c]), None)
        if pivot is None:
            return None
        if pivot != c:
            aug[c], aug[pivot] = aug[pivot], aug[c]
        pc, row_c = aug[c][c], aug[c]
        for r in range(c + 1, k):
            row_r = aug[r]
            rc = row_r[c]
            for t in range(c + 1, k + 1):
                row_r[t] = (row_r[t] * pc - rc * row_c[t]) // prev
            row_r[c] = 0
        prev = pc
    d = aug[k - 1][k - 1]
    nums = [0] * k
    for r in range(k - 1, -1, -1):
        row = aug[r]
        acc = d * row[k] - sum(row[t] * nums[t] for t in range(r + 1, k))
        nums[r] = acc // row[r]
    if d < 0:
        return [-v for v in nums], -d
    return nums, d


def polytope_vertices(matrix: list[list[int]]) -> list[Vertex]:
    """All vertices except 0 of ``{z >= 0 : sum_k matrix[k][c] z_k <= 1 for every column c}``.

    ``matrix`` has one row per coordinate of ``z`` and one column per constraint, with positive
    integer entries. All tests are integer comparisons; fractions are made only for vertices.
    """
    d_dim, ncon = len(matrix), len(matrix[0])
    found: dict[tuple[Fraction, ...], Vertex] = {}
    for size in range(1, min(d_dim, ncon) + 1):
        for support in combinations(range(d_dim), size):
            columns = [[matrix[k][c] for k in support] for c in range(ncon)]
            for tight in combinations(range(ncon), size):
                sol = _solve_bareiss([columns[c] for c in tight])
                if sol is None:
                    continue
                nums, d = sol
                if any(v <= 0 for v in nums):
                    continue
                tight_mask = 0
                for c, col in enumerate(columns):
                    load = sum(w * v for w, v in zip(col, nums, strict=True))
                    if load > d:
                        break
                    if load == d:
                        tight_mask |= 1 << c
                else:
                    point = [Fraction(0)] * d_dim
                    for k, v in zip(support, nums, strict=True):
                        point[k] = Fraction(v, d)
                    key = tuple(point)
                    if key not in found:
                        zero_mask = sum(1 << k for k in range(d_dim) if k not in support)
                        found[key] = Vertex(key, zero_mask, tight_mask)
    return sorted(found.values(), key=lambda v: v.point)


def enumerate_extreme_equilibria(
    a: list[list[Fraction]], b: list[list[Fraction]]
) -> ExtremeEquilibria:
    """All extreme equilibria of the bimatrix game ``(a, b)`` as completely labelled vertex pairs.

    Returns vertex points of the *unnormalised* polytopes; divide by their sums for strategies.

    Examples
    --------
    >>> F = Fraction
    >>> pennies = [[F(1), F(-1)], [F(-1), F(1)]]
    >>> res = enumerate_extreme_equilibria(pennies, [[-v for v in r] for r in pennies])
    >>> len(res.pairs), res.degenerate
    (1, False)
    """
    m, n = len(a), len(a[0])
    bi = _integer_matrix(b)  # rows: x coordinates, columns: column-player constraints
    ai = _integer_matrix(a)
    ai_t = [[ai[i][j] for i in range(m)] for j in range(n)]  # rows: y coordinates
    px = polytope_vertices(bi)
    qy = polytope_vertices(ai_t)
    all_rows, all_cols = (1 << m) - 1, (1 << n) - 1
    pairs = []
    for ix, vx in enumerate(px):
        need_rows = all_rows & ~vx.zero  # row labels y must supply (as tight rows)
        need_cols = all_cols & ~vx.tight  # column labels y must supply (as zeros)
        for iy, vy in enumerate(qy):
            if vy.tight & need_rows == need_rows and vy.zero & need_cols == need_cols:
                pairs.append((ix, iy))
    degenerate = any(v.label_count > m for v in px) or any(v.label_count > n for v in qy)
    return ExtremeEquilibria(tuple(pairs), tuple(px), tuple(qy), degenerate)
