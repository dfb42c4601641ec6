"""The house rules the code keeps: layers, no import cycles, lazy imports that say why, sizes.

The layer order is the import-linter contract in pyproject.toml (docs/contributing.md explains
it); these tests run it, and check what a contract cannot: that no two modules import each other
(directly or round a cycle), that every import inside a function is there for start-up speed and
says so, that the command line starts without the solvers, and that modules and functions stay a
size a reader can hold.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SOURCES = sorted(
    p
    for folder in ("gametheory", "cli", "games")
    for p in (ROOT / folder).rglob("*.py")
    if not (
        folder == "gametheory"
        and p.relative_to(ROOT / folder).parts[0] in ("cli", "games", "examples")
    )
)

#: Limits from the contributor's guide.
MODULE_LINES = 600
FUNCTION_LINES = 120

#: What is over the limits, with its size: to be split. Empty today; an entry may only shrink,
#: and the test fails when one grows, and when one is back under the limit but still listed.
OVERSIZE_MODULES: dict[str, int] = {}
OVERSIZE_FUNCTIONS: dict[tuple[str, str], int] = {}


def test_layers_contract_is_kept() -> None:
    pytest.importorskip("importlinter")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "from importlinter.cli import lint_imports; raise SystemExit(lint_imports())",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_no_import_cycles() -> None:
    grimp = pytest.importorskip("grimp")
    import networkx as nx

    graph = grimp.build_graph("gametheory")
    edges = nx.DiGraph(
        (m, t) for m in graph.modules for t in graph.find_modules_directly_imported_by(m)
    )
    cycles = list(nx.simple_cycles(edges))
    assert not cycles, f"import cycles: {cycles[:5]}"


def _function_imports(path: Path) -> list[int]:
    """Lines of imports inside functions whose group carries no 'start-up' comment."""
    lines = path.read_text(encoding="utf-8").splitlines()
    tree = ast.parse("\n".join(lines))
    bad = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for sub in ast.walk(node):
            if not isinstance(sub, ast.Import | ast.ImportFrom):
                continue
            if "start-up" in lines[sub.lineno - 1]:
                continue
            k = sub.lineno - 2
            # Walk up over blank lines and the other imports of the same group.
            while k >= 0 and (
                not lines[k].strip()
                or lines[k].lstrip().startswith(("from ", "import ", ")"))
                or (lines[k].startswith(" " * 12) and not lines[k].lstrip().startswith("#"))
            ):
                k -= 1
            if not (k >= 0 and lines[k].lstrip().startswith("#") and "start-up" in lines[k]):
                bad.append(sub.lineno)
    return bad


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_imports_inside_functions_say_they_are_for_start_up(path: Path) -> None:
    assert not _function_imports(path), (
        f"{path.relative_to(ROOT)}: imports inside functions at lines {_function_imports(path)} "
        "without a '# Imported on use, for start-up speed.' comment; move them to the top"
    )


@pytest.mark.parametrize("path", SOURCES, ids=[str(p.relative_to(ROOT)) for p in SOURCES])
def test_modules_and_functions_stay_readable(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    name = str(path.relative_to(ROOT))
    lines = len(text.splitlines())
    limit = OVERSIZE_MODULES.get(name, MODULE_LINES)
    assert lines <= limit, f"{name} is {lines} lines (limit {limit})"
    if name in OVERSIZE_MODULES:
        assert lines > MODULE_LINES, f"{name} is under {MODULE_LINES} lines: drop it from the list"
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            size = (node.end_lineno or node.lineno) - node.lineno + 1
            known = OVERSIZE_FUNCTIONS.get((name, node.name))
            assert size <= (known or FUNCTION_LINES), f"{name}: {node.name} is {size} lines"
            if known is not None:
                assert size > FUNCTION_LINES, f"{name}: {node.name} is short now: unlist it"


def test_the_command_line_starts_without_the_solvers() -> None:
    code = (
        "import sys, gametheory.cli.main\n"
        "heavy = [m for m in ('nashpy', 'sympy', 'numpy', 'networkx') if m in sys.modules]\n"
        "assert not heavy, heavy\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stderr


def test_solve_method_choices_are_the_solver_registry() -> None:
    from gametheory.cli.commands.solve import METHODS
    from gametheory.solvers import SOLVERS

    assert sorted(METHODS) == sorted(SOLVERS)


def test_the_catalogue_reads_what_the_loader_reads() -> None:
    from gametheory import bundled_scenarios, load_scenario
    from gametheory.games import catalogue

    entries = catalogue()
    assert [name for name, _, _ in entries] == bundled_scenarios()
    for name, tags, title in entries:
        sc = load_scenario(name)
        assert (sc.name, sc.tags, sc.title) == (name, tags, title)
