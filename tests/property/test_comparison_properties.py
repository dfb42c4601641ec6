"""``compare_regimes`` on ``hennepin_drawdown`` against an independent brute force over deals.

Hypothesis draws parameter points inside the scenario's declared ranges (tau in [0, 2], lam and e
in [0, 1], h in [1, 8], a and g in [1/2, 4], p in [0, 4] with a + g > p, delta in [0, 0.99], phi
in [0, 2], rho in [0, 1/2]) on coarse rational grids, so boundary cases (a deal zone of one
point, a credibility bound exactly at its edge) come up often.

The oracle knows nothing of the library: it writes the one-shot offer tree's payoffs from
the model's definitions (honor x: (-c_L - h(1 - x), a + g(1 - x)); renege: (-c_L - h,
a + g - phi); refuse: (-h, p)), evaluates them on the exact grid x = k/400 of [0, 1] plus the
points where a constraint binds (they are needed: a deal zone can be a single point), keeps the
terms that are individually rational and that the federal side honors under each regime

* enforceable: no honor constraint (the renege branch is removed);
* unenforceable: honor >= renege with phi = 0 (one shot);
* partial: honor >= renege with the penalty phi (one shot);
* self-enforcing: honor >= (1 - delta') renege + delta' standoff, delta' = delta(1 - rho)
  (the county never cooperates again after a broken promise);
* leader: the federal side picks the term it likes best among those the county accepts,

and maximises the Nash product against the standoff. Feasibility is decided exactly (Fractions,
no tolerance); only the *location* of the optimum is compared within the grid step.
"""

from __future__ import annotations

from fractions import Fraction as F
from functools import cache

import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory import Regime, compare_regimes, load_scenario

STEP = F(1, 400)
GRID = [k * STEP for k in range(401)]


@cache
def drawdown():
    return load_scenario("hennepin_drawdown")


def on(lo: int, hi: int, den: int) -> st.SearchStrategy[F]:
    """Rationals k/den in [lo, hi]."""
    return st.integers(lo * den, hi * den).map(lambda k: F(k, den))


@st.composite
def points(draw: st.DrawFn) -> dict[str, F]:
    pt = {
        "tau": draw(on(0, 2, 8)),
        "lam": draw(on(0, 1, 8)),
        "e": draw(on(0, 1, 8)),
        "h": draw(on(1, 8, 4)),
        "a": draw(st.integers(2, 16).map(lambda k: F(k, 4))),
        "g": draw(st.integers(2, 16).map(lambda k: F(k, 4))),
        "p": draw(on(0, 4, 4)),
        "delta": draw(st.integers(0, 99).map(lambda k: F(k, 100))),
        "phi": draw(on(0, 2, 8)),
        "rho": draw(st.integers(0, 50).map(lambda k: F(k, 100))),
    }
    assume(pt["a"] + pt["g"] > pt["p"])  # the scenario's assumption
    return pt


