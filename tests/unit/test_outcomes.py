"""Equilibria of trees grouped by outcome (gametheory.solvers.outcomes and the reports).

The oracle is plain backward induction: at exact parameter points, the outcomes whose
(simplified) condition holds are exactly the outcomes of the SPE that backward induction
enumerates on the numeric tree there, and a numeric tree's counts are the numbers of SPE.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from gametheory import load_scenario
from gametheory.cli.main import cli
from gametheory.model.tree import GameTree, TreeNode
from gametheory.numbers import public_number
from gametheory.solvers.backward_induction import backward_induction
from gametheory.solvers.outcomes import group_equilibria, spe_outcomes
from gametheory.symbolic import scenario_assumptions

DATA = Path(__file__).resolve().parents[1] / "data" / "readable"
THREE = str(DATA / "three_player.toml")


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


def _key(o):
    return (tuple((p.path, p.probability) for p in o.plays), tuple(o.payoffs))


def test_three_player_tree_one_line_per_outcome() -> None:
    """Issue 14: a 12-leaf three-player tree printed 512 SPEs; now one line per outcome."""
    out = run("tree", THREE, "--symbolic").output
    lines = [
        ln for ln in out.splitlines() if ln.startswith("  ") and ". " in ln and "payoffs" in ln
    ]
    assert len(lines) == 9
    assert (
        "  0. Offer -> Cooperate -> Join; payoffs (2, 1 - lam, 1) when lam <= 1 and S <= 2" in out
    )
    assert "subgame-perfect equilibria (" not in out  # not enumerated without --all
    assert "&" not in out and "(0 >= lam)" not in out


@pytest.mark.parametrize(
    "lam,S", [(0, 0), (1, 0), (1, 1), ("1/2", 1), (2, -2), (0, 2), ("3/2", "1/2"), (1, -1)]
)
def test_symbolic_outcomes_match_backward_induction_at_points(lam, S) -> None:
    sc = load_scenario(THREE)
    symbolic = sc.tree.subs(sc.values({}, partial=True))
    known = scenario_assumptions(sc, {})
    outcomes = spe_outcomes(symbolic, known)
    point = {p.symbol: sp.Rational(str(v)) for p, v in zip(sc.parameters, (lam, S), strict=True)}
    holding = {_key(o) for o in outcomes if o.condition.holds_at(point)}
    numeric = sc.tree.subs(point)
    expected = {_key(o) for o in group_equilibria(numeric, backward_induction(numeric))}
    at = {(pl, tuple(public_number(sp.S(u).xreplace(point)) for u in pay)) for pl, pay in holding}
    assert at == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 2), min_size=16, max_size=16))
def test_numeric_counts_are_the_number_of_spe(payoffs) -> None:
    """Random two-level trees with many ties: grouping during backward induction gives the same
    outcomes and counts as enumerating every SPE and grouping them."""
    nodes = [TreeNode((), "decision", player=0, actions=("L", "R"))]
    k = 0
    for a in ("L", "R"):
        nodes.append(TreeNode((a,), "decision", player=1, actions=("l", "r")))
        for b in ("l", "r"):
            nodes.append(TreeNode((a, b), "decision", player=0, actions=("x", "y")))
            for c in ("x", "y"):
                nodes.append(TreeNode((a, b, c), "terminal", payoffs=(payoffs[k], payoffs[k + 1])))
                k += 2
    tree = GameTree.from_nodes(("P1", "P2"), nodes)
    fast = {_key(o): o.count for o in spe_outcomes(tree)}
    spe = backward_induction(tree)
    slow = {_key(o): o.count for o in group_equilibria(tree, spe)}
    assert fast == slow and sum(fast.values()) == len(spe)


def test_solve_groups_off_path_variants() -> None:
    out = run("solve", THREE).output
    assert (
        "48 subgame-perfect equilibria in 2 outcomes (backward induction; all with --all):" in out
    )
    assert "[32 SPEs, differing off the path]" in out
    assert "choices:" not in out
    assert "choices:" in run("solve", THREE, "--all").output


def test_chance_at_the_root_shows_each_play() -> None:
    """A chance move at the root used to print 'path (none)'."""
    tree = GameTree.from_nodes(
        ("A", "B"),
        [
            TreeNode(
                (),
                "chance",
                actions=("Court", "No court"),
                probabilities=(sp.Rational(1, 4), sp.Rational(3, 4)),
            ),
            TreeNode(("Court",), "decision", player=0, actions=("Honor", "Renege")),
            TreeNode(("Court", "Honor"), "terminal", payoffs=(2, 2)),
            TreeNode(("Court", "Renege"), "terminal", payoffs=(1, 0)),
            TreeNode(("No court",), "terminal", payoffs=(0, 1)),
        ],
    )
    (o,) = spe_outcomes(tree)
    assert [(p.path, p.probability) for p in o.plays] == [
        (("Court", "Honor"), sp.Rational(1, 4)),
        (("No court",), sp.Rational(3, 4)),
    ]
    assert o.path == () and o.payoffs == (sp.Rational(1, 2), sp.Rational(5, 4))


def test_chance_plays_in_json_and_csv() -> None:
    doc = json.loads(run("solve", "funding_threat", "--format", "json").output)
    (o,) = doc["outcomes"]
    assert [(p["path"], p["probability"]) for p in o["plays"]] == [
        (["Defy", "Cut", "Upheld"], "1/2"),
        (["Defy", "Cut", "Blocked"], "1/2"),
    ]
    rows = list(
        csv.DictReader(io.StringIO(run("solve", "funding_threat", "--format", "csv").output))
    )
    assert rows[0]["subgame_perfect"] == "true"
    assert rows[0]["plays"] == "Defy/Cut/Upheld:1/2;Defy/Cut/Blocked:1/2"


def test_tree_csv_keeps_the_subgame_perfect_flag() -> None:
    rows = list(csv.DictReader(io.StringIO(run("solve", "trust_game", "--format", "csv").output)))
    # Kreps (1990): (No trust, Abuse) is the SPE; (No trust, Honor) is a Nash equilibrium only.
    assert [r["subgame_perfect"] for r in rows] == ["true", "false"]


def test_nash_equilibria_grouped_by_outcome() -> None:
    doc = json.loads(run("solve", "hennepin_drawdown", "--format", "json").output)
    (group,) = doc["nash_outcomes"]
    assert group["plays"][0]["path"] == ["Refuse"] and group["equilibria"] == [0, 1]
    assert group["subgame_perfect"] == [0]
