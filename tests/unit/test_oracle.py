"""Tests of the independent oracle (``tests/oracle.py``) itself.

The oracle is checked against hand derivations, against the literal definitions (degeneracy and
dominance as exact linear programs solved by sympy's rational simplex, a route that shares nothing
with the oracle's vertex enumeration) and, when it is installed, against Gambit's ``enummixed``.
None of these tests uses ``gametheory``'s solvers.
"""

from __future__ import annotations

import time
from fractions import Fraction as F
from itertools import combinations
from typing import Any

import oracle as orc
import pytest
import sympy as sp
from hypothesis import HealthCheck, given, settings
from strategies import bimatrix_games

SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# von Stengel, AGT ch. 3 (Nisan et al. 2007), eq. (3.3): the non-degenerate 3 x 2 example.
AGT_A = [[3, 3], [2, 5], [0, 6]]
AGT_B = [[3, 2], [2, 6], [3, 1]]


# --------------------------------------------------------------------------- exact predicates


def test_is_nash_from_the_definition() -> None:
    a, b = [[2, 0], [3, 1]], [[2, 3], [0, 1]]  # prisoner's dilemma (Quiet, Fink)
    assert orc.is_nash(a, b, (0, 1), (0, 1))
    assert not orc.is_nash(a, b, (1, 0), (1, 0))
    assert not orc.is_nash(a, b, (F(1, 2), F(1, 2)), (0, 1))
    assert not orc.is_nash(a, b, (0.0, 1.0), (0, 1))  # floats are not exact: rejected
    assert not orc.is_nash(a, b, (0, 1, 0), (0, 1))  # wrong length
    assert not orc.is_nash(a, b, (F(1, 2), F(1, 3)), (0, 1))  # does not sum to 1
    assert not orc.is_nash(a, b, (-1, 2), (0, 1))  # negative
    mp = [[1, -1], [-1, 1]]
    mq = [[-1, 1], [1, -1]]
    assert orc.is_nash(mp, mq, (F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))
    assert not orc.is_nash(mp, mq, (F(1, 2), F(1, 2)), (F(1, 3), F(2, 3)))
    # AGT 3 x 2 game: (0, 1/3, 2/3) pairs with (1/3, 2/3); against (2/3, 1/3) the third row pays
    # 2 < 3, so it cannot be in the support.
    assert orc.is_nash(AGT_A, AGT_B, (0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))
    assert not orc.is_nash(AGT_A, AGT_B, (0, F(1, 3), F(2, 3)), (F(2, 3), F(1, 3)))


def test_payoffs_are_exact() -> None:
    x, y = (F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))
    assert orc.payoffs(AGT_A, AGT_B, x, y) == (F(3), F(14, 5))
    assert orc.to_fraction(sp.Rational(2, 3)) == F(2, 3)
    with pytest.raises(TypeError):
        orc.to_fraction(0.5)


# --------------------------------------------------------------------------- hand derivations


def test_agt_vertices_by_hand() -> None:
    """Vertices of the best-response polyhedra of the AGT 3 x 2 game.

    Row player (column payoffs B^T x = (3x1+2x2+3x3, 2x1+6x2+x3)): the three pure strategies and
    the points of the simplex's edges where both columns are best responses,
    x1 - 4 x2 + 2 x3 = 0: (4/5, 1/5, 0) and (0, 1/3, 2/3) (on x2 = 0 it has no solution).
    Column player (row payoffs 3, 5 - 3 y1, 6 - 6 y1): the two pure strategies and the kinks of
    the upper envelope, y1 = 2/3 (rows 1, 2) and y1 = 1/3 (rows 2, 3); rows 1 and 3 tie at
    y1 = 1/2 but row 2 is strictly better there, so that point is not a vertex.
    """
    r = orc.oracle(AGT_A, AGT_B)
    assert r.row_vertices == {
        (1, 0, 0),
        (0, 1, 0),
        (0, 0, 1),
        (F(4, 5), F(1, 5), 0),
        (0, F(1, 3), F(2, 3)),
    }
    assert r.column_vertices == {(1, 0), (0, 1), (F(2, 3), F(1, 3)), (F(1, 3), F(2, 3))}


def test_agt_nondegenerate_equilibria_by_hand() -> None:
    r = orc.oracle(AGT_A, AGT_B)
    assert set(r.equilibria) == {
        ((1, 0, 0), (1, 0)),
        ((F(4, 5), F(1, 5), 0), (F(2, 3), F(1, 3))),
        ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    }
    assert not r.degenerate
    assert len(r.components) == 3 and len(r.cliques) == 3
    assert not r.strictly_dominated and not r.weakly_dominated


