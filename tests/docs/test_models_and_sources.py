"""docs/explanation/models-and-sources.md covers every bundled scenario, and links to it resolve.

* every ``games/*.toml`` has a section ``### ... (`name`)`` with the four parts (model,
  assumptions, sources, worked values);
* the section names every source key of the scenario's ``[[sources]]`` and states every declared
  assumption (compared without spaces, ``*`` and backticks: ``2*R > T + S`` is ``2R > T + S``);
* every link ``models-and-sources.md#anchor`` in the docs and the README points to a heading of the
  page (GitHub's anchor rule: lower case, punctuation dropped, spaces to hyphens).

The scenario files are read with tomllib, so the test does not depend on the package layout.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "explanation" / "models-and-sources.md"
TEXT = PAGE.read_text(encoding="utf-8")
SCENARIOS = sorted((ROOT / "games").glob("*.toml"))
SECTION = re.compile(r"^### [^\n]*\(`(\w+)`\)\n(.*?)(?=^##)", re.M | re.S)
SECTIONS = {m.group(1): m.group(2) for m in SECTION.finditer(TEXT + "\n##")}
PARTS = ("**Model.**", "**Assumptions.**", "**Sources.**", "**Worked values")


def _anchor(heading: str) -> str:
    text = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return text.replace(" ", "-")


def _squash(text: str) -> str:
    return re.sub(r"[\s*`]", "", text)


def test_sections_are_found() -> None:
    # the parser finds the sections, so the tests below can fail
    assert "hennepin_drawdown" in SECTIONS and "ultimatum" in SECTIONS
    assert "Kreps" in SECTIONS["trust_game"]


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_every_scenario_has_a_complete_section(path: Path) -> None:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    name = data["name"]
    assert name in SECTIONS, f"{PAGE.name}: no section for {name}"
    section = SECTIONS[name]
    for part in PARTS:
        assert part in section, f"{PAGE.name}, {name}: no {part}"
    for source in data.get("sources", []):
        assert source["key"] in section, f"{PAGE.name}, {name}: source {source['key']} not named"
    assumptions = section.split("**Assumptions.**", 1)[1].split("**Sources.**", 1)[0]
    for assumption in data.get("assumptions", []):
        assert _squash(assumption) in _squash(assumptions), (
            f"{PAGE.name}, {name}: assumption {assumption!r} not stated"
        )


def test_no_section_without_a_scenario() -> None:
    names = {p.stem for p in SCENARIOS}
    assert set(SECTIONS) <= names, set(SECTIONS) - names


def test_links_to_the_page_resolve() -> None:
    anchors = {_anchor(h) for h in re.findall(r"^#{1,6} (.*)$", TEXT, re.M)}
    links = []
    for page in [ROOT / "README.md", *(ROOT / "docs").rglob("*.md")]:
        text = page.read_text(encoding="utf-8")
        links += [(page, a) for a in re.findall(r"models-and-sources\.md#([\w-]+)", text)]
    assert len(links) >= 14, "every scenario page links to its section"
    bad = [f"{p.relative_to(ROOT)}: #{a}" for p, a in links if a not in anchors]
    assert not bad, "links to missing sections:\n" + "\n".join(bad)
