"""The reputation model (gametheory.kinds.reputation): chain store and trust mirror.

Hand derivations (Kreps & Wilson 1982, JET 27:253-279; Fudenberg & Tirole 1991, section 9.2;
Milgrom & Roberts 1982), at the defaults N = 10, epsilon = 1/10:

* chain store, a = 2, b = 1/2: entry is deterred while epsilon > b**n, i.e. 1/10 > 2**-n, n >= 4
  (ln(1/10)/ln(1/2) = 3.32): markets 10..4, seven of them. At n = 3, p = 1/10 < b**3 = 1/8: entry;
  the weak incumbent fights with beta_3 = (1 - b**2) p / ((1 - p) b**2) = (3/4)(1/10)/((9/10)(1/4))
  = 1/3; Pr(fight) = p / b**2 = 2/5; after a fight p = b**2 = 1/4, where the next entrant stays
  out with probability 1/a = 1/2. The weak type gets a = 2 in each of the 7 deterred markets and
  0 from n = 3 on (it is indifferent there, and accommodating ends with 0): 14. Commitment gives
  10 a = 20; complete information gives 0 and every jurisdiction enters.
* trust, theta = 1/2, r = g = 1: the opportunist honors for sure while p >= theta**(n-1): 1/10 >=
  2**-(n-1) iff n >= 5 (markets 10..5); at n = 4 the jurisdiction trusts (1/10 >= 1/16) and the
  opportunist honors with probability (1/10)(7/8)/((9/10)(1/8)) = 7/9; Pr(honor) = (1/10)/(1/8)
  = 4/5; after an honor p = 1/8 = theta**3, where the next jurisdiction trusts with probability
  g/(r + g) = 1/2. The opportunist gets r = 1 for n = 10..5 and is indifferent at n = 4, where
  betraying gives r + g = 2 and ends its reputation: 6 + 2 = 8. Binding honoring gives 10 r = 10.

The independent check: :func:`_verify` goes through the whole game tree (every history, on and
off the path, grouped by the likelihood of the long-run player's observed actions under each
type), does its own Bayesian updating from those likelihoods, computes the strategic type's
continuation values by backward recursion, and checks that every short-run choice and every
strategic long-run choice is a best response (mixing only when indifferent); it then compares
the distribution of (stage, belief) it reaches and the expected payoffs with the module's
forward solution. Histories with the same likelihoods have the same belief and continuation, so
grouping them loses nothing. The same check rejects mutated strategies (a wrong mixing
probability, a shifted threshold, a weak type that fights in the last market).
"""

from __future__ import annotations

import json
import math
from fractions import Fraction as F
from functools import cache

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gametheory import compare_regimes, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import ScenarioError
from gametheory.kinds.reputation import ReputationGame, solve_sequential, stage_strategy


def _verify(game: ReputationGame) -> dict[str, object]:
    """Walk every history; check sequential rationality given Bayes-updated beliefs.

    Returns the ex-ante reach probability of each on-path (stage, belief), the strategic type's
    value and the short-run players' expected total, computed here from the tree.
    """
    eps, chain = game.prior, game.game == "chain_store"
    (us, vs), (ua, va), (uy, vy) = game.payoffs

    def belief(lw: F, lt: F) -> F:
        # likelihoods of the long-run player's observed actions under each type
        den = eps * lt + (1 - eps) * lw
        return eps * lt / den if den else F(0)

    @cache
    def value(n: int, lw: F, lt: F) -> F:
        """The strategic type's expected payoff from stage n on, given the profile."""
        if n == 0:
            return F(0)
        e, b = stage_strategy(game, n, belief(lw, lt))
        act = ua + value(n - 1, lw * b, lt)
        give = uy + value(n - 1, lw * (1 - b), F(0))
        return (1 - e) * (us + value(n - 1, lw, lt)) + e * (b * act + (1 - b) * give)

    reach: dict[tuple[int, F], F] = {}
    short = F(0)
    # Every history, grouped by the likelihoods (lw, lt) of the long-run player's actions in it
    # (histories with the same likelihoods have the same belief and the same continuation);
    # zero-probability (off-path) histories are kept and checked too.
    layer: dict[tuple[F, F], tuple[F, F]] = {(F(1), F(1)): (F(1), F(1))}
    for n in range(game.stages, 0, -1):
        nxt: dict[tuple[F, F], tuple[F, F]] = {}
        for (lw, lt), (prob_w, prob_t) in layer.items():
            p = belief(lw, lt)
            e, b = stage_strategy(game, n, p)
            assert 0 <= e <= 1 and 0 <= b <= 1
            # the strategic long-run type: one-shot deviation at this (possibly off-path) node
            act = ua + value(n - 1, lw * b, lt)
            give = uy + value(n - 1, lw * (1 - b), F(0))
            if 0 < b < 1:
                assert act == give, (n, p)
            elif b == 1:
                assert act >= give, (n, p)
            else:
                assert give >= act, (n, p)
            # the short-run player, against the total probability of the action
            q = p + (1 - p) * b
            engage = q * va + (1 - q) * vy
            if 0 < e < 1:
                assert engage == vs, (n, p)
            elif e == 1:
                assert engage >= vs, (n, p)
            else:
                assert vs >= engage, (n, p)
            ex = eps * prob_t + (1 - eps) * prob_w
            if ex:
                reach[(n, p)] = reach.get((n, p), F(0)) + ex
                against_w = (1 - e) * vs + e * (b * va + (1 - b) * vy)
                short += (1 - eps) * prob_w * against_w + eps * prob_t * ((1 - e) * vs + e * va)
            children = (
                ((lw, lt), prob_w * (1 - e), prob_t * (1 - e)),
                ((lw * b, lt), prob_w * e * b, prob_t * e),
                ((lw * (1 - b), F(0)), prob_w * e * (1 - b), F(0)),
            )
            for key, dw, dt in children:
                w0, t0 = nxt.get(key, (F(0), F(0)))
                nxt[key] = (w0 + dw, t0 + dt)
        layer = nxt
    assert chain or game.game == "trust"
    return {"reach": reach, "value": value(game.stages, F(1), F(1)), "short": short}


