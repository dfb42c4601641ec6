"""Commitment regimes and the objects a regime comparison returns.

A *regime* says what can be promised and what holds a promise:

``ENFORCEABLE``
    Agreements bind (a statute, a consent decree, an indemnification contract): any feasible
    outcome can be contracted on, and a bargaining solution (Nash's, with the no-deal outcome as
    the disagreement point) picks one; in an offer tree the renege branch is removed.
``PARTIAL``
    Reneging carries an expected penalty ``phi`` (the probability that a court enforces the
    promise times the damages); only deals that are self-enforcing *given the penalty* count.
``UNENFORCEABLE``
    Only self-enforcing outcomes count: the one-shot subgame-perfect equilibrium.
``SELF_ENFORCING``
    Unenforceable, but the relationship repeats: the best self-enforcing outcome of the repeated
    game at a discount factor ``delta`` (``delta * (1 - rho)`` with a regime-turnover risk ``rho``).
``LEADER``
    One side can bind only itself and moves first: the Stackelberg outcome (pure commitment, and
    commitment to a mixed strategy), showing what one-sided commitment buys.
``TRANSFERS``
    Self-enforcing with side payments (a reimbursement program): the optimal stationary
    relational contract at ``delta`` (:mod:`gametheory.regimes.agreements`).
``LINKED``
    Self-enforcing, with the game bargained together with other issues (``[linkage]``).

Every number in these objects is exact (a sympy number); formulas are sympy expressions of the
scenario's parameters.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import sympy as sp

from gametheory.numbers import public_number

__all__ = ["Figure", "Regime", "RegimeComparison", "RegimeOutcome", "parameter_pairs"]


def parameter_pairs(values: Mapping[sp.Symbol, sp.Expr]) -> tuple[tuple[str, sp.Expr], ...]:
    """``(name, value)`` pairs sorted by name: the ``parameters`` of a comparison.

    Examples
    --------
    >>> b, a = sp.symbols("b a")
    >>> parameter_pairs({b: 1, a: 2})
    (('a', 2), ('b', 1))
    """
    return tuple(sorted(((s.name, v) for s, v in values.items()), key=lambda kv: kv[0]))


def _set(obj: object, name: str, value: Any) -> None:
    object.__setattr__(obj, name, value)  # normalising a frozen dataclass in __post_init__


class Regime(StrEnum):
    """The commitment regimes (the values are their names in JSON)."""

    ENFORCEABLE = "enforceable"
    PARTIAL = "partial"
    UNENFORCEABLE = "unenforceable"
    SELF_ENFORCING = "self-enforcing"
    LEADER = "leader"
    TRANSFERS = "transfers"
    LINKED = "linked"


@dataclass(frozen=True)
class RegimeOutcome:
    """What one regime gives.

    Attributes
    ----------
    regime
        The kind of regime.
    label
        A short name for the column (``"enforceable"``, ``"repeated, delta = 3/5"``).
    outcome
        The outcome in words (``"deal at x = 3/8"``, ``"standoff"``, a profile).
    payoffs
        Each player's payoff (exact).
    cooperates
        Whether the local side cooperates (the deal is made), ``None`` when not applicable.
    level
        The level of cooperation: the negotiated term (a drawdown share) or the probability of
        the cooperative action; ``None`` without a deal.
    nash_product
        ``(u_1 - d_1)(u_2 - d_2)`` against the no-deal outcome ``d`` (0 at ``d``).
    sentence
        One plain-language sentence a seminar audience can read.
    parameters
        The regime's own parameter values (``phi``, ``delta``), as ``(name, value)``.
    method
        How the outcome was found.
    """

    regime: Regime
    label: str
    outcome: str
    payoffs: tuple[sp.Expr, ...]
    cooperates: bool | None
    level: sp.Expr | None
    nash_product: sp.Expr | None
    sentence: str
    parameters: tuple[tuple[str, sp.Expr], ...] = ()
    method: str = ""
    details: tuple[tuple[str, Any], ...] = ()

    def __post_init__(self) -> None:
        # Public numbers: rationals as Fraction, irrationals and formulas as sympy.
        _set(self, "payoffs", tuple(public_number(u) for u in self.payoffs))
        _set(self, "level", public_number(self.level))
        _set(self, "nash_product", public_number(self.nash_product))
        _set(self, "parameters", tuple((k, public_number(v)) for k, v in self.parameters))


@dataclass(frozen=True)
class Figure:
    """A headline number of the comparison, exact, with its closed form when there is one.

    ``value`` is ``None`` when the figure does not exist at these values (no deal is ever
    self-enforcing, say); ``formula`` is ``None`` when there is no closed form to show.
    """

    key: str
    description: str
    value: sp.Expr | None
    formula: sp.Expr | None = None
    note: str = ""
    #: For a threshold: where the deal is reached, simplified
    #: (:class:`gametheory.symbolic.simplify.SimpleCondition`; intervals in one parameter).
    threshold: Any = None

    def __post_init__(self) -> None:
        _set(self, "value", public_number(self.value))


@dataclass(frozen=True)
class RegimeComparison:
    """The regimes of a scenario side by side, and what closes the gap between them.

    Attributes
    ----------
    scenario
        The scenario's name.
    kind
        ``"deal"``, ``"repeated"`` or ``"regimes"`` (the scenario's ``[compare]`` kind).
    players
        The player names.
    parameters
        The parameter values used, ``(name, value)``.
    disagreement
        The no-deal payoffs (the disagreement point of the bargaining solutions).
    outcomes
        One :class:`RegimeOutcome` per regime, in a fixed order.
    figures
        Headline figures: the cost of unenforceability, the penalty that makes the binding deal
        self-enforcing, the discount factors that any deal and the binding deal need, ...
    method, exact, diagnostics
        How it was computed (every figure is exact when ``exact``).
    """

    scenario: str
    kind: str
    players: tuple[str, ...]
    parameters: tuple[tuple[str, sp.Expr], ...]
    disagreement: tuple[sp.Expr, ...]
    outcomes: tuple[RegimeOutcome, ...]
    figures: tuple[Figure, ...]
    symbols: tuple[tuple[sp.Symbol, str], ...] = ()
    method: str = ""
    exact: bool = True
    diagnostics: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        _set(self, "parameters", tuple((k, public_number(v)) for k, v in self.parameters))
        _set(self, "disagreement", tuple(public_number(u) for u in self.disagreement))

    def outcome(self, regime: Regime | str) -> RegimeOutcome:
        """The first outcome of ``regime``."""
        key = Regime(regime)
        for o in self.outcomes:
            if o.regime is key:
                return o
        raise KeyError(f"no {key.value!r} regime in this comparison")

    def figure(self, key: str) -> Figure:
        """The figure called ``key``."""
        for f in self.figures:
            if f.key == key:
                return f
        known = ", ".join(f.key for f in self.figures)
        raise KeyError(f"no figure {key!r}; the figures are: {known}")
