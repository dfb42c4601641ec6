"""``fedlocal handout``: the seminar handout compiles with plain pdflatex, without overfull boxes,
as an article and as a beamer deck, and carries each part the issue asks for."""

from __future__ import annotations

import importlib.util
import re
import shutil
import sys
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
    """The issue's acceptance command: `fedlocal handout hennepin_drawdown -o h.pdf`, with its
    figure (the regime map) when matplotlib is installed."""
    out = tmp_path / "h.pdf"
    result = CliRunner().invoke(cli, ["handout", "hennepin_drawdown", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")
    log = out.with_suffix(".log")
    assert not _overfull(log)
    if importlib.util.find_spec("matplotlib") is not None:
        assert "hennepin_drawdown-figure.pdf" in log.read_text(errors="replace")


BUNDLED = sorted(p.stem for p in (Path(__file__).resolve().parents[2] / "games").glob("*.toml"))

#: One of each shape (a game, trees with chance and with three players, model kinds), article
#: and slides: the fast run. The whole catalogue in both forms is the slow test below.
REPRESENTATIVE = [
    ("surge_pd", True),
    ("funding_threat", False),
    ("chain_store", True),
    ("delegation_287g", False),
    ("delegation_287g", True),
    ("pep_bargaining", False),
]


@pytest.fixture(scope="module")
def stand_in_figure(tmp_path_factory: pytest.TempPathFactory) -> bytes | None:
    """A real figure PDF drawn once (delegation's comparison chart), to stand in for each
    scenario's own: the layout is what these tests check, not the drawing."""
    if importlib.util.find_spec("matplotlib") is None:
        return None
    from gametheory.teaching.figure import handout_figure

    sc = load_scenario("delegation_287g")
    path = tmp_path_factory.mktemp("figure") / "f.pdf"
    assert handout_figure(sc, sc.values({}), path) is not None
    return path.read_bytes()


def _compile(
    name: str, slides: bool, figure: bytes | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gametheory.teaching import figure as module

    def handout_figure(scenario, values, path):  # the stand-in, or no figure
        if figure is None:
            return None
        path.write_bytes(figure)
        return "A stand-in figure."

    monkeypatch.setattr(module, "handout_figure", handout_figure)
    out = tmp_path / f"{name}.pdf"
    args = ["handout", name, "-o", str(out)] + (["--slides"] if slides else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert not _overfull(out.with_suffix(".log")), _overfull(out.with_suffix(".log"))


@needs_tex
@pytest.mark.parametrize(
    ("name", "slides"),
    REPRESENTATIVE,
    ids=[f"{n}-{'slides' if s else 'article'}" for n, s in REPRESENTATIVE],
)
def test_handouts_compile_without_overfull_boxes(
    name: str,
    slides: bool,
    stand_in_figure: bytes | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _compile(name, slides, stand_in_figure, tmp_path, monkeypatch)


@pytest.mark.slow
@needs_tex
@pytest.mark.parametrize("name", BUNDLED)
@pytest.mark.parametrize("slides", [False, True], ids=["article", "slides"])
def test_every_bundled_handout_compiles(
    name: str,
    slides: bool,
    stand_in_figure: bytes | None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _compile(name, slides, stand_in_figure, tmp_path, monkeypatch)


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
    """The figure the teaching module draws is included and written beside the .tex."""
    from gametheory.teaching import figure

    def handout_figure(scenario, values, path):
        path.write_bytes(b"%PDF-1.4 stand-in")
        return f"the figure of {scenario.name}"

    monkeypatch.setattr(figure, "handout_figure", handout_figure)
    out = tmp_path / "pd.tex"
    result = CliRunner().invoke(cli, ["handout", "prisoners_dilemma", "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert r"\includegraphics" in out.read_text() and "the figure of prisoners" in out.read_text()
    assert (tmp_path / "prisoners_dilemma-figure.pdf").exists()


def test_no_figure_without_the_plot_module(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without matplotlib (the plot extra) there is no figure and no complaint."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    h = handout_tex(load_scenario("prisoners_dilemma"))
    assert r"\includegraphics" not in h.tex and "Figure" not in h.tex and not h.notes


@pytest.mark.parametrize(
    ("name", "picture"),
    [
        ("hennepin_drawdown", "Which deal the repeated relationship sustains"),  # regime map
        ("surge_pd", "subgame-perfect equilibria"),  # payoff sets
        ("delegation_287g", "The regimes compared"),  # a model: levels by regime
    ],
)
def test_the_figure_fits_the_scenario(name: str, picture: str) -> None:
    pytest.importorskip("matplotlib")
    h = handout_tex(load_scenario(name))
    assert picture in h.tex
    (asset,) = h.assets.values()
    assert asset.startswith(b"%PDF")


def test_model_handouts_use_the_one_interface() -> None:
    """A model kind's handout: its description, its solve and derive tables, the comparison."""
    tex = handout_tex(load_scenario("delegation_287g")).tex
    for part in ("The model", "Results at these values", "Regimes compared"):
        assert rf"\section*{{{part}}}" in tex
    assert "share~of~localities~3/10" in tex  # solve (a listing): the unenforceable regime
    tex = handout_tex(load_scenario("pep_bargaining"), slides=True).tex
    assert r"\begin{frame}[allowframebreaks]{Derivation}" in tex


def test_bad_output_name(tmp_path: Path) -> None:
    result = CliRunner().invoke(cli, ["handout", "surge_pd", "-o", str(tmp_path / "h.docx")])
    assert result.exit_code == 1 and "expected a file name ending in .tex or .pdf" in result.output
