"""``fedlocal compare``: the table, the JSON contract, CSV, LaTeX and exit codes (CliRunner).

The values are the worked cases of docs/explanation/models-and-sources.md (derived in
tests/unit/test_comparison.py); here they check that each format carries them.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli

PDFLATEX = shutil.which("pdflatex")


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="fedlocal")


def test_help():
    result = run("compare", "--help")
    assert result.exit_code == 0
    assert "Usage: fedlocal compare [OPTIONS] SCENARIO" in result.output
    for option in ("--set", "--delta", "--penalty", "--format [table|json|csv|latex]"):
        assert option in result.output


def test_table_drawdown():
    # hennepin_drawdown at the defaults (delta = 0.6 from the scenario): x_E = 3/8, the one-shot
    # standoff, the repeated deal 3/10, the federal leader's 1/4.
    result = run("compare", "hennepin_drawdown")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("hennepin_drawdown: The drawdown offer")
    assert "no deal: (-4, 3)" in lines
    header = next(line for line in lines if line.lstrip().startswith("enforceable"))
    assert header.split()[0] == "enforceable"
    assert "repeated, delta = 3/5" in header and "Federal commits" in header
    row = next(line for line in lines if line.startswith("level"))
    assert row.split() == ["level", "3/8", "-", "3/10", "1/4"]
    assert "  deal_zone_low: 1/4 = c_L/h" in lines
    assert (
        "  delta_any_deal: 1/2 = (c_L*g - h*phi)/(h*(1 - rho)*(a + g - p - phi)) (at x = 1/4)"
        in (lines)
    )
    assert any(line.startswith("  cost_of_unenforceability: 9/200") for line in lines)
    assert any(
        line.startswith("unenforceable: Without enforcement Local refuses") for line in lines
    )


@pytest.mark.parametrize(
    "args,expected",
    [
        # delta = 0.9: the binding deal holds; 0.4: standoff; 0.6 with phi = 1/4: 7/20.
        (["--delta", "0.9"], "deal at x = 3/8"),
        (["--delta", "0.4"], "no deal"),
        (["--delta", "0.6", "--penalty", "1/4"], "deal at x = 7/20"),
        (["--delta", "0.95", "--set", "rho=0.25"], "deal at x = 57/160"),
    ],
)
def test_table_drawdown_options(args, expected):
    result = run("compare", "hennepin_drawdown", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    [repeated] = [r for r in doc["regimes"] if r["regime"] == "self-enforcing"]
    assert repeated["outcome"] == expected


def test_json_contract():
    result = run("compare", "hennepin_drawdown", "--delta", "3/5", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert list(doc)[:3] == ["schema_version", "command", "scenario"]
    assert (doc["schema_version"], doc["command"], doc["kind"], doc["exact"]) == (
        1,
        "compare",
        "deal",
        True,
    )
    assert doc["scenario"]["name"] == "hennepin_drawdown" and doc["scenario"]["bundled"] is True
    assert doc["players"] == ["Local", "Federal"]
    assert doc["disagreement"] == ["-4", "3"]
    assert [r["regime"] for r in doc["regimes"]] == [
        "enforceable",
        "unenforceable",
        "self-enforcing",
        "leader",
    ]
    e = doc["regimes"][0]
    assert set(e) == {
        "regime",
        "label",
        "outcome",
        "payoffs",
        "payoffs_float",
        "cooperates",
        "level",
        "level_float",
        "nash_product",
        "nash_product_float",
        "parameters",
        "sentence",
        "method",
    }
    assert (e["payoffs"], e["payoffs_float"]) == (["-7/2", "13/4"], [-3.5, 3.25])
    assert (e["level"], e["level_float"], e["nash_product"], e["nash_product_float"]) == (
        "3/8",
        0.375,
        "1/8",
        0.125,
    )
    assert doc["regimes"][1]["cooperates"] is False and doc["regimes"][1]["level"] is None
    assert doc["regimes"][2]["parameters"] == {"delta": "3/5", "phi": "0"}
    figures = doc["figures"]
    for f in figures.values():
        assert set(f) == {"description", "value", "value_float", "formula", "note"}
    xe = figures["term_enforceable"]
    assert (xe["value"], xe["value_float"]) == ("3/8", 0.375)
    assert xe["formula"]["text"] == "(a*h + c_L*g + g*h - h*p)/(2*g*h)"
    assert xe["formula"]["latex"] == r"\frac{a h + c_L g + g h - h p}{2 g h}"
    xbar = figures["term_self_enforcing_max"]
    assert xbar["value"] == "3/10"
    assert xbar["formula"]["latex"] == (
        r"\frac{\delta \left(1 - \rho\right) \left(a + g - p - \phi\right) + \phi}{g}"
    )
    assert figures["delta_any_deal"]["value"] == "1/2"
    assert figures["delta_enforceable_deal"]["value"] == "3/4"
    cost = figures["cost_of_unenforceability"]
    assert cost["description"] == (
        "Nash product of the binding deal minus that of the best self-enforcing outcome "
        "(delta = 3/5)"
    )
    assert (cost["value"], cost["value_float"], cost["note"]) == ("9/200", 0.045, "")
    # The closed form: the binding deal's Nash product minus the self-enforcing one at x = xbar
    # (the credibility constraint binds at delta = 3/5); it is a square over 4gh.
    assert cost["formula"]["text"].endswith("**2/(4*g*h)")


def test_json_figure_without_value():
    # rho = 1/4, delta = 0.95: the binding deal needs delta >= 1, so no value, but a formula.
    result = run("compare", "hennepin_drawdown", "--delta", "0.95", "--set", "rho=1/4", "-f", "x")
    assert result.exit_code == 2  # -f is no option: a usage error
    result = run(
        "compare", "hennepin_drawdown", "--delta", "0.95", "--set", "rho=1/4", "--format", "json"
    )
    f = json.loads(result.output)["figures"]["delta_enforceable_deal"]
    assert (f["value"], f["value_float"]) == (None, None)
    assert f["formula"]["text"]


def test_json_surge_pd():
    # surge_pd at delta = 0.45: (-9/5, 27/10), Nash product 187/50; delta_any_deal 4/9.
    result = run("compare", "surge_pd", "--delta", "0.45", "--format", "json")
    assert result.exit_code == 0
    doc = json.loads(result.output)
    assert doc["kind"] == "repeated"
    [s] = [r for r in doc["regimes"] if r["regime"] == "self-enforcing"]
    assert (s["payoffs"], s["nash_product"]) == (["-9/5", "27/10"], "187/50")
    assert doc["figures"]["delta_any_deal"]["value"] == "4/9"
    assert doc["figures"]["delta_Federal"]["formula"]["text"] == "g/(a + g - p)"


def test_json_detainer_liability():
    # detainer_liability: sigma* 1/5 (assurance), 1/10 (indemnified); psi = 0.7 gives 2/7.
    doc = json.loads(run("compare", "detainer_liability", "--format", "json").output)
    assert doc["kind"] == "regimes"
    assert doc["figures"]["threshold_assurance"]["value"] == "1/5"
    assert doc["figures"]["threshold_indemnified"]["value"] == "1/10"
    assert [r["cooperates"] for r in doc["regimes"]] == [False, False, True, True]
    doc = json.loads(
        run("compare", "detainer_liability", "--set", "psi=0.7", "--format", "json").output
    )
    assert doc["figures"]["threshold_assurance"]["value"] == "2/7"


def test_jail_access_patience():
    # jail_access_commitment: standoff at delta = 0.8, deal at 0.3, threshold 2/5.
    for delta, made in (("0.8", False), ("0.3", True)):
        doc = json.loads(
            run(
                "compare", "jail_access_commitment", "--set", f"delta={delta}", "--format", "json"
            ).output
        )
        assert doc["regimes"][0]["cooperates"] is made
        assert doc["regimes"][1]["cooperates"] is True
        assert doc["figures"]["threshold_no_lock_in"]["value"] == "2/5"
        assert doc["disagreement"] == ["2/5", "1/2"]


def test_csv():
    result = run("compare", "hennepin_drawdown", "--format", "csv")
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert [r["regime"] for r in rows] == [
        "enforceable",
        "unenforceable",
        "self-enforcing",
        "leader",
    ]
    assert list(rows[0]) == [
        "regime",
        "label",
        "outcome",
        "payoff:Local",
        "payoff:Federal",
        "cooperates",
        "level",
        "nash_product",
        "payoff_float:Local",
        "payoff_float:Federal",
    ]
    assert rows[0]["level"] == "3/8" and rows[0]["cooperates"] == "true"
    assert rows[1]["level"] == "" and rows[1]["cooperates"] == "false"
    assert rows[2]["label"] == "repeated, delta = 3/5"
    assert float(rows[2]["payoff_float:Federal"]) == 3.4


def test_latex_fragment():
    result = run("compare", "hennepin_drawdown", "--format", "latex")
    assert result.exit_code == 0
    out = result.output
    assert out.startswith("\\noindent\\resizebox") and "\\begin{tabular}{lcccc}" in out
    # Labels with mathematics are in math mode.
    assert r"repeated, $\delta = \frac{3}{5}$" in out
    assert r"payoff Local & $- \frac{7}{2}$ & $-4$ & $- \frac{19}{5}$ & $-4$ \\" in out
    assert r"\text{deal zone low} &= \frac{1}{4} \quad\left(\frac{c_L}{h}\right)" in out
    assert out.rstrip().endswith(r"\end{align*}")


DOCUMENT = r"""\documentclass{article}
\usepackage{amsmath}
\usepackage{graphicx}
\begin{document}
%s
\end{document}
"""


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
@pytest.mark.parametrize(
    "args",
    [
        ["hennepin_drawdown", "--delta", "0.6", "--penalty", "1/4"],
        ["surge_pd", "--delta", "0.45"],
        ["detainer_liability"],
        ["jail_access_commitment"],
    ],
    ids=["drawdown", "surge_pd", "detainer", "jail_access"],
)
def test_latex_compiles(args, tmp_path: Path):
    fragment = run("compare", *args, "--format", "latex").output
    (tmp_path / "f.tex").write_text(DOCUMENT % fragment, encoding="utf-8")
    done = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", "f.tex"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout[-2000:]


@pytest.mark.parametrize(
    "args,message",
    [
        (
            ["detainer_liability", "--penalty", "1"],
            "Error: --penalty: scenario 'detainer_liability' has no penalty parameter",
        ),
        (
            ["hennepin_drawdown", "--set", "zz=1"],
            "Error: --set zz: scenario 'hennepin_drawdown' has no parameter 'zz'",
        ),
        (
            ["trust_game"],
            "Error: compare does not apply to a tree scenario ('trust_game'): it has no [compare] "
            "section saying how its regimes differ",
        ),
        (
            ["hennepin_drawdown", "--delta", "1"],
            "Error: --delta: expected a discount factor in [0, 1), got 1",
        ),
        (["hennepin_drawdown", "--penalty", "abc"], "Error: --penalty: unknown name 'abc'"),
        (
            ["detainer_liability", "--delta", "0.5"],
            "Error: --delta: scenario 'detainer_liability' has no discount-factor parameter",
        ),
    ],
    ids=["penalty", "unknown-set", "no-compare", "delta-range", "penalty-parse", "no-delta"],
)
def test_domain_errors_exit_1(args, message):
    result = run("compare", *args)
    assert result.exit_code == 1
    assert result.output.startswith(message), result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["hennepin_drawdown", "--format", "xml"],
        ["hennepin_drawdown", "--set", "g"],
        ["hennepin_drawdown", "--delta"],
        ["hennepin_drawdown", "--bogus"],
    ],
    ids=["missing-scenario", "format", "set-syntax", "delta-missing-value", "unknown-option"],
)
def test_usage_errors_exit_2(args):
    result = run("compare", *args)
    assert result.exit_code == 2
    assert "Error:" in result.output and "Traceback" not in result.output


def test_own_scenario_file(write_scenario):
    # A reimbursement offer: the county holds first at cost 1; ICE then pays a share x of a
    # budget of 4 (Pay) or keeps it (Stiff); ICE values the hold at 3. Deal zone: 4x >= 1 and
    # 3 - 4x >= 0, [1/4, 3/4]; NBS (4x - 1)(3 - 4x) is maximal at 4x = 2, x = 1/2.
    path = write_scenario(
        """format = 1
