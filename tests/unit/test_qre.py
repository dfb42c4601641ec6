"""The logit QRE (gametheory.solvers.qre, qre_tree) and ``solve --method logit-qre``.

References: McKelvey and Palfrey (1995), "Quantal response equilibria for normal form games",
GEB 10 (the logit QRE, its principal branch, its limit a Nash equilibrium; the asymmetric
matching-pennies game of Ochs 1995 with the row player's payoff 9 at (H, H)); Turocy (2005),
GEB 51 (the branch traced by homotopy continuation).
"""

from __future__ import annotations

import itertools
import json
from fractions import Fraction

import numpy as np
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from oracle import pygambit_api

from gametheory.cli.main import cli
from gametheory.model import NormalFormGame
from gametheory.model.tree import GameTree, TreeNode
from gametheory.scenario import load_scenario
from gametheory.solvers import solve
from gametheory.solvers.qre import (
    QRE_METHODS,
    expected_action_values,
    logit_qre,
    logit_qre_newton_batch,
    trace_logit_qre,
)
from gametheory.solvers.qre_tree import agent_qre, trace_agent_qre

#: Ochs (1995) game 2 / McKelvey and Palfrey (1995): unique Nash equilibrium p = 1/2, q = 1/10.
PENNIES_9 = NormalFormGame.from_matrices(
    [[9, 0], [0, 1]], [[0, 1], [1, 0]], actions=(("H", "T"), ("H", "T"))
)


def _logit(u: np.ndarray, lam: float) -> np.ndarray:
    z = lam * (u - u.max())
    return np.exp(z) / np.exp(z).sum()


def test_lambda_zero_is_uniform() -> None:
    game = NormalFormGame.from_matrices([[3, 0, 1], [5, 1, 2]], [[3, 5, 0], [0, 1, 4]])
    q = logit_qre(game, 0)
    assert q.profile == ((0.5, 0.5), (1 / 3, 1 / 3, 1 / 3))
    assert q.exact is False and q.method == "logit-qre"


def test_branch_approaches_the_unique_nash_equilibrium() -> None:
    """The logit limit is the Nash equilibrium (McKelvey and Palfrey 1995, Theorem 3): here the
    exact equilibrium from the exact solver, p = 1/2 and q = 1/10."""
    exact = solve(PENNIES_9).equilibria
    assert len(exact) == 1
    (p_star, q_star) = exact[0].strategies
    assert p_star == (Fraction(1, 2), Fraction(1, 2)) and q_star == (
        Fraction(1, 10),
        Fraction(9, 10),
    )
    gaps = []
    for lam in (1, 10, 100, 1000):
        q = logit_qre(PENNIES_9, lam)
        assert q.residual < 1e-10
        gaps.append(
            max(abs(q.profile[0][0] - float(p_star[0])), abs(q.profile[1][0] - float(q_star[0])))
        )
    assert gaps == sorted(gaps, reverse=True)
    assert gaps[-1] < 2e-3


def test_qre_of_asymmetric_pennies_moves_row_towards_heads() -> None:
    """McKelvey and Palfrey (1995), section 4: in the QRE of the asymmetric game the row player
    plays H more than its Nash probability 1/2 (the 'own-payoff effect' Nash misses), while the
    column player's H falls from 1/2 towards 1/10."""
    for lam in (0.5, 2, 5):
        q = logit_qre(PENNIES_9, lam)
        assert q.profile[0][0] > 0.5
        assert 0.1 < q.profile[1][0] < 0.5


def test_trace_is_continuous_and_ends_at_the_solution() -> None:
    branch = trace_logit_qre(PENNIES_9, 20)
    lams = [p.lam for p in branch.points]
    assert lams[0] == 0 and lams[-1] == pytest.approx(20)
    assert max(p.residual for p in branch.points) < 1e-9
    end = logit_qre(PENNIES_9, 20)
    assert np.allclose(branch.points[-1].profile[1], end.profile[1], atol=1e-10)
    thinned = trace_logit_qre(PENNIES_9, 20, points=5)
    assert len(thinned.points) <= 5


def test_negative_lambda_is_refused() -> None:
    from gametheory.exceptions import ScenarioError

    with pytest.raises(ScenarioError, match="lambda must be"):
        logit_qre(PENNIES_9, -1)


