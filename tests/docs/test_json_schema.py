"""The published JSON Schema (docs/schema/*.json) accepts every command's output (issue 15).

Every bundled scenario's JSON from every command is validated against the command's schema. When a
record's shape changes on purpose, regenerate the schemas with ``python tests/docs/update_schema.py``
and review the diff.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

jsonschema = pytest.importorskip("jsonschema")

ROOT = Path(__file__).resolve().parents[2]
SCHEMAS = {p.stem: json.loads(p.read_text()) for p in sorted((ROOT / "docs/schema").glob("*.json"))}
COMMANDS = ["show", "solve", "derive", "tree", "repeated", "compare", "export", "fit"]


def _validator(command: str) -> jsonschema.protocols.Validator:
    schema = SCHEMAS[command]
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def test_every_command_has_a_schema() -> None:
    assert sorted(SCHEMAS) == sorted(COMMANDS)
    for command in COMMANDS:
        _validator(command)


@pytest.fixture(scope="module")
def outputs() -> dict[str, str]:
    sys.path.insert(0, str(ROOT / "tests" / "cli"))
    from _json_outputs import outputs as run_all

    from gametheory import bundled_scenarios

    return run_all(bundled_scenarios())


def test_every_bundled_output_validates(outputs: dict[str, str]) -> None:
    checked = 0
    for key, text in sorted(outputs.items()):
        command = key.split()[0]
        try:
            record = json.loads(text)
        except json.JSONDecodeError:
            assert text.startswith(("Error:", "Usage:")), f"{key}: neither JSON nor an error"
            continue
        errors = sorted(_validator(command).iter_errors(record), key=str)
        assert not errors, f"{key}: {errors[0].message} at {list(errors[0].absolute_path)}"
        checked += 1
    assert checked >= 100


def test_the_schema_rejects_a_wrong_shape(outputs: dict[str, str]) -> None:
    record = json.loads(outputs["solve warrant_screening"])
    assert _validator("solve").is_valid(record)
    record["equilibria"][0]["strategies"] = "2/3"  # a list of lists of exact strings
    assert not _validator("solve").is_valid(record)
    record = json.loads(outputs["solve warrant_screening"])
    del record["schema_version"]
    assert not _validator("solve").is_valid(record)
