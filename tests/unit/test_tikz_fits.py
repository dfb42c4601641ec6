"""Tree pictures fit the page: every bundled tree and a 3-action depth-3 tree compile without an
overfull box, with the computed layout alone (the ``\\resizebox`` guard taken out) at the
A4/letter text width of LaTeX's article class, and at a beamer slide's width with ``--width``.

Needs pdflatex with TikZ (Debian: texlive-latex-base, texlive-pictures); skipped without it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import bundled_scenarios, load_scenario
from gametheory.cli.main import cli
from gametheory.report.tikz import estimate_width, parse_length

PDFLATEX = shutil.which("pdflatex")
needs_tex = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")
DATA = Path(__file__).resolve().parents[1] / "data" / "readable"

ARTICLE = r"""\documentclass[a4paper]{article}
\usepackage{amsmath}
\usepackage{tikz}
\begin{document}
%s
\end{document}
"""

SLIDE = r"""\documentclass{beamer}
\usepackage{tikz}
\begin{document}
\begin{frame}
%s
\end{frame}
\end{document}
"""

TREES = [n for n in bundled_scenarios() if load_scenario(n).tree is not None]
EXTRA = [str(DATA / "three_by_three.toml"), str(DATA / "three_player.toml")]


def _without_guard(tikz: str) -> str:
    """The picture as laid out: the resizebox that would shrink a misjudged layout removed."""
    lines = tikz.splitlines()
    guard = next(k for k, line in enumerate(lines) if line.startswith(r"\noindent\resizebox"))
    assert lines[guard + 1].startswith(r"\resizebox{!}")
    lines[guard : guard + 2] = [r"\noindent"]
    end = next(k for k, line in enumerate(lines) if line.startswith(r"\end{tikzpicture}}}"))
    lines[end] = r"\end{tikzpicture}"
    return "\n".join(lines)


def compile_log(document: str, tmp_path: Path) -> str:
    """Compile with pdflatex; return the log (the run must succeed)."""
    tex = tmp_path / "doc.tex"
    tex.write_text(document, encoding="utf-8")
    result = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=180,
    )
    log = (tmp_path / "doc.log").read_text(encoding="utf-8", errors="replace")
    assert result.returncode == 0, result.stdout[-3000:]
    return log


def overfull(log: str) -> list[str]:
    return re.findall(r"^Overfull \\[hv]box.*$", log, re.M)


@needs_tex
@pytest.mark.parametrize("name", TREES + EXTRA, ids=[Path(n).stem for n in TREES + EXTRA])
@pytest.mark.parametrize("symbolic", [False, True], ids=["numeric", "symbolic"])
def test_tree_fits_the_text_width(name: str, symbolic: bool, tmp_path: Path) -> None:
    args = ["tree", name, "--format", "tikz"] + (["--symbolic"] if symbolic else [])
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert "*" not in result.output.split("\n", 1)[1]  # no sympy products in labels
    log = compile_log(ARTICLE % _without_guard(result.output), tmp_path)
    assert not overfull(log), overfull(log)


@needs_tex
@pytest.mark.parametrize("name", TREES)
def test_tree_fits_a_slide_with_width(name: str, tmp_path: Path) -> None:
    out = CliRunner().invoke(cli, ["tree", name, "--format", "tikz", "--width", "10.5cm"]).output
    log = compile_log(SLIDE % _without_guard(out), tmp_path)
    assert not overfull(log), overfull(log)


@needs_tex
def test_a_large_tree_on_a_slide_is_shrunk_by_the_guard(tmp_path: Path) -> None:
    """27 leaves cannot be legible on a slide: the layout does its best, the guard scales."""
    name = str(DATA / "three_by_three.toml")
    out = CliRunner().invoke(cli, ["tree", name, "--format", "tikz", "--width", "10.5cm"]).output
    log = compile_log(SLIDE % out, tmp_path)
    assert not overfull(log), overfull(log)


def test_symbolic_labels_use_the_declared_symbols() -> None:
    out = CliRunner().invoke(cli, ["tree", "hennepin_drawdown", "--symbolic", "--format", "tikz"])
    assert r"\lambda" in out.output and r"\tau" in out.output
    assert "lam " not in out.output and "*" not in out.output.split("\n", 1)[1]
    assert "payoffs: (Local, Federal)" in out.output


def test_a_wide_tree_is_laid_out_differently_from_a_narrow_one() -> None:
    narrow = CliRunner().invoke(cli, ["tree", "trust_game", "--format", "tikz"]).output
    wide = CliRunner().invoke(cli, ["tree", str(DATA / "three_by_three.toml"), "--format", "tikz"])
    assert "top-down" in narrow and "font=\\small" in narrow
    # 27 leaves do not fit across 345pt in a row at \small: the layout adapts.
    assert "font=\\small]" not in wide.output or "left to right" in wide.output


def test_width_estimates() -> None:
    assert parse_length("1in") == pytest.approx(72.27)
    # A fraction is as wide as its wider part; a declared symbol is one glyph.
    assert estimate_width(r"\frac{1}{2}", 10) == estimate_width("1", 10)
    assert estimate_width(r"\lambda", 10) == estimate_width("x", 10)
    result = CliRunner().invoke(cli, ["tree", "trust_game", "--format", "tikz", "--width", "wide"])
    assert result.exit_code == 1 and "expected a length" in result.output
