"""A scenario: players, parameters with provenance, assumptions and a game with symbolic payoffs."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import sympy as sp

from gametheory.display import scenario_html, scenario_latex
from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.formula import parse_number
from gametheory.limits import MAX_VALUE_DIGITS, digits_bound, exact_text
from gametheory.model.compare import CompareSpec
from gametheory.model.normal_form import NormalFormGame, exact_number
from gametheory.model.parameters import Parameter
from gametheory.model.repeated_spec import RepeatedSpec
from gametheory.model.strategic_form import reduced_strategic_form
from gametheory.model.tree import GameTree

__all__ = ["Player", "Scenario", "Source"]


@dataclass(frozen=True)
class Source:
    """A citation: ``key`` (``S2``) and the full ``citation``, with an optional ``url``."""

    key: str
    citation: str
    url: str = ""


@dataclass(frozen=True)
class Player:
    """A player: its ``name`` (used in the game) and its ``role`` in the story."""

    name: str
    role: str = ""


@dataclass(frozen=True)
class Scenario:
    """A game with named, documented parameters, as read from a scenario file.

    Use :func:`gametheory.load_scenario` to read one; :meth:`game_at` gives the numeric game at the
    defaults overridden by given values, :meth:`substitute` a partly symbolic one.

    Examples
    --------
    >>> from gametheory import load_scenario
    >>> s = load_scenario("surge_pd")
    >>> s.game_at({"g": "2"}).payoff_profile(0, 1)
    (-6, 5)
    """

    name: str
    title: str
    game: NormalFormGame | None
    players: tuple[Player, ...]
    parameters: tuple[Parameter, ...] = ()
    definitions: tuple[tuple[str, sp.Expr], ...] = ()
    assumptions: tuple[tuple[str, sp.Basic], ...] = ()
    summary: str = ""
    sources: tuple[Source, ...] = ()
    tags: tuple[str, ...] = ()
    path: str | None = field(default=None, compare=False)
    bundled: bool = field(default=False, compare=False)
    tree: GameTree | None = None
    repeated: RepeatedSpec | None = None
    compare: CompareSpec | None = None
    model: tuple[str, Any] | None = field(default=None, compare=False)
    sections: tuple[tuple[str, dict[str, Any]], ...] = field(default=(), compare=False)
    linkage: Any = field(default=None, compare=False)  # LinkageSpec ([linkage])
    monitoring: Any = field(default=None, compare=False)  # MonitoringSpec ([monitoring])

    def __post_init__(self) -> None:
        names = [p.name for p in self.parameters]
        if len(set(names)) != len(names):
            raise ScenarioError(f"scenario {self.name!r} declares a parameter twice")
        if self.declared_game is None and self.tree is None and self.model is None:
            raise ScenarioError(f"scenario {self.name!r} has neither a game, a tree nor a model")
        used: set[sp.Symbol] = set()
        for model in (self.declared_game, self.tree):
            if model is not None:
                used |= model.free_symbols
        unknown = {s.name for s in used} - set(names)
        if unknown:
            raise ScenarioError(f"payoffs use undeclared names: {', '.join(sorted(unknown))}")

    @property
    def declared_game(self) -> NormalFormGame | None:
        """The strategic form as given (``None`` for a tree, whose reduced strategic form
        :attr:`game` derives on first use)."""
        return self.__dict__.get("_declared_game")

    @cached_property
    def symbols(self) -> dict[str, sp.Symbol]:
        """Parameter name → sympy symbol (with its domain's assumptions)."""
        return {p.name: p.symbol for p in self.parameters}

    def _repr_html_(self) -> str:
        return scenario_html(self)

    def _repr_latex_(self) -> str:
        return scenario_latex(self)

    def parameter(self, name: str) -> Parameter:
        """The parameter called ``name`` (``ScenarioError`` listing the valid names otherwise)."""
        for p in self.parameters:
            if p.name == name:
                return p
        known = ", ".join(p.name for p in self.parameters) or "none"
        raise ScenarioError(
            f"scenario {self.name!r} has no parameter {name!r}; its parameters: {known}"
        )

    @property
    def defaults(self) -> dict[str, sp.Expr]:
        """Parameter name → default value."""
        return {p.name: p.default for p in self.parameters}

    def values(
        self, overrides: Mapping[str, Any] | None = None, *, partial: bool = False, label: str = ""
    ) -> dict[sp.Symbol, sp.Expr]:
        """Exact values for the parameters: defaults, replaced by ``overrides``.

        ``overrides`` maps names (or the parameters' symbols) to numbers or to text parsed by the safe formula parser
        (``"3/10"``). Each value is checked against the parameter's domain. With ``partial=True``
        only the overridden parameters get values (the rest stay symbolic). ``label`` names
        where the values came from in error messages (the CLI says ``--set``).
        """

        chosen: dict[sp.Symbol, sp.Expr] = {}
        if not partial:
            chosen = {p.symbol: p.default for p in self.parameters}
        for key, raw in (overrides or {}).items():
            # Names, or the parameters' own symbols (as this method returns them).
            name = key.name if isinstance(key, sp.Symbol) else key
            try:
                param = self.parameter(name)
                # Text (and TOML numbers) go through the safe parser; exact numbers from Python
                # (Fraction, sympy) are taken as they are.
                value = (
                    parse_number(raw) if isinstance(raw, str | int | float) else exact_number(raw)
                )
                chosen[param.symbol] = param.check(value)
            except ScenarioError as err:
                raise err.located(key=f"{label} {name}".strip()) from None
        self._check_sizes(chosen)
        return chosen

    def _check_sizes(self, values: Mapping[sp.Symbol, sp.Expr]) -> None:
        """Refuse values that would make a payoff too large to compute (``gametheory.limits``)."""

        exprs: list[sp.Expr] = [e for _, e in self.definitions]
        if self.game is not None:
            exprs += [*self.game.payoffs[0], *self.game.payoffs[1]]
        if self.tree is not None:
            exprs += [u for node in self.tree.nodes for u in (*node.payoffs, *node.probabilities)]
        for expr in exprs:
            if expr.free_symbols and digits_bound(expr, values) > MAX_VALUE_DIGITS:
                raise ScenarioError(
                    f"these parameter values would make a payoff ({exact_text(expr)[:200]}) a number of more than "
                    f"{MAX_VALUE_DIGITS} digits; see docs/reference/limits.md"
                )

    @property
    def normal_form(self) -> NormalFormGame:
        """The strategic-form game (for a tree, its reduced strategic form)."""
        if self.game is None and self.model is not None:
            raise UnsupportedGameError(
                f"scenario {self.name!r} is a {self.model[0]} model, not a finite game; "
                "`fedlocal solve` (and `fedlocal compare` where the model has regimes) handle it"
            )
        if self.game is None:
            players = len(self.tree.players) if self.tree is not None else 0
            raise UnsupportedGameError(
                f"scenario {self.name!r} is a {players}-player game tree with no strategic form "
                "(strategic-form tools need two players); `fedlocal solve` gives its "
                "subgame-perfect equilibria"
            )
        return self.game

    def game_at(self, overrides: Mapping[str, Any] | None = None) -> NormalFormGame:
        """The numeric strategic-form game at the defaults, with ``overrides`` applied."""
        return self.normal_form.subs(self.values(overrides))

    def substitute(self, overrides: Mapping[str, Any] | None = None) -> NormalFormGame:
        """The strategic-form game with only ``overrides`` substituted; others stay symbolic."""
        return self.normal_form.subs(self.values(overrides, partial=True))

    def failed_assumptions(self, values: Mapping[sp.Symbol, sp.Expr]) -> list[str]:
        """The declared assumptions that do not hold at ``values`` (as their text)."""
        failed = []
        for text, relation in self.assumptions:
            if relation.xreplace(dict(values)) == sp.false:
                failed.append(text)
        return failed


class _DerivedGame:
    """``Scenario.game``: the strategic form as given or, for a two-player tree, its reduced
    strategic form, built on first use and cached (nothing is built when a scenario is loaded:
    the reduced form of a tree can be exponentially larger than the tree)."""

    def __get__(self, obj: Scenario | None, owner: type | None = None) -> NormalFormGame | None:
        if obj is None:  # pragma: no cover - class access
            return None
        cached = obj.__dict__.get("_reduced_game")
        if cached is not None:
            return cached  # type: ignore[no-any-return]
        game: NormalFormGame | None = obj.__dict__.get("_declared_game")
        if game is None and obj.tree is not None and len(obj.tree.players) == 2:
            game = reduced_strategic_form(obj.tree)[0]
            obj.__dict__["_reduced_game"] = game
        return game

    def __set__(self, obj: Scenario, value: NormalFormGame | None) -> None:
        obj.__dict__["_declared_game"] = value


setattr(Scenario, "game", _DerivedGame())  # noqa: B010 - a lazy dataclass field
