"""``fedlocal sweep``: a verb over a grid of exact parameter points, as CSV, JSON or Parquet."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, format_option, set_option

__all__ = ["sweep"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@click.option(
    "--grid",
    "grids",
    multiple=True,
    required=True,
    metavar="NAME=LOW:HIGH:COUNT",
    help="A grid over one parameter: LOW:HIGH:COUNT (exact points, both ends included) or a "
    "list 1/2,3/5,9/10. Repeatable; the last name varies fastest. delta and penalty are "
    "grid names for compare and repeated.",
)
@click.option(
    "--what",
    type=click.Choice(["solve", "compare", "repeated", "derive", "region"]),
    default="solve",
    show_default=True,
    help="The verb run at every point (region: the derived regions of a game, vectorised).",
)
@set_option
@format_option("csv", "json", "parquet")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to FILE.")
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    show_default=True,
    help="Local worker processes.",
)
@click.option(
    "--scheduler",
    metavar="ADDRESS|dask",
    help="Run the chunks on a dask.distributed scheduler (dask: a local cluster).",
)
@click.option("--quiet", is_flag=True, help="No progress bar.")
def sweep(
    scenario: str,
    grids: tuple[str, ...],
    what: str,
    assignments: tuple[tuple[str, str], ...],
    fmt: str,
    output: str | None,
    jobs: int,
    scheduler: str | None,
    quiet: bool,
) -> None:
    """Run --what on SCENARIO at every point of the --grid: one tidy row per point and
    equilibrium / regime / strategy pair, each exact value beside its float (NAME_float)."""
    # Imported on use, for start-up speed.
    import sys

    with domain_errors():
        # Imported on use, for start-up speed.
        from gametheory.exceptions import GameTheoryError
        from gametheory.scenario import load_scenario
        from gametheory.sweeps import sweep as run_sweep
        from gametheory.sweeps.output import write_table

        if fmt == "parquet":
            try:
                # Imported on use, for start-up speed.
                import pyarrow  # noqa: F401
            except ImportError:
                raise GameTheoryError(
                    '--format parquet needs pyarrow: pip install "fedlocal[parquet]"'
                ) from None
            if output is None:
                raise GameTheoryError("--format parquet is binary: give a file with -o FILE")
        sc = load_scenario(scenario)
        df = run_sweep(
            sc,
            list(grids),
            what,
            dict(assignments),
            jobs=jobs,
            scheduler=scheduler,
            progress=not quiet and sys.stderr.isatty(),
        )
        text = write_table(df, fmt, output, scenario=sc.name, what=what, grid=list(grids))
        if text is not None:
            click.echo(text, nl=False)
