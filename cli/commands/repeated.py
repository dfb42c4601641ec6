"""``fedlocal repeated``: when is cooperation self-enforcing in the repeated game?"""

from __future__ import annotations

from pathlib import Path

import click

from gametheory.cli.params import SCENARIO, domain_errors, format_option, set_option

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
    type=click.Choice(["spe", "nash"]),
    multiple=True,
    help="Which equilibrium concepts to check (default: both).",
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
@format_option("table", "json", "csv", "latex")
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
    fmt: str,
) -> None:
    """Analyse SCENARIO's stage game repeated: for which discount factors is each strategy
    pair a subgame-perfect (and a Nash) equilibrium; minmax, the folk theorem and, with
    --payoff-set, every subgame-perfect payoff.
    """
    from gametheory import load_scenario
    from gametheory.repeated.analysis import analyse_repeated
    from gametheory.repeated.automata import load_automata
    from gametheory.report import render
    from gametheory.report.repeated import repeated_record

    with domain_errors():
        sc = load_scenario(scenario)
        overrides = dict(assignments)
        sc.values(overrides, label="--set")  # check names and domains first
        specs: list[str] = []
        extra = []
        for s in strategies:
            if s.endswith(".toml"):
                automata = load_automata(Path(s), sc.normal_form)
                extra += automata
                specs.append(
                    ",".join(a[0] for a in automata) if len(automata) == 2 else automata[0][0]
                )
            else:
                specs.append(s)
        schedule: dict[tuple[int, int], str] = {}
        for text in deviations:
            parts = text.split(":")
            if len(parts) != 3 or not parts[0].isdigit():
                raise click.BadParameter(
                    f"expected ROUND:PLAYER:ACTION (for example 0:Local:Refuse), got {text!r}",
                    param_hint="--deviate",
                )
            players = sc.normal_form.players
            if parts[1] not in players:
                raise click.BadParameter(
                    f"{parts[1]!r} is not a player; expected one of {', '.join(players)}",
                    param_hint="--deviate",
                )
            schedule[(int(parts[0]), players.index(parts[1]))] = parts[2]
        if schedule and rounds is None:
            raise click.UsageError("--deviate goes with --simulate ROUNDS")
        analysis = analyse_repeated(
            sc,
            overrides,
            delta=delta,
            strategies=specs or None,
            concepts=concepts or ("spe", "nash"),
            payoff_set=payoff_set,
            symbolic=not numeric_only,
            extra_automata=extra,
            simulate_rounds=rounds,
            deviations=schedule,
        )
        click.echo(render(repeated_record(analysis), fmt), nl=False)
