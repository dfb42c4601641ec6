"""Tests for the exact simplex solver :mod:`gametheory.lp`."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction as F

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory.lp import LPResult, linprog_exact, maximin_mixed

# --- hand-solved programs ------------------------------------------------------------------------


def test_chvatal_first_example():
    # Chvátal, Linear Programming (1983), ch. 2, the first worked example:
    # max 5x1 + 4x2 + 3x3, optimum 13 at (2, 0, 1).
    res = linprog_exact(
        [5, 4, 3],
        A_ub=[[2, 3, 1], [4, 1, 2], [3, 4, 2]],
        b_ub=[5, 11, 8],
        maximize=True,
    )
    assert res == LPResult("optimal", (F(2), F(0), F(1)), F(13), res.iterations)
    assert res.iterations >= 1


def test_fractional_vertex():
    # max x1 + x2 s.t. 2x1 + x2 <= 2, x1 + 3x2 <= 3: the vertices are (0,0), (1,0), (0,1) and
    # the intersection (3/5, 4/5), which is optimal with value 7/5 (solved by hand).
    res = linprog_exact([1, 1], A_ub=[[2, 1], [1, 3]], b_ub=[2, 3], maximize=True)
    assert (res.status, res.x, res.value) == ("optimal", (F(3, 5), F(4, 5)), F(7, 5))
    # The same program as a minimization of the negated objective.
    res = linprog_exact([-1, -1], A_ub=[[2, 1], [1, 3]], b_ub=[2, 3])
    assert (res.x, res.value) == ((F(3, 5), F(4, 5)), F(-7, 5))


def test_chvatal_cycling_example_terminates():
    # Chvátal (1983), ch. 3: the degenerate program on which the largest-coefficient rule cycles.
    # max 10x1 - 57x2 - 9x3 - 24x4 s.t.
    #   1/2 x1 - 11/2 x2 - 5/2 x3 + 9x4 <= 0,  1/2 x1 - 3/2 x2 - 1/2 x3 + x4 <= 0,  x1 <= 1.
    # Optimum 1 at x = (1, 0, 1, 0).
    res = linprog_exact(
        [10, -57, -9, -24],
        A_ub=[[F(1, 2), F(-11, 2), F(-5, 2), 9], [F(1, 2), F(-3, 2), F(-1, 2), 1], [1, 0, 0, 0]],
        b_ub=[0, 0, 1],
        maximize=True,
    )
    assert (res.status, res.x, res.value) == ("optimal", (F(1), F(0), F(1), F(0)), F(1))
    assert res.iterations < 50


def test_beale_cycling_example_terminates():
    # E. M. L. Beale, "Cycling in the dual simplex algorithm", Naval Research Logistics Quarterly
    # 2 (1955): min -3/4 x4 + 20x5 - 1/2 x6 + 6x7 in equality form with x1, x2, x3 as the slacks;
    # Dantzig's rule cycles from the slack basis. Optimum -5/4 at x = (3/4, 0, 0, 1, 0, 1, 0).
    c = [0, 0, 0, F(-3, 4), 20, F(-1, 2), 6]
    A_eq = [
        [1, 0, 0, F(1, 4), -8, -1, 9],
        [0, 1, 0, F(1, 2), -12, F(-1, 2), 3],
        [0, 0, 1, 0, 0, 1, 0],
    ]
    res = linprog_exact(c, A_eq=A_eq, b_eq=[0, 0, 1])
    assert res.status == "optimal"
    assert res.value == F(-5, 4)
    assert res.x == (F(3, 4), F(0), F(0), F(1), F(0), F(1), F(0))
    # The inequality form (x1, x2, x3 implicit) has the same optimum.
    res = linprog_exact(c[3:], A_ub=[row[3:] for row in A_eq], b_ub=[0, 0, 1])
    assert (res.value, res.x) == (F(-5, 4), (F(1), F(0), F(1), F(0)))


def test_negative_right_hand_side():
    # min x1 + 2x2 s.t. x1 + x2 >= 2 (written -x1 - x2 <= -2), x1 <= 3: optimum 2 at (2, 0).
    res = linprog_exact([1, 2], A_ub=[[-1, -1], [1, 0]], b_ub=[-2, 3])
    assert (res.status, res.x, res.value) == ("optimal", (F(2), F(0)), F(2))


@pytest.mark.parametrize(
    "kwargs",
    [
        {"A_ub": [[1, 1]], "b_ub": [-1]},  # x >= 0 cannot sum to -1
        {"A_ub": [[-1, 0], [1, 0]], "b_ub": [-2, 1]},  # x1 >= 2 and x1 <= 1
        {"A_eq": [[1, 1], [1, 1]], "b_eq": [1, 2]},  # contradictory equalities
        {"A_eq": [[0, 0]], "b_eq": [1]},  # 0 = 1
        {"A_eq": [[1, -1]], "b_eq": [1], "A_ub": [[0, 1], [1, 0]], "b_ub": [5, F(1, 2)]},
    ],
)
def test_infeasible(kwargs):
    res = linprog_exact([1, 1], **kwargs)
    assert res == LPResult("infeasible", None, None, res.iterations)


def test_unbounded():
    # max x1 s.t. x1 - x2 <= 1: the ray (1, 1) is feasible and improving.
    res = linprog_exact([1, 0], A_ub=[[1, -1]], b_ub=[1], maximize=True)
    assert res == LPResult("unbounded", None, None, res.iterations)
    assert linprog_exact([-1, 0]).status == "unbounded"  # no constraints at all
    assert linprog_exact([0, -1], A_eq=[[1, -1]], b_eq=[2]).status == "unbounded"


def test_no_constraints_bounded():
    assert linprog_exact([1, 2]) == LPResult("optimal", (F(0), F(0)), F(0), 0)


def test_equalities_with_redundant_rows():
    # x1 + x2 = 2 three times over (once scaled, once negated), x1 - x2 = 0, and 0 = 0:
    # the only feasible point is (1, 1). The artificial variables of the redundant rows stay basic
    # at zero after phase 1 with no nonzero entry left, so their rows are dropped.
    res = linprog_exact(
        [1, 3],
        A_eq=[[1, 1], [2, 2], [1, -1], [-1, -1], [0, 0]],
        b_eq=[2, 4, 0, -2, 0],
    )
    assert (res.status, res.x, res.value) == ("optimal", (F(1), F(1)), F(4))


def test_artificial_driven_out_by_pivot():
    # min x1 + x2 + x3 s.t. x1 = 2, x1 - x2 = 2. Bland's rule ends phase 1 after one pivot with the
    # second row's artificial basic at zero; it is pivoted out on the -1 entry of x2.
    res = linprog_exact([1, 1, 1], A_eq=[[1, 0, 0], [1, -1, 0]], b_eq=[2, 2])
    assert (res.status, res.x, res.value) == ("optimal", (F(2), F(0), F(0)), F(2))


def test_mixed_equalities_and_inequalities():
    # max 2x1 + x2 + x3 s.t. x1 + x2 + x3 = 4, x1 - x3 <= 1, x2 >= 1 (written -x2 <= -1).
    # With x2 = 1 + t: x1 + x3 = 3 - t, x1 <= 1 + x3 gives x1 = 2 - t/2 and the objective
    # 2x1 + x2 + x3 = x1 + 4 = 6 - t/2, so t = 0: optimum 6 at (2, 1, 1).
    res = linprog_exact(
        [2, 1, 1],
        A_eq=[[1, 1, 1]],
        b_eq=[4],
        A_ub=[[1, 0, -1], [0, -1, 0]],
        b_ub=[1, -1],
        maximize=True,
    )
    assert (res.status, res.x, res.value) == ("optimal", (F(2), F(1), F(1)), F(6))


def test_accepts_fractions_and_numpy_integers():
    np = pytest.importorskip("numpy")
    res = linprog_exact(
        np.array([5, 4, 3]),
        A_ub=np.array([[2, 3, 1], [4, 1, 2], [3, 4, 2]]),
        b_ub=np.array([5, 11, 8]),
        maximize=True,
    )
    assert res.value == 13 and all(type(v) is F for v in res.x)


# --- input checking ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "kwargs",
    [
        {"c": [1.0, 2]},
        {"c": [1, 2], "A_ub": [[1, 0.5]], "b_ub": [1]},
        {"c": [1, 2], "A_ub": [[1, 1]], "b_ub": [Decimal("1.5")]},
        {"c": [1, 2], "A_eq": [[1, 1]], "b_eq": ["1"]},
    ],
)
def test_rejects_inexact_numbers(kwargs):
    with pytest.raises(TypeError, match="int or Fraction"):
        linprog_exact(**kwargs)


def test_rejects_numpy_floats():
    np = pytest.importorskip("numpy")
    with pytest.raises(TypeError):
        linprog_exact(np.array([1.0, 2.0]))


@pytest.mark.parametrize(
    ("kwargs", "name"),
    [
        ({"A_ub": [[1, 1], [1]], "b_ub": [1, 1]}, r"A_ub\[1\]"),
        ({"A_ub": [[1, 1, 1]], "b_ub": [1]}, r"A_ub\[0\]"),
        ({"A_ub": [1, 1], "b_ub": [1, 1]}, r"A_ub\[0\]"),
        ({"A_ub": [[1, 1]], "b_ub": [1, 2]}, "b_ub"),
        ({"A_eq": [[1, 1]], "b_eq": []}, "b_eq"),
        ({"A_eq": [[1, 1]]}, "b_eq"),
        ({"b_ub": [1]}, "A_ub"),
        ({"A_eq": 3, "b_eq": [1]}, "A_eq"),
    ],
)
def test_rejects_bad_shapes(kwargs, name):
    with pytest.raises(ValueError, match=name):
        linprog_exact([1, 1], **kwargs)


def test_rejects_empty_objective():
    with pytest.raises(ValueError, match="c"):
        linprog_exact([])


@pytest.mark.parametrize("payoffs", [[], [[]], [[1, 2], [3]], [[1, 2.5]]])
def test_maximin_rejects_bad_matrices(payoffs):
    with pytest.raises((ValueError, TypeError)):
        maximin_mixed(payoffs)


# --- maximin ------------------------------------------------------------------------------------


def test_maximin_rock_paper_scissors():
    value, p = maximin_mixed([[0, -1, 1], [1, 0, -1], [-1, 1, 0]])
    assert value == 0
    assert p == (F(1, 3), F(1, 3), F(1, 3))


def test_maximin_matching_pennies():
    assert maximin_mixed([[1, -1], [-1, 1]]) == (F(0), (F(1, 2), F(1, 2)))


def test_maximin_two_by_two():
    # [[a, b], [c, d]] = [[2, -3], [-1, 2]] has no saddle point, so by the 2x2 formula the value is
    # (ad - bc) / (a + d - b - c) = 1/8 with p = (d - c) / (a + d - b - c) = 3/8 on the first row.
    assert maximin_mixed([[2, -3], [-1, 2]]) == (F(1, 8), (F(3, 8), F(5, 8)))


def test_maximin_two_by_three():
    # Columns give 5p - 2, 1 - 2p and 2p for weight p on row 1; the first two cross at p = 3/7.
    assert maximin_mixed([[3, -1, 2], [-2, 1, 0]]) == (F(1, 7), (F(3, 7), F(4, 7)))


def test_maximin_saddle_point_and_fractions():
    # Row 1 dominates row 2; column 2 is the row player's worst: pure saddle point, value 2.
    assert maximin_mixed([[4, 2], [3, 1]]) == (F(2), (F(1), F(0)))
    assert maximin_mixed([[F(1, 3)]]) == (F(1, 3), (F(1),))
    value, p = maximin_mixed([[F(1, 2), F(-1, 2)], [F(-1, 2), F(1, 2)]])
    assert (value, p) == (F(0), (F(1, 2), F(1, 2)))


# --- properties ----------------------------------------------------------------------------------

ints = st.integers(-5, 5)


@st.composite
def small_lps(draw, bounded=True):
    n = draw(st.integers(1, 4))
    m_ub = draw(st.integers(0, 4))
    m_eq = draw(st.integers(0, 2))
    row = st.lists(ints, min_size=n, max_size=n)
    c = draw(row)
    A_ub = draw(st.lists(row, min_size=m_ub, max_size=m_ub))
    b_ub = draw(st.lists(st.integers(-5, 10), min_size=m_ub, max_size=m_ub))
    A_eq = draw(st.lists(row, min_size=m_eq, max_size=m_eq))
    if bounded:
        b_eq = draw(st.lists(ints, min_size=m_eq, max_size=m_eq))
        A_ub.append([1] * n)
        b_ub.append(draw(st.integers(0, 10)))
    else:  # feasible by construction: b_eq = A_eq x0 and b_ub >= A_ub x0 for an integer x0 >= 0
        x0 = draw(st.lists(st.integers(0, 3), min_size=n, max_size=n))
        b_eq = [sum(a * x for a, x in zip(r, x0, strict=True)) for r in A_eq]
        b_ub = [
            max(b, sum(a * x for a, x in zip(r, x0, strict=True)))
            for r, b in zip(A_ub, b_ub, strict=True)
        ]
    return c, A_ub, b_ub, A_eq, b_eq, draw(st.booleans())


def _dot(row, x):
    return sum((F(a) * v for a, v in zip(row, x, strict=True)), F(0))


def _check_exact(res, c, A_ub, b_ub, A_eq, b_eq):
    """The reported solution is feasible and attains the value, in exact arithmetic."""
    assert all(type(v) is F for v in res.x) and type(res.value) is F
    assert all(v >= 0 for v in res.x)
    assert all(_dot(r, res.x) <= b for r, b in zip(A_ub, b_ub, strict=True))
    assert all(_dot(r, res.x) == b for r, b in zip(A_eq, b_eq, strict=True))
    assert _dot(c, res.x) == res.value
    # A basic solution has at most as many positive entries (x and slacks) as there are rows.
    slack = [b - _dot(r, res.x) for r, b in zip(A_ub, b_ub, strict=True)]
    assert sum(v > 0 for v in [*res.x, *slack]) <= len(A_ub) + len(A_eq)


def _scipy(c, A_ub, b_ub, A_eq, b_eq, maximize):
    optimize = pytest.importorskip("scipy.optimize")
    sign = -1 if maximize else 1
    return optimize.linprog(
        [sign * v for v in c],
        A_ub=A_ub or None,
        b_ub=b_ub or None,
        A_eq=A_eq or None,
        b_eq=b_eq or None,
        bounds=(0, None),
        method="highs",
    )


@settings(max_examples=100, deadline=None)
@given(small_lps())
def test_agrees_with_highs_on_bounded_lps(lp):
    c, A_ub, b_ub, A_eq, b_eq, maximize = lp
    res = linprog_exact(
        c, A_ub=A_ub, b_ub=b_ub, A_eq=A_eq or None, b_eq=b_eq or None, maximize=maximize
    )
    ref = _scipy(c, A_ub, b_ub, A_eq, b_eq, maximize)
    assert res.status != "unbounded"  # sum x <= K bounds the feasible region
    assert res.status == {0: "optimal", 2: "infeasible"}[ref.status]
    if res.status == "optimal":
        _check_exact(res, c, A_ub, b_ub, A_eq, b_eq)
        assert abs(float(res.value) - (-ref.fun if maximize else ref.fun)) <= 1e-7


@settings(max_examples=100, deadline=None)
@given(small_lps(bounded=False))
def test_agrees_with_highs_on_feasible_lps(lp):
    c, A_ub, b_ub, A_eq, b_eq, maximize = lp
    res = linprog_exact(
        c,
        A_ub=A_ub or None,
        b_ub=b_ub or None,
        A_eq=A_eq or None,
        b_eq=b_eq or None,
        maximize=maximize,
    )
    ref = _scipy(c, A_ub, b_ub, A_eq, b_eq, maximize)
    assert res.status != "infeasible"
    if res.status == "optimal":
        assert ref.status == 0
        _check_exact(res, c, A_ub, b_ub, A_eq, b_eq)
        assert abs(float(res.value) - (-ref.fun if maximize else ref.fun)) <= 1e-7
    else:
        # The program is feasible by construction, so it is unbounded. HiGHS may say only
        # "unbounded or infeasible" (4), and its presolve can even call such a program
        # "infeasible" (2): minimise -x3 subject to x1 + x2 - x3 <= 0, x3 - x1 - x2 <= 1,
        # x >= 0 (x = 0 is feasible; x1 = x3 = t for any t >= 0 is too) got status 2 from
        # scipy 1.17's HiGHS.
        assert ref.status in (2, 3, 4)


@settings(max_examples=100, deadline=None)
@given(
    st.integers(1, 4).flatmap(
        lambda n: st.lists(st.lists(ints, min_size=n, max_size=n), min_size=1, max_size=4)
    )
)
def test_maximin_is_exact_minimax(payoffs):
    value, p = maximin_mixed(payoffs)
    assert all(v >= 0 for v in p) and sum(p) == 1
    columns = list(zip(*payoffs, strict=True))
    assert min(_dot(col, p) for col in columns) == value  # p guarantees the value exactly
    # Minimax theorem: the column player's guarantee in the negated transposed game matches.
    col_value, q = maximin_mixed([[-a for a in col] for col in columns])
    assert -col_value == value
    assert max(_dot(row, q) for row in payoffs) == value
