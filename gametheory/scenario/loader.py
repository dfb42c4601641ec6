"""Loading scenarios: bundled names, TOML scenario files and Gambit ``.nfg`` files."""

from __future__ import annotations

import tomllib
from dataclasses import replace
from importlib import resources
from pathlib import Path

from gametheory.examples import example_path
from gametheory.exceptions import ScenarioError
from gametheory.model.scenario import Player, Scenario
from gametheory.scenario.schema import scenario_from_dict

__all__ = [
    "bundled_scenarios",
    "load_scenario",
    "scenario_from_game_file",
    "scenario_from_toml",
]

_SUFFIXES = (".toml", ".nfg", ".efg")


def _bundle() -> resources.abc.Traversable:
    return resources.files("gametheory.games")


def bundled_scenarios() -> list[str]:
    """The names of the scenarios that ship with fedlocal, sorted.

    Examples
    --------
    >>> "surge_pd" in bundled_scenarios()
    True
    """
    return sorted(p.name[: -len(".toml")] for p in _bundle().iterdir() if p.name.endswith(".toml"))


def scenario_from_toml(text: str, *, file: str | None = None, name: str | None = None) -> Scenario:
    """Parse and validate scenario TOML text (``file`` is only used in error messages)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise ScenarioError(f"not valid TOML: {err}", file=file) from None
    except ValueError as err:  # an integer longer than Python's int-to-str digit limit
        raise ScenarioError(
            f"cannot read the TOML: {str(err).split(';')[0]}; write a very long number as a "
            'string formula ("1e5000", "10**5000")',
            file=file,
        ) from None
    except RecursionError:
        raise ScenarioError(
            "cannot read the TOML: arrays or inline tables are nested too deeply", file=file
        ) from None
    return scenario_from_dict(data, file=file, name=name, load=load_scenario)


def scenario_from_game_file(path: Path) -> Scenario:
    """Wrap a Gambit ``.nfg`` or ``.efg`` file as a scenario without parameters.

    A two-player ``.efg`` tree also gets its reduced strategic form, as a ``[tree]`` scenario does
    (built on first use of :attr:`Scenario.game`, not here).
    """
    # Imported on use, for start-up speed.
    from gametheory.io.efg import load_efg
    from gametheory.io.nfg import load_nfg_game
    from gametheory.model.nplayer import NPLAYER, NPlayerGame

    if path.suffix == ".efg":
        tree = load_efg(path)
        return Scenario(
            name=path.stem,
            title=tree.title or path.stem,
            game=None,  # a two-player tree's reduced strategic form is derived on first use
            tree=tree,
            players=tuple(Player(p) for p in tree.players),
            path=str(path),
            tags=("gambit", "tree"),
        )
    game = load_nfg_game(path)
    if isinstance(game, NPlayerGame):  # three or more players: the N-player kind
        return Scenario(
            name=path.stem,
            title=game.title or path.stem,
            game=None,
            model=(NPLAYER, game),
            players=tuple(Player(p) for p in game.players),
            path=str(path),
            tags=("gambit",),
        )
    return Scenario(
        name=path.stem,
        title=game.title or path.stem,
        game=game,
        players=tuple(Player(p) for p in game.players),
        path=str(path),
        tags=("gambit",),
    )


def load_scenario(source: str | Path) -> Scenario:
    """Load a scenario by bundled name (``"surge_pd"``) or from a ``.toml``, ``.nfg`` or ``.efg`` path.

    Raises
    ------
    ScenarioError
        When the name is unknown, the file is missing or unreadable, or its content is invalid.

    Examples
    --------
    >>> s = load_scenario("prisoners_dilemma")
    >>> s.game.actions
    (('Cooperate', 'Defect'), ('Cooperate', 'Defect'))
    """
    if not isinstance(source, str | Path):
        raise ScenarioError(
            "expected a bundled scenario name or a path to a .toml, .nfg or .efg file, "
            f"got {type(source).__name__}"
        )
    if isinstance(source, str) and (not source.strip() or "\0" in source):
        raise ScenarioError(f"expected a bundled scenario name or a file path, got {source!r}")
    path = Path(source)
    looks_like_path = isinstance(source, Path) or path.suffix in _SUFFIXES or "/" in str(source)
    if not looks_like_path:
        entry = _bundle() / f"{source}.toml"
        if not entry.is_file():
            known = ", ".join(bundled_scenarios())
            raise ScenarioError(
                f"no bundled scenario called {source!r} (and it is not a .toml, .nfg or .efg path); "
                f"bundled: {known}"
            )
        scenario = scenario_from_toml(
            entry.read_text(encoding="utf-8"), file=f"{source}.toml", name=str(source)
        )
        # Record where the bundled file really is, when it is a file on disk (a normal install).
        real = Path(str(entry))
        return replace(
            scenario,
            game=scenario.declared_game,
            path=str(real) if real.is_file() else None,
            bundled=True,
        )
    if path.suffix not in _SUFFIXES:
        raise ScenarioError(
            f"expected a .toml scenario or a Gambit .nfg or .efg file, got {path.suffix or 'no suffix'}",
            file=str(path),
        )
    real = example_path(path)  # examples/... is also found in the shipped examples
    if not real.is_file():
        raise ScenarioError("no such file", file=str(path))
    if path.suffix in (".nfg", ".efg"):
        return scenario_from_game_file(real)
    try:
        text = real.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        raise ScenarioError(f"cannot read the file: {err}", file=str(path)) from None
    return scenario_from_toml(text, file=str(path), name=path.stem)
