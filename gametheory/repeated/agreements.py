"""Self-enforcing agreements of a scenario: transfers, linked issues, noisy monitoring.

:func:`analyse_agreements` is what ``fedlocal repeated`` adds with ``--transfers``, a
``[linkage]`` section, and ``--noise``/``--detection`` or a ``[monitoring]`` section. Each part is
computed by its own module (:mod:`~gametheory.repeated.transfers`,
:mod:`~gametheory.repeated.linkage`, :mod:`~gametheory.repeated.monitoring`); this module only
reads the scenario and the options.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.model.scenario import Scenario
from gametheory.repeated.game import RepeatedGame
from gametheory.repeated.linkage import LinkageAnalysis, analyse_linkage
from gametheory.repeated.monitoring import MonitoringAnalysis, analyse_monitoring
from gametheory.repeated.roles import spec_of
from gametheory.repeated.transfers import TransferAnalysis, analyse_transfers

__all__ = ["Agreements", "analyse_agreements", "parse_punish_length"]


@dataclass(frozen=True)
class Agreements:
    """What transfers, linkage and noisy monitoring do to the scenario's agreement.

    ``monitoring`` is the noisy analysis and ``perfect`` the same trigger strategies under
    perfect monitoring (``epsilon = 0``, ``eta = 1``), for comparison.
    """

    transfers: TransferAnalysis | None = None
    linkage: LinkageAnalysis | None = None
    monitoring: MonitoringAnalysis | None = None
    perfect: MonitoringAnalysis | None = None

    @property
    def empty(self) -> bool:
        """True when nothing was asked for."""
        return self.transfers is None and self.linkage is None and self.monitoring is None


def parse_punish_length(text: Any) -> int | None:
    """``"forever"`` → ``None``; a positive number of rounds → that number.

    Examples
    --------
    >>> parse_punish_length("forever"), parse_punish_length("3")
    (None, 3)
    """
    if text is None or text == "forever":
        return None
    if isinstance(text, int) and not isinstance(text, bool):
        value = text
    elif isinstance(text, str) and text.strip().isdigit():
        value = int(text)
    else:
        raise ScenarioError(
            f'expected "forever" or a number of rounds, got {text!r}', key="--punish-length"
        )
    if value < 1:
        raise ScenarioError(f"expected at least 1 round, got {value}", key="--punish-length")
    return value


def _common_delta(game: RepeatedGame) -> sp.Expr | None:
    d = game.delta[0]
    return d if game.is_common and sp.sympify(d).is_number else None


def analyse_agreements(
    scenario: Scenario,
    overrides: Mapping[str, Any] | None,
    game: RepeatedGame,
    cooperation: tuple[str, str],
    punishment: tuple[str, str],
    *,
    transfers: bool = False,
    noise: Any = None,
    detection: Any = None,
    punish_length: Any = "scenario",
    symbolic: bool = True,
) -> Agreements:
    """Transfers (when asked), linkage (when the scenario has ``[linkage]``) and monitoring
    (when ``noise``/``detection`` are given or the scenario has ``[monitoring]``).

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> from gametheory.repeated.roles import repeated_game
    >>> sc = load_scenario("linked_cooperation")
    >>> g = repeated_game(sc)
    >>> a = analyse_agreements(sc, {}, g, ("Cooperate", "Restrain"), ("Refuse", "Surge"),
    ...                        transfers=True, noise="1/10", detection="4/5")
    >>> a.transfers.profile("Cooperate", "Restrain").nash_transfers, a.linkage.threshold
    (3/7, 3/7)
    >>> a.perfect.threshold, a.monitoring.threshold
    (1/2, 5/8)
    """
    values = scenario.values(overrides)
    sym_stage = scenario.substitute(overrides) if symbolic else None
    delta = _common_delta(game)
    t = None
    if transfers:
        t = analyse_transfers(game.stage, punishment=punishment, delta=delta, symbolic=sym_stage)
    link = None
    if scenario.linkage is not None:
        link = analyse_linkage(scenario.linkage.issues, values)
    if not game.is_common:
        note = (
            "the players' discount factors differ ("
            + ", ".join(str(d) for d in game.delta)
            + "); the thresholds with transfers and of linked issues are for one discount "
            "factor common to both"
        )
        if t is not None:
            t = dataclasses.replace(t, diagnostics=(*t.diagnostics, note))
        if link is not None:
            link = dataclasses.replace(link, diagnostics=(*link.diagnostics, note))
    mon = perfect = None
    spec = scenario.monitoring
    if (
        punish_length not in ("scenario", None)
        and noise is None
        and detection is None
        and spec is None
    ):
        raise ScenarioError(
            "--punish-length goes with --noise/--detection or a [monitoring] section",
            key="--punish-length",
        )
    if noise is not None or detection is not None or spec is not None:
        if game.horizon is not None:
            raise UnsupportedGameError("noisy monitoring is analysed for infinite horizons")
        if not game.is_common:
            raise UnsupportedGameError(
                "noisy monitoring is analysed with one discount factor for both players"
            )
        if spec is not None:
            eps: Any = tuple(sp.sympify(e).xreplace(values) for e in spec.noise)
            eta: Any = tuple(sp.sympify(e).xreplace(values) for e in spec.detection)
            split = spec.per_player
            length = spec.punish_length
        else:
            eps, eta, split, length = 0, 1, False, None
        if noise is not None:
            eps, split = noise, False
        if detection is not None:
            eta = detection
        if noise is None and detection is not None and spec is None:
            eps = 0
        if punish_length != "scenario":
            length = parse_punish_length(punish_length)

        kw = {
            "punish_length": length,
            "cooperation": cooperation,
            # the scenario's own punishment profile, else a (possibly mixed) stage equilibrium
            "punishment": spec_of(scenario).punishment,
            "delta": delta,
        }
        mon = analyse_monitoring(game.stage, eps, eta, per_player=split, symbolic=sym_stage, **kw)
        perfect = analyse_monitoring(game.stage, 0, 1, **kw)
    return Agreements(t, link, mon, perfect)
