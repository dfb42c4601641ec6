# Tests of gametheory.io.efg, the reader and writer of Gambit extensive-form (.efg) files.
#
# The .efg files in tests/data/gambit/ are games shipped with Gambit, copied byte for byte from
# github.com/gambitproject/gambit (paths in that repository below):
#   stripped_down_poker.efg  tests/test_games/stripped_down_poker.efg
#       one-card poker: a chance deal, named information sets, outcomes shared between nodes
#   bayes2a.efg              contrib/games/bayes2a.efg
#       two-stage Bayesian game: outcomes at non-terminal nodes (payoffs add up along a path)
#   holdout.efg              contrib/games/holdout.efg
#       7-stage holdout game: rational probabilities (3/5, 1/10), outcomes at chance nodes,
#       null-outcome terminals, one-action information sets, repeated event names
#   2_player_chance_nonterm_outcomes_and_missing_term_outcomes.efg
#                            tests/test_games/ (same name)
#       an outcome defined at a terminal and then reused at a decision node; terminals "t "" 0"
#   jakobsen2016_fig3.efg    catalog/jakobsen2016/fig3.efg
#       four players, decimal payoffs (1.01), a multi-line non-ASCII comment, information sets
#       spanning chance branches
#   caro2.efg                contrib/games/caro2.efg
#       named nodes and information sets, six chance moves of 1/6, an action label "call "
# holdout.efg and caro2.efg are rejected by Gambit 17 itself (repeated event names, repeated node
# names, a label with a trailing space); older Gambit versions read them, and so does efg.py.

from __future__ import annotations

import doctest
import io
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp
from hypothesis import given
from hypothesis import strategies as st

import gametheory.io.efg as efg_module
from gametheory.exceptions import ScenarioError
from gametheory.io.efg import load_efg, read_efg, write_efg
from gametheory.model.tree import GameTree, TreeNode

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit"
FILES = [
    "stripped_down_poker",
    "bayes2a",
    "holdout",
    "2_player_chance_nonterm_outcomes_and_missing_term_outcomes",
    "jakobsen2016_fig3",
    "caro2",
]
NOT_GAMBIT_17 = {"holdout", "caro2"}  # pygambit 17 refuses these files (see above)
F = Fraction


def load(name: str) -> GameTree:
    return load_efg(DATA / f"{name}.efg")


def exact(values: tuple[object, ...]) -> tuple[sp.Expr, ...]:
    return tuple(sp.Rational(F(v).numerator, F(v).denominator) for v in values)


def partition(tree: GameTree) -> set[frozenset[tuple[str, ...]]]:
    return {frozenset(n.history for n in nodes) for nodes in tree.infosets.values()}


# --- reading the Gambit files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "players", "nodes"),
    [
        ("stripped_down_poker", "A simple Poker game", ("Alice", "Bob"), 11),
        ("bayes2a", "General Bayesian game, two stages", ("Player 1", "Player 2"), 127),
        (
            "holdout",
            "McKelvey-Palfrey (JET 77), 7 stage version of holdout game",
            ("Player 1", "Player 2"),
            136,
        ),
        ("2_player_chance_nonterm_outcomes_and_missing_term_outcomes", "", ("1", "2"), 21),
        (
            "jakobsen2016_fig3",
            "Jakobsen, Sorensen, Conitzer (2016) Figure 3",
            ("Player 1", "Player 2", "Player 3", "Player 4"),
            21,
        ),
        ("caro2", "Caro2", ("Player 1", "Player 2"), 55),
    ],
)
def test_gambit_file_header(name, title, players, nodes):
    tree = load(name)
    assert tree.title == title
    assert tree.players == players
    assert len(tree.nodes) == nodes


