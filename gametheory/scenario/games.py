"""The game sections of a scenario file: ``[game]`` (strategic form) and ``[tree]``, and the
small readers other sections share (string arrays, arrays of tables, profiles).
"""

from __future__ import annotations

import re

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.formula import FUNCTIONS, parse_formula
from gametheory.limits import MAX_TREE_DEPTH
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.parameters import Parameter
from gametheory.model.scenario import Player
from gametheory.model.tree import GameTree, TreeNode
from gametheory.tables import Table, kind_text, located

NAME_PATTERN = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")

__all__ = [
    "array_of_tables",
    "check_tree_at_defaults",
    "identifier",
    "read_game",
    "read_profile",
    "read_tree",
    "strings",
]


def strings(t: Table, key: str) -> list[str]:
    items = t.get(key, list, default=[])
    for i, item in enumerate(items):
        if not isinstance(item, str):
            raise t.error(f"expected a string, got {kind_text(item)}", f"{t.key(key)}[{i}]")
    return list(items)


def array_of_tables(t: Table, key: str) -> list[Table]:
    items = t.get(key, list, default=[])
    return [Table(item, f"{t.key(key)}[{i}]", t.file) for i, item in enumerate(items)]


def read_game(
    gt: Table, players: tuple[Player, ...], names: dict[str, sp.Expr], title: str
) -> NormalFormGame:
    at = gt.table("actions", required=True)
    assert at is not None
    at.allow_only([p.name for p in players])
    actions: list[tuple[str, ...]] = []
    for player in players:
        labels = strings(at, player.name) if at.has(player.name) else None
        if labels is None:
            raise at.error(f"missing the actions of player {player.name!r}", at.path)
        if not labels:
            raise at.error("expected at least one action", at.key(player.name))
        if len(set(labels)) != len(labels):
            raise at.error("action labels must be distinct", at.key(player.name))
        actions.append(tuple(labels))
    at.finish()
    pt = gt.table("payoffs", required=True)
    assert pt is not None
    rows, cols = actions
    pt.allow_only(rows)
    a = [[sp.S.Zero] * len(cols) for _ in rows]
    b = [[sp.S.Zero] * len(cols) for _ in rows]
    for i, r in enumerate(rows):
        rt = pt.table(r)
        if rt is None:
            raise pt.error(f"missing payoffs for row action {r!r}", pt.path)
        rt.allow_only(cols)
        for j, c in enumerate(cols):
            cell = rt.get(c, list)
            if cell is None:
                raise rt.error(f"missing the payoffs of profile ({r}, {c})", rt.path)
            if len(cell) != 2:
                raise rt.error(
                    f"expected 2 payoffs [{players[0].name}, {players[1].name}], got {len(cell)}",
                    rt.key(c),
                )
            a[i][j], b[i][j] = (
                located(parse_formula, v, names, file=gt.file, key=f"{rt.key(c)}[{k}]")
                for k, v in enumerate(cell)
            )
        rt.finish()
    pt.finish()
    gt.finish()
    return NormalFormGame(
        players=(players[0].name, players[1].name),
        actions=(actions[0], actions[1]),
        payoffs=(sp.ImmutableMatrix(a), sp.ImmutableMatrix(b)),
        title=title,
    )


