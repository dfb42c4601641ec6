"""Estimation for strategic-form games of three or more players (issue 18).

The model is the logit QRE of the N-player game (McKelvey and Palfrey 1995, section 2, for any
finite number of players): each player's choice probabilities are the logit response to the
expected payoffs under the others' QRE probabilities, and observed choices are independent given
the QRE. The scenario is the bundled ``federal_three_counties`` (one agency, three counties with
refusal spillovers).
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

import gametheory.estimation.nplayer as nplayer_module
from gametheory.cli.main import cli
from gametheory.estimation import QREModel, choice_columns, fit, prepare_data, simulate_data
from gametheory.exceptions import ScenarioError
from gametheory.scenario import load_scenario

NAME = "federal_three_counties"
PLAYERS = ("Federal", "County_A", "County_B", "County_C")


@pytest.fixture(scope="module")
def scenario():  # type: ignore[no-untyped-def]
    return load_scenario(NAME)


def _logit_fixed_point_gap(scenario, values: dict[str, float], lam: float, probs) -> float:  # type: ignore[no-untyped-def]
    """Brute-force oracle: max |p_i - logit(lam * U_i(p_-i))| from the payoff table itself."""
    game = scenario.model[1].subs(scenario.values(values))
    n = game.n_players
    gap = 0.0
    for i in range(n):
        u = np.zeros(game.shape[i])
        for profile in itertools.product(*(range(k) for k in game.shape)):
            weight = np.prod([probs[j][profile[j]] for j in range(n) if j != i])
            u[profile[i]] += weight * float(game.payoff(profile)[i])
        z = np.exp(lam * (u - u.max()))
        gap = max(gap, float(np.abs(probs[i] - z / z.sum()).max()))
    return gap


def test_choice_columns_are_the_players(scenario) -> None:  # type: ignore[no-untyped-def]
    assert choice_columns(scenario) == PLAYERS
    d = simulate_data(scenario, 7, seed=0)
    assert list(d.columns) == list(PLAYERS) and len(d) == 7
    assert d.equals(simulate_data(scenario, 7, seed=0))
    assert set(d["Federal"]) <= {"Reimburse", "Pressure"}
    assert set(d["County_B"]) <= {"Honor", "Decline"}


@settings(max_examples=8, deadline=None)
@given(
    s=st.floats(0, 3),
    c=st.floats(0, 3),
    lam=st.floats(0, 3),
)
def test_probabilities_are_the_logit_qre(s: float, c: float, lam: float) -> None:
    """The model's probabilities are a logit fixed point of the N-player game (brute force)."""
    sc = load_scenario(NAME)
    model = QREModel(sc, ["s", "c"], lam=lam)
    probs = model.probabilities(np.array([s, c]), {}, 1)
    profile = [probs[p][:, 0] for p in PLAYERS]
    for p in profile:
        assert p.sum() == pytest.approx(1.0) and (p > 0).all()
    assert _logit_fixed_point_gap(sc, {"s": s, "c": c}, lam, profile) < 1e-8


def test_lambda_zero_is_uniform(scenario) -> None:  # type: ignore[no-untyped-def]
    model = QREModel(scenario, ["s"], lam=0.0)
    probs = model.probabilities(np.array([1.0]), {}, 3)
    for p in PLAYERS:
        np.testing.assert_allclose(probs[p], 0.5)


def test_fit_recovers_spillover_and_lambda(scenario) -> None:  # type: ignore[no-untyped-def]
    """s and lambda jointly (the two distinct QRE marginals identify them)."""
    data = simulate_data(scenario, 1500, seed=7, lam=1.2, coefficients={"s": 0.8})
    r = fit(scenario, data, free=["s"], lam="free")
    assert r.names == ("s", "lambda") and r.converged and r.n == 1500
    for name, truth in (("s", 0.8), ("lambda", 1.2)):
        lo, hi = r.confint(name)
        assert lo < truth < hi, (name, r.estimate(name), r.se(name))
        assert r.se(name) < 0.25
    assert not r.diagnostics
    # The fitted probabilities are the QRE at the estimates, checked against the brute force.
    row = r.predictions.iloc[0]
    profile = [np.array([row[f"P({p}={a})"] for a in r.model.actions[p]]) for p in PLAYERS]
    gap = _logit_fixed_point_gap(scenario, {"s": r.estimate("s")}, r.lam, profile)
    assert gap < 1e-8


def test_fit_recovers_a_cost_linear_in_a_covariate(scenario) -> None:  # type: ignore[no-untyped-def]
    rng = np.random.default_rng(3)
    urban = rng.integers(0, 2, 800).astype(float)
    truth = {"c[const]": 0.5, "c[urban]": 1.0}
    data = simulate_data(scenario, 800, seed=4, coefficients=truth, covariates={"urban": urban})
    r = fit(scenario, data, free=["c"], covariates={"c": ["urban"]})
    assert r.names == ("c[const]", "c[urban]")
    for name, value in truth.items():
        lo, hi = r.confint(name)
        assert lo < value < hi, (name, r.estimate(name), r.se(name))
    # Urban counties honor less (their cost is higher): the profiles show it.
    prof = r.profiles.set_index("urban")
    assert prof.loc[1.0, "P(County_A=Honor)"] < prof.loc[0.0, "P(County_A=Honor)"]
    predicted = r.predict({"urban": 1.0})
    assert predicted["County_A"]["Honor"] == pytest.approx(prof.loc[1.0, "P(County_A=Honor)"])


