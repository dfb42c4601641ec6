"""N-player strategic form: the model, the exact solver, its literature values and properties.

Literature cases:

* McKelvey & McLennan (1997), "The maximal number of regular totally mixed Nash equilibria",
  JET 72: the 2x2x2 example of Gambit's catalogue (``tests/data/gambit/2x2x2.nfg``) with nine
  equilibria, two totally mixed; the nine profiles are those of Gambit's own regression test
  (gambitproject/gambit ``tests/test_nash.py::test_enumpoly_unordered_behavior``).
* Nau, Gomez Canovas & Hansen (2004), "On the geometry of Nash equilibria and correlated
  equilibria", IJGT 32: a 2x2x2 game with three pure equilibria and a continuum of completely
  mixed equilibria (Gambit's ``catalog/nau2004/2x2x2.nfg``).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from oracle import pygambit_api

from gametheory import load_scenario, solve_scenario
from gametheory.exceptions import UnsupportedGameError
from gametheory.model.nplayer import NPlayerGame
from gametheory.solvers.nplayer import (
    NPLAYER_DEGREE_LIMIT,
    NPLAYER_SUPPORT_LIMIT,
    check_exact_size,
    is_nash_nplayer,
    solve_nplayer_exact,
    solve_nplayer_pure,
)
from gametheory.solvers.nplayer_dispatch import solve_nplayer

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit"


def _game(name: str) -> NPlayerGame:
    model = load_scenario(DATA / name).model
    assert model is not None and model[0] == "nplayer"
    game = model[1]
    assert isinstance(game, NPlayerGame)
    return game


def _fr(eq) -> list[list[F]]:
    return [[F(int(p.p), int(p.q)) for p in s] for s in eq.strategies]


# -- literature values --------------------------------------------------------------------------

#: The nine equilibria of the McKelvey-McLennan game (player 1's, 2's, 3's first strategy
#: probability listed as [p, 1 - p] for each player).
MCKELVEY_MCLENNAN = [
    [["2/5", "3/5"], ["1/2", "1/2"], ["1/3", "2/3"]],
    [["1/2", "1/2"], ["2/5", "3/5"], ["1/4", "3/4"]],
    [["1/2", "1/2"], ["1/2", "1/2"], [1, 0]],
    [["1/3", "2/3"], [1, 0], ["1/4", "3/4"]],
    [[1, 0], [1, 0], [1, 0]],
    [[1, 0], [0, 1], [0, 1]],
    [[0, 1], ["1/4", "3/4"], ["1/3", "2/3"]],
    [[0, 1], [1, 0], [0, 1]],
    [[0, 1], [0, 1], [1, 0]],
]


def test_mckelvey_mclennan_nine_equilibria_exactly() -> None:
    res = solve_nplayer_exact(_game("2x2x2.nfg"))
    expected = sorted([[[F(str(p)) for p in s] for s in eq] for eq in MCKELVEY_MCLENNAN])
    assert sorted(_fr(e) for e in res.equilibria) == expected
    assert res.complete and not res.continua
    assert all(e.exactness == "rational" for e in res.equilibria)
    totally_mixed = [e for e in res.equilibria if all(len(s) == 2 for s in e.supports)]
    assert len(totally_mixed) == 2
    # Payoffs of the totally mixed equilibrium (1/2, 2/5, 1/4), by hand: player 1 is
    # indifferent, 9 q r = 3 (1 - q)(1 - r) ... = 9/4.
    eq = next(e for e in totally_mixed if e.strategies[0][0] == sp.Rational(1, 2))
    assert eq.payoffs == (sp.Rational(9, 4), sp.Rational(5, 2), sp.Integer(3))


def test_nau_continuum_is_reported_not_dropped() -> None:
    res = solve_nplayer_exact(_game("nau2004_2x2x2.nfg"))
    assert [e.pure_profile() for e in res.equilibria] == [(0, 1, 0), (1, 0, 0), (1, 1, 1)]
    assert not res.complete
    full = [c for c in res.continua if all(len(s) == 2 for s in c.supports)]
    assert len(full) == 1 and full[0].dimension == 1
    sample = full[0].sample
    assert sample is not None and is_nash_nplayer(_game("nau2004_2x2x2.nfg"), sample.strategies)
    assert any("continuum" in d for d in res.diagnostics)


def _sqrt_game() -> NPlayerGame:
    """A 2x2x2 game built by hand so that the totally mixed equilibrium is irrational.

    With p, q, r the probabilities of each player's first action: player 1 gains 2 at
    (0, 0, 0) and 1 from its second action (indifferent iff 2 q r = 1); player 2 gets
    [player 1 plays 0] from its first action and [player 3 plays 0] from its second
    (indifferent iff p = r); player 3 gets [player 2 plays 0] from its first action and
    [player 1 plays 0] from its second (indifferent iff q = p). So p = q = r = sqrt(2)/2, with
    payoffs (1, sqrt(2)/2, sqrt(2)/2).
    """

    def pay(a: tuple[int, ...]) -> tuple[int, int, int]:
        i, j, k = a
        u1 = (2 if (j, k) == (0, 0) else 0) if i == 0 else 1
        u2 = int(i == 0) if j == 0 else int(k == 0)
        u3 = int(j == 0) if k == 0 else int(i == 0)
        return (u1, u2, u3)

    return NPlayerGame.from_function(("P1", "P2", "P3"), (("a", "b"),) * 3, pay)


def test_irrational_equilibrium_is_a_certified_algebraic_number() -> None:
    res = solve_nplayer_exact(_sqrt_game())
    mixed = [e for e in res.equilibria if all(len(s) == 2 for s in e.supports)]
    assert len(mixed) == 1
    eq = mixed[0]
    assert eq.exactness == "algebraic"
    half_root = sp.sqrt(2) / 2
    for s in eq.strategies:
        assert sp.simplify(s[0] - half_root) == 0 and sp.simplify(s[1] - (1 - half_root)) == 0
    assert [
        sp.simplify(u - v) for u, v in zip(eq.payoffs, (1, half_root, half_root), strict=True)
    ] == [0] * 3


# -- the bundled scenario ---------------------------------------------------------------------


def test_federal_three_counties_by_hand() -> None:
    # Hand derivation at the defaults (c = 1, s = 1, r = 2, q = 3/2, a = 3, m = 4), h the
    # probability that each county honors, rho that the agency reimburses:
    #  * Reimburse: a county is indifferent iff r - c - 2 s (1 - h) = 0, h = 1/2; the agency
    #    keeps reimbursing since 3 h (a - r) = 3/2 > 3 h a - m = 1/2.
    #  * Pressure: indifferent iff -c - 2 s (1 - h) = -q, h = 3/4.
    #  * Agency mixing: indifferent iff 3 h (a - r) = 3 h a - m, h = m / (3 r) = 2/3; counties
    #    indifferent iff rho r - c - 2 s / 3 = -(1 - rho) q, rho = 1/3.
    res = solve_scenario(load_scenario("federal_three_counties")).result
    got = {tuple(tuple(str(p) for p in s) for s in e.strategies) for e in res.equilibria}
    h = lambda x: (x, str(1 - sp.Rational(x)))  # noqa: E731
    assert got == {
        (("1", "0"), *[h("0")] * 3),
        (("0", "1"), *[h("1")] * 3),
        (("1", "0"), *[h("1/2")] * 3),
        (("1/3", "2/3"), *[h("2/3")] * 3),
        (("0", "1"), *[h("3/4")] * 3),
    }
    assert res.complete


# -- oracles and properties -------------------------------------------------------------------


def _pure_oracle(shape: tuple[int, ...], pay: dict[tuple[int, ...], tuple[int, ...]]) -> set:
    """Independent brute force: a profile is an equilibrium iff no unilateral switch gains."""
    found = set()
    for profile in itertools.product(*(range(n) for n in shape)):
        stable = True
        for k, n in enumerate(shape):
            for b in range(n):
                other = list(profile)
                other[k] = b
                if pay[tuple(other)][k] > pay[profile][k]:
                    stable = False
        if stable:
            found.add(profile)
    return found


@st.composite
def nplayer_games(draw, max_players: int = 3, max_actions: int = 2):
    n = draw(st.integers(3, max_players))
    shape = tuple(draw(st.integers(1, max_actions)) for _ in range(n))
    palette = draw(st.lists(st.integers(-2, 2), min_size=2, max_size=4))
    pay = {
        p: tuple(draw(st.sampled_from(palette)) for _ in range(n))
        for p in itertools.product(*(range(k) for k in shape))
    }
    return shape, pay


def _build(shape, pay) -> NPlayerGame:
    players = tuple(f"P{k}" for k in range(len(shape)))
    actions = tuple(tuple(f"a{i}" for i in range(n)) for n in shape)
    return NPlayerGame.from_function(players, actions, lambda p: pay[p])


@settings(max_examples=40, deadline=None)
@given(nplayer_games(max_players=4, max_actions=3))
def test_pure_solver_matches_the_brute_force_oracle(case) -> None:
    shape, pay = case
    res = solve_nplayer_pure(_build(shape, pay))
    assert {e.pure_profile() for e in res.equilibria} == _pure_oracle(shape, pay)


def _regret(game: NPlayerGame, strategies) -> list[sp.Expr]:
    """Every player's largest gain from a pure deviation, computed from the table directly."""
    out = []
    for k in range(game.n_players):
        values = []
        for b in range(game.shape[k]):
            total = sp.S.Zero
            for profile in game.profiles():
                if profile[k] != b:
                    continue
                weight = sp.S.One
                for j, a in enumerate(profile):
                    if j != k:
                        weight *= strategies[j][a]
                total += weight * game.payoff(profile)[k]
            values.append(total)
        mine = sum(p * v for p, v in zip(strategies[k], values, strict=True))
        out.append(max(v - mine for v in values))
    return out


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(nplayer_games())
def test_every_reported_equilibrium_is_a_mutual_best_response(case) -> None:
    shape, pay = case
    game = _build(shape, pay)
    res = solve_nplayer_exact(game)
    assert {e.pure_profile() for e in res.pure_equilibria} == _pure_oracle(shape, pay)
    for eq in [*res.equilibria, *(c.sample for c in res.continua if c.sample is not None)]:
        for s in eq.strategies:
            assert sp.simplify(sum(s) - 1) == 0 and all(sp.N(p, 50) >= 0 for p in s)
        if eq.exactness == "rational":
            assert is_nash_nplayer(game, eq.strategies)
            assert all(r <= 0 for r in _regret(game, eq.strategies))
        else:  # exact algebraic numbers: the regret is zero or negative to 60 digits
            assert all(sp.N(r, 60) <= sp.Float("1e-50") for r in _regret(game, eq.strategies))