def test_batch_newton_agrees_with_the_traced_qre() -> None:
    rng = np.random.default_rng(4)
    a, b = rng.normal(size=(6, 3, 2)), rng.normal(size=(6, 3, 2))
    start_p, start_q = np.full((6, 3), 1 / 3), np.full((6, 2), 1 / 2)
    p, q, ok = logit_qre_newton_batch(a, b, 0.3, start_p, start_q)
    assert ok.all()
    for g in range(6):
        single = logit_qre([a[g], b[g]], 0.3)
        assert np.allclose(p[g], single.profile[0], atol=1e-10)
        assert np.allclose(q[g], single.profile[1], atol=1e-10)


@settings(max_examples=25, deadline=None)
@given(
    players=st.integers(2, 3),
    sizes=st.lists(st.integers(2, 3), min_size=3, max_size=3),
    seed=st.integers(0, 2**32 - 1),
    lam=st.floats(0, 15),
)
def test_fixed_point_residual_is_small(
    players: int, sizes: list[int], seed: int, lam: float
) -> None:
    """Property: at random games (2 or 3 players) and precisions, the result is a fixed point of
    the logit response, checked independently of the solver's own residual."""
    rng = np.random.default_rng(seed)
    shape = tuple(sizes[:players])
    payoffs = [rng.integers(-5, 6, size=shape).astype(float) for _ in range(players)]
    q = logit_qre(payoffs, lam)
    profile = [np.array(p) for p in q.profile]
    for p, u in zip(profile, expected_action_values(payoffs, profile), strict=True):
        assert abs(p.sum() - 1) < 1e-12
        assert np.abs(p - _logit(u, lam)).max() < 1e-8
    assert q.residual < 1e-8


# -- trees -----------------------------------------------------------------------------------
def _pennies_tree() -> GameTree:
    """Asymmetric matching pennies as a tree: the column player does not see the row's move."""
    nodes = [TreeNode((), "decision", player=0, actions=("H", "T"))]
    pay = {("H", "H"): (9, 0), ("H", "T"): (0, 1), ("T", "H"): (0, 1), ("T", "T"): (1, 0)}
    for r in ("H", "T"):
        nodes.append(TreeNode((r,), "decision", player=1, actions=("H", "T"), infoset="column"))
        for c in ("H", "T"):
            nodes.append(TreeNode((r, c), "terminal", payoffs=pay[(r, c)]))
    return GameTree.from_nodes(("Row", "Column"), nodes)


def test_agent_qre_of_a_simultaneous_tree_is_the_strategic_qre() -> None:
    """A simultaneous game written as a tree: its agent QRE is the QRE of the strategic form."""
    tree = _pennies_tree()
    for lam in (0.7, 4.0):
        a = agent_qre(tree, lam)
        s = logit_qre(PENNIES_9, lam)
        assert a.labels == ("root", "column")
        assert np.allclose(a.profile, s.profile, atol=1e-9)
        assert a.residual < 1e-9
    branch = trace_agent_qre(tree, 3.0, points=10)
    assert branch.points[0].profile == ((0.5, 0.5), (0.5, 0.5))


def test_statistical_backward_induction_by_hand() -> None:
    """Trust game at its defaults (h=10, s=5, t=15, n=0): the trustee abuses with probability
    1/(1 + e^(lam*(10-15))); the trustor trusts with the logit of the expected payoff."""
    sc = load_scenario("trust_game")
    tree = sc.tree.subs(sc.values())
    lam = 0.3
    q = agent_qre(tree, lam)
    p_honor = 1 / (1 + np.exp(lam * 5))
    v_trust = p_honor * 10 + (1 - p_honor) * -5
    p_trust = 1 / (1 + np.exp(-lam * v_trust))
    root, trust = q.profile
    assert trust[0] == pytest.approx(p_honor, abs=1e-14)
    assert root[0] == pytest.approx(p_trust, abs=1e-14)
    assert q.branch.startswith("unique")


# -- the command line ------------------------------------------------------------------------
def test_cli_methods_match_the_registries() -> None:
    """The exact methods are SOLVERS (tests/test_architecture.py); the approximate ones are the
    QRE methods, routed through the finite kinds."""
    from gametheory.cli.commands.solve import APPROXIMATE_METHODS

    assert sorted(APPROXIMATE_METHODS) == sorted(QRE_METHODS)


