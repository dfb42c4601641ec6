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

from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.model.scenario import Scenario
from gametheory.regimes.deal_figures import deal_figures
from gametheory.regimes.deal_problem import (
    DealProblem,
    argmax,
    deal_problem,
    show,
    solve_for,
    where,
)
from gametheory.regimes.outcomes import (
    Regime,
    RegimeComparison,
    RegimeOutcome,
    parameter_pairs,
)
from gametheory.solvers.backward_induction import backward_induction

__all__ = ["compare_deal"]

Found = tuple[sp.Expr, sp.Expr] | None


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
    deal = deal_problem(scenario, overrides, delta=delta, penalty=penalty)
    diagnostics: list[str] = []
    enforceable, e_out, gains = _binding_deal(deal)
    if enforceable is None:
        diagnostics.append(
            "the deal zone is empty: no term leaves both sides better off than no "
            "deal, so even a binding agreement changes nothing"
        )
    xe = enforceable[0] if enforceable else None
    one_shot, spe_at = _one_shot(deal, enforceable)
    outcomes = [e_out, one_shot]
    partial = _penalty_regime(deal, enforceable)
    if partial is not None:
        outcomes.append(partial)
    repeated, xbar_value = _repeated(deal, enforceable)
    if repeated is not None:
        outcomes.append(repeated)
    leader = _leader(deal, enforceable)
    if leader is not None:
        outcomes.append(leader)
    figures = deal_figures(deal, outcomes, xe, gains, xbar_value)
    if spe_at:
        diagnostics.append(_spe_diagnostic(deal, spe_at, xe))
    return _comparison(deal, outcomes, figures, diagnostics)


def _binding_deal(
    deal: DealProblem,
) -> tuple[Found, RegimeOutcome, tuple[sp.Expr, ...] | None]:
    """The enforceable regime: the Nash bargaining solution over the deal zone (Nash 1950).

    Returns the binding term with its Nash product (``None``: the zone is empty), the outcome
    and each side's gain over no deal.
    """
    x, u, d = deal.x, deal.u, deal.d
    T, P = deal.truster_name, deal.promiser_name
    enforceable = deal.best(deal.zone)
    xe = enforceable[0] if enforceable else None
    gains = (
        tuple(sp.expand(v.subs(x, xe) - d[i]) for i, v in enumerate(u)) if xe is not None else None
    )
    outcome = deal.outcome(
        Regime.ENFORCEABLE,
        "enforceable",
        enforceable,
        (
            f"With a binding agreement {T} cooperates and {P} honors a {deal.label} of {xe}: "
            f"{T} gains {gains[deal.truster]} and {P} {gains[deal.promiser]} over no deal."
            if gains is not None
            else f"Even a binding agreement makes no deal: no {deal.label} leaves both better off."
        ),
        method="Nash bargaining over the deal zone",
    )
    return enforceable, outcome, gains


def _one_shot(deal: DealProblem, enforceable: Found) -> tuple[RegimeOutcome, Any]:
    """The unenforceable regime: only a term the promiser honors one shot makes a deal.

    Returns the outcome and the subgame-perfect equilibria of the offer tree at the binding
    term without a penalty (``None`` when there is no binding term).
    """
    x, T, P, label = deal.x, deal.truster_name, deal.promiser_name, deal.label
    one_shot = (
        deal.best(where([deal.honor_one_shot(sp.Integer(0))], x, deal.zone))
        if enforceable
        else None
    )
    xe = enforceable[0] if enforceable else None
    tempt = (
        sp.expand(deal.renege(sp.Integer(0))[deal.promiser] - deal.u[deal.promiser]).subs(x, xe)
        if xe is not None
        else None
    )
    spe_at = None
    if xe is not None:
        subs = {**deal.values, x: xe, **({deal.phi: 0} if deal.phi is not None else {})}
        spe_at = backward_induction(deal.tree.subs(subs))
    outcome = deal.outcome(
        Regime.UNENFORCEABLE,
        "unenforceable",
        one_shot,
        (
            f"Without enforcement {T} refuses: {P} would renege on any promised {label} (at "
            f"{deal.term} = {xe} reneging pays it {tempt} more)."
            if one_shot is None and xe is not None
            else f"Without enforcement a {label} of {one_shot[0]} is still honored."
            if one_shot
            else f"Without enforcement {T} refuses."
        ),
        method="subgame-perfect equilibrium of the one-shot offer tree",
    )
    return outcome, spe_at


