"""Convex geometry in the plane, exact over :class:`~fractions.Fraction` (or approximate over float).

A *polygon* here is the tuple of the extreme points of a compact convex set in the plane, in
counter-clockwise order, starting at the lexicographically smallest point, with no repeated and
no collinear points. The empty tuple is the empty set, one point is a point and two points are a
segment, so the degenerate sets that appear in repeated games need no special cases.

Every function works on any ordered field: with ``Fraction`` coordinates and ``eps=0`` the
results are exact; with ``float`` coordinates ``eps`` is an absolute tolerance on lengths.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import mpmath

from gametheory.exceptions import ScenarioError

__all__ = [
    "Point",
    "Polygon",
    "area",
    "clip_quadrant",
    "contains",
    "convex_hull",
    "distance_to",
    "edges",
    "halfplanes",
    "hausdorff",
    "hull_indices",
    "rationalize",
    "simplest_rational",
]

Point = tuple[Any, Any]
Polygon = tuple[Point, ...]


def _cross(o: Point, a: Point, b: Point) -> Any:
    return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0])


def _close(p: Point, q: Point, eps: Any) -> bool:
    return p == q if not eps else abs(p[0] - q[0]) <= eps and abs(p[1] - q[1]) <= eps


def _left_turn(o: Point, a: Point, b: Point, eps: Any) -> bool:
    c = _cross(o, a, b)
    if not eps:
        return bool(c > 0)
    span = max(abs(b[0] - o[0]), abs(b[1] - o[1]), abs(a[0] - o[0]), abs(a[1] - o[1]))
    return bool(c > eps * span)


def _as_integers(points: Sequence[Point]) -> Sequence[Point]:
    """Rational points scaled by the common denominator of their coordinates, as ``int``: the
    same order and the same orientation signs (a positive scaling), with integer arithmetic
    instead of ``Fraction``'s. Other points (floats, algebraic numbers) are returned as given."""
    scaled = _integer_scale(points)
    return points if scaled is None else scaled[0]


def hull_indices(points: Sequence[Point], eps: Any = 0) -> list[int]:
    """Indices of the extreme points of ``points`` in canonical polygon order.

    Andrew's monotone chain (A. M. Andrew, *Inform. Process. Lett.* 9(5), 1979): sort, then build
    the lower and the upper chain keeping only strict left turns.

    Examples
    --------
    >>> hull_indices([(0, 0), (1, 1), (2, 0), (1, 0), (0, 2), (3, 1)])
    [0, 2, 5, 4]
    """
    if not eps:
        points = _as_integers(points)
    order = sorted(range(len(points)), key=lambda i: (points[i][0], points[i][1]))
    if eps:
        # Points whose x differ by rounding only are one vertical line: order them by y, or a
        # chain can meet them out of order and drop a true extreme point as "collinear".
        runs: list[list[int]] = []
        for i in order:
            if runs and points[i][0] - points[runs[-1][0]][0] <= eps:
                runs[-1].append(i)
            else:
                runs.append([i])
        order = [i for run in runs for i in sorted(run, key=lambda i: points[i][1])]
    unique: list[int] = []
    for i in order:
        if not unique or not _close(points[unique[-1]], points[i], eps):
            unique.append(i)
    if len(unique) <= 2:
        if len(unique) == 2 and _close(points[unique[0]], points[unique[1]], eps):
            return unique[:1]
        return unique

    def chain(idx: list[int]) -> list[int]:
        out: list[int] = []
        for i in idx:
            while len(out) >= 2 and not _left_turn(
                points[out[-2]], points[out[-1]], points[i], eps
            ):
                out.pop()
            out.append(i)
        return out

    lower, upper = chain(unique), chain(unique[::-1])
    hull = lower[:-1] + upper[:-1]
    if len(hull) == 2 and _close(points[hull[0]], points[hull[1]], eps):
        return hull[:1]
    return hull


def convex_hull(points: Sequence[Point], eps: Any = 0) -> Polygon:
    """The canonical polygon of the convex hull of ``points``.

    Examples
    --------
    >>> convex_hull([(Fraction(1), 1), (3, 0), (0, 0), (0, 3), (1, 1)])
    ((0, 0), (3, 0), (0, 3))
    >>> convex_hull([(2, 2), (0, 0), (1, 1)])
    ((0, 0), (2, 2))
    """
    return tuple(points[i] for i in hull_indices(points, eps))


