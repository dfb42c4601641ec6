"""Estimation (gametheory.estimation, ``fedlocal fit``): recovery, coverage, pygambit, errors.

Models: the logit QRE as a likelihood (McKelvey and Palfrey 1995); statistical backward
induction for trees (Signorino 1999, 2003); the egame12 and ultimatum set-ups of the R package
``games`` (Kenkel and Signorino 2014, Journal of Statistical Software 56(8)), here as
tests/data/estimation/egame12.toml; ultimatum_five_offers.toml is a discrete agent-QRE stand-in for
the ultimatum set-up, whose published model is tested in test_estimation_ultimatum.py.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from oracle import pygambit_api

from gametheory.cli.main import cli
from gametheory.estimation import fit, prepare_data, simulate_data
from gametheory.estimation.report import fit_record, render_fit
from gametheory.exceptions import ScenarioError
from gametheory.scenario import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data" / "estimation"
EGAME12 = str(DATA / "egame12.toml")
ULTIMATUM = str(DATA / "ultimatum_five_offers.toml")
PENNIES = str(DATA.parents[2] / "docs" / "examples" / "asymmetric_pennies.toml")


def _logistic(x: np.ndarray) -> np.ndarray:
    return 1 / (1 + np.exp(-x))


def _egame12_data(n: int, seed: int) -> tuple[pd.DataFrame, dict[str, float]]:
    rng = np.random.default_rng(seed)
    truth = {"u11[const]": 0.5, "u11[x]": 1.0, "u14": 1.0, "u24[const]": 0.8, "u24[w]": -1.0}
    covs = {"x": rng.normal(size=n), "w": rng.normal(size=n)}
    return simulate_data(EGAME12, n, seed=seed, coefficients=truth, covariates=covs), truth


def test_fit_command_recovers_simulated_parameters(tmp_path: Path) -> None:
    """Done-when of issue 18: ``fedlocal fit`` recovers known parameters from simulate_data."""
    data, truth = _egame12_data(2000, seed=11)
    path = tmp_path / "egame12.csv"
    data.to_csv(path, index=False)
    args = ["fit", EGAME12, str(path), "--free", "u11,u14,u24", "--covariate", "u11=x",
            "--covariate", "u24=w", "--format", "json"]  # fmt: skip
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["command"] == "fit" and record["exact"] is False
    assert record["lambda"] == {"free": False, "value": 1.0}
    assert record["data"]["observations"] == 2000
    got = {c["name"]: c for c in record["coefficients"]}
    assert sorted(got) == sorted(truth)
    for name, value in truth.items():
        est, se = got[name]["estimate"], got[name]["se"]
        assert 0 < se < 0.5, name
        assert abs(est - value) < 3.5 * se, (name, est, se)
    assert len(record["predictions"]["per_observation"]) == 2000
    assert len(record["predictions"]["at_profiles"]) == 6  # x and w at min, mean, max


def test_egame12_probabilities_are_the_published_agent_error_model() -> None:
    """Kenkel and Signorino (2014), egame12 with link = "logit", type = "agent", u13 = u23 = 0:
    p4 = Lambda(u24) and P(R) = Lambda(p4 * u14 - u11) (Signorino 2003)."""
    sc = load_scenario(EGAME12)
    assert [n.kind for n in sc.tree.preorder()] == [
        "decision", "terminal", "decision", "terminal", "terminal"]  # fmt: skip
    u11, u14, u24 = 0.3, 1.7, -0.4
    d = simulate_data(sc, 1, seed=0, coefficients={"u11": u11, "u14": u14, "u24": u24})
    r = fit(sc, d, free=["u11"], values={"u14": u14, "u24": u24}, start={"u11": u11})
    model = r.model
    probs = model.probabilities(np.array([u11]), {}, 1)
    p4 = _logistic(np.array(u24))
    assert probs["R"][1, 0] == pytest.approx(p4, abs=1e-14)
    assert probs["root"][1, 0] == pytest.approx(_logistic(p4 * u14 - u11), abs=1e-14)


def test_five_offer_ultimatum_acceptance_is_the_published_logistic() -> None:
    """Ramsay and Signorino (2009) as in games::ultimatum(): player 2 accepts offer y with
    probability Lambda((y - R2) / s2); here s2 = 1 / lambda."""
    sc = load_scenario(ULTIMATUM)
    for lam in (1.0, 2.5):
        d = simulate_data(sc, 1, seed=0, lam=lam, coefficients={"R1": 0.5, "R2": 1.3})
        r = fit(sc, d, free=["R2"], lam=lam, values={"R1": 0.5}, start={"R2": 1.3})
        probs = r.model.probabilities(np.array([1.3]), {}, 1)
        for y in range(5):
            accept = probs[str(y)][0, 0]
            assert accept == pytest.approx(_logistic(np.array((y - 1.3) * lam)), abs=1e-14)


def test_five_offer_ultimatum_reservation_values_are_recovered() -> None:
    rng = np.random.default_rng(3)
    z = rng.normal(size=1500)
    truth = {"R1": 1.0, "R2[const]": 1.5, "R2[z]": 0.5}
    d = simulate_data(ULTIMATUM, 1500, seed=3, coefficients=truth, covariates={"z": z})
    r = fit(ULTIMATUM, d, free=["R1", "R2"], covariates={"R2": "z"})
    assert r.converged
    for name, value in truth.items():
        assert abs(r.estimate(name) - value) < 3.5 * r.se(name), name


def test_lambda_only_fit_equals_pygambit_logit_estimate() -> None:
    """Done-when of issue 18: the fit of lambda alone on a fixed strategic-form game equals
    pygambit.qre.logit_estimate on the same data (the maximiser along the principal branch)."""
    gbt = pygambit_api(16)
    d = simulate_data(PENNIES, 400, seed=5, lam=0.7)
    ours = fit(PENNIES, d, lam="free")
    game = gbt.Game.from_arrays(np.array([[9, 0], [0, 1]]), np.array([[0, 1], [1, 0]]))
    counts = game.mixed_strategy_profile(rational=False)
    for player, column in zip(game.players, ["Row", "Column"], strict=True):
        for strategy, action in zip(player.strategies, ["Heads", "Tails"], strict=True):
            counts[strategy] = float((d[column] == action).sum())
    theirs = gbt.qre.logit_estimate(counts)
    assert ours.estimate("lambda") == pytest.approx(theirs.lam, rel=1e-6)
    assert ours.loglik == pytest.approx(theirs.log_like, abs=1e-8)
    row = ours.profiles.iloc[0]
    heads = next(iter(next(iter(game.players)).strategies))
    assert row["P(Row=Heads)"] == pytest.approx(theirs.profile[heads], abs=1e-7)


def test_strategic_form_with_a_covariate_recovers_the_slope() -> None:
    rng = np.random.default_rng(0)
    urban = (rng.random(600) < 0.4).astype(float)
    truth = {"a[const]": 4.0, "a[urban]": 3.0}
    d = simulate_data(PENNIES, 600, seed=1, coefficients=truth, covariates={"urban": urban})
    r = fit(PENNIES, d, free=["a"], covariates={"a": ["urban"]})
    for name, value in truth.items():
        assert abs(r.estimate(name) - value) < 3.5 * r.se(name)
    assert list(r.profiles["urban"]) == [0.0, 1.0]
    at_one = r.predict({"urban": 1.0})
    assert at_one["Row"]["Heads"] == pytest.approx(r.profiles.iloc[1]["P(Row=Heads)"])
    assert r.method.endswith("(principal branch)")


def _coverage(reps: int, n: int, lam: float) -> float:
    covered = 0
    for seed in range(reps):
        r = fit("trust_game", simulate_data("trust_game", n, seed=seed, lam=lam))
        lo, hi = r.confint("lambda")
        covered += lo <= lam <= hi
    return covered / reps


def test_confidence_intervals_cover_at_about_the_nominal_rate() -> None:
    """A modest Monte Carlo: 30 data sets, 95% Wald intervals for lambda. With 30 draws the
    count covered is Binomial(30, 0.95): at least 25 with probability > 0.99."""
    assert _coverage(30, 120, 0.3) >= 25 / 30


@pytest.mark.slow
def test_confidence_intervals_cover_at_the_nominal_rate_egame12() -> None:
    """300 egame12 data sets with covariates; every coefficient's 95% interval covers its true
    value in 91-99% of them (Binomial(300, 0.95) lies there with probability > 0.99)."""
    hits: dict[str, int] = {}
    reps = 300
    for seed in range(reps):
        data, truth = _egame12_data(400, seed=1000 + seed)
        r = fit(EGAME12, data, free=["u11", "u14", "u24"], covariates={"u11": "x", "u24": "w"})
        for name, value in truth.items():
            lo, hi = r.confint(name)
            hits[name] = hits.get(name, 0) + int(lo <= value <= hi)
    for name, count in hits.items():
        assert 0.91 <= count / reps <= 0.99, (name, count)


def test_simulate_data_is_deterministic_for_a_seed() -> None:
    a = simulate_data(EGAME12, 50, seed=7, coefficients={"u11": 0, "u14": 1, "u24": 1})
    b = simulate_data(EGAME12, 50, seed=7, coefficients={"u11": 0, "u14": 1, "u24": 1})
    c = simulate_data(EGAME12, 50, seed=8, coefficients={"u11": 0, "u14": 1, "u24": 1})
    assert a.equals(b) and not a.equals(c)
    assert set(a.loc[a["root"] == "L", "R"]) == {""}  # the node was not reached


def test_latex_and_table_outputs() -> None:
    r = fit("trust_game", simulate_data("trust_game", 200, seed=2, lam=0.3))
    record = fit_record(r, load_scenario("trust_game"))
    latex = render_fit(record, "latex")
    assert "\\begin{tabular}" in latex and "$\\lambda$" in latex and "Log-likelihood" in latex
    table = render_fit(record, "table")
    assert "log-likelihood" in table and "not exact" in table


# -- bad data ----------------------------------------------------------------------------------
def _write(tmp_path: Path, text: str) -> str:
    path = tmp_path / "county.csv"
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize(
    ("csv", "args", "message"),
    [
        ("root,R\nL,\nR,Q\n", [], "column 'R', row 2: unknown action 'Q'; expected one of L, R"),
        ("P1\nL\n", [], "none of the tree's decision-node columns"),
        ("root,R,x\nL,,1\nR,L,high\n", ["--covariate", "u11=x"], "column 'x', row 2: the "
         "covariate needs a number, got 'high'"),
        ("root,R\nL,L\n", [], "column 'R', row 1: a choice at 'R', but the play did not reach it"),
        ("root,R\nL,\n", ["--covariate", "u11=x"], "no covariate column 'x'"),
        ("root,R\nL,\n", ["--covariate", "u14=x"], "not free"),
    ],
)  # fmt: skip
def test_bad_data_is_refused_naming_file_column_and_row(
    tmp_path: Path, csv: str, args: list[str], message: str
) -> None:
    path = _write(tmp_path, csv)
    result = CliRunner().invoke(cli, ["fit", EGAME12, path, "--free", "u11", *args])
    assert result.exit_code == 1, result.output
    assert message in result.output
    assert "Traceback" not in result.output


def test_bad_requests_are_refused(tmp_path: Path) -> None:
    path = _write(tmp_path, "root,R\nL,\n")
    runner = CliRunner()
    result = runner.invoke(cli, ["fit", EGAME12, path, "--free", "nope"])
    assert result.exit_code == 1 and "'nope' is not a parameter" in result.output
    result = runner.invoke(cli, ["fit", EGAME12, path, "--lambda", "0.5"])
    assert result.exit_code == 1 and "nothing to estimate" in result.output
    result = runner.invoke(cli, ["fit", EGAME12, str(tmp_path / "missing.csv"), "--free", "u11"])
    assert result.exit_code == 1 and "no such file" in result.output
    result = runner.invoke(cli, ["fit", "matching_pennies", path, "--lambda", "free"])
    assert result.exit_code == 1 and "no column 'Matcher'" in result.output


def test_prepare_data_reads_a_frame_without_a_file() -> None:
    with pytest.raises(ScenarioError, match="data: column 'Row', row 1: unknown action"):
        prepare_data(load_scenario(PENNIES), pd.DataFrame({"Row": ["Up"], "Column": ["Heads"]}))


def test_fit_and_qre_json_validate_against_the_published_schemas() -> None:
    """docs/schema/fit.json and the logit-qre variant of solve.json accept the outputs."""
    jsonschema = pytest.importorskip("jsonschema")
    root = Path(__file__).resolve().parents[2]
    runs = {
        "fit": ["fit", "detainer_liability", str(root / "docs/examples/county_detainers.csv"),
                "--free", "tau", "--covariate", "tau=foreign_born", "--format", "json"],
        "solve": ["solve", "trust_game", "--method", "logit-qre", "--lambda", "2", "--trace",
                  "--format", "json"],
    }  # fmt: skip
    for command, args in runs.items():
        schema = json.loads((root / "docs/schema" / f"{command}.json").read_text())
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        record = json.loads(result.output)
        validator = jsonschema.validators.validator_for(schema)(schema)
        assert validator.is_valid(record), command
        _twins_have_exact_bases(record)
        del record["exact"]
        assert not validator.is_valid(record), command


def _twins_have_exact_bases(node: object) -> None:
    """docs/reference/json.md: an ``x_float`` key is the float twin of an exact ``x``."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key.endswith("_float"):
                assert isinstance(node.get(key[: -len("_float")]), str), key
            _twins_have_exact_bases(value)
    elif isinstance(node, list):
        for value in node:
            _twins_have_exact_bases(value)
