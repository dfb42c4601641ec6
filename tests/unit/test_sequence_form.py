"""The sequence form of two-player trees: Lemke, vertex enumeration, exact verification, and the
cross-checks against the reduced strategic form and Gambit's ``lcp_solve``."""

from __future__ import annotations

import random
from fractions import Fraction as F
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.exceptions import UnsupportedGameError
from gametheory.io import load_efg
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.strategic_form import (
    reduced_strategic_form,
    reduced_strategies,
    tree_of_strategic_form,
)
from gametheory.model.tree import GameTree, TreeNode
from gametheory.scenario.loader import load_scenario
from gametheory.solvers.backward_induction import backward_induction
from gametheory.solvers.backward_numeric import unique_spe
from gametheory.solvers.sequence_form import (
    best_response_values,
    reduced_form_is_small,
    reduced_form_size,
    sequence_form,
    solve_sequence_form,
    verify_behavior,
)
from gametheory.solvers.sequence_lcp import sequence_form_vertices
from gametheory.solvers.subgames import _behavior, _is_nash
from gametheory.solvers.trees import solve_tree

DATA = Path(__file__).resolve().parent.parent / "data"
SIGNALLING = DATA / "signalling16.efg"
POKER = DATA / "gambit" / "stripped_down_poker.efg"


def _behavior_dict(eq):  # type: ignore[no-untyped-def]
    return {k: dict(d) for k, d in eq.behavior}


def _leaf_distribution(tree: GameTree, behavior: dict) -> dict:  # type: ignore[type-arg]
    """Probability of each leaf (independent of the sequence-form code)."""
    out: dict = {}  # type: ignore[type-arg]
    stack = [(tree.root, F(1))]
    while stack:
        node, w = stack.pop()
        if node.kind == "terminal":
            out[node.history] = w
            continue
        if node.kind == "chance":
            weights = [F(int(p.p), int(p.q)) for p in node.probabilities]
        else:
            dist = behavior.get(node.infoset_key, {node.actions[0]: F(1)})
            weights = [dist.get(a, F(0)) for a in node.actions]
        stack.extend(
            (tree.node(c), w * q) for c, q in zip(node.children, weights, strict=False) if q
        )
    return {h: p for h, p in out.items() if p}


# -- literature values ---------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["lemke", "vertex"])
def test_stripped_down_poker(method: str) -> None:
    """Reiley, Urbancic & Walker (2008), "Stripped-down poker", J. Economic Education 39: the
    unique equilibrium has Alice bet with the King, bluff with the Queen w.p. 1/3, Bob call w.p.
    2/3; the game is worth 1/3 to Alice."""
    res = solve_sequence_form(load_efg(POKER), method=method)
    assert len(res.equilibria) == 1
    eq = res.equilibria[0]
    assert eq.payoffs == (F(1, 3), F(-1, 3))
    assert eq.distribution("1:1") == {"Bet": 1, "Fold": 0}
    assert eq.distribution("1:2") == {"Bet": F(1, 3), "Fold": F(2, 3)}
    assert eq.distribution("2:1") == {"Call": F(2, 3), "Fold": F(1, 3)}
    assert res.complete is (method == "vertex")


def test_von_stengel_3x2_game_as_a_tree() -> None:
    """von Stengel (2007), AGT ch. 3, Fig. 3.3: the non-degenerate 3x2 game has exactly three
    equilibria, ((1,0,0),(1,0)), ((4/5,1/5,0),(2/3,1/3)), ((0,1/3,2/3),(1/3,2/3)). Its sequence
    form (the game drawn as a tree, column player uninformed) has the same ones."""
    game = NormalFormGame.from_matrices(
        [[3, 3], [2, 5], [0, 6]],
        [[3, 2], [2, 6], [3, 1]],
        actions=(("T", "M", "B"), ("l", "r")),
    )
    tree = tree_of_strategic_form(game)
    res = solve_sequence_form(tree, method="vertex")
    found = {(tuple(e.plans[0][1:]), tuple(e.plans[1][1:])) for e in res.equilibria}
    assert found == {
        ((F(1), F(0), F(0)), (F(1), F(0))),
        ((F(4, 5), F(1, 5), F(0)), (F(2, 3), F(1, 3))),
        ((F(0), F(1, 3), F(2, 3)), (F(1, 3), F(2, 3))),
    }
    lemke = solve_sequence_form(tree, method="lemke", starts=12, seed=3)
    assert {(tuple(e.plans[0][1:]), tuple(e.plans[1][1:])) for e in lemke.equilibria} <= found


