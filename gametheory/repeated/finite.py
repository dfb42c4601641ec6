"""Finitely repeated games: unravelling, and what several stage equilibria allow.

With a *unique* stage Nash equilibrium, backward induction pins down the last round, then the one
before, and so on: the unique subgame-perfect equilibrium plays the stage equilibrium in every
round, however long the horizon (the "unravelling" of cooperation; Luce & Raiffa 1957, Selten
1978). With *several* stage equilibria, the last round can reward or punish: a profile ``a`` can
be played in rounds ``1 .. T-1`` when deviating from it is answered by switching to the deviator's
worst stage equilibrium ``e^i`` for the rest of the game, while conforming leads to a better one,
``e``, in the last round (Benoît & Krishna 1985). Player ``i`` must not gain from deviating in
any round ``t < T``:

    max_{a_i'} u_i(a_i', a_-i) - u_i(a)
        <= sum_{s=1}^{T-1-t} d**s (u_i(a) - u_i(e^i)) + d**(T-t) (u_i(e) - u_i(e^i)),

conditions on ``d`` solved exactly here; after any deviation the play is a sequence of stage
equilibria, which is subgame perfect by itself.

References
----------
J.-P. Benoît and V. Krishna, "Finitely repeated games", *Econometrica* 53(4) (1985) 905-922.
R. D. Luce and H. Raiffa, *Games and Decisions*, Wiley, 1957.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from fractions import Fraction

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.repeated.delta_sets import DeltaSet, intersect, nonnegative_set
from gametheory.repeated.game import RepeatedGame
from gametheory.solvers import solve
from gametheory.solvers.adapter import exact_matrices
from gametheory.solvers.result import Equilibrium

__all__ = ["FiniteHorizon", "SustainedProfile", "finite_horizon"]

#: The longest horizon for which the per-round conditions are built (degree ``T`` in delta).
MAX_HORIZON = 60


@dataclass(frozen=True)
class SustainedProfile:
    """A pure profile that can be played in rounds ``1 .. T-1`` of a subgame-perfect equilibrium.

    Attributes
    ----------
    profile
        The action labels ``(row, column)``.
    reward
        The stage equilibrium played in the last round after conforming (index into
        :attr:`FiniteHorizon.stage_equilibria`).
    punishments
        For each player, the stage equilibrium played for ever after that player deviates.
    deltas
        For each player, the exact set of their discount factor for which the construction works.
    joint
        Where both conditions hold, for a common discount factor (``None`` if they differ).
    """

    profile: tuple[str, str]
    reward: int
    punishments: tuple[int, int]
    deltas: tuple[DeltaSet | bool, DeltaSet | bool]
    joint: DeltaSet | bool | None


@dataclass(frozen=True)
class FiniteHorizon:
    """The subgame-perfect analysis of a finitely repeated game.

    Attributes
    ----------
    horizon
        The number of rounds.
    stage_equilibria
        Every extreme Nash equilibrium of the stage game (exact).
    unravels
        True when the stage equilibrium is unique: then the unique subgame-perfect equilibrium
        plays it in every round.
    sustained
        Pure profiles that are not stage equilibria but can be played in every round but the
        last (when several stage equilibria allow rewards and punishments), with the weakest
        conditions found over the choices of reward and punishments.
    """

    horizon: int
    stage_equilibria: tuple[Equilibrium, ...]
    unravels: bool
    sustained: tuple[SustainedProfile, ...]
    method: str = "backward induction (Benoît-Krishna rewards and punishments)"
    exact: bool = True
    diagnostics: tuple[str, ...] = field(default=())


def _conditions(
    gain: Fraction, stay: Fraction, spread: Fraction, rounds: int, d: sp.Expr
) -> list[sp.Expr]:
    """Slack of the no-deviation condition in each round t = 1 .. T-1 (``>= 0`` needed)."""
    out = []
    for t in range(1, rounds):
        carrot = sum((d**s * stay for s in range(1, rounds - t)), sp.Integer(0))
        out.append(sp.expand(carrot + d ** (rounds - t) * spread - gain))
    return out


def _solve(slacks: list[sp.Expr], d: sp.Symbol | None) -> DeltaSet | bool:
    free = set().union(*(s.free_symbols for s in slacks)) if slacks else set()
    if not free:
        return all(bool(s >= 0) for s in slacks)
    if d is None or not free <= {d}:
        raise UnsupportedGameError(
            "finite_horizon needs discount factors that are numbers or functions of one symbol"
        )
    return intersect(nonnegative_set(s, d) for s in slacks)


def finite_horizon(game: RepeatedGame) -> FiniteHorizon:
    """Analyse a finitely repeated game with a numeric stage game.

    Examples
    --------
    The prisoner's dilemma unravels. A dilemma with a second, better stage equilibrium (R, R)
    can sustain (C, C) until the last round: deviating gains 1, and the punishment is the worst
    stage equilibrium, the mixed one (D and R with probabilities 3/4 and 1/4, worth 3/4), so the
    last round's carrot is ``3 - 3/4`` and the condition ``1 <= delta * 9/4``:

    >>> from gametheory.model import NormalFormGame
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> finite_horizon(RepeatedGame.common(pd, horizon=5)).unravels
    True
    >>> g = NormalFormGame.from_matrices([[4, 0, 0], [5, 1, 0], [0, 0, 3]],
    ...                                  [[4, 5, 0], [0, 1, 0], [0, 0, 3]],
    ...                                  actions=(("C", "D", "R"), ("C", "D", "R")))
    >>> fh = finite_horizon(RepeatedGame.common(g, horizon=3))
    >>> [(s.profile, s.joint.describe()) for s in fh.sustained if s.profile == ("C", "C")]
    [(('C', 'C'), 'delta >= 4/9')]
    """
    if game.horizon is None:
        raise UnsupportedGameError("finite_horizon needs a game with a finite horizon")
    if game.horizon > MAX_HORIZON:
        raise UnsupportedGameError(
            f"finite_horizon builds per-round conditions up to {MAX_HORIZON} rounds; got "
            f"{game.horizon}"
        )
    result = solve(game.stage)
    eqs = result.equilibria
    unravels = result.unique
    diagnostics = [*result.diagnostics]
    sustained: list[SustainedProfile] = []
    if unravels:
        diagnostics.append(
            "the stage game has a unique Nash equilibrium: by backward induction every round "
            "plays it"
        )
    elif game.horizon >= 2:
        symbol = game.delta_symbol
        a, b = exact_matrices(game.stage)
        m, n = game.stage.shape
        pure_ne = {e.pure_profile() for e in eqs if e.pure}
        for i, j in itertools.product(range(m), range(n)):
            if (i, j) in pure_ne:
                continue
            gains = (
                max(a[k][j] for k in range(m)) - a[i][j],
                max(b[i][k] for k in range(n)) - b[i][j],
            )
            best: SustainedProfile | None = None
            for r, p0, p1 in itertools.product(range(len(eqs)), repeat=3):
                per: list[DeltaSet | bool] = []
                for player, pun in ((0, p0), (1, p1)):
                    own = a[i][j] if player == 0 else b[i][j]
                    spread = eqs[r].payoffs[player] - eqs[pun].payoffs[player]
                    stay = own - eqs[pun].payoffs[player]
                    per.append(
                        _solve(
                            _conditions(
                                gains[player], stay, spread, game.horizon, game.delta[player]
                            ),
                            symbol,
                        )
                    )
                joint: DeltaSet | bool | None = None
                if all(isinstance(v, bool) for v in per):
                    joint = bool(per[0]) and bool(per[1])
                elif game.is_common or symbol is not None:
                    joint = _as_set(per[0]) & _as_set(per[1])
                cand = SustainedProfile(
                    (game.stage.actions[0][i], game.stage.actions[1][j]),
                    r,
                    (p0, p1),
                    (per[0], per[1]),
                    joint,
                )
                if _better(cand, best):
                    best = cand
            if best is not None and not _empty(best):
                sustained.append(best)
    return FiniteHorizon(
        game.horizon, eqs, unravels, tuple(sustained), diagnostics=tuple(diagnostics)
    )


def _as_set(v: DeltaSet | bool) -> DeltaSet:
    if isinstance(v, DeltaSet):
        return v
    return DeltaSet.everything() if v else DeltaSet.nothing()


def _empty(s: SustainedProfile) -> bool:
    v = s.joint if s.joint is not None else s.deltas[0]
    return v is False or (isinstance(v, DeltaSet) and v.is_empty)


def _key(s: SustainedProfile) -> tuple[int, float]:
    v = s.joint if s.joint is not None else s.deltas[0]
    if v is True:
        return (0, 0.0)
    if v is False or (isinstance(v, DeltaSet) and v.is_empty) or v is None:
        return (2, 0.0)
    assert isinstance(v, DeltaSet) and v.infimum is not None
    return (1, float(v.infimum))


def _better(cand: SustainedProfile, best: SustainedProfile | None) -> bool:
    return best is None or _key(cand) < _key(best)
