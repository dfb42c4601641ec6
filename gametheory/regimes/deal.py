"""Regimes of an offer tree with a negotiated term: what a binding deal gives, what holds.

The tree has a *truster* who moves first (the county opens its jail) and a *promiser* who then
carries out the deal or reneges (the federal side withdraws a share ``x`` of its agents, or keeps
them); the third path is no deal. Writing ``u(x)`` for the payoffs of the deal carried out, ``r(x)``
for those of the broken promise (with an expected penalty ``phi``) and ``d`` for no deal:

* the **deal zone** is the set of terms both prefer to no deal, ``u_i(x) >= d_i``;
* **enforceable**: the Nash bargaining solution over the deal zone, ``x_E = argmax (u_1 - d_1)
  (u_2 - d_2)`` (Nash 1950; the renege branch is removed);
* **unenforceable** (one shot) and **partial** (a penalty ``phi``): only terms the promiser
  honors count, ``u_P(x) >= r_P(x)``; without such a term the subgame-perfect outcome is no deal;
* **self-enforcing** (repeated, the truster never cooperates again after a broken promise): the
  promiser honors ``x`` iff ``u_P(x) >= (1 - delta) r_P(x) + delta d_P``, with ``delta`` replaced by
  ``delta (1 - rho)`` under a regime-turnover risk ``rho``; the best self-enforcing deal
  maximises the Nash product over the terms that satisfy it (Nash 1950);
* **leader**: the promiser binds only itself and picks the term, the least the truster accepts.

Every value is exact; where the payoffs are polynomials in the term the maximisers and the
thresholds are also given as closed forms in the parameters.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.scenario import Scenario
from gametheory.regimes.formulas import fold_definitions, nice, option_number
from gametheory.regimes.outcomes import (
    Figure,
    Regime,
    RegimeComparison,
    RegimeOutcome,
    parameter_pairs,
)
from gametheory.repeated.roles import discount_symbol
from gametheory.solvers.backward_induction import backward_induction

__all__ = ["compare_deal"]


def _term_interval(scenario: Scenario, name: str) -> sp.Interval:
    p = scenario.parameter(name)
    lo, hi = p.domain.lower, p.domain.upper
    if p.range is not None:
        lo, hi = sp.Max(lo, p.range[0]), sp.Min(hi, p.range[1])
    if not (lo.is_finite and hi.is_finite):
        raise UnsupportedGameError(f"the term {name!r} needs a bounded range to bargain over")
    return sp.Interval(lo, hi)


def _where(exprs: list[sp.Expr], x: sp.Symbol, base: sp.Set) -> sp.Set:
    """The set of ``x`` in ``base`` where every expression is ``>= 0`` (exact)."""
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


def _argmax(f: sp.Expr, x: sp.Symbol, s: sp.Set) -> tuple[sp.Expr, sp.Expr] | None:
    """The smallest maximiser of ``f`` over the closed set ``s`` and the maximum, or ``None``."""
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


def _solve_for(expr: sp.Expr, var: sp.Symbol) -> sp.Expr | None:
    """The unique real root of ``expr`` in ``var`` (``None`` unless there is exactly one).

    ``var``'s own assumptions (a nonnegative penalty) are dropped while solving, so a negative
    root is found and can then be clipped.
    """
    free = sp.Dummy("v", real=True)
    e = sp.expand(expr).xreplace({var: free})
    lin = _linear(e, free)
    if lin is not None:  # the usual case, and sp.solve's slowest
        return nice(sp.cancel(-lin[1] / lin[0]))
    roots = sp.solve(e, free)
    return nice(roots[0]) if len(roots) == 1 else None


def _show(e: sp.Expr | None) -> str:
    return "-" if e is None else str(e)


def compare_deal(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
    penalty: Any = None,
) -> RegimeComparison:
    """Compare the regimes of an offer tree with a negotiated term (a ``deal`` comparison).

    Parameters
    ----------
    scenario
        A scenario with a ``[tree]`` and a ``[compare]`` section of kind ``deal``.
    overrides
        Parameter values; the term itself is what the regimes choose, so a value for it is
        ignored.
    delta
        The discount factor of the repeated relationship, for the self-enforcing regime.
    penalty
        The expected penalty on reneging for the partial regime (default: the penalty
        parameter's value).

    Examples
    --------
    The drawdown offer at its defaults: the binding deal is x = 3/8, one shot nothing
    is credible, with delta = 3/5 the best self-enforcing deal is 3/10.

    >>> from gametheory import load_scenario
    >>> c = compare_deal(load_scenario("hennepin_drawdown"), delta="3/5")
    >>> c.outcome("enforceable").level, c.outcome("unenforceable").cooperates
    (Fraction(3, 8), False)
    >>> c.outcome("self-enforcing").level, c.figure("delta_any_deal").value
    (Fraction(3, 10), Fraction(1, 2))
    """
    spec = scenario.compare
    tree = scenario.tree
    if spec is None or spec.kind != "deal" or tree is None or spec.term is None:
        raise UnsupportedGameError(f"scenario {scenario.name!r} has no [compare] deal section")

    x = scenario.parameter(spec.term).symbol
    phi = scenario.parameter(spec.penalty).symbol if spec.penalty else None
    rho = scenario.parameter(spec.turnover).symbol if spec.turnover else None
    dsym = discount_symbol(scenario)
    values = scenario.values(overrides, label="--set")
    values.pop(x, None)
    partial_values = scenario.values(overrides, partial=True, label="--set")
    partial_values.pop(x, None)
    if penalty is not None:
        if phi is None:
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

    truster = tree.root.player
    promiser = tree.node(spec.deal[:-1]).player
    assert truster is not None and promiser is not None
    players = tree.players
    leaf = {
        k: tree.node(path).payoffs
        for k, path in (("deal", spec.deal), ("renege", spec.renege), ("none", spec.disagreement))
    }

    def at(payoffs: tuple[sp.Expr, ...], mapping: Mapping[sp.Symbol, Any]) -> tuple[sp.Expr, ...]:
        return tuple(sp.expand(sp.sympify(v).xreplace(dict(mapping))) for v in payoffs)

    u = at(leaf["deal"], values)
    d = at(leaf["none"], {**values, **({phi: phi_value} if phi is not None else {})})
    if any(v.free_symbols for v in d):
        raise UnsupportedGameError("the no-deal payoffs must not depend on the term")

    def renege(phi_v: sp.Expr) -> tuple[sp.Expr, ...]:
        return at(leaf["renege"], {**values, **({phi: phi_v} if phi is not None else {})})

    base = _term_interval(scenario, spec.term)
    zone = _where([u[i] - d[i] for i in range(len(u))], x, base)
    nash = sp.expand((u[0] - d[0]) * (u[1] - d[1]))

    def best(s: sp.Set) -> tuple[sp.Expr, sp.Expr] | None:
        return _argmax(nash, x, s)

    def honor_one_shot(phi_v: sp.Expr) -> sp.Expr:
        return u[promiser] - renege(phi_v)[promiser]

    def honor_repeated(dlt: sp.Expr, phi_v: sp.Expr) -> sp.Expr:
        de = dlt * (1 - rho_value)
        return u[promiser] - (1 - de) * renege(phi_v)[promiser] - de * d[promiser]

    label = spec.term_label
    T, P = players[truster], players[promiser]
    outcomes: list[RegimeOutcome] = []
    diagnostics: list[str] = []

    def deal_outcome(
        regime: Regime,
        name: str,
        found: tuple[sp.Expr, sp.Expr] | None,
        sentence: str,
        params: tuple[tuple[str, sp.Expr], ...] = (),
        method: str = "",
    ) -> RegimeOutcome:
        if found is None:
            return RegimeOutcome(
                regime, name, "no deal", d, False, None, sp.Integer(0), sentence, params, method
            )
        xv, npv = found
        pay = tuple(sp.expand(v.subs(x, xv)) for v in u)
        return RegimeOutcome(
            regime,
            name,
            f"deal at {spec.term} = {xv}",
            pay,
            True,
            xv,
            npv,
            sentence,
            params,
            method,
        )

    enforceable = best(zone)
    if enforceable is None:
        diagnostics.append(
            "the deal zone is empty: no term leaves both sides better off than no "
            "deal, so even a binding agreement changes nothing"
        )
    xe = enforceable[0] if enforceable else None
    gains = (
        tuple(sp.expand(v.subs(x, xe) - d[i]) for i, v in enumerate(u)) if xe is not None else None
    )
    outcomes.append(
        deal_outcome(
            Regime.ENFORCEABLE,
            "enforceable",
            enforceable,
            (
                f"With a binding agreement {T} cooperates and {P} honors a {label} of {xe}: {T} gains "
                f"{gains[truster]} and {P} {gains[promiser]} over no deal."
                if gains is not None
                else f"Even a binding agreement makes no deal: no {label} leaves both better off."
            ),
            method="Nash bargaining over the deal zone",
        )
    )

    one_shot = best(_where([honor_one_shot(sp.Integer(0))], x, zone)) if enforceable else None
    tempt = (
        sp.expand(renege(sp.Integer(0))[promiser] - u[promiser]).subs(x, xe)
        if xe is not None
        else None
    )
    spe_at = None
    if xe is not None:
        subs = {**values, x: xe, **({phi: 0} if phi is not None else {})}
        spe_at = backward_induction(tree.subs(subs))
    outcomes.append(
        deal_outcome(
            Regime.UNENFORCEABLE,
            "unenforceable",
            one_shot,
            (
                f"Without enforcement {T} refuses: {P} would renege on any promised {label} (at "
                f"{spec.term} = {xe} reneging pays it {tempt} more)."
                if one_shot is None and xe is not None
                else f"Without enforcement a {label} of {one_shot[0]} is still honored."
                if one_shot
                else f"Without enforcement {T} refuses."
            ),
            method="subgame-perfect equilibrium of the one-shot offer tree",
        )
    )

    if phi is not None and phi_value != 0:
        partial = best(_where([honor_one_shot(phi_value)], x, zone)) if enforceable else None
        if partial is None and xe is not None:
            lowest = zone.inf
            need = (
                _solve_for(sp.expand(honor_one_shot(phi).subs(x, lowest)), phi)
                if phi is not None
                else None
            )
            text = (
                f"With an expected penalty of {phi_value} on reneging there is still no deal: "
                f"even the smallest acceptable {label}, {lowest}, needs a penalty of "
                f"{need}."
            )
        elif partial is not None:
            text = (
                f"With an expected penalty of {phi_value} on reneging, a {label} of "
                f"{partial[0]} is self-enforcing."
            )
        else:
            text = "With a penalty on reneging there is still no deal."
        outcomes.append(
            deal_outcome(
                Regime.PARTIAL,
                f"penalty {phi_value}",
                partial,
                text,
                ((spec.penalty or "phi", phi_value),),
                "one-shot offer tree with an expected penalty",
            )
        )

    dname = dsym.name
    xbar_value = None
    if delta_value is not None:
        honor = honor_repeated(delta_value, phi_value)
        repeated = best(_where([honor], x, zone)) if enforceable else None
        xbar_value = _solve_for(honor, x)
        eff = f"{dname} = {delta_value}" + (
            f" and turnover {rho_value}" if rho is not None and rho_value != 0 else ""
        )
        if repeated is None:
            text = (
                f"With {eff}, no promise is credible: any promised {label} above "
                f"{_show(xbar_value)} would be reneged on, and {T} needs at least "
                f"{zone.inf if enforceable else '-'}."
            )
        else:
            text = (
                f"With {eff} the best self-enforcing deal is {spec.term} = {repeated[0]}: "
                f"any promised {label} above {_show(xbar_value)} would be reneged on."
            )
        params = [(dname, delta_value)]
        if phi is not None:
            params.append((spec.penalty or "phi", phi_value))
        outcomes.append(
            deal_outcome(
                Regime.SELF_ENFORCING,
                f"repeated, {dname} = {delta_value}",
                repeated,
                text,
                tuple(params),
                "stationary deals; a broken promise ends cooperation for good",
            )
        )

    leader = _argmax(u[promiser], x, zone) if enforceable else None
    if leader is not None:
        xl = leader[0]
        pay = tuple(sp.expand(v.subs(x, xl)) for v in u)
        np_l = sp.expand(nash.subs(x, xl))
        outcomes.append(
            RegimeOutcome(
                Regime.LEADER,
                f"{P} commits",
                f"deal at {spec.term} = {xl}",
                pay,
                True,
                xl,
                np_l,
                (
                    f"If {P} could bind only itself it would promise the least {T} accepts, "
                    f"{spec.term} = {xl}: {T} gains {sp.expand(pay[truster] - d[truster])} and {P} "
                    f"{sp.expand(pay[promiser] - d[promiser])}."
                ),
                method="the promiser commits to honoring a term it picks (Stackelberg)",
            )
        )

    # Headline figures.
    figures: list[Figure] = []
    sym_u = at(leaf["deal"], partial_values)
    sym_r = at(leaf["renege"], partial_values)
    sym_d = at(leaf["none"], partial_values)
    sym_nash = sp.expand((sym_u[0] - sym_d[0]) * (sym_u[1] - sym_d[1]))
    xe_formula = _solve_for(sp.diff(sym_nash, x), x)
    bounds = [_solve_for(sym_u[i] - sym_d[i], x) for i in range(len(sym_u))]

    def bound_formula(value: sp.Expr) -> sp.Expr | None:
        for b in bounds:
            if b is not None and sp.simplify(b.xreplace(values) - value) == 0:
                return b
        return None

    if enforceable:
        figures += [
            Figure(
                "deal_zone_low",
                f"the smallest {label} both prefer to no deal",
                zone.inf,
                bound_formula(zone.inf),
            ),
            Figure(
                "deal_zone_high",
                f"the largest {label} both prefer to no deal",
                zone.sup,
                bound_formula(zone.sup),
            ),
            Figure(
                "term_enforceable",
                f"the {label} of the binding deal (Nash bargaining)",
                xe,
                xe_formula,
                "before clipping to the deal zone",
            ),
        ]
        for i, name in enumerate(players):
            figures.append(
                Figure(
                    f"gain_{name}",
                    f"{name}'s gain from the binding deal",
                    gains[i] if gains else None,
                )
            )
    best_se = outcomes[1]
    if delta_value is not None:
        best_se = next(o for o in outcomes if o.regime is Regime.SELF_ENFORCING)
    e_out = outcomes[0]
    cost = (
        sp.expand(e_out.nash_product - best_se.nash_product)
        if e_out.nash_product is not None and best_se.nash_product is not None
        else None
    )
    figures.append(
        Figure(
            "cost_of_unenforceability",
            "Nash product of the binding deal minus that of the best self-enforcing outcome "
            + (f"({dname} = {delta_value})" if delta_value is not None else "(one shot)"),
            cost,
        )
    )
    for i, name in enumerate(players):
        figures.append(
            Figure(
                f"cost_{name}",
                f"what {name} loses without enforcement",
                sp.expand(e_out.payoffs[i] - best_se.payoffs[i]),
            )
        )
    delta_s = sp.Symbol(dname, positive=True) if dsym.name != dname else dsym
    rho_s = rho if rho is not None else sp.Integer(0)
    if phi is not None and xe is not None:
        need_one = _solve_for(honor_one_shot(phi).subs(x, xe), phi)
        sym_honor1 = sym_u[promiser] - sym_r[promiser]
        figures.append(
            Figure(
                "penalty_needed",
                f"the smallest expected penalty that makes the binding {label} "
                "self-enforcing in one shot",
                sp.Max(need_one, 0) if need_one is not None else None,
                _solve_for(sym_honor1.subs(x, xe_formula), phi) if xe_formula is not None else None,
            )
        )
        if delta_value is not None:
            need_rep = _solve_for(honor_repeated(delta_value, phi).subs(x, xe), phi)
            figures.append(
                Figure(
                    "penalty_needed_at_delta",
                    f"the same with {dname} = {delta_value}",
                    sp.Max(need_rep, 0) if need_rep is not None else None,
                )
            )
    # Discount factors.
    sym_honor_rep = (
        sym_u[promiser]
        - (1 - delta_s * (1 - rho_s)) * sym_r[promiser]
        - delta_s * (1 - rho_s) * sym_d[promiser]
    )
    if xe is not None:
        dstar = _delta_for(honor_repeated, delta_s, x, xe, phi_value)
        figures.append(
            Figure(
                "delta_enforceable_deal",
                f"the smallest {dname} at which the binding deal is self-enforcing",
                dstar,
                _solve_for(sym_honor_rep.subs(x, xe_formula), delta_s)
                if xe_formula is not None
                else None,
            )
        )
        low = zone.inf
        d_low = _delta_for(honor_repeated, delta_s, x, low, phi_value)
        d_high = _delta_for(honor_repeated, delta_s, x, zone.sup, phi_value)
        pick = low if (d_low is not None and (d_high is None or d_low <= d_high)) else zone.sup
        d_any = d_low if pick == low else d_high
        f_pick = bound_formula(pick)
        figures.append(
            Figure(
                "delta_any_deal",
                f"the smallest {dname} at which some deal is self-enforcing",
                d_any,
                _solve_for(sym_honor_rep.subs(x, f_pick), delta_s) if f_pick is not None else None,
                f"at {spec.term} = {pick}",
            )
        )
    xbar_formula = _solve_for(sym_honor_rep, x)
    # The cost of unenforceability as a formula: the binding deal's Nash product, minus that of
    # the self-enforcing deal when the credibility constraint binds (x = xbar), or minus nothing
    # when nothing is self-enforcing.
    if xe_formula is not None:
        cost_formula = None
        np_e = sym_nash.subs(x, xe_formula)
        if best_se.level is None:
            cost_formula = np_e
        elif best_se.level == xe:
            cost_formula = sp.Integer(0)
        elif xbar_formula is not None and xbar_value is not None and best_se.level == xbar_value:
            cost_formula = np_e - sym_nash.subs(x, xbar_formula)
        if cost_formula is not None:
            k = next(i for i, f in enumerate(figures) if f.key == "cost_of_unenforceability")
            figures[k] = dataclasses.replace(
                figures[k], formula=sp.factor(sp.cancel(sp.together(cost_formula)))
            )
    if xbar_formula is not None:
        xbar_formula = nice(xbar_formula, (delta_s,))
    figures.append(
        Figure(
            "term_self_enforcing_max",
            f"the largest {label} {P} honors in the repeated relationship",
            xbar_value,
            xbar_formula,
            "" if delta_value is not None else f"give {dname} a value (--delta) for a number",
        )
    )
    figures = [fold_definitions(f, scenario, (delta_s,)) for f in figures]
    params = parameter_pairs(values)
    if spe_at:
        plays = "; ".join(
            "(" + ", ".join(f"{players[tree.node(h).player or 0]}: {a}" for h, a in e.choices) + ")"
            for e in spe_at
        )
        diagnostics.append(
            f"the one-shot offer tree at {spec.term} = {xe} without a penalty has the "
            f"subgame-perfect equilibrium {plays}"
        )
    symbols = tuple((p.symbol, p.latex) for p in scenario.parameters if p.latex)
    if delta_s not in dict(symbols):
        symbols += ((delta_s, r"\delta"),)
    return RegimeComparison(
        scenario=scenario.name,
        kind="deal",
        players=tuple(players),
        parameters=tuple(
            sorted(
                params + (((spec.penalty, phi_value),) if phi is not None else ()),
                key=lambda kv: kv[0],
            )
        ),
        disagreement=d,
        outcomes=tuple(outcomes),
        figures=tuple(figures),
        symbols=symbols,
        method="exact: Nash bargaining over the deal zone; one-shot and repeated credibility "
        "constraints solved with sympy",
        diagnostics=tuple(diagnostics),
    )


def spec_name(scenario: Scenario, symbol: sp.Symbol) -> str:
    """The parameter name of ``symbol`` in ``scenario`` (its own name otherwise)."""
    for p in scenario.parameters:
        if p.symbol == symbol:
            return p.name
    return symbol.name


def _delta_for(
    honor: Any, delta_s: sp.Symbol, x: sp.Symbol, term: sp.Expr, phi_value: sp.Expr
) -> sp.Expr | None:
    """The smallest discount factor in [0, 1) at which ``term`` is honored (``None``: never)."""
    slack = sp.expand(honor(delta_s, phi_value).subs(x, term))
    if sp.expand(slack.subs(delta_s, 0)) >= 0:
        return sp.Integer(0)
    root = _solve_for(slack, delta_s)
    if root is None or not (0 <= root < 1):
        return None
    return root
