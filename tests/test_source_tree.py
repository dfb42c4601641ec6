"""Python started in the repository root imports the source tree, and it works as installed.

In a clone, ``gametheory/`` shadows the installed package for a Python started at the root.
The command line and the bundled scenarios live beside it in ``cli/`` and ``games/`` (installed
as ``gametheory.cli`` and ``gametheory.games``); the source tree reaches them through the
symbolic links ``gametheory/cli`` and ``gametheory/games``. The README's Python example must run
there exactly as it does against the installed package.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import doctest, sys
import gametheory, gametheory.cli.main
from pathlib import Path
assert Path(gametheory.__file__).resolve().parent == Path.cwd().resolve() / "gametheory", gametheory.__file__
parser = doctest.DocTestParser()
test = parser.get_doctest(sys.stdin.read(), {}, "README", "README.md", 0)
runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
runner.run(test)
print(runner.failures, len(test.examples))
"""


def _readme_python() -> str:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"^```python\n(.*?)^```", text, re.M | re.S)
    assert blocks, "the README has a Python example"
    return "\n".join(blocks)


def test_the_links_point_at_the_top_level_folders() -> None:
    for name in ("cli", "games"):
        link = ROOT / "gametheory" / name
        assert link.is_symlink() and link.resolve() == (ROOT / name).resolve()


def test_readme_python_example_runs_from_the_repository_root() -> None:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        input=_readme_python(),
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    failures, examples = map(int, done.stdout.split()[-2:])
    assert failures == 0 and examples >= 3, done.stdout
