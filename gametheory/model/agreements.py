"""The ``[linkage]`` and ``[monitoring]`` sections of a scenario: data only.

The analyses are in :mod:`gametheory.repeated.linkage` and :mod:`gametheory.repeated.monitoring`;
the format reference describes both sections ("Linked issues", "Noisy monitoring").
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

from gametheory.model.normal_form import NormalFormGame

__all__ = ["LinkageSpec", "LinkedIssue", "MonitoringSpec"]


@dataclass(frozen=True)
class LinkedIssue:
    """One stage game of a linked relationship, between the scenario's two players.

    Attributes
    ----------
    name
        A short label for the issue (``"jail access"``, ``"grants"``).
    game
        The stage game, in the scenario's player order. Its payoffs may use the scenario's
        parameters (the scenario's own game, its mirror image, an inline game) or be numbers (a
        referenced scenario at its defaults and ``set`` values).
    cooperation, punishment
        The cooperative profile and the stage equilibrium reverted to (labels); ``None``: chosen
        as for ``[repeated]``.
    source
        Where the game came from, in words (``"the scenario's [game]"``, ``"scenario surge_pd,
        roles swapped"``).
    """

    name: str
    game: NormalFormGame
    cooperation: tuple[str, str] | None = None
    punishment: tuple[str, str] | None = None
    source: str = ""


@dataclass(frozen=True)
class LinkageSpec:
    """Two or more stage games played together by the same two players, every round.

    ``issues`` lists every issue, the scenario's own ``[game]`` first.
    """

    issues: tuple[LinkedIssue, ...]


@dataclass(frozen=True)
class MonitoringSpec:
    """Noisy public monitoring of the cooperative profile.

    Attributes
    ----------
    noise
        The probability that the signal reports a departure although everyone cooperated
        (``epsilon``): one value for a single public signal, or one per player for one signal
        per player (a report on each player's compliance, independent across players).
    detection
        The probability that a departure by a player is reported (``eta``), per player.
    per_player
        True when each player has a signal of its own.
    punish_length
        Rounds of punishment after a bad signal, ``None`` for ever.
    """

    noise: tuple[sp.Expr, sp.Expr]
    detection: tuple[sp.Expr, sp.Expr]
    per_player: bool = False
    punish_length: int | None = None
