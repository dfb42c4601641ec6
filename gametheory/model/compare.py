"""The ``[compare]`` section of a scenario: how its commitment regimes are set up.

Only data lives here; the comparison itself is :func:`gametheory.analysis.compare_regimes`.
"""

from __future__ import annotations

from dataclasses import dataclass

import sympy as sp

__all__ = ["COMPARE_KINDS", "REGIME_KINDS", "CompareSpec", "RegimeSpec"]

#: How a scenario's regimes are compared: a negotiated term in an offer tree (``deal``), a stage
#: game played again and again (``repeated``), or regimes given as parameter changes
#: (``regimes``).
COMPARE_KINDS = ("deal", "repeated", "regimes")

#: The regimes a ``[compare.regimes.NAME]`` table may stand for.
REGIME_KINDS = ("enforceable", "partial", "unenforceable", "leader")


@dataclass(frozen=True)
class RegimeSpec:
    """A regime given as parameter changes: ``set`` maps parameter names to formulas.

    ``first`` (strategic-form scenarios only) names a player who, in this regime, moves first
    and is observed: a verifiable move, such as a judicial warrant the jail sees before it
    decides. Without it the game is played simultaneously.
    """

    name: str
    kind: str
    description: str
    set: tuple[tuple[str, sp.Expr], ...] = ()
    first: str | None = None


@dataclass(frozen=True)
class CompareSpec:
    """How to compare a scenario's regimes.

    Attributes
    ----------
    kind
        One of :data:`COMPARE_KINDS`.
    term
        ``deal``: the negotiated parameter (a drawdown share ``x``).
    term_label
        A short noun for the term in sentences (``"drawdown"``).
    deal, renege, disagreement
        Paths (histories) of the offer tree: the deal carried out, the promise broken, no deal.
    penalty
        The parameter that is the expected penalty on reneging (``phi``), if any.
    turnover
        The parameter that is the per-round risk of a regime change (``rho``), if any: the
        self-enforcing regime discounts with ``delta * (1 - rho)``.
    outcome
        ``regimes``: the path (tree) or profile (``"row/column"``) that counts as the deal.
    threshold
        ``regimes``: a parameter to solve the deal's condition for (``sigma``, ``delta``).
    regimes
        ``regimes``: the regimes as parameter changes.
    """

    kind: str
    term: str | None = None
    term_label: str = "term"
    deal: tuple[str, ...] = ()
    renege: tuple[str, ...] = ()
    disagreement: tuple[str, ...] = ()
    penalty: str | None = None
    turnover: str | None = None
    outcome: tuple[str, ...] = ()
    threshold: str | None = None
    regimes: tuple[RegimeSpec, ...] = ()
