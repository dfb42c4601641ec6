"""Reading and writing Gambit strategic-form game files (``.nfg``, format version 1).

The grammar follows Gambit's documentation ("Game representation formats": the ``.nfg`` payoff
and outcome versions, ``doc/formats.rst`` in gambitproject/gambit) and Gambit's own reader
(``src/games/file.cc``: ``GameFileLexer``, ``ParseNfgHeader``, ``ReadStrategies``,
``ParseOutcomeBody``, ``ParsePayoffBody``, ``NormalizeLabels``) and writer
(``GameRep::WriteNfgFile``)::

    file       := "NFG" "1" ("R" | "D") TITLE players strategies [COMMENT] body <end of file>
    players    := "{" STRING* "}"
    strategies := "{" ( ("{" STRING+ "}")... | POSITIVE-INTEGER... ) "}"   -- one per player
    body       := NUMBER...                                        -- payoff version
                | "{" ("{" STRING (NUMBER [","])... "}")* "}" INDEX...   -- outcome version

Strategy profiles are listed with player 1's strategy changing fastest. Outcomes are numbered
from 1; index 0 is the null outcome (every payoff zero). Whitespace is insignificant outside
strings; inside a string ``\\"`` stands for ``"`` and ``\\\\`` for ``\\`` (any other backslash is
kept). Numbers are integers, decimals with an optional exponent, or rationals ``p/q``, with an
optional leading ``-`` (Gambit rejects ``+``); each becomes an exact ``Fraction``, so ``0.1`` is
``1/10``.

Labels are normalized as Gambit 17 does: an empty or repeated label ``x`` becomes ``x_1``,
``x_2``, ... (the next suffix not already in use), so ``{ "" "a" "a" }`` reads as ``_1 a_1 a_2``;
strategy counts give the labels ``"1"``, ``"2"``, .... The title is kept, the comment dropped
(:class:`NormalFormGame` has no place for it). Only two-player games are read.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from fractions import Fraction
from math import prod
from os import PathLike
from pathlib import Path
from typing import NamedTuple

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.normal_form import NormalFormGame

__all__ = ["load_nfg", "read_nfg", "write_nfg"]

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
_MAX_EXP = 1000  # keeps 1e999999999 from building a gigantic integer
_NUMBER_HINT = "a number such as 3, -1.5, 1e-2 or 1/2"


class _Token(NamedTuple):
    kind: str  # "{", "}", ",", "string", "number", "word" or "eof"
    text: str  # the source text ("" at the end of the file)
    pos: int  # offset in the source text


def _unquote(token: str) -> str:
    return _ESCAPE.sub(lambda m: m.group(1) if m.group(1) in '"\\' else m.group(0), token[1:-1])


def _quote(label: str) -> str:
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _describe(token: _Token) -> str:
    if token.kind == "eof":
        return "the end of the file"
    shown = token.text if len(token.text) <= 40 else token.text[:37] + "..."
    return f"the string {shown}" if token.kind == "string" else f"'{shown}'"


def _normalize(labels: list[str]) -> list[str]:
    """Make labels distinct and non-empty as Gambit does (``x`` -> ``x_1``, ``x_2``, ...)."""
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
    return result


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


_Payoffs = list[tuple[Fraction, ...]]  # every player's payoff, one tuple per strategy profile


class _Parser:
    """Tokenizer and recursive-descent reader of one ``.nfg`` text, for any number of players."""

    def __init__(self, text: str, filename: str | None) -> None:
        self.text, self.filename = text, filename
        self._stream = self._tokens()
        self._ahead: _Token | None = None

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

    def strings(self, what: str, *, allow_empty: bool) -> list[str]:
        """The quoted strings up to the next ``}`` (the ``{`` has been read)."""
        result = []
        while (token := self.next()).kind == "string":
            result.append(_unquote(token.text))
        if token.kind == "}" and not result and not allow_empty:
            raise self.error(f"a quoted {what} (every player needs a strategy)", token)
        if token.kind != "}":
            raise self.error(f"a quoted {what} or '}}' to end the list", token)
        return result

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

    def parse(self) -> tuple[str, list[str], list[list[str] | int], _Payoffs, int]:
        """Title, player names, strategy labels (or counts), payoffs, player-list offset."""
        if (head := self.next()).kind != "word" or head.text != "NFG":
            raise self.error("'NFG' (the file type of a Gambit strategic game)", head)
        if (version := self.next()).text != "1":
            raise self.error("the format version '1' after 'NFG' (only version 1 exists)", version)
        if (kind := self.next()).text not in ("R", "D"):
            raise self.error("the number type 'R' or 'D' after 'NFG 1'", kind)
        title = _unquote(self.expect("string", "the game title (a quoted string)").text)
        players_pos = self.expect("{", "'{' to start the player list").pos
        players = self.strings("player name", allow_empty=True)
        strategies = self.strategies(len(players))
        if self.peek().kind == "string":
            self.next()  # the optional comment
        n, profiles = len(players), prod(s if isinstance(s, int) else len(s) for s in strategies)
        if self.peek().kind == "{":
            payoffs = self.outcome_body(n, profiles)
        elif self.peek().kind == "number":
            payoffs = self.payoff_body(n, profiles)
        else:
            raise self.error("the payoffs (numbers) or '{' to start the outcomes", self.peek())
        return title, players, strategies, payoffs, players_pos

    def strategies(self, n: int) -> list[list[str] | int]:
        """Each player's strategy labels, or their number when the file gives counts."""
        self.expect("{", "'{' to start the strategy list")
        result: list[list[str] | int] = []
        nested = self.peek().kind == "{"
        for p in range(1, n + 1):
            if nested:
                self.expect("{", f"'{{' to start the strategy names of player {p}")
                result.append(self.strings(f"strategy name of player {p}", allow_empty=False))
            else:
                token = self.next()
                if token.kind != "number" or not token.text.isdigit() or int(token.text) == 0:
                    raise self.error(
                        f"the number of strategies of player {p} (a positive integer)", token
                    )
                result.append(int(token.text))  # labels are made once the body has been read
        what = "one list of names" if nested else "one number of strategies"
        self.expect(
            "}", f"'}}' to end the strategy list ({what} per player, {_count(n, 'player')})"
        )
        return result

    def outcome_body(self, n: int, profiles: int) -> _Payoffs:
        self.next()  # "{"
        outcomes: _Payoffs = [(Fraction(0),) * n]  # 0: the null outcome
        while (token := self.next()).kind == "{":
            k = len(outcomes)
            self.expect("string", f'the label of outcome {k} (a quoted string, possibly "")')
            payoffs = []
            for p in range(1, n + 1):
                payoffs.append(self.number(f"payoff {p} of outcome {k}"))
                if self.peek().kind == ",":
                    self.next()
            self.expect(
                "}", f"'}}' to end outcome {k} (one payoff per player, {_count(n, 'player')})"
            )
            outcomes.append(tuple(payoffs))
        if token.kind != "}":
            raise self.error(f"'{{' to start outcome {len(outcomes)} or '}}' to end them", token)
        last, result = len(outcomes) - 1, []
        for k in range(1, profiles + 1):
            token = self.next()
            if token.kind != "number" or not token.text.isdigit():
                what = f"the outcome index of strategy profile {k} of {profiles}"
                raise self.error(f"{what} (an integer from 0 to {last})", token)
            if int(token.text) > last:
                raise self.fail(
                    f"outcome index {token.text} is out of range: the file defines "
                    f"{_count(last, 'outcome')} (0 is the null outcome)",
                    token.pos,
                )
            result.append(outcomes[int(token.text)])
        self.expect(
            "eof",
            f"the end of the file after the outcome indices (one per strategy "
            f"profile, {profiles} in all)",
        )
        return result

    def payoff_body(self, n: int, profiles: int) -> _Payoffs:
        total, table = n * profiles, f"{_count(n, 'player')} x {_count(profiles, 'profile')}"
        result = [
            tuple(self.number(f"payoff {k * n + p} of {total} ({table})") for p in range(1, n + 1))
            for k in range(profiles)
        ]
        self.expect("eof", f"the end of the file after the {total} payoffs ({table})")
        return result


def read_nfg(text: str, *, filename: str | None = None) -> NormalFormGame:
    """Read a two-player game from the text of a Gambit ``.nfg`` file.

    Parameters
    ----------
    text
        The file's text, in either body style (payoff list or outcomes).
    filename
        The name shown in error messages.

    Returns
    -------
    NormalFormGame
        Player 1 of the file is the row player; payoffs are exact rationals.

    Raises
    ------
    ScenarioError
        The text is not a valid ``.nfg`` file; the key is ``"line L, column C"`` of the offending
        token and the message says what was expected.
    UnsupportedGameError
        The file is valid but its game does not have exactly two players.

    Examples
    --------
    >>> g = read_nfg('NFG 1 R "PD" { "Ann" "Bob" } { 2 2 }  3 3  5 0  0 5  1 1')
    >>> g.players, g.actions
    (('Ann', 'Bob'), (('1', '2'), ('1', '2')))
    >>> g.payoff_profile(1, 0)
    (5, 0)
    """
    parser = _Parser(text, filename)
    title, players, strategies, payoffs, players_pos = parser.parse()
    if len(players) != 2:
        location = ": ".join(part for part in (filename, parser.where(players_pos)) if part)
        raise UnsupportedGameError(
            f"{location}: only two-player games can be read, but this file defines "
            f"{_count(len(players), 'player')}"
        )
    labels = [[str(k) for k in range(1, s + 1)] if isinstance(s, int) else s for s in strategies]
    rows, cols = len(labels[0]), len(labels[1])
    matrices = [
        [[payoffs[i + j * rows][k] for j in range(cols)] for i in range(rows)] for k in (0, 1)
    ]
    return NormalFormGame.from_matrices(
        *matrices,
        players=_normalize(players),
        actions=[_normalize(names) for names in labels],
        title=title,
    )


def load_nfg(path: str | PathLike[str]) -> NormalFormGame:
    """Read a two-player game from a Gambit ``.nfg`` file (UTF-8 text).

    Errors are those of :func:`read_nfg`, naming ``str(path)`` as the file.
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
    return read_nfg(text, filename=str(path))


def _number(value: sp.Expr) -> str:
    return str(value.p) if value.q == 1 else f"{value.p}/{value.q}"


def write_nfg(game: NormalFormGame) -> str:
    """Return the text of a Gambit ``.nfg`` file (payoff version, with strategy names).

    Rationals are written as ``p/q``. :func:`read_nfg` gives back an equal game, except that an
    empty action label comes back renamed (``_1``; Gambit's rule, see the module notes).

    Raises
    ------
    ScenarioError
        A payoff is symbolic or not a rational number (e.g. a sympy ``Float``).

    Examples
    --------
    >>> from fractions import Fraction
    >>> g = NormalFormGame.from_matrices([[1, Fraction(1, 2)]], [[0, -3]], players=("A", "B"),
    ...                                  actions=[["x"], ["l", 'say "r"']], title="T")
    >>> print(write_nfg(g), end="")
    NFG 1 R "T" { "A" "B" }
    { { "x" } { "l" "say \\"r\\"" } }
    ""
    <BLANKLINE>
    1 0
    1/2 -3
    """
    if not game.is_numeric:
        names = ", ".join(sorted(str(s) for s in game.free_symbols))
        raise ScenarioError(
            f"cannot write a symbolic game (parameters {names}) as a Gambit "
            ".nfg file; substitute values first with NormalFormGame.subs"
        )
    rows, cols = game.shape
    for k, i, j in ((k, i, j) for k in (0, 1) for i in range(rows) for j in range(cols)):
        if not isinstance(value := game.payoffs[k][i, j], sp.Rational):
            raise ScenarioError(
                f"cannot write payoff {value} of player {game.players[k]!r} at "
                f"({game.actions[0][i]}, {game.actions[1][j]}): .nfg files "
                "need exact rational payoffs"
            )
    names = " ".join("{ " + " ".join(map(_quote, labels)) + " }" for labels in game.actions)
    head = [
        f"NFG 1 R {_quote(game.title)} {{ {' '.join(map(_quote, game.players))} }}",
        f"{{ {names} }}",
        '""',
        "",
    ]  # title, players, strategy names, empty comment
    a, b = game.payoffs  # then each profile's payoffs, the row player's strategy fastest
    cells = [f"{_number(a[i, j])} {_number(b[i, j])}" for j in range(cols) for i in range(rows)]
    return "\n".join(head + cells) + "\n"
