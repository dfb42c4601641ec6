"""The headline figures of a ``deal`` comparison: the deal zone, the costs, what closes the gap.

Each figure is exact at the parameter values and, where the payoffs are polynomials in the term,
also a closed form in the parameters left free: the bounds of the deal zone, the binding term
(the Nash bargaining solution, Nash 1950), the penalty and the discount factors at which a deal
is self-enforcing, the largest term the promiser honors, and the cost of unenforceability (the
Nash product lost without a binding agreement).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import sympy as sp

from gametheory.regimes.deal_problem import DealProblem, delta_for, payoffs_at, solve_for
from gametheory.regimes.formulas import fold_definitions, nice
from gametheory.regimes.outcomes import Figure, Regime, RegimeOutcome

__all__ = ["DealFormulas", "best_self_enforcing", "deal_figures", "deal_formulas"]


@dataclasses.dataclass(frozen=True)
class DealFormulas:
    """The payoffs, the Nash product and the binding term as closed forms in the free parameters.

    ``u``, ``r`` and ``d`` are the payoffs of the deal, of the broken promise and of no deal;
    ``xe`` is the stationary point of the Nash product (before clipping to the deal zone) and
    ``bounds`` the term at which each player is indifferent to no deal.
    """

    u: tuple[sp.Expr, ...]
    r: tuple[sp.Expr, ...]
    d: tuple[sp.Expr, ...]
    nash: sp.Expr
    xe: sp.Expr | None
    bounds: list[sp.Expr | None]

    def bound(self, deal: DealProblem, value: sp.Expr) -> sp.Expr | None:
        """The closed form of a bound of the deal zone equal to ``value`` here, if any."""
        for b in self.bounds:
            if b is not None and sp.simplify(b.xreplace(deal.values) - value) == 0:
                return b
        return None

    def honor_repeated(self, deal: DealProblem) -> sp.Expr:
        """The promiser's slack in honoring in the repeated relationship, as a closed form."""
        p, de = (
            deal.promiser,
            deal.dsym * (1 - (deal.rho if deal.rho is not None else sp.Integer(0))),
        )
        return self.u[p] - (1 - de) * self.r[p] - de * self.d[p]


def deal_formulas(deal: DealProblem) -> DealFormulas:
    """The closed forms of ``deal`` at the parameter values given (the others left free)."""
    x = deal.x
    u = payoffs_at(deal.leaf["deal"], deal.partial_values)
    r = payoffs_at(deal.leaf["renege"], deal.partial_values)
    d = payoffs_at(deal.leaf["none"], deal.partial_values)
    nash = sp.expand((u[0] - d[0]) * (u[1] - d[1]))
    return DealFormulas(
        u,
        r,
        d,
        nash,
        solve_for(sp.diff(nash, x), x),
        [solve_for(u[i] - d[i], x) for i in range(len(u))],
    )


def _zone_figures(
    deal: DealProblem, f: DealFormulas, xe: sp.Expr | None, gains: tuple[sp.Expr, ...] | None
) -> list[Figure]:
    """The deal zone's bounds, the binding term and each side's gain from the binding deal."""
    label = deal.label
    figures = [
        Figure(
            "deal_zone_low",
            f"the smallest {label} both prefer to no deal",
            deal.zone.inf,
            f.bound(deal, deal.zone.inf),
        ),
        Figure(
            "deal_zone_high",
            f"the largest {label} both prefer to no deal",
            deal.zone.sup,
            f.bound(deal, deal.zone.sup),
        ),
        Figure(
            "term_enforceable",
            f"the {label} of the binding deal (Nash bargaining)",
            xe,
            f.xe,
            "before clipping to the deal zone",
        ),
    ]
    for i, name in enumerate(deal.players):
        figures.append(
            Figure(
                f"gain_{name}",
                f"{name}'s gain from the binding deal",
                gains[i] if gains else None,
            )
        )
    return figures


def best_self_enforcing(deal: DealProblem, outcomes: Sequence[RegimeOutcome]) -> RegimeOutcome:
    """The best outcome without a binding deal: the repeated one at ``delta``, else one shot."""
    if deal.delta_value is not None:
        return next(o for o in outcomes if o.regime is Regime.SELF_ENFORCING)
    return outcomes[1]


def _cost_figures(deal: DealProblem, outcomes: Sequence[RegimeOutcome]) -> list[Figure]:
    """The cost of unenforceability, in Nash product and to each side."""
    best_se = best_self_enforcing(deal, outcomes)
    e_out = outcomes[0]
    cost = (
        sp.expand(e_out.nash_product - best_se.nash_product)
        if e_out.nash_product is not None and best_se.nash_product is not None
        else None
    )
    dname = deal.dsym.name
    figures = [
        Figure(
            "cost_of_unenforceability",
            "Nash product of the binding deal minus that of the best self-enforcing outcome "
            + (f"({dname} = {deal.delta_value})" if deal.delta_value is not None else "(one shot)"),
            cost,
        )
    ]
    for i, name in enumerate(deal.players):
        figures.append(
            Figure(
                f"cost_{name}",
                f"what {name} loses without enforcement",
                sp.expand(e_out.payoffs[i] - best_se.payoffs[i]),
            )
        )
    return figures


