"""Bounds on input sizes, and number conversions that never crash on huge values.

fedlocal computes in exact arithmetic, where a short input can ask for an enormous number
(``9**9999**9999``, ``1e10000000``) or polynomial (``a**1000000000``). The limits here make such
input fail at once, with one clear line, instead of exhausting time or memory. Every limit is a
module constant; docs/reference/limits.md says why each value was chosen and how to raise it.

The helpers convert exact numbers to text and to floats without the two crashes that huge values
cause in plain Python: ``OverflowError`` (a float holds at most about 1.8e308) and the 4,300-digit
limit on turning an ``int`` into a decimal string (:func:`sys.set_int_max_str_digits`).
"""

from __future__ import annotations

import decimal
import math
import sys
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.limit_values import MAX_VALUE_DIGITS

__all__ = [
    "FACTOR_DIGITS",
    "MAX_DEGREE",
    "MAX_EXACT_OUTPUT_DIGITS",
    "MAX_NUMBER_DIGITS",
    "MAX_PUNISH_ROUNDS",
    "MAX_SIMULATION_DIGITS",
    "MAX_TREE_DEPTH",
    "MAX_VALUE_DIGITS",
    "OVERFLOW_NOTE",
    "degree_bound",
    "digits",
    "digits_bound",
    "factorable",
    "int_text",
    "rational_text",
    "to_float",
]

#: The most decimal digits a number in a formula may have (numerator and denominator alike), as
#: written (``1e10000``) or as computed from numbers while the formula is parsed (``(9**99)**99``).
MAX_NUMBER_DIGITS = 10_000

#: The largest degree of a formula in its parameters (``a**1000`` has degree 1000, and so has a
#: chain of definitions each squaring the last, ten deep). Also bounds ``|exponent|`` of a power
#: whose base is not a number.
MAX_DEGREE = 1_000

#: ``MAX_VALUE_DIGITS`` (imported above) is the most decimal digits a payoff may reach once
#: parameter values are put in; it lives in :mod:`gametheory.limit_values` so that the command
#: line reads it without loading sympy.

#: ``punish:K`` punishes for at most this many rounds (the automaton has K + 1 states per player,
#: and the incentive constraints grow with the product of the two automata).
MAX_PUNISH_ROUNDS = 8

#: The deepest game tree read (actions from the root to the deepest node). The tree walks are
#: recursive, and every node is identified by its full history, so depth costs quadratic memory.
MAX_TREE_DEPTH = 200

#: A simulation keeps each round's running total exact while its denominator has at most this
#: many digits; beyond it the round's exact value is ``null`` and its float twin is given.
MAX_SIMULATION_DIGITS = 300

#: Exact totals of a simulation are given only when they have at most this many digits.
MAX_EXACT_OUTPUT_DIGITS = 100_000

#: sympy factors a polynomial (to tidy a closed form, to split off factors of known sign) or a
#: rational (to take its root) only when every number in it has at most this many digits:
#: beyond, its multivariate factoring searches for primes past the coefficients and its
#: root extraction factors the number, and neither finishes for thousands of digits. The
#: expression is then kept unfactored (the same value; fewer factors recognised).
FACTOR_DIGITS = 100

#: The note attached to a record in which a float twin is ``null`` because of its size.
OVERFLOW_NOTE = (
    "a number is beyond the float range (about 1.8e308): its float twin is null; the exact value "
    "is given"
)

_LOG10_2 = math.log10(2)


def digits(n: int) -> int:
    """An upper bound on the number of decimal digits of ``|n|``, computed without printing it.

    Examples
    --------
    >>> digits(999), digits(10**5000) >= 5001
    (3, True)
    """
    n = abs(int(n))
    if n < 10**18:
        return len(str(n))
    return int(n.bit_length() * _LOG10_2) + 1


