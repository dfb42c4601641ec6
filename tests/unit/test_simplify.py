"""Simplified conditions (gametheory.symbolic.simplify): the issue's cases, data, and an oracle.

The cases are those of issue 14, as `derive` printed them before: ``(1 >= 2*q) & (3/2 >= 2*q)``
is ``q <= 1/2``; ``(1 >= 2*q) & (2*q >= 1)`` is ``q = 1/2``; ``Eq(2*q, 3/2)`` is ``q = 3/4``;
``(s >= L*q + q*s) & (s > L*q + q*s)`` is the strict atom alone; ``(0 >= lam) & (0 >= S + lam)``
with ``lam >= 0`` declared is ``lam = 0 and S <= 0``. The property test is the oracle: at random
exact points of the domain, the simplified condition holds exactly where the original does.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.cli.main import cli
from gametheory.symbolic.conditions import Assumptions, Atom, Condition
from gametheory.symbolic.simplify import simplify_condition

DATA = Path(__file__).resolve().parents[1] / "data" / "readable"
q = sp.Symbol("q", real=True)
UNIT = Assumptions.from_relations([q >= 0, q <= 1])
HALF = sp.Rational(1, 2)


@pytest.mark.parametrize(
    "atoms,text",
    [
        ([Atom(1 - 2 * q, ">="), Atom(sp.Rational(3, 2) - 2 * q, ">=")], "q <= 1/2"),
        ([Atom(1 - 2 * q, ">="), Atom(2 * q - 1, ">=")], "q = 1/2"),
        ([Atom(2 * q - sp.Rational(3, 2), "==")], "q = 3/4"),
        ([Atom(2 * q - 1, ">="), Atom(3 - 4 * q, ">=")], "1/2 <= q <= 3/4"),
        ([Atom(2 * q - 1, ">"), Atom(3 - 4 * q, ">")], "1/2 < q < 3/4"),
        ([Atom(q - 2, ">=")], "never"),
        ([Atom(q + 1, ">")], "always"),
        # Nonlinear: q(1 - q) > 0 is 0 < q < 1 on [0, 1]; a negative "probability" q/(q - 1) > 0
        # is impossible there.
        ([Atom(q * (1 - q), ">")], "0 < q < 1"),
        ([Atom(q / (q - 1), ">")], "never"),
    ],
)
def test_one_parameter_is_an_interval(atoms: list[Atom], text: str) -> None:
    simple = simplify_condition(Condition.all_of(atoms), UNIT)
    assert simple.text() == text


def test_union_in_order_and_as_data() -> None:
    cond = Condition(((Atom(q - sp.Rational(3, 4), ">"),), (Atom(sp.Rational(1, 4) - q, ">="),)))
    simple = simplify_condition(cond, UNIT)
    assert simple.text() == "q <= 1/4 or q > 3/4"
    low, high = simple.record()["intervals"]
    assert (low["low"], low["low_closed"], low["high"], low["high_closed"]) == (
        "0",
        True,
        "1/4",
        True,
    )
    assert (high["low"], high["low_closed"], high["high"], high["high_float"]) == (
        "3/4",
        False,
        "1",
        1.0,
    )


def test_several_parameters() -> None:
    s, L, lam, S = sp.symbols("s L lam S", real=True)
    # Redundant: the strict atom implies the weak one, though both are nonlinear.
    cond = Condition.all_of([Atom(s - L * q - q * s, ">="), Atom(s - L * q - q * s, ">")])
    assert simplify_condition(cond).text() == "s > L*q + q*s"
    known = Assumptions.from_relations([lam >= 0])
    cond = Condition.all_of([Atom(-lam, ">="), Atom(-S - lam, ">=")])
    assert simplify_condition(cond, known).text() == "lam = 0 and S <= 0"
    # A conjunction implied by another disappears: A or (A and B) is A.
    a, b = sp.symbols("a b", real=True)
    cond = Condition(((Atom(a - b, ">"),), (Atom(a - b, ">"), Atom(a, ">"))))
    assert simplify_condition(cond).text() == "a > b"


def test_derive_on_a_3x3_prints_intervals_only() -> None:
    """Issue 14's acceptance case: a 3x3 grant-conditions game with one free parameter."""
    out = CliRunner().invoke(cli, ["derive", str(DATA / "grant3x3.toml")]).output
    for token in ("&", "|", "Eq(", "True", "False"):
        assert token not in out
    conditions = re.findall(r"iff (.*)$", out, re.M)
    interval = re.compile(r"^(q [<>]?=? [\d/]+|[\d/]+ <=? q <=? [\d/]+)( or .*)?$")
    assert conditions and all(interval.match(c) for c in conditions), conditions
    assert (
        "(Partial, Moderate)   iff q <= 1/2" in out.replace("  iff", "   iff")
        or "iff q <= 1/2" in out
    )
    # Impossible supports are counted, not printed: no formula with a negative "probability".
    assert "8 other support pairs never give an equilibrium" in out
    assert "q/(q - 1)" not in out and "2*q/(2*q - 1)" not in out
    # Regions in order along q.
    where = re.findall(
        r"^\s+\d+\s+(\S.*?)\s{2,}", out.split("regions of the parameter space:")[1], re.M
    )
    assert where[:4] == ["q = 0", "0 < q < 1/2", "q = 1/2", "q > 1/2"]