def _check_against_module(game: ReputationGame) -> None:
    brute = _verify(game)
    res = solve_sequential(game)
    mine = {(r.n, r.belief): r.reach for r in res.rows if r.reach}
    assert mine == brute["reach"]
    assert res.payoff_strategic == brute["value"]
    assert res.payoff_short == brute["short"]


CHAIN = ReputationGame.chain_store(2, F(1, 2), F(1, 10), 10)
TRUST = ReputationGame.trust(1, 1, 1, 1, F(1, 10), 10)


def _rows(res, n):  # type: ignore[no-untyped-def]
    return [r for r in res.rows if r.n == n]


def test_chain_store_domain_values() -> None:
    res = solve_sequential(CHAIN)
    assert res.sure == 7  # markets 10..4
    assert all(
        r.engage == 0 and r.belief == F(1, 10) for n in range(10, 3, -1) for r in _rows(res, n)
    )
    (r3,) = _rows(res, 3)
    assert (r3.engage, r3.act, r3.act_total, r3.after_act) == (1, F(1, 3), F(2, 5), F(1, 4))
    assert r3.after_act == CHAIN.threshold_base**2
    top = _rows(res, 2)[0]
    assert top.belief == F(1, 4) and 1 - top.engage == F(1, 2)  # stays out w.p. 1/a
    assert res.thresholds[-3:] == (F(1, 8), F(1, 4), F(1, 2))
    assert res.payoff_strategic == 14
    assert math.log(0.1) / math.log(0.5) == pytest.approx(3.3219, abs=1e-4)


def test_trust_domain_values() -> None:
    res = solve_sequential(TRUST)
    assert all(r.engage == 1 and r.act == 1 for n in range(10, 4, -1) for r in _rows(res, n))
    (r4,) = _rows(res, 4)
    assert (r4.engage, r4.act, r4.act_total, r4.after_act) == (1, F(7, 9), F(4, 5), F(1, 8))
    top = _rows(res, 3)[0]
    assert top.belief == F(1, 8) and top.engage == F(1, 2)  # g/(r + g)
    assert res.sure == 7  # trust for sure at n = 10..4, honored for sure at 10..5
    assert res.payoff_strategic == 8


