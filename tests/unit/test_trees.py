"""Game trees: scenarios, backward induction (numeric and symbolic), the reduced strategic form,
Nash equilibria told apart from subgame-perfect ones, the tree command."""

from __future__ import annotations

import json
import shutil
import subprocess
from fractions import Fraction as F
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner

from gametheory import ScenarioError, load_scenario, solve
from gametheory.cli.main import cli
from gametheory.model.strategic_form import reduced_strategies
from gametheory.scenario import scenario_from_toml
from gametheory.solvers.backward_induction import backward_induction
from gametheory.solvers.trees import solve_tree
from gametheory.symbolic import scenario_assumptions


def numeric(name: str, **overrides: str):
    sc = load_scenario(name)
    return sc, sc.tree.subs(sc.values(overrides))


# -- Hand-derived SPEs ---------------------------------------------------------------------------


def test_hennepin_one_shot_standoff() -> None:
    """hennepin_drawdown: since g*x > 0 = phi the federal side reneges, so the county refuses:
    the SPE is (Refuse, Renege) with the standoff payoffs (-h, p) = (-4, 3)."""
    _, tree = numeric("hennepin_drawdown")
    [e] = backward_induction(tree)
    assert e.choices_text == {"": "Refuse", "Cooperate": "Renege"}
    assert e.path == ("Refuse",) and e.payoffs == (-4, 3)


def test_hennepin_symbolic_condition_for_honoring() -> None:
    """The federal side honors iff its gain from keeping the surge, g*x, is at most the
    penalty phi; the county then cooperates iff the drawdown's value h*x covers c_L."""
    sc = load_scenario("hennepin_drawdown")
    spe = backward_induction(sc.tree, scenario_assumptions(sc, {}))
    g, x, phi, h = (sc.symbols[k] for k in ("g", "x", "phi", "h"))
    c_l = sc.symbols["tau"] + sc.symbols["lam"] + sc.symbols["e"]
    deal = next(e for e in spe if e.choices_text == {"": "Cooperate", "Cooperate": "Honor"})
    assert deal.condition.as_relational() == sp.And(phi >= g * x, h * x >= c_l)
    # With a penalty phi = 1 > g*x = 3/4 at x = 3/8, honoring is credible and the deal is struck.
    _, tree = numeric("hennepin_drawdown", phi="1")
    assert [e.path for e in backward_induction(tree)] == [("Cooperate", "Honor")]
    # At phi = g*x exactly the federal side is indifferent: both SPEs exist (ties branch).
    _, tree = numeric("hennepin_drawdown", phi="3/4")
    assert sorted(e.path for e in backward_induction(tree)) == [("Cooperate", "Honor"), ("Refuse",)]


@pytest.mark.parametrize(
    "name,overrides,paths,payoffs",
    [
        # funding_threat: the cut is credible (b_F >= k_F); (1 - beta) G = 3/4 < c_L = 2: defy.
        ("funding_threat", {}, [("Defy", "Cut")], [(F(-3, 4), F(1, 2))]),
        # ... with G above G* = c_L/(1 - beta) = 4 the county complies.
        ("funding_threat", {"G": "5"}, [("Comply",)], [(F(-2), F(2))]),
        # ... and an incredible threat (b_F < k_F) is ignored: defy, keep.
        ("funding_threat", {"G": "5", "b_F": "0.25"}, [("Defy", "Keep")], [(F(0), F(0))]),
        # Kreps (1990): no trust.
        ("trust_game", {}, [("No trust",)], [(F(0), F(0))]),
        # Selten (1978): entry and accommodation in both markets.
        ("chain_store", {}, [("In", "Accommodate", "In", "Accommodate")], [(F(4), F(2), F(2))]),
        # Osborne (2004) §6.1.1: two SPEs, offer 0 (accepted) or offer 1.
        (
            "ultimatum",
            {},
            [("Offer 0", "Accept"), ("Offer 1", "Accept")],
            [(F(4), F(0)), (F(3), F(1))],
        ),
    ],
)
def test_textbook_spe(name: str, overrides: dict, paths: list, payoffs: list) -> None:
    _, tree = numeric(name, **overrides)
    spe = backward_induction(tree)
    assert [e.path for e in spe] == paths
    assert [e.payoffs for e in spe] == payoffs
    assert all(type(u) is F for e in spe for u in e.payoffs)  # rationals are Fractions


