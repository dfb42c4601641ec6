"""Reading and writing Gambit extensive-form game files (``.efg``, format version 2).

The grammar follows Gambit's documentation ("The extensive game (.efg) file format",
``doc/formats.efg.rst`` in gambitproject/gambit) and Gambit's reader (``src/games/file.cc``:
``ReadEfgFile``, ``ParseNode``, ``ParseChanceNode``, ``ParsePersonalNode``, ``ParseOutcome``)::

    file     := "EFG" "2" ("R" | "D") TITLE "{" PLAYER... "}" [COMMENT] node <end of file>
    node     := "c" NAME EVENT [EVENT-NAME "{" (ACTION PROBABILITY)+ "}"] outcome  child...
              | "p" NAME PLAYER INFOSET [INFOSET-NAME "{" ACTION+ "}"] outcome     child...
              | "t" NAME outcome
    outcome  := INDEX [OUTCOME-NAME "{" (PAYOFF [","])... "}"]     -- one payoff per player

Nodes come in preorder. Players are numbered from 1; information sets per player; chance
events on their own. An information set, event or outcome is described at its first use; later
uses repeat the description exactly or give the number alone. Outcome 0 is the null outcome, and
outcomes at inner nodes add up: a terminal's payoffs are the sum of the outcomes on its path.
Strings and numbers are read as by :mod:`gametheory.io.nfg` (exact ``Fraction`` values).

Mapping to :class:`~gametheory.model.tree.GameTree`: node names become labels; the information set
``k`` of the player numbered ``p`` (the file's numbers) is named ``f"{p}:{k}"``, e.g. ``"2:1"``;
chance nodes have none. Empty or repeated action labels ``x`` at a node become ``x_1``, ``x_2``,
... (the next suffix not in use), as Gambit 17 does, so histories agree with pygambit's; player
names likewise. Event, information-set and outcome names and the comment are dropped.

Text after the last node is an error (Gambit ignores it), so a node with a wrong number of
actions is reported rather than misread. Files of older Gambit versions that Gambit 17 refuses
(repeated node names, labels with odd whitespace) are read.
"""

from __future__ import annotations

import re
from fractions import Fraction
from os import PathLike
from typing import NamedTuple

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.io._gambit_lexer import (
    GambitTokens,
    Token,
    count,
    decode_file,
    normalize,
    quote,
    rational_text,
    unquote,
)
from gametheory.limits import MAX_TREE_DEPTH
from gametheory.model.tree import GameTree, TreeNode, history_text

__all__ = ["load_efg", "read_efg", "write_efg"]

_INFOSET_NAME = re.compile(r"([1-9][0-9]*):(0|[1-9][0-9]{0,17})")  # as read_efg names them


class _Move(NamedTuple):
    """An information set or chance event as first declared."""

    name: str
    raw: tuple[str, ...]  # action labels as written
    actions: tuple[str, ...]  # normalized action labels
    probabilities: tuple[Fraction, ...]  # chance events only
    pos: int


class _Outcome(NamedTuple):
    name: str
    payoffs: tuple[Fraction, ...]
    pos: int


def _show(values: tuple[object, ...]) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


