"""Conditions as a reader writes them: intervals in one parameter, otherwise no redundant atom.

A :class:`~gametheory.symbolic.conditions.Condition` is a disjunction of conjunctions of atoms
``g(theta) REL 0``; :meth:`Condition.simplify` already drops the atoms that the assumptions
decide. :func:`simplify_condition` goes on to the form a seminar handout would print:

* **One free parameter.** Each atom is solved exactly for the parameter (directly when it is
  linear, by :func:`sympy.solveset` over the reals otherwise); the condition becomes a union of
  disjoint intervals intersected with the parameter's domain, and bounds that the domain already
  gives are not repeated: ``(1 >= 2*q) & (3/2 >= 2*q)`` with ``0 <= q <= 1`` is ``q <= 1/2``,
  ``(1 >= 2*q) & (2*q >= 1)`` is ``q = 1/2``. An empty set is ``never``, the whole domain
  ``always``, even where the linear programs of :mod:`~gametheory.symbolic.conditions` could not
  tell (nonlinear atoms).
* **Several parameters.** In each conjunction, atoms on the same expression are merged
  (``x > 0`` and ``x >= 0`` give ``x > 0``; ``x >= 0`` and ``x <= 0`` give ``x = 0``), an
  inequality that the assumptions and the other atoms force to an equality becomes one, an
  equality ``lam = 0`` is substituted into the other atoms, and every atom implied by the
  assumptions and the others is dropped (decided exactly by the linear programs of
  :meth:`Assumptions.feasible`, no floats). A conjunction implied by another one is dropped. A
  linear atom is then written solved for a parameter with a numeric coefficient when the other
  side is a single term (``q <= 1/2``, ``S <= -1``) rather than as ``1 >= 2*q``; other atoms
  are written with positive terms on each side (``h*x >= e + lam + tau``).

The result, :class:`SimpleCondition`, gives plain text (``1/2 <= q <= 3/4``; no sympy repr such
as ``Eq(...)`` or ``&``), LaTeX in the scenario's symbols and, for one parameter, the intervals
as data (:meth:`SimpleCondition.record`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.numbers import to_latex
from gametheory.symbolic.conditions import Assumptions, Atom, Condition, _linear
from gametheory.symbolic.text import formula_text

__all__ = ["Interval", "Relation", "SimpleCondition", "condition_record", "simplify_condition"]

Names = Mapping[sp.Symbol, str]

_TEXT_OPS = {"<": "<", "<=": "<=", ">": ">", ">=": ">=", "==": "="}
_TEX_OPS = {"<": "<", "<=": r"\le", ">": ">", ">=": r"\ge", "==": "="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "=="}


def _num_text(v: sp.Expr) -> str:
    return formula_text(v)


def _float(v: sp.Expr) -> float | None:
    return float(sp.N(v, 17)) if v.is_number and v.is_finite else None


@dataclass(frozen=True)
class Interval:
    """An interval of one parameter: ``low <= symbol <= high`` (``None``: unbounded).

    ``show_low`` / ``show_high`` say whether the text repeats a bound; a bound that the
    parameter's domain already gives is left out (``q <= 1/2`` for ``q`` in ``[0, 1]``).

    Examples
    --------
    >>> q = sp.Symbol("q")
    >>> Interval(q, sp.Rational(1, 2), sp.Rational(3, 4), True, False).text()
    '1/2 <= q < 3/4'
    >>> Interval(q, sp.Rational(1, 2), sp.Rational(1, 2), True, True).text()
    'q = 1/2'
    """

    symbol: sp.Symbol
    low: sp.Expr | None
    high: sp.Expr | None
    low_closed: bool
    high_closed: bool
    show_low: bool = True
    show_high: bool = True

    @property
    def is_point(self) -> bool:
        """True for a single value (``q = 1/2``)."""
        return self.low is not None and self.low == self.high

    def _parts(self) -> list[tuple[sp.Expr, str, sp.Expr]]:
        s = self.symbol
        if self.is_point:
            return [(s, "==", self.low)]
        low = self.low is not None and self.show_low
        high = self.high is not None and self.show_high
        lo_op = "<=" if self.low_closed else "<"
        hi_op = "<=" if self.high_closed else "<"
        if low and high:
            return [(self.low, lo_op, s), (s, hi_op, self.high)]
        if low:
            return [(s, _FLIP[lo_op], self.low)]
        if high:
            return [(s, hi_op, self.high)]
        return []

    def text(self) -> str:
        """Plain text: ``q <= 1/2``, ``1/2 <= q <= 3/4``, ``q = 1/2``."""
        parts = self._parts()
        if not parts:
            return f"any {self.symbol}"
        if len(parts) == 2:
            (a, op1, s), (_, op2, b) = parts
            return f"{_num_text(a)} {_TEXT_OPS[op1]} {s} {_TEXT_OPS[op2]} {_num_text(b)}"
        lhs, op, rhs = parts[0]
        return f"{formula_text(lhs)} {_TEXT_OPS[op]} {_num_text(rhs)}"

    def latex(self, names: Names | None = None) -> str:
        """LaTeX (math mode content): ``\\frac{1}{2} \\le q \\le \\frac{3}{4}``."""
        kw = {"symbol_names": dict(names or {})}
        parts = self._parts()
        if not parts:
            return rf"\text{{any }} {to_latex(self.symbol, **kw)}"
        if len(parts) == 2:
            (a, op1, s), (_, op2, b) = parts
            return (
                f"{to_latex(a, **kw)} {_TEX_OPS[op1]} {to_latex(s, **kw)} "
                f"{_TEX_OPS[op2]} {to_latex(b, **kw)}"
            )
        lhs, op, rhs = parts[0]
        return f"{to_latex(lhs, **kw)} {_TEX_OPS[op]} {to_latex(rhs, **kw)}"

    def record(self) -> dict[str, Any]:
        """The interval as data: exact ends (``None``: unbounded), float twins, closed ends."""
        return {
            "parameter": self.symbol.name,
            "low": None if self.low is None else sp.sstr(self.low),
            "low_float": None if self.low is None else _float(self.low),
            "low_closed": self.low_closed,
            "high": None if self.high is None else sp.sstr(self.high),
            "high_float": None if self.high is None else _float(self.high),
            "high_closed": self.high_closed,
            "text": self.text(),
        }

    def contains(self, value: sp.Expr) -> bool:
        """Exact membership of a number."""
        if self.low is not None and not (
            value >= self.low if self.low_closed else value > self.low
        ):
            return False
        return self.high is None or bool(
            value <= self.high if self.high_closed else value < self.high
        )


@dataclass(frozen=True)
class Relation:
    """``lhs op rhs`` with ``op`` in ``<``, ``<=``, ``>``, ``>=``, ``==`` (one printed atom)."""

    lhs: sp.Expr
    op: str
    rhs: sp.Expr

    def text(self) -> str:
        """``q <= 1/2``, ``s >= L*q + q*s``."""
        return f"{formula_text(self.lhs)} {_TEXT_OPS[self.op]} {formula_text(self.rhs)}"

    def latex(self, names: Names | None = None) -> str:
        """The relation in LaTeX with the scenario's symbols."""
        kw = {"symbol_names": dict(names or {})}
        return f"{to_latex(self.lhs, **kw)} {_TEX_OPS[self.op]} {to_latex(self.rhs, **kw)}"


