"""Issue 15: hostile input ends in 20 s with exit 0 or 1 and no traceback, and never lies.

Cases that used to hang or exhaust memory run the real command in a subprocess under a 4 GB
address-space cap and a 20 s timeout (a hang fails the test instead of the suite); the others run
in-process with CliRunner. Each test names the input of the issue it pins down.
"""

from __future__ import annotations

import json
import os
import resource
import stat
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.limits import rational_text

MEMORY = 4 << 30  # the 4 GB cap
TIMEOUT = 20


def _cap_memory() -> None:  # pragma: no cover - runs in the child
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def fedlocal(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """Run the command line in a subprocess with the memory cap; fail on a timeout."""
    code = "from gametheory.cli.main import cli; cli()"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code, *args],
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            preexec_fn=_cap_memory,
            cwd=cwd,
            check=False,
        )
    except subprocess.TimeoutExpired:  # pragma: no cover - the regression this guards
        pytest.fail(f"fedlocal {' '.join(args)} did not finish in {TIMEOUT} s")
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    assert done.returncode in (0, 1), done.stderr[-2000:]
    return done


def run(*args: str):
    result = CliRunner().invoke(cli, list(args), prog_name="fedlocal")
    assert result.exit_code in (0, 1), result.output
    if result.exit_code == 1:  # a clean one-line refusal, never an exception
        assert isinstance(result.exception, SystemExit), repr(result.exception)
    return result


GAME = """format = 1
name = "hostile"
title = "hostile"
[[players]]
name = "A"
[[players]]
name = "B"
{params}
[game.actions]
A = ["U", "D"]
B = ["L", "R"]
[game.payoffs.U]
L = [{payoff}, 0]
R = [0, 1]
[game.payoffs.D]
L = [1, 0]
R = [0, 2]
"""
PARAM_A = '[parameters.a]\ndefault = 3\nprovenance = "illustrative"\n'


def game(tmp_path: Path, payoff: str, params: str = "", name: str = "g.toml") -> Path:
    path = tmp_path / name
    path.write_text(GAME.format(payoff=payoff, params=params), encoding="utf-8")
    return path


def efg_chain(tmp_path: Path, depth: int, players: int = 2) -> Path:
    """A chain of ``depth`` decision nodes, each ending the game or going on."""
    names = " ".join(f'"P{k}"' for k in range(players))
    lines = [f'EFG 2 R "chain" {{ {names} }}', '""']
    zeros = ", ".join("0" for _ in range(players))
    ones = ", ".join("1" for _ in range(players))
    for i in range(depth):
        lines.append(f'p "" {1 + i % players} {i + 1} "" {{ "a" "b" }} 0')
        lines.append(f't "" {i + 1} "" {{ {zeros} }}')
    lines.append(f't "" {depth + 1} "" {{ {ones} }}')
    path = tmp_path / f"chain{depth}.efg"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


# -- silent wrong results ---------------------------------------------------------------------
def test_continuous_model_keeps_exact_values() -> None:
    # Hand derivation (best responses x_L = a + x_F/2, x_F = 1 + 4 x_L/5, h_L = 1): at the
    # equilibrium Local's loss term vanishes and it gets -x_F = -(5/3 + 4a/3); with
    # a = 13717421/109739369 that is -201188843/109739369 (nsimplify used to print -11/6).
    out = run("solve", "naming_escalation", "--set", "alpha_L=13717421/109739369").output
    a = Fraction(13717421, 109739369)
    assert -(Fraction(5, 3) + 4 * a / 3) == Fraction(-201188843, 109739369)
    assert "payoffs Local -201188843/109739369" in out
    assert "-11/6" not in out


def test_continuous_model_degenerate_slopes_exact() -> None:
    # alpha_F = beta_L = beta_F = 0: x_L = alpha_L = 1 and x_F = 0 exactly.
    out = run(
        "solve", "naming_escalation", "--set", "alpha_F=0", "--set", "beta_L=0",
        "--set", "beta_F=0",
    ).output  # fmt: skip
    assert "equilibrium x_L = 1, x_F = 0" in out and "1/8" not in out


