"""``fedlocal handout``: a seminar handout (LaTeX article or beamer deck) of one scenario."""

from __future__ import annotations

from pathlib import Path

import click

from gametheory.cli.params import SCENARIO, domain_errors, set_option

__all__ = ["handout"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="FILE.tex (the LaTeX source) or FILE.pdf (compiled with pdflatex).",
)
@click.option("--slides", is_flag=True, help="A beamer deck instead of an article.")
def handout(
    scenario: str, assignments: tuple[tuple[str, str], ...], output: Path, slides: bool
) -> None:
    """Write a seminar handout of SCENARIO: story and sources, parameters with provenance, the
    matrix or tree, equilibria, the simplified derivation and the regime comparison.

    Parameters take their defaults unless given with --set. A .pdf needs pdflatex (with TikZ,
    and beamer for --slides); a .tex compiles with plain pdflatex.
    """
    # Imported on use, for start-up speed.
    from gametheory import load_scenario
    from gametheory.teaching.handout import build_handout

    with domain_errors():
        sc = load_scenario(scenario)
        written = build_handout(sc, output, dict(assignments), slides=slides)
    click.echo(f"wrote {written}")
