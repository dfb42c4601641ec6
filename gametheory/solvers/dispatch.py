"""``solve``: the dispatch on ``method`` through :data:`SOLVERS`, and the result it builds.

The methods are described in :mod:`gametheory.solvers`.
"""

from __future__ import annotations

import dataclasses
import warnings
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any

from gametheory.exceptions import (
    DegenerateGameWarning,
    InputTypeError,
    ScenarioError,
    UnsupportedGameError,
)
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.nplayer import NPlayerGame
from gametheory.model.scenario import Scenario
from gametheory.solvers.adapter import FractionMatrix, exact_matrices, float_matrices
from gametheory.solvers.enumeration import (
    ENUMERATION_SIZE_LIMIT,
    EnumerationLimitError,
    dominated_by_vertices,
    enumerate_by_pivoting,
    pivoting_work,
    size_refusal,
)
from gametheory.solvers.exact import (
    EXACT_SIZE_LIMIT,
    ExtremeEquilibria,
    enumerate_extreme_equilibria,
    exact_work,
)
from gametheory.solvers.gambit_enumpoly import ROUNDING_DENOMINATOR, enumpoly_profiles
from gametheory.solvers.numeric import DEFAULT_TOL, nashpy_profiles
from gametheory.solvers.result import Clique, Component, Equilibrium, EquilibriumResult
from gametheory.solvers.structure import cliques_and_components, dominated_actions
from gametheory.solvers.verify import expected_payoffs, is_nash

__all__ = ["SOLVERS", "solve"]

Profile = tuple[tuple[Fraction, ...], tuple[Fraction, ...]]


def _normalise(point: tuple[Fraction, ...]) -> tuple[Fraction, ...]:
    total = sum(point, Fraction(0))
    return tuple(v / total for v in point)


def _sort_key(profile: Profile) -> tuple[Any, ...]:
    x, y = profile
    pure = sum(1 for p in x if p) == 1 and sum(1 for q in y if q) == 1
    return (not pure, [-p for p in x], [-q for q in y])


def _exact_structure(
    a: list[list[Fraction]],
    b: list[list[Fraction]],
    enumerate_pairs: Callable[..., ExtremeEquilibria] = enumerate_extreme_equilibria,
    dominance: set[tuple[int, int]] | None = None,
) -> tuple[list[Profile], bool, tuple[Clique, ...], tuple[Component, ...]]:
    raw = enumerate_pairs(a, b)
    if dominance is not None:  # filled in for the caller: the only actions that can be dominated
        dominance.update(dominated_by_vertices(raw, len(a), len(a[0])))
    rows = [_normalise(v.point) for v in raw.row_vertices]
    cols = [_normalise(v.point) for v in raw.column_vertices]
    order = sorted(
        range(len(raw.pairs)),
        key=lambda k: _sort_key((rows[raw.pairs[k][0]], cols[raw.pairs[k][1]])),
    )
    pairs = [raw.pairs[k] for k in order]
    profiles = [(rows[r], cols[c]) for r, c in pairs]
    cliques, components = cliques_and_components(pairs, rows, cols)
    return profiles, raw.degenerate, cliques, components


def _result(
    game: NormalFormGame,
    a: FractionMatrix,
    b: FractionMatrix,
    profiles: list[Profile],
    dominance: set[tuple[int, int]] | None = None,
    **kwargs: Any,
) -> EquilibriumResult:
    equilibria = []
    for x, y in profiles:
        if not is_nash(a, b, x, y):  # the last line of defence: nothing unverified is reported
            raise AssertionError(f"internal error: unverified profile {x}, {y}")  # pragma: no cover
        equilibria.append(Equilibrium(strategies=(x, y), payoffs=expected_payoffs(a, b, x, y)))
    # Without the polytope vertices (pure, lemke_howson), one exact LP per action is affordable
    # only for games within the exact size limit; past it only pure dominators are looked for.
    mixed = dominance is not None or exact_work(*game.shape) <= EXACT_SIZE_LIMIT
    if not mixed:
        kwargs["diagnostics"] = (
            *kwargs.get("diagnostics", ()),
            "dominance: only dominance by pure strategies was checked (the game is too large "
            "for the exact linear programs of mixed dominance)",
        )
    return EquilibriumResult(
        game=game,
        equilibria=tuple(equilibria),
        dominated=dominated_actions(a, b, dominance, mixed=mixed),
        **kwargs,
    )