def test_unidentified_pair_is_reported(scenario) -> None:  # type: ignore[no-untyped-def]
    """With no covariates the symmetric QRE gives two marginals: s, c and lambda together are
    not identified, and the fit says so instead of reporting tight intervals."""
    data = simulate_data(scenario, 300, seed=2, coefficients={"s": 1.0})
    r = fit(scenario, data, free=["s", "c"], lam="free")
    assert r.diagnostics
    assert not all(np.isfinite(r.se(n)) and r.se(n) < 1 for n in ("s", "c"))


def test_cli_fit(tmp_path: Path) -> None:
    path = tmp_path / "counties.csv"
    simulate_data(NAME, 600, seed=5, coefficients={"s": 1.0}).to_csv(path, index=False)
    result = CliRunner().invoke(cli, ["fit", NAME, str(path), "--free", "s", "--format", "json"])
    assert result.exit_code == 0, result.output
    record = json.loads(result.output)
    assert record["data"]["observations"] == 600
    (coef,) = record["coefficients"]
    assert coef["name"] == "s"
    assert abs(coef["estimate"] - 1.0) < 2.6 * coef["se"]
    table = CliRunner().invoke(cli, ["fit", NAME, str(path), "--free", "s"])
    assert table.exit_code == 0 and "P(County_C=Honor)" in table.output
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads((Path(__file__).resolve().parents[2] / "docs/schema/fit.json").read_text())
    assert jsonschema.validators.validator_for(schema)(schema).is_valid(record)


def test_cli_bad_action_names_file_column_row(tmp_path: Path) -> None:
    frame = simulate_data(NAME, 10, seed=1)
    frame.loc[3, "County_B"] = "Maybe"
    path = tmp_path / "bad.csv"
    frame.to_csv(path, index=False)
    result = CliRunner().invoke(cli, ["fit", NAME, str(path), "--free", "s"])
    assert result.exit_code == 1
    assert f"{path}: column 'County_B', row 4: unknown action 'Maybe'" in result.output
    assert "Honor, Decline" in result.output and "Traceback" not in result.output


def test_missing_player_column(scenario) -> None:  # type: ignore[no-untyped-def]
    frame = simulate_data(scenario, 5, seed=1).drop(columns=["County_C"])
    with pytest.raises(ScenarioError, match="no column 'County_C'"):
        prepare_data(scenario, frame)
    with pytest.raises(ScenarioError, match="no column 'County_C'"):
        fit(scenario, pd.DataFrame(frame), free=["s"])


@pytest.mark.slow
def test_intervals_cover_at_about_the_nominal_rate(scenario) -> None:  # type: ignore[no-untyped-def]
    """200 simulated data sets: the 95% interval of s covers the truth 95% of the time; the
    count of misses is Binomial(200, 0.05): mean 10, P(misses < 2) and P(misses > 22) both
    below 0.001 (4 misses here)."""
    misses = 0
    for seed in range(200):
        data = simulate_data(scenario, 300, seed=seed, coefficients={"s": 1.0})
        lo, hi = fit(scenario, data, free=["s"]).confint("s")
        misses += not lo < 1.0 < hi
    assert 2 <= misses <= 22, misses


def test_warm_start_gives_the_traced_qre(scenario) -> None:  # type: ignore[no-untyped-def]
    """After a first evaluation the QRE is found from the previous one (``start=``); it is the
    same QRE as traced from lambda = 0 in a fresh model."""
    urban = np.array([0.0, 1.0, 1.0, 0.0])
    warm = QREModel(scenario, ["c"], {"c": ["urban"]}, lam=1.5)
    warm.probabilities(np.array([0.2, 0.5]), {"urban": urban}, 4)
    theta = np.array([0.6, 1.1])
    got = warm.probabilities(theta, {"urban": urban}, 4)
    assert warm.nplayer is not None and len(warm.nplayer._starts) == 2
    cold = QREModel(scenario, ["c"], {"c": ["urban"]}, lam=1.5).probabilities(
        theta, {"urban": urban}, 4
    )
    for p in PLAYERS:
        np.testing.assert_allclose(got[p], cold[p], atol=1e-10)
    np.testing.assert_allclose(got["County_A"][:, 0], got["County_A"][:, 3])
    assert not np.allclose(got["County_A"][:, 0], got["County_A"][:, 1])


def test_nearby_coefficients_reuse_the_previous_qre(scenario, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A small step of the coefficients (as in the optimiser) needs no continuation steps."""
    diagnostics = []
    solve = nplayer_module.logit_qre

    def spy(*args, **kwargs):  # type: ignore[no-untyped-def]
        result = solve(*args, **kwargs)
        diagnostics.append(result.diagnostics)
        return result

    monkeypatch.setattr(nplayer_module, "logit_qre", spy)
    model = QREModel(scenario, ["s"], lam=1.0)
    model.probabilities(np.array([1.0]), {}, 2)
    model.probabilities(np.array([1.001]), {}, 2)
    assert [d["warm_start"] for d in diagnostics] == [False, True]
    assert diagnostics[0]["continuation_steps"] > 0 == diagnostics[1]["continuation_steps"]