def factorable(expr: Any) -> bool:
    """Whether every rational number in ``expr`` (a sympy expression or matrix) has at most
    :data:`FACTOR_DIGITS` digits in its numerator and denominator (sympy's factoring finishes
    on it).

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> factorable(x**2 - 4), factorable(x - sp.Integer(10) ** 1000)
    (True, False)
    """
    if isinstance(expr, int | Fraction):
        expr = sp.Rational(expr)
    if not hasattr(expr, "atoms"):  # sympy expressions and matrices have atoms()
        return True
    bound = 10**FACTOR_DIGITS
    return all(abs(int(r.p)) <= bound and int(r.q) <= bound for r in expr.atoms(sp.Rational))


def int_text(n: int) -> str:
    """``n`` in decimal, however many digits it has (Python's ``str`` refuses past 4,300).

    Examples
    --------
    >>> len(int_text(10**5000))
    5001
    >>> int_text(-12)
    '-12'
    """
    n = int(n)
    if abs(n) < 10**4000:
        return str(n)
    limit = sys.get_int_max_str_digits() if hasattr(sys, "get_int_max_str_digits") else 0
    if limit == 0 or digits(n) < limit:
        return str(n)
    with decimal.localcontext() as ctx:  # int -> Decimal -> str has no digit limit
        ctx.prec = decimal.MAX_PREC
        return str(decimal.Decimal(n))


def rational_text(value: Any) -> str:
    """An exact rational (``Fraction``, ``int`` or sympy ``Rational``) as ``"p/q"`` or ``"p"``.

    Examples
    --------
    >>> rational_text(Fraction(-2, 3)), rational_text(sp.Rational(5)), rational_text(7)
    ('-2/3', '5', '7')
    """
    if isinstance(value, sp.Rational):
        p, q = int(value.p), int(value.q)
    else:
        fr = Fraction(value)
        p, q = fr.numerator, fr.denominator
    return int_text(p) if q == 1 else f"{int_text(p)}/{int_text(q)}"


