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

import itertools
from fractions import Fraction
from math import prod
from os import PathLike

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.io._gambit_lexer import (
    GambitTokens,
    count,
    decode_file,
    normalize,
    quote,
    rational_text,
    unquote,
)
from gametheory.model.normal_form import NormalFormGame
from gametheory.model.nplayer import MAX_PROFILES, NPlayerGame

__all__ = ["load_nfg", "load_nfg_game", "read_nfg", "read_nfg_game", "write_nfg"]

_Payoffs = list[tuple[Fraction, ...]]  # every player's payoff, one tuple per strategy profile


class _Parser(GambitTokens):
    """Recursive-descent reader of one ``.nfg`` text, for any number of players."""

    def strings(self, what: str, *, allow_empty: bool) -> list[str]:
        """The quoted strings up to the next ``}`` (the ``{`` has been read)."""
        result = []
        while (token := self.next()).kind == "string":
            result.append(unquote(token.text))
        if token.kind == "}" and not result and not allow_empty:
            raise self.error(f"a quoted {what} (every player needs a strategy)", token)
        if token.kind != "}":
            raise self.error(f"a quoted {what} or '}}' to end the list", token)
        return result

    def parse(self) -> tuple[str, list[str], list[list[str] | int], _Payoffs, int]:
        """Title, player names, strategy labels (or counts), payoffs, player-list offset."""
        title, players_pos = self.preamble("NFG", "1", "strategic game", " (only version 1 exists)")
        players = self.strings("player name", allow_empty=True)
        strategies = self.strategies(len(players))
        self.skip_comment()
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
                expected = f"the number of strategies of player {p} (a positive integer)"
                size, token = self.integer(expected)
                if size == 0:
                    raise self.error(expected, token)
                result.append(size)  # labels are made once the body has been read
        what = "one list of names" if nested else "one number of strategies"
        self.expect("}", f"'}}' to end the strategy list ({what} per player, {count(n, 'player')})")
        return result

    def outcome_body(self, n: int, profiles: int) -> _Payoffs:
        self.next()  # "{"
        outcomes: _Payoffs = [(Fraction(0),) * n]  # 0: the null outcome
        while (token := self.next()).kind == "{":
            k = len(outcomes)
            self.expect("string", f'the label of outcome {k} (a quoted string, possibly "")')
            outcomes.append(self.payoffs(n, k))
        if token.kind != "}":
            raise self.error(f"'{{' to start outcome {len(outcomes)} or '}}' to end them", token)
        last, result = len(outcomes) - 1, []
        for k in range(1, profiles + 1):
            what = f"the outcome index of strategy profile {k} of {profiles}"
            index, token = self.integer(f"{what} (an integer from 0 to {last})")
            if index > last:
                raise self.fail(
                    f"outcome index {token.text} is out of range: the file defines "
                    f"{count(last, 'outcome')} (0 is the null outcome)",
                    token.pos,
                )
            result.append(outcomes[index])
        self.expect(
            "eof",
            f"the end of the file after the outcome indices (one per strategy "
            f"profile, {profiles} in all)",
        )
        return result

    def payoff_body(self, n: int, profiles: int) -> _Payoffs:
        total, table = n * profiles, f"{count(n, 'player')} x {count(profiles, 'profile')}"
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
            f"{location}: read_nfg reads two-player games (read_nfg_game reads any number), "
            f"but this file defines {count(len(players), 'player')}"
        )
    return _two_player(title, players, strategies, payoffs)


def _labels(strategies: list[list[str] | int]) -> list[list[str]]:
    return [[str(k) for k in range(1, s + 1)] if isinstance(s, int) else s for s in strategies]


def _two_player(
    title: str, players: list[str], strategies: list[list[str] | int], payoffs: _Payoffs
) -> NormalFormGame:
    labels = _labels(strategies)
    rows, cols = len(labels[0]), len(labels[1])
    matrices = [
        [[payoffs[i + j * rows][k] for j in range(cols)] for i in range(rows)] for k in (0, 1)
    ]
    return NormalFormGame.from_matrices(
        *matrices,
        players=normalize(players),
        actions=[normalize(names) for names in labels],
        title=title,
    )


