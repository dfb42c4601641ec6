"""The logit QRE of a game of three or more players: the fixed point checked by brute force.

A logit QRE at precision lambda is a profile in which each player's probabilities are the
softmax of lambda times the expected payoffs of its actions (McKelvey and Palfrey 1995, eq. 3).
The check below sums over every pure profile of the other players, independently of the solver's
array code.
"""

from __future__ import annotations

import itertools
import math
from fractions import Fraction

import pytest
from click.testing import CliRunner

from gametheory import load_scenario
from gametheory.cli.main import cli
from gametheory.kinds import evaluate


def _expected(game, profile, player, action):
    total = 0.0
    others = [range(n) for n in game.shape]
    others[player] = [action]
    for pure in itertools.product(*others):
        weight = math.prod(profile[k][i] for k, i in enumerate(pure) if k != player)
        total += weight * float(game.payoff(pure)[player])
    return total


@pytest.mark.parametrize("lam", ["0", "1/2", "2", "6"])
def test_three_counties_qre_is_a_logit_fixed_point(lam: str) -> None:
    sc = load_scenario("federal_three_counties")
    result = evaluate(sc, "solve", method="logit-qre", lam=lam)
    game = sc.model[1].subs(sc.values())
    profile = result.result.profile
    value = float(Fraction(lam))
    for player, probs in enumerate(profile):
        payoffs = [_expected(game, profile, player, a) for a in range(len(probs))]
        top = max(payoffs)
        weights = [math.exp(value * (u - top)) for u in payoffs]
        assert probs == pytest.approx([w / sum(weights) for w in weights], abs=1e-9)
    if lam == "0":
        assert all(p == pytest.approx(1 / len(ps)) for ps in profile for p in ps)


def test_three_counties_qre_from_the_command_line() -> None:
    done = CliRunner().invoke(
        cli,
        ["solve", "federal_three_counties", "--method", "logit-qre", "--lambda", "2", "--trace"],
    )
    assert done.exit_code == 0, done.output
    assert "principal branch" in done.output and "County_C" in done.output
