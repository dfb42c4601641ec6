"""Fast, sound screens for the support profiles of an N-player game, before any algebra.

The exact support enumeration (:mod:`gametheory.solvers.nplayer`) asks, for each support
profile ``S = (S_1, ..., S_N)``, whether a Nash equilibrium plays exactly these actions. Most
profiles have none, and this module settles most of them without a Gröbner basis:

* **Conditional dominance** (Porter, Nudelman & Shoham 2008, *Simple search methods for
  finding a Nash equilibrium*, Games and Economic Behavior 63, §3, "conditionally dominated"
  actions): when the others play inside ``S_{-i}``, an action ``a`` in ``S_i`` that some action
  ``b`` beats against *every* pure profile of ``S_{-i}`` is never a best response, so no
  equilibrium has these supports. Decided exactly, in integers.
* **Box exclusion**: every action value ``u_i(a, sigma_{-i})`` is multilinear in the free
  probabilities (degree at most one in each), so its range over a box of probabilities is
  spanned by its values at the box's vertices. A box is discarded when an indifference
  equation is bounded away from zero on it, a best-response gap ``u_i(c) - u_i(a)`` (``c``
  outside ``S_i``) is positive on it, or an eliminated probability ``1 - sum`` is non-positive
  on it; the survivors are bisected. The values are floats, so a box is discarded only by a
  margin (``BOX_MARGIN`` times the player's largest payoff) far above the rounding error of
  the computation (the box corners are dyadic, hence exact, and each value is a sum of at
  most a few hundred products of three or four numbers in ``[-1, 1]``, each off by a few
  units of ``2**-53``). A profile all of whose boxes are discarded has no equilibrium; any
  other profile goes on to the exact path. This is the exclusion step of Gambit's
  ``enumpoly`` (McKelvey & McLennan 1996, *Computation of equilibria in finite games*,
  Handbook of Computational Economics 1, §6), used here only to rule supports out.
* **Linear supports**: when at most two players mix, each player's indifference equations are
  linear in the other mixing player's probabilities, and they are solved exactly by Gaussian
  elimination over the rationals (:func:`solve_linear`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from math import lcm
from typing import Any

import numpy as np

__all__ = [
    "BOX_MARGIN",
    "MANY",
    "PayoffArrays",
    "conditionally_dominated",
    "excluded_by_boxes",
    "solve_linear",
]

Supports = tuple[tuple[int, ...], ...]

#: Relative margin by which a float bound must clear zero before a box is discarded.
BOX_MARGIN = 1e-9
#: Returned by :func:`solve_linear` when the equations have infinitely many solutions.
MANY = "positive-dimensional"


@dataclass
class PayoffArrays:
    """Every player's payoffs as arrays of the game's shape: exact and scaled to floats.

    Attributes
    ----------
    exact
        Object arrays of ``Fraction`` (the payoffs).
    integral
        Each player's payoffs times the least common multiple of their denominators (the same
        preferences, in integers), for the exact dominance test.
    numeric
        Each player's payoffs divided by their largest absolute value, as floats.
    """

    exact: list[Any]
    integral: list[Any]
    numeric: list[Any]
    _dominance: dict[tuple[int, Supports], frozenset[int]] = field(default_factory=dict)

    @classmethod
    def from_table(cls, shape: Sequence[int], table: Sequence[Sequence[Fraction]]) -> PayoffArrays:
        """Arrays from a payoff table in row-major profile order (one row per profile).

        Examples
        --------
        >>> arr = PayoffArrays.from_table((2, 1), [(Fraction(1, 2), 3), (Fraction(-1), 0)])
        >>> [int(x) for x in arr.integral[0].ravel()], [float(x) for x in arr.numeric[1].ravel()]
        ([1, -2], [1.0, 0.0])
        """
        exact, integral, numeric = [], [], []
        for k in range(len(shape)):
            column = [Fraction(row[k]) for row in table]
            scale = lcm(*(u.denominator for u in column))
            ints = [int(u * scale) for u in column]
            dtype: Any = np.int64 if max(map(abs, ints)) < 2**62 else object
            top = max(map(abs, column)) or Fraction(1)
            exact.append(np.array(column, dtype=object).reshape(shape))
            integral.append(np.array(ints, dtype=dtype).reshape(shape))
            numeric.append(np.array([float(u / top) for u in column]).reshape(shape))
        return cls(exact, integral, numeric)


def _restricted(array: Any, player: int, supports: Supports) -> Any:
    """``array`` with every axis but ``player``'s restricted to that player's support."""
    index = [
        np.arange(array.shape[k]) if k == player else np.array(s) for k, s in enumerate(supports)
    ]
    return array[np.ix_(*index)]


def conditionally_dominated(arrays: PayoffArrays, supports: Supports) -> bool:
    """True when some supported action is strictly dominated by a pure action against every
    profile of the others' supports (then no equilibrium has these supports), exactly.

    Examples
    --------
    Matching pennies' row player never plays Heads against a column player who only plays
    Tails:

    >>> pennies = [(1, -1), (-1, 1), (-1, 1), (1, -1)]
    >>> arr = PayoffArrays.from_table((2, 2), pennies)
    >>> conditionally_dominated(arr, ((0, 1), (1,))), conditionally_dominated(arr, ((0, 1),) * 2)
    (True, False)
    """
    for player, support in enumerate(supports):
        others = tuple(s if k != player else () for k, s in enumerate(supports))
        key = (player, others)
        if key not in arrays._dominance:
            table = _restricted(arrays.integral[player], player, supports)
            rows = np.moveaxis(table, player, 0).reshape(table.shape[player], -1)
            beaten = (rows[:, None, :] > rows[None, :, :]).all(axis=2).any(axis=0)
            arrays._dominance[key] = frozenset(int(a) for a in np.flatnonzero(beaten))
        if arrays._dominance[key].intersection(support):
            return True
    return False


def _values(table: Any, sigmas: list[Any], points: int) -> Any:
    """Action values of one player: ``table`` has the player's axis last and one axis per
    mixing opponent before it; ``sigmas`` holds those opponents' strategies, one ``(P, m)``
    array each. Returns an array ``(P, n_actions)``."""
    if not sigmas:
        return np.broadcast_to(table, (points, table.shape[-1]))
    out = np.tensordot(sigmas[0], table, axes=([1], [0]))
    for sigma in sigmas[1:]:
        out = np.einsum("pj...,pj->p...", out, sigma)
    return out


def _box_tables(
    arrays: PayoffArrays, supports: Supports, mixing: list[int]
) -> list[tuple[Any, list[int]]]:
    """Per player: its float payoffs against the others' supports, pure opponents fixed, the
    mixing opponents' axes first and its own last; and which mixing players those axes are."""
    out = []
    for player in range(len(supports)):
        table = _restricted(arrays.numeric[player], player, supports)
        pure = tuple(k for k in range(len(supports)) if k != player and k not in mixing)
        table = table.squeeze(axis=pure) if pure else table
        kept = [k for k in range(len(supports)) if k == player or k in mixing]
        table = np.moveaxis(table, kept.index(player), -1)
        out.append((table, [k for k in kept if k != player]))
    return out


