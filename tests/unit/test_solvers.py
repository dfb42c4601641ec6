"""The solvers: exact enumeration, nashpy behind verification, dominance, structure, dispatch."""

from __future__ import annotations

import warnings
from fractions import Fraction as F

import pytest

from gametheory import SOLVERS, DegenerateGameWarning, NormalFormGame, UnsupportedGameError, solve
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work
from gametheory.solvers.structure import dominated_actions


def strategies(result) -> list[tuple[tuple[F, ...], tuple[F, ...]]]:
    return [e.strategies for e in result.equilibria]


def fr(*values: str | int) -> tuple[F, ...]:
    return tuple(F(v) for v in values)


# -- Three games where nashpy alone goes wrong ------------------------------------------------

# von Stengel (2007), AGT ch. 3, the degenerate variant of the 3x2 example: the row player's
# T is a best response to every y with y_l >= 2/3, and against T the column player is
# indifferent, so (T, y) is an equilibrium for all y in conv{(1, 0), (2/3, 1/3)}; plus the
# isolated ((0, 1/3, 2/3), (1/3, 2/3)). nashpy's support enumeration and Lemke-Howson miss the
# extreme point (T, (2/3, 1/3)).
DEGENERATE_3X2 = NormalFormGame.from_matrices([[3, 3], [2, 5], [0, 6]], [[3, 3], [2, 6], [3, 1]])

# Row payoffs all zero (hand derivation): the row player is always indifferent; the column
# player's values against x = (p, 1-p) are p, 3(1-p), 1+p, so column 2 is best for p > 1/2,
# column 1 for p < 1/2, both at p = 1/2. One connected continuum with 4 extreme equilibria.
# nashpy's vertex enumeration crashes (TypeError) on it.
ZERO_ROW = NormalFormGame.from_matrices([[0, 0, 0], [0, 0, 0]], [[1, 0, 2], [0, 3, 1]])

# Row payoffs constant (hand derivation): the column player's values against (p, 1-p) are
# p + 3(1-p) and 2p, equal at p = 3/4. nashpy's support enumeration finds 2 of the 4 extreme
# equilibria, Lemke-Howson 1.
CONSTANT_ROW = NormalFormGame.from_matrices([[1, 1], [1, 1]], [[1, 2], [3, 0]])


def test_degenerate_3x2_exact() -> None:
    res = solve(DEGENERATE_3X2)
    assert res.method == "exact" and res.exact and res.complete and res.degenerate
    assert strategies(res) == [
        (fr(1, 0, 0), fr(1, 0)),
        (fr(1, 0, 0), fr("2/3", "1/3")),
        (fr(0, "1/3", "2/3"), fr("1/3", "2/3")),
    ]
    assert [e.payoffs for e in res.equilibria] == [(3, 3), (3, 3), (4, F(8, 3))]
    assert [c.equilibria for c in res.components] == [(0, 1), (2,)]
    assert [c.equilibria for c in res.cliques] == [(0, 1), (2,)]
    assert res.cliques[0].row_strategies == (fr(1, 0, 0),)
    assert res.cliques[0].column_strategies == (fr(1, 0), fr("2/3", "1/3"))


@pytest.mark.parametrize("method", ["support_enumeration", "lemke_howson"])
def test_nashpy_misses_are_reported_not_hidden(method: str) -> None:
    with pytest.warns(DegenerateGameWarning):
        res = solve(DEGENERATE_3X2, method)
    assert not res.complete and res.degenerate
    assert (fr(1, 0, 0), fr("2/3", "1/3")) not in strategies(res)
    assert any("missed 1 of the 3 extreme equilibria" in d for d in res.diagnostics)


def test_zero_row_payoffs_exact_and_vertex_enumeration_crash_is_a_diagnostic() -> None:
    res = solve(ZERO_ROW)
    assert strategies(res) == [
        (fr(1, 0), fr(0, 0, 1)),
        (fr(0, 1), fr(0, 1, 0)),
        (fr("1/2", "1/2"), fr(0, 1, 0)),
        (fr("1/2", "1/2"), fr(0, 0, 1)),
    ]
    assert [c.equilibria for c in res.components] == [(0, 1, 2, 3)]
    with pytest.warns(DegenerateGameWarning):
        vertex = solve(ZERO_ROW, "vertex_enumeration")
    assert vertex.equilibria == () and not vertex.complete
    assert any("nashpy vertex_enumeration failed" in d for d in vertex.diagnostics)


def test_constant_row_payoffs() -> None:
    res = solve(CONSTANT_ROW)
    assert strategies(res) == [
        (fr(1, 0), fr(0, 1)),
        (fr(0, 1), fr(1, 0)),
        (fr("3/4", "1/4"), fr(1, 0)),
        (fr("3/4", "1/4"), fr(0, 1)),
    ]
    assert res.degenerate and len(res.components) == 1
    with pytest.warns(DegenerateGameWarning):
        assert len(solve(CONSTANT_ROW, "support_enumeration").equilibria) == 2


def test_all_payoffs_equal_every_pure_profile_one_component() -> None:
    res = solve(NormalFormGame.from_matrices([[7] * 3] * 2, [[7] * 3] * 2))
    assert len(res.equilibria) == 6 and all(e.pure for e in res.equilibria)
    assert [c.equilibria for c in res.components] == [tuple(range(6))]
    assert len(res.cliques) == 1  # every strategy pair is an equilibrium: one convex set


