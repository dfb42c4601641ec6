# Tests of gametheory.io.nfg, the reader and writer of Gambit strategic-form (.nfg) files.
#
# The files in tests/data/gambit/ are either example games shipped with Gambit, copied byte for
# byte from github.com/gambitproject/gambit (paths in that repository below):
#   e02.nfg       contrib/games/e02.nfg          strategy counts, plain payoff list
#   stengel.nfg   contrib/games/stengel.nfg      strategy names, plain payoff list, no comment
#   pd.nfg        contrib/games/pd.nfg           outcomes with comma-separated payoffs
#   cent2.nfg     contrib/games/cent2.nfg        outcomes with decimal payoffs, no commas
#   perfect1.nfg  contrib/games/perfect1.nfg     outcomes with rational payoffs (3/2)
#   e04.nfg       contrib/games/e04.nfg          outcomes with negative decimals
#   table1v5.nfg  catalog/mckelvey1995/table1v5.nfg   named strategies, multi-line comment
#   2x2x2.nfg     contrib/games/2x2x2.nfg        a three-player game (unsupported here)
# or hand-written edge cases (hand_*.nfg).

from __future__ import annotations

import doctest
import io
from fractions import Fraction
from pathlib import Path

import pytest
import sympy as sp

import gametheory.io
import gametheory.io.nfg as nfg_module
from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.io import load_nfg, read_nfg, write_nfg
from gametheory.model.normal_form import NormalFormGame

DATA = Path(__file__).resolve().parents[1] / "data" / "gambit"
GAMBIT_FILES = ["e02", "stengel", "pd", "cent2", "perfect1", "e04", "table1v5"]
F = Fraction


# --- reading the Gambit files ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "title", "players", "actions"),
    [
        (
            "e02",
            "Selten (IJGT, 75), Figure 2, normal form",
            ("Player 1", "Player 2"),
            (("1", "2", "3"), ("1", "2")),
        ),
        (
            "stengel",
            "von Stengel's two person 6 x 6 game with 75 equilibria",
            ("1", "2"),
            (tuple("123456"), tuple("123456")),
        ),
        (
            "pd",
            "Two person Prisoner's Dilemma game",
            ("Player 1", "Player 2"),
            (("1", "2"), ("1", "2")),
        ),
        (
            "cent2",
            "Centipede game. Two inning, with probability of altruists",
            ("Player 1", "Player 2"),
            (("1*11", "2111", "2211"), ("1*11", "2111", "2211")),
        ),
        (
            "table1v5",
            "McKelvey and Palfrey (1995), Figure 1",
            ("Player 1", "Player 2"),
            (("U", "M", "D"), ("L", "M", "R")),
        ),
    ],
)
def test_gambit_file_header(name, title, players, actions):
    game = load_nfg(DATA / f"{name}.nfg")
    assert game.title == title
    assert game.players == players
    assert game.actions == actions


@pytest.mark.parametrize(
    ("name", "i", "j", "expected"),
    [
        # e02: profiles (1,1) (2,1) (3,1) (1,2) (2,2) (3,2) -> 1 1 | 0 2 | 0 2 | 1 1 | 0 3 | 2 0
        ("e02", 0, 0, (1, 1)),
        ("e02", 1, 0, (0, 2)),
        ("e02", 1, 1, (0, 3)),
        ("e02", 2, 1, (2, 0)),
        ("stengel", 0, 0, (9504, 72336)),
        ("stengel", 1, 0, (-111771, -461736)),
        ("stengel", 0, 1, (-660, 48081)),
        ("stengel", 5, 5, (-300036, 31680)),
        ("pd", 1, 0, (10, 0)),
        ("pd", 0, 1, (0, 10)),
        ("pd", 1, 1, (1, 1)),
        # cent2: outcome indices 1 4 7 2 5 8 3 6 9, decimals read exactly
        ("cent2", 0, 0, (F(811, 1000), F(274, 1000))),
        ("cent2", 1, 0, (F(564, 1000), F(1566, 1000))),
        ("cent2", 2, 2, (F(64, 5), F(16, 5))),
        ("perfect1", 1, 0, (F(3, 2), 1)),
        ("perfect1", 1, 2, (F(3, 2), 1)),
        ("perfect1", 0, 1, (0, 0)),
        ("e04", 1, 0, (-1, 2)),
        ("e04", 2, 1, (3, -1)),
        # table1v5: indices 1 2 7 3 4 8 5 6 9 are not in profile order
        ("table1v5", 2, 0, (1, 1)),
        ("table1v5", 2, 1, (5, 0)),
        ("table1v5", 1, 2, (0, 5)),
        ("table1v5", 1, 1, (0, 0)),
    ],
)
def test_gambit_file_payoffs(name, i, j, expected):
    game = load_nfg(DATA / f"{name}.nfg")
    got = game.payoff_profile(i, j)
    assert got == tuple(sp.Rational(F(v).numerator, F(v).denominator) for v in expected)
    assert all(isinstance(v, sp.Rational) for v in got)


