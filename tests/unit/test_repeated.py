"""Tests for gametheory.repeated: model, deviation checks, finite horizons, minmax, simulation.

Hand derivations (normalised payoffs (1 - d) sum_t d^t u_t; PD with T > R > P > S; values at
Axelrod's (T, R, P, S) = (5, 3, 1, 0)):

* Grim trigger (Friedman 1971): on the path R >= (1 - d) T + d P, d >= (T - R)/(T - P) = 1/2;
  in the punishment (D, D) is a stage equilibrium, so SPE and Nash agree.
* Tit-for-tat (Axelrod 1984, ch. 2; states by the profile played): at cc, deviating starts the
  alternation cd, dc, ... worth (S + d T)/(1 + d) to the deviator, so d >= (T - R)/(R - S) = 2/3.
  At cd the cooperator (row, playing C) conforms for (S + d T)/(1 + d) or defects into dd for
  P: d >= (P - S)/(T - P); the defector conforms for (T + d S)/(1 + d) or cooperates into cc for
  R: d <= (T - R)/(R - S). At dd, P >= (1 - d) S + d (T + d S)/(1 + d): d <= (P - S)/(T - P). So
  TFT is an SPE iff d = (T - R)/(R - S) = (P - S)/(T - P): never at 5/3/1/0 (2/3 vs 1/4).
  Some tables give the cooperator's lower bound as an upper one; this is the full set. As a
  Nash equilibrium (deviation policies from the start): d >= max{(T-R)/(T-P), (T-R)/(R-S)} = 2/3.
* Tit-for-two-tats (Axelrod 1984): alternating D, C never triggers a punishment and earns
  T, R, T, R, ... > R, so it is never Nash and never subgame perfect.
* k-period punishment (Mailath & Samuelson 2006, §2.4.2): T - R <= (R - P) sum_{t=1}^k d^t;
  k = 1: 2 <= 2d, never; k = 2: d^2 + d >= 1, d >= (sqrt(5) - 1)/2; k = 3: the root of
  x^3 + x^2 + x - 1, 0.5437. Deviating during the punishment only restarts it.
* Penance (van Damme 1989): at cc deviating gives (1-d) T + d((1-d) S + d R) vs R:
  d >= (T - R)/(R - S); the repenter conforms for (1-d) S + d R or defects for
  (1-d) P + d((1-d) S + d R): d >= (P - S)/(R - S); the punisher always prefers to punish. So
  d >= max{(T - R)/(R - S), (P - S)/(R - S)} = 2/3.
* surge_pd: grim needs d >= c_L/h = 1/2 (Local) and d >= g/(a + g - p) = 1/3
  (Federal); with Federal's factor d(1 - rho), rho = 1/5: 4d/5 >= 1/3, d >= 5/12.
* Finite horizons (Benoît & Krishna 1985): the PD unravels; with two stage equilibria a carrot in
  the last round sustains cooperation before it (checked against a brute-force enumeration).
"""

from __future__ import annotations

import itertools
from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy as sp

from gametheory import load_scenario
from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.analysis import analyse_repeated, resolve_strategies
from gametheory.repeated.automata import Roles, always, library_strategy
from gametheory.repeated.delta_sets import DeltaSet, SymbolicDeltaCondition
from gametheory.repeated.deviation import check_strategies, delta_assumptions, path_values
from gametheory.repeated.finite import finite_horizon
from gametheory.repeated.game import DELTA, RepeatedGame
from gametheory.repeated.minmax import minmax
from gametheory.repeated.roles import roles
from gametheory.repeated.simulate import simulate, simulate_matches
from gametheory.symbolic.derive import scenario_assumptions

