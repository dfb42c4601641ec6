"""Tests of gametheory.analysis.selection: Pareto, risk dominance, welfare, Nash product.

Every expected value is derived by hand in the comment above it.
"""

from __future__ import annotations

from fractions import Fraction as F

import pytest
from hypothesis import given
from strategies import games

from gametheory import NormalFormGame, load_scenario, solve
from gametheory.analysis.selection import CRITERIA, select_equilibria


def test_stag_hunt_payoff_vs_risk_dominance():
    # games/stag_hunt.toml at s=4, h=3: A = [[4, 0], [3, 3]], B = A^T. Equilibria (solve order):
    # 0 = (Stag, Stag) (4, 4); 1 = (Hare, Hare) (3, 3); 2 = mixed, Stag w.p. h/s = 3/4, (3, 3).
    # Pareto: 0 dominates 1 and 2; 1 and 2 have equal payoffs (neither dominates the other).
    # Risk dominance (Harsanyi & Selten 1988, §3.9): deviation losses at (Stag, Stag) are
    # 4 - 3 = 1 for each player, product 1; at (Hare, Hare) 3 - 0 = 3 each, product 9 > 1,
    # so (Hare, Hare) risk-dominates although (Stag, Stag) is payoff dominant.
    game = load_scenario("stag_hunt").game_at()
    sel = select_equilibria(game)
    a = sel.assessments
    assert [x.equilibrium.payoffs for x in a] == [(4, 4), (3, 3), (3, 3)]
    assert [x.pareto_dominated_by for x in a] == [(), (0,), (0,)]
    assert [x.deviation_product for x in a] == [1, 9, None]
    assert [x.strict for x in a] == [True, True, False]
    assert (sel.payoff_dominant, sel.risk_dominant, sel.risk_tie) == (0, 1, False)
    assert (sel.chosen, sel.criterion) == (0, "pareto")
    assert "Pareto-dominates" in sel.reason
    assert "disagree" in sel.diagnostics[0]
    # Harsanyi-Selten order put payoff dominance first; risk first picks (Hare, Hare).
    risk = select_equilibria(game, order=["risk", "pareto"])
    assert (risk.chosen, risk.criterion) == (1, "risk") and "9 > 1" in risk.reason
    assert [x.welfare for x in a] == [8, 6, 6] and sel.welfare_ranking == (0, 1, 2)


def test_battle_of_the_sexes_has_no_selection():
    # A = [[2, 0], [0, 1]], B = [[1, 0], [0, 2]]: pure equilibria (2, 1) and (1, 2), mixed
    # (2/3, 2/3) dominated by both. Risk: losses at (A, A) are 2 - 0 = 2 and 1 - 0 = 1, product 2;
    # at (B, B) 1 and 2, product 2: a tie. Welfare 3 = 3; Nash product from (0, 0): 2 = 2.
    game = load_scenario("battle_of_the_sexes").game_at()
    sel = select_equilibria(game, disagreement=(0, 0))
    a = sel.assessments
    assert [x.equilibrium.payoffs for x in a] == [(2, 1), (1, 2), (F(2, 3), F(2, 3))]
    assert [x.pareto_dominated_by for x in a] == [(), (), (0, 1)]
    assert sel.payoff_dominant is None and sel.risk_dominant is None and sel.risk_tie
    assert [x.deviation_product for x in a] == [2, 2, None]
    assert [x.nash_product for x in a] == [2, 2, F(4, 9)]
    assert sel.nash_product_ranking == (0, 1, 2)
    assert (sel.chosen, sel.criterion) == (None, "none")
    # From d = (1, 0): (2, 1) gives (2-1)(1-0) = 1, (1, 2) gives 0 and the mixed one is not IR
    # (2/3 < 1): Pareto and risk dominance are silent, the Nash product picks 0.
    d10 = select_equilibria(game, disagreement=(1, 0))
    assert (d10.chosen, d10.criterion) == (0, "nash_product")


def test_prisoners_dilemma_unique():
    # R, S, T, P = 3, 0, 5, 1: Defect is dominant, (D, D) = (1, 1) is the only equilibrium.
    sel = select_equilibria(load_scenario("prisoners_dilemma").game_at())
    assert (sel.chosen, sel.criterion) == (0, "unique")
    assert sel.assessments[0].strict and sel.assessments[0].equilibrium.payoffs == (1, 1)


def test_welfare_breaks_a_pareto_tie():
    # Two strict equilibria (3, 0) and (1, 1): neither Pareto-dominates; risk products
    # (3 - 0)(0 - (-1)) = 3 at (0,0) and (1 - 0)(1 - 0) = 1 at (1,1): risk picks 0 first anyway.
    # With welfare only: 3 > 2 picks 0 as well; with the Nash product from (0, 0): 0 vs 1 -> 1.
    g = NormalFormGame.from_matrices([[3, 0], [0, 1]], [[0, -1], [0, 1]])
    eqs = solve(g).pure_equilibria
    assert [e.payoffs for e in eqs] == [(3, 0), (1, 1)]
    assert select_equilibria(g, eqs, order=["welfare"]).chosen == 0
    sel = select_equilibria(g, eqs, disagreement=(0, 0), order=["pareto", "nash_product"])
    assert (sel.chosen, sel.criterion) == (1, "nash_product")


def test_unknown_criterion_and_empty_list():
    g = load_scenario("stag_hunt").game_at()
    with pytest.raises(ValueError, match="expected one of: nash_product, pareto, risk, welfare"):
        select_equilibria(g, order=["efficiency"])
    with pytest.raises(ValueError, match="no equilibria"):
        select_equilibria(g, equilibria=[])
    assert CRITERIA == ("pareto", "risk", "nash_product", "welfare")


@given(games(2, 3))
def test_selection_is_consistent(game):
    sel = select_equilibria(game)
    n = len(sel.assessments)
    assert sel.chosen is None or 0 <= sel.chosen < n
    if sel.chosen is not None:
        assert not sel.assessments[sel.chosen].pareto_dominated_by  # never a dominated choice
    assert sorted(sel.welfare_ranking) == list(range(n))
    for x in sel.assessments:  # Pareto dominance is irreflexive and antisymmetric
        assert x.index not in x.pareto_dominated_by
        for k in x.pareto_dominated_by:
            assert x.index not in sel.assessments[k].pareto_dominated_by