class _Parser(GambitTokens):
    """Reader of one ``.efg`` text (nodes are read with an explicit stack)."""

    max_digits = 18  # integers: player, information set, event and outcome numbers

    def __init__(self, text: str, filename: str | None) -> None:
        super().__init__(text, filename)
        self.moves: dict[tuple[int, int], _Move] = {}  # (player number or 0, number) -> move
        self.outcomes: dict[int, _Outcome] = {}

    def header(self) -> tuple[str, list[str]]:
        title, _ = self.preamble("EFG", "2", "extensive game")
        players = []
        while (token := self.next()).kind == "string":
            players.append(unquote(token.text))
        if token.kind != "}" or not players:
            end = " or '}' to end the list" if players else " (the game needs a player)"
            raise self.error(f"a quoted player name{end}", token)
        self.skip_comment()
        return title, players

    def move(self, key: tuple[int, int], what: str, token: Token) -> _Move:
        """The actions (and probabilities) of an information set or event; ``token`` is the
        number just read. A repeated description must match the first one."""
        if self.peek().kind != "string":
            if key not in self.moves:
                raise self.fail(f"{what} is used before its name and actions are given", token.pos)
            return self.moves[key]
        name, chance = self.string(f"the name of {what}"), key[0] == 0
        start = self.expect("{", f"'{{' to start the actions of {what}").pos
        raw, probabilities = [], []
        while (token := self.next()).kind == "string":
            raw.append(unquote(token.text))
            if chance:
                probabilities.append(self.number(f"the probability of {raw[-1]!r} in {what}"))
        if token.kind != "}" or not raw:
            end = " or '}' to end them" if raw else ""
            raise self.error(f"a quoted action label of {what}{end}", token)
        for action, p in zip(raw, probabilities, strict=False):
            if p < 0:
                raise self.fail(f"the probability {p} of {action!r} in {what} is negative", start)
        if chance and (total := sum(probabilities)) != 1:
            raise self.fail(f"the probabilities of {what} sum to {total}, not 1", start)
        move = _Move(name, tuple(raw), tuple(normalize(raw)), tuple(probabilities), start)
        first = self.moves.setdefault(key, move)
        declared = f"{what} was declared at {self.where(first.pos)} with"
        if len(first.raw) != len(move.raw):
            actions = count(len(first.raw), "action")
            raise self.fail(f"{declared} {actions}, but here with {len(move.raw)}", start)
        for field, old, new in (
            ("actions", repr(first.raw), repr(move.raw)),
            ("probabilities", _show(first.probabilities), _show(move.probabilities)),
            ("the name", repr(first.name), repr(move.name)),
        ):
            if old != new:
                raise self.fail(f"{declared} {field} {old}, but here {new}", start)
        return first

    def outcome(self, n: int) -> tuple[Fraction, ...] | None:
        """The payoffs of a node's outcome, or ``None`` for the null outcome."""
        k, token = self.integer("the outcome number (a non-negative integer, 0 for none)")
        if self.peek().kind != "string":
            if k and k not in self.outcomes:
                message = f"outcome {k} is used before its name and payoffs are given"
                raise self.fail(message, token.pos)
            return self.outcomes[k].payoffs if k else None
        if k == 0:
            message = "outcome 0 is the null outcome: it cannot have a name or payoffs"
            raise self.fail(message, token.pos)
        name = self.string(f"the name of outcome {k}")
        start = self.expect("{", f"'{{' to start the payoffs of outcome {k}").pos
        outcome = _Outcome(name, self.payoffs(n, k), start)
        first = self.outcomes.setdefault(k, outcome)
        if first.name != name or first.payoffs != outcome.payoffs:
            old, new = (f"{o.name!r} {_show(o.payoffs)}" for o in (first, outcome))
            raise self.fail(
                f"outcome {k} was defined at {self.where(first.pos)} as {old}, but here as {new}",
                start,
            )
        return first.payoffs

    def tree(self, n: int) -> list[TreeNode]:
        """Every node, read in preorder with an explicit stack (deep trees need no recursion)."""
        nodes: list[TreeNode] = []
        zero = (Fraction(0),) * n
        stack: list[tuple[tuple[str, ...], tuple[Fraction, ...]]] = [((), zero)]
        while stack:
            history, accrued = stack.pop()
            token = self.next()
            if len(history) > MAX_TREE_DEPTH:
                raise self.fail(
                    f"the tree is deeper than {MAX_TREE_DEPTH} levels (see "
                    "docs/reference/limits.md)",
                    token.pos,
                )
            if token.kind != "word" or token.text not in ("c", "p", "t"):
                node = f"the node {history_text(history)!r}" if history else "the root"
                kinds = "'c' chance, 'p' personal or 't' terminal"
                raise self.error(f"the entry of {node} ({kinds})", token)
            label = self.string("the node name")
            if token.text == "t":
                last = self.outcome(n) or zero
                payoffs = tuple(a + b for a, b in zip(accrued, last, strict=True))
                nodes.append(TreeNode(history, "terminal", payoffs=payoffs, label=label))
                continue
            if token.text == "c":
                number, at = self.integer("the chance event number (a non-negative integer)")
                move = self.move((0, number), f"chance event {number}", at)
                kind, player, infoset = "chance", None, None
            else:
                player, at = self.integer("the player number (a positive integer)")
                if not 1 <= player <= n:
                    raise self.fail(
                        f"player number {player} is out of range: the file defines "
                        f"{count(n, 'player')}, numbered from 1",
                        at.pos,
                    )
                expected = f"the information set number of player {player}"
                number, at = self.integer(f"{expected} (a non-negative integer)")
                move = self.move(
                    (player, number), f"information set {number} of player {player}", at
                )
                kind, player, infoset = "decision", player - 1, f"{player}:{number}"
            nodes.append(
                TreeNode(
                    history,
                    kind,
                    player=player,
                    actions=move.actions,
                    probabilities=move.probabilities,
                    infoset=infoset,
                    label=label,
                )
            )
            if (own := self.outcome(n)) is not None:
                accrued = tuple(a + b for a, b in zip(accrued, own, strict=True))
            stack.extend(((*history, a), accrued) for a in reversed(move.actions))
        self.expect("eof", "the end of the file after the last node (the tree is complete)")
        return nodes


