"""Exact equilibria of many small games at once: :func:`solve_batch`.

For ``2 x n`` and ``m x 2`` games every step is a vectorised integer computation over the whole
batch (numpy ``int64``, no floating point, no numba). It is the exact method of
:mod:`gametheory.solvers.exact` written out in closed form: a vertex of a best-response polytope of
a ``2 x n`` game has a support of one or two actions, so its candidate bases are

* one action ``i`` and one tight constraint ``j``: the point ``e_i / B[i, j]``;
* two actions and two tight constraints: a ``2 x 2`` system solved by Cramer's rule,

on both sides. Feasibility, the labels (zero coordinates and tight best-response constraints),
duplicates (one degenerate vertex reached from several bases) and completely labelled pairs are
decided by integer comparisons, so degenerate games are handled exactly, with nothing to fall
back on. Each equilibrium found is then verified again, exactly and vectorised: every action
played is a best response (integer payoffs against integer numerators).

Other shapes, and games whose payoffs do not fit the integer bounds (after exact scaling: see
:func:`solve_batch`), are solved one by one by :func:`gametheory.solvers.enumeration.enumerate_by_pivoting`.
Either way the equilibria are exactly those of ``solve(game, "exact")``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from fractions import Fraction
from itertools import combinations
from typing import Any

import numpy as np

from gametheory.exceptions import GameTheoryError
from gametheory.solvers.enumeration import enumerate_by_pivoting
from gametheory.solvers.result import Equilibrium
from gametheory.solvers.verify import expected_payoffs, is_nash

__all__ = ["BatchResult", "solve_batch"]

#: Payoffs are scaled to integers per game and matrix; the vectorised path needs them below this
#: bound (in absolute value) so that no product of the integer steps can overflow ``int64``.
INT_BOUND = 2**20

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


@dataclass(frozen=True, eq=False)  # numpy fields: compare games through result[i]
class BatchResult:
    """The extreme Nash equilibria of each game of a batch, exact.

    ``result[i]`` (or ``result.equilibria(i)``) is game ``i``'s tuple of
    :class:`~gametheory.solvers.result.Equilibrium`, exactly as ``solve(game_i, "exact")``
    lists them (same order, exact :class:`~fractions.Fraction` strategies and payoffs); the
    Fractions are built when a game is read. ``degenerate[i]`` and ``counts[i]`` are numpy arrays
    over the games.

    Attributes
    ----------
    shape
        ``(k, m, n)``.
    degenerate
        Boolean array: some mixed strategy with ``j`` actions has more than ``j`` pure best
        responses (as :attr:`EquilibriumResult.degenerate`).
    counts
        The number of extreme equilibria of each game.
    vectorised
        Boolean array: the game went through the vectorised integer path (else one by one).
    """

    shape: tuple[int, int, int]
    degenerate: np.ndarray
    counts: np.ndarray
    vectorised: np.ndarray
    # vectorised games: one row per equilibrium, grouped by game (offsets[g]:offsets[g + 1])
    _offsets: np.ndarray = field(repr=False)
    _x: np.ndarray = field(repr=False)  # row numerators (sum = denominator)
    _y: np.ndarray = field(repr=False)
    _a: np.ndarray = field(repr=False)  # payoffs as integers: a[g] / 2**scale_a[g]
    _b: np.ndarray = field(repr=False)
    _scale_a: np.ndarray = field(repr=False)
    _scale_b: np.ndarray = field(repr=False)
    _other: dict[int, tuple[Equilibrium, ...]] = field(repr=False)

    def __len__(self) -> int:
        return self.shape[0]

    def __getitem__(self, game: int) -> tuple[Equilibrium, ...]:
        return self.equilibria(game)

    def equilibria(self, game: int) -> tuple[Equilibrium, ...]:
        """Game ``game``'s extreme equilibria, exact and sorted as by :func:`solve`."""
        k = self.shape[0]
        if not -k <= game < k:
            raise IndexError(f"game {game} is out of range for a batch of {k}")
        game %= k
        if game in self._other:
            return self._other[game]
        lo, hi = int(self._offsets[game]), int(self._offsets[game + 1])
        da, db = 1 << int(self._scale_a[game]), 1 << int(self._scale_b[game])
        a = [[Fraction(int(v), da) for v in row] for row in self._a[game]]
        b = [[Fraction(int(v), db) for v in row] for row in self._b[game]]
        profiles = []
        for e in range(lo, hi):
            xs, ys = self._x[e], self._y[e]
            sx, sy = int(xs.sum()), int(ys.sum())
            profiles.append(
                (
                    tuple(Fraction(int(v), sx) for v in xs),
                    tuple(Fraction(int(v), sy) for v in ys),
                )
            )
        return _equilibria(a, b, profiles)


