"""The support screens of the exact N-player enumeration, on hand-checked cases.

The property tests (tests/property/test_nplayer_fast_path.py) compare the screened enumeration
with the unscreened one on random games; these cases pin each screen down by hand.
"""

from __future__ import annotations

from fractions import Fraction as F
from pathlib import Path

import pytest

from gametheory import load_scenario
from gametheory.exceptions import UnsupportedGameError
from gametheory.model.nplayer import NPlayerGame
from gametheory.solvers.nplayer import (
    _solve_nplayer_reference,
    check_exact_size,
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

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit"


def _arrays(game: NPlayerGame) -> PayoffArrays:
    return PayoffArrays.from_table(
        game.shape, [tuple(F(int(u.p), int(u.q)) for u in row) for row in game.table]
    )


def _mckelvey_mclennan() -> NPlayerGame:
    model = load_scenario(DATA / "2x2x2.nfg").model
    assert model is not None
    game = model[1]
    assert isinstance(game, NPlayerGame)
    return game


def test_no_equilibrium_support_of_mckelvey_mclennan_is_screened_out() -> None:
    # McKelvey & McLennan (1997), JET 72: nine equilibria (listed in test_nplayer.py); the
    # supports they use must pass every screen, and the linear ones are solved exactly.
    game = _mckelvey_mclennan()
    arrays = _arrays(game)
    reference = _solve_nplayer_reference(game)
    assert len(reference.equilibria) == 9
    for eq in reference.equilibria:
        assert not conditionally_dominated(arrays, eq.supports)
        if not eq.pure:
            assert not excluded_by_boxes(arrays, eq.supports)
    # (1/2, 1/2), (1/2, 1/2), pure first action: two players mix, a linear support.
    assert solve_linear(arrays, ((0, 1), (0, 1), (0,))) == (
        (F(1, 2), F(1, 2)),
        (F(1, 2), F(1, 2)),
        (F(1), F(0)),
    )


def test_every_support_of_an_all_tied_game_passes_the_screens() -> None:
    # Every payoff 0: every profile is an equilibrium, so no screen may rule any support out,
    # even though every bound is exactly zero (the float margin must not bite).
    game = NPlayerGame.from_function(("A", "B", "C"), (("x", "y"),) * 3, lambda p: (0, 0, 0))
    arrays = _arrays(game)
    for supports in support_profiles(game.shape):
        assert not conditionally_dominated(arrays, supports)
        if sum(len(s) > 1 for s in supports) >= 1:
            assert not excluded_by_boxes(arrays, supports)
        if 1 <= sum(len(s) > 1 for s in supports) <= 2:
            assert solve_linear(arrays, supports) == MANY


def test_conditional_dominance_by_hand() -> None:
    # Player A gets 1 from x when B plays x, and 2 from y when C plays y, else 0. Against
    # B in {x} and C in {y}, y (payoff 2) beats x (payoff 1): A cannot mix. Against B, C in
    # {x, y} nothing is dominated.
    def pay(p: tuple[int, ...]) -> tuple[int, int, int]:
        a, b, c = p
        return (int(b == 0) if a == 0 else 2 * int(c == 1), 0, 0)

    game = NPlayerGame.from_function(("A", "B", "C"), (("x", "y"),) * 3, pay)
    arrays = _arrays(game)
    assert conditionally_dominated(arrays, ((0, 1), (0,), (1,)))
    assert conditionally_dominated(arrays, ((0,), (0,), (1,)))
    assert not conditionally_dominated(arrays, ((0, 1), (0, 1), (0, 1)))
    assert not conditionally_dominated(arrays, ((1,), (0,), (1,)))


def test_linear_support_without_a_positive_solution() -> None:
    # Each player gains 1 by matching the next one (A matches B, B matches C, C matches A).
    # With only B mixing and C playing x, B's indifference equation is the constant
    # u_B(x) - u_B(y) = 1 - 0: no solution, exactly and by the box screen.
    def pay(p: tuple[int, ...]) -> tuple[int, int, int]:
        return tuple(int(p[k] == p[(k + 1) % 3]) for k in range(3))  # type: ignore[return-value]

    game = NPlayerGame.from_function(("A", "B", "C"), (("x", "y"),) * 3, pay)
    arrays = _arrays(game)
    assert solve_linear(arrays, ((0,), (0, 1), (0,))) is None
    assert excluded_by_boxes(arrays, ((0,), (0, 1), (0,)))


def test_screened_and_reference_agree_on_the_literature_games() -> None:
    for name in ("2x2x2.nfg", "nau2004_2x2x2.nfg"):
        model = load_scenario(DATA / name).model
        assert model is not None
        game = model[1]
        fast, slow = solve_nplayer_exact(game), _solve_nplayer_reference(game)
        assert set(fast.equilibria) == set(slow.equilibria)
        assert fast.continua == slow.continua and fast.complete == slow.complete


def test_size_limits_admit_4x4x4_and_point_to_the_other_methods() -> None:
    table = lambda p: (0, 0, 0)  # noqa: E731
    check_exact_size(
        NPlayerGame.from_function(("A", "B", "C"), (tuple("abcd"),) * 3, table), "exact"
    )
    shape = (tuple("abcde"), tuple("abcd"), tuple("abcd"))  # 31 * 15 * 15 supports
    big = NPlayerGame.from_function(("A", "B", "C"), shape, table)
    with pytest.raises(UnsupportedGameError, match=r"gambit-enumpoly .*logit-qre"):
        check_exact_size(big, "exact")
