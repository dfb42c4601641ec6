"""The bargaining problem of an offer tree with a negotiated term, at the parameter values.

:func:`deal_problem` reads a ``deal`` comparison's scenario and options into a
:class:`DealProblem`: the term ``x``, the payoffs ``u(x)`` of the deal carried out, ``r(x)`` of
the broken promise and ``d`` of no deal, the **deal zone** ``{x : u_i(x) >= d_i}`` and the Nash
product ``(u_1 - d_1)(u_2 - d_2)`` (Nash 1950). The helpers solve the exact sets, maximisers and
thresholds that :mod:`gametheory.regimes.deal` and :mod:`gametheory.regimes.deal_figures` report.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.compare import CompareSpec
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree
from gametheory.regimes.formulas import nice, option_number
from gametheory.regimes.outcomes import Regime, RegimeOutcome
from gametheory.repeated.roles import discount_symbol

__all__ = [
    "DealProblem",
    "argmax",
    "deal_problem",
    "delta_for",
    "payoffs_at",
    "show",
    "solve_for",
    "where",
]


def _term_interval(scenario: Scenario, name: str) -> sp.Interval:
    p = scenario.parameter(name)
    lo, hi = p.domain.lower, p.domain.upper
    if p.range is not None:
        lo, hi = sp.Max(lo, p.range[0]), sp.Min(hi, p.range[1])
    if not (lo.is_finite and hi.is_finite):
        raise UnsupportedGameError(f"the term {name!r} needs a bounded range to bargain over")
    return sp.Interval(lo, hi)


def where(exprs: list[sp.Expr], x: sp.Symbol, base: sp.Set) -> sp.Set:
    """The set of ``x`` in ``base`` where every expression is ``>= 0`` (exact).

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> where([1 - 2 * x], x, sp.Interval(0, 1))
    Interval(0, 1/2)
    """
    out = base
    for e in exprs:
        e = sp.expand(e)
        if x not in e.free_symbols:
            if e.free_symbols:
                raise UnsupportedGameError(f"a constraint still has parameters: {e}")
            if e < 0:
                return sp.EmptySet
            continue
        out = sp.Intersection(out, _nonnegative_set(e, x))
    return sp.simplify(out) if not isinstance(out, sp.Interval) else out


def _linear(e: sp.Expr, x: sp.Symbol) -> tuple[sp.Expr, sp.Expr] | None:
    """``(c1, c0)`` when ``e = c1*x + c0`` with ``c1 != 0`` a number or symbol-free of ``x``."""
    if not e.is_polynomial(x):
        return None
    poly = sp.Poly(e, x)
    if poly.degree() != 1:
        return None
    c1, c0 = poly.all_coeffs()
    return (c1, c0) if c1 != 0 else None


def _nonnegative_set(e: sp.Expr, x: sp.Symbol) -> sp.Set:
    """``{x real: e >= 0}``; a linear ``e`` with a numeric slope directly (solveset is slow)."""
    lin = _linear(e, x)
    if lin is not None and lin[0].is_number and lin[1].is_number:
        c1, c0 = lin
        root = -c0 / c1
        return sp.Interval(root, sp.oo) if c1 > 0 else sp.Interval(-sp.oo, root)
    return sp.solveset(e >= 0, x, sp.S.Reals)


def _pieces(s: sp.Set) -> list[sp.Set]:
    if s is sp.EmptySet:
        return []
    if isinstance(s, sp.Union):
        return list(s.args)
    return [s]


def argmax(f: sp.Expr, x: sp.Symbol, s: sp.Set) -> tuple[sp.Expr, sp.Expr] | None:
    """The smallest maximiser of ``f`` over the closed set ``s`` and the maximum, or ``None``.

    Examples
    --------
    >>> x = sp.Symbol("x")
    >>> argmax(x * (1 - x), x, sp.Interval(0, 1))
    (1/2, 1/4)
    """
    candidates: list[sp.Expr] = []
    df = sp.diff(f, x)
    for piece in _pieces(s):
        if isinstance(piece, sp.FiniteSet):
            candidates += list(piece)
            continue
        lo, hi = piece.inf, piece.sup
        candidates += [lo, hi]
        if df != 0:
            for r in sp.solveset(df, x, sp.Interval(lo, hi)):
                candidates.append(r)
    if not candidates:
        return None
    best = max(candidates, key=lambda c: (f.subs(x, c), -c))
    return best, sp.expand(f.subs(x, best))


def solve_for(expr: sp.Expr, var: sp.Symbol) -> sp.Expr | None:
    """The unique real root of ``expr`` in ``var`` (``None`` unless there is exactly one).

    ``var``'s own assumptions (a nonnegative penalty) are dropped while solving, so a negative
    root is found and can then be clipped.

    Examples
    --------
    >>> phi = sp.Symbol("phi", nonnegative=True)
    >>> solve_for(phi + 1, phi)
    -1
    """
    free = sp.Dummy("v", real=True)
    e = sp.expand(expr).xreplace({var: free})
    lin = _linear(e, free)
    if lin is not None:  # the usual case, and sp.solve's slowest
        return nice(sp.cancel(-lin[1] / lin[0]))
    roots = sp.solve(e, free)
    return nice(roots[0]) if len(roots) == 1 else None


def show(e: sp.Expr | None) -> str:
    """``e`` as text, ``-`` for ``None``."""
    return "-" if e is None else str(e)


def payoffs_at(
    payoffs: tuple[sp.Expr, ...], mapping: Mapping[sp.Symbol, Any]
) -> tuple[sp.Expr, ...]:
    """The payoffs with the parameter values of ``mapping`` put in, expanded."""
    return tuple(sp.expand(sp.sympify(v).xreplace(dict(mapping))) for v in payoffs)


def delta_for(
    honor: Any, delta_s: sp.Symbol, x: sp.Symbol, term: sp.Expr, phi_value: sp.Expr
) -> sp.Expr | None:
    """The smallest discount factor in [0, 1) at which ``term`` is honored (``None``: never)."""
    slack = sp.expand(honor(delta_s, phi_value).subs(x, term))
    if sp.expand(slack.subs(delta_s, 0)) >= 0:
        return sp.Integer(0)
    root = solve_for(slack, delta_s)
    if root is None or not (0 <= root < 1):
        return None
    return root


@dataclasses.dataclass(frozen=True)
class DealProblem:
    """An offer tree's bargaining problem at the parameter values (built by :func:`deal_problem`).

    ``values`` holds the parameter values without the term, the penalty and the discount
    factor; ``partial_values`` only those given a value (for the closed forms); ``u`` and ``d``
    are the payoffs of the deal and of no deal; ``truster`` and ``promiser`` are player indices.
    """

    scenario: Scenario
    spec: CompareSpec
    tree: GameTree
    term: str
    x: sp.Symbol
    phi: sp.Symbol | None
    rho: sp.Symbol | None
    dsym: sp.Symbol
    values: dict[sp.Symbol, Any]
    partial_values: dict[sp.Symbol, Any]
    phi_value: sp.Expr
    delta_value: sp.Expr | None
    rho_value: sp.Expr
    truster: int
    promiser: int
    players: tuple[str, ...]
    leaf: dict[str, tuple[sp.Expr, ...]]
    u: tuple[sp.Expr, ...]
    d: tuple[sp.Expr, ...]
    zone: sp.Set
    nash: sp.Expr

    @property
    def label(self) -> str:
        """What the term is called in sentences (``drawdown``)."""
        return self.spec.term_label

    @property
    def truster_name(self) -> str:
        """The name of the player who moves first."""
        return self.players[self.truster]

    @property
    def promiser_name(self) -> str:
        """The name of the player who honors the deal or reneges."""
        return self.players[self.promiser]

    def with_penalty(self, phi_v: Any) -> dict[sp.Symbol, Any]:
        """The parameter values with the penalty set to ``phi_v``."""
        return {**self.values, **({self.phi: phi_v} if self.phi is not None else {})}

    def renege(self, phi_v: sp.Expr) -> tuple[sp.Expr, ...]:
        """The payoffs of the broken promise with the expected penalty ``phi_v``."""
        return payoffs_at(self.leaf["renege"], self.with_penalty(phi_v))

    def best(self, s: sp.Set) -> tuple[sp.Expr, sp.Expr] | None:
        """The term of ``s`` with the largest Nash product, and that product."""
        return argmax(self.nash, self.x, s)

    def honor_one_shot(self, phi_v: sp.Expr) -> sp.Expr:
        """The promiser's slack in honoring, one shot (``>= 0``: it honors)."""
        return self.u[self.promiser] - self.renege(phi_v)[self.promiser]

    def honor_repeated(self, dlt: sp.Expr, phi_v: sp.Expr) -> sp.Expr:
        """The promiser's slack in honoring when a broken promise ends cooperation for good."""
        de = dlt * (1 - self.rho_value)
        p = self.promiser
        return self.u[p] - (1 - de) * self.renege(phi_v)[p] - de * self.d[p]

    def outcome(
        self,
        regime: Regime,
        name: str,
        found: tuple[sp.Expr, sp.Expr] | None,
        sentence: str,
        params: tuple[tuple[str, sp.Expr], ...] = (),
        method: str = "",
    ) -> RegimeOutcome:
        """The regime's outcome: the deal at ``found = (term, Nash product)``, or no deal."""
        if found is None:
            return RegimeOutcome(
                regime,
                name,
                "no deal",
                self.d,
                False,
                None,
                sp.Integer(0),
                sentence,
                params,
                method,
            )
        xv, npv = found
        pay = tuple(sp.expand(v.subs(self.x, xv)) for v in self.u)
        return RegimeOutcome(
            regime,
            name,
            f"deal at {self.term} = {xv}",
            pay,
            True,
            xv,
            npv,
            sentence,
            params,
            method,
        )


