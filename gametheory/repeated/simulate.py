"""Playing automata against each other: round-by-round play with exact discounted payoffs.

:func:`simulate` is deterministic: the automata and any scheduled deviations fix the play.
:func:`simulate_matches` plays matches of random length (the match goes on after each round with
probability ``p``), seeded, to show that the expected *total* payoff of such matches is the
discounted value with ``delta = p`` divided by ``1 - p``: continuation probabilities and
discount factors are the same thing (Axelrod 1984, ch. 1).
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping
from dataclasses import dataclass
from fractions import Fraction

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.limits import (
    MAX_EXACT_OUTPUT_DIGITS,
    MAX_SIMULATION_DIGITS,
    digits,
)
from gametheory.repeated.automata import Automaton
from gametheory.repeated.deviation import path_values
from gametheory.repeated.game import RepeatedGame
from gametheory.solvers.adapter import exact_matrices

__all__ = ["MatchStatistics", "Round", "Simulation", "simulate", "simulate_matches"]


@dataclass(frozen=True)
class Round:
    """One round of play: states before the round, actions, stage payoffs, running values."""

    number: int
    states: tuple[str, str]
    actions: tuple[str, str]
    payoffs: tuple[Fraction, Fraction]
    #: Each player's normalised discounted payoff so far; ``None`` once its denominator has more
    #: than ``gametheory.limits.MAX_SIMULATION_DIGITS`` digits (``discounted_float`` has it then).
    discounted: tuple[Fraction | None, Fraction | None]
    deviation: bool
    discounted_float: tuple[float | None, float | None] = (None, None)


@dataclass(frozen=True)
class Simulation:
    """The rounds played and each player's normalised discounted payoff over them.

    ``totals[i] = (1 - d_i) * sum_t d_i**t u_i(t)`` over the rounds played; the rest of an
    infinite game is worth at most ``d_i**rounds`` times the largest payoff (``tail_bound``).
    """

    rounds: tuple[Round, ...]
    totals: tuple[Fraction, Fraction]
    tail_bound: tuple[Fraction, Fraction]
    delta: tuple[Fraction, Fraction]


def _deltas(game: RepeatedGame) -> tuple[Fraction, Fraction]:
    out = []
    for d in game.delta:
        if not d.is_Rational:
            raise UnsupportedGameError(
                f"simulation needs rational discount factors, got {d}; give delta a value"
            )
        out.append(Fraction(int(d.p), int(d.q)))
    return out[0], out[1]


def _check_size(deltas: tuple[Fraction, Fraction], rounds: int) -> None:
    """Refuse a simulation whose exact totals would have too many digits."""
    size = rounds * max(digits(d.denominator) for d in deltas)
    if size > MAX_EXACT_OUTPUT_DIGITS:
        raise ScenarioError(
            f"{rounds} rounds at this discount factor need exact numbers of about {size} digits "
            f"(at most {MAX_EXACT_OUTPUT_DIGITS}); play fewer rounds or give delta fewer digits",
            key="--simulate",
        )


def _ratio_float(top: int, bottom: int) -> float | None:
    try:
        return top / bottom
    except OverflowError:
        return None


def simulate(
    game: RepeatedGame,
    strategies: tuple[Automaton, Automaton],
    rounds: int,
    *,
    deviations: Mapping[tuple[int, int], str] | None = None,
) -> Simulation:
    """Play ``rounds`` rounds of two automata, exactly.

    Parameters
    ----------
    game
        A repeated game with numeric payoffs and rational discount factors.
    strategies
        The row and column automata.
    rounds
        How many rounds to play.
    deviations
        ``{(round, player): action}``: the player plays ``action`` in that round instead of what
        its automaton says (the automata then observe the action actually played).

    Examples
    --------
    Grim trigger against a one-round deviation in the prisoner's dilemma 5/3/1/0:

    >>> from gametheory.model import NormalFormGame
    >>> from gametheory.repeated.automata import grim_trigger
    >>> pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]],
    ...                                   actions=(("C", "D"), ("C", "D")))
    >>> g = RepeatedGame.common(pd, "1/2")
    >>> grim = grim_trigger("C", "D", "C")
    >>> sim = simulate(g, (grim, grim), 3, deviations={(0, 0): "D"})
    >>> [r.actions for r in sim.rounds]
    [('D', 'C'), ('D', 'D'), ('D', 'D')]
    >>> sim.totals[0]
    Fraction(23, 8)
    """
    if isinstance(rounds, bool) or not isinstance(rounds, int) or rounds < 0:
        raise ScenarioError(f"rounds must be a nonnegative int, got {rounds!r}")
    if game.horizon is not None and rounds > game.horizon:
        raise ScenarioError(f"the game lasts {game.horizon} rounds; cannot play {rounds}")
    for k, automaton in enumerate(strategies):
        automaton.check(game.stage, k)
    deltas = _deltas(game)
    a, b = exact_matrices(game.stage)
    labels = game.stage.actions
    deviations = dict(deviations or {})
    for (t, player), action in deviations.items():
        if action not in labels[player]:
            raise ScenarioError(
                f"deviation in round {t}: {action!r} is not an action of "
                f"{game.stage.players[player]!r}; expected one of {', '.join(labels[player])}"
            )
    _check_size(deltas, rounds)
    states = (strategies[0].initial, strategies[1].initial)
    # Exact running sums in integers over a common denominator: for player k with delta = p/q and
    # payoffs m/L, the total after round t is (q - p) * num / (L * q**(t + 1)), where
    # num_t = q * num_(t-1) + p**t * m_t. No fraction is reduced inside the loop, so a long
    # simulation costs linear-size operations per round instead of a gcd of ever longer numbers.
    ps = [d.numerator for d in deltas]
    qs = [d.denominator for d in deltas]
    lcms = [math.lcm(*(Fraction(v).denominator for row in m for v in row)) for m in (a, b)]
    num, power, den = [0, 0], [1, 1], [1, 1]
    totals = [Fraction(0), Fraction(0)]
    played: list[Round] = []
    for t in range(rounds):
        acts = [strategies[k].play(states[k]) for k in (0, 1)]
        deviated = False
        for k in (0, 1):
            if (t, k) in deviations and deviations[(t, k)] != acts[k]:
                acts[k] = deviations[(t, k)]
                deviated = True
        i, j = labels[0].index(acts[0]), labels[1].index(acts[1])
        pay = (a[i][j], b[i][j])
        exact: list[Fraction | None] = [None, None]
        approx: list[float | None] = [None, None]
        for k in (0, 1):
            m = Fraction(pay[k]) * lcms[k]
            num[k] = qs[k] * num[k] + power[k] * int(m)
            power[k] *= ps[k]
            den[k] *= qs[k]
            top, bottom = (qs[k] - ps[k]) * num[k], lcms[k] * den[k]
            if digits(bottom) <= MAX_SIMULATION_DIGITS:
                exact[k] = Fraction(top, bottom)
            approx[k] = _ratio_float(top, bottom)
        played.append(
            Round(
                t,
                states,
                (acts[0], acts[1]),
                pay,
                (exact[0], exact[1]),
                deviated,
                (approx[0], approx[1]),
            )
        )
        states = (
            strategies[0].next_state(states[0], acts[0], acts[1]),
            strategies[1].next_state(states[1], acts[1], acts[0]),
        )
    for k in (0, 1):
        totals[k] = Fraction((qs[k] - ps[k]) * num[k], lcms[k] * den[k])
    weight = [Fraction(power[k], den[k]) for k in (0, 1)]
    biggest = [max(abs(v) for row in m for v in row) for m in (a, b)]
    tail = (weight[0] * biggest[0], weight[1] * biggest[1])
    return Simulation(tuple(played), (totals[0], totals[1]), tail, deltas)


@dataclass(frozen=True)
class MatchStatistics:
    """Mean total payoffs of random-length matches, and their exact expectation."""

    matches: int
    continuation: Fraction
    mean_totals: tuple[float, float]
    expected_totals: tuple[Fraction, Fraction]
    mean_length: float
    seed: int | None


def simulate_matches(
    game: RepeatedGame,
    strategies: tuple[Automaton, Automaton],
    continuation: Fraction,
    *,
    matches: int = 1000,
    seed: int | None = 0,
    max_rounds: int = 10_000,
) -> MatchStatistics:
    """Play ``matches`` matches that continue after each round with probability ``continuation``.

    The expected total (undiscounted) payoff of a match is ``sum_t p**t u_t``, the normalised
    value with ``delta = p`` divided by ``1 - p``, computed exactly (``expected_totals``); the
    sample means converge to it. ``seed`` fixes the match lengths, so the output is
    reproducible. Matches are cut at ``max_rounds``.
    """
    p = Fraction(continuation)
    if not 0 < p < 1:
        raise ScenarioError(f"continuation must be in (0, 1), got {p}")
    rng = random.Random(seed)
    a, b = exact_matrices(game.stage)
    labels = game.stage.actions
    lengths = []
    sums = [0.0, 0.0]
    for _ in range(matches):
        n = 1
        while n < max_rounds and rng.random() < p:
            n += 1
        lengths.append(n)
        states = (strategies[0].initial, strategies[1].initial)
        for _t in range(n):
            acts = (strategies[0].play(states[0]), strategies[1].play(states[1]))
            i, j = labels[0].index(acts[0]), labels[1].index(acts[1])
            sums[0] += float(a[i][j])
            sums[1] += float(b[i][j])
            states = (
                strategies[0].next_state(states[0], acts[0], acts[1]),
                strategies[1].next_state(states[1], acts[1], acts[0]),
            )

    exact = [Fraction(str(v)) for v in path_values(RepeatedGame.common(game.stage, p), strategies)]
    return MatchStatistics(
        matches,
        p,
        (sums[0] / matches, sums[1] / matches),
        (exact[0] / (1 - p), exact[1] / (1 - p)),
        sum(lengths) / matches,
        seed,
    )
