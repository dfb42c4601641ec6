"""Estimating the statistical ultimatum game (gametheory.estimation.ultimatum, ``fedlocal fit``).

Source: Ramsay and Signorino (2009), "A statistical model of the ultimatum game", and its
estimator ``ultimatum()`` in the R package ``games`` (Kenkel and Signorino 2014, Journal of
Statistical Software 56(8)). The recovery test follows the design of the package's simulation
script simdatault.r: Q = 15, R1 = 5 - 2 x1 + 2 x2 + w1, R2 = 10 + 2 z1 - w1 (the script has four
x's and z's and two w's), s1 = 5, s2 = 1, standard normal covariates; here n = 2000.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.estimation import fit, simulate_data
from gametheory.estimation.report import fit_record, render_fit
from gametheory.estimation.ultimatum import UltimatumModel, prepare_ultimatum_data
from gametheory.exceptions import ScenarioError
from gametheory.kinds.ultimatum_offers import UltimatumPoint, loglik_terms
from gametheory.scenario import load_scenario

DATA = Path(__file__).resolve().parents[1] / "data" / "estimation"
ULTIMATUM = str(DATA / "ultimatum_rs.toml")

#: simdatault.r (R package games), with one x, z and w fewer on each side.
TRUTH = {
    "R1[const]": 5.0,
    "R1[x1]": -2.0,
    "R1[x2]": 2.0,
    "R1[w1]": 1.0,
    "R2[const]": 10.0,
    "R2[z1]": 2.0,
    "R2[w1]": -1.0,
    "s1": 5.0,
    "s2": 1.0,
}
COVARIATES = {"R1": ["x1", "x2", "w1"], "R2": ["z1", "w1"]}


def _simdatault(n: int, seed: int) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    covs = {k: rng.normal(size=n) for k in ("x1", "x2", "z1", "w1")}
    return simulate_data(ULTIMATUM, n, seed=seed, coefficients=TRUTH, covariates=covs)


def test_simdatault_design_is_recovered() -> None:
    """All nine coefficients (the scales included) within 3.5 standard errors at n = 2000."""
    d = _simdatault(2000, seed=2)
    assert 0.05 < (d["offer"] == 0).mean() < 0.3  # the design has a visible lowball atom
    r = fit(ULTIMATUM, d, free=["R1", "R2", "s1", "s2"], covariates=COVARIATES)
    assert r.converged and r.game == "statistical ultimatum" and not r.exact
    assert sorted(r.names) == sorted(TRUTH)
    for name, value in TRUTH.items():
        assert 0 < r.se(name) < 0.5, name
        assert abs(r.estimate(name) - value) < 3.5 * r.se(name), (name, r.estimate(name))


def test_coverage_fast() -> None:
    """Wald 95% intervals of R2 and s1 cover the truth in most of 12 small samples (a binomial
    (12, 0.95) falls below 9 with probability under 0.3%)."""
    hits = {"R2": 0, "s1": 0}
    for seed in range(12):
        d = simulate_data(ULTIMATUM, 300, seed=100 + seed, values={"s1": 5})
        r = fit(ULTIMATUM, d, free=["R2", "s1"])
        for name, truth in (("R2", 10.0), ("s1", 5.0)):
            low, high = r.confint(name)
            hits[name] += low <= truth <= high
    assert hits["R2"] >= 9 and hits["s1"] >= 9, hits


@pytest.mark.slow
def test_coverage_of_the_simdatault_design() -> None:
    """Coverage of every coefficient over 40 samples of 1000: between 80% and 100% each
    (binomial (40, 0.95) is below 32 with probability under 0.1%)."""
    hits = dict.fromkeys(TRUTH, 0)
    for seed in range(40):
        r = fit(ULTIMATUM, _simdatault(1000, 500 + seed), free=["R1", "R2", "s1", "s2"],
                covariates=COVARIATES)  # fmt: skip
        for name, truth in TRUTH.items():
            low, high = r.confint(name)
            hits[name] += low <= truth <= high
    assert all(h >= 32 for h in hits.values()), hits


def test_gradient_of_the_model_matches_finite_differences() -> None:
    """The chain rule through covariates and the formulas (analytic) against central differences
    of the log-likelihood itself."""
    sc = load_scenario(ULTIMATUM)
    d = _simdatault(200, seed=9)
    model = UltimatumModel(sc, ["R1", "R2", "s1", "s2"], COVARIATES)
    obs = prepare_ultimatum_data(model, d)
    theta = np.array([TRUTH[n] for n in model.names]) + 0.1
    grad = model.gradient(theta, obs)
    for k in range(len(theta)):
        step = np.zeros(len(theta))
        step[k] = 1e-6
        num = (model.loglik(theta + step, obs) - model.loglik(theta - step, obs)) / 2e-6
        assert grad[k] == pytest.approx(num, rel=1e-5, abs=1e-4), model.names[k]


def test_offer_only_likelihood_when_acceptance_is_unobserved() -> None:
    """Empty acceptance cells: the package's outcome = "offer" likelihood (offers alone)."""
    sc = load_scenario(ULTIMATUM)
    d = simulate_data(sc, 300, seed=4)
    hidden = d.assign(accept="")
    model = UltimatumModel(sc, ["R1"])
    obs = prepare_ultimatum_data(model, hidden)
    want = loglik_terms(d["offer"].to_numpy(), None, UltimatumPoint(15.0, 5.0, 10.0, 5.0, 1.0))
    assert model.loglik(np.array([5.0]), obs) == pytest.approx(float(want.sum()), rel=1e-12)
    r = fit(sc, hidden, free=["R1"])
    assert abs(r.estimate("R1") - 5) < 3.5 * r.se("R1")


