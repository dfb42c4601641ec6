"""``fedlocal export``: a scenario as a Gambit file, a scenario TOML file or JSON."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, set_option

__all__ = ["export"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@click.option(
    "--to",
    "fmt",
    type=click.Choice(["nfg", "efg", "toml", "json"]),
    required=True,
    help="nfg: Gambit strategic form; efg: Gambit tree; toml: a fedlocal scenario; json: the model.",
)
@set_option
@click.option(
    "-o",
    "--output",
    type=str,
    help="Write to this file (atomically; a regular file only; a symbolic link is followed) "
    "instead of standard output; - is standard output.",
)
@click.option("--force", is_flag=True, help="Replace the output file if it exists.")
def export(
    scenario: str,
    fmt: str,
    assignments: tuple[tuple[str, str], ...],
    output: str | None,
    force: bool,
) -> None:
    """Export SCENARIO to another format.

    Gambit files are numeric: parameters take their defaults unless given with --set. A
    two-player strategic-form game exported to .efg becomes a tree in which the second player
    moves without seeing the first move; a tree exported to .nfg becomes its reduced strategic
    form; a game of three or more players exports to nfg, toml and json. The TOML keeps every
    formula, parameter and source (and ignores --set).
    """
    # Imported on use, for start-up speed.
    from gametheory import load_scenario
    from gametheory.io import write_efg, write_nfg
    from gametheory.io.files import write_text_file
    from gametheory.io.toml_writer import write_scenario_toml
    from gametheory.kinds import nplayer as np_kind
    from gametheory.model.strategic_form import tree_of_strategic_form
    from gametheory.report.records import scenario_record
    from gametheory.report.render import render
    from gametheory.report.trees import render_tree, tree_record

    with domain_errors():
        sc = load_scenario(scenario)
        values = sc.values(dict(assignments), label="--set")
        if fmt == "toml":
            text = write_scenario_toml(sc)
        elif np_kind.is_nplayer(sc):  # three or more players: nfg and json (toml above)
            if fmt == "efg":
                raise np_kind.refuse_export(sc, fmt)
            game = np_kind.nplayer_game(sc).subs(values)
            text = write_nfg(game) if fmt == "nfg" else np_kind.nplayer_export_json(sc, values)
        elif fmt == "nfg":
            text = write_nfg(sc.normal_form.subs(values))
        elif fmt == "efg":
            tree = sc.tree if sc.tree is not None else tree_of_strategic_form(sc.normal_form)
            text = write_efg(tree.subs(values))
        elif sc.tree is not None:
            text = render_tree(tree_record(sc.tree.subs(values), sc, ()), "json")
        else:
            text = render(scenario_record(sc, values), "json")
        if output is None or output == "-":
            click.echo(text, nl=False)
            return
        write_text_file(output, text, force=force)
        click.echo(f"wrote {output}", err=True)
