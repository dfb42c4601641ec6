"""``fedlocal repeated``: formats, options, user automata and errors (CliRunner).

Expected values (docs/explanation/models-and-sources.md): grim 1/2 at 5/3/1/0 (Friedman 1971),
TFT never subgame perfect there (Axelrod 1984); surge_pd: Local 1/2, Federal 1/3, the set at 0.45.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.report.records import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str):
    return CliRunner().invoke(cli, ["repeated", *args], prog_name="fedlocal")


def test_help() -> None:
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--delta", "--strategy", "--concept", "--payoff-set", "--numeric-only", "--set"):
        assert option in result.output


def test_table() -> None:
    result = run("surge_pd", "--strategy", "grim", "--concept", "spe")
    assert result.exit_code == 0, result.output
    out = result.output
    assert "cooperation (Cooperate, Restrain); punishment (Refuse, Surge)" in out
    assert "minmax (pure / mixed): Local -4 / -4, Federal 1 / 1" in out
    row = next(line for line in out.splitlines() if line.startswith("grim"))
    assert row.split()[:8] == ["grim", "SPE", "delta", ">=", "1/2", "delta", ">=", "1/3"]
    assert "grim (SPE): delta >= (e + lam + tau)/h and delta >= g/(a + g - p)" in out


def test_json_keys_and_values() -> None:
    result = run("prisoners_dilemma", "--format", "json", "--concept", "spe")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema_version"] == SCHEMA_VERSION and data["command"] == "repeated"
    assert set(data) >= {
        "scenario",
        "players",
        "actions",
        "parameters",
        "discount",
        "horizon",
        "payoffs",
        "cooperation",
        "punishment",
        "stage_equilibria",
        "minmax",
        "feasible_set",
        "individually_rational_set",
        "folk_theorem",
        "strategies",
        "payoff_set",
        "critical_deltas",
        "finite_horizon",
    }
    by_name = {s["strategies"]["Row"]: s for s in data["strategies"]}
    grim = by_name["grim_trigger"]
    assert grim["condition"]["threshold"] == "1/2" and grim["condition"]["status"] == "conditional"
    assert grim["symbolic"]["condition"]["text"] == "delta >= (-R + T)/(-P + T)"
    assert by_name["tit_for_tat"]["condition"]["status"] == "never"
    assert by_name["penance"]["condition"]["threshold"] == "2/3"
    assert data["payoff_set"] is None and data["horizon"] is None


def test_csv() -> None:
    result = run("surge_pd", "--format", "csv", "--numeric-only", "--strategy", "penance")
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [(r["strategies"], r["concept"], r["both"]) for r in rows] == [
        ("penance", "SPE", "delta >= 1/2"),
        ("penance", "Nash", "delta >= 1/2"),
    ]
    assert rows[0]["Federal"] == "delta >= 1/3" and rows[0]["delta*"] == "1/2"


def test_latex() -> None:
    result = run("prisoners_dilemma", "--format", "latex", "--strategy", "punish:2")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("\\noindent\\resizebox")  # fits the line width
    assert (
        "\\begin{tabular}" in result.output
        and "\\end{tabular}" in result.output
        and "\\sqrt" in result.output
    )


def test_delta_gives_yes_or_no() -> None:
    result = run("prisoners_dilemma", "--delta", "0.6", "--format", "json", "--numeric-only")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    holds = {(s["strategies"]["Row"], s["concept"]): s["holds"] for s in data["strategies"]}
    assert holds[("grim_trigger", "spe")] is True
    assert holds[("punish:2", "spe")] is False  # 0.6 < (sqrt(5) - 1)/2
    assert holds[("tit_for_tat", "nash")] is False  # 0.6 < 2/3
    assert data["discount"]["players"] == {"Row": "3/5", "Column": "3/5"}


def test_payoff_set() -> None:
    result = run(
        "surge_pd", "--delta", "0.45", "--payoff-set", "--format", "json", "--numeric-only"
    )
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    ps = data["payoff_set"]
    # surge_pd: {(-4d, 6d), (-4, 1 + 5d), (-4, 1), (-2/3, 1)} at d = 9/20
    assert ps["exact"] and sorted(map(tuple, ps["vertices"])) == sorted(
        [("-9/5", "27/10"), ("-4", "13/4"), ("-4", "1"), ("-2/3", "1")]
    )
    assert (data["critical_deltas"]["first"], data["critical_deltas"]["full"]) == ("4/9", "1/2")
    table = run("surge_pd", "--delta", "0.4", "--payoff-set", "--numeric-only").output
    assert "a single point: (-4, 1)" in table


def test_strategy_names_and_pairs() -> None:
    result = run("surge_pd", "--strategy", "grim,tft", "--strategy", "punish:3", "--numeric-only")
    assert result.exit_code == 0, result.output
    assert "grim, tft" in result.output and "punish:3" in result.output


TOML = """
[automata.wary]
player = "Local"
description = "cooperates until a surge, refuses until the agents are restrained again"
initial = "trust"
play = { trust = "Cooperate", wary = "Refuse" }
transitions = { trust = { "*/Surge" = "wary" }, wary = { "*/Restrain" = "trust" } }

