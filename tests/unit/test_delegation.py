"""The 287(g) delegation model (gametheory.kinds.delegation), against hand derivations.

delegation_287g, stylized after Magazinnik (2025, JOP): with quadratic losses a locality of type
l >= p_F applies iff (l - p_F)^2 >= c and the federal side approves iff (l - p_F)^2 <= k, so the
agreements made are l in [p_F + sqrt(c), p_F + sqrt(k)]. With a binding cap s <= sqrt(k) the
federal side approves everyone and type l gains (l - p_F)^2 - max(l - p_F - s, 0)^2, increasing in
l, so every l >= p_F + sqrt(c) applies when s^2 >= c.
"""

from __future__ import annotations

import json

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from gametheory import compare_regimes, load_scenario
from gametheory.cli.main import cli
from gametheory.kinds.delegation import Delegation, selected_types

R = sp.Rational


def test_domain_values() -> None:
    # c = 0.04, k = 0.25, p_F = 1: [1 + 0.2, 1 + 0.5] = [1.2, 1.5]; types uniform on [1, 2]:
    # share 0.3 terminable; binding cap sqrt(k) = 1/2 >= sqrt(c): [1.2, 2], share 0.8.
    c = compare_regimes(load_scenario("delegation_287g"))
    assert c.outcome("unenforceable").level == R(3, 10)
    assert c.outcome("enforceable").level == R(4, 5)
    assert c.figure("lowest_type").value == R(6, 5)
    assert c.figure("highest_type_unenforceable").value == R(3, 2)


def test_no_agreement_when_cost_exceeds_saving() -> None:
    # c > k: nobody both wants to apply and is approved when the scope does not bind.
    m = Delegation(sp.Integer(1), R(1, 4), R(1, 25), R(1, 5), sp.Integer(2))
    assert selected_types(m, {}, binding=False) is sp.EmptySet


def _brute(pf: sp.Expr, c: sp.Expr, k: sp.Expr, s: sp.Expr, typ: sp.Expr, binding: bool) -> bool:
    """Does type l end up with an agreement? Directly from the utilities."""
    e = sp.Min(typ, pf + s) if binding else typ
    applies = -((e - typ) ** 2) - c >= -((pf - typ) ** 2)
    approves = -((e - pf) ** 2) + k >= 0
    return bool(applies) and bool(approves)


@given(
    c=st.fractions(0, 1, max_denominator=20),
    k=st.fractions(0, 1, max_denominator=20),
    s_frac=st.fractions(0, 1, max_denominator=10),
    typ=st.fractions(1, 3, max_denominator=40),
)
def test_selected_types_match_the_utilities(c, k, s_frac, typ) -> None:  # type: ignore[no-untyped-def]
    pf = sp.Integer(1)
    c, k, typ = (
        R(c.numerator, c.denominator),
        R(k.numerator, k.denominator),
        R(typ.numerator, typ.denominator),
    )
    s = sp.sqrt(k) * R(s_frac.numerator, s_frac.denominator)  # caps at or below sqrt(k)
    m = Delegation(pf, c, k, s, sp.Integer(3))
    for binding in (False, True):
        inside = bool(selected_types(m, {}, binding).contains(typ))
        assert inside == _brute(pf, c, k, s, typ, binding)


def test_cli_solve_show_compare_json() -> None:
    runner = CliRunner()
    for command in (
        ["show", "delegation_287g"],
        ["solve", "delegation_287g"],
        ["compare", "delegation_287g"],
    ):
        result = runner.invoke(cli, command)
        assert result.exit_code == 0, result.output
    data = json.loads(runner.invoke(cli, ["solve", "delegation_287g", "--format", "json"]).output)
    assert data["model"] == "delegation"
    assert data["regimes"]["unenforceable"]["types"] == ["6/5", "3/2"]
    data = json.loads(runner.invoke(cli, ["compare", "delegation_287g", "--format", "json"]).output)
    assert [r["level"] for r in data["regimes"]] == ["4/5", "3/10"]


@pytest.mark.parametrize("fmt", ["csv", "latex"])
def test_solve_formats_for_models_are_refused_clearly(fmt: str) -> None:
    result = CliRunner().invoke(cli, ["solve", "delegation_287g", "--format", fmt])
    assert result.exit_code == 1
    assert "it has: table, json" in result.output