@dataclass(frozen=True)
class SimpleCondition:
    """A condition in its simplest form found: ``status``, and intervals or relations.

    ``intervals`` (one free parameter) is a tuple of disjoint intervals in increasing order;
    otherwise ``clauses`` is a disjunction of conjunctions of :class:`Relation`.
    """

    status: str
    intervals: tuple[Interval, ...] | None = None
    clauses: tuple[tuple[Relation, ...], ...] = ()

    def text(self) -> str:
        """Plain text: ``always``, ``never``, ``q <= 1/2``, ``S <= 0 and lam = 0``, ``... or ...``."""
        if self.status != "conditional":
            return self.status
        if self.intervals is not None:
            return " or ".join(i.text() for i in self.intervals)
        parts = [" and ".join(r.text() for r in c) for c in self.clauses]
        if len(parts) == 1:
            return parts[0]
        return " or ".join(
            f"({p})" if len(c) > 1 else p for p, c in zip(parts, self.clauses, strict=True)
        )

    def latex(self, names: Names | None = None) -> str:
        """The condition as LaTeX math (``\\text{always}`` and ``\\text{never}`` as words)."""
        if self.status != "conditional":
            return rf"\text{{{self.status}}}"
        if self.intervals is not None:
            return r" \;\text{or}\; ".join(i.latex(names) for i in self.intervals)
        parts = [r",\ ".join(r.latex(names) for r in c) for c in self.clauses]
        if len(parts) == 1:
            return parts[0]
        return r" \;\text{or}\; ".join(
            rf"\left({p}\right)" if len(c) > 1 else p
            for p, c in zip(parts, self.clauses, strict=True)
        )

    def record(self, names: Names | None = None) -> dict[str, Any]:
        """``status``, ``text``, ``latex`` and, in one parameter, ``intervals`` as data."""
        return {
            "status": self.status,
            "text": self.text(),
            "latex": self.latex(names),
            "intervals": None if self.intervals is None else [i.record() for i in self.intervals],
        }

    @property
    def sort_key(self) -> tuple[Any, ...]:
        """Order along the parameter: by the low end, a point before the interval it opens."""
        if not self.intervals:
            return (1, 0.0, 0)
        first = self.intervals[0]
        low = _float(first.low) if first.low is not None else float("-inf")
        return (0, low if low is not None else 0.0, 0 if first.low_closed else 1)