@pytest.mark.parametrize(
    "game",
    [
        pytest.param(CHAIN, id="chain-defaults"),
        pytest.param(TRUST, id="trust-defaults"),
        pytest.param(ReputationGame.chain_store(3, F(1, 3), F(1, 20), 7), id="chain-a3-b1/3"),
        pytest.param(ReputationGame.chain_store(F(3, 2), F(2, 3), F(1, 4), 8), id="chain-b2/3"),
        pytest.param(ReputationGame.chain_store(2, F(1, 2), F(1, 8), 6), id="chain-eps=b^3"),
        pytest.param(ReputationGame.chain_store(5, F(1, 2), F(1, 64), 6), id="chain-eps=b^N"),
        pytest.param(ReputationGame.trust(1, 2, 1, 2, F(1, 5), 7), id="trust-theta2/3"),
        pytest.param(ReputationGame.trust(3, 1, 2, 1, F(1, 16), 6), id="trust-eps=theta^2"),
        pytest.param(ReputationGame.trust(1, 1, 1, 3, F(1, 2), 6), id="trust-eps=theta"),
        # Fudenberg-Tirole's variant: the fought entrant gets -1, so c = b/(1 + b) = 1/3
        pytest.param(
            ReputationGame(
                "chain_store", 7, F(1, 10), ((F(2), F(0)), (F(-1), F(-1)), (F(0), F(1, 2)))
            ),
            id="chain-FT-variant",
        ),
    ],
)
def test_sequential_rationality_and_bayes_on_every_history(game: ReputationGame) -> None:
    _check_against_module(game)


def test_fudenberg_tirole_variant_threshold() -> None:
    ft = ReputationGame("chain_store", 7, F(1, 10), ((F(2), F(0)), (F(-1), F(-1)), (F(0), F(1, 2))))
    assert ft.threshold_base == F(1, 3)  # b/(1 + b)
    assert solve_sequential(ft).sure == 5  # 1/10 > 3**-n iff n >= 3: markets 7..3


def test_extreme_priors() -> None:
    for game, good in ((CHAIN, 0), (TRUST, 1)):
        none = solve_sequential(game.with_prior(0))
        assert all(r.engage == 1 - good for r in none.rows)  # Selten: entry / no trust
        assert none.payoff_strategic == 0
        sure = solve_sequential(game.with_prior(1))
        assert sure.sure == 10 and all(r.engage == good for r in sure.rows)


def test_complete_information_matches_the_tree_solver_on_seltens_chain_store() -> None:
    # games/chain_store.toml (two entrants, m = 5, d = 2, w = 0, o = 1) solved by the project's
    # backward induction: both enter and are accommodated, payoffs (4, 2, 2).
    data = json.loads(CliRunner().invoke(cli, ["solve", "chain_store", "--format", "json"]).output)
    (spe,) = data["spe"]
    assert spe["path"] == ["In", "Accommodate", "In", "Accommodate"]
    pay = ((F(5), F(1)), (F(0), F(0)), (F(2), F(2)))  # out, fight, accommodate
    res = solve_sequential(ReputationGame("chain_store", 2, F(0), pay))
    assert all(r.engage == 1 and r.act == 0 for r in res.rows)
    assert [str(res.payoff_strategic), str(res.payoff_short)] == [spe["payoffs"][0], "4"]


rationals = st.fractions(min_value=F(1, 12), max_value=F(11, 12), max_denominator=12)


@given(
    a=st.fractions(min_value=F(7, 6), max_value=5, max_denominator=6),
    b=rationals,
    eps=st.fractions(min_value=0, max_value=1, max_denominator=40),
    n=st.integers(1, 6),
)
def test_chain_store_is_a_sequential_equilibrium(a: F, b: F, eps: F, n: int) -> None:
    game = ReputationGame.chain_store(a, b, eps, n)
    _check_against_module(game)
    if 0 < eps < 1:  # deterred for sure exactly in the stages n > ln(eps)/ln(b)
        expected = sum(1 for k in range(1, n + 1) if eps > b**k)
        assert solve_sequential(game).sure == expected


@given(
    h=rationals, l=rationals, r=rationals, g=rationals,
    eps=st.fractions(min_value=0, max_value=1, max_denominator=40),
    n=st.integers(1, 6),
)  # fmt: skip
def test_trust_is_a_sequential_equilibrium(h: F, l: F, r: F, g: F, eps: F, n: int) -> None:  # noqa: E741
    game = ReputationGame.trust(h, l, r, g, eps, n)
    _check_against_module(game)
    if 0 < eps < 1:
        theta = l / (h + l)
        assert solve_sequential(game).sure == sum(1 for k in range(1, n + 1) if eps > theta**k)


def test_compare_regimes_chain_store() -> None:
    c = compare_regimes(load_scenario("sanctuary_chain_store"))
    assert [o.label for o in c.outcomes] == [
        "commitment",
        "reputation, epsilon = 1/10",
        "complete information",
    ]
    assert [o.payoffs for o in c.outcomes] == [(20, 0), (14, F(4, 5)), (0, 5)]
    assert [o.level for o in c.outcomes] == [10, F(29, 4), 0]
    assert c.figure("sure_stages").value == 7
    assert c.figure("value_of_reputation").value == 14
    assert c.figure("commitment_gap").value == 6
    assert float(c.figure("reputation_horizon").value) == pytest.approx(3.3219, abs=1e-4)
    assert str(c.figure("threshold_base").formula) == "b"
    assert str(c.figure("mixing_at_threshold").formula) == "1/a"


