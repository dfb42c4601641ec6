"""Exceptions and warnings raised by fedlocal.

Every error the library raises on purpose derives from :class:`GameTheoryError`, so a caller (and the
``fedlocal`` command line) can catch one base class. Errors about bad input also derive from the
matching built-in (``ValueError``, ``NotImplementedError``) so generic code keeps working.
"""

from __future__ import annotations

__all__ = [
    "DegenerateGameWarning",
    "FormulaError",
    "GameTheoryError",
    "InputTypeError",
    "OutputError",
    "ScenarioError",
    "SolverError",
    "UnsupportedGameError",
    "UnsupportedOptionError",
]


class GameTheoryError(Exception):
    """Base class of every error fedlocal raises on purpose."""


class ScenarioError(GameTheoryError, ValueError):
    """A scenario, game file or parameter value is invalid.

    The message names the file (when there is one), the key path inside it and what was expected,
    for example ``surge_pd.toml: game.payoffs.Cooperate.Surge[1]: unknown name 'gg'``.

    Parameters
    ----------
    message
        What is wrong and what was expected.
    file
        The file the error is in, if any.
    key
        The key path inside the file, if any (``"parameters.delta.default"``).

    Examples
    --------
    >>> str(ScenarioError("expected a number", file="g.toml", key="parameters.a.default"))
    'g.toml: parameters.a.default: expected a number'
    """

    def __init__(self, message: str, *, file: str | None = None, key: str | None = None) -> None:
        self.message = message
        self.file = file
        self.key = key
        super().__init__(self._compose())

    def _compose(self) -> str:
        parts = [p for p in (self.file, self.key) if p]
        return ": ".join([*parts, self.message])

    def located(self, *, file: str | None = None, key: str | None = None) -> ScenarioError:
        """Return a copy of this error with the file and key path filled in where they are missing."""
        err = type(self).__new__(type(self))
        err.__dict__.update(self.__dict__)
        err.file = self.file or file
        err.key = self.key or key
        Exception.__init__(err, err._compose())
        return err


class FormulaError(ScenarioError):
    """A formula could not be parsed; ``position`` is the 0-based offset of the offending token."""

    def __init__(
        self,
        message: str,
        *,
        position: int | None = None,
        text: str | None = None,
        file: str | None = None,
        key: str | None = None,
    ) -> None:
        self.position = position
        self.text = text
        super().__init__(message, file=file, key=key)

    def _compose(self) -> str:
        base = super()._compose()
        if self.text is not None and self.position is not None:
            return f"{base} at position {self.position} in {self.text!r}"
        return base


class InputTypeError(GameTheoryError, TypeError):
    """A value of the wrong kind was passed (a bool or a string where a number is expected)."""


class OutputError(GameTheoryError, OSError):
    """An output file could not be written; the message names the path and why.

    Examples
    --------
    >>> str(OutputError("out.nfg", "the file exists; use --force to replace it"))
    'out.nfg: the file exists; use --force to replace it'
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        Exception.__init__(self, f"{path}: {message}" if path else message)

    def __str__(self) -> str:
        return f"{self.path}: {self.message}" if self.path else self.message


class SolverError(GameTheoryError, RuntimeError):
    """A solver could not produce a verified answer."""


class UnsupportedGameError(GameTheoryError, NotImplementedError):
    """The game is of a kind this function does not handle (for example three players)."""


class UnsupportedOptionError(UnsupportedGameError):
    """An option or output format that does not apply to this kind of scenario.

    Raised in one line that names the option and the kind, by every verb alike, before any work
    is done (:class:`gametheory.kinds.base.ScenarioKind`).
    """


class DegenerateGameWarning(RuntimeWarning):
    """The game is degenerate: a solver that assumes non-degeneracy may miss equilibria."""