def test_derive_json_carries_intervals() -> None:
    import json

    doc = json.loads(
        CliRunner().invoke(cli, ["derive", str(DATA / "grant3x3.toml"), "--format", "json"]).output
    )
    pm = next(p for p in doc["pure"] if p["profile"] == ["Partial", "Moderate"])
    (iv,) = pm["condition"]["intervals"]
    assert (iv["parameter"], iv["low"], iv["high"], iv["high_closed"]) == ("q", "0", "1/2", True)
    assert doc["mixed_never_valid"] == 8 and len(doc["mixed"]) == 2


def _rational(x: Fraction) -> sp.Rational:
    return sp.Rational(x.numerator, x.denominator)


linear = st.tuples(
    st.integers(-4, 4), st.integers(-4, 4), st.sampled_from([">", ">=", "=="])
).filter(lambda t: t[0] != 0 or t[2] != "==")


@settings(max_examples=60, deadline=None)
@given(
    clauses=st.lists(st.lists(linear, min_size=1, max_size=3), min_size=1, max_size=3),
    points=st.lists(st.fractions(0, 1, max_denominator=12), min_size=5, max_size=10),
)
def test_simplified_equals_original_at_exact_points(clauses, points) -> None:
    """Oracle: the simplified condition is the same set (decided exactly at rational points,
    including the condition's own breakpoints)."""
    cond = Condition(tuple(tuple(Atom(a * q + b, op) for a, b, op in c) for c in clauses))
    simple = simplify_condition(cond, UNIT)
    breaks = {Fraction(-b, a) for c in clauses for a, b, _ in c if a and 0 <= Fraction(-b, a) <= 1}
    for x in {*points, *breaks, Fraction(0), Fraction(1)}:
        v = _rational(x)
        expected = cond.holds_at({q: v})
        if simple.status in ("always", "never"):
            assert expected == (simple.status == "always"), (x, simple.text())
        else:
            assert expected == any(i.contains(v) for i in simple.intervals), (x, simple.text())


@settings(max_examples=40, deadline=None)
@given(
    clauses=st.lists(
        st.lists(
            st.tuples(
                st.integers(-3, 3),
                st.integers(-3, 3),
                st.integers(-3, 3),
                st.sampled_from([">", ">="]),
            ),
            min_size=1,
            max_size=3,
        ),
        min_size=1,
        max_size=2,
    ),
    points=st.lists(st.tuples(st.integers(0, 6), st.integers(-6, 6)), min_size=6, max_size=12),
)
def test_two_parameters_keep_the_set(clauses, points) -> None:
    """Oracle in two parameters (x >= 0 declared): the relations printed hold exactly where the
    original condition does."""
    x, y = sp.symbols("x y", real=True)
    known = Assumptions.from_relations([x >= 0])
    cond = Condition(
        tuple(tuple(Atom(a * x + b * y + c, op) for a, b, c, op in cl) for cl in clauses)
    )
    simple = simplify_condition(cond, known)
    ops = {"<": sp.Lt, "<=": sp.Le, ">": sp.Gt, ">=": sp.Ge, "==": sp.Eq}
    for px, py in points:
        at = {x: sp.Rational(px, 2), y: sp.Rational(py, 2)}
        expected = cond.holds_at(at)
        if simple.status != "conditional":
            assert expected == (simple.status == "always")
            continue
        if simple.intervals is not None:  # one parameter left: intervals
            got = any(i.contains(at[i.symbol]) for i in simple.intervals)
        else:
            got = any(
                all(bool(ops[r.op](r.lhs.xreplace(at), r.rhs.xreplace(at))) for r in clause)
                for clause in simple.clauses
            )
        assert got == expected, (at, cond, simple.text())
