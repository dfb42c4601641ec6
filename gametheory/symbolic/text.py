"""Formulas and conditions as plain text in the scenario language, never as sympy repr.

Every formula that fedlocal prints as text (tables, CSV, the ``text`` fields of JSON) is written
in the language of scenario files and ``--set`` values (:mod:`gametheory.formula`): ``*`` and
``/`` for products and quotients, ``**`` for powers, ``min``, ``max``, ``abs``, ``sqrt``,
``exp`` and ``log``, so a printed formula can be pasted back into a scenario. What sympy would
print and the language has no word for is written as a reader writes it:

* ``Max(a, b)``, ``Min``, ``Abs`` → ``max(a, b)``, ``min``, ``abs``; ``E`` → ``exp(1)``;
  ``oo`` → ``inf``; ``ceiling(x)`` → ``ceil(x)``;
* ``Eq(a, b)`` → ``a = b``, ``Ne(a, b)`` → ``a != b``;
* ``(a >= b) & (c < d)`` → ``a >= b and c < d``; ``|`` → ``or``, with parentheses only
  around a conjunction inside a disjunction; ``~x`` → ``not (x)``;
* ``Piecewise((a, c), (b, True))`` → ``a if c, otherwise b``.

LaTeX goes through :func:`gametheory.numbers.to_latex` (``sympy.latex``, with algebraic roots as
decimals) with the scenario's declared symbols (:func:`gametheory.report.latex_fit.math_label`
and the records' ``latex`` fields).
"""

from __future__ import annotations

from typing import Any

import sympy as sp

from gametheory.limits import ExactStrPrinter

__all__ = ["SYMPY_REPR", "condition_text", "formula_text"]

#: Fragments that only sympy's own printer writes (what a test of the outputs looks for).
SYMPY_REPR: tuple[str, ...] = (
    "Max(",
    "Min(",
    "Abs(",
    "Piecewise",
    "Eq(",
    "Ne(",
    "ceiling(",
    "floor(",
    "Rational(",
    "Integer(",
    "Symbol(",
    "Interval(",
    "Union(",
    "Lambda(",
    "zoo",
    "BooleanTrue",
    "CRootOf",
    ") & (",
    ") | (",
)

_OPS = {">=": ">=", "<=": "<=", ">": ">", "<": "<", "==": "=", "!=": "!="}


class _TextPrinter(ExactStrPrinter):
    """sympy's string printer, speaking the scenario language."""

    def _print_ceiling(self, expr: sp.Expr) -> str:
        return f"ceil({self._join(expr)})"

    def _print_floor(self, expr: sp.Expr) -> str:
        return f"floor({self._join(expr)})"

    def _print_BooleanTrue(self, expr: sp.Basic) -> str:
        return "always"

    def _print_BooleanFalse(self, expr: sp.Basic) -> str:
        return "never"

    def _print_Relational(self, expr: sp.Basic) -> str:
        op = _OPS.get(expr.rel_op, expr.rel_op)
        return f"{self._print(expr.lhs)} {op} {self._print(expr.rhs)}"

    def _print_And(self, expr: sp.Basic) -> str:
        return " and ".join(self._operand(a, sp.And) for a in _ordered(expr))

    def _print_Or(self, expr: sp.Basic) -> str:
        return " or ".join(self._operand(a, sp.Or) for a in _ordered(expr))

    def _print_Not(self, expr: sp.Basic) -> str:
        return f"not ({self._print(expr.args[0])})"

    def _operand(self, arg: sp.Basic, outer: type) -> str:
        text = str(self._print(arg))
        if isinstance(arg, sp.And | sp.Or) and not isinstance(arg, outer):
            return f"({text})"
        return text

    def _print_Piecewise(self, expr: sp.Piecewise) -> str:
        parts = []
        for value, cond in expr.args:
            if cond is sp.true:
                parts.append(f"{self._print(value)} otherwise")
            else:
                parts.append(f"{self._print(value)} if {self._print(cond)}")
        return ", ".join(parts)


def _ordered(expr: sp.Basic) -> list[sp.Basic]:
    """The operands of ``And``/``Or`` in sympy's printing order (stable across runs)."""
    return sorted(expr.args, key=sp.default_sort_key)


def formula_text(expr: Any, **settings: Any) -> str:
    """A formula (or a number) as plain text in the scenario language (``settings`` as for
    :func:`sympy.sstr`, ``order="none"`` say).

    Examples
    --------
    >>> c, g, b = sp.symbols("c_L g b", positive=True)
    >>> formula_text(sp.Max(c, g))
    'max(c_L, g)'
    >>> formula_text(sp.ceiling(sp.sqrt(1 + 2 / b) / 2))
    'ceil(sqrt(1 + 2/b)/2)'
    >>> formula_text(sp.Eq(2 * g, sp.Rational(3, 2)))
    '2*g = 3/2'
    """
    return str(_TextPrinter(settings).doprint(sp.sympify(expr) if isinstance(expr, int) else expr))


def condition_text(condition: sp.Basic) -> str:
    """A relational or boolean condition as plain text (``and``/``or``, no ``&``).

    Examples
    --------
    >>> q, s = sp.symbols("q s")
    >>> condition_text((q >= 1) & (s < 2))
    'q >= 1 and s < 2'
    >>> condition_text(((q >= 1) & (s < 2)) | sp.Eq(q, 0))
    '(q >= 1 and s < 2) or q = 0'
    >>> condition_text(sp.true)
    'always'
    """
    return formula_text(condition)
