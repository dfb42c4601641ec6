"""``fedlocal solve``: verified Nash equilibria of a scenario or a Gambit game."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, run_verb, set_option, verb_format_option

__all__ = ["solve"]

#: The solver names (kept in step with gametheory.solvers.SOLVERS by a test; listed here so
#: that the command line starts without importing the solvers).
METHODS = (
    "auto",
    "exact",
    "exact_bases",
    "gambit-enumpoly",
    "lemke_howson",
    "pure",
    "support_enumeration",
    "vertex_enumeration",
)

#: The approximate methods (floating point, not Nash equilibria): kept in step with
#: gametheory.solvers.qre.QRE_METHODS by a test.
APPROXIMATE_METHODS = ("logit-qre",)


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@click.option(
    "--method",
    type=click.Choice(METHODS + APPROXIMATE_METHODS),
    default="auto",
    show_default=True,
    help="Solver for games and trees: exact enumeration, one of nashpy's algorithms "
    "verified exactly, or logit-qre (the logit quantal response equilibrium at --lambda, in "
    "floating point: not a Nash equilibrium); games of three or more players take auto, "
    "exact, pure, gambit-enumpoly (pygambit, when installed) or logit-qre.",
)
@click.option(
    "--lambda",
    "lam",
    metavar="L",
    default=None,
    help="logit-qre: the precision lambda >= 0 (0: uniform play; large: near a Nash equilibrium).",
)
@click.option(
    "--trace",
    is_flag=True,
    help="logit-qre: also list the principal branch from lambda = 0 up to --lambda.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE.png|svg|pdf",
    help="logit-qre with --trace: also draw the branch to FILE (needs the plot extra).",
)
@verb_format_option("solve")
@click.option(
    "--all",
    "show_all",
    is_flag=True,
    help="Trees: list every equilibrium, not only one line per outcome (path and payoffs).",
)
def solve(
    scenario: str,
    assignments: tuple[tuple[str, str], ...],
    method: str,
    lam: str | None,
    trace: bool,
    output: str | None,
    fmt: str,
    show_all: bool,
) -> None:
    """Find every Nash equilibrium of SCENARIO, verified in exact arithmetic.

    Parameters take their defaults unless given with --set. SCENARIO is a bundled name (see
    `fedlocal games`) or a .toml, .nfg or .efg path. Model scenarios print their own results
    (table or json). With --method logit-qre it gives the logit quantal response equilibrium
    at --lambda instead (the agent QRE for a tree), in floating point with its residual.
    """
    qre = {"lam": lam, "trace": trace} if method == "logit-qre" or lam or trace else {}
    if output is None:
        run_verb("solve", scenario, assignments, fmt, method=method, show_all=show_all, **qre)
        return
    with domain_errors():
        # Imported on use, for start-up speed.
        from gametheory.exceptions import GameTheoryError
        from gametheory.kinds import evaluate
        from gametheory.plot import qre_branch_plot
        from gametheory.scenario import load_scenario

        if method != "logit-qre" or not trace:
            raise GameTheoryError("-o draws the branch of --method logit-qre --trace")
        if not output.lower().endswith((".png", ".svg", ".pdf")):
            raise GameTheoryError(f"-o {output}: expected a .png, .svg or .pdf file")
        sc = load_scenario(scenario)
        result = evaluate(sc, "solve", dict(assignments), method=method, **qre)
        click.echo(result.render(fmt), nl=False)
        qre_branch_plot(result.record).savefig(output, dpi=150)
        click.echo(f"wrote {output}", err=True)
