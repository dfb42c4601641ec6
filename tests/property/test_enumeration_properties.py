"""The pivoting enumeration (method ``exact``) against the basis-by-basis one (``exact_bases``).

Both enumerate the vertices of the same best-response polytopes in exact arithmetic, by different
algorithms (lexicographic pivoting, gametheory/solvers/enumeration.py; one square system per
candidate basis, gametheory/solvers/exact.py). They must agree on everything: vertex lists,
equilibria and their order, degeneracy, cliques, components and dominance, degenerate games
included (the strategies of tests/strategies.py favour ties, duplicated actions and indifferent
players). Gambit's ``enummixed`` is a third, independent cross-check when pygambit is installed.
"""

from __future__ import annotations

import os
import random
import warnings
from fractions import Fraction

import oracle as orc
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from strategies import bimatrix_games

from gametheory import NormalFormGame, solve
from gametheory.solvers.enumeration import enumerate_by_pivoting, pivoting_vertices
from gametheory.solvers.exact import enumerate_extreme_equilibria, polytope_vertices

EXAMPLES = int(os.environ.get("GT_PROPERTY_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

Game = tuple[list[list[int]], list[list[int]]]


def _fractions(m: list[list[int]]) -> list[list[Fraction]]:
    return [[Fraction(v) for v in row] for row in m]


@SETTINGS
@given(bimatrix_games(min_size=1, max_size=5))
def test_pivoting_equals_the_basis_enumeration(game: Game) -> None:
    a, b = game
    fast = enumerate_by_pivoting(_fractions(a), _fractions(b))
    slow = enumerate_extreme_equilibria(_fractions(a), _fractions(b))
    assert fast == slow, (a, b)  # same vertices (points and labels), pairs and degeneracy


@SETTINGS
@given(bimatrix_games(min_size=2, max_size=4))
def test_exact_and_exact_bases_give_the_same_result(game: Game) -> None:
    a, b = game
    g = NormalFormGame.from_matrices(a, b)
    fast, slow = solve(g, "exact"), solve(g, "exact_bases")
    assert fast.method == "exact" and slow.method == "exact_bases"
    for name in ("equilibria", "degenerate", "cliques", "components", "dominated", "diagnostics"):
        assert getattr(fast, name) == getattr(slow, name), (name, a, b)


@SETTINGS
@given(
    st.integers(1, 5).flatmap(
        lambda d: st.integers(1, 5).flatmap(
            lambda c: st.lists(
                st.lists(st.integers(1, 4), min_size=c, max_size=c), min_size=d, max_size=d
            )
        )
    )
)
def test_pivoting_finds_every_polytope_vertex(matrix: list[list[int]]) -> None:
    # Small entries: many ties, so many degenerate vertices with several bases.
    assert pivoting_vertices(matrix) == polytope_vertices(matrix)


@pytest.mark.parametrize("size", [6, 7, 8])
def test_pivoting_equals_the_basis_enumeration_on_wide_random_games(size: int) -> None:
    rng = random.Random(size)
    for _ in range(2):
        a = [[rng.randint(0, 99) for _ in range(size)] for _ in range(size)]
        b = [[rng.randint(0, 99) for _ in range(size)] for _ in range(size)]
        fast = enumerate_by_pivoting(_fractions(a), _fractions(b))
        assert fast == enumerate_extreme_equilibria(_fractions(a), _fractions(b)), (a, b)


@pytest.mark.slow
@pytest.mark.parametrize("size", [6, 8, 10])
def test_agrees_with_gambit_enummixed_on_random_games(size: int) -> None:
    orc.pygambit_api(17)
    rng = random.Random(100 + size)
    for _ in range(2 if size < 10 else 1):
        a = [[rng.randint(0, 99) for _ in range(size)] for _ in range(size)]
        b = [[rng.randint(0, 99) for _ in range(size)] for _ in range(size)]
        eqs, cliques = orc.gambit_enummixed(a, b)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = solve(NormalFormGame.from_matrices(a, b))
        assert {orc.equilibrium_profile(e) for e in res.equilibria} == eqs, (a, b)
        assert orc.result_cliques(res) == cliques, (a, b)