def test_nash_equilibria_that_are_not_subgame_perfect() -> None:
    """The trust game's strategic form has the SPE (No trust, Abuse) and non-credible equilibria
    in which the trustee 'would honor' with probability up to 1/3 (then trusting pays at most
    10*1/3 - 5*2/3 = 0): Nash, not subgame perfect (Selten 1965)."""
    _, tree = numeric("trust_game")
    sol = solve_tree(tree)
    eqs = sol.normal_form.equilibria
    marks = dict(zip([e.strategies for e in eqs], sol.subgame_perfect, strict=True))
    assert marks[((F(0), F(1)), (F(0), F(1)))] is True
    assert marks[((F(0), F(1)), (F(1, 3), F(2, 3)))] is False


def test_reduced_strategies_of_the_chain_store_incumbent() -> None:
    sc = load_scenario("chain_store")
    labels = [s.label for s in reduced_strategies(sc.tree, 0)]
    # Incumbent decisions: after Out/In, after In, then after In/Accommodate/In or In/Fight/In,
    # of which its own choice at In leaves only one reachable: 2 * 2 * 2 = 8 reduced plans.
    assert len(labels) == 8
    assert labels[0] == "Accommodate/Accommodate/Accommodate"


def test_pure_method_on_a_large_strategic_form() -> None:
    sc, tree = numeric("ultimatum")
    sol = solve_tree(tree)
    assert sol.normal_form.method == "pure" and len(sol.normal_form.equilibria) == 33
    assert sum(sol.subgame_perfect) == 2
    pure = solve(sc.game.subs(sc.values()), "pure")
    assert not pure.complete and len(pure.equilibria) == 33


def test_symbolic_conditions_agree_with_numeric_backward_induction() -> None:
    """At many rational points: the symbolic SPE whose condition holds are exactly the numeric SPEs."""
    sc = load_scenario("hennepin_drawdown")
    symbolic = backward_induction(sc.tree, scenario_assumptions(sc, {}))
    grid = [F(k, 8) for k in range(9)]
    for x in grid:
        for phi in (F(0), F(1, 2), F(3, 4), F(2)):
            for tau in (F(0), F(1, 2), F(3, 2)):
                values = sc.values({"x": x, "phi": phi, "tau": tau})
                predicted = {e.choices for e in symbolic if e.condition.holds_at(values)}
                actual = {e.choices for e in backward_induction(sc.tree.subs(values))}
                assert predicted == actual, (x, phi, tau)


# -- Scenario files ------------------------------------------------------------------------------

TREE = """
format = 1
title = "t"
[[players]]
name = "A"
[[players]]
name = "B"
[tree]
player = "A"
[tree.moves.L]
payoffs = [1, 2]
[tree.moves.R]
chance = true
[tree.moves.R.moves.up]
probability = "1/3"
payoffs = [0, 0]
[tree.moves.R.moves.down]
probability = "2/3"
payoffs = [3, 3]
"""


def test_tree_scenario_loads_with_chance() -> None:
    sc = scenario_from_toml(TREE, file="t.toml")
    assert sc.tree.node(("R",)).probabilities == (sp.Rational(1, 3), sp.Rational(2, 3))
    assert sc.game.payoffs[0].tolist() == [[1], [2]]  # reduced form: B never moves


@pytest.mark.parametrize(
    "old,new,fragment",
    [
        (
            "payoffs = [1, 2]",
            "payoffs = [1]",
            "tree.moves.L.payoffs: expected 2 payoffs [A, B], got 1",
        ),
        ('player = "A"', 'player = "C"', "tree.player: unknown player 'C'; expected one of A, B"),
        ('probability = "1/3"\n', "", "tree.moves.R.moves.up: missing required key 'probability'"),
        (
            "[tree.moves.L]\npayoffs",
            "[tree.moves.L]\nprobability = 1\npayoffs",
            "'probability' belongs to the moves of a chance node",
        ),
        (
            "[tree.moves.L]\npayoffs = [1, 2]",
            '[tree.moves.L]\nplayer = "B"',
            "tree.moves.L: expected 'payoffs' (a terminal node) or 'moves'",
        ),
        (
            "payoffs = [1, 2]",
            'payoffs = [1, 2]\nplayer = "B"',
            "a node with payoffs is terminal and cannot have 'player'",
        ),
    ],
)
def test_tree_errors(old: str, new: str, fragment: str) -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_toml(TREE.replace(old, new, 1), file="t.toml")
    assert fragment in str(info.value) and str(info.value).startswith("t.toml: ")