[automata.patient]
player = "Federal"
initial = "restrain"
play = { restrain = "Restrain", surge = "Surge" }
transitions = { restrain = { "*/Refuse" = "surge" }, surge = { "*/Cooperate" = "restrain" } }
"""


def test_strategy_file(tmp_path: Path) -> None:
    path = tmp_path / "mine.toml"
    path.write_text(TOML, encoding="utf-8")
    result = run("surge_pd", "--strategy", str(path), "--format", "json", "--numeric-only")
    assert result.exit_code == 0, result.output
    (spe, nash) = json.loads(result.output)["strategies"]
    assert spe["strategies"] == {"Local": "wary", "Federal": "patient"}
    assert spe["descriptions"]["Local"].startswith("cooperates until a surge")
    # these are tit-for-tat in the surge game: never subgame perfect, Nash from 1/2
    assert spe["condition"]["status"] == "never"
    assert nash["condition"]["threshold"] == "1/2"


def test_strategy_file_errors(tmp_path: Path) -> None:
    path = tmp_path / "bad.toml"
    path.write_text('[automata.x]\nplayer = "Local"\ninitial = "s"\nplay = { s = "Surge" }\n')
    result = run("surge_pd", "--strategy", str(path))
    assert result.exit_code == 1
    assert "automata.x" in result.output and "not an action of 'Local'" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args, message",
    [
        (
            ["surge_pd", "--strategy", "nice"],
            "Error: unknown strategy 'nice'; expected one of: always_cooperate",
        ),
        (["surge_pd", "--delta", "1.5"], "strictly between 0 and 1, got 3/2"),
        (["surge_pd", "--payoff-set", "--numeric-only"], "give --delta"),
        (["surge_pd", "--set", "zeta=1"], "zeta"),
        (["surge_pd", "--strategy", "a,b,c"], "expected NAME or ROW_NAME,COLUMN_NAME"),
    ],
)
def test_errors_exit_1_without_a_traceback(args: list[str], message: str) -> None:
    result = run(*args)
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


def test_usage_error_exit_2() -> None:
    result = run("surge_pd", "--concept", "ne")
    assert result.exit_code == 2


def test_turnover_example() -> None:
    path = ROOT / "docs" / "examples" / "repeated_surge_turnover.toml"
    result = run(str(path), "--strategy", "grim", "--concept", "spe")
    assert result.exit_code == 0, result.output
    assert "discount factor: Local delta; Federal 4*delta/5" in result.output
    assert "delta*(1 - rho) >= g/(a + g - p)" in result.output


def test_simulate_plays_the_first_pair_exactly() -> None:
    # surge_pd at delta = 3/5, grim against grim, Federal surges in round 1 (Local cooperates):
    # round 0 (C, R) pays (-2, 3), normalised (1 - 3/5) * (-2) = -4/5; round 1 (C, S) pays
    # (-6, 4), so Local's running value is -4/5 + (2/5)(3/5)(-6) = -56/25; grim then punishes.
    runner = CliRunner()
    args = [
        "repeated",
        "surge_pd",
        "--delta",
        "3/5",
        "--strategy",
        "grim",
        "--concept",
        "spe",
        "--numeric-only",
        "--simulate",
        "3",
        "--deviate",
        "1:Federal:Surge",
    ]
    data = json.loads(runner.invoke(cli, [*args, "--format", "json"]).output)
    rounds = data["simulation"]["rounds"]
    assert [r["actions"] for r in rounds] == [
        ["Cooperate", "Restrain"],
        ["Cooperate", "Surge"],
        ["Refuse", "Surge"],
    ]
    assert rounds[1]["discounted"][0] == "-56/25" and rounds[1]["deviation"] is True
    table = runner.invoke(cli, args)
    assert table.exit_code == 0 and "after 3 rounds" in table.output


def test_simulate_errors_are_clear() -> None:
    runner = CliRunner()
    no_delta = runner.invoke(cli, ["repeated", "surge_pd", "--simulate", "3", "--numeric-only"])
    assert no_delta.exit_code == 1 and "numeric discount factors" in no_delta.output
    bad = runner.invoke(
        cli,
        [
            "repeated",
            "surge_pd",
            "--delta",
            "0.6",
            "--numeric-only",
            "--simulate",
            "3",
            "--deviate",
            "0:Local:Fly",
        ],
    )
    assert bad.exit_code == 1 and "expected one of Cooperate, Refuse" in bad.output
    assert "Traceback" not in bad.output
    usage = runner.invoke(
        cli, ["repeated", "surge_pd", "--delta", "0.6", "--deviate", "0:Local:Refuse"]
    )
    assert usage.exit_code == 2
