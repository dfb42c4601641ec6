"""Properties of the exact repeated-game checks.

(a) **The threshold separates.** For random integer prisoner's dilemmas (T > R > P > S,
    2R > T + S) and random 2x2 games, and grim trigger, k-period punishment and penance, a
    one-shot deviation at the start, *simulated* round by round in exact fractions, pays iff
    delta lies outside the exact set where the start-state one-shot deviation constraint holds.
    The start-state constraint is the one the simulation plays out (the deviator conforms from
    round 1 on, and the automata observe the deviation); the full SPE set also checks off-path
    states, so it is only a subset of it (checked too). The simulation runs until its exact
    partial difference exceeds twice the bound on what the remaining rounds could change, so the
    sign it reports is certain; delta is kept 1e-3 away from the set's endpoints. Explicit
    examples on both sides keep the test from passing vacuously.
(b) **Symbolic == numeric.** The closed-form condition of grim trigger and penance in the
    symbolic PD (``prisoners_dilemma``), evaluated at random integer payoffs, is exactly the
    numeric delta set.

Sources of the thresholds: Friedman 1971 (grim), Mailath & Samuelson 2006 §2.4.2 (k-period
punishment), van Damme 1989 (penance); the one-shot deviation principle is Mailath & Samuelson
2006, Prop. 2.2.1.
"""

from __future__ import annotations

import functools
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import assume, example, given
from hypothesis import strategies as st

from gametheory import load_scenario
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.repeated.automata import library_strategy, roles_for
from gametheory.repeated.delta_sets import DeltaSet, nonnegative_set
from gametheory.repeated.deviation import check_strategies, delta_assumptions
from gametheory.repeated.game import DELTA, RepeatedGame
from gametheory.repeated.roles import roles
from gametheory.repeated.simulate import simulate
from gametheory.solvers import solve
from gametheory.symbolic.derive import scenario_assumptions

STRATEGIES = ["grim_trigger", "punish:1", "punish:2", "punish:3", "penance"]
MARGIN = Fraction(1, 1000)


@st.composite
def prisoners_dilemmas(draw: st.DrawFn) -> tuple[int, int, int, int]:
    s = draw(st.integers(-5, 5))
    p = s + draw(st.integers(1, 4))
    r = p + draw(st.integers(1, 4))
    t = r + draw(st.integers(1, 4))
    assume(2 * r > t + s)
    return t, r, p, s