def test_probabilities_must_sum_to_one() -> None:
    # p, p sums to 1 at the default p = 1/2 (so the file loads) but not at p = 1/3.
    text = TREE.replace(
        "[[players]]",
        '[parameters.p]\ndefault = 0.5\ndomain = "probability"\nprovenance = "illustrative"\n\n[[players]]',
        1,
    )
    text = text.replace('probability = "1/3"', 'probability = "p"').replace(
        'probability = "2/3"', 'probability = "p"'
    )
    sc = scenario_from_toml(text)
    with pytest.raises(ScenarioError, match="sum to 2/3, not 1"):
        sc.tree.subs(sc.values({"p": "1/3"})).check_probabilities()


def test_information_sets_must_be_consistent() -> None:
    text = """
format = 1
title = "t"
[[players]]
name = "A"
[[players]]
name = "B"
[tree]
player = "A"
[tree.moves.L]
player = "B"
infoset = "I"
[tree.moves.L.moves.x]
payoffs = [0, 0]
[tree.moves.R]
player = "A"
infoset = "I"
[tree.moves.R.moves.x]
payoffs = [0, 0]
"""
    with pytest.raises(ScenarioError, match="information set 'I' mixes players 'B' and 'A'"):
        scenario_from_toml(text)
    with pytest.raises(ScenarioError, match="information set 'I' offers different actions"):
        scenario_from_toml(
            text.replace('player = "A"\ninfoset', 'player = "B"\ninfoset').replace(
                "R.moves.x", "R.moves.y"
            )
        )


# -- CLI -----------------------------------------------------------------------------------------


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="fedlocal")


def test_solve_json_spe_contract() -> None:
    doc = json.loads(run("solve", "hennepin_drawdown", "--format", "json").output)
    assert doc["kind"] == "tree"
    assert doc["spe"] == [
        {
            "path": ["Refuse"],
            "payoffs": ["-4", "3"],
            "choices": {"": "Refuse", "Cooperate": "Renege"},
            "payoffs_float": [-4.0, 3.0],
        }
    ]
    assert [e["subgame_perfect"] for e in doc["equilibria"]] == [True, False]


def test_solve_three_player_tree() -> None:
    result = run("solve", "chain_store", "--format", "json")
    assert result.exit_code == 0
    assert json.loads(result.output)["spe"][0]["payoffs"] == ["4", "2", "2"]


@pytest.mark.parametrize("fmt", ["text", "dot", "tikz", "json"])
def test_tree_formats(fmt: str) -> None:
    result = run("tree", "funding_threat", "--format", fmt)
    assert result.exit_code == 0, result.output
    if fmt == "dot":
        assert '"root" -> "Defy" [label="Defy", penwidth=3, color=red];' in result.output
    if fmt == "text":
        assert "  *Defy Federal:" in result.output
    if fmt == "json":
        doc = json.loads(result.output)
        assert doc["nodes"][0] == {
            "history": "",
            "kind": "decision",
            "player": "Local",
            "infoset": "@",
            "actions": ["Comply", "Defy"],
        }


def test_tree_symbolic_lists_conditions() -> None:
    out = run("tree", "hennepin_drawdown", "--symbolic").output
    # Simplified (gametheory.symbolic.simplify): no sympy "&", one line per outcome.
    assert "Cooperate -> Honor; payoffs" in out
    assert "when h*x >= e + lam + tau and phi >= g*x" in out
    assert "&" not in out


def test_tree_of_a_strategic_form_game_is_an_error() -> None:
    result = run("tree", "surge_pd")
    assert result.exit_code == 1 and "tree does not apply to a game scenario" in result.output