# -- one parameter ------------------------------------------------------------------------------
def _atom_set(atom: Atom, s: sp.Symbol) -> sp.Set | None:
    """The real values of ``s`` where ``atom`` holds (``None`` when sympy cannot say exactly)."""
    lin = _linear(atom.expr, [s])
    if lin is not None:
        (c,), c0 = lin
        if c == 0:
            ok = {">": c0 > 0, ">=": c0 >= 0, "==": c0 == 0}[atom.op]
            return sp.S.Reals if ok else sp.S.EmptySet
        root = sp.Rational(-c0.numerator, c0.denominator) / sp.Rational(c.numerator, c.denominator)
        if atom.op == "==":
            return sp.FiniteSet(root)
        open_ = atom.op == ">"
        if c > 0:
            return sp.Interval(root, sp.oo, left_open=open_)
        return sp.Interval(-sp.oo, root, right_open=open_)
    x = sp.Dummy("x", real=True)
    expr = atom.expr.xreplace({s: x})
    rel = {">": sp.StrictGreaterThan, ">=": sp.GreaterThan, "==": sp.Eq}[atom.op](expr, 0)
    try:
        found = sp.solveset(rel, x, sp.S.Reals)
    except (NotImplementedError, ValueError, TypeError):  # pragma: no cover - sympy gives up
        return None
    if isinstance(found, sp.ConditionSet) or found.has(sp.ConditionSet):
        return None
    return found


def _pieces(found: sp.Set) -> list[sp.Set] | None:
    if found is sp.S.EmptySet:
        return []
    if isinstance(found, sp.Union):
        out: list[sp.Set] = []
        for arg in found.args:
            got = _pieces(arg)
            if got is None:
                return None
            out += got
        return out
    if isinstance(found, sp.FiniteSet):
        return [sp.FiniteSet(v) for v in found.args] if all(v.is_real for v in found.args) else None
    if isinstance(found, sp.Interval):
        return [found]
    return None