def _option_values(
    scenario: Scenario,
    spec: CompareSpec,
    overrides: Mapping[str, Any] | None,
    delta: Any,
    penalty: Any,
) -> tuple[dict[sp.Symbol, Any], dict[sp.Symbol, Any], sp.Expr, sp.Expr | None, sp.Expr]:
    """The parameter values, those given, and the penalty, discount factor and turnover risk."""
    assert spec.term is not None
    x = scenario.parameter(spec.term).symbol
    phi = scenario.parameter(spec.penalty).symbol if spec.penalty else None
    rho = scenario.parameter(spec.turnover).symbol if spec.turnover else None
    dsym = discount_symbol(scenario)
    values = scenario.values(overrides, label="--set")
    values.pop(x, None)
    partial_values = scenario.values(overrides, partial=True, label="--set")
    partial_values.pop(x, None)
    if penalty is not None:
        if phi is None or not spec.penalty:  # the one implies the other
            raise ScenarioError(
                f"scenario {scenario.name!r} has no penalty parameter", key="--penalty"
            )
        try:
            values[phi] = scenario.parameter(spec.penalty).check(
                option_number(penalty, "--penalty")
            )
        except ScenarioError as err:
            raise err.located(key="--penalty") from None
    phi_value = values.pop(phi, sp.Integer(0)) if phi is not None else sp.Integer(0)
    partial_values.pop(phi, None) if phi is not None else None
    delta_value = None
    if delta is not None:
        delta_value = option_number(delta, "--delta")
        if not (delta_value.is_number and delta_value.is_real and 0 <= delta_value < 1):
            raise ScenarioError(
                f"expected a discount factor in [0, 1), got {delta_value}", key="--delta"
            )
    elif dsym in values:  # the discount factor is a parameter: its value (default or --set)
        delta_value = values[dsym]
    values.pop(dsym, None)
    partial_values.pop(dsym, None)
    rho_value = values.get(rho, sp.Integer(0)) if rho is not None else sp.Integer(0)
    return values, partial_values, phi_value, delta_value, rho_value