def edges(poly: Polygon) -> list[tuple[Point, Point]]:
    """The edges ``(p, q)`` of ``poly`` counter-clockwise; a segment has two, a point none."""
    n = len(poly)
    return [] if n < 2 else [(poly[k], poly[(k + 1) % n]) for k in range(n)]


def halfplanes(poly: Polygon) -> list[tuple[Any, Any, Any]]:
    """Inequalities ``a*x + b*y <= c``, one per row, whose solution set is ``poly`` (non-empty).

    A segment gets its line (twice, as two inequalities) and two end caps; a point gets four
    axis-aligned inequalities.

    Examples
    --------
    >>> halfplanes(((0, 0), (1, 0), (0, 1)))
    [(0, -1, 0), (1, 1, 1), (-1, 0, 0)]
    """
    if not poly:
        raise ScenarioError("the empty set has no half-plane representation")
    if len(poly) == 1:
        (x, y) = poly[0]
        return [(1, 0, x), (-1, 0, -x), (0, 1, y), (0, -1, -y)]
    rows = []
    for p, q in edges(poly):
        a, b = q[1] - p[1], p[0] - q[0]  # outward normal of a counter-clockwise edge
        rows.append((a, b, a * p[0] + b * p[1]))
    if len(poly) == 2:
        (p, q) = poly
        dx, dy = q[0] - p[0], q[1] - p[1]
        rows += [(dx, dy, dx * q[0] + dy * q[1]), (-dx, -dy, -dx * p[0] - dy * p[1])]
    return rows


def contains(
    poly: Polygon, v: Point, eps: Any = 0, planes: Sequence[tuple[Any, Any, Any]] | None = None
) -> bool:
    """Whether the point ``v`` lies in the convex set ``poly`` (boundary included).

    Examples
    --------
    >>> tri = ((0, 0), (4, 0), (0, 4))
    >>> contains(tri, (Fraction(2), Fraction(2))), contains(tri, (Fraction(5, 2), 2))
    (True, False)
    """
    if not poly:
        return False
    rows = halfplanes(poly) if planes is None else planes
    return all(a * v[0] + b * v[1] <= c + eps * (abs(a) + abs(b)) for a, b, c in rows)


def area(poly: Polygon) -> Any:
    """The area of ``poly`` (shoelace formula); 0 for points and segments."""
    total = sum((p[0] * q[1] - q[0] * p[1] for p, q in edges(poly)), Fraction(0))
    return total / 2


def distance_to(poly: Polygon, v: Point) -> float:
    """The Euclidean distance (float) from ``v`` to the convex set ``poly``."""
    if contains(poly, (float(v[0]), float(v[1]))) if len(poly) > 2 else False:
        return 0.0
    x, y = float(v[0]), float(v[1])
    pts = [(float(p[0]), float(p[1])) for p in poly]
    best = min(math.hypot(x - p[0], y - p[1]) for p in pts)
    for p, q in edges(tuple(pts)):
        dx, dy = q[0] - p[0], q[1] - p[1]
        length2 = dx * dx + dy * dy
        t = ((x - p[0]) * dx + (y - p[1]) * dy) / length2
        if 0.0 < t < 1.0:
            best = min(best, math.hypot(x - p[0] - t * dx, y - p[1] - t * dy))
    return best


def hausdorff(p: Polygon, q: Polygon) -> float:
    """The Hausdorff distance (float) between two non-empty convex polygons.

    The distance to a convex set is a convex function, so its maximum over a polygon is attained
    at a vertex and only the vertices of each polygon need checking.
    """
    if not p or not q:
        return 0.0 if not p and not q else math.inf
    return max(max(distance_to(q, v) for v in p), max(distance_to(p, v) for v in q))