def test_poker_structure_in_full():
    tree = load("stripped_down_poker")
    got = [(n.history, n.kind, n.player, n.infoset, n.actions) for n in tree.preorder()]
    assert got == [
        ((), "chance", None, None, ("King", "Queen")),
        (("King",), "decision", 0, "1:1", ("Bet", "Fold")),
        (("King", "Bet"), "decision", 1, "2:1", ("Call", "Fold")),
        (("King", "Bet", "Call"), "terminal", None, None, ()),
        (("King", "Bet", "Fold"), "terminal", None, None, ()),
        (("King", "Fold"), "terminal", None, None, ()),
        (("Queen",), "decision", 0, "1:2", ("Bet", "Fold")),
        (("Queen", "Bet"), "decision", 1, "2:1", ("Call", "Fold")),
        (("Queen", "Bet", "Call"), "terminal", None, None, ()),
        (("Queen", "Bet", "Fold"), "terminal", None, None, ()),
        (("Queen", "Fold"), "terminal", None, None, ()),
    ]
    assert tree.root.probabilities == exact((F(1, 2), F(1, 2)))


@pytest.mark.parametrize(
    ("name", "history", "payoffs"),
    [
        # shared outcomes "Win" (1, -1) and "Lose" (-1, 1) appear at two terminals each
        ("stripped_down_poker", ("King", "Bet", "Call"), (2, -2)),
        ("stripped_down_poker", ("King", "Bet", "Fold"), (1, -1)),
        ("stripped_down_poker", ("Queen", "Bet", "Call"), (-2, 2)),
        ("stripped_down_poker", ("Queen", "Bet", "Fold"), (1, -1)),
        ("stripped_down_poker", ("Queen", "Fold"), (-1, 1)),
        # stage-1 outcome at the second decision of player 1 plus the stage-2 terminal outcome
        ("bayes2a", ("1G", "2g", "H", "h", "H", "h"), (20, 4)),  # (10, 2) + (10, 2)
        ("bayes2a", ("1G", "2g", "H", "h", "L", "l"), (14, 2)),  # (10, 2) + (4, 0)
        ("bayes2a", ("1G", "2g", "H", "l", "H", "l"), (0, 20)),  # (0, 10) + (0, 10)
        ("bayes2a", ("1B", "2g", "H", "h", "H", "h"), (8, 4)),  # (4, 2) + (4, 2)
        ("holdout", ("High", "High", *("H", "H", "2") * 6, "H", "G"), (1, F(1, 2))),
        ("holdout", ("High", "High", *("H", "H", "2") * 6, "G", "H"), (F(1, 2), 1)),
        ("holdout", ("High", "High", *("H", "H", "2") * 5, "H", "G"), (1, F(1, 2))),
        ("holdout", ("High", "High", "H", "H", "1"), (0, 0)),  # "1" {0, 0} then outcome 0
        ("2_player_chance_nonterm_outcomes_and_missing_term_outcomes", ("H", "A", "X"), (1, -1)),
        ("2_player_chance_nonterm_outcomes_and_missing_term_outcomes", ("H", "A", "Y"), (-1, 1)),
        ("2_player_chance_nonterm_outcomes_and_missing_term_outcomes", ("L", "C", "X"), (-1, 1)),
        ("2_player_chance_nonterm_outcomes_and_missing_term_outcomes", ("L", "C", "Y"), (1, -1)),
        ("2_player_chance_nonterm_outcomes_and_missing_term_outcomes", ("L", "A", "X"), (0, 0)),
        ("jakobsen2016_fig3", ("0", "2", "2"), (F(101, 100), -1, 0, 0)),
        ("jakobsen2016_fig3", ("1", "2", "2"), (0, F(101, 100), -1, 0)),
        ("jakobsen2016_fig3", ("3", "2", "2"), (-1, 0, 0, F(101, 100))),
        ("jakobsen2016_fig3", ("2", "1"), (0, 0, 0, 0)),
        ("caro2", ("A- K", "raise", "call"), (3, -1)),
        ("caro2", ("A- K", "pass", "raise", "pass"), (0, 2)),
    ],
)
def test_gambit_file_payoffs(name, history, payoffs):
    node = load(name).node(history)
    assert node.kind == "terminal"
    assert node.payoffs == exact(payoffs)
    assert all(isinstance(u, sp.Rational) for u in node.payoffs)