def test_duplicated_strategy() -> None:
    # Matching pennies with the row player's Heads duplicated: the equilibrium set is the
    # segment of row mixtures putting 1/2 on {H, H'} and 1/2 on T (Osborne 2004, §4.1 + a copy).
    res = solve(
        NormalFormGame.from_matrices([[1, -1], [1, -1], [-1, 1]], [[-1, 1], [-1, 1], [1, -1]])
    )
    assert strategies(res) == [
        (fr("1/2", 0, "1/2"), fr("1/2", "1/2")),
        (fr(0, "1/2", "1/2"), fr("1/2", "1/2")),
    ]
    assert res.degenerate and [c.equilibria for c in res.components] == [(0, 1)]


def test_non_degenerate_nashpy_methods_agree_with_exact() -> None:
    # Battle of the sexes, Osborne (2004) ex. 18.2.
    game = NormalFormGame.from_matrices([[2, 0], [0, 1]], [[1, 0], [0, 2]])
    exact = strategies(solve(game, "exact"))
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no degeneracy warning on a non-degenerate game
        for method in ("support_enumeration", "vertex_enumeration"):
            res = solve(game, method)
            assert strategies(res) == exact and res.complete and res.degenerate is False
            assert [c.equilibria for c in res.components] == [(0,), (1,), (2,)]


# -- Dominance ----------------------------------------------------------------------------------


def test_strict_dominance_by_a_mixed_strategy() -> None:
    # Row 2 is dominated by no pure strategy but by (1/2, 1/2, 0): 3/2 > 1 in both columns.
    # (Fudenberg & Tirole 1991, §2.1, the standard example.)
    a = [[F(3), F(0)], [F(0), F(3)], [F(1), F(1)]]
    b = [[F(0), F(0)], [F(0), F(0)], [F(0), F(0)]]
    [d] = [d for d in dominated_actions(a, b) if d.player == 0]
    assert (d.action, d.kind) == (2, "strict")
    assert sum(p * a[k][j] for k, p in enumerate(d.by) for j in [0]) > 1
    assert all(sum(p * a[k][j] for k, p in enumerate(d.by)) > a[2][j] for j in range(2))


def test_weak_dominance() -> None:
    # Column R is weakly dominated by L: equal against U, better against D.
    res = solve(NormalFormGame.from_matrices([[1, 1], [0, 0]], [[1, 1], [2, 1]]))
    kinds = {(d.player, d.action): (d.kind, d.by) for d in res.dominated}
    assert kinds[(1, 1)] == ("weak", fr(1, 0))
    assert kinds[(0, 1)] == ("strict", fr(1, 0))


def test_duplicates_are_not_dominated() -> None:
    a = [[F(1), F(0)], [F(1), F(0)]]
    assert [d for d in dominated_actions(a, a) if d.player == 0] == []


# -- Dispatch and errors ------------------------------------------------------------------------


def test_solvers_registry_and_unknown_method() -> None:
    assert sorted(SOLVERS) == [
        "auto",
        "exact",
        "exact_bases",
        "gambit-enumpoly",
        "lemke_howson",
        "pure",
        "support_enumeration",
        "vertex_enumeration",
    ]
    with pytest.raises(
        ValueError,
        match=r"unknown method .magic.; expected one of: auto, exact, exact_bases, gambit-enumpoly, "
        r"lemke_howson, pure",
    ):
        solve(CONSTANT_ROW, "magic")


def test_auto_uses_exact_within_the_documented_size() -> None:
    assert exact_work(8, 8) <= EXACT_SIZE_LIMIT < exact_work(8, 9)
    assert solve(CONSTANT_ROW).method == "exact"


def test_symbolic_and_irrational_games_are_refused_clearly() -> None:
    import sympy as sp

    t = sp.Symbol("T")
    with pytest.raises(UnsupportedGameError, match=r"symbolic payoffs \(T\)"):
        solve(NormalFormGame.from_matrices([[t, 0], [0, 1]], [[1, 0], [0, 1]]))
    with pytest.raises(UnsupportedGameError, match="not a rational number"):
        solve(NormalFormGame.from_matrices([[sp.sqrt(2), 0], [0, 1]], [[1, 0], [0, 1]]))


def test_scenario_values_pass_through_solve() -> None:
    from gametheory import load_scenario

    res = solve(load_scenario("stag_hunt"), values={"h": "2"})
    # Mixed equilibrium: each hunts the stag with probability h/s = 2/4 (Skyrms 2004).
    assert res.equilibria[-1].strategies == (fr("1/2", "1/2"), fr("1/2", "1/2"))
    with pytest.raises(TypeError):
        solve(CONSTANT_ROW, values={"h": 1})


def test_solve_records_scenario_parameters() -> None:
    from gametheory import load_scenario
    from gametheory.report import solve_record

    sc = load_scenario("warrant_screening")
    res = solve(sc, values={"k": "1/2"})
    assert dict(res.parameters)["k"] == F(1, 2)
    assert solve_record(res, sc)["parameters"]["k"] == "1/2"


def test_nashpy_degeneracy_guess_is_corrected_by_the_exact_check() -> None:
    # A non-degenerate game on which nashpy's support enumeration finds no equilibrium (an
    # off-support payoff difference of about -1e-17) and then guesses degeneracy.
    import numpy as np

    rng = np.random.default_rng(0)
    for _ in range(200):
        a, b = rng.integers(-9, 10, (3, 3)), rng.integers(-9, 10, (3, 3))
        game = NormalFormGame.from_matrices((a / 10).tolist(), (b / 10).tolist())
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DegenerateGameWarning)
            res = solve(game, "support_enumeration")
        if res.degenerate is False and not res.complete:
            assert not any(
                d.startswith("nashpy warning") and "degenerate" in d for d in res.diagnostics
            )
            assert (
                "nashpy suspected degeneracy, but the exact check finds the game non-degenerate"
                in res.diagnostics
            )
            return
    pytest.skip("no such game among the samples")