def test_equal_discount_share_uses_the_scenarios_parameters() -> None:
    # Rubinstein (1982): with both discounting at d the first proposer gets S/(1 + d).
    doc = json.loads(run("derive", "pep_bargaining", "--format", "json").output)
    text = doc["formulas"]["equal_discount_share"]["text"]
    assert text == "S/(delta_F + 1)" and "delta)" not in text
    doc = json.loads(
        run("derive", "pep_bargaining", "--set", "S=2", "--set", "delta_F=9/10",
            "--format", "json").output
    )  # fmt: skip
    assert doc["formulas"]["equal_discount_share"]["text"] == "20/19"


def test_unverified_payoff_set_area_is_not_written_as_exact(tmp_path: Path) -> None:
    # The Abreu-Sannikov (2014) example of tests/unit/test_payoff_set.py has irrational vertices:
    # the set is not verified exactly, so its area must not look exact.
    a = [[16, 3, 0], [21, 10, -1], [9, 5, -5]]
    b = [[9, 13, 3], [1, 4, 0], [0, -4, -15]]
    rows, cols = ["r0", "r1", "r2"], ["c0", "c1", "c2"]
    payoffs = "\n".join(
        f"[game.payoffs.{r}]\n"
        + "\n".join(f"{c} = [{a[i][j]}, {b[i][j]}]" for j, c in enumerate(cols))
        for i, r in enumerate(rows)
    )
    text = (
        'format = 1\nname = "as"\ntitle = "as"\n[[players]]\nname = "A"\n[[players]]\nname = "B"\n'
        f"[game.actions]\nA = {json.dumps(rows)}\nB = {json.dumps(cols)}\n{payoffs}\n"
    )
    path = tmp_path / "as.toml"
    path.write_text(text, encoding="utf-8")
    doc = json.loads(
        run("repeated", str(path), "--delta", "3/10", "--payoff-set", "--numeric-only",
            "--strategy", "always_punish", "--format", "json").output
    )  # fmt: skip
    # The set is now solved exactly (cubic vertices, Abreu and Sannikov 2014), so its area is an
    # exact algebraic number; a set that is not verified must still never write one.
    assert doc["payoff_set"]["exact"] is True and doc["payoff_set"]["area"] is not None
    import dataclasses

    from gametheory import load_scenario
    from gametheory.repeated.analysis import analyse_repeated
    from gametheory.report.repeated import repeated_record

    analysis = analyse_repeated(
        load_scenario(path), delta="3/10", payoff_set=True, symbolic=False,
        strategies=["always_punish"],
    )  # fmt: skip
    assert analysis.payoff_set is not None
    unverified = dataclasses.replace(
        analysis, payoff_set=dataclasses.replace(analysis.payoff_set, exact=False)
    )
    ps = repeated_record(unverified)["payoff_set"]
    assert ps["exact"] is False and ps["vertices"] is None
    assert ps["area"] is None and ps["area_float"] > 0


def test_game_and_tree_in_one_file_is_refused(tmp_path: Path) -> None:
    path = game(tmp_path, "1")
    path.write_text(
        path.read_text() + '[tree]\nplayer = "A"\n[tree.moves.U]\npayoffs = [1, 2]\n'
        "[tree.moves.D]\npayoffs = [0, 0]\n"
    )
    for command in ("solve", "show", "repeated", "validate"):
        result = run(command, str(path))
        assert result.exit_code == 1
        assert "tree: a scenario holds one game" in result.output


def test_strategy_file_with_three_automata_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "three.toml"
    path.write_text(
        (Path(__file__).parents[2] / "docs/examples/wary_automata.toml").read_text()
        + '\n[automata.extra]\nplayer = "Local"\ninitial = "c"\nplay = { c = "Cooperate" }\n'
    )
    result = run("repeated", "surge_pd", "--strategy", str(path))
    assert (
        result.exit_code == 1 and "automata: a strategy file holds one automaton" in result.output
    )


