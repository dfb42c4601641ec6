"""Reading the ``[linkage]`` and ``[monitoring]`` sections (format reference: "Linked issues",
"Noisy monitoring").

``[linkage]`` links the scenario's own ``[game]`` with further issues between the same players::

    [linkage]
    name = "jail access"            # the label of the scenario's own [game]

    [[linkage.issues]]
    name = "mirror"
    swap_roles = true               # the own game, the two players' roles swapped

    [[linkage.issues]]
    name = "grants"
    scenario = "surge_pd"           # a bundled scenario or a path (relative to this file)
    set = { h = 5 }                 # its parameter values (default: its defaults)

An issue may instead be written inline with ``actions`` and ``payoffs`` tables, as ``[game]``,
in this scenario's parameters. ``cooperation`` and ``punishment`` name an issue's profiles
(default: chosen as for ``[repeated]``).

``[monitoring]`` gives the noisy public signal: ``noise`` (epsilon) and ``detection`` (eta), each
a number or formula, or one per player (then each player has a signal of its own), and
``punish_length`` (``"forever"`` or a number of rounds).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import parse_formula
from gametheory.model.agreements import LinkageSpec, LinkedIssue, MonitoringSpec
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.parameters import Parameter
from gametheory.model.scenario import Player, Scenario
from gametheory.scenario.games import array_of_tables, read_game, read_profile
from gametheory.tables import Table, located

__all__ = ["parse_linkage", "parse_monitoring"]


def parse_linkage(
    lt: Any,
    game: NormalFormGame | None,
    players: tuple[Player, ...],
    names: dict[str, sp.Expr],
    cooperation: tuple[str, str] | None,
    punishment: tuple[str, str] | None,
    load: Callable[[str | Path], Scenario] | None = None,
) -> LinkageSpec:
    """The ``[linkage]`` section, checked: every issue between the scenario's two players."""
    if game is None:
        raise lt.error(
            "a [linkage] section links the strategic-form [game] with other issues; "
            "this scenario has none",
            lt.path,
        )
    lt.allow_only(["name", "issues"])
    home = lt.get("name", str, default="game")
    issues = [LinkedIssue(home, game, cooperation, punishment, "the scenario's [game]")]
    tables = array_of_tables(lt, "issues")
    if not tables:
        raise lt.error("expected at least one [[linkage.issues]] table", lt.key("issues"))
    seen = {home}
    for it in tables:
        it.allow_only(
            [
                "name",
                "scenario",
                "set",
                "swap_roles",
                "actions",
                "payoffs",
                "cooperation",
                "punishment",
            ]
        )
        name = it.get("name", str, required=True)
        if name in seen:
            raise it.error(f"two issues are called {name!r}", it.key("name"))
        seen.add(name)
        swap = it.get("swap_roles", bool, default=False)
        ref = it.get("scenario", str, default=None)
        inline = it.has("actions") or it.has("payoffs")
        if ref is not None and inline:
            raise it.error(
                "give either scenario or actions and payoffs, not both", it.key("scenario")
            )
        if ref is not None:
            sub, source = _referenced(it, ref, players, load)
        elif inline:
            gt = Table(
                {k: it.data[k] for k in ("actions", "payoffs") if k in it.data}, it.path, it.file
            )
            it.used.update({"actions", "payoffs"})
            sub, source = read_game(gt, players, names, name), "inline"
        else:
            if it.has("set"):
                raise it.error("set goes with scenario", it.key("set"))
            sub, source = game, "the scenario's [game]"
        if swap:
            sub, source = _mirror(sub, name), f"{source}, roles swapped"
        issues.append(
            LinkedIssue(
                name,
                sub,
                read_profile(it, "cooperation", sub),
                read_profile(it, "punishment", sub),
                source,
            )
        )
        it.finish()
    lt.finish()
    return LinkageSpec(tuple(issues))


