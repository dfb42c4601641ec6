"""The fedlocal command line: help, the JSON contract, formats and exit codes (CliRunner)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import bundled_scenarios, load_scenario
from gametheory.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]
COMMANDS = ["games", "show", "solve", "derive", "tree", "export", "validate"]


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="fedlocal")


@pytest.mark.parametrize("command", [[], *([c] for c in COMMANDS)], ids=["fedlocal", *COMMANDS])
def test_help(command: list[str]) -> None:
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert "Usage: fedlocal" in result.output


def test_version() -> None:
    from gametheory import __version__

    result = run("--version")
    assert result.exit_code == 0
    assert result.output == f"fedlocal, version {__version__}\n"


def test_games_lists_every_bundled_scenario() -> None:
    result = run("games")
    assert result.exit_code == 0
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == bundled_scenarios()


def test_solve_json_contract_surge_pd() -> None:
    """surge_pd: A = [[-2, -6], [0, -4]], B = [[3, 4], [0, 1]]; unique NE (Refuse, Surge) = (-4, 1)."""
    result = run("solve", "surge_pd", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert list(doc)[:4] == ["schema_version", "command", "scenario", "players"]
    assert doc["schema_version"] == 1
    assert doc["players"] == ["Local", "Federal"]
    assert doc["actions"] == [["Cooperate", "Refuse"], ["Restrain", "Surge"]]
    assert doc["parameters"] == {
        "a": "3",
        "e": "1/2",
        "g": "1",
        "h": "4",
        "lam": "1/2",
        "p": "1",
        "tau": "1",
    }
    assert doc["payoffs"] == [[["-2", "-6"], ["0", "-4"]], [["3", "4"], ["0", "1"]]]
    assert (doc["method"], doc["exact"], doc["complete"], doc["degenerate"]) == (
        "exact",
        True,
        True,
        False,
    )
    [eq] = doc["equilibria"]
    assert eq["strategies"] == [["0", "1"], ["0", "1"]]
    assert eq["strategies_float"] == [[0.0, 1.0], [0.0, 1.0]]
    assert eq["payoffs"] == ["-4", "1"] and eq["payoffs_float"] == [-4.0, 1.0]
    assert eq["pure"] is True and eq["profile"] == ["Refuse", "Surge"]
    assert doc["components"] == [{"equilibria": [0], "cliques": [0], "isolated": True}]
    assert [(d["player"], d["action"], d["kind"], d["by"]) for d in doc["dominated"]] == [
        ("Local", "Cooperate", "strict", ["0", "1"]),
        ("Federal", "Restrain", "strict", ["0", "1"]),
    ]


def test_solve_json_mixed_warrant_screening_with_set() -> None:
    """warrant_screening: ICE screens with 2/3, the jail honors with 1/2, payoffs (1, 0).

    By hand, with k = 1/2 the jail still makes ICE indifferent by honoring with (d - k)/d = 3/4,
    and ICE's payoff becomes v*3/4 - d/4 = 5/2; the jail's indifference is unchanged (2/3).
    """
    doc = json.loads(run("solve", "warrant_screening", "--format", "json").output)
    [eq] = doc["equilibria"]
    assert eq["strategies"] == [["2/3", "1/3"], ["1/2", "1/2"]] and eq["payoffs"] == ["1", "0"]
    assert eq["pure"] is False and eq["profile"] is None
    doc = json.loads(run("solve", "warrant_screening", "--set", "k=1/2", "--format", "json").output)
    [eq] = doc["equilibria"]
    assert eq["strategies"] == [["2/3", "1/3"], ["3/4", "1/4"]] and eq["payoffs"] == ["5/2", "0"]
    assert doc["parameters"]["k"] == "1/2"


@pytest.mark.parametrize("name", bundled_scenarios())
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "latex"])
def test_solve_prints_exact_equilibria_for_every_bundled_game(name: str, fmt: str) -> None:
    result = run("solve", name, "--format", fmt)
    if (
        load_scenario(name).game is None
        and load_scenario(name).model is not None
        and fmt
        in (
            "csv",
            "latex",
        )
    ):  # model scenarios (populations, networks, ...) print tables and JSON only
        assert result.exit_code == 1 and "it has: table, json" in result.output
        return
    assert result.exit_code == 0, result.output
    assert result.output.strip()


def test_solve_csv_columns() -> None:
    lines = run("solve", "battle_of_the_sexes", "--format", "csv").output.splitlines()
    assert lines[0] == (
        "index,component,pure,Row:A,Row:B,Column:A,Column:B,payoff:Row,payoff:Column,"
        "payoff_float:Row,payoff_float:Column"
    )
    # Osborne (2004) ex. 18.2 with payoffs 2/1/0: mixed NE (2/3, 1/3), (1/3, 2/3) with payoffs 2/3.
    assert lines[3] == "2,2,false,2/3,1/3,1/3,2/3,2/3,2/3,0.6666666666666666,0.6666666666666666"


def test_solve_latex_fragment() -> None:
    out = run("solve", "matching_pennies", "--format", "latex").output
    # A math-mode tabular, scaled down to the line width only when wider (graphicx).
    assert out.startswith("\\noindent\\resizebox") and out.rstrip().endswith("\\end{tabular}}")
    # One column per player: the mixture in math (Osborne 2004, ex. 18.2: 1/2 each).
    assert "$\\tfrac{1}{2}\\,\\text{Heads} + \\tfrac{1}{2}\\,\\text{Tails}$" in out


def test_solve_reports_degenerate_continuum(write_scenario) -> None:
    # von Stengel (2007), AGT ch. 3, the degenerate variant of the 3x2 example.
    path = write_scenario(
        """format = 1
