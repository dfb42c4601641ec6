"""Leader commitment (Stackelberg) in two-player normal-form games, in exact arithmetic.

Definitions
-----------
One player, the *leader*, commits to a strategy before the other, the *follower*, moves; the
follower sees the commitment and best-responds. Write ``L[l][f]`` and ``F[l][f]`` for the leader's
and the follower's payoffs when the leader plays action ``l`` and the follower ``f`` (for a column
leader these are the transposed ``B`` and ``A``; results report payoffs in the game's player
order, row player first).

* **Pure commitment**: the leader commits to one action ``l``; the follower picks from
  ``BR(l) = argmax_f F[l][f]``. The *strong* (optimistic) value breaks the follower's ties in the
  leader's favour, ``max_l max_{f in BR(l)} L[l][f]``; the *weak* (pessimistic) value breaks them
  against her, ``max_l min_{f in BR(l)} L[l][f]``. This is the subgame perfect outcome of the game
  in which the leader moves first and her move is observed.
* **Mixed commitment**: the leader commits to a mixed strategy ``x``. The strong Stackelberg
  equilibrium maximizes ``x·L[:, f]`` over pairs with ``f in BR(x)``. Conitzer & Sandholm's
  *multiple-LPs* method solves, for each follower action ``f``, the linear program
  ``max sum_l x_l L[l][f]`` s.t. ``sum_l x_l (F[l][f] - F[l][k]) >= 0`` for every ``k``,
  ``sum_l x_l = 1``, ``x >= 0``, and keeps the best feasible one [CS2006]_. Its value is never below
  the leader's payoff in any Nash equilibrium of the simultaneous game [vSZ2010]_ (a Nash strategy
  with the follower's equilibrium reply is feasible in that reply's program).

The weak value of a mixed commitment need not be attained (the follower is indifferent at the
optimum); :attr:`Commitment.pessimistic_value` therefore reports, for mixed commitment, what the
leader gets at the optimal strategy if the follower breaks the tie against her: a measure of how
much the strong convention matters.

References
----------
.. [CS2006] V. Conitzer and T. Sandholm, "Computing the optimal strategy to commit to", *Proc. 7th
   ACM Conference on Electronic Commerce (EC'06)*, 2006, 82-90.
.. [vSZ2010] B. von Stengel and S. Zamir, "Leadership games with convex strategy sets", *Games and
   Economic Behavior* 69(2), 2010, 446-457.
"""

from __future__ import annotations

import numbers
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

from gametheory.exceptions import ScenarioError, SolverError
from gametheory.lp import linprog_exact
from gametheory.model.normal_form import NormalFormGame
from gametheory.solvers import solve
from gametheory.solvers.adapter import exact_matrices

__all__ = ["Commitment", "evaluate_commitment", "stackelberg_mixed", "stackelberg_pure"]

Matrix = list[list[Fraction]]


@dataclass(frozen=True)
class Commitment:
    """An optimal commitment of the leader and the follower's reply.

    Attributes
    ----------
    leader, follower
        Player indices (0 = row player).
    strategy
        The leader's committed strategy: a probability vector over her actions.
    follower_action
        The follower's reply under the strong convention (ties broken for the leader).
    follower_best_responses
        Every best response of the follower to ``strategy``.
    payoffs
        The payoffs of (row player, column player) at ``strategy`` and ``follower_action``.
    leader_value
        The leader's payoff: the strong Stackelberg value.
    pessimistic_value
        Pure: the weak Stackelberg value ``max_l min_{f in BR(l)} L[l][f]``. Mixed: the leader's
        payoff at ``strategy`` when the follower breaks ties against her.
    nash_value
        The leader's best payoff over the Nash equilibria of the simultaneous game.
    candidates
        Per leader action (pure) or per follower action (mixed: one LP each), the leader's value,
        ``None`` for an infeasible program.
    """

    leader: int
    follower: int
    strategy: tuple[Fraction, ...]
    follower_action: int
    follower_best_responses: tuple[int, ...]
    payoffs: tuple[Fraction, Fraction]
    leader_value: Fraction
    pessimistic_value: Fraction
    nash_value: Fraction
    candidates: tuple[Fraction | None, ...]
    method: str
    exact: bool = True
    diagnostics: tuple[str, ...] = ()

    @property
    def commitment_gain(self) -> Fraction:
        """``leader_value - nash_value``: what the power to commit is worth to the leader."""
        return self.leader_value - self.nash_value