name = "reimbursement"
title = "Hold first, be paid later"

[[players]]
name = "County"

[[players]]
name = "ICE"

[parameters.x]
default = 0.5
domain = "probability"
provenance = "illustrative"

[compare]
kind = "deal"
term = "x"
deal = "Hold/Pay"
renege = "Hold/Stiff"
disagreement = "Decline"

[tree]
player = "County"

[tree.moves.Hold]
player = "ICE"

[tree.moves.Hold.moves.Pay]
payoffs = ["4*x - 1", "3 - 4*x"]

[tree.moves.Hold.moves.Stiff]
payoffs = [-1, 3]

[tree.moves.Decline]
payoffs = [0, 0]
"""
    )
    result = run("compare", str(path), "--delta", "0.9", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    levels = {r["regime"]: r["level"] for r in doc["regimes"]}
    # Repeated: ICE pays x iff 3 - 4x >= (1 - delta)*3, i.e. x <= 3 delta/4 = 27/40 >= 1/2.
    assert levels == {
        "enforceable": "1/2",
        "unenforceable": None,
        "self-enforcing": "1/2",
        "leader": "1/4",
    }
    # Some deal from 4/4 <= 3 delta, delta >= 1/3; the binding one from 2 <= 3 delta, 2/3.
    assert doc["figures"]["delta_any_deal"]["value"] == "1/3"
    assert doc["figures"]["delta_enforceable_deal"]["value"] == "2/3"
    assert doc["scenario"]["bundled"] is False
