"""Fuzzing (issue 15): the formula parser, the TOML loader, the Gambit readers and the CLI.

Random and mutated valid inputs (deep nesting, huge and tiny numbers, unicode) must either work
or fail with a :class:`~gametheory.exceptions.GameTheoryError` that says where: a position in the
formula, the file name, or a line and column. Each example runs under a time limit (an alarm), and
the inputs are bounded in size, so memory stays small; round trips give back the same game.

CI cost: the number of examples per test comes from the hypothesis profile (``ci``: 40; the
command-line test is capped at 40 in every profile), so the whole file takes well under a minute.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sympy as sp
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gametheory import bundled_scenarios
from gametheory.cli.main import cli
from gametheory.exceptions import FormulaError, GameTheoryError, ScenarioError
from gametheory.io import read_efg, read_nfg, write_efg, write_nfg
from gametheory.io.toml_writer import write_scenario_toml
from gametheory.model import NormalFormGame
from gametheory.scenario import parse_formula, scenario_from_toml

ROOT = Path(__file__).resolve().parents[2]
SECONDS = 10  # per example
FUZZ = settings(
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@contextmanager
def time_limit(seconds: int = SECONDS) -> Iterator[None]:
    """Fail the example (instead of hanging the suite) when it runs longer than ``seconds``."""

    def expired(signum: int, frame: object) -> None:
        raise TimeoutError(f"example took more than {seconds} s")

    old = signal.signal(signal.SIGALRM, expired)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


# -- the formula parser ---------------------------------------------------------------------------
NAMES = {n: sp.Symbol(n, positive=True) for n in ("a", "b", "delta")}
TOKENS = [
    *NAMES, "1", "0", "2", "0.5", "1e9", "1e-9", "1e400", "1e-400", "9**9", "+", "-", "*", "/",
    "**", "(", ")", ",", "min(", "max(", "abs(", "sqrt(", "exp(", "log(", " ", "<", ">=", "é", "∞",
    "__import__", "'", '"', "1e10000000", "10**5000",
]  # fmt: skip
formulas = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=30).map("".join),
    st.text(max_size=60),
    st.integers(0, 400).map(lambda n: "(" * n + "a" + ")" * n),
    st.integers(0, 300).map(lambda n: "-" * n + "1"),
    st.integers(-(10**6), 10**6).map(lambda e: f"1e{e}"),
    st.integers(0, 60).map(lambda n: "a" + "**2" * n),
)


@FUZZ
@given(formulas)
def test_formula_parser_fuzz(text: str) -> None:
    with time_limit():
        try:
            value = parse_formula(text, NAMES)
        except FormulaError as err:
            assert err.position is not None or "formula" in str(err), str(err)
            return
    assert isinstance(value, sp.Basic)
    assert value.free_symbols <= set(NAMES.values())


# -- the TOML loader --------------------------------------------------------------------------------
SOURCES = {name: (ROOT / "games" / f"{name}.toml").read_text() for name in bundled_scenarios()}


@st.composite
def mutated(draw: st.DrawFn, texts: dict[str, str]) -> tuple[str, str]:
    """A valid file with a few random edits: deletions, insertions, replaced numbers."""
    name = draw(st.sampled_from(sorted(texts)))
    text = texts[name]
    for _ in range(draw(st.integers(0, 3))):
        at = draw(st.integers(0, len(text)))
        kind = draw(st.sampled_from(["delete", "insert", "number", "nest"]))
        if kind == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif kind == "insert":
            text = text[:at] + draw(st.text(max_size=12)) + text[at:]
        elif kind == "number":
            number = draw(st.sampled_from(["1e309", "1e-4301", "10**4400", "0", "-1", "1/0"]))
            text = text[:at] + number + text[at:]
        else:
            depth = draw(st.integers(1, 2000))
            text = text[:at] + "[" * depth + "]" * depth + text[at:]
    return name, text


@FUZZ
@given(mutated(SOURCES))
def test_toml_loader_fuzz(case: tuple[str, str]) -> None:
    name, text = case
    file = f"{name}.toml"
    with time_limit():
        try:
            scenario_from_toml(text, file=file, name=name)
        except ScenarioError as err:
            assert str(err).startswith(file), str(err)


# -- the Gambit readers ---------------------------------------------------------------------------
GAMBIT = {p.name: p.read_text() for p in sorted((ROOT / "tests/data/gambit").iterdir())}
NFG = {k: v for k, v in GAMBIT.items() if k.endswith(".nfg")}
EFG = {k: v for k, v in GAMBIT.items() if k.endswith(".efg")}


@FUZZ
@given(mutated(NFG))
def test_nfg_reader_fuzz(case: tuple[str, str]) -> None:
    name, text = case
    with time_limit():
        try:
            read_nfg(text, filename=name)
        except GameTheoryError as err:
            assert name in str(err), str(err)


@FUZZ
@given(mutated(EFG))
def test_efg_reader_fuzz(case: tuple[str, str]) -> None:
    name, text = case
    with time_limit():
        try:
            read_efg(text, filename=name)
        except GameTheoryError as err:
            assert name in str(err), str(err)


# -- round trips ----------------------------------------------------------------------------------
numbers = st.one_of(
    st.integers(-(10**400), 10**400),
    st.fractions(max_denominator=10**30),
    st.integers(-50, 50),
)


@FUZZ
@given(st.integers(1, 4), st.integers(1, 4), st.data())
def test_nfg_round_trip(rows: int, cols: int, data: st.DataObject) -> None:
    matrix = st.lists(st.lists(numbers, min_size=cols, max_size=cols), min_size=rows, max_size=rows)
    game = NormalFormGame.from_matrices(data.draw(matrix), data.draw(matrix))
    with time_limit():
        back = read_nfg(write_nfg(game))
    assert back.payoffs == game.payoffs and back.actions == game.actions


@FUZZ
@given(st.integers(1, 3), st.integers(1, 3), st.data())
def test_efg_round_trip(rows: int, cols: int, data: st.DataObject) -> None:
    from gametheory.model.strategic_form import tree_of_strategic_form

    matrix = st.lists(st.lists(numbers, min_size=cols, max_size=cols), min_size=rows, max_size=rows)
    tree = tree_of_strategic_form(
        NormalFormGame.from_matrices(data.draw(matrix), data.draw(matrix))
    )
    with time_limit():
        back = read_efg(write_efg(tree))
    assert [(n.history, n.payoffs) for n in back.nodes] == [
        (n.history, n.payoffs) for n in tree.nodes
    ]


@pytest.mark.parametrize("name", ["prisoners_dilemma", "hennepin_drawdown", "surge_pd"])
def test_toml_round_trip(name: str) -> None:
    from gametheory import load_scenario

    scenario = load_scenario(name)
    back = scenario_from_toml(write_scenario_toml(scenario), name=name)
    assert back.game == scenario.game and back.tree == scenario.tree


# -- the command line -----------------------------------------------------------------------------
COMMANDS = ["show", "solve", "derive", "tree", "repeated", "compare", "export", "validate"]
SET_VALUES = ["1e309", "1e-4301", "10**1000", "0", "-1", "1/3", "é", "1e10000000", "a**99", "("]


@settings(FUZZ, max_examples=min(settings().max_examples, 40))
@given(
    st.sampled_from(COMMANDS),
    st.sampled_from(sorted(SOURCES)),
    st.lists(st.tuples(st.sampled_from(["a", "T", "delta", "g", "b", "x"]),
                       st.sampled_from(SET_VALUES)), max_size=2),
    st.sampled_from([[], ["--format", "json"]]),
)  # fmt: skip
def test_cli_fuzz(command: str, name: str, sets: list[tuple[str, str]], fmt: list[str]) -> None:
    args = [command, name]
    for key, value in sets:
        args += ["--set", f"{key}={value}"]
    if command == "export":
        args += ["--to", "json"]
    elif command not in ("validate", "tree"):
        args += fmt
    with time_limit(30):
        result = CliRunner().invoke(cli, args)
    assert result.exit_code in (0, 1, 2), result.output
    if result.exit_code != 0:
        assert isinstance(result.exception, SystemExit), repr(result.exception)
