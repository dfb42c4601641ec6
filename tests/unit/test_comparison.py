"""Tests of ``compare_regimes`` (gametheory.regimes: deal, stage, parameters): the scenarios'
worked values, re-derived by hand in the comment above each
check, and the closed forms checked exactly at random parameter points.

Sources (docs/explanation/models-and-sources.md): ``hennepin_drawdown`` (the trust game of
Kreps 1990); ``surge_pd`` (Abreu, Pearce & Stacchetti 1990 for the payoff set);
``detainer_liability`` (S2's TRAC share sigma = 0.14, S4's 2009 Santa Clara indemnification
request); ``jail_access_commitment`` (Fearon 1995, Powell 2006); the Nash bargaining solution
(Nash 1950).

Notation (hennepin_drawdown): the county pays c_L = tau + lam + e to cooperate and h under the
full surge; the federal side gets a from jail access, g from keeping the surge, p in the standoff.
Honoring a drawdown x gives (-c_L - h(1 - x), a + g(1 - x)), reneging (-c_L - h, a + g - phi),
no deal (-h, p).
"""

from __future__ import annotations

import json
import random
from fractions import Fraction as F
from functools import cache

import pytest
import sympy as sp
from click.testing import CliRunner

from gametheory import Regime, RegimeComparison, compare_regimes, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import GameTheoryError, ScenarioError, UnsupportedGameError
from gametheory.regimes.formulas import nice, option_number

Q = sp.Rational


@cache
def scenario(name: str):
    return load_scenario(name)


@cache
def compared(name: str, delta: str | None = None, penalty: str | None = None, **sets: str):
    return compare_regimes(scenario(name), dict(sets), delta=delta, penalty=penalty)


def value(c: RegimeComparison, key: str) -> sp.Expr | None:
    return c.figure(key).value


def at(formula: sp.Expr, point: dict[str, sp.Expr]) -> sp.Expr:
    """A formula (an unevaluated display form) evaluated at named values, exactly."""
    missing = {s.name for s in formula.free_symbols} - set(point)
    assert not missing, f"no value for {missing} in {formula}"
    return sp.simplify(formula.xreplace({s: point[s.name] for s in formula.free_symbols}).doit())


def same(a: sp.Expr, b: sp.Expr) -> bool:
    return sp.simplify(sp.sympify(a) - sp.sympify(b)) == 0


# --- hennepin_drawdown (Kreps 1990) -----------------------------------------------------------


def test_drawdown_defaults_deal_zone_and_binding_deal():
    # Defaults: c_L = 1/2 + 1/4 + 1/4 = 1, h = 4, a = 2, g = 2, p = 3.
    # Deal zone: the county gains h*x - c_L = 4x - 1 >= 0 iff x >= 1/4; the federal side gains
    # a + g(1 - x) - p = 1 - 2x >= 0 iff x <= 1/2: [1/4, 1/2].
    # NBS: maximise (4x - 1)(1 - 2x); derivative 4(1 - 2x) - 2(4x - 1) = 6 - 16x = 0 at x = 3/8,
    # inside the zone. Gains (4*3/8 - 1, 1 - 2*3/8) = (1/2, 1/4), Nash product 1/8; payoffs
    # (-4 + 1/2, 3 + 1/4) = (-7/2, 13/4).
    c = compared("hennepin_drawdown")
    assert (value(c, "deal_zone_low"), value(c, "deal_zone_high")) == (Q(1, 4), Q(1, 2))
    e = c.outcome(Regime.ENFORCEABLE)
    assert (e.cooperates, e.level, e.nash_product) == (True, Q(3, 8), Q(1, 8))
    assert e.payoffs == (Q(-7, 2), Q(13, 4))
    assert (value(c, "gain_Local"), value(c, "gain_Federal")) == (Q(1, 2), Q(1, 4))
    assert c.disagreement == (-4, 3)
    assert c.exact and c.kind == "deal" and c.players == ("Local", "Federal")


