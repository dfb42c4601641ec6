"""``fedlocal games``, ``fedlocal show`` and ``fedlocal validate``."""

from __future__ import annotations

from pathlib import Path

import click

from gametheory.cli.params import SCENARIO, run_verb, set_option, verb_format_option

__all__ = ["games", "show", "validate"]


@click.command()
def games() -> None:
    """List the bundled scenarios, one per line: name, tags, title."""
    # Imported on use, for start-up speed.
    from gametheory.games import catalogue

    entries = catalogue()
    width = max(len(name) for name, _, _ in entries)
    tag_width = max(len(",".join(tags)) for _, tags, _ in entries)
    for name, tags, title in entries:
        click.echo(f"{name.ljust(width)}  {','.join(tags).ljust(tag_width)}  {title}")


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@verb_format_option("show")
def show(scenario: str, assignments: tuple[tuple[str, str], ...], fmt: str) -> None:
    """Show SCENARIO: players, actions, payoff formulas, parameters and the payoff matrix.

    SCENARIO is a bundled name (see `fedlocal games`) or a .toml, .nfg or .efg path.
    """
    run_verb("show", scenario, assignments, fmt)


@click.command()
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
def validate(files: tuple[Path, ...]) -> None:
    """Check scenario files (.toml, .nfg or .efg): report the first problem in each, exit 1 if any."""
    # Imported on use, for start-up speed.
    from gametheory.exceptions import GameTheoryError
    from gametheory.kinds import kind_of
    from gametheory.scenario import load_scenario

    failed = 0
    for path in files:
        try:
            sc = load_scenario(path)
        except GameTheoryError as err:
            failed += 1
            click.echo(f"invalid: {err}", err=True)
            continue
        shape = kind_of(sc).shape(sc)
        click.echo(f"ok: {path} ({sc.name}: {shape}, {len(sc.parameters)} parameters)")
    if failed:
        raise click.exceptions.Exit(1)
