"""The safe formula parser: exact numbers, the grammar, and rejection of everything else."""

from __future__ import annotations

import contextlib

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

from gametheory.exceptions import FormulaError
from gametheory.formula import parse_condition, parse_formula, parse_number

T, R, P, S = sp.symbols("T R P S")
NAMES = {"T": T, "R": R, "P": P, "S": S}


@pytest.mark.parametrize(
    "text,expected",
    [
        ("3", sp.Integer(3)),
        ("0.1", sp.Rational(1, 10)),
        ("1e-3", sp.Rational(1, 1000)),
        ("2.5E2", sp.Integer(250)),
        (".5", sp.Rational(1, 2)),
        ("3/10", sp.Rational(3, 10)),
        ("-2**2", sp.Integer(-4)),  # unary minus binds looser than ** (as in Python)
        ("2**-1", sp.Rational(1, 2)),
        ("2**3**2", sp.Integer(512)),  # right-associative
        ("(1 + 2) * 3", sp.Integer(9)),
        ("1 - 2 - 3", sp.Integer(-4)),  # left-associative
        ("8 / 4 / 2", sp.Integer(1)),
        ("min(3, 1/2, 2)", sp.Rational(1, 2)),
        ("max(-1, -2)", sp.Integer(-1)),
        ("abs(-3/4)", sp.Rational(3, 4)),
        ("sqrt(4)", sp.Integer(2)),
        ("sqrt(5)", sp.sqrt(5)),
        ("log(exp(2))", sp.Integer(2)),
        ("log(8, 2)", sp.Integer(3)),
        ("+-+3", sp.Integer(-3)),
    ],
)
def test_numbers_are_exact(text: str, expected: sp.Expr) -> None:
    assert parse_number(text) == expected


def test_toml_floats_read_through_their_decimal_repr() -> None:
    assert parse_formula(0.1) == sp.Rational(1, 10)
    assert parse_formula(0.25) == sp.Rational(1, 4)
    assert parse_formula(7) == 7


def test_symbolic_formula() -> None:
    delta = parse_formula("(T - R) / (T - P)", NAMES)
    assert sp.simplify(delta - (T - R) / (T - P)) == 0
    assert delta.subs({T: 5, R: 3, P: 1}) == sp.Rational(1, 2)  # Axelrod's grim threshold


def test_condition_chain() -> None:
    cond = parse_condition("T > R > P > S", NAMES)
    assert cond.subs({T: 5, R: 3, P: 1, S: 0}) == sp.true
    assert cond.subs({T: 5, R: 3, P: 4, S: 0}) == sp.false


@pytest.mark.parametrize(
    "text,position,fragment",
    [
        ("T + x", 4, "unknown name 'x'"),
        ("2 ^ 3", 2, "use ** for powers"),
        ("__import__('os')", 11, "unexpected character"),
        ("T.real", 1, "unexpected character '.'"),
        ("(T + R", 6, "expected ')'"),
        ("T R", 2, "unexpected 'R' after a complete formula"),
        ("T +", 3, "found the end of the formula"),
        ("foo(1)", 0, "unknown function 'foo'"),
        ("min", 0, "needs arguments"),
        ("abs(1, 2)", 0, "takes 1 argument"),
        ("1/0", 2, "division by zero"),
        ("1/(T - T)", 2, "division by zero"),
        ("10**10**10", 2, "exponent larger than"),
        ("log(-1)", 0, "not positive"),
        ("sqrt(-4)", 0, "negative"),
        ("lambda: 1", 6, "unexpected character ':'"),
        ("", None, "empty"),
    ],
)
def test_rejections_name_the_position(text: str, position: int | None, fragment: str) -> None:
    with pytest.raises(FormulaError) as info:
        parse_formula(text, NAMES)
    assert fragment in str(info.value)
    assert info.value.position == position


def test_deep_nesting_is_rejected_not_a_crash() -> None:
    with pytest.raises(FormulaError, match="nested more than"):
        parse_number("(" * 500 + "1" + ")" * 500)


def test_overlong_text_is_rejected() -> None:
    with pytest.raises(FormulaError, match="longer than"):
        parse_number("1+" * 6000 + "1")


@pytest.mark.parametrize("value", [True, None, [1], {"a": 1}, float("nan"), float("inf")])
def test_non_formulas_are_rejected(value: object) -> None:
    with pytest.raises(FormulaError):
        parse_formula(value)  # type: ignore[arg-type]


def test_no_eval_on_user_text(monkeypatch: pytest.MonkeyPatch) -> None:
    """The parser never reaches sympify/parse_expr/eval, whatever the input."""
    import builtins

    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("eval-like function called on user text")

    monkeypatch.setattr(sp, "sympify", forbidden)
    monkeypatch.setattr(builtins, "eval", forbidden)
    monkeypatch.setattr(builtins, "exec", forbidden)
    assert parse_formula("min(T, R) + 1/2", NAMES) == sp.Min(T, R) + sp.Rational(1, 2)


@given(st.fractions(max_denominator=10**6))
def test_fraction_text_round_trips_exactly(value) -> None:
    assert parse_number(str(value)) == sp.Rational(value.numerator, value.denominator)


@given(st.decimals(allow_nan=False, allow_infinity=False, places=6))
def test_decimal_text_is_exact(value) -> None:
    from fractions import Fraction

    fr = Fraction(value)
    assert parse_number(str(value)) == sp.Rational(fr.numerator, fr.denominator)


@given(st.text(max_size=40))
def test_arbitrary_text_parses_or_raises_formula_error(text: str) -> None:
    with contextlib.suppress(FormulaError):
        parse_formula(text, NAMES)
