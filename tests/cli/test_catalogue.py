"""The scenario catalogue: every source-grounded program works through every command.

The catalogue issue's done-when: `fedlocal games` lists the fourteen source-grounded scenarios of
the catalogue plus the classics, and each one's docs page, `show`, its solving command and
`compare` work (the values themselves are tested per model in tests/unit/).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import bundled_scenarios, load_scenario
from gametheory.cli.main import cli

ROOT = Path(__file__).resolve().parents[2]

#: One scenario per program or episode in the source articles (docs/scenarios/index.md).
SOURCE_GROUNDED = (
    "hennepin_drawdown",  # 5.1
    "surge_pd",  # 5.2
    "detainer_liability",  # 5.3
    "securecomm_vs_pep",  # 5.4
    "warrant_screening",  # 5.5
    "funding_threat",  # 5.6
    "naming_escalation",  # 5.7
    "sanctuary_chain_store",  # 5.8
    "drawdown_reputation",  # 5.9
    "jail_access_commitment",  # 5.10
    "pep_bargaining",  # 5.11
    "sanctuary_diffusion",  # 5.12
    "assurance_cheap_talk",  # 5.13
    "delegation_287g",  # 5.14
)

CLASSICS = (
    "prisoners_dilemma",
    "chicken",
    "battle_of_the_sexes",
    "matching_pennies",
    "stag_hunt",
    "trust_game",
    "chain_store",
    "ultimatum",
)


def run(*args: str):
    return CliRunner().invoke(cli, list(args), prog_name="fedlocal")


def test_games_lists_the_catalogue_and_the_classics() -> None:
    out = run("games").output
    listed = {line.split()[0] for line in out.splitlines()}
    assert set(SOURCE_GROUNDED) | set(CLASSICS) <= listed
    tagged = {n for n in bundled_scenarios() if "source-grounded" in load_scenario(n).tags}
    assert tagged == set(SOURCE_GROUNDED)


@pytest.mark.parametrize("name", SOURCE_GROUNDED)
def test_every_command_works(name: str) -> None:
    sc = load_scenario(name)
    assert sc.sources, f"{name} cites no source"
    for p in sc.parameters:  # provenance notes for anything not illustrative
        assert p.provenance == "illustrative" or p.source, (name, p.name)
    for command in ("show", "solve", "compare"):
        result = run(command, name)
        assert result.exit_code == 0, (command, name, result.output)
        assert result.output.strip()
        data = json.loads(run(command, name, "--format", "json").output)
        assert data["schema_version"] == 1
    comparison = json.loads(run("compare", name, "--format", "json").output)
    kinds = {r["regime"] for r in comparison["regimes"]}
    assert len(kinds) >= 2, (name, kinds)  # at least two regimes side by side
    assert all(r["sentence"] for r in comparison["regimes"])


@pytest.mark.parametrize("name", SOURCE_GROUNDED)
def test_every_scenario_has_a_docs_page(name: str) -> None:
    page = ROOT / "docs" / "scenarios" / f"{name}.md"
    text = page.read_text(encoding="utf-8")
    assert f"fedlocal compare {name}" in text or "compare_regimes" in text, name
    assert "S0" in text or "S1" in text or "S2" in text or "S3" in text or "S4" in text, name
    index = (ROOT / "docs" / "scenarios" / "index.md").read_text(encoding="utf-8")
    assert f"`{name}`" in index and f"({name}.md)" in index