def _one_parameter(
    condition: Condition, known: Assumptions, s: sp.Symbol
) -> SimpleCondition | None:
    domain: sp.Set = sp.S.Reals
    for atom in known.atoms:
        if atom.expr.free_symbols == {s}:
            got = _atom_set(atom, s)
            if got is None:
                return None
            domain = domain.intersect(got)
    total: sp.Set = sp.S.EmptySet
    for clause in condition.clauses:
        region: sp.Set = domain
        for atom in clause:
            got = _atom_set(atom, s)
            if got is None:
                return None
            region = region.intersect(got)
        total = total.union(region)
    total = total.intersect(domain)
    if total is sp.S.EmptySet or total.is_empty:
        return SimpleCondition("never")
    if total == domain:
        return SimpleCondition("always")
    pieces = _pieces(total)
    if pieces is None:
        return None
    home = domain if isinstance(domain, sp.Interval) else None
    out = []
    for piece in sorted(pieces, key=lambda p: (float(p.inf), 0 if p.inf in p else 1)):
        if isinstance(piece, sp.FiniteSet):
            v = piece.args[0]
            out.append(Interval(s, v, v, True, True))
            continue
        lo = None if piece.inf == -sp.oo else piece.inf
        hi = None if piece.sup == sp.oo else piece.sup
        show_lo = not (home is not None and lo == home.inf and piece.left_open == home.left_open)
        show_hi = not (home is not None and hi == home.sup and piece.right_open == home.right_open)
        if home is not None and home.inf == -sp.oo and lo is None:
            show_lo = False
        out.append(Interval(s, lo, hi, not piece.left_open, not piece.right_open, show_lo, show_hi))
    return SimpleCondition("conditional", intervals=tuple(out))


# -- several parameters -------------------------------------------------------------------------
def _key(expr: sp.Expr) -> tuple[sp.Expr, int]:
    """``expr = c * sign * key`` with ``c > 0`` rational and ``key`` primitive, sign-normalised."""
    _, prim = sp.expand(expr).as_content_primitive()
    if prim.could_extract_minus_sign():
        return sp.expand(-prim), -1
    return sp.expand(prim), 1


def _merge(clause: Sequence[Atom]) -> list[Atom] | None:
    """Merge atoms on the same expression; ``None`` when they contradict each other."""
    bounds: dict[sp.Expr, set[str]] = {}
    order: list[sp.Expr] = []
    for atom in clause:
        key, sign = _key(atom.expr)
        if key not in bounds:
            bounds[key] = set()
            order.append(key)
        if atom.op == "==":
            bounds[key].add("==")
        else:
            bounds[key].add(("+" if sign > 0 else "-") + atom.op)
    out: list[Atom] = []
    for key in order:
        ops = bounds[key]
        lower = ">" if "+>" in ops else (">=" if "+>=" in ops else None)
        upper = ">" if "->" in ops else (">=" if "->=" in ops else None)
        if "==" in ops or (lower and upper):
            if lower == ">" or upper == ">":
                return None
            out.append(Atom(key, "=="))
        elif lower:
            out.append(Atom(key, lower))
        elif upper:
            out.append(Atom(-key, upper))
    return out


def _implied(known: Assumptions, given: Sequence[Atom], atom: Atom) -> bool:
    """Do the assumptions and ``given`` imply ``atom``? Exact when the atoms are linear; an
    undecided case counts as not implied (the atom is kept)."""
    return all(known.feasible([*given, neg]) is False for neg in atom.negations())


def _solved_for(expr: sp.Expr) -> sp.Symbol | None:
    eligible = []
    for s in sorted(expr.free_symbols, key=str):
        c = sp.expand(expr).coeff(s)
        rest = sp.expand(expr - c * s)
        if c.is_Rational and c != 0 and s not in rest.free_symbols:
            eligible.append((abs(c) != 1, s))
    return min(eligible, key=lambda t: (t[0], str(t[1])))[1] if eligible else None


def _substitute(clause: list[Atom]) -> list[Atom]:
    """Substitute each equality solved for a parameter (``lam = 0``) into the other atoms."""
    changed = True
    while changed:
        changed = False
        for eq in clause:
            if eq.op != "==":
                continue
            s = _solved_for(eq.expr)
            if s is None:
                continue
            value = sp.solve(eq.expr, s)[0]
            others = [a for a in clause if a is not eq and s in a.expr.free_symbols]
            if not others:
                continue
            rest = [a for a in clause if a is eq or s not in a.expr.free_symbols]
            rest += [Atom(sp.expand(a.expr.xreplace({s: value})), a.op) for a in others]
            clause = rest
            changed = True
            break
    return clause


