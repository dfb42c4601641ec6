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

from collections.abc import Sequence

import numpy as np

from gametheory.repeated import _polygon as geo

__all__ = [
    "FloatStep",
    "apply_float",
    "apply_float_small",
    "hausdorff_float",
    "hausdorff_up_to",
    "hull_small",
    "step_size",
]

_SMALL = 400
"""Largest (profiles x vertices) stepped on plain Python floats (:func:`apply_float_small`)."""
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
    if n * len(U) <= _SMALL:
        P = apply_float_small(U.tolist(), G.tolist(), W.tolist(), d, eps)
        return np.array(P, dtype=float).reshape(-1, 2)
    r = (1 - d) / d
    H = W.min(axis=0) + r * G  # (P, 2) incentive corners
    pts: list[np.ndarray] = []
    prof: list[np.ndarray] = []
    # vertices of W in each quadrant
    inside = (W[None, :, 0] >= H[:, None, 0] - eps) & (W[None, :, 1] >= H[:, None, 1] - eps)
    a_idx, v_idx = np.nonzero(inside)
    pts.append(W[v_idx])
    prof.append(a_idx)
    Dall = np.concatenate((W[1:], W[:1])) - W  # edge vectors W[k] -> W[k+1]
    if n >= 2:
        m = n if n > 2 else 1
        P0 = W[:m]
        D = Dall[:m]
        # both incentive lines at once: the last axis i is the coordinate held at h_a[i]
        ok = np.abs(D) > eps  # (e, 2): edges that cross lines w_i = const
        t = (H[:, None, :] - P0[None, :, :]) / np.where(ok, D, 1.0)[None, :, :]  # (P, e, 2)
        other = P0[None, :, ::-1] + t * D[None, :, ::-1]  # the crossing's other coordinate
        keep = ok[None] & (t >= -eps) & (t <= 1 + eps) & (other >= H[:, None, ::-1] - eps)
        a_idx, e_idx, i_idx = np.nonzero(keep)
        held = H[a_idx, i_idx]
        free = other[a_idx, e_idx, i_idx]
        first = i_idx == 0
        pts.append(np.stack((np.where(first, held, free), np.where(first, free, held)), axis=1))
        prof.append(a_idx)
    if n >= 3:
        P0, D = W, Dall
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


