"""The example files of the documentation, shipped with fedlocal as ``gametheory.examples``.

A path ``examples/NAME`` that is not a file in the current folder is read from here, so every
command in the documentation works from any folder (:func:`example_path`).
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["example_path"]


def example_path(source: str | Path) -> Path:
    """``source`` itself, or the shipped example file when ``source`` is ``examples/...`` and no
    such file is in the current folder (the documentation's examples work from any folder).

    Examples
    --------
    >>> example_path("examples/detainer_pickup.toml").is_file()
    True
    """
    path = Path(source)
    parts = path.parts
    if path.is_file() or len(parts) < 2 or parts[0] != "examples" or path.is_absolute():
        return path
    shipped = resources.files("gametheory.examples").joinpath(*parts[1:])
    real = Path(str(shipped))
    return real if real.is_file() else path
