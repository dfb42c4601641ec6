"""Strategies of repeated games as finite automata (Moore machines).

An :class:`Automaton` has states, an initial state, the action it plays in each state and
transition rules on the observed action profile, written from its own player's point of view:
``(own action, other's action)``. A rule's action may be ``"*"`` (any); the first matching rule
applies, and a state with no matching rule stays where it is. Writing transitions as
(own, other) lets one automaton serve either player.

The library builds the classic strategies from a *cooperative* profile and a *punishment*
profile (by default the action each player plays in the cooperative outcome and in a stage Nash
equilibrium):

=====================  ==========================================================================
name                   behaviour
=====================  ==========================================================================
``always_cooperate``   play the cooperative action whatever happens
``always_punish``      play the punishment action whatever happens (``always_defect``)
``grim_trigger``       cooperate until any departure from the cooperative profile, then punish
                       for ever (Friedman 1971)
``tit_for_tat``        cooperate first, then do what the other did last round (Axelrod 1984)
``tit_for_two_tats``   punish only after two rounds in a row in which the other did not
                       cooperate; forgive as soon as it does (Axelrod 1984's forgiving variant)
``punish:K``           after a departure, K rounds (1 to 8) of mutual punishment, then cooperate again; a
                       departure during the punishment restarts it (limited punishment;
                       Mailath & Samuelson 2006, §2.4.2)
``penance``            after a unilateral departure the deviator cooperates while the other
                       punishes for one round, then both cooperate; a punisher who fails to
                       punish does penance next (van Damme 1989; weakly renegotiation-proof in
                       the sense of Farrell & Maskin 1989)
=====================  ==========================================================================

References
----------
J. W. Friedman, "A non-cooperative equilibrium for supergames", *Rev. Econ. Stud.* 38 (1971).
R. Axelrod, *The Evolution of Cooperation*, Basic Books, 1984.
E. van Damme, "Renegotiation-proof equilibria in repeated prisoners' dilemma", *J. Econ.
Theory* 47(1) (1989) 206-217.
J. Farrell and E. Maskin, "Renegotiation in repeated games", *Games Econ. Behav.* 1 (1989).
G. J. Mailath and L. Samuelson, *Repeated Games and Reputations*, Oxford UP, 2006.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gametheory.examples import example_path
from gametheory.exceptions import ScenarioError
from gametheory.limits import MAX_PUNISH_ROUNDS
from gametheory.model.automaton import ANY, Automaton
from gametheory.model.normal_form import NormalFormGame

__all__ = [
    "STRATEGIES",
    "Automaton",
    "Roles",
    "always",
    "automaton_from_dict",
    "grim_trigger",
    "k_period_punishment",
    "library_strategy",
    "load_automata",
    "penance",
    "roles_for",
    "tit_for_tat",
    "tit_for_two_tats",
]


@dataclass(frozen=True)
class Roles:
    """The action labels the library strategies need, from one player's point of view."""

    cooperate: str
    punish: str
    other_cooperate: str
    other_punish: str


def always(action: str, name: str | None = None) -> Automaton:
    """Play ``action`` in every round."""
    return Automaton(
        name or f"always {action}",
        ("play",),
        "play",
        (action,),
        description=f"plays {action} whatever happens",
    )


def grim_trigger(cooperate: str, punish: str, other_cooperate: str) -> Automaton:
    """Cooperate until the cooperative profile is left once, then punish for ever."""
    return Automaton(
        "grim_trigger",
        ("cooperate", "punish"),
        "cooperate",
        (cooperate, punish),
        (("cooperate", cooperate, other_cooperate, "cooperate"), ("cooperate", ANY, ANY, "punish")),
        description=f"plays {cooperate} until anyone leaves the cooperative profile, then "
        f"{punish} for ever",
    )