def test_drawdown_one_shot_is_the_standoff():
    # One shot, phi = 0: the federal side honors x iff a + g(1 - x) >= a + g, i.e. g*x <= 0,
    # impossible in the zone [1/4, 1/2]; the county refuses (SPE (Refuse, Renege)).
    # At x_E reneging pays g*x_E = 3/4 more.
    c = compared("hennepin_drawdown")
    u = c.outcome(Regime.UNENFORCEABLE)
    assert (u.cooperates, u.level, u.nash_product, u.payoffs) == (False, None, 0, (-4, 3))
    assert "3/4 more" in u.sentence
    assert any("(Local: Refuse, Federal: Renege)" in d for d in c.diagnostics)


def test_drawdown_discount_thresholds():
    # Repeated (the county never cooperates again after a renege), the federal side honors x
    # iff a + g(1 - x) >= (1 - delta)(a + g) + delta*p, i.e. g*x <= delta(a + g - p) = delta.
    # Any deal: x = 1/4 needs delta >= g/4 = 1/2. The binding deal: x = 3/8 needs
    # delta >= 2*3/8 = 3/4.
    c = compared("hennepin_drawdown")
    assert value(c, "delta_any_deal") == Q(1, 2)
    assert c.figure("delta_any_deal").note == "at x = 1/4"
    assert value(c, "delta_enforceable_deal") == Q(3, 4)
    # One shot the binding deal needs phi >= g*x_E = 3/4.
    assert value(c, "penalty_needed") == Q(3, 4)


@pytest.mark.parametrize(
    "delta,level,gains",
    [
        # delta = 0.9: xbar = 0.9*1/2 = 9/20 >= 3/8, so x_E itself holds.
        pytest.param("0.9", Q(3, 8), (Q(1, 2), Q(1, 4)), id="0.9-binding-deal-holds"),
        # delta = 0.6: xbar = 3/10 in [1/4, 3/8): the best self-enforcing deal is 3/10 (the Nash
        # product rises on [1/4, 3/8]); gains (4*3/10 - 1, 1 - 2*3/10) = (1/5, 2/5).
        pytest.param("0.6", Q(3, 10), (Q(1, 5), Q(2, 5)), id="0.6-capped"),
        # delta = 0.4: xbar = 1/5 < 1/4: nothing the county accepts is credible: standoff.
        pytest.param("0.4", None, (0, 0), id="0.4-standoff"),
        # delta = 1/2 exactly: xbar = 1/4 = c_L/h, a deal the county is indifferent to.
        pytest.param("1/2", Q(1, 4), (0, Q(1, 2)), id="1/2-boundary"),
    ],
)
def test_drawdown_repeated(delta: str, level, gains):
    c = compared("hennepin_drawdown", delta)
    s = c.outcome(Regime.SELF_ENFORCING)
    assert s.level == level
    assert s.cooperates is (level is not None)
    assert tuple(u - d for u, d in zip(s.payoffs, c.disagreement, strict=True)) == gains
    assert s.nash_product == gains[0] * gains[1]
    # Cost of unenforceability = 1/8 - (Nash product of the self-enforcing deal).
    assert value(c, "cost_of_unenforceability") == Q(1, 8) - gains[0] * gains[1]


def test_drawdown_penalty_and_patience():
    # delta = 0.6, phi = 1/4: xbar = (0.6*1/2 + 0.4*1/4)/... with the closed form
    # xbar = (delta(a + g - p) + (1 - delta)phi)/g = (3/5 + 2/5*1/4)/2 = (3/5 + 1/10)/2 = 7/20.
    # 7/20 < 3/8, so the best self-enforcing deal is 7/20. One shot, phi = 1/4 holds x <= phi/g
    # = 1/8 < 1/4: still no deal; the smallest acceptable drawdown 1/4 needs phi >= 1/2.
    c = compared("hennepin_drawdown", "0.6", "1/4")
    assert value(c, "term_self_enforcing_max") == Q(7, 20)
    assert c.outcome(Regime.SELF_ENFORCING).level == Q(7, 20)
    partial = c.outcome(Regime.PARTIAL)
    assert (partial.cooperates, partial.parameters) == (False, (("phi", Q(1, 4)),))
    assert "needs a penalty of 1/2" in partial.sentence
    # With delta = 0.6 the binding deal needs 2*3/8 <= 3/5*(1 - phi) + phi: phi >= 3/8.
    assert value(c, "penalty_needed_at_delta") == Q(3, 8)


