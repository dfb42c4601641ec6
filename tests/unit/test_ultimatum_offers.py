"""The structure of the statistical ultimatum game (gametheory.kinds.ultimatum_offers).

Source: Ramsay and Signorino (2009), "A statistical model of the ultimatum game", as implemented
by ``ultimatum()`` of the R package ``games`` (Kenkel and Signorino 2014, Journal of Statistical
Software 56(8); functions offerCDF, offerPDF and logLikUlt of games/R/ultimatum.r). Player 2
accepts y iff y >= R2 + e2; player 1's first-order condition is e1 = g(y) = Q - y - R1 -
s2 (1 + exp((y - R2)/s2)); P(offer <= y) = 1 / (1 + exp(g(y)/s1)).

The oracles here are independent of the module: a Monte Carlo of the game itself (the proposer's
problem solved by brute force on a grid), bisection for g^{-1}(0), and a deliberately naive
likelihood written from the formulas with the math module.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate

from gametheory.kinds.ultimatum_offers import (
    UltimatumPoint,
    accept_probability,
    acceptance_rate,
    expected_offer,
    gap,
    loglik_gradient,
    loglik_terms,
    offer_cdf,
    offer_density,
    offer_rule,
    w_exp,
)

#: (Q, R1, R2, s1, s2): the bundled igsa_per_diem defaults; the simdatault.r constants of the R
#: package (Q = 15, R1 = 5, R2 = 10, s1 = 5, s2 = 1); a pie too small (a large atom at Q); wide
#: shocks with a visible atom at 0.
POINTS = [
    pytest.param((15.0, 4.0, 8.0, 2.0, 1.0), id="igsa_per_diem"),
    pytest.param((15.0, 5.0, 10.0, 5.0, 1.0), id="simdatault"),
    pytest.param((3.0, -8.0, 8.0, 2.0, 1.0), id="highball"),
    pytest.param((10.0, 6.0, 1.0, 3.0, 2.0), id="lowball"),
]


def _atoms(p: UltimatumPoint) -> tuple[float, float]:
    """P(offer = 0) and P(offer = Q), written out from the published formulas."""
    g0 = p.q - 0 - p.r1 - p.s2 * (1 + math.exp((0 - p.r2) / p.s2))
    gq = p.q - p.q - p.r1 - p.s2 * (1 + math.exp((p.q - p.r2) / p.s2))
    return 1 / (1 + math.exp(g0 / p.s1)), 1 - 1 / (1 + math.exp(gq / p.s1))


@pytest.mark.parametrize("values", POINTS)
def test_atoms_and_density_integrate_to_one(values: tuple[float, ...]) -> None:
    p = UltimatumPoint(*values)
    low, high = _atoms(p)
    inner, err = integrate.quad(
        lambda y: float(offer_density(y, p)), 0.0, p.q, epsabs=1e-13, epsrel=1e-13, limit=200
    )
    assert err < 1e-10
    assert low + inner + high == pytest.approx(1.0, abs=1e-9)
    # The cdf is the atom at 0 plus the integral of the density.
    for y in np.linspace(0.1, p.q - 0.1, 5):
        part, _ = integrate.quad(lambda t: float(offer_density(t, p)), 0.0, y, epsabs=1e-13)
        assert float(offer_cdf(y, p)) == pytest.approx(low + part, abs=1e-9)
    assert float(offer_cdf(0.0, p)) == pytest.approx(low, rel=1e-12)
    assert float(offer_cdf(p.q, p)) == 1.0


def _bisect(f: object, lo: float, hi: float) -> float:
    flo = f(lo)  # type: ignore[operator]
    for _ in range(200):
        mid = (lo + hi) / 2
        if (f(mid) > 0) == (flo > 0):  # type: ignore[operator]
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


@pytest.mark.parametrize("values", POINTS)
@pytest.mark.parametrize("e1", [-3.0, 0.0, 2.5])
def test_lambert_w_offer_is_the_root_of_the_first_order_condition(
    values: tuple[float, ...], e1: float
) -> None:
    p = UltimatumPoint(*values)
    g = lambda y: p.q - y - p.r1 - p.s2 * (1 + math.exp((y - p.r2) / p.s2)) - e1  # noqa: E731
    lo, hi = -50.0, 50.0  # g - e1 is strictly decreasing: positive at lo, negative at hi
    assert g(lo) > 0 > g(hi)
    root = _bisect(g, lo, hi)
    assert float(offer_rule(e1, p, clip=False)) == pytest.approx(root, abs=1e-9)
    assert float(offer_rule(e1, p)) == pytest.approx(min(max(root, 0.0), p.q), abs=1e-9)


def _monte_carlo(p: UltimatumPoint, n: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """Play the game: draw e1, maximise the proposer's expected payoff over a grid of offers
    (brute force, no first-order condition), draw e2, accept iff y >= R2 + e2."""
    rng = np.random.default_rng(seed)
    grid = np.linspace(0.0, p.q, 1501)
    accept = 1 / (1 + np.exp(-(grid - p.r2) / p.s2))
    offers = np.empty(n)
    e1 = rng.logistic(0.0, p.s1, n)
    for start in range(0, n, 500):
        chunk = e1[start : start + 500, None]
        payoff = (p.q - grid) * accept + (p.r1 + chunk) * (1 - accept)
        offers[start : start + 500] = grid[np.argmax(payoff, axis=1)]
    e2 = rng.logistic(0.0, p.s2, n)
    return offers, (offers >= p.r2 + e2).astype(float)


@pytest.mark.parametrize("values", POINTS)
def test_distribution_matches_a_monte_carlo_of_the_game(values: tuple[float, ...]) -> None:
    p = UltimatumPoint(*values)
    n = 20000
    offers, accepted = _monte_carlo(p, n, seed=7)
    step = p.q / 1500
    low, high = _atoms(p)
    se = lambda q: 4 * math.sqrt(q * (1 - q) / n) + 1e-3  # noqa: E731
    assert np.mean(offers == 0.0) == pytest.approx(low, abs=se(low))
    assert np.mean(offers == p.q) == pytest.approx(high, abs=se(high))
    for y in np.linspace(0.2, p.q - 0.2, 7):
        # the grid moves an offer by at most half a step: bracket the cdf
        emp = np.mean(offers <= y)
        lo, hi = float(offer_cdf(y - step, p)), float(offer_cdf(y + step, p))
        assert lo - se(lo) <= emp <= hi + se(hi), (y, emp, lo, hi)
    assert np.mean(accepted) == pytest.approx(acceptance_rate(p), abs=se(0.5))
    assert np.mean(offers) == pytest.approx(
        expected_offer(p), abs=4 * np.std(offers) / math.sqrt(n) + step
    )


def _naive_loglik(
    y: float, a: int | None, q: float, r1: float, r2: float, s1: float, s2: float
) -> float:
    """One observation's log-likelihood, straight from the published formulas."""
    g = lambda t: q - t - r1 - s2 * (1 + math.exp((t - r2) / s2))  # noqa: E731
    if y == 0:
        offer = 1 / (1 + math.exp(g(0) / s1))
    elif y == q:
        offer = math.exp(g(q) / s1) / (1 + math.exp(g(q) / s1))  # = 1 - 1/(1 + exp(g(Q)/s1))
    else:
        x = abs(g(y) / s1)  # the logistic density is symmetric: exp(-|x|) cannot overflow
        offer = math.exp(-x) / (1 + math.exp(-x)) ** 2 / s1 * (1 + math.exp((y - r2) / s2))
    out = math.log(offer)
    if a is not None:
        pa = 1 / (1 + math.exp(-(y - r2) / s2))
        out += math.log(pa if a == 1 else 1 - pa)
    return out