def test_outside_option_and_matching_pennies() -> None:
    """Osborne (2004), ch. 10: entering matching pennies is worth at most 1 to player 1 whatever
    player 2 does, less than the outside option 2, so player 1 stays out and any mix of player 2
    completes an equilibrium; the polyhedra's vertex pairs have Heads w.p. 0, 1/2 and 1."""
    tree = load_efg(DATA / "out_or_pennies.efg")
    eqs = sequence_form_vertices(sequence_form(tree))
    assert eqs is not None
    assert {e.payoffs for e in eqs} == {(F(2), F(2))}
    assert sorted(e.distribution("2:1")["Heads"] for e in eqs) == [F(0), F(1, 2), F(1)]


def test_sequence_form_sizes_are_linear_in_the_tree() -> None:
    """Signalling tree: 8 types x 2 messages for the sender, 8 sets x 2 replies for the receiver:
    17 sequences each, while the reduced strategic form is 2**8 x 2**8."""
    tree = load_efg(SIGNALLING)
    assert sequence_form(tree).sizes == (17, 17)
    assert reduced_form_size(tree) == (256, 256)
    assert not reduced_form_is_small(tree)


@pytest.mark.parametrize(
    "name", ["out_or_pennies.efg", "outside_option_bos.efg", "gambit/stripped_down_poker.efg"]
)
def test_reduced_form_size_counts_reduced_strategies(name: str) -> None:
    tree = load_efg(DATA / name)
    assert reduced_form_size(tree) == (
        len(reduced_strategies(tree, 0)),
        len(reduced_strategies(tree, 1)),
    )


def test_imperfect_recall_is_refused() -> None:
    with pytest.raises(UnsupportedGameError, match="perfect recall"):
        sequence_form(load_efg(DATA / "gambit" / "holdout.efg"))


def test_unknown_method_lists_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="valid: auto, lemke, vertex"):
        solve_sequence_form(load_efg(POKER), method="simplex")


def test_verify_rejects_a_profitable_deviation() -> None:
    tree = load_efg(POKER)
    never_bluff = {"1:1": {"Bet": F(1)}, "1:2": {"Fold": F(1)}, "2:1": {"Fold": F(1)}}
    value, best = best_response_values(tree, never_bluff)
    # Bob folds to every bet: Alice gains by bluffing with the Queen (1 instead of -1).
    assert value[0] == F(0) and best[0] == F(1)
    assert not verify_behavior(tree, never_bluff)


# -- the oracle: the reduced strategic form on small random trees --------------------------------
def _random_tree(seed: int) -> GameTree:
    """A random two-player tree with perfect recall: chance, then player 1 knows the draw, then
    player 2 sees player 1's move only (a signalling game), with a random depth-1 continuation."""
    rng = random.Random(seed)
    types = rng.randint(1, 3)
    nodes = [
        TreeNode(
            (),
            "chance",
            actions=tuple(f"t{k}" for k in range(types)),
            probabilities=tuple(F(1, types) for _ in range(types)),
        )
    ]
    msgs = ("m", "n")
    for k in range(types):
        t = f"t{k}"
        nodes.append(TreeNode((t,), "decision", player=0, actions=msgs, infoset=f"S{k}"))
        for m in msgs:
            nodes.append(
                TreeNode((t, m), "decision", player=1, actions=("a", "b"), infoset=f"R{m}")
            )
            for a in ("a", "b"):
                if rng.random() < 0.3:
                    nodes.append(
                        TreeNode(
                            (t, m, a),
                            "decision",
                            player=0,
                            actions=("x", "y"),
                            infoset=f"S{k}{m}{a}",
                        )
                    )
                    for z in ("x", "y"):
                        nodes.append(
                            TreeNode(
                                (t, m, a, z),
                                "terminal",
                                payoffs=(rng.randint(-3, 3), rng.randint(-3, 3)),
                            )
                        )
                else:
                    nodes.append(
                        TreeNode(
                            (t, m, a), "terminal", payoffs=(rng.randint(-3, 3), rng.randint(-3, 3))
                        )
                    )
    return GameTree.from_nodes(("S", "R"), nodes)


