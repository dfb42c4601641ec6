"""Size limits: games past what a method can enumerate are refused in one line, never hang.

The limits (docs/how-to/solve.md, docs/explanation/exactness.md): ``exact`` and ``auto`` accept
every game whose perturbed best-response polytopes have at most ENUMERATION_SIZE_LIMIT vertices by
McMullen's upper bound (every square game up to 13x13, 8x21, 3x135); ``exact_bases`` and nashpy's two
enumerations at most EXACT_SIZE_LIMIT = 13,000 candidate bases C(m + n, m) (every game up to 8x8).
"""

from __future__ import annotations

import random
from math import comb
from pathlib import Path

import oracle as orc
import pytest
from click.testing import CliRunner

from gametheory import GameTheoryError, NormalFormGame, UnsupportedGameError, solve
from gametheory.cli.main import cli
from gametheory.io import write_nfg
from gametheory.solvers import ENUMERATION_SIZE_LIMIT, EXACT_SIZE_LIMIT
from gametheory.solvers.enumeration import EnumerationLimitError, pivoting_work


def _random_game(m: int, n: int, seed: int) -> NormalFormGame:
    rng = random.Random(seed)
    a = [[rng.randint(0, 99) for _ in range(n)] for _ in range(m)]
    b = [[rng.randint(0, 99) for _ in range(n)] for _ in range(m)]
    return NormalFormGame.from_matrices(a, b)


def test_the_documented_limits() -> None:
    # McMullen's upper bound for a simple 12-polytope with 24 facets: C(18, 6) + C(17, 5).
    assert pivoting_work(12, 12) == 2 * (comb(18, 6) + comb(17, 5)) == 49_504
    assert pivoting_work(13, 13) <= ENUMERATION_SIZE_LIMIT < pivoting_work(14, 14)
    assert pivoting_work(8, 21) <= ENUMERATION_SIZE_LIMIT < pivoting_work(8, 22)
    assert pivoting_work(3, 135) <= ENUMERATION_SIZE_LIMIT < pivoting_work(3, 136)
    assert comb(16, 8) <= EXACT_SIZE_LIMIT < comb(17, 8)


@pytest.fixture(scope="module")
def big() -> NormalFormGame:
    return _random_game(60, 60, 60)


@pytest.mark.parametrize(
    ("method", "limit"),
    [
        ("auto", "110,000"),
        ("exact", "110,000"),
        ("exact_bases", "13,000"),
        ("support_enumeration", "13,000"),
        ("vertex_enumeration", "13,000"),
    ],
)
def test_a_60x60_game_is_refused_in_one_line(big: NormalFormGame, method: str, limit: str) -> None:
    with pytest.raises(EnumerationLimitError) as info:
        solve(big, method)
    message = str(info.value)
    assert "\n" not in message
    assert f"a 60x60 game is too large for method '{method}'" in message
    assert f"the limit is {limit}" in message and "method 'pure'" in message
    assert isinstance(info.value, UnsupportedGameError) and isinstance(info.value, GameTheoryError)


def test_pure_is_the_way_past_the_limit(big: NormalFormGame) -> None:
    res = solve(big, "pure")
    assert res.method == "pure" and not res.complete
    assert any("only dominance by pure strategies" in d for d in res.diagnostics)


def test_exact_bases_honours_its_limit_and_exact_goes_further() -> None:
    game = _random_game(9, 9, 9)
    with pytest.raises(EnumerationLimitError, match=r"9x9 .* 'exact_bases' .* 48,620 "):
        solve(game, "exact_bases")
    res = solve(game)  # auto: the pivoting enumeration
    assert res.method == "exact" and res.complete and res.equilibria
    a, b = (game.payoffs[0].tolist(), game.payoffs[1].tolist())
    for e in res.equilibria:
        orc.check_equilibrium(a, b, e)


def test_a_10x10_game_is_solved_completely_under_auto() -> None:
    game = _random_game(10, 10, 10)
    res = solve(game)
    assert res.method == "exact" and res.complete and res.degenerate is not None
    a, b = (game.payoffs[0].tolist(), game.payoffs[1].tolist())
    for e in res.equilibria:
        orc.check_equilibrium(a, b, e)


@pytest.mark.slow
def test_a_12x12_game_is_solved_completely_under_auto() -> None:
    game = _random_game(12, 12, 12)
    res = solve(game)
    assert res.method == "exact" and res.complete
    a, b = (game.payoffs[0].tolist(), game.payoffs[1].tolist())
    for e in res.equilibria:
        orc.check_equilibrium(a, b, e)
    # a non-degenerate game has an odd number of equilibria (von Stengel 2007, AGT ch. 3, §3.5)
    assert res.degenerate or len(res.equilibria) % 2 == 1


def test_the_cli_refuses_a_60x60_game_in_one_line(big: NormalFormGame, tmp_path: Path) -> None:
    path = tmp_path / "big.nfg"
    path.write_text(write_nfg(big), encoding="utf-8")
    result = CliRunner().invoke(cli, ["solve", str(path)], prog_name="fedlocal")
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "60x60" in lines[0] and "method 'pure'" in lines[0], result.output
    assert "Traceback" not in result.output
