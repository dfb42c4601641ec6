"""Comparative statics: how equilibrium quantities move with each parameter.

The quantities are the mixing probabilities and expected payoffs of each mixed equilibrium and
the *thresholds* of the pure-equilibrium regions (a region boundary ``g(theta) = 0`` solved for
each parameter it involves linearly, such as ``T* = R``). Each derivative is simplified, its sign
decided under the assumptions where they decide it, and evaluated at a point (the defaults).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.symbolic.derive import Derivation, ratio_condition

__all__ = ["Quantity", "Sensitivity", "comparative_statics", "equilibrium_quantities", "sign_of"]


@dataclass(frozen=True)
class Quantity:
    """A named equilibrium quantity: ``name`` (readable), ``kind`` and its closed form."""

    name: str
    kind: str  # "probability", "payoff" or "threshold"
    expr: sp.Expr


@dataclass(frozen=True)
class Sensitivity:
    """``d quantity / d parameter``, its sign (``+``, ``-``, ``0``, ``>=0``, ``<=0`` or ``?``)
    under the assumptions, and its exact value at the evaluation point (``None`` if not given)."""

    quantity: Quantity
    parameter: sp.Symbol
    derivative: sp.Expr
    sign: str
    value: sp.Expr | None


def sign_of(expr: sp.Expr, derivation: Derivation) -> str:
    """The sign of ``expr`` everywhere the assumptions allow, or ``"?"`` if it changes.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.symbolic.derive import derive_normal_form
    >>> d = derive_normal_form(load_scenario("battle_of_the_sexes"))
    >>> a, b = sorted(d.symbols, key=str)
    >>> sign_of(b / (a + b) ** 2, d), sign_of(-a, d), sign_of(a - b, d)
    ('+', '-', '+')
    """
    expr = sp.simplify(expr)
    if expr == 0:
        return "0"
    known = derivation.assumptions
    if ratio_condition(expr, ">", known).is_always:
        return "+"
    if ratio_condition(-expr, ">", known).is_always:
        return "-"
    by_factors = _sign_by_factors(expr, derivation)
    if by_factors is not None:
        return by_factors
    if ratio_condition(expr, ">=", known).is_always:
        return ">=0"
    if ratio_condition(-expr, ">=", known).is_always:
        return "<=0"
    return "?"


def _sign_by_factors(expr: sp.Expr, derivation: Derivation) -> str | None:
    """The sign as the product of its factors' signs (``c/(c + w - t)**2`` is positive when
    ``c > 0`` and ``c + w - t != 0``); ``None`` when some factor's sign is not decided."""
    known = derivation.assumptions
    sign = 1
    for factor in sp.Mul.make_args(sp.factor(expr)):
        base, exponent = factor.as_base_exp()
        if base.is_number and not base.free_symbols:
            if base == 0:
                return "0"
            sign *= 1 if (base > 0 or (exponent.is_even)) else -1
            continue
        if not exponent.is_integer:
            return None
        positive = ratio_condition(base, ">", known).is_always
        negative = not positive and ratio_condition(-base, ">", known).is_always
        if not (positive or negative):
            if exponent.is_even and ratio_condition(base, "==", known).is_never:
                continue  # a nonzero square
            return None
        if negative and exponent.is_odd:
            sign = -sign
    return "+" if sign > 0 else "-"


def equilibrium_quantities(derivation: Derivation) -> list[Quantity]:
    """Mixing probabilities and payoffs of each possible mixed equilibrium, and thresholds."""
    game = derivation.game
    out: list[Quantity] = []
    # K in "mixed K" is the index among the mixed equilibria that are possible (the records'
    # ``mixed`` list), not among every support pair tried.
    possible = [sol for sol in derivation.mixed if not sol.condition.is_never]
    for k, sol in enumerate(possible):
        for player in (0, 1):
            for i in sol.supports[player]:
                out.append(
                    Quantity(
                        f"mixed {k}: P({game.players[player]} plays {game.actions[player][i]})",
                        "probability",
                        sp.factor(sol.strategies[player][i]),
                    )
                )
        for player in (0, 1):
            out.append(
                Quantity(
                    f"mixed {k}: payoff of {game.players[player]}", "payoff", sol.payoffs[player]
                )
            )
    seen: set[sp.Expr] = set()
    for region in derivation.regions or ():
        for atom in region.condition.atoms:
            base = -atom.expr if atom.expr.could_extract_minus_sign() else atom.expr
            if base in seen:
                continue
            seen.add(base)
            for s in sorted(base.free_symbols, key=str):
                if sp.degree(base, s) == 1:
                    [root] = sp.solve(base, s)
                    out.append(Quantity(f"threshold {s} = {sp.sstr(root)}", "threshold", root))
    return out


def comparative_statics(
    derivation: Derivation, at: Mapping[sp.Symbol, Any] | None = None
) -> tuple[Sensitivity, ...]:
    """The derivative of every equilibrium quantity with respect to every parameter.

    Parameters
    ----------
    derivation
        From :func:`gametheory.symbolic.derive`.
    at
        A full parameter point (symbol → value) at which to evaluate the derivatives.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.symbolic.derive import derive_normal_form
    >>> d = derive_normal_form(load_scenario("warrant_screening"))
    >>> [(s.parameter.name, s.sign) for s in comparative_statics(d)
    ...  if s.quantity.name == "mixed 0: P(ICE plays Screen)"]
    [('b_J', '-'), ('d', '0'), ('k', '0'), ('l_J', '+'), ('v', '0')]
    """
    out = []
    point = dict(at or {})
    for q in equilibrium_quantities(derivation):
        for s in derivation.symbols:
            d = sp.factor(sp.simplify(sp.diff(q.expr, s)))
            value = sp.simplify(d.xreplace(point)) if point else None
            out.append(Sensitivity(q, s, d, sign_of(d, derivation), value))
    return tuple(out)