def read_efg(text: str, *, filename: str | None = None) -> GameTree:
    """Read a game tree from the text of a Gambit ``.efg`` file.

    Parameters
    ----------
    text
        The file's text.
    filename
        The name shown in error messages.

    Returns
    -------
    GameTree
        Payoffs and probabilities are exact rationals; a terminal's payoffs are the sum of the
        outcomes on its path (zero without any). Information sets are named ``"player:number"``.

    Raises
    ------
    ScenarioError
        The text is not a valid ``.efg`` file, or its game is inconsistent (probabilities that
        are negative or do not sum to 1, a player number out of range, an information set, event
        or outcome used before it is described or described differently twice). The key is
        ``"line L, column C"`` of the offending token and the message says what was expected.

    Examples
    --------
    >>> tree = read_efg('''EFG 2 R "Entry" { "Entrant" "Incumbent" }
    ... p "" 1 1 "" { "Out" "In" } 0
    ... t "" 1 "stay out" { 0, 2 }
    ... p "" 2 1 "" { "Fight" "Accommodate" } 0
    ... t "" 2 "war" { -1, -1 }
    ... t "" 3 "" { 1/2, 1 }''')
    >>> tree.players, tree.node(("In",)).infoset
    (('Entrant', 'Incumbent'), '2:1')
    >>> tree.node(("In", "Accommodate")).payoffs
    (1/2, 1)
    """
    parser = _Parser(text, filename)
    title, players = parser.header()
    nodes = parser.tree(len(players))
    return GameTree.from_nodes(tuple(normalize(players)), nodes, title=title)


def load_efg(path: str | PathLike[str]) -> GameTree:
    """Read a game tree from a Gambit ``.efg`` file (UTF-8 text).

    Errors are those of :func:`read_efg`, naming ``str(path)`` as the file.
    """
    return read_efg(decode_file(path), filename=str(path))


def _number(value: sp.Expr, what: str) -> str:
    if not isinstance(value, sp.Rational):
        raise ScenarioError(f"cannot write {what}: .efg files need exact rational numbers")
    return rational_text(value)


