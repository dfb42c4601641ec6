"""Pure-equilibrium conditions of an N-player game with symbolic payoffs.

A pure profile ``a`` is a Nash equilibrium exactly when no player gains by a unilateral pure
deviation: ``u_i(a) - u_i(b, a_{-i}) >= 0`` for every player ``i`` and action ``b``. The
conditions are conjunctions of such atoms, decided and simplified under the parameters' domains
and the scenario's assumptions as for two players (:mod:`gametheory.symbolic.simplify`).
Mixed equilibria of N-player games are solved at parameter values
(:mod:`gametheory.solvers.nplayer`), not symbolically.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from gametheory.model.nplayer import NPlayerGame
from gametheory.symbolic.conditions import Assumptions, Atom, Condition
from gametheory.symbolic.simplify import SimpleCondition, simplify_condition

__all__ = ["NPlayerDeviation", "NPlayerPureCondition", "pure_conditions"]


@dataclass(frozen=True)
class NPlayerDeviation:
    """Player ``player`` switching to ``action``: it does not gain when ``difference >= 0``."""

    player: int
    action: int
    difference: sp.Expr
    holds: bool | None


@dataclass(frozen=True)
class NPlayerPureCondition:
    """When the pure profile ``profile`` is a Nash equilibrium."""

    profile: tuple[int, ...]
    labels: tuple[str, ...]
    payoffs: tuple[sp.Expr, ...]
    deviations: tuple[NPlayerDeviation, ...]
    condition: Condition
    simple: SimpleCondition

    @property
    def status(self) -> str:
        """``"always"``, ``"never"`` or ``"conditional"``."""
        return self.simple.status


def pure_conditions(
    game: NPlayerGame, known: Assumptions | None = None
) -> tuple[NPlayerPureCondition, ...]:
    """The condition under which each pure profile is an equilibrium, simplified.

    Examples
    --------
    >>> c = sp.Symbol("c", positive=True)
    >>> g = NPlayerGame.from_function(("A", "B", "C"), (("In", "Out"),) * 3,
    ...     lambda a: tuple(2 - c if x == 0 and a.count(0) == 3 else (0 if x == 1 else -c)
    ...                     for x in a))
    >>> [(p.labels, p.simple.text()) for p in pure_conditions(g)[:2]]
    [(('In', 'In', 'In'), 'c <= 2'), (('In', 'In', 'Out'), 'never')]
    """
    known = known or Assumptions()
    out = []
    for profile in game.profiles():
        mine = game.payoff(profile)
        deviations = []
        for k in range(game.n_players):
            for b in range(game.shape[k]):
                if b == profile[k]:
                    continue
                other = (*profile[:k], b, *profile[k + 1 :])
                diff = sp.expand(mine[k] - game.payoff(other)[k])
                deviations.append(NPlayerDeviation(k, b, diff, known.decide(Atom(diff, ">="))))
        condition = Condition.all_of(Atom(d.difference, ">=") for d in deviations).simplify(known)
        out.append(
            NPlayerPureCondition(
                profile=tuple(profile),
                labels=game.labels(profile),
                payoffs=tuple(mine),
                deviations=tuple(deviations),
                condition=condition,
                simple=simplify_condition(condition, known),
            )
        )
    return tuple(out)
