"""``fedlocal compare``: what a binding deal gives, what holds without one, what closes the gap."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, format_option, set_option

__all__ = ["compare"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@click.option(
    "--delta",
    metavar="VALUE",
    help="Discount factor of the repeated relationship, for the self-enforcing regime "
    "(exact: 3/5, 0.6).",
)
@click.option(
    "--penalty",
    metavar="VALUE",
    help="Expected penalty on reneging (probability a court enforces times damages), for the "
    "partial regime.",
)
@format_option("table", "json", "csv", "latex")
def compare(
    scenario: str,
    assignments: tuple[tuple[str, str], ...],
    delta: str | None,
    penalty: str | None,
    fmt: str,
) -> None:
    """Compare SCENARIO under enforceable and unenforceable commitments, side by side.

    Regimes: a binding agreement (Nash bargaining), the one-shot outcome without enforcement,
    a penalty on reneging, the repeated relationship at --delta, and one side committing
    first. Then the figures that close the gap and one sentence per regime.
    """
    from gametheory import load_scenario
    from gametheory.analysis import compare_regimes
    from gametheory.report import render
    from gametheory.report.compare import compare_record

    with domain_errors():
        sc = load_scenario(scenario)
        overrides = dict(assignments)
        sc.values(overrides, label="--set")
        comparison = compare_regimes(sc, overrides, delta=delta, penalty=penalty)
        click.echo(render(compare_record(comparison, sc), fmt), nl=False)
