"""The N-player kind: a strategic-form ``[game]`` with three or more players (or such a
Gambit ``.nfg`` file).

It answers ``show``, ``solve`` (methods ``auto``, ``exact``, ``pure``, ``gambit-enumpoly``) and
``derive`` (the conditions of the pure equilibria). ``compare``, ``repeated`` and ``tree`` are
refused: the commitment regimes and repeated games of fedlocal are built on two-player games.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, ClassVar

from gametheory.exceptions import UnsupportedOptionError
from gametheory.kinds.base import ScenarioKind, ScenarioResult
from gametheory.kinds.verbs import NPLAYER_VERBS, VerbSpec
from gametheory.model.nplayer import NPLAYER, NPlayerGame
from gametheory.model.scenario import Scenario

__all__ = [
    "NPLAYER_METHODS",
    "NPlayerKind",
    "is_nplayer",
    "nplayer_export_json",
    "nplayer_game",
    "refuse_export",
]

#: The ``--method`` values an N-player game takes.
NPLAYER_METHODS = ("auto", "exact", "pure", "gambit-enumpoly")


def nplayer_game(scenario: Scenario) -> NPlayerGame:
    """The N-player game of a scenario of this kind."""
    assert scenario.model is not None and scenario.model[0] == NPLAYER
    game = scenario.model[1]
    assert isinstance(game, NPlayerGame)
    return game


def is_nplayer(scenario: Scenario) -> bool:
    """True when the scenario holds a strategic-form game of three or more players."""
    return scenario.model is not None and scenario.model[0] == NPLAYER


def nplayer_export_json(scenario: Scenario, values: Mapping[Any, Any]) -> str:
    """``fedlocal export --to json`` of an N-player scenario: its ``show`` record at
    ``values``."""
    # Imported on use, for start-up speed.
    from gametheory.report.nplayer import nplayer_show_record

    record = nplayer_show_record(scenario, nplayer_game(scenario), values)
    return ScenarioResult(
        "show", NPLAYER, scenario, (), scenario, record, ("json",), _render
    ).render("json")


def refuse_export(scenario: Scenario, fmt: str) -> UnsupportedOptionError:
    """The refusal of an export format an N-player scenario does not have (``efg``)."""
    return UnsupportedOptionError(
        f"--to {fmt} does not apply to a {NPLAYER} scenario ({scenario.name!r}): Gambit trees "
        "are written for two-player games; it exports to: nfg, toml, json"
    )


def _render(record: Mapping[str, Any], fmt: str) -> str:
    # Imported on use, for start-up speed.
    from gametheory.report.nplayer import render_nplayer

    return render_nplayer(record, fmt)


class NPlayerKind(ScenarioKind):
    """A strategic-form game of three or more players."""

    name: ClassVar[str] = NPLAYER
    verbs: ClassVar[Mapping[str, VerbSpec]] = NPLAYER_VERBS

    def why_not(self, verb: str, scenario: Scenario) -> str:
        if verb in ("compare", "repeated"):
            return f"{verb} is built on two-player games"
        return ""

    def shape(self, scenario: Scenario) -> str:
        game = nplayer_game(scenario)
        return f"{'x'.join(map(str, game.shape))}, {game.n_players} players"

    def show(self, scenario: Scenario, overrides: Mapping[str, Any]) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.report.nplayer import nplayer_show_record

        values = scenario.values(overrides, label="--set")
        record = nplayer_show_record(scenario, nplayer_game(scenario), values)
        return self.result("show", scenario, values, scenario, record, _render)

    def solve(
        self,
        scenario: Scenario,
        overrides: Mapping[str, Any],
        *,
        method: str = "auto",
        lam: Any = None,
        trace: bool = False,
    ) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.kinds.qre import check_qre_options, solve_qre
        from gametheory.report.nplayer import nplayer_solve_record
        from gametheory.solvers.nplayer_dispatch import solve_nplayer

        check_qre_options(method, lam, trace)
        if method == "logit-qre":
            return solve_qre(self, scenario, overrides, lam=lam, trace=trace)
        if method not in NPLAYER_METHODS:
            raise UnsupportedOptionError(
                f"--method {method} does not apply to solve on a {self.name} scenario "
                f"({scenario.name!r}): it solves two-player games; it takes: "
                + ", ".join((*NPLAYER_METHODS, "logit-qre"))
            )
        values = scenario.values(overrides, label="--set")
        result = solve_nplayer(nplayer_game(scenario).subs(values), method=method)
        record = nplayer_solve_record(result, scenario, values)
        return self.result("solve", scenario, values, result, record, _render)

    def derive(self, scenario: Scenario, overrides: Mapping[str, Any]) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.report.nplayer import nplayer_derive_record
        from gametheory.symbolic import scenario_assumptions
        from gametheory.symbolic.nplayer import pure_conditions

        substituted = scenario.values(overrides, partial=True, label="--set")
        game = nplayer_game(scenario).subs(substituted)
        conditions = pure_conditions(game, scenario_assumptions(scenario, substituted))
        record = nplayer_derive_record(
            scenario, game, conditions, substituted, scenario.values(overrides, label="--set")
        )
        return self.result("derive", scenario, substituted, conditions, record, _render)
