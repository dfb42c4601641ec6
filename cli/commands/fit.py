"""``fedlocal fit``: estimate a scenario's parameters from observed choices (logit QRE)."""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, domain_errors, set_option

__all__ = ["fit"]


def _names(values: tuple[str, ...]) -> list[str]:
    return [n.strip() for v in values for n in v.split(",") if n.strip()]


@click.command()
@click.argument("scenario", type=SCENARIO)
@click.argument("data", type=click.Path(dir_okay=False))
@click.option(
    "--free",
    multiple=True,
    metavar="NAME[,NAME...]",
    help="The parameters to estimate (comma-separated or repeated); the others keep their "
    "defaults or --set values.",
)
@click.option(
    "--covariate",
    "covariates",
    multiple=True,
    metavar="NAME=COLUMN[+COLUMN...]",
    help="Make a free parameter linear in data columns: --covariate a=urban estimates "
    "a = a[const] + a[urban] * urban. Repeatable.",
)
@click.option(
    "--lambda",
    "lam",
    default=None,
    metavar="free|VALUE",
    help="The QRE precision: estimated (free) or fixed. Default: free when no parameter is "
    "free, else 1.",
)
@set_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(("table", "json", "latex")),
    default="table",
    show_default=True,
    help="Output format (latex: a table of the estimates).",
)
@click.option(
    "--predictions",
    type=click.Path(dir_okay=False),
    default=None,
    metavar="FILE.csv",
    help="Also write the predicted probabilities of every observation to FILE.csv.",
)
def fit(
    scenario: str,
    data: str,
    free: tuple[str, ...],
    covariates: tuple[str, ...],
    lam: str | None,
    assignments: tuple[tuple[str, str], ...],
    fmt: str,
    predictions: str | None,
) -> None:
    """Estimate parameters of SCENARIO from the choices in DATA (a CSV file) by maximum
    likelihood of the logit quantal response equilibrium (the agent QRE for a tree: by
    statistical backward induction with perfect information, else on its principal branch).

    DATA has one row per observation: for a strategic-form game one column per player holding
    the chosen action; for a tree one column per decision node, named by its history (the root
    is `root`), empty where the node was not reached; chance moves have no column. Other
    columns can be covariates.

    A statistical_ultimatum scenario is fitted by the likelihood of Ramsay and Signorino
    (2009): DATA holds the offer and the acceptance (1, 0, or empty) in the columns its section
    names; --lambda does not apply.
    """
    with domain_errors():
        # Imported on use, for start-up speed.
        from gametheory.estimation import fit as estimate
        from gametheory.estimation.report import fit_record, render_fit
        from gametheory.exceptions import ScenarioError
        from gametheory.scenario import load_scenario

        covs: dict[str, list[str]] = {}
        for text in covariates:
            name, sep, cols = text.partition("=")
            if not sep or not name.strip() or not cols.strip():
                raise ScenarioError(f"--covariate {text!r}: expected NAME=COLUMN[+COLUMN...]")
            covs.setdefault(name.strip(), []).extend(
                c.strip() for c in cols.replace(",", "+").split("+") if c.strip()
            )
        sc = load_scenario(scenario)
        result = estimate(sc, data, _names(free), covs, lam=lam, values=dict(assignments) or None)
        click.echo(render_fit(fit_record(result, sc), fmt), nl=False)
        if predictions:
            result.predictions.to_csv(predictions, index=False)
            click.echo(f"wrote {predictions}", err=True)