def test_three_player_gambit_file_is_unsupported():
    path = DATA / "2x2x2.nfg"
    with pytest.raises(UnsupportedGameError) as info:
        load_nfg(path)
    message = str(info.value)
    assert message.startswith(f"{path}: line 1, column 89: ")
    assert "defines 3 players" in message


@pytest.mark.parametrize("name", GAMBIT_FILES)
def test_gambit_files_survive_a_write_read_round_trip(name):
    game = load_nfg(DATA / f"{name}.nfg")
    text = write_nfg(game)
    again = read_nfg(text, filename="copy.nfg")
    assert again == game
    assert again.title == game.title
    assert write_nfg(again) == text


# --- hand-written edge cases ----------------------------------------------------------------


def test_outcomes_escapes_duplicates_and_null_outcome():
    game = load_nfg(DATA / "hand_outcomes_escapes.nfg")
    assert game.title == 'A "hand-written" game \\ edge cases'
    assert game.players == ("Ann", "Bob")
    # { "Up" "" "Up" }: repeated and empty labels are renamed as Gambit does
    assert game.actions == (("Up_1", "_1", "Up_2"), ("Left", "Right"))
    assert game.payoff_profile(0, 0) == (15, sp.Rational(-1, 2))  # 1.5e1,-.5
    assert game.payoff_profile(1, 0) == (sp.Rational(-3, 4), sp.Rational(1, 100))  # -3/4 , 1E-2
    assert game.payoff_profile(2, 0) == (0, 0)  # outcome 0 is the null outcome
    assert game.payoff_profile(0, 1) == (7, sp.Rational(1, 2))  # 007 2/4
    assert game.payoff_profile(2, 1) == (15, sp.Rational(-1, 2))


def test_strategy_counts_and_exotic_numbers():
    game = load_nfg(DATA / "hand_counts_numbers.nfg")
    assert game.players == ("Row", "Column")
    assert game.actions == (("1", "2"), ("1", "2", "3"))
    assert game.payoff_profile(0, 0) == (sp.Rational(1, 10), sp.Rational(-1, 10))
    assert game.payoff_profile(1, 0) == (1, sp.Rational(1, 4))
    assert game.payoff_profile(0, 1) == (100, sp.Rational(-1, 100))
    assert game.payoff_profile(1, 1) == (sp.Rational(-7, 3), sp.Rational(7, 3))
    assert game.payoff_profile(0, 2) == (sp.Rational(24691357802469135781, 2), 0)
    assert game.payoff_profile(1, 2) == (0, 1)


@pytest.mark.parametrize(
    ("number", "expected"),
    [
        ("0.1", F(1, 10)),
        ("1e-2", F(1, 100)),
        ("1.5E+2", F(150)),
        ("2e3", F(2000)),
        ("-.5", F(-1, 2)),
        ("1.", F(1)),
        ("-3/4", F(-3, 4)),
        ("6/4", F(3, 2)),
        ("007", F(7)),
        ("-0", F(0)),
        ("0.3333333333333333333333", F(3333333333333333333333, 10**22)),
    ],
)
def test_numbers_are_read_exactly(number, expected):
    game = read_nfg(f'NFG 1 R "" {{ "A" "B" }} {{ 1 1 }} {number} 0')
    assert game.payoffs[0][0, 0] == sp.Rational(expected.numerator, expected.denominator)


@pytest.mark.parametrize(
    ("labels", "expected"),
    [
        ('"a" "b"', ("a", "b")),
        ('"" "b"', ("_1", "b")),
        ('"" ""', ("_1", "_2")),
        ('"x" "x" "x_1"', ("x_2", "x_3", "x_1")),
        ('"1" "1"', ("1_1", "1_2")),
    ],
)
def test_empty_and_repeated_strategy_names_are_made_unique(labels, expected):
    size = len(expected)
    payoffs = " ".join(["0 0"] * size)
    game = read_nfg(f'NFG 1 R "" {{ "A" "B" }} {{ {{ {labels} }} {{ "c" }} }} {payoffs}')
    assert game.actions[0] == expected


