"""Equilibrium selection: Pareto (payoff) dominance, risk dominance, welfare and Nash product.

Definitions
-----------
For equilibria ``e, e'`` of a two-player game with payoff vectors ``u(e), u(e')``:

* ``e`` **Pareto-dominates** ``e'`` when ``u_i(e) >= u_i(e')`` for both players and ``>`` for one.
  An equilibrium that Pareto-dominates every equilibrium with a different payoff vector is
  *payoff dominant* [HS1988]_.
* **Risk dominance** [HS1988]_ (defined here for 2x2 games with two strict pure equilibria, which
  then sit at opposite corners ``(i, j)`` and ``(i', j')``): the *deviation loss* of the row player
  at ``(i, j)`` is ``A[i][j] - A[i'][j]`` and the column player's is ``B[i][j] - B[i][j']``. The
  equilibrium with the larger product of the two losses risk-dominates the other; equal products
  are a tie (neither risk-dominates).
* **Joint welfare**: ``u_1 + u_2``. **Nash product** relative to a disagreement point ``d``:
  ``(u_1 - d_1)(u_2 - d_2)``, defined only for equilibria with ``u >= d``.

:func:`select_equilibria` applies the criteria in a given order (by default Harsanyi and Selten's:
payoff dominance before risk dominance, then the Nash product if ``d`` is given, then welfare) and
stops at the first that singles out one equilibrium; the record says which criterion chose it
and why, and keeps every equilibrium's flags, so a selection never hides the alternatives.

References
----------
.. [HS1988] J. C. Harsanyi and R. Selten, *A General Theory of Equilibrium Selection in Games*,
   MIT Press, 1988, §3.9 (risk dominance in 2x2 games) and §5.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from gametheory.exceptions import ScenarioError, SolverError
from gametheory.model.normal_form import NormalFormGame
from gametheory.solvers import solve
from gametheory.solvers.adapter import exact_matrices
from gametheory.solvers.result import Equilibrium

__all__ = ["CRITERIA", "EquilibriumAssessment", "Selection", "select_equilibria"]

#: The selection criteria :func:`select_equilibria` knows, in the default order.
CRITERIA: tuple[str, ...] = ("pareto", "risk", "nash_product", "welfare")


@dataclass(frozen=True)
class EquilibriumAssessment:
    """One equilibrium's standing under each criterion (``index`` into the equilibrium list)."""

    index: int
    equilibrium: Equilibrium
    strict: bool
    pareto_dominated_by: tuple[int, ...]
    welfare: Fraction
    nash_product: Fraction | None
    deviation_product: Fraction | None


@dataclass(frozen=True)
class Selection:
    """The outcome of :func:`select_equilibria`.

    Attributes
    ----------
    assessments
        Every equilibrium with its flags.
    chosen
        The index of the selected equilibrium, or ``None`` when no criterion singles one out.
    criterion
        ``"unique"``, a name from :data:`CRITERIA`, or ``"none"``.
    reason
        A sentence saying why.
    payoff_dominant, risk_dominant
        The payoff-dominant and the risk-dominant equilibrium (``None`` if there is none, or if
        risk dominance does not apply / is tied; see ``risk_tie``).
    risk_tie
        True when risk dominance applies and the two deviation-loss products are equal.
    welfare_ranking, nash_product_ranking
        Indices sorted by decreasing welfare / Nash product (the latter only for ``d`` given and
        only over equilibria with ``u >= d``).
    """

    assessments: tuple[EquilibriumAssessment, ...]
    chosen: int | None
    criterion: str
    reason: str
    payoff_dominant: int | None
    risk_dominant: int | None
    risk_tie: bool
    welfare_ranking: tuple[int, ...]
    nash_product_ranking: tuple[int, ...] | None
    method: str = "select_equilibria"
    exact: bool = True
    diagnostics: tuple[str, ...] = ()


def _dominates(u: tuple[Fraction, ...], v: tuple[Fraction, ...]) -> bool:
    return all(a >= b for a, b in zip(u, v, strict=True)) and u != v


def _strict(a: list[list[Fraction]], b: list[list[Fraction]], e: Equilibrium) -> bool:
    prof = e.pure_profile()
    if prof is None:
        return False
    i, j = prof
    return all(a[i][j] > a[k][j] for k in range(len(a)) if k != i) and all(
        b[i][j] > b[i][k] for k in range(len(b[0])) if k != j
    )


def _known(value: Fraction | None) -> Fraction:
    """A value that is set on the branch that reads it (risk deviations, Nash products)."""
    if value is None:  # pragma: no cover - the callers filter the unset ones out
        raise SolverError("an equilibrium's selection value is missing")
    return value


def _unique_best(ranking: list[int], key: dict[int, Fraction]) -> int | None:
    if not ranking or (len(ranking) > 1 and key[ranking[0]] == key[ranking[1]]):
        return None
    return ranking[0]


