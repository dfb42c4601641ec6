"""Exact linear programming over :class:`fractions.Fraction`.

A dense two-phase tableau simplex method (V. Chvátal, *Linear Programming*, Freeman, 1983,
ch. 2–3) with Bland's smallest-subscript rule for the entering and the leaving variable, which
guarantees termination on degenerate problems (R. G. Bland, "New finite pivoting rules for the
simplex method", *Math. Oper. Res.* 2(2), 1977, 103–107). Every number stays a ``Fraction``, so
results are exact. The game code uses it for dominance by mixed strategies, mixed minmax values
and optimal-commitment (Stackelberg) programs: small dense programs, not large sparse ones.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from numbers import Rational
from typing import Any

from gametheory.exceptions import InputTypeError, ScenarioError

__all__ = ["LPResult", "linprog_exact", "maximin_mixed"]


@dataclass(frozen=True)
class LPResult:
    """The outcome of :func:`linprog_exact`.

    Attributes
    ----------
    status
        ``"optimal"``, ``"infeasible"`` or ``"unbounded"``.
    x
        An optimal basic (vertex) solution, one entry per variable; ``None`` unless optimal.
    value
        The optimal value of the objective as given (maximized or minimized), or ``None``.
    iterations
        Pivots made in both phases, including those driving artificial variables out of the basis.
    """

    status: str
    x: tuple[Fraction, ...] | None
    value: Fraction | None
    iterations: int


def _number(v: object, where: str) -> Fraction:
    if not isinstance(v, Rational):  # floats, Decimals and strings are refused: exactness matters
        raise InputTypeError(f"{where} must be an int or Fraction, got {type(v).__name__} {v!r}")
    return Fraction(v)


def _vector(v: object, name: str) -> list[Fraction]:
    if isinstance(v, (str, bytes)) or not hasattr(v, "__len__") or not hasattr(v, "__iter__"):
        raise ScenarioError(f"{name} must be a sequence of numbers, got {type(v).__name__}")
    return [_number(e, f"{name}[{i}]") for i, e in enumerate(v)]


def _system(
    A: Any, b: Any, a_name: str, b_name: str, n: int
) -> tuple[list[list[Fraction]], list[Fraction]]:
    if A is None and b is None:
        return [], []
    if A is None or b is None:
        raise ScenarioError(f"{a_name} and {b_name} must be given together")
    rhs = _vector(b, b_name)
    if isinstance(A, (str, bytes)) or not hasattr(A, "__len__"):
        raise ScenarioError(f"{a_name} must be a sequence of rows, got {type(A).__name__}")
    rows = [_vector(row, f"{a_name}[{i}]") for i, row in enumerate(A)]
    for i, row in enumerate(rows):
        if len(row) != n:
            raise ScenarioError(f"{a_name}[{i}] has {len(row)} entries, expected {n} (len(c))")
    if len(rhs) != len(rows):
        raise ScenarioError(f"{b_name} has {len(rhs)} entries but {a_name} has {len(rows)} rows")
    return rows, rhs


def _pivot(T: list[list[Fraction]], basis: list[int], r: int, k: int) -> None:
    """Pivot on ``T[r][k]``, making column ``k`` basic in row ``r`` (every row, objective too)."""
    prow, p = T[r], T[r][k]
    if p != 1:
        prow[:] = [v / p for v in prow]
    for i, row in enumerate(T):
        f = row[k]
        if i != r and f:
            row[:] = [a - f * b if b else a for a, b in zip(row, prow, strict=True)]
    basis[r] = k


def _simplex(T: list[list[Fraction]], basis: list[int], ncols: int) -> tuple[bool, int]:
    """Minimize with Bland's rule over columns ``< ncols`` from the feasible basis ``basis``.

    ``T[-1]`` holds the reduced costs, then minus the objective value. Returns (bounded, pivots).
    """
    pivots = 0
    while True:
        obj = T[-1]
        k = next((j for j in range(ncols) if obj[j] < 0), None)  # smallest entering subscript
        if k is None:
            return True, pivots
        best: tuple[Fraction, int] | None = None
        r = -1  # the leaving row
        for i in range(len(T) - 1):
            a = T[i][k]
            if a > 0:
                key = (T[i][-1] / a, basis[i])  # ratio, then smallest leaving subscript
                if best is None or key < best:
                    best, r = key, i
        if best is None:
            return False, pivots
        _pivot(T, basis, r, k)
        pivots += 1


def linprog_exact(
    c: Sequence[Any],
    *,
    A_ub: Sequence[Sequence[Any]] | None = None,
    b_ub: Sequence[Any] | None = None,
    A_eq: Sequence[Sequence[Any]] | None = None,
    b_eq: Sequence[Any] | None = None,
    maximize: bool = False,
) -> LPResult:
    """Solve ``min (or max) c·x`` s.t. ``A_ub x <= b_ub``, ``A_eq x == b_eq``, ``x >= 0`` exactly.

    Two-phase simplex method on a dense tableau (Chvátal 1983, ch. 2–3). Each ``<=`` row gets
    a slack variable; rows with a negative right-hand side are negated, and those, together with
    the equality rows, get an artificial variable. Phase 1 minimizes the sum of the artificial
    variables; an artificial variable still basic (at zero) afterwards is pivoted out on any
    nonzero entry of its row, and if there is none the row is redundant and is dropped. Phase 2
    optimizes ``c``. Both phases use Bland's rule (Bland 1977), so the method terminates even on
    degenerate (cycling) problems.

    Parameters
    ----------
    c
        Objective coefficients, one per variable (ints or Fractions).
    A_ub, b_ub
        Inequality constraints ``A_ub @ x <= b_ub``; give both or neither.
    A_eq, b_eq
        Equality constraints ``A_eq @ x == b_eq``; give both or neither.
    maximize
        Maximize ``c·x`` instead of minimizing it.

    Returns
    -------
    LPResult

    Raises
    ------
    TypeError
        If an entry is not an int or Fraction (``numbers.Rational``); floats are refused.
    ValueError
        If the shapes are ragged or do not match; the message names the argument.

    Notes
    -----
    Every variable is nonnegative. A free variable ``y`` must be split by the caller into
    ``y = y1 - y2`` with ``y1, y2 >= 0``.

    Examples
    --------
    >>> res = linprog_exact([1, 1], A_ub=[[2, 1], [1, 3]], b_ub=[2, 3], maximize=True)
    >>> res.status, res.value, res.x
    ('optimal', Fraction(7, 5), (Fraction(3, 5), Fraction(4, 5)))
    >>> linprog_exact([-1], A_ub=[[-1]], b_ub=[-2]).status
    'unbounded'
    """
    cost = _vector(c, "c")
    n = len(cost)
    if n == 0:
        raise ScenarioError("c must have at least one entry")
    ub, bub = _system(A_ub, b_ub, "A_ub", "b_ub", n)
    eq, beq = _system(A_eq, b_eq, "A_eq", "b_eq", n)
    if maximize:
        cost = [-v for v in cost]
    m_ub, m = len(ub), len(ub) + len(eq)
    n_real = n + m_ub  # structural and slack columns; artificial columns follow
    art_of: dict[int, int] = {}  # row -> its artificial column: rows with no feasible slack
    for i in range(m):
        if i >= m_ub or bub[i] < 0:
            art_of[i] = n_real + len(art_of)
    T: list[list[Fraction]] = []
    basis: list[int] = []
    for i, (row, b) in enumerate(zip(ub + eq, bub + beq, strict=True)):
        full = row + [Fraction(int(j == i)) for j in range(m_ub)] + [Fraction(0)] * len(art_of)
        full = [-v for v in [*full, b]] if b < 0 else [*full, b]
        if i in art_of:
            full[art_of[i]] = Fraction(1)
        T.append(full)
        basis.append(art_of.get(i, n + i))
    iterations = 0

    if art_of:  # phase 1: minimize the sum of the artificial variables
        w = [-sum((T[i][j] for i in art_of), Fraction(0)) for j in range(len(T[0]))]
        for j in art_of.values():
            w[j] = Fraction(0)
        T.append(w)
        _, iterations = _simplex(T, basis, n_real)  # phase 1 is never unbounded (w >= 0)
        if T.pop()[-1] != 0:
            return LPResult("infeasible", None, None, iterations)
        for i in reversed(range(len(T))):  # drive out artificial variables left basic at zero
            if basis[i] >= n_real:
                k = next((j for j in range(n_real) if T[i][j]), None)
                if k is None:  # redundant row: no nonzero coefficient left
                    del T[i], basis[i]
                else:
                    _pivot(T, basis, i, k)
                    iterations += 1
        T = [row[:n_real] + row[-1:] for row in T]

    obj = cost + [Fraction(0)] * (m_ub + 1)  # phase 2: price out the basic columns
    for i, j in enumerate(basis):
        if f := obj[j]:
            obj = [a - f * b for a, b in zip(obj, T[i], strict=True)]
    T.append(obj)
    bounded, pivots = _simplex(T, basis, n_real)
    iterations += pivots
    if not bounded:
        return LPResult("unbounded", None, None, iterations)
    basic = {j: T[i][-1] for i, j in enumerate(basis)}
    x = tuple(basic.get(j, Fraction(0)) for j in range(n))
    value = -T[-1][-1]
    return LPResult("optimal", x, -value if maximize else value, iterations)


def maximin_mixed(payoffs: Sequence[Sequence[Any]]) -> tuple[Fraction, tuple[Fraction, ...]]:
    """Return the exact maximin value and an optimal mixed strategy of the row player.

    The value is ``max_p min_j sum_i p_i a_ij`` over mixed strategies ``p`` of the rows, the value
    of the zero-sum game with matrix ``payoffs``. It is the linear program ``max v`` s.t.
    ``v <= sum_i p_i a_ij`` for every column ``j``, ``sum_i p_i = 1``, ``p >= 0`` (see Chvátal
    1983, the chapter on matrix games), solved with :func:`linprog_exact` after adding
    ``1 - min a_ij`` to every payoff, so that ``v`` is positive and needs no split.

    Parameters
    ----------
    payoffs
        The row player's payoffs, rows = own actions, columns = opponent actions (ints or
        Fractions; rectangular and nonempty).

    Returns
    -------
    tuple
        The value and an optimal (vertex) mixed strategy of the row player.

    Examples
    --------
    Matching pennies, and a 2x3 game whose value ``1/7`` is where the first two columns'
    payoffs ``5p - 2`` and ``1 - 2p`` cross at ``p = 3/7`` (the third, ``2p``, is then slack):

    >>> maximin_mixed([[1, -1], [-1, 1]])
    (Fraction(0, 1), (Fraction(1, 2), Fraction(1, 2)))
    >>> maximin_mixed([[3, -1, 2], [-2, 1, 0]])
    (Fraction(1, 7), (Fraction(3, 7), Fraction(4, 7)))
    """
    if isinstance(payoffs, (str, bytes)) or not hasattr(payoffs, "__len__") or not len(payoffs):
        raise ScenarioError("payoffs must be a nonempty sequence of rows")
    rows = [_vector(row, f"payoffs[{i}]") for i, row in enumerate(payoffs)]
    n = len(rows[0])
    if n == 0 or any(len(row) != n for row in rows):
        raise ScenarioError("payoffs must be a rectangular matrix with at least one column")
    m = len(rows)
    shift = 1 - min(min(row) for row in rows)
    # variables p_1..p_m, v:  v - sum_i p_i (a_ij + shift) <= 0 for each column j
    A_ub = [[-(rows[i][j] + shift) for i in range(m)] + [Fraction(1)] for j in range(n)]
    res = linprog_exact(
        [0] * m + [1], A_ub=A_ub, b_ub=[0] * n, A_eq=[[1] * m + [0]], b_eq=[1], maximize=True
    )
    assert res.status == "optimal" and res.x is not None and res.value is not None
    return res.value - shift, res.x[:m]
