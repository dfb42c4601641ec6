"""Numbers in the public convention, and as text.

Rationals are :class:`fractions.Fraction`; exact irrationals (surds, roots of polynomials) are
sympy numbers, each convertible to ``float``; formulas are sympy expressions. Text is exact
(``"2/3"``, ``"sqrt(5)/2 - 1/2"``); a float is always derived from the exact value.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import ROUND_DOWN, Decimal
from fractions import Fraction
from numbers import Rational as _Rational
from typing import Any

import numpy as np
import sympy as sp
from sympy.printing.latex import LatexPrinter

from gametheory.exceptions import InputTypeError, ScenarioError
from gametheory.limits import exact_text, rational_text

__all__ = ["exact_latex", "exact_number", "exact_str", "public_number", "strategy_text", "to_latex"]


def exact_str(value: Fraction | sp.Expr | int) -> str:
    """An exact number as text: ``"2/3"``, ``"-4"``, ``"sqrt(2)/2"``.

    Examples
    --------
    >>> exact_str(Fraction(-2, 3)), exact_str(sp.Rational(5))
    ('-2/3', '5')
    """
    if isinstance(value, Fraction | int | sp.Rational):
        return rational_text(value)
    return exact_text(value)


def _cut_decimals(value: sp.Expr) -> str:
    """The first six significant digits of a real number and an ellipsis, cut, not rounded."""
    digits = Decimal(str(sp.N(value, 30)))
    cut = digits.quantize(Decimal(1).scaleb(digits.adjusted() - 5), rounding=ROUND_DOWN)
    return f"{cut}\\ldots"


class _LatexPrinter(LatexPrinter):  # type: ignore[misc]
    """sympy's LaTeX printer, writing an algebraic number without radicals by its decimals."""

    def _print_ComplexRootOf(self, expr: sp.CRootOf) -> str:
        if expr.is_real:
            return _cut_decimals(expr)
        return str(super()._print_ComplexRootOf(expr))


def to_latex(expr: Any, **settings: Any) -> str:
    r"""LaTeX of a formula or number, as :func:`sympy.latex` takes it (the same ``settings``).

    The one difference: a real algebraic number that has no radical form (a ``CRootOf``,
    written ``root(p, k)`` in text) is written by its first six significant digits, cut, and an
    ellipsis, not as ``\operatorname{CRootOf}``: the exact value is in the text and JSON.

    Examples
    --------
    >>> d, x = sp.symbols("delta x")
    >>> to_latex(d >= sp.CRootOf(x**3 + x**2 + x - 1, 0))
    '\\delta \\geq 0.543689\\ldots'
    """
    return str(_LatexPrinter(settings).doprint(expr))


def exact_latex(value: sp.Expr) -> str:
    r"""An exact number in LaTeX: ``\frac{3}{10}``, ``\sqrt{2}``, or decimals for a root.

    An algebraic number without radicals (``root(p, k)`` in text) is written by its first six
    significant digits and an ellipsis, cut, not rounded: the exact value is in the text and JSON.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> exact_latex(sp.Rational(3, 10)), exact_latex(sp.CRootOf(x**3 - 3 * x + 1, 1))
    ('\\frac{3}{10}', '0.347296\\ldots')
    """
    if value.is_number and value.has(sp.CRootOf) and value.is_real:
        return _cut_decimals(value)
    return to_latex(value)


def strategy_text(labels: Sequence[str], probs: Sequence[Fraction | str]) -> str:
    """A mixed strategy as text: ``"2/3 Screen + 1/3 Broad"``, or the action for a pure one.

    Examples
    --------
    >>> strategy_text(["Screen", "Broad"], ["2/3", "1/3"]), strategy_text(["H", "T"], ["1", "0"])
    ('2/3 Screen + 1/3 Broad', 'H')
    """
    played = [(Fraction(p), a) for p, a in zip(probs, labels, strict=True) if Fraction(p)]
    if len(played) == 1:
        return played[0][1]
    return " + ".join(f"{p} {a}" for p, a in played)


def public_number(value: Any) -> Any:
    """A number in the public convention: rationals as ``Fraction``, irrationals as sympy.

    Formulas (expressions with free symbols) are returned unchanged.

    Examples
    --------
    >>> public_number(sp.Rational(3, 8)), public_number(sp.Integer(2))
    (Fraction(3, 8), Fraction(2, 1))
    >>> public_number(sp.sqrt(5))
    sqrt(5)
    """
    if isinstance(value, Fraction):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Fraction(value)
    if isinstance(value, sp.Rational):
        return Fraction(int(value.p), int(value.q))
    return value


def exact_number(value: Any) -> sp.Expr:
    """Convert a number to an exact sympy number.

    Integers, fractions and sympy numbers are kept exactly. A float is read through its shortest
    decimal representation, so ``0.1`` becomes ``1/10`` (not the binary ``3602879701896397/2**55``).

    Examples
    --------
    >>> exact_number(0.1)
    1/10
    >>> exact_number(Fraction(2, 3))
    2/3
    """
    if isinstance(value, sp.Basic):
        return value  # already a sympy object
    if type(value).__module__ == "numpy":
        return _numpy_number(value)
    if isinstance(value, bool):
        raise InputTypeError("a payoff must be a number, not a bool")
    if isinstance(value, int | _Rational):
        return sp.Rational(int(value.numerator), int(value.denominator))
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ScenarioError(f"payoff {value!r} is not a finite number")
        fr = Fraction(repr(float(value)))
        return sp.Rational(fr.numerator, fr.denominator)
    raise InputTypeError(
        f"a payoff must be a number or a sympy expression, not {type(value).__name__}"
    )


def _numpy_number(value: Any) -> sp.Expr:
    """A numpy scalar (or 0-d array) of any numeric dtype, exactly; floats by shortest repr."""

    if isinstance(value, np.ndarray):
        if value.ndim != 0:
            raise InputTypeError(f"expected a number, got an array of shape {value.shape}")
        value = value[()]
        if type(value).__module__ != "numpy":
            return exact_number(value)  # an object array holding a Python number
    if isinstance(value, np.bool_):
        raise InputTypeError("a payoff must be a number, not a bool")
    if isinstance(value, np.integer):
        return sp.Integer(int(value))
    if isinstance(value, np.floating):
        if not np.isfinite(value):
            raise ScenarioError(f"payoff {value!r} is not a finite number")
        # The shortest decimal text that reads back to this value in its own precision, so
        # float32(0.1) is 1/10 as float64(0.1) is (the float rule above).
        fr = Fraction(np.format_float_scientific(value, unique=True, trim="0"))
        return sp.Rational(fr.numerator, fr.denominator)
    if isinstance(value, np.complexfloating):
        if value.imag != 0:
            raise ScenarioError(f"payoff {value!r} is not a real number")
        return _numpy_number(value.real)
    raise InputTypeError(f"a payoff must be a number, not numpy {type(value).__name__}")
