"""Closed-form fast paths of sweeps (filled in below)."""

from __future__ import annotations

from typing import Any


def try_fast(*args: Any) -> None:
    return None
