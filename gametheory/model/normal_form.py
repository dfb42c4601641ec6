"""Two-player games in strategic (normal) form, with exact or symbolic payoffs.

Conventions
-----------
Player 0 is the *row* player and player 1 the *column* player. ``payoffs[0][i, j]`` is the row
player's payoff and ``payoffs[1][i, j]`` the column player's when the row player plays action ``i``
and the column player action ``j`` (nashpy's ``A`` and ``B``). Payoffs are sympy expressions: exact
rationals for a numeric game, formulas of parameter symbols for a symbolic one.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sympy as sp

from gametheory.exceptions import InputTypeError, ScenarioError, UnsupportedGameError
from gametheory.numbers import exact_number

__all__ = ["NormalFormGame", "exact_number"]


def _matrix(rows: Any, what: str) -> sp.ImmutableMatrix:
    if isinstance(rows, sp.MatrixBase):
        return sp.ImmutableMatrix(rows.applyfunc(exact_number))
    if isinstance(rows, str | bytes) or getattr(rows, "ndim", 2) != 2:
        raise InputTypeError(f"{what} must be a two-dimensional table of numbers")
    try:
        rows = [list(r) for r in rows]
    except TypeError:
        raise InputTypeError(f"{what} must be a sequence of rows of numbers") from None
    if not rows or not rows[0]:
        raise ScenarioError(f"{what} must have at least one row and one column")
    width = len(rows[0])
    if any(len(r) != width for r in rows):
        raise ScenarioError(f"{what} is ragged: every row needs {width} entries")
    return sp.ImmutableMatrix([[exact_number(v) for v in r] for r in rows])


@dataclass(frozen=True)
class NormalFormGame:
    """A two-player game in strategic form.

    Build one with :meth:`from_matrices` or from a scenario; the constructor validates shapes and
    names. Instances are immutable and hashable.

    Parameters
    ----------
    players
        The two player names, row player first.
    actions
        The action labels of each player, in matrix order.
    payoffs
        ``(A, B)``: the row and column players' payoff matrices (sympy ``ImmutableMatrix``).
    title
        A short description.

    Examples
    --------
    >>> g = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                  actions=(("C", "D"), ("C", "D")))
    >>> g.shape
    (2, 2)
    >>> g.payoff_profile(1, 0)
    (5, 0)
    """

    players: tuple[str, str]
    actions: tuple[tuple[str, ...], tuple[str, ...]]
    payoffs: tuple[sp.ImmutableMatrix, sp.ImmutableMatrix]
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if len(self.players) != 2:
            raise UnsupportedGameError(
                f"fedlocal's normal-form games have 2 players, got {len(self.players)}"
            )
        if len(set(self.players)) != 2 or not all(self.players):
            raise ScenarioError(
                f"player names must be two distinct non-empty strings: {self.players}"
            )
        a, b = self.payoffs
        if a.shape != b.shape:
            raise ScenarioError(f"payoff matrices differ in shape: {a.shape} and {b.shape}")
        if a.shape[0] == 0 or a.shape[1] == 0:
            raise ScenarioError("each player needs at least one action")
        for k, labels in enumerate(self.actions):
            if len(labels) != a.shape[k]:
                raise ScenarioError(
                    f"player {self.players[k]!r} has {len(labels)} action labels "
                    f"but the payoff matrices have {a.shape[k]}"
                )
            if len(set(labels)) != len(labels):
                raise ScenarioError(
                    f"player {self.players[k]!r} has duplicate action labels: {labels}"
                )

    @classmethod
    def from_matrices(
        cls,
        row_payoffs: Any,
        column_payoffs: Any,
        *,
        players: Sequence[str] = ("Row", "Column"),
        actions: Sequence[Sequence[str]] | None = None,
        title: str = "",
    ) -> NormalFormGame:
        """Build a game from two payoff matrices (nested sequences of exact numbers or sympy).

        Floats are read through their decimal representation (``0.1`` is ``1/10``). Action labels
        default to ``r0, r1, ...`` and ``c0, c1, ...``.
        """
        a = _matrix(row_payoffs, "the row player's payoff matrix")
        b = _matrix(column_payoffs, "the column player's payoff matrix")
        if actions is None:
            actions = (
                tuple(f"r{i}" for i in range(a.shape[0])),
                tuple(f"c{j}" for j in range(a.shape[1])),
            )
        acts = (tuple(actions[0]), tuple(actions[1]))
        return cls(players=(players[0], players[1]), actions=acts, payoffs=(a, b), title=title)

    @property
    def shape(self) -> tuple[int, int]:
        """``(number of row actions, number of column actions)``."""
        return (int(self.payoffs[0].shape[0]), int(self.payoffs[0].shape[1]))

    @cached_property
    def free_symbols(self) -> frozenset[sp.Symbol]:
        """The parameter symbols that still occur in the payoffs."""
        return frozenset(self.payoffs[0].free_symbols | self.payoffs[1].free_symbols)

    @property
    def is_numeric(self) -> bool:
        """True when every payoff is a number (no free parameter left)."""
        return not self.free_symbols

    def payoff_profile(self, i: int, j: int) -> tuple[sp.Expr, sp.Expr]:
        """The payoff pair at the pure profile (row action ``i``, column action ``j``)."""
        return (self.payoffs[0][i, j], self.payoffs[1][i, j])

    def subs(self, values: Mapping[sp.Symbol, Any]) -> NormalFormGame:
        """Substitute exact values for parameter symbols and return the new game.

        Symbols not in ``values`` stay symbolic. Values are converted with :func:`exact_number`.
        """
        mapping = {s: exact_number(v) for s, v in values.items()}
        a, b = (sp.ImmutableMatrix(m.xreplace(mapping)) for m in self.payoffs)
        return NormalFormGame(
            players=self.players, actions=self.actions, payoffs=(a, b), title=self.title
        )

    def action_index(self, player: int, label: str) -> int:
        """The index of ``label`` among ``player``'s actions (``ScenarioError`` when unknown)."""
        try:
            return self.actions[player].index(label)
        except ValueError:
            raise ScenarioError(
                f"player {self.players[player]!r} has no action {label!r}; "
                f"expected one of {', '.join(self.actions[player])}"
            ) from None