def test_network_reads_floats_as_decimals() -> None:
    # On the cycle C_20 with threshold 2/5 and shock -1/10 the adoption share needed is exactly
    # 1/2: two adjacent seeds take everyone (Morris 2000). The binary float -0.1 is a hair
    # larger in magnitude and used to stop the cascade.
    import networkx as nx

    from gametheory.kinds.network import linear_threshold_cascade

    g = nx.cycle_graph(20)
    exact = linear_threshold_cascade(g, [0, 1], Fraction(2, 5), shock=Fraction(-1, 10))
    floaty = linear_threshold_cascade(g, [0, 1], Fraction(2, 5), shock=-0.1)
    assert exact.share == floaty.share == 1
    assert Fraction(2, 5) - Fraction(-0.1) != Fraction(1, 2)  # the binary value really differs


# -- hangs and memory ---------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("payoff", "params", "message"),
    [
        ('"(9**9999)**9999"', "", "more than 10000 digits"),
        ('"a**1000000000"', PARAM_A, "exponent larger than 1000"),
        ('"1e10000000"', "", "more than 10000 digits"),
        ('"(a + 1)**999 * (a + 2)**999"', PARAM_A, "degree more than 1000"),
        ('"2**a"', PARAM_A, "an exponent must be a number"),
    ],
    ids=["nested-power", "symbolic-base", "decimal-exponent", "degree", "symbolic-exponent"],
)
def test_formula_size_bounds(tmp_path: Path, payoff: str, params: str, message: str) -> None:
    path = game(tmp_path, payoff, params)
    for command in ("validate", "solve", "derive"):
        done = fedlocal(command, str(path), cwd=tmp_path)
        assert done.returncode == 1 and message in done.stderr


def test_chain_of_squaring_definitions(tmp_path: Path) -> None:
    chain = '[definitions]\nd0 = "a"\n' + "".join(f'd{i} = "d{i - 1}**2"\n' for i in range(1, 41))
    path = game(tmp_path, '"d40"', PARAM_A + chain)
    done = fedlocal("solve", str(path), cwd=tmp_path)
    assert (
        done.returncode == 1
        and "definitions.d10: a formula of degree more than 1000" in done.stderr
    )


@pytest.mark.parametrize(
    "args",
    [
        ["solve", "{g}", "--set", "a=1e999999"],
        ["repeated", "prisoners_dilemma", "--delta", "1e-999999"],
        ["solve", "{g}", "--set", "a=10**2000", "--format", "json"],
    ],
    ids=["set-decimal-exponent", "delta-decimal-exponent", "set-power-of-ten"],
)
def test_values_are_bounded(tmp_path: Path, args: list[str]) -> None:
    path = game(tmp_path, '"a"', PARAM_A)
    done = fedlocal(*(a.replace("{g}", str(path)) for a in args), cwd=tmp_path)
    assert done.returncode in (0, 1)
    if "1e-999999" in args:
        assert "--delta" in done.stderr and "more than 10000 digits" in done.stderr


def test_value_size_estimated_before_substitution(tmp_path: Path) -> None:
    path = game(tmp_path, '"a**1000"', PARAM_A)
    done = fedlocal("solve", str(path), "--set", "a=10**9000", cwd=tmp_path)
    assert done.returncode == 1 and "more than 100000 digits" in done.stderr


def test_punish_k_is_bounded(tmp_path: Path) -> None:
    done = fedlocal("repeated", "prisoners_dilemma", "--strategy", "punish:50", cwd=tmp_path)
    assert done.returncode == 1 and "at most 8 rounds" in done.stderr


def test_cheap_talk_tiny_bias_uses_the_closed_form(tmp_path: Path) -> None:
    # N(b) = the largest N with 2bN(N - 1) < 1 (Crawford and Sobel 1982): 7071067812 at 1e-20.
    done = fedlocal("solve", "assurance_cheap_talk", "--set", "b=1e-20", "--format", "json",
                    cwd=tmp_path)  # fmt: skip
    doc = json.loads(done.stdout)
    assert doc["max_steps"] == 7071067812
    top = doc["equilibria"][-1]
    assert top["steps"] == 7071067812 and top["boundaries"] is None
    n, b = 7071067812, Fraction(1, 10**20)
    assert Fraction(top["receiver"]) == -Fraction(1, 12 * n * n) - b * b * (n * n - 1) / 3
    fedlocal("compare", "assurance_cheap_talk", "--set", "b=1e-20", cwd=tmp_path)