def test_drawdown_penalty_alone():
    # phi = 1 one shot: x <= phi/g = 1/2, so x_E = 3/8 holds without any repetition.
    c = compared("hennepin_drawdown", "0", "1")
    assert c.outcome(Regime.PARTIAL).level == Q(3, 8)
    # delta = 0: the repeated constraint is the one-shot one, g*x <= phi.
    assert c.outcome(Regime.SELF_ENFORCING).level == Q(3, 8)


def test_drawdown_delta_zero_needs_three_quarters():
    # delta = 0: honoring x_E = 3/8 needs phi >= g*x_E = 3/4.
    c = compared("hennepin_drawdown", "0")
    assert value(c, "penalty_needed_at_delta") == Q(3, 4)
    assert value(c, "penalty_needed") == Q(3, 4)
    assert c.outcome(Regime.SELF_ENFORCING).cooperates is False


def test_drawdown_turnover():
    # delta = 0.95, rho = 1/4: effective delta 0.95*0.75 = 57/80; xbar = 57/80 * 1/2 = 57/160
    # in [1/4, 3/8): the self-enforcing deal is 57/160.
    c = compared("hennepin_drawdown", "0.95", rho="0.25")
    assert value(c, "term_self_enforcing_max") == Q(57, 160)
    assert c.outcome(Regime.SELF_ENFORCING).level == Q(57, 160)
    # The binding deal now needs delta*(3/4) >= 3/4, i.e. delta >= 1: never.
    assert value(c, "delta_enforceable_deal") is None
    # Any deal: delta*(3/4) >= 1/2, delta >= 2/3.
    assert value(c, "delta_any_deal") == Q(2, 3)


def test_drawdown_leader_commitment():
    # If the federal side could bind itself alone it would promise the least the county takes,
    # x = c_L/h = 1/4: gains (0, 1 - 2/4) = (0, 1/2), Nash product 0.
    c = compared("hennepin_drawdown")
    lead = c.outcome(Regime.LEADER)
    assert (lead.level, lead.payoffs, lead.nash_product) == (Q(1, 4), (-4, Q(7, 2)), 0)


def test_drawdown_delta_parameter_is_the_default():
    # Without --delta the scenario's own delta (default 0.6) is used; --set delta=0.9 is the same
    # as --delta 0.9.
    assert compared("hennepin_drawdown").outcome(Regime.SELF_ENFORCING).level == Q(3, 10)
    a = compared("hennepin_drawdown", delta="0.9")
    b = compare_regimes(scenario("hennepin_drawdown"), {"delta": "9/10"})
    assert a.outcome("self-enforcing").level == b.outcome("self-enforcing").level == Q(3, 8)


def test_drawdown_empty_deal_zone():
    # h = 7/3, g = 3/2: zone [c_L/h, (a + g - p)/g] = [3/7, 1/3] is empty: every regime is the
    # standoff and there is no binding deal to reach.
    c = compared("hennepin_drawdown", "0.7", "1/3", h="7/3", g="3/2")
    assert all(o.cooperates is False for o in c.outcomes)
    assert any("deal zone is empty" in d for d in c.diagnostics)
    assert value(c, "cost_of_unenforceability") == 0
    # xbar = (0.7(2 + 3/2 - 3 - 1/3) + 1/3)/(3/2) = (7/60 + 20/60)/(3/2) = 3/10.
    f = c.figure("term_self_enforcing_max")
    assert f.value == Q(3, 10)
    # Regression: the display form of xbar with g = 3/2 once lost its delta term to
    # Integer(1/3) == 0 (gametheory.regimes.formulas.nice).
    assert same(
        at(f.formula, {"delta": Q(7, 10), "rho": 0, "a": 2, "p": 3, "phi": Q(1, 3)}), Q(3, 10)
    )


# --- closed forms (hennepin_drawdown), exact at random points ----------------------------------


