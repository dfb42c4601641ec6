"""Solving the sequence-form LCP of a two-player tree exactly: Lemke's algorithm from a pair of
priors, and vertex enumeration of the best-response polyhedra (small trees).

See :mod:`gametheory.solvers.sequence_form` for the sequence form, the LCP and the references;
:func:`~gametheory.solvers.sequence_form.solve_sequence_form` is the entry point. Every
equilibrium returned here has been verified exactly in the tree.
"""

from __future__ import annotations

import random
from fractions import Fraction
from itertools import combinations
from math import comb
from typing import NamedTuple

from gametheory.exceptions import GameTheoryError
from gametheory.solvers.sequence_plans import (
    Behavior,
    SequenceForm,
    SequenceFormEquilibrium,
    _equilibrium,
    _shifted,
)

__all__ = ["SEQUENCE_VERTEX_LIMIT", "sequence_form_vertices", "solve_lemke", "tracing_lemke"]

#: The vertex enumeration tries at most this many candidate bases per player.
SEQUENCE_VERTEX_LIMIT = 1_500

_ZERO = Fraction(0)
_ONE = Fraction(1)


# -- Lemke's algorithm ---------------------------------------------------------------------------
class _Ray(GameTheoryError):
    """Lemke's algorithm ended on a secondary ray."""


def _plan_of(sf: SequenceForm, player: int, behavior: Behavior) -> list[Fraction]:
    """The realization plan of a behaviour strategy (every set specified)."""
    plan = [_ONE] + [_ZERO] * (len(sf.sequences[player]) - 1)
    idx = sf.index(player)
    for h in sf.infosets[player]:  # preorder: the parent sequence comes first
        mass = plan[sf.parent[player][h]]
        for a in sf.actions[h]:
            plan[idx[(h, a)]] = mass * behavior[h][a]
    return plan


def _pure_best_reply(sf: SequenceForm, player: int, values: list[Fraction]) -> set[int]:
    """The sequences of a pure best reply at *every* information set (ties: first action), when
    sequence ``σ`` earns ``values[σ]`` directly (``(A ȳ)_σ``)."""
    idx = sf.index(player)
    below: dict[int, list[str]] = {}
    for h in sf.infosets[player]:
        below.setdefault(sf.parent[player][h], []).append(h)
    worth: dict[int, Fraction] = {}
    chosen: set[int] = {0}
    for k in range(len(sf.sequences[player]) - 1, -1, -1):
        total = values[k]
        for h in below.get(k, []):
            options = [idx[(h, a)] for a in sf.actions[h]]
            best = max(options, key=lambda o: (worth[o], -o))
            total += worth[best]
        worth[k] = total
    for h in sf.infosets[player]:
        options = [idx[(h, a)] for a in sf.actions[h]]
        chosen.add(max(options, key=lambda o: (worth[o], -o)))
    return chosen


class _Layout(NamedTuple):
    """The columns of the tableau: slacks ``w`` of both players, plans ``x, y``, free duals
    ``p, q``, ``z0``, an identity block (for the lexicographic ratio test), then the right-hand
    side; one row per sequence of each player and per constraint row of ``E`` and ``F``."""

    n1: int
    n2: int
    k1: int
    k2: int

    @property
    def rows(self) -> int:
        return self.n1 + self.n2 + self.k1 + self.k2

    @property
    def x(self) -> int:
        return self.n1 + self.n2

    @property
    def y(self) -> int:
        return 2 * self.n1 + self.n2

    @property
    def p(self) -> int:
        return 2 * (self.n1 + self.n2)

    @property
    def q(self) -> int:
        return self.p + self.k1

    @property
    def z0(self) -> int:
        return self.q + self.k2

    @property
    def identity(self) -> int:
        return self.z0 + 1


def _tableau(
    lay: _Layout,
    a: dict[tuple[int, int], Fraction],
    b: dict[tuple[int, int], Fraction],
    ay: list[Fraction],
    bx: list[Fraction],
    e_rows: list[dict[int, int]],
    f_rows: list[dict[int, int]],
) -> list[list[Fraction]]:
    """The tableau of the augmented system (see :func:`tracing_lemke`), nothing basic yet."""
    n1, n2, k1 = lay.n1, lay.n2, lay.k1
    rows_n = lay.rows
    W1, W2, X, Y = 0, n1, lay.x, lay.y
    P, Q, Z0, ID = lay.p, lay.q, lay.z0, lay.identity
    width = ID + rows_n + 1
    t: list[list[Fraction]] = [[_ZERO] * width for _ in range(rows_n)]
    for i in range(rows_n):
        t[i][ID + i] = _ONE
    for i in range(n1):
        t[i][W1 + i] = _ONE
        t[i][Z0] = ay[i]
    for (s, tt), v in a.items():
        t[s][Y + tt] += v
    for j in range(n2):
        t[n1 + j][W2 + j] = _ONE
        t[n1 + j][Z0] = bx[j]
    for (s, tt), v in b.items():
        t[n1 + tt][X + s] += v
    for r, row in enumerate(e_rows):
        for s, c in row.items():
            t[s][P + r] -= c
            t[n1 + n2 + r][X + s] = Fraction(c)
    for r, row in enumerate(f_rows):
        for j, c in row.items():
            t[n1 + j][Q + r] -= c
            t[n1 + n2 + k1 + r][Y + j] = Fraction(c)
    t[n1 + n2][Z0] = _ONE
    t[n1 + n2][-1] = _ONE
    t[n1 + n2 + k1][Z0] = _ONE
    t[n1 + n2 + k1][-1] = _ONE
    return t


