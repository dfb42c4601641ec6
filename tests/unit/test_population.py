"""Heterogeneous jurisdictions (gametheory.kinds.population) against hand derivations.

securecomm_vs_pep with tau_i ~ U[0, 5], psi = 1, v = 10, kappa = 1/2; share = clip((sigma psi v -
kappa - pi J)/tau_bar, 0, 1):

* SC (sigma = 0.14, detention requests pi J = 1): (1.4 - 0.5 - 1)/5 = -0.02 -> 0;
* PEP, notification (sigma_PEP = 0.37, calibrated; pi J = 0): (3.7 - 0.5)/5 = 0.64 = 16/25, the
  16 of the 25 largest restricting jurisdictions that resumed working with ICE [S2];
* SC indemnified (pi J = 0): (1.4 - 0.5)/5 = 0.18;
* PEP with detention requests: (3.7 - 0.5 - 1)/5 = 0.44;
* PEP rescindable (delta = 0.99, rho = 1/19): the discounted serious share is 0.14 + 0.23 *
  (1/100)/(1 - (99/100)(18/19)) = 0.14 + 0.23 * 19/118 = 2089/11800, so the share is
  (20890/11800 - 1/2)/5 = 1499/5900.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import compare_regimes, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import UnsupportedGameError
from gametheory.kinds.population import Population, cooperation_share, share_formula

R = sp.Rational
TAU, SIGMA, PIJ, KAPPA, TBAR = sp.symbols("tau sigma pi_J kappa tau_bar", real=True)


def _uniform() -> Population:
    return Population(TAU, 10 * SIGMA, KAPPA + PIJ + TAU, "uniform", (sp.Integer(0), TBAR))


def test_domain_values() -> None:
    c = compare_regimes(load_scenario("securecomm_vs_pep"))
    levels = {o.label: o.level for o in c.outcomes}
    assert levels == {
        "mandate (SC)": 0,
        "SC, indemnified": R(9, 50),
        "negotiated (PEP, notification)": R(16, 25),
        "PEP, detention requests": R(11, 25),
        "PEP, rescindable": R(1499, 5900),
    }
    assert c.outcome("unenforceable").label == "mandate (SC)"
    assert c.figure("share_gap").value == R(16, 25)
    assert c.figure("threshold_negotiated").value == R(16, 5)


@settings(max_examples=25)
@given(
    sigma=st.fractions(0, 1, max_denominator=50),
    pij=st.fractions(0, 2, max_denominator=10),
    kappa=st.fractions(0, 1, max_denominator=10),
    tbar=st.fractions(1, 8, max_denominator=4),
)
def test_share_matches_a_seeded_simulation(sigma, pij, kappa, tbar) -> None:  # type: ignore[no-untyped-def]
    values = {
        SIGMA: R(sigma.numerator, sigma.denominator),
        PIJ: R(pij.numerator, pij.denominator),
        KAPPA: R(kappa.numerator, kappa.denominator),
        TBAR: R(tbar.numerator, tbar.denominator),
    }
    share, _ = cooperation_share(_uniform(), values)
    # Independent check: draw 200,000 jurisdictions and apply the rule to each one.
    rng = np.random.default_rng(20150701)
    tau = rng.uniform(0, float(tbar), 200_000)
    honors = 10 * float(sigma) >= float(kappa) + float(pij) + tau
    assert honors.mean() == pytest.approx(float(share), abs=0.006)


@pytest.mark.parametrize("sigma", [R(7, 50), R(37, 100), R(1, 4), R(9, 10)])
def test_share_matches_an_exact_grid_of_types(sigma) -> None:  # type: ignore[no-untyped-def]
    # 1,000 equally weighted types at the midpoints of [0, 5]: the discrete share (exact, counted
    # type by type) is within one cell (1/1000) of the uniform closed form.
    n = 1000
    mids = tuple(R(2 * k + 1, 2 * n) * 5 for k in range(n))
    grid = Population(TAU, 10 * SIGMA, KAPPA + PIJ + TAU, "discrete", mids, (sp.Integer(1),) * n)
    values = {SIGMA: sigma, PIJ: sp.Integer(0), KAPPA: R(1, 2), TBAR: sp.Integer(5)}
    exact, _ = cooperation_share(_uniform(), values)
    counted, _ = cooperation_share(grid, values)
    assert abs(counted - exact) <= R(1, n)


def test_weighted_types() -> None:
    # Types 0, 1, 4 with weights 1, 2, 1 and gain 3.2 - tau (PEP notification): 0 and 1
    # cooperate, 4 does not, so the share is 3/4.
    m = Population(
        TAU,
        10 * SIGMA,
        KAPPA + PIJ + TAU,
        "discrete",
        (sp.Integer(0), sp.Integer(1), sp.Integer(4)),
        (1, 2, 1),
    )  # type: ignore[arg-type]
    assert cooperation_share(m, {SIGMA: R(37, 100), PIJ: 0, KAPPA: R(1, 2)})[0] == R(3, 4)


def test_closed_form() -> None:
    share, star = share_formula(_uniform(), {})
    assert star == 10 * SIGMA - KAPPA - PIJ
    assert share.xreplace({SIGMA: R(37, 100), KAPPA: R(1, 2), PIJ: 0, TBAR: 5}) == R(16, 25)
    decreasing = Population(TAU, 10 * SIGMA, KAPPA - TAU, "uniform", (sp.Integer(0), TBAR))
    with pytest.raises(UnsupportedGameError):
        share_formula(decreasing, {})
    # A rising gain -1 + tau (types above t* = 1 cooperate) still has an exact share: 4/5.
    assert cooperation_share(decreasing, {SIGMA: 0, KAPPA: 1, TBAR: 5})[0] == R(4, 5)


def test_cli_show_solve_derive_compare_json() -> None:
    runner = CliRunner()
    for command in (
        ["show", "securecomm_vs_pep"],
        ["solve", "securecomm_vs_pep"],
        ["derive", "securecomm_vs_pep"],
        ["compare", "securecomm_vs_pep"],
    ):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(cli, ["solve", "securecomm_vs_pep", "--format", "json"]).output)
    assert data["model"] == "population"
    assert [c["share"] for c in data["cases"]] == ["0", "0", "9/50", "16/25", "11/25", "1499/5900"]
    data = json.loads(
        runner.invoke(cli, ["derive", "securecomm_vs_pep", "--format", "json"]).output
    )
    assert data["share"]["value"] == "0" and data["threshold_type"]["value"] == "-1/10"
    signs = {c["parameter"]: c["sign"] for c in data["comparative_statics"]}
    assert signs["sigma"] == "+" and signs["pi_J"] == "-" and signs["kappa"] == "-"
    data = json.loads(
        runner.invoke(
            cli, ["compare", "securecomm_vs_pep", "--delta", "0.9", "--format", "json"]
        ).output
    )
    # delta = 9/10: 0.14 + 0.23 * (1/10)/(1 - (9/10)(18/19)) = 0.14 + 0.23 * 19/28
    rescind = data["regimes"][-1]
    assert rescind["level"] == str((10 * (R(7, 50) + R(23, 100) * R(19, 28)) - R(1, 2)) / 5)


def test_bad_section_names_the_key(write_scenario) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from gametheory.exceptions import ScenarioError

    base = (Path(__file__).resolve().parents[2] / "games" / "securecomm_vs_pep.toml").read_text(
        encoding="utf-8"
    )
    bad = write_scenario(base.replace('regime = "enforceable"', 'regime = "binding"', 1))
    with pytest.raises(ScenarioError, match=r"population\.regimes\.indemnified\.regime"):
        load_scenario(str(bad))
    bad = write_scenario(base.replace('kind = "uniform"', 'kind = "normal"'))
    with pytest.raises(ScenarioError, match=r"population\.distribution\.kind"):
        load_scenario(str(bad))
