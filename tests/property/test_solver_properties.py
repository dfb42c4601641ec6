"""Properties of the two-player solvers on random games, checked against the independent oracle.

The games come from :func:`tests.strategies.bimatrix_games` (2 x 2 to 5 x 5, integer payoffs in
[-3, 3], biased towards degenerate games: ties, duplicated actions, indifferent players) and
:func:`tests.strategies.generic_bimatrix_games` (wide payoff range, filtered to non-degenerate
games). Every comparison is exact. ``GT_PROPERTY_EXAMPLES`` scales the number of examples.
"""

from __future__ import annotations

import os
import signal
import warnings
from typing import Any

import oracle as orc
import pytest
from hypothesis import HealthCheck, assume, given, settings
from strategies import bimatrix_games, generic_bimatrix_games

from gametheory import DegenerateGameWarning, NormalFormGame, solve

EXAMPLES = int(os.environ.get("GT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
NASHPY_METHODS = ("support_enumeration", "vertex_enumeration", "lemke_howson")
TIME_LIMIT = float(os.environ.get("GT_SOLVE_TIME_LIMIT", "30"))  # seconds per solve() call

Game = tuple[list[list[int]], list[list[int]]]


class _TimeLimit(BaseException):
    """Raised by the alarm; not an Exception, so ``except Exception`` in the solver lets it pass."""


def _solve(game: Game, method: str | None = None, seconds: float = TIME_LIMIT) -> Any:
    """``solve`` on the game, failing (instead of hanging the suite) after ``seconds``.

    nashpy's lemke_howson can pivot forever (see test_lemke_howson_terminates_on_a_cycling_game);
    its loop is pure Python, so SIGALRM interrupts it. The failure is raised after the ``try``
    statement, outside exception handling and without a traceback (the interrupted frames can carry
    ``tb_lineno=None``, which pytest cannot format). No time limit where SIGALRM does not exist.
    """
    a, b = game
    g = NormalFormGame.from_matrices(a, b)
    alarm = hasattr(signal, "SIGALRM")

    def handler(signum: int, frame: Any) -> None:
        raise _TimeLimit

    old = signal.signal(signal.SIGALRM, handler) if alarm else None
    timed_out = False
    try:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, seconds)
        with warnings.catch_warnings():
            # nashpy-based methods warn (by design) that they may miss equilibria of degenerate
            # games
            warnings.simplefilter("ignore", DegenerateGameWarning)
            return solve(g) if method is None else solve(g, method=method)
    except _TimeLimit:
        timed_out = True
    finally:
        if alarm:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, old)
    if timed_out:
        pytest.fail(
            f"solve(method={method!r}) on A={a}, B={b} did not finish within {seconds} s",
            pytrace=False,
        )


def _profiles(res: Any) -> list[orc.Profile]:
    return [orc.equilibrium_profile(e) for e in res.equilibria]


# (a) ----------------------------------------------------------------------------------------
@SETTINGS
@given(bimatrix_games())
def test_every_equilibrium_is_exact_and_verified(game: Game) -> None:
    a, b = game
    res = _solve(game)
    assert res.exact is True and res.complete is True and res.method == "exact"
    assert res.equilibria, f"no equilibrium found for A={a}, B={b}"
    for e in res.equilibria:
        orc.check_equilibrium(a, b, e)  # Fractions, probability vectors, NE, x^T A y, pure flag


# (b) + (c) ----------------------------------------------------------------------------------
@SETTINGS
@given(bimatrix_games())
def test_default_method_finds_exactly_the_extreme_equilibria(game: Game) -> None:
    a, b = game
    res = _solve(game)
    expected = orc.oracle(a, b)
    got = _profiles(res)
    assert len(got) == len(set(got)), f"duplicates for A={a}, B={b}: {got}"
    missing = set(expected.equilibria) - set(got)
    extra = set(got) - set(expected.equilibria)
    assert not missing and not extra, (
        f"A={a}, B={b}: missing {sorted(missing)}, not extreme/not expected {sorted(extra)}"
    )
    assert res.degenerate is expected.degenerate, (
        f"A={a}, B={b}: degenerate flag {res.degenerate}, oracle {expected.degenerate}"
    )


# (d) ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("method", NASHPY_METHODS)
@SETTINGS
@given(game=bimatrix_games())
def test_nashpy_methods_return_exact_equilibria(method: str, game: Game) -> None:
    a, b = game
    res = _solve(game, method)
    for e in res.equilibria:
        orc.check_equilibrium(a, b, e)
    got = _profiles(res)
    assert len(got) == len(set(got)), f"duplicates from {method} for A={a}, B={b}: {got}"
    if res.complete:
        assert set(got) == set(orc.oracle(a, b).equilibria), (method, a, b)


