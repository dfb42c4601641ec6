r"""One float application of the APS / Abreu–Sannikov operator, vectorised with numpy.

For the polygon :math:`W` (float vertices, counter-clockwise) and every pure profile :math:`a`
at once, the candidate extreme points of :math:`W \cap \{w \ge h_a\}` are computed as arrays:
the vertices of :math:`W` in the quadrant, the crossings of each edge with the two binding
incentive lines, and the corner :math:`h_a` when it lies in :math:`W` (Abreu & Sannikov 2014,
section 3). They are mapped to :math:`(1-\delta)u(a) + \delta w`, points strictly inside the
octagon of their extreme points in eight directions are discarded (Akl & Toussaint 1978), and
the rest go to the monotone-chain hull of :mod:`gametheory.repeated._polygon`.

This is the float phase only: it identifies the fixed point and its generators; exactness comes
from :mod:`gametheory.repeated._fixed_point` and the exact check in
:mod:`gametheory.repeated.payoff_set`.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from gametheory.repeated import _polygon as geo

__all__ = ["apply_float"]

_DIRS = np.array(
    [[1, 0], [1, 1], [0, 1], [-1, 1], [-1, 0], [-1, -1], [0, -1], [1, -1]], dtype=float
)


def apply_float(U: np.ndarray, G: np.ndarray, W: np.ndarray, d: float, eps: float) -> np.ndarray:
    """The vertices of ``B(W)`` (float array of shape (k, 2), canonical polygon order).

    ``U`` and ``G`` are the payoff pairs and deviation gains of the profiles (shape (P, 2)),
    ``W`` the current polygon's vertices, ``eps`` an absolute length tolerance.

    Examples
    --------
    The prisoner's dilemma (T, R, P, S) = (5, 3, 1, 0) at delta = 1/2, one step from the
    feasible set: (3, 3) by (C, C) forever; (4 2/3, 1/2) by (D, C) with continuation on the edge
    from (5, 0) to (3, 3) where the column player's incentive line w_2 = 1 crosses it.

    >>> U = np.array([[3.0, 3.0], [0.0, 5.0], [5.0, 0.0], [1.0, 1.0]])
    >>> G = np.array([[2.0, 2.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]])
    >>> W = np.array([[0.0, 5.0], [1.0, 1.0], [5.0, 0.0], [3.0, 3.0]])
    >>> [(round(x, 4), round(y, 4)) for x, y in apply_float(U, G, W, 0.5, 1e-12).tolist()]
    [(0.5, 3.0), (1.0, 1.0), (3.0, 0.5), (4.6667, 0.5), (3.0, 3.0), (0.5, 4.6667)]
    """
    n = len(W)
    if n == 0:
        return W
    r = (1 - d) / d
    H = W.min(axis=0) + r * G  # (P, 2) incentive corners
    pts: list[np.ndarray] = []
    prof: list[np.ndarray] = []
    # vertices of W in each quadrant
    inside = (W[None, :, 0] >= H[:, None, 0] - eps) & (W[None, :, 1] >= H[:, None, 1] - eps)
    a_idx, v_idx = np.nonzero(inside)
    pts.append(W[v_idx])
    prof.append(a_idx)
    if n >= 2:
        m = n if n > 2 else 1
        P0 = W[:m]
        P1 = np.roll(W, -1, axis=0)[:m]
        D = P1 - P0
        for i in (0, 1):
            j = 1 - i
            ok = np.abs(D[:, i]) > eps
            if not ok.any():
                continue
            p0, dd = P0[ok], D[ok]
            t = (H[:, None, i] - p0[None, :, i]) / dd[None, :, i]  # (P, e)
            other = p0[None, :, j] + t * dd[None, :, j]
            keep = (t >= -eps) & (t <= 1 + eps) & (other >= H[:, None, j] - eps)
            a_idx, e_idx = np.nonzero(keep)
            c = np.empty((len(a_idx), 2))
            c[:, i] = H[a_idx, i]
            c[:, j] = other[a_idx, e_idx]
            pts.append(c)
            prof.append(a_idx)
    if n >= 3:
        P0 = W
        D = np.roll(W, -1, axis=0) - W
        cross = D[None, :, 0] * (H[:, None, 1] - P0[None, :, 1]) - D[None, :, 1] * (
            H[:, None, 0] - P0[None, :, 0]
        )
        slack = eps * np.abs(D).sum(axis=1)[None, :]  # as geo.contains: eps * (|a| + |b|)
        corner = np.nonzero((cross >= -slack).all(axis=1))[0]
    else:
        Wt = tuple(map(tuple, W.tolist()))
        corner = np.array([a for a in range(len(H)) if geo.contains(Wt, tuple(H[a]), eps)], int)
    pts.append(H[corner])
    prof.append(corner)
    C = np.concatenate(pts)
    A = np.concatenate(prof)
    if len(C) == 0:
        return np.empty((0, 2))
    X = (1 - d) * U[A] + d * C
    return _hull(X, eps)


def _hull(X: np.ndarray, eps: float) -> np.ndarray:
    if len(X) > 64:  # Akl-Toussaint: drop points strictly inside the octagon of extremes
        proj = X @ _DIRS.T
        ext = X[np.unique(proj.argmax(axis=0))]
        if len(ext) >= 3:
            order = geo.hull_indices([tuple(p) for p in ext.tolist()])
            oct_ = ext[order]
            if len(oct_) >= 3:
                E = np.roll(oct_, -1, axis=0) - oct_
                cr = E[None, :, 0] * (X[:, None, 1] - oct_[None, :, 1]) - E[None, :, 1] * (
                    X[:, None, 0] - oct_[None, :, 0]
                )
                strict = (cr > 1e-9 * (1 + np.abs(X).max())).all(axis=1)
                X = X[~strict]
    pts: list[Any] = [tuple(p) for p in X.tolist()]
    idx = geo.hull_indices(pts, eps)
    return X[idx]
