"""Scenario files: the schema, its error messages (file, key path, expectation) and the loaders."""

from __future__ import annotations

import pytest
import sympy as sp

from gametheory import ScenarioError, bundled_scenarios, load_scenario, solve
from gametheory.scenario import scenario_from_toml
from gametheory.solvers.backward_induction import backward_induction

GOOD = """
format = 1
name = "tiny"
title = "A tiny scenario"
assumptions = ["a > b"]

[[players]]
name = "Row"

[[players]]
name = "Col"

[parameters.a]
symbol = "\\\\alpha"
default = 2
domain = "positive"
range = [1, 5]
provenance = "illustrative"

[parameters.b]
default = "1/2"
domain = "[0, 1]"
provenance = "calibrated"
source = "chosen to reproduce 16/25 (S2)"

[definitions]
s = "a + b"

[game.actions]
Row = ["Up", "Down"]
Col = ["Left", "Right"]

[game.payoffs.Up]
Left = ["s", 1]
Right = [0, 0]

[game.payoffs.Down]
Left = [0, 0]
Right = ["b", "a"]
"""


def test_good_scenario_loads_exactly() -> None:
    sc = scenario_from_toml(GOOD, file="tiny.toml")
    a, b = sc.symbols["a"], sc.symbols["b"]
    assert a.is_positive and b.is_nonnegative
    assert sc.parameter("b").default == sp.Rational(1, 2)
    assert sc.parameter("a").latex == "\\alpha"
    assert sc.game.payoffs[0][0, 0] == a + b  # the definition is substituted
    assert sc.game_at().payoff_profile(0, 0) == (sp.Rational(5, 2), 1)
    assert sc.failed_assumptions(sc.values({"b": "1"})) == []
    assert sc.failed_assumptions(sc.values({"a": 1, "b": 1})) == ["a > b"]


def test_substitute_keeps_the_rest_symbolic() -> None:
    sc = scenario_from_toml(GOOD)
    game = sc.substitute({"a": "3"})
    assert game.free_symbols == {sc.symbols["b"]}


def _broken(old: str, new: str) -> str:
    assert old in GOOD, old
    return GOOD.replace(old, new, 1)


@pytest.mark.parametrize(
    "text,fragment",
    [
        (
            _broken('Right = ["b", "a"]', 'Right = ["b", "a + zz"]'),
            "tiny.toml: game.payoffs.Down.Right[1]: unknown name 'zz'",
        ),
        (
            _broken('Right = ["b", "a"]', 'Right = ["b"]'),
            "game.payoffs.Down.Right: expected 2 payoffs [Row, Col], got 1",
        ),
        (
            _broken('Right = ["b", "a"]', 'Rigth = ["b", "a"]'),
            "game.payoffs.Down.Rigth: unknown key 'Rigth'; expected one of: Left, Right",
        ),
        (
            _broken('provenance = "illustrative"', 'provenence = "illustrative"'),
            "parameters.a.provenence: unknown key 'provenence': did you mean the required key 'provenance'?",
        ),
        (_broken('symbol = "\\\\alpha"', 'symbl = "a"'), "parameters.a.symbl: unknown key 'symbl'"),
        (
            _broken("default = 2", "default = -2"),
            "parameters.a: default -2 of 'a' is outside its domain (0, inf)",
        ),
        (_broken("default = 2", "default = 7"), "default 7 of 'a' is outside its range [1, 5]"),
        (
            _broken("default = 2", "default = true"),
            "parameters.a.default: expected an integer or a number or a string, got a boolean",
        ),
        (
            _broken("default = 2", 'default = "2 +"'),
            "parameters.a.default: expected a number, a name or '('",
        ),
        (
            _broken('domain = "positive"', 'domain = "posit"'),
            "parameters.a.domain: expected an interval",
        ),
        (
            _broken('provenance = "calibrated"', 'provenance = "guessed"'),
            "parameters.b.provenance: expected one of source, found",
        ),
        (
            _broken('source = "chosen to reproduce 16/25 (S2)"', ""),
            "a 'calibrated' parameter needs a 'source' note",
        ),
        (
            _broken("format = 1", "format = 2"),
            "format: this fedlocal reads scenario format 1, got 2",
        ),
        (_broken('title = "A tiny scenario"', ""), "missing required key 'title'"),
        (
            _broken('[[players]]\nname = "Col"', '[[players]]\nname = "Row"'),
            "players: the players need different names, 'Row' appears twice",
        ),
        (
            _broken('assumptions = ["a > b"]', 'assumptions = ["a >> b"]'),
            "assumptions[0]: expected a number",
        ),
        (_broken('s = "a + b"', 's = "a + s"'), "definitions.s: unknown name 's'"),
        (
            _broken('Col = ["Left", "Right"]', 'Col = ["Left", "Left"]'),
            "game.actions.Col: action labels must be distinct",
        ),
        (
            _broken("[game.actions]", "[repeated]\ndelta = 1\n\n[game.actions]"),
            "repeated.delta: the discount factor of 'Row' is 1 at the defaults; expected a "
            "number strictly between 0 and 1",
        ),
        (
            GOOD + "\nextra = 1\n",
            "game.payoffs.Down.extra: unknown key 'extra'; expected one of: Left, Right",
        ),
        ("format = 1\ntitle = [", "not valid TOML"),
    ],
)
def test_errors_name_file_key_and_expectation(text: str, fragment: str) -> None:
    with pytest.raises(ScenarioError) as info:
        scenario_from_toml(text, file="tiny.toml", name="tiny")
    assert fragment in str(info.value)
    assert str(info.value).startswith("tiny.toml: ")