@pytest.mark.parametrize("seed", range(12))
def test_sequence_form_agrees_with_the_reduced_strategic_form(seed: int) -> None:
    """Independent oracle: (1) every sequence-form equilibrium is a Nash equilibrium by the
    strategic-form check of trees.py (pure reduced-strategy deviations); (2) every exact
    equilibrium of the reduced strategic form, as behaviour strategies, passes verify_behavior;
    (3) when the strategic form's equilibria are isolated, both give the same outcome
    distributions (Kuhn 1953: realization-equivalent)."""
    from gametheory.solvers import solve

    tree = _random_tree(seed)
    res = solve_sequence_form(tree, method="auto")
    lemke = solve_sequence_form(tree, method="lemke", starts=4, seed=seed)
    assert lemke.equilibria
    for eq in (*res.equilibria, *lemke.equilibria):
        assert _is_nash(
            tree,
            {
                **{k: {tree.infosets[k][0].actions[0]: F(1)} for k in tree.infosets},
                **_behavior_dict(eq),
            },
        )
    game, strategies = reduced_strategic_form(tree)
    from gametheory.solvers.enumeration import EnumerationLimitError

    try:
        exact = solve(game.subs({}), "exact")
    except EnumerationLimitError:
        pytest.skip("the reduced strategic form is past the exact method's size limit")
    outcomes = set()
    for eq in exact.equilibria:
        behavior = {
            **_behavior(strategies[0], eq.strategies[0]),
            **_behavior(strategies[1], eq.strategies[1]),
        }
        assert verify_behavior(tree, behavior)
        outcomes.add(frozenset(_leaf_distribution(tree, behavior).items()))
    if res.complete and all(c.is_isolated for c in exact.components) and not exact.degenerate:
        mine = {
            frozenset(_leaf_distribution(tree, _behavior_dict(e)).items()) for e in res.equilibria
        }
        assert mine == outcomes


# -- solve_tree, the CLI and load time ----------------------------------------------------------
def test_solve_tree_uses_the_sequence_form_when_the_strategic_form_is_large() -> None:
    tree = load_efg(SIGNALLING)
    sol = solve_tree(tree)
    assert sol.normal_form is None
    assert any("256x256" in d for d in sol.diagnostics)
    assert [tuple(e.payoffs) for e in sol.spe] == [(F(25, 8), F(15, 8))]  # as Gambit's lcp_solve
    for e in sol.spe:
        behavior = {k: dict(d) for k, d in e.behavior} or {
            tree.node(h).infoset_key: {a: F(1)} for h, a in e.choices
        }
        assert verify_behavior(tree, behavior)


def test_loading_a_tree_builds_no_strategic_form() -> None:
    sc = load_scenario(SIGNALLING)
    assert sc.declared_game is None and "_reduced_game" not in sc.__dict__
    small = load_scenario(DATA / "out_or_pennies.efg")
    assert small.game is not None and small.game.shape == (3, 2)  # derived on first use
    assert "_reduced_game" in small.__dict__


def test_bundled_tree_scenarios_build_their_strategic_form_on_demand() -> None:
    sc = load_scenario("trust_game")
    assert "_reduced_game" not in sc.__dict__
    assert sc.game.actions == (("Trust", "No trust"), ("Honor", "Abuse"))


@pytest.mark.parametrize("command", [["validate"], ["show"], ["show", "--format", "json"]])
def test_show_and_validate_of_the_16_infoset_tree(command: list[str]) -> None:
    """Issue 15: this 1.5 KB file hung `show` (256x256 strategic form built at load)."""
    result = CliRunner().invoke(cli, [*command, str(SIGNALLING)])
    assert result.exit_code == 0, result.output
    if command[0] == "show":
        assert "256x256" in result.output


def test_solve_of_the_16_infoset_tree() -> None:
    result = CliRunner().invoke(cli, ["solve", str(SIGNALLING), "--format", "json"])
    assert result.exit_code == 0, result.output
    assert '"25/8"' in result.output and "sequence form" in result.output


# -- backward induction: the linear pass ---------------------------------------------------------
def _random_perfect_information_tree(seed: int) -> GameTree:
    rng = random.Random(seed)
    nodes = []
    frontier = [()]
    while frontier:
        h = frontier.pop()
        roll = rng.random()
        if len(h) >= 5 or (h and roll < 0.25):
            nodes.append(
                TreeNode(h, "terminal", payoffs=(rng.randint(-50, 50), rng.randint(-50, 50)))
            )
        elif roll < 0.35:
            nodes.append(
                TreeNode(h, "chance", actions=("c", "d"), probabilities=(F(1, 3), F(2, 3)))
            )
            frontier.extend((*h, a) for a in ("c", "d"))
        else:
            acts = tuple(f"a{k}" for k in range(rng.randint(2, 3)))
            nodes.append(TreeNode(h, "decision", player=len(h) % 2, actions=acts))
            frontier.extend((*h, a) for a in acts)
    return GameTree.from_nodes(("A", "B"), nodes)


