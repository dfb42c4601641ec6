"""The commands of the contributor's guide (docs/contributing.md, "Checks") run.

Each line of the guide's ``Checks`` block is run from the repository root: the linters, mypy and
the layer contract as written; the pytest commands with ``--collect-only`` (the suite itself is
what runs them), so a wrong option or path in the guide fails here.
"""

from __future__ import annotations

import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "contributing.md"


def _check_commands() -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    section = text.split("## Checks", 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.S)
    assert block, "the Checks section has a sh block"
    commands = []
    for line in block.group(1).splitlines():
        line = line.split("#", 1)[0].strip()
        commands += [part.strip() for part in line.split("&&") if part.strip()]
    return commands


COMMANDS = _check_commands()


@pytest.mark.parametrize("command", COMMANDS)
def test_the_guide_commands_run(command: str) -> None:
    argv = shlex.split(command)
    if argv[0] == "pytest":
        argv = [
            sys.executable,
            "-m",
            "pytest",
            "--collect-only",
            "-q",
            "-p",
            "no:cacheprovider",
            *argv[1:],
        ]
        if "-n" in argv and not _has_xdist():
            pytest.skip("pytest-xdist is not installed")
    elif argv[0] == "python":
        argv[0] = sys.executable
    else:
        exe = shutil.which(argv[0]) or str(Path(sys.executable).parent / argv[0])
        if not Path(exe).exists():
            pytest.skip(f"{argv[0]} is not installed")
        argv[0] = exe
    done = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, timeout=900, check=False)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"


def _has_xdist() -> bool:
    try:
        import xdist  # noqa: F401
    except ImportError:
        return False
    return True