def _oriented(game: NormalFormGame, leader: int) -> tuple[Matrix, Matrix]:
    """``(L, F)`` indexed ``[leader action][follower action]``."""
    if leader not in (0, 1):
        raise ScenarioError(f"leader must be 0 (row player) or 1 (column player), got {leader!r}")
    a, b = exact_matrices(game)
    if leader == 0:
        return a, b
    return [list(col) for col in zip(*b, strict=True)], [list(col) for col in zip(*a, strict=True)]


def _value(x: tuple[Fraction, ...], m: Matrix, f: int) -> Fraction:
    return sum((x[i] * m[i][f] for i in range(len(x))), Fraction(0))


def _result(
    game: NormalFormGame,
    leader: int,
    x: tuple[Fraction, ...],
    pessimistic: Fraction,
    candidates: tuple[Fraction | None, ...],
    method: str,
    notes: tuple[str, ...],
) -> Commitment:
    lm, fm = _oriented(game, leader)
    replies = [_value(x, fm, f) for f in range(len(fm[0]))]
    brs = tuple(f for f, v in enumerate(replies) if v == max(replies))
    f = max(brs, key=lambda k: (_value(x, lm, k), -k))  # strong: the leader's favourite tie
    own = (_value(x, lm, f), _value(x, fm, f))
    nash = max(e.payoffs[leader] for e in solve(game).equilibria)
    return Commitment(
        leader=leader,
        follower=1 - leader,
        strategy=x,
        follower_action=f,
        follower_best_responses=brs,
        payoffs=own if leader == 0 else (own[1], own[0]),
        leader_value=own[0],
        pessimistic_value=pessimistic,
        nash_value=nash,
        candidates=candidates,
        method=method,
        diagnostics=notes,
    )


def _probability(v: object) -> Fraction:
    """One entry of a strategy, exactly (a float through its shortest repr, as typed)."""
    if isinstance(v, float):
        return Fraction(repr(v))
    if isinstance(v, numbers.Rational):
        return Fraction(v)
    if isinstance(v, (Decimal, str)):
        return Fraction(v)
    raise ScenarioError(f"strategy entries must be numbers, got {v!r}")


def evaluate_commitment(
    game: NormalFormGame, strategy: tuple[object, ...], leader: int = 0
) -> Commitment:
    """What a given commitment (pure or mixed) yields when the follower best-responds.

    Examples
    --------
    ``surge_pd`` with Federal (the column player) committing to Restrain: Local's Refuse is
    dominant, so Local refuses and Federal gets 0, less than its Nash payoff 1:

    >>> from gametheory import load_scenario
    >>> c = evaluate_commitment(load_scenario("surge_pd").game_at(), (1, 0), leader=1)
    >>> c.follower_action, c.payoffs, c.nash_value
    (1, (Fraction(0, 1), Fraction(0, 1)), Fraction(1, 1))
    """
    lm, fm = _oriented(game, leader)
    x = tuple(_probability(v) for v in strategy)
    if len(x) != len(lm) or min(x) < 0 or sum(x) != 1:
        raise ScenarioError(
            f"strategy must be a probability vector over {len(lm)} actions, got {x}"
        )
    replies = [_value(x, fm, k) for k in range(len(fm[0]))]
    pessimistic = min(_value(x, lm, k) for k, v in enumerate(replies) if v == max(replies))
    return _result(game, leader, x, pessimistic, (), "given_commitment", ())


