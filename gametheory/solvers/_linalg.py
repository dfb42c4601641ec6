"""Small exact linear algebra over fractions (Gauss-Jordan with rank checks)."""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["solve_unique"]


def solve_unique(
    rows: Sequence[Sequence[Fraction]], rhs: Sequence[Fraction]
) -> list[Fraction] | None:
    """The unique solution of ``rows @ z = rhs``, or ``None`` if there is none or infinitely many.

    Examples
    --------
    >>> F = Fraction
    >>> solve_unique([[F(1), F(1)], [F(1), F(-1)], [F(2), F(0)]], [F(2), F(0), F(2)])
    [Fraction(1, 1), Fraction(1, 1)]
    >>> solve_unique([[F(1), F(1)]], [F(1)]) is None
    True
    """
    aug = [[Fraction(v) for v in row] + [Fraction(r)] for row, r in zip(rows, rhs, strict=True)]
    nvar = len(aug[0]) - 1 if aug else 0
    pivot_row = 0
    pivots = []
    for col in range(nvar):
        p = next((r for r in range(pivot_row, len(aug)) if aug[r][col]), None)
        if p is None:
            return None  # a free variable: not unique
        aug[pivot_row], aug[p] = aug[p], aug[pivot_row]
        pv = aug[pivot_row][col]
        aug[pivot_row] = [v / pv for v in aug[pivot_row]]
        for r in range(len(aug)):
            if r != pivot_row and aug[r][col]:
                f = aug[r][col]
                aug[r] = [v - f * w for v, w in zip(aug[r], aug[pivot_row], strict=True)]
        pivots.append(col)
        pivot_row += 1
    if any(row[-1] for row in aug[pivot_row:]):
        return None  # inconsistent
    return [aug[k][-1] for k in range(nvar)]