def to_float(value: Any) -> float | None:
    """The float nearest an exact number, or ``None`` when it is beyond the float range.

    Works for ``int``, ``Fraction``, sympy numbers and floats; the result of a number too large for
    a float (``2**1024``, ``1e309``) is ``None``, never an ``OverflowError``. A number too small
    for a float becomes ``0.0`` (or ``-0.0``).

    Examples
    --------
    >>> to_float(Fraction(1, 3))
    0.3333333333333333
    >>> to_float(2**1024) is None, to_float(sp.Rational(1, 10**400))
    (True, 0.0)
    """
    try:
        if isinstance(value, float):
            return value if math.isfinite(value) else None
        if isinstance(value, sp.Rational):
            return int(value.p) / int(value.q)
        if isinstance(value, int | Fraction):
            fr = Fraction(value)
            return fr.numerator / fr.denominator
        result = float(sp.N(value, 17)) if isinstance(value, sp.Basic) else float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def _postorder(expr: sp.Basic) -> list[sp.Basic]:
    """The distinct subexpressions of ``expr``, children before parents, without recursion."""
    seen: set[sp.Basic] = set()
    order: list[sp.Basic] = []
    stack: list[tuple[sp.Basic, bool]] = [(expr, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
            continue
        if node in seen:
            continue
        seen.add(node)
        stack.append((node, True))
        stack.extend((arg, False) for arg in node.args if arg not in seen)
    return order


def degree_bound(expr: sp.Basic) -> float:
    """An upper bound on the total degree of ``expr`` in its symbols (``inf`` when unbounded).

    A sum has the largest degree of its terms, a product the sum of its factors' degrees, and
    ``x**n`` ``|n|`` times the degree of ``x``; functions keep their argument's degree. A power
    with a symbol in its exponent has no bound.

    Examples
    --------
    >>> a, b = sp.symbols("a b")
    >>> degree_bound(a**3 * b + a), degree_bound(sp.Max(a, b**2) / b), degree_bound(2**a)
    (4.0, 3.0, inf)
    """
    deg: dict[sp.Basic, float] = {}
    for node in _postorder(expr):
        if not node.free_symbols:
            d: float = 0
        elif node.is_Symbol:
            d = 1
        elif node.is_Pow:
            base, exp = node.args
            d = (
                math.inf
                if exp.free_symbols
                else deg[base] * max(1.0, abs(float(exp)))
                if deg[base]
                else 0
            )
        elif node.is_Mul:
            d = sum(deg[a] for a in node.args)
        else:
            d = max((deg[a] for a in node.args), default=0)
        deg[node] = d
    return deg[expr]


def _height(value: sp.Rational) -> float:
    """Decimal digits of ``max(|p|, q)``, estimated."""
    return max(digits(int(value.p)), digits(int(value.q)), 1)


def digits_bound(expr: sp.Basic, values: Any = None) -> float:
    """An upper bound on the digits of ``expr``'s value once ``values`` are put in.

    The height (digits of the larger of numerator and denominator) of a sum is at most the sum of
    the heights plus one, of a product the sum of the heights, and of ``x**n`` ``|n|`` times the
    height of ``x``. Nothing is evaluated, so the bound is cheap even when the value is not.

    Examples
    --------
    >>> a = sp.Symbol("a")
    >>> digits_bound(a**1000, {a: sp.Integer(10)**200}) > 200_000
    True
    >>> digits_bound(a / 3 + 1, {a: sp.Rational(1, 7)})  # 22/21: 2 digits, bounded by 5
    5
    """
    mapping = dict(values or {})
    height: dict[sp.Basic, float] = {}
    for node in _postorder(expr):
        if node.is_Rational:
            h = _height(node)
        elif node.is_Symbol:
            v = mapping.get(node)
            h = _height(v) if isinstance(v, sp.Rational) else 1
        elif node.is_Pow:
            base, exp = node.args
            if exp.is_Rational:
                h = height[base] * max(1.0, abs(float(exp)))
            elif exp.free_symbols and exp.free_symbols <= set(mapping):
                h = math.inf  # a parameter in an exponent: refused by the formula parser anyway
            else:
                h = height[base]
        elif node.is_Mul:
            h = sum(height[a] for a in node.args)
        elif node.is_Add:
            h = sum(height[a] for a in node.args) + len(node.args)
        else:
            h = max((height[a] for a in node.args), default=1)
        height[node] = h
    return height[expr]


def json_ready(record: Any) -> Any:
    """``record`` with every non-finite float replaced by ``None``, and a note when one was.

    A float twin is ``None`` when its exact value is beyond the float range (see :func:`to_float`);
    this adds :data:`OVERFLOW_NOTE` to the record's ``diagnostics`` (or ``notes``) list then, so
    the reader learns why. The JSON written is always standard JSON (no ``Infinity``/``NaN``).

    Examples
    --------
    >>> rec = {"value": "2**1024", "value_float": None, "diagnostics": []}
    >>> json_ready(rec)["diagnostics"] == [OVERFLOW_NOTE]
    True
    >>> json_ready({"x": float("inf"), "notes": []})["x"] is None
    True
    """
    found = False

    def clean(obj: Any, key: str = "", exact: Any = None) -> Any:
        nonlocal found
        if isinstance(obj, float):
            if math.isfinite(obj):
                return obj
            found = True
            return None
        if obj is None and key.endswith("_float") and exact is not None:
            found = True
        if isinstance(obj, dict):
            return {k: clean(v, k, obj.get(k[: -len("_float")])) for k, v in obj.items()}
        if isinstance(obj, list | tuple):
            twins = exact if isinstance(exact, list | tuple) and len(exact) == len(obj) else None
            return [clean(v, key, twins[i] if twins else None) for i, v in enumerate(obj)]
        return obj

    out = clean(record)
    if found and isinstance(out, dict):
        for key in ("diagnostics", "notes"):
            if isinstance(out.get(key), list):
                if OVERFLOW_NOTE not in out[key]:
                    out[key].append(OVERFLOW_NOTE)
                break
        else:
            out["diagnostics"] = [OVERFLOW_NOTE]
    return out


class ExactStrPrinter(sp.printing.str.StrPrinter):  # type: ignore[misc]
    """sympy's ``sstr`` printer writing the formula language (:mod:`gametheory.formula`): integers
    of any length (see :func:`int_text`), ``min``/``max``/``abs``/``exp(1)``, ``root(p, k)`` and
    ``inf``, so the text parses back to the same expression."""

    def _join(self, expr: sp.Basic) -> str:
        return ", ".join(str(self._print(a)) for a in expr.args)

    def _print_Min(self, expr: sp.Min) -> str:
        return f"min({self._join(expr)})"

    def _print_Max(self, expr: sp.Max) -> str:
        return f"max({self._join(expr)})"

    def _print_Abs(self, expr: sp.Abs) -> str:
        return f"abs({self._join(expr)})"

    def _print_Exp1(self, expr: sp.Expr) -> str:
        return "exp(1)"

    def _print_Integer(self, expr: sp.Integer) -> str:
        return int_text(int(expr.p))

    def _print_Rational(self, expr: sp.Rational) -> str:
        return rational_text(expr)

    def _print_Infinity(self, expr: sp.Expr) -> str:
        return "inf"

    def _print_NegativeInfinity(self, expr: sp.Expr) -> str:
        return "-inf"

    def _print_ComplexRootOf(self, expr: sp.CRootOf) -> str:
        # The formula language's root(p, k): the k-th smallest real root of p in x, from 1.
        x = sp.Symbol("x")
        poly = sp.Poly(expr.poly.as_expr().xreplace({expr.poly.gen: x}), x)
        index = sorted(poly.real_roots()).index(expr) + 1 if expr.is_real else None
        if index is None:  # a complex root: sympy's own numbering, not ours (never in records)
            return super()._print_ComplexRootOf(expr)  # type: ignore[no-any-return]
        return f"root({self._print(poly.as_expr())}, {index})"


#: Reducing a compound algebraic number to one root(p, k) costs a minimal polynomial; past this
#: degree the expression is printed as it is (still exact, in root(p, k) atoms).
_MAX_ALGEBRAIC_DEGREE = 24


def _one_root(value: sp.Expr) -> sp.Expr:
    """A real algebraic number written with roots of polynomials, as one ``CRootOf``."""
    if isinstance(value, sp.CRootOf) or value.free_symbols or not value.is_real:
        return value
    x = sp.Dummy("x")
    try:
        poly = sp.Poly(sp.minimal_polynomial(value, x), x)
    except (NotImplementedError, ValueError, sp.PolynomialError):
        return value
    if poly.degree() > _MAX_ALGEBRAIC_DEGREE:
        return value
    if poly.degree() == 1:
        return -poly.nth(0) / poly.nth(1)
    approx = sp.N(value, 50)
    near = [r for r in poly.real_roots() if abs(sp.N(r, 50) - approx) < sp.Float(10) ** -40]
    return near[0] if len(near) == 1 else value


def exact_text(value: Any) -> str:
    """A sympy expression in ``sstr`` syntax (``"sqrt(2)/2"``), with integers of any length.

    Algebraic numbers that have no radical form are written ``root(p, k)``: the ``k``-th
    smallest real root of the polynomial ``p`` in ``x``, a function of the formula language, so
    the text parses back to the same number. Infinity is ``inf``.

    Examples
    --------
    >>> exact_text(sp.sqrt(2) / 2)
    'sqrt(2)/2'
    >>> len(exact_text(sp.Integer(10) ** 5000 * sp.Symbol("a")))
    5003
    >>> r = sp.CRootOf(sp.Symbol("y") ** 3 - 3 * sp.Symbol("y") + 1, 1)
    >>> exact_text(r), exact_text(r**2 - 2), exact_text(-sp.oo)
    ('root(x**3 - 3*x + 1, 2)', 'root(x**3 - 3*x + 1, 1)', '-inf')
    """
    if isinstance(value, int | Fraction | sp.Rational):
        return rational_text(value)
    if isinstance(value, sp.Basic) and value.has(sp.CRootOf):
        value = _one_root(value)
    return str(ExactStrPrinter({"order": None}).doprint(value))