def read_tree(
    tt: Table, players: tuple[Player, ...], names: dict[str, sp.Expr], title: str
) -> GameTree:
    """The ``[tree]`` section: one table per node, children under ``moves`` (format reference).

    A node is terminal (``payoffs``), a decision node (``player``, optional ``infoset``, ``moves``)
    or a chance node (``chance = true`` and ``moves`` whose tables each give a ``probability``).
    """
    index = {p.name: k for k, p in enumerate(players)}
    nodes: list[TreeNode] = []

    def visit(t: Table, history: tuple[str, ...], under_chance: bool) -> None:
        if len(history) > MAX_TREE_DEPTH:
            raise t.error(f"the tree is deeper than {MAX_TREE_DEPTH} levels (see limits)")
        if not under_chance and t.has("probability"):
            raise t.error(
                "'probability' belongs to the moves of a chance node", t.key("probability")
            )
        label = t.get("label", str, default="")
        if t.has("payoffs"):
            for key in ("player", "chance", "moves", "infoset"):
                if t.has(key):
                    raise t.error(
                        f"a node with payoffs is terminal and cannot have {key!r}", t.key(key)
                    )
            cell = t.get("payoffs", list)
            if len(cell) != len(players):
                expected = ", ".join(index)
                raise t.error(
                    f"expected {len(players)} payoffs [{expected}], got {len(cell)}",
                    t.key("payoffs"),
                )
            payoffs = tuple(
                located(parse_formula, v, names, file=t.file, key=f"{t.key('payoffs')}[{k}]")
                for k, v in enumerate(cell)
            )
            t.finish()
            nodes.append(TreeNode(history, "terminal", payoffs=payoffs, label=label))
            return
        chance = t.get("chance", bool, default=False)
        if not t.has("moves"):
            raise t.error(
                "expected 'payoffs' (a terminal node) or 'moves' (a decision or chance node)",
                t.path or None,
            )
        moves = t.table("moves", required=True)
        assert moves is not None
        if not moves.data:
            raise moves.error("expected at least one move", moves.path)
        actions = tuple(moves.data)
        children = [moves.table(a) for a in actions]
        if chance:
            if t.has("player") or t.has("infoset"):
                raise t.error("a chance node has no player or information set", t.path)
            probabilities = []
            for child in children:
                assert child is not None
                raw = child.get("probability", (int, float, str), required=True)
                probabilities.append(
                    located(parse_formula, raw, names, file=t.file, key=child.key("probability"))
                )
            nodes.append(
                TreeNode(
                    history,
                    "chance",
                    actions=actions,
                    probabilities=tuple(probabilities),
                    label=label,
                )
            )
        else:
            who = t.get("player", str, required=True)
            if who not in index:
                raise t.error(
                    f"unknown player {who!r}; expected one of {', '.join(index)}", t.key("player")
                )
            infoset = t.get("infoset", str, default=None)
            nodes.append(
                TreeNode(
                    history,
                    "decision",
                    player=index[who],
                    actions=actions,
                    infoset=infoset,
                    label=label,
                )
            )
        t.finish()
        for a, child in zip(actions, children, strict=True):
            assert child is not None
            visit(child, (*history, a), chance)
        moves.finish()

    visit(tt, (), False)
    try:
        tree = GameTree.from_nodes(tuple(p.name for p in players), nodes, title=title)
    except ScenarioError as err:
        raise err.located(file=tt.file, key=tt.path) from None
    return tree


def check_tree_at_defaults(tree: GameTree, parameters: list[Parameter], file: str | None) -> None:
    """Chance probabilities must be probabilities summing to 1 at the defaults."""
    try:
        tree.subs({p.symbol: p.default for p in parameters}).check_probabilities()
    except ScenarioError as err:
        raise err.located(file=file, key="tree") from None


def read_profile(t: Table, key: str, game: NormalFormGame) -> tuple[str, str] | None:
    """A profile given as [row action, column action] or {player = action}."""
    if not t.has(key):
        return None
    raw = t.get(key, (list, dict))
    where = t.key(key)
    if isinstance(raw, dict):
        sub = Table(raw, where, t.file)
        sub.allow_only(list(game.players))
        labels = [sub.get(p, str, required=True) for p in game.players]
        sub.finish()
    else:
        if len(raw) != 2 or not all(isinstance(x, str) for x in raw):
            raise t.error(
                f"expected [{game.players[0]} action, {game.players[1]} action], got {raw!r}", where
            )
        labels = list(raw)
    for k, label in enumerate(labels):
        if label not in game.actions[k]:
            raise t.error(
                f"{label!r} is not an action of {game.players[k]!r}; expected one of "
                f"{', '.join(game.actions[k])}",
                where,
            )
    return (labels[0], labels[1])


def identifier(text: str, t: Table, key: str) -> str:
    """A name usable in formulas: ASCII letters, digits and _, not a function name."""

    if not NAME_PATTERN.match(text):
        raise t.error(
            f"expected a name of ASCII letters, digits and _ (not first), got {text!r}", key
        )
    if text in FUNCTIONS:
        raise t.error(f"{text!r} is a function name and cannot name a parameter", key)
    return text
