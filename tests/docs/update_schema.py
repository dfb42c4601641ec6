"""Regenerate docs/schema/*.json: the JSON Schema of every command's ``--format json`` output.

Run ``python tests/docs/update_schema.py`` after a deliberate change to a record's shape, review
the diff, and commit it with the change. The schemas are built from the outputs themselves (every
bundled scenario, every command, plus option combinations that produce the optional parts:
payoff sets, simulations, overflowing floats, ...), one variant per record kind (``model`` or
``kind``), so a change of shape shows up as a diff here and as a failure of
tests/docs/test_json_schema.py.

Conventions encoded (docs/reference/json.md): keys present in every sample are required; other
keys may appear (``additionalProperties`` stays open: new keys are not a breaking change);
objects whose keys are data (parameter names, players, node histories) become maps.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from gametheory import bundled_scenarios  # noqa: E402
from gametheory.cli.main import cli  # noqa: E402

SCHEMA_DIR = ROOT / "docs" / "schema"
COMMANDS = {
    "show": [["--format", "json"]],
    "solve": [["--format", "json"]],
    "derive": [["--format", "json"]],
    "tree": [["--format", "json"]],
    "repeated": [
        ["--format", "json", "--numeric-only"],
        ["--format", "json", "--delta", "9/10", "--payoff-set", "--simulate", "3"],
    ],
    "compare": [["--format", "json"]],
    "export": [["--to", "json"]],
}
#: Extra inputs beyond the bundled scenarios (Gambit files, the docs' examples).
EXTRA = [
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "tests/data").glob("*.efg"))),
    *(str(p.relative_to(ROOT)) for p in sorted((ROOT / "docs/examples").glob("*.toml"))),
    "docs/examples/stengel_6x6.nfg",
]
EXTRA_RUNS = [
    ["solve", "assurance_cheap_talk", "--set", "b=1e-20", "--format", "json"],
    ["compare", "assurance_cheap_talk", "--set", "b=1e-20", "--format", "json"],
    ["repeated", "prisoners_dilemma", "--simulate", "400", "--delta", "0.999", "--strategy",
     "grim", "--concept", "spe", "--format", "json"],
    ["solve", "docs/examples/asymmetric_pennies.toml", "--method", "logit-qre", "--lambda", "2",
     "--trace", "--format", "json"],
    ["solve", "trust_game", "--method", "logit-qre", "--lambda", "1", "--format", "json"],
    ["fit", "docs/examples/asymmetric_pennies.toml", "docs/examples/pennies_choices.csv",
     "--lambda", "free", "--format", "json"],
    ["fit", "detainer_liability", "docs/examples/county_detainers.csv", "--free", "tau",
     "--covariate", "tau=foreign_born", "--format", "json"],
    ["fit", "igsa_per_diem", "docs/examples/per_diem_offers.csv", "--free", "p_pol,c_alt",
     "--covariate", "p_pol=urban", "--format", "json"],
]  # fmt: skip
#: Objects whose keys are names chosen by the scenario, not fixed by the format.
MAPS = {
    "parameters", "choices", "behavior", "per_player", "formulas", "figures", "regimes_values",
    "cooperation", "punishment", "minmax", "descriptions", "players_discount", "substituted",
    "latex_symbols", "shares", "shares_float", "proposer_shares", "proposer_shares_float",
    "outside_option_binds", "regimes", "defaults", "values", "covariates", "at_profiles",
    "per_observation",
}  # fmt: skip


def _type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int):
        return "integer"
    if isinstance(value, float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"


class Shape:
    """What the samples at one place in the records looked like."""

    def __init__(self) -> None:
        self.types: set[str] = set()
        self.samples = 0
        self.keys: dict[str, Shape] = {}
        self.key_counts: dict[str, int] = {}
        self.order: list[str] = []
        self.items: Shape | None = None
        self.map_values: Shape | None = None

    def add(self, value: Any, name: str = "") -> None:
        t = _type(value)
        self.types.add(t)
        if t == "object":
            if name in MAPS:
                self.map_values = self.map_values or Shape()
                for v in value.values():
                    self.map_values.add(v)
                return
            self.samples += 1
            for k, v in value.items():
                if k not in self.keys:
                    self.keys[k] = Shape()
                    self.order.append(k)
                self.key_counts[k] = self.key_counts.get(k, 0) + 1
                self.keys[k].add(v, k)
        elif t == "array":
            self.items = self.items or Shape()
            for v in value:
                self.items.add(v, name)

    def schema(self) -> dict[str, Any]:
        if not self.types:
            return {}  # never seen with a value: anything
        types = sorted(self.types - {"integer"} if "number" in self.types else self.types)
        out: dict[str, Any] = {"type": types[0] if len(types) == 1 else types}
        if "object" in self.types:
            if self.map_values is not None and not self.keys:
                out["additionalProperties"] = self.map_values.schema()
            else:
                out["properties"] = {k: self.keys[k].schema() for k in self.order}
                required = [k for k in self.order if self.key_counts[k] == self.samples]
                if required:
                    out["required"] = required
        if "array" in self.types and self.items is not None and self.items.types:
            out["items"] = self.items.schema()
        return out


def _variant(record: dict[str, Any]) -> str:
    model = record.get("model")
    kind = record.get("kind")
    if isinstance(model, str):
        return f"model={model}"
    if isinstance(kind, str):
        return f"kind={kind}"
    return "game"


def _runs() -> list[list[str]]:
    runs = []
    for name in [*bundled_scenarios(), *EXTRA]:
        for command, variants in COMMANDS.items():
            for extra in variants:
                runs.append([command, name, *extra])
    return [*runs, *EXTRA_RUNS]


def records(only: set[str] | None = None) -> dict[str, dict[str, list[dict[str, Any]]]]:
    """command -> variant -> records, from every run that succeeds (of the commands ``only``)."""
    runner = CliRunner()
    out: dict[str, dict[str, list[dict[str, Any]]]] = {}
    for args in _runs():
        if only and args[0] not in only:
            continue
        result = runner.invoke(cli, args)
        if result.exit_code != 0:
            continue
        record = json.loads(result.output)
        out.setdefault(args[0], {}).setdefault(_variant(record), []).append(record)
    return out


def build(command: str, variants: dict[str, list[dict[str, Any]]]) -> dict[str, Any]:
    subs = []
    for variant in sorted(variants):
        shape = Shape()
        for record in variants[variant]:
            shape.add(record)
        sub = shape.schema()
        sub["title"] = variant
        key, _, value = variant.partition("=")
        if value:
            sub["properties"][key] = {"const": value}
        if "schema_version" in sub["properties"]:
            sub["properties"]["schema_version"] = {"const": 1}
        subs.append(sub)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://fedlocal.example/schema/{command}.json",
        "title": f"fedlocal {command} --format json (schema version 1)",
        "description": "Generated by tests/docs/update_schema.py; see docs/reference/json.md.",
        "anyOf": subs,
    }


def main() -> None:
    """Regenerate every schema, or those of the commands named on the command line."""
    SCHEMA_DIR.mkdir(parents=True, exist_ok=True)
    for command, variants in sorted(records(set(sys.argv[1:]) or None).items()):
        schema = build(command, variants)
        path = SCHEMA_DIR / f"{command}.json"
        path.write_text(json.dumps(schema, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path.relative_to(ROOT)}: {len(variants)} variant(s)")


if __name__ == "__main__":
    main()