# -- dispatch, limits, errors -----------------------------------------------------------------


def test_unknown_method_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="expected one of: auto, exact, gambit-enumpoly, pure"):
        solve_nplayer(_sqrt_game(), "lemke_howson")


def test_too_large_game_is_refused_clearly() -> None:
    big = NPlayerGame.from_function(("A", "B", "C"), (tuple("abcde"),) * 3, lambda p: (0, 0, 0))
    with pytest.raises(UnsupportedGameError, match=r"too large for method 'exact'.*--method pure"):
        solve_nplayer_exact(big)
    assert NPLAYER_SUPPORT_LIMIT < 31**3
    assert len(solve_nplayer_pure(big).equilibria) == 125  # every profile: all indifferent


def test_symbolic_payoffs_are_refused() -> None:
    x = sp.Symbol("x")
    g = NPlayerGame.from_function(("A", "B", "C"), (("a",),) * 3, lambda p: (x, 0, 0))
    with pytest.raises(UnsupportedGameError, match=r"symbolic payoffs \(x\)"):
        solve_nplayer_exact(g)


def test_pygambit_enumpoly_finds_the_same_equilibria() -> None:
    gbt = pygambit_api(16)
    game = gbt.read_nfg(str(DATA / "2x2x2.nfg"))
    theirs = gbt.nash.enumpoly_solve(game, use_strategic=True).equilibria
    theirs_float = sorted(
        [round(float(eq[s]), 9) for p in game.players for s in p.strategies] for eq in theirs
    )
    ours = solve_nplayer_exact(_game("2x2x2.nfg")).equilibria
    ours_float = sorted([round(float(p), 9) for s in e.strategies for p in s] for e in ours)
    assert ours_float == theirs_float
    via_cli = solve_nplayer(_game("2x2x2.nfg"), "gambit-enumpoly")
    assert sorted(_fr(e) for e in via_cli.equilibria) == sorted(_fr(e) for e in ours)