@pytest.mark.parametrize("depth", [600, 1000, 5000])
def test_deep_efg_is_refused_quickly(tmp_path: Path, depth: int) -> None:
    path = efg_chain(tmp_path, depth)
    done = fedlocal("validate", str(path), cwd=tmp_path)
    assert done.returncode == 1 and "deeper than 200 levels" in done.stdout + done.stderr


def test_deep_tree_within_the_limit_has_no_recursion_error(tmp_path: Path) -> None:
    # Three players: no strategic form, so this exercises the reader and the tree walks only.
    path = efg_chain(tmp_path, 199, players=3)
    for command in ("validate", "solve", "tree", "show"):
        assert fedlocal(command, str(path), cwd=tmp_path).returncode == 0


def test_long_simulation_finishes(tmp_path: Path) -> None:
    done = fedlocal("repeated", "prisoners_dilemma", "--simulate", "10000", "--delta", "0.999999",
                    "--strategy", "grim", "--concept", "spe", "--format", "json", cwd=tmp_path)  # fmt: skip
    sim = json.loads(done.stdout)["simulation"]
    # Grim against grim cooperates for ever: the running total is 3(1 - d**(t + 1)).
    d = Fraction(999999, 1000000)
    assert sim["totals"][0] == rational_text(3 * (1 - d**10000))
    assert sim["rounds"][0]["discounted"] == ["3/1000000", "3/1000000"]
    assert sim["rounds"][-1]["discounted"] == [None, None]
    assert abs(sim["rounds"][-1]["discounted_float"][0] - float(3 * (1 - d**10000))) < 1e-12


def test_simulation_too_large_is_refused() -> None:
    result = run("repeated", "prisoners_dilemma", "--simulate", "10000",
                 "--delta", "0.99999999999", "--strategy", "grim", "--concept", "spe")  # fmt: skip
    assert result.exit_code == 1 and "--simulate" in result.output


# -- tracebacks ----------------------------------------------------------------------------------
@pytest.mark.parametrize("payoff", ['"2**1024"', '"1e309"', '"1e4301"', '"1e-4301"'])
def test_huge_and_tiny_payoffs(tmp_path: Path, payoff: str) -> None:
    path = game(tmp_path, payoff)
    for args in (["show"], ["solve"], ["solve", "--format", "json"], ["export", "--to", "nfg"]):
        result = run(args[0], str(path), *args[1:])
        assert result.exit_code == 0, result.output
    doc = json.loads(run("show", str(path), "--format", "json").output)
    from gametheory.scenario import parse_number

    assert doc["payoffs"][0][0][0] == rational_text(parse_number(payoff.strip('"')))


def test_long_integers_inside_formulas(tmp_path: Path) -> None:
    # sympy prints a formula's integers with str(): past 4,300 digits that raised ValueError.
    path = game(tmp_path, '"a*1e4301"', PARAM_A)
    for args in (["derive"], ["derive", "--format", "json"], ["export", "--to", "toml"], ["show"]):
        result = run(args[0], str(path), *args[1:])
        assert result.exit_code == 0, result.output
        assert "1" + "0" * 4301 in result.output


def test_overflowing_float_is_null_with_a_note(tmp_path: Path) -> None:
    path = game(tmp_path, '"a"', PARAM_A)
    doc = json.loads(run("solve", str(path), "--set", "a=10**1000", "--format", "json").output)
    assert doc["payoffs"][0][0][0] == str(10**1000)
    # A 1x1 game: its one equilibrium pays 10**1000, beyond the float range.
    one = tmp_path / "one.nfg"
    one.write_text('NFG 1 R "big" { "A" "B" } { 1 1 }\n1e1000 2\n')
    doc = json.loads(run("solve", str(one), "--format", "json").output)
    eq = doc["equilibria"][0]
    assert eq["payoffs"][0] == str(10**1000) and eq["payoffs_float"][0] is None
    assert any("beyond the float range" in d for d in doc["diagnostics"])


