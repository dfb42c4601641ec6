"""Two more regimes for a repeated stage game: side payments, and linked issues.

* **transfers** (what a reimbursement program buys: SCAAP jail-day reimbursement, Byrne JAG,
  287(g) funding): the players may pay each other every round, so only the *sum* of the
  temptations has to be covered by the *sum* of the stakes (Levin 2003; Goldlücke & Kranz 2012).
  At ``delta`` the outcome is the optimal stationary relational contract
  (:func:`gametheory.repeated.transfers.relational_contract`), its surplus above the stage
  equilibrium split equally where the incentive constraints allow it.
* **linked** (Bernheim & Whinston 1990): when the scenario has a ``[linkage]`` section, the
  scenario's game is bargained together with the other issues, a departure in one ending
  cooperation in all. The outcome is that of the scenario's own game in the linked relationship.

Both add headline figures: the discount factor each regime needs for the agreement, with its
closed form, and the gain against the self-enforcing regime without transfers or linkage.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from typing import Any

import sympy as sp

from gametheory.model.scenario import Scenario
from gametheory.regimes.formulas import fold_definitions, option_number
from gametheory.regimes.outcomes import Figure, Regime, RegimeComparison, RegimeOutcome
from gametheory.repeated.linkage import LinkageAnalysis, analyse_linkage
from gametheory.repeated.roles import discount_symbol, roles, spec_of
from gametheory.repeated.transfers import (
    ProfileThresholds,
    RelationalContract,
    analyse_transfers,
)

__all__ = ["add_agreement_regimes"]


def _np(u: tuple[sp.Expr, ...], d: tuple[sp.Expr, ...]) -> sp.Expr:
    return sp.expand((u[0] - d[0]) * (u[1] - d[1]))


def add_agreement_regimes(
    comparison: RegimeComparison,
    scenario: Scenario,
    overrides: Mapping[str, Any] | None = None,
    *,
    delta: Any = None,
) -> RegimeComparison:
    """``comparison`` with the transfers regime (and the linked one, for a ``[linkage]``).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory import compare_regimes
    >>> c = compare_regimes(load_scenario("linked_cooperation"), delta="9/20")
    >>> [str(u) for u in c.outcome("transfers").payoffs + c.outcome("linked").payoffs]
    ['-9/5', '14/5', '-2', '3']
    >>> c.figure("delta_with_transfers").value, c.figure("delta_linked").value
    (Fraction(3, 7), Fraction(3, 7))
    >>> c.figure("delta_enforceable_deal").value
    Fraction(1, 2)
    """
    game = scenario.game_at(overrides)
    dsym = discount_symbol(scenario)
    values = scenario.values(overrides)
    d_value = option_number(delta, "--delta") if delta is not None else values.get(dsym)
    coop, pun = roles(game, spec_of(scenario))
    t = analyse_transfers(
        game, punishment=pun, delta=d_value, symbolic=scenario.substitute(overrides)
    )
    d = comparison.disagreement
    players = comparison.players
    outcomes = list(comparison.outcomes)
    figures = list(comparison.figures)
    figures += _transfer_figures(scenario, t.profile(*coop), coop, dsym)
    if t.contract is not None and t.contract.profile is not None:
        outcome, figure = _transfers_regime(t.contract, players, d, dsym)
        outcomes.append(outcome)
        figures.append(figure)
    if scenario.linkage is not None:
        lk = analyse_linkage(scenario.linkage.issues, values)
        figures += _linkage_figures(scenario, lk, dsym)
        if d_value is not None:
            outcomes.append(_linked_regime(lk, d, dsym, d_value))
    return dataclasses.replace(comparison, outcomes=tuple(outcomes), figures=tuple(figures))


def _transfer_figures(
    scenario: Scenario, deal: ProfileThresholds, coop: tuple[str, ...], dsym: sp.Symbol
) -> list[Figure]:
    """The discount factor the agreement needs with side payments, and the patience saved."""
    formula = dict(deal.formulas).get("nash_transfers")
    figures = [
        fold_definitions(
            Figure(
                "delta_with_transfers",
                f"the smallest {dsym.name} at which the agreement ({', '.join(coop)}) is "
                "self-enforcing when the players can pay each other (stage-Nash reversion; "
                "the sum of the temptations against the sum of the stakes)",
                deal.nash_transfers,
                formula,
            ),
            scenario,
        ),
        Figure(
            "delta_with_transfers_optimal",
            "the same with optimal penal codes (Goldlücke and Kranz 2012)",
            deal.optimal_transfers,
        ),
    ]
    if deal.nash is not None and deal.nash_transfers is not None:
        figures.append(
            Figure(
                "transfers_gain",
                f"how much less patience ({dsym.name}) the agreement needs with transfers",
                deal.nash - deal.nash_transfers,
            )
        )
    return figures


def _transfers_regime(
    c: RelationalContract, players: tuple[str, ...], d: tuple[sp.Expr, ...], dsym: sp.Symbol
) -> tuple[RegimeOutcome, Figure]:
    """The transfers regime: the optimal stationary relational contract (Levin 2003).

    Returns its outcome and the per-round payment it needs.
    """
    pay = c.payoffs
    prof = f"({', '.join(c.profile or ())})"
    if c.transfer is None or c.transfer == 0:
        money = "no money needs to change hands"
    else:
        payer, payee = (players[1], players[0]) if c.transfer > 0 else (players[0], players[1])
        money = f"{payer} pays {payee} {abs(c.transfer)} a round"
    outcome = RegimeOutcome(
        Regime.TRANSFERS,
        f"transfers, {dsym.name} = {c.delta}",
        prof,
        pay,
        None if pay == d else True,
        None,
        _np(pay, d),
        f"With side payments and {dsym.name} = {c.delta} the best self-enforcing "
        f"agreement plays {prof}; {money}, so the payoffs are ({pay[0]}, {pay[1]}).",
        ((dsym.name, c.delta),),
        "optimal stationary relational contract (Levin 2003)",
    )
    figure = Figure(
        "transfer",
        f"the per-round payment from {players[1]} to {players[0]} in that contract "
        "(negative: the other way)",
        c.transfer,
    )
    return outcome, figure


def _linkage_figures(scenario: Scenario, lk: LinkageAnalysis, dsym: sp.Symbol) -> list[Figure]:
    """The discount factors with the issues linked and separate, and the gain from linkage."""
    formulas = dict(lk.formulas)
    return [
        fold_definitions(
            Figure(
                "delta_linked",
                f"the smallest {dsym.name} at which every linked issue is self-enforcing "
                "together (pooled incentive constraints, Bernheim and Whinston 1990)",
                lk.threshold,
                formulas.get("linked"),
            ),
            scenario,
        ),
        Figure(
            "delta_separate",
            f"the smallest {dsym.name} at which every issue is self-enforcing on its own",
            lk.separate,
        ),
        Figure("linkage_gain", "delta_separate minus delta_linked: the gain from linkage", lk.gain),
    ]


def _linked_regime(
    lk: LinkageAnalysis, d: tuple[sp.Expr, ...], dsym: sp.Symbol, d_value: Any
) -> RegimeOutcome:
    """The linked regime: the scenario's own game in the linked relationship at ``delta``."""
    home = lk.issues[0]
    holds = lk.threshold is not None and d_value >= lk.threshold
    own = home.threshold is not None and d_value >= home.threshold
    if holds or own:
        pay = home.game.payoff_profile(
            home.game.actions[0].index(home.cooperation[0]),
            home.game.actions[1].index(home.cooperation[1]),
        )
        text = f"({', '.join(home.cooperation)})"
        why = (
            "held by the linked relationship"
            if holds and not own
            else "self-enforcing on its own as well"
        )
    else:
        pay, text, why = d, "standoff", "not self-enforcing even linked"
    return RegimeOutcome(
        Regime.LINKED,
        f"linked, {dsym.name} = {d_value}",
        text,
        (pay[0], pay[1]),
        None if pay == d else True,
        None,
        _np(pay, d),
        f"Linked with {', '.join(i.name for i in lk.issues[1:])} at {dsym.name} = "
        f"{d_value}, the agreement in {home.name} is {why}: {text}.",
        ((dsym.name, d_value),),
        "pooled incentive constraints over the linked issues",
    )
