"""solve_batch: each game's exact equilibria, equal to solve() game by game.

Literature values: the games of [Osb] M. J. Osborne, *An Introduction to Game Theory*, Oxford
University Press, 2004, ch. 2 and 4, and the degenerate 3 x 2 game of [AGT] B. von Stengel,
"Equilibrium computation for two-player games in strategic and extensive form", ch. 3 of
*Algorithmic Game Theory*, Cambridge University Press, 2007 (the hand derivations are in
tests/literature/test_normal_form_literature.py).
"""

from __future__ import annotations

from fractions import Fraction as F

import numpy as np
import oracle as orc
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import bimatrix_games

from gametheory import GameTheoryError, NormalFormGame, solve, solve_batch

H, T3 = F(1, 2), F(1, 3)


def _expected(a: np.ndarray, b: np.ndarray) -> list[tuple[object, bool]]:
    out = []
    for ga, gb in zip(a.tolist(), b.tolist(), strict=True):
        res = solve(NormalFormGame.from_matrices(ga, gb), "exact")
        out.append((res.equilibria, res.degenerate))
    return out


def test_literature_2x2_games_in_one_batch() -> None:
    a = np.array(
        [
            [[2, 0], [3, 1]],  # [Osb] ch. 2: Prisoner's Dilemma (Quiet, Fink)
            [[1, -1], [-1, 1]],  # [Osb] ch. 2: Matching Pennies
            [[2, 0], [0, 1]],  # [Osb] ch. 2 and 4: BoS
            [[2, 0], [1, 1]],  # [Osb] ch. 2: Stag Hunt
        ]
    )
    b = np.array([[[2, 3], [0, 1]], [[-1, 1], [1, -1]], [[1, 0], [0, 2]], [[2, 1], [0, 1]]])
    res = solve_batch(a, b)
    assert len(res) == 4 and res.shape == (4, 2, 2) and res.vectorised.all()
    assert not res.degenerate.any()
    assert res.counts.tolist() == [1, 1, 3, 3]
    assert [e.strategies for e in res[0]] == [((0, 1), (0, 1))]  # (Fink, Fink)
    assert [(e.strategies, e.payoffs) for e in res[1]] == [(((H, H), (H, H)), (0, 0))]
    bos = [(e.strategies, e.payoffs) for e in res[2]]
    assert bos == [
        (((1, 0), (1, 0)), (2, 1)),
        (((0, 1), (0, 1)), (1, 2)),
        (((F(2, 3), T3), (T3, F(2, 3))), (F(2, 3), F(2, 3))),
    ]
    assert res[3][2].strategies == ((H, H), (H, H)) and res[3][2].payoffs == (1, 1)
    for e in res[2]:
        assert all(isinstance(p, F) for s in e.strategies for p in s)


def test_degenerate_3x2_continuum_ends() -> None:
    # [AGT]'s degenerate variant: (T, y) for y in conv{(1, 0), (2/3, 1/3)} and the isolated
    # ((0, 1/3, 2/3), (1/3, 2/3)).
    a = np.array([[[3, 3], [2, 5], [0, 6]]])
    b = np.array([[[3, 3], [2, 6], [3, 1]]])
    res = solve_batch(a, b)
    assert res.vectorised[0] and res.degenerate[0]
    assert [(e.strategies, e.payoffs) for e in res[0]] == [
        (((1, 0, 0), (1, 0)), (3, 3)),
        (((1, 0, 0), (F(2, 3), T3)), (3, 3)),
        (((0, T3, F(2, 3)), (T3, F(2, 3))), (4, F(8, 3))),
    ]


@pytest.mark.parametrize(
    ("shape", "high"),
    [((2, 2), 2), ((2, 2), 99), ((2, 3), 2), ((3, 2), 2), ((2, 5), 3), ((1, 3), 2), ((3, 3), 2)],
)
def test_random_batches_equal_solve(shape: tuple[int, int], high: int) -> None:
    # Payoffs in -high..high: with high = 2 most games are degenerate (ties).
    rng = np.random.default_rng(high * 100 + shape[0] * 10 + shape[1])
    k = 60
    a = rng.integers(-high, high + 1, size=(k, *shape))
    b = rng.integers(-high, high + 1, size=(k, *shape))
    res = solve_batch(a, b)
    assert res.vectorised.all() == (min(shape) <= 2)
    for g, (eqs, degenerate) in enumerate(_expected(a, b)):
        assert res[g] == eqs, (a[g].tolist(), b[g].tolist())
        assert bool(res.degenerate[g]) == degenerate
        assert res.counts[g] == len(eqs)


