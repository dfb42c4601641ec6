"""The one adapter between sympy games and the numbers solvers work with.

Exact solvers get :class:`fractions.Fraction` matrices; nashpy gets ``float`` numpy arrays
derived from the exact ones. Nothing else in fedlocal converts between the two worlds.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.normal_form import NormalFormGame

__all__ = ["FractionMatrix", "exact_matrices", "float_matrices", "is_rational_game"]

FractionMatrix = list[list[Fraction]]


def _require_numeric(game: NormalFormGame) -> None:
    if not game.is_numeric:
        names = ", ".join(sorted(s.name for s in game.free_symbols))
        raise UnsupportedGameError(
            f"the game still has symbolic parameters ({names}); give them values first "
            "(Scenario.game_at or --set name=value)"
        )


def is_rational_game(game: NormalFormGame) -> bool:
    """True when every payoff is a rational number (so exact methods apply)."""
    return game.is_numeric and all(v.is_Rational for m in game.payoffs for v in m)


def exact_matrices(game: NormalFormGame) -> tuple[FractionMatrix, FractionMatrix]:
    """The payoff matrices ``(A, B)`` as lists of lists of :class:`~fractions.Fraction`.

    Raises
    ------
    UnsupportedGameError
        When a payoff is symbolic or irrational (``sqrt(2)``).

    Examples
    --------
    >>> g = NormalFormGame.from_matrices([[0.5, 1]], [[2, 3]])
    >>> exact_matrices(g)[0]
    [[Fraction(1, 2), Fraction(1, 1)]]
    """
    _require_numeric(game)
    out = []
    for k, matrix in enumerate(game.payoffs):
        rows = []
        for i in range(matrix.rows):
            row = []
            for j in range(matrix.cols):
                v = matrix[i, j]
                if not v.is_Rational:
                    raise UnsupportedGameError(
                        f"payoff of {game.players[k]!r} at ({game.actions[0][i]}, "
                        f"{game.actions[1][j]}) is {v}, not a rational number; fedlocal verifies "
                        "every equilibrium exactly, so payoffs must be rational (give the "
                        "parameters rational values)"
                    )
                row.append(Fraction(int(v.p), int(v.q)))
            rows.append(row)
        out.append(rows)
    return out[0], out[1]


def float_matrices(game: NormalFormGame) -> tuple[np.ndarray, np.ndarray]:
    """The payoff matrices as float arrays for nashpy (irrational payoffs are evaluated)."""
    _require_numeric(game)
    return tuple(  # type: ignore[return-value]
        np.array([[float(sp.N(m[i, j], 17)) for j in range(m.cols)] for i in range(m.rows)])
        for m in game.payoffs
    )