@pytest.mark.parametrize(
    ("name", "history", "actions", "probabilities"),
    [
        ("stripped_down_poker", (), ("King", "Queen"), (F(1, 2), F(1, 2))),
        ("holdout", ("High",), ("High", "Low"), (F(3, 5), F(2, 5))),
        ("holdout", ("High", "High", "H", "H"), ("1", "2"), (F(1, 10), F(9, 10))),
        ("jakobsen2016_fig3", (), ("0", "1", "2", "3"), (F(1, 4),) * 4),
        ("caro2", (), ("A- K", "A - Q", "K - A", "K - Q", "Q - A", "Q - K"), (F(1, 6),) * 6),
    ],
)
def test_gambit_file_chance_nodes(name, history, actions, probabilities):
    node = load(name).node(history)
    assert (node.kind, node.actions) == ("chance", actions)
    assert node.probabilities == exact(probabilities)


@pytest.mark.parametrize(
    ("name", "infoset", "player", "members"),
    [
        ("stripped_down_poker", "2:1", 1, [("King", "Bet"), ("Queen", "Bet")]),
        ("stripped_down_poker", "1:2", 0, [("Queen",)]),
        (
            "bayes2a",
            "2:1",
            1,
            [("1G", "2g", "H"), ("1G", "2g", "L"), ("1B", "2g", "H"), ("1B", "2g", "L")],
        ),
        ("jakobsen2016_fig3", "1:1", 0, [("0", "2"), ("3",)]),
        ("jakobsen2016_fig3", "4:1", 3, [("2",), ("3", "2")]),
        ("holdout", "2:8", 1, [("High", "Low", "H"), ("High", "Low", "H", "H", "2", "H")]),
        ("caro2", "2:5", 1, [("K - A", "raise"), ("Q - A", "raise")]),
    ],
)
def test_gambit_file_information_sets(name, infoset, player, members):
    tree = load(name)
    nodes = tree.infosets[infoset]
    assert [n.history for n in nodes][: len(members)] == members
    assert {n.player for n in nodes} == {player}


def test_information_set_counts_and_perfect_information():
    assert len(load("bayes2a").infosets) == 20
    assert len(load("holdout").infosets) == 16
    assert not load("jakobsen2016_fig3").perfect_information


def test_node_names_become_labels_and_odd_labels_are_kept():
    tree = load("caro2")
    assert tree.node(("A- K",)).label == "player 1"
    assert tree.node(("A- K", "pass", "raise")).label == "Ap2r"
    assert tree.node(("A- K", "raise", "call")).label == ""
    assert tree.node(("K - A", "raise")).actions == ("call ", "pass")  # as written, with a space


# --- round trips ----------------------------------------------------------------------------


@pytest.mark.parametrize("name", FILES)
def test_gambit_files_survive_a_write_read_round_trip(name):
    tree = load(name)
    text = write_efg(tree)
    again = read_efg(text, filename="copy.efg")
    assert again == tree
    assert again.title == tree.title
    assert write_efg(again) == text


def test_reader_form_infoset_numbers_are_kept_even_out_of_order():
    tree = GameTree.from_nodes(
        ("A",),
        [
            TreeNode((), "decision", player=0, actions=("l", "r"), infoset="1:7"),
            TreeNode(("l",), "decision", player=0, actions=("x",), infoset="1:2"),
            TreeNode(("r",), "decision", player=0, actions=("x",), infoset="1:2"),
            TreeNode(("l", "x"), "terminal", payoffs=(1,)),
            TreeNode(("r", "x"), "terminal", payoffs=(2,)),
        ],
    )
    text = write_efg(tree)
    assert 'p "" 1 7 "1:7" { "l" "r" } 0' in text
    assert text.count('p "" 1 2 "1:2" { "x" } 0') == 2
    assert read_efg(text) == tree


