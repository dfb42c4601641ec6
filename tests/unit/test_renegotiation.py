"""Weak renegotiation-proofness (gametheory.repeated.renegotiation; Farrell and Maskin 1989).

Literature: grim trigger's punishment (P, P) is Pareto-dominated by cooperation (R, R), so it is
never weakly renegotiation-proof (Farrell and Maskin 1989, §2); penance is, exactly when it is
subgame perfect: delta >= max{(T - R)/(R - S), (P - S)/(R - S)} = 2/3 at 5/3/1/0 (van Damme
1989). The independent check computes every continuation value by summing the play of the joint
automaton round by round in exact fractions (no closed form), and compares the Pareto ranking
with the exact verdict at rational points away from the set's endpoints.
"""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from gametheory import load_scenario
from gametheory.exceptions import GameTheoryError
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.repeated.analysis import analyse_repeated, resolve_strategies
from gametheory.repeated.automata import grim_trigger, penance, tit_for_tat
from gametheory.repeated.delta_sets import DeltaSet
from gametheory.repeated.deviation import _Joint, delta_assumptions
from gametheory.repeated.game import RepeatedGame
from gametheory.repeated.renegotiation import check_renegotiation_proof, complement
from gametheory.repeated.roles import repeated_game, roles
from gametheory.symbolic.derive import scenario_assumptions

R = sp.Rational


def pd(t, r, p, s):
    return NormalFormGame.from_matrices(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


PD = RepeatedGame.common(pd(5, 3, 1, 0))
GRIM = grim_trigger("C", "D", "C")
PEN = penance("C", "D", "C", "D")
TFT = tit_for_tat("C", "D", "C")


@pytest.mark.parametrize(
    ("pair", "expected"),
    [
        pytest.param((GRIM, GRIM), "never", id="grim-never-Farrell-Maskin-1989"),
        pytest.param((PEN, PEN), "delta >= 2/3", id="penance-vanDamme-1989"),
        pytest.param((TFT, TFT), "never", id="tft-not-even-SPE"),
    ],
)
def test_prisoners_dilemma(pair, expected: str) -> None:
    assert check_renegotiation_proof(PD, pair).joint.describe() == expected


def test_penance_closed_form() -> None:
    sc = load_scenario("prisoners_dilemma")
    g = repeated_game(sc, symbolic=True)
    coop, pun = roles(sc.game_at(), sc.repeated or RepeatedSpec())
    ((_, pair),) = resolve_strategies(sc, g.stage, ["penance"], coop, pun)
    known = delta_assumptions(scenario_assumptions(sc, {}), g.delta)
    c = check_renegotiation_proof(g, pair, known=known)
    s = sc.symbols
    lows = sorted(c.joint.lower, key=str)
    want = sorted(
        [(s["T"] - s["R"]) / (s["R"] - s["S"]), (s["P"] - s["S"]) / (s["R"] - s["S"])], key=str
    )
    assert all(sp.simplify(a - b) == 0 for a, b in zip(lows, want, strict=True))
    ((_, grim),) = resolve_strategies(sc, g.stage, ["grim"], coop, pun)
    assert check_renegotiation_proof(g, grim, known=known).joint is False


def _value_by_play(
    game: RepeatedGame, pair, state, player: int, d: Fraction, rounds: int
) -> Fraction:
    joint = _Joint(game, pair)
    total, w, s = Fraction(0), Fraction(1), state
    for _ in range(rounds):
        prof = joint.profile(s)
        u = game.stage.payoffs[player][prof]
        total += w * Fraction(int(sp.numer(u)), int(sp.denom(u)))
        w *= d
        s = joint.step(s, prof)
    return (1 - d) * total


@pytest.mark.parametrize(
    "d", [Fraction(1, 5), Fraction(1, 2), Fraction(3, 5), Fraction(7, 10), Fraction(9, 10)]
)
@pytest.mark.parametrize("name", ["grim_trigger", "penance", "tit_for_tat", "punish:2"])
def test_pareto_ranking_by_play(name: str, d: Fraction) -> None:
    """Independent: the Pareto ranking of truncated played-out values matches the exact sets."""
    sc = load_scenario("surge_pd")
    game = repeated_game(sc)
    coop, pun = roles(game.stage, sc.repeated)
    ((_, pair),) = resolve_strategies(sc, game.stage, [name], coop, pun)
    exact = check_renegotiation_proof(game, pair)
    spe_holds = check_renegotiation_proof(game.with_delta(str(d)), pair)
    joint = _Joint(game, pair)
    start = (pair[0].initial, pair[1].initial)
    states = joint.reachable(start)
    values = {s: [_value_by_play(game, pair, s, k, d, 120) for k in (0, 1)] for s in states}
    tail = 2 * 12 * float(d) ** 120  # payoffs are within [-6, 4]
    ranked = any(
        all(values[s][k] - values[t][k] > tail for k in (0, 1)) for s in states for t in states
    )
    unranked_surely = all(
        any(values[s][k] - values[t][k] < -tail for k in (0, 1))
        or s == t
        or all(abs(values[s][k] - values[t][k]) <= tail for k in (0, 1))
        for s in states
        for t in states
    )
    verdict = exact.joint.contains(sp.Rational(d.numerator, d.denominator))
    assert spe_holds.holds == verdict
    if ranked:
        assert not verdict
    if unranked_surely:
        from gametheory.repeated.deviation import check_strategies

        spe = check_strategies(game, pair).joint.contains(sp.Rational(d.numerator, d.denominator))
        assert verdict == spe


def test_complement() -> None:
    half = R(1, 2)
    assert complement(DeltaSet.everything()).is_empty
    assert complement(DeltaSet.at_most(half)).describe() == "delta > 1/2"
    s = DeltaSet(((R(1, 4), R(1, 2), True, False),))
    assert complement(s).describe() == "delta < 1/4 or delta >= 1/2"
    assert complement(complement(s)) == s


def test_cli_concept_in_analysis() -> None:
    res = analyse_repeated(
        load_scenario("surge_pd"), strategies=["grim", "penance"], concepts=["renegotiation-proof"]
    )
    verdicts = {p.names[0]: p.check.joint.describe() for p in res.pairs}
    assert verdicts["grim"] == "never"
    assert res.pairs[0].concept == "renegotiation-proof"


def test_finite_horizon_refused() -> None:
    g = RepeatedGame.common(pd(5, 3, 1, 0), horizon=3)
    with pytest.raises(GameTheoryError, match="infinitely repeated"):
        check_renegotiation_proof(g, (GRIM, GRIM))
