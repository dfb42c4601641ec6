"""The ``[statistical_ultimatum]`` scenario kind (gametheory.kinds.statistical_ultimatum).

Source: Ramsay and Signorino (2009), "A statistical model of the ultimatum game"; the predicted
offer y(0) = Q - R1 - s2 (1 + W(exp((Q - R1 - s2 - R2)/s2))) and P(accept) there are those of
predict.ultimatum in the R package games (Kenkel and Signorino 2014). Hand derivation for the
bundled igsa_per_diem (Q = 15, R1 = 4, R2 = 8, s1 = 2, s2 = 1): y(0) = 10 - W(e^2), and since
exp((y(0) - R2)/s2) = W at y(0), P(accept | y(0)) = W/(1 + W).
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import special

from gametheory import evaluate, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.kinds import statistical_ultimatum as su
from gametheory.kinds.ultimatum_offers import (
    UltimatumPoint,
    accept_probability,
    offer_cdf,
    offer_density,
    offer_rule,
)

W2 = float(special.lambertw(math.exp(2)).real)


def test_solve_gives_the_closed_forms_of_the_bundled_scenario() -> None:
    record = evaluate(load_scenario("igsa_per_diem"), "solve").record
    assert record["model"] == "statistical_ultimatum"
    assert record["values"] == {"Q": "15", "R1": "4", "R2": "8", "s1": "2", "s2": "1"}
    assert record["predicted_offer"] == "10 - LambertW(exp(2))"
    assert record["predicted_offer_float"] == pytest.approx(10 - W2, rel=1e-15)
    assert record["accept_at_predicted_float"] == pytest.approx(W2 / (1 + W2), rel=1e-14)
    assert record["atom_zero_float"] == pytest.approx(1 / (1 + math.exp(5 - math.exp(-8) / 2)))
    assert 0 < record["atom_surplus_float"] < 1e-100  # exact, where 1 - 1/(1 + x) rounds to 0
    assert record["predicted_offer_clipped"] is False
    num = record["numerical"]
    assert num["exact"] is False and "quad" in num["method"]
    assert num["expected_offer"] == pytest.approx(7.918481741911, rel=1e-9)


def test_predicted_offer_is_clipped_when_the_pie_is_small() -> None:
    record = evaluate(load_scenario("igsa_per_diem"), "solve", {"b": 3}).record
    assert record["predicted_offer"] == "3" and record["predicted_offer_clipped"] is True
    assert record["accept_at_predicted_float"] == pytest.approx(1 / (1 + math.exp(5)))


def test_derive_checks_the_first_order_condition_and_gives_latex() -> None:
    record = evaluate(load_scenario("igsa_per_diem"), "derive").record
    assert record["first_order_condition"]["checked"] is True
    forms = {r["name"]: r for r in record["results"]}
    assert set(forms) == set(su.closed_forms())
    assert "W" in forms["offer_rule"]["latex"]
    assert forms["accept_at_predicted"]["value_float"] == pytest.approx(W2 / (1 + W2))
    defs = {d["name"]: d for d in record["definitions"]}
    assert defs["R1"]["text"] == "b - c_alt" and defs["R1"]["value"] == "4"


@settings(max_examples=30, deadline=None)
@given(
    q=st.integers(1, 30),
    r1=st.integers(-10, 20),
    r2=st.integers(-10, 30),
    s1=st.integers(1, 6),
    s2=st.integers(1, 4),
    frac=st.fractions(0, 1).filter(lambda f: 0 < f < 1),
)
def test_closed_forms_equal_the_numeric_functions(
    q: int, r1: int, r2: int, s1: int, s2: int, frac: object
) -> None:
    """Symbolic == numeric at random points: sympy's formulas (evalf) against
    gametheory.kinds.ultimatum_offers."""
    forms = su.closed_forms()
    at = {su.Q: q, su.R1: r1, su.R2: r2, su.S1: s1, su.S2: s2}
    p = UltimatumPoint(float(q), float(r1), float(r2), float(s1), float(s2))
    y = sp.Rational(frac) * q  # type: ignore[arg-type]
    pairs = [
        ("accept", accept_probability(float(y), p)),
        ("offer_cdf", offer_cdf(float(y), p)),
        ("density", offer_density(float(y), p)),
    ]
    for name, numeric in pairs:
        exact = forms[name][1].xreplace({**at, su.Y: y})
        assert float(exact.evalf(30)) == pytest.approx(float(numeric), rel=1e-9, abs=1e-300)
    y0 = forms["predicted_offer"][1].xreplace(at)
    assert float(y0.evalf(30)) == pytest.approx(
        float(offer_rule(0.0, p, clip=False)), rel=1e-10, abs=1e-10
    )


def test_compare_is_refused_in_one_line_saying_why() -> None:
    with pytest.raises(UnsupportedGameError, match="has no regime comparison"):
        evaluate(load_scenario("igsa_per_diem"), "compare")
    result = CliRunner().invoke(cli, ["compare", "igsa_per_diem"])
    assert result.exit_code == 1 and result.output.count("\n") == 1
    assert "compare does not apply to a statistical_ultimatum scenario" in result.output


def test_cli_solve_and_derive_json() -> None:
    for verb in ("show", "solve", "derive"):
        result = CliRunner().invoke(cli, [verb, "igsa_per_diem", "--format", "json"])
        assert result.exit_code == 0, result.output
        assert json.loads(result.output)["schema_version"] == 1


SECTION = """
format = 1
name = "bad"
title = "bad"
[[players]]
name = "A"
[[players]]
name = "B"
[parameters.r]
default = 1
provenance = "illustrative"
[statistical_ultimatum]
proposer = "A"
responder = "B"
surplus = "10"
reservation_proposer = "r"
reservation_responder = "r"
scale_proposer = "1"
scale_responder = "1"
"""


@pytest.mark.parametrize(
    "change,message",
    [
        (('proposer = "A"', 'proposer = "C"'), "unknown player 'C'"),
        (('responder = "B"', 'responder = "A"'), "must differ"),
        (('surplus = "10"', 'surplus = "q"'), "unknown name 'q'"),
        (('scale_proposer = "1"', 'scale_proposer = "0"'), "must be positive"),
        (('surplus = "10"', 'surplus = "10"\naccept = true'), "or is false"),
        (('surplus = "10"', 'surplus = "10"\nlink = "logit"'), "link"),
    ],
)
def test_section_errors_name_the_key(tmp_path: Path, change: tuple[str, str], message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(SECTION.replace(*change))
    with pytest.raises(ScenarioError, match=message):
        evaluate(load_scenario(path), "solve")


def test_offers_only_section(tmp_path: Path) -> None:
    path = tmp_path / "offers.toml"
    path.write_text(SECTION.replace('surplus = "10"', 'surplus = "10"\naccept = false'))
    sc = load_scenario(path)
    assert sc.model is not None and sc.model[1].accept is None
    lines = evaluate(sc, "show").record["model"]["description"]
    assert any("not observed (offers only)" in line for line in lines)