def _infoset_numbers(tree: GameTree) -> dict[str, int]:
    """Each information set's number within its player: ``"p:k"`` names of the node's own player
    keep ``k``; the others get the smallest free numbers, in order of first appearance."""
    numbers: dict[str, int] = {}
    taken: dict[int, set[int]] = {}
    for key, members in tree.infosets.items():
        match = _INFOSET_NAME.fullmatch(key)
        if match and int(match[1]) == (members[0].player or 0) + 1:
            numbers[key] = int(match[2])
            taken.setdefault(int(match[1]), set()).add(int(match[2]))
    for key, members in tree.infosets.items():
        if key not in numbers:
            used = taken.setdefault((members[0].player or 0) + 1, set())
            numbers[key] = next(k for k in range(1, len(used) + 2) if k not in used)
            used.add(numbers[key])
    return numbers


def write_efg(tree: GameTree) -> str:
    """Return the text of a Gambit ``.efg`` file for a numeric game tree.

    Nodes are written in preorder with their labels as names. Chance events are numbered 1, 2,
    ... in order; an information set named ``"p:k"`` after its own player ``p`` keeps the number
    ``k`` and the others get the free numbers in order of appearance; each terminal gets its own
    outcome (numbered in order, unnamed). So :func:`read_efg` gives back an equal tree when the
    player and action labels are distinct and non-empty and the information sets are named as
    the reader names them, and otherwise the same game up to those names. Labels are written as
    they are, though Gambit 17 refuses repeated node names and labels with leading, trailing or
    doubled whitespace.

    Raises
    ------
    ScenarioError
        A payoff or probability is symbolic or not a rational number (e.g. a sympy ``Float``),
        or the chance probabilities are invalid.

    Examples
    --------
    >>> tree = GameTree.from_nodes(("A", "B"), [
    ...     TreeNode((), "chance", actions=("x", "y"), probabilities=(Fraction(1, 3), Fraction(2, 3))),
    ...     TreeNode(("x",), "terminal", payoffs=(1, -1)),
    ...     TreeNode(("y",), "decision", player=1, actions=("l",), label="B moves"),
    ...     TreeNode(("y", "l"), "terminal", payoffs=(Fraction(1, 2), 0))], title="T")
    >>> print(write_efg(tree), end="")
    EFG 2 R "T" { "A" "B" }
    ""
    <BLANKLINE>
    c "" 1 "" { "x" 1/3 "y" 2/3 } 0
    t "" 1 "" { 1, -1 }
    p "B moves" 2 1 "" { "l" } 0
    t "" 2 "" { 1/2, 0 }
    >>> read_efg(write_efg(tree)).node(("y",)).infoset
    '2:1'
    """
    if not tree.is_numeric:
        names = ", ".join(sorted(str(s) for s in tree.free_symbols))
        raise ScenarioError(
            f"cannot write a symbolic tree (parameters {names}) as a Gambit .efg file; "
            "substitute values first with GameTree.subs"
        )
    tree.check_probabilities()
    numbers, events, outcomes = _infoset_numbers(tree), 0, 0
    lines = [f"EFG 2 R {quote(tree.title)} {{ {' '.join(map(quote, tree.players))} }}", '""', ""]
    for node in tree.preorder():
        where = repr(history_text(node.history)) if node.history else "the root"
        head = quote(node.label)
        if node.kind == "terminal":
            outcomes += 1
            payoffs = ", ".join(
                _number(u, f"payoff {u} of player {tree.players[k]!r} at {where}")
                for k, u in enumerate(node.payoffs)
            )
            lines.append(f't {head} {outcomes} "" {{ {payoffs} }}')
        elif node.kind == "chance":
            events += 1
            moves = " ".join(
                f"{quote(a)} {_number(p, f'probability {p} of {a!r} at {where}')}"
                for a, p in zip(node.actions, node.probabilities, strict=True)
            )
            lines.append(f'c {head} {events} "" {{ {moves} }} 0')
        else:
            player, name = (node.player or 0) + 1, quote(node.infoset or "")
            actions = " ".join(map(quote, node.actions))
            number = numbers[node.infoset_key]
            lines.append(f"p {head} {player} {number} {name} {{ {actions} }} 0")
    return "\n".join(lines) + "\n"