ROOT = Path(__file__).resolve().parents[2]
d = DELTA
PD = NormalFormGame.from_matrices(
    [[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D"))
)
SURGE = NormalFormGame.from_matrices(
    [[-2, -6], [0, -4]],
    [[3, 4], [0, 1]],
    players=("Local", "Federal"),
    actions=(("Cooperate", "Refuse"), ("Restrain", "Surge")),
)
ROLES = Roles("C", "D", "C", "D")
SURGE_ROLES = (
    Roles("Cooperate", "Refuse", "Restrain", "Surge"),
    Roles("Restrain", "Surge", "Cooperate", "Refuse"),
)
GOLDEN = (sp.sqrt(5) - 1) / 2


def pair(name: str) -> tuple:
    a = library_strategy(name, ROLES)
    return (a, a)


def surge_pair(name: str) -> tuple:
    return tuple(library_strategy(name, r) for r in SURGE_ROLES)


# ---------------------------------------------------------------- the model


def test_model_validation_and_mappings() -> None:
    g = RepeatedGame.common(PD)
    assert g.delta == (d, d) and g.is_common and g.delta_symbol == d
    assert RepeatedGame.from_continuation(PD, "9/10").delta == (F(9, 10), F(9, 10))
    # a time discount 1/2 and continuation 9/10: delta = 9/20 (Axelrod 1984, ch. 1)
    assert RepeatedGame.from_continuation(PD, "9/10", discount="1/2").delta[0] == sp.Rational(9, 20)
    assert not RepeatedGame(PD, (sp.Rational(1, 2), sp.Rational(1, 3))).is_common
    assert RepeatedGame(PD, (sp.Rational(1, 2), sp.Rational(1, 3))).delta_symbol is None
    assert g.with_delta("0.9").delta == (sp.Rational(9, 10),) * 2
    assert g.with_delta(["1/2", "1/3"]).delta == (sp.Rational(1, 2), sp.Rational(1, 3))
    with pytest.raises(ScenarioError, match="strictly between 0 and 1"):
        RepeatedGame.common(PD, 1)
    with pytest.raises(ScenarioError, match="continuation probability"):
        RepeatedGame.from_continuation(PD, "1")
    with pytest.raises(ScenarioError, match="at least 1 round"):
        RepeatedGame.common(PD, horizon=0)
    with pytest.raises(TypeError, match="NormalFormGame"):
        RepeatedGame("pd", (d, d))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="one discount factor per player"):
        RepeatedGame(PD, (d,))  # type: ignore[arg-type]


# ---------------------------------------------------------------- PD 5/3/1/0, numeric


@pytest.mark.parametrize(
    "name, spe, nash",
    [
        ("grim_trigger", sp.Rational(1, 2), sp.Rational(1, 2)),  # Friedman 1971
        ("tit_for_tat", None, sp.Rational(2, 3)),  # Axelrod 1984
        ("tit_for_two_tats", None, None),  # exploitable by alternating
        ("punish:1", None, None),  # 2 <= 2d: never
        ("punish:2", GOLDEN, GOLDEN),
        ("penance", sp.Rational(2, 3), sp.Rational(2, 3)),  # van Damme 1989
    ],
)
def test_pd_thresholds(name: str, spe: sp.Expr | None, nash: sp.Expr | None) -> None:
    g = RepeatedGame.common(PD)
    for concept, expected in (("spe", spe), ("nash", nash)):
        check = check_strategies(g, pair(name), concept=concept)
        if expected is None:
            assert check.joint.is_empty, (name, concept, check.joint.describe())
        else:
            assert sp.simplify(check.threshold - expected) == 0, (name, concept)
        assert check.values == (3, 3)


def test_three_period_punishment_root() -> None:
    check = check_strategies(RepeatedGame.common(PD), pair("punish:3"))
    x = sp.Symbol("x")
    assert sp.minimal_polynomial(check.threshold, x) == x**3 + x**2 + x - 1
    assert abs(float(check.threshold) - 0.5436890127) < 1e-9


def test_tft_state_by_state_constraints() -> None:
    check = check_strategies(RepeatedGame.common(PD), pair("tit_for_tat"))
    by_state = {}
    for c in check.constraints:
        by_state.setdefault((c.state, c.player), []).append(c)
    # row at (cooperate, punish): row plays C, column D; row is the cooperator
    (coop,) = by_state[(("cooperate", "punish"), 0)]
    assert DeltaSet.at_least(sp.Rational(1, 4)) == _set(coop.slack)  # (P - S)/(T - P)
    (defector,) = by_state[(("cooperate", "punish"), 1)]
    assert DeltaSet.at_most(sp.Rational(2, 3)) == _set(defector.slack)  # (T - R)/(R - S)
    (dd,) = by_state[(("punish", "punish"), 0)]
    assert DeltaSet.at_most(sp.Rational(1, 4)) == _set(dd.slack)
    assert {c.on_path for c in check.constraints} == {True, False}
    per = check.per_player[0]
    assert per.is_empty  # 1/4 <= d <= 1/4 and 2/3 <= d <= 2/3


def _set(slack: sp.Expr) -> DeltaSet:
    from gametheory.repeated.delta_sets import nonnegative_set

    return nonnegative_set(slack, d)


def test_numeric_delta_gives_yes_or_no() -> None:
    g = RepeatedGame.common(PD, "0.6")
    assert check_strategies(g, pair("grim")).holds is True
    assert check_strategies(g, pair("punish:2")).holds is False  # 0.6 < 0.618
    assert check_strategies(g.with_delta("0.62"), pair("punish:2")).holds is True
    sym = check_strategies(RepeatedGame.common(PD), pair("grim"))
    assert sym.holds is None and sym.holds_at(sp.Rational(1, 2)) and not sym.holds_at("0.49")


def test_always_defect_is_always_an_equilibrium() -> None:
    check = check_strategies(RepeatedGame.common(PD), pair("always_punish"))
    assert check.joint.is_everything and check.values == (1, 1)


def test_path_values() -> None:
    g = RepeatedGame.common(PD, "1/2")
    tft = library_strategy("tft", ROLES)
    # TFT vs always-D: (C, D) once (0 for TFT), then (D, D): 1/2 * 0 + 1/2 * 1
    assert path_values(g, (tft, always("D"))) == (sp.Rational(1, 2), 3)
    assert path_values(RepeatedGame.common(PD, "1/2", horizon=2), pair("grim")) == (
        sp.Rational(9, 4),
        sp.Rational(9, 4),
    )


def test_check_errors() -> None:
    g = RepeatedGame.common(PD)
    with pytest.raises(ValueError, match="unknown concept 'ne'; expected one of: spe, nash"):
        check_strategies(g, pair("grim"), concept="ne")
    with pytest.raises(TypeError, match="RepeatedGame"):
        check_strategies(PD, pair("grim"))  # type: ignore[arg-type]
    with pytest.raises(UnsupportedGameError, match="Nash check is for infinitely"):
        check_strategies(RepeatedGame.common(PD, horizon=3), pair("grim"), concept="nash")
    with pytest.raises(ScenarioError, match="not an action"):
        check_strategies(RepeatedGame.common(SURGE), pair("grim"))


# ---------------------------------------------------------------- symbolic PD


@pytest.fixture(scope="module")
def symbolic_pd() -> tuple[RepeatedGame, object, dict[str, sp.Symbol]]:
    sc = load_scenario("prisoners_dilemma")
    game = RepeatedGame.common(sc.normal_form)
    known = delta_assumptions(scenario_assumptions(sc, {}), [DELTA])
    syms = {p.name: p.symbol for p in sc.parameters}
    return game, known, syms


def _pd_pair(name: str) -> tuple:
    r = Roles("Cooperate", "Defect", "Cooperate", "Defect")
    a = library_strategy(name, r)
    return (a, a)


def _same(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(a - b) == 0


def test_symbolic_grim(symbolic_pd) -> None:
    game, known, s = symbolic_pd
    T, R, P = s["T"], s["R"], s["P"]
    for concept in ("spe", "nash"):
        cond = check_strategies(game, _pd_pair("grim"), concept=concept, known=known).joint
        assert isinstance(cond, SymbolicDeltaCondition)
        assert len(cond.lower) == 1 and _same(cond.lower[0], (T - R) / (T - P))
        assert not cond.upper and not cond.unresolved


def test_symbolic_penance(symbolic_pd) -> None:
    game, known, s = symbolic_pd
    T, R, P, S = s["T"], s["R"], s["P"], s["S"]
    cond = check_strategies(game, _pd_pair("penance"), known=known).joint
    assert len(cond.lower) == 2 and not cond.unresolved
    assert any(_same(b, (T - R) / (R - S)) for b in cond.lower)
    assert any(_same(b, (P - S) / (R - S)) for b in cond.lower)


def test_symbolic_tft_is_a_knife_edge(symbolic_pd) -> None:
    game, known, s = symbolic_pd
    T, R, P, S = s["T"], s["R"], s["P"], s["S"]
    cond = check_strategies(game, _pd_pair("tft"), known=known).joint
    lows, highs = cond.lower, cond.upper
    for value in ((T - R) / (R - S), (P - S) / (T - P)):
        assert any(_same(b, value) for b in lows) and any(_same(b, value) for b in highs)
    text = cond.describe()
    assert "delta = (-R + T)/(R - S)" in text and "delta = (P - S)/(-P + T)" in text
    assert cond.at({T: 5, R: 3, P: 1, S: 0}, DELTA).is_empty
    assert cond.at({T: 4, R: 3, P: 1, S: 0}, DELTA).describe() == "delta = 1/3"


def test_symbolic_tft_nash_and_punishment(symbolic_pd) -> None:
    game, known, s = symbolic_pd
    T, R, P, S = s["T"], s["R"], s["P"], s["S"]
    nash = check_strategies(game, _pd_pair("tft"), concept="nash", known=known).joint
    assert {sp.simplify(b) for b in nash.lower} == {
        sp.simplify((T - R) / (R - S)),
        sp.simplify((T - R) / (T - P)),
    }
    two = check_strategies(game, _pd_pair("punish:2"), known=known).joint
    (root,) = two.lower
    assert _same(root.subs({T: 5, R: 3, P: 1}), GOLDEN)
    assert two.at({T: 5, R: 3, P: 1, S: 0}, DELTA).contains(sp.Rational(62, 100))


# ---------------------------------------------------------------- per-player discounting


def test_surge_pd_per_player_thresholds() -> None:
    check = check_strategies(RepeatedGame.common(SURGE), surge_pair("grim"))
    assert [v.threshold for v in check.per_player] == [sp.Rational(1, 2), sp.Rational(1, 3)]
    assert check.threshold == sp.Rational(1, 2)


def test_regime_turnover_numeric() -> None:
    # Federal discounts with d (1 - rho), rho = 1/5: 4d/5 >= 1/3 iff d >= 5/12
    game = RepeatedGame(SURGE, (d, d * sp.Rational(4, 5)))
    assert not game.is_common and game.delta_symbol == d
    check = check_strategies(game, surge_pair("grim"))
    assert check.per_player[1].threshold == sp.Rational(5, 12)
    assert check.joint.threshold == sp.Rational(1, 2)
    # different symbols: no common scale, each player's own
    d_l, d_f = sp.symbols("delta_L delta_F", positive=True)
    apart = check_strategies(RepeatedGame(SURGE, (d_l, d_f)), surge_pair("grim"))
    assert apart.joint is None
    assert [v.threshold for v in apart.per_player] == [sp.Rational(1, 2), sp.Rational(1, 3)]
    assert apart.per_player[1].describe("delta_F") == "delta_F >= 1/3"


def test_regime_turnover_symbolic() -> None:
    sc = load_scenario(ROOT / "docs" / "examples" / "repeated_surge_turnover.toml")
    res = analyse_repeated(sc, strategies=["grim"], concepts=["spe"])
    (p,) = res.pairs
    assert p.check.joint.describe() == "delta >= 1/2"
    assert p.check.per_player[1].describe() == "delta >= 5/12"
    text = p.symbolic.joint.describe()
    assert text == "delta >= (e + lam + tau)/h and delta*(1 - rho) >= g/(a + g - p)"
    values = dict(sc.values({}))
    values.pop(DELTA, None)
    assert p.symbolic.joint.at(values, DELTA) == p.check.joint


def test_continuation_probability_is_a_discount_factor() -> None:
    # a match continuing with probability 2/3: grim holds (2/3 >= 1/2), TFT as Nash at the edge
    g = RepeatedGame.from_continuation(PD, "2/3")
    assert check_strategies(g, pair("grim")).holds
    assert check_strategies(g, pair("tft"), concept="nash").holds


# ---------------------------------------------------------------- finite horizons


def test_pd_unravels() -> None:
    fh = finite_horizon(RepeatedGame.common(PD, horizon=5))
    assert fh.unravels and not fh.sustained
    # grim is never subgame perfect with a last round: defecting in it pays
    check = check_strategies(RepeatedGame.common(PD, horizon=3), pair("grim"))
    assert check.joint.is_empty
    assert {c.rounds_left for c in check.constraints} == {1, 2, 3}
    with pytest.raises(UnsupportedGameError, match="finite horizon"):
        finite_horizon(RepeatedGame.common(PD))


# C is strictly dominated by D; (D, D) and (R, R) are stage equilibria worth 2 and 5, and the
# mixed one (D with 3/5) is worth 2 too, so the worst punishment is 2 in pure strategies as well.
TWO_NE = NormalFormGame.from_matrices(
    [[4, 0, 0], [5, 2, 2], [0, 0, 5]],
    [[4, 5, 0], [0, 2, 0], [0, 2, 5]],
    actions=(("C", "D", "R"), ("C", "D", "R")),
)


def _brute_force_first_round(game: NormalFormGame, delta: F) -> set[tuple[str, str]]:
    """Round-1 profiles of pure SPE of the 2-round game, by enumeration.

    A pure strategy is a round-1 action and a round-2 action after each of the 9 round-1
    outcomes. Subgame perfection forces a pure stage equilibrium after every outcome (round 2
    is the last), so enumerate every assignment of pure stage equilibria to outcomes and keep
    the round-1 profiles that are equilibria of the induced game u1 + delta * u2.
    """
    a = [[F(int(game.payoffs[0][i, j])) for j in range(3)] for i in range(3)]
    b = [[F(int(game.payoffs[1][i, j])) for j in range(3)] for i in range(3)]
    cells = list(itertools.product(range(3), range(3)))
    ne = [
        c
        for c in cells
        if a[c[0]][c[1]] == max(a[k][c[1]] for k in range(3))
        and b[c[0]][c[1]] == max(b[c[0]][k] for k in range(3))
    ]
    out = set()
    for assignment in itertools.product(ne, repeat=len(cells)):
        cont = dict(zip(cells, assignment, strict=True))

        def u(player: int, c: tuple[int, int], cont: dict = cont) -> F:
            m = a if player == 0 else b
            e = cont[c]
            return m[c[0]][c[1]] + delta * m[e[0]][e[1]]

        for i, j in cells:
            if all(u(0, (i, j)) >= u(0, (k, j)) for k in range(3)) and all(
                u(1, (i, j)) >= u(1, (i, k)) for k in range(3)
            ):
                out.add((game.actions[0][i], game.actions[1][j]))
    return out


@pytest.mark.parametrize("delta", [F(1, 5), F(1, 3), F(1, 2), F(9, 10)])
def test_two_stage_equilibria_sustain_cooperation(delta: F) -> None:
    fh = finite_horizon(RepeatedGame.common(TWO_NE, horizon=2))
    assert not fh.unravels
    cc = next(s for s in fh.sustained if s.profile == ("C", "C"))
    # gain 1 <= delta * (5 - 2): delta >= 1/3 (Benoît & Krishna 1985)
    assert cc.joint.describe() == "delta >= 1/3"
    found = {s.profile for s in fh.sustained if s.joint.contains(sp.Rational(delta))}
    pure_ne = {("D", "D"), ("R", "R")}
    assert found | pure_ne == _brute_force_first_round(TWO_NE, delta)


def test_longer_horizon_conditions() -> None:
    # with 3 rounds (C, C) must also be kept in round 2: round 1 is easier (two rounds of carrot)
    fh = finite_horizon(RepeatedGame.common(TWO_NE, horizon=3))
    cc = next(s for s in fh.sustained if s.profile == ("C", "C"))
    assert cc.joint.threshold == sp.Rational(1, 3)


# ---------------------------------------------------------------- minmax


def test_minmax_pd_and_surge() -> None:
    m = minmax(PD, 0)
    assert (m.pure, m.mixed, m.pure_punishments) == (1, 1, (1,))
    local, federal = minmax(SURGE, 0), minmax(SURGE, 1)
    assert (local.pure, local.mixed, federal.pure, federal.mixed) == (-4, -4, 1, 1)


def test_minmax_matching_pennies() -> None:
    mp = NormalFormGame.from_matrices([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    for k in (0, 1):
        m = minmax(mp, k)
        assert (m.pure, m.mixed) == (1, 0)
        assert m.mixed_punishment == (F(1, 2), F(1, 2)) and m.best_replies == (0, 1)


def test_mixed_minmax_below_pure() -> None:
    # row payoffs: against L the row gets 3 or 0, against R 0 or 3, against M 2 or 2:
    # pure minmax = min(3, 3, 2) = 2; mixing L and R half-half holds the row to 3/2
    g = NormalFormGame.from_matrices([[3, 0, 2], [0, 3, 2]], [[0, 0, 0], [0, 0, 0]])
    m = minmax(g, 0)
    assert m.pure == 2 and m.pure_punishments == (2,)
    assert m.mixed == F(3, 2) and m.mixed_punishment == (F(1, 2), F(1, 2), F(0))
    with pytest.raises(ValueError, match="player must be 0 or 1"):
        minmax(g, 2)


# ---------------------------------------------------------------- simulation


def test_simulate_grim_against_a_deviation() -> None:
    g = RepeatedGame.common(PD, "1/2")
    sim = simulate(g, pair("grim"), 4, deviations={(0, 0): "D"})
    assert [r.actions for r in sim.rounds] == [("D", "C"), ("D", "D"), ("D", "D"), ("D", "D")]
    assert [r.deviation for r in sim.rounds] == [True, False, False, False]
    # row: 1/2 * 5 + 1/4 + 1/8 + 1/16 = 47/16; tail bound (1/2)^4 * 5
    assert sim.totals[0] == F(47, 16) and sim.tail_bound[0] == F(5, 16)
    again = simulate(g, pair("grim"), 4, deviations={(0, 0): "D"})
    assert again == sim  # deterministic


def test_simulate_errors() -> None:
    with pytest.raises(UnsupportedGameError, match="rational discount factors"):
        simulate(RepeatedGame.common(PD), pair("grim"), 3)
    g = RepeatedGame.common(PD, "1/2")
    with pytest.raises(ValueError, match="nonnegative int"):
        simulate(g, pair("grim"), -1)
    with pytest.raises(ValueError, match="not an action of 'Row'"):
        simulate(g, pair("grim"), 2, deviations={(0, 0): "X"})
    with pytest.raises(ValueError, match="lasts 2 rounds"):
        simulate(RepeatedGame.common(PD, "1/2", horizon=2), pair("grim"), 3)


def test_simulate_matches_is_seeded() -> None:
    g = RepeatedGame.common(PD)
    tft = library_strategy("tft", ROLES)
    one = simulate_matches(g, (tft, always("D")), F(3, 4), matches=200, seed=7)
    two = simulate_matches(g, (tft, always("D")), F(3, 4), matches=200, seed=7)
    other = simulate_matches(g, (tft, always("D")), F(3, 4), matches=200, seed=8)
    assert one == two and one.mean_length != other.mean_length
    # exact expected totals: sum_t p^t u_t = path value / (1 - p); TFT vs ALLD at p = 3/4:
    # 0 + 1 * (3/4 + 9/16 + ...) = 3 for TFT, 5 + 3 = 8 for ALLD
    assert one.expected_totals == (F(3), F(8))
    assert abs(one.mean_totals[1] - 8) < 1.5 and abs(one.mean_length - 4) < 1
    with pytest.raises(ValueError, match="continuation must be in"):
        simulate_matches(g, (tft, tft), F(1))


# ---------------------------------------------------------------- the analysis


def test_roles_and_strategy_resolution() -> None:
    sc = load_scenario("surge_pd")
    coop, pun = roles(SURGE, sc.repeated)
    assert coop == ("Cooperate", "Restrain") and pun == ("Refuse", "Surge")
    pairs = resolve_strategies(sc, SURGE, ["grim,tft"], coop, pun)
    assert [(names, tuple(a.name for a in autos)) for names, autos in pairs] == [
        (("grim", "tft"), ("grim_trigger", "tit_for_tat"))
    ]
    with pytest.raises(ScenarioError, match="expected NAME or ROW_NAME,COLUMN_NAME"):
        resolve_strategies(sc, SURGE, ["a,b,c"], coop, pun)


def test_analyse_surge_pd_with_a_payoff_set() -> None:
    res = analyse_repeated(
        load_scenario("surge_pd"), delta="0.45", strategies=["grim"], payoff_set=True
    )
    assert [p.check.holds for p in res.pairs] == [False, False]  # 0.45 < 1/2
    assert res.payoff_set.exact and res.payoff_set.delta == F(9, 20)
    # surge_pd at delta in [4/9, 1/2): {(-4d, 6d), (-4, 1 + 5d), (-4, 1), (-2/3, 1)}
    dl = F(9, 20)
    assert set(res.payoff_set.vertices) == {
        (-4 * dl, 6 * dl),
        (-4, 1 + 5 * dl),
        (-4, 1),
        (F(-2, 3), 1),
    }
    assert (res.critical.first, res.critical.full) == (sp.Rational(4, 9), sp.Rational(1, 2))
    with pytest.raises(UnsupportedGameError, match="needs one numeric discount factor"):
        analyse_repeated(load_scenario("surge_pd"), payoff_set=True, symbolic=False)