def _check_size(game: NormalFormGame, method: str, work: int, limit: int) -> None:
    if work > limit:
        m, n = game.shape
        raise EnumerationLimitError(size_refusal(m, n, method, work, limit))


def _solve_exact(
    game: NormalFormGame, *, tol: float | None = None, method: str = "exact", label: str = ""
) -> EquilibriumResult:
    m, n = game.shape
    if method == "exact_bases":
        _check_size(game, label or method, exact_work(m, n), EXACT_SIZE_LIMIT)
    else:
        _check_size(game, label or method, pivoting_work(m, n), ENUMERATION_SIZE_LIMIT)
    a, b = exact_matrices(game)
    bases = method == "exact_bases"
    enumerator = enumerate_extreme_equilibria if bases else enumerate_by_pivoting
    dominance: set[tuple[int, int]] = set()
    profiles, degenerate, cliques, components = _exact_structure(a, b, enumerator, dominance)
    diagnostics = []
    if degenerate:
        diagnostics.append(
            "the game is degenerate: some mixed strategy with k actions has more than k pure best responses"
        )
    if any(not c.is_isolated for c in components):
        diagnostics.append(
            "the equilibrium set has a continuum: see the components with more than one extreme equilibrium"
        )
    return _result(
        game,
        a,
        b,
        profiles,
        dominance,
        method=method,
        exact=True,
        complete=True,
        degenerate=degenerate,
        cliques=cliques,
        components=components,
        diagnostics=tuple(diagnostics),
    )


