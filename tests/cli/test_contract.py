"""The contract of the one interface: every verb x every bundled scenario x every format.

For each bundled scenario and each verb, the scenario's kind either declares the verb (then it
runs, through the library and through the command line, and renders in every format it declares)
or refuses it in one line that names the verb and the kind, before any work. A format a kind does
not declare is refused the same way. JSON output keeps the conventions of docs/reference/json.md:
a ``schema_version``, exact numbers as strings ``x`` with float twins ``x_float`` derived from
them, and no other encoding of numbers.
"""

from __future__ import annotations

import json
import math
from fractions import Fraction
from functools import cache
from typing import Any

import pytest
from click.testing import CliRunner

from gametheory import bundled_scenarios, evaluate, kind_of, load_scenario
from gametheory.cli.main import cli
from gametheory.exceptions import UnsupportedGameError, UnsupportedOptionError
from gametheory.kinds.verbs import VERBS, cli_formats

CASES = [(name, verb) for name in bundled_scenarios() for verb in VERBS]


@cache
def _evaluate(name: str, verb: str) -> Any:
    return evaluate(load_scenario(name), verb)


def _declared(name: str, verb: str) -> bool:
    sc = load_scenario(name)
    return verb in kind_of(sc).declared(sc)


def _number(text: str) -> float | None:
    try:
        return float(Fraction(text))
    except (ValueError, ZeroDivisionError):
        return None


def _check_json(node: Any, path: str = "$") -> None:
    if isinstance(node, dict):
        assert set(node) != {"exact", "float"}, f"{path}: numbers are x with x_float, not objects"
        for key, value in node.items():
            if key.endswith("_float"):
                base = key[: -len("_float")]
                assert base in node, f"{path}.{key} has no exact twin {base!r}"
                exact = node[base]
                if isinstance(exact, str) and isinstance(value, float):
                    want = _number(exact)
                    if want is not None and math.isfinite(value):
                        assert math.isclose(want, value, rel_tol=1e-12, abs_tol=1e-300), (
                            f"{path}.{key}: {value} is not the float of {exact}"
                        )
            _check_json(value, f"{path}.{key}")
    elif isinstance(node, list):
        for k, value in enumerate(node):
            _check_json(value, f"{path}[{k}]")


@pytest.mark.parametrize("name,verb", CASES, ids=[f"{n}-{v}" for n, v in CASES])
def test_every_verb_on_every_scenario(name: str, verb: str) -> None:
    sc = load_scenario(name)
    kind = kind_of(sc)
    if not _declared(name, verb):
        with pytest.raises(UnsupportedGameError, match=f"{verb} does not apply to a {kind.name}"):
            evaluate(sc, verb)
        result = CliRunner().invoke(cli, [verb, name])
        assert result.exit_code == 1, result.output
        assert result.output.count("\n") == 1 and "Traceback" not in result.output
        return
    result = _evaluate(name, verb)
    assert result.verb == verb and result.kind == kind.name
    for fmt in cli_formats(verb):
        if fmt not in result.formats:
            with pytest.raises(UnsupportedOptionError, match=f"--format {fmt} does not apply"):
                result.render(fmt)
            continue
        text = result.render(fmt)
        assert text.strip(), f"{name} {verb} --format {fmt} printed nothing"
        if fmt == "json":
            record = json.loads(text)
            assert record["schema_version"] >= 1
            _check_json(record)


@pytest.mark.parametrize(
    "name,verb",
    [(n, v) for n, v in CASES if v in ("show", "solve", "compare")],
    ids=[f"{n}-{v}" for n, v in CASES if v in ("show", "solve", "compare")],
)
def test_the_command_line_prints_what_the_library_records(name: str, verb: str) -> None:
    if not _declared(name, verb):
        pytest.skip(f"{verb} is not declared for {name}")
    result = CliRunner().invoke(cli, [verb, name, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == json.loads(_evaluate(name, verb).render("json"))


def test_an_undeclared_format_is_refused_before_any_work() -> None:
    result = CliRunner().invoke(cli, ["solve", "delegation_287g", "--format", "csv"])
    assert result.exit_code == 1
    assert result.output == (
        "Error: --format csv does not apply to solve on a delegation scenario "
        "('delegation_287g'); it has: table, json\n"
    )


@pytest.mark.parametrize(
    "argv,message",
    [
        (["compare", "delegation_287g", "--penalty", "5"], "--penalty does not apply to compare"),
        (["compare", "continuous_x", "--delta", "0.9"], None),
        (["solve", "sanctuary_diffusion", "--method", "exact"], "--method does not apply to solve"),
        (["tree", "surge_pd"], "tree does not apply to a game scenario"),
        (["repeated", "naming_escalation"], "repeated does not apply to a continuous scenario"),
    ],
)
def test_unsupported_options_are_refused_the_same_way(argv: list[str], message: str | None) -> None:
    if message is None:
        argv = ["compare", "naming_escalation", "--delta", "0.9"]
        message = "--delta does not apply to compare on a continuous scenario"
    result = CliRunner().invoke(cli, argv)
    assert result.exit_code == 1
    assert message in result.output and result.output.count("\n") == 1


def test_values_keyed_by_symbols_are_accepted_everywhere() -> None:
    # Issue 12: Scenario.values() returns {symbol: value}; passing it back used to fail with
    # "scenario has no parameter G; its parameters: G, ...". Names and symbols both work.
    sc = load_scenario("hennepin_drawdown")
    by_symbol = sc.values({"delta": "3/5"})
    by_name = {s.name: v for s, v in by_symbol.items()}
    from gametheory import compare_regimes

    assert compare_regimes(sc, by_symbol) == compare_regimes(sc, by_name)
    assert compare_regimes(sc, by_symbol).outcome("enforceable").level == Fraction(3, 8)
    assert evaluate(sc, "solve", by_symbol).values == evaluate(sc, "solve", by_name).values


@pytest.mark.parametrize("fmt", ["table", "json", "csv", "latex"])
def test_renegotiation_proofness_renders_without_per_player_verdicts(fmt: str) -> None:
    # Renegotiation-proofness is a property of the pair: its symbolic verdict has no per-player
    # part, which the renderers once indexed (a traceback in every format).
    result = CliRunner().invoke(
        cli, ["repeated", "prisoners_dilemma", "--concept", "renegotiation-proof", "--format", fmt]
    )
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
