"""Noisy public monitoring (gametheory.repeated.monitoring; Green and Porter 1984).

Hand derivations in the prisoner's dilemma 5/3/1/0 (g = 2, R - P = 2) with reversion for ever:
delta* = g/(g(1 - p) + (q - p)(R - P)); p = 1/10, q = 4/5: 2/(9/5 + 7/5) = 5/8. At delta = 9/10
the path is worth P + (1 - d)(R - P)/(1 - d + p d) = 1 + (1/5)/(19/100) = 39/19.
With epsilon = 0 and eta = 1 every threshold equals today's perfect-monitoring check of grim
trigger (for ever) and punish:T (T rounds), on the bundled scenarios. The independent check is a
seeded Monte Carlo of the signal process.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory import load_scenario
from gametheory.exceptions import GameTheoryError
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.repeated.automata import library_strategy, roles_for
from gametheory.repeated.deviation import check_strategies
from gametheory.repeated.game import RepeatedGame
from gametheory.repeated.monitoring import (
    analyse_monitoring,
    signal_probabilities,
    simulate_monitoring,
)
from gametheory.repeated.roles import roles

R = sp.Rational
D = sp.Symbol("delta", positive=True)


def pd(t, r, p, s):
    return NormalFormGame.from_matrices(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


def test_green_porter_values_by_hand() -> None:
    a = analyse_monitoring(pd(5, 3, 1, 0), "1/10", "4/5", delta="9/10")
    assert a.threshold == R(5, 8)
    assert a.values == (R(39, 19), R(39, 19))
    assert a.loss == (R(18, 19), R(18, 19))
    # deviation value: (1-d) 5 + d[(1 - q) V + q P] = 1/2 + 9/10 (39/95 + 4/5) = 1/2 + 2079/1900
    assert a.deviation_values[0] == R(1, 2) + R(9, 10) * (R(1, 5) * R(39, 19) + R(4, 5))
    assert a.holds is True and a.values[0] >= a.deviation_values[0]


def test_finite_punishment_by_hand() -> None:
    # T = 2, p = 1/10, q = 1: 2 (1 - d + d(1 - d^2)/10) <= 2 d (9/10)(1 - d^2)
    a = analyse_monitoring(pd(5, 3, 1, 0), "1/10", 1, punish_length=2)
    slack = 2 * D * R(9, 10) * (1 - D**2) - 2 * (1 - D + D * (1 - D**2) / 10)
    roots = [r for r in sp.Poly(sp.expand(slack), D).real_roots() if 0 < r < 1]
    assert a.threshold == min(roots)


SCENARIOS = ["surge_pd", "prisoners_dilemma", "linked_cooperation"]


@pytest.mark.parametrize("name", SCENARIOS)
@pytest.mark.parametrize("length", [None, 1, 2, 3])
def test_perfect_monitoring_reproduces_todays_results(name: str, length: int | None) -> None:
    """epsilon = 0, eta = 1: exactly the existing grim trigger / punish:T verdicts."""
    sc = load_scenario(name)
    game = sc.game_at()
    coop, pun = roles(game, sc.repeated or RepeatedSpec())
    a = analyse_monitoring(game, 0, 1, punish_length=length, cooperation=coop, punishment=pun)
    r = roles_for(game, coop, pun)
    strategy = "grim_trigger" if length is None else f"punish:{length}"
    pair = (library_strategy(strategy, r[0]), library_strategy(strategy, r[1]))
    check = check_strategies(RepeatedGame.common(game), pair)
    assert a.joint == check.joint
    assert a.per_player_sets == check.per_player
    at = analyse_monitoring(game, 0, 1, punish_length=length, delta="3/5")
    assert at.values == tuple(game.payoff_profile(0, 0)) or at.loss == (0, 0)
    assert at.loss == (0, 0)


def test_per_player_signals() -> None:
    assert signal_probabilities((R(1, 10), R(1, 5)), (R(1, 2), R(3, 4)), True) == (
        R(28, 100),
        (R(1, 2) + R(1, 2) * R(1, 5), R(3, 4) + R(1, 4) * R(1, 10)),
    )
    a = analyse_monitoring(pd(5, 3, 1, 0), ["1/10", "1/5"], ["1/2", "3/4"])
    assert a.per_player and a.false_alarm == R(7, 25)
    # row: g = 2, q - p = 3/5 - 7/25 = 8/25: 2/(2 * 18/25 + 16/25) = 25/26
    assert a.per_player_sets[0].threshold == R(25, 26)


def test_undetectable_departures_are_never_deterred() -> None:
    a = analyse_monitoring(pd(5, 3, 1, 0), "1/2", "1/2")
    assert a.joint.is_empty
    assert any("no more often" in n for n in a.diagnostics)


def test_closed_forms() -> None:
    sc = load_scenario("prisoners_dilemma")
    a = analyse_monitoring(sc.game_at(), "1/10", "4/5", symbolic=sc.substitute())
    f = dict(a.formulas)
    eps, eta = sp.Symbol("epsilon", nonnegative=True), sp.Symbol("eta_Row", nonnegative=True)
    point = {**sc.values(), eps: R(1, 10), eta: R(4, 5)}
    assert f["threshold_Row"].xreplace(point) == R(5, 8)
    assert f["value_Row"].xreplace({**point, D: R(9, 10)}) == R(39, 19)


@pytest.mark.parametrize(
    ("noise", "detection", "length", "delta"),
    [("1/10", "4/5", None, "9/10"), ("1/5", "9/10", 3, "4/5"), ("0", "1", None, "3/4")],
)
def test_monte_carlo_agrees_with_the_exact_values(noise, detection, length, delta) -> None:
    """Independent: simulate the signal process (seeded) and compare within 4 standard errors."""
    a = analyse_monitoring(
        load_scenario("surge_pd").game_at(), noise, detection, punish_length=length, delta=delta
    )
    mc = simulate_monitoring(a, runs=3000, seed=20261207)
    for k in (0, 1):
        assert abs(mc.conform[k] - float(a.values[k])) <= 4 * mc.conform_se[k] + mc.tail + 1e-12
        assert abs(mc.deviate[k] - float(a.deviation_values[k])) <= (
            4 * mc.deviate_se[k] + mc.tail + 1e-12
        )
    # and the simulated incentive agrees with the exact verdict where the gap is clear
    gap = [float(a.values[k] - a.deviation_values[k]) for k in (0, 1)]
    for k in (0, 1):
        if abs(gap[k]) > 8 * (mc.conform_se[k] + mc.deviate_se[k]):
            assert (mc.conform[k] >= mc.deviate[k]) == (gap[k] >= 0)


def test_errors() -> None:
    g = pd(5, 3, 1, 0)
    with pytest.raises(GameTheoryError, match="probability"):
        analyse_monitoring(g, "3/2", 1)
    with pytest.raises(GameTheoryError, match="at least 1 round"):
        analyse_monitoring(g, 0, 1, punish_length=0)
    with pytest.raises(GameTheoryError, match="not a stage equilibrium"):
        analyse_monitoring(g, 0, 1, punishment=("C", "C"))
    with pytest.raises(GameTheoryError, match="discount factor"):
        simulate_monitoring(analyse_monitoring(g, 0, 1))


def test_mixed_reversion_in_matching_pennies() -> None:
    # No pure equilibrium: the punishment phase plays the mixed one, worth (0, 0). The agreement
    # (Heads, Heads) is worth (1, -1); the column player gains 2 by switching and has a stake of
    # -1 < 0, so nothing deters it.
    mp = load_scenario("matching_pennies").game_at()
    a = analyse_monitoring(mp, "1/10", "9/10")
    assert a.stage[0][1] == 0 and a.stage[1][1] == 0
    assert a.joint.is_empty
    assert any("mixed" in n for n in a.diagnostics)
