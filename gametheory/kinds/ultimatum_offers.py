"""The statistical ultimatum game of Ramsay and Signorino (2009) in floating point.

The game
--------
Player 1 (the proposer) offers ``y`` in ``[0, Q]``. Player 2 (the responder) accepts, and the
payoffs are ``(Q - y, y)``, or rejects, and they are ``(R1 + e1, R2 + e2)``: private reservation
values, ``e1 ~ Logistic(0, s1)`` and ``e2 ~ Logistic(0, s2)`` independent, each known only to its
owner. Write ``Lambda`` for the standard logistic cdf and ``lambda`` for its density.

* Player 2 accepts iff ``y >= R2 + e2``: ``P(accept | y) = Lambda((y - R2) / s2)``.
* Player 1 maximises ``(Q - y) F(y) + (R1 + e1) (1 - F(y))`` with ``F(y) = P(accept | y)``. The
  first-order condition is ``e1 = g(y) := Q - y - R1 - s2 (1 + exp((y - R2) / s2))``; ``g`` is
  strictly decreasing, so the optimal offer is ``y*(e1) = g^{-1}(e1)`` clipped to ``[0, Q]``, in
  closed form ``Q - R1 - e1 - s2 (1 + W(exp((Q - R1 - e1 - s2 - R2) / s2)))`` with Lambert's
  ``W``.
* Hence ``P(offer <= y) = 1 - Lambda(g(y) / s1)`` on ``[0, Q)``: an atom
  ``1 - Lambda(g(0) / s1)`` at 0, an atom ``Lambda(g(Q) / s1)`` at ``Q`` and the density
  ``lambda(g(y) / s1) / s1 * (1 + exp((y - R2) / s2))`` between.

The log-likelihood of an observation ``(y, a)`` is the log of the atom (``y`` within
:data:`OFFER_TOL` of 0 or ``Q``) or of the density at ``y``, plus ``log P(a | y)`` when the
acceptance ``a`` is observed. Every function here is vectorised over numpy arrays and computes in
floating point, in log space where exponentials could overflow.

References
----------
Ramsay, K. W. and Signorino, C. S. (2009). A statistical model of the ultimatum game. Working
paper, University of Rochester.

Kenkel, B. and Signorino, C. S. (2014). Estimating extensive form games in R. *Journal of
Statistical Software* 56(8) (``ultimatum()`` of the R package ``games``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy import integrate, special

__all__ = [
    "OFFER_TOL",
    "UltimatumPoint",
    "accept_probability",
    "acceptance_rate",
    "expected_offer",
    "gap",
    "loglik_gradient",
    "loglik_terms",
    "offer_cdf",
    "offer_density",
    "offer_rule",
    "simulate",
    "w_exp",
]

#: Offers within ``OFFER_TOL * max(1, Q)`` of 0 or of ``Q`` are the atoms (the R package's
#: ``offertol`` is ``sqrt(.Machine$double.eps)``, about 1.5e-8).
OFFER_TOL = 1.5e-8

#: Exponents are clipped here before ``exp``, far beyond where any probability still moves.
_EXP_CAP = 700.0

Array = Any


@dataclass(frozen=True)
class UltimatumPoint:
    """The model's numbers at one point: ``Q``, ``R1``, ``R2``, ``s1``, ``s2`` (floats or
    arrays broadcast together)."""

    q: Array
    r1: Array
    r2: Array
    s1: Array
    s2: Array


def _exp(x: Array) -> Array:
    return np.exp(np.minimum(x, _EXP_CAP))


def _log_cdf(x: Array) -> Array:
    """``log Lambda(x)``, stable for large ``|x|``."""
    return -np.logaddexp(0.0, -x)


def w_exp(x: Array) -> Array:
    """Lambert's ``W(exp(x))``, the solution ``w`` of ``w + log(w) = x``, for real ``x``.

    Through :func:`scipy.special.lambertw` where ``exp(x)`` is a float, else by Newton's method
    on ``w + log(w) = x`` from ``x - log(x)``.

    Examples
    --------
    >>> round(float(w_exp(1.0)), 12)  # W(e) = 1
    1.0
    >>> w = float(w_exp(800.0)); round(w + float(np.log(w)), 9)
    800.0
    """
    x = np.asarray(x, dtype=float)
    small = x <= _EXP_CAP
    out = np.empty_like(x)
    out[small] = special.lambertw(np.exp(x[small])).real
    big = x[~small]
    if big.size:
        w = big - np.log(big)
        for _ in range(8):
            w = w - (w + np.log(w) - big) / (1 + 1 / w)
        out[~small] = w
    return out if out.ndim else float(out)


def gap(y: Array, p: UltimatumPoint) -> Array:
    """``g(y) = Q - y - R1 - s2 (1 + exp((y - R2) / s2))``: the proposer's private value ``e1``
    at which ``y`` is the optimal offer (strictly decreasing in ``y``).

    Examples
    --------
    >>> float(gap(2.0, UltimatumPoint(15.0, 4.0, 2.0, 2.0, 1.0)))  # 15 - 2 - 4 - 1 * 2
    7.0
    """
    return p.q - y - p.r1 - p.s2 * (1 + _exp((y - p.r2) / p.s2))


def offer_rule(e1: Array, p: UltimatumPoint, *, clip: bool = True) -> Array:
    """The optimal offer ``y*(e1) = g^{-1}(e1)`` by Lambert's W, clipped to ``[0, Q]`` (unless
    ``clip`` is false).

    Examples
    --------
    >>> p = UltimatumPoint(15.0, 4.0, 8.0, 2.0, 1.0)
    >>> y = float(offer_rule(0.0, p)); round(y, 6), abs(float(gap(y, p))) < 1e-12
    (8.442854, True)
    """
    x = (p.q - p.r1 - e1 - p.s2 - p.r2) / p.s2
    y = p.q - p.r1 - e1 - p.s2 * (1 + w_exp(x))
    return np.clip(y, 0.0, p.q) if clip else y


def accept_probability(y: Array, p: UltimatumPoint) -> Array:
    """``P(accept | y) = Lambda((y - R2) / s2)``."""
    return special.expit((y - p.r2) / p.s2)


def offer_cdf(y: Array, p: UltimatumPoint) -> Array:
    """``P(offer <= y) = 1 - Lambda(g(y) / s1)`` for ``0 <= y < Q`` (1 from ``Q`` on): at 0 it
    is the atom at 0."""
    y = np.asarray(y, dtype=float)
    inside = special.expit(-gap(y, p) / p.s1)
    return np.where(y >= p.q, 1.0, inside)


def _log_density(y: Array, p: UltimatumPoint) -> Array:
    z = gap(y, p) / p.s1
    log_pdf = -np.abs(z) - 2 * np.log1p(np.exp(-np.abs(z)))
    return log_pdf - np.log(p.s1) + np.logaddexp(0.0, (y - p.r2) / p.s2)


def offer_density(y: Array, p: UltimatumPoint) -> Array:
    """The interior density of the offer, ``lambda(g(y)/s1) / s1 * (1 + exp((y - R2)/s2))``."""
    return np.exp(_log_density(np.asarray(y, dtype=float), p))


def _atoms(y: Array, q: Array) -> tuple[Array, Array]:
    tol = OFFER_TOL * np.maximum(1.0, np.abs(q))
    return np.abs(y) < tol, np.abs(y - q) < tol


def loglik_terms(y: Array, accept: Array | None, p: UltimatumPoint) -> Array:
    """The log-likelihood of each observation: offer ``y`` and acceptance ``accept`` (1, 0, or
    ``-1`` / ``None`` where it is not observed: the offer-only likelihood)."""
    y = np.asarray(y, dtype=float)
    low, high = _atoms(y, p.q)
    out = np.where(
        low,
        _log_cdf(-gap(0.0, p) / p.s1),
        np.where(high, _log_cdf(gap(p.q, p) / p.s1), _log_density(y, p)),
    )
    if accept is not None:
        a = np.asarray(accept)
        d = (y - p.r2) / p.s2
        out = out + np.where(a == 1, _log_cdf(d), np.where(a == 0, _log_cdf(-d), 0.0))
    return np.asarray(out, dtype=float)


def loglik_gradient(y: Array, accept: Array | None, p: UltimatumPoint) -> Array:
    """The gradient of :func:`loglik_terms` in ``(Q, R1, R2, s1, s2)``, shape ``(5, n)``.

    From the formulas of the module docstring with ``d = (y - R2)/s2``, ``E = exp(d)``,
    ``z = g(y)/s1`` (``y`` is 0 or ``Q`` at the atoms): ``dz/dQ = 1/s1`` (``-E/s1`` at the atom
    at ``Q``, which moves with ``Q``), ``dz/dR1 = -1/s1``, ``dz/dR2 = E/s1``, ``dz/ds1 = -z/s1``,
    ``dz/ds2 = (E d - 1 - E)/s1``; ``d log lambda(z)/dz = 1 - 2 Lambda(z)``,
    ``d log(1 - Lambda(z))/dz = -Lambda(z)``, ``d log Lambda(z)/dz = 1 - Lambda(z)``.
    """
    y = np.asarray(y, dtype=float)
    low, high = _atoms(y, p.q)
    at = np.where(low, 0.0, np.where(high, p.q, y))
    d = (at - p.r2) / p.s2
    e = _exp(d)
    z = gap(at, p) / p.s1
    dz = [
        np.where(high, -e / p.s1, 1 / p.s1),
        -1 / p.s1 + 0 * z,
        e / p.s1,
        -z / p.s1,
        (e * d - 1 - e) / p.s1,
    ]
    lam = special.expit(z)
    factor = np.where(low, -lam, np.where(high, 1 - lam, 1 - 2 * lam))
    grad = [factor * dz_k for dz_k in dz]
    inside = ~(low | high)
    ld = special.expit(d)
    grad[2] = grad[2] + np.where(inside, -ld / p.s2, 0.0)
    grad[3] = grad[3] + np.where(inside, -1 / p.s1, 0.0)
    grad[4] = grad[4] + np.where(inside, -ld * d / p.s2, 0.0)
    if accept is not None:
        a = np.asarray(accept)
        dy = (y - p.r2) / p.s2
        da = np.where(a == 1, 1 - special.expit(dy), np.where(a == 0, -special.expit(dy), 0.0))
        grad[2] = grad[2] + da * (-1 / p.s2)
        grad[4] = grad[4] + da * (-dy / p.s2)
    n = np.broadcast(y, p.q, p.r1, p.r2, p.s1, p.s2).shape
    return np.stack([np.broadcast_to(g, n) for g in grad])


def _scalar(p: UltimatumPoint) -> UltimatumPoint:
    return UltimatumPoint(*(float(v) for v in (p.q, p.r1, p.r2, p.s1, p.s2)))


def expected_offer(p: UltimatumPoint) -> float:
    """``E[offer] = integral over [0, Q] of P(offer > y) dy`` by :func:`scipy.integrate.quad`
    (floating point).

    Examples
    --------
    >>> round(expected_offer(UltimatumPoint(15.0, 4.0, 8.0, 2.0, 1.0)), 4)
    7.9185
    """
    p = _scalar(p)
    value, _ = integrate.quad(
        lambda y: float(special.expit(gap(y, p) / p.s1)), 0.0, p.q, epsabs=1e-12, epsrel=1e-12
    )
    return float(value)


def acceptance_rate(p: UltimatumPoint) -> float:
    """The unconditional probability of acceptance: the atoms times ``P(accept)`` at 0 and
    ``Q`` plus the integral of density times ``P(accept | y)`` (floating point, ``quad``).

    Examples
    --------
    >>> round(acceptance_rate(UltimatumPoint(15.0, 4.0, 8.0, 2.0, 1.0)), 4)
    0.5321
    """
    p = _scalar(p)
    low = float(offer_cdf(0.0, p))
    high = float(special.expit(gap(p.q, p) / p.s1))
    inner, _ = integrate.quad(
        lambda y: float(offer_density(y, p) * accept_probability(y, p)),
        0.0,
        p.q,
        epsabs=1e-12,
        epsrel=1e-12,
        limit=200,
    )
    return float(low * accept_probability(0.0, p) + high * accept_probability(p.q, p) + inner)


def simulate(n: int, p: UltimatumPoint, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """``n`` plays of the game: draw ``e1``, offer ``y*(e1)``, draw ``e2``, accept iff
    ``y >= R2 + e2``. Returns the offers and the acceptances (0/1)."""
    e1 = rng.logistic(0.0, 1.0, n) * p.s1
    y = np.asarray(offer_rule(e1, p), dtype=float)
    e2 = rng.logistic(0.0, 1.0, n) * p.s2
    return y, (y >= p.r2 + e2).astype(int)