def test_agt_degenerate_variant_by_hand() -> None:
    """B[0][1] = 3: against the pure row 1 both columns are best responses (a continuum)."""
    r = orc.oracle(AGT_A, [[3, 3], [2, 6], [3, 1]])
    segment = {((1, 0, 0), (1, 0)), ((1, 0, 0), (F(2, 3), F(1, 3)))}
    isolated = ((0, F(1, 3), F(2, 3)), (F(1, 3), F(2, 3)))
    assert set(r.equilibria) == segment | {isolated}
    assert r.degenerate
    assert r.components == {frozenset(segment), frozenset({isolated})}
    assert r.clique_equilibria() == {frozenset(segment), frozenset({isolated})}


def test_all_zero_game() -> None:
    z = [[0, 0, 0], [0, 0, 0]]
    r = orc.oracle(z, z)
    pure = {
        (tuple(F(int(i == k)) for k in range(2)), tuple(F(int(j == k)) for k in range(3)))
        for i in range(2)
        for j in range(3)
    }
    assert set(r.equilibria) == pure
    assert r.degenerate and len(r.components) == 1 and len(r.cliques) == 1


def test_l_shaped_component_has_two_cliques() -> None:
    """NE set {U} x Delta  ∪  Delta x {R}: one component, two maximal Nash subsets."""
    r = orc.oracle([[1, 1], [0, 1]], [[2, 2], [0, 1]])
    ul, ur, dr = ((1, 0), (1, 0)), ((1, 0), (0, 1)), ((0, 1), (0, 1))
    assert set(r.equilibria) == {ul, ur, dr}
    assert r.components == {frozenset({ul, ur, dr})}
    assert r.clique_equilibria() == {frozenset({ul, ur}), frozenset({ur, dr})}
    assert r.weakly_dominated == {(0, 1), (1, 0)} and not r.strictly_dominated


def test_rpsls_is_degenerate_with_a_unique_equilibrium() -> None:
    """Rock-paper-scissors-lizard-Spock (Sam Kass): every pure strategy has two best responses.

    Actions R, P, S, L, K(Spock); each beats two and loses to two. The uniform strategy is the
    unique equilibrium (the skew-symmetric payoff matrix has a one-dimensional kernel spanned by
    the all-ones vector), and it is isolated even though the game is degenerate.
    """
    beats = {(0, 2), (0, 3), (1, 0), (1, 4), (2, 1), (2, 3), (3, 1), (3, 4), (4, 0), (4, 2)}
    a = [
        [1 if (i, j) in beats else -1 if (j, i) in beats else 0 for j in range(5)] for i in range(5)
    ]
    b = [[-v for v in row] for row in a]
    r = orc.oracle(a, b)
    u = tuple([F(1, 5)] * 5)
    assert r.equilibria == ((u, u),)
    assert r.degenerate


def test_oracle_speed_on_4x4() -> None:
    games = [
        ([[0] * 4] * 4, [[0] * 4] * 4),
        (
            [[1, -2, 3, 0], [2, 2, -1, 3], [-3, 0, 1, 1], [0, 1, 2, -2]],
            [[2, 1, -1, 0], [0, 3, 1, -2], [1, 1, 1, 1], [-1, 2, 0, 3]],
        ),
        (
            [[7, -13, 29, 4], [11, 5, -17, 23], [-19, 2, 31, 8], [3, 37, -6, 14]],
            [[-5, 12, 9, 27], [16, -8, 21, 1], [24, 18, -2, -11], [6, -9, 13, 19]],
        ),
    ]
    for a, b in games:
        orc._oracle.cache_clear()
        start = time.perf_counter()
        orc.oracle(a, b)
        assert time.perf_counter() - start < 2.0


# --------------------------------------------------------------------------- the definitions as LPs


class Infeasible(Exception):
    pass