def _penalty_figures(deal: DealProblem, f: DealFormulas, xe: sp.Expr | None) -> list[Figure]:
    """The smallest expected penalty that makes the binding term self-enforcing."""
    phi, x = deal.phi, deal.x
    if phi is None or xe is None:
        return []
    need_one = solve_for(deal.honor_one_shot(phi).subs(x, xe), phi)
    sym_honor1 = f.u[deal.promiser] - f.r[deal.promiser]
    figures = [
        Figure(
            "penalty_needed",
            f"the smallest expected penalty that makes the binding {deal.label} "
            "self-enforcing in one shot",
            sp.Max(need_one, 0) if need_one is not None else None,
            solve_for(sym_honor1.subs(x, f.xe), phi) if f.xe is not None else None,
        )
    ]
    if deal.delta_value is not None:
        need_rep = solve_for(deal.honor_repeated(deal.delta_value, phi).subs(x, xe), phi)
        figures.append(
            Figure(
                "penalty_needed_at_delta",
                f"the same with {deal.dsym.name} = {deal.delta_value}",
                sp.Max(need_rep, 0) if need_rep is not None else None,
            )
        )
    return figures


def _delta_figures(deal: DealProblem, f: DealFormulas, xe: sp.Expr | None) -> list[Figure]:
    """The smallest discount factors at which the binding deal, and some deal, hold."""
    if xe is None:
        return []
    x, delta_s, dname, zone = deal.x, deal.dsym, deal.dsym.name, deal.zone
    honor_rep = f.honor_repeated(deal)
    dstar = delta_for(deal.honor_repeated, delta_s, x, xe, deal.phi_value)
    figures = [
        Figure(
            "delta_enforceable_deal",
            f"the smallest {dname} at which the binding deal is self-enforcing",
            dstar,
            solve_for(honor_rep.subs(x, f.xe), delta_s) if f.xe is not None else None,
        )
    ]
    low = zone.inf
    d_low = delta_for(deal.honor_repeated, delta_s, x, low, deal.phi_value)
    d_high = delta_for(deal.honor_repeated, delta_s, x, zone.sup, deal.phi_value)
    pick = low if (d_low is not None and (d_high is None or d_low <= d_high)) else zone.sup
    d_any = d_low if pick == low else d_high
    f_pick = f.bound(deal, pick)
    figures.append(
        Figure(
            "delta_any_deal",
            f"the smallest {dname} at which some deal is self-enforcing",
            d_any,
            solve_for(honor_rep.subs(x, f_pick), delta_s) if f_pick is not None else None,
            f"at {deal.term} = {pick}",
        )
    )
    return figures


def _cost_formula(
    deal: DealProblem,
    f: DealFormulas,
    best_se: RegimeOutcome,
    xe: sp.Expr | None,
    xbar_value: sp.Expr | None,
    xbar_formula: sp.Expr | None,
) -> sp.Expr | None:
    """The cost of unenforceability as a closed form, where the regimes say which one.

    The binding deal's Nash product, minus that of the self-enforcing deal when the
    credibility constraint binds (``x = xbar``), or minus nothing when nothing is
    self-enforcing.
    """
    if f.xe is None:
        return None
    np_e = f.nash.subs(deal.x, f.xe)
    if best_se.level is None:
        return np_e
    if best_se.level == xe:
        return sp.Integer(0)
    if xbar_formula is not None and xbar_value is not None and best_se.level == xbar_value:
        return np_e - f.nash.subs(deal.x, xbar_formula)
    return None


def deal_figures(
    deal: DealProblem,
    outcomes: Sequence[RegimeOutcome],
    xe: sp.Expr | None,
    gains: tuple[sp.Expr, ...] | None,
    xbar_value: sp.Expr | None,
) -> list[Figure]:
    """The headline figures of a ``deal`` comparison, exact and with their closed forms.

    ``outcomes`` are the regimes' outcomes (the enforceable one first, the one-shot one
    second), ``xe`` the binding term, ``gains`` each side's gain from it and ``xbar_value``
    the largest term the promiser honors at the discount factor given.
    """
    f = deal_formulas(deal)
    figures = _zone_figures(deal, f, xe, gains) if xe is not None else []
    figures += _cost_figures(deal, outcomes)
    figures += _penalty_figures(deal, f, xe)
    figures += _delta_figures(deal, f, xe)
    xbar_formula = solve_for(f.honor_repeated(deal), deal.x)
    cost_formula = _cost_formula(
        deal, f, best_self_enforcing(deal, outcomes), xe, xbar_value, xbar_formula
    )
    if cost_formula is not None:
        k = next(i for i, g in enumerate(figures) if g.key == "cost_of_unenforceability")
        figures[k] = dataclasses.replace(
            figures[k], formula=sp.factor(sp.cancel(sp.together(cost_formula)))
        )
    if xbar_formula is not None:
        xbar_formula = nice(xbar_formula, (deal.dsym,))
    dname = deal.dsym.name
    figures.append(
        Figure(
            "term_self_enforcing_max",
            f"the largest {deal.label} {deal.promiser_name} honors in the repeated relationship",
            xbar_value,
            xbar_formula,
            "" if deal.delta_value is not None else f"give {dname} a value (--delta) for a number",
        )
    )
    return [fold_definitions(g, deal.scenario, (deal.dsym,)) for g in figures]
