"""The documentation's example files ship with fedlocal: ``examples/NAME`` works from any folder."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import ScenarioError, load_scenario
from gametheory.cli.main import cli
from gametheory.examples import example_path


def test_examples_resolve_from_an_empty_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert example_path("examples/detainer_pickup.toml").is_file()
    assert load_scenario("examples/detainer_pickup.toml").name == "detainer_pickup"
    assert load_scenario("examples/gambit/e02.nfg").game is not None
    out = CliRunner().invoke(cli, ["validate", "examples/detainer_pickup.toml"])
    assert out.exit_code == 0 and out.output.startswith("ok: examples/detainer_pickup.toml")


def test_a_local_file_comes_first(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "examples").mkdir()
    mine = tmp_path / "examples" / "detainer_pickup.toml"
    mine.write_text(
        example_path("examples/detainer_pickup.toml")
        .read_text()
        .replace('title = "Honor a detainer, pick the person up"', 'title = "mine"')
    )
    assert load_scenario("examples/detainer_pickup.toml").title == "mine"


def test_a_missing_example_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario("examples/nothing_here.toml")
