"""Issue 15: the same input gives byte-identical JSON across runs and ``PYTHONHASHSEED`` values.

Two subprocesses with different hash seeds print a digest of every command's JSON output for
every bundled scenario (tests/cli/_json_outputs.py); the digests must agree. Set iteration order
(which the hash seed changes) must never leak into an output.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def test_json_is_byte_identical_across_hash_seeds() -> None:
    procs = []
    for seed in ("0", "4242"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        procs.append(
            subprocess.Popen(
                [sys.executable, str(HERE / "_json_outputs.py")],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
                env=env,
            )
        )
    results = []
    for proc in procs:
        out, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err[-2000:]
        results.append(json.loads(out))
    first, second = results
    assert len(first) >= 7 * 20  # every command for every bundled scenario
    differing = sorted(k for k in first if first[k] != second.get(k))
    assert not differing, f"outputs differ between hash seeds: {differing}"