def test_missing_pygambit_is_one_clear_line(monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pygambit", None)  # import pygambit raises ImportError
    with pytest.raises(UnsupportedGameError, match=r"needs the optional package pygambit"):
        solve_nplayer(_sqrt_game(), "gambit-enumpoly")


def test_gambit_enumpoly_on_two_player_games_is_verified_exactly() -> None:
    pygambit_api(16)
    from gametheory import solve

    sc = load_scenario("battle_of_the_sexes")
    # Osborne (2004), ex. 18.2 with payoffs 2/1/0: (A, A), (B, B) and ((2/3, 1/3), (1/3, 2/3)).
    theirs = solve(sc, method="gambit-enumpoly")
    ours = solve(sc, method="exact")
    assert [e.strategies for e in theirs.equilibria] == [e.strategies for e in ours.equilibria]
    assert theirs.method == "gambit-enumpoly" and not theirs.complete


def test_without_spillovers_honoring_is_dominant_and_the_answer_is_complete() -> None:
    # s = 0: honoring pays r - c = 1 > 0 under reimbursement and -c = -1 > -q = -3/2 under
    # pressure, whatever the neighbours do, so every county honors; the agency then presses
    # (3a - m = 5 > 3(a - r) = 3). The supports where counties mix have positive-dimensional
    # indifference equations that force the agency's probability outside (0, 1): they are
    # excluded exactly, so the result is complete.
    res = solve_scenario(load_scenario("federal_three_counties"), {"s": 0}).result
    assert [e.pure_profile() for e in res.equilibria] == [(1, 0, 0, 0)]
    assert res.complete and not res.diagnostics


def test_many_players_are_refused_by_the_degree_of_their_equations() -> None:
    # Measured (benchmarks/README.md): a random 2x2x2x2x2 game (5 unknowns, equations of degree
    # 4: 20) and a 3x3x3x3 game (8 x 3 = 24) did not finish in minutes; 3x3x2x2 (6 x 3 = 18)
    # solves in about a second, so it stays accepted.
    def zeros(n: int) -> Callable[[tuple[int, ...]], tuple[int, ...]]:
        return lambda p: (0,) * n

    five = NPlayerGame.from_function(tuple("ABCDE"), (("a", "b"),) * 5, zeros(5))
    with pytest.raises(UnsupportedGameError, match=r"5 x 4 = 20 .*\(limit 18\)"):
        solve_nplayer_exact(five)
    ok = NPlayerGame.from_function(
        tuple("ABCD"), (("a", "b", "c"),) * 2 + (("a", "b"),) * 2, zeros(4)
    )
    check_exact_size(ok, "exact")  # 6 unknowns x degree 3 = 18: within the limit
    assert NPLAYER_DEGREE_LIMIT == 18
