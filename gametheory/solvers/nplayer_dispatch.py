"""``solve_nplayer``: the dispatch on ``method`` for games of any number of players.

``auto``, ``exact``
    every isolated equilibrium by exact support enumeration
    (:func:`~gametheory.solvers.nplayer.solve_nplayer_exact`), continua reported, up to
    :data:`~gametheory.solvers.nplayer.NPLAYER_SUPPORT_LIMIT` support profiles.
``pure``
    every pure equilibrium, exactly, at any size.
``gambit-enumpoly``
    pygambit's ``enumpoly_solve`` when pygambit is installed
    (:mod:`gametheory.solvers.gambit_enumpoly`), each profile verified.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable

from gametheory.exceptions import InputTypeError, ScenarioError
from gametheory.model.nplayer import NPlayerGame
from gametheory.solvers.gambit_enumpoly import solve_gambit_enumpoly_nplayer
from gametheory.solvers.nplayer import solve_nplayer_exact, solve_nplayer_pure
from gametheory.solvers.nplayer_result import NPlayerResult

__all__ = ["NPLAYER_SOLVERS", "solve_nplayer"]


def _auto(game: NPlayerGame) -> NPlayerResult:
    return solve_nplayer_exact(game, method="auto")


#: Method name → solver ``(game) -> NPlayerResult`` for games of any number of players.
NPLAYER_SOLVERS: dict[str, Callable[[NPlayerGame], NPlayerResult]] = {
    "auto": _auto,
    "exact": solve_nplayer_exact,
    "pure": solve_nplayer_pure,
    "gambit-enumpoly": solve_gambit_enumpoly_nplayer,
}


def solve_nplayer(
    game: NPlayerGame, method: str = "auto", *, parameters: tuple[tuple[str, object], ...] = ()
) -> NPlayerResult:
    """Every equilibrium of a numeric N-player game that ``method`` finds, each verified.

    Raises
    ------
    ValueError
        For an unknown method (the message lists the valid ones).
    UnsupportedGameError
        For symbolic payoffs, or a game past the method's size limit.

    Examples
    --------
    >>> g = NPlayerGame.from_function(("A", "B", "C"), (("H", "T"),) * 3,
    ...     lambda a: (1, 1, 1) if len(set(a)) == 1 else (0, 0, 0))
    >>> res = solve_nplayer(g)
    >>> [[str(p) for p in s] for s in res.equilibria[-1].strategies]
    [['1/2', '1/2'], ['1/2', '1/2'], ['1/2', '1/2']]
    """
    if method not in NPLAYER_SOLVERS:
        raise ScenarioError(
            f"unknown method {method!r}; expected one of: {', '.join(sorted(NPLAYER_SOLVERS))}"
        )
    if not isinstance(game, NPlayerGame):
        raise InputTypeError(f"solve_nplayer() takes an NPlayerGame, not {type(game).__name__}")
    result = NPLAYER_SOLVERS[method](game)
    return dataclasses.replace(result, parameters=parameters) if parameters else result