def read_nfg_game(text: str, *, filename: str | None = None) -> NormalFormGame | NPlayerGame:
    """Read a game with any number of players from the text of a Gambit ``.nfg`` file.

    A two-player file gives a :class:`NormalFormGame` (as :func:`read_nfg`), a file with three
    or more players an :class:`~gametheory.model.nplayer.NPlayerGame` (player 1 of the file is
    player 0; Gambit lists profiles with player 1 changing fastest, the game's table with the
    last player changing fastest).

    Raises
    ------
    ScenarioError
        The text is not a valid ``.nfg`` file (naming the line and column), or the game has
        fewer than two players or more than :data:`~gametheory.model.nplayer.MAX_PROFILES`
        pure profiles.

    Examples
    --------
    >>> g = read_nfg_game('NFG 1 R "" { "A" "B" "C" } { 2 1 1 }  1 2 3  4 5 6')
    >>> g.players, g.shape, g.payoff((1, 0, 0))
    (('A', 'B', 'C'), (2, 1, 1), (4, 5, 6))
    """
    parser = _Parser(text, filename)
    title, players, strategies, payoffs, players_pos = parser.parse()
    location = ": ".join(part for part in (filename, parser.where(players_pos)) if part)
    if len(players) < 2:
        raise ScenarioError(
            f"{location}: a game needs at least two players, this file defines "
            f"{count(len(players), 'player')}"
        )
    if len(players) == 2:
        return _two_player(title, players, strategies, payoffs)
    if len(payoffs) > MAX_PROFILES:
        raise ScenarioError(
            f"{location}: the game has {len(payoffs)} pure profiles, more than the "
            f"{MAX_PROFILES} fedlocal reads"
        )
    labels = [normalize(names) for names in _labels(strategies)]
    sizes = [len(a) for a in labels]

    def gambit_index(profile: tuple[int, ...]) -> int:
        index, step = 0, 1
        for i, n in zip(profile, sizes, strict=True):  # player 1 fastest
            index += i * step
            step *= n
        return index

    return NPlayerGame.from_function(
        normalize(players), labels, lambda p: payoffs[gambit_index(p)], title=title
    )


def load_nfg(path: str | PathLike[str]) -> NormalFormGame:
    """Read a two-player game from a Gambit ``.nfg`` file (UTF-8 text).

    Errors are those of :func:`read_nfg`, naming ``str(path)`` as the file.
    """
    return read_nfg(decode_file(path), filename=str(path))


def load_nfg_game(path: str | PathLike[str]) -> NormalFormGame | NPlayerGame:
    """Read a game with any number of players from a Gambit ``.nfg`` file (see
    :func:`read_nfg_game`)."""
    return read_nfg_game(decode_file(path), filename=str(path))


def write_nfg(game: NormalFormGame | NPlayerGame) -> str:
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
    if isinstance(game, NPlayerGame):
        return _write_nplayer(game)
    rows, cols = game.shape
    for k, i, j in ((k, i, j) for k in (0, 1) for i in range(rows) for j in range(cols)):
        if not isinstance(value := game.payoffs[k][i, j], sp.Rational):
            raise ScenarioError(
                f"cannot write payoff {value} of player {game.players[k]!r} at "
                f"({game.actions[0][i]}, {game.actions[1][j]}): .nfg files "
                "need exact rational payoffs"
            )
    names = " ".join("{ " + " ".join(map(quote, labels)) + " }" for labels in game.actions)
    head = [
        f"NFG 1 R {quote(game.title)} {{ {' '.join(map(quote, game.players))} }}",
        f"{{ {names} }}",
        '""',
        "",
    ]  # title, players, strategy names, empty comment
    a, b = game.payoffs  # then each profile's payoffs, the row player's strategy fastest
    cells = [
        f"{rational_text(a[i, j])} {rational_text(b[i, j])}"
        for j in range(cols)
        for i in range(rows)
    ]
    return "\n".join(head + cells) + "\n"


def _write_nplayer(game: NPlayerGame) -> str:
    """The ``.nfg`` text of an N-player game (payoff version, player 1 changing fastest)."""
    for profile in game.profiles():
        for k, value in enumerate(game.payoff(profile)):
            if not isinstance(value, sp.Rational):
                raise ScenarioError(
                    f"cannot write payoff {value} of player {game.players[k]!r} at "
                    f"({', '.join(game.labels(profile))}): .nfg files need exact rational payoffs"
                )
    names = " ".join("{ " + " ".join(map(quote, labels)) + " }" for labels in game.actions)
    head = [
        f"NFG 1 R {quote(game.title)} {{ {' '.join(map(quote, game.players))} }}",
        f"{{ {names} }}",
        '""',
        "",
    ]
    reversed_shape = [range(n) for n in reversed(game.shape)]
    cells = [
        " ".join(rational_text(u) for u in game.payoff(tuple(reversed(rev))))
        for rev in itertools.product(*reversed_shape)
    ]
    return "\n".join(head + cells) + "\n"
