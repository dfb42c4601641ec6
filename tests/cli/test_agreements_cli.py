"""``fedlocal repeated --transfers / --noise / --concept renegotiation-proof`` and ``[linkage]``,
and the transfers and linked regimes of ``fedlocal compare`` (CliRunner).

Expected values are derived by hand in tests/unit/test_transfers.py, test_linkage.py,
test_monitoring.py and test_renegotiation.py.
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


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="fedlocal")


def test_help_lists_the_new_options() -> None:
    out = run("repeated", "--help").output
    for option in (
        "--transfers",
        "--noise",
        "--detection",
        "--punish-length",
        "renegotiation-proof",
    ):
        assert option in out


def test_transfers_table_pd_and_surge() -> None:
    out = run("repeated", "prisoners_dilemma", "--transfers", "--concept", "spe").output
    row = next(line for line in out.splitlines() if line.startswith("(Cooperate, Cooperate)"))
    assert row.split()[-4:] == ["1/2", "1/2", "1/2", "1/2"]
    out = run("repeated", "surge_pd", "--transfers", "--concept", "spe").output
    row = next(line for line in out.splitlines() if line.startswith("(Cooperate, Restrain)"))
    assert row.split()[-4:] == ["1/2", "3/7", "1/2", "3/7"]
    assert "with transfers: delta >= (c_L + g)/(a + g + h - p)" in out


def test_transfers_json_contract() -> None:
    result = run("repeated", "surge_pd", "--transfers", "--delta", "3/7", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["schema_version"] == SCHEMA_VERSION
    t = data["agreements"]["transfers"]
    deal = next(p for p in t["profiles"] if p["profile"] == ["Cooperate", "Restrain"])
    assert deal["nash_transfers"] == "3/7" and deal["nash_transfers_float"] == pytest.approx(3 / 7)
    assert t["contract"]["transfer"] == "2/7" and t["contract"]["transfer_range"] == ["2/7", "2/7"]
    assert t["contract"]["payoffs"] == ["-12/7", "19/7"]


def test_linkage_table_json_csv_latex() -> None:
    out = run("repeated", "linked_cooperation", "--concept", "spe").output
    linked = next(line for line in out.splitlines() if line.startswith("linked  "))
    assert linked.split()[-3:] == ["3/7", "3/7", "3/7"]
    assert "gain from linkage 1/14" in out
    assert "check (grim trigger on the explicit linked game): delta >= 3/7" in out
    data = json.loads(run("repeated", "linked_cooperation", "--format", "json").output)
    lk = data["agreements"]["linkage"]
    assert [i["threshold"] for i in lk["issues"]] == ["1/2", "1/2"]
    assert lk["linked"]["threshold"] == "3/7" and lk["linked"]["gain"] == "1/14"
    assert lk["check"]["agrees"] is True
    assert lk["formulas"]["linked"]["text"] == "(c_L + g)/(a + g + h - p)"
    text = run("repeated", "linked_cooperation", "--format", "csv").output
    blocks = text.split("\n\n")
    rows = list(csv.DictReader(io.StringIO(blocks[-1])))
    assert rows[-1]["issue"] == "linked" and rows[-1]["delta"] == "3/7"
    tex = run("repeated", "linked_cooperation", "--format", "latex").output
    assert r"linked & $\frac{3}{7}$ & $\frac{3}{7}$" in tex


def test_noise_and_detection() -> None:
    result = run(
        "repeated",
        "prisoners_dilemma",
        "--noise",
        "1/10",
        "--detection",
        "4/5",
        "--delta",
        "9/10",
        "--format",
        "json",
    )
    assert result.exit_code == 0, result.output
    m = json.loads(result.output)["agreements"]["monitoring"]
    assert m["threshold"] == "5/8" and m["perfect_threshold"] == "1/2"
    assert m["values"] == ["39/19", "39/19"] and m["loss"] == ["18/19", "18/19"]
    assert m["punish_length"] == "forever"
    out = run(
        "repeated", "prisoners_dilemma", "--noise", "0", "--detection", "1", "--punish-length", "2"
    ).output
    assert (
        "both: delta >= -1/2 + sqrt(5)/2 (~0.618034) (perfect monitoring: delta >= -1/2 + sqrt(5)/2)"
        in out
    )


def test_monitoring_section(tmp_path: Path) -> None:
    f = tmp_path / "noisy.toml"
    text = (Path(__file__).resolve().parents[2] / "games" / "surge_pd.toml").read_text()
    f.write_text(
        text
        + '\n[monitoring]\nnoise = "1/10"\ndetection = { Local = "4/5", Federal = "1/2" }\n'
        + "punish_length = 3\n"
    )
    data = json.loads(run("repeated", str(f), "--format", "json", "--delta", "4/5").output)
    m = data["agreements"]["monitoring"]
    assert m["per_player_signals"] is False and m["detection"] == ["4/5", "1/2"]
    assert m["punish_length"] == 3
    # the options override the section
    data = json.loads(
        run(
            "repeated",
            str(f),
            "--format",
            "json",
            "--noise",
            "0",
            "--detection",
            "1",
            "--punish-length",
            "forever",
        ).output
    )
    assert data["agreements"]["monitoring"]["threshold"] == "1/2"


def test_renegotiation_concept() -> None:
    out = run(
        "repeated",
        "prisoners_dilemma",
        "--strategy",
        "grim",
        "--strategy",
        "penance",
        "--concept",
        "renegotiation-proof",
        "--numeric-only",
    ).output
    rows = [line.split() for line in out.splitlines() if " WRP " in f" {line} "]
    assert rows[0][:2] == ["grim", "WRP"] and rows[0][2:5] == ["never"] * 3
    assert rows[1][:2] == ["penance", "WRP"] and "2/3" in rows[1]
    assert "strictly Pareto-dominated" in out


def test_compare_shows_transfers_and_linkage() -> None:
    result = run("compare", "linked_cooperation", "--delta", "9/20", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    regimes = {r["regime"]: r for r in data["regimes"]}
    assert regimes["transfers"]["payoffs"] == ["-9/5", "14/5"]
    assert regimes["linked"]["payoffs"] == ["-2", "3"]
    figs = data["figures"]
    assert figs["delta_with_transfers"]["value"] == "3/7"
    assert figs["delta_linked"]["value"] == "3/7" and figs["linkage_gain"]["value"] == "1/14"
    assert figs["transfer"]["value"] == "1/5"
    out = run("compare", "surge_pd", "--delta", "9/20").output
    assert "transfers, delta = 9/20" in out and "linked" not in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["surge_pd", "--noise", "3/2"], "probability in [0, 1]"),
        (["surge_pd", "--punish-length", "2"], "--punish-length goes with"),
        (["surge_pd", "--noise", "0.1", "--punish-length", "zero"], "forever"),
        (["surge_pd", "--noise", "x"], "Error"),
    ],
)
def test_errors_exit_1(args: list[str], message: str) -> None:
    result = run("repeated", *args)
    assert result.exit_code == 1, result.output
    assert message in result.output and "Traceback" not in result.output