def deal_problem(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> DealProblem:
    """The bargaining problem of a ``deal`` comparison, with the options checked.

    Examples
    --------
    The drawdown offer (``hennepin_drawdown``) at its defaults: the deal zone is [1/4, 1/2].

    >>> from gametheory import load_scenario
    >>> deal_problem(load_scenario("hennepin_drawdown")).zone
    Interval(1/4, 1/2)
    """
    spec = scenario.compare
    tree = scenario.tree
    if spec is None or spec.kind != "deal" or tree is None or spec.term is None:
        raise UnsupportedGameError(f"scenario {scenario.name!r} has no [compare] deal section")
    x = scenario.parameter(spec.term).symbol
    phi = scenario.parameter(spec.penalty).symbol if spec.penalty else None
    values, partial_values, phi_value, delta_value, rho_value = _option_values(
        scenario, spec, overrides, delta, penalty
    )
    truster = tree.root.player
    promiser = tree.node(spec.deal[:-1]).player
    assert truster is not None and promiser is not None
    leaf = {
        k: tree.node(path).payoffs
        for k, path in (("deal", spec.deal), ("renege", spec.renege), ("none", spec.disagreement))
    }
    u = payoffs_at(leaf["deal"], values)
    d = payoffs_at(leaf["none"], {**values, **({phi: phi_value} if phi is not None else {})})
    if any(v.free_symbols for v in d):
        raise UnsupportedGameError("the no-deal payoffs must not depend on the term")
    base = _term_interval(scenario, spec.term)
    zone = where([u[i] - d[i] for i in range(len(u))], x, base)
    return DealProblem(
        scenario=scenario,
        spec=spec,
        tree=tree,
        term=spec.term,
        x=x,
        phi=phi,
        rho=scenario.parameter(spec.turnover).symbol if spec.turnover else None,
        dsym=discount_symbol(scenario),
        values=values,
        partial_values=partial_values,
        phi_value=phi_value,
        delta_value=delta_value,
        rho_value=rho_value,
        truster=truster,
        promiser=promiser,
        players=tree.players,
        leaf=leaf,
        u=u,
        d=d,
        zone=zone,
        nash=sp.expand((u[0] - d[0]) * (u[1] - d[1])),
    )
