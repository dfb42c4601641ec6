"""Every code block in the docs and the README runs.

* ```console blocks: each ``$ fedlocal ...`` line is run with click's CliRunner from an empty
  temporary folder (the docs refer to bundled scenarios and the shipped ``examples/``), and its
  output must match the lines below it exactly; a line ``...`` matches any run of lines. The
  exit status must be 0 unless the expected output shows an error.
* ```python blocks with ``>>>`` prompts run as doctests, one namespace per file, from the
  repository root.
* ```toml blocks that start with ``format = 1`` must be valid scenarios.
* ```sh blocks (installation commands) are run by .ci/run itself, not here.
"""

from __future__ import annotations

import doctest
import re
import shlex
from pathlib import Path

import pytest
from click.testing import CliRunner

from gametheory.cli.main import cli
from gametheory.scenario import scenario_from_toml

ROOT = Path(__file__).resolve().parents[2]
PAGES = sorted([ROOT / "README.md", *(ROOT / "docs").rglob("*.md")])
FENCE = re.compile(r"^```(\w+)[^\n]*\n(.*?)^```", re.M | re.S)


def _blocks(kind: str) -> list[tuple[str, int, str]]:
    out = []
    for page in PAGES:
        text = page.read_text(encoding="utf-8")
        for m in FENCE.finditer(text):
            if m.group(1) == kind:
                line = text.count("\n", 0, m.start()) + 1
                out.append((f"{page.relative_to(ROOT)}:{line}", line, m.group(2)))
    return out


def _matches(expected: list[str], actual: list[str]) -> bool:
    if not expected:
        return not actual
    if expected[0] == "...":
        return any(_matches(expected[1:], actual[k:]) for k in range(len(actual) + 1))
    return bool(actual) and expected[0] == actual[0] and _matches(expected[1:], actual[1:])


def _sessions(block: str) -> list[tuple[str, list[str]]]:
    sessions: list[tuple[str, list[str]]] = []
    for line in block.splitlines():
        if line.startswith("$ "):
            sessions.append((line[2:], []))
        elif sessions:
            sessions[-1][1].append(line.rstrip())
    return sessions


CONSOLE = _blocks("console")


@pytest.mark.parametrize("where,line,block", CONSOLE, ids=[c[0] for c in CONSOLE])
def test_console_block(
    where: str, line: int, block: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # From an empty folder, not the repository: every docs command works from any folder
    # (examples/... are the shipped example files).
    monkeypatch.chdir(tmp_path)
    sessions = _sessions(block)
    assert sessions, f"{where}: a console block without a '$ ' command"
    for command, expected in sessions:
        argv = shlex.split(command)
        assert argv[0] == "fedlocal", f"{where}: console blocks run fedlocal only, got {command!r}"
        result = CliRunner().invoke(cli, argv[1:], prog_name="fedlocal")
        actual = [ln.rstrip() for ln in result.output.rstrip("\n").splitlines()]
        while expected and not expected[-1]:
            expected.pop()
        assert _matches(expected, actual), (
            f"{where}: output of {command!r} differs\n--- expected\n"
            + "\n".join(expected)
            + "\n--- actual\n"
            + "\n".join(actual)
        )
        shows_error = any(ln.startswith(("Error:", "invalid:", "Usage:")) for ln in expected)
        shows_error = shows_error and "--help" not in argv  # help starts with "Usage:" too
        assert (result.exit_code != 0) == shows_error, (
            f"{where}: {command!r} exited {result.exit_code}"
        )


@pytest.mark.parametrize("page", PAGES, ids=[str(p.relative_to(ROOT)) for p in PAGES])
def test_python_blocks(page: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # From the repository root: one example reads its own page (docs/how-to/compare.md).
    monkeypatch.chdir(ROOT)
    text = page.read_text(encoding="utf-8")
    code = "\n".join(m.group(2) for m in FENCE.finditer(text) if m.group(1) == "python")
    if ">>>" not in code:
        pytest.skip("no doctest examples on this page")
    parser = doctest.DocTestParser()
    test = parser.get_doctest(code, {}, str(page.name), str(page), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    assert runner.failures == 0, (
        f"{page.name}: {runner.failures} doctest example(s) failed (see output)"
    )


TOML = [b for b in _blocks("toml") if b[2].lstrip().startswith("format = 1")]


@pytest.mark.parametrize("where,line,block", TOML, ids=[t[0] for t in TOML])
def test_toml_scenarios_are_valid(where: str, line: int, block: str) -> None:
    scenario_from_toml(block, file=where, name="example")