def test_empty_and_repeated_player_names_are_made_unique():
    game = read_nfg('NFG 1 R "" { "" "" } { 1 1 } 1 2')
    assert game.players == ("_1", "_2")
    game = read_nfg('NFG 1 R "" { "P" "P" } { 1 1 } 1 2')
    assert game.players == ("P_1", "P_2")


def test_string_escapes():
    game = read_nfg(r'NFG 1 R "t" { "say \"hi\"" "back\\slash" } { { "a\nb" } { "c" } } 1 2')
    assert game.players == ('say "hi"', "back\\slash")
    assert game.actions[0] == ("a\\nb",)  # an unknown escape keeps its backslash, like Gambit


def test_comment_is_optional_and_whitespace_free_layout_reads():
    compact = 'NFG 1 R"t"{"A""B"}{{"x""y"}{"z"}}"comment"{{""1,2}{"o"3 4}}1 2'
    game = read_nfg(compact)
    assert game.actions == (("x", "y"), ("z",))
    assert game.payoff_profile(0, 0) == (1, 2)
    assert game.payoff_profile(1, 0) == (3, 4)


def test_one_player_game_is_unsupported():
    with pytest.raises(UnsupportedGameError, match=r"^solo\.nfg: line 1, column 13: .*1 player$"):
        read_nfg('NFG 1 R "t" { "A" } { 2 } 1 2', filename="solo.nfg")


# --- errors ---------------------------------------------------------------------------------

HEAD = 'NFG 1 R "t" { "A" "B" }'  # 23 characters


@pytest.mark.parametrize(
    ("text", "line", "column", "message"),
    [
        (
            "",
            1,
            1,
            "expected 'NFG' (the file type of a Gambit strategic game), found the end of the file",
        ),
        ('EFG 2 R "t" { "A" "B" }', 1, 1, "found 'EFG'"),
        ('NFG 2 R "t"', 1, 5, "expected the format version '1' after 'NFG'"),
        ('NFG 1 X "t"', 1, 7, "expected the number type 'R' or 'D' after 'NFG 1', found 'X'"),
        ("NFG 1 R t", 1, 9, "expected the game title (a quoted string), found 't'"),
        (
            'NFG 1 R "t" "A" "B"',
            1,
            13,
            "expected '{' to start the player list, found the string \"A\"",
        ),
        (
            'NFG 1 R "t" { "A" B }',
            1,
            19,
            "expected a quoted player name or '}' to end the list, found 'B'",
        ),
        (
            'NFG 1 R "t" { "A" "B }',
            1,
            19,
            "unterminated string: no closing '\"' before the end of file",
        ),
        ('NFG 1 R "t\n\n  continued', 1, 9, "unterminated string"),
        (HEAD + " 2 2 }", 1, 25, "expected '{' to start the strategy list, found '2'"),
        (
            HEAD + " { 2 0 } 1 2",
            1,
            29,
            "expected the number of strategies of player 2 (a positive integer), found '0'",
        ),
        (HEAD + " { 2 1.5 }", 1, 29, "of player 2 (a positive integer), found '1.5'"),
        (
            HEAD + ' { { "a" } { } } 1 2',
            1,
            37,
            "expected a quoted strategy name of player 2 (every player needs a strategy), "
            "found '}'",
        ),
        (
            HEAD + ' { { "a" } "b" } 1 2',
            1,
            35,
            "expected '{' to start the strategy names of player 2, found the string \"b\"",
        ),
        (
            HEAD + ' { { "a" } { "b" } { "c" } }',
            1,
            43,
            "expected '}' to end the strategy list (one list of names per player, 2 players), "
            "found '{'",
        ),
        (
            HEAD + " { 1 1 }",
            1,
            32,
            "expected the payoffs (numbers) or '{' to start the outcomes, found the end of the "
            "file",
        ),
        (HEAD + " { 1 1 } [1 2]", 1, 33, "found '[1'"),
        (
            HEAD + " { 2 1 }\n1 2\n3",
            3,
            2,
            "expected payoff 4 of 4 (2 players x 2 profiles) (a number such as 3, "
            "-1.5, 1e-2 or 1/2), found the end of the file",
        ),
        (
            HEAD + " { 1 1 }\n1 2\n  9",
            3,
            3,
            "expected the end of the file after the 2 payoffs (2 players x 1 profile), found '9'",
        ),
        (
            HEAD + " { 1 1 } 1 +3",
            1,
            35,
            "expected payoff 2 of 2 (2 players x 1 profile) (a number such as 3, -1.5, 1e-2 or "
            "1/2), found '+3'",
        ),
        (HEAD + " { 1 1 } 1 1/2/3", 1, 35, "found '1/2/3'"),
        (HEAD + " { 1 1 } 1,2", 1, 34, "found ','"),
        (HEAD + " { 1 1 } 1/0 2", 1, 33, "'1/0' divides by zero"),
        (HEAD + " { 1 1 } 1e5000 2", 1, 33, "the exponent of '1e5000' is too large"),
        (
            HEAD + " { 1 1 } { { 1 2 } } 1",
            1,
            37,
            "expected the label of outcome 1 (a quoted string, possibly \"\"), found '1'",
        ),
        (
            HEAD + ' { 1 1 } { { "" 1 } } 1',
            1,
            42,
            "expected payoff 2 of outcome 1 (a number such as 3, -1.5, 1e-2 or 1/2), found '}'",
        ),
        (
            HEAD + ' { 1 1 } { { "" 1, 2, 3 } } 1',
            1,
            46,
            "expected '}' to end outcome 1 (one payoff per player, 2 players), found '3'",
        ),
        (
            HEAD + ' { 1 1 } { { "" 1 2 } 1',
            1,
            46,
            "expected '{' to start outcome 2 or '}' to end them, found '1'",
        ),
        (
            HEAD + ' { 2 1 }\n{\n{ "" 1 2 }\n{ "" 3 4 }\n}\n1 3',
            6,
            3,
            "outcome index 3 is out of range: the file defines 2 outcomes (0 is the null outcome)",
        ),
        (
            HEAD + ' { 2 1 } { { "" 1 2 } } -1 1',
            1,
            48,
            "expected the outcome index of strategy profile 1 of 2 (an integer from 0 to 1), "
            "found '-1'",
        ),
        (
            HEAD + ' { 2 1 } { { "" 1 2 } } 1',
            1,
            49,
            "expected the outcome index of strategy profile 2 of 2 (an integer from 0 to 1), "
            "found the end of the file",
        ),
        (
            HEAD + ' { 1 1 } { { "" 1 2 } } 1 1',
            1,
            50,
            "expected the end of the file after the outcome indices (one per strategy profile, "
            "1 in all), found '1'",
        ),
    ],
)
def test_malformed_input_names_file_position_and_expectation(text, line, column, message):
    with pytest.raises(ScenarioError) as info:
        read_nfg(text, filename="bad.nfg")
    error = info.value
    assert error.file == "bad.nfg"
    assert error.key == f"line {line}, column {column}"
    assert message in error.message
    assert str(error).startswith(f"bad.nfg: line {line}, column {column}: ")


