"""``fedlocal exercise``: seeded problem sets whose answer keys ``solve`` and ``compare`` confirm.

Every key is checked against the commands a student would run: the equilibria against
``fedlocal solve --set ... --format json``, the thresholds and the regimes against ``fedlocal
compare``, and each threshold interval by solving at a point inside it (the equilibrium holds)
and at a point outside it (it does not).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from gametheory import load_scenario
from gametheory.cli.main import cli
from gametheory.teaching.exercise import DENOMINATORS, draw_values, make_exercises

PDFLATEX = shutil.which("pdflatex")


def run(*args: str) -> dict:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def sets(values: dict[str, str]) -> list[str]:
    return [a for k, v in values.items() for a in ("--set", f"{k}={v}")]


def _check_equilibria(name: str, values: dict[str, str], data: dict) -> None:
    solved = run("solve", name, *sets(values), "--format", "json")
    if "outcomes" in data:
        got = [{"plays": o["plays"], "payoffs": o["payoffs"]} for o in solved["outcomes"]]
        assert got == data["outcomes"]
    else:
        got = [
            {"strategies": e["strategies"], "payoffs": e["payoffs"]} for e in solved["equilibria"]
        ]
        assert got == data["equilibria"]


def _check_threshold(name: str, values: dict[str, str], data: dict) -> None:
    """Solve inside the interval (the equilibrium or outcome holds) and outside (it does not)."""
    sc = load_scenario(name)
    param = sc.parameter(data["parameter"])
    lo, hi = (Fraction(str(x)) for x in param.range)
    interval = data["condition"]["intervals"][0]
    low = Fraction(interval["low"]) if interval["low"] is not None else lo
    high = Fraction(interval["high"]) if interval["high"] is not None else hi
    inside = (low + high) / 2 if low != high else low
    outside = [x for x in (lo, hi, (lo + low) / 2, (high + hi) / 2) if not low <= x <= high]

    def holds(x: Fraction) -> bool:
        solved = run("solve", name, *sets({**values, param.name: str(x)}), "--format", "json")
        what = data["what"]
        if what.startswith("the play "):
            plays = what.removeprefix("the play ")
            from gametheory.report.outcomes import plays_text

            return any(plays_text(o) == plays for o in solved["outcomes"])
        profile = re.fullmatch(r"the profile \((.*)\)", what).group(1).split(", ")
        actions = solved["actions"]
        return any(
            e["pure"] and [actions[p][e["strategies"][p].index("1")] for p in (0, 1)] == profile
            for e in solved["equilibria"]
        )

    assert holds(inside)
    if outside and len(data["condition"]["intervals"]) == 1:
        assert not holds(outside[0])


def _check_comparison(name: str, values: dict[str, str], question: dict) -> None:
    compared = run("compare", name, *sets(values), "--format", "json")
    if question["kind"] == "thresholds":
        for key, value in question["data"]["figures"].items():
            assert compared["figures"][key]["value"] == value
    else:
        got = [
            {k: r[k] for k in ("regime", "label", "outcome", "payoffs", "cooperates")}
            for r in compared["regimes"]
        ]
        assert got == question["data"]["regimes"]


@pytest.mark.parametrize(
    "name,seed",
    [
        ("surge_pd", 1),  # the acceptance case
        ("surge_pd", 7),
        ("funding_threat", 2),
        ("hennepin_drawdown", 3),
        ("chicken", 2),
        ("warrant_screening", 4),
    ],
)
def test_every_key_is_confirmed_by_solve_and_compare(name: str, seed: int) -> None:
    doc = run("exercise", name, "--seed", str(seed), "--count", "2", "--format", "json")
    assert doc["seed"] == seed and len(doc["problems"]) == 2
    kinds = set()
    for problem in doc["problems"]:
        values = problem["values"]
        for q in problem["questions"]:
            kinds.add(q["kind"])
            if q["kind"] == "equilibria":
                _check_equilibria(name, values, q["data"])
            elif q["kind"] == "threshold":
                _check_threshold(name, values, q["data"])
            else:
                _check_comparison(name, values, q)
    assert "equilibria" in kinds


def test_surge_pd_seed_1_asks_equilibria_thresholds_and_regimes() -> None:
    doc = run("exercise", "surge_pd", "--seed", "1", "--format", "json")
    kinds = [q["kind"] for q in doc["problems"][0]["questions"]]
    assert kinds == ["equilibria", "thresholds", "regimes"]


def test_a_threshold_question_is_an_interval() -> None:
    ps = make_exercises(load_scenario("funding_threat"), seed=2)
    q = next(q for q in ps.problems[0].questions if q.kind == "threshold")
    assert q.data["condition"]["intervals"] and "&" not in q.answer


@pytest.mark.parametrize("name", ["surge_pd", "hennepin_drawdown", "warrant_screening"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_draws_are_exact_in_range_and_meet_the_assumptions(name: str, seed: int) -> None:
    sc = load_scenario(name)
    v = draw_values(sc, np.random.default_rng(seed))
    assert v == draw_values(sc, np.random.default_rng(seed))  # reproducible
    assert not sc.failed_assumptions(sc.values(v))
    for k, x in v.items():
        lo, hi = sc.parameter(k).range
        assert lo <= x <= hi and x.q in DENOMINATORS


def test_seeds_give_different_problem_sets() -> None:
    a = CliRunner().invoke(cli, ["exercise", "surge_pd", "--seed", "1"]).output
    b = CliRunner().invoke(cli, ["exercise", "surge_pd", "--seed", "2"]).output
    assert a != b and a == CliRunner().invoke(cli, ["exercise", "surge_pd", "--seed", "1"]).output
    assert "# Answer key" in a
    assert (
        "# Answer key"
        not in CliRunner().invoke(cli, ["exercise", "surge_pd", "--seed", "1", "--no-key"]).output
    )


def test_model_scenarios_are_refused() -> None:
    result = CliRunner().invoke(cli, ["exercise", "delegation_287g", "--seed", "1"])
    assert result.exit_code == 1 and "model scenario" in result.output


@pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
def test_latex_problem_set_compiles(tmp_path: Path) -> None:
    out = tmp_path / "ex.tex"
    result = CliRunner().invoke(
        cli, ["exercise", "hennepin_drawdown", "--seed", "1", "--count", "2", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    done = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", out.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert done.returncode == 0, done.stdout[-2000:]
    log = (tmp_path / "ex.log").read_text(errors="replace")
    assert "Overfull" not in log