def _discarded(
    supports: Supports,
    tables: list[tuple[Any, list[int]]],
    blocks: dict[int, list[int]],
    lo: Any,
    hi: Any,
) -> Any:
    """Which boxes ``[lo, hi]`` (one row each) provably hold no equilibrium of the profile.

    A player's action values depend on its opponents' probabilities only, so they are
    evaluated at the corners of the opponents' faces of each box."""
    boxes = len(lo)
    out = np.zeros(boxes, dtype=bool)
    for block in blocks.values():
        out |= 1 - lo[:, block].sum(axis=1) <= 0  # exact: dyadic corners
    for player, (table, opponents) in enumerate(tables):
        dims = [d for k in opponents for d in blocks[k]]
        bits = ((np.arange(2 ** len(dims))[:, None] >> np.arange(len(dims))) & 1).astype(bool)
        corners = np.where(bits[None], hi[:, None, dims], lo[:, None, dims])
        corners = corners.reshape(boxes * len(bits), len(dims))
        sigmas, start = [], 0
        for k in opponents:
            free = corners[:, start : start + len(blocks[k])]
            sigmas.append(np.concatenate([1 - free.sum(axis=1, keepdims=True), free], axis=1))
            start += len(blocks[k])
        values = _values(table, sigmas, len(corners)).reshape(boxes, len(bits), -1)
        support = supports[player]
        diff = values - values[:, :, support[0]][:, :, None]
        low, high = diff.min(axis=1), diff.max(axis=1)
        for a in range(diff.shape[2]):
            if a in support[1:]:
                out |= (low[:, a] > BOX_MARGIN) | (high[:, a] < -BOX_MARGIN)
            elif a not in support:
                out |= low[:, a] > BOX_MARGIN
    return out