def _sort_key(profile: Profile) -> tuple[Any, ...]:
    x, y = profile
    pure = sum(1 for p in x if p) == 1 and sum(1 for q in y if q) == 1
    return (not pure, [-p for p in x], [-q for q in y])


def _equilibria(
    a: list[list[Fraction]], b: list[list[Fraction]], profiles: list[Profile]
) -> tuple[Equilibrium, ...]:
    out = []
    for x, y in sorted(profiles, key=_sort_key):
        if not is_nash(a, b, x, y):  # pragma: no cover - verified before, checked again
            raise AssertionError(f"internal error: unverified profile {x}, {y}")
        out.append(Equilibrium(strategies=(x, y), payoffs=expected_payoffs(a, b, x, y)))
    return tuple(out)


def _along(values: np.ndarray, ufunc: np.ufunc) -> np.ndarray:
    """Reduce each game's entries (all axes but the first), as a reduction over a leading axis
    (numpy reduces a short trailing axis much more slowly)."""
    flat = values.reshape(values.shape[0], int(np.prod(values.shape[1:])))
    return ufunc.reduce(np.ascontiguousarray(flat.T), axis=0)  # type: ignore[no-any-return]


def _exact_integers(values: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each game's matrix as integers ``values * 2**scale``, exactly, and which games fit.

    Integer arrays are taken as they are (``scale = 0``). A float is a dyadic rational
    ``mantissa * 2**exponent``, so the smallest power of two that makes a game's entries integers
    is found from the exponents and the trailing zeros of the 53-bit mantissas. A game fits when
    every scaled entry is below :data:`INT_BOUND` in absolute value.
    """
    k = values.shape[0]
    if values.dtype.kind in "iub":
        big = _along(np.abs(values.astype(np.float64)), np.maximum)
        fits = big < INT_BOUND
        ints = np.where(fits[:, None, None], values, 0).astype(np.int64)
        return ints, np.zeros(k, dtype=np.int64), fits
    mant, expo = np.frexp(values)
    mant_int = np.ldexp(mant, 53).astype(np.int64)  # exact: |mant| < 1 has 53 significant bits
    nonzero = mant_int != 0
    low_bit = np.where(nonzero, mant_int & -mant_int, 1)
    trailing = np.log2(low_bit.astype(np.float64)).astype(np.int64)
    need = np.where(nonzero, 53 - expo - trailing, 0)
    scale = np.maximum(_along(need, np.maximum), 0)
    fits = scale < 60
    scaled = np.ldexp(values, np.where(fits, scale, 0)[:, None, None])
    big = _along(np.abs(scaled), np.maximum)
    fits &= big < INT_BOUND
    ints = np.where(fits[:, None, None], scaled, 0).astype(np.int64)
    return ints, np.where(fits, scale, 0), fits


@dataclass(frozen=True, eq=False)
class _Vertices:
    """Candidate vertices of ``{z >= 0 : M^T z <= 1}`` (``M`` is ``d x c``, ``min(d, c) <= 2``).

    Candidate ``i`` has support ``s1[i]`` (and ``s2[i]`` when ``s2[i] >= 0``), numerators
    ``u1``, ``u2`` over the common denominator ``den``; arrays are ``(candidates, k)`` (and
    ``(candidates, c, k)`` for ``tight``), ``feasible`` excludes repeats of a point.
    """

    s1: np.ndarray
    s2: np.ndarray
    u1: np.ndarray
    u2: np.ndarray
    feasible: np.ndarray
    tight: np.ndarray
    degenerate: np.ndarray  # (k,): a vertex with more than d labels


def _vertices(mt: np.ndarray) -> _Vertices:
    """All vertices of ``{z >= 0 : M^T z <= 1}`` for ``mt`` = ``M`` as ``(d, c, k)``, exactly.

    Every vertex has a support ``S`` and as many tight constraints ``T`` with a nonsingular
    ``M[S, T]`` (:mod:`gametheory.solvers.exact`); here ``|S| <= 2``, so each candidate is one
    division or a ``2 x 2`` Cramer's rule, and every test is an integer comparison.
    """
    d, c, k = mt.shape
    s1: list[int] = []
    s2: list[int] = []
    u1: list[np.ndarray] = []
    u2: list[np.ndarray] = []
    den: list[np.ndarray] = []
    ok: list[np.ndarray] = []
    one = np.ones(k, dtype=np.int64)
    zero = np.zeros(k, dtype=np.int64)
    true = np.ones(k, dtype=bool)
    for s in range(d):
        for t in range(c):
            s1.append(s)
            s2.append(-1)
            u1.append(one)
            u2.append(zero)
            den.append(mt[s, t])
            ok.append(true)
    for a, b in combinations(range(d), 2):
        for t1, t2 in combinations(range(c), 2):
            det = mt[a, t1] * mt[b, t2] - mt[b, t1] * mt[a, t2]
            sign = np.sign(det)
            n1 = (mt[b, t2] - mt[b, t1]) * sign
            n2 = (mt[a, t1] - mt[a, t2]) * sign
            s1.append(a)
            s2.append(b)
            u1.append(n1)
            u2.append(n2)
            den.append(det * sign)
            ok.append((det != 0) & (n1 > 0) & (n2 > 0))
    s1a, s2a = np.array(s1), np.array(s2)
    has2 = s2a >= 0
    u1a, u2a, dena = np.stack(u1), np.stack(u2), np.stack(den)
    load = mt[s1a] * u1a[:, None, :]  # (candidates, c, k)
    if has2.any():
        load[has2] += mt[s2a[has2]] * u2a[has2][:, None, :]
    within = load <= dena[:, None, :]
    feasible = np.stack(ok) & np.logical_and.reduce(within, axis=1)
    tight = load == dena[:, None, :]
    _drop_repeats(feasible, s1a, s2a, u1a, u2a, dena)
    labels = (d - 1 - has2)[:, None] + tight.sum(axis=1)
    degenerate = ((labels > d) & feasible).any(axis=0)
    return _Vertices(s1a, s2a, u1a, u2a, feasible, tight, degenerate)


def _drop_repeats(
    feasible: np.ndarray,
    s1: np.ndarray,
    s2: np.ndarray,
    u1: np.ndarray,
    u2: np.ndarray,
    den: np.ndarray,
) -> None:
    """Keep the first candidate of each point (a degenerate vertex has several bases).

    Points with different supports differ, so only candidates with one support are compared:
    by the denominator for one action (``u1 = 1``), by the reduced numerators for two.
    """
    groups: dict[tuple[int, int], list[int]] = {}
    for i, support in enumerate(zip(s1.tolist(), s2.tolist(), strict=True)):
        groups.setdefault(support, []).append(i)
    for (_, second), members in groups.items():
        if len(members) < 2:
            continue
        if second < 0:
            keys = [den[members]]
        else:
            g = np.gcd(np.gcd(u1[members], u2[members]), den[members])
            g[g == 0] = 1
            keys = [u1[members] // g, u2[members] // g, den[members] // g]
        sub = feasible[members]
        for a in range(1, len(members)):
            same = sub[:a] & sub[a]
            for key in keys:
                same &= key[:a] == key[a]
            feasible[members[a]] &= ~same.any(axis=0)


def _two_by_n(
    a_pos: np.ndarray, b_pos: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """The vectorised exact method for ``(k, 2, n)`` (or ``(k, m, 2)``) positive integer payoffs.

    Returns ``(game, x, y, degenerate, counts)``: one row of ``x`` and ``y`` (numerators of the
    strategies) per extreme equilibrium, sorted by game.
    """
    _, m, n = a_pos.shape
    px = _vertices(np.ascontiguousarray(b_pos.transpose(1, 2, 0)))  # x in R^m, n constraints
    qy = _vertices(np.ascontiguousarray(a_pos.transpose(2, 1, 0)))  # y in R^n, m constraints
    # x's support must be tight for y (rows), y's support tight for x (columns)
    x2, y2 = px.s2 >= 0, qy.s2 >= 0
    rows_ok = qy.tight[:, px.s1, :]  # (cQ, cP, k)
    if x2.any():
        rows_ok[:, x2] &= qy.tight[:, px.s2[x2], :]
    cols_ok = px.tight[:, qy.s1, :]  # (cP, cQ, k)
    if y2.any():
        cols_ok[:, y2] &= px.tight[:, qy.s2[y2], :]
    pairs = cols_ok & rows_ok.transpose(1, 0, 2)
    pairs &= px.feasible[:, None, :] & qy.feasible[None, :, :]
    by_game = pairs.transpose(2, 0, 1)
    game, p, q = np.nonzero(by_game)
    e = np.arange(game.size)
    x = np.zeros((game.size, m), dtype=np.int64)
    x[e, px.s1[p]] = px.u1[p, game]
    x[e[x2[p]], px.s2[p][x2[p]]] = px.u2[p, game][x2[p]]
    y = np.zeros((game.size, n), dtype=np.int64)
    y[e, qy.s1[q]] = qy.u1[q, game]
    y[e[y2[q]], qy.s2[q][y2[q]]] = qy.u2[q, game][y2[q]]
    counts = np.bincount(game, minlength=by_game.shape[0])
    return game, x, y, px.degenerate | qy.degenerate, counts


def _verify(a: np.ndarray, b: np.ndarray, game: np.ndarray, x: np.ndarray, y: np.ndarray) -> None:
    """Every action played is a best response: integer payoffs against integer numerators."""
    row_values = np.einsum("eij,ej->ie", a[game], y)  # (m, E): action first, reduced fast
    col_values = np.einsum("eij,ei->je", b[game], x)
    xt, yt = x.T, y.T
    row_best = row_values == row_values.max(axis=0)
    col_best = col_values == col_values.max(axis=0)
    ok = ((xt == 0) | row_best).all(axis=0) & ((yt == 0) | col_best).all(axis=0)
    ok &= (xt >= 0).all(axis=0) & (yt >= 0).all(axis=0) & (xt.sum(0) > 0) & (yt.sum(0) > 0)
    if not ok.all():  # pragma: no cover - the labels already certify every pair
        raise AssertionError(f"internal error: unverified equilibria in games {game[~ok]}")


def _one_by_one(
    a: Sequence[Sequence[Any]], b: Sequence[Sequence[Any]]
) -> tuple[tuple[Equilibrium, ...], bool]:
    fa = [[Fraction(v) for v in row] for row in a]
    fb = [[Fraction(v) for v in row] for row in b]
    raw = enumerate_by_pivoting(fa, fb)
    rows = [_normalise(v.point) for v in raw.row_vertices]
    cols = [_normalise(v.point) for v in raw.column_vertices]
    return _equilibria(fa, fb, [(rows[r], cols[c]) for r, c in raw.pairs]), raw.degenerate


def _normalise(point: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    total = sum(point, Fraction(0))
    return tuple(v / total for v in point)


def _as_array(name: str, value: Any) -> np.ndarray:
    try:
        arr = np.asarray(value)
    except (TypeError, ValueError) as err:
        raise GameTheoryError(f"solve_batch: {name} is not an array of numbers ({err})") from None
    if arr.ndim != 3 or 0 in arr.shape[1:]:
        raise GameTheoryError(
            f"solve_batch: {name} must have shape (k, m, n) with m, n >= 1; got {arr.shape}"
        )
    if arr.dtype.kind == "f" and not np.isfinite(arr).all():
        raise GameTheoryError(f"solve_batch: {name} has a NaN or infinite payoff")
    if arr.dtype.kind not in "iubfO":
        raise GameTheoryError(f"solve_batch: {name} must hold numbers, not {arr.dtype}")
    return arr


def solve_batch(a: Any, b: Any) -> BatchResult:
    """The exact extreme Nash equilibria of ``k`` bimatrix games given as arrays.

    Parameters
    ----------
    a, b
        Row and column player's payoffs, arrays of shape ``(k, m, n)``: integers, floats (each
        taken at its exact binary value, as ``Fraction(float)`` does) or Python numbers such as
        :class:`~fractions.Fraction` in an object array.

    Returns
    -------
    BatchResult
        ``result[i]`` is game ``i``'s tuple of equilibria, equal to
        ``solve(NormalFormGame.from_matrices(a[i], b[i]), "exact").equilibria``.

    Raises
    ------
    GameTheoryError
        For arrays of the wrong shape or with NaN or infinite payoffs.

    Notes
    -----
    ``2 x n`` and ``m x 2`` games with payoffs that scale to integers below ``2**20`` take the
    vectorised path (a few microseconds per ``2 x 2`` game; see benchmarks/README.md); other games
    are enumerated one by one.

    Examples
    --------
    >>> import numpy as np
    >>> pennies = np.array([[[1, -1], [-1, 1]]])
    >>> res = solve_batch(pennies, -pennies)
    >>> [[str(p) for p in s] for s in res[0][0].strategies], bool(res.degenerate[0])
    ([['1/2', '1/2'], ['1/2', '1/2']], False)
    >>> bos = np.array([[[2, 0], [0, 1]], [[3, 0], [5, 1]]])  # battle of the sexes, PD
    >>> [len(res) for res in solve_batch(bos, np.array([[[1, 0], [0, 2]], [[3, 5], [0, 1]]]))]
    [3, 1]
    """
    a_arr, b_arr = _as_array("A", a), _as_array("B", b)
    if a_arr.shape != b_arr.shape:
        raise GameTheoryError(
            f"solve_batch: A and B must have the same shape; got {a_arr.shape} and {b_arr.shape}"
        )
    k, m, n = a_arr.shape
    degenerate = np.zeros(k, dtype=bool)
    counts = np.zeros(k, dtype=np.int64)
    vectorised = np.zeros(k, dtype=bool)
    other: dict[int, tuple[Equilibrium, ...]] = {}
    offsets = np.zeros(k + 1, dtype=np.int64)
    empty = np.zeros((0, 0), dtype=np.int64)
    xs, ys = empty, empty
    a_int = b_int = np.zeros((k, m, n), dtype=np.int64)
    scale_a = scale_b = np.zeros(k, dtype=np.int64)
    if min(m, n) <= 2 and a_arr.dtype.kind != "O" and b_arr.dtype.kind != "O":
        a_int, scale_a, fit_a = _exact_integers(a_arr)
        b_int, scale_b, fit_b = _exact_integers(b_arr)
        vectorised = fit_a & fit_b
        idx = np.nonzero(vectorised)[0]
        if idx.size:
            a_v, b_v = a_int[idx], b_int[idx]
            a_pos = a_v - _along(a_v, np.minimum)[:, None, None] + 1
            b_pos = b_v - _along(b_v, np.minimum)[:, None, None] + 1
            game, x, y, deg, cnt = _two_by_n(a_pos, b_pos)
            _verify(a_v, b_v, game, x, y)
            degenerate[idx] = deg
            counts[idx] = cnt
            per_game = np.zeros(k, dtype=np.int64)
            per_game[idx] = cnt
            offsets[1:] = np.cumsum(per_game)
            xs, ys = x, y
    for g in np.nonzero(~vectorised)[0]:
        eqs, deg_g = _one_by_one(_exact_rows(a_arr[g]), _exact_rows(b_arr[g]))
        other[int(g)] = eqs
        degenerate[g] = deg_g
        counts[g] = len(eqs)
    for arr in (degenerate, counts, vectorised, offsets, xs, ys, a_int, b_int, scale_a, scale_b):
        arr.flags.writeable = False  # the result is frozen, its arrays too
    return BatchResult(
        shape=(k, m, n),
        degenerate=degenerate,
        counts=counts,
        vectorised=vectorised,
        _offsets=offsets,
        _x=xs,
        _y=ys,
        _a=a_int,
        _b=b_int,
        _scale_a=scale_a,
        _scale_b=scale_b,
        _other=other,
    )


def _exact_rows(matrix: np.ndarray) -> list[list[Fraction]]:
    """A matrix of numbers as exact Fractions (floats at their exact binary value)."""
    out = []
    for row in matrix.tolist():
        try:
            out.append([Fraction(v) for v in row])
        except (TypeError, ValueError) as err:
            raise GameTheoryError(
                f"solve_batch: payoff {row} is not a rational number ({err})"
            ) from None
    return out
