"""``fedlocal compare``: what a binding deal gives, what holds without one, what closes the gap."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, run_verb, set_option, verb_format_option

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
@verb_format_option("compare")
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
    first. Then the figures that close the gap and one sentence per regime. An option that a
    scenario's kind does not take is refused.
    """
    run_verb("compare", scenario, assignments, fmt, delta=delta, penalty=penalty)
