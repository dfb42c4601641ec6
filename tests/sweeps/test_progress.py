"""The progress bar: shown on a terminal once a sweep runs a second, silent otherwise."""

from __future__ import annotations

import io

import pytest

from gametheory.sweeps import core


def test_bar_appears_only_after_a_second(monkeypatch: pytest.MonkeyPatch) -> None:
    pytest.importorskip("tqdm")
    clock = iter([0.0, 0.5, 2.0, 2.5])
    monkeypatch.setattr(core.time, "monotonic", lambda: next(clock))
    stream = io.StringIO()
    monkeypatch.setattr(core.sys, "stderr", stream)
    bar = core._Progress(3, enabled=True)  # started at t = 0
    bar.update(1)  # t = 0.5: no bar yet
    assert bar.bar is None
    bar.update(1)  # t = 2: the bar starts
    assert bar.bar is not None
    bar.close()


def test_disabled_bar_is_silent(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = iter([0.0, 5.0, 10.0])
    monkeypatch.setattr(core.time, "monotonic", lambda: next(clock))
    bar = core._Progress(2, enabled=False)
    bar.update(1)
    bar.update(1)
    assert bar.bar is None and bar.done == 2
