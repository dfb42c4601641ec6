"""``fedlocal exercise``: a seeded problem set on a scenario, with its exact answer key."""

from __future__ import annotations

from pathlib import Path

import click

from gametheory.cli.params import SCENARIO, domain_errors

__all__ = ["exercise"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@click.option("--seed", type=int, required=True, help="The seed of the draw (one per student).")
@click.option(
    "--count", type=click.IntRange(min=1), default=1, show_default=True, help="How many problems."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["markdown", "latex", "json"]),
    default=None,
    help="Output format (default: from the -o suffix, else markdown).",
)
@click.option("--no-key", is_flag=True, help="Leave out the answer key.")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    help="Write to FILE (.md, .tex or .json) instead of the terminal.",
)
def exercise(
    scenario: str, seed: int, count: int, fmt: str | None, no_key: bool, output: Path | None
) -> None:
    """Draw a problem set on SCENARIO: parameter values inside the declared ranges and
    assumptions (exact, seeded), questions on the equilibria, a threshold and the regime
    comparison, and the exact answer key.
    """
    # Imported on use, for start-up speed.
    from gametheory import load_scenario
    from gametheory.teaching.exercise import make_exercises, render_exercises

    if fmt is None:
        suffix = output.suffix.lower() if output is not None else ""
        fmt = {".tex": "latex", ".json": "json"}.get(suffix, "markdown")
    with domain_errors():
        sc = load_scenario(scenario)
        text = render_exercises(make_exercises(sc, seed=seed, count=count), fmt, key=not no_key)
    if output is None:
        click.echo(text, nl=False)
    else:
        output.write_text(text, encoding="utf-8")
        click.echo(f"wrote {output}")
