"""Games in strategic form with any number of players, exact or symbolic payoffs.

Conventions
-----------
Players are numbered ``0, ..., N-1`` in the order of the scenario's ``[[players]]``. A *pure
profile* is a tuple ``(a_0, ..., a_{N-1})`` of action indices. The payoff table lists every pure
profile in lexicographic order (the last player's action changes fastest, as
:func:`itertools.product` yields them), each with the ``N`` payoffs in player order. The payoff
of player ``i`` at profile ``a`` is the entry ``i`` of :meth:`NPlayerGame.payoff`; viewed as an
array it has shape ``(n_0, ..., n_{N-1})`` (:meth:`NPlayerGame.payoff_array`). Payoffs are sympy
expressions: exact rationals for a numeric game, formulas of parameter symbols for a symbolic one.

The two-player :class:`~gametheory.model.normal_form.NormalFormGame` stays the model of
two-player games; this class holds games of three or more players (it accepts two, for tests and
conversions: :meth:`NPlayerGame.from_normal_form`).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from math import prod
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.model.normal_form import NormalFormGame
from gametheory.numbers import exact_number

__all__ = ["MAX_PROFILES", "NPLAYER", "NPlayerGame", "Profile"]

#: The kind name of a scenario holding an :class:`NPlayerGame` (``Scenario.model[0]``).
NPLAYER = "nplayer"

#: The most pure profiles a game may have (a scenario or ``.nfg`` file with more is refused).
MAX_PROFILES = 100_000

#: A pure profile: one action index per player.
Profile = tuple[int, ...]


@dataclass(frozen=True)
class NPlayerGame:
    """A game in strategic form with ``N >= 2`` players.

    Build one with :meth:`from_function`, :meth:`from_table` or from a scenario; the constructor
    validates shapes and names. Instances are immutable and hashable.

    Parameters
    ----------
    players
        The player names.
    actions
        The action labels of each player.
    table
        One tuple of ``N`` payoffs per pure profile, profiles in lexicographic order (the last
        player's action changes fastest).
    title
        A short description.

    Examples
    --------
    >>> g = NPlayerGame.from_function(("A", "B", "C"), (("x", "y"),) * 3,
    ...                               lambda a: tuple(1 if len(set(a)) == 1 else 0 for _ in a))
    >>> g.shape, g.payoff((1, 1, 1)), g.payoff((0, 1, 1))
    ((2, 2, 2), (1, 1, 1), (0, 0, 0))
    """

    players: tuple[str, ...]
    actions: tuple[tuple[str, ...], ...]
    table: tuple[tuple[sp.Expr, ...], ...]
    title: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        n = len(self.players)
        if n < 2:
            raise ScenarioError(f"a game in strategic form needs at least 2 players, got {n}")
        if len(set(self.players)) != n or not all(self.players):
            raise ScenarioError(f"player names must be distinct non-empty strings: {self.players}")
        if len(self.actions) != n:
            raise ScenarioError(f"expected action labels for {n} players, got {len(self.actions)}")
        for k, labels in enumerate(self.actions):
            if not labels:
                raise ScenarioError(f"player {self.players[k]!r} needs at least one action")
            if len(set(labels)) != len(labels):
                raise ScenarioError(
                    f"player {self.players[k]!r} has duplicate action labels: {labels}"
                )
        size = prod(len(a) for a in self.actions)
        if len(self.table) != size:
            raise ScenarioError(
                f"the payoff table has {len(self.table)} profiles, expected {size} "
                f"({' x '.join(str(len(a)) for a in self.actions)})"
            )
        for row in self.table:
            if len(row) != n:
                raise ScenarioError(f"every profile needs {n} payoffs, got {len(row)}")

    @classmethod
    def from_function(
        cls,
        players: Sequence[str],
        actions: Sequence[Sequence[str]],
        payoff: Callable[[Profile], Sequence[Any]],
        *,
        title: str = "",
    ) -> NPlayerGame:
        """Build a game from a function of the pure profile (action indices) to the payoffs."""
        acts = tuple(tuple(a) for a in actions)
        table = tuple(
            tuple(exact_number(v) for v in payoff(p))
            for p in itertools.product(*(range(len(a)) for a in acts))
        )
        return cls(players=tuple(players), actions=acts, table=table, title=title)

    @classmethod
    def from_table(
        cls,
        players: Sequence[str],
        actions: Sequence[Sequence[str]],
        payoffs: Mapping[tuple[str, ...], Sequence[Any]],
        *,
        title: str = "",
    ) -> NPlayerGame:
        """Build a game from ``{(action label, ...): payoffs}`` covering every pure profile."""
        acts = tuple(tuple(a) for a in actions)

        def lookup(p: Profile) -> Sequence[Any]:
            labels = tuple(acts[k][i] for k, i in enumerate(p))
            if labels not in payoffs:
                raise ScenarioError(f"missing the payoffs of profile ({', '.join(labels)})")
            return payoffs[labels]

        return cls.from_function(players, acts, lookup, title=title)

    @classmethod
    def from_normal_form(cls, game: NormalFormGame) -> NPlayerGame:
        """The same two-player game in this representation."""
        return cls.from_function(
            game.players, game.actions, lambda p: game.payoff_profile(p[0], p[1]), title=game.title
        )

    @property
    def n_players(self) -> int:
        """The number of players."""
        return len(self.players)

    @property
    def shape(self) -> tuple[int, ...]:
        """The number of actions of each player."""
        return tuple(len(a) for a in self.actions)

    def profiles(self) -> Iterator[Profile]:
        """Every pure profile, in table order."""
        return itertools.product(*(range(n) for n in self.shape))

    @cached_property
    def _strides(self) -> tuple[int, ...]:
        out, step = [], 1
        for n in reversed(self.shape):
            out.append(step)
            step *= n
        return tuple(reversed(out))

    def index(self, profile: Profile) -> int:
        """The position of ``profile`` in :attr:`table`."""
        return sum(i * s for i, s in zip(profile, self._strides, strict=True))

    def payoff(self, profile: Profile) -> tuple[sp.Expr, ...]:
        """Every player's payoff at the pure profile (action indices)."""
        return self.table[self.index(profile)]

    def payoff_array(self, player: int) -> sp.ImmutableDenseNDimArray:
        """Player ``player``'s payoffs as an array of shape :attr:`shape`."""
        return sp.ImmutableDenseNDimArray([row[player] for row in self.table], self.shape)

    def payoff_arrays(self) -> list[Any]:
        """Every player's payoffs as a float array of shape :attr:`shape` (a numeric game), for
        the floating-point solvers (the logit QRE)."""
        # Imported on use, for start-up speed.
        import numpy as np

        if not self.is_numeric:
            raise ScenarioError(
                "the QRE needs numeric payoffs; give every parameter a value (--set)"
            )
        flat = np.array([[float(u) for u in row] for row in self.table], dtype=float)
        return [flat[:, k].reshape(self.shape) for k in range(len(self.players))]

    def labels(self, profile: Profile) -> tuple[str, ...]:
        """The action labels of a pure profile."""
        return tuple(self.actions[k][i] for k, i in enumerate(profile))

    @cached_property
    def free_symbols(self) -> frozenset[sp.Symbol]:
        """The parameter symbols that still occur in the payoffs."""
        out: set[sp.Symbol] = set()
        for row in self.table:
            for u in row:
                out |= u.free_symbols
        return frozenset(out)

    @property
    def is_numeric(self) -> bool:
        """True when every payoff is a number (no free parameter left)."""
        return not self.free_symbols

    def subs(self, values: Mapping[sp.Symbol, Any]) -> NPlayerGame:
        """Substitute exact values for parameter symbols and return the new game."""
        mapping = {s: exact_number(v) for s, v in values.items()}
        table = tuple(tuple(sp.sympify(u).xreplace(mapping) for u in row) for row in self.table)
        return NPlayerGame(self.players, self.actions, table, title=self.title)

    def action_index(self, player: int, label: str) -> int:
        """The index of ``label`` among ``player``'s actions (``ScenarioError`` when unknown)."""
        try:
            return self.actions[player].index(label)
        except ValueError:
            raise ScenarioError(
                f"player {self.players[player]!r} has no action {label!r}; "
                f"expected one of {', '.join(self.actions[player])}"
            ) from None

    def to_normal_form(self) -> NormalFormGame:
        """The two-player game as a :class:`NormalFormGame` (only for two players)."""
        if self.n_players != 2:
            raise ScenarioError(f"a {self.n_players}-player game is not a two-player game")
        rows, cols = self.shape
        a = [[self.payoff((i, j))[0] for j in range(cols)] for i in range(rows)]
        b = [[self.payoff((i, j))[1] for j in range(cols)] for i in range(rows)]
        return NormalFormGame(
            players=(self.players[0], self.players[1]),
            actions=(self.actions[0], self.actions[1]),
            payoffs=(sp.ImmutableMatrix(a), sp.ImmutableMatrix(b)),
            title=self.title,
        )
