"""Readable closed forms: fewer minus signs, definitions folded back in.

Formulas derived by sympy come out expanded and with arbitrary signs: ``-(R - T)/(P - T)``,
``(e + lam + tau)/h``. These helpers give the same values in the form a reader expects,
``(T - R)/(T - P)`` and ``c_L/h``, for display only (the results are unevaluated products; they
evaluate again under ``subs`` or ``xreplace``). :func:`option_number` reads the number given to
an option (``--delta``, ``--penalty``) and says which option a bad one came from.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import parse_number
from gametheory.limits import factorable
from gametheory.model.normal_form import exact_number
from gametheory.model.scenario import Scenario
from gametheory.repeated.delta_sets import strict_sign
from gametheory.symbolic.conditions import Condition
from gametheory.symbolic.simplify import simplify_condition
from gametheory.symbolic.text import formula_text as plain

__all__ = [
    "bounds_text",
    "fold_definitions",
    "formula_text",
    "nice",
    "option_number",
    "threshold_bounds",
]


def option_number(raw: Any, key: str) -> sp.Expr:
    """The exact number given to an option: text (``"3/5"``, ``0.6``) through the safe parser,
    exact numbers (``Fraction``, sympy) as they are; a parse error names ``key``."""

    try:
        if isinstance(raw, str | int | float):
            return parse_number(raw)
        return exact_number(raw)
    except ScenarioError as err:
        raise err.located(key=key) from None


def _negatives(e: sp.Expr) -> tuple[int, int, int]:
    """How negative a sum looks: its negative terms, a negative constant, a negative first term."""
    e = sp.expand(e)
    terms = sp.Add.make_args(e)
    const = sum((t for t in terms if not t.free_symbols), sp.Integer(0))
    first = e.as_ordered_terms()[0]
    return (
        sum(1 for t in terms if t.could_extract_minus_sign()),
        int(bool(const < 0)),
        int(first.could_extract_minus_sign()),
    )


def _tidy_factors(
    factors: list[tuple[sp.Expr, int]], known: Any = None
) -> tuple[int, list[sp.Expr]]:
    """Flip the signs of factors known to be negative under ``known``, else of those whose
    negation has fewer negative terms (``rho - 1`` becomes ``1 - rho``); returns the sign the
    flips introduce and the factors (as powers)."""

    sign, out = 1, []
    for f, m in factors:
        flip = False
        if f.is_Add:
            known_sign = strict_sign(f, known) if known is not None else None
            flip = known_sign == -1 or (known_sign is None and _negatives(-f) < _negatives(f))
        if flip:
            sign *= (-1) ** m
            f = sp.expand(-f)
        out.append(f**m if m != 1 else f)
    return sign, out


def nice(expr: sp.Expr, collect: tuple[sp.Symbol, ...] = (), known: Any = None) -> sp.Expr:
    """A readable form of a formula, for display: numerator and denominator factored with the
    fewest minus signs (``(1 - rho)``, not ``-(rho - 1)``), the numerator collected in the
    ``collect`` symbols. The value is unchanged (the result is an unevaluated product; use
    ``xreplace`` or ``subs`` to evaluate it)."""
    if not expr.free_symbols or not factorable(expr):
        return expr  # numbers of over FACTOR_DIGITS digits: sympy's factoring does not finish
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    coeff, factors = sp.factor_list(den)
    sign, dens = _tidy_factors(factors, known)
    if coeff < 0:
        coeff, sign = -coeff, -sign
    num = sp.expand(sign * num)
    if collect:
        grouped = sp.collect(num, list(collect), evaluate=False)
        terms = []
        for key, c in grouped.items():
            cc, cf = sp.factor_list(c)
            s2, fs = _tidy_factors(cf, known)
            # cc is a Rational (1/3 when a parameter was set to 3/2): never Integer(cc).
            lead = [sp.Rational(s2) * cc] if s2 * cc != 1 else []
            if key == 1 and len(fs) <= 1:
                terms.append(c)
            else:
                terms.append(sp.Mul(*lead, *fs, *([] if key == 1 else [key]), evaluate=False))
        num_t = sp.Add(*terms, evaluate=False)
    else:
        if _negatives(-num) < _negatives(num) and not (
            known is not None and len(sp.factor_list(num)[1]) == 1
        ):
            return sp.Mul(-1, nice(-expr, collect, known), evaluate=False)
        cc, cf = sp.factor_list(num)
        s2, fs = _tidy_factors(cf, known)
        num_t = sp.Mul(s2 * cc, *fs, evaluate=False) if len(fs) > 1 else num
    factors = ([coeff] if coeff != 1 else []) + [f for f in dens if f != 1]
    if not factors:
        return num_t
    # One reciprocal per factor: sympy then prints num/(2*g*h), where a reciprocal of the whole
    # product would print num/((2*g*h)).
    return sp.Mul(num_t, *(sp.Pow(f, -1, evaluate=False) for f in factors), evaluate=False)


def fold_definitions(figure: Any, scenario: Scenario, collect: tuple[sp.Symbol, ...] = ()) -> Any:
    """``figure`` with its formula rewritten in the scenario's definitions where that is shorter
    (``(e + lam + tau)/h`` becomes ``c_L/h`` when ``c_L = tau + lam + e``)."""
    if getattr(figure, "formula", None) is None:
        return figure
    expr = figure.formula.doit()
    best = figure.formula
    for name, dexpr in scenario.definitions:
        sym = sp.Symbol(name, real=True)
        pick = None
        if dexpr.is_Add:
            pick = next((t for t in dexpr.args if t.is_Symbol), None)
            if pick is not None:
                trial = expr.subs(pick, sym - (dexpr - pick))
        elif dexpr.is_Mul:
            pick = next((t for t in dexpr.args if t.is_Symbol), None)
            if pick is not None:
                trial = expr.subs(pick, sym / (dexpr / pick))
        if pick is None:
            continue
        trial = sp.cancel(sp.together(trial))
        if pick in trial.free_symbols:
            continue  # the definition does not absorb every occurrence
        candidate = nice(trial, collect)
        if len(str(candidate)) < len(str(best)):
            best, expr = candidate, trial
    return dataclasses.replace(figure, formula=best)


def formula_text(expr: sp.Expr) -> str:
    """Plain text of a formula from :func:`nice` (``(a + g - p)/g``), without sympy's doubled
    parentheses around an unevaluated denominator."""
    if isinstance(expr, sp.Mul) and len(expr.args) >= 2:
        num, dens = expr.args[0], expr.args[1:]
        if all(isinstance(d, sp.Pow) and d.exp == -1 for d in dens):
            top = plain(num)
            bases = [d.base for d in dens]
            base = bases[0] if len(bases) == 1 else sp.Mul(*bases, evaluate=False)
            bottom = plain(base)
            if isinstance(num, sp.Add):
                top = f"({top})"
            if not (base.is_Symbol or base.is_Integer):
                bottom = f"({bottom})"
            return f"{top}/{bottom}"
    return plain(expr)


def threshold_bounds(
    condition: Condition, theta: sp.Symbol, known: Any = None
) -> list[tuple[str, sp.Expr]] | None:
    """Bounds ``(op, value)`` on ``theta`` from a one-clause condition linear in ``theta``.

    ``None`` when the condition is not a single conjunction of atoms linear in ``theta`` with a
    coefficient of known sign. Atoms without ``theta`` are ignored (they are conditions on the
    other parameters, reported with the condition itself).
    """
    if len(condition.clauses) != 1:
        return None
    out: list[tuple[str, sp.Expr]] = []
    for atom in condition.clauses[0]:
        e = sp.expand(atom.expr)
        if theta not in e.free_symbols:
            continue
        poly = sp.Poly(e, theta)
        if poly.degree() != 1:
            return None
        c1, c0 = poly.all_coeffs()
        sign = strict_sign(c1, known)
        if sign is None:
            return None
        op = {">": ">", ">=": ">=", "==": "=="}[atom.op]
        if sign < 0 and op != "==":
            op = {">": "<", ">=": "<="}[op]
        out.append((op, nice(-c0 / c1, known=known)))
    return out


def bounds_text(
    name: str, bounds: list[tuple[str, sp.Expr]] | None, cond: Condition, known: Any = None
) -> str:
    if cond.is_always:
        return f"any {name}"
    if cond.is_never:
        return f"no {name}"
    if bounds:
        return " and ".join(f"{name} {op} {v}" for op, v in bounds)
    return simplify_condition(cond, known).text()
