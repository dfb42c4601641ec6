"""``fedlocal handout``: the seminar handout compiles with plain pdflatex, without overfull boxes,
as an article and as a beamer deck, and carries each part the issue asks for."""

from __future__ import annotations

import re
import shutil
import sys
import types
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import load_scenario
from gametheory.cli.main import cli
from gametheory.teaching.handout import handout_tex

PDFLATEX = shutil.which("pdflatex")
needs_tex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")


def _overfull(log: Path) -> list[str]:
    return re.findall(r"^Overfull \\[hv]box.*$", log.read_text(errors="replace"), re.M)


@needs_tex
def test_hennepin_handout_pdf(tmp_path: Path) -> None:
    """The issue's acceptance command: `fedlocal handout hennepin_drawdown -o h.pdf`."""
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(cli, ["handout", "hennepin_drawdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    assert not _overfull(out.with_suffix(".log"))


@needs_tex
@pytest.mark.parametrize(
    "name",
    [
        "surge_pd",
        "funding_threat",
        "chain_store",
        "warrant_screening",
        "detainer_liability",
        "jail_access_commitment",
        "battle_of_the_sexes",
        # delegation_287g: the handout of a model kind is not built yet (issue 14)
    ],
)
@pytest.mark.parametrize("slides", [False, True], ids=["article", "slides"])
def test_handouts_compile_without_overfull_boxes(name: str, slides: bool, tmp_path: Path) -> None:
    out = tmp_path / f"{name}.pdf"
    args = ["handout", name, "-o", str(out)] + (["--slides"] if slides else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert not _overfull(out.with_suffix(".log")), _overfull(out.with_suffix(".log"))


def test_handout_parts() -> None:
    tex = handout_tex(load_scenario("hennepin_drawdown")).tex
    for part in (
        "The story",
        "Sources",
        "Parameters",
        "The game tree",
        "Derivation",
        "Regimes compared",
        "Equilibria at these values",
    ):
        assert rf"\section*{{{part}}}" in tex
    assert "illustrative" in tex  # provenance
    assert "MetroSurge" in tex  # a source key
    assert r"\begin{tikzpicture}" in tex
    # The derivation is simplified: the SPE outcome Cooperate -> Honor and its condition.
    assert r"h x \ge e + \lambda + \tau" in tex
    assert "&" not in tex.split("Derivation", 1)[1].split("Regimes", 1)[0]
    slides = handout_tex(load_scenario("surge_pd"), slides=True).tex
    assert slides.startswith(r"\documentclass{beamer}") and r"\begin{frame}" in slides


def test_set_values_reach_the_handout() -> None:
    tex = handout_tex(load_scenario("prisoners_dilemma"), {"T": "6"}).tex
    assert "$6$" in tex


def test_figure_hook(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """With a plotting module that offers `handout_figure`, the figure is included and written
    beside the .tex; without one (the usual case here) there is no figure section."""
    pytest.importorskip("matplotlib")
    plot = types.ModuleType("gametheory.plot")

    def handout_figure(scenario, values, path):
        path.write_bytes(b"%PDF-1.4 stand-in")
        return f"the figure of {scenario.name}"

    plot.handout_figure = handout_figure  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gametheory.plot", plot)
    import gametheory

    monkeypatch.setattr(gametheory, "plot", plot, raising=False)
    out = tmp_path / "pd.tex"
    result = CliRunner().invoke(cli, ["handout", "prisoners_dilemma", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert r"\includegraphics" in out.read_text() and "the figure of prisoners" in out.read_text()
    assert (tmp_path / "prisoners_dilemma-figure.pdf").exists()


def test_no_figure_without_the_plot_module(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "gametheory.plot", None)
    assert r"\includegraphics" not in handout_tex(load_scenario("prisoners_dilemma")).tex


def test_bad_output_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["handout", "surge_pd", "-o", str(tmp_path / "h.docx")])
    assert result.exit_code == 1 and "expected a file name ending in .tex or .pdf" in result.output