def _random_points(n: int, seed: int) -> list[dict[str, sp.Expr]]:
    rng = random.Random(seed)
    out = []
    while len(out) < n:
        pt = {
            "tau": Q(rng.randint(0, 8), 4),
            "lam": Q(rng.randint(0, 4), 4),
            "e": Q(rng.randint(0, 4), 4),
            "h": Q(rng.randint(4, 32), 4),
            "a": Q(rng.randint(2, 16), 4),
            "g": Q(rng.randint(2, 16), 4),
            "p": Q(rng.randint(0, 16), 4),
            "phi": Q(rng.randint(0, 8), 4),
            "delta": Q(rng.randint(0, 99), 100),
            "rho": Q(rng.randint(0, 50), 100),
        }
        if pt["a"] + pt["g"] - pt["p"] - pt["phi"] == 0 or pt["a"] + pt["g"] <= pt["p"]:
            continue  # the scenario assumes a + g > p; a + g - p = phi is a 0/0 in delta_deal
        pt["c_L"] = pt["tau"] + pt["lam"] + pt["e"]
        out.append(pt)
    return out


def _domain_forms(pt: dict[str, sp.Expr]) -> dict[str, sp.Expr]:
    """The offer's closed forms, with the penalty and turnover as derived in the comments."""
    a, g, p, h, cl = pt["a"], pt["g"], pt["p"], pt["h"], pt["c_L"]
    phi, d, rho = pt["phi"], pt["delta"], pt["rho"]
    de = d * (1 - rho)
    x_e = (h * (a + g - p) + g * cl) / (2 * g * h)
    return {
        "deal_zone_low": cl / h,
        "deal_zone_high": (a + g - p) / g,
        "term_enforceable": x_e,
        # g*x_E <= phi one shot.
        "penalty_needed": g * x_e,
        # g*x <= de(a + g - p) + (1 - de)phi with de = delta(1 - rho) (turnover replaces
        # delta by delta(1 - rho)).
        "term_self_enforcing_max": (de * (a + g - p) + (1 - de) * phi) / g,
        # Solve g*x = de(a + g - p - phi) + phi for de, then delta = de/(1 - rho).
        "delta_enforceable_deal": (g * x_e - phi) / ((a + g - p - phi) * (1 - rho)),
        "delta_any_deal": (g * cl / h - phi) / ((a + g - p - phi) * (1 - rho)),
    }


def test_drawdown_closed_forms_match_domain_at_random_points():
    c = compared("hennepin_drawdown")
    forms = {f.key: f.formula for f in c.figures}
    for pt in _random_points(25, seed=20260501):
        expected = _domain_forms(pt)
        for key, want in expected.items():
            assert forms[key] is not None, key
            assert same(at(forms[key], pt), want), (key, pt)


def test_drawdown_closed_forms_without_penalty_are_domains():
    # The phi = 0, rho = 0 forms verbatim: delta_deal = c_L g/(h(a + g - p)),
    # delta_E = x_E g/(a + g - p), xbar = delta(a + g - p)/g.
    c = compared("hennepin_drawdown")
    forms = {f.key: f.formula for f in c.figures}
    for pt in _random_points(10, seed=7):
        pt = {**pt, "phi": Q(0), "rho": Q(0)}
        a, g, p, h, cl, d = (pt[k] for k in ("a", "g", "p", "h", "c_L", "delta"))
        x_e = (h * (a + g - p) + g * cl) / (2 * g * h)
        assert same(at(forms["delta_any_deal"], pt), cl * g / (h * (a + g - p)))
        assert same(at(forms["delta_enforceable_deal"], pt), x_e * g / (a + g - p))
        assert same(at(forms["term_self_enforcing_max"], pt), d * (a + g - p) / g)


def test_drawdown_closed_forms_read_in_c_L():
    # The definition c_L = tau + lam + e is folded back in: c_L/h, not (e + lam + tau)/h.
    c = compared("hennepin_drawdown")
    low = c.figure("deal_zone_low").formula
    assert {s.name for s in low.free_symbols} == {"c_L", "h"}
    xbar = c.figure("term_self_enforcing_max").formula
    assert {s.name for s in xbar.free_symbols} == {"a", "delta", "g", "p", "phi", "rho"}