class Oracle:
    """The brute force, from the model's definitions only."""

    def __init__(self, pt: dict[str, F]) -> None:
        self.pt = pt
        self.c_L = pt["tau"] + pt["lam"] + pt["e"]
        self.d = (-pt["h"], pt["p"])

    def honor(self, x: F) -> tuple[F, F]:
        pt = self.pt
        return (-self.c_L - pt["h"] * (1 - x), pt["a"] + pt["g"] * (1 - x))

    def renege(self, phi: F) -> tuple[F, F]:
        pt = self.pt
        return (-self.c_L - pt["h"], pt["a"] + pt["g"] - phi)

    def nash(self, x: F) -> F:
        u = self.honor(x)
        return (u[0] - self.d[0]) * (u[1] - self.d[1])

    def rational(self, x: F) -> bool:
        u = self.honor(x)
        return u[0] >= self.d[0] and u[1] >= self.d[1]

    def credible(self, regime: Regime, x: F) -> bool:
        pt, uf = self.pt, self.honor(x)[1]
        if regime in (Regime.ENFORCEABLE, Regime.LEADER):
            return True
        if regime is Regime.UNENFORCEABLE:
            return uf >= self.renege(F(0))[1]
        if regime is Regime.PARTIAL:
            return uf >= self.renege(pt["phi"])[1]
        de = pt["delta"] * (1 - pt["rho"])
        return uf >= (1 - de) * self.renege(pt["phi"])[1] + de * self.d[1]

    def candidates(self) -> list[F]:
        """The grid plus each point in [0, 1] where one of the linear constraints binds: u(x) =
        d for each player, honor = renege (one shot, with and without phi), and the repeated
        honor constraint, each solved as a line through its values at 0 and 1."""
        pt = self.pt
        de = pt["delta"] * (1 - pt["rho"])
        lines = [
            lambda x: self.honor(x)[0] - self.d[0],
            lambda x: self.honor(x)[1] - self.d[1],
            lambda x: self.honor(x)[1] - self.renege(F(0))[1],
            lambda x: self.honor(x)[1] - self.renege(pt["phi"])[1],
            lambda x: self.honor(x)[1] - (1 - de) * self.renege(pt["phi"])[1] - de * self.d[1],
        ]
        extra = []
        for f in lines:
            f0, f1 = f(F(0)), f(F(1))
            if f0 != f1:
                root = f0 / (f0 - f1)
                if 0 <= root <= 1:
                    extra.append(root)
        return sorted(set(GRID) | set(extra))

    def feasible(self, regime: Regime) -> list[F]:
        return [x for x in self.candidates() if self.rational(x) and self.credible(regime, x)]


def comparison(pt: dict[str, F]):
    sets = {k: str(v) for k, v in pt.items() if k not in ("delta", "phi")}
    return compare_regimes(drawdown(), sets, delta=str(pt["delta"]), penalty=str(pt["phi"]))


def q(v: sp.Expr) -> F:
    v = sp.Rational(v)
    return F(int(v.p), int(v.q))


def check_regime(oracle: Oracle, outcome, regime: Regime) -> None:
    feasible = oracle.feasible(regime)
    # The verdict: a deal iff some term is acceptable to both and credible (decided exactly).
    assert outcome.cooperates is bool(feasible), (regime, outcome.sentence)
    if not feasible:
        assert outcome.level is None and outcome.nash_product == 0
        assert tuple(map(q, outcome.payoffs)) == oracle.d
        return
    x = q(outcome.level)
    # The library's term is itself feasible (exactly) and its numbers are the tree's.
    assert oracle.rational(x) and oracle.credible(regime, x), (regime, x)
    assert tuple(map(q, outcome.payoffs)) == oracle.honor(x)
    assert q(outcome.nash_product) == oracle.nash(x)

    def objective(t: F) -> F:
        return oracle.honor(t)[1] if regime is Regime.LEADER else oracle.nash(t)

    best = max(objective(t) for t in feasible)
    # At least as good as the grid's best, and located within one grid step of a grid maximiser
    # (the Nash product is a strictly concave quadratic: -g h x^2 + ...; the federal payoff is
    # strictly decreasing in x).
    assert objective(x) >= best, (regime, x, best)
    arg = [t for t in feasible if objective(t) == best]
    assert min(abs(t - x) for t in arg) <= STEP, (regime, x, arg)


@given(points())
def test_every_regime_matches_the_brute_force_and_is_ordered(pt):
    c = comparison(pt)
    oracle = Oracle(pt)
    assert tuple(map(q, c.disagreement)) == oracle.d
    regimes = [Regime.ENFORCEABLE, Regime.UNENFORCEABLE, Regime.SELF_ENFORCING]
    if pt["phi"] != 0:
        regimes.append(Regime.PARTIAL)
    for regime in regimes:
        check_regime(oracle, c.outcome(regime), regime)
    if oracle.feasible(Regime.ENFORCEABLE):
        check_regime(oracle, c.outcome(Regime.LEADER), Regime.LEADER)
    else:
        assert all(o.regime is not Regime.LEADER for o in c.outcomes)
    check_ordering(pt, c)