def excluded_by_boxes(
    arrays: PayoffArrays, supports: Supports, *, max_boxes: int = 512, max_rounds: int = 0
) -> bool:
    """True when box exclusion proves that no equilibrium has these supports (see the
    module notes); False when it cannot tell within ``max_boxes`` boxes and ``max_rounds``
    bisections (default: twenty per free probability).

    Examples
    --------
    Three players who each gain 1 by matching the next player's action: no equilibrium has
    the first player mixing while the others play their first action.

    >>> pay = lambda a: tuple(int(a[k] == a[(k + 1) % 3]) for k in range(3))
    >>> import itertools
    >>> table = [pay(p) for p in itertools.product(range(2), repeat=3)]
    >>> arr = PayoffArrays.from_table((2, 2, 2), table)
    >>> excluded_by_boxes(arr, ((0, 1), (0,), (0,))), excluded_by_boxes(arr, ((0, 1),) * 3)
    (True, False)
    """
    mixing = [k for k, s in enumerate(supports) if len(s) > 1]
    blocks, start = {}, 0
    for k in mixing:
        blocks[k] = list(range(start, start + len(supports[k]) - 1))
        start += len(supports[k]) - 1
    tables = _box_tables(arrays, supports, mixing)
    lo, hi = np.zeros((1, start)), np.ones((1, start))
    for _ in range(max_rounds or 20 * start + 1):
        keep = ~_discarded(supports, tables, blocks, lo, hi)
        lo, hi = lo[keep], hi[keep]
        if not len(lo):
            return True
        if len(lo) > max_boxes // 2 or not start:
            return False
        rows = np.arange(len(lo))
        axis = np.argmax(hi - lo, axis=1)
        middle = (lo[rows, axis] + hi[rows, axis]) / 2
        upper_lo, lower_hi = lo.copy(), hi.copy()
        upper_lo[rows, axis] = middle
        lower_hi[rows, axis] = middle
        lo, hi = np.concatenate([lo, upper_lo]), np.concatenate([lower_hi, hi])
    return False


def _affine_solution(
    rows: list[list[Fraction]], rhs: list[Fraction], unknowns: int
) -> tuple[Fraction, ...] | str | None:
    """The unique solution of ``rows . x = rhs`` (Gaussian elimination over the rationals),
    ``None`` when there is none, :data:`MANY` when there are infinitely many."""
    matrix = [[*r, b] for r, b in zip(rows, rhs, strict=True)]
    pivots: list[int] = []
    rank = 0
    for col in range(unknowns):
        pivot = next((r for r in range(rank, len(matrix)) if matrix[r][col] != 0), None)
        if pivot is None:
            continue
        matrix[rank], matrix[pivot] = matrix[pivot], matrix[rank]
        head = matrix[rank][col]
        matrix[rank] = [v / head for v in matrix[rank]]
        for r in range(len(matrix)):
            if r != rank and matrix[r][col] != 0:
                f = matrix[r][col]
                matrix[r] = [v - f * w for v, w in zip(matrix[r], matrix[rank], strict=True)]
        pivots.append(col)
        rank += 1
    if any(row[-1] != 0 for row in matrix[rank:]):
        return None
    if rank < unknowns:
        return MANY
    solution = [Fraction(0)] * unknowns
    for r, col in enumerate(pivots):
        solution[col] = matrix[r][-1]
    return tuple(solution)