def tit_for_tat(cooperate: str, punish: str, other_cooperate: str) -> Automaton:
    """Cooperate first, then copy the other's last move (cooperation for cooperation)."""
    rules = tuple((s, ANY, other_cooperate, "cooperate") for s in ("cooperate", "punish")) + tuple(
        (s, ANY, ANY, "punish") for s in ("cooperate", "punish")
    )
    return Automaton(
        "tit_for_tat",
        ("cooperate", "punish"),
        "cooperate",
        (cooperate, punish),
        rules,
        description=f"plays {cooperate} first, then {cooperate} after the other cooperated and "
        f"{punish} after it did not",
    )


def tit_for_two_tats(cooperate: str, punish: str, other_cooperate: str) -> Automaton:
    """Punish only after two non-cooperative rounds of the other in a row; forgive at once."""
    rules = []
    for s in ("cooperate", "warned", "punish"):
        rules.append((s, ANY, other_cooperate, "cooperate"))
    rules += [
        ("cooperate", ANY, ANY, "warned"),
        ("warned", ANY, ANY, "punish"),
        ("punish", ANY, ANY, "punish"),
    ]
    return Automaton(
        "tit_for_two_tats",
        ("cooperate", "warned", "punish"),
        "cooperate",
        (cooperate, cooperate, punish),
        tuple(rules),
        description=f"plays {punish} only after two rounds in a row without cooperation from "
        f"the other, and {cooperate} again as soon as it cooperates",
    )


def k_period_punishment(
    k: int, cooperate: str, punish: str, other_cooperate: str, other_punish: str
) -> Automaton:
    """After a departure from cooperation, ``k`` rounds of mutual punishment, then cooperate.

    A departure from the punishment profile during the punishment restarts it.
    """
    if isinstance(k, bool) or not isinstance(k, int) or k < 1:
        raise ScenarioError(f"a limited punishment lasts at least 1 round, got {k!r}")

    if k > MAX_PUNISH_ROUNDS:
        raise ScenarioError(
            f"punish:{k}: a limited punishment lasts at most {MAX_PUNISH_ROUNDS} rounds (its "
            "incentive constraints are polynomials of degree K in delta; see "
            "docs/reference/limits.md); grim_trigger punishes for ever"
        )
    phases = tuple(f"punish{j}" for j in range(1, k + 1))
    rules: list[tuple[str, str, str, str]] = [
        ("cooperate", cooperate, other_cooperate, "cooperate"),
        ("cooperate", ANY, ANY, phases[0]),
    ]
    for j, phase in enumerate(phases):
        after = phases[j + 1] if j + 1 < k else "cooperate"
        rules += [(phase, punish, other_punish, after), (phase, ANY, ANY, phases[0])]
    return Automaton(
        f"punish:{k}",
        ("cooperate", *phases),
        "cooperate",
        (cooperate, *([punish] * k)),
        tuple(rules),
        description=f"after a departure, {k} round{'s' if k > 1 else ''} of mutual punishment "
        f"({punish}), restarted by a departure, then {cooperate} again",
    )


def penance(cooperate: str, punish: str, other_cooperate: str, other_punish: str) -> Automaton:
    """The penance strategy: a deviator cooperates for one round while being punished.

    States: ``cooperate`` (both cooperate), ``repent`` (this player does penance: plays the
    cooperative action while the other punishes) and ``punish`` (the other does penance).
    """
    rules = (
        ("cooperate", cooperate, other_cooperate, "cooperate"),
        ("cooperate", ANY, other_cooperate, "repent"),
        ("cooperate", cooperate, ANY, "punish"),
        ("cooperate", ANY, ANY, "cooperate"),
        ("repent", cooperate, other_punish, "cooperate"),
        ("repent", ANY, other_punish, "repent"),
        ("repent", cooperate, ANY, "punish"),
        ("repent", ANY, ANY, "repent"),
        ("punish", punish, other_cooperate, "cooperate"),
        ("punish", punish, ANY, "punish"),
        ("punish", ANY, other_cooperate, "repent"),
        ("punish", ANY, ANY, "punish"),
    )
    return Automaton(
        "penance",
        ("cooperate", "repent", "punish"),
        "cooperate",
        (cooperate, cooperate, punish),
        rules,
        description=f"after a unilateral departure the deviator plays {cooperate} for a round "
        "while the other punishes, then both cooperate; a punisher who fails to punish "
        "does penance next",
    )


