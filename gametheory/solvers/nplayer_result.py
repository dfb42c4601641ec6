"""Results of the N-player solvers: equilibria with their exactness, continua, diagnostics.

An equilibrium's numbers are sympy numbers: ``Rational`` when ``exactness`` is
``"rational"``; exact algebraic numbers (surds, or polynomials in a ``CRootOf``) when it is
``"algebraic"``; high-precision ``Float`` s when it is ``"numeric"`` (then ``tolerance`` states
how closely it was checked). Floats shown in reports are derived from these values.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.model.nplayer import NPlayerGame

__all__ = ["Continuum", "NPlayerEquilibrium", "NPlayerResult"]


@dataclass(frozen=True)
class NPlayerEquilibrium:
    """One Nash equilibrium of an N-player game, verified as a mutual best response.

    Attributes
    ----------
    strategies
        One probability vector per player, in action order.
    payoffs
        Each player's expected payoff.
    exactness
        ``"rational"``, ``"algebraic"`` (verified exactly) or ``"numeric"`` (verified to
        ``tolerance``).
    tolerance
        For a numeric equilibrium, the bound its largest regret was checked against.
    """

    strategies: tuple[tuple[sp.Expr, ...], ...]
    payoffs: tuple[sp.Expr, ...]
    exactness: str = "rational"
    tolerance: float | None = None

    @property
    def supports(self) -> tuple[tuple[int, ...], ...]:
        """The indices of the actions each player plays with positive probability."""
        return tuple(tuple(i for i, p in enumerate(s) if p != 0) for s in self.strategies)

    @property
    def pure(self) -> bool:
        """True when every player plays one action with probability 1."""
        return all(len(s) == 1 for s in self.supports)

    def pure_profile(self) -> tuple[int, ...] | None:
        """The action indices of a pure equilibrium, or ``None`` for a mixed one."""
        return tuple(s[0] for s in self.supports) if self.pure else None


@dataclass(frozen=True)
class Continuum:
    """A positive-dimensional set of equilibria found on one support profile.

    Attributes
    ----------
    supports
        The actions each player uses (indices).
    dimension
        The dimension of the solution set of the support's indifference equations.
    free
        ``(player, action)`` pairs whose probabilities can serve as free parameters.
    sample
        An equilibrium in the set, verified exactly (``None`` when none was found at the
        sampled points: then the set may or may not contain equilibria).
    """

    supports: tuple[tuple[int, ...], ...]
    dimension: int
    free: tuple[tuple[int, int], ...]
    sample: NPlayerEquilibrium | None


@dataclass(frozen=True)
class NPlayerResult:
    """What an N-player solver found, and how.

    Attributes
    ----------
    game
        The numeric game solved.
    equilibria
        The isolated equilibria found (pure first, then by decreasing probabilities).
    continua
        Positive-dimensional sets of equilibria (with a verified sample each).
    method
        The method's name.
    complete
        True when the method guarantees that every isolated equilibrium is listed.
    diagnostics
        What the solver noticed (continua not fully enumerated, unresolved supports, ...).
    parameters
        ``(name, value)`` pairs of the parameter values used.
    """

    game: NPlayerGame
    equilibria: tuple[NPlayerEquilibrium, ...]
    method: str
    complete: bool
    continua: tuple[Continuum, ...] = ()
    diagnostics: tuple[str, ...] = ()
    parameters: tuple[tuple[str, Any], ...] = ()

    @property
    def pure_equilibria(self) -> tuple[NPlayerEquilibrium, ...]:
        """The equilibria in pure strategies."""
        return tuple(e for e in self.equilibria if e.pure)

    @property
    def exact(self) -> bool:
        """True when no reported equilibrium is numeric."""
        return all(e.exactness != "numeric" for e in self.equilibria)
