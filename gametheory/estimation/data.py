"""Observed choices: the layout of a data set, reading it, and checking it against a scenario.

Layout
------
* **Strategic-form scenario** (two players, or three and more: an ``nplayer`` scenario): one row
  per observation, one column per player, named after the player, holding the label of the
  action that player chose.
* **Tree**: one column per decision node, named by its history (``Cooperate/Honor``; the root's
  column is ``root``), holding the action chosen there; the cell is empty where the play did not
  reach the node. A filled cell must be consistent with the play above it, and the filled cells
  of a row must lie on one play (after a chance move, cells below only one of its outcomes).
  Chance moves need no column: the columns filled tell which outcome occurred; a column named
  by a chance node's history, if there, must hold its outcomes consistently with the rest of the
  row, and is not part of the likelihood. With imperfect
  information a node's column is still named by its history (the information set it belongs to
  does not name a column).
* Every other column may be a **covariate**; those named in the model must be numbers.

Every error names the file (or ``data`` for a data frame), the column and the row (counted from
1 among the data rows, the header excluded).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from gametheory.examples import example_path
from gametheory.exceptions import ScenarioError
from gametheory.model.nplayer import NPLAYER, NPlayerGame
from gametheory.model.scenario import Scenario
from gametheory.model.tree import GameTree, History, TreeNode, history_text

__all__ = [
    "ChoiceData",
    "choice_columns",
    "nplayer_game",
    "prepare_data",
    "read_data",
    "strategic_game",
    "tree_column",
]


def nplayer_game(scenario: Scenario) -> NPlayerGame | None:
    """The game of a scenario of three or more players in strategic form (``None`` otherwise).

    Examples
    --------
    >>> from gametheory.scenario import load_scenario
    >>> nplayer_game(load_scenario("federal_three_counties")).shape
    (2, 2, 2, 2)
    >>> nplayer_game(load_scenario("chicken")) is None
    True
    """
    model = scenario.model
    if model is not None and model[0] == NPLAYER and isinstance(model[1], NPlayerGame):
        return model[1]
    return None


def strategic_game(scenario: Scenario) -> Any:
    """The strategic-form game whose players and actions label the data: the N-player game of an
    ``nplayer`` scenario, else the scenario's (two-player) normal form."""
    game = nplayer_game(scenario)
    return game if game is not None else scenario.normal_form


def tree_column(history: History) -> str:
    """The data column of a tree's decision node: its history, the root as ``root``.

    Examples
    --------
    >>> tree_column(()), tree_column(("Cooperate", "Honor"))
    ('root', 'Cooperate/Honor')
    """
    return history_text(history) or "root"


def choice_columns(scenario: Scenario) -> tuple[str, ...]:
    """The columns that hold choices: the players (strategic form) or the decision nodes (tree).

    Examples
    --------
    >>> from gametheory.scenario import load_scenario
    >>> choice_columns(load_scenario("trust_game")), choice_columns(load_scenario("chicken"))
    (('root', 'Trust'), ('Driver1', 'Driver2'))
    """
    if scenario.tree is not None:
        return tuple(
            tree_column(n.history) for n in scenario.tree.preorder() if n.kind == "decision"
        )
    return tuple(strategic_game(scenario).players)


@dataclass(frozen=True)
class ChoiceData:
    """Observed choices as action indices (``-1``: node not reached) and covariates as floats."""

    source: str
    frame: pd.DataFrame
    choices: dict[str, np.ndarray]
    covariates: dict[str, np.ndarray]

    @property
    def n(self) -> int:
        return len(self.frame)


def read_data(path: str | Path) -> pd.DataFrame:
    """Read a CSV file of observations as text (empty cells stay empty strings)."""
    p = example_path(path)  # examples/... is also found in the shipped examples
    try:
        frame = pd.read_csv(p, dtype=str, keep_default_na=False, skipinitialspace=True)
    except FileNotFoundError:
        raise ScenarioError("no such file", file=str(path)) from None
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise ScenarioError(f"not a readable CSV file ({err})", file=str(path)) from None
    frame.attrs["source"] = str(path)
    return frame


def _where(source: str, column: str, row: int | None = None) -> str:
    at = f"{source}: column {column!r}"
    return at if row is None else f"{at}, row {row + 1}"


def _cells(frame: pd.DataFrame, column: str) -> list[str]:
    out = []
    for v in frame[column].tolist():
        if v is None or (isinstance(v, float) and np.isnan(v)) or v is pd.NA:
            out.append("")
        else:
            out.append(str(v).strip())
    return out


def _strategic(scenario: Scenario, frame: pd.DataFrame, source: str) -> dict[str, np.ndarray]:
    game = strategic_game(scenario)
    choices = {}
    for k, player in enumerate(game.players):
        if player not in frame.columns:
            raise ScenarioError(
                f"{source}: no column {player!r}; a strategic-form data set has one column per "
                f"player ({', '.join(game.players)}) holding the chosen action"
            )
        idx = np.empty(len(frame), dtype=int)
        for r, cell in enumerate(_cells(frame, player)):
            if cell not in game.actions[k]:
                raise ScenarioError(
                    f"{_where(source, player, r)}: unknown action {cell!r}; expected one of "
                    f"{', '.join(game.actions[k])}"
                )
            idx[r] = game.actions[k].index(cell)
        choices[player] = idx
    return choices