def lp_max(
    c: list[F],
    a_ub: list[list[F]],
    b_ub: list[F],
    a_eq: list[list[F]],
    b_eq: list[F],
) -> F:
    """``max c.x`` s.t. ``a_ub x <= b_ub``, ``a_eq x = b_eq``, ``x >= 0``, in exact arithmetic.

    A textbook two-phase tableau simplex with Bland's rule (which cannot cycle, so it always
    terminates; sympy's own ``lpmax`` was seen to cycle on degenerate LPs). Raises
    :class:`Infeasible`; the LPs used here are bounded.
    """
    n = len(c)
    rows = [list(r) + [F(int(k == i)) for k in range(len(a_ub))] for i, r in enumerate(a_ub)]
    rows += [list(r) + [F(0)] * len(a_ub) for r in a_eq]
    rhs = list(b_ub) + list(b_eq)
    m, width = len(rows), n + len(a_ub)
    tab = []
    for i in range(m):
        sign = -1 if rhs[i] < 0 else 1
        art = [F(int(k == i)) for k in range(m)]
        tab.append([sign * F(v) for v in rows[i]] + art + [sign * F(rhs[i])])
    basis = [width + i for i in range(m)]
    total = width + m

    def pivot(r: int, col: int) -> None:
        piv = tab[r][col]
        tab[r] = [v / piv for v in tab[r]]
        for i in range(len(tab)):
            if i != r and tab[i][col] != 0:
                f = tab[i][col]
                tab[i] = [v - f * w for v, w in zip(tab[i], tab[r], strict=True)]
        basis[r] = col

    def optimise(cost: list[F], allowed: int) -> F:
        while True:
            entering = None
            for j in range(allowed):  # Bland: lowest index with positive reduced cost
                if j in basis:
                    continue
                if cost[j] - sum(cost[basis[i]] * tab[i][j] for i in range(len(tab))) > 0:
                    entering = j
                    break
            if entering is None:
                return sum((cost[basis[i]] * tab[i][-1] for i in range(len(tab))), F(0))
            best = None
            for i in range(len(tab)):
                if tab[i][entering] > 0:
                    key = (tab[i][-1] / tab[i][entering], basis[i])  # ties: lowest basic index
                    if best is None or key < best[0]:
                        best = (key, i)
            if best is None:
                raise ArithmeticError("unbounded LP")
            pivot(best[1], entering)

    phase1 = [F(0)] * width + [F(-1)] * m
    if optimise(phase1, total) < 0:
        raise Infeasible
    for r in range(len(tab) - 1, -1, -1):  # drive artificial variables out of the basis
        if basis[r] >= width:
            col = next((j for j in range(width) if tab[r][j] != 0), None)
            if col is None:
                del tab[r], basis[r]  # redundant equation
            else:
                pivot(r, col)
    return optimise([F(v) for v in c] + [F(0)] * (total - n), width)


def test_lp_max_small_cases() -> None:
    # max x + y, x + 2y <= 4, 3x + y <= 6  ->  (8/5, 6/5), value 14/5
    assert lp_max([F(1), F(1)], [[F(1), F(2)], [F(3), F(1)]], [F(4), F(6)], [], []) == F(14, 5)
    # x + y = 1, x - y = 0, max x -> 1/2
    assert lp_max([F(1), F(0)], [], [], [[F(1), F(1)], [F(1), F(-1)]], [F(1), F(0)]) == F(1, 2)
    with pytest.raises(Infeasible):
        lp_max([F(1)], [[F(1)]], [F(-1)], [], [])


def _max_or_none(*args: Any) -> F | None:
    try:
        return lp_max(*args)
    except Infeasible:
        return None


def _diff(own: list[list[int]], support: tuple[int, ...], j: int, j0: int) -> list[F]:
    """Coefficients of value(j) - value(j0) in the variables x_S (then 0 for t)."""
    return [F(own[i][j] - own[i][j0]) for i in support] + [F(0)]


def _degenerate_by_definition(a: list[list[int]], b: list[list[int]]) -> bool:
    """Literal definition: some x with |supp x| = k has >= k + 1 pure best responses.

    One LP per candidate support S and best-response set J with |J| = |S| + 1, over variables
    (x_S, t) >= 0: maximise t subject to x_i >= t (i in S), sum x_S = 1, the columns in J pay
    the same and at least as much as every other column. Degenerate iff some optimum is > 0.
    """
    for own in (b, [list(col) for col in zip(*a, strict=True)]):
        k, ell = len(own), len(own[0])
        for size in range(1, min(k, ell - 1) + 1):
            for support in combinations(range(k), size):
                for tight in combinations(range(ell), size + 1):
                    j0 = tight[0]
                    # t - x_p <= 0 for p in S;  value(j) - value(j0) <= 0 for every column j
                    a_ub = [[F(-int(q == p)) for q in range(size)] + [F(1)] for p in range(size)]
                    a_ub += [_diff(own, support, j, j0) for j in range(ell)]
                    b_ub = [F(0)] * (size + ell)
                    # sum x_S = 1;  value(j) = value(j0) for j in J
                    a_eq = [[F(1)] * size + [F(0)]]
                    a_eq += [_diff(own, support, j, j0) for j in tight[1:]]
                    b_eq = [F(1)] + [F(0)] * size
                    best = _max_or_none([F(0)] * size + [F(1)], a_ub, b_ub, a_eq, b_eq)
                    if best is not None and best > 0:
                        return True
    return False


