"""The LaTeX that fedlocal writes compiles in a minimal document with amsmath only.

Needs pdflatex (Debian: texlive-latex-base); skipped where it is not installed.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory import bundled_scenarios, load_scenario
from gametheory.cli.main import cli
from gametheory.solvers.exact import EXACT_SIZE_LIMIT, exact_work

PDFLATEX = shutil.which("pdflatex")
pytestmark = pytest.mark.skipif(PDFLATEX is None, reason="pdflatex is not installed")

DOCUMENT = r"""\documentclass{article}
\usepackage{amsmath}
\usepackage{graphicx}
\begin{document}
%s
\end{document}
"""


def _compiles(fragment: str, tmp_path: Path) -> None:
    tex = tmp_path / "fragment.tex"
    tex.write_text(DOCUMENT % fragment, encoding="utf-8")
    result = subprocess.run(
        [PDFLATEX, "-interaction=nonstopmode", "-halt-on-error", tex.name],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert (tmp_path / "fragment.pdf").exists()


def _small(name: str) -> bool:
    """A strategic form within the exact solver's size (the ultimatum's 5x32 one is not)."""
    game = load_scenario(name).game
    return game is not None and exact_work(*game.shape) <= EXACT_SIZE_LIMIT


@pytest.mark.parametrize("name", [n for n in bundled_scenarios() if _small(n)])
@pytest.mark.parametrize("explain", [False, True], ids=["result", "explain"])
def test_derive_latex_compiles(name: str, explain: bool, tmp_path: Path) -> None:
    args = ["derive", name, "--format", "latex"] + (["--explain"] if explain else [])
    out = CliRunner().invoke(cli, args).output
    _compiles(out, tmp_path)


@pytest.mark.parametrize("name", ["surge_pd", "warrant_screening"])
def test_solve_latex_compiles(name: str, tmp_path: Path) -> None:
    _compiles(CliRunner().invoke(cli, ["solve", name, "--format", "latex"]).output, tmp_path)