def apply_float_small(
    U: list[list[float]],
    G: list[list[float]],
    W: Sequence[Sequence[float]],
    d: float,
    eps: float,
) -> list[tuple[float, float]]:
    """:func:`apply_float` on plain lists of floats, for small games and polygons.

    The same candidate points in the same order and the same tolerances, without numpy: for a
    few dozen points Python floats are several times faster than numpy's per-call overhead.

    Examples
    --------
    >>> U = [[3.0, 3.0], [0.0, 5.0], [5.0, 0.0], [1.0, 1.0]]
    >>> G = [[2.0, 2.0], [1.0, 0.0], [0.0, 1.0], [0.0, 0.0]]
    >>> W = [[0.0, 5.0], [1.0, 1.0], [5.0, 0.0], [3.0, 3.0]]
    >>> [(round(x, 4), round(y, 4)) for x, y in apply_float_small(U, G, W, 0.5, 1e-12)]
    [(0.5, 3.0), (1.0, 1.0), (3.0, 0.5), (4.6667, 0.5), (3.0, 3.0), (0.5, 4.6667)]
    """
    n = len(W)
    if n == 0:
        return []
    r = (1 - d) / d
    xs = [w[0] for w in W]
    ys = [w[1] for w in W]
    lo0, hi0, lo1, hi1 = min(xs), max(xs), min(ys), max(ys)
    # A profile whose incentive corner lies beyond the bounding box of W (by far more than the
    # tolerances) has an empty quadrant: no vertex, crossing or corner. Skipping it changes
    # nothing but the time.
    margin = 1e6 * eps * (1 + max(hi0 - lo0, hi1 - lo1))
    hi0m, hi1m = hi0 + margin, hi1 + margin
    c = 1 - d
    edges = []
    if n >= 2:
        for e in range(n if n > 2 else 1):
            p0, p1 = W[e]
            q0, q1 = W[e + 1] if e + 1 < n else W[0]
            e0, e1 = q0 - p0, q1 - p1
            # each coordinate's range on the edge, padded beyond the tolerance on t: a line
            # outside it cannot cross the edge, and the division is skipped
            s0, s1 = 2 * eps * (1 + abs(e0)), 2 * eps * (1 + abs(e1))
            x_lo, x_hi = (p0, q0) if p0 <= q0 else (q0, p0)
            y_lo, y_hi = (p1, q1) if p1 <= q1 else (q1, p1)
            edges.append(
                (
                    p0,
                    p1,
                    e0,
                    e1,
                    x_lo - s0,
                    x_hi + s0,
                    abs(e0) > eps,
                    y_lo - s1,
                    y_hi + s1,
                    abs(e1) > eps,
                    eps * (abs(e0) + abs(e1)),
                )
            )
    X: list[tuple[float, float]] = []
    DW = [(w0, w1, d * w0, d * w1) for w0, w1 in W]  # the same products, made once
    hi_t = 1 + eps
    for (g0, g1), (u0, u1) in zip(G, U, strict=True):
        h0, h1 = lo0 + r * g0, lo1 + r * g1
        if h0 > hi0m or h1 > hi1m:
            continue
        b0, b1 = c * u0, c * u1
        bh0, bh1 = b0 + d * h0, b1 + d * h1
        m0, m1 = h0 - eps, h1 - eps
        for w0, w1, dw0, dw1 in DW:  # vertices of W in the quadrant
            if w0 >= m0 and w1 >= m1:
                X.append((b0 + dw0, b1 + dw1))
        inside = n >= 3
        for p0, p1, e0, e1, a0, z0, ok0, a1, z1, ok1, slack in edges:
            if ok0 and a0 <= h0 <= z0:  # crossing of the line w_1 = h_1
                t = (h0 - p0) / e0
                other = p1 + t * e1
                if t >= -eps and t <= hi_t and other >= m1:
                    X.append((bh0, b1 + d * other))
            if ok1 and a1 <= h1 <= z1:  # crossing of the line w_2 = h_2
                t = (h1 - p1) / e1
                other = p0 + t * e0
                if t >= -eps and t <= hi_t and other >= m0:
                    X.append((b0 + d * other, bh1))
            if inside and e0 * (h1 - p1) - e1 * (h0 - p0) < -slack:
                inside = False
        if n < 3:
            inside = geo.contains(tuple((w[0], w[1]) for w in W), (h0, h1), eps)
        if inside:  # the corner, when it lies in W
            X.append((bh0, bh1))
    return _hull_small(X, eps) if X else []


def hull_small(X: list[tuple[float, float]], eps: float) -> list[tuple[float, float]]:
    """The canonical polygon of float points, as :func:`gametheory.repeated._polygon.convex_hull`
    with ``eps > 0`` (the same algorithm and tolerances, faster on a few dozen points).

    Examples
    --------
    >>> hull_small([(0.0, 0.0), (1.0, 1.0), (2.0, 0.0), (1.0, 0.0), (0.0, 2.0)], 1e-12)
    [(0.0, 0.0), (2.0, 0.0), (0.0, 2.0)]
    """
    return _hull_small(list(X), eps) if X else []


def _hull_small(X: list[tuple[float, float]], eps: float) -> list[tuple[float, float]]:
    """:func:`_hull_indices` on the points themselves (the same order and tolerances), with
    local variables instead of index lookups: the hull of a few dozen points. Sorts ``X`` in
    place."""
    X.sort()
    pts = X
    ys = [p[1] for p in pts]
    span = max(pts[-1][0] - pts[0][0], max(ys) - min(ys))
    quick = eps * span  # at least eps times any local span: a larger cross product turns left
    unique: list[tuple[float, float]] = []
    n, i = len(pts), 0
    while i < n:  # points whose x differ by rounding only form one vertical run, by y
        x0 = pts[i][0]
        j = i + 1
        while j < n and pts[j][0] - x0 <= eps:
            j += 1
        for p in sorted(pts[i:j], key=lambda p: p[1]) if j - i > 1 else (pts[i],):
            if unique:
                q = unique[-1]
                if abs(q[0] - p[0]) <= eps and abs(q[1] - p[1]) <= eps:
                    continue
            unique.append(p)
        i = j
    if len(unique) <= 2:
        if len(unique) == 2:
            p, q = unique
            if abs(q[0] - p[0]) <= eps and abs(q[1] - p[1]) <= eps:
                return unique[:1]
        return unique

    # Points clearly above the line from the first to the last point cannot be on the lower
    # chain, nor points clearly below it on the upper one (in exact arithmetic they never
    # pop a hull point either): each chain gets its side, points near the line go to both.
    fx, fy = unique[0]
    dx, dy = unique[-1][0] - fx, unique[-1][1] - fy
    margin = 1e4 * eps * (span + eps)
    lower, upper = [], []
    for p in unique:
        c = dx * (p[1] - fy) - dy * (p[0] - fx)
        if c <= margin:
            lower.append(p)
        if c >= -margin:
            upper.append(p)
    hull = _chain(lower, quick, eps)[:-1] + _chain(upper[::-1], quick, eps)[:-1]
    if len(hull) == 2:
        p, q = hull
        if abs(q[0] - p[0]) <= eps and abs(q[1] - p[1]) <= eps:
            return hull[:1]
    return hull