def _exact_values(arrays: PayoffArrays, player: int, strategies: list[list[Fraction]]) -> Any:
    """Player ``player``'s exact action values against rational ``strategies``."""
    out = np.moveaxis(arrays.exact[player], player, -1)
    for k in reversed(range(len(strategies))):
        if k != player:
            axis = k if k < player else k - 1
            out = np.tensordot(out, np.array(strategies[k], dtype=object), axes=([axis], [0]))
    return out


def solve_linear(
    arrays: PayoffArrays, supports: Supports
) -> tuple[tuple[Fraction, ...], ...] | str | None:
    """Solve a support profile on which at most two players mix, exactly.

    Returns the equilibrium with these supports (one rational probability vector per player),
    ``None`` when there is none, or :data:`MANY` when the indifference equations have
    infinitely many solutions (left to the caller's continuum analysis).

    Examples
    --------
    Matching pennies' mixed equilibrium:

    >>> arr = PayoffArrays.from_table((2, 2), [(1, -1), (-1, 1), (-1, 1), (1, -1)])
    >>> [[str(p) for p in s] for s in solve_linear(arr, ((0, 1), (0, 1)))]
    [['1/2', '1/2'], ['1/2', '1/2']]
    """
    mixing = [k for k, s in enumerate(supports) if len(s) > 1]
    if len(mixing) > 2 or not mixing:
        raise ValueError("solve_linear needs one or two mixing players")
    shape = arrays.exact[0].shape
    strategies: list[list[Fraction]] = []
    for k, s in enumerate(supports):
        row = [Fraction(0)] * shape[k]
        row[s[0]] = Fraction(1)
        strategies.append(row)
    solutions: dict[int, tuple[Fraction, ...] | str | None] = {}
    for player in mixing:
        partner = next((k for k in mixing if k != player), None)
        s = supports[player]
        if partner is None:  # the others are pure: the equations are constants
            values = _exact_values(arrays, player, strategies)
            solutions[player] = MANY if all(values[a] == values[s[0]] for a in s) else None
            continue
        columns = []
        for t in supports[partner]:
            trial = [list(r) for r in strategies]
            trial[partner] = [Fraction(int(i == t)) for i in range(shape[partner])]
            values = _exact_values(arrays, player, trial)
            columns.append([values[a] - values[s[0]] for a in s[1:]])
        rows = [[c[e] - columns[0][e] for c in columns[1:]] for e in range(len(s) - 1)]
        solutions[partner] = _affine_solution(
            rows, [-columns[0][e] for e in range(len(s) - 1)], len(supports[partner]) - 1
        )
    if any(v is None for v in solutions.values()):
        return None
    if any(v == MANY for v in solutions.values()):
        return MANY
    for k, free in solutions.items():
        assert isinstance(free, tuple)
        for a, p in zip(supports[k][1:], free, strict=True):
            strategies[k][a] = p
        strategies[k][supports[k][0]] = 1 - sum(free, Fraction(0))
    if any(strategies[k][a] <= 0 for k, s in enumerate(supports) for a in s):
        return None
    for k, s in enumerate(supports):
        values = _exact_values(arrays, k, strategies)
        if any(values[c] > values[s[0]] for c in range(shape[k]) if c not in s):
            return None
    return tuple(tuple(s) for s in strategies)
