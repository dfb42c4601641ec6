"""nashpy's algorithms behind exact verification.

nashpy works in floating point and is known to go wrong: support enumeration drops equilibria
when an off-support payoff difference comes out as ``-1e-17`` and on most degenerate games;
Lemke-Howson can return a strategy vector permuted against the actions; vertex enumeration
crashes when a player's payoffs are all equal. So every profile nashpy returns is turned into
exact rationals here and kept only if it is an exact mutual best response; what was rejected or
failed is written to the diagnostics.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Iterable
from fractions import Fraction
from itertools import cycle
from typing import TYPE_CHECKING

import numpy as np

from gametheory.solvers._linalg import solve_unique
from gametheory.solvers.adapter import FractionMatrix
from gametheory.solvers.verify import is_nash

if TYPE_CHECKING:
    import nashpy

__all__ = ["DEFAULT_TOL", "NASHPY_METHODS", "nashpy_profiles", "rationalise"]

#: Probabilities below this are treated as zero when reading a float profile's support.
DEFAULT_TOL = 1e-9

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def _support_enumeration(game: nashpy.Game) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    yield from game.support_enumeration(non_degenerate=False, tol=1e-12)


def _vertex_enumeration(game: nashpy.Game) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    yield from game.vertex_enumeration()


#: Lemke-Howson pivots allowed per start label. nashpy's own loop has no limit, and on some
#: games it pivots forever (a 4x5 example is in tests/property/test_solver_properties.py).
MAX_PIVOTS = 10_000


def _lemke_howson_path(
    a: np.ndarray, b: np.ndarray, label: int
) -> tuple[np.ndarray, np.ndarray] | None:
    """nashpy's integer-pivoting Lemke-Howson (Algorithm 3.6 of Nisan et al. 2007, through
    nashpy's tableaux) with a cap on the number of pivots; ``None`` when the cap is reached."""
    # Imported on use, for start-up speed: nashpy loads scipy, and only these methods need it.
    from nashpy.linalg import create_col_tableau, create_row_tableau

    col = create_col_tableau(a, True)
    row = create_row_tableau(b, True)
    tableaux = cycle((row, col)) if label in row.non_basic_variables else cycle((col, row))
    entering = label
    for _ in range(MAX_PIVOTS):
        entering = next(tableaux).pivot_and_drop_label(entering)
        if col.non_basic_variables.union(row.non_basic_variables) == col.labels:
            return row.to_strategy(col.non_basic_variables), col.to_strategy(
                row.non_basic_variables
            )
    return None


def _lemke_howson(game: nashpy.Game) -> Iterable[tuple[np.ndarray, np.ndarray]]:
    a, b = game.payoff_matrices
    m, n = a.shape
    for label in range(m + n):  # every start label, as lemke_howson_enumeration does
        found = _lemke_howson_path(a, b, label)
        if found is None:
            warnings.warn(
                f"Lemke-Howson from label {label} cycled: stopped after {MAX_PIVOTS} pivots",
                RuntimeWarning,
                stacklevel=2,
            )
            continue
        yield found


#: nashpy's algorithms by fedlocal method name.
NASHPY_METHODS: dict[str, Callable[[nashpy.Game], Iterable[tuple[np.ndarray, np.ndarray]]]] = {
    "support_enumeration": _support_enumeration,
    "vertex_enumeration": _vertex_enumeration,
    "lemke_howson": _lemke_howson,
}


def _solve_on_support(
    own: FractionMatrix, support_own: list[int], support_other: list[int]
) -> tuple[Fraction, ...] | None:
    """The other player's strategy on ``support_other`` making every ``support_own`` action
    indifferent (``own[i][j]``: own payoff), when that system has a unique solution."""

    k = len(support_other)
    rows = [[own[i][j] for j in support_other] + [Fraction(-1)] for i in support_own]
    rows.append([Fraction(1)] * k + [Fraction(0)])
    rhs = [Fraction(0)] * len(support_own) + [Fraction(1)]
    sol = solve_unique(rows, rhs)
    return None if sol is None else tuple(sol[:k])


def rationalise(
    a: FractionMatrix, b: FractionMatrix, x: np.ndarray, y: np.ndarray, tol: float
) -> Profile | None:
    """An exact equilibrium that the float profile ``(x, y)`` approximates, or ``None``.

    First the indifference equations on the float profile's supports are solved exactly; when
    they do not pin the profile down (degenerate games), the floats are rounded to nearby simple
    fractions. A candidate is returned only if it is an exact equilibrium.
    """
    m, n = len(a), len(a[0])
    if (
        x.shape != (m,)
        or y.shape != (n,)
        or not (np.all(np.isfinite(x)) and np.all(np.isfinite(y)))
    ):
        return None
    sx = [i for i in range(m) if x[i] > tol]
    sy = [j for j in range(n) if y[j] > tol]
    candidates: list[Profile] = []
    if sx and sy:
        b_t = [[b[i][j] for i in range(m)] for j in range(n)]
        ys = _solve_on_support(a, sx, sy)
        xs = _solve_on_support(b_t, sy, sx)
        if xs is not None and ys is not None:
            xf, yf = [Fraction(0)] * m, [Fraction(0)] * n
            for i, p in zip(sx, xs, strict=True):
                xf[i] = p
            for j, q in zip(sy, ys, strict=True):
                yf[j] = q
            candidates.append((tuple(xf), tuple(yf)))
    for bound in (100, 10_000, 1_000_000):
        xr = [Fraction(float(v)).limit_denominator(bound) if v > tol else Fraction(0) for v in x]
        yr = [Fraction(float(v)).limit_denominator(bound) if v > tol else Fraction(0) for v in y]
        if sum(xr) and sum(yr):
            sx_, sy_ = sum(xr), sum(yr)
            candidates.append((tuple(v / sx_ for v in xr), tuple(v / sy_ for v in yr)))
    for cx, cy in candidates:
        if is_nash(a, b, cx, cy):
            return (cx, cy)
    return None


def nashpy_profiles(
    method: str,
    a: FractionMatrix,
    b: FractionMatrix,
    a_float: np.ndarray,
    b_float: np.ndarray,
    tol: float,
) -> tuple[list[Profile], list[str]]:
    """Run a nashpy algorithm; return the verified exact profiles and the diagnostics."""
    # Imported on use, for start-up speed: nashpy loads scipy, and only these methods need it.
    import nashpy

    game = nashpy.Game(a_float, b_float)
    diagnostics: list[str] = []
    verified: list[Profile] = []
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        raw: list[tuple[np.ndarray, np.ndarray]] = []
        try:
            raw = list(NASHPY_METHODS[method](game))
        except Exception as err:  # nashpy/scipy failures are results to report, not crashes
            diagnostics.append(f"nashpy {method} failed: {type(err).__name__}: {err}")
    for w in caught:
        text = "nashpy warning: " + " ".join(str(w.message).split())
        if text not in diagnostics:
            diagnostics.append(text)
    rejected = []
    for x, y in raw:
        exact = rationalise(a, b, np.asarray(x, dtype=float), np.asarray(y, dtype=float), tol)
        if exact is None:
            rejected.append(f"x={np.round(x, 6).tolist()}, y={np.round(y, 6).tolist()}")
        elif exact not in verified:
            verified.append(exact)
    if rejected:
        shown = "; ".join(rejected[:3]) + ("; ..." if len(rejected) > 3 else "")
        diagnostics.append(
            f"rejected {len(rejected)} nashpy profile{'s' if len(rejected) > 1 else ''} that "
            f"{'are' if len(rejected) > 1 else 'is'} not an exact equilibrium: {shown}"
        )
    return verified, diagnostics
