"""Numbers in the public convention, and as text.

Rationals are :class:`fractions.Fraction`; exact irrationals (surds, roots of polynomials) are
sympy numbers, each convertible to ``float``; formulas are sympy expressions. Text is exact
(``"2/3"``, ``"sqrt(5)/2 - 1/2"``); a float is always derived from the exact value.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

__all__ = ["exact_str", "public_number", "strategy_text"]


def exact_str(value: Fraction | sp.Expr | int) -> str:
    """An exact number as text: ``"2/3"``, ``"-4"``, ``"sqrt(2)/2"``.

    Examples
    --------
    >>> exact_str(Fraction(-2, 3)), exact_str(sp.Rational(5))
    ('-2/3', '5')
    """
    if isinstance(value, Fraction | int):
        return str(Fraction(value))
    return str(sp.sstr(value))


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
