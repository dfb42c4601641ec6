"""The subgame-perfect equilibrium record that the backward-induction solvers return.

:func:`~gametheory.solvers.backward_induction.backward_induction` (every pure SPE, symbolic
payoffs), its linear fast path :func:`~gametheory.solvers.backward_numeric.unique_spe` and the
solvers of imperfect-information trees (:mod:`gametheory.solvers.trees`) all return
:class:`SubgamePerfectEquilibrium`; it sits in its own module so that each of them can import it
at the top without importing the others.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import sympy as sp

from gametheory.model.tree import History, history_text
from gametheory.numbers import public_number
from gametheory.symbolic.conditions import Condition

__all__ = ["SubgamePerfectEquilibrium"]


@dataclass(frozen=True)
class SubgamePerfectEquilibrium:
    """A subgame-perfect equilibrium: pure (backward induction), or in behavior strategies.

    Attributes
    ----------
    choices
        ``(history, action)`` for every decision node, in preorder, where the equilibrium plays
        one action with probability 1. A pure SPE from
        :func:`~gametheory.solvers.backward_induction.backward_induction` lists every
        decision node; an SPE of an imperfect-information tree
        (:func:`gametheory.solvers.trees.subgame_perfect_equilibria`) leaves out the nodes of
        information sets where it mixes, and those it does not specify (see ``behavior``).
    payoffs
        Each player's expected payoff in the public number convention: a rational is a
        :class:`~fractions.Fraction`, anything else (a formula of the parameters, an exact
        irrational) a sympy expression. Whatever the solver builds is normalised so.
    condition
        Where the equilibrium is subgame perfect (``always`` for a numeric tree).
    path
        The actions played with probability 1 from the root until the game ends, reaches a chance
        node, or reaches a node where the equilibrium mixes.
    behavior
        For an SPE that mixes somewhere: every information set it specifies, in preorder, with
        the probability of each of its actions (``(infoset, ((action, p), ...))``, exact
        Fractions). Empty for a pure SPE, whose ``choices`` say everything.
    """

    choices: tuple[tuple[History, str], ...]
    payoffs: tuple[Fraction | sp.Expr, ...]
    condition: Condition
    path: tuple[str, ...]
    behavior: tuple[tuple[str, tuple[tuple[str, Fraction], ...]], ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "payoffs", tuple(public_number(u) for u in self.payoffs))

    def choice(self, history: History) -> str:
        """The action chosen with probability 1 at the decision node ``history``."""
        return dict(self.choices)[tuple(history)]

    @property
    def pure(self) -> bool:
        """True when every specified information set plays one action with probability 1."""
        return not self.behavior

    def distribution(self, infoset: str) -> dict[str, Fraction]:
        """The probability of each action at the information set ``infoset`` (a mixed SPE)."""
        return dict(dict(self.behavior)[infoset])

    @property
    def choices_text(self) -> dict[str, str]:
        """Decision histories (``"Cooperate"``, root ``""``) → chosen action."""
        return {history_text(h): a for h, a in self.choices}
