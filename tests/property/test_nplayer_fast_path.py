"""The screened N-player enumeration against the unscreened reference, on random small games.

``solve_nplayer_exact`` screens support profiles (conditional dominance, certified box
exclusion, exact Gaussian elimination when at most two players mix) before any Gröbner basis;
``_solve_nplayer_reference`` sends every profile through the Gröbner bases. The screens only
rule out profiles that hold no equilibrium, so the two must list the same equilibria and the
same continua. The reference may additionally flag a profile whose indifference equations have
a positive-dimensional solution set with no equilibrium found at its sampled points; when the
screens prove that such a profile holds no equilibrium at all the fast path is complete there,
so its diagnostics are a subset of the reference's (and equal when the reference is complete).

Payoffs come from a palette of two to four values in -2..2, so ties, indifferent players and
continua are frequent (degenerate games are where support enumeration goes wrong).
"""

from __future__ import annotations

import itertools
import random
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory.model.nplayer import NPlayerGame
from gametheory.solvers.nplayer import (
    _solve_nplayer_reference,
    is_nash_nplayer,
    solve_nplayer_exact,
    support_profiles,
)
from gametheory.solvers.nplayer_screen import (
    MANY,
    PayoffArrays,
    conditionally_dominated,
    excluded_by_boxes,
    solve_linear,
)


def _build(shape: tuple[int, ...], pay: dict) -> NPlayerGame:
    players = tuple(f"P{k}" for k in range(len(shape)))
    actions = tuple(tuple(f"a{i}" for i in range(n)) for n in shape)
    return NPlayerGame.from_function(players, actions, lambda p: pay[p])


@st.composite
def small_games(draw, shapes=((2, 2, 2), (3, 2, 2), (1, 2, 3), (2, 2, 1))):
    shape = draw(st.sampled_from(shapes))
    palette = draw(st.lists(st.integers(-2, 2), min_size=2, max_size=4, unique=True))
    pay = {
        p: tuple(draw(st.sampled_from(palette)) for _ in shape)
        for p in itertools.product(*(range(n) for n in shape))
    }
    return _build(shape, pay)


def _assert_same(game: NPlayerGame) -> None:
    fast, reference = solve_nplayer_exact(game), _solve_nplayer_reference(game)
    assert len(fast.equilibria) == len(reference.equilibria)
    assert set(fast.equilibria) == set(reference.equilibria)
    assert fast.continua == reference.continua
    assert set(fast.diagnostics) <= set(reference.diagnostics)
    if reference.complete:
        assert fast.complete and fast.diagnostics == reference.diagnostics
    for eq in fast.equilibria:
        if eq.exactness == "rational":
            assert is_nash_nplayer(game, eq.strategies)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games())
def test_fast_path_lists_what_the_reference_lists(game: NPlayerGame) -> None:
    _assert_same(game)


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games(shapes=((2, 2, 2, 2), (3, 3, 2), (2, 2, 2, 1))))
def test_fast_path_lists_what_the_reference_lists_larger_games(game: NPlayerGame) -> None:
    _assert_same(game)


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(small_games(shapes=((2, 2, 2), (3, 2, 2))))
def test_screens_never_rule_out_an_equilibrium_support(game: NPlayerGame) -> None:
    # Soundness of each screen on its own: the supports of every equilibrium (and of every
    # continuum's sample) the reference finds pass both screens, and a linear support's exact
    # solution is that equilibrium.
    reference = _solve_nplayer_reference(game)
    arrays = PayoffArrays.from_table(
        game.shape, [tuple(Fraction(int(u.p), int(u.q)) for u in row) for row in game.table]
    )
    found = [*reference.equilibria, *(c.sample for c in reference.continua if c.sample)]
    for eq in found:
        supports = eq.supports
        assert not conditionally_dominated(arrays, supports)
        if not eq.pure:
            assert not excluded_by_boxes(arrays, supports)
        if 1 <= sum(len(s) > 1 for s in supports) <= 2 and eq.exactness == "rational":
            solved = solve_linear(arrays, supports)
            assert solved == MANY or [list(map(str, s)) for s in solved] == [
                list(map(str, s)) for s in eq.strategies
            ]


def test_all_tied_game_every_support_is_a_continuum_or_ruled_out() -> None:
    # Every payoff equal: every profile is an equilibrium, every mixed support a continuum.
    game = _build((2, 2, 2), dict.fromkeys(itertools.product(range(2), repeat=3), (0, 0, 0)))
    _assert_same(game)
    res = solve_nplayer_exact(game)
    assert len(res.equilibria) == 8 and len(res.continua) == len(support_profiles((2,) * 3)) - 8


@pytest.mark.slow
def test_fast_path_on_seeded_3x3x2_and_3x3x3_games() -> None:
    rng = random.Random(18)
    for shape in [(3, 3, 2)] * 3 + [(3, 3, 3)]:
        palette = rng.sample(range(-3, 4), rng.choice([3, 7]))
        pay = {
            p: tuple(rng.choice(palette) for _ in shape)
            for p in itertools.product(*(range(n) for n in shape))
        }
        _assert_same(_build(shape, pay))