@SETTINGS
@given(generic_bimatrix_games())
def test_vertex_enumeration_is_complete_on_nondegenerate_games(game: Game) -> None:
    a, b = game
    expected = orc.oracle(a, b)
    assume(not expected.degenerate)
    res = _solve(game, "vertex_enumeration")
    got = _profiles(res)
    assert len(got) == len(set(got))
    assert set(got) == set(expected.equilibria), (
        f"vertex_enumeration on A={a}, B={b}: got {sorted(got)}, "
        f"expected {sorted(expected.equilibria)}"
    )
    assert res.complete is True and res.degenerate is False


@pytest.mark.parametrize("method", ["support_enumeration", "lemke_howson"])
@SETTINGS
@given(game=generic_bimatrix_games())
def test_other_nashpy_methods_are_honest_on_nondegenerate_games(method: str, game: Game) -> None:
    """nashpy's float code can miss equilibria even in non-degenerate games (its
    support_enumeration tests ``prob >= 0`` without tolerance; its lemke_howson can end on a
    non-equilibrium). Whatever it returns must be extreme equilibria, and a result that is not
    the full set must not claim to be complete."""
    a, b = game
    expected = orc.oracle(a, b)
    assume(not expected.degenerate)
    res = _solve(game, method)
    got = set(_profiles(res))
    assert got <= set(expected.equilibria), (method, a, b, sorted(got))
    if got != set(expected.equilibria):
        assert res.complete is False and res.diagnostics, (method, a, b, res.diagnostics)


def test_lemke_howson_terminates_on_a_cycling_game() -> None:
    """A non-degenerate 4 x 5 game (found by hypothesis) on which nashpy 0.0.43's
    ``Game.lemke_howson(initial_dropped_label=6)`` pivots forever. Its unique equilibrium is the
    pure profile (row 3, column 4); the solver must terminate and may only return that."""
    a = [
        [372, 549, -225, -64, 856],
        [527, -234, 509, -226, 782],
        [256, -477, -253, 184, 37],
        [-100, 256, 999, -533, 784],
    ]
    b = [
        [-345, -340, 103, 604, 272],
        [347, -275, 221, 647, -154],
        [-296, 268, 370, 999, 147],
        [256, 362, 74, 128, 213],
    ]
    expected = orc.oracle(a, b)
    assert not expected.degenerate
    assert expected.equilibria == (((0, 0, 1, 0), (0, 0, 0, 1, 0)),)
    res = _solve((a, b), "lemke_howson")
    assert set(_profiles(res)) <= set(expected.equilibria)


# (e) ----------------------------------------------------------------------------------------
@SETTINGS
@given(bimatrix_games())
def test_components_and_cliques(game: Game) -> None:
    a, b = game
    res = _solve(game)
    orc.check_components(a, b, res)  # a partition, each component a union of its cliques
    orc.check_cliques(a, b, res)  # conv(rows) x conv(columns), interchangeable
    expected = orc.oracle(a, b)
    got_components = orc.result_components(res)
    assert got_components == expected.components, (
        f"A={a}, B={b}: components {sorted(map(sorted, got_components))}, "
        f"expected {sorted(map(sorted, expected.components))}"
    )
    got_cliques = orc.result_cliques(res)
    assert got_cliques == expected.clique_equilibria(), (
        f"A={a}, B={b}: cliques {sorted(map(sorted, got_cliques))}, "
        f"expected {sorted(map(sorted, expected.clique_equilibria()))}"
    )


# dominance ------------------------------------------------------------------------------------
@SETTINGS
@given(bimatrix_games())
def test_reported_dominance_is_true_and_complete(game: Game) -> None:
    """Each Dominance is valid, and (Pearce's lemma, see tests/oracle.py) the strictly / weakly
    dominated actions are exactly those that are never a best response / never a best response
    to a completely mixed strategy."""
    a, b = game
    res = _solve(game)
    orc.check_dominance(a, b, res)
    expected = orc.oracle(a, b)
    got = {(d.player, d.action): d.kind for d in res.dominated}
    assert {k for k, v in got.items() if v == "strict"} == expected.strictly_dominated, (a, b, got)
    assert set(got) == expected.weakly_dominated, (a, b, got)


# Gambit ----------------------------------------------------------------------------------------
@SETTINGS
@given(bimatrix_games())
def test_agrees_with_gambit_enummixed(game: Game) -> None:
    orc.pygambit_api(17)
    a, b = game
    eqs, cliques = orc.gambit_enummixed(a, b)
    res = _solve(game)
    assert set(_profiles(res)) == eqs, (a, b)
    assert orc.result_cliques(res) == cliques, (a, b)
