"""The helpers the model kinds share (gametheory.kinds._sections), on small hand-made tables."""

from __future__ import annotations

from fractions import Fraction

import pytest
import sympy as sp

from gametheory import load_scenario
from gametheory.exceptions import ScenarioError
from gametheory.kinds._sections import (
    parameter_changes,
    rational_at,
    read_formula,
    record_head,
    sub_tables,
    with_changes,
)
from gametheory.tables import Table

A = sp.Symbol("a")
NAMES = {"a": A}


class _Param:
    def __init__(self, name: str) -> None:
        self.name = name


def test_read_formula_required_and_default() -> None:
    t = Table({"x": "2*a", "y": 0.1}, "sec", "f.toml")
    assert read_formula(t, "x", NAMES, file="f.toml") == 2 * A
    assert read_formula(t, "y", NAMES, file="f.toml") == sp.Rational(1, 10)
    assert read_formula(t, "z", NAMES, file="f.toml", default="1/2") == sp.Rational(1, 2)
    with pytest.raises(ScenarioError, match=r"f\.toml: sec: missing required key 'z'"):
        read_formula(t, "z", NAMES, file="f.toml")


def test_rational_at_refuses_irrationals_and_reads_decimals_only_when_asked() -> None:
    assert rational_at(A / 4, {A: sp.Integer(3)}, key="k") == Fraction(3, 4)
    with pytest.raises(ScenarioError, match=r"^net\.q: net\.q is bad, got sqrt\(2\)$"):
        rational_at(sp.sqrt(A), {A: sp.Integer(2)}, key="net.q", what="net.q is bad")
    half = sp.Float(0.5)
    with pytest.raises(ScenarioError, match=r"must be a rational number here, got 0\.5"):
        rational_at(A, {A: half}, key="k")
    assert rational_at(A, {A: half}, key="k", decimals=True) == Fraction(1, 2)


def test_sub_tables_yields_named_tables_then_checks_the_parent() -> None:
    t = Table({"variants": {"one": {"label": "x"}, "two": {}}}, "sec", None)
    assert [name for name, _ in sub_tables(t, "variants", "variant")] == ["one", "two"]
    assert list(sub_tables(Table({}, "sec", None), "variants", "variant")) == []
    bad = Table({"variants": {"one": 3}}, "sec", "f.toml")
    with pytest.raises(ScenarioError, match=r"sec\.variants\.one: expected a table"):
        list(sub_tables(bad, "variants", "variant"))


def test_parameter_changes_in_order_and_unknown_names_refused() -> None:
    params = [_Param("a"), _Param("b")]
    t = Table({"set": {"b": "a + 1", "a": 2}}, "sec.v", "f.toml")
    assert parameter_changes(t, params, NAMES) == (("b", A + 1), ("a", sp.Integer(2)))
    t = Table({"set": {"c": 1}}, "sec.v", "f.toml")
    with pytest.raises(ScenarioError, match=r"f.toml: sec.v.set.c: unknown parameter 'c'"):
        parameter_changes(t, params, NAMES)


def test_with_changes_evaluates_at_the_old_values_and_checks_domains() -> None:
    # population securecomm_vs_pep: a regime's change is a formula of the other parameters.
    sc = load_scenario("securecomm_vs_pep")
    values = sc.values({}, label="--set")
    sigma = sc.parameter("sigma").symbol
    new = with_changes(sc, values, [("sigma", sigma / 2)], sp.nsimplify)
    assert new[sigma] == values[sigma] / 2
    assert values[sigma] != new[sigma]  # the input is not changed
    with pytest.raises(ScenarioError):
        with_changes(sc, values, [("sigma", sp.Integer(-5))], sp.nsimplify)


def test_record_head_key_order() -> None:
    sc = load_scenario("drawdown_reputation")
    head = record_head("solve", "reputation", sc, game="trust")
    assert list(head) == ["schema_version", "command", "model", "game", "scenario"]
    assert head["scenario"]["name"] == "drawdown_reputation"
