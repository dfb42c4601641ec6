"""Cheap talk (gametheory.kinds.cheap_talk), against hand derivations and brute force.

assurance_cheap_talk (uniform-quadratic Crawford-Sobel 1982): N(b) is the largest N with a
strictly positive first step, 2 b N (N - 1) < 1. By hand: b = 0.3: 2*0.3*2 = 1.2 >= 1, so N = 1;
b = 0.2: 0.8 < 1 but 2.4 >= 1, N = 2; b = 0.1: 0.4 < 1, 1.2 >= 1, N = 2; b = 1/12: N = 3 gives
exactly 1 (a zero-width step), N = 2; b = 0.05: 0.6 < 1, 1.2 >= 1, N = 3; b = 0.01: 0.84 < 1,
1.12 >= 1, N = 7; b = 1/4: 1, so N = 1 (informative iff b < 1/4).
At b = 1/10 the 2-step boundary is a_1 = 1/2 - 2/10 = 3/10; the receiver loses
(0.3**3 + 0.7**3)/12 = 37/1200 and the sender 37/1200 + 1/100 = 49/1200.
"""

from __future__ import annotations

import json
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import compare_regimes, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import ScenarioError
from gametheory.kinds.cheap_talk import max_partition_size, partition

F = Fraction
THETA = sp.Symbol("theta")


@pytest.mark.parametrize(
    ("b", "n"),
    [
        ("0.3", 1),
        ("0.25", 1),
        ("0.2499", 2),
        ("0.2", 2),
        ("0.1", 2),
        ("1/12", 2),
        ("0.0833", 3),
        ("0.05", 3),
        ("0.01", 7),
        ("1/84", 6),
        ("0.0119", 7),
    ],
)
def test_domain_values(b: str, n: int) -> None:
    assert max_partition_size(F(b)) == n
    # the ceiling formula agrees, boundaries included
    bb = sp.Rational(b)
    assert sp.ceiling(-sp.Rational(1, 2) + sp.sqrt(1 + 2 / bb) / 2) == n


def test_worked_payoffs() -> None:
    p = partition(F(1, 10), 2)
    assert p.boundaries == (0, F(3, 10), 1) and p.actions == (F(3, 20), F(13, 20))
    assert (p.receiver, p.sender) == (F(-37, 1200), F(-49, 1200))
    c = compare_regimes(load_scenario("assurance_cheap_talk"))
    assert c.outcome("enforceable").payoffs == (sp.Rational(-1, 100), 0)
    assert c.outcomes[1].payoffs == (sp.Rational(-49, 1200), sp.Rational(-37, 1200))
    assert c.outcomes[1].level == sp.Rational(63, 100)
    assert c.outcomes[2].payoffs == (sp.Rational(-1, 4), sp.Rational(-1, 12))  # babbling, c = 1
    assert c.figure("value_of_contract").value == sp.Rational(37, 1200)


def _brute_partition(b: Fraction, n: int) -> list[Fraction] | None:
    """The n-step equilibrium by shooting on the indifference conditions alone.

    Type a_i indifferent between the midpoints of its two intervals means
    a_(i+1) = 2 a_i - a_(i-1) + 4 b. Start from a_0 = 0, a_1 = t; a_n is affine in t, so two
    shots give the t with a_n = 1. The partition must be strictly increasing."""

    def shoot(t: Fraction) -> list[Fraction]:
        a = [F(0), t]
        while len(a) < n + 1:
            a.append(2 * a[-1] - a[-2] + 4 * b)
        return a[: n + 1]

    if n == 1:
        return [F(0), F(1)]
    at0, at1 = shoot(F(0))[n], shoot(F(1))[n]
    a = shoot((1 - at0) / (at1 - at0))
    if not all(a[i] < a[i + 1] for i in range(n)):
        return None
    for i in range(1, n):  # the squared-distance form of the indifference, exactly
        lo, hi = (a[i - 1] + a[i]) / 2, (a[i] + a[i + 1]) / 2
        assert (lo - a[i] - b) ** 2 == (hi - a[i] - b) ** 2
    return a


@given(b=st.fractions(F(1, 800), F(1, 2), max_denominator=800))
def test_brute_force_search_over_n(b: Fraction) -> None:
    best = max(n for n in range(1, 30) if _brute_partition(b, n) is not None)
    assert best == max_partition_size(b)
    assert _brute_partition(b, best) == list(partition(b, best).boundaries)


