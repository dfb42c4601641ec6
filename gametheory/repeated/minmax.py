"""Minmax values: the least a player can be held to, in pure and in mixed strategies.

Player ``i``'s *pure minmax* is ``min_{a_-i} max_{a_i} u_i(a_i, a_-i)`` over the other's pure
actions; the *mixed minmax* lets the punisher mix, ``min_{alpha_-i} max_{a_i} u_i(a_i, alpha_-i)``,
the value of the zero-sum game in which the other player minimises ``u_i``. It is found with an
exact linear program (von Neumann's minimax theorem; Chvátal 1983, ch. 15). The mixed minmax is
never above the pure one, and with observable *pure* actions only the pure minmax bounds the
payoffs of subgame-perfect equilibria with pure-action punishments (Fudenberg & Maskin 1986;
Mailath & Samuelson 2006, §2.7).

References
----------
D. Fudenberg and E. Maskin, "The folk theorem in repeated games with discounting or with
incomplete information", *Econometrica* 54(3) (1986) 533-554.
V. Chvátal, *Linear Programming*, Freeman, 1983.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from gametheory.exceptions import ScenarioError
from gametheory.lp import maximin_mixed
from gametheory.model.normal_form import NormalFormGame
from gametheory.solvers.adapter import exact_matrices

__all__ = ["Minmax", "minmax"]


@dataclass(frozen=True)
class Minmax:
    """A player's minmax values and the punishments that achieve them.

    Attributes
    ----------
    player
        The punished player (0 = row).
    pure
        The pure minmax value.
    pure_punishments
        The other player's pure actions (indices) that hold the player to ``pure``.
    mixed
        The mixed minmax value (``<= pure``).
    mixed_punishment
        A mixed strategy of the other player that holds the player to ``mixed`` (exact).
    best_replies
        The player's best replies (indices) to ``mixed_punishment``.
    """

    player: int
    pure: Fraction
    pure_punishments: tuple[int, ...]
    mixed: Fraction
    mixed_punishment: tuple[Fraction, ...]
    best_replies: tuple[int, ...]


def _own_payoffs(game: NormalFormGame, player: int) -> list[list[Fraction]]:
    """u_i as a matrix with rows = the other's actions and columns = the player's own."""
    a, b = exact_matrices(game)
    if player == 0:
        return [[a[i][j] for i in range(len(a))] for j in range(len(a[0]))]
    return [list(row) for row in b]


def minmax(game: NormalFormGame, player: int) -> Minmax:
    """Pure and mixed minmax of ``player`` in a numeric stage game, exactly.

    Examples
    --------
    Matching pennies: pure minmax 1 (any pure punishment is answered), mixed minmax 0:

    >>> mp = NormalFormGame.from_matrices([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> m = minmax(mp, 0)
    >>> m.pure, m.mixed, m.mixed_punishment
    (Fraction(1, 1), Fraction(0, 1), (Fraction(1, 2), Fraction(1, 2)))
    """
    if player not in (0, 1):
        raise ScenarioError(f"player must be 0 or 1, got {player!r}")
    rows = _own_payoffs(game, player)  # rows: punisher's actions; columns: own actions
    best = [max(r) for r in rows]
    pure = min(best)
    punishments = tuple(k for k, v in enumerate(best) if v == pure)
    value, mix = maximin_mixed([[-v for v in r] for r in rows])
    mixed = -value
    replies = tuple(
        c
        for c in range(len(rows[0]))
        if sum(mix[k] * rows[k][c] for k in range(len(rows))) == mixed
    )
    return Minmax(player, pure, punishments, mixed, tuple(mix), replies)