def _chain(seq: list[tuple[float, float]], quick: float, eps: float) -> list[tuple[float, float]]:
    """One monotone chain of :func:`_hull_small`: strict left turns only (a cross product
    above ``quick``, or above ``eps`` times the local span)."""
    out: list[tuple[float, float]] = []
    for b in seq:
        bx, by = b
        while len(out) >= 2:
            ox, oy = out[-2]
            ax, ay = out[-1]
            c = (ax - ox) * (by - oy) - (ay - oy) * (bx - ox)
            if c > quick or (
                c > 0 and c > eps * max(abs(bx - ox), abs(by - oy), abs(ax - ox), abs(ay - oy))
            ):
                break
            out.pop()
        out.append(b)
    return out


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
    return X[_hull_indices(X.tolist(), eps)]


def _hull_indices(P: list[list[float]], eps: float) -> list[int]:
    """:func:`gametheory.repeated._polygon.hull_indices` for float points with ``eps > 0``,
    inlined (the same order, the same tolerances)."""
    order = sorted(range(len(P)), key=lambda i: (P[i][0], P[i][1]))
    runs: list[list[int]] = []
    for i in order:  # points whose x differ by rounding only form one vertical run, by y
        if runs and P[i][0] - P[runs[-1][0]][0] <= eps:
            runs[-1].append(i)
        else:
            runs.append([i])
    order = [
        i for run in runs for i in (sorted(run, key=lambda i: P[i][1]) if len(run) > 1 else run)
    ]
    unique: list[int] = []
    for i in order:
        if unique:
            q, p = P[unique[-1]], P[i]
            if abs(q[0] - p[0]) <= eps and abs(q[1] - p[1]) <= eps:
                continue
        unique.append(i)
    if len(unique) <= 2:
        if len(unique) == 2:
            p, q = P[unique[0]], P[unique[1]]
            if abs(q[0] - p[0]) <= eps and abs(q[1] - p[1]) <= eps:
                return unique[:1]
        return unique

    def chain(idx: list[int]) -> list[int]:
        out: list[int] = []
        for i in idx:
            bx, by = P[i]
            while len(out) >= 2:
                ox, oy = P[out[-2]]
                ax, ay = P[out[-1]]
                c = (ax - ox) * (by - oy) - (ay - oy) * (bx - ox)
                if c > 0 and c > eps * max(abs(bx - ox), abs(by - oy), abs(ax - ox), abs(ay - oy)):
                    break
                out.pop()
            out.append(i)
        return out

    lower, upper = chain(unique), chain(unique[::-1])
    hull = lower[:-1] + upper[:-1]
    if len(hull) == 2:
        p, q = P[hull[0]], P[hull[1]]
        if abs(q[0] - p[0]) <= eps and abs(q[1] - p[1]) <= eps:
            return hull[:1]
    return hull


def _distances(X: np.ndarray, Q: np.ndarray) -> np.ndarray:
    """Euclidean distance of each point of ``X`` to the convex polygon ``Q`` (canonical order)."""
    m = len(Q)
    if m == 1:
        one: np.ndarray = np.hypot(X[:, 0] - Q[0, 0], X[:, 1] - Q[0, 1])
        return one
    E = np.concatenate((Q[1:], Q[:1])) - Q if m > 2 else (Q[1:] - Q[:1])
    P0 = Q if m > 2 else Q[:1]
    R = X[:, None, :] - P0[None, :, :]  # (k, e, 2)
    L2 = (E * E).sum(axis=1)
    t = np.clip((R * E[None, :, :]).sum(axis=2) / np.where(L2 > 0, L2, 1.0), 0.0, 1.0)
    off = R - t[:, :, None] * E[None, :, :]
    dist: np.ndarray = np.hypot(off[:, :, 0], off[:, :, 1]).min(axis=1)
    if m > 2:
        cross = E[None, :, 0] * R[:, :, 1] - E[None, :, 1] * R[:, :, 0]
        dist[(cross >= 0).all(axis=1)] = 0.0
    return dist