title = "degenerate"
[[players]]
name = "I"
[[players]]
name = "II"
[game.actions]
I = ["T", "M", "B"]
II = ["l", "r"]
[game.payoffs.T]
l = [3, 3]
r = [3, 3]
[game.payoffs.M]
l = [2, 2]
r = [5, 6]
[game.payoffs.B]
l = [0, 3]
r = [6, 1]
"""
    )
    doc = json.loads(run("solve", str(path), "--format", "json").output)
    assert doc["degenerate"] is True
    assert [e["strategies"] for e in doc["equilibria"]] == [
        [["1", "0", "0"], ["1", "0"]],
        [["1", "0", "0"], ["2/3", "1/3"]],
        [["0", "1/3", "2/3"], ["1/3", "2/3"]],
    ]
    assert [c["equilibria"] for c in doc["components"]] == [[0, 1], [2]]
    table = run("solve", str(path)).output
    assert "component 0 (equilibria 0, 1) is a continuum" in table
    assert "I plays T, II any mix of (l) and (2/3 l + 1/3 r)" in table


def test_show_table_and_json() -> None:
    result = run("show", "surge_pd", "--set", "g=2")
    assert result.exit_code == 0
    assert "c_L = e + lam + tau" in result.output
    assert "Cooperate        -2, 3     -6, 5" in result.output
    doc = json.loads(run("show", "surge_pd", "--format", "json").output)
    assert doc["schema_version"] == 1 and doc["command"] == "show"
    assert doc["payoff_formulas"][0][0] == ["-e - lam - tau", "-e - h - lam - tau"]
    tau = next(p for p in doc["parameters"] if p["name"] == "tau")
    assert tau == {
        "name": "tau",
        "symbol": "\\tau",
        "description": tau["description"],
        "default": "1",
        "value": "1",
        "domain": "[0, inf)",
        "range": ["0", "3"],
        "provenance": "illustrative",
        "source": tau["source"],
    }


def test_solve_nfg_file() -> None:
    path = ROOT / "tests" / "data" / "gambit" / "stengel.nfg"
    doc = json.loads(run("solve", str(path), "--format", "json").output)
    assert len(doc["equilibria"]) == 75  # von Stengel (1999), Discrete Comput. Geom. 21: 557-568


@pytest.mark.parametrize(
    "args,code,message",
    [
        (
            ["solve", "surge_pd", "--set", "h=-1"],
            1,
            "Error: --set h: value -1 of 'h' is outside its domain (0, inf)",
        ),
        (
            ["solve", "surge_pd", "--set", "zz=1"],
            1,
            "Error: --set zz: scenario 'surge_pd' has no parameter 'zz'",
        ),
        (
            ["solve", "surge_pd", "--set", "h=__import__('os')"],
            1,
            "Error: --set h: unexpected character",
        ),
        (
            ["solve", "surge_pd", "--set", "h=2 +"],
            1,
            "Error: --set h: expected a number, a name or '('",
        ),
        (["solve", "surge_pd", "--set", "h"], 2, "expected name=value"),
        (["solve", "surge_pd", "--method", "magic"], 2, "Invalid value for '--method'"),
        (["solve", "surge_pd", "--format", "pdf"], 2, "Invalid value for '--format'"),
        (["solve", "no_such_game"], 1, "Error: no bundled scenario called 'no_such_game'"),
        (["solve", "missing.toml"], 1, "Error: missing.toml: no such file"),
        (["solve"], 2, "Missing argument 'SCENARIO'"),
        (["show", "surge_pd", "--format", "csv"], 2, "Invalid value for '--format'"),
    ],
)
def test_exit_codes_and_messages(args: list[str], code: int, message: str) -> None:
    result = run(*args)
    assert result.exit_code == code
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_file_is_exit_1_with_key_path(write_scenario) -> None:
    text = (ROOT / "games" / "surge_pd.toml").read_text(encoding="utf-8")
    path = write_scenario(
        text.replace('Surge = ["-c_L - h", "a + g"]', 'Surge = ["-c_L - h", "a + gg"]')
    )
    result = run("solve", str(path))
    assert result.exit_code == 1
    assert result.output.startswith(
        f"Error: {path}: game.payoffs.Cooperate.Surge[1]: unknown name 'gg'"
    )
    assert "Traceback" not in result.output


def test_validate(write_scenario, tmp_path) -> None:
    good = ROOT / "games" / "surge_pd.toml"
    bad = write_scenario("format = 1\ntitle = 'x'\n", "bad.toml")
    result = run("validate", str(good))
    assert result.exit_code == 0 and result.output.startswith(
        f"ok: {good} (surge_pd: 2x2, 7 parameters)"
    )
    result = run("validate", str(good), str(bad))
    assert result.exit_code == 1
    assert f"invalid: {bad}: " in result.output


def test_nashpy_method_on_degenerate_game_prints_notes_not_warnings() -> None:
    """pytest turns warnings into errors: the command must not leak DegenerateGameWarning."""
    path = ROOT / "docs" / "examples" / "vonstengel_degenerate.toml"
    result = run("solve", str(path), "--method", "lemke_howson")
    assert result.exit_code == 0, result.output
    assert "note: nashpy's lemke_howson missed 1 of the 3 extreme equilibria" in result.output
    assert "Warning" not in result.output


def test_bundled_scenario_json_has_no_machine_path() -> None:
    doc = json.loads(run("solve", "surge_pd", "--format", "json").output)
    assert doc["scenario"] == {
        "name": "surge_pd",
        "title": "Cooperation and surge: the federal-local stage game",
        "path": None,
        "bundled": True,
    }


def test_games_columns_align() -> None:
    lines = run("games").output.splitlines()
    starts = {line.index(line.split()[2]) for line in lines}
    assert len(starts) == 1  # every title starts in the same column