def test_other_infoset_names_get_free_numbers_and_the_same_partition():
    nodes = [
        TreeNode((), "decision", player=1, actions=("a", "b"), infoset="2:1"),
        TreeNode(("a",), "decision", player=0, actions=("x", "y"), infoset="info"),
        TreeNode(("b",), "decision", player=0, actions=("x", "y"), infoset="info"),
        TreeNode(("a", "x"), "decision", player=1, actions=("z",)),  # a singleton (None)
        TreeNode(("a", "x", "z"), "terminal", payoffs=(1, 2)),
        TreeNode(("a", "y"), "decision", player=0, actions=("z",), infoset="2:1x"),
        TreeNode(("a", "y", "z"), "terminal", payoffs=(3, 4)),
        TreeNode(("b", "x"), "terminal", payoffs=(5, 6)),
        TreeNode(("b", "y"), "terminal", payoffs=(7, 8)),
    ]
    tree = GameTree.from_nodes(("P", "Q"), nodes)
    text = write_efg(tree)
    assert [line.split('"')[2].split()[:2] for line in text.splitlines() if line[:1] == "p"] == [
        ["2", "1"],  # kept
        ["1", "1"],  # "info"
        ["2", "2"],  # the singleton: 1 is taken by "2:1"
        ["1", "2"],  # "2:1x"
        ["1", "1"],  # "info" again
    ]
    again = read_efg(text)
    assert partition(again) == partition(tree)
    assert again.node(("b",)).infoset == "1:1"
    assert [n.payoffs for n in again.nodes] == [n.payoffs for n in tree.nodes]


_LABEL = st.text(st.sampled_from('ab "\\\n{},é'), max_size=4)


@st.composite
def trees(draw) -> GameTree:
    """Random numeric trees whose infoset names are of the reader's form ``"p:k"``."""
    n = draw(st.integers(1, 3))
    nodes: list[TreeNode] = []
    number = st.fractions(-5, 5, max_denominator=6)

    def grow(history: tuple[str, ...], depth: int) -> None:
        kind = draw(
            st.sampled_from(["terminal"] if depth > 2 else ["terminal", "decision", "chance"])
        )
        label = draw(_LABEL)
        if kind == "terminal":
            payoffs = tuple(draw(number) for _ in range(n))
            nodes.append(TreeNode(history, kind, payoffs=payoffs, label=label))
            return
        if kind == "chance":
            actions = tuple(
                draw(st.lists(_LABEL.filter(bool), min_size=1, max_size=3, unique=True))
            )
            weights = [draw(st.integers(0, 4)) for _ in actions]
            weights[0] += 1 if not any(weights) else 0
            probabilities = tuple(F(w, sum(weights)) for w in weights)
            nodes.append(
                TreeNode(history, kind, actions=actions, probabilities=probabilities, label=label)
            )
        else:
            player, m, k = (
                draw(st.integers(0, n - 1)),
                draw(st.integers(1, 3)),
                draw(st.integers(0, 2)),
            )
            actions = tuple(f"a{i}" for i in range(m))  # the same name means the same actions
            infoset = f"{player + 1}:{10 * m + k}"
            nodes.append(
                TreeNode(
                    history, kind, player=player, actions=actions, infoset=infoset, label=label
                )
            )
        for action in actions:
            grow((*history, action), depth + 1)

    grow((), 0)
    players = tuple(f"P{k}" for k in range(1, n + 1))
    return GameTree.from_nodes(players, nodes, title=draw(_LABEL))


@given(trees())
def test_any_reader_form_tree_survives_a_round_trip(tree):
    text = write_efg(tree)
    again = read_efg(text)
    assert again == tree
    assert again.title == tree.title
    assert write_efg(again) == text


# --- hand-written edge cases ----------------------------------------------------------------


