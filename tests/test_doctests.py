"""Every docstring example in the installed gametheory package runs (numpydoc ``Examples``)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import gametheory

MODULES = sorted(
    ["gametheory", *(m.name for m in pkgutil.walk_packages(gametheory.__path__, "gametheory."))]
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    globs = {"Fraction": __import__("fractions").Fraction, "sp": __import__("sympy")}
    for test in finder.find(module, name, globs=dict(module.__dict__, **globs)):
        runner.run(test)
    assert runner.failures == 0, (
        f"{name}: {runner.failures} docstring example(s) failed (see output)"
    )
