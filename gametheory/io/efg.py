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
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from os import PathLike
from pathlib import Path
from typing import NamedTuple

import sympy as sp

from gametheory.exceptions import ScenarioError
from gametheory.model.tree import GameTree, TreeNode, history_text

__all__ = ["load_efg", "read_efg", "write_efg"]

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<punct>[{},])
      | (?P<string>"(?:[^"\\]|\\.)*")
      | (?P<quote>")
      | (?P<word>[^\s{},"]+)""",
    re.VERBOSE | re.DOTALL | re.ASCII,
)
_NUMBER = re.compile(r"-?(?:[0-9]+/[0-9]+|(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)")
_ESCAPE = re.compile(r"\\(.)", re.DOTALL)
_INFOSET_NAME = re.compile(r"([1-9][0-9]*):(0|[1-9][0-9]{0,17})")  # as read_efg names them
_MAX_EXP = 1000  # keeps 1e999999999 from building a gigantic integer
_NUMBER_HINT = "a number such as 3, -1.5, 1e-2 or 1/2"


class _Token(NamedTuple):
    kind: str  # "{", "}", ",", "string", "number", "word" or "eof"
    text: str  # the source text ("" at the end of the file)
    pos: int  # offset in the source text


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


def _unquote(token: str) -> str:
    return _ESCAPE.sub(lambda m: m.group(1) if m.group(1) in '"\\' else m.group(0), token[1:-1])


def _quote(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _describe(token: _Token) -> str:
    if token.kind == "eof":
        return "the end of the file"
    shown = token.text if len(token.text) <= 40 else token.text[:37] + "..."
    return f"the string {shown}" if token.kind == "string" else f"'{shown}'"


def _normalize(labels: list[str]) -> tuple[str, ...]:
    """Make labels distinct and non-empty as Gambit 17 does (``x`` -> ``x_1``, ``x_2``, ...)."""
    counts, used, visited = Counter(labels), set(labels), Counter[str]()
    result = []
    for label in labels:
        if counts[label] > 1 or not label:
            base = label
            while not visited[base] or label in used:
                visited[base] += 1
                label = f"{base}_{visited[base]}"
            used.add(label)
        result.append(label)
    return tuple(result)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def _show(values: tuple[object, ...]) -> str:
    return "(" + ", ".join(str(v) for v in values) + ")"


class _Parser:
    """Tokenizer and reader of one ``.efg`` text (nodes are read with an explicit stack)."""

    def __init__(self, text: str, filename: str | None) -> None:
        self.text, self.filename = text, filename
        self._stream = self._tokens()
        self._ahead: _Token | None = None
        self.moves: dict[tuple[int, int], _Move] = {}  # (player number or 0, number) -> move
        self.outcomes: dict[int, _Outcome] = {}

    def _tokens(self) -> Iterator[_Token]:
        pos = 0
        while pos < len(self.text):
            match = _TOKEN.match(self.text, pos)
            assert match is not None  # the alternatives cover every character
            kind, token = str(match.lastgroup), match.group()
            if kind == "quote":
                raise self.fail("unterminated string: no closing '\"' before the end of file", pos)
            if kind == "word" and _NUMBER.fullmatch(token):
                kind = "number"
            if kind != "space":
                yield _Token(token if kind == "punct" else kind, token, pos)
            pos = match.end()
        yield _Token("eof", "", len(self.text))

    def where(self, pos: int) -> str:
        line, line_start = self.text.count("\n", 0, pos) + 1, self.text.rfind("\n", 0, pos) + 1
        return f"line {line}, column {pos - line_start + 1}"

    def fail(self, message: str, pos: int) -> ScenarioError:
        return ScenarioError(message, file=self.filename, key=self.where(pos))

    def error(self, expected: str, token: _Token) -> ScenarioError:
        return self.fail(f"expected {expected}, found {_describe(token)}", token.pos)

    def peek(self) -> _Token:
        if self._ahead is None:
            self._ahead = next(self._stream)
        return self._ahead

    def next(self) -> _Token:
        token, self._ahead = self.peek(), None
        return token

    def expect(self, kind: str, expected: str) -> _Token:
        if (token := self.next()).kind != kind:
            raise self.error(expected, token)
        return token

    def string(self, expected: str) -> str:
        return _unquote(self.expect("string", f"{expected} (a quoted string)").text)

    def integer(self, expected: str) -> tuple[int, _Token]:
        token = self.next()
        if token.kind != "number" or not token.text.isdigit() or len(token.text) > 18:
            raise self.error(expected, token)
        return int(token.text), token

    def number(self, expected: str) -> Fraction:
        token = self.next()
        if token.kind != "number":
            raise self.error(f"{expected} ({_NUMBER_HINT})", token)
        if (exp := re.search(r"[eE]([+-]?[0-9]+)", token.text)) and abs(int(exp[1])) > _MAX_EXP:
            raise self.fail(f"the exponent of {token.text!r} is too large", token.pos)
        try:
            return Fraction(token.text)
        except ZeroDivisionError:
            raise self.fail(f"{token.text!r} divides by zero", token.pos) from None
        except ValueError as exc:  # e.g. more digits than int() accepts
            raise self.fail(f"cannot read the number {token.text!r}: {exc}", token.pos) from None

    def header(self) -> tuple[str, list[str]]:
        if (head := self.next()).kind != "word" or head.text != "EFG":
            raise self.error("'EFG' (the file type of a Gambit extensive game)", head)
        if (version := self.next()).text != "2":
            raise self.error("the format version '2' after 'EFG'", version)
        if (kind := self.next()).text not in ("R", "D"):
            raise self.error("the number type 'R' or 'D' after 'EFG 2'", kind)
        title = self.string("the game title")
        self.expect("{", "'{' to start the player list")
        players = []
        while (token := self.next()).kind == "string":
            players.append(_unquote(token.text))
        if token.kind != "}" or not players:
            end = " or '}' to end the list" if players else " (the game needs a player)"
            raise self.error(f"a quoted player name{end}", token)
        if self.peek().kind == "string":
            self.next()  # the optional comment
        return title, players

    def move(self, key: tuple[int, int], what: str, token: _Token) -> _Move:
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
            raw.append(_unquote(token.text))
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
        move = _Move(name, tuple(raw), _normalize(raw), tuple(probabilities), start)
        first = self.moves.setdefault(key, move)
        declared = f"{what} was declared at {self.where(first.pos)} with"
        if len(first.raw) != len(move.raw):
            actions = _count(len(first.raw), "action")
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
        payoffs = []
        for p in range(1, n + 1):
            payoffs.append(self.number(f"payoff {p} of outcome {k}"))
            if self.peek().kind == ",":
                self.next()
        self.expect("}", f"'}}' to end outcome {k} (one payoff per player, {_count(n, 'player')})")
        outcome = _Outcome(name, tuple(payoffs), start)
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
                        f"{_count(n, 'player')}, numbered from 1",
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
    return GameTree.from_nodes(_normalize(players), nodes, title=title)


def load_efg(path: str | PathLike[str]) -> GameTree:
    """Read a game tree from a Gambit ``.efg`` file (UTF-8 text).

    Errors are those of :func:`read_efg`, naming ``str(path)`` as the file.
    """
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            file=str(path),
            key=f"line {line}, column {column}",
        ) from None
    return read_efg(text, filename=str(path))


def _number(value: sp.Expr, what: str) -> str:
    if not isinstance(value, sp.Rational):
        raise ScenarioError(f"cannot write {what}: .efg files need exact rational numbers")
    return str(value.p) if value.q == 1 else f"{value.p}/{value.q}"


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
    lines = [f"EFG 2 R {_quote(tree.title)} {{ {' '.join(map(_quote, tree.players))} }}", '""', ""]
    for node in tree.preorder():
        where = repr(history_text(node.history)) if node.history else "the root"
        head = _quote(node.label)
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
                f"{_quote(a)} {_number(p, f'probability {p} of {a!r} at {where}')}"
                for a, p in zip(node.actions, node.probabilities, strict=True)
            )
            lines.append(f'c {head} {events} "" {{ {moves} }} 0')
        else:
            player, name = (node.player or 0) + 1, _quote(node.infoset or "")
            actions = " ".join(map(_quote, node.actions))
            number = numbers[node.infoset_key]
            lines.append(f"p {head} {player} {number} {name} {{ {actions} }} 0")
    return "\n".join(lines) + "\n"
