"""Algebraic numbers without radicals: written ``root(p, k)``, parsed back exactly.

The roots of x**3 - 3x + 1 are 2cos(2pi/9), 2cos(4pi/9) and 2cos(8pi/9) (the casus irreducibilis of
the angle trisection; e.g. Stewart, *Galois Theory*, 4th ed., section 1.4): real, irrational and
without a real radical form, so sympy keeps them as ``CRootOf``.
"""

from __future__ import annotations

import math

import pytest
import sympy as sp
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.exceptions import FormulaError
from gametheory.formula import parse_number
from gametheory.limits import exact_text
from gametheory.numbers import exact_latex

y = sp.Symbol("y")
TRISECTION = y**3 - 3 * y + 1


@pytest.mark.parametrize(("k", "angle"), [(1, 8), (2, 4), (3, 2)])
def test_root_k_is_the_kth_smallest_real_root(k: int, angle: int) -> None:
    value = parse_number(f"root(x**3 - 3*x + 1, {k})")
    assert isinstance(value, sp.CRootOf)
    assert float(value) == pytest.approx(2 * math.cos(angle * math.pi / 9), abs=1e-14)


def test_root_with_radicals_is_the_radical() -> None:
    assert parse_number("root(x**2 - 2, 2)") == sp.sqrt(2)
    assert parse_number("root(2*x - 3, 1)") == sp.Rational(3, 2)


@pytest.mark.parametrize("k", [0, 1, 2])
def test_text_parses_back_to_the_same_number(k: int) -> None:
    value = sp.CRootOf(TRISECTION, k)
    text = exact_text(value)
    assert text == f"root(x**3 - 3*x + 1, {k + 1})"
    assert parse_number(text) == value


def test_a_compound_algebraic_number_is_written_as_one_root() -> None:
    # r**2 - 2 for r = 2cos(4pi/9) is 2cos(8pi/9): the smallest root (4cos^2 t - 2 = 2cos 2t).
    r = sp.CRootOf(TRISECTION, 1)
    assert exact_text(r**2 - 2) == "root(x**3 - 3*x + 1, 1)"
    assert exact_text(r**2 - 2 + sp.Rational(1, 2)).startswith("root(")


def test_infinity_round_trips() -> None:
    assert exact_text(sp.oo) == "inf" and exact_text(-sp.oo) == "-inf"
    assert parse_number("inf") == sp.oo and parse_number("-inf") == -sp.oo


def test_latex_of_a_root_is_cut_not_rounded() -> None:
    # 2cos(8pi/9) = -1.8793852415...: six significant digits, cut toward zero.
    assert exact_latex(sp.CRootOf(TRISECTION, 0)) == r"-1.87938\ldots"
    assert exact_latex(sp.Rational(-3, 4)) == r"- \frac{3}{4}"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("root(x**2 + 1, 1)", "has 0 real root(s), not 1"),
        ("root(x**2 - 2, 3)", "has 2 real root(s), not 3"),
        ("root(x, 0)", "index k must be a whole number from 1"),
        ("root(x**2 - sqrt(2), 1)", "rational coefficients"),
        ("root(3, 1)", "polynomial p in x"),
        ("root(x**2 - 2)", "expected ','"),
    ],
)
def test_bad_roots_are_refused(text: str, message: str) -> None:
    with pytest.raises(FormulaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_number(text)


def test_irrational_pact_caps_render_in_every_format() -> None:
    # naming_escalation at beta_L = 0.2: the Nash pact's caps are roots of cubics.
    runner = CliRunner()
    for fmt in ("table", "json", "latex"):
        done = runner.invoke(
            cli, ["compare", "naming_escalation", "--set", "beta_L=0.2", "--format", fmt]
        )
        assert done.exit_code == 0, done.output
        assert "CRootOf" not in done.output
    assert r"\ldots" in done.output


def test_an_unbounded_figure_is_infinity_in_latex() -> None:
    done = CliRunner().invoke(
        cli, ["compare", "assurance_cheap_talk", "--set", "b=0", "--format", "latex"]
    )
    assert done.exit_code == 0, done.output
    assert r"\infty" in done.output


def test_irrational_coefficients_are_refused_in_one_line() -> None:
    done = CliRunner().invoke(cli, ["compare", "naming_escalation", "--set", "beta_L=sqrt(2)/4"])
    assert done.exit_code == 1
    assert "rational values" in done.output and "Traceback" not in done.output


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "latex"])
def test_an_algebraic_threshold_prints_in_the_formula_language(fmt: str) -> None:
    # Three rounds of punishment deter iff delta + delta**2 + delta**3 >= 1 at T, R, P = 5, 3, 1
    # (Mailath and Samuelson 2006, section 2.4.2): delta* is the real root of x**3 + x**2 + x - 1.
    args = ["repeated", "prisoners_dilemma", "--strategy", "punish:3", "--concept", "spe"]
    done = CliRunner().invoke(cli, [*args, "--numeric-only", "--format", fmt])
    assert done.exit_code == 0, done.output
    assert "CRootOf" not in done.output
    expected = r"0.543689\ldots" if fmt == "latex" else "root(x**3 + x**2 + x - 1, 1)"
    assert expected in done.output