def select_equilibria(
    game: NormalFormGame,
    equilibria: Sequence[Equilibrium] | None = None,
    disagreement: tuple[Any, Any] | None = None,
    *,
    order: Sequence[str] = CRITERIA,
) -> Selection:
    """Flag and rank the equilibria of a game and select one, saying by which criterion.

    Parameters
    ----------
    game
        A two-player game with rational payoffs.
    equilibria
        The equilibria to compare; default ``gametheory.solve(game).equilibria``.
    disagreement
        A disagreement point for the Nash product (skipped when ``None``).
    order
        The criteria to try, a sequence of names from :data:`CRITERIA`. Welfare and the Nash
        product are applied to the Pareto-undominated equilibria only.

    Returns
    -------
    Selection

    Raises
    ------
    ValueError
        For an unknown criterion (the message lists the valid ones) or an empty list.

    Examples
    --------
    The stag hunt (s = 4, h = 3): (Stag, Stag) is payoff dominant, (Hare, Hare) risk dominant
    (deviation-loss products 1 * 1 = 1 against 3 * 3 = 9):

    >>> from gametheory import load_scenario
    >>> sel = select_equilibria(load_scenario("stag_hunt").game_at())
    >>> sel.chosen, sel.criterion, sel.payoff_dominant, sel.risk_dominant
    (0, 'pareto', 0, 1)
    >>> [a.deviation_product for a in sel.assessments]
    [Fraction(1, 1), Fraction(9, 1), None]
    >>> select_equilibria(load_scenario("stag_hunt").game_at(), order=["risk"]).chosen
    1
    """
    unknown = [c for c in order if c not in CRITERIA]
    if unknown:
        raise ScenarioError(
            f"unknown criterion {unknown[0]!r}; expected one of: {', '.join(sorted(CRITERIA))}"
        )
    eqs = tuple(solve(game).equilibria if equilibria is None else equilibria)
    if not eqs:
        raise ScenarioError("no equilibria to select from")
    a, b = exact_matrices(game)
    pays = [tuple(Fraction(p) for p in e.payoffs) for e in eqs]
    d = None if disagreement is None else tuple(Fraction(v) for v in disagreement)
    strict = [_strict(a, b, e) for e in eqs]
    dev: list[Fraction | None] = [None] * len(eqs)
    strict_pure = [k for k in range(len(eqs)) if strict[k]]
    risk_applies = game.shape == (2, 2) and len(strict_pure) == 2
    if risk_applies:
        for k in strict_pure:
            i, j = eqs[k].pure_profile()  # type: ignore[misc]
            dev[k] = (a[i][j] - a[1 - i][j]) * (b[i][j] - b[i][1 - j])
    nash: list[Fraction | None] = [None] * len(eqs)
    if d is not None:
        nash = [
            (u[0] - d[0]) * (u[1] - d[1]) if u[0] >= d[0] and u[1] >= d[1] else None for u in pays
        ]
    dominated_by = [
        tuple(m for m in range(len(eqs)) if _dominates(pays[m], pays[k])) for k in range(len(eqs))
    ]
    assessments = tuple(
        EquilibriumAssessment(
            k, e, strict[k], dominated_by[k], sum(pays[k], Fraction(0)), nash[k], dev[k]
        )
        for k, e in enumerate(eqs)
    )
    undominated = [k for k in range(len(eqs)) if not dominated_by[k]]
    payoff_dominant = next(
        (
            k
            for k in undominated
            if all(pays[m] == pays[k] or _dominates(pays[k], pays[m]) for m in range(len(eqs)))
        ),
        None,
    )
    risk_tie = risk_applies and dev[strict_pure[0]] == dev[strict_pure[1]]
    risk_dominant = None
    if risk_applies and not risk_tie:
        risk_dominant = max(strict_pure, key=lambda k: _known(dev[k]))
    welfare = {k: sum(pays[k], Fraction(0)) for k in range(len(eqs))}
    welfare_ranking = sorted(range(len(eqs)), key=lambda k: -welfare[k])
    np_ranking = None
    if d is not None:
        np_ranking = sorted(
            (k for k in range(len(eqs)) if nash[k] is not None), key=lambda k: -_known(nash[k])
        )

    chosen, criterion, reason = (
        None,
        "none",
        "no criterion in the order singles out one equilibrium",
    )
    if len(eqs) == 1:
        chosen, criterion, reason = 0, "unique", "the game has a single equilibrium"
    for c in [] if chosen is not None else order:
        if c == "pareto" and payoff_dominant is not None:
            chosen, reason = (
                payoff_dominant,
                f"equilibrium {payoff_dominant} Pareto-dominates every other equilibrium",
            )
        elif c == "risk" and risk_dominant is not None:
            loser = next(k for k in strict_pure if k != risk_dominant)
            chosen, reason = (
                risk_dominant,
                (
                    f"equilibrium {risk_dominant} risk-dominates {loser}: deviation-loss product "
                    f"{dev[risk_dominant]} > {dev[loser]}"
                ),
            )
        elif c == "nash_product" and np_ranking:
            ranked = [k for k in np_ranking if k in undominated]
            best = _unique_best(ranked, {k: nash[k] for k in ranked})  # type: ignore[misc]
            if best is not None:
                chosen, reason = (
                    best,
                    f"largest Nash product {nash[best]} relative to d = {d} among undominated equilibria",
                )
        elif c == "welfare":
            ranked = [k for k in welfare_ranking if k in undominated]
            best = _unique_best(ranked, welfare)
            if best is not None:
                chosen, reason = (
                    best,
                    f"largest joint welfare {welfare[best]} among undominated equilibria",
                )
        if chosen is not None:
            criterion = c
            break
    notes = []
    if (
        risk_applies
        and payoff_dominant is not None
        and risk_dominant not in (None, payoff_dominant)
    ):
        notes.append(
            f"payoff dominance ({payoff_dominant}) and risk dominance ({risk_dominant}) disagree"
        )
    if risk_tie:
        notes.append(
            f"risk dominance is tied: both deviation-loss products are {dev[strict_pure[0]]}"
        )
    return Selection(
        assessments=assessments,
        chosen=chosen,
        criterion=criterion,
        reason=reason,
        payoff_dominant=payoff_dominant,
        risk_dominant=risk_dominant,
        risk_tie=risk_tie,
        welfare_ranking=tuple(welfare_ranking),
        nash_product_ranking=None if np_ranking is None else tuple(np_ranking),
        diagnostics=tuple(notes),
    )
