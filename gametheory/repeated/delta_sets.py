"""Sets of discount factors, exact: where incentive constraints ``f(delta) >= 0`` hold in (0, 1).

Two cases:

* **Numeric payoffs.** Each constraint is a rational function of ``delta`` alone. Its numerator
  and denominator are polynomials with rational coefficients; their real roots in ``(0, 1)`` are
  found exactly (sympy's ``real_roots``: rationals, surds, or ``CRootOf`` algebraic numbers), the
  sign is constant between consecutive roots and is read at an exact rational point in each gap.
  The result, a :class:`DeltaSet`, is a finite union of intervals with exact endpoints.
* **Symbolic payoffs.** A constraint whose numerator is of degree 1 or 2 in ``delta`` becomes a
  bound ``delta >= b`` or ``delta <= b`` with ``b`` a closed form in the parameters, when the
  parameters' domains and the scenario's assumptions decide the signs it needs (exactly, by the
  linear programs of :mod:`gametheory.symbolic.conditions`); constraints without ``delta`` become
  conditions on the parameters. What cannot be decided is kept as the inequality itself.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.formula import as_expression
from gametheory.limits import factorable
from gametheory.numbers import to_latex
from gametheory.repeated._delta_intervals import (
    DeltaSet,
    _roots_in_unit,
    intersect,
    nonnegative_set,
)
from gametheory.symbolic.conditions import Assumptions, Atom, Condition
from gametheory.symbolic.derive import ratio_condition
from gametheory.symbolic.text import formula_text

__all__ = [
    "Bound",
    "DeltaSet",
    "SymbolicDeltaCondition",
    "conjunction",
    "describe",
    "in_terms_of",
    "intersect",
    "nonnegative_set",
    "strict_sign",
    "symbolic_condition",
    "tidy",
]


@functools.lru_cache(maxsize=4096)
def _same(a: sp.Expr, b: sp.Expr) -> bool:
    """Exact equality of two closed forms (cached). ``False`` when sympy cannot decide it: the
    caller then keeps both bounds, which is redundant but never wrong."""
    try:
        return _same_exact(a, b)
    except (ValueError, ArithmeticError):
        # sympy's factoring of a radicand of hundreds of digits can fail inside sympy
        # (`fedlocal repeated surge_pd --set a=1e200` raised "... is not a prime factor")
        return False


def _same_exact(a: sp.Expr, b: sp.Expr) -> bool:
    if a == b:
        return True
    diff = a - b
    if diff.is_rational_function():
        return bool(sp.cancel(diff) == 0)
    # Not equal when they differ at a point (most pairs); simplify only the close calls.
    point = {
        s: sp.Rational(7 + 3 * k, 5 + k) for k, s in enumerate(sorted(diff.free_symbols, key=str))
    }
    probe = sp.N(diff.xreplace(point), 30)
    if probe.is_number and abs(probe) > sp.Float("1e-20", 30):
        return False
    return bool(sp.simplify(diff) == 0)


@functools.lru_cache(maxsize=4096)
def _ratio(expr: sp.Expr, op: str, known: Assumptions) -> Condition:
    """``expr op 0`` as a condition on the parameters (cached).

    The linear programs behind :func:`~gametheory.symbolic.derive.ratio_condition` decide only
    linear atoms, so for an expression with radicals (the root of a quadratic) only sympy's own
    sign facts are used: a condition that is not ``never`` is kept as the atom itself.
    """
    if not expr.is_rational_function():
        atom = Atom(expr, op)
        verdict = atom.expr.is_positive if op == ">" else atom.expr.is_nonnegative
        if verdict is False:
            return Condition.never()
        return Condition.always() if verdict else Condition.all_of([atom])

    return ratio_condition(expr, op, known)


@dataclass(frozen=True)
class Bound:
    """``delta op value`` with ``op`` one of ``>=``, ``<=`` (a closed form in the parameters).

    ``lhs``, when given, is what is bounded instead of ``delta`` itself: a player's own discount
    factor written in ``delta`` and the parameters (``delta*(1 - rho)``).
    """

    op: str
    value: sp.Expr
    lhs: sp.Expr | None = None

    def describe(self, name: str = "delta", fmt: str = "text") -> str:
        if fmt == "latex":
            sym = "\\delta" if name == "delta" else name
            if self.lhs is not None:
                sym = to_latex(self.lhs)
            op = {">=": "\\geq", "<=": "\\leq", "=": "="}[self.op]
            return f"{sym} {op} {to_latex(self.value)}"
        lhs = name if self.lhs is None else formula_text(self.lhs)
        return f"{lhs} {self.op} {formula_text(self.value)}"

    def at(self, values: Mapping[sp.Symbol, Any], delta: sp.Symbol) -> DeltaSet:
        """The exact set of ``delta`` where the bound holds once the parameters take ``values``."""
        v = as_expression(self.value).xreplace(dict(values))
        if self.lhs is None:
            return DeltaSet.at_least(v) if self.op == ">=" else DeltaSet.at_most(v)
        lhs = as_expression(self.lhs).xreplace(dict(values))
        return nonnegative_set(lhs - v if self.op == ">=" else v - lhs, delta)


@dataclass(frozen=True)
class SymbolicDeltaCondition:
    """Incentive constraints with symbolic payoffs, solved for ``delta`` where possible.

    Attributes
    ----------
    bounds
        Closed-form bounds on ``delta`` (deduplicated).
    parameters
        The constraints that do not involve ``delta``: a condition on the parameters alone.
    unresolved
        Constraints kept as inequalities ``expr >= 0`` (signs the assumptions cannot decide, or
        degree above 2 in ``delta``).
    """

    bounds: tuple[Bound, ...]
    parameters: Condition
    unresolved: tuple[sp.Expr, ...]

    @property
    def lower(self) -> tuple[sp.Expr, ...]:
        return tuple(b.value for b in self.bounds if b.op == ">=")

    @property
    def upper(self) -> tuple[sp.Expr, ...]:
        return tuple(b.value for b in self.bounds if b.op == "<=")

    def describe(self, name: str = "delta", fmt: str = "text") -> str:
        if self.parameters.is_never:
            return "never"
        parts = []

        def twin(b: Bound, op: str) -> bool:
            return any(
                c.op == op and c.lhs == b.lhs and _same(c.value, b.value) for c in self.bounds
            )

        for b in self.bounds:
            if b.op == "<=" and twin(b, ">="):
                continue
            if b.op == ">=" and twin(b, "<="):
                parts.append(Bound("=", b.value, b.lhs).describe(name, fmt))
                continue
            parts.append(b.describe(name, fmt))
        if not self.parameters.is_always:
            rel = self.parameters.as_relational()
            parts.append(to_latex(rel) if fmt == "latex" else formula_text(rel))
        for e in self.unresolved:
            parts.append(f"{to_latex(e)} \\geq 0" if fmt == "latex" else f"{formula_text(e)} >= 0")
        if not parts:
            return "always"
        return (" \\text{ and } " if fmt == "latex" else " and ").join(parts)

    def at(self, values: Mapping[sp.Symbol, Any], delta: sp.Symbol) -> DeltaSet:
        """The exact delta set once the parameters take ``values``."""
        sets = [b.at(values, delta) for b in self.bounds]
        if not self.parameters.holds_at(values):
            return DeltaSet.nothing()
        for e in self.unresolved:
            sets.append(nonnegative_set(as_expression(e).xreplace(dict(values)), delta))
        return intersect(sets)


def in_terms_of(
    condition: SymbolicDeltaCondition, own: sp.Symbol, expr: sp.Expr
) -> SymbolicDeltaCondition:
    """A condition solved for a player's own discount factor ``own``, restated with ``own`` =
    ``expr`` (``delta*(1 - rho)``): bounds on ``expr``, inequalities in its symbols."""
    return SymbolicDeltaCondition(
        tuple(Bound(b.op, b.value, expr if b.lhs is None else b.lhs) for b in condition.bounds),
        condition.parameters,
        tuple(as_expression(e).xreplace({own: expr}) for e in condition.unresolved),
    )


def conjunction(
    verdicts: Sequence[SymbolicDeltaCondition | bool], known: Assumptions
) -> SymbolicDeltaCondition:
    """Where all of ``verdicts`` hold (``True``/``False`` for plain yes and no)."""
    bounds: list[Bound] = []
    params = Condition.always()
    unresolved: list[sp.Expr] = []
    for v in verdicts:
        if v is True:
            continue
        if v is False:
            params = Condition.never()
            continue
        assert isinstance(v, SymbolicDeltaCondition)
        bounds += [b for b in v.bounds if b not in bounds]
        params = params & v.parameters
        unresolved += [e for e in v.unresolved if e not in unresolved]
    return SymbolicDeltaCondition(tuple(bounds), _simplified(params, known), tuple(unresolved))


def describe(
    verdict: DeltaSet | SymbolicDeltaCondition | bool, name: str = "delta", fmt: str = "text"
) -> str:
    """Text (or LaTeX) for any verdict: a delta set, a symbolic condition, or yes/no."""
    if isinstance(verdict, bool):
        return "always" if verdict else "never"
    return verdict.describe(name, fmt)


class _Known(Assumptions):
    """Assumptions whose feasibility questions are answered from a cache.

    Every sign decision is one or two exact linear programs over the same assumptions; the
    same questions recur across constraints, players and strategy pairs (and inside
    :meth:`Condition.simplify` and :func:`~gametheory.symbolic.derive.ratio_condition`, which
    call :meth:`feasible`), so caching them here is where most of the time is saved.
    """

    def feasible(self, extra: Sequence[Atom]) -> bool | None:
        return _feasible(Assumptions(self.atoms), tuple(extra))


@functools.lru_cache(maxsize=32768)
def _feasible(known: Assumptions, extra: tuple[Atom, ...]) -> bool | None:
    return known.feasible(list(extra))


def _decide(known: Assumptions, atom: Atom) -> bool | None:
    """``known.decide(atom)`` through the feasibility cache."""
    return _Known(known.atoms).decide(atom)


def strict_sign(expr: sp.Expr, known: Assumptions | None = None) -> int | None:
    """+1 or -1 when ``known`` fixes the strict sign of ``expr``, else ``None`` (cached).

    Examples
    --------
    >>> a = sp.Symbol("a", real=True)
    >>> strict_sign(a - 1, Assumptions.from_relations([a > 2])), strict_sign(sp.Integer(-3))
    (1, -1)
    """
    return _sign_cached(as_expression(expr), known if known is not None else Assumptions())


_sign = strict_sign


@functools.lru_cache(maxsize=4096)
def _sign_cached(expr: sp.Expr, known: Assumptions) -> int | None:
    if expr.is_number:
        return 1 if expr > 0 else (-1 if expr < 0 else None)
    free = expr.free_symbols
    deltas = [a.expr for a in known.atoms if a.op == ">" and a.expr.is_Symbol]
    if len(free) == 1 and expr.is_polynomial():
        (d,) = free
        if d in deltas and Atom(1 - d, ">") in known.atoms:  # a polynomial in delta on (0, 1)
            poly = sp.Poly(expr, d)
            if not _roots_in_unit(poly) and not poly.eval(0) * poly.eval(1) < 0:
                v = poly.eval(sp.Rational(1, 2))
                return 1 if v > 0 else -1
    if expr.is_positive:
        return 1
    if expr.is_negative:
        return -1
    base = Assumptions(known.atoms)
    if _feasible(base, (Atom(-expr, ">="),)) is False:  # expr <= 0 is impossible
        return 1
    if _feasible(base, (Atom(expr, ">="),)) is False:
        return -1
    return None


def _nonnegative(expr: sp.Expr, known: Assumptions) -> bool:
    """True when ``known`` implies ``expr >= 0`` (zero allowed)."""
    if expr == 0:
        return True
    return _sign(expr, known) == 1 or _decide(known, Atom(expr, ">=")) is True


# What one constraint says, once solved: ("true",), ("never",), ("param", atom),
# ("bound", Bound) or ("unresolved", expr).
_Verdict = tuple[Any, ...]


@functools.lru_cache(maxsize=8192)
def _constraint(raw: sp.Expr, delta: sp.Symbol, known: Assumptions) -> _Verdict:
    """Solve one constraint ``raw >= 0`` (cached: each player's constraints recur in the joint
    condition, and strategy pairs share constraints)."""
    num = _strip_known_signs(raw, known)
    if num is None:
        return ("unresolved", sp.factor(raw))
    return _numerator(num, delta, known)


@functools.lru_cache(maxsize=8192)
def _numerator(num: sp.Expr, delta: sp.Symbol, known: Assumptions) -> _Verdict:
    """Solve ``num >= 0`` for a numerator stripped of factors of known sign (cached, so
    constraints that differ only by such factors are solved once)."""
    if delta not in num.free_symbols:
        return ("param", Atom(num, ">="))
    coeffs = sp.Poly(num, delta).all_coeffs()
    if all(_nonnegative(c, known) for c in coeffs):
        return ("true",)  # nonnegative coefficients: holds for every delta > 0
    signs = [0 if c == 0 else _sign(c, known) for c in coeffs]
    if all(x is not None and x <= 0 for x in signs):
        return ("never",)  # nonpositive and negative somewhere: fails for every delta > 0
    bound = _solve_poly(coeffs, known)
    if bound is None:
        return ("unresolved", num)
    if bound.value.is_number and (
        (bound.op == ">=" and bound.value <= 0) or (bound.op == "<=" and bound.value >= 1)
    ):
        return ("true",)
    return ("bound", bound)


@functools.lru_cache(maxsize=256)
def _probes(known: Assumptions) -> tuple[dict[sp.Symbol, sp.Rational], ...]:
    """A few exact points where the (linear) assumptions hold strictly, to refute claims fast."""
    out = []
    symbols = known.symbols
    directions: list[dict[sp.Symbol, Fraction] | None] = [None]
    for k, s in enumerate(symbols):
        directions.append({s: Fraction(1), symbols[k - 1]: Fraction(-1)})
    bounded = Assumptions(
        (
            *known.atoms,
            *(Atom(10 - s, ">=") for s in symbols),
            *(Atom(s + 10, ">=") for s in symbols),
        )
    )
    for direction in directions:
        point = bounded.witness([], direction)
        if point is not None and point not in out:
            out.append(point)
    return tuple(out)


@functools.lru_cache(maxsize=4096)
def _redundant(b: Bound, other: Bound, known: Assumptions) -> bool:
    """True when ``other`` implies ``b`` under ``known`` (same direction, ``other`` tighter).

    Proved only for rational bounds: the difference, stripped of factors of known sign, must
    be decided nonnegative. Points of the assumption region refute most pairs first.
    """
    if b.op != other.op:
        return False
    diff = other.value - b.value if b.op == ">=" else b.value - other.value
    if not diff.is_rational_function():
        return False
    for point in _probes(known):
        value = diff.xreplace(point)
        if value.is_number and value.is_finite and value < 0:
            return False
    stripped = _strip_known_signs(diff, known)  # diff >= 0 iff stripped >= 0
    if stripped is None:
        return False
    if stripped.is_number:
        return bool(stripped >= 0)
    return _decide(known, Atom(stripped, ">=")) is True


@functools.lru_cache(maxsize=1024)
def _simplified(condition: Condition, known: Assumptions) -> Condition:
    return condition.simplify(known)


def symbolic_condition(
    constraints: Sequence[sp.Expr], delta: sp.Symbol, known: Assumptions
) -> SymbolicDeltaCondition:
    """Solve constraints ``expr >= 0`` in ``delta`` (and parameters) under ``known``.

    ``known`` should hold the parameters' domains and assumptions; ``0 < delta < 1`` is added
    here. Factors of known sign (``1 - delta``, ``R - P`` when ``R > P`` is assumed) are divided
    out first, so ``(1 - delta)((R - P)(delta + delta**2) - (T - R)) >= 0`` becomes a quadratic.
    A bound implied by a tighter one under ``known`` is dropped.

    Examples
    --------
    Grim trigger in the prisoner's dilemma: ``R - ((1 - d) T + d P) >= 0``.

    >>> T, R, P, S = sp.symbols("T R P S", real=True)
    >>> d = sp.Symbol("delta", positive=True)
    >>> known = Assumptions.from_relations([T > R, R > P, P > S])
    >>> symbolic_condition([R - (1 - d) * T - d * P], d, known).describe()
    'delta >= (-R + T)/(-P + T)'
    """
    known = _Known((*known.atoms, Atom(delta, ">"), Atom(1 - delta, ">")))
    bounds: list[Bound] = []
    params = Condition.always()
    unresolved: list[sp.Expr] = []
    param_atoms: list[Atom] = []
    for raw in dict.fromkeys(as_expression(c) for c in constraints):
        verdict = _constraint(raw, delta, known)
        kind = verdict[0]
        if kind == "true":
            continue
        if kind == "never":
            params = Condition.never()
        elif kind == "param":
            if verdict[1] not in param_atoms:
                param_atoms.append(verdict[1])
        elif kind == "unresolved":
            if not any(sp.expand(verdict[1] - e) == 0 for e in unresolved):
                unresolved.append(verdict[1])
        elif not any(b.op == verdict[1].op and _same(b.value, verdict[1].value) for b in bounds):
            bounds.append(verdict[1])
    if param_atoms:
        params = params & Condition.all_of(param_atoms)
    kept: list[Bound] = []
    for b in bounds:
        # A lower bound that is never positive (an upper bound never below 1) says nothing.
        trivial = _ratio(b.value if b.op == ">=" else 1 - b.value, ">", known)
        if trivial.is_never:
            continue
        kept.append(b)
        # Each bound must leave room inside (0, 1): kept when the condition is readable.
        inside = _ratio(1 - b.value if b.op == ">=" else b.value, ">", known)
        if inside.is_never or (not inside.is_always and _readable(inside)):
            params = params & inside
    # Drop bounds implied by a tighter one (the first of two equivalent ones stays).
    kept = [
        b
        for k, b in enumerate(kept)
        if not any(
            _redundant(b, o, known) and (not _redundant(o, b, known) or j < k)
            for j, o in enumerate(kept)
            if j != k
        )
    ]
    for lo in (b.value for b in kept if b.op == ">="):
        for hi in (b.value for b in kept if b.op == "<="):
            if not _same(hi, lo):
                order = _ratio(hi - lo, ">=", known)
                if order.is_never:
                    params = Condition.never()
    return SymbolicDeltaCondition(tuple(kept), _simplified(params, known), tuple(unresolved))


def _readable(condition: Condition) -> bool:
    """True when every atom is a polynomial of degree at most 2 (no roots)."""
    return all(
        a.expr.is_polynomial() and sp.Poly(a.expr).total_degree() <= 2 for a in condition.atoms
    )


def _strip_known_signs(expr: sp.Expr, known: Assumptions) -> sp.Expr | None:
    """The numerator of ``expr`` with every factor of known sign divided out (signs kept).

    ``expr >= 0`` iff the returned polynomial is ``>= 0``; ``None`` when the sign of some
    denominator factor is unknown.
    """
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    if num == 0:
        return sp.Integer(0)
    sign = 1
    kept = sp.Integer(1)
    for part, is_den in ((num, False), (den, True)):
        # unfactored past FACTOR_DIGITS digits (sympy's factoring would not finish): one
        # factor, whose sign is then looked up as a whole
        coeff, factors = sp.factor_list(part) if factorable(part) else (1, [(part, 1)])
        sign *= 1 if coeff > 0 else -1
        for f, mult in factors:
            s = _sign(f, known)
            if s is None:
                if is_den:
                    if mult % 2:
                        return None
                    continue  # a square in the denominator is positive where defined
                kept *= f**mult
                continue
            sign *= s**mult
    return sp.expand(sign * kept)


def tidy(expr: sp.Expr, known: Assumptions | None = None) -> sp.Expr:
    """A cancelled quotient written with a denominator the assumptions know to be positive.

    ``(R - T)/(P - T)`` becomes ``(T - R)/(T - P)`` when ``T > P`` is known (sympy prints it as
    ``(-R + T)/(-P + T)``).
    """
    num, den = sp.fraction(sp.cancel(sp.together(expr)))
    if den != 1 and known is not None and _sign(den, known) == -1:
        num, den = sp.expand(-num), sp.expand(-den)
    return num / den


def _solve_poly(coeffs: list[sp.Expr], known: Assumptions) -> Bound | None:
    if len(coeffs) == 2:  # c1*delta + c0 >= 0
        c1, c0 = coeffs
        s = _sign(c1, known)
        if s is None:
            return None
        return Bound(">=" if s > 0 else "<=", tidy(-c0 / c1, known))
    if len(coeffs) == 3:  # a d^2 + b d + c >= 0 with a, c of opposite signs: one root >= 0
        a, b, c = coeffs
        sa = _sign(a, known)
        if sa is None:
            return None
        opposite = _decide(known, Atom(-sa * c, ">="))  # c <= 0 when a > 0, c >= 0 when a < 0
        if opposite is not True:
            return None
        disc = sp.sqrt(sp.factor(b**2 - 4 * a * c))
        root = (-b + disc) / (2 * a) if sa > 0 else (b + disc) / (-2 * a)
        return Bound(">=" if sa > 0 else "<=", root)
    return None