def test_compare_regimes_trust_and_overrides() -> None:
    c = compare_regimes(load_scenario("drawdown_reputation"))
    assert [o.regime.value for o in c.outcomes] == [
        "enforceable",
        "self-enforcing",
        "unenforceable",
    ]
    assert [o.payoffs[0] for o in c.outcomes] == [10, 8, 0]
    assert c.outcomes[2].cooperates is False and c.outcomes[2].level == 0
    # a longer horizon does not lengthen the unravelling: the last ~ln(eps)/ln(theta) stages
    c30 = compare_regimes(load_scenario("drawdown_reputation"), {"N": 30})
    assert c30.figure("sure_stages").value == 27
    c0 = compare_regimes(load_scenario("drawdown_reputation"), {"epsilon": 0})
    assert c0.outcomes[1].level == 0 and c0.figure("reputation_horizon").value is None


def test_cli_show_solve_compare_json() -> None:
    runner = CliRunner()
    for name in ("sanctuary_chain_store", "drawdown_reputation"):
        for command in ("show", "solve", "compare"):
            result = runner.invoke(cli, [command, name])
            assert result.exit_code == 0, result.output
    data = json.loads(
        runner.invoke(cli, ["solve", "sanctuary_chain_store", "--format", "json"]).output
    )
    assert data["model"] == "reputation" and data["game"] == "chain_store"
    row3 = next(r for r in data["rows"] if r["n"] == 3)
    assert (row3["act"], row3["act_total"], row3["after_act"]) == ("1/3", "2/5", "1/4")
    assert row3["act_float"] == pytest.approx(1 / 3) and row3["after_stay"] == "1/10"
    assert data["summary"]["sure"] == 7 and data["threshold_base"] == "1/2"
    assert [t["value"] for t in data["thresholds"][-3:]] == ["1/8", "1/4", "1/2"]
    data = json.loads(
        runner.invoke(cli, ["solve", "drawdown_reputation", "--format", "json"]).output
    )
    row4 = next(r for r in data["rows"] if r["n"] == 4)
    assert (row4["act"], row4["act_total"], data["mixing"]) == ("7/9", "4/5", "1/2")
    data = json.loads(
        runner.invoke(cli, ["compare", "drawdown_reputation", "--format", "json"]).output
    )
    assert [r["level"] for r in data["regimes"]] == ["10", "301/40", "0"]
    result = runner.invoke(cli, ["compare", "drawdown_reputation", "--delta", "0.9"])
    assert (
        result.exit_code == 1
        and "--delta does not apply to compare on a reputation scenario" in result.output
    )


SCENARIO = """
format = 1
title = "t"
[[players]]
name = "F"
[[players]]
name = "L"
[parameters.a]
default = {a}
provenance = "illustrative"
[parameters.N]
default = {n}
provenance = "illustrative"
[reputation]
game = "{game}"
stages = "N"
prior = "{prior}"
[reputation.payoffs]
{payoffs}
"""
GOOD = 'out = ["a", 0]\nfight = [-1, "-1/2"]\naccommodate = [0, "1/2"]'


@pytest.mark.parametrize(
    "changes,message",
    [
        ({"game": "chainstore"}, "unknown game 'chainstore'"),
        ({"a": "0.5"}, "a > 1"),
        ({"n": "2.5"}, "whole number of stages"),
        ({"prior": "sqrt(2)/2"}, "rational"),
        ({"prior": "3/2"}, "probability"),
        ({"payoffs": GOOD.replace("accommodate", "yield")}, "unknown key 'yield'"),
        ({"payoffs": GOOD.replace('[0, "1/2"]', "[0]")}, "expected two payoffs"),
    ],
)
def test_bad_sections_name_the_key(write_scenario, changes, message) -> None:  # type: ignore[no-untyped-def]
    fields = {"a": "2", "n": "4", "game": "chain_store", "prior": "1/10", "payoffs": GOOD} | changes
    path = write_scenario(SCENARIO.format(**fields))
    with pytest.raises(ScenarioError, match="reputation") as err:
        sc = load_scenario(path)
        compare_regimes(sc)
    assert message in str(err.value)
