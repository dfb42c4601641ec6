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


def _check_order(order: Sequence[str]) -> None:
    unknown = [c for c in order if c not in CRITERIA]
    if unknown:
        raise ScenarioError(
            f"unknown criterion {unknown[0]!r}; expected one of: {', '.join(sorted(CRITERIA))}"
        )


@dataclass(frozen=True)
class _Standing:
    """What the criteria need to know about the equilibria (indices into ``eqs``)."""

    eqs: tuple[Equilibrium, ...]
    pays: list[tuple[Fraction, ...]]
    d: tuple[Fraction, ...] | None
    strict_pure: list[int]
    risk_applies: bool
    dev: list[Fraction | None]
    nash: list[Fraction | None]
    dominated_by: list[tuple[int, ...]]
    undominated: list[int]
    payoff_dominant: int | None
    risk_tie: bool
    risk_dominant: int | None
    welfare: dict[int, Fraction]
    welfare_ranking: list[int]
    np_ranking: list[int] | None


def _deviation_products(
    game: NormalFormGame, eqs: tuple[Equilibrium, ...], strict: list[bool]
) -> tuple[list[int], bool, list[Fraction | None]]:
    """The strict pure equilibria, whether risk dominance applies, and the deviation-loss
    products (``None`` where it does not apply)."""
    a, b = exact_matrices(game)
    dev: list[Fraction | None] = [None] * len(eqs)
    strict_pure = [k for k in range(len(eqs)) if strict[k]]
    risk_applies = game.shape == (2, 2) and len(strict_pure) == 2
    if risk_applies:
        for k in strict_pure:
            i, j = eqs[k].pure_profile()  # type: ignore[misc]
            dev[k] = (a[i][j] - a[1 - i][j]) * (b[i][j] - b[i][1 - j])
    return strict_pure, risk_applies, dev


def _payoff_dominant(pays: list[tuple[Fraction, ...]], undominated: list[int]) -> int | None:
    return next(
        (
            k
            for k in undominated
            if all(pays[m] == pays[k] or _dominates(pays[k], pays[m]) for m in range(len(pays)))
        ),
        None,
    )


def _standing(
    game: NormalFormGame,
    eqs: tuple[Equilibrium, ...],
    disagreement: tuple[Any, Any] | None,
    strict: list[bool],
) -> _Standing:
    """Every equilibrium's payoffs, dominance, deviation-loss product, welfare and Nash product."""
    pays = [tuple(Fraction(p) for p in e.payoffs) for e in eqs]
    d = None if disagreement is None else tuple(Fraction(v) for v in disagreement)
    strict_pure, risk_applies, dev = _deviation_products(game, eqs, strict)
    nash: list[Fraction | None] = [None] * len(eqs)
    if d is not None:
        nash = [
            (u[0] - d[0]) * (u[1] - d[1]) if u[0] >= d[0] and u[1] >= d[1] else None for u in pays
        ]
    dominated_by = [
        tuple(m for m in range(len(eqs)) if _dominates(pays[m], pays[k])) for k in range(len(eqs))
    ]
    undominated = [k for k in range(len(eqs)) if not dominated_by[k]]
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
    return _Standing(
        eqs=eqs,
        pays=pays,
        d=d,
        strict_pure=strict_pure,
        risk_applies=risk_applies,
        dev=dev,
        nash=nash,
        dominated_by=dominated_by,
        undominated=undominated,
        payoff_dominant=_payoff_dominant(pays, undominated),
        risk_tie=risk_tie,
        risk_dominant=risk_dominant,
        welfare=welfare,
        welfare_ranking=welfare_ranking,
        np_ranking=np_ranking,
    )


def _apply(c: str, s: _Standing) -> tuple[int, str] | None:
    """The equilibrium criterion ``c`` singles out, and why (``None`` if it singles out none)."""
    if c == "pareto" and s.payoff_dominant is not None:
        return (
            s.payoff_dominant,
            f"equilibrium {s.payoff_dominant} Pareto-dominates every other equilibrium",
        )
    if c == "risk" and s.risk_dominant is not None:
        loser = next(k for k in s.strict_pure if k != s.risk_dominant)
        return (
            s.risk_dominant,
            (
                f"equilibrium {s.risk_dominant} risk-dominates {loser}: deviation-loss product "
                f"{s.dev[s.risk_dominant]} > {s.dev[loser]}"
            ),
        )
    if c == "nash_product" and s.np_ranking:
        ranked = [k for k in s.np_ranking if k in s.undominated]
        best = _unique_best(ranked, {k: s.nash[k] for k in ranked})  # type: ignore[misc]
        if best is not None:
            return (
                best,
                f"largest Nash product {s.nash[best]} relative to d = {s.d} among undominated equilibria",
            )
    elif c == "welfare":
        ranked = [k for k in s.welfare_ranking if k in s.undominated]
        best = _unique_best(ranked, s.welfare)
        if best is not None:
            return best, f"largest joint welfare {s.welfare[best]} among undominated equilibria"
    return None


def _choose(s: _Standing, order: Sequence[str]) -> tuple[int | None, str, str]:
    """The chosen equilibrium, the criterion that chose it and why, trying ``order`` in turn."""
    if len(s.eqs) == 1:
        return 0, "unique", "the game has a single equilibrium"
    for c in order:
        found = _apply(c, s)
        if found is not None:
            return found[0], c, found[1]
    return None, "none", "no criterion in the order singles out one equilibrium"


def _notes(s: _Standing) -> list[str]:
    notes = []
    if (
        s.risk_applies
        and s.payoff_dominant is not None
        and s.risk_dominant not in (None, s.payoff_dominant)
    ):
        notes.append(
            f"payoff dominance ({s.payoff_dominant}) and risk dominance ({s.risk_dominant}) disagree"
        )
    if s.risk_tie:
        notes.append(
            f"risk dominance is tied: both deviation-loss products are {s.dev[s.strict_pure[0]]}"
        )
    return notes


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
    _check_order(order)
    eqs = tuple(solve(game).equilibria if equilibria is None else equilibria)
    if not eqs:
        raise ScenarioError("no equilibria to select from")
    a, b = exact_matrices(game)
    strict = [_strict(a, b, e) for e in eqs]
    s = _standing(game, eqs, disagreement, strict)
    assessments = tuple(
        EquilibriumAssessment(
            k, e, strict[k], s.dominated_by[k], sum(s.pays[k], Fraction(0)), s.nash[k], s.dev[k]
        )
        for k, e in enumerate(eqs)
    )
    chosen, criterion, reason = _choose(s, order)
    return Selection(
        assessments=assessments,
        chosen=chosen,
        criterion=criterion,
        reason=reason,
        payoff_dominant=s.payoff_dominant,
        risk_dominant=s.risk_dominant,
        risk_tie=s.risk_tie,
        welfare_ranking=tuple(s.welfare_ranking),
        nash_product_ranking=None if s.np_ranking is None else tuple(s.np_ranking),
        diagnostics=tuple(_notes(s)),
    )
