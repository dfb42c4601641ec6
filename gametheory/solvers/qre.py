"""The logit quantal response equilibrium (QRE) of a strategic-form game, and its principal branch.

Definitions
-----------
A game has players ``i = 0, ..., N-1`` with ``n_i`` actions and payoff arrays ``u_i`` of shape
``(n_0, ..., n_{N-1})`` (for two players, the matrices ``A`` and ``B``). At a mixed profile
``p``, ``U_ij(p)`` is player ``i``'s expected payoff from action ``j`` against the others' mixtures.
The logit QRE at precision ``lambda >= 0`` (McKelvey and Palfrey 1995) is a profile with

    p_ij = exp(lambda * U_ij(p)) / sum_k exp(lambda * U_ik(p))      for every i and j.

At ``lambda = 0`` every player mixes uniformly; as ``lambda`` grows, the *principal branch* (the
one connected component of the QRE correspondence that starts at the uniform profile) leads to a
Nash equilibrium, the logit limit (McKelvey and Palfrey 1995, Theorem 3).

Algorithm
---------
The branch is traced in the variables ``(log p, lambda)`` by predictor-corrector continuation
(Allgower and Georg 1990; the dynamic homotopy interpretation of Turocy 2005, which Gambit's
``logit`` method implements): the predictor steps along the tangent of the curve ``H = 0``
(the null vector of the Jacobian of ``H``), the corrector returns to the curve by Gauss-Newton
steps with the Moore-Penrose pseudo-inverse, and the step length adapts. Parametrising by arc
length, not by ``lambda``, lets the path bend back in ``lambda``; the QRE at a given ``lambda``
is the first point where the branch reaches it, refined by Newton's method at that ``lambda``.

Everything here is **floating point** (IEEE double precision): a QRE is not an exact Nash
equilibrium, and every result carries its fixed-point residual ``max |p - logit(lambda U(p))|``.

References
----------
McKelvey, R. D. and Palfrey, T. R. (1995). Quantal response equilibria for normal form games.
*Games and Economic Behavior* 10(1), 6-38.

Turocy, T. L. (2005). A dynamic homotopy interpretation of the logistic quantal response
equilibrium correspondence. *Games and Economic Behavior* 51(2), 243-263.

Allgower, E. L. and Georg, K. (1990). *Numerical Continuation Methods*. Springer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from gametheory.exceptions import InputTypeError, ScenarioError, SolverError

__all__ = [
    "QRE_METHODS",
    "QRE_TOL",
    "QREBranch",
    "QREResult",
    "expected_action_values",
    "logit_qre",
    "logit_qre_newton_batch",
    "payoff_arrays",
    "trace_logit_qre",
]

#: The approximate (floating-point) methods of ``fedlocal solve``, beside the exact SOLVERS.
QRE_METHODS: tuple[str, ...] = ("logit-qre",)

#: Convergence tolerance of the corrector: the maximum absolute value of the equations.
QRE_TOL = 1e-12

#: The float precision every QRE result reports.
PRECISION = "float64 (IEEE 754 double precision)"

Values = Callable[[list[np.ndarray]], list[np.ndarray]]
Jacobian = Callable[[list[np.ndarray]], np.ndarray]


@dataclass(frozen=True)
class QREResult:
    """A logit QRE at one precision ``lam``: floating point, never an exact Nash equilibrium.

    ``profile[b][j]`` is the probability of action ``j`` in block ``b`` (a player of a
    strategic-form game, an information set of a tree); ``labels`` names the blocks and
    ``actions`` their actions. ``residual`` is ``max |p - logit(lam * U(p))|``.
    """

    lam: float
    profile: tuple[tuple[float, ...], ...]
    residual: float
    labels: tuple[str, ...] = ()
    actions: tuple[tuple[str, ...], ...] = ()
    method: str = "logit-qre"
    branch: str = "principal"
    exact: bool = False
    precision: str = PRECISION
    diagnostics: dict[str, Any] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class QREBranch:
    """The principal branch, as the points the continuation visited (``lam`` may go back)."""

    points: tuple[QREResult, ...]
    labels: tuple[str, ...] = ()
    actions: tuple[tuple[str, ...], ...] = ()
    method: str = "logit-qre"
    exact: bool = False
    precision: str = PRECISION


def payoff_arrays(game: Any) -> list[np.ndarray]:
    """The float payoff arrays of a numeric game: one array of shape ``(n_0, ..., n_{N-1})``
    per player.

    Accepts a numeric :class:`~gametheory.model.NormalFormGame` (two players), any object with
    ``payoff_arrays()`` (N-player games), or a sequence of array-likes.

    Examples
    --------
    >>> from gametheory.model import NormalFormGame
    >>> g = NormalFormGame.from_matrices([[1, -1], [-1, 1]], [[-1, 1], [1, -1]])
    >>> [a.shape for a in payoff_arrays(g)]
    [(2, 2), (2, 2)]
    """
    if hasattr(game, "payoff_arrays"):
        arrays = list(game.payoff_arrays())
    elif hasattr(game, "payoffs") and hasattr(game, "is_numeric"):
        if not game.is_numeric:
            raise ScenarioError(
                "the QRE needs numeric payoffs; give every parameter a value (--set)"
            )
        arrays = [np.array(m.tolist(), dtype=float) for m in game.payoffs]
    else:
        try:
            arrays = [np.asarray(a, dtype=float) for a in game]
        except (TypeError, ValueError):
            raise InputTypeError("payoffs must be a game or a sequence of numeric arrays") from None
    shape = arrays[0].shape
    if len(shape) != len(arrays) or any(a.shape != shape for a in arrays):
        raise ScenarioError(
            f"{len(arrays)} players need {len(arrays)} payoff arrays of one shape with "
            f"{len(arrays)} axes; got shapes {[a.shape for a in arrays]}"
        )
    if not all(np.isfinite(a).all() for a in arrays):
        raise ScenarioError("payoffs must be finite numbers")
    return arrays


def expected_action_values(
    payoffs: Sequence[np.ndarray], profile: Sequence[np.ndarray]
) -> list[np.ndarray]:
    """``U_ij(p)``: each player's expected payoff of each action against the others' mixtures.

    Examples
    --------
    >>> a, b = np.array([[2., 0.], [0., 1.]]), np.array([[1., 0.], [0., 2.]])
    >>> [v.tolist() for v in expected_action_values([a, b], [np.array([.5, .5])] * 2)]
    [[1.0, 0.5], [0.5, 1.0]]
    """
    n = len(payoffs)
    out = []
    for i, u in enumerate(payoffs):
        v = u
        for k in reversed(range(n)):  # contract the last axes first so indices stay valid
            if k != i:
                v = np.tensordot(v, profile[k], axes=([k], [0]))
        out.append(np.asarray(v, dtype=float))
    return out


def _jacobian_strategic(payoffs: Sequence[np.ndarray]) -> Jacobian:
    """``dU/dp``: rows are the actions ``(i, j)``, columns the probabilities ``(k, l)``."""
    n = len(payoffs)
    sizes = [int(s) for s in payoffs[0].shape]
    offsets = np.concatenate([[0], np.cumsum(sizes)])

    def jac(profile: list[np.ndarray]) -> np.ndarray:
        m = int(offsets[-1])
        out = np.zeros((m, m))
        for i, u in enumerate(payoffs):
            for k in range(n):
                if k == i:
                    continue
                v = u
                for q in reversed(range(n)):
                    if q not in (i, k):
                        v = np.tensordot(v, profile[q], axes=([q], [0]))
                # v has axes (i, k) in their original order
                block = v if i < k else v.T
                out[offsets[i] : offsets[i + 1], offsets[k] : offsets[k + 1]] = block
        return out

    return jac


class _Homotopy:
    """The equations ``H(log p, lambda) = 0`` of a logit QRE over blocks of given sizes."""

    def __init__(self, sizes: Sequence[int], values: Values, jacobian: Jacobian) -> None:
        self.sizes = [int(s) for s in sizes]
        self.offsets = np.concatenate([[0], np.cumsum(self.sizes)]).astype(int)
        self.values = values
        self.jacobian = jacobian
        self.m = int(self.offsets[-1])
        self._orientation = 0.0  # sign of det [J; t] along the traced branch (set at the start)

    def split(self, flat: np.ndarray) -> list[np.ndarray]:
        return [flat[self.offsets[b] : self.offsets[b + 1]] for b in range(len(self.sizes))]

    def equations(self, x: np.ndarray) -> np.ndarray:
        v, lam = x[:-1], x[-1]
        p = np.exp(v)
        u = np.concatenate(self.values(self.split(p)))
        h = np.empty(self.m)
        for b in range(len(self.sizes)):
            lo, hi = self.offsets[b], self.offsets[b + 1]
            h[lo] = p[lo:hi].sum() - 1.0
            h[lo + 1 : hi] = v[lo + 1 : hi] - v[lo] - lam * (u[lo + 1 : hi] - u[lo])
        return h

    def full_jacobian(self, x: np.ndarray) -> np.ndarray:
        v, lam = x[:-1], x[-1]
        p = np.exp(v)
        profile = self.split(p)
        u = np.concatenate(self.values(profile))
        dudv = self.jacobian(profile) * p[None, :]
        jac = np.zeros((self.m, self.m + 1))
        for b in range(len(self.sizes)):
            lo, hi = self.offsets[b], self.offsets[b + 1]
            jac[lo, lo:hi] = p[lo:hi]
            for r in range(lo + 1, hi):
                jac[r, :-1] = -lam * (dudv[r] - dudv[lo])
                jac[r, r] += 1.0
                jac[r, lo] -= 1.0
                jac[r, -1] = -(u[r] - u[lo])
        return jac

    def residual(self, p: np.ndarray, lam: float) -> float:
        """``max |p - logit(lam * U(p))|``."""
        profile = self.split(p)
        worst = 0.0
        for q, u in zip(profile, self.values(profile), strict=True):
            z = lam * (u - u.max())
            r = np.exp(z) / np.exp(z).sum()
            worst = max(worst, float(np.abs(q - r).max()))
        return worst

    def start(self) -> np.ndarray:
        return np.concatenate([np.full(s, -np.log(s)) for s in self.sizes] + [np.zeros(1)])

    def correct(self, x: np.ndarray, *, fixed_lambda: bool = False) -> tuple[np.ndarray, bool]:
        """Gauss-Newton steps back to ``H = 0`` (at a fixed ``lambda`` when asked)."""
        for _ in range(30):
            h = self.equations(x)
            if not np.isfinite(h).all():
                return x, False
            if np.abs(h).max() < QRE_TOL:
                return x, True
            jac = self.full_jacobian(x)
            if fixed_lambda:
                step = np.append(np.linalg.lstsq(jac[:, :-1], h, rcond=None)[0], 0.0)
            else:
                step = np.linalg.lstsq(jac, h, rcond=None)[0]
            x = x - step
        return x, bool(np.abs(self.equations(x)).max() < 1e-9)

    def tangent(self, x: np.ndarray, previous: np.ndarray | None) -> np.ndarray:
        """The unit tangent of the branch at ``x``, oriented as the branch is traced: at the
        start toward increasing ``lambda``; then by the sign of ``det [J; t]``, which is
        constant along a regular branch (Allgower and Georg 1990, section 2.1), so that a
        step over a sharp turn does not reverse the direction of travel (orienting by
        ``t @ previous > 0`` did, and walked the branch back to negative ``lambda``)."""
        jac = self.full_jacobian(x)
        q, _ = np.linalg.qr(jac.T, mode="complete")
        t = q[:, -1]
        sign = np.sign(np.linalg.det(np.vstack([jac, t])))
        if previous is None:
            t = t if t[-1] > 0 else -t
            self._orientation = np.sign(np.linalg.det(np.vstack([jac, t])))
            return t
        if sign == 0 or not self._orientation:
            return t if float(t @ previous) > 0 else -t
        return t if sign == self._orientation else -t

    def point(self, x: np.ndarray) -> QREResult:
        p = np.exp(x[:-1])
        lam = float(x[-1])
        return QREResult(
            lam=lam,
            profile=tuple(tuple(float(q) for q in b / b.sum()) for b in self.split(p)),
            residual=self.residual(p, lam),
        )

    def trace(
        self, lam_max: float, *, max_steps: int = 20000, stop_at: float | None = None
    ) -> list[np.ndarray]:
        """The principal branch from ``lambda = 0`` until ``lambda`` first reaches ``lam_max``."""
        x = self.start()
        path = [x]
        t = self.tangent(x, None)
        h = 0.03
        for _ in range(max_steps):
            if x[-1] >= lam_max:
                break
            x_new, ok = self.correct(x + h * t)
            if ok and np.linalg.norm(x_new - x) < 4 * h:
                t_new = self.tangent(x_new, t)
                if float(t_new @ t) > 0.5:
                    x, t = x_new, t_new
                    path.append(x)
                    h = min(h * 1.4, 0.1 + 0.5 * abs(x[-1]))
                    continue
            h /= 2
            if h < 1e-10:
                raise SolverError(
                    f"the logit QRE branch could not be followed past lambda = {x[-1]:.6g}"
                )
        else:
            raise SolverError(f"the logit QRE branch did not reach lambda = {lam_max} in time")
        if stop_at is not None and len(path) > 1:
            path[-1] = self._at(path[-2], path[-1], stop_at)
        return path

    def _at(self, before: np.ndarray, after: np.ndarray, lam: float) -> np.ndarray:
        """The point of the branch at ``lam``, between two traced points that straddle it."""
        w = (lam - before[-1]) / (after[-1] - before[-1])
        guess = before + w * (after - before)
        guess[-1] = lam
        x, ok = self.correct(guess, fixed_lambda=True)
        if not ok:
            raise SolverError(f"Newton's method did not converge to the QRE at lambda = {lam}")
        return x


def _check_lambda(lam: float) -> float:
    try:
        value = float(lam)
    except (TypeError, ValueError):
        raise ScenarioError(f"lambda must be a number, got {lam!r}", key="--lambda") from None
    if not np.isfinite(value) or value < 0:
        raise ScenarioError(f"lambda must be a finite number >= 0, got {lam}", key="--lambda")
    return value


def _strategic(payoffs: Any) -> tuple[_Homotopy, tuple[str, ...], tuple[tuple[str, ...], ...]]:
    arrays = payoff_arrays(payoffs)
    homotopy = _Homotopy(
        arrays[0].shape,
        lambda profile: expected_action_values(arrays, profile),
        _jacobian_strategic(arrays),
    )
    players = getattr(payoffs, "players", None)
    labels = tuple(players) if players else tuple(f"player {i}" for i in range(len(arrays)))
    acts = getattr(payoffs, "actions", None)
    actions = (
        tuple(tuple(a) for a in acts)
        if acts
        else tuple(tuple(str(j) for j in range(s)) for s in arrays[0].shape)
    )
    return homotopy, labels, actions


def logit_qre(
    game: Any, lam: float, *, start: Sequence[Sequence[float]] | None = None
) -> QREResult:
    """The logit QRE at precision ``lam`` on the principal branch.

    Parameters
    ----------
    game
        A numeric :class:`~gametheory.model.NormalFormGame`, or payoff arrays (see
        :func:`payoff_arrays`).
    lam
        The precision ``lambda >= 0`` (``0``: uniform play; large: close to a Nash equilibrium).
    start
        A profile near the wanted QRE at ``lam`` (e.g. the QRE at nearby payoffs): Newton's method
        at ``lam`` starts there instead of tracing the branch from ``lambda = 0``; the branch is
        traced when it does not converge.

    Returns
    -------
    QREResult
        Floating-point probabilities with their fixed-point residual.

    Examples
    --------
    Asymmetric matching pennies (McKelvey and Palfrey 1995, section 4): the row player wins 9
    on (H, H). At ``lambda = 0`` play is uniform; for large ``lambda`` the QRE approaches the
    unique Nash equilibrium, where the row player mixes 1/2 and the column player plays H with
    probability 1/10.

    >>> from gametheory.model import NormalFormGame
    >>> g = NormalFormGame.from_matrices([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> logit_qre(g, 0).profile
    ((0.5, 0.5), (0.5, 0.5))
    >>> q = logit_qre(g, 50)
    >>> [round(p, 2) for p in q.profile[1]], q.residual < 1e-10, q.exact
    ([0.1, 0.9], True, False)
    """
    value = _check_lambda(lam)
    homotopy, labels, actions = _strategic(game)
    x: np.ndarray | None = None
    steps = 0
    if start is not None:
        guess = np.append(
            np.log(np.clip(np.concatenate([np.asarray(s) for s in start]), 1e-300, 1)), value
        )
        x, ok = homotopy.correct(guess, fixed_lambda=True)
        if not ok:
            x = None
    if x is None:
        path = homotopy.trace(value, stop_at=value) if value > 0 else [homotopy.start()]
        x, steps = path[-1], len(path) - 1
    point = homotopy.point(x)
    return QREResult(
        lam=value,
        profile=point.profile,
        residual=point.residual,
        labels=labels,
        actions=actions,
        diagnostics={"continuation_steps": steps, "warm_start": start is not None and steps == 0},
    )


def trace_logit_qre(game: Any, lam_max: float, *, points: int | None = None) -> QREBranch:
    """The principal branch of the logit QRE from ``lambda = 0`` until it first reaches ``lam_max``.

    ``points`` thins the returned branch to about that many points (the first and last kept).

    Examples
    --------
    >>> from gametheory.model import NormalFormGame
    >>> g = NormalFormGame.from_matrices([[9, 0], [0, 1]], [[0, 1], [1, 0]])
    >>> branch = trace_logit_qre(g, 10)
    >>> branch.points[0].profile, round(branch.points[-1].lam, 9)
    (((0.5, 0.5), (0.5, 0.5)), 10.0)
    >>> max(p.residual for p in branch.points) < 1e-10
    True
    """
    value = _check_lambda(lam_max)
    homotopy, labels, actions = _strategic(game)
    path = homotopy.trace(value, stop_at=value) if value > 0 else [homotopy.start()]
    return _branch(homotopy, path, labels, actions, points)


def _branch(
    homotopy: _Homotopy,
    path: list[np.ndarray],
    labels: tuple[str, ...],
    actions: tuple[tuple[str, ...], ...],
    points: int | None,
) -> QREBranch:
    if points is not None and len(path) > points > 1:
        keep = sorted({round(k * (len(path) - 1) / (points - 1)) for k in range(points)})
        path = [path[k] for k in keep]
    return QREBranch(tuple(homotopy.point(x) for x in path), labels, actions)


def logit_qre_newton_batch(
    a: np.ndarray, b: np.ndarray, lam: float, p: np.ndarray, q: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Newton's method at a fixed ``lam`` for many two-player games at once.

    ``a`` and ``b`` have shape ``(G, m, n)``; ``p`` ``(G, m)`` and ``q`` ``(G, n)`` are starting
    profiles (e.g. the QRE of nearby games). Returns the refined profiles and a boolean mask of
    the games where Newton's method converged (to :data:`QRE_TOL`); which QRE it converges to
    depends on the start, so use it only from points on the wanted branch.

    Examples
    --------
    >>> a = np.array([[[9., 0.], [0., 1.]]]); b = np.array([[[0., 1.], [1., 0.]]])
    >>> p, q, ok = logit_qre_newton_batch(a, b, 0.0, np.full((1, 2), .3), np.full((1, 2), .6))
    >>> p.tolist(), q.tolist(), ok.tolist()
    ([[0.5, 0.5]], [[0.5, 0.5]], [True])
    """
    g, m, n = a.shape
    v = np.log(np.clip(np.concatenate([p, q], axis=1), 1e-300, None))
    ok = np.zeros(g, dtype=bool)
    for _ in range(40):
        x = np.exp(v)
        pp, qq = x[:, :m], x[:, m:]
        u_row = np.einsum("gij,gj->gi", a, qq)
        u_col = np.einsum("gij,gi->gj", b, pp)
        h = np.empty((g, m + n))
        h[:, 0] = pp.sum(axis=1) - 1
        h[:, 1:m] = v[:, 1:m] - v[:, :1] - lam * (u_row[:, 1:] - u_row[:, :1])
        h[:, m] = qq.sum(axis=1) - 1
        h[:, m + 1 :] = v[:, m + 1 :] - v[:, m : m + 1] - lam * (u_col[:, 1:] - u_col[:, :1])
        bad = ~np.isfinite(h).all(axis=1)
        ok = ~bad & (np.abs(np.where(np.isfinite(h), h, np.inf)).max(axis=1) < QRE_TOL)
        if ok.all():
            break
        jac = np.zeros((g, m + n, m + n))
        jac[:, 0, :m] = pp
        jac[:, m, m:] = qq
        da = a * qq[:, None, :]  # d u_row / d log q
        db = np.transpose(b, (0, 2, 1)) * pp[:, None, :]  # d u_col / d log p
        for r in range(1, m):
            jac[:, r, r] += 1.0
            jac[:, r, 0] -= 1.0
            jac[:, r, m:] = -lam * (da[:, r, :] - da[:, 0, :])
        for r in range(1, n):
            jac[:, m + r, m + r] += 1.0
            jac[:, m + r, m] -= 1.0
            jac[:, m + r, :m] = -lam * (db[:, r, :] - db[:, 0, :])
        todo = ~ok & ~bad
        try:
            step = np.linalg.solve(jac[todo], h[todo][..., None])[..., 0]
        except np.linalg.LinAlgError:
            break
        v[todo] = v[todo] - step
    x = np.exp(v)
    p_out = x[:, :m] / x[:, :m].sum(axis=1, keepdims=True)
    q_out = x[:, m:] / x[:, m:].sum(axis=1, keepdims=True)
    return p_out, q_out, ok & np.isfinite(x).all(axis=1)