def clip_quadrant(
    W: Polygon, h: Point, eps: Any = 0, planes: Sequence[tuple[Any, Any, Any]] | None = None
) -> list[tuple[Point, tuple[Any, ...]]]:
    """Candidate extreme points of ``W`` ∩ ``{w : w >= h}`` with their origin tags.

    The tags are ``("v", k)`` for the vertex ``W[k]``, ``("x", i, k)`` for the crossing of the
    edge ``W[k] W[k+1]`` with the line ``w_i = h_i``, and ``("k",)`` for the corner ``h``. The
    convex hull of the points is the intersection (empty list: empty intersection).
    ``planes``, when given, are ``halfplanes(W)`` computed once for many corners ``h``.

    Examples
    --------
    >>> [p for p, _ in clip_quadrant(((0, 0), (4, 0), (0, 4)), (Fraction(1), Fraction(1)))]
    [(Fraction(1, 1), Fraction(3, 1)), (Fraction(3, 1), Fraction(1, 1)), (Fraction(1, 1), Fraction(1, 1))]
    """
    n = len(W)
    if not eps:
        scaled = _integer_scale([*W, h])
        if scaled is not None:
            return _clip_quadrant_int(W, h, *scaled)
    out: list[tuple[Point, tuple[Any, ...]]] = [
        (p, ("v", k)) for k, p in enumerate(W) if p[0] >= h[0] - eps and p[1] >= h[1] - eps
    ]
    for k in range(n if n > 2 else n - 1):
        p, q = W[k], W[(k + 1) % n]
        for i in (0, 1):
            if abs(q[i] - p[i]) <= eps:
                continue
            t = (h[i] - p[i]) / (q[i] - p[i])
            if -eps <= t <= 1 + eps:
                other = p[1 - i] + t * (q[1 - i] - p[1 - i])
                if other >= h[1 - i] - eps:
                    out.append(((h[0], other) if i == 0 else (other, h[1]), ("x", i, k)))
    if contains(W, h, eps, planes):
        out.append((h, ("k",)))
    return out


def _integer_scale(points: Sequence[Point]) -> tuple[list[tuple[int, int]], int] | None:
    """Rational points as integers times ``1 / den`` (``None`` when a coordinate is not an
    ``int`` or a ``Fraction``)."""
    den = 1
    for p in points:
        for c in p:
            if type(c) is Fraction:
                q = c.denominator
                if den % q:
                    den = den * q // math.gcd(den, q)
            elif type(c) is not int:
                return None
    if den == 1:
        return [(int(p[0]), int(p[1])) for p in points], 1
    return [(int(p[0] * den), int(p[1] * den)) for p in points], den


def _clip_quadrant_int(
    W: Polygon, h: Point, scaled: list[tuple[int, int]], den: int
) -> list[tuple[Point, tuple[Any, ...]]]:
    """:func:`clip_quadrant` with ``eps = 0`` for rational input, decided on the integers
    ``scaled`` (``W`` then ``h``, times ``den``): the same points, tags and order, each
    crossing one ``Fraction``."""
    n = len(W)
    P, (h0, h1) = scaled[:n], scaled[n]
    H = (h0, h1)
    out: list[tuple[Point, tuple[Any, ...]]] = [
        (W[k], ("v", k)) for k, p in enumerate(P) if p[0] >= h0 and p[1] >= h1
    ]
    for k in range(n if n > 2 else n - 1):
        p, q = P[k], P[(k + 1) % n]
        for i in (0, 1):
            j = 1 - i
            dq = q[i] - p[i]
            if not dq:
                continue
            num = H[i] - p[i]  # t = num / dq must lie in [0, 1]
            if not (0 <= num <= dq if dq > 0 else dq <= num <= 0):
                continue
            on = p[j] * dq + num * (q[j] - p[j])  # other = on / dq, compared with h_j
            if on >= H[j] * dq if dq > 0 else on <= H[j] * dq:
                other = Fraction(on, dq * den)
                out.append(((h[0], other) if i == 0 else (other, h[1]), ("x", i, k)))
    if contains(tuple(P), H):
        out.append((h, ("k",)))
    return out


def simplest_rational(lo: Fraction, hi: Fraction) -> Fraction:
    """The rational with the smallest denominator in ``[lo, hi]`` (continued fractions).

    Examples
    --------
    >>> simplest_rational(Fraction(24, 100), Fraction(26, 100))
    Fraction(1, 4)
    """
    fl = math.floor(lo)
    if fl == lo or fl + 1 <= hi:
        return Fraction(fl if fl == lo else fl + 1)
    return fl + 1 / simplest_rational(1 / (hi - fl), 1 / (lo - fl))


def rationalize(x: Any, err: float) -> Fraction:
    """The simplest rational within ``err`` of ``x`` (a float or an mpmath number)."""
    f = (
        Fraction(mpmath.nstr(x, 70, min_fixed=-1000, max_fixed=1000))
        if isinstance(x, mpmath.mpf)
        else Fraction(x)
    )
    e = Fraction(err)
    return simplest_rational(f - e, f + e)