@settings(max_examples=12)
@given(b=st.fractions(F(1, 200), F(1, 4), max_denominator=200), data=st.data())
def test_equilibrium_conditions_exactly(b: Fraction, data) -> None:  # type: ignore[no-untyped-def]
    n = data.draw(st.integers(1, max_partition_size(b)))
    p = partition(b, n)
    a, y = p.boundaries, p.actions
    for i in range(1, n):  # each boundary type is indifferent between adjacent actions
        assert (y[i - 1] - a[i] - b) ** 2 == (y[i] - a[i] - b) ** 2
    receiver, sender = sp.Integer(0), sp.Integer(0)
    for i in range(n):  # the receiver's action maximizes its expected payoff on the interval
        lo, hi = sp.Rational(a[i]), sp.Rational(a[i + 1])
        yy = sp.Symbol("y")
        loss = sp.integrate(-((yy - THETA) ** 2), (THETA, lo, hi))
        assert sp.diff(loss, yy).subs(yy, sp.Rational(y[i])) == 0  # concave in y: the maximum
        receiver += loss.subs(yy, sp.Rational(y[i]))
        sender += sp.integrate(
            -((sp.Rational(y[i]) - THETA - sp.Rational(b)) ** 2), (THETA, lo, hi)
        )
    assert (receiver, sender) == (sp.Rational(p.receiver), sp.Rational(p.sender))
    # the closed form of the payoffs
    assert p.receiver == -F(1, 12 * n * n) - b * b * (n * n - 1) / 3
    with pytest.raises(ValueError, match="no"):
        partition(b, max_partition_size(b) + 1)


@given(c=st.fractions(0, 1, max_denominator=40))
def test_babbling_theorem_by_search(c: Fraction) -> None:
    # Type-independent sender, ideal c. Two induced actions y_1 < y_2 (the midpoints of [0, a]
    # and [a, 1]) survive only if every type is indifferent, |y_1 - c| = |y_2 - c|; search a on a
    # grid that contains the only candidate a = 2c - 1/2. More than two actions cannot all be at
    # one distance from c. So talk is babbling unless 1/4 < c < 3/4 (a knife-edge indifference).
    grid = [F(k, 4 * c.denominator) for k in range(1, 4 * c.denominator)]
    found = [a for a in grid if (a / 2 - c) ** 2 == ((a + 1) / 2 - c) ** 2]
    assert bool(found) == (F(1, 4) < c < F(3, 4))
    assert found in ([], [2 * c - F(1, 2)])


def test_type_independent_scenario(write_scenario) -> None:  # type: ignore[no-untyped-def]
    path = Path(load_scenario("assurance_cheap_talk").path)
    body = path.read_text(encoding="utf-8").replace('"type_dependent"', '"type_independent"')
    sc = load_scenario(write_scenario(body))
    c = compare_regimes(sc)
    assert [o.label for o in c.outcomes] == ["enforceable", "type-independent"]
    assert c.outcome("enforceable").payoffs == (sp.Rational(-1, 3), 0)  # E[-(theta - 1)^2]
    bad = write_scenario(body.replace('"type_independent"', '"sincere"'), "bad.toml")
    with pytest.raises(
        ScenarioError, match=r"cheap_talk\.preferences: unknown preferences 'sincere'"
    ):
        load_scenario(bad)


def test_cli_show_solve_compare_derive_json() -> None:
    runner = CliRunner()
    for cmd in ("show", "solve", "compare", "derive"):
        result = runner.invoke(cli, [cmd, "assurance_cheap_talk"])
        assert result.exit_code == 0, result.output
    data = json.loads(
        runner.invoke(
            cli, ["solve", "assurance_cheap_talk", "--set", "b=0.01", "--format", "json"]
        ).output
    )
    assert data["max_steps"] == 7 and data["informative"] is True
    assert data["equilibria"][-1]["boundaries"][1] == "4/175"
    data = json.loads(
        runner.invoke(
            cli, ["solve", "assurance_cheap_talk", "--set", "b=0.3", "--format", "json"]
        ).output
    )
    assert data["max_steps"] == 1 and data["informative"] is False
    data = json.loads(
        runner.invoke(cli, ["derive", "assurance_cheap_talk", "--format", "json"]).output
    )
    assert data["formulas"]["boundary"]["text"] == "2*b*i*(-N + i) + i/N"
    data = json.loads(
        runner.invoke(cli, ["compare", "assurance_cheap_talk", "--format", "json"]).output
    )
    assert [r["level"] for r in data["regimes"]] == ["1", "63/100", "0"]