def test_error_without_filename_still_gives_the_position():
    with pytest.raises(ScenarioError) as info:
        read_nfg("NFG 1 R")
    assert str(info.value) == (
        "line 1, column 8: expected the game title (a quoted string), found the end of the file"
    )


def test_load_nfg_names_the_path_and_rejects_non_utf8(tmp_path):
    path = tmp_path / "broken.nfg"
    path.write_text('NFG 1 R "t" { "A" "B" } { 1 1 }\n1', encoding="utf-8")
    with pytest.raises(ScenarioError) as info:
        load_nfg(str(path))
    assert info.value.file == str(path)
    assert info.value.key == "line 2, column 2"

    latin = tmp_path / "latin.nfg"
    latin.write_bytes(b'NFG 1 R "t" { "A" "B" }\n{ { "caf\xe9" } { "x" } } 1 2')
    with pytest.raises(ScenarioError) as info:
        load_nfg(latin)
    assert info.value.file == str(latin)
    assert info.value.key == "line 2, column 9"
    assert "not UTF-8" in info.value.message


# --- writing --------------------------------------------------------------------------------


def test_write_nfg_exact_text():
    game = NormalFormGame.from_matrices(
        [[1, F(1, 2)], [-3, 0]],
        [[F(-7, 3), 4], [5, F(1, 10)]],
        players=('Al "A"', "Bo\\b"),
        actions=[["top", "bottom"], ["left", "right"]],
        title="Demo",
    )
    assert write_nfg(game) == (
        'NFG 1 R "Demo" { "Al \\"A\\"" "Bo\\\\b" }\n'
        '{ { "top" "bottom" } { "left" "right" } }\n'
        '""\n'
        "\n"
        "1 -7/3\n"
        "-3 5\n"
        "1/2 4\n"
        "0 1/10\n"
    )


