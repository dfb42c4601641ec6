"""fedlocal export: Gambit .nfg/.efg, scenario TOML and JSON, round trips, atomic files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import bundled_scenarios, load_scenario, solve
from gametheory.cli.main import cli
from gametheory.io import read_efg, read_nfg
from gametheory.model.strategic_form import reduced_strategic_form
from gametheory.scenario import scenario_from_toml


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="fedlocal")


@pytest.mark.parametrize("name", bundled_scenarios())
def test_toml_round_trip(name: str) -> None:
    """Exporting to TOML and loading again gives the same scenario (formulas stay symbolic)."""
    original = load_scenario(name)
    back = scenario_from_toml(run("export", name, "--to", "toml").output, name=name)
    assert (back.game, back.tree, back.parameters, back.assumptions, back.sources) == (
        original.game,
        original.tree,
        original.parameters,
        original.assumptions,
        original.sources,
    )
    # The [repeated], [compare] and model sections come back too.
    assert (back.repeated, back.compare) == (original.repeated, original.compare)
    assert [k for k, _ in back.sections] == [k for k, _ in original.sections]
    if original.model is not None:
        assert back.model is not None and back.model[0] == original.model[0]
        assert back.model[1] == original.model[1]


def test_nfg_of_a_tree_is_its_reduced_strategic_form() -> None:
    sc = load_scenario("hennepin_drawdown")
    game = read_nfg(run("export", "hennepin_drawdown", "--to", "nfg").output)
    assert game.payoffs == sc.game_at().payoffs


def test_efg_round_trip_of_a_tree() -> None:
    sc = load_scenario("funding_threat")
    tree = read_efg(run("export", "funding_threat", "--to", "efg", "--set", "beta=1/4").output)
    expected = sc.tree.subs(sc.values({"beta": "1/4"}))
    assert [n.history for n in tree.preorder()] == [n.history for n in expected.preorder()]
    assert tree.node(("Defy", "Cut")).probabilities == expected.node(("Defy", "Cut")).probabilities
    assert (
        tree.node(("Defy", "Cut", "Upheld")).payoffs
        == expected.node(("Defy", "Cut", "Upheld")).payoffs
    )


def test_efg_of_a_strategic_form_game_has_the_same_equilibria() -> None:
    """The simultaneous-move tree's reduced strategic form is the original game again."""
    tree = read_efg(run("export", "warrant_screening", "--to", "efg").output)
    assert not tree.perfect_information
    game, _ = reduced_strategic_form(tree)
    original = load_scenario("warrant_screening").game_at()
    assert [e.strategies for e in solve(game).equilibria] == [
        e.strategies for e in solve(original).equilibria
    ]


def test_json_export() -> None:
    doc = json.loads(run("export", "surge_pd", "--to", "json").output)
    assert doc["schema_version"] == 1 and doc["scenario"]["name"] == "surge_pd"
    doc = json.loads(run("export", "trust_game", "--to", "json").output)
    assert doc["command"] == "tree" and doc["nodes"][0]["actions"] == ["Trust", "No trust"]


def test_output_file_is_written_whole_or_not_at_all(tmp_path: Path) -> None:
    target = tmp_path / "game.nfg"
    result = run("export", "surge_pd", "--to", "nfg", "-o", str(target))
    assert (
        result.exit_code == 0
        and read_nfg(target.read_text()).payoffs == load_scenario("surge_pd").game_at().payoffs
    )
    bad = tmp_path / "bad.nfg"
    result = run("export", "surge_pd", "--to", "nfg", "--set", "h=-1", "-o", str(bad))
    assert result.exit_code == 1 and not bad.exists()
    assert list(tmp_path.iterdir()) == [target]  # no temporary files left behind


def test_export_errors() -> None:
    result = run("export", "chain_store", "--to", "nfg")
    assert result.exit_code == 1 and "no strategic form" in result.output
    assert run("export", "surge_pd").exit_code == 2  # --to is required