def stackelberg_pure(game: NormalFormGame, leader: int = 0) -> Commitment:
    """The leader's optimal commitment to a pure action (strong and weak values).

    Parameters
    ----------
    game
        A two-player game with rational payoffs.
    leader
        0 for the row player, 1 for the column player.

    Returns
    -------
    Commitment
        ``candidates[l]`` is the strong value of committing to action ``l``.

    Examples
    --------
    The example of [CS2006]_: the row player's Up is dominant (Nash payoff 1), but committing to
    Down makes the follower play Right, which is worth 2 to her:

    >>> g = NormalFormGame.from_matrices([[1, 3], [0, 2]], [[1, 0], [0, 1]])
    >>> c = stackelberg_pure(g)
    >>> c.strategy, c.follower_action, c.leader_value, c.nash_value
    ((Fraction(0, 1), Fraction(1, 1)), 1, Fraction(2, 1), Fraction(1, 1))
    """
    lm, fm = _oriented(game, leader)
    strong: list[Fraction] = []
    weak: list[Fraction] = []
    for row_l, row_f in zip(lm, fm, strict=True):
        brs = [f for f, v in enumerate(row_f) if v == max(row_f)]
        strong.append(max(row_l[f] for f in brs))
        weak.append(min(row_l[f] for f in brs))
    best = strong.index(max(strong))  # the first optimal action
    x = tuple(Fraction(int(i == best)) for i in range(len(lm)))
    notes: tuple[str, ...] = ()
    if max(weak) < max(strong):
        notes = (f"ties matter: the weak (pessimistic) value {max(weak)} < strong {max(strong)}",)
    return _result(game, leader, x, max(weak), tuple(strong), "stackelberg_pure", notes)


def stackelberg_mixed(game: NormalFormGame, leader: int = 0) -> Commitment:
    """The leader's optimal commitment to a mixed strategy (strong Stackelberg equilibrium).

    One exact LP per follower action, the multiple-LPs method of [CS2006]_ (see the module
    docstring), solved with :func:`gametheory.lp.linprog_exact`; the best program wins, the first
    one on ties.

    Parameters
    ----------
    game
        A two-player game with rational payoffs.
    leader
        0 for the row player, 1 for the column player.

    Returns
    -------
    Commitment
        ``candidates[f]`` is the optimal value of the program for follower action ``f`` (``None``
        when no leader strategy makes ``f`` a best response).

    Examples
    --------
    In the game of [CS2006]_ the leader mixes Up and Down half-and-half: the follower is then
    indifferent, breaks the tie for her and plays Right, worth ``3/2 + 1 = 5/2`` to her:

    >>> g = NormalFormGame.from_matrices([[1, 3], [0, 2]], [[1, 0], [0, 1]])
    >>> c = stackelberg_mixed(g)
    >>> c.strategy, c.follower_action, c.payoffs
    ((Fraction(1, 2), Fraction(1, 2)), 1, (Fraction(5, 2), Fraction(1, 2)))
    >>> c.pessimistic_value, c.candidates
    (Fraction(1, 2), (Fraction(1, 1), Fraction(5, 2)))
    """
    lm, fm = _oriented(game, leader)
    m, n = len(lm), len(lm[0])
    candidates: list[Fraction | None] = []
    best: tuple[Fraction, tuple[Fraction, ...]] | None = None
    notes: list[str] = []
    for f in range(n):
        res = linprog_exact(
            [lm[i][f] for i in range(m)],
            A_ub=[[fm[i][k] - fm[i][f] for i in range(m)] for k in range(n) if k != f] or None,
            b_ub=[Fraction(0)] * (n - 1) or None,
            A_eq=[[Fraction(1)] * m],
            b_eq=[Fraction(1)],
            maximize=True,
        )
        notes.append(f"LP for follower action {f}: {res.status}, {res.iterations} pivots")
        if res.status == "unbounded":  # pragma: no cover - the simplex is bounded
            raise SolverError(f"the commitment LP for follower action {f} is unbounded")
        candidates.append(res.value)
        if res.value is not None and res.x is not None and (best is None or res.value > best[0]):
            best = (res.value, res.x)
    if best is None:  # pragma: no cover - some action is always a best response
        raise SolverError("no commitment LP was feasible")
    x = best[1]
    replies = [_value(x, fm, k) for k in range(n)]
    brs = [k for k, v in enumerate(replies) if v == max(replies)]
    pessimistic = min(_value(x, lm, k) for k in brs)
    return _result(
        game, leader, x, pessimistic, tuple(candidates), "stackelberg_mixed", tuple(notes)
    )