def _penalty_regime(deal: DealProblem, enforceable: Found) -> RegimeOutcome | None:
    """The partial regime: a term the promiser honors one shot under the expected penalty."""
    phi, phi_value, label = deal.phi, deal.phi_value, deal.label
    if phi is None or phi_value == 0:
        return None
    xe = enforceable[0] if enforceable else None
    partial = (
        deal.best(where([deal.honor_one_shot(phi_value)], deal.x, deal.zone))
        if enforceable
        else None
    )
    if partial is None and xe is not None:
        lowest = deal.zone.inf
        need = solve_for(sp.expand(deal.honor_one_shot(phi).subs(deal.x, lowest)), phi)
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
    return deal.outcome(
        Regime.PARTIAL,
        f"penalty {phi_value}",
        partial,
        text,
        ((deal.spec.penalty or "phi", phi_value),),
        "one-shot offer tree with an expected penalty",
    )


def _repeated(deal: DealProblem, enforceable: Found) -> tuple[RegimeOutcome | None, sp.Expr | None]:
    """The self-enforcing regime at ``delta``: the best term the promiser honors, repeated.

    A broken promise ends cooperation for good; returns the outcome (``None`` without a
    discount factor) and the largest term honored.
    """
    delta_value, dname, label = deal.delta_value, deal.dsym.name, deal.label
    if delta_value is None:
        return None, None
    honor = deal.honor_repeated(delta_value, deal.phi_value)
    repeated = deal.best(where([honor], deal.x, deal.zone)) if enforceable else None
    xbar_value = solve_for(honor, deal.x)
    eff = f"{dname} = {delta_value}" + (
        f" and turnover {deal.rho_value}" if deal.rho is not None and deal.rho_value != 0 else ""
    )
    if repeated is None:
        text = (
            f"With {eff}, no promise is credible: any promised {label} above "
            f"{show(xbar_value)} would be reneged on, and {deal.truster_name} needs at least "
            f"{deal.zone.inf if enforceable else '-'}."
        )
    else:
        text = (
            f"With {eff} the best self-enforcing deal is {deal.term} = {repeated[0]}: "
            f"any promised {label} above {show(xbar_value)} would be reneged on."
        )
    params = [(dname, delta_value)]
    if deal.phi is not None:
        params.append((deal.spec.penalty or "phi", deal.phi_value))
    outcome = deal.outcome(
        Regime.SELF_ENFORCING,
        f"repeated, {dname} = {delta_value}",
        repeated,
        text,
        tuple(params),
        "stationary deals; a broken promise ends cooperation for good",
    )
    return outcome, xbar_value


def _leader(deal: DealProblem, enforceable: Found) -> RegimeOutcome | None:
    """The leader regime: the promiser binds only itself, so it picks the least accepted term."""
    leader = argmax(deal.u[deal.promiser], deal.x, deal.zone) if enforceable else None
    if leader is None:
        return None
    T, P, d = deal.truster_name, deal.promiser_name, deal.d
    xl = leader[0]
    pay = tuple(sp.expand(v.subs(deal.x, xl)) for v in deal.u)
    return RegimeOutcome(
        Regime.LEADER,
        f"{P} commits",
        f"deal at {deal.term} = {xl}",
        pay,
        True,
        xl,
        sp.expand(deal.nash.subs(deal.x, xl)),
        (
            f"If {P} could bind only itself it would promise the least {T} accepts, "
            f"{deal.term} = {xl}: {T} gains {sp.expand(pay[deal.truster] - d[deal.truster])} "
            f"and {P} {sp.expand(pay[deal.promiser] - d[deal.promiser])}."
        ),
        method="the promiser commits to honoring a term it picks (Stackelberg)",
    )


def _spe_diagnostic(deal: DealProblem, spe_at: Any, xe: sp.Expr | None) -> str:
    """The subgame-perfect play of the one-shot offer tree at the binding term, in words."""
    players, tree = deal.players, deal.tree
    plays = "; ".join(
        "(" + ", ".join(f"{players[tree.node(h).player or 0]}: {a}" for h, a in e.choices) + ")"
        for e in spe_at
    )
    return (
        f"the one-shot offer tree at {deal.term} = {xe} without a penalty has the "
        f"subgame-perfect equilibrium {plays}"
    )


def _comparison(
    deal: DealProblem, outcomes: list[RegimeOutcome], figures: list[Any], diagnostics: list[str]
) -> RegimeComparison:
    """The comparison's result, with the parameter values and the symbols' LaTeX names."""
    scenario = deal.scenario
    symbols = tuple((p.symbol, p.latex) for p in scenario.parameters if p.latex)
    if deal.dsym not in dict(symbols):
        symbols += ((deal.dsym, r"\delta"),)
    penalty: tuple[tuple[str, Any], ...] = ()
    if deal.phi is not None and deal.spec.penalty:  # the one implies the other
        penalty = ((deal.spec.penalty, deal.phi_value),)
    return RegimeComparison(
        scenario=scenario.name,
        kind="deal",
        players=tuple(deal.players),
        parameters=tuple(sorted(parameter_pairs(deal.values) + penalty, key=lambda kv: kv[0])),
        disagreement=deal.d,
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
    return str(symbol.name)
