"""Tests of gametheory.analysis.commitment: pure and mixed Stackelberg commitment.

Every expected value is derived by hand in the comment above it.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from hypothesis import strategies as st
from strategies import games

from gametheory import NormalFormGame, load_scenario
from gametheory.analysis.commitment import (
    evaluate_commitment,
    stackelberg_mixed,
    stackelberg_pure,
)
from gametheory.solvers.adapter import exact_matrices

# The 2x2 example of Conitzer & Sandholm (2006, §1; also Conitzer 2016, "On Stackelberg mixed
# strategies", Synthese 193(3)): rows Up/Down, columns Left/Right.
#         Left   Right
#   Up    1, 1   3, 0
#   Down  0, 0   2, 1
CS2006 = NormalFormGame.from_matrices([[1, 3], [0, 2]], [[1, 0], [0, 1]])


def test_conitzer_sandholm_pure():
    # Up is strictly dominant, so the unique NE is (Up, Left) with (1, 1). Committing to Up
    # gets Left (1 > 0): 1; committing to Down gets Right (1 > 0): 2. Pure value 2 > Nash 1.
    c = stackelberg_pure(CS2006)
    assert c.strategy == (0, 1) and c.follower_action == 1 and c.payoffs == (2, 1)
    assert c.candidates == (1, 2) and c.leader_value == c.pessimistic_value == 2
    assert c.nash_value == 1 and c.commitment_gain == 1 and c.method == "stackelberg_pure"


def test_conitzer_sandholm_mixed():
    # Commit to Up with probability p: Left pays the follower p, Right 1 - p, so Right is a
    # best response iff p <= 1/2. LP(Right): max 3p + 2(1-p) = 2 + p s.t. p <= 1/2 -> 5/2.
    # LP(Left): max p s.t. p >= 1/2 -> 1. Optimum p = 1/2, Right, payoffs (5/2, 1/2); mixed
    # commitment beats pure commitment (2). With the tie broken against the leader (Left) she
    # would get 1/2.
    c = stackelberg_mixed(CS2006)
    assert c.strategy == (F(1, 2), F(1, 2)) and c.follower_action == 1
    assert c.follower_best_responses == (0, 1)
    assert c.payoffs == (F(5, 2), F(1, 2)) and c.leader_value == F(5, 2)
    assert c.candidates == (1, F(5, 2)) and c.pessimistic_value == F(1, 2)
    assert c.exact and len(c.diagnostics) == 2


def test_warrant_screening_ice_leads():
    # warrant_screening at the defaults: rows ICE Screen/Broad, columns Jail Honor/Decline,
    # A = [[3, -1], [4, -2]], B = [[1, 0], [-2, 0]]. Unique NE mixed, payoffs (1, 0).
    game = load_scenario("warrant_screening").game_at()
    assert exact_matrices(game) == ([[3, -1], [4, -2]], [[1, 0], [-2, 0]])
    # Pure: Screen -> Honor (1 > 0): ICE 3; Broad -> Decline (0 > -2): ICE -2. Value 3, (3, 1):
    # the "verifiable screening" outcome of warrant_screening.
    p = stackelberg_pure(game, leader=0)
    assert p.strategy == (1, 0) and p.payoffs == (3, 1) and p.candidates == (3, -2)
    # Mixed: Screen with prob q: Honor pays the jail q - 2(1-q) = 3q - 2 >= 0 iff q >= 2/3.
    # LP(Honor): max 3q + 4(1-q) = 4 - q s.t. q >= 2/3 -> 10/3. LP(Decline): max -q - 2(1-q)
    # = q - 2 s.t. q <= 2/3 -> -4/3. So q = 2/3 (the Nash mix!) with Honor: (10/3, 0).
    m = stackelberg_mixed(game, leader=0)
    assert m.strategy == (F(2, 3), F(1, 3)) and m.follower_action == 0
    assert m.payoffs == (F(10, 3), 0) and m.candidates == (F(10, 3), F(-4, 3))
    assert m.nash_value == 1 and m.commitment_gain == F(7, 3) and m.pessimistic_value == F(-4, 3)


def test_warrant_screening_jail_leads():
    # The jail (column) commits to Honor with prob r: ICE gets Screen 4r - 1, Broad 6r - 2,
    # Screen iff r <= 1/2. LP(Screen): max r (jail's payoff r*1) s.t. r <= 1/2 -> 1/2;
    # LP(Broad): max -2r s.t. r >= 1/2 -> -1. Mixed: r = 1/2, Screen, payoffs (1, 1/2).
    # Pure: Honor -> Broad (4 > 3): jail -2; Decline -> Screen (-1 > -2): jail 0. Nash: 0.
    game = load_scenario("warrant_screening").game_at()
    m = stackelberg_mixed(game, leader=1)
    assert m.strategy == (F(1, 2), F(1, 2)) and m.follower_action == 0
    assert m.payoffs == (1, F(1, 2)) and m.candidates == (F(1, 2), -1)
    p = stackelberg_pure(game, leader=1)
    assert p.strategy == (0, 1) and p.leader_value == 0 and p.candidates == (-2, 0)
    assert p.nash_value == m.nash_value == 0


def test_surge_pd_federal_commits():
    # surge_pd: A = [[-2, -6], [0, -4]] (Local), B = [[3, 4], [0, 1]] (Federal, columns
    # Restrain/Surge). Refuse beats Cooperate by 2 against both columns, so Local refuses
    # whatever Federal commits to. Commit to Restrain: (Refuse, Restrain) = (0, 0), Federal 0 <
    # Nash 1. Commit to Surge: (-4, 1). So pure = mixed = Surge with value 1 = Nash value, and
    # no commitment to restraint helps Federal here (Cooperate is dominated, not just unsafe).
    game = load_scenario("surge_pd").game_at()
    restrain = evaluate_commitment(game, (1, 0), leader=1)
    assert restrain.follower_action == 1 and restrain.payoffs == (0, 0)
    assert restrain.leader_value == 0 and restrain.nash_value == 1
    for solver in (stackelberg_pure, stackelberg_mixed):
        c = solver(game, leader=1)
        assert c.strategy == (0, 1) and c.payoffs == (-4, 1) and c.commitment_gain == 0
    assert stackelberg_mixed(game, leader=1).candidates == (None, 1)  # Cooperate never a BR
    # Local leading: Surge is dominant for Federal, Local picks Refuse (-4 > -6).
    assert stackelberg_mixed(game, leader=0).leader_value == -4


def test_weak_value_and_validation():
    # Follower indifferent after Up (0 = 0): the strong value takes the leader's best (5),
    # the weak one the worst (0); after Down the follower plays Right: 2. Strong 5, weak 2.
    g = NormalFormGame.from_matrices([[5, 0], [1, 2]], [[0, 0], [0, 1]])
    c = stackelberg_pure(g)
    assert c.leader_value == 5 and c.pessimistic_value == 2 and c.follower_best_responses == (0, 1)
    assert "ties matter" in c.diagnostics[0]
    with pytest.raises(ValueError, match="leader must be"):
        stackelberg_pure(g, leader=2)
    with pytest.raises(ValueError, match="probability vector"):
        evaluate_commitment(g, (F(1, 2), F(1, 3)))


@given(games(2, 3), st.sampled_from([0, 1]))
def test_commitment_value_dominates(game, leader):
    # von Stengel & Zamir (2010): the strong mixed commitment value is at least the leader's
    # payoff in every Nash equilibrium, and at least the pure commitment value (a pure
    # commitment with the follower's favourable reply is feasible in that reply's LP).
    m = stackelberg_mixed(game, leader)
    p = stackelberg_pure(game, leader)
    assert m.leader_value >= m.nash_value and m.leader_value >= p.leader_value
    assert p.leader_value >= p.pessimistic_value
    assert min(m.strategy) >= 0 and sum(m.strategy) == 1
    assert m.follower_action in m.follower_best_responses
    again = evaluate_commitment(game, m.strategy, leader)
    assert again.leader_value == m.leader_value