def test_solve_logit_qre_json_says_it_is_not_exact() -> None:
    result = CliRunner().invoke(
        cli, ["solve", "stag_hunt", "--method", "logit-qre", "--lambda", "3/2", "--format", "json"]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["kind"] == "logit-qre" and record["exact"] is False
    assert record["lambda"] == "3/2" and record["lambda_float"] == 1.5
    assert record["residual"] < 1e-10
    assert "not an exact Nash equilibrium" in record["note"]
    assert [sum(b["probabilities"]) for b in record["blocks"]] == pytest.approx([1, 1])


def test_solve_logit_qre_trace_table_and_tree() -> None:
    runner = CliRunner()
    result = runner.invoke(
        cli, ["solve", "matching_pennies", "--method", "logit-qre", "--lambda", "2", "--trace"]
    )
    assert result.exit_code == 0, result.output
    assert "principal branch" in result.output and "fixed-point residual" in result.output
    result = runner.invoke(cli, ["solve", "ultimatum", "--method", "logit-qre", "--lambda", "1"])
    assert result.exit_code == 0, result.output
    assert "agent logit QRE" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--lambda", "2"], "--lambda goes with --method logit-qre"),
        (["--method", "logit-qre"], "needs the precision"),
        (["--method", "logit-qre", "--lambda", "-1"], "lambda must be"),
        (["--method", "logit-qre", "--lambda", "2", "--format", "latex"], "does not apply"),
    ],
)
def test_solve_logit_qre_bad_options(args: list[str], message: str) -> None:
    result = CliRunner().invoke(cli, ["solve", "matching_pennies", *args])
    assert result.exit_code == 1
    assert message in result.output


def test_solve_logit_qre_plot(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("matplotlib")
    out = tmp_path / "branch.png"
    result = CliRunner().invoke(
        cli,
        ["solve", "stag_hunt", "--method", "logit-qre", "--lambda", "4", "--trace", "-o", str(out)],
    )
    assert result.exit_code == 0, result.output
    assert out.stat().st_size > 1000


def test_agent_qre_of_poker_equals_pygambit() -> None:
    """Stripped-down poker (imperfect information, chance): the agent QRE traced here equals
    pygambit's ``logit_solve_lambda`` (Gambit's logit method on the extensive form)."""
    gbt = pygambit_api(16)
    from gametheory.examples import example_path

    path = example_path("examples/gambit/stripped_down_poker.efg")
    ours = agent_qre(load_scenario(str(path)).tree, 3.0)
    game = gbt.read_efg(str(path))
    theirs = gbt.qre.logit_solve_lambda(game, [3.0], use_strategic=False)[0]
    flat = [theirs[k] for k in range(sum(len(i.actions) for i in game.infosets))]
    blocks, k = [], 0
    for infoset in game.infosets:
        size = len(infoset.actions)
        blocks.append(tuple(flat[k : k + size]))
        k += size
    assert sorted(np.round(b, 6).tolist() for b in ours.profile) == sorted(
        np.round(b, 6).tolist() for b in blocks
    )
    assert ours.residual < 1e-10


def test_branch_through_a_fold_keeps_its_direction() -> None:
    # Found by the default hypothesis profile (test_fixed_point_residual_is_small, players=3,
    # sizes=[3, 2, 2], seed=3215): the principal branch of this 3x2x2 game bends back in lambda
    # (a fold near lambda = 1.3). Orienting each tangent by its product with the previous one
    # reversed the direction of travel at the fold and walked the branch back through the
    # centroid to lambda = -5e6 ("could not be followed"). Oriented by the sign of det [J; t]
    # (Allgower & Georg 1990, section 2.1) the trace crosses the fold and reaches lambda = 2.
    from gametheory.solvers.qre import _strategic

    rng = np.random.default_rng(3215)
    payoffs = [rng.integers(-5, 6, size=(3, 2, 2)).astype(float) for _ in range(3)]
    homotopy, _, _ = _strategic(payoffs)
    lams = [float(x[-1]) for x in homotopy.trace(2.0)]
    assert min(lams) >= 0 and lams[-1] >= 2
    assert any(b < a for a, b in itertools.pairwise(lams))  # the fold is crossed
    q = logit_qre(payoffs, 2.0)
    profile = [np.array(p) for p in q.profile]
    for p, u in zip(profile, expected_action_values(payoffs, profile), strict=True):
        assert np.abs(p - _logit(u, 2.0)).max() < 1e-8