def _nashpy_solver(method: str) -> Callable[..., EquilibriumResult]:
    def run(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
        if method != "lemke_howson":
            _check_size(game, method, exact_work(*game.shape), EXACT_SIZE_LIMIT)
        a, b = exact_matrices(game)
        af, bf = float_matrices(game)
        profiles, diagnostics = nashpy_profiles(
            method, a, b, af, bf, DEFAULT_TOL if tol is None else tol
        )
        profiles.sort(key=_sort_key)
        degenerate = None
        complete = False
        structure: dict[str, Any] = {}
        m, n = game.shape
        if exact_work(m, n) <= EXACT_SIZE_LIMIT:
            reference, degenerate, cliques, components = _exact_structure(
                a, b, enumerate_by_pivoting
            )
            missed = [p for p in reference if p not in profiles]
            if missed:
                diagnostics.append(
                    f"nashpy's {method} missed {len(missed)} of the {len(reference)} extreme equilibria "
                    "(found by method 'exact')"
                )
            complete = not missed
            if complete:  # the same set, in the same order: the exact structure applies
                structure = {"cliques": cliques, "components": components}
        if degenerate is False and any("degenerate" in d for d in diagnostics):
            diagnostics = [
                d for d in diagnostics if not (d.startswith("nashpy warning") and "degenerate" in d)
            ]
            diagnostics.append(
                "nashpy suspected degeneracy, but the exact check finds the game non-degenerate"
            )
        if degenerate:
            warnings.warn(
                f"degenerate game: nashpy's {method} may miss equilibria; use method 'exact'",
                DegenerateGameWarning,
                stacklevel=3,
            )
            diagnostics.append("the game is degenerate")
        return _result(
            game,
            a,
            b,
            profiles,
            method=method,
            exact=True,
            complete=complete,
            degenerate=degenerate,
            diagnostics=tuple(diagnostics),
            **structure,
        )

    run.__name__ = f"solve_{method}"
    run.__doc__ = f"nashpy's {method}, every profile rationalised and verified exactly."
    return run


def _solve_pure(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
    """Every pure Nash equilibrium, exactly, by checking each profile (any size)."""
    a, b = exact_matrices(game)
    m, n = game.shape
    col_best = [max(b[i][j] for j in range(n)) for i in range(m)]
    row_best = [max(a[i][j] for i in range(m)) for j in range(n)]
    profiles = [
        (
            tuple(Fraction(int(t == i)) for t in range(m)),
            tuple(Fraction(int(t == j)) for t in range(n)),
        )
        for i in range(m)
        for j in range(n)
        if a[i][j] == row_best[j] and b[i][j] == col_best[i]
    ]
    return _result(
        game,
        a,
        b,
        profiles,
        method="pure",
        exact=True,
        complete=False,
        degenerate=None,
        diagnostics=(
            "pure equilibria only: every pure equilibrium is listed, mixed ones are not computed",
        ),
    )


def _solve_exact_bases(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
    """Every extreme equilibrium by one exact square system per basis (see :mod:`.exact`)."""
    return _solve_exact(game, tol=tol, method="exact_bases")


def _solve_auto(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
    return _solve_exact(game, tol=tol, label="auto")


def _solve_gambit_enumpoly(game: NormalFormGame, *, tol: float | None = None) -> EquilibriumResult:
    """pygambit's enumpoly_solve (optional), each profile rounded and verified exactly."""
    a, b = exact_matrices(game)
    profiles: list[Profile] = []
    dropped = 0
    for found in enumpoly_profiles(NPlayerGame.from_normal_form(game)):
        x, y = (
            tuple(Fraction(p).limit_denominator(ROUNDING_DENOMINATOR) for p in s) for s in found
        )
        if is_nash(a, b, x, y) and (x, y) not in profiles:
            profiles.append((x, y))
        else:
            dropped += 1
    profiles.sort(key=_sort_key)
    notes = ["Gambit's enumpoly is not certified complete; method 'exact' is"]
    if dropped:
        notes.append(f"{dropped} profile(s) from pygambit were not exact equilibria once rounded")
    return _result(
        game, a, b, profiles, method="gambit-enumpoly", exact=True, complete=False,
        degenerate=None, diagnostics=tuple(notes),
    )  # fmt: skip


#: Solver name → function ``(game, *, tol=None) -> EquilibriumResult``.
SOLVERS: dict[str, Callable[..., EquilibriumResult]] = {
    "auto": _solve_auto,
    "exact": _solve_exact,
    "exact_bases": _solve_exact_bases,
    "support_enumeration": _nashpy_solver("support_enumeration"),
    "vertex_enumeration": _nashpy_solver("vertex_enumeration"),
    "lemke_howson": _nashpy_solver("lemke_howson"),
    "pure": _solve_pure,
    "gambit-enumpoly": _solve_gambit_enumpoly,
}


def solve(
    game: NormalFormGame | Scenario,
    method: str = "auto",
    *,
    values: Mapping[str, Any] | None = None,
    tol: float | None = None,
) -> EquilibriumResult:
    """Find the Nash equilibria of a two-player game, each verified in exact arithmetic.

    Parameters
    ----------
    game
        A numeric :class:`NormalFormGame`, or a :class:`Scenario` (solved at its defaults with
        ``values`` applied).
    method
        A key of :data:`SOLVERS`; ``"auto"`` (``"exact"``) enumerates every extreme equilibrium
        exactly, up to :data:`ENUMERATION_SIZE_LIMIT`.
    values
        Parameter values for a scenario (``{"g": "2"}``), checked against their domains.
    tol
        Probabilities below ``tol`` count as zero when reading nashpy's float output.

    Returns
    -------
    EquilibriumResult

    Raises
    ------
    ValueError
        For an unknown method (the message lists the valid ones).
    UnsupportedGameError
        For a game with symbolic or irrational payoffs.
    EnumerationLimitError
        For a game past the chosen method's size limit (a subclass of ``UnsupportedGameError``).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> res = solve(load_scenario("warrant_screening"))
    >>> [str(p) for p in res.equilibria[0].strategies[0]], res.equilibria[0].payoffs
    (['2/3', '1/3'], (Fraction(1, 1), Fraction(0, 1)))
    """
    if method not in SOLVERS:
        raise ScenarioError(
            f"unknown method {method!r}; expected one of: {', '.join(sorted(SOLVERS))}"
        )
    parameters: tuple[tuple[str, Any], ...] = ()
    if isinstance(game, Scenario):
        chosen = game.values(values)
        parameters = tuple(sorted((s.name, v) for s, v in chosen.items()))
        game = game.normal_form.subs(chosen)
    elif values:
        raise InputTypeError("values= applies to a Scenario; for a game use game.subs(...)")
    if not isinstance(game, NormalFormGame):
        raise InputTypeError(
            f"solve() takes a NormalFormGame or a Scenario, not {type(game).__name__}"
        )
    if not game.is_numeric:
        raise UnsupportedGameError(
            "the game has symbolic payoffs ("
            + ", ".join(sorted(s.name for s in game.free_symbols))
            + "); give every parameter a value first"
        )
    result = SOLVERS[method](game, tol=tol)
    return dataclasses.replace(result, parameters=parameters) if parameters else result


# The tree solvers build on solve(): imported last, re-exported here.
