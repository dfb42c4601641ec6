"""Equilibria of game trees grouped by outcome: what is played, with what probability, for what.

Two subgame-perfect equilibria that differ only in choices off the equilibrium path (ties at
nodes that are never reached) describe the same play. A reader wants the *outcomes*: each play
through the tree with its probability (chance moves branch), the expected payoffs, the
condition on the parameters under which some SPE gives that outcome, and how many SPEs do.

* :func:`spe_outcomes` groups *during* backward induction (Kuhn 1953; Osborne 2004, §5.5): each
  node keeps one entry per distinct outcome of its subgame, with the disjunction of the
  conditions of the plans that give it and their number, so a 12-leaf three-player tree with
  ties is solved through a few dozen outcome combinations instead of its 512 SPEs.
* :func:`group_equilibria` groups a list of SPEs already found (numeric trees, behavior
  strategies included).

An outcome's condition is exact; its ``count`` is exact for a numeric tree, and for a symbolic
tree the number of SPEs that can give it somewhere (``count_exact`` is then false).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction
from itertools import product

import sympy as sp

from gametheory.exceptions import UnsupportedGameError
from gametheory.model.tree import GameTree, History, TreeNode
from gametheory.numbers import exact_number, public_number
from gametheory.solvers.backward_induction import SubgamePerfectEquilibrium
from gametheory.symbolic.conditions import Assumptions, Atom, Condition

__all__ = ["Outcome", "Play", "group_equilibria", "plays_of", "spe_outcomes"]


@dataclass(frozen=True)
class Play:
    """One play of the game from the root to a leaf, and its probability."""

    path: tuple[str, ...]
    probability: sp.Expr | Fraction

    def __post_init__(self) -> None:
        # The public number convention: a rational probability is a Fraction.
        object.__setattr__(self, "probability", public_number(self.probability))


@dataclass(frozen=True)
class Outcome:
    """An outcome shared by one or more subgame-perfect equilibria.

    Attributes
    ----------
    plays
        Every play reached with positive probability, in tree order (one play of probability 1
        without chance moves or mixing).
    payoffs
        Each player's expected payoff.
    condition
        Where some SPE gives this outcome (``always`` for a numeric tree).
    count
        How many SPEs give it (numeric trees: exact; symbolic: SPEs possible somewhere).
    count_exact
        Whether ``count`` is the exact number at every admissible parameter point.
    choices
        One representative SPE's choices (history, action), in preorder.
    members
        Indices of the grouped SPEs in the list given to :func:`group_equilibria` (empty from
        :func:`spe_outcomes`).
    """

    plays: tuple[Play, ...]
    payoffs: tuple[sp.Expr | Fraction, ...]
    condition: Condition
    count: int
    count_exact: bool
    choices: tuple[tuple[History, str], ...]
    members: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        # The public number convention: rational payoffs are Fractions, formulas stay sympy.
        object.__setattr__(self, "payoffs", tuple(public_number(u) for u in self.payoffs))

    @property
    def path(self) -> tuple[str, ...]:
        """The common start of every play: the actions played for sure from the root."""
        if not self.plays:
            return ()
        first = self.plays[0].path
        k = 0
        while all(len(p.path) > k and p.path[k] == first[k] for p in self.plays):
            k += 1
        return first[:k]


@dataclass(frozen=True)
class _Group:
    plays: tuple[tuple[tuple[str, ...], sp.Expr], ...]
    payoffs: tuple[sp.Expr, ...]
    condition: Condition
    count: int
    choices: tuple[tuple[History, str], ...]


# The identity of an outcome: its plays (path, probability) and payoffs, simplified.
_Key = tuple[tuple[tuple[tuple[str, ...], sp.Expr], ...], tuple[sp.Expr, ...]]


def _key(plays: Iterable[tuple[tuple[str, ...], sp.Expr]], payoffs: Sequence[sp.Expr]) -> _Key:
    return (
        tuple((path, sp.simplify(p)) for path, p in plays),
        tuple(sp.simplify(u) for u in payoffs),
    )


def _merge(groups: list[_Group], known: Assumptions) -> list[_Group]:
    merged: dict[_Key, _Group] = {}
    for g in groups:
        k = _key(g.plays, g.payoffs)
        if k in merged:
            old = merged[k]
            merged[k] = _Group(
                old.plays,
                old.payoffs,
                (old.condition | g.condition).simplify(known),
                old.count + g.count,
                old.choices,
            )
        else:
            merged[k] = g
    return list(merged.values())


def _solve(tree: GameTree, node: TreeNode, known: Assumptions) -> list[_Group]:
    if node.kind == "terminal":
        return [_Group((((), sp.S.One),), tuple(node.payoffs), Condition.always(), 1, ())]
    child_groups = [_solve(tree, tree.node(c), known) for c in node.children]
    out: list[_Group] = []
    for combo in product(*child_groups):
        base = Condition.always()
        for g in combo:
            base = base & g.condition
        count = 1
        for g in combo:
            count *= g.count
        below = tuple(c for g in combo for c in g.choices)
        if node.kind == "chance":
            condition = base.simplify(known)
            if condition.is_never:
                continue
            plays = tuple(
                ((a, *path), sp.expand(prob * p))
                for a, prob, g in zip(node.actions, node.probabilities, combo, strict=True)
                for path, p in g.plays
                if prob != 0
            )
            payoffs = node.expected([g.payoffs for g in combo])
            out.append(_Group(plays, payoffs, condition, count, below))
            continue
        mover = node.player or 0
        for k, (action, g) in enumerate(zip(node.actions, combo, strict=True)):
            best = Condition.all_of(
                Atom(sp.expand(g.payoffs[mover] - other.payoffs[mover]), ">=")
                for j, other in enumerate(combo)
                if j != k
            )
            condition = (base & best).simplify(known)
            if condition.is_never:
                continue
            plays = tuple(((action, *path), p) for path, p in g.plays)
            out.append(_Group(plays, g.payoffs, condition, count, ((node.history, action), *below)))
    return _merge(out, known)


def _order(tree: GameTree) -> dict[History, int]:
    return {n.history: k for k, n in enumerate(tree.preorder())}


def _outcome(tree: GameTree, g: _Group, exact: bool, members: tuple[int, ...] = ()) -> Outcome:
    order = _order(tree)
    plays = tuple(
        Play(path, sp.simplify(p)) for path, p in sorted(g.plays, key=lambda t: order[t[0]])
    )
    choices = tuple(sorted(g.choices, key=lambda c: order[c[0]]))
    return Outcome(
        plays,
        tuple(sp.simplify(u) for u in g.payoffs),
        g.condition,
        g.count,
        exact,
        choices,
        members,
    )


def spe_outcomes(tree: GameTree, assumptions: Assumptions | None = None) -> tuple[Outcome, ...]:
    """The outcomes of the pure subgame-perfect equilibria of a perfect-information tree.

    Backward induction that keeps, at each node, one entry per distinct outcome of the subgame
    (plays with probabilities, expected payoffs), the condition under which some SPE gives it
    (the disjunction over the plans that do, simplified under ``assumptions``), and the number
    of such SPEs. Conditions and payoffs are exact.

    Examples
    --------
    A tie off the path doubles the SPEs but not the outcomes: the trustee's tie after "Trust"
    is never reached, since the trustor keeps out.

    >>> from gametheory.model.tree import GameTree, TreeNode
    >>> tree = GameTree.from_nodes(("Trustor", "Trustee"), [
    ...     TreeNode((), "decision", player=0, actions=("Trust", "No trust")),
    ...     TreeNode(("No trust",), "terminal", payoffs=(1, 1)),
    ...     TreeNode(("Trust",), "decision", player=1, actions=("Honor", "Abuse")),
    ...     TreeNode(("Trust", "Honor"), "terminal", payoffs=(0, 2)),
    ...     TreeNode(("Trust", "Abuse"), "terminal", payoffs=(-1, 2))])
    >>> [(o.path, o.payoffs, o.count) for o in spe_outcomes(tree)]
    [(('No trust',), (Fraction(1, 1), Fraction(1, 1)), 2)]
    """
    if not tree.perfect_information:
        raise UnsupportedGameError("spe_outcomes needs perfect information; use group_equilibria")
    known = assumptions or Assumptions()
    groups = _solve(tree, tree.root, known)
    order = _order(tree)
    outcomes = [_outcome(tree, g, tree.is_numeric) for g in groups]
    outcomes.sort(
        key=lambda o: [order[p.path[: k + 1]] for p in o.plays for k in range(len(p.path))]
    )
    return tuple(outcomes)


def plays_of(tree: GameTree, spe: SubgamePerfectEquilibrium) -> tuple[Play, ...]:
    """Every play an SPE reaches with positive probability, and its probability (exact).

    Chance nodes branch with their probabilities; a behavior strategy that mixes branches with
    its probabilities.
    """
    choices = dict(spe.choices)
    behavior = {key: dict(dist) for key, dist in spe.behavior}
    out: list[Play] = []

    def walk(node: TreeNode, prob: sp.Expr) -> None:
        if node.kind == "terminal":
            out.append(Play(node.history, sp.simplify(prob)))
            return
        if node.kind == "chance":
            weights = list(node.probabilities)
        elif node.history in choices and not behavior.get(node.infoset_key):
            weights = [sp.S.One if a == choices[node.history] else sp.S.Zero for a in node.actions]
        else:
            dist = behavior.get(node.infoset_key, {})
            weights = [sp.Rational(dist.get(a, Fraction(0))) for a in node.actions]
        for child, w in zip(node.children, weights, strict=True):
            if w != 0:
                walk(tree.node(child), prob * w)

    walk(tree.root, sp.S.One)
    return tuple(out)


def group_equilibria(
    tree: GameTree, spe: Sequence[SubgamePerfectEquilibrium]
) -> tuple[Outcome, ...]:
    """Group SPEs already computed by outcome (plays with probabilities and payoffs).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.solvers.backward_induction import backward_induction
    >>> sc = load_scenario("funding_threat")
    >>> tree = sc.tree.subs(sc.values())
    >>> [(p.path, p.probability) for p in group_equilibria(tree, backward_induction(tree))[0].plays]
    [(('Defy', 'Cut', 'Upheld'), Fraction(1, 2)), (('Defy', 'Cut', 'Blocked'), Fraction(1, 2))]
    """
    groups: dict[_Key, list[int]] = {}
    plays: dict[_Key, tuple[Play, ...]] = {}
    for k, e in enumerate(spe):
        ps = plays_of(tree, e)
        key = _key(((p.path, p.probability) for p in ps), e.payoffs)
        groups.setdefault(key, []).append(k)
        plays.setdefault(key, ps)
    out = []
    for key, members in groups.items():
        first = spe[members[0]]
        condition = Condition.never()
        for m in members:
            condition = condition | spe[m].condition
        out.append(
            Outcome(
                plays[key],
                tuple(exact_number(u) for u in first.payoffs),
                condition if len(members) > 1 else first.condition,
                len(members),
                tree.is_numeric,
                first.choices,
                tuple(members),
            )
        )
    return tuple(out)
