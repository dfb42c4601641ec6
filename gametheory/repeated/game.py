"""Repeated games: a stage game played again and again, with discounting.

Conventions
-----------
Payoffs are *normalised* discounted sums: a stream ``u_0, u_1, ...`` is worth
``(1 - delta) * sum(delta**t * u_t)`` to a player with discount factor ``delta``, so a constant
stream ``u`` is worth ``u`` and values compare directly with stage payoffs (Mailath & Samuelson
2006, §2.1). Each player has a discount factor of their own (a federal agency facing turnover can
discount more than a county); both are sympy expressions, symbols or exact numbers in ``(0, 1)``.

A match that continues after each round with probability ``p``, as in Axelrod's tournaments, is
the same game as one with discount factor ``delta = beta * p`` (``beta`` the pure time
preference, 1 by default): :meth:`RepeatedGame.from_continuation` makes that mapping explicit, so
simulations of random-length matches and the thresholds agree. A regime-turnover risk ``rho``
likewise gives ``delta * (1 - rho)``.

References
----------
G. J. Mailath and L. Samuelson, *Repeated Games and Reputations*, Oxford UP, 2006.
R. Axelrod, *The Evolution of Cooperation*, Basic Books, 1984.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.exceptions import InputTypeError, ScenarioError
from gametheory.formula import parse_number
from gametheory.model.normal_form import NormalFormGame, exact_number

__all__ = ["DELTA", "RepeatedGame"]

#: The default (common) discount factor symbol, ``delta`` (positive; ``< 1`` is added by solvers).
DELTA = sp.Symbol("delta", positive=True)


def _discount(value: Any, what: str) -> sp.Expr:
    expr = value if isinstance(value, sp.Basic) else exact_number(value)
    if expr.is_number and (not expr.is_real or not (0 < expr < 1)):
        raise ScenarioError(f"{what} must lie strictly between 0 and 1, got {expr}")
    return sp.sympify(expr)


@dataclass(frozen=True)
class RepeatedGame:
    """A two-player stage game repeated with discounting, infinitely or for ``horizon`` rounds.

    Parameters
    ----------
    stage
        The stage game (exact or symbolic payoffs).
    delta
        One discount factor per player: symbols, formulas or exact numbers in ``(0, 1)``. Use
        :meth:`common` for one shared factor.
    horizon
        ``None`` for an infinitely repeated game, else the number of rounds (at least 1).

    Examples
    --------
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> g = RepeatedGame.common(pd)
    >>> g.delta
    (delta, delta)
    >>> RepeatedGame.from_continuation(pd, "9/10").delta
    (9/10, 9/10)
    >>> RepeatedGame(pd, (sp.Rational(9, 10), sp.Rational(3, 4))).is_common
    False
    """

    stage: NormalFormGame
    delta: tuple[sp.Expr, sp.Expr]
    horizon: int | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.stage, NormalFormGame):
            raise InputTypeError(f"stage must be a NormalFormGame, not {type(self.stage).__name__}")
        if len(self.delta) != 2:
            raise ScenarioError(f"give one discount factor per player, got {len(self.delta)}")
        deltas = tuple(
            _discount(d, f"the discount factor of {self.stage.players[k]!r}")
            for k, d in enumerate(self.delta)
        )
        object.__setattr__(self, "delta", deltas)
        if self.horizon is not None:
            if isinstance(self.horizon, bool) or not isinstance(self.horizon, int):
                raise InputTypeError(f"horizon must be an int or None, not {self.horizon!r}")
            if self.horizon < 1:
                raise ScenarioError(f"the horizon must be at least 1 round, got {self.horizon}")

    @classmethod
    def common(
        cls, stage: NormalFormGame, delta: Any = DELTA, *, horizon: int | None = None
    ) -> RepeatedGame:
        """Both players discount with the same factor ``delta`` (the symbol δ by default)."""
        d = delta if isinstance(delta, sp.Basic) else _parse(delta)
        return cls(stage, (d, d), horizon)

    @classmethod
    def from_continuation(
        cls,
        stage: NormalFormGame,
        continuation: Any,
        *,
        discount: Any = 1,
        horizon: int | None = None,
    ) -> RepeatedGame:
        """A match that goes on after each round with probability ``continuation``.

        The expected normalised payoff of a random-length match equals the discounted one with
        ``delta = discount * continuation`` (``discount`` = 1: no time preference).
        """
        p = continuation if isinstance(continuation, sp.Basic) else _parse(continuation)
        b = discount if isinstance(discount, sp.Basic) else _parse(discount)
        if p.is_number and not (0 < p < 1):
            raise ScenarioError(f"the continuation probability must be in (0, 1), got {p}")
        if b.is_number and not (0 < b <= 1):
            raise ScenarioError(f"the time discount must be in (0, 1], got {b}")
        return cls.common(stage, b * p, horizon=horizon)

    @property
    def is_common(self) -> bool:
        """True when both players have the same discount factor."""
        return bool(sp.simplify(self.delta[0] - self.delta[1]) == 0)

    @property
    def free_symbols(self) -> frozenset[sp.Symbol]:
        """Parameters and discount symbols that are still symbolic."""
        out = set(self.stage.free_symbols)
        for d in self.delta:
            out |= d.free_symbols
        return frozenset(out)

    @property
    def delta_symbol(self) -> sp.Symbol | None:
        """The symbol the discount factors are functions of, when there is one.

        ``delta`` itself when a discount factor mentions it (``(delta, delta*(1 - rho))``), else
        the only symbol of the discount factors; ``None`` when they are numbers (or ambiguous).
        """
        free = set().union(*(sp.sympify(d).free_symbols for d in self.delta))
        if DELTA in free:
            return DELTA
        if len(free) == 1:
            (symbol,) = free
            return symbol if isinstance(symbol, sp.Symbol) else None
        return None

    def subs(self, values: dict[sp.Symbol, Any]) -> RepeatedGame:
        """Substitute exact values into the stage payoffs and the discount factors."""
        mapping = {s: exact_number(v) for s, v in values.items()}
        deltas = tuple(sp.sympify(d).xreplace(mapping) for d in self.delta)
        return RepeatedGame(self.stage.subs(mapping), (deltas[0], deltas[1]), self.horizon)

    def with_delta(self, delta: Any | Sequence[Any]) -> RepeatedGame:
        """The same game with new discount factor(s): one value for both, or one per player."""
        if isinstance(delta, list | tuple):
            d0, d1 = (x if isinstance(x, sp.Basic) else _parse(x) for x in delta)
            return RepeatedGame(self.stage, (d0, d1), self.horizon)
        d = delta if isinstance(delta, sp.Basic) else _parse(delta)
        return RepeatedGame(self.stage, (d, d), self.horizon)


def _parse(value: Any) -> sp.Expr:

    if isinstance(value, str | int | float):
        return parse_number(value)
    return exact_number(value)
