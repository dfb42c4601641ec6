"""The lexing machinery shared by the Gambit ``.nfg`` and ``.efg`` readers and writers.

Both formats (Gambit's ``src/games/file.cc``, ``GameFileLexer``) are made of the same tokens:
``{``, ``}`` and ``,``; strings in double quotes, inside which ``\\"`` stands for ``"`` and
``\\\\`` for ``\\`` (any other backslash is kept); numbers (integers, decimals with an optional
exponent, or rationals ``p/q``, with an optional leading ``-``), each read as an exact
``Fraction``; and bare words such as ``NFG`` or ``p``. Whitespace is insignificant outside
strings.

:class:`GambitTokens` turns a text into these tokens and reads them, with error messages of the
form ``expected ..., found ...`` keyed by ``"line L, column C"``; each format's reader subclasses
it with its own grammar. The module functions quote and unquote labels, normalize them as Gambit
17 does, and decode a file.
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
from gametheory.limits import rational_text as text

__all__ = [
    "GambitTokens",
    "Token",
    "count",
    "decode_file",
    "describe",
    "normalize",
    "quote",
    "rational_text",
    "unquote",
]

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


class Token(NamedTuple):
    """One token of a Gambit file."""

    kind: str  # "{", "}", ",", "string", "number", "word" or "eof"
    text: str  # the source text ("" at the end of the file)
    pos: int  # offset in the source text


def unquote(token: str) -> str:
    """The label a quoted string token stands for (``\\"`` -> ``"``, ``\\\\`` -> ``\\``)."""
    return _ESCAPE.sub(lambda m: m.group(1) if m.group(1) in '"\\' else m.group(0), token[1:-1])


def quote(label: str) -> str:
    """The quoted string token for a label (the inverse of :func:`unquote`)."""
    return '"' + label.replace("\\", "\\\\").replace('"', '\\"') + '"'


def describe(token: Token) -> str:
    """How an error message names a token found where another was expected."""
    if token.kind == "eof":
        return "the end of the file"
    shown = token.text if len(token.text) <= 40 else token.text[:37] + "..."
    return f"the string {shown}" if token.kind == "string" else f"'{shown}'"


def normalize(labels: list[str]) -> list[str]:
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
    return result


def count(n: int, noun: str) -> str:
    """``n`` and the noun, plural unless ``n`` is 1 (``count(2, "player")`` is ``2 players``)."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def rational_text(value: sp.Rational) -> str:
    """A rational number as a Gambit file writes it: ``p`` or ``p/q``."""

    return text(value)


def decode_file(path: str | PathLike[str]) -> str:
    """The text of a UTF-8 file (an initial byte-order mark is dropped).

    Raises
    ------
    ScenarioError
        The file is not UTF-8; the key is ``"line L, column C"`` of the first bad byte.
    """
    data = Path(path).read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        column = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        raise ScenarioError(
            f"the file is not UTF-8 text (byte 0x{data[exc.start]:02x})",
            file=str(path),
            key=f"line {line}, column {column}",
        ) from None


class GambitTokens:
    """Tokenizer of one Gambit file's text, and the readers of its tokens that both formats use.

    Tokens are made lazily, so an unterminated string is reported when the reader reaches it.
    """

    #: The most digits :meth:`integer` accepts (``None``: any number).
    max_digits: int | None = None

    def __init__(self, text: str, filename: str | None) -> None:
        self.text, self.filename = text, filename
        self._stream = self._tokens()
        self._ahead: Token | None = None

    def _tokens(self) -> Iterator[Token]:
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
                yield Token(token if kind == "punct" else kind, token, pos)
            pos = match.end()
        yield Token("eof", "", len(self.text))

    def where(self, pos: int) -> str:
        """``"line L, column C"`` of an offset in the text (both counted from 1)."""
        line, line_start = self.text.count("\n", 0, pos) + 1, self.text.rfind("\n", 0, pos) + 1
        return f"line {line}, column {pos - line_start + 1}"

    def fail(self, message: str, pos: int) -> ScenarioError:
        """The error to raise about the text at ``pos``."""
        return ScenarioError(message, file=self.filename, key=self.where(pos))

    def error(self, expected: str, token: Token) -> ScenarioError:
        """The error to raise when ``token`` was found where ``expected`` should be."""
        return self.fail(f"expected {expected}, found {describe(token)}", token.pos)

    def peek(self) -> Token:
        """The next token, left to be read."""
        if self._ahead is None:
            self._ahead = next(self._stream)
        return self._ahead

    def next(self) -> Token:
        """Read the next token."""
        token, self._ahead = self.peek(), None
        return token

    def expect(self, kind: str, expected: str) -> Token:
        """Read a token of the given kind, or fail saying what was ``expected``."""
        if (token := self.next()).kind != kind:
            raise self.error(expected, token)
        return token

    def string(self, expected: str) -> str:
        """Read a quoted string and return its label."""
        return unquote(self.expect("string", f"{expected} (a quoted string)").text)

    def integer(self, expected: str) -> tuple[int, Token]:
        """Read a non-negative integer (of at most :attr:`max_digits` digits) and its token."""
        token = self.next()
        if token.kind != "number" or not token.text.isdigit():
            raise self.error(expected, token)
        if self.max_digits is not None and len(token.text) > self.max_digits:
            raise self.error(expected, token)
        return int(token.text), token

    def number(self, expected: str) -> Fraction:
        """Read a number as an exact fraction."""
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

    def preamble(self, file_type: str, version: str, game: str, note: str = "") -> tuple[str, int]:
        """Read ``file_type version ("R" | "D") TITLE "{"``: the title and the ``{`` offset.

        ``game`` names the kind of game in the message about a wrong file type; ``note`` is added
        to the one about a wrong version.
        """
        if (head := self.next()).kind != "word" or head.text != file_type:
            raise self.error(f"'{file_type}' (the file type of a Gambit {game})", head)
        if (found := self.next()).text != version:
            raise self.error(f"the format version '{version}' after '{file_type}'{note}", found)
        if (kind := self.next()).text not in ("R", "D"):
            raise self.error(f"the number type 'R' or 'D' after '{file_type} {version}'", kind)
        title = self.string("the game title")
        return title, self.expect("{", "'{' to start the player list").pos

    def skip_comment(self) -> None:
        """Read the optional comment (a quoted string) after the player lists."""
        if self.peek().kind == "string":
            self.next()

    def payoffs(self, n: int, k: int) -> tuple[Fraction, ...]:
        """Read the ``n`` payoffs of outcome ``k``, each perhaps followed by a comma, and the
        closing ``}`` (the ``{`` has been read)."""
        result = []
        for p in range(1, n + 1):
            result.append(self.number(f"payoff {p} of outcome {k}"))
            if self.peek().kind == ",":
                self.next()
        self.expect("}", f"'}}' to end outcome {k} (one payoff per player, {count(n, 'player')})")
        return tuple(result)