@settings(max_examples=40, deadline=None)
@given(st.lists(bimatrix_games(min_size=2, max_size=2), min_size=1, max_size=6))
def test_degenerate_2x2_batches_equal_the_oracle(games: list[tuple[list[list[int]], ...]]) -> None:
    a = np.array([g[0] for g in games])
    b = np.array([g[1] for g in games])
    res = solve_batch(a, b)
    for g, (ga, gb) in enumerate(games):
        expected = orc.oracle(ga, gb)
        assert {orc.equilibrium_profile(e) for e in res[g]} == set(expected.equilibria)
        assert bool(res.degenerate[g]) == expected.degenerate


def test_floats_are_taken_at_their_exact_value() -> None:
    # Quarters and halves scale exactly to integers: the vectorised path, exact results.
    rng = np.random.default_rng(7)
    a = rng.integers(-8, 9, size=(30, 2, 2)) / 4
    b = rng.integers(-8, 9, size=(30, 2, 2)) / 2
    res = solve_batch(a, b)
    assert res.vectorised.all()
    # 0.1 is not 1/10 in binary: taken at its exact value (one by one: too fine for int64)
    tenth = solve_batch(np.array([[[0.1, 0.0], [0.0, 0.2]]]), np.array([[[1.0, 0], [0, 1]]]))
    assert not tenth.vectorised[0]
    mixed = tenth[0][-1]
    assert mixed.strategies[1] == (F(0.2) / (F(0.1) + F(0.2)), F(0.1) / (F(0.1) + F(0.2)))
    for g in range(30):
        exact_a = [[F(v) for v in row] for row in a[g].tolist()]
        exact_b = [[F(v) for v in row] for row in b[g].tolist()]
        assert res[g] == solve(NormalFormGame.from_matrices(exact_a, exact_b), "exact").equilibria


def test_fraction_object_arrays_and_access() -> None:
    a = np.array([[[F(1, 3), 0], [0, F(2, 3)]]], dtype=object)
    res = solve_batch(a, a)
    assert res.counts.tolist() == [3]
    assert res[-1] == res.equilibria(0) == res[0]
    with pytest.raises(IndexError):
        res[1]


def test_bad_input_is_refused_clearly() -> None:
    with pytest.raises(GameTheoryError, match=r"shape \(k, m, n\)"):
        solve_batch(np.zeros((2, 2)), np.zeros((2, 2)))
    with pytest.raises(GameTheoryError, match="same shape"):
        solve_batch(np.zeros((1, 2, 2)), np.zeros((1, 2, 3)))
    with pytest.raises(GameTheoryError, match="NaN or infinite"):
        solve_batch(np.full((1, 2, 2), np.nan), np.zeros((1, 2, 2)))
    empty = solve_batch(np.zeros((0, 2, 2)), np.zeros((0, 2, 2)))
    assert len(empty) == 0 and empty.counts.size == 0


@pytest.mark.slow
def test_agrees_with_quantecon_on_nondegenerate_2x2_games() -> None:
    qe = pytest.importorskip("quantecon.game_theory")
    rng = np.random.default_rng(3)
    a = rng.integers(0, 100, size=(200, 2, 2))
    b = rng.integers(0, 100, size=(200, 2, 2))
    res = solve_batch(a, b)
    for g in np.nonzero(~res.degenerate)[0]:
        game = qe.NormalFormGame((qe.Player(a[g].astype(float)), qe.Player(b[g].T.astype(float))))
        theirs = sorted((tuple(x), tuple(y)) for x, y in qe.support_enumeration(game))
        ours = sorted(
            (tuple(map(float, e.strategies[0])), tuple(map(float, e.strategies[1]))) for e in res[g]
        )
        assert len(theirs) == len(ours)
        for (tx, ty), (ox, oy) in zip(theirs, ours, strict=True):
            assert np.allclose(tx, ox) and np.allclose(ty, oy)
