"""Reading TOML tables with key paths: which keys were used, typos named, errors located.

Every scenario section (and every model kind's section) is read through a :class:`Table`, so an
error names the file, the key path (``game.payoffs.Cooperate.Surge[1]``) and what was expected,
and an unknown key is an error rather than silently ignored.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from typing import Any, TypeVar

from gametheory.exceptions import ScenarioError

T = TypeVar("T")

__all__ = ["Table", "kind_text", "located"]


class Table:
    """A TOML table being read: knows its key path, and which keys were consumed."""

    def __init__(self, data: Any, path: str, file: str | None) -> None:
        self.path = path
        self.file = file
        if not isinstance(data, dict):
            raise self.error(f"expected a table, got {kind_text(data)}", path)
        self.data = data
        self.used: set[str] = set()

    def key(self, name: str) -> str:
        part = name if re.fullmatch(r"[A-Za-z0-9_-]+", name) else f'"{name}"'
        return f"{self.path}.{part}" if self.path else part

    def error(self, message: str, key: str | None = None) -> ScenarioError:
        return ScenarioError(message, file=self.file, key=key if key is not None else self.path)

    def has(self, name: str) -> bool:
        return name in self.data

    def get(
        self,
        name: str,
        kinds: type | tuple[type, ...],
        *,
        required: bool = False,
        default: Any = None,
    ) -> Any:
        self.used.add(name)
        if name not in self.data:
            if required:
                typo = difflib.get_close_matches(name, [str(k) for k in self.data], n=1, cutoff=0.7)
                if typo:
                    raise self.error(
                        f"unknown key {typo[0]!r}: did you mean the required key {name!r}?",
                        self.key(typo[0]),
                    )
                raise self.error(f"missing required key {name!r}", self.path or None)
            return default
        value = self.data[name]
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in _tuple(kinds)):
            expected = " or ".join(_NAMES.get(k, k.__name__) for k in _tuple(kinds))
            raise self.error(f"expected {expected}, got {kind_text(value)}", self.key(name))
        return value

    def table(self, name: str, *, required: bool = False) -> Table | None:
        value = self.get(name, dict, required=required)
        return None if value is None else Table(value, self.key(name), self.file)

    def allow_only(self, allowed: list[str] | tuple[str, ...]) -> None:
        """Reject keys outside ``allowed`` before reading, so a typo is named as one."""
        unknown = [k for k in self.data if k not in allowed]
        if unknown:
            raise self.error(
                f"unknown key {unknown[0]!r}; expected one of: {', '.join(allowed)}",
                self.key(unknown[0]),
            )

    def finish(self) -> None:
        unknown = [k for k in self.data if k not in self.used]
        if unknown:
            known = ", ".join(sorted(self.used))
            raise self.error(
                f"unknown key {unknown[0]!r}; expected one of: {known}", self.key(unknown[0])
            )


_NAMES = {str: "a string", int: "an integer", float: "a number", list: "an array", dict: "a table"}


def _tuple(kinds: type | tuple[type, ...]) -> tuple[type, ...]:
    return kinds if isinstance(kinds, tuple) else (kinds,)


def kind_text(value: Any) -> str:
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    for k, name in _NAMES.items():
        if isinstance(value, k):
            return f"{name} ({value!r})" if not isinstance(value, dict | list) else name
    return type(value).__name__


def located(func: Callable[..., T], *args: Any, file: str | None, key: str) -> T:
    """Call ``func(*args)``, filling the file and key path into any ScenarioError it raises."""
    try:
        return func(*args)
    except ScenarioError as err:
        raise err.located(file=file, key=key) from None
