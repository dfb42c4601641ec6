"""Solving two-player normal-form games, with every equilibrium verified exactly.

``solve(game, method=...)`` dispatches through :data:`SOLVERS`:

``auto`` (default)
    ``exact``.
``exact``
    fedlocal's own exact enumeration of every extreme equilibrium, degenerate games included, by
    exact lexicographic pivoting over the best-response polytopes (lrs-style, see
    :mod:`gametheory.solvers.enumeration`), up to
    :data:`~gametheory.solvers.enumeration.ENUMERATION_SIZE_LIMIT` (every game up to 13x13); a
    larger game is refused with :class:`~gametheory.solvers.enumeration.EnumerationLimitError`
    (use ``pure`` or ``lemke_howson`` there).
``exact_bases``
    the same extreme equilibria (the same sets, degeneracy, cliques and components) by the
    earlier algorithm, one square system per candidate basis (:mod:`gametheory.solvers.exact`),
    up to ``C(m + n, m) <=`` :data:`~gametheory.solvers.exact.EXACT_SIZE_LIMIT` (every game up
    to 8x8); kept as an independent cross-check.
``pure``
    every pure equilibrium, exactly, at any size (mixed equilibria are not computed).
``support_enumeration``, ``vertex_enumeration``, ``lemke_howson``
    nashpy's algorithms (Lemke-Howson from every start label); each profile is rationalised and
    kept only if it is an exact equilibrium. The two enumerations are refused past
    :data:`~gametheory.solvers.exact.EXACT_SIZE_LIMIT`, where they would run for minutes or more.
``gambit-enumpoly``
    pygambit's ``enumpoly_solve`` when pygambit is installed (an optional backend; refused in one
    line otherwise); each profile is rounded to rationals and kept only if it is an exact
    equilibrium. Games of three or more players have their own solvers
    (:mod:`gametheory.solvers.nplayer`, :mod:`gametheory.solvers.nplayer_dispatch`).

Every method verifies its equilibria in exact arithmetic, so every method needs rational payoffs.
"""

from gametheory.solvers.backward_induction import backward_induction
from gametheory.solvers.dispatch import SOLVERS, solve
from gametheory.solvers.enumeration import ENUMERATION_SIZE_LIMIT
from gametheory.solvers.exact import EXACT_SIZE_LIMIT
from gametheory.solvers.result import Clique, Component, Dominance, Equilibrium, EquilibriumResult
from gametheory.solvers.trees import solve_tree

__all__ = [
    "ENUMERATION_SIZE_LIMIT",
    "EXACT_SIZE_LIMIT",
    "SOLVERS",
    "Clique",
    "Component",
    "Dominance",
    "Equilibrium",
    "EquilibriumResult",
    "backward_induction",
    "solve",
    "solve_tree",
]