def test_drawdown_formulas_with_overrides_at_random_points():
    # With g = 3/2 fixed the other parameters stay symbolic; every closed form must still agree
    # with the hand-derived ones (this caught the Integer(1/3) bug in the display form).
    c = compared("hennepin_drawdown", g="3/2")
    forms = {f.key: f.formula for f in c.figures}
    for pt in _random_points(10, seed=11):
        pt = {**pt, "g": Q(3, 2)}
        if pt["a"] + pt["g"] <= pt["p"] or pt["a"] + pt["g"] - pt["p"] == pt["phi"]:
            continue
        for key, want in _domain_forms(pt).items():
            free = {s.name for s in forms[key].free_symbols}
            assert "g" not in free, key
            assert same(at(forms[key], pt), want), (key, pt)


@pytest.mark.parametrize(
    "args",
    [(), ("0.9",), ("0.6", "1/4"), ("0.95", None)],
    ids=["default", "0.9", "0.6-1/4", "0.95"],
)
def test_drawdown_figures_agree_with_their_formulas(args):
    c = compared("hennepin_drawdown", *args)
    pt = {k: v for k, v in c.parameters}
    pt["c_L"] = pt["tau"] + pt["lam"] + pt["e"]
    pt["delta"] = dict(c.outcome("self-enforcing").parameters)["delta"]
    for f in c.figures:
        if f.value is None or f.formula is None:
            continue
        assert same(at(f.formula, pt), f.value), f.key


def test_nice_keeps_values():
    # The display helper must not change a value: fractions in the collected coefficients too.
    x, d, r = sp.symbols("x delta rho", positive=True)
    for e in [(d * (1 - r) * (x + Q(3, 2)) + x) / Q(3, 2), (3 * x - 1) / (2 - 2 * r), -x / (r - 1)]:
        assert same(nice(e, (d,)), e)
        assert same(nice(e), e)


# --- surge_pd --------------------------------------------------------------------------------


def test_surge_enforceable_nbs():
    # Feasible hull of (C,R)=(-2,3), (C,S)=(-6,4), (N,R)=(0,0), (N,S)=(-4,1); d = (-4,1).
    # On the edge (-2,3)-(0,0): (2 + 2t)(2 - 3t) = 4 - 2t - 6t^2, maximal at t = 0; on
    # (-6,4)-(-2,3): (2 - 4s)(2 + s) = 4 - 6s - 4s^2, maximal at s = 0: NBS (-2,3), product 4.
    c = compared("surge_pd")
    e = c.outcome(Regime.ENFORCEABLE)
    assert (e.outcome, e.payoffs, e.nash_product) == ("(Cooperate, Restrain)", (-2, 3), 4)
    u = c.outcome(Regime.UNENFORCEABLE)
    assert (u.payoffs, u.cooperates) == ((-4, 1), False)


@pytest.mark.parametrize(
    "delta,payoffs,product",
    [
        # delta in [4/9, 1/2): the SPE set's best vertex is 2*delta*(-2,3) = (-4 delta, 6 delta),
        # product (4 - 4 delta)(6 delta - 1): 0.45 -> (-9/5, 27/10), (11/5)(17/10) = 187/50.
        pytest.param("0.45", (Q(-9, 5), Q(27, 10)), Q(187, 50), id="0.45"),
        # 0.47 -> (-47/25, 141/50), (53/25)(91/50) = 4823/1250.
        pytest.param("0.47", (Q(-47, 25), Q(141, 50)), Q(4823, 1250), id="0.47"),
        # delta >= 1/2: the full feasible IR set, so the binding deal itself.
        pytest.param("0.5", (-2, 3), 4, id="0.5"),
        # delta < 4/9: only the standoff.
        pytest.param("0.4", (-4, 1), 0, id="0.4"),
    ],
)
def test_surge_self_enforcing(delta, payoffs, product):
    c = compared("surge_pd", delta)
    s = c.outcome(Regime.SELF_ENFORCING)
    assert (s.payoffs, s.nash_product) == (payoffs, product)
    assert value(c, "cost_of_unenforceability") == 4 - product