def test_simulate_is_reproducible_and_in_range() -> None:
    a = simulate_data("igsa_per_diem", 50, seed=3)
    assert a.equals(simulate_data("igsa_per_diem", 50, seed=3))
    assert not a.equals(simulate_data("igsa_per_diem", 50, seed=4))
    assert a["offer"].between(0, 15).all() and set(a["accept"]) <= {0, 1}


def test_predictions_and_the_latex_table() -> None:
    d = simulate_data("igsa_per_diem", 400, seed=6)
    r = fit("igsa_per_diem", d, free=["c_bed"])
    pred = r.predict()
    assert set(pred) == {"offer", "accept"}
    assert 0 <= pred["offer"]["y(0)"] <= 15
    assert 0 < pred["accept"]["P(accept)"] < 1
    record = fit_record(r, load_scenario("igsa_per_diem"))
    assert record["lambda"] == {"free": False, "value": None}
    assert len(record["predictions"]["per_observation"]) == 400
    tex = render_fit(record, "latex")
    assert "Statistical ultimatum game estimates" in tex and "c\\_bed" in tex


@pytest.mark.parametrize(
    "kwargs,message",
    [
        ({"free": ["b"]}, "the surplus Q = b is known in the model"),
        ({"free": ["c_bed"], "lam": 2.0}, "--lambda: does not apply"),
        ({"free": []}, "nothing to estimate"),
        ({"free": ["nope"]}, "'nope' is not a parameter"),
        ({"free": ["c_bed"], "covariates": {"c_alt": "z"}}, "which is not free"),
    ],
)
def test_bad_calls_are_refused(kwargs: dict[str, object], message: str) -> None:
    d = simulate_data("igsa_per_diem", 20, seed=1).assign(z=0.0)
    with pytest.raises(ScenarioError, match=message):
        fit("igsa_per_diem", d, **kwargs)  # type: ignore[arg-type]


