"""The ``[repeated]`` section of a scenario: how the stage game is repeated.

Only data lives here; the analysis is in :mod:`gametheory.repeated`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from gametheory.model.automaton import Automaton

__all__ = ["RepeatedSpec"]


@dataclass(frozen=True)
class RepeatedSpec:
    """How a scenario's stage game is repeated.

    Attributes
    ----------
    discount
        The name of the discount factor that thresholds are solved for (``"delta"``): a
        parameter of the scenario, or the built-in symbol when no parameter has that name.
    delta
        Each player's discount factor as a formula (``delta``, or ``delta*(1 - rho)`` for an
        agency facing regime turnover).
    horizon
        ``None`` for an infinite horizon, else the number of rounds.
    cooperation, punishment
        The cooperative profile and the punishment profile the library strategies use
        (``None``: chosen from the stage game, see :func:`gametheory.repeated.roles.roles`).
    strategies
        The strategy names checked by default (library names, ``punish:K`` or user automata).
    automata
        User-defined automata: ``(name, player index or None, automaton)``.
    continuation
        The probability that the interaction goes on after each round, when the scenario gives
        one; then ``delta`` already includes it.
    """

    discount: str = "delta"
    delta: tuple[sp.Expr, sp.Expr] | None = None
    horizon: int | None = None
    cooperation: tuple[str, str] | None = None
    punishment: tuple[str, str] | None = None
    strategies: tuple[str, ...] = ()
    automata: tuple[tuple[str, int | None, Automaton], ...] = ()
    continuation: sp.Expr | None = None