def test_surge_thresholds_and_formulas():
    # Grim trigger: the county gains c_L = 2 by refusing while the federal side restrains, and
    # loses 2 per period after: delta >= c_L/h = 2/(2 + 2) = 1/2. The federal side gains g = 1
    # by surging and loses a - p = 2: delta >= g/(a + g - p) = 1/3. Some deal from 4/9
    # (randomising over (C,R) and (N,R)); the whole set from 1/2.
    c = compared("surge_pd")
    assert value(c, "delta_Local") == Q(1, 2) and value(c, "delta_Federal") == Q(1, 3)
    assert value(c, "delta_enforceable_deal") == Q(1, 2)
    assert value(c, "delta_any_deal") == Q(4, 9)
    assert value(c, "delta_full_set") == Q(1, 2)
    # A stage penalty on departures: the county's gain c_L = 2, the federal side's g = 1.
    assert value(c, "penalty_needed") == 2
    rng = random.Random(5)
    forms = {k: c.figure(k).formula for k in ("delta_Local", "delta_Federal", "penalty_needed")}
    for _ in range(10):
        h, a, g = Q(rng.randint(5, 32), 4), Q(rng.randint(3, 24), 4), Q(rng.randint(1, 16), 4)
        p, cl = Q(rng.randint(1, a * 4 - 1), 4), Q(rng.randint(1, 19), 4)
        pt = {"h": h, "a": a, "g": g, "p": p, "c_L": cl}
        assert same(at(forms["delta_Local"], pt), cl / h)
        assert same(at(forms["delta_Federal"], pt), g / (a + g - p))
        assert same(at(forms["penalty_needed"], pt), sp.Max(cl, g))


@pytest.mark.parametrize(
    "penalty,holds",
    [
        # phi = 3 > max(c_L, g) = 2: both strictly prefer to keep the agreement.
        pytest.param("3", True, id="3-holds"),
        # phi = 1/2: the county still gains 2 - 1/2 > 0 by refusing.
        pytest.param("1/2", False, id="1/2-fails"),
    ],
)
def test_surge_partial(penalty, holds):
    o = compared("surge_pd", None, penalty).outcome(Regime.PARTIAL)
    assert o.cooperates is holds
    assert o.payoffs == ((-2, 3) if holds else (-4, 1))


def test_surge_leaders_gain_nothing():
    # Refusing and surging are strictly dominant: whoever commits first, the other still plays
    # its dominant action, so commitment gains nothing: (Refuse, Surge) both ways.
    c = compared("surge_pd")
    leaders = [o for o in c.outcomes if o.regime is Regime.LEADER]
    assert [o.payoffs for o in leaders] == [(-4, 1), (-4, 1)]


# --- detainer_liability ----------------------------------------------------------------------


def test_detainer_defaults_sc_declined_indemnified_honored():
    # sigma* = (kappa + pi J + tau)/(psi v) = (1/2 + 1/20*20 + 1/2)/10 = 1/5 > 0.14: SC's
    # detainers are declined under a verbal assurance. Indemnified (pi = 0): (1/2 + 1/2)/10 =
    # 1/10 <= 0.14: honored. Shared liability (pi/2): (1/2 + 1/2 + 1/2)/10 = 3/20. Reimbursed
    # too (kappa = 0): (1/2)/10 = 1/20.
    c = compared("detainer_liability")
    assert [(o.label, o.regime, o.cooperates) for o in c.outcomes] == [
        ("assurance", Regime.UNENFORCEABLE, False),
        ("shared_liability", Regime.PARTIAL, False),
        ("indemnified", Regime.ENFORCEABLE, True),
        ("reimbursed", Regime.ENFORCEABLE, True),
    ]
    thresholds = [value(c, f"threshold_{o.label}") for o in c.outcomes]
    assert thresholds == [Q(1, 5), Q(3, 20), Q(1, 10), Q(1, 20)]
    # Honored and indemnified: the jail gets 0.14*10 - 1/2 - 1/2 = 2/5, ICE psi*b = 1.
    assert c.outcome("enforceable").payoffs == (Q(2, 5), 1)
    assert c.disagreement == (0, 0)
    assert (value(c, "cost_Jail"), value(c, "cost_ICE")) == (Q(2, 5), 1)