@pytest.mark.parametrize(
    "game",
    [
        NormalFormGame.from_matrices([[0]], [[0]]),
        NormalFormGame.from_matrices(
            [[3, 0], [5, 1]], [[3, 5], [0, 1]], actions=(("C", "D"), ("C", "D")), title="PD"
        ),
        NormalFormGame.from_matrices(
            [[F(1, 3), -2, 0.25]],
            [[10**30, F(-5, 7), 0]],
            players=("x_1", "_1"),
            actions=[["a\\"], ['"q"', "line\nbreak", '\u00e9t\u00e9 \u2192 \\"x\\"']],
            title='tricky "title" \\',
        ),
        NormalFormGame.from_matrices(
            [[1, 2], [3, 4], [5, 6]],
            [[-1, -2], [-3, -4], [-5, -6]],
            actions=[["1", "1_1", "_2"], ["{", "}"]],
        ),
    ],
    ids=["1x1", "pd", "tricky-labels", "3x2"],
)
def test_read_of_write_gives_back_the_game(game):
    again = read_nfg(write_nfg(game))
    assert again == game
    assert again.title == game.title


def test_an_empty_action_label_comes_back_renamed():
    game = NormalFormGame.from_matrices([[1, 2]], [[3, 4]], actions=[["only"], ["", "_1"]])
    assert '{ "" "_1" }' in write_nfg(game)
    assert read_nfg(write_nfg(game)).actions == (("only",), ("_2", "_1"))


def test_write_rejects_symbolic_and_float_payoffs():
    a = sp.Symbol("a")
    symbolic = NormalFormGame.from_matrices([[a, 0]], [[0, 1]], actions=[["x"], ["l", "r"]])
    with pytest.raises(ScenarioError, match=r"symbolic game \(parameters a\)"):
        write_nfg(symbolic)
    floaty = NormalFormGame.from_matrices(
        [[sp.Float("0.5"), 0]], [[0, 1]], players=("P", "Q"), actions=[["x"], ["l", "r"]]
    )
    with pytest.raises(ScenarioError, match=r"payoff 0\.50* of player 'P' at \(x, l\)"):
        write_nfg(floaty)


def test_public_api_and_doctests():
    assert {"load_nfg", "read_nfg", "write_nfg"} <= set(gametheory.io.__all__)
    assert nfg_module.__all__ == [
        "load_nfg",
        "load_nfg_game",
        "read_nfg",
        "read_nfg_game",
        "write_nfg",
    ]
    assert gametheory.io.read_nfg is read_nfg
    assert doctest.testmod(nfg_module).failed == 0


# --- interoperability with Gambit's own Python package (optional) ---------------------------


def test_reads_what_pygambit_writes():
    gbt = pytest.importorskip("pygambit", minversion="17.0.0a0")
    g = gbt.StrategicGame.from_dict(
        {"Row": [[1, F(1, 2), 0], [3, -2, F(5)]], "Col": [[0, 1, 2], [F(-7, 3), 4, F(1, 4)]]},
        title='A "pygambit" game',
    )
    g.relabel_strategies("Row", {"1": "Up", "2": "Down"})
    game = read_nfg(g.to_nfg(), filename="pygambit.nfg")
    assert game.title == 'A "pygambit" game'
    assert game.players == ("Row", "Col")
    assert game.actions == (("Up", "Down"), ("1", "2", "3"))
    assert game.payoff_profile(0, 1) == (sp.Rational(1, 2), 1)
    assert game.payoff_profile(1, 0) == (3, sp.Rational(-7, 3))
    assert game.payoff_profile(1, 2) == (5, sp.Rational(1, 4))


@pytest.mark.parametrize("name", [*GAMBIT_FILES, "hand_outcomes_escapes", "hand_counts_numbers"])
def test_pygambit_reads_the_same_game(name):
    gbt = pytest.importorskip("pygambit", minversion="17.0.0a0")
    ours = load_nfg(DATA / f"{name}.nfg")
    for game in (
        gbt.read_nfg(str(DATA / f"{name}.nfg")),
        gbt.read_nfg(io.StringIO(write_nfg(ours))),
    ):
        assert tuple(game.players) == ours.players
        assert tuple(tuple(game.get_strategies(p)) for p in game.players) == ours.actions
        arrays = game.to_arrays(dtype=Fraction)
        rows, cols = ours.shape
        for k in (0, 1):
            for i in range(rows):
                for j in range(cols):
                    value = ours.payoffs[k][i, j]
                    assert arrays[k][i][j] == F(int(value.p), int(value.q))