def _two(f: Callable[[str, str, str], Automaton]) -> Callable[[Roles], Automaton]:
    return lambda r: f(r.cooperate, r.punish, r.other_cooperate)


#: Library strategies by name: each builds an automaton from a player's :class:`Roles`.
STRATEGIES: dict[str, Callable[[Roles], Automaton]] = {
    "always_cooperate": lambda r: always(r.cooperate, "always_cooperate"),
    "always_punish": lambda r: always(r.punish, "always_punish"),
    "grim_trigger": _two(grim_trigger),
    "penance": lambda r: penance(r.cooperate, r.punish, r.other_cooperate, r.other_punish),
    "tit_for_tat": _two(tit_for_tat),
    "tit_for_two_tats": _two(tit_for_two_tats),
}

#: Other names accepted for library strategies.
ALIASES = {
    "allc": "always_cooperate",
    "alld": "always_punish",
    "always_defect": "always_punish",
    "grim": "grim_trigger",
    "tft": "tit_for_tat",
    "tf2t": "tit_for_two_tats",
    "forgiving_tit_for_tat": "tit_for_two_tats",
}

_PUNISH = re.compile(r"(?:punish|k_period_punishment):(\d{1,9})\Z")


def library_strategy(name: str, roles: Roles) -> Automaton:
    """Build the library strategy ``name`` (or ``punish:K``) for a player with ``roles``.

    Examples
    --------
    >>> r = Roles("C", "D", "C", "D")
    >>> library_strategy("punish:2", r).states
    ('cooperate', 'punish1', 'punish2')
    >>> library_strategy("tft", r).name
    'tit_for_tat'
    """
    key = ALIASES.get(name, name)
    m = _PUNISH.match(key)
    if m:
        return k_period_punishment(
            int(m.group(1)),
            roles.cooperate,
            roles.punish,
            roles.other_cooperate,
            roles.other_punish,
        )
    if key not in STRATEGIES:
        known = ", ".join([*sorted(STRATEGIES), "punish:K"])
        raise ScenarioError(f"unknown strategy {name!r}; expected one of: {known}")
    return STRATEGIES[key](roles)


def automaton_from_dict(name: str, data: Mapping[str, Any]) -> Automaton:
    """Build a user-defined automaton from its TOML table (see the scenario-format reference).

    ``data`` has ``initial`` (a state), ``play`` (state → action) and optionally
    ``transitions`` (state → {``"own/other"`` → next state}, with ``*`` for any action).

    Examples
    --------
    >>> a = automaton_from_dict("wary", {"initial": "trust",
    ...     "play": {"trust": "C", "wary": "D"},
    ...     "transitions": {"trust": {"*/D": "wary"}, "wary": {"*/C": "trust"}}})
    >>> a.next_state("trust", "C", "D"), a.next_state("wary", "D", "D")
    ('wary', 'wary')
    """
    play = data.get("play")
    if not isinstance(play, Mapping) or not play:
        raise ScenarioError("expected a table 'play' mapping each state to its action", key="play")
    for state, action in play.items():
        if not isinstance(action, str):
            raise ScenarioError(
                f"expected an action label (a string), got {action!r}", key=f"play.{state}"
            )
    initial = data.get("initial")
    if not isinstance(initial, str):
        raise ScenarioError("expected the name of the initial state (a string)", key="initial")
    rules: list[tuple[str, str, str, str]] = []
    transitions = data.get("transitions", {})
    if not isinstance(transitions, Mapping):
        raise ScenarioError("expected a table of transitions", key="transitions")
    for state, table in transitions.items():
        if not isinstance(table, Mapping):
            raise ScenarioError(
                'expected a table {"own/other" = next state}', key=f"transitions.{state}"
            )
        for observed, target in table.items():
            own, sep, other = str(observed).partition("/")
            if observed == ANY:
                own, sep, other = ANY, "/", ANY
            if not sep or not own.strip() or not other.strip():
                raise ScenarioError(
                    f"expected 'own/other' (action labels or *), got {observed!r}",
                    key=f"transitions.{state}",
                )
            if not isinstance(target, str):
                raise ScenarioError(
                    f"expected a state name, got {target!r}", key=f"transitions.{state}.{observed}"
                )
            rules.append((str(state), own.strip(), other.strip(), target))
    description = data.get("description", "")
    # Specific rules before wildcards, so the order of keys in the file does not matter.
    rules.sort(key=lambda r: (r[1] == ANY) + (r[2] == ANY))
    return Automaton(
        name, tuple(play), initial, tuple(play.values()), tuple(rules), description=str(description)
    )