def hausdorff_float(P: np.ndarray, Q: np.ndarray) -> float:
    """The Hausdorff distance between two non-empty convex polygons (float arrays, canonical
    order), as :func:`gametheory.repeated._polygon.hausdorff`.

    Examples
    --------
    >>> sq = np.array([[0.0, 0.0], [1.0, 0.0], [1.0, 1.0], [0.0, 1.0]])
    >>> hausdorff_float(sq, np.array([[0.0, 0.0], [2.0, 0.0], [0.0, 2.0]]))
    1.0
    """
    return float(max(_distances(P, Q).max(), _distances(Q, P).max()))


Polygon = Sequence[Sequence[float]]  # vertices as float pairs (tuples, lists or array rows)


def hausdorff_up_to(P: Polygon, Q: Polygon, bound: float) -> float:
    """:func:`hausdorff_float` when it is at most ``bound``; otherwise possibly only a lower
    bound above ``bound``: the largest difference of the support functions in the four axis
    directions (the bounding boxes, in Python), which the Hausdorff distance is at least.

    Examples
    --------
    >>> sq = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
    >>> far = tuple((x, y + 3.0) for x, y in sq)
    >>> hausdorff_up_to(sq, far, 1.0), hausdorff_up_to(sq, far, float("inf"))
    (3.0, 3.0)
    """
    low = 0.0
    for i in (0, 1):
        low = max(
            low,
            abs(min(p[i] for p in P) - min(q[i] for q in Q)),
            abs(max(p[i] for p in P) - max(q[i] for q in Q)),
        )
    if low > bound:
        return low
    return hausdorff_float(
        np.array(P, dtype=float).reshape(-1, 2), np.array(Q, dtype=float).reshape(-1, 2)
    )


def step_size(W: Polygon, B: Polygon, bound: float) -> float:
    """The size of the step from ``W`` to ``B``: the largest coordinate change of the vertices
    when their number is unchanged, else :func:`hausdorff_up_to` ``bound``.

    Examples
    --------
    >>> sq = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))
    >>> step_size(sq, tuple((2 * x, 2 * y) for x, y in sq), 1e-6), step_size(sq, sq[:3], 9.0)
    (1.0, 0.7071067811865476)
    """
    if len(W) == len(B):
        return max(max(abs(w[0] - b[0]), abs(w[1] - b[1])) for w, b in zip(W, B, strict=True))
    return hausdorff_up_to(W, B, bound)


class FloatStep:
    """The float APS step on polygons given as tuples of float pairs (no arrays between
    steps): plain Python floats for small games and polygons (:func:`apply_float_small`),
    numpy beyond (:func:`apply_float`); the same vertices either way.

    Examples
    --------
    >>> U = [(3.0, 3.0), (0.0, 5.0), (5.0, 0.0), (1.0, 1.0)]
    >>> G = [(2.0, 2.0), (1.0, 0.0), (0.0, 1.0), (0.0, 0.0)]
    >>> step = FloatStep(U, G, 0.5, 1e-12)
    >>> W = ((0.0, 5.0), (1.0, 1.0), (5.0, 0.0), (3.0, 3.0))
    >>> B = step(W)
    >>> len(B), round(step_size(W, B, 1.0), 4)
    (6, 0.6009)
    """

    def __init__(
        self, U: Sequence[Sequence[float]], G: Sequence[Sequence[float]], d: float, eps: float
    ) -> None:
        self.U, self.G = [list(u) for u in U], [list(g) for g in G]
        self.d, self.eps = d, eps

    def __call__(self, W: Sequence[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
        """The vertices of ``B(W)``."""
        if len(W) * len(self.U) <= _SMALL:
            return tuple(apply_float_small(self.U, self.G, W, self.d, self.eps))
        Ua = np.array(self.U, dtype=float).reshape(-1, 2)
        Ga = np.array(self.G, dtype=float).reshape(-1, 2)
        Wa = np.array(W, dtype=float).reshape(-1, 2)
        return tuple(map(tuple, apply_float(Ua, Ga, Wa, self.d, self.eps).tolist()))
