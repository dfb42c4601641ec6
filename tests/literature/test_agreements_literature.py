"""Published values for self-enforcing agreements, as data (one ``pytest.param`` per value).

* Friedman, J. W. (1971), *Review of Economic Studies* 38(1): grim trigger in the prisoner's
  dilemma needs delta >= (T - R)/(T - P). In a symmetric game transfers cannot move slack between
  identical players, so Levin (2003, *American Economic Review* 93(3)) gives the same threshold
  with transfers: (2(T - R))/(2(T - R) + 2(R - P)).
* Bernheim, B. D. and Whinston, M. D. (1990), *RAND Journal of Economics* 21(1): with identical
  markets multimarket contact changes nothing; with asymmetric ones the pooled constraint
  sum_k g_k <= delta/(1 - delta) sum_k s_k is what binds (the mediant of the thresholds).
* Green, E. J. and Porter, R. H. (1984), *Econometrica* 52(1): trigger strategies with reversion
  for ever under imperfect monitoring need g(1 - delta + p delta) <= delta (q - p)(R - P); at
  p = 0, q = 1 this is Friedman's condition.
* Farrell, J. and Maskin, E. (1989), *Games and Economic Behavior* 1(4): grim trigger is never
  weakly renegotiation-proof in the prisoner's dilemma; van Damme, E. (1989), *Journal of Economic
  Theory* 47(1): penance is, for delta >= max{(T - R)/(R - S), (P - S)/(R - S)}.
"""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory.model.agreements import LinkedIssue
from gametheory.model.normal_form import NormalFormGame
from gametheory.repeated.automata import grim_trigger, penance
from gametheory.repeated.game import RepeatedGame
from gametheory.repeated.linkage import analyse_linkage
from gametheory.repeated.monitoring import analyse_monitoring
from gametheory.repeated.renegotiation import check_renegotiation_proof
from gametheory.repeated.transfers import analyse_transfers

R = sp.Rational


def pd(t, r, p, s) -> NormalFormGame:
    return NormalFormGame.from_matrices(
        [[r, s], [t, p]], [[r, t], [s, p]], actions=(("C", "D"), ("C", "D"))
    )


PAYOFFS = [(5, 3, 1, 0), (4, 3, 1, 0), (6, 3, 1, -1), (7, 4, 2, 0), (3, 2, 0, -1)]


@pytest.mark.parametrize("tRps", PAYOFFS, ids=[f"pd{t}{r}{p}{s}" for t, r, p, s in PAYOFFS])
def test_friedman_and_levin_pd(tRps) -> None:
    t, r, p, s = tRps
    prof = analyse_transfers(pd(t, r, p, s)).profile("C", "C")
    assert prof.nash == prof.nash_transfers == R(t - r, t - p)


@pytest.mark.parametrize("tRps", PAYOFFS, ids=[f"pd{t}{r}{p}{s}" for t, r, p, s in PAYOFFS])
def test_van_damme_penance_and_farrell_maskin_grim(tRps) -> None:
    t, r, p, s = tRps
    g = RepeatedGame.common(pd(t, r, p, s))
    pen = penance("C", "D", "C", "D")
    want = max(R(t - r, r - s), R(p - s, r - s))
    verdict = check_renegotiation_proof(g, (pen, pen)).joint
    assert verdict.threshold == want if want < 1 else verdict.is_empty
    grim = grim_trigger("C", "D", "C")
    assert check_renegotiation_proof(g, (grim, grim)).joint.is_empty


@pytest.mark.parametrize(
    ("games", "expected"),
    [
        pytest.param([pd(5, 3, 1, 0)] * 3, R(1, 2), id="BW1990-identical-markets"),
        pytest.param([pd(5, 3, 1, 0), pd(4, 3, 0, -1)], R(3, 8), id="BW1990-pooled-mediant"),
    ],
)
def test_bernheim_whinston(games, expected) -> None:
    a = analyse_linkage([LinkedIssue(f"market {k}", g) for k, g in enumerate(games)])
    assert a.threshold == expected


@pytest.mark.parametrize(
    ("p", "q", "expected"),
    [
        pytest.param(0, 1, R(1, 2), id="GP1984-perfect-monitoring-is-Friedman"),
        pytest.param(R(1, 10), R(4, 5), R(5, 8), id="GP1984-p0.1-q0.8"),
        pytest.param(R(1, 4), 1, R(2, 3), id="GP1984-p0.25-q1"),
        pytest.param(0, R(1, 2), R(2, 3), id="GP1984-p0-q0.5"),
    ],
)
def test_green_porter(p, q, expected) -> None:
    # g/(g(1 - p) + (q - p)(R - P)) at 5/3/1/0 (g = 2, R - P = 2)
    assert R(2) / (2 * (1 - sp.sympify(p)) + (q - sp.sympify(p)) * 2) == expected
    assert analyse_monitoring(pd(5, 3, 1, 0), p, q).threshold == expected