def test_detainer_pickup_probability():
    # psi = 0.7: sigma* = 2/(0.7*10) = 2/7; indemnified 1/7 > 0.14, so even indemnified the SC
    # detainers are declined: the pickup failure undoes the contract.
    c = compared("detainer_liability", psi="0.7")
    assert value(c, "threshold_assurance") == Q(2, 7)
    assert value(c, "threshold_indemnified") == Q(1, 7)
    assert c.outcome("enforceable").cooperates is False


def test_detainer_threshold_formulas_at_random_points():
    c = compared("detainer_liability")
    rng = random.Random(3)
    forms = {o.label: c.figure(f"threshold_{o.label}").formula for o in c.outcomes}
    for _ in range(10):
        k, pi, J = Q(rng.randint(0, 8), 4), Q(rng.randint(0, 20), 100), Q(rng.randint(0, 50))
        tau, psi, v = Q(rng.randint(0, 8), 4), Q(rng.randint(50, 100), 100), Q(rng.randint(2, 20))
        pt = {"kappa": k, "pi": pi, "J": J, "lam": pi * J, "tau": tau, "psi": psi, "v": v}
        assert same(at(forms["assurance"], pt), (k + pi * J + tau) / (psi * v))
        assert same(at(forms["shared_liability"], pt), (k + pi * J / 2 + tau) / (psi * v))
        assert same(at(forms["indemnified"], pt), (k + tau) / (psi * v))
        assert same(at(forms["reimbursed"], pt), tau / (psi * v))


# --- jail_access_commitment (Powell 2006) ----------------------------------------------------


def test_jail_access_patience_hurts():
    # Accept iff (1 - delta) xbar + delta w1 >= w0, i.e. delta <= (xbar - w0)/(xbar - w1)
    # = (0.6 - 0.4)/(0.6 - 0.1) = 2/5.
    c = compared("jail_access_commitment")  # delta = 0.8 by default
    assert value(c, "threshold_no_lock_in") == Q(2, 5)
    assert c.outcome("unenforceable").cooperates is False
    assert c.outcome("unenforceable").outcome == "Refuse"
    c3 = compared("jail_access_commitment", "0.3")
    assert c3.outcome("unenforceable").cooperates is True
    # The deal's payoffs at 0.3: (0.7*0.6 + 0.3*0.1, 0.7*0.4 + 0.3*0.9) = (9/20, 11/20).
    assert c3.outcome("unenforceable").payoffs == (Q(9, 20), Q(11, 20))


def test_jail_access_no_deal_point_is_the_standoff():
    # When the deal holds without enforcement the disagreement point is still the standoff,
    # Refuse = (w0, 1 - w0 - k) = (2/5, 1/2), not the deal itself (fixed: it used to be the
    # unenforceable outcome, which gave a zero Nash product to the deal).
    c = compared("jail_access_commitment", "0.3")
    assert c.disagreement == (Q(2, 5), Q(1, 2))
    # (9/20 - 2/5)(11/20 - 1/2) = 1/400.
    assert c.outcome("unenforceable").nash_product == Q(1, 400)


@pytest.mark.parametrize("delta", ["0", "0.3", "2/5", "0.8", "0.99"])
def test_jail_access_locked_terms_deal_at_any_delta(delta):
    # Locked terms: w1 = xbar, the county gets xbar = 3/5 >= w0 = 2/5 at every delta.
    c = compared("jail_access_commitment", delta)
    locked = c.outcome("enforceable")
    assert locked.cooperates is True and locked.payoffs[0] == Q(3, 5)
    assert c.figure("threshold_locked_terms").note == "any delta"


def test_jail_access_boundary_is_inclusive():
    # delta = 2/5 exactly: (3/5)(3/5) + (2/5)(1/10) = 2/5 = w0, the county is indifferent; the
    # tie is reported and the first subgame-perfect equilibrium (Accept) is the one shown.
    c = compared("jail_access_commitment", "2/5")
    assert c.outcome("unenforceable").cooperates is True
    assert any("ties" in d for d in c.diagnostics)