def test_int_str_limit_in_repeated_simulation() -> None:
    result = run("repeated", "prisoners_dilemma", "--delta", "9/10", "--simulate", "4400",
                 "--strategy", "grim", "--concept", "spe", "--format", "json")  # fmt: skip
    assert result.exit_code == 0
    totals = json.loads(result.output)["simulation"]["totals"]
    assert totals[0] == rational_text(3 * (1 - Fraction(9, 10) ** 4400))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("x = 1" + "0" * 250_000 + "\n", "write a very long number as a string formula"),
        ("x = " + "[" * 5000 + "]" * 5000 + "\n", "nested too deeply"),
    ],
    ids=["huge-integer", "deep-nesting"],
)
def test_toml_errors_name_the_file(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text)
    result = run("validate", str(path))
    assert result.exit_code == 1 and "bad.toml: cannot read the TOML" in result.output
    assert message in result.output


def test_load_scenario_rejects_non_paths() -> None:
    from gametheory import load_scenario
    from gametheory.exceptions import GameTheoryError

    for bad in (None, 3, "", b"x"):
        with pytest.raises(GameTheoryError, match="expected a bundled scenario name"):
            load_scenario(bad)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "dtype", ["float64", "float32", "float16", "int8", "int64", "uint64", "longdouble", "object"]
)
def test_numpy_inputs_of_every_dtype(dtype: str) -> None:
    np = pytest.importorskip("numpy")
    from gametheory import load_scenario, solve
    from gametheory.model import NormalFormGame

    a = np.array([[3.0, 0.0], [5.0, 1.0]]).astype(dtype)
    g = NormalFormGame.from_matrices(a, np.array([[3, 5], [0, 1]]).astype(dtype))
    assert g.payoffs[0].tolist() == [[3, 0], [5, 1]]
    if dtype.startswith("float"):
        half = NormalFormGame.from_matrices(np.array([[0.1]], dtype=dtype), [[0]])
        assert half.payoffs[0][0, 0] == Fraction(1, 10)  # the decimal it prints as
    scalar = getattr(np, dtype)(6) if dtype != "object" else 6
    result = solve(load_scenario("prisoners_dilemma"), values={"T": scalar})
    assert [eq.payoffs for eq in result.equilibria] == [(1, 1)]


def test_numpy_float_value_is_exact() -> None:
    np = pytest.importorskip("numpy")
    from gametheory import load_scenario

    sc = load_scenario("prisoners_dilemma")
    assert sc.values({"T": np.float64(6.5)})[sc.parameter("T").symbol] == Fraction(13, 2)


@pytest.mark.parametrize(
    "rows",
    [[[1, 2], [3]], [], "ab", [[True]], [[1 + 2j]], [[float("nan")]], [1, 2]],
    ids=["ragged", "empty", "string", "bool", "complex", "nan", "flat"],
)
def test_from_matrices_errors_derive_from_gametheory_error(rows: object) -> None:
    from gametheory.exceptions import GameTheoryError
    from gametheory.model import NormalFormGame

    with pytest.raises(GameTheoryError):
        NormalFormGame.from_matrices(rows, rows)


def test_strict_sign_never_runs_text(tmp_path: Path) -> None:
    import sympy as sp

    from gametheory.exceptions import GameTheoryError
    from gametheory.repeated.delta_sets import nonnegative_set, strict_sign

    marker = tmp_path / "ran"
    attack = f'1 + 0*__import__("os").system("touch {marker}")'
    with pytest.raises(GameTheoryError):
        strict_sign(attack)
    with pytest.raises(GameTheoryError):
        nonnegative_set(attack, sp.Symbol("delta", positive=True))
    assert not marker.exists()
    assert strict_sign("-3") == -1
    assert nonnegative_set("1 - 2*delta", sp.Symbol("delta", positive=True)).describe() == (
        "delta <= 1/2"
    )


# -- safe writes -----------------------------------------------------------------------------------
def test_export_path_errors_are_one_line(tmp_path: Path) -> None:
    for target in (str(tmp_path / "missing" / "dir" / "out.nfg"), ""):
        result = run("export", "prisoners_dilemma", "--to", "nfg", "-o", target)
        assert result.exit_code == 1 and len(result.output.strip().splitlines()) == 1


def test_export_refuses_special_files(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for target, kind in ((fifo, "FIFO"), (tmp_path, "folder"), (Path("/dev/null"), "device")):
        result = run("export", "prisoners_dilemma", "--to", "nfg", "-o", str(target), "--force")
        assert result.exit_code == 1 and kind in result.output
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)
    assert stat.S_ISCHR(os.stat("/dev/null").st_mode)