def _relation(atom: Atom, known: Assumptions) -> Relation:
    """The atom as a relation, solved for a parameter with a numeric coefficient if linear."""
    expr = sp.expand(atom.expr)
    s = _solved_for(expr)
    if s is not None:
        c = expr.coeff(s)
        rhs = sp.expand(-(expr - c * s) / c)
        # Solved only where it reads better: the other side is a number or one term
        # (q <= 1/2, S >= -1, q >= L/2); otherwise terms go to the side where they are positive.
        if len(sp.Add.make_args(rhs)) > 1:
            s = None
    if s is not None:
        c = expr.coeff(s)
        rhs = sp.expand(-(expr - c * s) / c)
        op = {">": ">", ">=": ">=", "==": "=="}[atom.op]
        if c < 0:
            op = _FLIP[op]
        return Relation(s, op, rhs)
    # Imported on use, for start-up speed.
    from gametheory.symbolic.conditions import _split

    lhs, rhs = _split(expr)
    return Relation(lhs, atom.op, rhs)


def _general(condition: Condition, known: Assumptions) -> SimpleCondition:
    clauses: list[list[Atom]] = []
    for clause in condition.clauses:
        merged = _merge(clause)
        if merged is None:
            continue
        # An inequality that the rest forces to equality becomes one (lam <= 0 with lam >= 0).
        atoms = []
        for atom in merged:
            if atom.op == ">=" and known.feasible([*merged, Atom(atom.expr, ">")]) is False:
                atom = Atom(atom.expr, "==")
            atoms.append(atom)
        merged = _merge(_substitute(atoms))
        if merged is None or known.feasible(merged) is False:
            continue
        kept = list(merged)
        for atom in list(kept):
            others = [a for a in kept if a is not atom]
            verdict = known.decide(atom)
            if verdict is True or _implied(known, others, atom):
                kept = others
        if not kept:
            return SimpleCondition("always")
        clauses.append(kept)
    # Drop a conjunction implied by another: (A) or (A and B) is A.
    out: list[list[Atom]] = []
    for k, mine in enumerate(clauses):
        if any(
            j != k
            and all(_implied(known, mine, a) for a in other)
            and not (j > k and all(_implied(known, other, a) for a in mine))
            for j, other in enumerate(clauses)
        ):
            continue
        out.append(mine)
    if not out:
        return SimpleCondition("never")
    relations = tuple(tuple(_relation(a, known) for a in clause) for clause in out)
    return SimpleCondition("conditional", clauses=relations)


def simplify_condition(condition: Condition, known: Assumptions | None = None) -> SimpleCondition:
    """The simplest equivalent form found for ``condition`` under the assumptions ``known``.

    Exact throughout: intervals come from exact root finding, redundancy from exact linear
    programs. See the module docstring for the rules.

    Examples
    --------
    >>> q = sp.Symbol("q", real=True)
    >>> unit = Assumptions.from_relations([q >= 0, q <= 1])
    >>> both = Condition.all_of([Atom(1 - 2 * q, ">="), Atom(sp.Rational(3, 2) - 2 * q, ">=")])
    >>> simplify_condition(both, unit).text()
    'q <= 1/2'
    >>> tie = Condition.all_of([Atom(1 - 2 * q, ">="), Atom(2 * q - 1, ">=")])
    >>> simplify_condition(tie, unit).text()
    'q = 1/2'
    >>> band = Condition.all_of([Atom(2 * q - 1, ">="), Atom(3 - 4 * q, ">=")])
    >>> simplify_condition(band, unit).record()["intervals"][0]["high"]
    '3/4'
    >>> lam, S = sp.symbols("lam S", real=True)
    >>> known = Assumptions.from_relations([lam >= 0])
    >>> simplify_condition(Condition.all_of([Atom(-lam, ">="), Atom(-S - lam, ">=")]), known).text()
    'lam = 0 and S <= 0'
    """
    known = known or Assumptions()
    cond = condition.simplify(known)
    if cond.is_always or cond.is_never:
        return SimpleCondition(cond.status)
    symbols = {s for a in cond.atoms for s in a.expr.free_symbols}
    if len(symbols) == 1:
        found = _one_parameter(cond, known, next(iter(symbols)))
        if found is not None:
            return found
    return _general(cond, known)


def condition_record(
    condition: Condition, known: Assumptions | None = None, names: Names | None = None
) -> dict[str, Any]:
    """The JSON form of a condition: :meth:`SimpleCondition.record` of its simplified form."""
    return simplify_condition(condition, known).record(names)