def test_set_values_are_exact_and_checked() -> None:
    sc = scenario_from_toml(GOOD)
    values = sc.values({"b": "0.3"})
    assert values[sc.symbols["b"]] == sp.Rational(3, 10)
    with pytest.raises(ScenarioError, match=r"b: value 2 of 'b' is outside its domain \[0, 1\]"):
        sc.values({"b": "2"})
    with pytest.raises(ScenarioError, match="has no parameter 'c'; its parameters: a, b"):
        sc.values({"c": "1"})
    with pytest.raises(ScenarioError, match="unknown name 'a'"):
        sc.values({"b": "a"})  # values are constants, not formulas of parameters


def test_bundled_scenarios_all_load_and_solve() -> None:
    names = bundled_scenarios()
    assert {
        "prisoners_dilemma",
        "chicken",
        "battle_of_the_sexes",
        "matching_pennies",
        "stag_hunt",
        "surge_pd",
        "warrant_screening",
        "hennepin_drawdown",
        "funding_threat",
        "trust_game",
        "chain_store",
        "ultimatum",
    } <= set(names)
    for name in names:
        sc = load_scenario(name)
        assert sc.name == name
        if sc.model is not None and sc.model[0] == "nplayer":  # a game of 3+ players
            from gametheory import solve_scenario

            assert solve_scenario(sc).result.equilibria, name
        elif sc.model is not None and sc.game is None:
            from gametheory.kinds import model_module

            kind, model = sc.model
            record = model_module(kind).solve(sc, model, sc.values())
            assert record["command"] == "solve" and record["model"] == kind, name
        elif sc.tree is not None:
            tree = sc.tree.subs(sc.values())
            tree.check_probabilities()
            assert backward_induction(tree), name
        else:
            assert solve(sc).equilibria, name
        for p in sc.parameters:
            assert p.provenance in ("source", "found", "illustrative", "calibrated")
            assert p.range is None or p.range[0] <= p.default <= p.range[1]


def test_loading_paths_and_unknown_names(tmp_path) -> None:
    path = tmp_path / "tiny.toml"
    path.write_text(GOOD, encoding="utf-8")
    assert load_scenario(path).name == "tiny"
    assert load_scenario(str(path)).path == str(path)
    with pytest.raises(ScenarioError, match="no bundled scenario called 'nope'"):
        load_scenario("nope")
    with pytest.raises(ScenarioError, match="no such file"):
        load_scenario(tmp_path / "missing.toml")
    with pytest.raises(
        ScenarioError, match=r"expected a \.toml scenario or a Gambit \.nfg or \.efg file"
    ):
        load_scenario(tmp_path / "game.json")


def test_values_label_names_the_source() -> None:
    sc = scenario_from_toml(GOOD)
    with pytest.raises(ScenarioError, match=r"^--set b: value 2 of 'b'"):
        sc.values({"b": "2"}, label="--set")


@pytest.mark.parametrize(
    "name,fragment",
    [
        ("δ", "expected a name of ASCII letters"),
        ("log", "'log' is a function name"),
        ("2a", "ASCII"),
    ],
)
def test_parameter_names_must_be_usable_in_formulas(name: str, fragment: str) -> None:
    text = GOOD.replace(
        "[parameters.a]",
        f'[parameters."{name}"]\ndefault = 1\nprovenance = "illustrative"\n\n[parameters.a]',
    )
    with pytest.raises(ScenarioError, match=fragment):
        scenario_from_toml(text)


def test_name_defaults_to_the_file_stem_or_scenario() -> None:
    assert scenario_from_toml(GOOD.replace('name = "tiny"\n', "")).name == "scenario"
    assert scenario_from_toml(GOOD.replace('name = "tiny"\n', ""), name="stem").name == "stem"
