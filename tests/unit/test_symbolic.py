"""Symbolic derivations: textbook closed forms, regions, dominance, statics, the derive command."""

from __future__ import annotations

import json
from fractions import Fraction as F

import numpy as np
import pytest
import sympy as sp
from click.testing import CliRunner

from gametheory import NormalFormGame, load_scenario, solve
from gametheory.cli.main import cli
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work
from gametheory.symbolic import (
    Assumptions,
    Atom,
    Condition,
    comparative_statics,
    compile_condition,
    derive,
    derive_normal_form,
)
from gametheory.symbolic.derive import ratio_condition


def same(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(a - b) == 0


# -- Decisions under assumptions --------------------------------------------------------------

T, R, P, S = sp.symbols("T R P S", real=True)
PD_ORDER = Assumptions.from_relations([T > R, R > P, P > S])


@pytest.mark.parametrize(
    "atom,verdict",
    [
        (Atom(T - P, ">"), True),  # T > R > P
        (Atom(T - S, ">="), True),
        (Atom(S - R, ">"), False),
        (Atom(T - R, "=="), False),
        (Atom(R - S - 1, ">"), None),  # scale is not fixed by an ordering
        (Atom(T * R, ">"), None),  # nonlinear and signs unknown
    ],
)
def test_linear_decisions(atom: Atom, verdict: bool | None) -> None:
    assert PD_ORDER.decide(atom) is verdict


def test_strict_and_weak_boundaries() -> None:
    x = sp.Symbol("x", real=True)
    known = Assumptions.from_relations([x >= 0])
    assert known.decide(Atom(x, ">=")) is True
    assert known.decide(Atom(x, ">")) is None  # x = 0 is allowed
    assert known.feasible([Atom(x, "=="), Atom(-x, ">=")]) is True
    assert known.feasible([Atom(-x, ">")]) is False


def test_pd_mixed_ratio_is_never_a_probability() -> None:
    # p = (P - S)/(P + R - S - T) is > 1 or < 0 under T > R > P > S (its denominator has no fixed sign).
    p = (P - S) / (P + R - S - T)
    cond = ratio_condition(p, ">", PD_ORDER) & ratio_condition(1 - p, ">", PD_ORDER)
    assert cond.simplify(PD_ORDER).is_never


# -- Textbook games -----------------------------------------------------------------------------


def test_prisoners_dilemma_defect_defect_unique_everywhere() -> None:
    """Osborne (2004) §2.2: with T > R > P > S, Defect strictly dominates and (D, D) is the unique NE."""
    d = derive_normal_form(load_scenario("prisoners_dilemma"))
    statuses = {p.labels: p.condition.status for p in d.pure}
    assert statuses == {
        ("Cooperate", "Cooperate"): "never",
        ("Cooperate", "Defect"): "never",
        ("Defect", "Cooperate"): "never",
        ("Defect", "Defect"): "always",
    }
    assert [m.condition.status for m in d.mixed] == ["never"]
    assert [(r.condition.status, r.equilibria) for r in d.regions] == [("always", ((1, 1),))]
    strict = [
        (x.player, x.action, x.by)
        for x in d.dominance
        if x.kind == "strict" and x.condition.is_always
    ]
    assert strict == [(0, 0, 1), (1, 0, 1)]


def test_matching_pennies_half_half_for_every_stake() -> None:
    """Osborne (2004) §4.3: each player mixes 1/2-1/2, value 0, whatever the stake w > 0."""
    d = derive_normal_form(load_scenario("matching_pennies"))
    assert all(p.condition.is_never for p in d.pure)
    [m] = d.mixed
    assert m.condition.is_always
    assert m.strategies == ((sp.Rational(1, 2),) * 2, (sp.Rational(1, 2),) * 2)
    assert m.payoffs == (0, 0)


def test_battle_of_the_sexes_textbook_mixing() -> None:
    """Osborne (2004) ex. 18.2 / §4.1 generalised: payoffs (a, b) on A, (b, a) on B, 0 off.

    The row player's probability p of A makes the column player indifferent: b p = a (1 - p),
    so p = a/(a + b); symmetrically q = b/(a + b); each gets ab/(a + b).
    """
    sc = load_scenario("battle_of_the_sexes")
    a, b = sc.symbols["a"], sc.symbols["b"]
    d = derive_normal_form(sc)
    assert {p.labels for p in d.pure if p.condition.is_always} == {("A", "A"), ("B", "B")}
    [m] = d.mixed
    assert m.condition.is_always
    assert same(m.strategies[0][0], a / (a + b)) and same(m.strategies[1][0], b / (a + b))
    assert same(m.payoffs[0], a * b / (a + b)) and same(m.payoffs[1], a * b / (a + b))


def test_chicken_mixing() -> None:
    """Hand derivation: Swerve against q: t q vs w q - c (1 - q) → q = c/(w - t + c)."""
    sc = load_scenario("chicken")
    w, t, c = (sc.symbols[k] for k in "wtc")
    [m] = derive_normal_form(sc).mixed
    assert m.condition.is_always  # w > t and c > 0
    assert same(m.strategies[0][0], c / (w - t + c))


def test_stag_hunt_mixing_and_payoff() -> None:
    """Skyrms (2004): stag with probability h/s; the mixed equilibrium pays h."""
    sc = load_scenario("stag_hunt")
    s, h = sc.symbols["s"], sc.symbols["h"]
    [m] = derive_normal_form(sc).mixed
    assert same(m.strategies[0][0], h / s) and same(m.payoffs[0], h)


def test_three_by_three_rock_paper_scissors() -> None:
    """Rock-paper-scissors with win w > 0 and loss l > 0: uniform play on the full support,
    each earning (w - l)/3 (every action beats one, loses to one, ties one)."""
    w, loss = sp.symbols("w loss", positive=True)
    a = [[0, -loss, w], [w, 0, -loss], [-loss, w, 0]]
    game = NormalFormGame.from_matrices(a, [[-v for v in row] for row in a])
    d = derive(game)
    full = [m for m in d.mixed if len(m.supports[0]) == 3]
    assert len(full) == 1 and full[0].condition.is_always
    assert full[0].strategies[0] == (sp.Rational(1, 3),) * 3
    assert same(full[0].payoffs[0], (w - loss) / 3)
    assert all(m.condition.is_never for m in d.mixed if len(m.supports[0]) == 2)


# -- The source-grounded scenarios at their defaults -----------------------------------------------


def test_surge_pd_regions_and_defaults() -> None:
    """surge_pd: (Refuse, Surge) is the unique NE, (-4, 1) at the defaults. Symbolically it is
    an equilibrium everywhere; (Cooperate, Surge) joins it only where c_L = tau + lam + e = 0."""
    sc = load_scenario("surge_pd")
    d = derive_normal_form(sc)
    always = [p.labels for p in d.pure if p.condition.is_always]
    assert always == [("Refuse", "Surge")]
    cs = next(p for p in d.pure if p.labels == ("Cooperate", "Surge"))
    tau, lam, e = (sc.symbols[k] for k in ("tau", "lam", "e"))
    assert cs.condition.holds_at({tau: 0, lam: 0, e: 0}) and not cs.condition.holds_at(
        {tau: 1, lam: 0, e: 0}
    )
    assert [r.equilibria for r in d.regions] == [((1, 1),), ((0, 1), (1, 1))]
    assert [r.boundary for r in d.regions] == [False, True]
    defaults = {p.symbol: p.default for p in sc.parameters}
    assert d.at(defaults) == [((F(0), F(1)), (F(0), F(1)))]
    rs = next(p for p in d.pure if p.labels == ("Refuse", "Surge"))
    assert tuple(u.xreplace(defaults) for u in rs.payoffs) == (-4, 1)


def test_warrant_screening_mixed_at_defaults() -> None:
    """warrant_screening: ICE screens with 2/3, the jail honors with 1/2, payoffs (1, 0)."""
    sc = load_scenario("warrant_screening")
    d = derive_normal_form(sc)
    [m] = d.mixed
    defaults = {p.symbol: p.default for p in sc.parameters}
    assert m.condition.is_always
    assert [v.xreplace(defaults) for v in m.strategies[0]] == [sp.Rational(2, 3), sp.Rational(1, 3)]
    assert [v.xreplace(defaults) for v in m.strategies[1]] == [sp.Rational(1, 2), sp.Rational(1, 2)]
    assert [sp.simplify(u.xreplace(defaults)) for u in m.payoffs] == [1, 0]
    l_j, b_j = sc.symbols["l_J"], sc.symbols["b_J"]
    assert same(m.strategies[0][0], l_j / (b_j + l_j))


def test_set_substitutes_and_keeps_the_rest_symbolic() -> None:
    sc = load_scenario("warrant_screening")
    d = derive_normal_form(sc, {"k": "1/2", "d": 2})
    assert {s.name for s in d.symbols} == {"v", "b_J", "l_J"}
    assert d.mixed[0].strategies[1][0] == sp.Rational(3, 4)  # (d - k)/d


# -- Comparative statics ------------------------------------------------------------------------


def test_comparative_statics_signs() -> None:
    """Tsebelis-style inspection logic: a costlier broad hold (l_J) makes ICE screen more; the
    jail's honoring rate (d - k)/d falls with the screening cost k and rises with d."""
    sc = load_scenario("warrant_screening")
    d = derive_normal_form(sc)
    at = {p.symbol: p.default for p in sc.parameters}
    table = {
        (s.quantity.name, s.parameter.name): (s.sign, s.value) for s in comparative_statics(d, at)
    }
    assert table[("mixed 0: P(ICE plays Screen)", "l_J")] == ("+", sp.Rational(1, 9))
    assert table[("mixed 0: P(ICE plays Screen)", "b_J")] == ("-", sp.Rational(-2, 9))
    assert table[("mixed 0: P(Jail plays Honor)", "k")] == ("-", sp.Rational(-1, 2))
    assert table[("mixed 0: P(Jail plays Honor)", "d")] == ("+", sp.Rational(1, 4))
    assert table[("mixed 0: P(Jail plays Honor)", "v")] == ("0", 0)


def test_thresholds_are_quantities() -> None:
    d = derive_normal_form(load_scenario("surge_pd"))
    names = {s.quantity.name for s in comparative_statics(d)}
    assert "threshold tau = -e - lam" in names


# -- Compiled evaluation ------------------------------------------------------------------------


def test_compiled_condition_matches_exact_evaluation() -> None:
    x, y = sp.symbols("x y", real=True)
    cond = Condition(((Atom(x - 2 * y, ">"), Atom(y, ">=")), (Atom(x + y - 1, "=="),)))
    f = compile_condition(cond, (x, y))
    rng = np.random.default_rng(0)
    xs, ys = rng.integers(-5, 6, 500) / 2, rng.integers(-5, 6, 500) / 2
    fast = f(xs, ys)
    exact = [
        cond.holds_at({x: sp.Rational(a), y: sp.Rational(b)}) for a, b in zip(xs, ys, strict=True)
    ]
    assert fast.tolist() == exact


# -- CLI ----------------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="fedlocal")


def test_derive_help_and_table() -> None:
    assert run("derive", "--help").exit_code == 0
    out = run("derive", "prisoners_dilemma").output
    assert "(Defect, Defect)        always" in out
    assert "0  everywhere  (Defect, Defect)  open" in out


def test_derive_json_contract() -> None:
    doc = json.loads(run("derive", "battle_of_the_sexes", "--format", "json").output)
    assert doc["schema_version"] == 1 and doc["command"] == "derive"
    assert doc["symbolic"] == ["a", "b"]
    [m] = doc["mixed"]
    assert m["condition"]["status"] == "always"
    assert m["strategies"][0][0] == {"sympy": "a/(a + b)", "latex": "\\frac{a}{a + b}"}
    assert (
        sp.simplify(sp.sympify(m["strategies"][0][0]["sympy"]) - sp.sympify("a/(a+b)")) == 0
    )  # parsable


def test_derive_latex_explain_uses_the_scenario_symbols() -> None:
    out = run("derive", "surge_pd", "--format", "latex", "--explain").output
    assert (
        out.startswith("% fedlocal derive")
        and "\\begin{align*}" in out
        and out.rstrip().endswith("\\end{align*}")
    )
    assert "\\tau" in out and "\\lambda" in out


def test_derive_set_and_errors() -> None:
    doc = json.loads(
        run("derive", "warrant_screening", "--set", "k=1/2", "--format", "json").output
    )
    assert doc["substituted"] == {"k": "1/2"} and "k" not in doc["symbolic"]
    bad = run("derive", "warrant_screening", "--set", "k=-1")
    assert (
        bad.exit_code == 1
        and "Error: --set k: value -1 of 'k' is outside its domain (0, inf)" in bad.output
    )


def test_symbolic_and_numeric_agree_at_defaults_for_every_bundled_scenario() -> None:
    from gametheory import bundled_scenarios

    for name in bundled_scenarios():
        sc = load_scenario(name)
        if sc.game is None or exact_work(*sc.game.shape) > EXACT_SIZE_LIMIT:
            continue  # a 3-player tree, or a strategic form beyond the exact solver (ultimatum)
        values = sc.values()
        predicted = derive_normal_form(sc).at(values)
        result = solve(sc.game.subs(values))
        numeric = [e.strategies for e in result.equilibria]
        if result.degenerate:  # e.g. a tree's reduced form: closed forms give the isolated ones
            assert set(predicted) <= set(numeric), name
        else:
            assert sorted(predicted) == sorted(numeric), name


def test_signs_through_squared_denominators() -> None:
    """Chicken: P(swerve) = c/(c + w - t); its derivatives are (w - t)/D**2 > 0 in c, c/D**2 > 0
    in t and -c/D**2 < 0 in w (D = c + w - t > 0 since w > t), 1/4, 1/4, -1/4 at the defaults."""
    sc = load_scenario("chicken")
    d = derive_normal_form(sc)
    at = {p.symbol: p.default for p in sc.parameters}
    table = {
        (s.quantity.name, s.parameter.name): (s.sign, s.value) for s in comparative_statics(d, at)
    }
    q = "mixed 0: P(Driver1 plays Swerve)"
    assert table[(q, "c")] == ("+", sp.Rational(1, 4))
    assert table[(q, "t")] == ("+", sp.Rational(1, 4))
    assert table[(q, "w")] == ("-", sp.Rational(-1, 4))


def test_at_needs_every_parameter_and_accepts_names() -> None:
    sc = load_scenario("surge_pd")
    d = derive_normal_form(sc)
    point = {p.name: p.default for p in sc.parameters} | {"tau": 0, "lam": 0, "e": 0}
    assert len(d.at(point)) == 2  # c_L = 0: (Cooperate, Surge) joins (Refuse, Surge)
    with pytest.raises(ValueError, match="missing: a, e, g, h, lam, p"):
        d.at({"tau": 0})