@pytest.mark.parametrize("seed", range(30))
def test_linear_backward_induction_agrees_with_the_general_algorithm(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    tree = _random_perfect_information_tree(seed)
    fast = unique_spe(tree)
    monkeypatch.setattr("gametheory.solvers.backward_numeric.unique_spe", lambda t: None)
    general = backward_induction(tree)
    if fast is None:  # a mover is indifferent somewhere: both choices are SPE, listed apart
        assert len(general) >= 2
    else:
        assert general == (fast,)


@pytest.mark.parametrize("name", ["trust_game", "chain_store", "hennepin_drawdown"])
def test_linear_backward_induction_on_bundled_trees(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = load_scenario(name)
    tree = sc.tree.subs(sc.values())
    fast = backward_induction(tree)
    monkeypatch.setattr("gametheory.solvers.backward_numeric.unique_spe", lambda t: None)
    assert backward_induction(tree) == fast


def test_linear_backward_induction_declines_ties_and_symbols() -> None:
    sc = load_scenario("trust_game")
    assert not sc.tree.is_numeric and unique_spe(sc.tree) is None  # symbolic: general path
    tied = GameTree.from_nodes(
        ("A", "B"),
        [
            TreeNode((), "decision", player=0, actions=("x", "y")),
            TreeNode(("x",), "terminal", payoffs=(1, 0)),
            TreeNode(("y",), "terminal", payoffs=(1, 2)),
        ],
    )
    assert unique_spe(tied) is None
    assert len(backward_induction(tied)) == 2


# -- Gambit ---------------------------------------------------------------------------------------
@pytest.mark.slow
@pytest.mark.parametrize(
    "path", [SIGNALLING, POKER, DATA / "gambit" / "bayes2a.efg"], ids=lambda p: p.stem
)
def test_gambit_lcp_solve_finds_an_equilibrium_we_find(path: Path) -> None:
    """Gambit's ``lcp_solve`` (sequence form, Lemke) on the same file: its equilibrium payoffs
    are among ours (Lemke from the uniform prior, plus vertex enumeration where it is small)."""
    gbt = pytest.importorskip("pygambit")
    game = gbt.read_efg(str(path))
    players = list(game.players)
    theirs = {
        (F(str(e.payoff(players[0]))), F(str(e.payoff(players[1]))))
        for e in gbt.nash.lcp_solve(game, rational=True, use_strategic=False).equilibria
    }
    ours = {e.payoffs for e in solve_sequence_form(load_efg(path), starts=8).equilibria}
    assert theirs and theirs <= ours


# -- regression bounds (structural, not timings: those are in benchmarks/) ------------------------
def _no_strategic_form(*args: object, **kwargs: object) -> None:
    raise AssertionError("the reduced strategic form was built")


@pytest.mark.parametrize("command", [["validate"], ["show"], ["solve"], ["tree"]])
def test_the_16_infoset_tree_never_builds_its_strategic_form(
    command: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 15/16: the 256x256 form is neither built at load nor to solve; the sequence form
    (17 x 17 sequences) is used instead."""
    monkeypatch.setattr(
        "gametheory.model.strategic_form.reduced_strategic_form", _no_strategic_form
    )
    monkeypatch.setattr("gametheory.solvers.trees.reduced_strategic_form", _no_strategic_form)
    monkeypatch.setattr(
        "gametheory.solvers.subgame_perfect.reduced_strategic_form", _no_strategic_form
    )
    result = CliRunner().invoke(cli, [*command, str(SIGNALLING)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("seed", range(6))
def test_nash_checks_over_undominated_deviations_agree_with_all_deviations(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The repeated-game Nash check enumerates only undominated deviation policies (per state,
    the best stage payoff among actions with the same next state); the verdicts are those of
    the full enumeration, on random 3x3 stage games."""
    from gametheory.repeated import deviation
    from gametheory.repeated.automata import grim_trigger, tit_for_tat
    from gametheory.repeated.game import RepeatedGame

    rng = random.Random(seed)
    a = [[rng.randint(0, 9) for _ in range(3)] for _ in range(3)]
    b = [[rng.randint(0, 9) for _ in range(3)] for _ in range(3)]
    stage = NormalFormGame.from_matrices(a, b, actions=(("C", "D", "E"), ("C", "D", "E")))
    game = RepeatedGame.common(stage)
    pairs = [
        (grim_trigger("C", "D", "C"), grim_trigger("C", "D", "C")),
        (tit_for_tat("C", "D", "C"), tit_for_tat("C", "D", "C")),
    ]
    fast = [deviation.check_strategies(game, p, concept="nash").joint.describe() for p in pairs]
    monkeypatch.setattr(
        deviation, "_undominated", lambda g, i, other, q: list(range(len(g.stage.actions[i])))
    )
    full = [deviation.check_strategies(game, p, concept="nash").joint.describe() for p in pairs]
    assert fast == full