def test_omitted_descriptions_shared_events_and_outcomes():
    tree = read_efg(
        'EFG 2 D "short" { "A" "B" }\n'  # no comment; 'D' is accepted too
        'c "" 1 "coin" { "h" 0.25 "t" .75 } 1 "entry fee" { -1 -1 }\n'
        'p "" 1 1 "" { "x" "y" } 0\n'
        'c "" 2 "again" { "u" 1/2 "v" 5e-1 } 0\n'
        't "" 2 "" { 3, 1.5E1 }\n'
        't "" 2\n'  # outcome 2 by number only
        't "" 0\n'
        'p "" 1 1 0\n'  # information set 1 of player 1 by number only
        'c "" 2 0\n'  # event 2 by number only
        't "" 2\n'
        't "" 3 "" { 0 0 }\n'
        't "" 1\n'  # outcome 1 again: the entry fee twice on this path
    )
    assert tree.title == "short"
    assert tree.root.probabilities == exact((F(1, 4), F(3, 4)))
    assert tree.node(("h", "x")).probabilities == exact((F(1, 2), F(1, 2)))
    assert tree.node(("t",)).infoset == tree.node(("h",)).infoset == "1:1"
    assert tree.node(("t", "x")).actions == ("u", "v")
    assert tree.node(("h", "x", "u")).payoffs == exact((2, 14))
    assert tree.node(("h", "x", "v")).payoffs == exact((2, 14))
    assert tree.node(("h", "y")).payoffs == exact((-1, -1))
    assert tree.node(("t", "x", "v")).payoffs == exact((-1, -1))
    assert tree.node(("t", "y")).payoffs == exact((-2, -2))


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ('"a" "b"', ("a", "b")),
        ('"" "b"', ("_1", "b")),
        ('"" ""', ("_1", "_2")),
        ('"x" "x" "x_1"', ("x_2", "x_3", "x_1")),
    ],
)
def test_empty_and_repeated_action_labels_are_renamed_as_gambit_does(labels, expected):
    children = "".join(f't "" {k} "" {{ {k} }}\n' for k in range(1, len(expected) + 1))
    tree = read_efg(f'EFG 2 R "" {{ "A" }}\np "" 1 1 "" {{ {labels} }} 0\n{children}')
    assert tree.root.actions == expected
    assert tree.node((expected[-1],)).payoffs == exact((len(expected),))


def test_players_escapes_and_compact_layout():
    tree = read_efg(
        r'EFG 2 R"say \"hi\""{"" "" "back\\slash"}"multi'
        '\nline comment"'
        r'p"n\"1"3 0"s"{"a"}0 t""1""{1,2 3}'
    )
    assert tree.title == 'say "hi"'
    assert tree.players == ("_1", "_2", "back\\slash")
    assert tree.root.label == 'n"1'
    assert tree.root.player == 2
    assert tree.root.infoset == "3:0"
    assert tree.node(("a",)).payoffs == exact((1, 2, 3))


# --- errors ---------------------------------------------------------------------------------

