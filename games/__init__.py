"""The scenario files that ship with fedlocal (read with importlib.resources).

:func:`catalogue` lists them from their headers alone (name, tags, title), without building the
games, so that ``fedlocal games`` starts at once; :func:`gametheory.load_scenario` reads one in
full.
"""

from __future__ import annotations

import tomllib
from importlib import resources

__all__ = ["catalogue"]


def catalogue() -> list[tuple[str, tuple[str, ...], str]]:
    """``(name, tags, title)`` of every bundled scenario, sorted by name.

    Examples
    --------
    >>> entry = dict((name, (tags, title)) for name, tags, title in catalogue())["surge_pd"]
    >>> entry[0]
    ('source-grounded', 'repeated')
    """
    out = []
    for path in resources.files(__name__).iterdir():
        if path.name.endswith(".toml"):
            data = tomllib.loads(path.read_text(encoding="utf-8"))
            name = str(data.get("name", path.name[: -len(".toml")]))
            out.append(
                (name, tuple(str(t) for t in data.get("tags", ())), str(data.get("title", "")))
            )
    return sorted(out)
