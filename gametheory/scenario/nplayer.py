"""The ``[game]`` section of a scenario with three or more players.

Two layouts are read (docs/reference/scenario-format.md):

*nested by action*, as for two players, one level per player but the last::

    [game.payoffs.Fund.Cooperate.Cooperate]
    Cooperate = [2, 1, 1, 1]
    Refuse = [1, 0, 0, 3]

*a flat table*, one row per pure profile, which reads better past three players::

    [[game.profiles]]
    actions = ["Fund", "Cooperate", "Cooperate", "Refuse"]
    payoffs = [1, 0, 0, 3]

Either way every pure profile must be given exactly once, with one payoff (a number or a
formula of the parameters) per player in the order of ``[[players]]``.
"""

from __future__ import annotations

import itertools

import sympy as sp

from gametheory.formula import parse_formula
from gametheory.model.nplayer import MAX_PROFILES, NPLAYER, NPlayerGame
from gametheory.model.scenario import Player
from gametheory.scenario.games import array_of_tables, strings
from gametheory.tables import Table, located

__all__ = ["MAX_PROFILES", "nplayer_model", "read_nplayer_game"]


def _actions(gt: Table, players: tuple[Player, ...]) -> list[tuple[str, ...]]:
    at = gt.table("actions", required=True)
    assert at is not None
    at.allow_only([p.name for p in players])
    actions: list[tuple[str, ...]] = []
    for player in players:
        if not at.has(player.name):
            raise at.error(f"missing the actions of player {player.name!r}", at.path)
        labels = strings(at, player.name)
        if not labels:
            raise at.error("expected at least one action", at.key(player.name))
        if len(set(labels)) != len(labels):
            raise at.error("action labels must be distinct", at.key(player.name))
        actions.append(tuple(labels))
    at.finish()
    return actions


def _cell(
    t: Table, key: str, where: str, players: tuple[Player, ...], names: dict[str, sp.Expr]
) -> tuple[sp.Expr, ...]:
    cell = t.get(key, list, required=True)
    if len(cell) != len(players):
        expected = ", ".join(p.name for p in players)
        raise t.error(f"expected {len(players)} payoffs [{expected}], got {len(cell)}", where)
    return tuple(
        located(parse_formula, v, names, file=t.file, key=f"{where}[{k}]")
        for k, v in enumerate(cell)
    )


def _nested(
    pt: Table,
    actions: list[tuple[str, ...]],
    players: tuple[Player, ...],
    names: dict[str, sp.Expr],
) -> dict[tuple[str, ...], tuple[sp.Expr, ...]]:
    out: dict[tuple[str, ...], tuple[sp.Expr, ...]] = {}

    def visit(t: Table, level: int, prefix: tuple[str, ...]) -> None:
        t.allow_only(actions[level])
        for label in actions[level]:
            profile = (*prefix, label)
            if level == len(actions) - 1:
                if not t.has(label):
                    raise t.error(f"missing the payoffs of profile ({', '.join(profile)})", t.path)
                out[profile] = _cell(t, label, t.key(label), players, names)
                continue
            sub = t.table(label)
            if sub is None:
                raise t.error(
                    f"missing payoffs for {players[level].name} playing {label!r} "
                    f"(after {', '.join(prefix) or 'nothing'})",
                    t.path,
                )
            visit(sub, level + 1, profile)
        t.finish()

    visit(pt, 0, ())
    return out


def _flat(
    gt: Table,
    actions: list[tuple[str, ...]],
    players: tuple[Player, ...],
    names: dict[str, sp.Expr],
) -> dict[tuple[str, ...], tuple[sp.Expr, ...]]:
    out: dict[tuple[str, ...], tuple[sp.Expr, ...]] = {}
    for row in array_of_tables(gt, "profiles"):
        labels = strings(row, "actions")
        if not row.has("actions"):
            raise row.error("missing required key 'actions'", row.path)
        if len(labels) != len(players):
            expected = ", ".join(p.name for p in players)
            raise row.error(
                f"expected {len(players)} actions [{expected}], got {len(labels)}",
                row.key("actions"),
            )
        for k, label in enumerate(labels):
            if label not in actions[k]:
                raise row.error(
                    f"{label!r} is not an action of {players[k].name!r}; expected one of "
                    f"{', '.join(actions[k])}",
                    f"{row.key('actions')}[{k}]",
                )
        profile = tuple(labels)
        if profile in out:
            raise row.error(
                f"the profile ({', '.join(profile)}) is given twice", row.key("actions")
            )
        out[profile] = _cell(row, "payoffs", row.key("payoffs"), players, names)
        row.finish()
    for profile in itertools.product(*actions):
        if profile not in out:
            raise gt.error(
                f"missing the payoffs of profile ({', '.join(profile)}): every profile needs "
                "one [[game.profiles]] row",
                gt.key("profiles"),
            )
    return out


def read_nplayer_game(
    gt: Table, players: tuple[Player, ...], names: dict[str, sp.Expr], title: str
) -> NPlayerGame:
    """The ``[game]`` section of a scenario with any number of players (nested or flat).

    Raises
    ------
    ScenarioError
        Naming the file and the key path (``game.payoffs.Fund.Cooperate.Refuse[2]``,
        ``game.profiles[3].actions[1]``) and what was expected.
    """
    actions = _actions(gt, players)
    size = 1
    for labels in actions:
        size *= len(labels)
    if size > MAX_PROFILES:
        raise gt.error(
            f"the game has {size} pure profiles, more than the {MAX_PROFILES} fedlocal reads "
            "(see docs/reference/limits.md)",
            gt.key("actions"),
        )
    if gt.has("payoffs") and gt.has("profiles"):
        raise gt.error(
            "give the payoffs either nested by action ([game.payoffs]) or as a flat table "
            "([[game.profiles]]), not both",
            gt.key("profiles"),
        )
    if gt.has("profiles"):
        payoffs = _flat(gt, actions, players, names)
    else:
        pt = gt.table("payoffs", required=True)
        assert pt is not None
        payoffs = _nested(pt, actions, players, names)
    gt.finish()
    return NPlayerGame.from_table([p.name for p in players], actions, payoffs, title=title)


def nplayer_model(
    top: Table, gt: Table, players: tuple[Player, ...], names: dict[str, sp.Expr], title: str
) -> tuple[str, NPlayerGame]:
    """``Scenario.model`` of a ``[game]`` with three or more players; the sections built on
    two-player games are refused."""
    for section in ("repeated", "compare", "linkage", "monitoring"):
        if top.has(section):
            raise top.error(
                f"a [{section}] section needs a two-player [game]; this one has "
                f"{len(players)} players",
                section,
            )
    return (NPLAYER, read_nplayer_game(gt, players, names, title))