def test_export_overwrite_needs_force_and_keeps_the_mode(tmp_path: Path) -> None:
    target = tmp_path / "out.nfg"
    target.write_text("old")
    target.chmod(0o444)
    result = run("export", "prisoners_dilemma", "--to", "nfg", "-o", str(target))
    assert result.exit_code == 1 and "--force" in result.output and target.read_text() == "old"
    result = run("export", "prisoners_dilemma", "--to", "nfg", "-o", str(target), "--force")
    assert result.exit_code == 0 and target.read_text().startswith("NFG")
    assert stat.S_IMODE(target.stat().st_mode) == 0o444


def test_export_through_a_symlink_writes_the_target(tmp_path: Path) -> None:
    real = tmp_path / "real.nfg"
    real.write_text("old")
    link = tmp_path / "link.nfg"
    link.symlink_to(real)
    result = run("export", "prisoners_dilemma", "--to", "nfg", "-o", str(link), "--force")
    assert result.exit_code == 0
    assert link.is_symlink() and real.read_text().startswith("NFG")


def test_export_dash_is_standard_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    result = run("export", "prisoners_dilemma", "--to", "nfg", "-o", "-")
    assert result.exit_code == 0 and result.output.startswith("NFG")
    assert not (tmp_path / "-").exists()


def test_huge_parameter_in_repeated_closed_forms() -> None:
    # `fedlocal repeated surge_pd --set a=1e200` printed a traceback: comparing two closed forms
    # with the square root of a 400-digit radicand, sympy's factoring raised "... is not a
    # prime factor". Such a comparison now counts as undecided (both bounds are kept), and the
    # thresholds are still exact: Local's grim-trigger threshold is 1/2 whatever a is.
    result = run("repeated", "surge_pd", "--set", "a=1e200")
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    row = next(line for line in result.output.splitlines() if line.startswith("grim_trigger  SPE"))
    assert "delta >= 1/2" in row


def test_undecidable_equality_of_closed_forms_keeps_both(monkeypatch: pytest.MonkeyPatch) -> None:
    import sympy as sp

    from gametheory.repeated import delta_sets

    def fails(a: sp.Expr, b: sp.Expr) -> bool:
        raise ValueError("7 is not a prime factor of 8")  # sympy's own failure, as met

    monkeypatch.setattr(delta_sets, "_same_exact", fails)
    x = sp.Symbol("x")
    assert delta_sets._same.__wrapped__(sp.sqrt(x), sp.sqrt(x) + 1) is False


def test_tiny_parameter_in_the_bargaining_solution() -> None:
    # `compare battle_of_the_sexes --set a=1e-4301` did not finish: the weighted Nash product
    # (g1 g2)**(1/2) made sympy factor a 4,300-digit rational. The product is now left as the
    # exact unevaluated power; the comparison itself is unchanged and finishes in about a
    # second (the game's other numbers are small, so every equilibrium and regime is exact).
    result = run("compare", "battle_of_the_sexes", "--set", "a=1e-4301", "--format", "json")
    assert result.exit_code == 0, result.output
    doc = json.loads(result.output)
    assert doc["scenario"]["name"] == "battle_of_the_sexes" and doc["exact"] is True
    assert [r["regime"] for r in doc["regimes"]][:2] == ["enforceable", "unenforceable"]


@pytest.mark.parametrize(
    "args",
    [
        ("repeated", "hennepin_drawdown", "--set", "delta=1e-4301"),
        ("derive", "hennepin_drawdown", "--set", "g=10**1000"),
        ("compare", "hennepin_drawdown", "--set", "g=10**1000"),
    ],
)
def test_thousand_digit_parameters_finish(args: tuple[str, ...]) -> None:
    # Each ran for over 30 s inside sympy's multivariate factoring (Wang's algorithm searching
    # for primes beyond the coefficients). Past FACTOR_DIGITS the expressions stay unfactored:
    # the same exact values, and the commands finish in a few seconds.
    result = run(*args)
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output and "hennepin_drawdown" in result.output
