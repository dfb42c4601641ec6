"""``fedlocal repeated``: when is cooperation self-enforcing in the repeated game?"""

from __future__ import annotations

import click

from gametheory.cli.params import SCENARIO, run_verb, set_option, verb_format_option

__all__ = ["repeated"]


@click.command()
@click.argument("scenario", type=SCENARIO)
@set_option
@click.option(
    "--delta",
    metavar="VALUE",
    help="A value for the common discount factor (exact: 9/10, 0.9); by default it stays "
    "symbolic and the thresholds are reported.",
)
@click.option(
    "--strategy",
    "strategies",
    multiple=True,
    metavar="NAME|ROW,COLUMN|FILE",
    help="A strategy pair to check: a library name (grim_trigger, tit_for_tat, "
    "tit_for_two_tats, punish:K (K <= 8), penance, always_cooperate, always_punish), two names "
    "ROW,COLUMN, a user automaton of the scenario, or a TOML file of [automata.NAME] "
    "tables. Repeatable.",
)
@click.option(
    "--concept",
    "concepts",
    type=click.Choice(["spe", "nash", "renegotiation-proof"]),
    multiple=True,
    help="Which equilibrium concepts to check (default: spe and nash); renegotiation-proof is "
    "weak renegotiation-proofness (Farrell and Maskin 1989).",
)
@click.option(
    "--transfers",
    is_flag=True,
    help="Also report, for every pure profile, the critical discount factor with and without "
    "side payments (stage-Nash reversion and optimal penal codes), and the optimal relational "
    "contract at --delta.",
)
@click.option(
    "--noise",
    metavar="EPSILON",
    help="Noisy public monitoring: the probability that cooperation is reported as a departure "
    "(exact: 1/10, 0.1; default 0). With --detection; overrides the scenario's [monitoring].",
)
@click.option(
    "--detection",
    metavar="ETA",
    help="Noisy public monitoring: the probability that a departure is reported (default 1).",
)
@click.option(
    "--punish-length",
    metavar="T|forever",
    help="Rounds of punishment after a bad signal (default: the scenario's, else forever).",
)
@click.option(
    "--payoff-set",
    is_flag=True,
    help="Also compute the subgame-perfect payoff set at --delta and the critical discount "
    "factors (two players, public randomization).",
)
@click.option("--numeric-only", is_flag=True, help="Skip the closed forms in the parameters.")
@click.option(
    "--simulate",
    "rounds",
    type=click.IntRange(1, 10_000),
    metavar="ROUNDS",
    help="Also play the first strategy pair for ROUNDS rounds (needs --delta), exactly.",
)
@click.option(
    "--deviate",
    "deviations",
    multiple=True,
    metavar="ROUND:PLAYER:ACTION",
    help="In the simulation, PLAYER plays ACTION in round ROUND (counted from 0). Repeatable.",
)
@verb_format_option("repeated")
def repeated(
    scenario: str,
    assignments: tuple[tuple[str, str], ...],
    delta: str | None,
    strategies: tuple[str, ...],
    concepts: tuple[str, ...],
    payoff_set: bool,
    numeric_only: bool,
    rounds: int | None,
    deviations: tuple[str, ...],
    transfers: bool,
    noise: str | None,
    detection: str | None,
    punish_length: str | None,
    fmt: str,
) -> None:
    """Analyse SCENARIO's stage game repeated: for which discount factors is each strategy
    pair a subgame-perfect (and a Nash) equilibrium; minmax, the folk theorem and, with
    --payoff-set, every subgame-perfect payoff. With --transfers, side payments; with a
    [linkage] section, linked issues; with --noise/--detection, noisy monitoring.
    """
    schedule = []
    for text in deviations:
        parts = text.split(":")
        if len(parts) != 3 or not parts[0].isdigit():
            raise click.BadParameter(
                f"expected ROUND:PLAYER:ACTION (for example 0:Local:Refuse), got {text!r}",
                param_hint="--deviate",
            )
        schedule.append((int(parts[0]), parts[1], parts[2]))
    if schedule and rounds is None:
        raise click.UsageError("--deviate goes with --simulate ROUNDS")
    run_verb(
        "repeated",
        scenario,
        assignments,
        fmt,
        delta=delta,
        strategies=strategies,
        concepts=concepts or ("spe", "nash"),
        payoff_set=payoff_set,
        symbolic=not numeric_only,
        simulate=rounds,
        deviations=tuple(schedule),
        transfers=transfers,
        noise=noise,
        detection=detection,
        punish_length=punish_length,
    )
