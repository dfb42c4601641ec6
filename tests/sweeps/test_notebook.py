"""Notebook representations: scenarios, verb results and payoff sets show exact values."""

from __future__ import annotations

from fractions import Fraction

import pytest

from gametheory import evaluate, load_scenario
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.payoff_set import spe_payoff_set

SC = load_scenario("hennepin_drawdown")


def test_scenario_html_and_latex() -> None:
    assert "<table>" in SC._repr_html_() and "\\(\\phi\\)" in SC._repr_html_()
    tex = SC._repr_latex_()
    assert tex.startswith("$$") and r"\tau = \frac{1}{2}" in tex


@pytest.mark.parametrize(
    "scenario,verb,values",
    [
        ("hennepin_drawdown", "compare", {"delta": "3/5"}),
        ("surge_pd", "solve", {}),
        ("surge_pd", "derive", {}),
        ("surge_pd", "repeated", {}),
        ("delegation_287g", "solve", {}),
    ],
)
def test_results_have_html_and_latex(scenario: str, verb: str, values: dict) -> None:
    options = {"delta": "9/10"} if verb == "repeated" else {}
    r = evaluate(load_scenario(scenario), verb, values, **options)
    assert r._repr_html_().startswith("<p><b>") and "<table>" in r._repr_html_()
    tex = r._repr_latex_()
    assert tex is None or (tex.startswith("$$") and r"\begin{array}" in tex)


def test_compare_shows_the_exact_self_enforcing_deal() -> None:
    # hennepin_drawdown at delta = 3/5: the best self-enforcing drawdown is 3/10 (docs/scenarios).
    r = evaluate(SC, "compare", {"delta": "3/5"})
    assert "<td>3/10</td>" in r._repr_html_()
    assert r"\frac{3}{10}" in r._repr_latex_()


def test_payoff_set_latex_is_the_exact_hull() -> None:
    # The PD (3,0;5,1) at delta = 1/3: the triangle (1,1), (4,1), (1,4) (payoff_set docstring).
    pd = NormalFormGame.from_matrices([[3, 0], [5, 1]], [[3, 5], [0, 1]])
    s = spe_payoff_set(pd, Fraction(1, 3))
    assert s._repr_latex_() == (
        r"$$\operatorname{conv}\{(1, 1), (4, 1), (1, 4)\} \text{ at } \delta = \frac{1}{3}$$"
    )
    assert "(4, 1)" in s._repr_html_()
