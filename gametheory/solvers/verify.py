"""Exact verification: is a profile a mutual best response?

These checks use only exact arithmetic (``Fraction``), so a verified equilibrium is an equilibrium,
not an approximation of one.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction

__all__ = ["best_responses", "expected_payoffs", "is_nash", "is_probability_vector"]

Vector = Sequence[Fraction]
Matrix = Sequence[Sequence[Fraction]]


def is_probability_vector(p: Vector) -> bool:
    """True when all entries are non-negative and they sum to exactly 1."""
    return all(v >= 0 for v in p) and sum(p, Fraction(0)) == 1


def _row_values(a: Matrix, y: Vector) -> list[Fraction]:
    return [sum((aij * yj for aij, yj in zip(row, y, strict=True) if yj), Fraction(0)) for row in a]


def _col_values(b: Matrix, x: Vector) -> list[Fraction]:
    n = len(b[0])
    return [sum((b[i][j] * xi for i, xi in enumerate(x) if xi), Fraction(0)) for j in range(n)]


def best_responses(a: Matrix, b: Matrix, x: Vector, y: Vector) -> tuple[list[int], list[int]]:
    """The pure best responses of the row player to ``y`` and of the column player to ``x``.

    Examples
    --------
    >>> F = Fraction
    >>> best_responses([[F(1), F(0)], [F(0), F(1)]], [[F(1), F(0)], [F(0), F(1)]],
    ...                [F(1, 2), F(1, 2)], [F(1), F(0)])
    ([0], [0, 1])
    """
    rv, cv = _row_values(a, y), _col_values(b, x)
    return [i for i, v in enumerate(rv) if v == max(rv)], [
        j for j, v in enumerate(cv) if v == max(cv)
    ]


def is_nash(a: Matrix, b: Matrix, x: Vector, y: Vector) -> bool:
    """True when ``(x, y)`` is a Nash equilibrium of the bimatrix game ``(a, b)``, exactly.

    Both vectors must be probability vectors, and every action played with positive probability
    must be a best response to the other player's strategy.

    Examples
    --------
    >>> F = Fraction
    >>> pennies = [[F(1), F(-1)], [F(-1), F(1)]]
    >>> minus = [[-v for v in row] for row in pennies]
    >>> is_nash(pennies, minus, [F(1, 2), F(1, 2)], [F(1, 2), F(1, 2)])
    True
    >>> is_nash(pennies, minus, [F(1), F(0)], [F(1, 2), F(1, 2)])
    False
    """
    if len(x) != len(a) or len(y) != len(a[0]):
        return False
    if not (is_probability_vector(x) and is_probability_vector(y)):
        return False
    rows, cols = best_responses(a, b, x, y)
    return all(i in rows for i, p in enumerate(x) if p) and all(
        j in cols for j, q in enumerate(y) if q
    )


def expected_payoffs(a: Matrix, b: Matrix, x: Vector, y: Vector) -> tuple[Fraction, Fraction]:
    """The exact expected payoffs ``(x^T a y, x^T b y)``."""
    ua = sum((xi * v for xi, v in zip(x, _row_values(a, y), strict=True)), Fraction(0))
    ub = sum((yj * v for yj, v in zip(y, _col_values(b, x), strict=True)), Fraction(0))
    return ua, ub