def _pivot(t: list[list[Fraction]], basis: list[int], r: int, col: int) -> None:
    """Make ``col`` basic in row ``r`` (exact Gauss–Jordan step over the nonzero columns)."""
    prow = t[r]
    pv = prow[col]
    if pv != 1:
        inv = 1 / pv
        prow[:] = [v * inv if v else v for v in prow]
    nz = [k for k, v in enumerate(prow) if v]
    for i2 in range(len(t)):
        row = t[i2]
        f = row[col]
        if i2 != r and f:
            for k in nz:
                row[k] -= f * prow[k]
    basis[r] = col


def _initial_basis(
    sf: SequenceForm,
    lay: _Layout,
    t: list[list[Fraction]],
    ay: list[Fraction],
    bx: list[Fraction],
) -> list[int]:
    """Pivot in the starting basis at ``z0 = 1``: a pure best reply to each prior, ``z0``, and
    the free duals; returns the basis (the basic column of each row)."""
    n1, n2, X, Y = lay.n1, lay.n2, lay.x, lay.y
    basis: list[int] = [-1] * lay.rows
    chosen_x = _pure_best_reply(sf, 0, ay)  # w = Eᵀp − Aȳ ≥ 0: a best reply to ȳ
    chosen_y = _pure_best_reply(sf, 1, bx)
    initial = (
        [i for i in range(n1) if i not in chosen_x]
        + [n1 + j for j in range(n2) if j not in chosen_y]
        + [lay.z0]
        + [X + i for i in sorted(chosen_x) if i != 0]
        + [Y + j for j in sorted(chosen_y)]
        + [lay.p + r for r in range(lay.k1)]
        + [lay.q + r for r in range(lay.k2)]
    )
    for col in initial:
        row_of = next((i for i in range(lay.rows) if basis[i] < 0 and t[i][col]), None)
        if row_of is None:  # pragma: no cover - the initial basis is nonsingular
            raise GameTheoryError("the initial basis of the sequence-form LCP is singular")
        _pivot(t, basis, row_of, col)
    return basis


def _leaving_row(
    t: list[list[Fraction]], basis: list[int], lay: _Layout, entering: int, free: set[int]
) -> int:
    """The row the lexicographic minimum-ratio test picks (``z0``'s row on a tie)."""
    rows_n, Z0, ID = lay.rows, lay.z0, lay.identity
    cands = [i for i in range(rows_n) if basis[i] not in free and t[i][entering] > 0]
    if not cands:
        raise _Ray("Lemke's algorithm ended on a secondary ray")
    best = min(t[i][-1] / t[i][entering] for i in cands)
    tied = [i for i in cands if t[i][-1] / t[i][entering] == best]
    z0_row = [i for i in tied if basis[i] == Z0]
    if z0_row:
        return z0_row[0]
    if len(tied) == 1:
        return tied[0]
    return min(
        tied,
        key=lambda i: tuple(t[i][ID + k] / t[i][entering] for k in range(rows_n)),
    )