# -- the command line ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def csv_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rng = np.random.default_rng(5)
    z = rng.normal(size=600)
    d = simulate_data("igsa_per_diem", 600, seed=5,
                      coefficients={"c_bed[const]": 6, "c_bed[z]": 1}, covariates={"z": z})  # fmt: skip
    path = tmp_path_factory.mktemp("ult") / "per_diem.csv"
    d.to_csv(path, index=False)
    return path


def test_fit_command_table_and_json(csv_path: Path) -> None:
    args = ["fit", "igsa_per_diem", str(csv_path), "--free", "c_bed,c_alt", "--covariate",
            "c_bed=z"]  # fmt: skip
    table = CliRunner().invoke(cli, args)
    assert table.exit_code == 0, table.output
    assert "statistical ultimatum game (Ramsay and Signorino 2009)" in table.output
    assert "c_bed[z]" in table.output and "predictions at covariate profiles" in table.output
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["command"] == "fit" and record["game"] == "statistical ultimatum"
    got = {c["name"]: c for c in record["coefficients"]}
    for name, value in {"c_bed[const]": 6.0, "c_bed[z]": 1.0, "c_alt": 11.0}.items():
        assert abs(got[name]["estimate"] - value) < 3.5 * got[name]["se"], name
    assert len(record["predictions"]["at_profiles"]) == 3


def _bad(tmp_path: Path, csv_path: Path, edit: str) -> Path:
    d = pd.read_csv(csv_path, dtype=str)
    if edit == "offer":
        d.loc[4, "offer"] = "15.5"
    elif edit == "negative":
        d.loc[0, "offer"] = "-1"
    elif edit == "accept":
        d.loc[9, "accept"] = "2"
    else:
        d = d.drop(columns=[edit])
    path = tmp_path / f"bad_{edit}.csv"
    d.to_csv(path, index=False)
    return path


@pytest.mark.parametrize(
    "edit,message",
    [
        ("offer", "column 'offer', row 5: the offer must be a number in [0, 15], got '15.5'"),
        ("negative", "column 'offer', row 1: the offer must be a number in [0, 15], got '-1'"),
        ("accept", "column 'accept', row 10: the acceptance must be 1, 0 or empty"),
        ("accept_col", None),
        ("z", "no covariate column 'z'"),
    ],
)
def test_bad_data_is_refused_naming_file_column_and_row(
    tmp_path: Path, csv_path: Path, edit: str, message: str | None
) -> None:
    path = _bad(tmp_path, csv_path, "accept" if edit == "accept_col" else edit)
    if edit == "accept_col":
        d = pd.read_csv(csv_path).drop(columns=["accept"])
        path = tmp_path / "no_accept.csv"
        d.to_csv(path, index=False)
        message = "no column 'accept' (the acceptance"
    result = CliRunner().invoke(
        cli, ["fit", "igsa_per_diem", str(path), "--free", "c_bed", "--covariate", "c_bed=z"]
    )
    assert result.exit_code == 1
    assert "Traceback" not in result.output and result.output.count("\n") == 1
    assert str(path) in result.output and message in result.output, result.output


def test_records_validate_against_the_published_schemas(csv_path: Path) -> None:
    """docs/schema/{fit,solve,derive}.json accept the records of this kind (docs/reference/json.md)."""
    jsonschema = pytest.importorskip("jsonschema")
    schemas = Path(__file__).resolve().parents[2] / "docs" / "schema"
    runs = {
        "fit": ["fit", "igsa_per_diem", str(csv_path), "--free", "c_bed", "--format", "json"],
        "solve": ["solve", "igsa_per_diem", "--format", "json"],
        "derive": ["derive", "igsa_per_diem", "--format", "json"],
    }
    for command, args in runs.items():
        schema = json.loads((schemas / f"{command}.json").read_text())
        record = json.loads(CliRunner().invoke(cli, args).output)
        errors = list(jsonschema.Draft202012Validator(schema).iter_errors(record))
        assert not errors, (command, errors[0].message[:200])
