"""Parameter grids with exact rational points: ``delta=0:0.99:100``, ``delta=1/2,3/5,9/10``.

A grid is an ordered mapping ``{name: (exact values, ...)}``; its points are the Cartesian
product in the order the names were given, the last name varying fastest. Every point is exact
(``Fraction``), so a sweep at ``delta = 3/5`` is the exact answer at 3/5, not at 0.6000000001.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator, Mapping, Sequence
from fractions import Fraction
from typing import Any

import sympy as sp

from gametheory.exceptions import GameTheoryError
from gametheory.formula import parse_number

__all__ = ["Grid", "GridError", "grid_points", "parse_grid", "parse_grid_value"]

#: A parsed grid: name → its exact values, in the order given.
Grid = dict[str, tuple[Fraction, ...]]


class GridError(GameTheoryError):
    """A grid that cannot be read: the message names the ``--grid`` entry and what was expected."""


def _exact(text: str, where: str) -> Fraction:

    try:
        value = parse_number(text.strip())
    except GameTheoryError as err:
        raise GridError(f"{where}: {text.strip()!r} is not an exact number ({err})") from None
    if not (isinstance(value, sp.Rational)):
        raise GridError(
            f"{where}: {text.strip()!r} is not a rational number (grid points are exact "
            f"rationals such as 3/5 or 0.6)"
        )
    return Fraction(int(value.p), int(value.q))


def parse_grid_value(name: str, spec: str) -> tuple[Fraction, ...]:
    """The exact points of one grid entry: ``LOW:HIGH:COUNT`` or a comma-separated list.

    ``LOW:HIGH:COUNT`` gives ``COUNT`` evenly spaced points from ``LOW`` to ``HIGH``, both
    included, computed exactly (``0:1:11`` is 0, 1/10, ..., 1); a list keeps its order.

    Examples
    --------
    >>> [str(v) for v in parse_grid_value("delta", "0:1:11")][:3]
    ['0', '1/10', '1/5']
    >>> [str(v) for v in parse_grid_value("delta", "1/2,3/5,0.9")]
    ['1/2', '3/5', '9/10']
    >>> parse_grid_value("delta", "0:1")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    gametheory.sweeps.grid.GridError: --grid delta=0:1: expected LOW:HIGH:COUNT (for example ...
    """
    where = f"--grid {name}={spec}"
    text = spec.strip()
    if not text:
        raise GridError(f"{where}: expected LOW:HIGH:COUNT or a list of values")
    if ":" in text:
        parts = text.split(":")
        if len(parts) != 3:
            raise GridError(
                f"{where}: expected LOW:HIGH:COUNT (for example 0:0.99:100) or a list 1/2,3/5"
            )
        low, high = _exact(parts[0], where), _exact(parts[1], where)
        try:
            count = int(parts[2].strip())
        except ValueError:
            raise GridError(f"{where}: COUNT must be a whole number, got {parts[2]!r}") from None
        if count < 1:
            raise GridError(f"{where}: COUNT must be at least 1, got {count}")
        if count == 1:
            if low != high:
                raise GridError(f"{where}: one point needs LOW = HIGH")
            return (low,)
        if high < low:
            raise GridError(f"{where}: HIGH must not be below LOW")
        step = (high - low) / (count - 1)
        return tuple(low + k * step for k in range(count))
    return tuple(_exact(v, where) for v in text.split(","))


def parse_grid(entries: Iterable[str] | Mapping[str, Any]) -> Grid:
    """A grid from ``NAME=SPEC`` texts or a mapping ``{name: spec or values}``.

    A mapping's value may be a ``LOW:HIGH:COUNT`` / list text, or a sequence of numbers and
    exact texts (floats are read through their decimal text: ``0.1`` is 1/10).

    Examples
    --------
    >>> g = parse_grid(["delta=0:0.99:100", "phi=0,1/2"])
    >>> len(g["delta"]), g["delta"][60], g["phi"]
    (100, Fraction(3, 5), (Fraction(0, 1), Fraction(1, 2)))
    >>> parse_grid({"delta": [0.5, "3/5"]})["delta"]
    (Fraction(1, 2), Fraction(3, 5))
    """
    grid: Grid = {}
    items: list[tuple[str, Any]]
    if isinstance(entries, Mapping):
        items = list(entries.items())
    else:
        items = []
        for entry in entries:
            name, sep, spec = str(entry).partition("=")
            if not sep or not name.strip():
                raise GridError(
                    f"--grid {entry}: expected NAME=LOW:HIGH:COUNT or NAME=v1,v2,... "
                    f"(for example delta=0:0.99:100)"
                )
            items.append((name.strip(), spec))
    for name, spec in items:
        name = str(name)
        if name in grid:
            raise GridError(f"--grid {name}: given twice")
        if isinstance(spec, str):
            grid[name] = parse_grid_value(name, spec)
        elif isinstance(spec, Sequence) or hasattr(spec, "__iter__"):
            grid[name] = tuple(_exact(str(v), f"--grid {name}") for v in spec)
            if not grid[name]:
                raise GridError(f"--grid {name}: no values")
        else:
            grid[name] = (_exact(str(spec), f"--grid {name}"),)
    if not grid:
        raise GridError("--grid: give at least one NAME=LOW:HIGH:COUNT")
    return grid


def grid_points(grid: Grid) -> Iterator[dict[str, Fraction]]:
    """The points of ``grid`` in order (the last name varies fastest).

    Examples
    --------
    >>> [tuple(map(str, p.values())) for p in grid_points({"a": (1, 2), "b": (0, 1)})]
    [('1', '0'), ('1', '1'), ('2', '0'), ('2', '1')]
    """
    names = list(grid)
    for combo in itertools.product(*(grid[n] for n in names)):
        yield dict(zip(names, combo, strict=True))
