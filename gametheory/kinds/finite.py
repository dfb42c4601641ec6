"""The finite kinds: a strategic-form ``[game]`` and a ``[tree]`` (extensive form).

Both answer ``show``, ``solve``, ``derive``, ``compare`` and ``repeated``; only a tree answers
``tree``. A tree's strategic-form verbs (``derive``, ``repeated``) work on its reduced strategic
form, which two-player trees have.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, ClassVar

import sympy as sp

from gametheory.exceptions import ScenarioError, UnsupportedGameError
from gametheory.kinds.base import ScenarioKind, ScenarioResult
from gametheory.kinds.qre import check_qre_options, solve_qre
from gametheory.kinds.verbs import FINITE_VERBS, TREE_VERBS, VerbSpec
from gametheory.model.scenario import Scenario

__all__ = ["GameKind", "TreeKind"]


def _render(record: Mapping[str, Any], fmt: str) -> str:
    # Imported on use, for start-up speed.
    from gametheory.report import render

    return render(record, fmt)


def _names(values: Mapping[sp.Symbol, Any]) -> dict[str, Any]:
    return {s.name: v for s, v in values.items()}


class _Finite(ScenarioKind):
    """What a strategic-form game and a tree share."""

    def show(self, scenario: Scenario, overrides: Mapping[str, Any]) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.report import scenario_record

        values = scenario.values(overrides, label="--set")
        record = scenario_record(scenario, values)
        return self.result("show", scenario, values, scenario, record, _render)

    def derive(
        self, scenario: Scenario, overrides: Mapping[str, Any], *, explain: bool = False
    ) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.report import derive_record
        from gametheory.solvers.outcomes import spe_outcomes
        from gametheory.symbolic import derive_normal_form

        substituted = scenario.values(overrides, partial=True, label="--set")
        if scenario.game is None:
            players = len(scenario.tree.players) if scenario.tree is not None else 0
            raise UnsupportedGameError(
                f"derive needs a strategic form; {scenario.name!r} is a {players}-player tree "
                f"without one: `fedlocal tree {scenario.name} --symbolic` gives its "
                "subgame-perfect equilibria and the condition under which each holds"
            )
        derivation = derive_normal_form(scenario, _names(substituted))
        outcomes: tuple[Any, ...] = ()
        if scenario.tree is not None and scenario.tree.perfect_information:
            outcomes = spe_outcomes(scenario.tree.subs(substituted), derivation.assumptions)
        record = derive_record(
            derivation, scenario, substituted, explain=explain, outcomes=outcomes
        )
        return self.result("derive", scenario, substituted, derivation, record, _render)

    def compare(
        self,
        scenario: Scenario,
        overrides: Mapping[str, Any],
        *,
        delta: Any = None,
        penalty: Any = None,
    ) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.regimes import compare_finite
        from gametheory.report.compare import compare_record

        values = scenario.values(overrides, label="--set")
        comparison = compare_finite(scenario, dict(overrides), delta=delta, penalty=penalty)
        record = compare_record(comparison, scenario)
        return self.result("compare", scenario, values, comparison, record, _render)

    def repeated(
        self,
        scenario: Scenario,
        overrides: Mapping[str, Any],
        *,
        delta: Any = None,
        strategies: Sequence[str] = (),
        concepts: Sequence[str] = ("spe", "nash"),
        payoff_set: bool = False,
        symbolic: bool = True,
        simulate: int | None = None,
        deviations: Sequence[tuple[int, str, str]] = (),
        transfers: bool = False,
        noise: Any = None,
        detection: Any = None,
        punish_length: Any = None,
    ) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.repeated.analysis import analyse_repeated
        from gametheory.repeated.automata import load_automata
        from gametheory.report.repeated import repeated_record

        values = scenario.values(overrides, label="--set")
        game = scenario.normal_form
        specs: list[str] = []
        extra = []
        for s in strategies:
            if s.endswith(".toml"):
                automata = load_automata(Path(s), game)
                extra += automata
                specs.append(
                    ",".join(a[0] for a in automata) if len(automata) == 2 else automata[0][0]
                )
            else:
                specs.append(s)
        schedule: dict[tuple[int, int], str] = {}
        for rnd, player, action in deviations:
            if player not in game.players:
                raise ScenarioError(
                    f"{player!r} is not a player; expected one of {', '.join(game.players)}",
                    key="--deviate",
                )
            schedule[(rnd, game.players.index(player))] = action
        if schedule and simulate is None:
            raise ScenarioError(
                "deviations go with a simulation (--simulate ROUNDS)", key="--deviate"
            )
        analysis = analyse_repeated(
            scenario,
            dict(overrides),
            delta=delta,
            strategies=specs or None,
            concepts=tuple(concepts) or ("spe", "nash"),
            payoff_set=payoff_set,
            symbolic=symbolic,
            extra_automata=extra,
            simulate_rounds=simulate,
            deviations=schedule,
            transfers=transfers,
            noise=noise,
            detection=detection,
            punish_length=punish_length if punish_length is not None else "scenario",
        )
        return self.result(
            "repeated", scenario, values, analysis, repeated_record(analysis), _render
        )


class GameKind(_Finite):
    """A two-player strategic-form ``[game]`` (or a Gambit ``.nfg`` file)."""

    name: ClassVar[str] = "game"
    verbs: ClassVar[Mapping[str, VerbSpec]] = FINITE_VERBS

    def declared(self, scenario: Scenario) -> Mapping[str, VerbSpec]:
        """A game whose payoffs depend on the discount factor is not repeated as a stage game."""
        if _discounted(scenario):
            return {verb: spec for verb, spec in self.verbs.items() if verb != "repeated"}
        return self.verbs

    def why_not(self, verb: str, scenario: Scenario) -> str:
        if verb == "repeated" and _discounted(scenario):
            return "its payoffs already depend on the discount factor"
        return ""

    def shape(self, scenario: Scenario) -> str:
        rows, cols = scenario.normal_form.shape
        return f"{rows}x{cols}"

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
        from gametheory.report import solve_record
        from gametheory.solvers import solve

        check_qre_options(method, lam, trace)
        if method == "logit-qre":
            return solve_qre(self, scenario, overrides, lam=lam, trace=trace)
        values = scenario.values(overrides, label="--set")
        result = solve(scenario.normal_form.subs(values), method=method)
        record = solve_record(result, scenario, values)
        return self.result("solve", scenario, values, result, record, _render)


class TreeKind(_Finite):
    """A game ``[tree]`` (or a Gambit ``.efg`` file), with chance and information sets."""

    name: ClassVar[str] = "tree"
    verbs: ClassVar[Mapping[str, VerbSpec]] = TREE_VERBS

    def declared(self, scenario: Scenario) -> Mapping[str, VerbSpec]:
        """A tree with other than two players has no strategic form (no ``derive`` or
        ``repeated``); one without a ``[compare]`` section has no regimes to compare."""
        assert scenario.tree is not None
        drop = set()
        if len(scenario.tree.players) != 2:
            drop |= {"derive", "repeated"}
        if scenario.compare is None:
            drop.add("compare")
        if _discounted(scenario):
            drop.add("repeated")
        return {verb: spec for verb, spec in self.verbs.items() if verb not in drop}

    def why_not(self, verb: str, scenario: Scenario) -> str:
        assert scenario.tree is not None
        if verb == "compare":
            return "it has no [compare] section saying how its regimes differ"
        if verb == "repeated" and _discounted(scenario):
            return (
                "its payoffs already depend on the discount factor (the repetition is part of "
                "the tree); `fedlocal compare` gives the repeated relationship"
            )
        if verb in ("derive", "repeated"):
            players = len(scenario.tree.players)
            return (
                f"a {players}-player tree has no strategic form; `fedlocal tree {scenario.name} "
                "--symbolic` gives its subgame-perfect outcomes and their conditions"
            )
        return ""

    def shape(self, scenario: Scenario) -> str:
        assert scenario.tree is not None
        return f"a tree of {len(scenario.tree.nodes)} nodes, {len(scenario.tree.players)} players"

    def show(self, scenario: Scenario, overrides: Mapping[str, Any]) -> ScenarioResult[Any]:
        """A two-player tree whose reduced strategic form is too large is shown without it."""
        # Imported on use, for start-up speed.
        from gametheory.report import scenario_record
        from gametheory.solvers.sequence_form import reduced_form_is_small, reduced_form_size

        tree = scenario.tree
        assert tree is not None
        if scenario.declared_game is not None or len(tree.players) != 2:
            return super().show(scenario, overrides)
        if reduced_form_is_small(tree):
            return super().show(scenario, overrides)
        rows, cols = reduced_form_size(tree)[:2]
        values = scenario.values(overrides, label="--set")
        model = {
            "kind": "tree",
            "description": [
                f"a game tree of {len(tree.nodes)} nodes and 2 players, its reduced strategic "
                f"form would be {rows}x{cols}, so it is not built (`fedlocal solve` uses the "
                f"sequence form): `fedlocal tree {scenario.name}` draws it, `fedlocal solve "
                f"{scenario.name}` gives its subgame-perfect equilibria"
            ],
        }
        record = scenario_record(scenario, values, model=model)
        return self.result("show", scenario, values, scenario, record, _render)

    def solve(
        self,
        scenario: Scenario,
        overrides: Mapping[str, Any],
        *,
        method: str = "auto",
        show_all: bool = False,
        lam: Any = None,
        trace: bool = False,
    ) -> ScenarioResult[Any]:
        # Imported on use, for start-up speed.
        from gametheory.report.trees import tree_solve_record
        from gametheory.solvers.trees import solve_tree

        check_qre_options(method, lam, trace)
        if method == "logit-qre":
            return solve_qre(self, scenario, overrides, lam=lam, trace=trace)
        assert scenario.tree is not None
        values = scenario.values(overrides, label="--set")
        game_tree = scenario.tree.subs(values)
        game_tree.check_probabilities()
        solution = solve_tree(game_tree, method=method)
        record = tree_solve_record(solution, scenario, values, show_all=show_all)
        return self.result("solve", scenario, values, solution, record, _render)

    def tree(
        self,
        scenario: Scenario,
        overrides: Mapping[str, Any],
        *,
        symbolic: bool = False,
        show_all: bool = False,
        width: str | None = None,
    ) -> ScenarioResult[Any]:
        """Perfect information: the SPE grouped by outcome during backward induction (a symbolic
        tree's SPE are enumerated only with ``show_all``); otherwise the SPE in behavior
        strategies of a numeric tree."""
        # Imported on use, for start-up speed.
        from gametheory.report.trees import tree_record
        from gametheory.solvers.backward_induction import backward_induction
        from gametheory.solvers.outcomes import spe_outcomes
        from gametheory.solvers.trees import tree_equilibria
        from gametheory.symbolic import scenario_assumptions

        assert scenario.tree is not None
        values = scenario.values(overrides, partial=symbolic, label="--set")
        game_tree = scenario.tree.subs(values)
        game_tree.check_probabilities()
        known = scenario_assumptions(scenario, values)
        spe: tuple[Any, ...] = ()
        outcomes = None
        if game_tree.perfect_information:
            outcomes = spe_outcomes(game_tree, known)
            if show_all or game_tree.is_numeric:
                spe = backward_induction(game_tree, known)
        else:
            spe = tree_equilibria(game_tree, known)
        record = tree_record(
            game_tree, scenario, spe, outcomes=outcomes, known=known, show_all=show_all, width=width
        )
        return self.result("tree", scenario, values, spe, record, _tree_render)


def _discounted(scenario: Scenario) -> bool:
    """Whether the payoffs themselves depend on the discount factor of the ``[repeated]``
    section (or a parameter named ``delta``): such a game is not a stage game to repeat."""
    name = scenario.repeated.discount if scenario.repeated is not None else "delta"
    model = scenario.tree if scenario.tree is not None else scenario.declared_game
    if model is None:
        return False
    return any(s.name == name for s in model.free_symbols)


def _tree_render(record: Mapping[str, Any], fmt: str) -> str:
    # Imported on use, for start-up speed.
    from gametheory.report.trees import render_tree

    return render_tree(record, fmt)
