"""The stage data of a payoff-set computation, exact: payoffs, deviation gains, the stage-NE
hull and the feasible individually rational set (:mod:`gametheory.repeated.payoff_set`)."""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from fractions import Fraction
from numbers import Rational
from typing import Any

import sympy as sp

from gametheory.exceptions import InputTypeError, ScenarioError, UnsupportedGameError
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated import _polygon as geo
from gametheory.repeated.minmax import minmax
from gametheory.solvers.adapter import exact_matrices

__all__ = ["feasible_set", "individually_rational_set", "pure_minmax"]

Point = tuple[Fraction, Fraction]


@dataclass(frozen=True)
class _Stage:
    u: tuple[Point, ...]  # payoff pair of each pure profile, row-major
    gain: tuple[Point, ...]  # each player's best one-shot deviation gain at that profile
    nash: tuple[Point, ...]  # the canonical polygon of the pure stage-NE payoff points
    scale: float
    ir: tuple[Point, ...] | None = None  # the feasible IR set, when computed (_ir_start)


def _stage(game: NormalFormGame) -> _Stage:
    """The exact stage data of ``game``, with its feasible IR set; computed once per game
    (a sweep over delta reuses them) and immutable."""
    if not isinstance(game, NormalFormGame):
        raise InputTypeError(f"expected a NormalFormGame, got {type(game).__name__}")
    return _stage_cached(game)


@functools.lru_cache(maxsize=64)
def _stage_cached(game: NormalFormGame) -> _Stage:
    st = _stage_of(game)
    return replace(st, ir=_ir_start(st))


def _stage_of(game: NormalFormGame) -> _Stage:
    a, b = exact_matrices(game)
    m, n = len(a), len(a[0])
    u, gain = [], []
    for i in range(m):
        for j in range(n):
            u.append((a[i][j], b[i][j]))
            gain.append((max(a[k][j] for k in range(m)) - a[i][j], max(b[i]) - b[i][j]))
    nash = geo.convex_hull(
        [p for p, g in zip(u, gain, strict=True) if g == (Fraction(0), Fraction(0))]
    )
    try:
        scale = 1.0 + max(float(abs(x)) for p in u for x in p)
    except OverflowError:  # beyond floats: exact geometry still works, the float phase cannot
        scale = math.inf
    return _Stage(tuple(u), tuple(gain), nash, scale)


def require_float_range(st: _Stage) -> None:
    """Refuse payoffs beyond the float range before a computation that steps in floats."""
    if not math.isfinite(st.scale) or st.scale > 1e150:
        raise UnsupportedGameError(
            "the subgame-perfect payoff set steps in floating point before its exact solve, "
            "so payoffs must be below 1e150 in absolute value; rescale the payoffs (the set "
            "scales with them)"
        )


def _delta(delta: Any) -> Fraction:
    if isinstance(delta, sp.Basic):
        if not delta.is_Rational:
            raise ScenarioError(f"delta must be a rational number, got {delta}")
        delta = Fraction(int(delta.p), int(delta.q))
    elif isinstance(delta, float):
        delta = Fraction(repr(delta))  # read floats through their decimal form: 0.9 is 9/10
    elif isinstance(delta, str):
        try:
            delta = Fraction(delta)
        except ValueError:
            raise ScenarioError(f"delta must be a number, got {delta!r}") from None
    elif not isinstance(delta, Rational):
        raise InputTypeError(f"delta must be a number, got {type(delta).__name__}")
    d = Fraction(delta)
    if not 0 < d < 1:
        raise ScenarioError(f"the discount factor must lie in (0, 1), got {d}")
    return d


def _ir_start(st: _Stage) -> geo.Polygon:
    """The feasible, individually rational set (exact): it contains V*, since no pure-strategy
    SPE payoff is below the pure minmax, ``min`` over profiles of ``u_i + g_i``."""
    if st.ir is not None:
        return st.ir
    mm = (
        min(u[0] + g[0] for u, g in zip(st.u, st.gain, strict=True)),
        min(u[1] + g[1] for u, g in zip(st.u, st.gain, strict=True)),
    )
    return geo.convex_hull([c for c, _ in geo.clip_quadrant(geo.convex_hull(list(st.u)), mm)])


def feasible_set(stage: NormalFormGame) -> tuple[Point, ...]:
    """The convex hull of the stage payoff pairs, exact and counter-clockwise.

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [tuple(map(str, v)) for v in feasible_set(pd)]
    [('0', '5'), ('1', '1'), ('5', '0'), ('3', '3')]
    """
    return geo.convex_hull(list(_stage(stage).u))


def pure_minmax(stage: NormalFormGame) -> Point:
    """Each player's pure minmax ``min_{a_-i} max_{a_i} u_i(a_i, a_-i)`` (from
    :func:`gametheory.repeated.minmax.minmax`)."""

    return minmax(stage, 0).pure, minmax(stage, 1).pure


def individually_rational_set(
    stage: NormalFormGame, minmax: Sequence[Any] | None = None
) -> tuple[Point, ...]:
    """The feasible set intersected with ``{v : v >= minmax}`` (default: the **pure** minmax).

    The pure minmax is the right bound for the APS/Abreu–Sannikov set: actions are pure and
    observed, so each player can best respond to the opponent's action in every period and no
    pure-strategy SPE gives less; the closure of the SPE set tends to this set as delta -> 1.
    Pass the mixed minmax (``gametheory.lp.maximin_mixed``) for the mixed-strategy folk theorem.

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    >>> [tuple(map(str, v)) for v in individually_rational_set(pd)]
    [('1', '1'), ('13/3', '1'), ('3', '3'), ('1', '13/3')]
    """
    m = pure_minmax(stage) if minmax is None else (Fraction(minmax[0]), Fraction(minmax[1]))
    return geo.convex_hull([c for c, _ in geo.clip_quadrant(feasible_set(stage), m)])