def roles_for(
    game: NormalFormGame, cooperation: Sequence[str], punishment: Sequence[str]
) -> tuple[Roles, Roles]:
    """Each player's :class:`Roles` from a cooperative and a punishment profile of ``game``."""
    for k in (0, 1):
        game.action_index(k, cooperation[k])
        game.action_index(k, punishment[k])
    return (
        Roles(cooperation[0], punishment[0], cooperation[1], punishment[1]),
        Roles(cooperation[1], punishment[1], cooperation[0], punishment[0]),
    )


def load_automata(path: Any, game: NormalFormGame) -> list[tuple[str, int | None, Automaton]]:
    """Read user-defined automata from a TOML file of ``[automata.NAME]`` tables.

    Each table is as in a scenario's ``[repeated.automata.NAME]``; ``player`` (optional) names
    the player it is for. Returns ``(name, player index or None, automaton)`` sorted by player;
    errors name the file and the key path.
    """

    file = str(path)
    try:
        data = tomllib.loads(example_path(path).read_text(encoding="utf-8"))
    except OSError as err:
        raise ScenarioError(f"cannot read the file: {err.strerror}", file=file) from None
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"not valid TOML: {err}", file=file) from None
    except (ValueError, RecursionError) as err:  # huge integers, deep nesting
        raise ScenarioError(f"cannot read the TOML: {str(err).split(';')[0]}", file=file) from None
    table = data.get("automata")
    if not isinstance(table, dict) or not table:
        raise ScenarioError("expected [automata.NAME] tables", file=file, key="automata")
    if len(table) > 2:
        raise ScenarioError(
            f"a strategy file holds one automaton, or one per player (two); got {len(table)}: "
            f"{', '.join(table)}",
            file=file,
            key="automata",
        )
    unknown = [k for k in data if k != "automata"]
    if unknown:
        raise ScenarioError(
            f"unknown key {unknown[0]!r}; expected only [automata.NAME] tables",
            file=file,
            key=unknown[0],
        )
    out: list[tuple[str, int | None, Automaton]] = []
    for name, spec in table.items():
        key = f"automata.{name}"
        if not isinstance(spec, dict):
            raise ScenarioError("expected a table", file=file, key=key)
        extra = [
            k for k in spec if k not in ("player", "description", "initial", "play", "transitions")
        ]
        if extra:
            raise ScenarioError(
                f"unknown key {extra[0]!r}; expected player, description, initial, play, "
                "transitions",
                file=file,
                key=f"{key}.{extra[0]}",
            )
        who = spec.get("player")
        index = None
        if who is not None:
            if who not in game.players:
                raise ScenarioError(
                    f"expected one of {', '.join(game.players)}, got {who!r}",
                    file=file,
                    key=f"{key}.player",
                )
            index = game.players.index(who)
        try:
            automaton = automaton_from_dict(name, spec)
            for k in (0, 1) if index is None else (index,):
                automaton.check(game, k)
        except ScenarioError as err:
            # automaton_from_dict names keys inside the table ("play"): give the full path
            inner = f"{key}.{err.key}" if err.key else key
            raise ScenarioError(err.message, file=file, key=inner) from None
        out.append((name, index, automaton))
    return sorted(out, key=lambda t: -1 if t[1] is None else t[1])
