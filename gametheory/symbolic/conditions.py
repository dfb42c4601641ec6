"""Conditions on parameters: conjunctions and disjunctions of inequalities, decided exactly.

A :class:`Condition` is a disjunction of conjunctions of *atoms* ``g(theta) REL 0`` with ``REL`` one
of ``>``, ``>=``, ``==``. :func:`simplify` removes the atoms the :class:`Assumptions` already decide:

* linear atoms (``g`` affine in the parameters with rational coefficients) are decided *exactly*
  by linear programming: an atom is implied when its negation is infeasible together with the
  assumptions, and impossible when it is itself infeasible with them (the exact simplex of
  :mod:`gametheory.lp`; a strict inequality is handled with a margin variable);
* other atoms are decided, when possible, by sympy's sign inference from the symbols' own
  assumptions (``a/(a + b) > 0`` for positive ``a``, ``b``), otherwise kept.

Assumptions are the parameters' domains and the scenario's declared assumptions (``T > R``).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from fractions import Fraction
from functools import cached_property
from typing import Any

import sympy as sp

from gametheory.exceptions import InputTypeError, ScenarioError
from gametheory.lp import linprog_exact

__all__ = ["Assumptions", "Atom", "Condition", "atom_from_relation"]

_OPS = (">", ">=", "==")


@dataclass(frozen=True, order=True)
class Atom:
    """``expr op 0`` with ``op`` in ``>``, ``>=``, ``==`` (``expr`` is kept in a canonical form)."""

    expr: sp.Expr
    op: str

    def __post_init__(self) -> None:
        if self.op not in _OPS:
            raise ScenarioError(f"op must be one of {_OPS}, got {self.op!r}")

    def negations(self) -> list[Atom]:
        """The atoms whose disjunction is the negation of this one."""
        if self.op == ">":
            return [Atom(-self.expr, ">=")]
        if self.op == ">=":
            return [Atom(-self.expr, ">")]
        return [Atom(self.expr, ">"), Atom(-self.expr, ">")]

    @property
    def relation(self) -> sp.Basic:
        """The atom as a sympy relation, moved to a readable form (``T - R > 0`` → ``T > R``)."""
        lhs, rhs = _split(self.expr)
        return {">": sp.StrictGreaterThan, ">=": sp.GreaterThan, "==": sp.Eq}[self.op](
            lhs, rhs, evaluate=False
        )

    def holds_at(self, values: Mapping[sp.Symbol, Any]) -> bool | None:
        """Exact truth at ``values`` (``None`` if symbols remain)."""
        v = self.expr.xreplace(dict(values))
        if v.free_symbols:
            return None
        if self.op == ">":
            return bool(v > 0)
        if self.op == ">=":
            return bool(v >= 0)
        return bool(v == 0)


def _split(expr: sp.Expr) -> tuple[sp.Expr, sp.Expr]:
    """Split ``expr`` into ``lhs - rhs`` with positive-looking terms on each side."""
    pos: list[sp.Expr] = []
    neg: list[sp.Expr] = []
    for term in sp.Add.make_args(sp.expand(expr)) if _is_poly(expr) else [expr]:
        (neg if term.could_extract_minus_sign() else pos).append(term)
    lhs = sp.Add(*pos) if pos else sp.S.Zero
    rhs = -sp.Add(*neg) if neg else sp.S.Zero
    return lhs, rhs


def _is_poly(expr: sp.Expr) -> bool:
    return bool(expr.is_polynomial(*expr.free_symbols)) if expr.free_symbols else True


def atom_from_relation(rel: sp.Basic) -> list[list[Atom]]:
    """A sympy relation (or ``And`` of them) as a condition in disjunctive normal form."""
    if isinstance(rel, sp.And):
        out: list[list[Atom]] = [[]]
        for arg in rel.args:
            out = [c + d for c in out for d in atom_from_relation(arg)]
        return out
    if isinstance(rel, sp.Or):
        return [c for arg in rel.args for c in atom_from_relation(arg)]
    if rel is sp.true:
        return [[]]
    if rel is sp.false:
        return []
    lhs, rhs = rel.lhs, rel.rhs
    if isinstance(rel, sp.StrictGreaterThan):
        return [[Atom(_canon(lhs - rhs), ">")]]
    if isinstance(rel, sp.StrictLessThan):
        return [[Atom(_canon(rhs - lhs), ">")]]
    if isinstance(rel, sp.GreaterThan):
        return [[Atom(_canon(lhs - rhs), ">=")]]
    if isinstance(rel, sp.LessThan):
        return [[Atom(_canon(rhs - lhs), ">=")]]
    if isinstance(rel, sp.Eq):
        return [[Atom(_canon(lhs - rhs), "==")]]
    if isinstance(rel, sp.Ne):
        return [[Atom(_canon(lhs - rhs), ">")], [Atom(_canon(rhs - lhs), ">")]]
    raise InputTypeError(f"not a relation: {rel!r}")


def _canon(expr: sp.Expr) -> sp.Expr:
    if not expr.free_symbols:
        return expr
    expr = sp.together(sp.expand(expr))
    num, den = sp.fraction(expr)
    if den.is_positive:  # a positive denominator does not change the sign
        return sp.expand(num)
    return expr


def _linear(expr: sp.Expr, symbols: Sequence[sp.Symbol]) -> tuple[list[Fraction], Fraction] | None:
    """Coefficients and constant of an affine ``expr`` with rational coefficients, else None."""
    found = _linear_cached(expr, tuple(symbols))
    return None if found is None else (list(found[0]), found[1])


@functools.lru_cache(maxsize=8192)
def _linear_cached(
    expr: sp.Expr, symbols: tuple[sp.Symbol, ...]
) -> tuple[tuple[Fraction, ...], Fraction] | None:
    try:
        poly = sp.Poly(expr, *symbols)
    except (sp.PolynomialError, sp.GeneratorsNeeded):
        return None
    if poly.total_degree() > 1:
        return None
    coeffs = []
    for s in symbols:
        c = poly.coeff_monomial(s)
        if not c.is_Rational:
            return None
        coeffs.append(Fraction(int(c.p), int(c.q)))
    const = poly.coeff_monomial(1)
    if not const.is_Rational:
        return None
    return tuple(coeffs), Fraction(int(const.p), int(const.q))


@dataclass(frozen=True)
class Assumptions:
    """What is known about the parameters: their domains and the scenario's assumptions.

    Examples
    --------
    >>> T, R, P, S = sp.symbols("T R P S", real=True)
    >>> known = Assumptions.from_relations([T > R, R > P, P > S])
    >>> known.decide(Atom(T - P, ">"))
    True
    >>> known.decide(Atom(S - T, ">="))
    False
    >>> known.decide(Atom(R - S - 1, ">")) is None
    True
    """

    atoms: tuple[Atom, ...] = ()

    @classmethod
    def from_relations(cls, relations: Iterable[sp.Basic]) -> Assumptions:
        """Build from sympy relations (each must be a conjunction of inequalities)."""
        atoms: list[Atom] = []
        for rel in relations:
            dnf = atom_from_relation(rel)
            if len(dnf) != 1:
                raise ScenarioError(f"an assumption must be a conjunction of inequalities: {rel}")
            atoms.extend(dnf[0])
        return cls(tuple(atoms))

    @cached_property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(sorted({s for a in self.atoms for s in a.expr.free_symbols}, key=str))

    def feasible(self, extra: Sequence[Atom]) -> bool | None:
        """Is ``assumptions ∧ extra`` satisfiable? ``None`` when nonlinear atoms prevent a decision.

        Only the linear atoms are used: when those are infeasible the answer is ``False`` (exact);
        when they are feasible and nothing nonlinear remains it is ``True``.
        """
        atoms = list(self.atoms) + list(extra)
        symbols = sorted({s for a in atoms for s in a.expr.free_symbols}, key=str)
        linear, nonlinear = [], False
        for atom in atoms:
            lin = _linear(atom.expr, symbols)
            if lin is None:
                nonlinear = nonlinear or any(atom is e for e in extra)
                continue
            linear.append((lin, atom.op))
        if not _lp_feasible(linear, len(symbols)):
            return False
        return None if nonlinear else True

    def witness(
        self, extra: Sequence[Atom], direction: Mapping[sp.Symbol, Fraction] | None = None
    ) -> dict[sp.Symbol, sp.Rational] | None:
        """An exact point satisfying the assumptions and ``extra`` (all linear), or ``None``.

        Strict inequalities hold with half the largest possible margin; among such points the
        one maximising ``direction . theta`` is returned (bound the space with range atoms when
        giving a direction).

        Examples
        --------
        >>> x, y = sp.symbols("x y", real=True)
        >>> box = Assumptions.from_relations([x >= 0, x <= 1, y >= 0, y <= 1])
        >>> box.witness([Atom(x + y - 1, "==")], {x: Fraction(1), y: Fraction(0)})
        {x: 1, y: 0}
        """
        atoms = list(self.atoms) + list(extra)
        symbols = sorted({s for a in atoms for s in a.expr.free_symbols}, key=str)
        linear = []
        for atom in atoms:
            lin = _linear(atom.expr, symbols)
            if lin is None:
                return None
            linear.append((lin, atom.op))
        best = _lp(linear, len(symbols))
        if best.status != "optimal" or best.value is None:
            return None
        strict = any(op == ">" for _, op in linear)
        if strict and best.value <= 0:
            return None
        margin = best.value / 2 if strict else Fraction(0)
        weights = [Fraction((direction or {}).get(s, 0)) for s in symbols]
        res = _lp(linear, len(symbols), weights, margin)
        if res.status != "optimal" or res.x is None:
            res = best
        n = len(symbols)
        x = res.x
        return {s: sp.Rational(x[k] - x[n + k]) for k, s in enumerate(symbols)}

    def decide(self, atom: Atom) -> bool | None:
        """``True`` if the assumptions imply ``atom``, ``False`` if they exclude it, else ``None``."""
        sign = _sign_by_sympy(atom)
        if sign is not None:
            return sign
        if self.feasible([atom]) is False:
            return False
        if all(self.feasible([neg]) is False for neg in atom.negations()):
            return True
        return None


def _sign_by_sympy(atom: Atom) -> bool | None:
    e = atom.expr
    if atom.op == ">":
        return True if e.is_positive else (False if e.is_nonpositive else None)
    if atom.op == ">=":
        return True if e.is_nonnegative else (False if e.is_negative else None)
    return True if e.is_zero else (False if e.is_nonzero else None)


LinearAtom = tuple[tuple[list[Fraction], Fraction], str]


def _lp(
    atoms: list[LinearAtom],
    n: int,
    direction: Sequence[Fraction] | None = None,
    margin: Fraction | None = None,
) -> Any:
    """Solve the LP over ``theta = u - v`` (u, v >= 0) and a margin ``t`` in [0, 1].

    Each atom ``c.theta + c0 op 0`` becomes a row; a strict atom needs ``c.theta + c0 >= t``.
    Without ``direction`` the margin is maximised; with it, ``direction.theta`` is maximised
    subject to ``t >= margin``.
    """
    a_ub: list[list[Fraction]] = []
    b_ub: list[Fraction] = []
    a_eq: list[list[Fraction]] = []
    b_eq: list[Fraction] = []
    for (coeffs, const), op in atoms:
        row = [-c for c in coeffs] + list(coeffs)  # -(c.u - c.v)
        if op == "==":
            a_eq.append([-x for x in row] + [Fraction(0)])
            b_eq.append(-const)
        else:
            a_ub.append([*row, Fraction(1 if op == ">" else 0)])
            b_ub.append(const)
    a_ub.append([Fraction(0)] * (2 * n) + [Fraction(1)])
    b_ub.append(Fraction(1))
    if direction is None:
        c = [Fraction(0)] * (2 * n) + [Fraction(1)]
    else:
        c = list(direction) + [-d for d in direction] + [Fraction(0)]
        a_ub.append([Fraction(0)] * (2 * n) + [Fraction(-1)])
        b_ub.append(-(margin or Fraction(0)))
    return linprog_exact(
        c, A_ub=a_ub, b_ub=b_ub, A_eq=a_eq or None, b_eq=b_eq or None, maximize=True
    )


def _lp_feasible(atoms: list[LinearAtom], n: int) -> bool:
    """Exact feasibility of affine (in)equalities ``c.theta + c0 op 0`` with free ``theta``:
    feasible iff the maximal margin is positive (or nothing is strict)."""
    if not atoms:
        return True
    res = _lp(atoms, n)
    if res.status != "optimal" or res.value is None:
        return False
    return res.value > 0 or not any(op == ">" for _, op in atoms)


@dataclass(frozen=True)
class Condition:
    """A disjunction of conjunctions of atoms: ``Condition(((a1, a2), (a3,)))`` is
    ``(a1 ∧ a2) ∨ a3``. ``Condition.always()`` has one empty conjunction; ``never()`` none.
    """

    clauses: tuple[tuple[Atom, ...], ...]

    @classmethod
    def always(cls) -> Condition:
        return cls(((),))

    @classmethod
    def never(cls) -> Condition:
        return cls(())

    @classmethod
    def all_of(cls, atoms: Iterable[Atom]) -> Condition:
        return cls((tuple(atoms),))

    @property
    def is_always(self) -> bool:
        return any(not clause for clause in self.clauses)

    @property
    def is_never(self) -> bool:
        return not self.clauses

    @property
    def status(self) -> str:
        """``"always"``, ``"never"`` or ``"conditional"``."""
        return "always" if self.is_always else ("never" if self.is_never else "conditional")

    def __and__(self, other: Condition) -> Condition:
        return Condition(tuple(a + b for a in self.clauses for b in other.clauses))

    def __or__(self, other: Condition) -> Condition:
        return Condition(self.clauses + other.clauses)

    def simplify(self, known: Assumptions) -> Condition:
        """Drop decided atoms and impossible clauses; deduplicate."""
        clauses: list[tuple[Atom, ...]] = []
        for clause in self.clauses:
            kept: list[Atom] = []
            dead = False
            for atom in clause:
                verdict = known.decide(atom)
                if verdict is False:
                    dead = True
                    break
                if verdict is None and atom not in kept:
                    kept.append(atom)
            if dead or known.feasible(kept) is False:
                continue
            if not kept:
                return Condition.always()
            clause_t = tuple(sorted(kept, key=str))
            if clause_t not in clauses:
                clauses.append(clause_t)
        return Condition(tuple(clauses))

    def as_relational(self) -> sp.Basic:
        """The condition as a sympy boolean (``True``, ``False``, ``And``/``Or`` of relations)."""
        if self.is_always:
            return sp.true
        return sp.Or(*(sp.And(*(a.relation for a in clause)) for clause in self.clauses))

    def holds_at(self, values: Mapping[sp.Symbol, Any]) -> bool:
        """Exact truth at a full assignment of the parameters."""
        return any(all(a.holds_at(values) for a in clause) for clause in self.clauses)

    @cached_property
    def atoms(self) -> tuple[Atom, ...]:
        seen: list[Atom] = []
        for clause in self.clauses:
            for atom in clause:
                if atom not in seen:
                    seen.append(atom)
        return tuple(seen)