def check_ordering(pt, c) -> None:
    # Theorem (the constraint sets are nested): the repeated honor constraint g x <= delta'(a +
    # g - p) + (1 - delta')phi is implied by the one-shot phi = 0 one (g x <= 0) because a + g > p
    # and phi >= 0, and the enforceable regime has no constraint at all. So the Nash products
    # are ordered: enforceable >= self-enforcing >= one shot, and enforceable >= partial >= one
    # shot; the cost of unenforceability is nonnegative.
    e = c.outcome(Regime.ENFORCEABLE).nash_product
    s = c.outcome(Regime.SELF_ENFORCING).nash_product
    u = c.outcome(Regime.UNENFORCEABLE).nash_product
    assert e >= s >= u >= 0
    if pt["phi"] != 0:
        assert e >= c.outcome(Regime.PARTIAL).nash_product >= u
    assert c.figure("cost_of_unenforceability").value >= 0


@settings(max_examples=max(10, settings().max_examples // 3))
@given(points(), st.integers(1, 99).map(lambda k: F(k, 100)))
def test_repeated_outcome_improves_with_patience(pt, more):
    # xbar(delta', phi) = (delta'(a + g - p - phi) + phi)/g rises in delta' iff phi <= a + g - p
    # (when the penalty is worth more than the relationship, patience dilutes it: see
    # test_penalty_beats_patience). Then the feasible set grows and the Nash product weakly rises.
    assume(pt["phi"] <= pt["a"] + pt["g"] - pt["p"])
    hi = max(pt["delta"], min(F(99, 100), pt["delta"] + more))
    lo_c, hi_c = comparison(pt), comparison({**pt, "delta": hi})
    lo_s, hi_s = lo_c.outcome("self-enforcing"), hi_c.outcome("self-enforcing")
    assert hi_s.nash_product >= lo_s.nash_product
    assert hi_s.cooperates or not lo_s.cooperates
    assert q(hi_c.figure("term_self_enforcing_max").value) >= q(
        lo_c.figure("term_self_enforcing_max").value
    )


@settings(max_examples=max(10, settings().max_examples // 3))
@given(points(), st.integers(1, 16).map(lambda k: F(k, 8)))
def test_repeated_outcome_improves_with_the_penalty(pt, more):
    # d xbar / d phi = (1 - delta')/g >= 0: a larger penalty never makes fewer deals credible.
    hi = min(F(2), pt["phi"] + more)
    lo_c, hi_c = comparison(pt), comparison({**pt, "phi": hi})
    lo_s, hi_s = lo_c.outcome("self-enforcing"), hi_c.outcome("self-enforcing")
    assert hi_s.nash_product >= lo_s.nash_product
    assert hi_s.cooperates or not lo_s.cooperates


def test_penalty_beats_patience():
    # When phi > a + g - p the one-shot penalty is worth more than the relationship, and
    # patience dilutes it: xbar is a weighted average of (a + g - p)/g and phi/g with weight
    # delta' on the first. Defaults (a + g - p = 1), phi = 2: delta = 0 gives xbar = 1 (the
    # whole binding deal 3/8 holds); delta = 0.9 gives (0.9 + 0.1*2)/2 = 11/20, still >= 3/8;
    # with phi = 3/4 (exactly g x_E): delta = 0 holds 3/8, delta = 0.6 gives (3/5 + 3/10)/2 =
    # 9/20 >= 3/8 as well. The reversal shows in xbar itself.
    base = {"tau": F(1, 2), "lam": F(1, 4), "e": F(1, 4), "h": F(4), "a": F(2), "g": F(2)}
    base |= {"p": F(3), "rho": F(0), "phi": F(2)}
    impatient = comparison({**base, "delta": F(0)}).figure("term_self_enforcing_max").value
    patient = comparison({**base, "delta": F(9, 10)}).figure("term_self_enforcing_max").value
    assert (impatient, patient) == (1, sp.Rational(11, 20))
