"""Print a digest of every command's JSON output for every bundled scenario (run as a script).

Used by test_determinism.py in subprocesses with different ``PYTHONHASHSEED`` values. Commands that
do not apply to a scenario (exit 1) contribute their error text.
"""

from __future__ import annotations

import hashlib
import json
import sys

from click.testing import CliRunner

from gametheory import bundled_scenarios
from gametheory.cli.main import cli

COMMANDS = {
    "show": ["--format", "json"],
    "solve": ["--format", "json"],
    "derive": ["--format", "json"],
    "tree": ["--format", "json"],
    "repeated": ["--format", "json", "--numeric-only"],
    "compare": ["--format", "json"],
    "export": ["--to", "json"],
}


def outputs(names: list[str]) -> dict[str, str]:
    runner = CliRunner()
    out = {}
    for name in names:
        for command, extra in COMMANDS.items():
            result = runner.invoke(cli, [command, name, *extra])
            out[f"{command} {name}"] = result.output
    return out


if __name__ == "__main__":
    names = sys.argv[1:] or bundled_scenarios()
    digests = {k: hashlib.sha256(v.encode()).hexdigest() for k, v in outputs(names).items()}
    json.dump(digests, sys.stdout, indent=1, sort_keys=True)
