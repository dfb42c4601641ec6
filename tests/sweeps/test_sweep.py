"""Sweeps: exact grids, tidy rows, ties, the CLI and the done-when of issue 13.

Worked values of hennepin_drawdown (docs/scenarios/hennepin_drawdown.md, derived on the page):
the binding drawdown is x_E = 3/8, no deal is self-enforcing below delta = 1/2 (delta_any_deal),
between 1/2 and 3/4 the best self-enforcing drawdown is xbar(delta) = delta/2 (so 3/10 at 3/5),
and from delta_enforceable_deal = 3/4 on the binding deal 3/8 is self-enforcing.
"""

from __future__ import annotations

import json
from fractions import Fraction

import pytest
from click.testing import CliRunner

from gametheory import load_scenario, sweep
from gametheory.cli.main import cli
from gametheory.exceptions import GameTheoryError
from gametheory.sweeps import GridError, parse_grid, parse_grid_value

F = Fraction


def test_range_points_are_exact() -> None:
    assert parse_grid_value("delta", "0:1:11") == tuple(F(k, 10) for k in range(11))
    pts = parse_grid_value("delta", "0:0.99:100")
    assert len(pts) == 100 and pts[60] == F(3, 5) and pts[-1] == F(99, 100)


def test_lists_and_several_names_keep_order() -> None:
    g = parse_grid(["delta=9/10,1/2", "phi=0:1:3"])
    assert list(g) == ["delta", "phi"]
    assert g["delta"] == (F(9, 10), F(1, 2)) and g["phi"] == (0, F(1, 2), 1)


@pytest.mark.parametrize(
    "entry", ["delta", "delta=0:1", "delta=1:0:3", "delta=0:1:0", "delta=a,b", "delta=sqrt(2)"]
)
def test_bad_grids_are_refused_in_one_line(entry: str) -> None:
    with pytest.raises(GridError, match="--grid"):
        parse_grid([entry])


def test_unknown_name_and_domain_are_refused() -> None:
    sc = load_scenario("surge_pd")
    with pytest.raises(GameTheoryError, match="no parameter 'zz'"):
        sweep(sc, ["zz=1"])
    with pytest.raises(GameTheoryError, match="--grid g"):
        sweep(sc, ["g=0,1"])


def _se(df):  # the self-enforcing rows
    return df[df.regime == "self-enforcing"]


def test_compare_sweep_of_the_drawdown_is_exact() -> None:
    df = sweep(load_scenario("hennepin_drawdown"), ["delta=0:0.99:100"], "compare")
    assert len(df) == 400  # four regimes at each of 100 points
    se = _se(df)
    level = dict(zip(se.delta, se.level, strict=True))
    assert level["3/5"] == "3/10"
    for d, lv in level.items():
        delta = F(d)
        if delta < F(1, 2):
            assert lv is None
        elif delta < F(3, 4):
            assert F(lv) == delta / 2
        else:
            assert lv == "3/8"
    assert list(df.columns[:2]) == ["delta", "delta_float"]
    assert (df.level_float.dropna() == [float(F(v)) for v in df.level.dropna()]).all()


def test_fast_path_equals_per_point_at_fixed_points() -> None:
    sc = load_scenario("hennepin_drawdown")
    grid = ["delta=1/3,1/2,3/5,3/4,9/10", "rho=0,1/10"]
    fast = sweep(sc, grid, "compare")
    slow = sweep(sc, grid, "compare", fast=False)
    assert fast.equals(slow)


def test_ties_report_every_equilibrium() -> None:
    # Chicken has three equilibria (two pure, one mixed; Osborne 2004, sec. 3.1): all reported.
    df = sweep(load_scenario("chicken"), {"c": ["1", "2"]}, "solve")
    assert list(df.groupby("c", sort=False).size()) == [3, 3]


def test_every_row_has_float_twins_of_exact_columns() -> None:
    df = sweep(load_scenario("warrant_screening"), ["k=1/4,1/2"], "solve")
    for column in df.columns:
        if column.endswith("_float"):
            exact = column[: -len("_float")]
            for text, value in zip(df[exact], df[column], strict=True):
                assert (text is None and value != value) or float(F(text)) == value


CSV_DONE_WHEN = ["sweep", "hennepin_drawdown", "--grid", "delta=0:0.99:100", "--what", "compare"]


def test_cli_done_when_csv() -> None:
    """Issue 13: the best self-enforcing drawdown exactly at every delta."""
    import csv
    import io

    result = CliRunner().invoke(cli, [*CSV_DONE_WHEN, "--format", "csv"])
    assert result.exit_code == 0, result.output
    rows = [
        r for r in csv.DictReader(io.StringIO(result.output)) if r["regime"] == "self-enforcing"
    ]
    assert len(rows) == 100
    by_delta = {F(r["delta"]): r for r in rows}
    assert by_delta[F(3, 5)]["level"] == "3/10"
    assert by_delta[F(3, 5)]["outcome"] == "deal at x = 3/10"
    for delta, r in by_delta.items():
        if delta < F(1, 2):  # below delta_any_deal: no self-enforcing deal
            assert r["level"] == "" and r["outcome"] == "no deal"
        elif delta >= F(3, 4):  # the binding deal wherever it is self-enforcing
            assert r["level"] == "3/8"
        else:
            assert F(r["level"]) == delta / 2 and F(1, 4) <= F(r["level"]) < F(3, 8)


def test_cli_json_and_output_file(tmp_path) -> None:
    out = tmp_path / "s.json"
    result = CliRunner().invoke(
        cli, ["sweep", "surge_pd", "--grid", "g=1,2", "--format", "json", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text())
    assert record["schema_version"] == 1 and record["command"] == "sweep"
    assert [r["g"] for r in record["rows"]] == ["1", "2"]
    assert record["rows"][0]["g_float"] == 1.0


def test_cli_errors_are_one_line() -> None:
    result = CliRunner().invoke(cli, ["sweep", "surge_pd", "--grid", "g=1:2"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "--grid g=1:2" in result.output


def test_parquet_round_trip(tmp_path) -> None:
    # pyarrow is in the test extra, so this runs in CI (never skipped).
    import pandas as pd

    out = tmp_path / "s.parquet"
    result = CliRunner().invoke(
        cli, ["sweep", "surge_pd", "--grid", "g=1,2", "--format", "parquet", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    df = pd.read_parquet(out)
    assert list(df.g) == ["1", "2"]


def test_jobs_give_the_same_rows() -> None:
    sc = load_scenario("surge_pd")
    grid = ["g=1:3:3", "h=1,2"]
    assert sweep(sc, grid, jobs=2).equals(sweep(sc, grid))


def test_dask_local_cluster_gives_identical_output() -> None:
    distributed = pytest.importorskip("dask.distributed")
    sc = load_scenario("surge_pd")
    grid = ["g=1:3:3", "h=1,2"]
    with distributed.LocalCluster(
        n_workers=1, threads_per_worker=2, processes=False, dashboard_address=None
    ) as cluster:
        remote = sweep(sc, grid, scheduler=cluster.scheduler_address)
    assert remote.equals(sweep(sc, grid))