def test_jail_access_threshold_formula_at_random_points():
    f = compared("jail_access_commitment").figure("threshold_no_lock_in").formula
    rng = random.Random(9)
    for _ in range(10):
        w1 = Q(rng.randint(0, 30), 100)
        w0 = w1 + Q(rng.randint(1, 30), 100)
        xbar = w0 + Q(rng.randint(1, 30), 100)
        pt = {"xbar": xbar, "w0": w0, "w1": w1}
        assert same(at(f, pt), (xbar - w0) / (xbar - w1))


# --- errors ------------------------------------------------------------------------------------


def test_penalty_without_penalty_parameter():
    with pytest.raises(ScenarioError, match="no penalty parameter") as err:
        compare_regimes(scenario("detainer_liability"), penalty="1")
    assert err.value.key == "--penalty"


def test_delta_without_discount_parameter():
    with pytest.raises(ScenarioError, match="no discount-factor parameter") as err:
        compare_regimes(scenario("detainer_liability"), delta="0.5")
    assert err.value.key == "--delta"


def test_unknown_set_name():
    with pytest.raises(ScenarioError, match="has no parameter 'zz'") as err:
        compare_regimes(scenario("hennepin_drawdown"), {"zz": "1"})
    assert "--set zz" in str(err.value)


@pytest.mark.parametrize(
    "name,kwargs,match",
    [
        ("hennepin_drawdown", {"delta": "1"}, r"--delta: expected a discount factor in \[0, 1\)"),
        ("hennepin_drawdown", {"delta": "abc"}, "--delta: unknown name 'abc'"),
        ("hennepin_drawdown", {"penalty": "-1"}, "--penalty: value -1 of 'phi' is outside"),
        ("surge_pd", {"delta": "0"}, r"--delta: expected a discount factor in \(0, 1\)"),
        ("surge_pd", {"penalty": "-1"}, "--penalty: expected a nonnegative penalty"),
        ("jail_access_commitment", {"delta": "1"}, "--delta: value 1 of 'delta' is outside"),
    ],
)
def test_bad_option_values(name, kwargs, match):
    with pytest.raises(ScenarioError, match=match):
        compare_regimes(scenario(name), **kwargs)


def test_scenario_without_compare_section():
    with pytest.raises(
        UnsupportedGameError, match=r"\('trust_game'\): it has no \[compare\] section"
    ):
        compare_regimes(scenario("trust_game"))
    assert issubclass(UnsupportedGameError, GameTheoryError)


def test_option_number_is_exact():
    from fractions import Fraction

    assert option_number("0.6", "--delta") == Q(3, 5)
    assert option_number(Fraction(1, 3), "--delta") == Q(1, 3)
    assert option_number(Q(2, 7), "--delta") == Q(2, 7)


def test_outcome_and_figure_lookup_errors():
    c = compared("hennepin_drawdown")
    with pytest.raises(KeyError, match="no 'partial' regime"):
        c.outcome("partial")
    with pytest.raises(KeyError, match="the figures are: deal_zone_low"):
        c.figure("nope")
    assert F(3, 8) == c.outcome("enforceable").level


@pytest.mark.parametrize(
    "name, enforceable, no_deal",
    [
        # Stag hunt: the payoff-dominant equilibrium (Stag, Stag) is selected and is efficient,
        # so a binding agreement adds nothing (Harsanyi & Selten 1988).
        ("stag_hunt", ("4", "4"), ("4", "4")),
        # Chicken 2/0/3/-1: no criterion selects a pure equilibrium, so the no-deal point is the
        # mixed one (1/2, 1/2) worth (1, 1); the Nash bargaining solution on the feasible set is
        # (Swerve, Swerve) = (2, 2), product 1.
        ("chicken", ("2", "2"), ("1", "1")),
        # Battle of the sexes 2/1/0: the mixed equilibrium (2/3, 2/3) is the no-deal point; the
        # NBS on the segment (2,1)-(1,2) is its midpoint (3/2, 3/2).
        ("battle_of_the_sexes", ("3/2", "3/2"), ("2/3", "2/3")),
    ],
)
def test_classic_games_compare_without_crashing(name, enforceable, no_deal) -> None:
    data = json.loads(CliRunner().invoke(cli, ["compare", name, "--format", "json"]).output)
    assert tuple(data["disagreement"]) == no_deal
    assert tuple(data["regimes"][0]["payoffs"]) == enforceable
