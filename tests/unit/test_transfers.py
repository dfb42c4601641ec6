"""Transfers and relational contracts (gametheory.repeated.transfers).

Hand derivations: with transfers a stationary profile needs ``G <= delta/(1 - delta) (U - sum v)``
(Levin 2003; Goldlücke and Kranz 2012), so delta* = G/(G + U - sum v); without, each player's
own ``g_i/(g_i + u_i - v_i)``. The independent check: a transfer is a change of the stage game's
agreed cell (``u_0 + tau``, ``u_1 - tau``, paid only when the agreement is kept), and the existing
one-shot-deviation check of grim trigger on that game must hold at the reported threshold with the
reported transfer, and fail just below it for every transfer on a grid.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory import load_scenario
from gametheory.exceptions import GameTheoryError
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.automata import grim_trigger
from gametheory.repeated.deviation import check_strategies
from gametheory.repeated.game import RepeatedGame
from gametheory.repeated.transfers import (
    analyse_transfers,
    linear_threshold,
    relational_contract,
    tidy_ratio,
)

R = sp.Rational


def pd(t, r, p, s):
    return NormalFormGame.from_matrices(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


SURGE = NormalFormGame.from_matrices(
    [[-2, -6], [0, -4]],
    [[3, 4], [0, 1]],
    players=("Local", "Federal"),
    actions=(("Cooperate", "Refuse"), ("Restrain", "Surge")),
)


def transferred(game: NormalFormGame, cell, tau) -> NormalFormGame:
    """The stage game in which the column player pays ``tau`` when ``cell`` is played."""
    a, b = (m.as_mutable() for m in game.payoffs)
    a[cell] += tau
    b[cell] -= tau
    return NormalFormGame(
        game.players, game.actions, (sp.ImmutableMatrix(a), sp.ImmutableMatrix(b))
    )


def grim_holds(game: NormalFormGame, coop, pun, delta) -> bool:
    pair = (grim_trigger(coop[0], pun[0], coop[1]), grim_trigger(coop[1], pun[1], coop[0]))
    return check_strategies(RepeatedGame.common(game, delta), pair).holds


def test_prisoners_dilemma_transfers_change_nothing() -> None:
    # Friedman 1971: (T - R)/(T - P) = 1/2; symmetric, so the pooled condition is the same.
    p = analyse_transfers(pd(5, 3, 1, 0)).profile("C", "C")
    assert (p.nash, p.nash_transfers, p.minmax, p.optimal_transfers) == (R(1, 2),) * 4
    assert p.gains == (2, 2)


def test_surge_transfers_lower_the_threshold() -> None:
    a = analyse_transfers(SURGE, punishment=("Refuse", "Surge"))
    p = a.profile("Cooperate", "Restrain")
    # by hand: gains (2, 1), stakes (2, 2): max(2/4, 1/3) = 1/2 alone, 3/7 pooled
    assert p.nash == R(1, 2) and p.nash_transfers == R(3, 7)
    assert p.optimal_transfers == R(3, 7)
    # (Refuse, Restrain): gains (0, 1) but Federal's stake is -1: never alone; with transfers
    # the county's stake 4 covers it: 1/(1 + 4 - 1) = 1/4
    q = a.profile("Refuse", "Restrain")
    assert q.nash is None and q.nash_transfers == R(1, 4)
    assert a.profile("Refuse", "Surge").nash == 0  # a stage equilibrium: always
    assert a.schedule == (
        (0, ("Refuse", "Surge"), -3),
        (R(1, 4), ("Refuse", "Restrain"), 0),
        (R(3, 7), ("Cooperate", "Restrain"), 1),
    )


@pytest.mark.parametrize("delta", ["3/7", "9/20", "1/2", "4/5"])
def test_contract_transfer_makes_grim_an_equilibrium(delta: str) -> None:
    """Independent: the existing SPE check on the transferred game holds with the transfer."""
    c = analyse_transfers(SURGE, delta=delta).contract
    assert c.profile == ("Cooperate", "Restrain")
    assert c.transfer_range[0] <= c.transfer <= c.transfer_range[1]
    for tau in (c.transfer, *c.transfer_range):
        g = transferred(SURGE, (0, 0), tau)
        assert grim_holds(g, ("Cooperate", "Restrain"), ("Refuse", "Surge"), sp.Rational(delta))


def test_no_transfer_works_below_the_threshold() -> None:
    """Independent: just below 3/7 no transfer on a fine grid makes grim an equilibrium."""
    below = R(3, 7) - R(1, 1000)
    for k in range(-40, 41):
        g = transferred(SURGE, (0, 0), R(k, 20))
        assert not grim_holds(g, ("Cooperate", "Restrain"), ("Refuse", "Surge"), below)


def test_contract_at_the_threshold_pins_the_transfer() -> None:
    c = analyse_transfers(SURGE, delta="3/7").contract
    assert c.transfer_range == (R(2, 7), R(2, 7)) and c.payoffs == (R(-12, 7), R(19, 7))


#: The stage equilibrium (B, R) gives the row player 2, but its minmax is 0 (the column plays M).
MINMAX_LOWER = NormalFormGame.from_matrices(
    [[3, 0, 0], [4, 2, 0]], [[3, 0, -2], [0, 2, 1]], actions=(("T", "B"), ("L", "R", "M"))
)


def test_optimal_code_beats_nash_reversion_where_minmax_is_lower() -> None:
    # By hand: the agreement (T, L) is worth (3, 3) with gains (1, 0), G = 1. Alone the row
    # player needs 1/(1 + 3 - 2) = 1/2; with transfers and Nash reversion S = 6 - 4 = 2: 1/3.
    # The optimal code punishes the row player with a round of (B, M) (its best reply is worth
    # 0, the column player's gain there is 2 - 1 = 1) and the column player with (B, R):
    # max(G) = 1, S = 6 - 0 - 2 = 4: 1/5.
    a = analyse_transfers(MINMAX_LOWER)
    p = a.profile("T", "L")
    assert a.reversion == (2, 2) and a.minmax_values == (0, 2)
    assert (p.nash, p.nash_transfers, p.optimal_transfers) == (R(1, 2), R(1, 3), R(1, 5))
    assert p.minmax == R(1, 4)  # 1/(1 + 3 - 0): a lower bound, the minmax is not credible alone
    assert p.penal_code == (("B", "M"), ("B", "R")) and p.penal_values == (0, 2)


def test_minmax_flagged_when_not_an_equilibrium() -> None:
    a = analyse_transfers(MINMAX_LOWER)
    assert not a.minmax_is_equilibrium
    assert any("lower bounds" in n for n in a.diagnostics)
    assert analyse_transfers(SURGE).minmax_is_equilibrium


def test_closed_forms_of_surge_pd() -> None:
    sc = load_scenario("surge_pd")
    a = analyse_transfers(sc.game_at(), symbolic=sc.substitute())
    f = dict(a.profile("Cooperate", "Restrain").formulas)
    s = sc.symbols
    c_l = s["tau"] + s["lam"] + s["e"]
    expected = (c_l + s["g"]) / (s["h"] + s["a"] + s["g"] - s["p"])
    assert sp.simplify(f["nash_transfers"] - expected) == 0
    assert f["nash_transfers"].xreplace(sc.values()) == R(3, 7)


def test_linear_threshold_edges() -> None:
    assert linear_threshold(0, -1) is None  # nothing to gain, but the stake is negative
    assert linear_threshold(0, 0) == 0
    assert linear_threshold(-1, 0) == 0
    assert linear_threshold(3, 1) == R(3, 4)


def test_tidy_ratio_keeps_the_value() -> None:
    a, b = sp.symbols("a b", positive=True)
    e = (-a - b) / (-2 * a)
    assert sp.simplify(tidy_ratio(e) - e) == 0


def test_errors() -> None:
    x = sp.Symbol("x")
    sym = NormalFormGame.from_matrices([[x, 0], [0, 1]], [[1, 0], [0, 1]])
    with pytest.raises(GameTheoryError, match="symbolic payoffs"):
        analyse_transfers(sym)
    with pytest.raises(TypeError):
        analyse_transfers("not a game")  # type: ignore[arg-type]
    with pytest.raises(GameTheoryError, match="strictly between 0 and 1"):
        relational_contract(analyse_transfers(SURGE).profiles, "3/2")
