"""The joint automaton of two strategies, and a deviator's values against the other's automaton.

The machinery behind :func:`gametheory.repeated.deviation.check_strategies`: the joint states
reachable from a start, the prefix and cycle of the play from a joint state, each player's
exact normalised value (infinite or finite horizon), and the value of a stationary deviation
policy against the other player's automaton (see :mod:`gametheory.repeated.deviation`).
"""

from __future__ import annotations

import itertools
from typing import Any

import sympy as sp

from gametheory.repeated.automata import Automaton
from gametheory.repeated.game import RepeatedGame

State = tuple[str, str]


def _u(game: RepeatedGame, player: int, profile: tuple[int, int]) -> sp.Expr:
    return game.stage.payoffs[player][profile[0], profile[1]]


class _Joint:
    """The joint automaton of two strategies in a game."""

    def __init__(self, game: RepeatedGame, pair: tuple[Automaton, Automaton]) -> None:
        self.game = game
        self.pair = pair
        self.labels = game.stage.actions

    def profile(self, s: State) -> tuple[int, int]:
        return (
            self.labels[0].index(self.pair[0].play(s[0])),
            self.labels[1].index(self.pair[1].play(s[1])),
        )

    def step(self, s: State, profile: tuple[int, int]) -> State:
        a0, a1 = self.labels[0][profile[0]], self.labels[1][profile[1]]
        return (self.pair[0].next_state(s[0], a0, a1), self.pair[1].next_state(s[1], a1, a0))

    def reachable(self, start: State) -> list[State]:
        seen, todo = [start], [start]
        shape = self.game.stage.shape
        while todo:
            s = todo.pop()
            for prof in itertools.product(range(shape[0]), range(shape[1])):
                t = self.step(s, prof)
                if t not in seen:
                    seen.append(t)
                    todo.append(t)
        return seen

    def orbit(self, s: State) -> tuple[tuple[State, ...], tuple[State, ...]]:
        seq: list[State] = []
        while s not in seq:
            seq.append(s)
            s = self.step(s, self.profile(s))
        m = seq.index(s)
        return tuple(seq[:m]), tuple(seq[m:])

    def value(self, s: State, player: int) -> sp.Expr:
        prefix, cycle = self.orbit(s)
        d = self.game.delta[player]
        pre = sum(
            (d**t * _u(self.game, player, self.profile(x)) for t, x in enumerate(prefix)),
            sp.Integer(0),
        )
        cyc = sum(
            (d**t * _u(self.game, player, self.profile(x)) for t, x in enumerate(cycle)),
            sp.Integer(0),
        )
        return (1 - d) * pre + d ** len(prefix) * cyc / sum(d**t for t in range(len(cycle)))

    def finite_value(self, s: State, player: int, rounds: int, memo: dict[Any, sp.Expr]) -> sp.Expr:
        key = (s, player, rounds)
        if key not in memo:
            if rounds == 0:
                memo[key] = sp.Integer(0)
            else:
                d = self.game.delta[player]
                prof = self.profile(s)
                memo[key] = (1 - d) * _u(self.game, player, prof) + d * self.finite_value(
                    self.step(s, prof), player, rounds - 1, memo
                )
        return memo[key]


def _policy_value(
    game: RepeatedGame, player: int, other: Automaton, policy: dict[str, int], start: str
) -> sp.Expr:
    own_labels, other_labels = game.stage.actions[player], game.stage.actions[1 - player]
    d = game.delta[player]

    def prof(q: str) -> tuple[int, int]:
        b = other_labels.index(other.play(q))
        return (policy[q], b) if player == 0 else (b, policy[q])

    seq: list[str] = []
    q = start
    while q not in seq:
        seq.append(q)
        q = other.next_state(q, other.play(q), own_labels[policy[q]])
    m = seq.index(q)
    pre, cyc = seq[:m], seq[m:]
    pre_v = sum((d**t * _u(game, player, prof(x)) for t, x in enumerate(pre)), sp.Integer(0))
    cyc_v = sum((d**t * _u(game, player, prof(x)) for t, x in enumerate(cyc)), sp.Integer(0))
    return (1 - d) * pre_v + d**m * cyc_v / sum(d**t for t in range(len(cyc)))


def _undominated(game: RepeatedGame, player: int, other: Automaton, q: str) -> list[int]:
    """The own actions worth trying in state ``q`` of the other's automaton: among actions that
    lead to the same next state, only those with the highest stage payoff (the others give the
    same continuation and a lower payoff now, so no deviation policy gains by them; with
    symbolic payoffs that cannot be compared, every action is kept)."""
    own_labels, other_labels = game.stage.actions[player], game.stage.actions[1 - player]
    b = other_labels.index(other.play(q))
    groups: dict[str, list[tuple[sp.Expr, int]]] = {}
    for k, a in enumerate(own_labels):
        u = _u(game, player, (k, b) if player == 0 else (b, k))
        groups.setdefault(other.next_state(q, other.play(q), a), []).append((u, k))
    keep: list[int] = []
    for opts in groups.values():
        if not all(isinstance(u, sp.Rational) for u, _ in opts):
            keep.extend(k for _, k in opts)
            continue
        top = max(u for u, _ in opts)
        keep.extend(k for u, k in opts if u == top)
    return sorted(keep)