def _mirror(game: NormalFormGame, name: str | None = None) -> NormalFormGame:
    """:func:`gametheory.repeated.linkage.mirror`: the game with the players' roles swapped."""
    # Imported on use, for start-up speed.
    from gametheory.repeated.linkage import mirror

    return mirror(game) if name is None else mirror(game, name)


def _referenced(
    it: Any,
    ref: str,
    players: tuple[Player, ...],
    load: Callable[[str | Path], Scenario] | None,
) -> tuple[NormalFormGame, str]:
    if load is None:
        raise it.error(
            f"the linked scenario {ref!r} is read with gametheory.load_scenario; this document "
            "was given to scenario_from_dict without a loader",
            it.key("scenario"),
        )
    target: str | Path = ref
    if ref.endswith(".toml") and it.file is not None and not Path(ref).is_absolute():
        target = Path(it.file).parent / ref
    try:
        other = load(target)
    except ScenarioError as err:
        raise ScenarioError(
            f"cannot load the linked scenario {ref!r}: {err.message}",
            file=it.file,
            key=it.key("scenario"),
        ) from None
    if other.game is None:
        raise it.error(f"scenario {ref!r} has no strategic-form [game] to link", it.key("scenario"))
    overrides = it.get("set", dict, default={})
    try:
        sub = other.game_at({k: v for k, v in overrides.items()})
    except ScenarioError as err:
        raise ScenarioError(err.message, file=it.file, key=it.key("set")) from None
    want = (players[0].name, players[1].name)
    if tuple(sub.players) == want[::-1]:
        sub = _mirror(sub)  # same game, listed with the players the other way round
        sub = NormalFormGame(want, sub.actions, sub.payoffs, sub.title)
    elif tuple(sub.players) != want:
        raise it.error(
            f"scenario {ref!r} is between {', '.join(sub.players)}; a linked issue must be "
            f"between {', '.join(want)}",
            it.key("scenario"),
        )
    return sub, f"scenario {ref}"


def parse_monitoring(
    mt: Any, players: tuple[Player, ...], names: dict[str, sp.Expr], parameters: list[Parameter]
) -> MonitoringSpec:
    """The ``[monitoring]`` section: probabilities in [0, 1] at the defaults."""
    mt.allow_only(["noise", "detection", "punish_length"])
    probe = {p.symbol: p.default for p in parameters}

    def probability(raw: Any, key: str) -> sp.Expr:
        expr = located(parse_formula, raw, names, file=mt.file, key=key)
        at = sp.sympify(expr).xreplace(probe)
        if at.is_number and not (0 <= at <= 1):
            raise mt.error(f"expected a probability in [0, 1], got {at} at the defaults", key)
        return sp.sympify(expr)

    def pair(name: str, required: bool) -> tuple[tuple[sp.Expr, sp.Expr], bool]:
        raw = mt.get(name, (str, int, float, dict), required=required, default=None)
        if raw is None:
            return (sp.Integer(0), sp.Integer(0)), False
        if isinstance(raw, dict):
            t = Table(raw, mt.key(name), mt.file)
            t.allow_only([p.name for p in players])
            vals = [
                probability(t.get(p.name, (str, int, float), required=True), t.key(p.name))
                for p in players
            ]
            t.finish()
            return (vals[0], vals[1]), True
        v = probability(raw, mt.key(name))
        return (v, v), False

    noise, split = pair("noise", True)
    detection, _ = pair("detection", True)
    raw_len = mt.get("punish_length", (str, int), default="forever")
    if isinstance(raw_len, str):
        if raw_len != "forever":
            raise mt.error(
                f'expected "forever" or a number of rounds, got {raw_len!r}',
                mt.key("punish_length"),
            )
        length = None
    else:
        if raw_len < 1:
            raise mt.error(f"expected at least 1 round, got {raw_len}", mt.key("punish_length"))
        length = raw_len
    mt.finish()
    return MonitoringSpec(noise, detection, split, length)
