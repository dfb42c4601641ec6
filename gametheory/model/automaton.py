"""Strategies of a repeated game as finite automata: the data, with no analysis.

An automaton plays one player's side: a state per situation, an action per state, and
transition rules on the last profile played. The library strategies and the checks built on
automata are in :mod:`gametheory.repeated`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from gametheory.exceptions import ScenarioError
from gametheory.model.normal_form import NormalFormGame

__all__ = ["ANY", "Automaton"]

ANY = "*"


@dataclass(frozen=True)
class Automaton:
    """A deterministic finite automaton that plays one player's side of a repeated game.

    Parameters
    ----------
    name
        A short name (``"grim_trigger"``).
    states
        The state names.
    initial
        The state it starts in.
    actions
        The action played in each state, in the order of ``states``.
    rules
        Transition rules ``(state, own action, other's action, next state)``; ``"*"`` matches
        any action; the first matching rule applies; no match means stay.
    description
        A sentence on what it does.

    Examples
    --------
    >>> from gametheory.repeated.automata import tit_for_tat
    >>> tft = tit_for_tat("C", "D", "C")
    >>> tft.play(tft.initial)
    'C'
    >>> tft.next_state("cooperate", "C", "D")
    'punish'
    """

    name: str
    states: tuple[str, ...]
    initial: str
    actions: tuple[str, ...]
    rules: tuple[tuple[str, str, str, str], ...] = ()
    description: str = field(default="", compare=False)

    def __post_init__(self) -> None:
        if not self.states:
            raise ScenarioError(f"automaton {self.name!r} needs at least one state")
        if len(set(self.states)) != len(self.states):
            raise ScenarioError(f"automaton {self.name!r} names a state twice")
        if len(self.actions) != len(self.states):
            raise ScenarioError(
                f"automaton {self.name!r} has {len(self.states)} states but "
                f"{len(self.actions)} actions"
            )
        if self.initial not in self.states:
            raise ScenarioError(
                f"automaton {self.name!r}: the initial state {self.initial!r} is not one of "
                f"its states ({', '.join(self.states)})"
            )
        for state, _own, _other, target in self.rules:
            for s in (state, target):
                if s not in self.states:
                    raise ScenarioError(
                        f"automaton {self.name!r}: a transition uses the unknown state {s!r}; "
                        f"expected one of {', '.join(self.states)}"
                    )

    def play(self, state: str) -> str:
        """The action played in ``state``."""
        return self.actions[self.states.index(state)]

    def next_state(self, state: str, own: str, other: str) -> str:
        """The state after a round in which this player played ``own`` and the other ``other``."""
        for s, o, t, target in self.rules:
            if s == state and o in (ANY, own) and t in (ANY, other):
                return target
        return state

    def check(self, game: NormalFormGame, player: int) -> None:
        """Raise :class:`ScenarioError` unless the automaton's labels fit ``player`` in ``game``."""
        own, other = game.actions[player], game.actions[1 - player]
        who = game.players[player]
        for state, action in zip(self.states, self.actions, strict=True):
            if action not in own:
                raise ScenarioError(
                    f"automaton {self.name!r} plays {action!r} in state {state!r}, which is not "
                    f"an action of {who!r}; expected one of {', '.join(own)}"
                )
        for state, o, t, _ in self.rules:
            if o != ANY and o not in own:
                raise ScenarioError(
                    f"automaton {self.name!r}: a transition from {state!r} observes {o!r} as "
                    f"{who!r}'s action; expected one of {', '.join(own)} or *"
                )
            if t != ANY and t not in other:
                raise ScenarioError(
                    f"automaton {self.name!r}: a transition from {state!r} observes {t!r} as "
                    f"the other player's action; expected one of {', '.join(other)} or *"
                )