HEAD = 'EFG 2 R "t" { "A" "B" }\n'  # the nodes start on line 2
NODE = 'p "" 1 1 "" { "a" "b" } 0\n'  # the root on line 2
LEAVES = 't "" 1 "" { 1 2 }\nt "" 0\n'


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        ("", 1, 1, "expected 'EFG' (the file type of a Gambit extensive game), found the end"),
        ('NFG 1 R "t"', 1, 1, "found 'NFG'"),
        ('EFG 1 R "t"', 1, 5, "expected the format version '2' after 'EFG', found '1'"),
        ('EFG 2 X "t"', 1, 7, "expected the number type 'R' or 'D' after 'EFG 2', found 'X'"),
        ("EFG 2 R t", 1, 9, "expected the game title (a quoted string), found 't'"),
        ('EFG 2 R "t" "A"', 1, 13, "expected '{' to start the player list, found the string \"A\""),
        (
            'EFG 2 R "t" { }',
            1,
            15,
            "expected a quoted player name (the game needs a player), found '}'",
        ),
        ('EFG 2 R "t" { "A" B }', 1, 19, "expected a quoted player name or '}' to end the list"),
        ('EFG 2 R "t" { "A" "B }', 1, 19, "unterminated string: no closing '\"'"),
        (
            HEAD,
            2,
            1,
            "expected the entry of the root ('c' chance, 'p' personal or 't' terminal), found the end",
        ),
        (
            HEAD + 'x "" 0',
            2,
            1,
            "expected the entry of the root ('c' chance, 'p' personal or 't' terminal), found 'x'",
        ),
        (
            HEAD + NODE + 't "" 0\n',
            4,
            1,
            "expected the entry of the node 'b' ('c' chance, 'p' personal or ",
        ),
        (
            HEAD + NODE + LEAVES + 't "" 0\n',
            5,
            1,
            "expected the end of the file after the last node (the tree is complete), found 't'",
        ),
        (HEAD + "t 0", 2, 3, "expected the node name (a quoted string), found '0'"),
        (
            HEAD + 'p "" 3 1 "" { "a" } 0',
            2,
            6,
            "player number 3 is out of range: the file defines 2 players, numbered from 1",
        ),
        (HEAD + 'p "" 0 1 "" { "a" } 0', 2, 6, "player number 0 is out of range"),
        (HEAD + 'p "" 1.0 1', 2, 6, "expected the player number (a positive integer), found '1.0'"),
        (
            HEAD + 'p "" 1 -1',
            2,
            8,
            "expected the information set number of player 1 (a non-negative integer), found '-1'",
        ),
        (
            HEAD + 'p "" 1 1 "" { } 0',
            2,
            15,
            "expected a quoted action label of information set 1 of player 1, found '}'",
        ),
        (
            HEAD + 'p "" 1 1 "" "a" "b" 0',
            2,
            13,
            "expected '{' to start the actions of information set 1 of player 1",
        ),
        (
            HEAD + 'p "" 1 1 0',
            2,
            8,
            "information set 1 of player 1 is used before its name and actions are given",
        ),
        (HEAD + 'c "" 4 0', 2, 6, "chance event 4 is used before its name and actions are given"),
        (
            HEAD + 'c "" 1 "" { "a" 1/2 "b" 1/3 } 0',
            2,
            11,
            "the probabilities of chance event 1 sum to 5/6, not 1",
        ),
        (
            HEAD + 'c "" 1 "" { "a" -1/2 "b" 3/2 } 0',
            2,
            11,
            "the probability -1/2 of 'a' in chance event 1 is negative",
        ),
        (HEAD + 'c "" 1 "" { "a" 0.333 "b" 0.666 } 0', 2, 11, "sum to 999/1000, not 1"),
        (
            HEAD + 'c "" 1 "" { "a" "b" } 0',
            2,
            17,
            "expected the probability of 'a' in chance event 1 (a number such as 3, -1.5, 1e-2 "
            'or 1/2), found the string "b"',
        ),
        (
            HEAD + NODE + 'p "" 1 1 "" { "a" "b" "c" } 0',
            3,
            13,
            "information set 1 of player 1 was declared at line 2, column 13 with 2 actions, but here with 3",
        ),
        (
            HEAD + NODE + 'p "" 1 1 "" { "a" "c" } 0',
            3,
            13,
            "was declared at line 2, column 13 with actions ('a', 'b'), but here ('a', 'c')",
        ),
        (HEAD + NODE + 'p "" 1 1 "s" { "a" "b" } 0', 3, 14, "with the name '', but here 's'"),
        (
            HEAD + 'c "" 1 "" { "a" 1/2 "b" 1/2 } 0\nc "" 1 "" { "a" 1/4 "b" 3/4 } 0',
            3,
            11,
            "chance event 1 was declared at line 2, column 11 with probabilities (1/2, 1/2), but here (1/4, 3/4)",
        ),
        (HEAD + 't "" 3', 2, 6, "outcome 3 is used before its name and payoffs are given"),
        (
            HEAD + 't "" 0 "x" { 1 2 }',
            2,
            6,
            "outcome 0 is the null outcome: it cannot have a name or payoffs",
        ),
        (
            HEAD + 't "" -1',
            2,
            6,
            "expected the outcome number (a non-negative integer, 0 for none), found '-1'",
        ),
        (
            HEAD + 't "" 1 "" 1 2',
            2,
            11,
            "expected '{' to start the payoffs of outcome 1, found '1'",
        ),
        (
            HEAD + 't "" 1 "" { 1 }',
            2,
            15,
            "expected payoff 2 of outcome 1 (a number such as 3, -1.5, 1e-2 or 1/2), found '}'",
        ),
        (
            HEAD + 't "" 1 "" { 1 2 3 }',
            2,
            17,
            "expected '}' to end outcome 1 (one payoff per player, 2 players), found '3'",
        ),
        (HEAD + 't "" 1 "" { +1 2 }', 2, 13, "found '+1'"),
        (HEAD + 't "" 1 "" { 1/0 2 }', 2, 13, "'1/0' divides by zero"),
        (HEAD + 't "" 1 "" { 1e5000 2 }', 2, 13, "the exponent of '1e5000' is too large"),
        (
            HEAD + NODE + 't "" 1 "" { 1 2 }\nt "" 1 "" { 1 3 }',
            4,
            11,
            "outcome 1 was defined at line 3, column 11 as '' (1, 2), but here as '' (1, 3)",
        ),
        (
            HEAD + NODE + 't "" 1 "x" { 1 2 }\nt "" 1 "y" { 1 2 }',
            4,
            12,
            "as 'x' (1, 2), but here as 'y' (1, 2)",
        ),
    ],
)
def test_malformed_input_names_file_position_and_expectation(text, line, column, message):
    with pytest.raises(ScenarioError) as info:
        read_efg(text, filename="bad.efg")
    error = info.value
    assert error.file == "bad.efg"
    assert error.key == f"line {line}, column {column}"
    assert message in error.message
    assert str(error).startswith(f"bad.efg: line {line}, column {column}: ")


