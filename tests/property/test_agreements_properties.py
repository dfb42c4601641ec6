"""Properties of transfers, linkage and noisy monitoring (exact; hypothesis).

(a) Transfers never hurt: with stage-Nash reversion the pooled threshold is at most each
    player's own (the mediant inequality; Levin 2003), the optimal penal code at most Nash
    reversion, and a profile that is sustainable without transfers is sustainable with them.
(b) Linkage never hurts (Bernheim and Whinston 1990): the linked threshold is at most the
    largest of the issues' own, and equals grim trigger on the explicit product game (an
    independent check by one-shot deviations).
(c) Noise hurts: the threshold of trigger strategies for ever rises with epsilon and falls with
    eta; with epsilon = 0 and eta = 1 it is grim trigger's; the path value falls with epsilon.
(d) Symbolic == numeric: the closed forms of surge_pd (transfers, linkage) at random parameter
    points equal the numeric thresholds.
"""

from __future__ import annotations

import sympy as sp
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from gametheory import load_scenario
from gametheory.model.agreements import LinkedIssue
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.automata import grim_trigger
from gametheory.repeated.deviation import check_strategies
from gametheory.repeated.game import RepeatedGame
from gametheory.repeated.linkage import analyse_linkage, product_threshold
from gametheory.repeated.monitoring import analyse_monitoring, trigger_value
from gametheory.repeated.transfers import analyse_transfers

R = sp.Rational
small = st.integers(-4, 6)


@st.composite
def games(draw, m=2, n=2) -> NormalFormGame:
    a = [[draw(small) for _ in range(n)] for _ in range(m)]
    b = [[draw(small) for _ in range(n)] for _ in range(m)]
    return NormalFormGame.from_matrices(a, b)


@st.composite
def pds(draw) -> NormalFormGame:
    s = draw(st.integers(-3, 3))
    p = draw(st.integers(s + 1, s + 4))
    r = draw(st.integers(p + 1, p + 4))
    t = draw(st.integers(r + 1, r + 4))
    assume(2 * r > t + s)
    return NormalFormGame.from_matrices(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


@given(games(2, 2) | games(2, 3) | games(3, 3))
@settings(max_examples=30)
def test_transfers_never_hurt(game: NormalFormGame) -> None:
    a = analyse_transfers(game)
    for p in a.profiles:
        if p.nash is not None:
            assert p.nash_transfers is not None and p.nash_transfers <= p.nash
        if p.nash_transfers is not None:
            assert p.optimal_transfers is not None and p.optimal_transfers <= p.nash_transfers
        if p.minmax is not None and a.minmax_is_equilibrium and p.nash is not None:
            assert p.minmax <= p.nash


@given(pds(), pds())
@settings(max_examples=8)
def test_linkage_never_hurts_and_matches_the_product_game(g1, g2) -> None:
    a = analyse_linkage([LinkedIssue("one", g1), LinkedIssue("two", g2)])
    assert a.threshold is not None and a.threshold <= a.separate
    assert min(i.threshold for i in a.issues) <= a.threshold
    assert product_threshold(a).threshold == a.threshold


probabilities = st.fractions(0, 1, max_denominator=20)


@given(pds(), probabilities, probabilities, probabilities)
@settings(max_examples=30)
def test_noise_hurts(game, e1, e2, eta) -> None:
    lo, hi = sorted((R(e1.numerator, e1.denominator), R(e2.numerator, e2.denominator)))
    q = R(eta.numerator, eta.denominator)
    a_lo, a_hi = analyse_monitoring(game, lo, q), analyse_monitoring(game, hi, q)
    if a_hi.threshold is not None:
        assert a_lo.threshold is not None and a_lo.threshold <= a_hi.threshold
    d = R(9, 10)
    v = [trigger_value(3, 1, p, d, None) for p in (lo, hi)]
    assert v[0] >= v[1]
    more = analyse_monitoring(game, lo, max(q, R(1, 2)))
    base = analyse_monitoring(game, lo, min(q, R(1, 2)))
    if base.threshold is not None:
        assert more.threshold is not None and more.threshold <= base.threshold


@given(pds())
@settings(max_examples=20)
def test_perfect_monitoring_is_grim(game) -> None:
    grim = grim_trigger("C", "D", "C")
    check = check_strategies(RepeatedGame.common(game), (grim, grim))
    assert analyse_monitoring(game, 0, 1).joint == check.joint


@given(
    st.fractions(1, 6, max_denominator=4),
    st.fractions(1, 4, max_denominator=4),
    st.fractions(1, 8, max_denominator=4),
)
@settings(max_examples=15)
def test_symbolic_equals_numeric_surge(h, g, a) -> None:
    sc = load_scenario("surge_pd")
    over = {"h": f"{h}", "g": f"{g}", "a": f"{a}"}
    try:
        values = sc.values(over)
    except Exception:
        assume(False)
    assume(not sc.failed_assumptions(values))
    t = analyse_transfers(sc.game_at(over), symbolic=sc.substitute())
    deal = t.profile("Cooperate", "Restrain")
    forms = dict(deal.formulas)
    if "nash_transfers" in forms and deal.nash_transfers is not None:
        assert forms["nash_transfers"].xreplace(values) == deal.nash_transfers
    link = load_scenario("linked_cooperation")
    la = analyse_linkage(link.linkage.issues, link.values(over))
    if dict(la.formulas).get("linked") is not None and la.threshold is not None:
        assert dict(la.formulas)["linked"].xreplace(link.values(over)) == la.threshold