def pd_game(t: int, r: int, p: int, s: int) -> NormalFormGame:
    return NormalFormGame.from_matrices(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


deltas = st.fractions(min_value=Fraction(1, 100), max_value=Fraction(19, 20), max_denominator=997)


def _endpoints(s: DeltaSet) -> list[sp.Expr]:
    return [e for iv in s.intervals for e in iv[:2] if 0 < e < 1]


def _deviation_pays(
    game: NormalFormGame, pair: tuple, player: int, action: str, delta: Fraction
) -> bool:
    """Does a one-shot deviation by ``player`` in round 0 pay? Decided by exact simulation."""
    g = RepeatedGame.common(game, sp.Rational(delta.numerator, delta.denominator))
    rounds = 50
    while True:
        base = simulate(g, pair, rounds)
        dev = simulate(g, pair, rounds, deviations={(0, player): action})
        diff = dev.totals[player] - base.totals[player]
        # what the rounds after `rounds` could still change, on each side
        tail = 2 * base.tail_bound[player]
        if abs(diff) > 2 * tail:
            return diff > 0
        rounds *= 2
        assert rounds <= 6400, "the exact difference did not separate from the tail bound"


def _require(condition: bool) -> None:
    assert condition


def _check_separation(game: NormalFormGame, name: str, delta: Fraction, guard=assume) -> bool:
    """The property for one game, strategy and delta; returns whether a deviation paid.

    ``guard`` rejects inputs the property does not apply to (``assume`` under hypothesis).
    """
    coop, pun = roles(game, RepeatedSpec())
    r = roles_for(game, coop, pun)
    pair = (library_strategy(name, r[0]), library_strategy(name, r[1]))
    check = check_strategies(RepeatedGame.common(game), pair)
    start = (pair[0].initial, pair[1].initial)
    paid = []
    for player in (0, 1):
        for c in check.constraints:
            if c.state != start or c.player != player:
                continue
            guard(sp.cancel(c.slack) != 0)  # indifferent: neither pays nor not
            allowed = nonnegative_set(c.slack, DELTA)
            q = sp.Rational(delta.numerator, delta.denominator)
            guard(all(abs(q - e) > sp.Rational(MARGIN) for e in _endpoints(allowed)))
            pays = _deviation_pays(game, pair, player, c.deviation, delta)
            assert pays == (not allowed.contains(q)), (name, player, c.deviation, delta)
            if check.joint.contains(q):  # SPE: no one-shot deviation pays anywhere
                assert not pays
            paid.append(pays)
    return any(paid)


@given(prisoners_dilemmas(), st.sampled_from(STRATEGIES), deltas)
@example((5, 3, 1, 0), "grim_trigger", Fraction(1, 4))  # 1/4 < 1/2: defecting pays
@example((5, 3, 1, 0), "grim_trigger", Fraction(3, 4))  # it does not
@example((5, 3, 1, 0), "punish:2", Fraction(3, 5))  # 0.6 < 0.618: pays
@example((5, 3, 1, 0), "penance", Fraction(7, 10))  # 0.7 >= 2/3: does not
def test_threshold_separates_in_prisoners_dilemmas(
    tpps: tuple[int, int, int, int], name: str, delta: Fraction
) -> None:
    _check_separation(pd_game(*tpps), name, delta)


def test_separation_is_not_vacuous() -> None:
    # the same game and strategy on both sides of the threshold (grim, 5/3/1/0: 1/2)
    pd = pd_game(5, 3, 1, 0)
    assert _check_separation(pd, "grim_trigger", Fraction(2, 5), _require)
    assert not _check_separation(pd, "grim_trigger", Fraction(3, 5), _require)


@st.composite
def games_2x2(draw: st.DrawFn) -> NormalFormGame:
    entries = st.integers(-4, 4)
    a = [[draw(entries) for _ in range(2)] for _ in range(2)]
    b = [[draw(entries) for _ in range(2)] for _ in range(2)]
    game = NormalFormGame.from_matrices(a, b, actions=(("X", "Y"), ("X", "Y")))
    assume(solve(game, method="pure").equilibria)  # a pure stage equilibrium to punish with
    return game


@given(games_2x2(), st.sampled_from(STRATEGIES), deltas)
def test_threshold_separates_in_2x2_games(game: NormalFormGame, name: str, delta: Fraction) -> None:
    _check_separation(game, name, delta)


# ---------------------------------------------------------------- symbolic == numeric


@functools.cache
def _symbolic(name: str):
    sc = load_scenario("prisoners_dilemma")
    known = delta_assumptions(scenario_assumptions(sc, {}), [DELTA])
    r = roles_for(sc.normal_form, ("Cooperate", "Cooperate"), ("Defect", "Defect"))
    pair = (library_strategy(name, r[0]), library_strategy(name, r[1]))
    check = check_strategies(RepeatedGame.common(sc.normal_form), pair, known=known)
    symbols = {p.name: p.symbol for p in sc.parameters}
    return check.joint, symbols


@pytest.mark.parametrize("name", ["grim_trigger", "penance"])
@given(tpps=prisoners_dilemmas())
def test_symbolic_condition_matches_numeric(name: str, tpps: tuple[int, int, int, int]) -> None:
    condition, s = _symbolic(name)
    t, r, p, q = tpps
    values = {s["T"]: t, s["R"]: r, s["P"]: p, s["S"]: q}
    numeric = check_strategies(
        RepeatedGame.common(pd_game(*tpps)),
        tuple(library_strategy(name, x) for x in roles_for(pd_game(*tpps), ("C", "C"), ("D", "D"))),
    ).joint
    assert condition.at(values, DELTA) == numeric