def _tree(tree: GameTree, frame: pd.DataFrame, source: str) -> dict[str, np.ndarray]:
    nodes = [n for n in tree.preorder() if n.kind == "decision"]
    present = [n for n in nodes if tree_column(n.history) in frame.columns]
    if not present:
        raise ScenarioError(
            f"{source}: none of the tree's decision-node columns is there; expected columns "
            f"named by history: {', '.join(tree_column(n.history) for n in nodes)}"
        )
    # A chance node's column, if there, is checked like a choice and then left out.
    recorded = [
        n
        for n in tree.preorder()
        if n.kind != "terminal" and tree_column(n.history) in frame.columns
    ]
    choices: dict[str, np.ndarray] = {}
    for node in recorded:
        col = tree_column(node.history)
        what = "action" if node.kind == "decision" else "chance outcome"
        idx = np.full(len(frame), -1, dtype=int)
        for r, cell in enumerate(_cells(frame, col)):
            if cell == "":
                continue
            if cell not in node.actions:
                raise ScenarioError(
                    f"{_where(source, col, r)}: unknown {what} {cell!r}; expected one of "
                    f"{', '.join(node.actions)} (or an empty cell where the node was not reached)"
                )
            idx[r] = node.actions.index(cell)
        choices[col] = idx
    _check_paths(recorded, choices, source)
    return {tree_column(n.history): choices[tree_column(n.history)] for n in present}


def _check_paths(present: Sequence[TreeNode], choices: dict[str, np.ndarray], source: str) -> None:
    """Every row's recorded choices lie on one play: a recorded node's recorded ancestors hold
    the actions leading to it (nearest first), and no two recorded nodes lie on different
    branches (below one chance node, or below different actions)."""
    for i, node in enumerate(present):
        col = tree_column(node.history)
        seen = choices[col] >= 0
        if not seen.any():
            continue
        for other in reversed(present[:i]):  # preorder: every ancestor comes before
            ocol = tree_column(other.history)
            k = len(other.history)
            if node.history[:k] == other.history:
                want = other.actions.index(node.history[k])
                bad = np.nonzero(seen & (choices[ocol] != want))[0]
                why = f"column {ocol!r} does not hold {node.history[k]!r}"
            else:
                bad = np.nonzero(seen & (choices[ocol] >= 0))[0]
                why = f"column {ocol!r} holds a choice, and no play reaches both nodes"
            if len(bad):
                raise ScenarioError(
                    f"{_where(source, col, int(bad[0]))}: a choice at {col!r}, but the play did "
                    f"not reach it ({why})"
                )


def _covariates(
    frame: pd.DataFrame, names: Sequence[str], source: str, choice_cols: Sequence[str]
) -> dict[str, np.ndarray]:
    out = {}
    for name in names:
        if name in choice_cols:
            raise ScenarioError(f"{_where(source, name)}: holds choices, it cannot be a covariate")
        if name not in frame.columns:
            raise ScenarioError(
                f"{source}: no covariate column {name!r}; the columns are "
                f"{', '.join(map(str, frame.columns))}"
            )
        values = np.empty(len(frame))
        for r, cell in enumerate(_cells(frame, name)):
            try:
                values[r] = float(cell)
            except ValueError:
                raise ScenarioError(
                    f"{_where(source, name, r)}: the covariate needs a number, got {cell!r}"
                ) from None
            if not np.isfinite(values[r]):
                raise ScenarioError(
                    f"{_where(source, name, r)}: the covariate needs a finite number, got {cell!r}"
                )
        out[name] = values
    return out


def prepare_data(
    scenario: Scenario, data: pd.DataFrame | str | Path, covariates: Sequence[str] = ()
) -> ChoiceData:
    """Read (if a path) and check a data set against ``scenario``; see the module docstring.

    Examples
    --------
    >>> import pandas as pd
    >>> from gametheory.scenario import load_scenario
    >>> d = prepare_data(load_scenario("trust_game"),
    ...                  pd.DataFrame({"root": ["Trust", "No trust"], "Trust": ["Honor", ""]}))
    >>> d.choices["Trust"].tolist()
    [0, -1]
    >>> prepare_data(load_scenario("trust_game"), pd.DataFrame({"root": ["Maybe"]}))
    Traceback (most recent call last):
    ...
    gametheory.exceptions.ScenarioError: data: column 'root', row 1: unknown action 'Maybe'; ...
    """
    if isinstance(data, str | Path):
        frame = read_data(data)
        source = str(data)
    elif isinstance(data, pd.DataFrame):
        frame = data.reset_index(drop=True)
        source = str(data.attrs.get("source", "data"))
    else:
        raise ScenarioError("data must be a pandas DataFrame or the path of a CSV file")
    if len(frame) == 0:
        raise ScenarioError(f"{source}: no observations")
    cols = choice_columns(scenario)
    choices = (
        _tree(scenario.tree, frame, source)
        if scenario.tree is not None
        else _strategic(scenario, frame, source)
    )
    return ChoiceData(source, frame, choices, _covariates(frame, covariates, source, cols))
