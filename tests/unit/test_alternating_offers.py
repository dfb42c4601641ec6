"""Alternating offers (gametheory.kinds.alternating_offers), against hand derivations.

Rubinstein (1982), by hand: with delta_F = 9/10 and delta_L = 4/5 the proposer i takes
(1 - delta_j)/(1 - delta_i delta_j): F first 0.2/0.28 = 5/7 (L 2/7); L first 0.1/0.28 = 5/14 (F
9/14); equal delta = 9/10: 1/(1 + delta) = 10/19. L's outside option w_L binds iff
w_L > delta_L * 5/14 = 2/7 (F proposing): at w_L = 2/5 L gets 2/5 and F 3/5.
Unenforceable (credible shares only): y_bar = delta_F (1 - rho)(S - w_F) + (1 - delta_F (1 - rho)) phi.
With phi = w_F = 0 the cap binds iff 9/10 (1 - rho) < 5/14, rho > 38/63; no agreement iff
9/10 (1 - rho) < w_L = 1/4, rho > 13/18. At rho = 13/20: y_bar = 63/200, L gets
max(1/4, 4/5 * 63/200) = 63/250 and F 187/250.
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import compare_regimes, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import ScenarioError
from gametheory.kinds.alternating_offers import capped_shares, finite_horizon

F = Fraction
D = (F(9, 10), F(4, 5))


@pytest.mark.parametrize(
    ("overrides", "shares"),
    [
        ({"w_L": "0"}, (F(5, 7), F(2, 7))),
        ({"w_L": "1/4"}, (F(5, 7), F(2, 7))),  # below 2/7: no effect (outside-option principle)
        ({"w_L": "2/7"}, (F(5, 7), F(2, 7))),
        ({"w_L": "2/5"}, (F(3, 5), F(2, 5))),
        ({"delta_L": "0.9"}, (F(10, 19), F(9, 19))),
        ({"rho": "13/20"}, (F(187, 250), F(63, 250))),
    ],
)
def test_domain_values(overrides: dict[str, str], shares: tuple[Fraction, Fraction]) -> None:
    c = compare_regimes(load_scenario("pep_bargaining"), overrides)
    regime = "unenforceable" if "rho" in overrides else "enforceable"
    assert c.outcome(regime).payoffs == tuple(sp.Rational(x) for x in shares)


def test_local_proposing_first(write_scenario) -> None:  # type: ignore[no-untyped-def]
    text = load_scenario("pep_bargaining").path
    with open(text, encoding="utf-8") as fh:
        body = fh.read().replace('first = "Federal"', 'first = "Local"')
    c = compare_regimes(load_scenario(write_scenario(body)))
    assert c.outcome("enforceable").payoffs == (sp.Rational(9, 14), sp.Rational(5, 14))


def test_turnover_thresholds() -> None:
    c = compare_regimes(load_scenario("pep_bargaining"))
    assert c.figure("turnover_cap_binds").value == sp.Rational(38, 63)
    assert c.figure("turnover_no_agreement").value == sp.Rational(13, 18)
    assert c.figure("outside_option_binds_above").value == sp.Rational(2, 7)
    assert c.figure("cost_of_unenforceability").value == 0
    none = compare_regimes(load_scenario("pep_bargaining"), {"rho": "3/4"}).outcome("unenforceable")
    assert none.cooperates is False and none.payoffs == (0, sp.Rational(1, 4))
    # a penalty on reneging raises the cap: y_bar = d + (1 - d) phi with d = 9/10 * 7/20
    # (1/20: y_bar = 63/200 + 137/200 / 20 = 1397/4000 < 5/14, so it still binds; 1/5 lifts the
    # cap to 452/1000 > 5/14 and the binding shares return)
    c = compare_regimes(load_scenario("pep_bargaining"), {"rho": "13/20"}, penalty="1/20")
    assert c.outcomes[2].label == "penalty 1/20"
    assert c.outcomes[2].level == sp.Rational(4, 5) * sp.Rational(1397, 4000)
    c = compare_regimes(load_scenario("pep_bargaining"), {"rho": "13/20"}, penalty="1/5")
    assert c.outcomes[2].level == sp.Rational(2, 7)


@pytest.mark.parametrize("first", [0, 1])
@pytest.mark.parametrize(
    "options", [(F(0), F(0)), (F(0), F(1, 4)), (F(0), F(2, 5)), (F(1, 5), F(1, 3))]
)
def test_finite_horizon_converges(first: int, options: tuple[Fraction, Fraction]) -> None:
    stationary = capped_shares(D, first=first, outside_options=options).shares
    gaps = [
        abs(finite_horizon(D, T, first=first, outside_options=options)[0] - stationary[0])
        for T in (10, 20, 40, 80, 160)
    ]
    assert all(g2 <= g1 for g1, g2 in itertools.pairwise(gaps))
    assert gaps[-2] < F(1, 10**5) and gaps[-1] < F(1, 10**11)  # about 0.72**(T/2)


def _grid_spe(
    d: tuple[Fraction, Fraction], rounds: int, step: int, w: tuple[Fraction, Fraction], cap=None
):  # type: ignore[no-untyped-def]
    """Brute force: offers on a grid of 1/step; each round the proposer tries every offer and the
    responder accepts iff it gets at least its value of rejecting (opt out or next round)."""
    value = None  # proposer's value in the next round, both players' payoffs
    for t in range(rounds - 1, -1, -1):
        i = t % 2
        j = 1 - i
        reject = w[j] if value is None else max(w[j], d[j] * value[j])
        best = None
        for k in range(step + 1):
            offer = F(k, step)  # the responder's share
            local = offer if j == 1 else 1 - offer
            if cap is not None and local > cap:  # Local's share must be credible
                continue
            if offer >= reject:
                pay = [F(0), F(0)]
                pay[i], pay[j] = 1 - offer, offer
                if best is None or pay[i] > best[i]:
                    best = pay
        value = best
    return value


@settings(max_examples=15)
@given(
    d0=st.fractions(F(1, 2), F(19, 20), max_denominator=20),
    d1=st.fractions(F(1, 2), F(19, 20), max_denominator=20),
    w1=st.fractions(0, F(1, 2), max_denominator=10),
    cap=st.one_of(st.none(), st.fractions(F(1, 2), 1, max_denominator=10)),
)
def test_finite_horizon_matches_a_grid_search(d0, d1, w1, cap) -> None:  # type: ignore[no-untyped-def]
    w = (F(0), w1)
    exact = finite_horizon((d0, d1), 4, outside_options=w, cap=cap)
    grid = _grid_spe((d0, d1), 4, 200, w, cap)
    assert abs(grid[0] - exact[0]) <= F(4, 200)


@settings(max_examples=30)
@given(
    d0=st.fractions(F(1, 10), F(99, 100), max_denominator=100),
    d1=st.fractions(F(1, 10), F(99, 100), max_denominator=100),
    w1=st.fractions(0, F(1, 2), max_denominator=20),
    rho=st.fractions(0, 1, max_denominator=20),
    first=st.integers(0, 1),
)
def test_regime_ordering_and_stationarity(d0, d1, w1, rho, first) -> None:  # type: ignore[no-untyped-def]
    cap = d0 * (1 - rho)
    bound = capped_shares((d0, d1), first=first, outside_options=(0, w1))
    free = capped_shares((d0, d1), first=first, outside_options=(0, w1), cap=cap)
    assert free.shares[1] <= bound.shares[1]  # enforcement never hurts the player who cannot renege
    if free.agreement:
        assert free.shares[1] <= max(cap, w1) and sum(free.shares) == 1
        long_run = finite_horizon((d0, d1), 400, first=first, outside_options=(0, w1), cap=cap)
        # Backward induction contracts by d0*d1 every two rounds (Rubinstein 1982's argument),
        # so after 400 rounds the gap is at most a few times (d0*d1)**199: tiny unless both are
        # close to 1 (91/94 gives about 2e-6).
        assert abs(long_run[1] - free.shares[1]) <= max(F(1, 10**6), 4 * (d0 * d1) ** 199)


def test_derive_matches_the_library() -> None:
    sc = load_scenario("pep_bargaining")
    data = json.loads(
        CliRunner().invoke(cli, ["derive", "pep_bargaining", "--format", "json"]).output
    )
    names = {p.name: p.symbol for p in sc.parameters}
    from gametheory.formula import parse_formula

    x = parse_formula(data["formulas"]["proposer_share_Federal"]["text"], names)
    assert x.xreplace(
        {names["S"]: 1, names["delta_F"]: sp.Rational(9, 10), names["delta_L"]: sp.Rational(4, 5)}
    ) == sp.Rational(5, 7)
    cap = parse_formula(data["formulas"]["credible_cap"]["text"], names)
    assert (
        sp.simplify(
            cap
            - (
                names["delta_F"] * (1 - names["rho"]) * (names["S"] - names["w_F"])
                + names["phi"] * (1 - names["delta_F"] * (1 - names["rho"]))
            )
        )
        == 0
    )


def test_cli_show_solve_compare_json() -> None:
    runner = CliRunner()
    for cmd in ("show", "solve", "compare", "derive"):
        result = runner.invoke(cli, [cmd, "pep_bargaining"])
        assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(cli, ["solve", "pep_bargaining", "--format", "json"]).output)
    assert data["regimes"]["enforceable"]["proposer_shares"]["Local"] == "5/14"
    assert data["regimes"]["enforceable"]["proposer_shares_float"]["Local"] == 5 / 14
    assert data["finite_horizon"][0] == {
        "rounds": 1,
        "first_proposer_share": "3/4",
        "first_proposer_share_float": 0.75,
        "gap": "1/28",
        "gap_float": 1 / 28,
    }
    data = json.loads(
        runner.invoke(
            cli, ["compare", "pep_bargaining", "--set", "rho=0.65", "--format", "json"]
        ).output
    )
    assert [r["level"] for r in data["regimes"]] == ["2/7", "63/250"]
    assert runner.invoke(cli, ["compare", "pep_bargaining", "--delta", "0.9"]).exit_code == 1


def test_errors_name_the_key(write_scenario) -> None:  # type: ignore[no-untyped-def]
    with open(load_scenario("pep_bargaining").path, encoding="utf-8") as fh:
        body = fh.read()
    bad = write_scenario(body.replace('Local = "delta_L"', 'County = "delta_L"'))
    with pytest.raises(ScenarioError, match=r"bargaining\.discount\.County: unknown key 'County'"):
        load_scenario(bad)
    bad = write_scenario(body.replace('reneger = "Federal"', 'reneger = "ICE"'), "b.toml")
    with pytest.raises(ScenarioError, match=r"bargaining\.reneger: unknown player 'ICE'"):
        load_scenario(bad)
