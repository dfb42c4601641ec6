"""Continuous-action games (gametheory.kinds.continuous) against hand derivations.

naming_escalation: best responses x_L = alpha_L + beta_L x_F, x_F = alpha_F + beta_F x_L give
x_L* = (alpha_L + beta_L alpha_F)/(1 - beta_L beta_F) and x_F* = (alpha_F + beta_F alpha_L)/(1 -
beta_L beta_F). At alpha = 1, beta_L = 1/2, beta_F = 4/5: x_L* = (1 + 1/2)/(1 - 2/5) = 5/2 and
x_F* = (1 + 4/5)/(3/5) = 3. Naming (beta_L = 7/10): x_L* = (17/10)/(11/25) = 85/22 and x_F* =
(1 + 4/5)/(11/25) = 45/11. The utilities u_L = -(x_L - alpha_L - beta_L x_F)^2/2 - h_L x_F
(and the mirror for F) give those best responses; at the spiral u_L = -h_L x_F* = -3.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import compare_regimes, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.kinds.continuous import ContinuousGame, nash_equilibria, nash_pact, stability
from gametheory.model.parameters import Domain

R = sp.Rational
XL, XF = sp.symbols("x_L x_F", real=True)
HALF_LINE = Domain.parse("[0, inf)")
ROOT = Path(__file__).resolve().parents[2]


def _game(aL, aF, bL, bF, hL=1, hF=1) -> ContinuousGame:  # type: ignore[no-untyped-def]
    u = (-((XL - aL - bL * XF) ** 2) / 2 - hL * XF, -((XF - aF - bF * XL) ** 2) / 2 - hF * XL)
    return ContinuousGame(("Local", "Federal"), (XL, XF), (HALF_LINE, HALF_LINE), ("", ""), u)


@pytest.fixture(scope="module")
def comparison():  # type: ignore[no-untyped-def]
    return compare_regimes(load_scenario("naming_escalation"))


def test_domain_values(comparison) -> None:  # type: ignore[no-untyped-def]
    assert comparison.figure("x_L_spiral").value == R(5, 2)
    assert comparison.figure("x_F_spiral").value == 3
    assert comparison.figure("x_L_spiral_naming").value == R(85, 22)
    assert comparison.figure("x_F_spiral_naming").value == R(45, 11)
    assert comparison.figure("slope_product").value == R(2, 5)  # 1/2 * 4/5 < 1: stable
    assert comparison.figure("slope_product_naming").value == R(14, 25)
    spiral = comparison.outcomes[1]
    assert spiral.payoffs == (-3, R(-5, 2))  # -h_L x_F*, -h_F x_L*


def test_pact_is_full_de_escalation_at_the_defaults(comparison) -> None:  # type: ignore[no-untyped-def]
    # At (0, 0): u_L = u_F = -1/2, so the gains are 5/2 and 2 and the Nash product 5. The
    # gradient of the Nash product points outward at the corner: dN/dx_L = 2*1 + (5/2)(-9/5) < 0
    # and dN/dx_F = (5/2)*1 + 2*(-3/2) < 0, so no cap above zero does better.
    pact = comparison.outcomes[0]
    assert pact.outcome == "caps x_L = 0, x_F = 0"
    assert pact.payoffs == (R(-1, 2), R(-1, 2))
    assert pact.nash_product == 5
    named = comparison.outcomes[2]
    assert named.nash_product == (R(45, 11) - R(1, 2)) * (R(85, 22) - R(1, 2))


@settings(max_examples=15)
@given(
    aL=st.fractions(0, 2, max_denominator=8),
    aF=st.fractions(0, 2, max_denominator=8),
    bL=st.fractions(0, R(9, 10), max_denominator=10),
    bF=st.fractions(0, R(9, 10), max_denominator=10),
)
def test_equilibrium_matches_best_response_iteration(aL, aF, bL, bF) -> None:  # type: ignore[no-untyped-def]
    aL, aF, bL, bF = (R(v.numerator, v.denominator) for v in (aL, aF, bL, bF))
    ((xl, xf),) = nash_equilibria(_game(aL, aF, bL, bF), {})
    assert sp.simplify(xl - (aL + bL * aF) / (1 - bL * bF)) == 0
    # Independent check: iterate the best responses (a contraction, |bL bF| <= 0.81) in floats.
    a, b = 0.0, 0.0
    for _ in range(400):
        a, b = float(aL) + float(bL) * b, float(aF) + float(bF) * a
    assert a == pytest.approx(float(xl), abs=1e-9) and b == pytest.approx(float(xf), abs=1e-9)
    assert stability(_game(aL, aF, bL, bF), {}, (xl, xf)) == bL * bF


def test_equilibrium_is_a_best_response_on_a_grid() -> None:
    # Each player's utility, maximised over a fine grid of its own action with the other's action
    # at the equilibrium, peaks at the closed form (beta_L = 7/10: 85/22 and 45/11).
    g = _game(1, 1, R(7, 10), R(4, 5))
    ((xl, xf),) = nash_equilibria(g, {})
    grid = np.linspace(0, 10, 100001)
    uL = -((grid - 1 - 0.7 * float(xf)) ** 2) / 2
    uF = -((grid - 1 - 0.8 * float(xl)) ** 2) / 2
    assert grid[np.argmax(uL)] == pytest.approx(85 / 22, abs=1e-4)
    assert grid[np.argmax(uF)] == pytest.approx(45 / 11, abs=1e-4)


def test_unstable_spiral_has_no_equilibrium_in_the_half_line() -> None:
    # beta_L beta_F > 1: the best responses cross at negative levels; escalation is unbounded.
    assert nash_equilibria(_game(1, 1, R(3, 2), R(4, 5)), {}) == []


def test_corner_equilibrium_when_a_side_is_held_at_zero() -> None:
    # alpha_L = -3: L's best response 1/2 x_F - 3 is negative while x_F = 1 + 4/5 * 0 = 1.
    assert nash_equilibria(_game(-3, 1, R(1, 2), R(4, 5)), {}) == [(0, 1)]


def test_pact_against_a_brute_force_grid() -> None:
    # h = 1/4: the Nash-bargaining caps are interior algebraic numbers. Check the exact optimum
    # against a grid search of the Nash product over the capped outcomes.
    g = _game(1, 1, R(1, 2), R(4, 5), R(1, 4), R(1, 4))
    caps, gains, product = nash_pact(g, {}, (R(5, 2), 3))
    xs = np.linspace(0, 3, 601)
    X, Y = np.meshgrid(xs, xs, indexing="ij")
    dL, dF = -0.75, -0.625
    gL = -((X - 1 - 0.5 * Y) ** 2) / 2 - 0.25 * Y - dL
    gF = -((Y - 1 - 0.8 * X) ** 2) / 2 - 0.25 * X - dF
    feasible = (X <= 1 + 0.5 * Y) & (Y <= 1 + 0.8 * X) & (gL >= 0) & (gF >= 0)
    N = np.where(feasible, gL * gF, -np.inf)
    k = np.unravel_index(np.argmax(N), N.shape)
    assert float(sp.N(product)) == pytest.approx(N[k], rel=1e-3)
    assert float(sp.N(product)) >= N[k] - 1e-12
    assert (float(caps[0]), float(caps[1])) == pytest.approx((X[k], Y[k]), abs=0.02)
    assert all(float(sp.N(x)) > 0 for x in gains)


def test_derive_closed_forms() -> None:
    result = CliRunner().invoke(cli, ["derive", "naming_escalation", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["command"] == "derive-model"
    assert data["equilibrium"][0]["text"] == "(alpha_L + alpha_F*beta_L)/(1 - beta_F*beta_L)"
    assert data["equilibrium"][0]["value"] == "5/2"
    assert data["stability"]["stable"] is True
    signs = {(c["quantity"], c["parameter"]): c["sign"] for c in data["comparative_statics"]}
    assert signs[("x_L*", "beta_L")] == "+" and signs[("x_F*", "beta_L")] == "+"
    named = CliRunner().invoke(cli, ["derive", "naming_escalation", "--set", "beta_L=0.7"])
    assert "= 85/22" in named.output


def test_cli_show_solve_compare_json() -> None:
    runner = CliRunner()
    for command in (
        ["show", "naming_escalation"],
        ["solve", "naming_escalation"],
    ):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(cli, ["solve", "naming_escalation", "--format", "json"]).output)
    assert data["model"] == "continuous"
    assert [c["equilibria"][0]["actions"] for c in data["cases"]] == [
        ["5/2", "3"],
        ["85/22", "45/11"],
    ]
    data = json.loads(
        runner.invoke(cli, ["compare", "naming_escalation", "--format", "json"]).output
    )
    assert [r["regime"] for r in data["regimes"]] == ["enforceable", "unenforceable"] * 2


def test_bad_sections_name_the_key(write_scenario) -> None:  # type: ignore[no-untyped-def]
    base = (ROOT / "games" / "naming_escalation.toml").read_text(encoding="utf-8")
    bad = write_scenario(base.replace('name = "x_L"', 'name = "alpha_L"'))
    with pytest.raises(ScenarioError, match=r"continuous\.actions\.Local\.name"):
        load_scenario(str(bad))
    bad = write_scenario(base.replace('Local = "-(x_L', 'Locl = "-(x_L'))
    with pytest.raises(ScenarioError, match=r"continuous\.utilities"):
        load_scenario(str(bad))


def test_convex_utility_is_refused() -> None:
    g = ContinuousGame(
        ("L", "F"), (XL, XF), (HALF_LINE, HALF_LINE), ("", ""), ((XL - XF) ** 2, -((XF - 1) ** 2))
    )
    with pytest.raises(UnsupportedGameError, match="not strictly concave"):
        nash_equilibria(g, {})