def test_error_without_filename_still_gives_the_position():
    with pytest.raises(ScenarioError) as info:
        read_efg('EFG 2 R "t" { "A" }\n\n  t "" 5')
    assert str(info.value) == (
        "line 3, column 8: outcome 5 is used before its name and payoffs are given"
    )


def test_load_efg_names_the_path_and_rejects_non_utf8(tmp_path):
    path = tmp_path / "broken.efg"
    path.write_text('EFG 2 R "t" { "A" }\nt "" 1 "" { x }', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_efg(str(path))
    assert (info.value.file, info.value.key) == (str(path), "line 2, column 13")
    latin = tmp_path / "latin.efg"
    latin.write_bytes(b'EFG 2 R "caf\xe9" { "A" }\nt "" 0')
    with pytest.raises(ScenarioError) as info:
        load_efg(latin)
    assert (info.value.file, info.value.key) == (str(latin), "line 1, column 13")
    assert "not UTF-8" in info.value.message


# --- writing --------------------------------------------------------------------------------


def test_write_efg_exact_text():
    tree = GameTree.from_nodes(
        ('Al "A"', "Bo\\b"),
        [
            TreeNode(
                (), "chance", actions=("h", "t"), probabilities=(F(1, 3), F(2, 3)), label="coin"
            ),
            TreeNode(("h",), "decision", player=1, actions=("x", "y"), infoset="2:4", label="B"),
            TreeNode(("h", "x"), "terminal", payoffs=(1, F(-7, 3))),
            TreeNode(("h", "y"), "terminal", payoffs=(0, 10**20), label="end"),
            TreeNode(("t",), "decision", player=1, actions=("x", "y"), infoset="2:4"),
            TreeNode(("t", "x"), "terminal", payoffs=(F(1, 2), 0)),
            TreeNode(("t", "y"), "terminal", payoffs=(-1, -1)),
        ],
        title="Demo",
    )
    assert write_efg(tree) == (
        'EFG 2 R "Demo" { "Al \\"A\\"" "Bo\\\\b" }\n'
        '""\n'
        "\n"
        'c "coin" 1 "" { "h" 1/3 "t" 2/3 } 0\n'
        'p "B" 2 4 "2:4" { "x" "y" } 0\n'
        't "" 1 "" { 1, -7/3 }\n'
        't "end" 2 "" { 0, 100000000000000000000 }\n'
        'p "" 2 4 "2:4" { "x" "y" } 0\n'
        't "" 3 "" { 1/2, 0 }\n'
        't "" 4 "" { -1, -1 }\n'
    )


def test_write_rejects_symbolic_float_and_invalid_probabilities():
    a = sp.Symbol("a")
    leaf = [TreeNode(("x",), "terminal", payoffs=(a,)), TreeNode(("y",), "terminal", payoffs=(0,))]
    symbolic = GameTree.from_nodes(
        ("P",), [TreeNode((), "decision", player=0, actions=("x", "y")), *leaf]
    )
    with pytest.raises(ScenarioError, match=r"symbolic tree \(parameters a\)"):
        write_efg(symbolic)
    floaty = symbolic.subs({a: sp.Float("0.5")})
    with pytest.raises(ScenarioError, match=r"payoff 0\.50* of player 'P' at 'x'"):
        write_efg(floaty)
    coin = TreeNode((), "chance", actions=("x", "y"), probabilities=(F(1, 2), F(1, 3)))
    with pytest.raises(ScenarioError, match=r"sum to 5/6, not 1"):
        write_efg(GameTree.from_nodes(("P",), [coin, *leaf]).subs({a: 1}))


def test_public_api_and_doctests():
    assert efg_module.__all__ == ["load_efg", "read_efg", "write_efg"]
    assert doctest.testmod(efg_module).failed == 0


# --- interoperability with Gambit's own Python package (optional) ---------------------------


def gambit_view(game) -> tuple[tuple[str, ...], dict]:
    """Players and every node (by its action labels) as pygambit 17 sees them; a terminal's
    payoffs are the sum of the outcomes on its path."""
    from pygambit import H

    players, nodes = tuple(game.players), {}
    for history in game.get_histories(H.after()):
        path = history.actions
        where = H.path(*path)
        if actions := tuple(game.get_actions(where)):
            if probabilities := game.get_action_probs(where):
                nodes[path] = ("c", actions, tuple(F(str(probabilities[a])) for a in actions))
            else:
                members = frozenset(m.actions for m in game.get_members(where))
                nodes[path] = ("p", game.get_player(where), actions, members)
            continue
        total = [F(0)] * len(players)
        for k in range(len(path) + 1):
            if (outcome := game.get_outcome(H.path(*path[:k]))) is not None:
                payoffs = game.get_outcome_payoffs(outcome)
                total = [t + F(str(payoffs[p])) for t, p in zip(total, players, strict=True)]
        nodes[path] = ("t", tuple(total))
    return players, nodes


def our_view(tree: GameTree) -> tuple[tuple[str, ...], dict]:
    nodes = {}
    for n in tree.nodes:
        if n.kind == "terminal":
            nodes[n.history] = ("t", tuple(F(str(u)) for u in n.payoffs))
        elif n.kind == "chance":
            nodes[n.history] = ("c", n.actions, tuple(F(str(p)) for p in n.probabilities))
        else:
            members = frozenset(m.history for m in tree.infosets[n.infoset_key])
            nodes[n.history] = ("p", tree.players[n.player], n.actions, members)
    return tree.players, nodes


@pytest.mark.parametrize("name", [f for f in FILES if f not in NOT_GAMBIT_17])
def test_pygambit_reads_the_same_game(name):
    gbt = pytest.importorskip("pygambit", minversion="17.0.0a0")
    assert our_view(load(name)) == gambit_view(gbt.read_efg(str(DATA / f"{name}.efg")))


@pytest.mark.parametrize("name", [f for f in FILES if f != "caro2"])  # caro2 repeats node names
def test_pygambit_reads_what_we_write(name):
    gbt = pytest.importorskip("pygambit", minversion="17.0.0a0")
    tree = load(name)
    game = gbt.read_efg(io.StringIO(write_efg(tree)))
    players, nodes = gambit_view(game)
    assert players == tree.players
    assert len(nodes) == len(tree.nodes)
    assert sum(1 for v in nodes.values() if v[0] == "t") == sum(
        1 for n in tree.nodes if n.kind == "terminal"
    )
    assert (players, nodes) == our_view(tree)


def test_we_read_what_pygambit_writes_and_normalize_labels_alike():
    gbt = pytest.importorskip("pygambit", minversion="17.0.0a0")
    for name in ("stripped_down_poker", "jakobsen2016_fig3"):
        written = gbt.read_efg(str(DATA / f"{name}.efg")).to_efg()
        assert read_efg(written, filename="pygambit.efg") == load(name)
    text = 'EFG 2 R "" { "" "" }\np "" 2 1 "" { "x" "x" "" "x_1" } 0\n' + 't "" 0\n' * 4
    game = gbt.read_efg(io.StringIO(text))
    assert our_view(read_efg(text)) == gambit_view(game)