@pytest.mark.parametrize("values", POINTS)
def test_likelihood_equals_a_naive_reimplementation(values: tuple[float, ...]) -> None:
    p = UltimatumPoint(*values)
    rng = np.random.default_rng(3)
    y = np.concatenate([[0.0, p.q], rng.uniform(0.0, p.q, 40)])
    a = rng.integers(0, 2, len(y))
    ours = loglik_terms(y, a, p)
    offers_only = loglik_terms(y, None, p)
    for k in range(len(y)):
        want = _naive_loglik(float(y[k]), int(a[k]), *values)
        assert ours[k] == pytest.approx(want, rel=1e-10, abs=1e-10)
        want_offer = _naive_loglik(float(y[k]), None, *values)
        assert offers_only[k] == pytest.approx(want_offer, rel=1e-10, abs=1e-10)
    # an unobserved acceptance (-1) leaves the offer's term alone
    assert loglik_terms(y, np.full(len(y), -1), p) == pytest.approx(offers_only, rel=1e-14)


@settings(max_examples=40, deadline=None)
@given(
    q=st.floats(1.0, 20.0),
    r1=st.floats(-5.0, 10.0),
    r2=st.floats(-5.0, 15.0),
    s1=st.floats(0.3, 5.0),
    s2=st.floats(0.3, 3.0),
    frac=st.floats(0.01, 0.99),
)
def test_analytic_gradient_matches_finite_differences(
    q: float, r1: float, r2: float, s1: float, s2: float, frac: float
) -> None:
    base = np.array([q, r1, r2, s1, s2])
    y = np.array([0.0, q, frac * q])
    a = np.array([0, 1, 1])
    grad = loglik_gradient(y, a, UltimatumPoint(*base))
    for j in range(5):
        h = 1e-6 * max(1.0, abs(base[j]))
        up, down = base.copy(), base.copy()
        up[j] += h
        down[j] -= h
        # an offer at Q stays at Q when Q moves (the atom); Q is known in the model (maxOffer),
        # and its row is checked where the offer is not at Q
        yu = np.array([0.0, up[0], frac * q])
        yd = np.array([0.0, down[0], frac * q])
        lu, ld = (
            loglik_terms(yu, a, UltimatumPoint(*up)),
            loglik_terms(yd, a, UltimatumPoint(*down)),
        )
        num = (lu - ld) / (2 * h)
        # rounding of a log-likelihood of size |l| costs about 1e-16 |l| / h in the difference
        tol = 1e-5 * (1 + np.abs(num)) + 1e-14 * np.maximum(np.abs(lu), np.abs(ld)) / h
        keep = [0, 2] if j == 0 else [0, 1, 2]
        assert np.all(np.abs(grad[j] - num)[keep] <= tol[keep]), (j, grad[j], num)


def test_gap_is_decreasing_and_acceptance_is_the_logistic() -> None:
    p = UltimatumPoint(15.0, 4.0, 8.0, 2.0, 1.0)
    ys = np.linspace(0.0, 15.0, 301)
    assert np.all(np.diff(gap(ys, p)) < 0)
    assert float(accept_probability(8.0, p)) == 0.5
    assert float(accept_probability(9.0, p)) == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-15)


@pytest.mark.parametrize("x", [-30.0, -1.0, 0.0, 1.0, 50.0, 650.0, 710.0, 2000.0])
def test_w_of_exp_solves_its_equation(x: float) -> None:
    w = float(w_exp(x))
    assert w > 0
    assert w + math.log(w) == pytest.approx(x, rel=1e-12, abs=1e-12)