@pytest.mark.skipif(shutil.which("pdflatex") is None, reason="pdflatex is not installed")
@pytest.mark.parametrize(
    "name", ["hennepin_drawdown", "funding_threat", "chain_store", "ultimatum", "trust_game"]
)
def test_tikz_compiles(name: str, tmp_path: Path) -> None:
    probe = subprocess.run(["kpsewhich", "tikz.sty"], capture_output=True, text=True)
    if not probe.stdout.strip():
        pytest.skip("TikZ is not installed (Debian: texlive-pictures)")
    picture = run("tree", name, "--format", "tikz").output
    tex = tmp_path / "tree.tex"
    tex.write_text(
        "\\documentclass{article}\n\\usepackage{tikz}\n\\begin{document}\n"
        + picture
        + "\\end{document}\n"
    )
    done = subprocess.run(
        ["pdflatex", "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]


def test_imperfect_information_without_proper_subgames() -> None:
    """Stripped-down poker (Gambit's test game): Bob cannot tell the deal, so the tree has no
    proper subgame and every Nash equilibrium is subgame perfect. Alice bets with a king and
    bluffs a queen with probability 1/3, Bob calls with 2/3; the game is worth 1/3 to Alice."""
    from gametheory.io import load_efg
    from gametheory.solvers.trees import has_proper_subgame

    tree = load_efg(Path(__file__).parents[1] / "data" / "gambit" / "stripped_down_poker.efg")
    assert not tree.perfect_information and not has_proper_subgame(tree)
    sol = solve_tree(tree)
    [eq] = sol.normal_form.equilibria
    assert eq.payoffs == (F(1, 3), F(-1, 3)) and sol.subgame_perfect == (True,)
    _, drawdown = numeric("hennepin_drawdown")
    assert has_proper_subgame(drawdown)  # the federal decision after Cooperate


def test_probabilities_are_checked_when_loading() -> None:
    with pytest.raises(
        ScenarioError,
        match=r"^t.toml: tree: the probabilities at chance node 'R' sum to 2/3, not 1",
    ):
        scenario_from_toml(
            TREE.replace('probability = "2/3"', 'probability = "1/3"'), file="t.toml"
        )


def test_key_paths_quote_keys_with_spaces_and_empty_nodes_are_named() -> None:
    text = TREE.replace(
        "[tree.moves.L]\npayoffs = [1, 2]",
        '[tree.moves.L]\nplayer = "B"\n[tree.moves.L.moves."No court"]\nlabel = "x"',
    )
    with pytest.raises(ScenarioError) as info:
        scenario_from_toml(text, file="t.toml")
    assert (
        "tree.moves.L.moves.\"No court\": expected 'payoffs' (a terminal node) or 'moves'"
        in str(info.value)
    )


# -- Imperfect information with proper subgames: SPE in behavior strategies ----------------------

DATA = Path(__file__).parents[1] / "data"


def outside_option(out, rows, cols, payoffs, players=("P1", "P2")):
    """Player 1 takes Out (payoffs ``out``) or enters a simultaneous-move game (player 2 does not
    see player 1's move there): the subgame after In is the only proper subgame."""
    from gametheory.model.tree import GameTree, TreeNode

    nodes = [
        TreeNode((), "decision", player=0, actions=("Out", "In")),
        TreeNode(("Out",), "terminal", payoffs=out),
        TreeNode(("In",), "decision", player=0, actions=rows),
    ]
    for i, r in enumerate(rows):
        nodes.append(TreeNode(("In", r), "decision", player=1, actions=cols, infoset="col"))
        for j, c in enumerate(cols):
            nodes.append(TreeNode(("In", r, c), "terminal", payoffs=payoffs[i][j]))
    return GameTree.from_nodes(players, nodes)


PENNIES = [[(1, -1), (-1, 1)], [(-1, 1), (1, -1)]]


def marks(sol):
    return {
        (e.strategies, e.payoffs): f
        for e, f in zip(sol.normal_form.equilibria, sol.subgame_perfect, strict=True)
    }


@pytest.mark.parametrize(
    "out,paths",
    [
        # The pennies subgame is worth (0, 0) in its unique (mixed) equilibrium (Osborne 2004,
        # ch. 10): player 1 stays out when Out pays more, enters when it pays less, and at a tie
        # both are subgame perfect.
        ((2, 2), [("Out",)]),
        ((-1, 2), [("In",)]),
        ((0, 2), [("Out",), ("In",)]),
    ],
)
def test_the_mixed_value_of_a_subgame_drives_the_first_move(out, paths) -> None:
    tree = outside_option(out, ("H", "T"), ("H", "T"), PENNIES)
    sol = solve_tree(tree)
    assert [e.path for e in sol.spe] == paths
    for e in sol.spe:
        assert not e.pure and e.distribution("@In") == {"H": F(1, 2), "T": F(1, 2)}
        assert e.distribution("col") == {"H": F(1, 2), "T": F(1, 2)}
        assert e.payoffs == ((0, 0) if e.path == ("In",) else out)
        assert e.condition.is_always
    if out == (-1, 2):
        # The unique Nash equilibrium of the strategic form is the SPE.
        assert sol.subgame_perfect == (True,)
        [eq] = sol.normal_form.equilibria
        assert eq.strategies == ((0, F(1, 2), F(1, 2)), (F(1, 2), F(1, 2)))


def test_out_or_pennies_extreme_nash_equilibria_are_not_subgame_perfect() -> None:
    """With Out = (2, 2), (Out, Heads) and (Out, Tails) are the extreme Nash equilibria; neither
    is subgame perfect (a pure choice by player 2 in the pennies subgame is no equilibrium there,
    whatever player 1 would do). The SPE, (Out, 1/2 Heads), lies inside their continuum."""
    from gametheory.io import load_efg

    sol = solve_tree(load_efg(DATA / "out_or_pennies.efg"))
    assert [e.strategies for e in sol.normal_form.equilibria] == [
        ((1, 0, 0), (1, 0)),
        ((1, 0, 0), (0, 1)),
    ]
    assert sol.subgame_perfect == (False, False)
    [spe] = sol.spe
    assert spe.path == ("Out",) and spe.payoffs == (2, 2) and spe.choices == (((), "Out"),)


def test_battle_of_the_sexes_subgame_gives_three_spe() -> None:
    """Out (2, 2) or a battle of the sexes with (3, 1), (1, 3) and the mixed (3/4, 3/4)
    (Kohlberg & Mertens 1986; van Damme 1989; Osborne 2004, ch. 10): player 1 enters only when
    the subgame's equilibrium is (B, B); three SPE."""
    from gametheory.io import load_efg

    sol = solve_tree(load_efg(DATA / "outside_option_bos.efg"))
    assert [(e.path, e.payoffs, e.pure) for e in sol.spe] == [
        (("In", "B", "B"), (3, 1), True),
        (("Out",), (2, 2), True),
        (("Out",), (2, 2), False),
    ]
    mixed = sol.spe[2]
    assert mixed.distribution("1:2") == {"B": F(3, 4), "S": F(1, 4)}
    assert mixed.distribution("2:1") == {"B": F(1, 4), "S": F(3, 4)}
    assert sol.spe[1].choices_text == {"": "Out", "In": "S", "In/B": "S", "In/S": "S"}
    # Nash equilibria of the strategic form: (Out, S) and (In/B, B) are subgame perfect;
    # (Out, 2/3 B + 1/3 S) is not: against 2/3 B player 1 would play B in the subgame, and then
    # player 2's mix is no best reply.
    assert marks(sol) == {
        (((1, 0, 0), (0, 1)), (2, 2)): True,
        (((0, 1, 0), (1, 0)), (3, 1)): True,
        (((1, 0, 0), (F(2, 3), F(1, 3))), (2, 2)): False,
    }


def test_a_non_credible_threat_inside_a_simultaneous_subgame() -> None:
    """Entry with simultaneous pricing: after In the entrant (Soft/Hard) and the incumbent
    (Accommodate/Fight) move at once; Fight is strictly dominated there, so the subgame's only
    equilibrium is (Soft, Accommodate) = (2, 2) and the entrant enters. (Out, Fight) is a Nash
    equilibrium of the strategic form that rests on the threat to fight: not subgame perfect
    (Fudenberg & Tirole 1991, §3.2)."""
    tree = outside_option(
        (0, 4),
        ("Soft", "Hard"),
        ("Accommodate", "Fight"),
        [[(2, 2), (-1, 1)], [(1, 0), (-2, -1)]],
        players=("Entrant", "Incumbent"),
    )
    sol = solve_tree(tree)
    [spe] = sol.spe
    assert spe.path == ("In", "Soft", "Accommodate") and spe.payoffs == (2, 2) and spe.pure
    assert marks(sol) == {
        (((1, 0, 0), (0, 1)), (0, 4)): False,  # Out, Fight
        (((0, 1, 0), (1, 0)), (2, 2)): True,  # In/Soft, Accommodate
        (((1, 0, 0), (F(1, 3), F(2, 3))), (0, 4)): False,  # Out, 1/3 Accommodate
    }


def test_poker_has_one_spe_in_behavior_strategies() -> None:
    from gametheory.io import load_efg

    sol = solve_tree(load_efg(DATA / "gambit" / "stripped_down_poker.efg"))
    [spe] = sol.spe
    assert spe.payoffs == (F(1, 3), F(-1, 3)) and spe.path == ()
    assert spe.distribution("1:2") == {"Bet": F(1, 3), "Fold": F(2, 3)}
    assert spe.distribution("2:1") == {"Call": F(2, 3), "Fold": F(1, 3)}


def test_subgame_with_more_than_two_movers_is_reported() -> None:
    from gametheory.io import load_efg
    from gametheory.solvers.trees import subgame_perfect_equilibria

    spe, notes = subgame_perfect_equilibria(load_efg(DATA / "gambit" / "jakobsen2016_fig3.efg"))
    assert spe == ()
    assert any("has 4 players who move" in n for n in notes)


def test_every_spe_is_verified_subgame_by_subgame() -> None:
    """Each reported SPE induces a Nash equilibrium in every collapsed subgame (exact check)."""
    from gametheory.solvers.subgames import _collapsed, _forest, _is_nash

    tree = outside_option((2, 2), ("B", "S"), ("B", "S"), [[(3, 1), (0, 0)], [(0, 0), (1, 3)]])
    roots, kids = _forest(tree)
    for e in solve_tree(tree).spe:
        behavior = {k: dict(d) for k, d in e.behavior} or {
            tree.node(h).infoset_key: {a: F(1)} for h, a in e.choices
        }
        assert all(_is_nash(_collapsed(tree, kids, r, behavior), behavior) for r in roots)
        # ... and a perturbed profile is not an SPE.
        wrong = {**behavior, "col": {"B": F(1)}} if e.path != ("In", "B", "B") else None
        if wrong is not None:
            assert not all(_is_nash(_collapsed(tree, kids, r, wrong), wrong) for r in roots)


def test_solve_json_and_table_for_a_mixed_spe() -> None:
    doc = json.loads(run("solve", str(DATA / "outside_option_bos.efg"), "--format", "json").output)
    mixed = doc["spe"][2]
    assert mixed["path"] == ["Out"]
    assert mixed["behavior"] == {
        "1:1": {"Out": "1", "In": "0"},
        "1:2": {"B": "3/4", "S": "1/4"},
        "2:1": {"B": "1/4", "S": "3/4"},
    }
    assert mixed["choices"]["In"] == "3/4 B + 1/4 S"
    assert "behavior" not in doc["spe"][0]
    assert [e["subgame_perfect"] for e in doc["equilibria"]] == [True, True, False]
    out = run("solve", str(DATA / "outside_option_bos.efg")).output
    # Grouped by outcome: the two SPE that stay out differ only off the path.
    assert "3 subgame-perfect equilibria in 2 outcomes" in out
    assert "  1. Out; payoffs (2, 2) [2 SPEs, differing off the path]" in out
    assert "equilibria 0, 2 (subgame perfect: 0)" in out
    out = run("solve", str(DATA / "outside_option_bos.efg"), "--all").output
    assert "choices: root: Out, In: 3/4 B + 1/4 S, In/B: 1/4 B + 3/4 S" in out
    text = run("tree", str(DATA / "out_or_pennies.efg")).output
    assert "~Heads [1/2] Player 2 [2:1]:" in text and "  *Out -> (2, 2)" in text


def pennies_after(prefix, base):
    """``prefix`` nodes, then matching pennies at ``base`` (player 2 does not see player 1)."""
    from gametheory.model.tree import GameTree, TreeNode

    nodes = [*prefix, TreeNode(base, "decision", player=0, actions=("H", "T"))]
    for i, r in enumerate("HT"):
        nodes.append(TreeNode((*base, r), "decision", player=1, actions=("H", "T"), infoset="col"))
        for j, c in enumerate("HT"):
            nodes.append(TreeNode((*base, r, c), "terminal", payoffs=PENNIES[i][j]))
    return GameTree.from_nodes(("P1", "P2"), nodes)


def test_completions_in_unreached_nested_subgames() -> None:
    """Player 1 stays out (2, 2) or lets player 2 choose R (0, 1) or L, matching pennies worth
    (0, 0). Out is chosen, so player 1's pennies move is unspecified by the equilibrium. With
    player 2 planning L and a pure pennies move there is no completion (a pure move is no
    equilibrium of pennies); with R, the pennies subgame is ruled out by both players' moves,
    any of its SPE completes the profile (its value 0 < 1 keeps R a best reply): SPE."""
    from gametheory.model.tree import TreeNode

    tree = pennies_after(
        [
            TreeNode((), "decision", player=0, actions=("Out", "In")),
            TreeNode(("Out",), "terminal", payoffs=(2, 2)),
            TreeNode(("In",), "decision", player=1, actions=("L", "R")),
            TreeNode(("In", "R"), "terminal", payoffs=(0, 1)),
        ],
        ("In", "L"),
    )
    sol = solve_tree(tree)
    labels = [s.label for s in sol.strategies[1]]
    assert labels == ["L/H", "L/T", "R"]
    flags = {
        labels[eq.strategies[1].index(1)]: f
        for eq, f in zip(sol.normal_form.equilibria, sol.subgame_perfect, strict=True)
    }
    assert flags == {"L/H": False, "L/T": False, "R": True}
    [spe] = sol.spe
    assert spe.path == ("Out",) and spe.distribution("@In") == {"L": 0, "R": 1}


def test_completion_through_a_subgame_with_its_own_subgame() -> None:
    """Player 2 stops (0, 3) or lets player 1 choose Out (2, 2) or pennies (0, 0). When player 2
    stops, player 1's plan at Go must be a best reply to *some* subgame-perfect completion:
    Out is (2 > 0), In/H and In/T are not (pure pennies moves)."""
    from gametheory.model.tree import TreeNode

    tree = pennies_after(
        [
            TreeNode((), "decision", player=1, actions=("Stop", "Go")),
            TreeNode(("Stop",), "terminal", payoffs=(0, 3)),
            TreeNode(("Go",), "decision", player=0, actions=("Out", "In")),
            TreeNode(("Go", "Out"), "terminal", payoffs=(2, 2)),
        ],
        ("Go", "In"),
    )
    sol = solve_tree(tree)
    labels = [s.label for s in sol.strategies[0]]
    flags = {
        labels[eq.strategies[0].index(1)]: f
        for eq, f in zip(sol.normal_form.equilibria, sol.subgame_perfect, strict=True)
    }
    assert flags == {"Out": True, "In/H": False, "In/T": False}
    assert [e.path for e in sol.spe] == [("Stop",)]


def test_no_perfect_recall_is_not_decided() -> None:
    """Player 1 forgets its own first move (one information set after a and b): Kuhn's
    equivalence fails, so the marks stay None, with a diagnostic."""
    from gametheory.model.tree import TreeNode

    prefix = [
        TreeNode((), "decision", player=0, actions=("Out", "In")),
        TreeNode(("Out",), "terminal", payoffs=(1, 1)),
        TreeNode(("In",), "decision", player=0, actions=("a", "b")),
    ]
    for first in "ab":
        prefix.append(
            TreeNode(("In", first), "decision", player=0, actions=("x", "y"), infoset="forget")
        )
        for second, pay in zip(
            "xy", ((2, 0), (0, 2)) if first == "a" else ((0, 2), (2, 0)), strict=True
        ):
            prefix.append(TreeNode(("In", first, second), "terminal", payoffs=pay))
    from gametheory.model.tree import GameTree

    sol = solve_tree(GameTree.from_nodes(("P1", "P2"), prefix))
    assert set(sol.subgame_perfect) == {None}
    assert any("perfect recall" in d for d in sol.diagnostics)


def test_absent_minded_tree_does_not_crash() -> None:
    # Regression: an information set holding the root and its successor (the absent-minded
    # driver's shape; Piccione & Rubinstein 1997) made the subgame machinery look up a subgame
    # at the root that does not exist. Now the SPE are not computed, and the notes say why.
    from gametheory.model.tree import GameTree, TreeNode
    from gametheory.solvers.trees import solve_tree

    tree = GameTree.from_nodes(
        ("A", "B"),
        [
            TreeNode((), "decision", player=0, actions=("L", "R"), infoset="I"),
            TreeNode(("L",), "decision", player=0, actions=("L", "R"), infoset="I"),
            TreeNode(("L", "L"), "terminal", payoffs=(1, 1)),
            TreeNode(("L", "R"), "terminal", payoffs=(0, 0)),
            TreeNode(("R",), "terminal", payoffs=(2, 2)),
        ],
    )
    solution = solve_tree(tree)
    assert solution.spe == ()
    assert any("absent-minded" in d for d in solution.diagnostics)