def _follow_path(
    t: list[list[Fraction]], basis: list[int], lay: _Layout, max_pivots: int
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """Complementary pivoting from the starting basis until ``z0`` leaves; the plans ``x, y``."""
    n1, n2, X, P, Z0 = lay.n1, lay.n2, lay.x, lay.p, lay.z0
    free = set(range(P, Z0))
    entering = X  # x(∅): its complement w(∅) is nonbasic at the start
    seen: set[tuple[int, frozenset[int]]] = set()
    for _ in range(max_pivots):
        state = (entering, frozenset(basis))
        if state in seen:  # pragma: no cover - the lexicographic rule prevents it
            raise GameTheoryError("Lemke's algorithm cycled (a degenerate path)")
        seen.add(state)
        r = _leaving_row(t, basis, lay, entering, free)
        leaving = basis[r]
        _pivot(t, basis, r, entering)
        if leaving == Z0:
            z = [_ZERO] * (n1 + n2)
            for i, var in enumerate(basis):
                if X <= var < P:
                    z[var - X] = t[i][-1]
            return tuple(z[:n1]), tuple(z[n1:])
        entering = leaving + (n1 + n2) if leaving < X else leaving - (n1 + n2)
    raise GameTheoryError(f"Lemke's algorithm did not finish in {max_pivots} pivots")


def tracing_lemke(
    sf: SequenceForm, priors: tuple[Behavior, Behavior], *, max_pivots: int = 100_000
) -> tuple[tuple[Fraction, ...], tuple[Fraction, ...]]:
    """One equilibrium's realization plans, by Lemke's algorithm on the sequence-form LCP started
    from a pair of completely mixed behaviour strategies ``priors`` (von Stengel, van den Elzen &
    Talman 2002): every pivot is exact.

    The augmented system, with ``z0`` going from 1 to 0 and ``x̄, ȳ`` the priors' plans, is

        Eᵀ p − A y − z0 A ȳ ≥ 0 ⟂ x ≥ 0,   E x + z0 e = e,
        Fᵀ q − Bᵀ x − z0 Bᵀ x̄ ≥ 0 ⟂ y ≥ 0,  F y + z0 f = f:

    each player's (scaled) plan best-responds to the other's plan mixed with the prior. At
    ``z0 = 1`` the basis is a pure best reply to each prior; Lemke's algorithm follows the
    almost-complementary path until ``z0`` leaves the basis. Ties in the ratio test are broken
    lexicographically, so degenerate trees do not cycle. Payoffs are shifted below zero first.

    Raises
    ------
    GameTheoryError
        If the path ends on a ray or exceeds ``max_pivots`` (neither happens for a tree with
        perfect recall, von Stengel, van den Elzen & Talman 2002, Theorem 4.1; reported rather
        than assumed).
    """
    a, b = _shifted(sf)
    n1, n2 = sf.sizes
    e_rows, f_rows = sf.constraints(0), sf.constraints(1)
    lay = _Layout(n1, n2, len(e_rows), len(f_rows))
    xbar, ybar = _plan_of(sf, 0, priors[0]), _plan_of(sf, 1, priors[1])
    ay = [_ZERO] * n1  # A ybar
    bx = [_ZERO] * n2  # B^T xbar
    for (s, j), v in a.items():
        ay[s] += v * ybar[j]
    for (s, j), v in b.items():
        bx[j] += v * xbar[s]
    t = _tableau(lay, a, b, ay, bx, e_rows, f_rows)
    basis = _initial_basis(sf, lay, t, ay, bx)
    return _follow_path(t, basis, lay, max_pivots)


def _prior(sf: SequenceForm, player: int, rng: random.Random | None) -> Behavior:
    """The uniform behaviour strategy, or (with ``rng``) random completely mixed weights."""
    out: Behavior = {}
    for h in sf.infosets[player]:
        acts = sf.actions[h]
        weights = [Fraction(rng.randint(1, 9)) if rng else _ONE for _ in acts]
        total = sum(weights)
        out[h] = {a: w / total for a, w in zip(acts, weights, strict=True)}
    return out


def solve_lemke(
    sf: SequenceForm, *, starts: int = 1, seed: int | None = 0
) -> tuple[list[SequenceFormEquilibrium], list[str]]:
    """Equilibria found by :func:`tracing_lemke` from ``starts`` pairs of priors (uniform, then
    seeded random completely mixed ones); each is verified exactly."""
    rng = random.Random(seed)
    found: dict[tuple[tuple[Fraction, ...], tuple[Fraction, ...]], SequenceFormEquilibrium] = {}
    notes: list[str] = []
    for k in range(starts):
        gen = rng if k else None
        priors = (_prior(sf, 0, gen), _prior(sf, 1, gen))
        try:
            x, y = tracing_lemke(sf, priors)
        except GameTheoryError as err:
            notes.append(f"start {k}: {err}")
            continue
        if (x, y) in found:
            continue
        eq = _equilibrium(sf, x, y)
        if eq is None:
            notes.append(f"start {k}: the LCP solution failed the exact check and was dropped")
            continue
        found[(x, y)] = eq
    return list(found.values()), notes


# -- vertex enumeration --------------------------------------------------------------------------
def _solve_square(rows: list[list[Fraction]], rhs: list[Fraction]) -> list[Fraction] | None:
    """The unique solution of a square linear system, or None when it is singular."""
    n = len(rows)
    a = [[*list(r), v] for r, v in zip(rows, rhs, strict=True)]
    for col in range(n):
        piv = next((r for r in range(col, n) if a[r][col]), None)
        if piv is None:
            return None
        a[col], a[piv] = a[piv], a[col]
        pv = a[col][col]
        a[col] = [v / pv for v in a[col]]
        for r in range(n):
            if r != col and a[r][col]:
                f = a[r][col]
                a[r] = [u - f * w for u, w in zip(a[r], a[col], strict=True)]
    return [a[r][n] for r in range(n)]


def _vertices(
    own_rows: list[dict[int, int]],
    other_rows: list[dict[int, int]],
    pay: dict[tuple[int, int], Fraction],
    n_own: int,
    n_other: int,
    transpose: bool,
) -> list[tuple[tuple[Fraction, ...], frozenset[int]]]:
    """Vertices of ``{(x, u): E x = e, x ≥ 0, Fᵀ u ≥ Pᵀ x}`` (``P`` is ``pay`` with the own
    sequence first) with their labels: own sequences with ``x = 0`` (labels ``0..n_own-1``) and
    the other's sequences whose inequality is tight (``n_own + τ``)."""
    k_own, k_other = len(own_rows), len(other_rows)
    dim = n_own + k_other
    free = dim - k_own  # tight inequalities needed
    # inequality τ: sum_r F[r][τ] u_r - sum_σ P[σ, τ] x_σ >= 0
    ineq: list[list[Fraction]] = []
    for t in range(n_other):
        row = [_ZERO] * dim
        for (s1, s2), v in pay.items():
            s, tt = (s2, s1) if transpose else (s1, s2)
            if tt == t:
                row[s] -= v
        for r, frow in enumerate(other_rows):
            if t in frow:
                row[n_own + r] += frow[t]
        ineq.append(row)
    eqs = []
    for r, erow in enumerate(own_rows):
        row = [_ZERO] * dim
        for s, c in erow.items():
            row[s] = Fraction(c)
        eqs.append((row, _ONE if r == 0 else _ZERO))
    out = []
    for tight in combinations(range(n_own + n_other), free):
        rows = [r for r, _ in eqs]
        rhs = [v for _, v in eqs]
        for lab in tight:
            if lab < n_own:
                row = [_ZERO] * dim
                row[lab] = _ONE
                rows.append(row)
            else:
                rows.append(ineq[lab - n_own])
            rhs.append(_ZERO)
        sol = _solve_square(rows, rhs)
        if sol is None:
            continue
        x = sol[:n_own]
        if any(v < 0 for v in x):
            continue
        slack = [sum((c * s for c, s in zip(row, sol, strict=True)), _ZERO) for row in ineq]
        if any(v < 0 for v in slack):
            continue
        labels = frozenset(
            [s for s in range(n_own) if not x[s]]
            + [n_own + t for t in range(n_other) if not slack[t]]
        )
        out.append((tuple(x), labels))
    return list(dict.fromkeys(out))


def sequence_form_vertices(
    sf: SequenceForm, *, limit: int = SEQUENCE_VERTEX_LIMIT
) -> list[SequenceFormEquilibrium] | None:
    """Every extreme Nash equilibrium, by enumerating the vertices of both best-response
    polyhedra and keeping the complementary pairs (module docstring); ``None`` when a player's
    candidate bases exceed ``limit``.

    Examples
    --------
    >>> from gametheory.io import load_efg
    >>> from gametheory.solvers.sequence_form import sequence_form
    >>> sf = sequence_form(load_efg("tests/data/out_or_pennies.efg"))
    >>> sorted(e.distribution("2:1")["Heads"] for e in sequence_form_vertices(sf))
    [Fraction(0, 1), Fraction(1, 2), Fraction(1, 1)]
    """
    n1, n2 = sf.sizes
    e_rows, f_rows = sf.constraints(0), sf.constraints(1)
    k1, k2 = len(e_rows), len(f_rows)
    if comb(n1 + n2, n1 + k2 - k1) > limit or comb(n1 + n2, n2 + k1 - k2) > limit:
        return None
    a, b = sf.payoffs
    px = _vertices(e_rows, f_rows, b, n1, n2, transpose=False)
    # for player 2, the own sequence is the second index of A
    qy = _vertices(f_rows, e_rows, a, n2, n1, transpose=True)
    out: dict[tuple[tuple[Fraction, ...], ...], SequenceFormEquilibrium] = {}
    everything = frozenset(range(n1 + n2))
    for x, lx in px:
        for y, ly in qy:
            # relabel player 2's polyhedron into player 1's numbering
            ly1 = frozenset((lab + n1) if lab < n2 else (lab - n2) for lab in ly)
            if lx | ly1 == everything and (x, y) not in out:
                eq = _equilibrium(sf, x, y)
                if eq is not None:
                    out[(x, y)] = eq
    return list(out.values())
