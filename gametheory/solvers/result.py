"""Result objects returned by the normal-form solvers.

Every number in a result is exact (:class:`fractions.Fraction`) when ``exact`` is true; float views
are derived from the exact values, never the other way round.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Any

from gametheory.model.normal_form import NormalFormGame

__all__ = ["Clique", "Component", "Dominance", "Equilibrium", "EquilibriumResult"]


@dataclass(frozen=True)
class Equilibrium:
    """One (extreme) Nash equilibrium of a two-player game, verified in exact arithmetic.

    Attributes
    ----------
    strategies
        One probability vector per player, in action order.
    payoffs
        Each player's expected payoff.
    """

    strategies: tuple[tuple[Fraction, ...], tuple[Fraction, ...]]
    payoffs: tuple[Fraction, Fraction]

    @property
    def pure(self) -> bool:
        """True when both players play one action with probability 1."""
        return all(sum(1 for p in s if p) == 1 for s in self.strategies)

    @property
    def supports(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """The indices of the actions each player plays with positive probability."""
        s0, s1 = (tuple(i for i, p in enumerate(s) if p) for s in self.strategies)
        return (s0, s1)

    def pure_profile(self) -> tuple[int, int] | None:
        """The action indices ``(i, j)`` of a pure equilibrium, or ``None`` for a mixed one."""
        if not self.pure:
            return None
        return (self.supports[0][0], self.supports[1][0])


@dataclass(frozen=True)
class Clique:
    """A maximal set of interchangeable extreme equilibria (a maximal Nash subset).

    Every mixture of the listed row strategies combined with every mixture of the listed column
    strategies is an equilibrium: the clique spans the convex set ``conv(rows) x conv(columns)``.
    ``equilibria`` indexes :attr:`EquilibriumResult.equilibria`.
    """

    equilibria: tuple[int, ...]
    row_strategies: tuple[tuple[Fraction, ...], ...]
    column_strategies: tuple[tuple[Fraction, ...], ...]

    @property
    def is_point(self) -> bool:
        """True when the clique is a single equilibrium (an isolated point of its component)."""
        return len(self.row_strategies) == 1 and len(self.column_strategies) == 1


@dataclass(frozen=True)
class Component:
    """A connected component of the set of Nash equilibria (a union of overlapping cliques)."""

    equilibria: tuple[int, ...]
    cliques: tuple[int, ...]

    @property
    def is_isolated(self) -> bool:
        """True when the component is a single equilibrium point."""
        return len(self.equilibria) == 1


@dataclass(frozen=True)
class Dominance:
    """An action that is dominated, and a strategy that dominates it.

    ``kind`` is ``"strict"`` or ``"weak"``; ``by`` is a probability vector over the player's
    actions (a pure action when it has a single 1).
    """

    player: int
    action: int
    kind: str
    by: tuple[Fraction, ...]


@dataclass(frozen=True)
class EquilibriumResult:
    """What a solver found, with how it was found.

    Attributes
    ----------
    game
        The numeric game that was solved.
    equilibria
        The verified equilibria, sorted (pure first, then lexicographically by strategies).
    method
        The solver's name (a key of :data:`gametheory.solvers.SOLVERS`).
    exact
        True when every reported number was computed and verified in exact rational arithmetic.
    complete
        True when the method guarantees that every extreme equilibrium is listed.
    degenerate
        True when some mixed strategy with ``k`` actions in its support has more than ``k`` pure
        best responses (then equilibria need not be isolated).
    cliques, components
        Maximal sets of interchangeable extreme equilibria and connected components of the
        equilibrium set (filled by the complete methods).
    dominated
        Strictly and weakly dominated actions of each player, with a dominating strategy.
    diagnostics
        What the solver noticed: rejected candidate profiles, warnings from nashpy, fallbacks.
    parameters
        ``(name, value)`` pairs of the parameter values the game was built with (when solved
        from a scenario).
    """

    game: NormalFormGame
    equilibria: tuple[Equilibrium, ...]
    method: str
    exact: bool
    complete: bool
    degenerate: bool | None
    cliques: tuple[Clique, ...] = ()
    components: tuple[Component, ...] = ()
    dominated: tuple[Dominance, ...] = ()
    diagnostics: tuple[str, ...] = field(default=())
    parameters: tuple[tuple[str, Any], ...] = ()

    @property
    def pure_equilibria(self) -> tuple[Equilibrium, ...]:
        """The equilibria in pure strategies."""
        return tuple(e for e in self.equilibria if e.pure)

    @property
    def unique(self) -> bool:
        """True when the method is complete and found exactly one equilibrium."""
        return (
            self.complete
            and len(self.equilibria) == 1
            and all(c.is_isolated for c in self.components)
        )
