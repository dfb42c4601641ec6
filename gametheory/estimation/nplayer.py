"""Choice probabilities of a strategic-form game of three or more players: its logit QRE.

The players' choices are independent given the logit QRE of the game at an observation's
parameter values (McKelvey and Palfrey 1995). Observations with the same covariate values share
one game, so one QRE: :func:`gametheory.solvers.qre.logit_qre` solves it on the principal branch,
traced from ``lambda = 0`` the first time and afterwards found by Newton's method from the QRE of
the same covariate profile at the previous coefficient values (``start=``; the branch is traced
again when Newton's method does not converge there).

References
----------
McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6-38.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import sympy as sp

from gametheory.model.nplayer import NPlayerGame
from gametheory.solvers.qre import logit_qre
from gametheory.symbolic.compiled import compile_expression

__all__ = ["NPlayerQRE"]

#: The most covariate profiles whose QRE is kept as a warm start.
MAX_STARTS = 10_000


class NPlayerQRE:
    """The logit QRE choice probabilities of an N-player game whose payoffs depend on ``symbols``.

    Examples
    --------
    Three players; player A earns ``a`` from action ``x`` whatever the others do, the others earn
    nothing. A's logit response is then ``P(x) = e^(lambda a) / (e^(lambda a) + 1)``: ``3/4`` at
    ``lambda = 1, a = ln 3``, and uniform at ``lambda = 0``; B and C are uniform.

    >>> a = sp.Symbol("a")
    >>> g = NPlayerGame.from_function(("A", "B", "C"), (("x", "y"),) * 3,
    ...                               lambda p: (a * int(p[0] == 0), 0, 0))
    >>> m = NPlayerQRE(g, (a,))
    >>> values = [np.array([np.log(3), np.log(3)])]
    >>> [np.round(p, 9).tolist() for p in m.probabilities(values, 1.0, np.array([[0.0], [1.0]]))]
    [[[0.75, 0.75], [0.25, 0.25]], [[0.5, 0.5], [0.5, 0.5]], [[0.5, 0.5], [0.5, 0.5]]]
    >>> m.probabilities(values, 0.0, np.zeros((2, 1)))[0].tolist()
    [[0.5, 0.5], [0.5, 0.5]]
    """

    def __init__(self, game: NPlayerGame, symbols: Sequence[sp.Symbol]) -> None:
        self.game = game
        self.shape = game.shape
        self.payoffs = [
            [compile_expression(row[k], symbols) for row in game.table]
            for k in range(game.n_players)
        ]
        self._starts: dict[tuple[float, ...], tuple[tuple[float, ...], ...]] = {}

    def _arrays(self, point: Sequence[np.ndarray], g: int, size: int) -> list[np.ndarray]:
        args = [np.asarray(a, dtype=float) for a in point]
        return [
            np.array([np.broadcast_to(f(*args), (size,))[g] for f in fs]).reshape(self.shape)
            for fs in self.payoffs
        ]

    def probabilities(
        self, args: Sequence[np.ndarray], lam: float, x: np.ndarray
    ) -> list[np.ndarray]:
        """Each player's action probabilities, shape ``(actions, n)``, for the ``n`` observations
        whose free-parameter values are ``args`` (one array each, length ``n``) and covariate
        values the rows of ``x`` (observations with equal rows share one QRE)."""
        n = len(x)
        groups, first, inverse = np.unique(x, axis=0, return_index=True, return_inverse=True)
        inverse = np.asarray(inverse).ravel()
        size = len(groups)
        point = [np.broadcast_to(np.asarray(a, dtype=float), (n,))[first] for a in args]
        out = [np.empty((k, size)) for k in self.shape]
        if len(self._starts) > MAX_STARTS:
            self._starts.clear()
        for g in range(size):
            key = tuple(float(v) for v in groups[g])
            arrays = self._arrays(point, g, size)
            # The optimizer may try extreme values; the overflow then gives a zero likelihood.
            with np.errstate(over="ignore", invalid="ignore"):
                result = logit_qre(arrays, lam, start=self._starts.get(key))
            self._starts[key] = result.profile
            for k, p in enumerate(result.profile):
                out[k][:, g] = p
        return [p[:, inverse] for p in out]