def _dominated_by_definition(
    a: list[list[int]], b: list[list[int]]
) -> tuple[set[tuple[int, int]], set[tuple[int, int]]]:
    """Strict / weak dominance by a mixed strategy, each an exact LP.

    Strict: max eps over (sigma, eps) >= 0 with sum sigma = 1 and sigma.own[:, j] >= own[a][j] +
    eps for all j; dominated iff the optimum is > 0. Weak: max sum_j (sigma.own[:, j] - own[a][j])
    subject to every term >= 0; dominated iff the optimum is > 0 (sigma = e_a is always feasible).
    """
    strict, weak = set(), set()
    for player, own in ((0, a), (1, [list(col) for col in zip(*b, strict=True)])):
        k, ell = len(own), len(own[0])
        for action in range(k):
            # strict: -sigma.own[:, j] + eps <= -own[a][j]
            a_ub = [[F(-own[i][j]) for i in range(k)] + [F(1)] for j in range(ell)]
            b_ub = [F(-own[action][j]) for j in range(ell)]
            a_eq, b_eq = [[F(1)] * k + [F(0)]], [F(1)]
            best = _max_or_none([F(0)] * k + [F(1)], a_ub, b_ub, a_eq, b_eq)
            if best is not None and best > 0:
                strict.add((player, action))
            a_ub = [[F(-own[i][j]) for i in range(k)] for j in range(ell)]
            cost = [F(sum(own[i][j] for j in range(ell))) for i in range(k)]
            best = _max_or_none(cost, a_ub, b_ub, [[F(1)] * k], [F(1)])
            if best is not None and best > sum(own[action]):
                weak.add((player, action))
    return strict, weak


@SETTINGS
@given(bimatrix_games(min_size=2, max_size=3))
def test_degeneracy_matches_the_lp_definition(
    game: tuple[list[list[int]], list[list[int]]],
) -> None:
    a, b = game
    assert orc.is_degenerate(a, b) == _degenerate_by_definition(a, b), (a, b)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bimatrix_games(min_size=2, max_size=4))
def test_dominance_matches_the_lp_definition(game: tuple[list[list[int]], list[list[int]]]) -> None:
    a, b = game
    strict, weak = _dominated_by_definition(a, b)
    r = orc.oracle(a, b)
    assert r.strictly_dominated == strict, (a, b)
    assert r.weakly_dominated == weak, (a, b)


@SETTINGS
@given(bimatrix_games())
def test_oracle_output_is_consistent(game: tuple[list[list[int]], list[list[int]]]) -> None:
    a, b = game
    r = orc.oracle(a, b)
    assert r.equilibria, "every finite game has an equilibrium (Nash 1951)"
    assert len(set(r.equilibria)) == len(r.equilibria)
    for x, y in r.equilibria:
        assert orc.is_nash(a, b, x, y)
        assert x in r.row_vertices and y in r.column_vertices
    members = [e for comp in r.components for e in comp]
    assert sorted(members) == sorted(r.equilibria)  # a partition
    for xs, ys in r.cliques:
        assert all(orc.is_nash(a, b, x, y) for x in xs for y in ys)
    if not r.degenerate:  # non-degenerate: finitely many equilibria, all isolated
        assert all(len(c) == 1 for c in r.components)
        assert all(len(x) == 1 and len(y) == 1 for x, y in r.cliques)
        for x, y in r.equilibria:  # ... with supports of equal size
            assert sum(1 for p in x if p) == sum(1 for q in y if q)


# --------------------------------------------------------------------------- Gambit


@SETTINGS
@given(bimatrix_games())
def test_oracle_agrees_with_gambit_enummixed(game: tuple[list[list[int]], list[list[int]]]) -> None:
    orc.pygambit_api(17)
    a, b = game
    eqs, cliques = orc.gambit_enummixed(a, b)
    r = orc.oracle(a, b)
    assert set(r.equilibria) == eqs, (a, b)
    assert r.clique_equilibria() == cliques, (a, b)
